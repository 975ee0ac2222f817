//! Spans, source files and diagnostics: the vocabulary every ruleproof stage
//! uses to say what is wrong with a rule and where.
//!
//! Stages report [`Diagnostic`]s against byte [`Span`]s of the text they read;
//! the rule loader maps query spans onto the TOML file, and [`SourceFile`]
//! turns file offsets into the line and column a rule author sees.

mod render;
mod source;

pub use render::render;
pub use source::{LineCol, SourceFile};

use serde::Serialize;

/// A half-open byte range `start..end` in some text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// An empty span at `offset`, for "something is missing here".
    pub const fn at(offset: usize) -> Span {
        Span { start: offset, end: offset }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// This span moved `delta` bytes to the right.
    pub fn shifted(self, delta: usize) -> Span {
        Span { start: self.start + delta, end: self.end + delta }
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// How serious a diagnostic is. Errors fail a rule; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rule cannot be used as written.
    Error,
    /// The rule works, but very likely not as its author meant.
    Warning,
}

impl Severity {
    /// The lowercase word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding about a rule: what is wrong, where, and what to do about it.
///
/// `code` is a stable identifier such as `eql/unknown-function`; tests and CI
/// reports match on it, so it never changes once published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether this fails the rule.
    pub severity: Severity,
    /// Stable machine-readable identifier, `area/short-name`.
    pub code: &'static str,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// Where, in the text the producing stage read.
    pub span: Span,
    /// What the author can do about it, if there is a clear fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with `code` and `message` at `span`.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, code, message: message.into(), span, help: None }
    }

    /// A warning with `code` and `message` at `span`.
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, code, message: message.into(), span, help: None }
    }

    /// The same diagnostic with a suggestion for the author.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic fails the rule.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

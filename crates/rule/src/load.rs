//! Loading rule files: TOML parsing, decoding into the model, and turning every failure into a
//! diagnostic at its position in the file.
//!
//! This is the first stage of the pipeline. It never fails hard: a file that cannot be used
//! comes back with error diagnostics and no rule, so one bad file does not stop a run.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::string::FromUtf8Error;

use ruleproof_diagnostics::{Diagnostic, SourceFile, Span};
use serde::Deserialize;
use toml::de::{DeTable, Deserializer};

use crate::check::{check, key_before};
use crate::codes;
use crate::model::{Language, Rule};
use crate::query_source::QuerySource;

/// One rule file after loading: its text, the rule if it decoded, and what is wrong with it.
#[derive(Clone, Debug)]
pub struct LoadedRule {
    /// The file's path and text; every diagnostic span is a byte range of this text.
    pub file: SourceFile,
    /// The rule, unless the file is not valid TOML or does not fit the rule format.
    pub rule: Option<Rule>,
    /// The query with its map onto the file, when the rule has a query.
    pub query: Option<QuerySource>,
    /// Everything found wrong, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedRule {
    /// The rule's query language, when the rule decoded and says.
    pub fn language(&self) -> Option<Language> {
        self.rule.as_ref().and_then(Rule::language)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Why the query stages pass over this rule, for a rule that decoded but is not EQL. `None`
    /// for an EQL rule, and for a file that did not decode: that one has failed, not been
    /// skipped.
    pub fn skip_reason(&self) -> Option<String> {
        let rule = self.rule.as_ref()?;
        let reason = match rule.language() {
            Some(Language::Eql) => return None,
            Some(Language::MachineLearning) => {
                "machine-learning rule has no query; only EQL rules are checked".to_owned()
            }
            Some(language @ (Language::Esql | Language::Kuery | Language::Lucene)) => {
                format!("language {} is not EQL; only EQL rules are checked", language.as_str())
            }
            None => "rule names no query language; only EQL rules are checked".to_owned(),
        };
        Some(reason)
    }
}

/// Loads the rule in `text`, read from `path`. Never panics and never fails: problems come back
/// as diagnostics whose spans are byte offsets into `text`. Of the syntax errors on one line only
/// the first is kept, as the others tend to follow from it.
pub fn load_rule(path: &Path, text: &str) -> LoadedRule {
    let file = SourceFile::new(path, text);
    let failed = |file, diagnostics| LoadedRule { file, rule: None, query: None, diagnostics };

    let (table, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        let mut last_line = 0;
        for diagnostic in syntax_errors.iter().map(|error| syntax_diagnostic(error, text)) {
            let line = file.line_col(diagnostic.span.start).line;
            if line != last_line {
                diagnostics.push(diagnostic);
                last_line = line;
            }
        }
        return failed(file, diagnostics);
    }

    let rule = match Rule::deserialize(Deserializer::from(table)) {
        Ok(rule) => rule,
        Err(error) => return failed(file, vec![decode_diagnostic(&error, text)]),
    };

    let diagnostics = check(&rule, text);
    let query = rule.query_source(text);
    LoadedRule { file, rule: Some(rule), query, diagnostics }
}

/// Loads every `*.toml` file under `dir`, recursively, in sorted path order. Fails only when a
/// directory or file cannot be read; a file that is not UTF-8 loads with a syntax error.
pub fn load_rules_dir(dir: &Path) -> Result<Vec<LoadedRule>, io::Error> {
    let mut paths = Vec::new();
    collect_toml_files(dir, &mut paths)?;
    paths.sort();

    let mut loaded = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = fs::read(&path)?;
        let rule = match String::from_utf8(bytes) {
            Ok(text) => load_rule(&path, &text),
            Err(error) => not_utf8(&path, &error),
        };
        loaded.push(rule);
    }
    Ok(loaded)
}

/// A file that is not UTF-8, reported at its first invalid byte; its text is kept lossily.
fn not_utf8(path: &Path, error: &FromUtf8Error) -> LoadedRule {
    let offset = error.utf8_error().valid_up_to();
    let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
    let diagnostic = Diagnostic::error(
        codes::TOML_SYNTAX,
        Span::new(offset, offset + 1),
        "the file is not valid UTF-8",
    )
    .with_help("TOML files must be UTF-8; re-save the file in that encoding");
    LoadedRule {
        file: SourceFile::new(path, text),
        rule: None,
        query: None,
        diagnostics: vec![diagnostic],
    }
}

fn collect_toml_files(dir: &Path, paths: &mut Vec<PathBuf>) -> Result<(), io::Error> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_toml_files(&path, paths)?;
        } else if path.extension().is_some_and(|extension| extension == "toml") {
            paths.push(path);
        }
    }
    Ok(())
}

fn toml_span(error: &toml::de::Error, text: &str) -> Span {
    match error.span() {
        Some(range) if range.start == 0 && range.end == text.len() => Span::at(0),
        Some(range) => Span::new(range.start, range.end),
        None => Span::at(0),
    }
}

fn syntax_diagnostic(error: &toml::de::Error, text: &str) -> Diagnostic {
    Diagnostic::error(codes::TOML_SYNTAX, toml_span(error, text), error.message().trim())
}

/// Classifies a decoding error by serde's message, whose wording serde keeps stable: unknown
/// field, missing field, or a value that does not fit.
fn decode_diagnostic(error: &toml::de::Error, text: &str) -> Diagnostic {
    let message = error.message().trim();
    let span = toml_span(error, text);

    if message.starts_with("unknown field") {
        unknown_key_diagnostic(message, span, text)
    } else if message.starts_with("missing field") {
        missing_key_diagnostic(message, span)
    } else {
        invalid_value_diagnostic(message, span, text)
    }
}

fn unknown_key_diagnostic(message: &str, span: Span, text: &str) -> Diagnostic {
    let names = backticked(message);
    let Some((key, allowed)) = names.split_first() else {
        return Diagnostic::error(codes::UNKNOWN_KEY, span, message);
    };

    let span = narrow_to(text, span, key);
    let diagnostic = Diagnostic::error(codes::UNKNOWN_KEY, span, format!("unknown key `{key}`"));
    match closest(key, allowed) {
        Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
        None => diagnostic.with_help("remove it; the detection-rules format has no such key"),
    }
}

/// A missing key, reported at its table's header, or at the start of the file for a table
/// missing from the document.
fn missing_key_diagnostic(message: &str, span: Span) -> Diagnostic {
    let key = backticked(message).first().copied().unwrap_or_default();
    let help = if span.is_empty() {
        format!("add a `[{key}]` table")
    } else {
        format!("add `{key}` to this table")
    };
    Diagnostic::error(codes::MISSING_KEY, span, format!("missing key `{key}`")).with_help(help)
}

/// A value of the wrong type or outside an enumeration, named by its key when it has one.
fn invalid_value_diagnostic(message: &str, span: Span, text: &str) -> Diagnostic {
    let written = text.get(span.start..span.end).unwrap_or_default();
    // toml hands a date-time to serde as a one-entry map; say what the author wrote instead.
    let message = if written.starts_with(|c: char| c.is_ascii_digit()) {
        message.replace("invalid type: map", "invalid type: date-time")
    } else {
        message.to_owned()
    };

    match key_before(text, span).and_then(|key| text.get(key.start..key.end)) {
        Some(key) => Diagnostic::error(codes::INVALID_VALUE, span, format!("`{key}`: {message}")),
        None => Diagnostic::error(codes::INVALID_VALUE, span, message),
    }
}

/// The names serde quotes in backticks, in order.
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// `span` narrowed to where `key` is written in it, bare or quoted, when it is found there.
fn narrow_to(text: &str, span: Span, key: &str) -> Span {
    let Some(written) = text.get(span.start..span.end) else { return span };
    match written.find(key) {
        Some(at) if written.len() != key.len() => {
            let quoted = at > 0 && matches!(written.as_bytes()[at - 1], b'"' | b'\'');
            let (start, end) = (span.start + at, span.start + at + key.len());
            if quoted && written.len() > at + key.len() {
                Span::new(start - 1, end + 1)
            } else {
                Span::new(start, end)
            }
        }
        Some(_) | None => span,
    }
}

/// The allowed name nearest to `key`, when it is near enough to be a misspelling.
fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let limit = (key.chars().count() / 3).max(1);
    allowed
        .iter()
        .map(|name| (edit_distance(key, name), *name))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

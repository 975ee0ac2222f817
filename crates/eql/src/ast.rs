//! The syntax tree of an EQL query, as the parser builds it and the printer,
//! the static checks and lowering read it.
//!
//! Every node carries the [`Span`] of its text in the query string. Spans are
//! ignored by [`Query::same_shape`], which is how round-trip tests compare a
//! parsed query with its re-parsed canonical print.

use ruleproof_diagnostics::Span;

/// A whole query: an event query, a sequence or a sample, then its pipes.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// What the query selects.
    pub body: QueryBody,
    /// `| head N` and `| tail N`, in order.
    pub pipes: Vec<Pipe>,
    /// The whole query text.
    pub span: Span,
}

/// The three kinds of query Elasticsearch runs.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryBody {
    /// `process where ...`: single events.
    Event(EventQuery),
    /// `sequence ... [..] [..]`: ordered events sharing join keys.
    Sequence(Sequence),
    /// `sample by ... [..] [..]`: unordered events sharing join keys.
    Sample(Sample),
}

/// `category where condition`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventQuery {
    /// Which events the query looks at.
    pub category: Category,
    /// The condition an event must satisfy.
    pub condition: Expr,
    /// From the category to the end of the condition.
    pub span: Span,
}

/// The event category before `where`.
#[derive(Clone, Debug, PartialEq)]
pub enum Category {
    /// `any`: every event, including ones without a category.
    Any(Span),
    /// A category name, written bare (`process`) or quoted (`"my-cat"`).
    Named(String, Span),
}

/// A `sequence` query.
#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    /// Join keys shared by every stage (`sequence by host.id`).
    pub by: Vec<Field>,
    /// `with maxspan=...`, the longest time from first to last event.
    pub maxspan: Option<Maxspan>,
    /// The stages, in order, each as written (before `runs` expansion).
    pub stages: Vec<SequenceStage>,
    /// `until [...]`: an event that abandons the partial sequences of its key.
    pub until: Option<UntilStage>,
    /// The whole sequence text, pipes excluded.
    pub span: Span,
}

/// A time span written `30s`, `500ms`, `1h`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Maxspan {
    /// The number as written.
    pub value: u64,
    /// The unit as written.
    pub unit: TimeUnit,
    /// The number and unit.
    pub span: Span,
}

impl Maxspan {
    /// The span in milliseconds, saturating on overflow.
    pub fn millis(&self) -> u64 {
        self.value.saturating_mul(self.unit.millis())
    }
}

/// Units Elasticsearch accepts for `maxspan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum TimeUnit {
    /// `ms`
    Milliseconds,
    /// `s`
    Seconds,
    /// `m`
    Minutes,
    /// `h`
    Hours,
    /// `d`
    Days,
}

impl TimeUnit {
    /// The unit as written in a query.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Milliseconds => "ms",
            TimeUnit::Seconds => "s",
            TimeUnit::Minutes => "m",
            TimeUnit::Hours => "h",
            TimeUnit::Days => "d",
        }
    }

    /// The unit named `text`, if Elasticsearch knows it.
    pub fn from_name(text: &str) -> Option<TimeUnit> {
        Some(match text {
            "ms" => TimeUnit::Milliseconds,
            "s" => TimeUnit::Seconds,
            "m" => TimeUnit::Minutes,
            "h" => TimeUnit::Hours,
            "d" => TimeUnit::Days,
            _ => return None,
        })
    }

    /// Milliseconds in one unit.
    pub fn millis(self) -> u64 {
        match self {
            TimeUnit::Milliseconds => 1,
            TimeUnit::Seconds => 1_000,
            TimeUnit::Minutes => 60_000,
            TimeUnit::Hours => 3_600_000,
            TimeUnit::Days => 86_400_000,
        }
    }
}

/// One bracketed stage of a sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceStage {
    /// `[...]` must be matched; `![...]` must not be.
    pub presence: Presence,
    /// The event the stage matches.
    pub query: EventQuery,
    /// Join keys for this stage alone, after the sequence's own.
    pub by: Vec<Field>,
    /// `with runs=N`: the stage stands for N consecutive stages.
    pub runs: Option<Runs>,
    /// From the opening bracket to the end of `by` or `runs`.
    pub span: Span,
}

/// Whether a stage matches an event or the absence of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Presence {
    /// `[...]`: an event must match.
    Present,
    /// `![...]`: no event may match (a missing-event stage).
    Missing,
}

/// `with runs=N` on a sequence stage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Runs {
    /// How many times the stage repeats, 1 to 100.
    pub count: u32,
    /// The `with runs=N` text.
    pub span: Span,
}

/// `until [...] by ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct UntilStage {
    /// The event that ends partial sequences.
    pub query: EventQuery,
    /// Join keys for the until stage, after the sequence's own.
    pub by: Vec<Field>,
    /// From `until` to the end of its keys.
    pub span: Span,
}

/// A `sample` query.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// Join keys shared by every stage.
    pub by: Vec<Field>,
    /// The filters, each matched by one event.
    pub stages: Vec<SampleStage>,
    /// The whole sample text.
    pub span: Span,
}

/// One bracketed filter of a sample.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleStage {
    /// The event the stage matches.
    pub query: EventQuery,
    /// Join keys for this stage alone, after the sample's own.
    pub by: Vec<Field>,
    /// From the opening bracket to the end of `by`.
    pub span: Span,
}

/// `| head N` or `| tail N`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pipe {
    /// Which end of the results to keep.
    pub kind: PipeKind,
    /// How many results to keep.
    pub count: u64,
    /// From `|` to the count.
    pub span: Span,
}

/// The pipes Elasticsearch supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum PipeKind {
    /// Keep the first N results.
    Head,
    /// Keep the last N results.
    Tail,
}

impl PipeKind {
    /// The pipe's name as written.
    pub fn as_str(self) -> &'static str {
        match self {
            PipeKind::Head => "head",
            PipeKind::Tail => "tail",
        }
    }
}

/// A field reference such as `process.name`, `?dll.name` or `` `a-b`.c ``.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The dotted name, backticks removed: `` `a.b` `` and `a.b` are the same field.
    pub name: String,
    /// `?field`: a field missing from the mapping reads as null instead of
    /// failing the query.
    pub optional: bool,
    /// The reference as written, `?` included.
    pub span: Span,
}

/// An expression with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Its text, parentheses included when written.
    pub span: Span,
}

/// The expression forms of the dialect.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A constant.
    Literal(Literal),
    /// A field of the event.
    Field(Field),
    /// `name(args)` or `name~(args)`.
    Call(Call),
    /// `not x`.
    Not(Box<Expr>),
    /// `a and b`, `a or b`.
    Logical(LogicalOp, Box<Expr>, Box<Expr>),
    /// `a == b`, `a < b`, ...: one comparison, never chained.
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    /// `a + b`, `a % b`, ...
    Arithmetic(ArithmeticOp, Box<Expr>, Box<Expr>),
    /// `-a`, `+a`.
    Unary(UnaryOp, Box<Expr>),
    /// `a in (..)`, `a not in~ (..)`.
    In(InExpr),
    /// `a : "p"`, `a like~ ("p", "q")`, `a regex "..."`.
    Match(MatchExpr),
}

/// `and` or `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum LogicalOp {
    /// Both sides hold.
    And,
    /// Either side holds.
    Or,
}

/// The six comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum CompareOp {
    /// `==`, case-sensitive, no wildcards.
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
}

impl CompareOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::NotEq => "!=",
            CompareOp::Lt => "<",
            CompareOp::LtEq => "<=",
            CompareOp::Gt => ">",
            CompareOp::GtEq => ">=",
        }
    }
}

/// The binary arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum ArithmeticOp {
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
    /// `/`, truncating on integers.
    Divide,
    /// `%`, the Java remainder.
    Remainder,
}

impl ArithmeticOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            ArithmeticOp::Add => "+",
            ArithmeticOp::Subtract => "-",
            ArithmeticOp::Multiply => "*",
            ArithmeticOp::Divide => "/",
            ArithmeticOp::Remainder => "%",
        }
    }
}

/// The prefix arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum UnaryOp {
    /// `-x`
    Negate,
    /// `+x`
    Plus,
}

impl UnaryOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Negate => "-",
            UnaryOp::Plus => "+",
        }
    }
}

/// `operand [not] in[~] (values)`.
#[derive(Clone, Debug, PartialEq)]
pub struct InExpr {
    /// The value looked up.
    pub operand: Box<Expr>,
    /// The set, as written.
    pub values: Vec<Expr>,
    /// `in~`: compare strings case-insensitively (still no wildcards).
    pub case_insensitive: bool,
    /// `not in`.
    pub negated: bool,
}

/// `operand op pattern` or `operand op (pattern, ...)`.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchExpr {
    /// The value matched.
    pub operand: Box<Expr>,
    /// Which matcher.
    pub op: MatchOp,
    /// The constant patterns; the expression holds when any matches.
    pub patterns: Vec<Pattern>,
}

/// A constant on the right of `:`, `like` or `regex`, with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// The constant as written.
    pub value: Literal,
    /// Its text.
    pub span: Span,
}

/// The pattern-matching operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum MatchOp {
    /// `:`: case-insensitive wildcard match, the same as `like~`.
    Colon,
    /// `like`: case-sensitive wildcard match.
    Like,
    /// `like~`: case-insensitive wildcard match.
    LikeInsensitive,
    /// `regex`: case-sensitive anchored Lucene regular expression.
    Regex,
    /// `regex~`: case-insensitive anchored Lucene regular expression.
    RegexInsensitive,
}

impl MatchOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Colon => ":",
            MatchOp::Like => "like",
            MatchOp::LikeInsensitive => "like~",
            MatchOp::Regex => "regex",
            MatchOp::RegexInsensitive => "regex~",
        }
    }

    /// Whether the patterns are regular expressions rather than wildcards.
    pub fn is_regex(self) -> bool {
        match self {
            MatchOp::Regex | MatchOp::RegexInsensitive => true,
            MatchOp::Colon | MatchOp::Like | MatchOp::LikeInsensitive => false,
        }
    }

    /// Whether letters match regardless of case.
    pub fn is_case_insensitive(self) -> bool {
        match self {
            MatchOp::Colon | MatchOp::LikeInsensitive | MatchOp::RegexInsensitive => true,
            MatchOp::Like | MatchOp::Regex => false,
        }
    }
}

/// A function call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The function, resolved from its case-insensitive name.
    pub function: Function,
    /// `name~(...)`: compare strings case-insensitively.
    pub case_insensitive: bool,
    /// The arguments.
    pub args: Vec<Expr>,
    /// The name as written, `~` included.
    pub name_span: Span,
}

/// A constant value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits 64 bits.
    Integer(i64),
    /// A decimal, exponent, or a whole number too large for 64 bits.
    Float(f64),
    /// A string, escapes resolved.
    String(String),
}

macro_rules! functions {
    ($( $variant:ident => $name:literal, $min:literal ..= $max:expr, case_aware: $aware:literal; )*) => {
        /// The functions of the Elasticsearch dialect.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        pub enum Function {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Function {
            /// Every function, in alphabetical order.
            pub const ALL: &'static [Function] = &[$(Function::$variant),*];

            /// The canonical spelling of the name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Function::$variant => $name,)*
                }
            }

            /// The least and the most arguments the function takes.
            pub fn arity(self) -> (usize, usize) {
                match self {
                    $(Function::$variant => ($min, $max),)*
                }
            }

            /// Whether a `~` form exists, comparing strings case-insensitively.
            pub fn is_case_aware(self) -> bool {
                match self {
                    $(Function::$variant => $aware,)*
                }
            }
        }
    };
}

functions! {
    Add => "add", 2..=2, case_aware: false;
    Between => "between", 3..=4, case_aware: true;
    CidrMatch => "cidrMatch", 2..=usize::MAX, case_aware: false;
    Concat => "concat", 1..=usize::MAX, case_aware: false;
    Divide => "divide", 2..=2, case_aware: false;
    EndsWith => "endsWith", 2..=2, case_aware: true;
    IndexOf => "indexOf", 2..=3, case_aware: true;
    Length => "length", 1..=1, case_aware: false;
    Modulo => "modulo", 2..=2, case_aware: false;
    Multiply => "multiply", 2..=2, case_aware: false;
    Number => "number", 1..=2, case_aware: false;
    StartsWith => "startsWith", 2..=2, case_aware: true;
    String => "string", 1..=1, case_aware: false;
    StringContains => "stringContains", 2..=2, case_aware: true;
    Substring => "substring", 2..=3, case_aware: false;
    Subtract => "subtract", 2..=2, case_aware: false;
}

impl Function {
    /// How a call reads, with its parameters named: `indexOf(text, part[, start])`.
    pub fn signature(self) -> &'static str {
        match self {
            Function::Add => "add(number, number)",
            Function::Between => "between(text, left, right[, greedy])",
            Function::CidrMatch => "cidrMatch(ip, cidr, ...)",
            Function::Concat => "concat(value, ...)",
            Function::Divide => "divide(number, divisor)",
            Function::EndsWith => "endsWith(text, suffix)",
            Function::IndexOf => "indexOf(text, part[, start])",
            Function::Length => "length(text)",
            Function::Modulo => "modulo(number, divisor)",
            Function::Multiply => "multiply(number, number)",
            Function::Number => "number(text[, base])",
            Function::StartsWith => "startsWith(text, prefix)",
            Function::String => "string(value)",
            Function::StringContains => "stringContains(text, part)",
            Function::Substring => "substring(text, start[, end])",
            Function::Subtract => "subtract(number, number)",
        }
    }

    /// The function called `name`, compared case-insensitively as
    /// Elasticsearch resolves names (`cidrmatch` is `cidrMatch`).
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.iter().copied().find(|function| function.name().eq_ignore_ascii_case(name))
    }
}

/// Keywords of the dialect. A field or category with one of these names must
/// be written in backticks or quotes.
pub const KEYWORDS: &[&str] = &[
    "and", "any", "by", "false", "in", "join", "like", "maxspan", "not", "null", "of", "or",
    "regex", "sample", "sequence", "true", "until", "where", "with",
];

/// Whether `text` is a keyword of the dialect.
pub fn is_keyword(text: &str) -> bool {
    KEYWORDS.contains(&text)
}

/// Whether `text` can be written bare as one identifier: `[A-Za-z_@][A-Za-z0-9_]*`
/// and not a keyword.
pub fn is_plain_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '@');
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && !is_keyword(text)
}

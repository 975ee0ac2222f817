//! Static checks that need no field schema, run on a parsed query before lowering: literal
//! types against operators and functions, malformed CIDR blocks and regular expressions, `null`
//! used as a pattern, and wildcards written where they are literal characters. Each finding is
//! a [`Diagnostic`] with a stable `eql/...` code and the span of the offending text.

use ruleproof_diagnostics::{Diagnostic, Span};
use ruleproof_runtime::cidr::parse_cidr;
use ruleproof_runtime::lucene_regex::{self, RegexErrorKind};

use crate::ast::{
    Call, Category, CompareOp, EventQuery, Expr, ExprKind, Function, InExpr, Literal, LogicalOp,
    MatchExpr, MatchOp, Pattern, Query, QueryBody, Sample, SampleStage, Sequence, SequenceStage,
    UntilStage,
};
use crate::print;

/// Checks every condition of `query`: the event query's, or each sequence or sample stage's
/// and the `until` stage's.
///
/// Codes: `eql/literal-type`, `eql/invalid-cidr`, `eql/invalid-regex`,
/// `eql/unsupported-regex` and `eql/null-pattern` are errors; `eql/wildcard-in-equality` is a
/// warning.
pub fn check(query: &Query) -> Vec<Diagnostic> {
    let Query { body, pipes: _, span: _ } = query;
    let mut checker = Checker { diagnostics: Vec::new() };

    match body {
        QueryBody::Event(event) => checker.event_query(event),
        QueryBody::Sequence(sequence) => {
            let Sequence { by: _, maxspan: _, stages, until, span: _ } = sequence;
            for stage in stages {
                let SequenceStage { presence: _, query, by: _, runs: _, span: _ } = stage;
                checker.event_query(query);
            }
            if let Some(until) = until {
                let UntilStage { query, by: _, span: _ } = until;
                checker.event_query(query);
            }
        }
        QueryBody::Sample(sample) => {
            let Sample { by: _, stages, span: _ } = sample;
            for stage in stages {
                let SampleStage { query, by: _, span: _ } = stage;
                checker.event_query(query);
            }
        }
    }
    checker.diagnostics
}

/// What the checks know of an expression's type without a field schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Type {
    /// A field, or a value whose type depends on one.
    Unknown,
    Null,
    Bool,
    Integer,
    Float,
    /// An integer or a float, depending on the data.
    Number,
    String,
}

impl Type {
    fn describe(self) -> &'static str {
        match self {
            Type::Unknown => "a value of unknown type",
            Type::Null => "null",
            Type::Bool => "a boolean",
            Type::Integer => "an integer",
            Type::Float => "a decimal number",
            Type::Number => "a number",
            Type::String => "a string",
        }
    }

    /// The types two values must share to be compared; `None` when not known.
    fn family(self) -> Option<Family> {
        match self {
            Type::Unknown | Type::Null => None,
            Type::Bool => Some(Family::Bool),
            Type::Integer | Type::Float | Type::Number => Some(Family::Number),
            Type::String => Some(Family::String),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Bool,
    Number,
    String,
}

/// What one position of an operator or function accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    Any,
    Bool,
    Number,
    Integer,
    String,
    /// The address `cidrMatch` tests: an `ip` field, or a string.
    Ip,
}

impl Expected {
    fn describe(self) -> &'static str {
        match self {
            Expected::Any => "any value",
            Expected::Bool => "a boolean",
            Expected::Number => "a number",
            Expected::Integer => "an integer",
            Expected::String => "a string",
            Expected::Ip => "an IP address",
        }
    }

    fn accepts(self, found: Type) -> bool {
        match (self, found) {
            (_, Type::Unknown | Type::Null) | (Expected::Any, _) => true,
            (Expected::Bool, found) => found == Type::Bool,
            (Expected::Number, found) => found.family() == Some(Family::Number),
            (Expected::Integer, found) => matches!(found, Type::Integer | Type::Number),
            (Expected::String | Expected::Ip, found) => found == Type::String,
        }
    }
}

struct Checker {
    diagnostics: Vec<Diagnostic>,
}

impl Checker {
    fn event_query(&mut self, query: &EventQuery) {
        let EventQuery { category, condition, span: _ } = query;

        let role = match category {
            Category::Any(_) => "the condition of `any where`".to_string(),
            Category::Named(name, _) => format!("the condition of `{name} where`"),
        };
        self.expect(condition, Expected::Bool, &role);
    }

    /// Checks `expr` and everything in it, and returns its type.
    fn visit(&mut self, expr: &Expr) -> Type {
        match &expr.kind {
            ExprKind::Literal(literal) => literal_type(literal),
            ExprKind::Field(_) => Type::Unknown,
            ExprKind::Call(call) => self.call(call),
            ExprKind::Not(operand) => {
                self.expect(operand, Expected::Bool, "the operand of `not`");
                Type::Bool
            }
            ExprKind::Logical(op, left, right) => {
                let word = match op {
                    LogicalOp::And => "and",
                    LogicalOp::Or => "or",
                };
                self.expect(left, Expected::Bool, &format!("the left operand of `{word}`"));
                self.expect(right, Expected::Bool, &format!("the right operand of `{word}`"));
                Type::Bool
            }
            ExprKind::Compare(op, left, right) => self.compare(expr, *op, left, right),
            ExprKind::Arithmetic(op, left, right) => {
                let symbol = op.as_str();
                let left = self.expect(left, Expected::Number, &format!("the left of `{symbol}`"));
                let right =
                    self.expect(right, Expected::Number, &format!("the right of `{symbol}`"));
                arithmetic_type(left, right)
            }
            ExprKind::Unary(op, operand) => {
                let found = self.expect(
                    operand,
                    Expected::Number,
                    &format!("the operand of `{}`", op.as_str()),
                );
                match found {
                    Type::Integer | Type::Float => found,
                    Type::Unknown | Type::Null | Type::Bool | Type::Number | Type::String => {
                        Type::Number
                    }
                }
            }
            ExprKind::In(in_expr) => self.in_set(in_expr),
            ExprKind::Match(match_expr) => self.matches(match_expr),
        }
    }

    /// Checks `expr` and reports it when its type cannot fill `role`, which names the position
    /// (`the first argument of \`length\``).
    fn expect(&mut self, expr: &Expr, expected: Expected, role: &str) -> Type {
        let found = self.visit(expr);
        if expected.accepts(found) {
            return found;
        }

        let message = format!("{role} must be {}, found {}", expected.describe(), found.describe());
        let mut diagnostic = Diagnostic::error("eql/literal-type", expr.span, message);
        if let Some(help) = literal_help(expr, expected) {
            diagnostic = diagnostic.with_help(help);
        }
        self.diagnostics.push(diagnostic);
        found
    }

    fn compare(&mut self, whole: &Expr, op: CompareOp, left: &Expr, right: &Expr) -> Type {
        let left_type = self.visit(left);
        let right_type = self.visit(right);

        if let (Some(left_family), Some(right_family)) = (left_type.family(), right_type.family())
            && left_family != right_family
        {
            let message = format!(
                "`{}` compares {} with {}",
                op.as_str(),
                left_type.describe(),
                right_type.describe()
            );
            self.diagnostics.push(Diagnostic::error("eql/literal-type", whole.span, message));
        }

        let negated = match op {
            CompareOp::Eq => false,
            CompareOp::NotEq => true,
            CompareOp::Lt | CompareOp::LtEq | CompareOp::Gt | CompareOp::GtEq => return Type::Bool,
        };
        for (literal, other) in [(right, left), (left, right)] {
            if matches!(other.kind, ExprKind::Literal(_)) {
                continue;
            }
            if let ExprKind::Literal(Literal::String(text)) = &literal.kind {
                let pattern = Pattern { value: Literal::String(text.clone()), span: literal.span };
                let suggestion = wildcard_help(other, vec![pattern], negated, true);
                self.wildcard(op.as_str(), text, literal.span, suggestion);
            }
        }
        Type::Bool
    }

    fn in_set(&mut self, in_expr: &InExpr) -> Type {
        let InExpr { operand, values, case_insensitive, negated } = in_expr;
        let operator = match (negated, case_insensitive) {
            (false, false) => "in",
            (false, true) => "in~",
            (true, false) => "not in",
            (true, true) => "not in~",
        };
        let operand_type = self.visit(operand);

        for value in values {
            let found = self.visit(value);
            if let (Some(wanted), Some(got)) = (operand_type.family(), found.family())
                && wanted != got
            {
                let message = format!(
                    "the values of `{operator}` must be {} like its left side, found {}",
                    operand_type.describe(),
                    found.describe()
                );
                self.diagnostics.push(Diagnostic::error("eql/literal-type", value.span, message));
            }
        }

        if matches!(operand.kind, ExprKind::Literal(_)) {
            return Type::Bool;
        }
        let patterns: Option<Vec<Pattern>> = values
            .iter()
            .map(|value| {
                if let ExprKind::Literal(literal @ Literal::String(_)) = &value.kind {
                    Some(Pattern { value: literal.clone(), span: value.span })
                } else {
                    None
                }
            })
            .collect();
        for value in values {
            if let ExprKind::Literal(Literal::String(text)) = &value.kind {
                let own = Pattern { value: Literal::String(text.clone()), span: value.span };
                let list = patterns.clone().unwrap_or_else(|| vec![own]);
                let suggestion = wildcard_help(operand, list, *negated, !case_insensitive);
                self.wildcard(operator, text, value.span, suggestion);
            }
        }
        Type::Bool
    }

    fn matches(&mut self, match_expr: &MatchExpr) -> Type {
        let MatchExpr { operand, op, patterns } = match_expr;
        let operator = op.as_str();
        self.expect(operand, Expected::String, &format!("the left side of `{operator}`"));

        for Pattern { value, span } in patterns {
            match value {
                Literal::Null => {
                    let test = Expr {
                        kind: ExprKind::Compare(
                            CompareOp::Eq,
                            operand.clone(),
                            Box::new(Expr { kind: ExprKind::Literal(Literal::Null), span: *span }),
                        ),
                        span: *span,
                    };
                    let message = format!("`{operator}` needs a string pattern, not `null`");
                    let help = format!("to test for a missing value write `{}`", render(test));
                    let diagnostic = Diagnostic::error("eql/null-pattern", *span, message);
                    self.diagnostics.push(diagnostic.with_help(help));
                }
                Literal::Bool(_) | Literal::Integer(_) | Literal::Float(_) => {
                    let pattern = Expr { kind: ExprKind::Literal(value.clone()), span: *span };
                    self.expect(
                        &pattern,
                        Expected::String,
                        &format!("the pattern of `{operator}`"),
                    );
                }
                Literal::String(text) if op.is_regex() => self.regex(text, *op, *span),
                Literal::String(_) => {}
            }
        }
        Type::Bool
    }

    /// Each pattern is compiled on its own so the span points at the culprit.
    //
    // FIXME: Elasticsearch joins the patterns of a list with `|` before compiling, so a group
    // split across two patterns (`regex ("(a", "b)")`) is valid there and reported here; only
    // compiling the joined text as well would tell the two apart.
    fn regex(&mut self, pattern: &str, op: MatchOp, span: Span) {
        let Err(error) = lucene_regex::compile(pattern, op.is_case_insensitive()) else {
            return;
        };

        let diagnostic = match error.kind {
            RegexErrorKind::Invalid => Diagnostic::error(
                "eql/invalid-regex",
                span,
                format!("invalid regular expression for `{}`: {error}", op.as_str()),
            )
            .with_help(
                "Elasticsearch reads the pattern as a Lucene regular expression, always matched \
                 against the whole value; write `\\` before any of `.?+*|{}[]()\"#@&<>~\\` to \
                 match it literally",
            ),
            RegexErrorKind::Unsupported => Diagnostic::error(
                "eql/unsupported-regex",
                span,
                format!("ruleproof cannot evaluate this regular expression: {error}"),
            ),
        };
        self.diagnostics.push(diagnostic);
    }

    fn call(&mut self, call: &Call) -> Type {
        let Call { function, case_insensitive: _, args, name_span: _ } = call;
        let (parameters, rest) = parameters(*function);
        let name = function.name();

        let mut types = Vec::with_capacity(args.len());
        for (index, arg) in args.iter().enumerate() {
            let expected = parameters.get(index).copied().or(rest).unwrap_or(Expected::Any);
            types.push(self.expect(arg, expected, &argument_role(index, name)));
        }

        match function {
            Function::CidrMatch => self.cidr_blocks(args.get(1..).unwrap_or_default()),
            Function::Number => self.number_argument(args),
            Function::Add
            | Function::Between
            | Function::Concat
            | Function::Divide
            | Function::EndsWith
            | Function::IndexOf
            | Function::Length
            | Function::Modulo
            | Function::Multiply
            | Function::StartsWith
            | Function::String
            | Function::StringContains
            | Function::Substring
            | Function::Subtract => {}
        }
        result_type(*function, &types)
    }

    fn cidr_blocks(&mut self, blocks: &[Expr]) {
        for block in blocks {
            if let ExprKind::Literal(Literal::String(text)) = &block.kind
                && let Err(error) = parse_cidr(text)
            {
                let diagnostic = Diagnostic::error(
                    "eql/invalid-cidr",
                    block.span,
                    format!("invalid CIDR block for `cidrMatch`: {error}"),
                )
                .with_help("write a block such as `10.0.0.0/8` or `fe80::/10`, or one address");
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// `number("abc")` fails in Elasticsearch when the query runs.
    fn number_argument(&mut self, args: &[Expr]) {
        let base = match args.get(1) {
            None => 10,
            Some(arg) => {
                let ExprKind::Literal(Literal::Integer(written)) = arg.kind else { return };
                let Some(base) = u32::try_from(written).ok().filter(|base| (2..=36).contains(base))
                else {
                    let message =
                        format!("the base of `number` must be from 2 to 36, found {written}");
                    self.diagnostics.push(Diagnostic::error("eql/literal-type", arg.span, message));
                    return;
                };
                base
            }
        };

        if let Some(ExprKind::Literal(Literal::String(text))) = args.first().map(|arg| &arg.kind)
            && !parses_as_number(text, base)
        {
            let message = format!("`number` cannot read {text:?} as a base-{base} number");
            self.diagnostics.push(Diagnostic::error("eql/literal-type", args[0].span, message));
        }
    }

    fn wildcard(&mut self, operator: &str, text: &str, span: Span, suggestion: String) {
        let found: Vec<&str> = ["*", "?"].into_iter().filter(|c| text.contains(c)).collect();
        let message = match found.as_slice() {
            [] => return,
            [one] => format!("`{one}` is a literal character under `{operator}`"),
            [_, _, ..] => format!("`*` and `?` are literal characters under `{operator}`"),
        };
        let diagnostic = Diagnostic::warning("eql/wildcard-in-equality", span, message);
        self.diagnostics.push(diagnostic.with_help(suggestion));
    }
}

fn literal_type(literal: &Literal) -> Type {
    match literal {
        Literal::Null => Type::Null,
        Literal::Bool(_) => Type::Bool,
        Literal::Integer(_) => Type::Integer,
        Literal::Float(_) => Type::Float,
        Literal::String(_) => Type::String,
    }
}

/// Java arithmetic: integers stay integers, anything with a decimal is a decimal.
fn arithmetic_type(left: Type, right: Type) -> Type {
    match (left, right) {
        (Type::Integer, Type::Integer) => Type::Integer,
        (Type::Float, _) | (_, Type::Float) => Type::Float,
        (_, _) => Type::Number,
    }
}

/// The fixed parameters of `function`, then what any further argument must be.
fn parameters(function: Function) -> (&'static [Expected], Option<Expected>) {
    use Expected::{Any, Bool, Integer, Ip, Number, String};

    match function {
        Function::Add
        | Function::Divide
        | Function::Modulo
        | Function::Multiply
        | Function::Subtract => (&[Number, Number], None),
        Function::Between => (&[String, String, String, Bool], None),
        Function::CidrMatch => (&[Ip], Some(String)),
        Function::Concat => (&[], Some(Any)),
        Function::EndsWith | Function::StartsWith | Function::StringContains => {
            (&[String, String], None)
        }
        Function::IndexOf => (&[String, String, Integer], None),
        Function::Length => (&[String], None),
        Function::Number => (&[String, Integer], None),
        Function::String => (&[Any], None),
        Function::Substring => (&[String, Integer, Integer], None),
    }
}

fn result_type(function: Function, args: &[Type]) -> Type {
    match function {
        Function::Add
        | Function::Divide
        | Function::Modulo
        | Function::Multiply
        | Function::Subtract => match args {
            [left, right] => arithmetic_type(*left, *right),
            _ => Type::Number,
        },
        Function::Between | Function::Concat | Function::String | Function::Substring => {
            Type::String
        }
        Function::CidrMatch
        | Function::EndsWith
        | Function::StartsWith
        | Function::StringContains => Type::Bool,
        Function::IndexOf | Function::Length => Type::Integer,
        Function::Number => Type::Number,
    }
}

fn argument_role(index: usize, function: &str) -> String {
    match index {
        0 => format!("the first argument of `{function}`"),
        1 => format!("the second argument of `{function}`"),
        2 => format!("the third argument of `{function}`"),
        3 => format!("the fourth argument of `{function}`"),
        _ => format!("argument {} of `{function}`", index + 1),
    }
}

/// A fix for a literal of the wrong type, when there is an obvious one.
fn literal_help(expr: &Expr, expected: Expected) -> Option<String> {
    let ExprKind::Literal(literal) = &expr.kind else { return None };
    let wants_string = expected == Expected::String;
    let wants_number = matches!(expected, Expected::Number | Expected::Integer);

    match literal {
        Literal::Integer(_) | Literal::Float(_) if wants_string => {
            let quoted = Literal::String(render_literal(literal));
            Some(format!("write it as a string: {}", render_literal(&quoted)))
        }
        Literal::String(text) if wants_number && text.trim().parse::<f64>().is_ok() => {
            Some(format!("write it without quotes: {}", text.trim()))
        }
        Literal::Null
        | Literal::Bool(_)
        | Literal::Integer(_)
        | Literal::Float(_)
        | Literal::String(_) => None,
    }
}

/// The help of `eql/wildcard-in-equality`: the same test written with `:`, and with `like`
/// when the original was case-sensitive.
fn wildcard_help(operand: &Expr, patterns: Vec<Pattern>, negated: bool, sensitive: bool) -> String {
    let written = |op: MatchOp| {
        let test = Expr {
            kind: ExprKind::Match(MatchExpr {
                operand: Box::new(operand.clone()),
                op,
                patterns: patterns.clone(),
            }),
            span: operand.span,
        };
        let test = if negated {
            Expr { kind: ExprKind::Not(Box::new(test)), span: operand.span }
        } else {
            test
        };
        render(test)
    };

    if sensitive {
        format!(
            "to match a pattern write `{}` (case-insensitive) or `{}` (case-sensitive)",
            written(MatchOp::Colon),
            written(MatchOp::Like)
        )
    } else {
        format!("to match a pattern write `{}`", written(MatchOp::Colon))
    }
}

/// `condition` as canonical EQL, through the printer.
fn render(condition: Expr) -> String {
    let event =
        EventQuery { category: Category::Any(Span::default()), condition, span: Span::default() };
    let query = Query { body: QueryBody::Event(event), pipes: Vec::new(), span: Span::default() };

    let text = print(&query);
    text.strip_prefix("any where ").unwrap_or(&text).to_string()
}

fn render_literal(literal: &Literal) -> String {
    render(Expr { kind: ExprKind::Literal(literal.clone()), span: Span::default() })
}

/// Whether `number` can read `text` in `base`. Deliberately lenient: it rejects only text
/// that no reading accepts (surrounding spaces, a sign, a `0x` prefix, decimals and
/// exponents in base 10 are all allowed).
//
// FIXME: the exact parsing of `number` belongs in `ruleproof-runtime` with the other function
// semantics; move this there when functions are implemented, and make the check use it.
fn parses_as_number(text: &str, base: u32) -> bool {
    let trimmed = text.trim();
    let unsigned = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    let hex = unsigned.strip_prefix("0x").or_else(|| unsigned.strip_prefix("0X"));

    match (base, hex) {
        (10 | 16, Some(digits)) => {
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit())
        }
        (10, None) => is_decimal(unsigned) || matches!(unsigned, "NaN" | "Infinity" | "∞"),
        (_, _) => !unsigned.is_empty() && unsigned.chars().all(|c| c.is_digit(base)),
    }
}

/// `12`, `1.5`, `.5`, `1.`, `1e3`, `1.5E-3`.
fn is_decimal(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());

    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|exponent| {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        !exponent.is_empty() && digits(exponent)
    });
    mantissa_ok && exponent_ok
}

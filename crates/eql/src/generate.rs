//! Random well-formed queries, for the printer's round-trip property test and the fuzzer.
//!
//! [`Query`] implements [`Arbitrary`] by building only trees the parser can produce and
//! Elasticsearch accepts: bounded depth, no negative or non-finite number literals, one
//! constant side in every comparison, constant patterns, valid sequences and samples.

use arbitrary::{Arbitrary, Result, Unstructured};
use ruleproof_diagnostics::Span;

use crate::ast::{
    ArithmeticOp, Call, Category, CompareOp, EventQuery, Expr, ExprKind, Field, Function, InExpr,
    Literal, LogicalOp, MatchExpr, MatchOp, Maxspan, Pattern, Pipe, PipeKind, Presence, Query,
    QueryBody, Runs, Sample, SampleStage, Sequence, SequenceStage, TimeUnit, UnaryOp, UntilStage,
};

/// How deeply expressions nest below a condition.
const MAX_DEPTH: u32 = 4;

/// The most arguments given to a function that takes any number.
const MAX_VARIADIC_ARGS: usize = 4;

/// Field name segments that can be written bare.
const PLAIN_SEGMENTS: &[&str] =
    &["process", "name", "pid", "host", "id", "user", "@timestamp", "_x", "a1", "event", "Code"];

/// Field name segments that must be written in backticks.
const QUOTED_SEGMENTS: &[&str] = &["my-field", "a b", "in", "where", "a`b", "`", "1x", "ünï", ".."];

/// Category names that can be written bare.
const PLAIN_CATEGORIES: &[&str] = &["process", "network", "file", "registry", "dns", "my_cat"];

/// Category names that must be quoted.
const QUOTED_CATEGORIES: &[&str] = &["any", "where", "my-cat", "a \"b\"", "ünï", "x\\y"];

/// Characters strings are drawn from: plain text, escapes, wildcards, controls, Unicode.
const STRING_CHARS: &[char] = &[
    'a', 'b', 'Z', '0', ' ', '.', '-', '*', '?', '"', '\\', '\n', '\r', '\t', '`', '\'', '\u{1}',
    '\u{7f}', '\u{9f}', 'é', '日', '🦀',
];

/// Pieces of Lucene regular expressions that any future regex check should accept.
const REGEX_PIECES: &[&str] =
    &["cmd", "exe", "a", "Z9", "_", ".*", "[a-z]+", "\\.", "(a|b)", "[0-9]?", "x{2}"];

impl<'a> Arbitrary<'a> for Query {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Query> {
        Generator { u }.query()
    }
}

/// Draws the parts of a query from the unstructured bytes.
///
/// Out of bytes, every choice falls to its first option, which is always a leaf, so
/// generation ends however short the input is.
struct Generator<'u, 'a> {
    u: &'u mut Unstructured<'a>,
}

impl Generator<'_, '_> {
    fn query(&mut self) -> Result<Query> {
        let body = match self.u.choose_index(4)? {
            0 | 1 => QueryBody::Event(self.event_query()?),
            2 => QueryBody::Sequence(self.sequence()?),
            _ => QueryBody::Sample(self.sample()?),
        };

        let mut pipes = Vec::new();
        for _ in 0..self.u.int_in_range(0..=2)? {
            let kind = PipeKind::arbitrary(self.u)?;
            let count = self.u.int_in_range(1..=100_000)?;
            pipes.push(Pipe { kind, count, span: Span::default() });
        }
        Ok(Query { body, pipes, span: Span::default() })
    }

    /// A sequence of two or more stages once `runs` is expanded, at least one of them
    /// present, with a maxspan whenever a stage is missing and the same number of join
    /// keys on every stage.
    fn sequence(&mut self) -> Result<Sequence> {
        let global_keys = self.u.int_in_range(0..=2)?;
        let by = self.join_keys(global_keys)?;
        let stage_keys = self.u.int_in_range(0..=2)?;

        let written = self.u.int_in_range(1..=4)?;
        let mut stages = Vec::new();
        for _ in 0..written {
            let presence = if self.u.ratio(1, 4)? { Presence::Missing } else { Presence::Present };
            stages.push(SequenceStage {
                presence,
                query: self.event_query()?,
                by: self.join_keys(stage_keys)?,
                runs: None,
                span: Span::default(),
            });
        }
        if stages.iter().all(|stage| stage.presence == Presence::Missing) {
            stages[0].presence = Presence::Present;
        }
        for stage in &mut stages {
            let repeated = written == 1 || self.u.ratio(1, 4)?;
            if stage.presence == Presence::Present && repeated {
                let least = if written == 1 { 2 } else { 1 };
                let count =
                    if self.u.ratio(1, 8)? { 100 } else { self.u.int_in_range(least..=5)? };
                stage.runs = Some(Runs { count, span: Span::default() });
            }
        }

        let has_missing = stages.iter().any(|stage| stage.presence == Presence::Missing);
        let maxspan = if has_missing || self.u.arbitrary()? {
            Some(Maxspan {
                value: self.u.int_in_range(1..=100_000)?,
                unit: TimeUnit::arbitrary(self.u)?,
                span: Span::default(),
            })
        } else {
            None
        };

        let until = if self.u.ratio(1, 4)? {
            Some(UntilStage {
                query: self.event_query()?,
                by: self.join_keys(stage_keys)?,
                span: Span::default(),
            })
        } else {
            None
        };
        Ok(Sequence { by, maxspan, stages, until, span: Span::default() })
    }

    /// A sample of two to four stages with the same number of join keys each.
    fn sample(&mut self) -> Result<Sample> {
        let global_keys = self.u.int_in_range(0..=2)?;
        let by = self.join_keys(global_keys)?;
        let stage_keys = self.u.int_in_range(0..=2)?;

        let mut stages = Vec::new();
        for _ in 0..self.u.int_in_range(2..=4)? {
            stages.push(SampleStage {
                query: self.event_query()?,
                by: self.join_keys(stage_keys)?,
                span: Span::default(),
            });
        }
        Ok(Sample { by, stages, span: Span::default() })
    }

    fn join_keys(&mut self, count: usize) -> Result<Vec<Field>> {
        (0..count).map(|_| self.field()).collect()
    }

    fn event_query(&mut self) -> Result<EventQuery> {
        let category = match self.u.choose_index(6)? {
            0..=3 => Category::Named(self.u.choose(PLAIN_CATEGORIES)?.to_string(), Span::default()),
            4 => Category::Any(Span::default()),
            _ => Category::Named(self.u.choose(QUOTED_CATEGORIES)?.to_string(), Span::default()),
        };
        let condition = self.condition(MAX_DEPTH)?;
        Ok(EventQuery { category, condition, span: Span::default() })
    }

    /// A field of one to three segments, now and then one that needs backticks.
    fn field(&mut self) -> Result<Field> {
        let mut segments = Vec::new();
        for _ in 0..self.u.int_in_range(1..=3)? {
            let pool = if self.u.ratio(1, 8)? { QUOTED_SEGMENTS } else { PLAIN_SEGMENTS };
            segments.push(*self.u.choose(pool)?);
        }
        let optional = self.u.ratio(1, 4)?;
        Ok(Field { name: segments.join("."), optional, span: Span::default() })
    }

    /// An expression used where a truth value is expected.
    fn condition(&mut self, depth: u32) -> Result<Expr> {
        let Some(inner) = depth.checked_sub(1) else {
            return self.comparison(0);
        };

        let kind = match self.u.choose_index(9)? {
            0 => return self.comparison(inner),
            1 => self.pattern_match(inner)?,
            2 => self.membership(inner)?,
            3 => ExprKind::Literal(Literal::Bool(self.u.arbitrary()?)),
            4 => ExprKind::Field(self.field()?),
            5 => ExprKind::Not(Box::new(self.condition(inner)?)),
            6 => ExprKind::Call(self.call(inner)?),
            _ => {
                let op = LogicalOp::arbitrary(self.u)?;
                let left = self.condition(inner)?;
                let right = self.condition(inner)?;
                ExprKind::Logical(op, Box::new(left), Box::new(right))
            }
        };
        Ok(expr(kind))
    }

    /// A value and a constant compared, in either order: Elasticsearch rejects comparing
    /// two fields.
    fn comparison(&mut self, depth: u32) -> Result<Expr> {
        let op = CompareOp::arbitrary(self.u)?;
        let value = self.value(depth)?;
        let constant = self.constant()?;

        let (left, right) = if self.u.arbitrary()? { (constant, value) } else { (value, constant) };
        Ok(expr(ExprKind::Compare(op, Box::new(left), Box::new(right))))
    }

    /// A value against constant string patterns: wildcards for `:` and `like`, simple
    /// valid regular expressions for `regex`.
    fn pattern_match(&mut self, depth: u32) -> Result<ExprKind> {
        let operand = self.value(depth)?;
        let op = MatchOp::arbitrary(self.u)?;

        let mut patterns = Vec::new();
        for _ in 0..self.u.int_in_range(1..=3)? {
            let text = if op.is_regex() { self.regex()? } else { self.string()? };
            patterns.push(Pattern { value: Literal::String(text), span: Span::default() });
        }
        Ok(ExprKind::Match(MatchExpr { operand: Box::new(operand), op, patterns }))
    }

    fn membership(&mut self, depth: u32) -> Result<ExprKind> {
        let operand = self.value(depth)?;

        let mut values = Vec::new();
        for _ in 0..self.u.int_in_range(1..=4)? {
            values.push(self.constant()?);
        }
        Ok(ExprKind::In(InExpr {
            operand: Box::new(operand),
            values,
            case_insensitive: self.u.arbitrary()?,
            negated: self.u.arbitrary()?,
        }))
    }

    /// A function call with as many arguments as the function takes, and `~` only on
    /// functions that have a case-insensitive form.
    fn call(&mut self, depth: u32) -> Result<Call> {
        let function = Function::arbitrary(self.u)?;
        let (least, most) = function.arity();
        let case_insensitive = function.is_case_aware() && self.u.arbitrary()?;

        let mut args = Vec::new();
        for _ in 0..self.u.int_in_range(least..=most.min(MAX_VARIADIC_ARGS))? {
            args.push(self.value(depth)?);
        }
        Ok(Call { function, case_insensitive, args, name_span: Span::default() })
    }

    /// An operand: mostly arithmetic over literals, fields and calls, now and then a
    /// whole condition that the printer must parenthesise.
    fn value(&mut self, depth: u32) -> Result<Expr> {
        let Some(inner) = depth.checked_sub(1) else {
            return self.leaf();
        };

        let kind = match self.u.choose_index(6)? {
            0 => return self.leaf(),
            1 => ExprKind::Call(self.call(inner)?),
            2 => {
                let op = UnaryOp::arbitrary(self.u)?;
                ExprKind::Unary(op, Box::new(self.value(inner)?))
            }
            3 => return self.condition(inner),
            _ => {
                let op = ArithmeticOp::arbitrary(self.u)?;
                let left = self.value(inner)?;
                let right = self.value(inner)?;
                ExprKind::Arithmetic(op, Box::new(left), Box::new(right))
            }
        };
        Ok(expr(kind))
    }

    fn leaf(&mut self) -> Result<Expr> {
        let kind = if self.u.arbitrary()? {
            ExprKind::Field(self.field()?)
        } else {
            ExprKind::Literal(self.literal()?)
        };
        Ok(expr(kind))
    }

    /// A literal, or now and then a negative number, which is a negated literal to the
    /// parser.
    fn constant(&mut self) -> Result<Expr> {
        if self.u.ratio(1, 8)? {
            let number = match self.u.arbitrary()? {
                true => Literal::Integer(self.u.int_in_range(0..=1_000)?),
                false => Literal::Float(self.float()?),
            };
            let literal = expr(ExprKind::Literal(number));
            return Ok(expr(ExprKind::Unary(UnaryOp::Negate, Box::new(literal))));
        }
        Ok(expr(ExprKind::Literal(self.literal()?)))
    }

    /// A constant as the parser reads it: numbers are never negative (minus is unary)
    /// and floats are finite.
    fn literal(&mut self) -> Result<Literal> {
        Ok(match self.u.choose_index(6)? {
            0 => Literal::Integer(self.u.int_in_range(0..=10)?),
            1 => Literal::Integer(self.u.int_in_range(0..=i64::MAX)?),
            2 => Literal::Float(self.float()?),
            3 => Literal::Bool(self.u.arbitrary()?),
            4 => Literal::Null,
            _ => Literal::String(self.string()?),
        })
    }

    fn float(&mut self) -> Result<f64> {
        let value = match self.u.choose_index(3)? {
            0 => f64::from(self.u.int_in_range(0..=1_000u32)?) / 8.0,
            1 => f64::from_bits(self.u.arbitrary()?).abs(),
            _ => *self.u.choose(&[0.0, 0.1, 1e300, 1e-7, 5e-324, f64::MAX, 1e16, 123456.789])?,
        };
        Ok(if value.is_finite() { value } else { 0.5 })
    }

    fn string(&mut self) -> Result<String> {
        (0..self.u.int_in_range(0..=8)?).map(|_| self.u.choose(STRING_CHARS).copied()).collect()
    }

    fn regex(&mut self) -> Result<String> {
        let mut text = String::new();
        for _ in 0..self.u.int_in_range(1..=4)? {
            text.push_str(self.u.choose(REGEX_PIECES)?);
        }
        Ok(text)
    }
}

fn expr(kind: ExprKind) -> Expr {
    Expr { kind, span: Span::default() }
}

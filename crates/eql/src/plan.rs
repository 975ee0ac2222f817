//! Lowering: the AST to a [`Plan`], the query with its semantics made
//! explicit, which the interpreter, the code generator and the synthesizer
//! all read instead of raw syntax.
//!
//! Lowering resolves what the syntax leaves implicit: `X where c` becomes a
//! category test and `c`; `!=`, `not in` and `x != null` become negations of
//! one positive form; `:` becomes a case-insensitive wildcard; `runs=N`
//! expands into N stages; `regex` lists join into one pattern as Elasticsearch
//! joins them; maxspan becomes nanoseconds.

use crate::ast::{
    self, ArithmeticOp, Category, CompareOp, ExprKind, Function, Literal, LogicalOp, MatchOp,
    PipeKind, Presence, Query, QueryBody, UnaryOp,
};

/// A query ready to execute.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// What is matched.
    pub body: PlanBody,
    /// `head`/`tail` limits, applied in order to the results.
    pub limits: Vec<Limit>,
}

/// The three kinds of query.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanBody {
    /// Single events.
    Event(Filter),
    /// Ordered events sharing join keys.
    Sequence(SequencePlan),
    /// Unordered events sharing join keys.
    Sample(SamplePlan),
}

/// `| head N` or `| tail N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Which end of the results to keep.
    pub kind: PipeKind,
    /// How many results to keep.
    pub count: u64,
}

/// The test one event must pass.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// The whole condition, the category test included as its first conjunct.
    pub condition: Cond,
}

/// A sequence: stages expanded for `runs`, keys combined per stage.
#[derive(Clone, Debug, PartialEq)]
pub struct SequencePlan {
    /// Longest time from the first to the last event, in nanoseconds, inclusive.
    pub maxspan_nanos: Option<i64>,
    /// One entry per matched (or missing) event, in order.
    pub stages: Vec<SequenceStage>,
    /// The event that abandons partial sequences of its key.
    pub until: Option<KeyedFilter>,
}

/// One stage of a sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceStage {
    /// The event test and its join keys.
    pub filter: KeyedFilter,
    /// Whether an event must match (`[..]`) or must not (`![..]`).
    pub presence: Presence,
    /// The index of the stage as written, before `runs` expansion.
    pub written_index: usize,
}

/// A sample: each stage is matched by one event with the same keys.
#[derive(Clone, Debug, PartialEq)]
pub struct SamplePlan {
    /// The stages, in order.
    pub stages: Vec<KeyedFilter>,
}

/// A filter with the join keys of its stage: the query's own keys, then the
/// stage's.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedFilter {
    /// The event test.
    pub filter: Filter,
    /// The join key fields, in order.
    pub keys: Vec<FieldRef>,
}

/// A field the plan reads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldRef {
    /// The dotted name.
    pub name: String,
    /// `?field`: absent from the mapping reads as null rather than failing.
    pub optional: bool,
}

/// A condition: a boolean combination of predicates.
///
/// How a predicate on a missing field combines with `not` is decided by the
/// evaluator, in one place; the plan only keeps the structure.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// Always true or always false.
    Const(bool),
    /// The event's category is this value (`process where`).
    Category(String),
    /// Every condition holds.
    And(Vec<Cond>),
    /// Some condition holds.
    Or(Vec<Cond>),
    /// The condition does not hold.
    Not(Box<Cond>),
    /// A predicate on values.
    Predicate(Predicate),
}

/// A test that reads values: the leaves of a [`Cond`].
#[derive(Clone, Debug, PartialEq)]
pub enum Predicate {
    /// `left op right`, with `!=` already turned into `not ==`.
    Compare(Comparison, Expr, Expr),
    /// `value == null`.
    IsNull(Expr),
    /// `value in (..)` or `value in~ (..)`.
    In {
        /// The value looked up.
        value: Expr,
        /// The set.
        set: Vec<Expr>,
        /// `in~`: strings compare case-insensitively.
        case_insensitive: bool,
    },
    /// `value : "p*"`, `like`, `like~`: some pattern matches the whole value.
    Wildcard {
        /// The value matched.
        value: Expr,
        /// `*` and `?` patterns.
        patterns: Vec<String>,
        /// `:` and `like~`.
        case_insensitive: bool,
    },
    /// `value regex "p"`: the Lucene pattern matches the whole value.
    Regex {
        /// The value matched.
        value: Expr,
        /// The pattern; a list of patterns is joined with `|`, as Elasticsearch does.
        pattern: String,
        /// `regex~`.
        case_insensitive: bool,
    },
    /// A boolean-valued expression used as a condition, such as
    /// `startsWith(x, "a")` or a boolean field.
    Truthy(Expr),
}

/// The comparisons left after lowering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `==`, case-sensitive.
    Eq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
}

/// A value-producing expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A constant.
    Literal(Literal),
    /// A field of the event.
    Field(FieldRef),
    /// A function call; the arithmetic operators are calls too.
    Call {
        /// The function.
        function: Function,
        /// The `~` form.
        case_insensitive: bool,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// A condition used as a value, such as `(a > 1) == true`.
    Cond(Box<Cond>),
}

/// Lowers a parsed query. The query must have parsed without errors.
pub fn lower(query: &Query) -> Plan {
    let body = match &query.body {
        QueryBody::Event(event) => PlanBody::Event(lower_event(event)),
        QueryBody::Sequence(sequence) => PlanBody::Sequence(lower_sequence(sequence)),
        QueryBody::Sample(sample) => PlanBody::Sample(SamplePlan {
            stages: sample
                .stages
                .iter()
                .map(|stage| keyed(&stage.query, &sample.by, &stage.by))
                .collect(),
        }),
    };
    let limits =
        query.pipes.iter().map(|pipe| Limit { kind: pipe.kind, count: pipe.count }).collect();
    Plan { body, limits }
}

fn lower_sequence(sequence: &ast::Sequence) -> SequencePlan {
    let mut stages = Vec::new();
    for (written_index, stage) in sequence.stages.iter().enumerate() {
        let filter = keyed(&stage.query, &sequence.by, &stage.by);
        let repeats = stage.runs.map_or(1, |runs| runs.count as usize);
        for _ in 0..repeats {
            stages.push(SequenceStage {
                filter: filter.clone(),
                presence: stage.presence,
                written_index,
            });
        }
    }
    let maxspan_nanos = sequence.maxspan.map(|maxspan| {
        i64::try_from(maxspan.millis()).unwrap_or(i64::MAX).saturating_mul(1_000_000)
    });
    let until = sequence.until.as_ref().map(|until| keyed(&until.query, &sequence.by, &until.by));
    SequencePlan { maxspan_nanos, stages, until }
}

fn keyed(query: &ast::EventQuery, shared: &[ast::Field], own: &[ast::Field]) -> KeyedFilter {
    let keys = shared.iter().chain(own).map(field_ref).collect();
    KeyedFilter { filter: lower_event(query), keys }
}

fn lower_event(query: &ast::EventQuery) -> Filter {
    let condition = lower_cond(&query.condition);
    let condition = match &query.category {
        Category::Any(_) => condition,
        Category::Named(name, _) => and(vec![Cond::Category(name.clone()), condition]),
    };
    Filter { condition }
}

fn field_ref(field: &ast::Field) -> FieldRef {
    FieldRef { name: field.name.clone(), optional: field.optional }
}

/// `and` of `parts`, flattening nested `and`s and dropping `true`.
fn and(parts: Vec<Cond>) -> Cond {
    let mut flat = Vec::new();
    for part in parts {
        match part {
            Cond::And(inner) => flat.extend(inner),
            Cond::Const(true) => {}
            other => flat.push(other),
        }
    }
    match flat.len() {
        0 => Cond::Const(true),
        1 => flat.remove(0),
        _ => Cond::And(flat),
    }
}

/// `or` of `parts`, flattening nested `or`s.
fn or(parts: Vec<Cond>) -> Cond {
    let mut flat = Vec::new();
    for part in parts {
        match part {
            Cond::Or(inner) => flat.extend(inner),
            other => flat.push(other),
        }
    }
    if flat.len() == 1 { flat.remove(0) } else { Cond::Or(flat) }
}

fn not(cond: Cond) -> Cond {
    Cond::Not(Box::new(cond))
}

/// Lowers an expression in a boolean position.
fn lower_cond(expr: &ast::Expr) -> Cond {
    match &expr.kind {
        ExprKind::Literal(Literal::Bool(value)) => Cond::Const(*value),
        ExprKind::Not(inner) => not(lower_cond(inner)),
        ExprKind::Logical(LogicalOp::And, left, right) => {
            and(vec![lower_cond(left), lower_cond(right)])
        }
        ExprKind::Logical(LogicalOp::Or, left, right) => {
            or(vec![lower_cond(left), lower_cond(right)])
        }
        ExprKind::Compare(op, left, right) => lower_compare(*op, left, right),
        ExprKind::In(in_expr) => {
            let predicate = Cond::Predicate(Predicate::In {
                value: lower_expr(&in_expr.operand),
                set: in_expr.values.iter().map(lower_expr).collect(),
                case_insensitive: in_expr.case_insensitive,
            });
            if in_expr.negated { not(predicate) } else { predicate }
        }
        ExprKind::Match(match_expr) => lower_match(match_expr),
        ExprKind::Literal(_)
        | ExprKind::Field(_)
        | ExprKind::Call(_)
        | ExprKind::Arithmetic(..)
        | ExprKind::Unary(..) => Cond::Predicate(Predicate::Truthy(lower_expr(expr))),
    }
}

fn lower_compare(op: CompareOp, left: &ast::Expr, right: &ast::Expr) -> Cond {
    let is_null = |expr: &ast::Expr| matches!(expr.kind, ExprKind::Literal(Literal::Null));
    let null_test = match (is_null(left), is_null(right)) {
        (false, true) => Some(left),
        (true, false) => Some(right),
        (true, true) | (false, false) => None,
    };
    if let Some(tested) = null_test {
        match op {
            CompareOp::Eq => return Cond::Predicate(Predicate::IsNull(lower_expr(tested))),
            CompareOp::NotEq => return not(Cond::Predicate(Predicate::IsNull(lower_expr(tested)))),
            CompareOp::Lt | CompareOp::LtEq | CompareOp::Gt | CompareOp::GtEq => {}
        }
    }

    let (left, right) = (lower_expr(left), lower_expr(right));
    let compare =
        |comparison| Cond::Predicate(Predicate::Compare(comparison, left.clone(), right.clone()));
    match op {
        CompareOp::Eq => compare(Comparison::Eq),
        CompareOp::NotEq => not(compare(Comparison::Eq)),
        CompareOp::Lt => compare(Comparison::Lt),
        CompareOp::LtEq => compare(Comparison::LtEq),
        CompareOp::Gt => compare(Comparison::Gt),
        CompareOp::GtEq => compare(Comparison::GtEq),
    }
}

fn lower_match(match_expr: &ast::MatchExpr) -> Cond {
    let value = lower_expr(&match_expr.operand);
    let patterns: Vec<String> =
        match_expr.patterns.iter().map(|pattern| literal_text(&pattern.value)).collect();
    let case_insensitive = match_expr.op.is_case_insensitive();
    let predicate = match match_expr.op {
        MatchOp::Colon | MatchOp::Like | MatchOp::LikeInsensitive => {
            Predicate::Wildcard { value, patterns, case_insensitive }
        }
        MatchOp::Regex | MatchOp::RegexInsensitive => {
            Predicate::Regex { value, pattern: patterns.join("|"), case_insensitive }
        }
    };
    Cond::Predicate(predicate)
}

/// The text of a pattern constant; non-strings are stringified as
/// Elasticsearch folds them (the static checks flag them first).
fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Null => "null".to_string(),
        Literal::Bool(value) => value.to_string(),
        Literal::Integer(value) => value.to_string(),
        Literal::Float(value) => format!("{value:?}"),
        Literal::String(text) => text.clone(),
    }
}

/// Lowers an expression in a value position.
fn lower_expr(expr: &ast::Expr) -> Expr {
    let call = |function, args: Vec<Expr>| Expr::Call { function, case_insensitive: false, args };
    match &expr.kind {
        ExprKind::Literal(literal) => Expr::Literal(literal.clone()),
        ExprKind::Field(field) => Expr::Field(field_ref(field)),
        ExprKind::Call(ast::Call { function, case_insensitive, args, name_span: _ }) => {
            Expr::Call {
                function: *function,
                case_insensitive: *case_insensitive,
                args: args.iter().map(lower_expr).collect(),
            }
        }
        ExprKind::Arithmetic(op, left, right) => {
            let function = match op {
                ArithmeticOp::Add => Function::Add,
                ArithmeticOp::Subtract => Function::Subtract,
                ArithmeticOp::Multiply => Function::Multiply,
                ArithmeticOp::Divide => Function::Divide,
                ArithmeticOp::Remainder => Function::Modulo,
            };
            call(function, vec![lower_expr(left), lower_expr(right)])
        }
        ExprKind::Unary(UnaryOp::Plus, operand) => lower_expr(operand),
        ExprKind::Unary(UnaryOp::Negate, operand) => match lower_expr(operand) {
            Expr::Literal(Literal::Integer(value)) if value != i64::MIN => {
                Expr::Literal(Literal::Integer(-value))
            }
            Expr::Literal(Literal::Float(value)) => Expr::Literal(Literal::Float(-value)),
            lowered => call(Function::Subtract, vec![Expr::Literal(Literal::Integer(0)), lowered]),
        },
        ExprKind::Not(_)
        | ExprKind::Logical(..)
        | ExprKind::Compare(..)
        | ExprKind::In(_)
        | ExprKind::Match(_) => Expr::Cond(Box::new(lower_cond(expr))),
    }
}

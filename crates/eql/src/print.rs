//! The canonical printer: writes an AST back as EQL text that parses to the same shape.
//!
//! Snapshots, generated code comments and round-trip tests all show queries through
//! [`print`], so its output is stable: minimal parentheses, one spelling per construct,
//! an event query on one line, each sequence or sample stage and each pipe on its own line.

use crate::ast::{
    ArithmeticOp, Call, Category, EventQuery, Expr, ExprKind, Field, InExpr, Literal, LogicalOp,
    MatchExpr, Presence, Query, QueryBody, Sample, SampleStage, Sequence, SequenceStage, UnaryOp,
    UntilStage, is_plain_identifier,
};

/// Writes `query` as canonical EQL.
///
/// Parsing the result gives a query of the same shape as `query`, for any query the
/// parser can produce. Floats that are not finite have no EQL spelling and print in
/// Rust's debug form.
pub fn print(query: &Query) -> String {
    let mut out = String::new();

    match &query.body {
        QueryBody::Event(event) => event_query(&mut out, event),
        QueryBody::Sequence(sequence_query) => sequence(&mut out, sequence_query),
        QueryBody::Sample(sample_query) => sample(&mut out, sample_query),
    }

    for pipe in &query.pipes {
        out.push_str("\n| ");
        out.push_str(pipe.kind.as_str());
        out.push(' ');
        out.push_str(&pipe.count.to_string());
    }
    out
}

fn sequence(out: &mut String, sequence: &Sequence) {
    let Sequence { by, maxspan, stages, until, span: _ } = sequence;

    out.push_str("sequence");
    join_keys(out, by);
    if let Some(maxspan) = maxspan {
        out.push_str(" with maxspan=");
        out.push_str(&maxspan.value.to_string());
        out.push_str(maxspan.unit.as_str());
    }

    for stage in stages {
        let SequenceStage { presence, query, by, runs, span: _ } = stage;
        out.push_str("\n  ");
        match presence {
            Presence::Present => {}
            Presence::Missing => out.push('!'),
        }
        bracketed(out, query);
        join_keys(out, by);
        if let Some(runs) = runs {
            out.push_str(" with runs=");
            out.push_str(&runs.count.to_string());
        }
    }

    if let Some(UntilStage { query, by, span: _ }) = until {
        out.push_str("\nuntil ");
        bracketed(out, query);
        join_keys(out, by);
    }
}

fn sample(out: &mut String, sample: &Sample) {
    let Sample { by, stages, span: _ } = sample;

    out.push_str("sample");
    join_keys(out, by);

    for SampleStage { query, by, span: _ } in stages {
        out.push_str("\n  ");
        bracketed(out, query);
        join_keys(out, by);
    }
}

fn bracketed(out: &mut String, query: &EventQuery) {
    out.push('[');
    event_query(out, query);
    out.push(']');
}

fn join_keys(out: &mut String, keys: &[Field]) {
    for (index, key) in keys.iter().enumerate() {
        out.push_str(if index == 0 { " by " } else { ", " });
        field(out, key);
    }
}

fn event_query(out: &mut String, query: &EventQuery) {
    match &query.category {
        Category::Any(_) => out.push_str("any"),
        Category::Named(name, _) if is_plain_identifier(name) => out.push_str(name),
        Category::Named(name, _) => string(out, name),
    }
    out.push_str(" where ");
    expr(out, &query.condition);
}

fn field(out: &mut String, field: &Field) {
    if field.optional {
        out.push('?');
    }
    if field.name.split('.').all(is_plain_identifier) {
        out.push_str(&field.name);
    } else {
        out.push('`');
        out.push_str(&field.name.replace('`', "``"));
        out.push('`');
    }
}

/// How tightly an expression binds, loosest first. An operand binding more loosely
/// than its position allows is printed in parentheses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Precedence {
    Or,
    And,
    Not,
    Compare,
    Sum,
    Product,
    Unary,
    Predicate,
    Primary,
}

fn precedence(expr: &Expr) -> Precedence {
    match &expr.kind {
        ExprKind::Literal(literal) if sign(literal).is_some() => Precedence::Unary,
        ExprKind::Literal(_) | ExprKind::Field(_) | ExprKind::Call(_) => Precedence::Primary,
        ExprKind::Not(_) => Precedence::Not,
        ExprKind::Logical(LogicalOp::And, _, _) => Precedence::And,
        ExprKind::Logical(LogicalOp::Or, _, _) => Precedence::Or,
        ExprKind::Compare(_, _, _) => Precedence::Compare,
        ExprKind::Arithmetic(op, _, _) => arithmetic_precedence(*op),
        ExprKind::Unary(_, _) => Precedence::Unary,
        ExprKind::In(_) | ExprKind::Match(_) => Precedence::Predicate,
    }
}

fn arithmetic_precedence(op: ArithmeticOp) -> Precedence {
    match op {
        ArithmeticOp::Add | ArithmeticOp::Subtract => Precedence::Sum,
        ArithmeticOp::Multiply | ArithmeticOp::Divide | ArithmeticOp::Remainder => {
            Precedence::Product
        }
    }
}

/// The sign an expression's text starts with, if any: a unary operator or a negative
/// number. A unary operator before the same sign is followed by a space, `- -1`, which
/// reads as two signs to any lexer and nests no deeper than the tree (the parser bounds
/// nesting, and parentheses count).
fn leading_sign(expr: &Expr) -> Option<UnaryOp> {
    match &expr.kind {
        ExprKind::Literal(literal) => sign(literal),
        ExprKind::Unary(op, _) => Some(*op),
        ExprKind::Field(_)
        | ExprKind::Call(_)
        | ExprKind::Not(_)
        | ExprKind::Logical(_, _, _)
        | ExprKind::Compare(_, _, _)
        | ExprKind::Arithmetic(_, _, _)
        | ExprKind::In(_)
        | ExprKind::Match(_) => None,
    }
}

/// The minus of a negative number, which the parser never builds (minus is unary) but
/// which still prints as text that reads back as a negative value.
fn sign(literal: &Literal) -> Option<UnaryOp> {
    match literal {
        Literal::Integer(value) if *value < 0 => Some(UnaryOp::Negate),
        Literal::Float(value) if value.is_sign_negative() => Some(UnaryOp::Negate),
        Literal::Null
        | Literal::Bool(_)
        | Literal::Integer(_)
        | Literal::Float(_)
        | Literal::String(_) => None,
    }
}

fn expr(out: &mut String, expr: &Expr) {
    match &expr.kind {
        ExprKind::Literal(value) => literal(out, value),
        ExprKind::Field(reference) => field(out, reference),
        ExprKind::Call(call_expr) => call(out, call_expr),
        ExprKind::Not(operand_expr) => {
            out.push_str("not ");
            operand(out, operand_expr, Precedence::Not);
        }
        ExprKind::Logical(op, left, right) => {
            let (own, word) = match op {
                LogicalOp::And => (Precedence::And, " and "),
                LogicalOp::Or => (Precedence::Or, " or "),
            };
            operand(out, left, own);
            out.push_str(word);
            operand(out, right, tighter(own));
        }
        ExprKind::Compare(op, left, right) => {
            operand(out, left, Precedence::Sum);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            operand(out, right, Precedence::Sum);
        }
        ExprKind::Arithmetic(op, left, right) => {
            let own = arithmetic_precedence(*op);
            operand(out, left, own);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            operand(out, right, tighter(own));
        }
        ExprKind::Unary(op, operand_expr) => {
            out.push_str(op.as_str());
            if leading_sign(operand_expr) == Some(*op) {
                out.push(' ');
            }
            operand(out, operand_expr, Precedence::Unary);
        }
        ExprKind::In(in_expr) => in_set(out, in_expr),
        ExprKind::Match(match_expr) => matches(out, match_expr),
    }
}

/// The next tighter level: where a left-associative operator wants its right operand.
fn tighter(precedence: Precedence) -> Precedence {
    match precedence {
        Precedence::Or => Precedence::And,
        Precedence::And => Precedence::Not,
        Precedence::Not => Precedence::Compare,
        Precedence::Compare => Precedence::Sum,
        Precedence::Sum => Precedence::Product,
        Precedence::Product => Precedence::Unary,
        Precedence::Unary => Precedence::Predicate,
        Precedence::Predicate | Precedence::Primary => Precedence::Primary,
    }
}

fn operand(out: &mut String, operand: &Expr, at_least: Precedence) {
    if precedence(operand) < at_least {
        out.push('(');
        expr(out, operand);
        out.push(')');
    } else {
        expr(out, operand);
    }
}

fn in_set(out: &mut String, in_expr: &InExpr) {
    let InExpr { operand: value, values, case_insensitive, negated } = in_expr;

    operand(out, value, Precedence::Primary);
    out.push_str(if *negated { " not in" } else { " in" });
    if *case_insensitive {
        out.push('~');
    }
    out.push_str(" (");
    for (index, member) in values.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        expr(out, member);
    }
    out.push(')');
}

fn matches(out: &mut String, match_expr: &MatchExpr) {
    let MatchExpr { operand: value, op, patterns } = match_expr;

    operand(out, value, Precedence::Primary);
    out.push(' ');
    out.push_str(op.as_str());
    out.push(' ');
    if let [pattern] = patterns.as_slice() {
        literal(out, &pattern.value);
        return;
    }
    out.push('(');
    for (index, pattern) in patterns.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        literal(out, &pattern.value);
    }
    out.push(')');
}

fn call(out: &mut String, call: &Call) {
    let Call { function, case_insensitive, args, name_span: _ } = call;

    out.push_str(function.name());
    if *case_insensitive {
        out.push('~');
    }
    out.push('(');
    for (index, arg) in args.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        expr(out, arg);
    }
    out.push(')');
}

fn literal(out: &mut String, literal: &Literal) {
    match literal {
        Literal::Null => out.push_str("null"),
        Literal::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Literal::Integer(value) => out.push_str(&value.to_string()),
        Literal::Float(value) => out.push_str(&float(*value)),
        Literal::String(value) => string(out, value),
    }
}

/// The shortest text that reads back as `value` and lexes as a decimal: Rust's debug
/// form always has a `.` or an exponent (`1.0`, `0.5`, `1e300`, `1e-7`).
fn float(value: f64) -> String {
    format!("{value:?}")
}

fn string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:02X}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

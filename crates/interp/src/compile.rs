//! Compiling a plan's conditions once, before any event: patterns become
//! matchers, regexes are translated from Lucene's dialect, constants become
//! runtime values, and constants compared with date fields become instants.

use std::collections::HashSet;
use std::fmt;

use ruleproof_eql::ast::{Function, Literal};
use ruleproof_eql::plan::{Comparison, Cond, Expr, FieldRef, Predicate};
use ruleproof_runtime::lucene_regex;
use ruleproof_runtime::time::Timestamp;
use ruleproof_runtime::value::Value;
use ruleproof_runtime::wildcard::WildcardMatcher;

/// A plan the interpreter cannot run, such as a regex using an operator
/// Rust's regex engine lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// What cannot be run, lowercase, without a trailing period.
    pub message: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompileError {}

/// A condition ready to evaluate.
#[derive(Debug)]
pub(crate) enum CCond {
    Const(bool),
    Category(String),
    And(Vec<CCond>),
    Or(Vec<CCond>),
    Not(Box<CCond>),
    Predicate(CPredicate),
}

/// A predicate ready to evaluate.
#[derive(Debug)]
pub(crate) enum CPredicate {
    Compare(Comparison, CExpr, CExpr),
    IsNull(CExpr),
    In { value: CExpr, set: Vec<CExpr>, case_insensitive: bool },
    Wildcard { value: CExpr, matchers: Vec<WildcardMatcher> },
    Regex { value: CExpr, regex: regex::Regex },
    Truthy(CExpr),
}

/// An expression ready to evaluate.
#[derive(Debug)]
pub(crate) enum CExpr {
    Literal(Value<'static>),
    /// A field; `date` fields read as epoch milliseconds.
    Field {
        name: String,
        date: bool,
    },
    Call {
        function: Function,
        case_insensitive: bool,
        args: Vec<CExpr>,
    },
    Cond(Box<CCond>),
}

/// What compilation needs to know about the data.
pub(crate) struct Schema<'a> {
    /// Fields mapped as dates: compared as instants, in epoch milliseconds.
    pub date_fields: &'a HashSet<String>,
}

pub(crate) fn compile_cond(cond: &Cond, schema: &Schema) -> Result<CCond, CompileError> {
    Ok(match cond {
        Cond::Const(value) => CCond::Const(*value),
        Cond::Category(name) => CCond::Category(name.clone()),
        Cond::And(parts) => CCond::And(compile_all(parts, schema)?),
        Cond::Or(parts) => CCond::Or(compile_all(parts, schema)?),
        Cond::Not(inner) => CCond::Not(Box::new(compile_cond(inner, schema)?)),
        Cond::Predicate(predicate) => CCond::Predicate(compile_predicate(predicate, schema)?),
    })
}

fn compile_all(parts: &[Cond], schema: &Schema) -> Result<Vec<CCond>, CompileError> {
    parts.iter().map(|part| compile_cond(part, schema)).collect()
}

fn compile_predicate(predicate: &Predicate, schema: &Schema) -> Result<CPredicate, CompileError> {
    Ok(match predicate {
        Predicate::Compare(comparison, left, right) => {
            let (left, right) = date_aware(left, right, schema)?;
            CPredicate::Compare(*comparison, left, right)
        }
        Predicate::IsNull(value) => CPredicate::IsNull(compile_expr(value, schema)?),
        Predicate::In { value, set, case_insensitive } => CPredicate::In {
            value: compile_expr(value, schema)?,
            set: set.iter().map(|member| compile_expr(member, schema)).collect::<Result<_, _>>()?,
            case_insensitive: *case_insensitive,
        },
        Predicate::Wildcard { value, patterns, case_insensitive } => CPredicate::Wildcard {
            value: compile_expr(value, schema)?,
            matchers: patterns
                .iter()
                .map(|pattern| WildcardMatcher::new(pattern, *case_insensitive))
                .collect(),
        },
        Predicate::Regex { value, pattern, case_insensitive } => CPredicate::Regex {
            value: compile_expr(value, schema)?,
            regex: lucene_regex::compile(pattern, *case_insensitive).map_err(|error| {
                CompileError { message: format!("cannot run regex `{pattern}`: {}", error.message) }
            })?,
        },
        Predicate::Truthy(value) => CPredicate::Truthy(compile_expr(value, schema)?),
    })
}

/// Compiles both sides of a comparison; a string or number compared with a
/// date field becomes an instant in epoch milliseconds, as Elasticsearch
/// parses it against the field's date format.
fn date_aware(left: &Expr, right: &Expr, schema: &Schema) -> Result<(CExpr, CExpr), CompileError> {
    let is_date = |expr: &Expr| matches!(expr, Expr::Field(field) if schema.date_fields.contains(&field.name));
    let as_instant = |expr: &Expr| -> Result<Option<CExpr>, CompileError> {
        let Expr::Literal(Literal::String(text)) = expr else { return Ok(None) };
        let instant = Timestamp::parse(text).map_err(|error| CompileError {
            message: format!("`{text}` is compared with a date field but is not a date: {error}"),
        })?;
        Ok(Some(CExpr::Literal(Value::Long(millis(instant)))))
    };

    let left_compiled = match is_date(right) {
        true => as_instant(left)?,
        false => None,
    };
    let right_compiled = match is_date(left) {
        true => as_instant(right)?,
        false => None,
    };
    Ok((
        left_compiled.map_or_else(|| compile_expr(left, schema), Ok)?,
        right_compiled.map_or_else(|| compile_expr(right, schema), Ok)?,
    ))
}

/// Whole milliseconds of an instant, rounding toward the past.
pub(crate) fn millis(instant: Timestamp) -> i64 {
    instant.0.div_euclid(1_000_000)
}

fn compile_expr(expr: &Expr, schema: &Schema) -> Result<CExpr, CompileError> {
    Ok(match expr {
        Expr::Literal(literal) => CExpr::Literal(literal_value(literal)),
        Expr::Field(FieldRef { name, optional: _ }) => {
            CExpr::Field { name: name.clone(), date: schema.date_fields.contains(name) }
        }
        Expr::Call { function, case_insensitive, args } => CExpr::Call {
            function: *function,
            case_insensitive: *case_insensitive,
            args: args.iter().map(|arg| compile_expr(arg, schema)).collect::<Result<_, _>>()?,
        },
        Expr::Cond(cond) => CExpr::Cond(Box::new(compile_cond(cond, schema)?)),
    })
}

fn literal_value(literal: &Literal) -> Value<'static> {
    match literal {
        Literal::Null => Value::Null,
        Literal::Bool(value) => Value::Bool(*value),
        Literal::Integer(value) => Value::Long(*value),
        Literal::Float(value) => Value::Double(*value),
        Literal::String(text) => Value::string(text.clone()),
    }
}

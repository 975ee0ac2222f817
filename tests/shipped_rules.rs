//! The rules shipped in `rules/`: they check clean, and together they use
//! every construct of the dialect, so every later stage meets each construct
//! in a real rule.

use std::collections::BTreeSet;
use std::path::Path;

use ruleproof::eql::ast::*;
use ruleproof::harness::{RuleStatus, check_rules};

#[test]
fn shipped_rules_check_clean() {
    let report = check_rules(Path::new("rules")).expect("rules/ is readable");

    assert!(report.rules.len() >= 6, "rules/ lost rules: {}", report.rules.len());
    for rule in &report.rules {
        let codes: Vec<&str> = rule.diagnostics.iter().map(|diagnostic| diagnostic.code).collect();
        assert_eq!(
            (rule.status, codes),
            (RuleStatus::Ok, vec![]),
            "{}",
            rule.file.path().display()
        );
    }
}

#[test]
fn seed_rule_is_shipped_unchanged_in_meaning() {
    let report = check_rules(Path::new("rules")).expect("rules/ is readable");
    let seed = report
        .rules
        .iter()
        .find(|rule| rule.rule_id.as_ref().is_some_and(|id| id.get_ref() == SEED_RULE_ID))
        .expect("the seed rule is in rules/");

    let query = seed.query.as_ref().expect("the seed query parses");
    let QueryBody::Sequence(sequence) = &query.body else { panic!("the seed rule is a sequence") };
    let keys: Vec<&str> = sequence.by.iter().map(|key| key.name.as_str()).collect();
    assert_eq!(keys, ["host.id"]);
    assert_eq!(sequence.maxspan.map(|maxspan| maxspan.millis()), Some(30_000));
    assert_eq!(sequence.stages.len(), 2);
}

const SEED_RULE_ID: &str = "689b9d57-e4d5-4357-ad17-9c334609d79a";

#[test]
fn shipped_rules_use_every_construct() {
    let report = check_rules(Path::new("rules")).expect("rules/ is readable");
    let mut seen = BTreeSet::new();
    for query in report.rules.iter().filter_map(|rule| rule.query.as_ref()) {
        constructs_of_query(query, &mut seen);
    }

    let mut expected: BTreeSet<String> = [
        "sequence",
        "sequence by",
        "stage by",
        "maxspan",
        "runs",
        "until",
        "missing stage",
        "sample",
        "sample by",
        "optional field",
        "quoted field",
        "not",
        "and",
        "or",
        "unary -",
        "unary +",
        "in",
        "not in",
        "in~",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    expected.extend(Function::ALL.iter().map(|function| format!("fn {}", function.name())));
    for op in [
        CompareOp::Eq,
        CompareOp::NotEq,
        CompareOp::Lt,
        CompareOp::LtEq,
        CompareOp::Gt,
        CompareOp::GtEq,
    ] {
        expected.insert(op.as_str().to_string());
    }
    for op in [
        ArithmeticOp::Add,
        ArithmeticOp::Subtract,
        ArithmeticOp::Multiply,
        ArithmeticOp::Divide,
        ArithmeticOp::Remainder,
    ] {
        expected.insert(op.as_str().to_string());
    }
    for op in [
        MatchOp::Colon,
        MatchOp::Like,
        MatchOp::LikeInsensitive,
        MatchOp::Regex,
        MatchOp::RegexInsensitive,
    ] {
        expected.insert(op.as_str().to_string());
    }

    let missing: Vec<&String> = expected.difference(&seen).collect();
    assert!(missing.is_empty(), "no shipped rule uses {missing:?}");
}

fn constructs_of_query(query: &Query, seen: &mut BTreeSet<String>) {
    match &query.body {
        QueryBody::Event(event) => constructs_of_expr(&event.condition, seen),
        QueryBody::Sequence(sequence) => {
            note(seen, "sequence");
            if !sequence.by.is_empty() {
                note(seen, "sequence by");
            }
            if sequence.maxspan.is_some() {
                note(seen, "maxspan");
            }
            for stage in &sequence.stages {
                if !stage.by.is_empty() {
                    note(seen, "stage by");
                }
                if stage.runs.is_some() {
                    note(seen, "runs");
                }
                if stage.presence == Presence::Missing {
                    note(seen, "missing stage");
                }
                constructs_of_expr(&stage.query.condition, seen);
            }
            if let Some(until) = &sequence.until {
                note(seen, "until");
                constructs_of_expr(&until.query.condition, seen);
            }
        }
        QueryBody::Sample(sample) => {
            note(seen, "sample");
            if !sample.by.is_empty() || sample.stages.iter().any(|stage| !stage.by.is_empty()) {
                note(seen, "sample by");
            }
            for stage in &sample.stages {
                constructs_of_expr(&stage.query.condition, seen);
            }
        }
    }
}

fn note(seen: &mut BTreeSet<String>, construct: &str) {
    seen.insert(construct.to_string());
}

fn constructs_of_expr(expr: &Expr, seen: &mut BTreeSet<String>) {
    let name = match &expr.kind {
        ExprKind::Literal(_) => return,
        ExprKind::Field(field) => {
            if field.optional {
                seen.insert("optional field".to_string());
            }
            if !field.name.split('.').all(is_plain_identifier) {
                seen.insert("quoted field".to_string());
            }
            return;
        }
        ExprKind::Call(call) => {
            call.args.iter().for_each(|arg| constructs_of_expr(arg, seen));
            format!("fn {}", call.function.name())
        }
        ExprKind::Not(inner) => {
            constructs_of_expr(inner, seen);
            "not".to_string()
        }
        ExprKind::Logical(op, left, right) => {
            constructs_of_expr(left, seen);
            constructs_of_expr(right, seen);
            match op {
                LogicalOp::And => "and".to_string(),
                LogicalOp::Or => "or".to_string(),
            }
        }
        ExprKind::Compare(op, left, right) => {
            constructs_of_expr(left, seen);
            constructs_of_expr(right, seen);
            op.as_str().to_string()
        }
        ExprKind::Arithmetic(op, left, right) => {
            constructs_of_expr(left, seen);
            constructs_of_expr(right, seen);
            op.as_str().to_string()
        }
        ExprKind::Unary(op, operand) => {
            constructs_of_expr(operand, seen);
            format!("unary {}", op.as_str())
        }
        ExprKind::In(in_expr) => {
            constructs_of_expr(&in_expr.operand, seen);
            in_expr.values.iter().for_each(|value| constructs_of_expr(value, seen));
            match (in_expr.negated, in_expr.case_insensitive) {
                (false, false) => "in".to_string(),
                (true, false) => "not in".to_string(),
                (_, true) => "in~".to_string(),
            }
        }
        ExprKind::Match(match_expr) => {
            constructs_of_expr(&match_expr.operand, seen);
            match_expr.op.as_str().to_string()
        }
    };
    seen.insert(name);
}

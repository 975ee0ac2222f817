//! Report formats for a [`CheckReport`]: `human` for a rule author at a
//! terminal, `json` for pipelines.
//!
//! The JSON document is a stable interface: fields are added over time, never
//! renamed or removed.

use std::fmt::Write;

use ruleproof_diagnostics::{Diagnostic, SourceFile, render};
use serde_json::{Value, json};

use crate::check::{CheckReport, RuleReport, RuleStatus};

/// The report as one JSON document:
/// `{"summary": {...}, "rules": [{"path", "rule_id", "name", "language",
/// "status", "skip_reason", "diagnostics": [...]}]}`.
pub fn json(report: &CheckReport) -> Value {
    let summary = report.summary();
    let skipped_by_reason: serde_json::Map<String, Value> = summary
        .skipped_by_reason
        .iter()
        .map(|(reason, count)| (reason.clone(), json!(count)))
        .collect();
    json!({
        "summary": {
            "rules": summary.rules,
            "ok": summary.ok,
            "error": summary.error,
            "skipped": summary.skipped,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "skipped_by_reason": skipped_by_reason,
        },
        "rules": report.rules.iter().map(rule_json).collect::<Vec<_>>(),
    })
}

fn rule_json(rule: &RuleReport) -> Value {
    json!({
        "path": rule.file.path().display().to_string(),
        "rule_id": rule.rule_id.as_ref().map(|id| id.get_ref()),
        "name": rule.name.as_ref().map(|name| name.get_ref()),
        "language": rule.language,
        "status": rule.status,
        "skip_reason": rule.skip_reason,
        "diagnostics": rule.diagnostics.iter().map(|d| diagnostic_json(d, &rule.file)).collect::<Vec<_>>(),
    })
}

fn diagnostic_json(diagnostic: &Diagnostic, file: &SourceFile) -> Value {
    let start = file.line_col(diagnostic.span.start);
    let end = file.line_col(diagnostic.span.end);
    json!({
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "help": diagnostic.help,
    })
}

/// The report for a person: every diagnostic rendered against its file with
/// the span underlined, then one summary paragraph.
pub fn human(report: &CheckReport) -> String {
    let mut out = String::new();
    for rule in &report.rules {
        for diagnostic in &rule.diagnostics {
            out.push_str(&render(diagnostic, &rule.file));
            out.push('\n');
        }
    }

    let summary = report.summary();
    let _ = writeln!(
        out,
        "checked {} rules: {} ok, {} with errors, {} skipped; {} errors, {} warnings",
        summary.rules, summary.ok, summary.error, summary.skipped, summary.errors, summary.warnings
    );
    for (reason, count) in &summary.skipped_by_reason {
        let _ = writeln!(out, "  skipped {count}: {reason}");
    }
    for rule in report.rules.iter().filter(|rule| rule.status == RuleStatus::Error) {
        let _ = writeln!(out, "  failed: {}", rule.file.path().display());
    }
    out
}

//! Checking rules: load each file, parse its EQL query, run the static checks,
//! and place every finding in the TOML file the author edits.
//!
//! This is what `cargo xtask check` runs. A broken rule never stops the others:
//! every file gets a [`RuleReport`], and set-wide checks (unique ids and names)
//! run over all of them at the end.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use ruleproof_diagnostics::{Diagnostic, Severity, SourceFile, Span};
use ruleproof_eql::ast::Query;
use ruleproof_rule::{LoadedRule, Rule, Spanned, load_rule, load_rules_dir};
use serde::Serialize;

/// What a check concluded about one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleStatus {
    /// An EQL rule with no error (warnings allowed).
    Ok,
    /// The rule has at least one error.
    Error,
    /// Not an EQL rule: its metadata was read, its query was not checked.
    Skipped,
}

/// The findings for one rule file.
#[derive(Clone, Debug)]
pub struct RuleReport {
    /// The file's path and text; diagnostic spans are byte ranges of it.
    pub file: SourceFile,
    /// The rule's `rule_id`, when the file decoded, with its place in the file.
    pub rule_id: Option<Spanned<String>>,
    /// The rule's `name`, when the file decoded, with its place in the file.
    pub name: Option<Spanned<String>>,
    /// The query language, such as `eql` or `kuery`.
    pub language: Option<String>,
    /// The verdict.
    pub status: RuleStatus,
    /// Why the rule was skipped, when it was.
    pub skip_reason: Option<String>,
    /// Every finding, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The parsed query, for an EQL rule whose query parsed.
    pub query: Option<Query>,
    /// The decoded rule, when the file decoded.
    pub rule: Option<Rule>,
}

impl RuleReport {
    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count()
    }
}

/// The findings for a set of rules.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// One report per rule file, in path order.
    pub rules: Vec<RuleReport>,
}

/// Totals over a [`CheckReport`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Rule files read.
    pub rules: usize,
    /// Rules with status `ok`.
    pub ok: usize,
    /// Rules with status `error`.
    pub error: usize,
    /// Rules with status `skipped`.
    pub skipped: usize,
    /// Error diagnostics over all rules that were not skipped.
    pub errors: usize,
    /// Warning diagnostics over all rules that were not skipped.
    pub warnings: usize,
    /// Skipped rules counted by reason, so nothing is passed over silently.
    pub skipped_by_reason: Vec<(String, usize)>,
}

impl CheckReport {
    /// Counts rules by status and diagnostics by severity.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary { rules: self.rules.len(), ..Summary::default() };
        let mut reasons: HashMap<&str, usize> = HashMap::new();
        for rule in &self.rules {
            match rule.status {
                RuleStatus::Ok => summary.ok += 1,
                RuleStatus::Error => summary.error += 1,
                RuleStatus::Skipped => {
                    summary.skipped += 1;
                    *reasons.entry(rule.skip_reason.as_deref().unwrap_or("")).or_default() += 1;
                    continue;
                }
            }
            summary.errors += rule.count(Severity::Error);
            summary.warnings += rule.count(Severity::Warning);
        }
        let mut reasons: Vec<(String, usize)> =
            reasons.into_iter().map(|(reason, count)| (reason.to_string(), count)).collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        summary.skipped_by_reason = reasons;
        summary
    }

    /// Whether any rule failed.
    pub fn has_errors(&self) -> bool {
        self.rules.iter().any(|rule| rule.status == RuleStatus::Error)
    }
}

/// Checks the rule in `text`, read from `path`.
pub fn check_rule(path: &Path, text: &str) -> RuleReport {
    check_loaded(load_rule(path, text))
}

/// Checks every `*.toml` rule under `dir`, then the set-wide invariants.
/// Fails only when the directory or a file cannot be read.
pub fn check_rules(dir: &Path) -> io::Result<CheckReport> {
    let rules: Vec<RuleReport> = load_rules_dir(dir)?.into_iter().map(check_loaded).collect();
    let mut report = CheckReport { rules };
    flag_duplicates(&mut report);
    Ok(report)
}

fn check_loaded(loaded: LoadedRule) -> RuleReport {
    let skip_reason = loaded.skip_reason();
    let language = loaded.language().map(|language| language.as_str().to_string());
    let rule_id = loaded.rule.as_ref().map(|rule| rule.rule.rule_id.clone());
    let name = loaded.rule.as_ref().map(|rule| rule.rule.name.clone());
    let mut diagnostics = loaded.diagnostics;
    let mut query = None;

    // An empty query already has its own loader diagnostic.
    if skip_reason.is_none()
        && let Some(source) = loaded.query.as_ref().filter(|source| !source.text.trim().is_empty())
    {
        let parsed = ruleproof_eql::parse(&source.text);
        let mut query_diagnostics = parsed.diagnostics;
        if let Some(parsed_query) = &parsed.query {
            query_diagnostics.extend(ruleproof_eql::check::check(parsed_query));
            query_diagnostics.extend(check_round_trip(parsed_query));
        }
        diagnostics.extend(query_diagnostics.into_iter().map(|d| source.to_file_diagnostic(d)));
        query = parsed.query;
    }
    diagnostics.sort_by_key(|diagnostic| diagnostic.span.start);

    let status = if skip_reason.is_some() {
        RuleStatus::Skipped
    } else if diagnostics.iter().any(Diagnostic::is_error) {
        RuleStatus::Error
    } else {
        RuleStatus::Ok
    };
    RuleReport {
        file: loaded.file,
        rule_id,
        name,
        language,
        status,
        skip_reason,
        diagnostics,
        query,
        rule: loaded.rule,
    }
}

/// The canonical print of `query` must parse back to the same tree; a
/// difference is a ruleproof bug, reported so it can never pass unseen.
fn check_round_trip(query: &Query) -> Option<Diagnostic> {
    let printed = ruleproof_eql::print(query);
    let reparsed = ruleproof_eql::parse(&printed);
    let same = reparsed.query.as_ref().is_some_and(|again| again.same_shape(query));
    (!same).then(|| {
        Diagnostic::error(
            "internal/print-round-trip",
            query.span,
            "ruleproof's canonical print of this query does not parse back to the same query",
        )
        .with_help(format!(
            "this is a ruleproof bug; please report it with the query. Printed:\n{printed}"
        ))
    })
}

/// Elastic's rule collection refuses two rules with one `rule_id` or one
/// `name`; flags every later occurrence at its value.
fn flag_duplicates(report: &mut CheckReport) {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for rule in &mut report.rules {
        let path = rule.file.path().display().to_string();
        let found: Vec<Diagnostic> = [
            duplicate(&mut ids, "rule_id", "rule/duplicate-rule-id", rule.rule_id.as_ref(), &path),
            duplicate(&mut names, "name", "rule/duplicate-name", rule.name.as_ref(), &path),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !found.is_empty() && rule.status != RuleStatus::Skipped {
            rule.status = RuleStatus::Error;
        }
        rule.diagnostics.extend(found);
    }
}

/// Records `value` as seen in `path`, or reports it when an earlier file has it.
fn duplicate(
    seen: &mut HashMap<String, String>,
    key: &str,
    code: &'static str,
    value: Option<&Spanned<String>>,
    path: &str,
) -> Option<Diagnostic> {
    let value = value?;
    if let Some(first) = seen.get(value.get_ref()) {
        let span = Span::new(value.span().start, value.span().end);
        let message = format!("{key} `{}` is already used by {first}", value.get_ref());
        return Some(
            Diagnostic::error(code, span, message)
                .with_help(format!("every rule needs its own {key}")),
        );
    }
    seen.insert(value.get_ref().clone(), path.to_string());
    None
}

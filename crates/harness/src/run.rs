//! Running rules over events with the reference interpreter: what
//! `cargo xtask run` and `cargo xtask query` do, as a library so that tests
//! exercise the same code.
//!
//! Events stream through every rule once; each rule keeps only its live
//! sequence state. Alerts and matches come out as JSON values.

use std::rc::Rc;

use ruleproof_interp::{Interpreter, Match, Options, RunStats};
use ruleproof_rule::Rule;
use ruleproof_runtime::event::Event;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::check::{CheckReport, RuleStatus};

/// One rule's match: what `cargo xtask run` prints per line.
#[derive(Clone, Debug)]
pub struct Alert {
    /// The rule's `rule_id`.
    pub rule_id: String,
    /// The rule's `name`.
    pub name: String,
    /// The rule's `severity`.
    pub severity: String,
    /// The rule's `risk_score`.
    pub risk_score: i64,
    /// The matched events, in stage order (`None` for a missing-event stage).
    pub events: Vec<Option<Rc<Event>>>,
}

impl Alert {
    /// `{"rule_id", "name", "severity", "risk_score", "events": [...]}` on one
    /// line, each event's JSON text exactly as it was read.
    pub fn to_json_line(&self) -> String {
        let line = AlertLine {
            rule_id: &self.rule_id,
            name: &self.name,
            severity: &self.severity,
            risk_score: self.risk_score,
            events: raw_events(&self.events),
        };
        serde_json::to_string(&line).unwrap_or_default()
    }
}

/// `{"events": [...]}` for one match on one line, each event's JSON text
/// exactly as it was read; `null` for a missing-event stage.
pub fn match_json_line(found: &Match) -> String {
    serde_json::to_string(&MatchLine { events: raw_events(&found.events) }).unwrap_or_default()
}

#[derive(Serialize)]
struct AlertLine<'a> {
    rule_id: &'a str,
    name: &'a str,
    severity: &'a str,
    risk_score: i64,
    events: Vec<Option<Box<RawValue>>>,
}

#[derive(Serialize)]
struct MatchLine {
    events: Vec<Option<Box<RawValue>>>,
}

/// The events' texts, embedded as they are. Line breaks between tokens of a
/// pretty-printed event become spaces to keep one result per line; JSON
/// strings cannot hold a raw line break, so nothing else changes.
fn raw_events(events: &[Option<Rc<Event>>]) -> Vec<Option<Box<RawValue>>> {
    events
        .iter()
        .map(|event| {
            let event = event.as_ref()?;
            let text = event.text().trim().replace(['\n', '\r'], " ");
            RawValue::from_string(text)
                .or_else(|_| RawValue::from_string(event.json().to_string()))
                .ok()
        })
        .collect()
}

/// The interpreter settings a rule asks for: its `timestamp_field`,
/// `tiebreaker_field` and `event_category_override`.
pub fn rule_options(rule: &Rule) -> Options {
    let defaults = Options::default();
    Options {
        category_field: rule
            .rule
            .event_category_override
            .clone()
            .unwrap_or(defaults.category_field),
        timestamp_field: rule.rule.timestamp_field.clone().unwrap_or(defaults.timestamp_field),
        tiebreaker_field: rule.rule.tiebreaker_field.clone(),
        ..defaults
    }
}

/// Settings of a run that apply to every rule, whatever the rule says.
#[derive(Clone, Debug)]
pub struct RunSettings {
    /// Most partial sequences (or sample keys) alive per rule; evictions
    /// beyond it are counted.
    pub max_pending: usize,
    /// How long to hold events to put stragglers back in time order, in
    /// nanoseconds; `None` takes them in arrival order.
    pub reorder_window: Option<i64>,
}

impl Default for RunSettings {
    fn default() -> RunSettings {
        let defaults = Options::default();
        RunSettings { max_pending: defaults.max_pending, reorder_window: defaults.reorder_window }
    }
}

/// A rule being run, and what it produced.
pub struct RunningRule {
    /// `rule_id`, `name`, `severity` and `risk_score`, copied into each alert.
    header: Alert,
    interpreter: Interpreter,
    /// Alerts raised so far.
    pub alerts: u64,
}

impl RunningRule {
    /// The rule's `rule_id`.
    pub fn rule_id(&self) -> &str {
        &self.header.rule_id
    }

    /// The rule's `name`.
    pub fn name(&self) -> &str {
        &self.header.name
    }

    /// What the interpreter saw and passed over.
    pub fn stats(&self) -> RunStats {
        self.interpreter.stats()
    }
}

/// Every runnable EQL rule of a checked rule set, fed the same events.
pub struct RuleSet {
    /// The rules that run.
    pub rules: Vec<RunningRule>,
    /// Rules that do not run, with the reason: not EQL, or with errors.
    pub not_run: Vec<(String, String)>,
}

impl RuleSet {
    /// Prepares every rule of `report` that checked without errors.
    pub fn new(report: &CheckReport) -> RuleSet {
        RuleSet::with_settings(report, &RunSettings::default())
    }

    /// Like [`RuleSet::new`], with the run-wide settings given.
    pub fn with_settings(report: &CheckReport, settings: &RunSettings) -> RuleSet {
        let mut rules = Vec::new();
        let mut not_run = Vec::new();
        for checked in &report.rules {
            let path = checked.file.path().display().to_string();
            let reason = match (&checked.status, &checked.rule, &checked.query) {
                (RuleStatus::Skipped, _, _) => checked.skip_reason.clone().unwrap_or_default(),
                (RuleStatus::Error, _, _) => {
                    "the rule has errors; `cargo xtask check` lists them".to_string()
                }
                (RuleStatus::Ok, Some(rule), Some(query)) => {
                    let options = Options {
                        max_pending: settings.max_pending,
                        reorder_window: settings.reorder_window,
                        ..rule_options(rule)
                    };
                    match Interpreter::new(&ruleproof_eql::lower(query), options) {
                        Ok(interpreter) => {
                            let header = Alert {
                                rule_id: rule.rule.rule_id.get_ref().clone(),
                                name: rule.rule.name.get_ref().clone(),
                                severity: rule.rule.severity.get_ref().as_str().to_string(),
                                risk_score: *rule.rule.risk_score.get_ref(),
                                events: Vec::new(),
                            };
                            rules.push(RunningRule { header, interpreter, alerts: 0 });
                            continue;
                        }
                        Err(error) => format!("the query cannot run: {error}"),
                    }
                }
                (RuleStatus::Ok, _, _) => "the rule has no query".to_string(),
            };
            not_run.push((path, reason));
        }
        RuleSet { rules, not_run }
    }

    /// Offers the next event to every rule; appends the alerts it raises.
    pub fn push(&mut self, event: &Rc<Event>, alerts: &mut Vec<Alert>) {
        let mut found = Vec::new();
        for rule in &mut self.rules {
            rule.interpreter.push(Rc::clone(event), &mut found);
            raise(rule, &mut found, alerts);
        }
    }

    /// Ends the stream; appends the alerts only the end completes.
    pub fn finish(&mut self, alerts: &mut Vec<Alert>) {
        let mut found = Vec::new();
        for rule in &mut self.rules {
            rule.interpreter.finish(&mut found);
            raise(rule, &mut found, alerts);
        }
    }
}

fn raise(rule: &mut RunningRule, found: &mut Vec<Match>, alerts: &mut Vec<Alert>) {
    for matched in found.drain(..) {
        rule.alerts += 1;
        alerts.push(Alert { events: matched.events, ..rule.header.clone() });
    }
}

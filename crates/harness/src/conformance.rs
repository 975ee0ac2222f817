//! Conformance with Elasticsearch: runs Elasticsearch's own EQL specs over
//! their endgame events through the reference interpreter and compares the
//! returned event ids, in order, with what Elasticsearch returns.
//!
//! The specs and data live outside the repository (`../shared`); this module
//! reproduces Elasticsearch's test harness: the timestamp transform, the
//! field aliases, the ordering and the request settings.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use ruleproof_interp::{Interpreter, Logic, Match, Options};
use ruleproof_runtime::event::Event;
use ruleproof_runtime::value::Value;
use serde::Deserialize;

/// Specs ruleproof deliberately answers differently from Elasticsearch, with
/// the reason. Kept empty unless a difference is a considered choice.
pub const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

/// The spec files Elasticsearch's `EqlSpecTestCase` runs, in its order.
pub const SPEC_FILES: &[&str] =
    &["test_queries.toml", "additional_test_queries.toml", "test_queries_date.toml"];

/// One spec: a query and the event ids Elasticsearch returns for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The spec file's name.
    pub file: String,
    /// The spec's unique name.
    pub name: String,
    /// The EQL query, trimmed.
    pub query: String,
    /// `serial_event_id`s of the results, in order, sequences flattened.
    pub expected: Vec<i64>,
}

/// How one spec went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Same ids in the same order.
    Pass,
    /// Different ids or order.
    Fail,
    /// Different, and listed in [`KNOWN_DIFFERENCES`] with this reason.
    KnownDifference(&'static str),
    /// The query did not parse, or could not run.
    Error(String),
}

/// A spec's result.
#[derive(Clone, Debug)]
pub struct SpecResult {
    /// The spec.
    pub spec: Spec,
    /// The verdict.
    pub outcome: Outcome,
    /// The ids ruleproof returned.
    pub actual: Vec<i64>,
}

/// Why the specs or data could not be read.
#[derive(Debug)]
pub struct ConformanceError {
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ConformanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConformanceError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    queries: Vec<RawSpec>,
}

/// A spec table as written; the informational keys are read and ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    name: String,
    query: String,
    expected_event_ids: Vec<i64>,
    #[serde(default, rename = "description")]
    _description: Option<String>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
    #[serde(default, rename = "notes")]
    _notes: Option<String>,
    #[serde(default, rename = "tags")]
    _tags: Option<Vec<String>>,
}

/// Reads the spec files of `dir` (the `specs/` folder). Unknown keys and
/// duplicate names are errors, as in Elasticsearch's loader.
pub fn load_specs(dir: &Path) -> Result<Vec<Spec>, ConformanceError> {
    let mut specs: Vec<Spec> = Vec::new();
    for file in SPEC_FILES {
        let path = dir.join(file);
        let error = |message: String| ConformanceError { path: path.clone(), message };
        let text = fs::read_to_string(&path).map_err(|e| error(e.to_string()))?;
        let parsed: SpecFile = toml::from_str(&text).map_err(|e| error(e.to_string()))?;
        for raw in parsed.queries {
            if specs.iter().any(|spec| spec.name == raw.name) {
                return Err(error(format!("spec name `{}` is used twice", raw.name)));
            }
            specs.push(Spec {
                file: (*file).to_string(),
                name: raw.name,
                query: raw.query.trim().to_string(),
                expected: raw.expected_event_ids,
            });
        }
    }
    Ok(specs)
}

/// Reads the endgame events (`data/test_data.json`) the way Elasticsearch's
/// harness indexes them: `@timestamp` derived from the FILETIME `timestamp`,
/// `event.category` aliasing `event_type`, `event.sequence` aliasing
/// `serial_event_id`, ordered by `@timestamp` then `serial_event_id`.
pub fn load_events(path: &Path) -> Result<Vec<Rc<Event>>, ConformanceError> {
    let error = |message: String| ConformanceError { path: path.to_path_buf(), message };
    let text = fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    let documents: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| error(e.to_string()))?;

    let mut events = Vec::with_capacity(documents.len());
    for document in documents {
        let filetime = document.get("timestamp").and_then(serde_json::Value::as_i64);
        let mut event = Event::from_json(document).map_err(|e| error(e.to_string()))?;
        let filetime =
            filetime.ok_or_else(|| error("an event has no integer `timestamp`".to_string()))?;
        event.insert(
            "@timestamp",
            filetime.div_euclid(10_000).saturating_sub(11_644_473_600_000).into(),
        );
        for (alias, target) in
            [("event.category", "event_type"), ("event.sequence", "serial_event_id")]
        {
            if let Some(value) = event.json().get(target).cloned() {
                event.insert(alias, value);
            }
        }
        events.push(event);
    }

    let order = |event: &Event| (event.timestamp("@timestamp").ok(), serial_id(event));
    events.sort_by_key(order);
    Ok(events.into_iter().map(Rc::new).collect())
}

/// The request settings of Elasticsearch's spec harness, combining
/// predicates with `logic`.
pub fn options(logic: Logic) -> Options {
    Options {
        category_field: "event.category".to_string(),
        timestamp_field: "@timestamp".to_string(),
        tiebreaker_field: Some("serial_event_id".to_string()),
        logic,
        ..Options::default()
    }
}

/// Runs every spec over `events` (already ordered).
pub fn run_specs(specs: &[Spec], events: &[Rc<Event>], logic: Logic) -> Vec<SpecResult> {
    specs.iter().map(|spec| run_spec(spec, events, logic)).collect()
}

fn run_spec(spec: &Spec, events: &[Rc<Event>], logic: Logic) -> SpecResult {
    let result = |outcome, actual| SpecResult { spec: spec.clone(), outcome, actual };
    let parsed = ruleproof_eql::parse(&spec.query);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    let Some(query) = parsed.query.filter(|_| errors.is_empty()) else {
        return result(Outcome::Error(errors.join("; ")), Vec::new());
    };
    let mut interpreter = match Interpreter::new(&ruleproof_eql::lower(&query), options(logic)) {
        Ok(interpreter) => interpreter,
        Err(error) => return result(Outcome::Error(error.message), Vec::new()),
    };

    let mut matches: Vec<Match> = Vec::new();
    for event in events {
        if interpreter.is_done() {
            break;
        }
        interpreter.push(Rc::clone(event), &mut matches);
    }
    interpreter.finish(&mut matches);

    let actual: Vec<i64> = matches
        .iter()
        .flat_map(|found| {
            found.events.iter().map(|event| event.as_deref().and_then(serial_id).unwrap_or(-1))
        })
        .collect();
    let outcome = if actual == spec.expected {
        Outcome::Pass
    } else {
        match KNOWN_DIFFERENCES.iter().find(|(name, _)| *name == spec.name) {
            Some((_, reason)) => Outcome::KnownDifference(reason),
            None => Outcome::Fail,
        }
    };
    result(outcome, actual)
}

fn serial_id(event: &Event) -> Option<i64> {
    event.field("serial_event_id").iter().find_map(|value| match value {
        Value::Long(id) => Some(*id),
        Value::Null | Value::Bool(_) | Value::Double(_) | Value::Str(_) => None,
    })
}

//! What EQL queries mean, as Elasticsearch runs them: every construct of the
//! dialect through the reference interpreter, over small inline events.
//!
//! Each expectation is pinned to Elasticsearch's behaviour; where it is not
//! obvious, a comment names the section of `reference/eql-semantics.md` or
//! the Elasticsearch spec it comes from. These tests need nothing outside
//! this repository.

use std::rc::Rc;

use ruleproof::eql;
use ruleproof::interp::{Interpreter, Logic, Match, Options, RunStats};
use ruleproof::runtime::event::Event;
use ruleproof::runtime::value::Value;

/// The expected ids of matched events, `_` for a missing-event stage:
/// `expect![1, _, 2]`.
macro_rules! expect {
    ($($id:tt),* $(,)?) => { vec![$(expect!(@one $id)),*] };
    (@one _) => { None::<i64> };
    (@one $id:tt) => { Some::<i64>($id) };
}

/// For each `query => [ids]`: the query matches exactly those events of
/// `events`, in that order.
macro_rules! cases {
    ($events:expr, { $($query:expr => [$($id:tt),* $(,)?]),* $(,)? }) => {
        $(assert_eq!(ids($query, $events), expect![$($id),*], "query: {}", $query);)*
    };
}

/// Runs `query` over `events` in order and ends the stream.
fn run(query: &str, events: &[&str], options: Options) -> (Vec<Match>, RunStats) {
    let parsed = eql::parse(query);
    assert!(!parsed.has_errors(), "{query}: {:?}", parsed.diagnostics);
    let plan = eql::lower(parsed.query.as_ref().expect("a query without errors has a tree"));
    let mut interpreter = Interpreter::new(&plan, options)
        .unwrap_or_else(|error| panic!("{query}: cannot run: {error}"));

    let mut found = Vec::new();
    for text in events {
        let event = Event::from_text(text.to_string())
            .unwrap_or_else(|error| panic!("bad event {text}: {error}"));
        interpreter.push(Rc::new(event), &mut found);
    }
    interpreter.finish(&mut found);
    (found, interpreter.stats())
}

/// The `id` of each matched event, matches flattened; `None` for a missing
/// stage.
fn ids(query: &str, events: &[&str]) -> Vec<Option<i64>> {
    ids_with(query, events, Options::default())
}

/// [`ids`] with `options`.
fn ids_with(query: &str, events: &[&str], options: Options) -> Vec<Option<i64>> {
    groups_with(query, events, options).into_iter().flatten().collect()
}

/// The `id`s of each match's events, one list per match.
fn groups(query: &str, events: &[&str]) -> Vec<Vec<Option<i64>>> {
    groups_with(query, events, Options::default())
}

/// [`groups`] with `options`.
fn groups_with(query: &str, events: &[&str], options: Options) -> Vec<Vec<Option<i64>>> {
    let (found, _) = run(query, events, options);
    found
        .iter()
        .map(|matched| matched.events.iter().map(|event| event.as_deref().map(id)).collect())
        .collect()
}

/// The event's `id` field.
fn id(event: &Event) -> i64 {
    match event.field("id").first() {
        Some(Value::Long(id)) => *id,
        other => panic!("event without an integer id: {other:?}"),
    }
}

/// Options with Kleene logic under `not` instead of Elasticsearch's `must_not`.
fn three_valued() -> Options {
    Options { logic: Logic::ThreeValued, ..Options::default() }
}

/// One event with a field of every type, for conditions on functions and
/// operators.
const SUBJECT: &str = r#"{"id": 1, "@timestamp": 1, "s": "a-b-c-d", "name": "Explorer.exe",
    "ip": "10.6.48.157", "ip6": "2001:db8::1", "n": 7, "neg": -7, "f": 2.5, "whole": 1.0,
    "flag": true, "emoji": "😀x", "empty": "", "big": 9223372036854775807}"#;

/// Whether `any where condition` matches [`SUBJECT`].
fn holds(condition: &str) -> bool {
    let query = format!("any where {condition}");
    match ids(&query, &[SUBJECT]).as_slice() {
        [] => false,
        [Some(1)] => true,
        other => panic!("{query}: {other:?}"),
    }
}

/// Asserts that each condition of `holding` holds on [`SUBJECT`], and each of `failing`
/// does not.
fn assert_conditions(holding: &[&str], failing: &[&str]) {
    for condition in holding {
        assert!(holds(condition), "should hold: {condition}");
    }
    for condition in failing {
        assert!(!holds(condition), "should not hold: {condition}");
    }
}

mod event_queries;

mod case_rules;

mod null_logic;

mod fields;

mod functions;

mod sequences;

mod samples;

mod stats;

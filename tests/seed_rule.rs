//! The seed rule, "Scheduled Task Created by a Windows Script", run by the
//! reference interpreter over small event streams: one alert for the attack,
//! none for each near miss. Events go through the same reader and rule set
//! as `cargo xtask run`.

use std::path::Path;
use std::rc::Rc;

use ruleproof::harness::run::{Alert, RuleSet};
use ruleproof::harness::{CheckReport, check_rule};
use ruleproof::runtime::input::EventReader;

const SEED_RULE: &str = "rules/persistence_local_scheduled_task_scripting.toml";

/// `cscript.exe` loads `taskschd.dll` on `host` at `second` past 10:00.
fn library_load(host: &str, os: &str, second: &str) -> String {
    format!(
        r#"{{"@timestamp": "2026-12-03T10:00:{second}Z", "host": {{"id": "{host}", "os": {{"type": "{os}"}}}},
            "event": {{"category": ["library"], "type": ["start"], "action": "load"}},
            "process": {{"name": "cscript.exe", "pid": 4242}}, "dll": {{"name": "taskschd.dll"}}}}"#
    )
    .replace('\n', " ")
}

/// A task's `Actions` value is written under TaskCache on `host`.
fn task_actions_change(host: &str, os: &str, second: &str) -> String {
    format!(
        r#"{{"@timestamp": "2026-12-03T10:00:{second}Z", "host": {{"id": "{host}", "os": {{"type": "{os}"}}}},
            "event": {{"category": ["registry"], "type": ["change"]}},
            "registry": {{"value": "Actions", "path": "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tasks\\{{4C2F6B0A-1D3E-4F5A-9B8C-7D6E5F4A3B2C}}\\Actions"}}}}"#
    )
    .replace('\n', " ")
}

/// Runs the seed rule over `lines` (NDJSON) and returns its alerts.
fn alerts(lines: &[String]) -> Vec<Alert> {
    let text = std::fs::read_to_string(SEED_RULE).expect("the seed rule is shipped");
    let report = CheckReport { rules: vec![check_rule(Path::new(SEED_RULE), &text)] };
    let mut rules = RuleSet::new(&report);
    assert_eq!(rules.rules.len(), 1, "the seed rule runs: {:?}", rules.not_run);

    let input = lines.join("\n");
    let mut alerts = Vec::new();
    for read in EventReader::new(input.as_bytes()) {
        let read = read.expect("the test events are well-formed");
        rules.push(&Rc::new(read.event), &mut alerts);
    }
    rules.finish(&mut alerts);
    alerts
}

#[test]
fn script_loading_the_task_scheduler_then_writing_task_actions_raises_one_alert() {
    let found = alerts(&[
        library_load("h1", "windows", "00.000"),
        task_actions_change("h1", "windows", "10.000"),
    ]);

    assert_eq!(found.len(), 1);
    let alert = &found[0];
    assert_eq!(alert.rule_id, "689b9d57-e4d5-4357-ad17-9c334609d79a");
    assert_eq!((alert.severity.as_str(), alert.risk_score), ("medium", 47));
    let categories: Vec<&str> = alert
        .events
        .iter()
        .map(|event| {
            event.as_ref().expect("no missing stage").json()["event"]["category"][0]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(categories, ["library", "registry"]);
}

#[test]
fn maxspan_is_inclusive_at_thirty_seconds_and_exceeded_a_millisecond_later() {
    let at_limit = alerts(&[
        library_load("h1", "windows", "00.000"),
        task_actions_change("h1", "windows", "30.000"),
    ]);
    let past_limit = alerts(&[
        library_load("h1", "windows", "00.000"),
        task_actions_change("h1", "windows", "30.001"),
    ]);

    assert_eq!(at_limit.len(), 1);
    assert_eq!(past_limit.len(), 0);
}

#[test]
fn a_change_on_another_host_does_not_join() {
    let found = alerts(&[
        library_load("h1", "windows", "00.000"),
        task_actions_change("h2", "windows", "10.000"),
    ]);

    assert_eq!(found.len(), 0);
}

#[test]
fn the_change_before_the_load_is_the_wrong_order() {
    let found = alerts(&[
        task_actions_change("h1", "windows", "00.000"),
        library_load("h1", "windows", "10.000"),
    ]);

    assert_eq!(found.len(), 0);
}

#[test]
fn host_os_type_compares_case_sensitively() {
    let found = alerts(&[
        library_load("h1", "Windows", "00.000"),
        task_actions_change("h1", "Windows", "10.000"),
    ]);

    assert_eq!(found.len(), 0);
}

//! `cargo xtask run`: runs every EQL rule of a directory over events with the
//! reference interpreter and prints one NDJSON alert per match.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use ruleproof_harness::check_rules;
use ruleproof_harness::run::{RuleSet, RunSettings};
use ruleproof_interp::Options;

use crate::events::{for_each_event, parse_span};

/// Arguments of `run`.
#[derive(clap::Args)]
pub struct Args {
    /// NDJSON or JSON-array events, ordered by timestamp; `-` reads stdin.
    #[arg(long)]
    events: PathBuf,
    /// Directory searched recursively for `*.toml` rules.
    #[arg(long, default_value = "rules")]
    rules: PathBuf,
    /// How long to hold events so that stragglers are put back in timestamp
    /// (then tiebreaker) order, as Elasticsearch sorts them. With `0s` an
    /// event waits only until a later timestamp arrives; a straggler behind
    /// an event already passed on is counted as out of order.
    #[arg(long, default_value = "0s", value_parser = parse_span)]
    reorder_window: i64,
    /// Most partial sequences kept at once per rule; beyond it the oldest is
    /// evicted and counted.
    #[arg(long, default_value_t = Options::default().max_pending)]
    max_pending: usize,
}

/// Prints alerts on stdout, then a summary on stderr.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let report = check_rules(&args.rules)
        .with_context(|| format!("cannot read rules under {}", args.rules.display()))?;
    let settings =
        RunSettings { max_pending: args.max_pending, reorder_window: Some(args.reorder_window) };
    let mut rules = RuleSet::with_settings(&report, &settings);
    for (path, reason) in &rules.not_run {
        eprintln!("not run: {path}: {reason}");
    }

    let started = Instant::now();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut alerts = Vec::new();
    let mut failure = None;
    let input = for_each_event(&args.events, |event| {
        rules.push(&event, &mut alerts);
        for alert in alerts.drain(..) {
            if let Err(error) = writeln!(stdout, "{}", alert.to_json_line()) {
                failure = Some(error);
                return false;
            }
        }
        true
    })?;
    if let Some(error) = failure {
        return Err(error).context("cannot write an alert");
    }
    rules.finish(&mut alerts);
    for alert in alerts.drain(..) {
        writeln!(stdout, "{}", alert.to_json_line()).context("cannot write an alert")?;
    }
    stdout.flush().context("cannot write the alerts")?;
    let elapsed = started.elapsed();

    eprintln!(
        "{} events read, {} rejected, in {elapsed:.2?} ({:.0} events/s); {} rules run, {} not run",
        input.events,
        input.rejected,
        input.events as f64 / elapsed.as_secs_f64().max(1e-9),
        rules.rules.len(),
        rules.not_run.len()
    );
    for rule in &rules.rules {
        let stats = rule.stats();
        let mut notes = Vec::new();
        for (count, what) in [
            (stats.out_of_order, "events out of order"),
            (stats.missing_timestamp, "events without timestamp"),
            (stats.missing_join_key, "events without join key"),
            (stats.evaluation_errors, "evaluation errors"),
            (
                stats.sequence.map_or(0, |s| s.evicted_by_cap),
                "partial sequences evicted by the cap",
            ),
            (stats.sample.map_or(0, |s| s.evicted_by_cap), "sample keys evicted by the cap"),
        ] {
            if count > 0 {
                notes.push(format!("{count} {what}"));
            }
        }
        let notes =
            if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
        eprintln!("  {} alerts: {} [{}]{notes}", rule.alerts, rule.name(), rule.rule_id());
    }
    Ok(ExitCode::SUCCESS)
}

//! `cargo xtask query`: runs one EQL query over events with the reference
//! interpreter and prints each match as one NDJSON line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use ruleproof_diagnostics::{SourceFile, render};
use ruleproof_harness::run::match_json_line;
use ruleproof_interp::{Interpreter, Options};

use crate::events::{for_each_event, parse_span};
use crate::logic::LogicArg;

/// Arguments of `query`.
#[derive(clap::Args)]
pub struct Args {
    /// NDJSON or JSON-array events, ordered by timestamp; `-` reads stdin.
    #[arg(long)]
    events: PathBuf,
    /// The field that breaks timestamp ties.
    #[arg(long)]
    tiebreaker: Option<String>,
    /// The field events are ordered by.
    #[arg(long, default_value = "@timestamp")]
    timestamp: String,
    /// The field `process where` tests.
    #[arg(long, default_value = "event.category")]
    category: String,
    /// Stop after this many matches.
    #[arg(long)]
    size: Option<u64>,
    /// How `not` treats predicates on missing fields.
    #[arg(long, value_enum, default_value = "elasticsearch")]
    logic: LogicArg,
    /// How long to hold events so that stragglers are put back in timestamp
    /// (then tiebreaker) order, as Elasticsearch sorts them. With `0s` an
    /// event waits only until a later timestamp arrives; a straggler behind
    /// an event already passed on is counted as out of order.
    #[arg(long, default_value = "0s", value_parser = parse_span)]
    reorder_window: i64,
    /// Most partial sequences kept at once; beyond it the oldest is evicted
    /// and counted.
    #[arg(long, default_value_t = Options::default().max_pending)]
    max_pending: usize,
    /// The EQL query.
    query: String,
}

/// Prints `{"events": [...]}` per match, then a summary on stderr.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let parsed = ruleproof_eql::parse(&args.query);
    let source = SourceFile::new("<query>", args.query.as_str());
    for diagnostic in &parsed.diagnostics {
        eprint!("{}", render(diagnostic, &source));
    }
    let Some(query) = parsed.query.filter(|_| !parsed.diagnostics.iter().any(|d| d.is_error()))
    else {
        return Ok(ExitCode::from(2));
    };

    let options = Options {
        category_field: args.category.clone(),
        timestamp_field: args.timestamp.clone(),
        tiebreaker_field: args.tiebreaker.clone(),
        logic: args.logic.into(),
        max_pending: args.max_pending,
        reorder_window: Some(args.reorder_window),
        ..Options::default()
    };
    let mut interpreter = Interpreter::new(&ruleproof_eql::lower(&query), options)?;
    let size = args.size.unwrap_or(u64::MAX);
    let mut printed = 0u64;
    let mut found = Vec::new();
    let mut stdout = std::io::stdout().lock();
    let mut print = |found: &mut Vec<_>, printed: &mut u64| -> anyhow::Result<()> {
        for matched in found.drain(..) {
            if *printed < size {
                writeln!(stdout, "{}", match_json_line(&matched))
                    .context("cannot write a match")?;
                *printed += 1;
            }
        }
        Ok(())
    };

    let mut failure = None;
    let input = for_each_event(&args.events, |event| {
        interpreter.push(event, &mut found);
        if let Err(error) = print(&mut found, &mut printed) {
            failure = Some(error);
            return false;
        }
        printed < size && !interpreter.is_done()
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    interpreter.finish(&mut found);
    print(&mut found, &mut printed)?;

    let stats = interpreter.stats();
    eprintln!(
        "{} events read, {} rejected; {} matches; {} out of order, {} without timestamp, \
         {} without join key, {} evaluation errors, {} partial sequences evicted by the cap",
        input.events,
        input.rejected,
        printed,
        stats.out_of_order,
        stats.missing_timestamp,
        stats.missing_join_key,
        stats.evaluation_errors,
        stats.sequence.map_or(0, |sequence| sequence.evicted_by_cap)
            + stats.sample.map_or(0, |sample| sample.evicted_by_cap)
    );
    Ok(ExitCode::SUCCESS)
}

//! `cargo xtask conformance`: runs Elasticsearch's EQL specs through the
//! reference interpreter and reports pass or fail per spec.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use ruleproof_harness::conformance::{Outcome, load_events, load_specs, run_specs};
use serde_json::json;

use crate::check::Format;
use crate::logic::LogicArg;

/// Arguments of `conformance`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder holding Elasticsearch's `specs/` and `data/`.
    #[arg(long, default_value = "../shared/conformance/elasticsearch")]
    dir: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Print every spec, not only the ones that did not pass.
    #[arg(long)]
    all: bool,
    /// How `not` treats predicates on missing fields.
    #[arg(long, value_enum, default_value = "elasticsearch")]
    logic: LogicArg,
}

/// Runs the specs; exit code 1 when a spec fails or cannot run.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let specs = load_specs(&args.dir.join("specs")).context("cannot load the specs")?;
    let events =
        load_events(&args.dir.join("data/test_data.json")).context("cannot load the data")?;
    let results = run_specs(&specs, &events, args.logic.into());

    let count =
        |wanted: fn(&Outcome) -> bool| results.iter().filter(|r| wanted(&r.outcome)).count();
    let passed = count(|outcome| matches!(outcome, Outcome::Pass));
    let failed = count(|outcome| matches!(outcome, Outcome::Fail | Outcome::Error(_)));
    let known = count(|outcome| matches!(outcome, Outcome::KnownDifference(_)));

    let mut out = String::new();
    match args.format {
        Format::Human => {
            for result in &results {
                let verdict = match &result.outcome {
                    Outcome::Pass if !args.all => continue,
                    Outcome::Pass => "pass".to_string(),
                    Outcome::Fail => "FAIL".to_string(),
                    Outcome::KnownDifference(reason) => format!("known difference ({reason})"),
                    Outcome::Error(message) => format!("ERROR {message}"),
                };
                out.push_str(&format!(
                    "{} {}::{}\n  query:    {}\n  expected: {:?}\n  actual:   {:?}\n",
                    verdict,
                    result.spec.file,
                    result.spec.name,
                    result.spec.query.replace('\n', "\n            "),
                    result.spec.expected,
                    result.actual
                ));
            }
            out.push_str(&format!(
                "conformance: {passed} passed, {failed} failed, {known} known differences, of {} specs\n",
                results.len()
            ));
        }
        Format::Json => {
            let specs: Vec<_> = results
                .iter()
                .map(|result| {
                    let (outcome, detail) = match &result.outcome {
                        Outcome::Pass => ("pass", None),
                        Outcome::Fail => ("fail", None),
                        Outcome::KnownDifference(reason) => ("known-difference", Some(reason.to_string())),
                        Outcome::Error(message) => ("error", Some(message.clone())),
                    };
                    json!({"file": result.spec.file, "name": result.spec.name, "outcome": outcome,
                           "detail": detail, "expected": result.spec.expected, "actual": result.actual})
                })
                .collect();
            let document = json!({"summary": {"specs": results.len(), "passed": passed, "failed": failed,
                                              "known_differences": known}, "specs": specs});
            out = format!("{document:#}\n");
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes()).context("cannot write the report")?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

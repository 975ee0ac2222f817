//! `cargo xtask check`: the verdict on a rule directory, for people or CI.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use ruleproof_harness::{check_rules, report};

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with the offending text underlined, then a summary.
    Human,
    /// One JSON document with a summary and every rule's diagnostics.
    Json,
}

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    /// Directory searched recursively for `*.toml` rules.
    #[arg(long, default_value = "rules")]
    rules: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Checks the rules and prints the report; exit code 1 when a rule has an error.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let report = check_rules(&args.rules)
        .with_context(|| format!("cannot read rules under {}", args.rules.display()))?;

    let text = match args.format {
        Format::Human => report::human(&report),
        Format::Json => format!("{:#}\n", report::json(&report)),
    };
    std::io::stdout().lock().write_all(text.as_bytes()).context("cannot write the report")?;

    Ok(if report.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

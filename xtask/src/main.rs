//! The ruleproof command line, run as `cargo xtask <command>`.
//!
//! Each command is a small module that parses its arguments and calls into the
//! library crates, so tests exercise the same code the CLI runs. Exit codes:
//! 0 when every rule is sound, 1 when some rule has an error, 2 on usage or
//! I/O errors.

mod bench;
mod check;
mod conformance;
mod events;
mod logic;
mod query;
mod run;
mod workload;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Rule-as-code testing for Elastic EQL detection rules.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load, parse and check every rule under a directory.
    Check(check::Args),
    /// Measure rule parsing, and the interpreter's throughput and memory.
    Bench(bench::Args),
    /// Run Elasticsearch's EQL specs through the reference interpreter.
    Conformance(conformance::Args),
    /// Run one EQL query over events and print the matches as NDJSON.
    Query(query::Args),
    /// Run every EQL rule over events and print the alerts as NDJSON.
    Run(run::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Conformance(args) => conformance::run(&args),
        Command::Query(args) => query::run(&args),
        Command::Run(args) => run::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

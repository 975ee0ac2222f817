//! The ruleproof command line, run as `cargo xtask <command>`.
//!
//! Each command is a small module that parses its arguments and calls into the
//! library crates, so tests exercise the same code the CLI runs. Exit codes:
//! 0 when every rule is sound, 1 when some rule has an error, 2 on usage or
//! I/O errors.

mod bench;
mod check;

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
    /// Measure how long loading and parsing a rule directory takes.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Bench(args) => bench::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

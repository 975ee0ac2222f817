//! `cargo xtask bench`: speed and memory figures, measured in release mode and
//! written down in the README rather than asserted by timed tests. `parse`
//! times the rule front end, `run` the reference interpreter over events.

mod parse;
mod run;

use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Arguments of `bench`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Time TOML loading and EQL parsing of a rule directory.
    Parse(parse::Args),
    /// Time reading events and running rules over them, and measure peak memory.
    Run(run::Args),
}

/// Runs the chosen benchmark.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match &args.command {
        Command::Parse(args) => parse::run(args),
        Command::Run(args) => run::run(args),
    }
}

/// How long repeated work took.
#[derive(Clone, Copy, Debug)]
struct Timing {
    /// The median time, the figure to quote.
    median: Duration,
    /// The shortest time, the least disturbed by the rest of the machine.
    best: Duration,
}

/// Times `runs` calls of `work` (at least one); returns what the last call returned.
fn time<T>(
    runs: usize,
    mut work: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<(Timing, T)> {
    let start = Instant::now();
    let mut last = work()?;
    let mut times = vec![start.elapsed()];
    for _ in 1..runs {
        let start = Instant::now();
        last = work()?;
        times.push(start.elapsed());
    }
    times.sort();

    Ok((Timing { median: times[times.len() / 2], best: times[0] }, last))
}

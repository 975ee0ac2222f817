//! Reading the events `query` and `run` work on: a file or standard input,
//! NDJSON or a JSON array, with every rejected line reported on stderr and
//! progress shown on long inputs.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::Context;
use ruleproof_runtime::event::Event;
use ruleproof_runtime::input::EventReader;

/// Counts over one input.
#[derive(Debug, Default)]
pub struct InputStats {
    /// Events read and handed on.
    pub events: u64,
    /// Lines or array elements rejected as malformed.
    pub rejected: u64,
}

/// Calls `each` with every event of `path` (`-` for standard input) in input
/// order, until it returns `false`. Malformed events are reported on stderr
/// with their line and column, counted, and skipped.
pub fn for_each_event(
    path: &Path,
    mut each: impl FnMut(Rc<Event>) -> bool,
) -> anyhow::Result<InputStats> {
    let input: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(BufReader::new(io::stdin().lock()))
    } else {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        Box::new(BufReader::with_capacity(1 << 16, file))
    };

    let mut stats = InputStats::default();
    let started = Instant::now();
    let mut next_progress = Duration::from_secs(2);
    for item in EventReader::new(input) {
        match item {
            Ok(read) => {
                stats.events += 1;
                if !each(Rc::new(read.event)) {
                    break;
                }
            }
            Err(error) => {
                stats.rejected += 1;
                eprintln!(
                    "{}:{}:{}: rejected: {}",
                    path.display(),
                    error.line,
                    error.column,
                    error.message
                );
            }
        }
        if stats.events % 4096 == 0 && started.elapsed() >= next_progress {
            eprintln!("... {} events read in {:.0?}", stats.events, started.elapsed());
            next_progress += Duration::from_secs(2);
        }
    }
    Ok(stats)
}

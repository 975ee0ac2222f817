//! Reading the events `query` and `run` work on: a file or standard input,
//! NDJSON or a JSON array, with every rejected line reported on stderr and
//! progress shown on long inputs; and the spans their options take.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::Context;
use ruleproof_eql::ast::TimeUnit;
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

/// Reads a span such as `500ms`, `5s` or `2m` as nanoseconds, with the units
/// of `maxspan`.
pub fn parse_span(text: &str) -> Result<i64, String> {
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: i64 =
        number.parse().map_err(|_| format!("`{text}` does not start with a whole number"))?;
    let unit = TimeUnit::from_name(unit)
        .ok_or_else(|| format!("`{text}` needs a unit: ms, s, m, h or d"))?;
    let millis = i64::try_from(unit.millis()).unwrap_or(i64::MAX);
    Ok(number.saturating_mul(millis).saturating_mul(1_000_000))
}

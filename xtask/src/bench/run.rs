//! `cargo xtask bench run`: throughput and memory of the reference interpreter. Writes a
//! synthetic stream of ECS events to a temporary file, times reading it alone and reading it
//! while running rules as `cargo xtask run` does, checks the seed rule's alerts against the
//! attacks planted, and reports peak resident memory at two stream sizes.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::rc::Rc;
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use ruleproof_harness::CheckReport;
use ruleproof_harness::check_rules;
use ruleproof_harness::run::RuleSet;
use ruleproof_runtime::event::Event;
use ruleproof_runtime::input::EventReader;

use super::{Timing, time};
use crate::workload::{self, SEED_RULE_ID, Spec};

/// Arguments of `bench run`.
#[derive(clap::Args)]
pub struct Args {
    /// Directory searched recursively for `*.toml` rules.
    #[arg(long, default_value = "rules")]
    rules: PathBuf,
    /// The `rule_id` of the one rule to run.
    #[arg(long, default_value = SEED_RULE_ID)]
    rule_id: String,
    /// Run every EQL rule under `--rules` instead of one.
    #[arg(long, conflicts_with = "rule_id")]
    all_rules: bool,
    /// How many events to generate.
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
    /// How many timed repetitions; the median is reported, and the best.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Run the rules once and print only the peak resident memory, in KiB, on stdout: how
    /// the benchmark measures a smaller stream in a process of its own.
    #[arg(long, hide = true)]
    peak_only: bool,
}

/// Prints the figures on stderr; fails when the seed rule's alerts differ from the attacks
/// planted, as the benchmark would then no longer measure matching.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let report = check_rules(&args.rules)
        .with_context(|| format!("cannot read rules under {}", args.rules.display()))?;
    let only = (!args.all_rules).then_some(args.rule_id.as_str());
    let selected = rule_set(&report, only);
    if selected.rules.is_empty() {
        bail!("no rule under {} runs with rule_id {}", args.rules.display(), args.rule_id);
    }

    let started = Instant::now();
    let stream = EventsFile::write(args.events)?;
    let written = started.elapsed();
    let attacks = stream.attacks;
    let run_rules = || {
        let mut rules = rule_set(&report, only);
        let outcome = read_and_run(&stream.path, &mut rules)?;
        outcome.check(args.events, attacks)?;
        Ok(outcome)
    };
    if args.peak_only {
        run_rules()?;
        let peak = peak_resident_kib().context("cannot read VmHWM from /proc/self/status")?;
        writeln!(std::io::stdout(), "{peak}")?;
        return Ok(ExitCode::SUCCESS);
    }

    let megabytes = stream.bytes as f64 / 1e6;
    eprintln!(
        "{} events, {megabytes:.0} MB ({} bytes each on average), from {} hosts, with {attacks} \
         attacks planted; written in {written:.1?}",
        thousands(args.events),
        stream.bytes / args.events.max(1),
        Spec::default().hosts,
    );
    for rule in &selected.rules {
        eprintln!("rule: {} [{}]", rule.name(), rule.rule_id());
    }

    let (parse, events) = time(args.runs, || read_events(&stream.path, drop))?;
    ensure!(events == args.events, "read {events} events of {}", args.events);
    eprintln!("{}", throughput("parse only   ", parse, args, stream.bytes));
    let (run, outcome) = time(args.runs, run_rules)?;
    let seed = match outcome.seed_alerts {
        Some(_) => format!("{attacks} planted"),
        None => "the seed rule did not run, so alerts are not checked".to_string(),
    };
    eprintln!(
        "{}; {} alerts, {seed}",
        throughput("parse and run", run, args, stream.bytes),
        outcome.alerts
    );

    let peak = peak_resident_kib();
    let smaller = args.events / 10;
    let smaller_peak = if smaller > 0 { Some(peak_in_child(args, smaller)?) } else { None };
    let mib = |kib: u64| kib as f64 / 1024.0;
    match (peak, smaller_peak) {
        (Some(peak), Some(smaller_peak)) => eprintln!(
            "peak resident memory (VmHWM): {:.1} MiB at {} events; {:.1} MiB at {} events, \
             measured in a process of its own",
            mib(peak),
            thousands(args.events),
            mib(smaller_peak),
            thousands(smaller),
        ),
        (Some(peak), None) => {
            eprintln!("peak resident memory (VmHWM): {:.1} MiB", mib(peak));
        }
        (None, _) => eprintln!("peak resident memory: unknown, /proc/self/status has no VmHWM"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The events file, removed when dropped.
struct EventsFile {
    path: PathBuf,
    bytes: u64,
    attacks: u64,
}

impl EventsFile {
    /// Writes `events` events to a file in the temporary directory.
    fn write(events: u64) -> anyhow::Result<EventsFile> {
        let name = format!("ruleproof-bench-{}-{events}.ndjson", std::process::id());
        let path = std::env::temp_dir().join(name);
        let mut stream = EventsFile { path, bytes: 0, attacks: 0 };

        let file = File::create(&stream.path)
            .with_context(|| format!("cannot create {}", stream.path.display()))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        let spec = Spec { events, ..Spec::default() };
        let written = workload::write_events(&spec, &mut out)
            .and_then(|written| out.flush().map(|()| written))
            .with_context(|| format!("cannot write {}", stream.path.display()))?;
        stream.attacks = written.attacks;
        stream.bytes = std::fs::metadata(&stream.path)?.len();
        Ok(stream)
    }
}

impl Drop for EventsFile {
    fn drop(&mut self) {
        // Nothing to do when it is gone already.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What one run of the rules over the stream produced.
struct Outcome {
    events: u64,
    alerts: u64,
    /// The seed rule's alerts, when it ran.
    seed_alerts: Option<u64>,
    out_of_order: u64,
}

impl Outcome {
    /// Fails unless every event was read in order and the seed rule, if it ran, raised one
    /// alert per attack.
    fn check(&self, events: u64, attacks: u64) -> anyhow::Result<()> {
        ensure!(self.events == events, "read {} events of {events}", self.events);
        ensure!(self.out_of_order == 0, "{} events came out of time order", self.out_of_order);
        if let Some(alerts) = self.seed_alerts {
            ensure!(
                alerts == attacks,
                "the seed rule raised {alerts} alerts for {attacks} planted attacks: the \
                 benchmark no longer measures matching"
            );
        }
        Ok(())
    }
}

/// The runnable rules of `report`, or only the one with rule_id `only`.
fn rule_set(report: &CheckReport, only: Option<&str>) -> RuleSet {
    let mut rules = RuleSet::new(report);
    if let Some(id) = only {
        rules.rules.retain(|rule| rule.rule_id() == id);
    }
    rules
}

/// Reads every event of `path` with the reader and buffer size `cargo xtask run` uses, calling
/// `each` with it; returns how many there were. Any malformed event is an error.
fn read_events(path: &Path, mut each: impl FnMut(Rc<Event>)) -> anyhow::Result<u64> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut reader = EventReader::new(BufReader::with_capacity(1 << 16, file));
    for item in reader.by_ref() {
        match item {
            Ok(read) => each(Rc::new(read.event)),
            Err(error) => bail!("{}: rejected: {error}", path.display()),
        }
    }
    Ok(reader.events_read() as u64)
}

/// Runs `rules` over the events of `path` as `cargo xtask run` does, alerts turned to JSON
/// lines and dropped instead of printed.
fn read_and_run(path: &Path, rules: &mut RuleSet) -> anyhow::Result<Outcome> {
    let mut alerts = Vec::new();
    let events = read_events(path, |event| {
        rules.push(&event, &mut alerts);
        for alert in alerts.drain(..) {
            std::hint::black_box(alert.to_json_line());
        }
    })?;
    rules.finish(&mut alerts);
    for alert in alerts.drain(..) {
        std::hint::black_box(alert.to_json_line());
    }

    let seed = rules.rules.iter().find(|rule| rule.rule_id() == SEED_RULE_ID);
    Ok(Outcome {
        events,
        alerts: rules.rules.iter().map(|rule| rule.alerts).sum(),
        seed_alerts: seed.map(|rule| rule.alerts),
        out_of_order: rules.rules.iter().map(|rule| rule.stats().out_of_order).max().unwrap_or(0),
    })
}

/// The process's peak resident set size so far, in KiB, where Linux reports it.
fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|line| line.strip_prefix("VmHWM:"))?;
    line.trim().strip_suffix("kB")?.trim().parse().ok()
}

/// The peak resident memory of the same benchmark over `events` events, in a fresh process so
/// that this one's peak does not hide it.
fn peak_in_child(args: &Args, events: u64) -> anyhow::Result<u64> {
    let program = std::env::current_exe().context("cannot find the xtask binary")?;
    let mut command = Command::new(program);
    command.args(["bench", "run", "--peak-only", "--runs", "1", "--events"]);
    command.arg(events.to_string()).arg("--rules").arg(&args.rules);
    match args.all_rules {
        true => command.arg("--all-rules"),
        false => command.arg("--rule-id").arg(&args.rule_id),
    };

    let output = command.stderr(Stdio::inherit()).output().context("cannot start xtask")?;
    ensure!(output.status.success(), "the run over {events} events failed");
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim().parse().with_context(|| format!("unexpected peak memory {text:?}"))
}

/// `label  1.23 s  812,345 events/s  830.1 MB/s  (median of 3; best 1.20 s)`.
fn throughput(label: &str, timing: Timing, args: &Args, bytes: u64) -> String {
    let seconds = timing.median.as_secs_f64().max(1e-9);
    format!(
        "{label}  {:.2} s  {} events/s  {:.1} MB/s  (median of {}; best {:.2} s)",
        timing.median.as_secs_f64(),
        thousands((args.events as f64 / seconds) as u64),
        bytes as f64 / seconds / 1e6,
        args.runs.max(1),
        timing.best.as_secs_f64(),
    )
}

/// `1234567` as `1,234,567`.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|group| std::str::from_utf8(group).unwrap_or_default())
        .collect();
    groups.join(",")
}

//! `cargo xtask bench parse`: how long loading and parsing a rule directory
//! takes, the figure the README records for the corpus.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use ruleproof_rule::load_rules_dir;

use super::time;

/// Arguments of `bench parse`.
#[derive(clap::Args)]
pub struct Args {
    /// Directory searched recursively for `*.toml` rules.
    #[arg(long, default_value = "rules")]
    rules: PathBuf,
    /// How many timed repetitions; the median is reported.
    #[arg(long, default_value_t = 20)]
    runs: usize,
}

/// Times TOML loading and EQL parsing separately and prints the medians.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let texts: Vec<(PathBuf, String)> = load_rules_dir(&args.rules)
        .with_context(|| format!("cannot read rules under {}", args.rules.display()))?
        .into_iter()
        .map(|loaded| (loaded.file.path().to_path_buf(), loaded.file.text().to_string()))
        .collect();
    let queries: Vec<String> = texts
        .iter()
        .filter_map(|(path, text)| {
            let loaded = ruleproof_rule::load_rule(path, text);
            let is_eql = loaded.skip_reason().is_none();
            loaded.query.filter(|_| is_eql).map(|source| source.text)
        })
        .collect();
    let bytes: usize = queries.iter().map(String::len).sum();

    let (load, ()) = time(args.runs, || {
        for (path, text) in &texts {
            std::hint::black_box(ruleproof_rule::load_rule(path, text));
        }
        Ok(())
    })?;
    let (parse, ()) = time(args.runs, || {
        for query in &queries {
            std::hint::black_box(ruleproof_eql::parse(query));
        }
        Ok(())
    })?;
    let (load, parse) = (load.median, parse.median);

    eprintln!(
        "{} rule files loaded in {load:.2?} (median of {} runs)\n\
         {} EQL queries, {} KiB, parsed in {parse:.2?} ({:.1} MiB/s)",
        texts.len(),
        args.runs,
        queries.len(),
        bytes / 1024,
        bytes as f64 / parse.as_secs_f64() / (1024.0 * 1024.0),
    );
    Ok(ExitCode::SUCCESS)
}

//! No input makes the loader, the parser or the checks panic: they answer
//! with diagnostics instead. Inputs are token soups and mutations of the
//! shipped rules, chosen by `arbitrary` from deterministic pseudo-random
//! bytes so that a failure repeats on every run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use arbitrary::Unstructured;
use ruleproof::harness::check_rule;

/// Inputs per property; the three together run in about two seconds in a
/// debug build.
const CASES: usize = 15_000;

/// Fragments of EQL, valid and not, that token soups are built from.
const FRAGMENTS: &[&str] = &[
    "process",
    "any",
    "where",
    "sequence",
    "sample",
    "by",
    "with",
    "maxspan",
    "=",
    "30s",
    "runs",
    "until",
    "[",
    "]",
    "![",
    "(",
    ")",
    "and",
    "or",
    "not",
    "in",
    "in~",
    ":",
    "like",
    "like~",
    "regex",
    "regex~",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    ",",
    ".",
    "|",
    "head",
    "tail",
    "1",
    "0",
    "101",
    "1.5",
    "1e3",
    "99999999999999999999",
    "\"a*b?\"",
    "\"\\u{41}\"",
    "\"\\d\"",
    "\"\"\"raw\\\"\"\"",
    "\"",
    "'",
    "`",
    "`a``b`",
    "?",
    "process.name",
    "?dll.name",
    "length",
    "cidrMatch",
    "startsWith~",
    "concat",
    "\"10.0.0.0/8\"",
    "null",
    "true",
    "/*",
    "*/",
    "//",
    "\n",
    " ",
    "é",
    "\u{0}",
    "~",
    "!",
    "join",
    "-[",
    "]]",
    "((((",
    "))))",
];

/// Marsaglia's xorshift64, the byte source for `Unstructured`.
fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// Runs `property` on `CASES` inputs made by `make`, and names the first
/// input that panics.
fn for_all(name: &str, make: impl Fn(&mut Unstructured) -> String, property: impl Fn(&str)) {
    for case in 0..CASES {
        let bytes = pseudo_random_bytes(case as u64, 512);
        let input = make(&mut Unstructured::new(&bytes));
        if catch_unwind(AssertUnwindSafe(|| property(&input))).is_err() {
            panic!("{name}: case {case} panicked on input {input:?}");
        }
    }
}

fn token_soup(u: &mut Unstructured) -> String {
    let count = u.int_in_range(0..=40).unwrap_or(0);
    (0..count).map(|_| *u.choose(FRAGMENTS).unwrap_or(&" ")).collect::<Vec<_>>().join(" ")
}

/// `text` with a few random edits: deletions, duplications, insertions of
/// fragments and truncation, always at character boundaries.
fn mutate(text: &str, u: &mut Unstructured) -> String {
    let mut text = text.to_string();
    let edits = u.int_in_range(1..=4).unwrap_or(1);
    for _ in 0..edits {
        let boundaries: Vec<usize> =
            text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let a = *u.choose(&boundaries).unwrap_or(&0);
        let b = *u.choose(&boundaries).unwrap_or(&0);
        let (start, end) = (a.min(b), a.max(b));
        match u.int_in_range(0..=3).unwrap_or(0) {
            0 => text.replace_range(start..end, ""),
            1 => {
                let copy = text[start..end].to_string();
                text.insert_str(end, &copy);
            }
            2 => text.insert_str(start, u.choose(FRAGMENTS).unwrap_or(&"")),
            _ => text.truncate(end),
        }
    }
    text
}

fn shipped_rules() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir("rules")
        .expect("rules/ is readable")
        .map(|entry| {
            std::fs::read_to_string(entry.expect("readable entry").path()).expect("UTF-8 rule")
        })
        .collect();
    texts.sort();
    texts
}

fn parse_and_check(query: &str) {
    let parsed = ruleproof::eql::parse(query);
    if let Some(query) = &parsed.query {
        ruleproof::eql::check::check(query);
        ruleproof::eql::print(query);
    }
}

#[test]
fn parser_survives_token_soup() {
    for_all("token soup", token_soup, parse_and_check);
}

#[test]
fn parser_survives_mutated_queries() {
    let queries: Vec<String> = shipped_rules()
        .iter()
        .filter_map(|text| {
            let start = text.find("query = '''\n")? + "query = '''\n".len();
            let end = start + text[start..].find("'''")?;
            Some(text[start..end].to_string())
        })
        .collect();
    assert!(queries.len() >= 6);

    for_all(
        "mutated query",
        |u| {
            let query = u.choose(&queries).cloned().unwrap_or_default();
            mutate(&query, u)
        },
        parse_and_check,
    );
}

#[test]
fn loader_survives_mutated_rule_files() {
    let rules = shipped_rules();
    for_all(
        "mutated rule file",
        |u| {
            let rule = u.choose(&rules).cloned().unwrap_or_default();
            mutate(&rule, u)
        },
        |text| {
            check_rule(Path::new("mutated.toml"), text);
        },
    );
}

#[test]
fn deep_nesting_is_refused_before_it_can_overflow_the_stack() {
    let shapes: [fn(usize) -> String; 4] = [
        |n| format!("process where {}true{}", "(".repeat(n), ")".repeat(n)),
        |n| format!("process where {}true", "not ".repeat(n)),
        |n| format!("process where {}", vec!["a == 1"; n].join(" or ")),
        |n| format!("process where a == {}", vec!["1"; n].join(" + ")),
    ];
    for shape in shapes {
        // Deep but allowed: every pass over the tree runs on a test thread's stack.
        let allowed = ruleproof::eql::parse(&shape(95));
        let query = allowed.query.expect("95 levels are allowed");
        assert!(ruleproof::eql::parse(&ruleproof::eql::print(&query)).query.is_some());
        ruleproof::eql::check::check(&query);

        let refused = ruleproof::eql::parse(&shape(100_000));
        let codes: Vec<&str> = refused.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["eql/too-deep"]);
    }
}

/// Found by cargo-fuzz: the parser re-read a non-constant pattern from depth
/// zero to underline it, so nested `: (` patterns recursed without bound.
#[test]
fn nested_non_constant_patterns_are_refused_without_overflow() {
    let query = format!("process where {}1{}", "a : (".repeat(100_000), ")".repeat(100_000));

    let parsed = ruleproof::eql::parse(&query);

    assert!(parsed.query.is_none());
    assert!(parsed.has_errors());
}

//! Fuzzes the EQL parser with arbitrary text: it must never panic, and a query it parses
//! without errors must print as text that parses back to the same shape.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ruleproof_eql::{parse, print};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    let parsed = parse(text);
    if let Some(query) = &parsed.query {
        let _ = ruleproof_eql::check::check(query);
    }
    if parsed.diagnostics.iter().any(|diagnostic| diagnostic.is_error()) {
        return;
    }
    let Some(query) = parsed.query else {
        return;
    };

    let printed = print(&query);
    let reparsed = parse(&printed);
    let errors: Vec<_> = reparsed.diagnostics.iter().filter(|found| found.is_error()).collect();
    assert!(errors.is_empty(), "the print of {text:?} does not parse:\n{printed}\n{errors:#?}");
    let again = reparsed.query.expect("a query parsed without errors");
    assert!(again.same_shape(&query), "the print of {text:?} changes its shape:\n{printed}");
});

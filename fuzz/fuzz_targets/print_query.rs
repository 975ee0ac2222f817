//! Fuzzes the printer with generated trees: each prints as text that parses without
//! errors back to the same shape, as the round-trip test checks on fixed inputs.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ruleproof_eql::ast::Query;
use ruleproof_eql::{parse, print};

fuzz_target!(|query: Query| {
    let printed = print(&query);

    let parsed = parse(&printed);
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|found| found.is_error()).collect();
    assert!(errors.is_empty(), "the print does not parse:\n{printed}\n{errors:#?}");
    let again = parsed.query.expect("a query parsed without errors");
    assert!(again.same_shape(&query), "the print changes the shape:\n{printed}");
});

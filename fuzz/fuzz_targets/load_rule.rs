//! Fuzzes the rule loader with arbitrary TOML text: whatever the input, loading reports
//! diagnostics and never panics.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use ruleproof_rule::load_rule;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    let _ = load_rule(Path::new("fuzz.toml"), text);
});

//! Fuzzes the whole check of one rule file: TOML loading, EQL parsing, the static checks and
//! the print round trip. Whatever the input, the check reports diagnostics and never panics.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use ruleproof_harness::check_rule;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    let _ = check_rule(Path::new("fuzz.toml"), text);
});

//! Integration tests of ruleproof as a user meets it: rule files in, reports
//! out. One binary, one module per area.

mod malformed;
mod no_panic;
mod roundtrip;
mod seed_rule;
mod semantics;
mod shipped_rules;

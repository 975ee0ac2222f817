//! ruleproof: a rule-as-code test framework for Elastic EQL detection rules.
//!
//! This facade re-exports the pipeline's library crates so that a user embeds
//! one dependency: rule loading ([`rule`]), the EQL front end ([`eql`]), the
//! diagnostics both report ([`diagnostics`]), the primitives every engine
//! executes ([`runtime`]), the reference interpreter ([`interp`]) and the
//! harness that checks and runs a rule set end to end ([`harness`]).

pub use ruleproof_diagnostics as diagnostics;
pub use ruleproof_eql as eql;
pub use ruleproof_harness as harness;
pub use ruleproof_interp as interp;
pub use ruleproof_rule as rule;
pub use ruleproof_runtime as runtime;

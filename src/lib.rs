//! ruleproof: a rule-as-code test framework for Elastic EQL detection rules.
//!
//! This facade re-exports the pipeline's library crates so that a user embeds
//! one dependency: rule loading ([`rule`]), the EQL front end ([`eql`]) and the
//! diagnostics both report ([`diagnostics`]).

pub use ruleproof_diagnostics as diagnostics;
pub use ruleproof_eql as eql;
pub use ruleproof_rule as rule;

//! The harness: runs the pipeline over a set of rules and reports the verdict
//! a rule author or a CI gate acts on.
//!
//! [`check_rules`] loads every rule, parses and checks each EQL query and
//! collects the findings with positions in the TOML files; [`report`] renders
//! them for people and for machines; [`run`] runs rules over events with the
//! reference interpreter; [`conformance`] holds that interpreter against
//! Elasticsearch's own EQL specs.

mod check;
pub mod conformance;
pub mod report;
pub mod run;

pub use check::{CheckReport, RuleReport, RuleStatus, Summary, check_rule, check_rules};

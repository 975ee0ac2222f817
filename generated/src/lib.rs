//! Matchers generated from the rules in `rules/`, one module per rule.
//!
//! Everything in this crate is written by `cargo xtask gen`; code generation
//! is not built yet, so the crate holds no rule modules.

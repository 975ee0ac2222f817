//! The reference interpreter: runs a [`Plan`] over events and answers what
//! Elasticsearch would, the yardstick the generated matchers and the
//! synthesizer are held against.
//!
//! [`Interpreter`] takes events one at a time, in time order, and emits
//! [`Match`]es as they complete; memory holds only live sequence state.
//! Conditions are compiled once ([`compile`]) and evaluated per event
//! ([`eval`]) with the primitives of `ruleproof-runtime`.

mod compile;
mod engine;
mod eval;
mod functions;

pub use compile::CompileError;
pub use engine::{Interpreter, Match, Options, RunStats};
pub use ruleproof_eql::Plan;
pub use ruleproof_runtime::logic::Logic;

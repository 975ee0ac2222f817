//! `--logic`: the command-line spelling of how `not` treats predicates on
//! fields an event does not have.

use ruleproof_interp::Logic;

/// The choices of [`Logic`] on the command line.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LogicArg {
    /// A predicate on a missing field does not match, so its negation does.
    Elasticsearch,
    /// `not` of an unknown predicate stays unknown and does not match.
    ThreeValued,
}

impl From<LogicArg> for Logic {
    fn from(arg: LogicArg) -> Logic {
        match arg {
            LogicArg::Elasticsearch => Logic::Elasticsearch,
            LogicArg::ThreeValued => Logic::ThreeValued,
        }
    }
}

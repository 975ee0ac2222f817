//! Rule loading, the first stage of ruleproof: Elastic detection-rules TOML files in, a typed
//! [`Rule`] plus positioned [`Diagnostic`](ruleproof_diagnostics::Diagnostic)s out.
//!
//! [`load_rule`] parses and decodes one file and runs the metadata checks; every diagnostic span
//! is a byte range of the file. [`QuerySource`] maps spans of the decoded query back onto the
//! file, so the EQL stages can underline the query where the author wrote it.

mod check;
pub mod codes;
mod load;
mod model;
mod query_source;

pub use load::{LoadedRule, load_rule, load_rules_dir};
pub use model::{
    AlertSuppression, Framework, IndicatorMapping, IndicatorMappingEntry, InvestigateProvider,
    InvestigateTransform, InvestigationFields, Language, Maturity, Metadata, NewTerms,
    NewTermsWindow, OneOrMany, OsType, OsqueryTransform, RiskScoreMapping, Rule, RuleData,
    RuleSeverity, RuleType, SeverityMapping, SuppressionDuration, Technique, Threat, ThreatEntry,
    Threshold, ThresholdCardinality, Transform, VersionedThreat,
};
pub use query_source::QuerySource;
pub use toml::Spanned;

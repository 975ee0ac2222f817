//! The stable codes of every diagnostic the rule loader reports.
//!
//! Reports and tests match on these strings, so a code never changes once published. Errors
//! mirror what Elastic's loader rejects; warnings mirror what only Elastic's test suite rejects.

/// Error: the file is not valid TOML (or not UTF-8).
pub const TOML_SYNTAX: &str = "toml/syntax";
/// Error: a key the detection-rules format does not know.
pub const UNKNOWN_KEY: &str = "rule/unknown-key";
/// Error: a key the rule needs is absent.
pub const MISSING_KEY: &str = "rule/missing-key";
/// Error: a value of the wrong type or outside an enumeration.
pub const INVALID_VALUE: &str = "rule/invalid-value";
/// Error: `version` or `revision`, which Elastic's version lock owns.
pub const FORBIDDEN_KEY: &str = "rule/forbidden-key";
/// Error: a date not written `YYYY/MM/DD`.
pub const INVALID_DATE: &str = "rule/invalid-date";
/// Warning: `updated_date` before `creation_date`.
pub const DATE_ORDER: &str = "rule/date-order";
/// Error: `min_stack_version` is not a version such as `8.14.0`.
pub const INVALID_STACK_VERSION: &str = "rule/invalid-stack-version";
/// Warning: `min_stack_version` without `min_stack_comments`.
pub const MISSING_STACK_COMMENTS: &str = "rule/missing-stack-comments";
/// Error: a rule name that does not start with a letter or digit, or end with one or a bracket.
pub const INVALID_NAME: &str = "rule/invalid-name";
/// Error: a `rule_id` that is not a lowercase UUID.
pub const INVALID_RULE_ID: &str = "rule/invalid-rule-id";
/// Error: a risk score outside 0 to 100.
pub const RISK_SCORE_RANGE: &str = "rule/risk-score-range";
/// Warning: a risk score outside the band of the rule's severity.
pub const RISK_SCORE_BAND: &str = "rule/risk-score-band";
/// Error: a `language` that does not go with the rule's `type`.
pub const LANGUAGE_MISMATCH: &str = "rule/language-mismatch";
/// Error: both `index` and `data_view_id`.
pub const INDEX_AND_DATA_VIEW: &str = "rule/index-and-data-view";
/// Error: a query that is empty or only whitespace.
pub const EMPTY_QUERY: &str = "rule/empty-query";
/// Error: `max_signals` below 1.
pub const INVALID_MAX_SIGNALS: &str = "rule/invalid-max-signals";
/// Warning: `from` not written `now-<number><unit>`.
pub const INVALID_FROM: &str = "rule/invalid-from";
/// Error: `interval` not written `<number><unit>` with unit `s`, `m`, `h` or `d`.
pub const INVALID_INTERVAL: &str = "rule/invalid-interval";
/// Warning: an Elastic licence not spelt `Elastic License v2`.
pub const LICENSE: &str = "rule/license";
/// Error: a tactic, technique or subtechnique reference that is not a framework URL of its kind.
pub const INVALID_THREAT_REFERENCE: &str = "rule/invalid-threat-reference";
/// Warning: a threat reference URL naming another identifier than `id`.
pub const THREAT_REFERENCE_MISMATCH: &str = "rule/threat-reference-mismatch";
/// Warning: `timeline_id` without `timeline_title`, or the reverse.
pub const TIMELINE_PAIR: &str = "rule/timeline-pair";
/// Error: a `building_block_type` other than `"default"`.
pub const INVALID_BUILDING_BLOCK: &str = "rule/invalid-building-block";

//! The rule model: serde types mirroring the detection-rules TOML layout key for key.
//!
//! Every table denies unknown keys, so a misspelt key fails loading at its own position. Values
//! that later checks or stages point at are kept as [`Spanned`], whose span is a byte range of
//! the TOML file. Tables whose shape Elastic leaves open (`meta`, `filters`, `actions`, ...) stay
//! as plain TOML values.

use serde::Deserialize;
use toml::{Spanned, Table, Value};

/// One rule file: the `[metadata]`, `[rule]` and optional `[transform]` tables.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Bookkeeping about the rule: dates, maturity, integrations, stack versions.
    pub metadata: Metadata,
    /// The detection itself: query, schedule, severity, ATT&CK mapping and so on.
    pub rule: RuleData,
    /// Investigation-guide plugins referenced from `note` as `$osquery_N` and `$investigate_N`.
    #[serde(default)]
    pub transform: Option<Transform>,
}

/// The `[metadata]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Escape hatch from the building-block lookback and interval minimums.
    #[serde(default)]
    pub bypass_bbr_timing: Option<bool>,
    /// Free-form remarks by the rule's maintainers.
    #[serde(default)]
    pub comments: Option<String>,
    /// When the rule was written, `YYYY/MM/DD`.
    pub creation_date: Spanned<String>,
    /// When the rule was deprecated, `YYYY/MM/DD`.
    #[serde(default)]
    pub deprecation_date: Option<Spanned<String>>,
    /// Arbitrary extra information.
    #[serde(default)]
    pub extended: Option<Table>,
    /// The Elastic integration packages whose data the rule reads.
    #[serde(default)]
    pub integration: Option<OneOrMany>,
    /// How far the rule is along its release path.
    #[serde(default)]
    pub maturity: Option<Spanned<Maturity>>,
    /// Why `min_stack_version` is set; expected whenever it is.
    #[serde(default)]
    pub min_stack_comments: Option<String>,
    /// The oldest Elastic Stack release the rule works on, such as `8.14.0`.
    #[serde(default)]
    pub min_stack_version: Option<Spanned<String>>,
    /// Operating systems the rule applies to.
    #[serde(default)]
    pub os_type_list: Option<Vec<OsType>>,
    /// Whether the rule promotes external alerts.
    #[serde(default)]
    pub promotion: Option<bool>,
    /// `false` turns off Elastic's field validation of the query.
    #[serde(default)]
    pub query_schema_validation: Option<bool>,
    /// Endpoint rules that cover the same behaviour.
    #[serde(default)]
    pub related_endpoint_rules: Option<Vec<String>>,
    /// When the rule last changed, `YYYY/MM/DD`; never before `creation_date`.
    pub updated_date: Spanned<String>,
}

/// The `[rule]` table, for every rule type. Keys that belong to one type only are optional here;
/// the checks decide which ones a type needs.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleData {
    /// Kibana rule actions.
    #[serde(default)]
    pub actions: Option<Vec<Table>>,
    /// Grouping of alerts that share field values.
    #[serde(default)]
    pub alert_suppression: Option<AlertSuppression>,
    /// Machine-learning rules: the anomaly score at which an alert is raised.
    #[serde(default)]
    pub anomaly_threshold: Option<i64>,
    /// Who wrote the rule.
    pub author: Vec<String>,
    /// Marks a building-block rule; the only value is `"default"`.
    #[serde(default)]
    pub building_block_type: Option<Spanned<String>>,
    /// Threat-match rules: concurrent searches against the indicator index.
    #[serde(default)]
    pub concurrent_searches: Option<i64>,
    /// Kibana data view to search instead of `index`.
    #[serde(default)]
    pub data_view_id: Option<Spanned<String>>,
    /// What the rule detects.
    pub description: String,
    /// Whether the rule runs once installed.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// EQL rules: the field that holds the event category, instead of `event.category`.
    #[serde(default)]
    pub event_category_override: Option<String>,
    /// Exception lists attached to the rule.
    #[serde(default)]
    pub exceptions_list: Option<Vec<Table>>,
    /// Known benign activity that also matches.
    #[serde(default)]
    pub false_positives: Option<Vec<String>>,
    /// Kibana query filters applied with the query.
    #[serde(default)]
    pub filters: Option<Vec<Table>>,
    /// Start of the lookback window, such as `now-9m`.
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    /// Index patterns the query searches.
    #[serde(default)]
    pub index: Option<Spanned<Vec<String>>>,
    /// How often the rule runs, such as `5m`.
    #[serde(default)]
    pub interval: Option<Spanned<String>>,
    /// Fields shown first when an analyst opens an alert.
    #[serde(default)]
    pub investigation_fields: Option<InvestigationFields>,
    /// Threat-match rules: indicator documents fetched per search.
    #[serde(default)]
    pub items_per_search: Option<i64>,
    /// The query language; absent only on machine-learning rules.
    #[serde(default)]
    pub language: Option<Spanned<Language>>,
    /// The rule's licence, `"Elastic License v2"` for Elastic's own rules.
    #[serde(default)]
    pub license: Option<Spanned<String>>,
    /// Machine-learning rules: the anomaly detection jobs.
    #[serde(default)]
    pub machine_learning_job_id: Option<OneOrMany>,
    /// Most alerts one run may raise; at least 1.
    #[serde(default)]
    pub max_signals: Option<Spanned<i64>>,
    /// Arbitrary Kibana metadata.
    #[serde(default)]
    pub meta: Option<Table>,
    /// Rule name, shown on every alert.
    pub name: Spanned<String>,
    /// New-terms rules: which field values count as new, and since when.
    #[serde(default)]
    pub new_terms: Option<NewTerms>,
    /// The investigation guide, in Markdown.
    #[serde(default)]
    pub note: Option<String>,
    /// The query text; absent only on machine-learning rules.
    #[serde(default)]
    pub query: Option<Spanned<String>>,
    /// Links to background material.
    #[serde(default)]
    pub references: Option<Vec<String>>,
    /// Build-time: integrations the rule depends on, derived rather than written.
    #[serde(default)]
    pub related_integrations: Option<Vec<Table>>,
    /// Build-time: fields the query uses, derived rather than written.
    #[serde(default)]
    pub required_fields: Option<Vec<Table>>,
    /// Endpoint response actions run on each alert.
    #[serde(default)]
    pub response_actions: Option<Vec<Table>>,
    /// Forbidden: Elastic numbers rule revisions in its version lock, not in the rule.
    #[serde(default)]
    pub revision: Option<Spanned<Value>>,
    /// Alert risk score, 0 to 100.
    pub risk_score: Spanned<i64>,
    /// Event fields whose values override `risk_score`.
    #[serde(default)]
    pub risk_score_mapping: Option<Vec<RiskScoreMapping>>,
    /// Stable identifier of the rule, a lowercase UUID.
    pub rule_id: Spanned<String>,
    /// Event field whose value replaces the rule name on alerts.
    #[serde(default)]
    pub rule_name_override: Option<String>,
    /// Setup instructions, in Markdown.
    #[serde(default)]
    pub setup: Option<String>,
    /// Alert severity.
    pub severity: Spanned<RuleSeverity>,
    /// Event fields whose values override `severity`.
    #[serde(default)]
    pub severity_mapping: Option<Vec<SeverityMapping>>,
    /// Free-form tags such as `Tactic: Persistence`.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// The ATT&CK (or ATLAS) tactics and techniques the rule detects.
    #[serde(default)]
    pub threat: Option<Vec<Threat>>,
    /// Threat-match rules: filters on the indicator index.
    #[serde(default)]
    pub threat_filters: Option<Vec<Table>>,
    /// Threat-match rules: the indicator index patterns.
    #[serde(default)]
    pub threat_index: Option<Vec<String>>,
    /// Threat-match rules: where the indicator sits in indicator documents.
    #[serde(default)]
    pub threat_indicator_path: Option<String>,
    /// Threat-match rules: the language of `threat_query`.
    #[serde(default)]
    pub threat_language: Option<Language>,
    /// Threat-match rules: how event fields match indicator fields.
    #[serde(default)]
    pub threat_mapping: Option<Vec<IndicatorMapping>>,
    /// ATT&CK mappings pinned to other framework versions.
    #[serde(default)]
    pub threat_mappings: Option<Vec<VersionedThreat>>,
    /// Threat-match rules: the query that selects indicators.
    #[serde(default)]
    pub threat_query: Option<String>,
    /// Threshold rules: the grouping fields and the count that raises an alert.
    #[serde(default)]
    pub threshold: Option<Threshold>,
    /// How often actions may fire.
    #[serde(default)]
    pub throttle: Option<String>,
    /// EQL rules: the field that orders events with equal timestamps.
    #[serde(default)]
    pub tiebreaker_field: Option<String>,
    /// Timeline template for investigating alerts; set together with `timeline_title`.
    #[serde(default)]
    pub timeline_id: Option<Spanned<String>>,
    /// Title of the timeline template; set together with `timeline_id`.
    #[serde(default)]
    pub timeline_title: Option<Spanned<String>>,
    /// EQL rules: the field that holds the event time, instead of `@timestamp`.
    #[serde(default)]
    pub timestamp_field: Option<String>,
    /// Field used as the event time for the lookback window, usually `event.ingested`.
    #[serde(default)]
    pub timestamp_override: Option<String>,
    /// End of the lookback window, `now` unless set.
    #[serde(default)]
    pub to: Option<String>,
    /// The kind of rule, which decides how the query is run.
    #[serde(rename = "type")]
    pub rule_type: Spanned<RuleType>,
    /// Forbidden: Elastic numbers rule versions in its version lock, not in the rule.
    #[serde(default)]
    pub version: Option<Spanned<Value>>,
}

/// A string or a list of strings, as `integration` and `machine_learning_job_id` allow.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged, expecting = "expected a string or a list of strings")]
pub enum OneOrMany {
    /// A single string.
    One(String),
    /// A list of strings.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The strings, one or many.
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}

/// How far a rule is along its release path. Only `production` rules are tested and shipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Maturity {
    /// Being written.
    Development,
    /// Shipped for trial.
    Experimental,
    /// Shipped, not yet stable.
    Beta,
    /// Shipped and supported.
    Production,
    /// Retired; kept for reference.
    Deprecated,
}

/// An operating system named in `os_type_list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OsType {
    /// Microsoft Windows.
    Windows,
    /// Linux.
    Linux,
    /// Apple macOS.
    Macos,
}

/// The `type` of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleType {
    /// A KQL or Lucene query.
    Query,
    /// A query saved in Kibana.
    SavedQuery,
    /// Anomalies from machine-learning jobs.
    MachineLearning,
    /// An EQL query.
    Eql,
    /// An ES|QL query.
    Esql,
    /// A query whose matches are counted per group.
    Threshold,
    /// Events matched against threat indicators.
    ThreatMatch,
    /// Field values not seen in a history window.
    NewTerms,
}

impl RuleType {
    /// The spelling used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleType::Query => "query",
            RuleType::SavedQuery => "saved_query",
            RuleType::MachineLearning => "machine_learning",
            RuleType::Eql => "eql",
            RuleType::Esql => "esql",
            RuleType::Threshold => "threshold",
            RuleType::ThreatMatch => "threat_match",
            RuleType::NewTerms => "new_terms",
        }
    }
}

/// The language a rule's query is written in. See [`Rule::language`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Event Query Language: the only language ruleproof checks.
    Eql,
    /// ES|QL.
    Esql,
    /// Kibana Query Language.
    Kuery,
    /// Lucene query syntax.
    Lucene,
    /// No query: the rule reads machine-learning anomalies. Never written as `language`; it is
    /// implied by `type = "machine_learning"`.
    #[serde(skip_deserializing)]
    MachineLearning,
}

impl Language {
    /// The spelling used in rule files, or `machine_learning` for the implied language.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Eql => "eql",
            Language::Esql => "esql",
            Language::Kuery => "kuery",
            Language::Lucene => "lucene",
            Language::MachineLearning => "machine_learning",
        }
    }
}

/// Alert severity, which also bounds the risk score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSeverity {
    /// Risk score 0 to 21.
    Low,
    /// Risk score 22 to 47.
    Medium,
    /// Risk score 48 to 73.
    High,
    /// Risk score 74 to 100.
    Critical,
}

impl RuleSeverity {
    /// The spelling used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleSeverity::Low => "low",
            RuleSeverity::Medium => "medium",
            RuleSeverity::High => "high",
            RuleSeverity::Critical => "critical",
        }
    }

    /// The risk scores Elastic expects for this severity, inclusive.
    pub fn risk_score_band(self) -> (i64, i64) {
        match self {
            RuleSeverity::Low => (0, 21),
            RuleSeverity::Medium => (22, 47),
            RuleSeverity::High => (48, 73),
            RuleSeverity::Critical => (74, 100),
        }
    }
}

/// One `[[rule.threat]]` entry: a tactic and the techniques under it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    /// The framework the identifiers come from.
    pub framework: Spanned<Framework>,
    /// The tactic.
    pub tactic: ThreatEntry,
    /// Techniques of the tactic.
    #[serde(default)]
    pub technique: Option<Vec<Technique>>,
}

/// A threat framework.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum Framework {
    /// MITRE ATT&CK.
    #[serde(rename = "MITRE ATT&CK")]
    MitreAttack,
    /// MITRE ATLAS, for attacks on AI systems.
    #[serde(rename = "MITRE ATLAS")]
    MitreAtlas,
}

/// A tactic or subtechnique: identifier, name and reference URL.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatEntry {
    /// Identifier such as `TA0003` or `T1053.005`.
    pub id: Spanned<String>,
    /// Name such as `Persistence`.
    pub name: String,
    /// Framework page of the entry; its path ends with the identifier.
    pub reference: Spanned<String>,
}

/// A `[[rule.threat.technique]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    /// Identifier such as `T1053`.
    pub id: Spanned<String>,
    /// Name such as `Scheduled Task/Job`.
    pub name: String,
    /// Framework page of the technique.
    pub reference: Spanned<String>,
    /// Subtechniques of the technique.
    #[serde(default)]
    pub subtechnique: Option<Vec<ThreatEntry>>,
}

/// A `[[rule.threat_mappings]]` entry: threat entries for one framework version.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionedThreat {
    /// The framework the entries come from.
    pub framework: Spanned<Framework>,
    /// The framework version, such as `19.1`.
    pub version: String,
    /// The entries.
    pub threat: Vec<Threat>,
}

/// The `[rule.investigation_fields]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigationFields {
    /// Field names, in display order.
    pub field_names: Vec<String>,
}

/// The `[rule.alert_suppression]` table. Threshold rules set only `duration`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertSuppression {
    /// Fields whose values group alerts, one to three.
    #[serde(default)]
    pub group_by: Option<Vec<String>>,
    /// How long alerts are suppressed.
    #[serde(default)]
    pub duration: Option<SuppressionDuration>,
    /// `suppress` or `doNotSuppress` events missing a group-by field.
    #[serde(default)]
    pub missing_fields_strategy: Option<String>,
}

/// How long alert suppression lasts.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressionDuration {
    /// `s`, `m` or `h`.
    pub unit: String,
    /// Number of units, at least 1.
    pub value: i64,
}

/// One `risk_score_mapping` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskScoreMapping {
    /// The event field read.
    pub field: String,
    /// Comparison, `equals`.
    #[serde(default)]
    pub operator: Option<String>,
    /// The value compared against.
    #[serde(default)]
    pub value: Option<String>,
}

/// One `severity_mapping` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityMapping {
    /// The event field read.
    pub field: String,
    /// Comparison, `equals`.
    #[serde(default)]
    pub operator: Option<String>,
    /// The value compared against.
    #[serde(default)]
    pub value: Option<String>,
    /// The severity given on a match.
    #[serde(default)]
    pub severity: Option<String>,
}

/// The `[rule.new_terms]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTerms {
    /// Always `new_terms_fields`.
    pub field: String,
    /// The fields whose value combinations must be new.
    pub value: Vec<String>,
    /// Start of the history window.
    pub history_window_start: Vec<NewTermsWindow>,
}

/// A `history_window_start` entry of a new-terms rule.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTermsWindow {
    /// Always `history_window_start`.
    pub field: String,
    /// Date math such as `now-7d`.
    pub value: String,
}

/// The `[rule.threshold]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Fields whose values group events.
    pub field: Vec<String>,
    /// Events per group that raise an alert.
    pub value: i64,
    /// Distinct-value conditions on further fields.
    #[serde(default)]
    pub cardinality: Option<Vec<ThresholdCardinality>>,
}

/// A distinct-value condition of a threshold rule.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdCardinality {
    /// The field counted.
    pub field: String,
    /// Distinct values needed.
    pub value: i64,
}

/// One `threat_mapping` entry of a threat-match rule; its entries must all match.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorMapping {
    /// Field pairs that must match.
    pub entries: Vec<IndicatorMappingEntry>,
}

/// An event field matched against an indicator field.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorMappingEntry {
    /// The event field.
    pub field: String,
    /// Always `mapping`.
    #[serde(rename = "type")]
    pub entry_type: String,
    /// The indicator field.
    pub value: String,
    /// Whether the match is negated.
    #[serde(default)]
    pub negate: Option<bool>,
}

/// The `[transform]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transform {
    /// Osquery investigations, `$osquery_N` in `note`.
    #[serde(default)]
    pub osquery: Option<Vec<OsqueryTransform>>,
    /// Timeline investigations, `$investigate_N` in `note`.
    #[serde(default)]
    pub investigate: Option<Vec<InvestigateTransform>>,
}

/// A `[[transform.osquery]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OsqueryTransform {
    /// Button label.
    pub label: String,
    /// The osquery SQL.
    pub query: String,
    /// How osquery columns map onto ECS fields.
    #[serde(default)]
    pub ecs_mapping: Option<Table>,
}

/// A `[[transform.investigate]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigateTransform {
    /// Button label.
    pub label: String,
    /// Longer explanation.
    #[serde(default)]
    pub description: Option<String>,
    /// Groups of conditions; the groups are alternatives, the conditions in a group all apply.
    pub providers: Vec<Vec<InvestigateProvider>>,
    /// Start of the time range, date math.
    #[serde(default, rename = "relativeFrom")]
    pub relative_from: Option<String>,
    /// End of the time range, date math.
    #[serde(default, rename = "relativeTo")]
    pub relative_to: Option<String>,
}

/// One condition of an investigation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigateProvider {
    /// Whether matching events are excluded rather than included.
    pub excluded: bool,
    /// The event field.
    pub field: String,
    /// `phrase` or `range`.
    #[serde(rename = "queryType")]
    pub query_type: String,
    /// The value, possibly a `{{field}}` template.
    pub value: String,
    /// `string` or `boolean`.
    #[serde(rename = "valueType")]
    pub value_type: String,
}

impl Rule {
    /// The language of the query: `language` when set, else [`Language::MachineLearning`] for
    /// `type = "machine_learning"`, else `None`.
    pub fn language(&self) -> Option<Language> {
        match &self.rule.language {
            Some(language) => Some(*language.get_ref()),
            None if *self.rule.rule_type.get_ref() == RuleType::MachineLearning => {
                Some(Language::MachineLearning)
            }
            None => None,
        }
    }
}

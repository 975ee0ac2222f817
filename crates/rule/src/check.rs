//! Metadata checks on a decoded rule: the constraints of Elastic's schema that serde types do
//! not express, and the format checks of Elastic's test suite.
//!
//! Runs after decoding, before any query stage. A constraint Elastic's loader enforces is an
//! error; one only its test suite enforces is a warning. Every diagnostic points at the value
//! concerned, or at the key when the key itself is the problem.

use std::sync::LazyLock;

use regex::Regex;
use ruleproof_diagnostics::{Diagnostic, Span};
use toml::Spanned;

use crate::codes;
use crate::model::{Framework, Language, Metadata, Rule, RuleData, RuleType, Threat};

/// Runs every check on `rule`, decoded from `text`.
pub(crate) fn check(rule: &Rule, text: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();

    check_metadata(&rule.metadata, &mut diagnostics);
    check_forbidden_keys(&rule.rule, text, &mut diagnostics);
    check_identity(&rule.rule, &mut diagnostics);
    check_scoring(&rule.rule, &mut diagnostics);
    check_language_and_query(&rule.rule, text, &mut diagnostics);
    check_schedule(&rule.rule, &mut diagnostics);
    check_presentation(&rule.rule, &mut diagnostics);

    let versioned = rule.rule.threat_mappings.iter().flatten().flat_map(|mapping| &mapping.threat);
    for threat in rule.rule.threat.iter().flatten().chain(versioned) {
        check_threat(threat, &mut diagnostics);
    }
    diagnostics
}

static DATE: LazyLock<Regex> = LazyLock::new(|| regex(r"^\d{4}/\d{2}/\d{2}$"));
static STACK_VERSION: LazyLock<Regex> = LazyLock::new(|| regex(r"^\d+\.\d+(\.\d+[\w-]*)*$"));
static NAME: LazyLock<Regex> = LazyLock::new(|| regex(r"^[a-zA-Z0-9].+?[a-zA-Z0-9\[\]()]$"));
/// Elastic validates `rule_id` with a pattern anchored only at the start (marshmallow's
/// `Regexp` uses `re.match`), so a longer id loads there; ruleproof accepts it and warns.
static RULE_ID: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
static FROM: LazyLock<Regex> = LazyLock::new(|| regex(r"^now-\d+[yMwdhHms]$"));
static INTERVAL: LazyLock<Regex> = LazyLock::new(|| regex(r"^\d+[mshd]$"));

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the patterns of this module are valid")
}

fn span_of<T>(value: &Spanned<T>) -> Span {
    let range = value.span();
    Span::new(range.start, range.end)
}

fn check_metadata(metadata: &Metadata, diagnostics: &mut Vec<Diagnostic>) {
    let dates = [
        ("creation_date", Some(&metadata.creation_date)),
        ("updated_date", Some(&metadata.updated_date)),
        ("deprecation_date", metadata.deprecation_date.as_ref()),
    ];
    for (key, date) in dates {
        let Some(date) = date else { continue };
        if !DATE.is_match(date.get_ref()) {
            let message = format!("`{key}` must be a date written YYYY/MM/DD");
            diagnostics.push(
                Diagnostic::error(codes::INVALID_DATE, span_of(date), message)
                    .with_help("write it like \"2024/03/25\""),
            );
        }
    }

    let (created, updated) = (metadata.creation_date.get_ref(), metadata.updated_date.get_ref());
    if DATE.is_match(created) && DATE.is_match(updated) && updated < created {
        let message = format!("`updated_date` {updated} is before `creation_date` {created}");
        diagnostics.push(Diagnostic::warning(
            codes::DATE_ORDER,
            span_of(&metadata.updated_date),
            message,
        ));
    }

    if let Some(version) = &metadata.min_stack_version {
        if !STACK_VERSION.is_match(version.get_ref()) {
            diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_STACK_VERSION,
                    span_of(version),
                    "`min_stack_version` is not a stack version",
                )
                .with_help("write it like \"8.14.0\""),
            );
        }
        if metadata.min_stack_comments.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    codes::MISSING_STACK_COMMENTS,
                    span_of(version),
                    "`min_stack_version` is set without `min_stack_comments`",
                )
                .with_help("add `min_stack_comments` saying why the rule needs this version"),
            );
        }
    }
}

fn check_forbidden_keys(rule: &RuleData, text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let forbidden = [
        ("version", &rule.version, "Elastic assigns rule versions in its version lock"),
        ("revision", &rule.revision, "Kibana counts rule revisions itself"),
    ];
    for (key, value, reason) in forbidden {
        let Some(value) = value else { continue };
        let span = key_before(text, span_of(value)).unwrap_or(span_of(value));
        diagnostics.push(
            Diagnostic::error(codes::FORBIDDEN_KEY, span, format!("`{key}` is not allowed here"))
                .with_help(format!("remove it: {reason}")),
        );
    }
}

fn check_identity(rule: &RuleData, diagnostics: &mut Vec<Diagnostic>) {
    if !NAME.is_match(rule.name.get_ref()) {
        diagnostics.push(
            Diagnostic::error(
                codes::INVALID_NAME,
                span_of(&rule.name),
                "rule name must start with a letter or digit and end with one or a bracket",
            )
            .with_help("remove leading and trailing punctuation and spaces from the name"),
        );
    }

    let rule_id = rule.rule_id.get_ref().as_str();
    let uuid_length = RULE_ID.find(rule_id).map(|found| found.end());
    if uuid_length.is_none() {
        diagnostics.push(
            Diagnostic::error(
                codes::INVALID_RULE_ID,
                span_of(&rule.rule_id),
                "`rule_id` must be a lowercase UUID",
            )
            .with_help("write it like \"689b9d57-e4d5-4357-ad17-9c334609d79a\""),
        );
    } else if uuid_length != Some(rule_id.len()) {
        diagnostics.push(
            Diagnostic::warning(
                codes::INVALID_RULE_ID,
                span_of(&rule.rule_id),
                "`rule_id` has characters after its UUID",
            )
            .with_help("Elastic accepts it, but other tools expect exactly a UUID; new rules should use one"),
        );
    }
}

fn check_scoring(rule: &RuleData, diagnostics: &mut Vec<Diagnostic>) {
    let score = *rule.risk_score.get_ref();
    let span = span_of(&rule.risk_score);
    if !(0..=100).contains(&score) {
        let message = format!("`risk_score` {score} is outside 0 to 100");
        diagnostics.push(Diagnostic::error(codes::RISK_SCORE_RANGE, span, message));
        return;
    }

    let severity = *rule.severity.get_ref();
    let (low, high) = severity.risk_score_band();
    if !(low..=high).contains(&score) {
        let message = format!(
            "`risk_score` {score} is outside the {low} to {high} band of severity `{}`",
            severity.as_str()
        );
        diagnostics.push(
            Diagnostic::warning(codes::RISK_SCORE_BAND, span, message)
                .with_help("change the risk score or the severity so that they agree"),
        );
    }
}

fn check_language_and_query(rule: &RuleData, text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let rule_type = *rule.rule_type.get_ref();
    let expected: &[Language] = match rule_type {
        RuleType::Eql => &[Language::Eql],
        RuleType::Esql => &[Language::Esql],
        RuleType::MachineLearning => &[],
        RuleType::Query
        | RuleType::SavedQuery
        | RuleType::Threshold
        | RuleType::ThreatMatch
        | RuleType::NewTerms => &[Language::Kuery, Language::Lucene],
    };
    let header = rule_table_header(text).unwrap_or(span_of(&rule.rule_type));

    match &rule.language {
        Some(language) if !expected.contains(language.get_ref()) => {
            let message = format!(
                "language `{}` does not go with rule type `{}`",
                language.get_ref().as_str(),
                rule_type.as_str()
            );
            let help = match expected {
                [] => "machine-learning rules have no `language`: remove it".to_owned(),
                [only] => format!("use `language = \"{}\"`", only.as_str()),
                [first, second, ..] => {
                    format!("use `{}` or `{}`", first.as_str(), second.as_str())
                }
            };
            diagnostics.push(
                Diagnostic::error(codes::LANGUAGE_MISMATCH, span_of(language), message)
                    .with_help(help),
            );
        }
        Some(_) => {}
        None if !expected.is_empty() => {
            let message = format!("a rule of type `{}` needs a `language`", rule_type.as_str());
            diagnostics.push(Diagnostic::error(codes::MISSING_KEY, header, message));
        }
        None => {}
    }

    match &rule.query {
        Some(query) if query.get_ref().trim().is_empty() => {
            diagnostics.push(Diagnostic::error(
                codes::EMPTY_QUERY,
                span_of(query),
                "the query is empty",
            ));
        }
        Some(_) => {}
        None if rule_type != RuleType::MachineLearning => {
            let message = format!("a rule of type `{}` needs a `query`", rule_type.as_str());
            diagnostics.push(Diagnostic::error(codes::MISSING_KEY, header, message));
        }
        None => {}
    }

    let has_index = rule.index.as_ref().is_some_and(|index| !index.get_ref().is_empty());
    let data_view = rule.data_view_id.as_ref().filter(|data_view| !data_view.get_ref().is_empty());
    if let Some(data_view) = data_view.filter(|_| has_index) {
        diagnostics.push(
            Diagnostic::error(
                codes::INDEX_AND_DATA_VIEW,
                span_of(data_view),
                "`index` and `data_view_id` are both set",
            )
            .with_help("keep one of them: a rule searches either index patterns or a data view"),
        );
    }
}

fn check_schedule(rule: &RuleData, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(max_signals) = rule.max_signals.as_ref().filter(|max| *max.get_ref() < 1) {
        diagnostics.push(Diagnostic::error(
            codes::INVALID_MAX_SIGNALS,
            span_of(max_signals),
            "`max_signals` must be at least 1",
        ));
    }

    if let Some(from) = rule.from.as_ref().filter(|from| !FROM.is_match(from.get_ref())) {
        diagnostics.push(
            Diagnostic::warning(
                codes::INVALID_FROM,
                span_of(from),
                "`from` is not written `now-<number><unit>`",
            )
            .with_help("write it like \"now-9m\"; units are y, M, w, d, h, H, m and s"),
        );
    }

    let interval = rule.interval.as_ref().filter(|interval| !INTERVAL.is_match(interval.get_ref()));
    if let Some(interval) = interval {
        diagnostics.push(
            Diagnostic::error(
                codes::INVALID_INTERVAL,
                span_of(interval),
                "`interval` is not written `<number><unit>`",
            )
            .with_help("write it like \"5m\"; units are s, m, h and d"),
        );
    }
}

fn check_presentation(rule: &RuleData, diagnostics: &mut Vec<Diagnostic>) {
    let misspelt = |license: &&Spanned<String>| {
        license.get_ref().starts_with("Elastic") && license.get_ref() != "Elastic License v2"
    };
    if let Some(license) = rule.license.as_ref().filter(misspelt) {
        diagnostics.push(
            Diagnostic::warning(
                codes::LICENSE,
                span_of(license),
                format!("Elastic licence spelt `{}`", license.get_ref()),
            )
            .with_help("write \"Elastic License v2\""),
        );
    }

    match (&rule.timeline_id, &rule.timeline_title) {
        (Some(id), None) => diagnostics.push(Diagnostic::warning(
            codes::TIMELINE_PAIR,
            span_of(id),
            "`timeline_id` is set without `timeline_title`",
        )),
        (None, Some(title)) => diagnostics.push(Diagnostic::warning(
            codes::TIMELINE_PAIR,
            span_of(title),
            "`timeline_title` is set without `timeline_id`",
        )),
        (Some(_), Some(_)) | (None, None) => {}
    }

    let building_block =
        rule.building_block_type.as_ref().filter(|kind| kind.get_ref() != "default");
    if let Some(building_block) = building_block {
        diagnostics.push(
            Diagnostic::error(
                codes::INVALID_BUILDING_BLOCK,
                span_of(building_block),
                "`building_block_type` must be \"default\"",
            )
            .with_help("write `building_block_type = \"default\"`, or remove it"),
        );
    }
}

/// The three levels of a threat entry, each with its own reference URL shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ThreatLevel {
    Tactic,
    Technique,
    Subtechnique,
}

static ATTACK_TACTIC: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^https://attack\.mitre\.org/tactics/(TA\d+)/$"));
static ATTACK_TECHNIQUE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^https://attack\.mitre\.org/techniques/(T\d+)/$"));
static ATTACK_SUBTECHNIQUE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^https://attack\.mitre\.org/techniques/(T\d+)/(\d+)/$"));
static ATLAS_TACTIC: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^https://atlas\.mitre\.org/tactics/(AML\.TA\d+)/$"));
static ATLAS_TECHNIQUE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^https://atlas\.mitre\.org/techniques/(AML\.T\d+)/$"));
static ATLAS_SUBTECHNIQUE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^https://atlas\.mitre\.org/techniques/(AML\.T\d+)\.(\d+)/$"));

impl ThreatLevel {
    fn name(self) -> &'static str {
        match self {
            ThreatLevel::Tactic => "tactic",
            ThreatLevel::Technique => "technique",
            ThreatLevel::Subtechnique => "subtechnique",
        }
    }

    /// The reference URL pattern; its capture groups joined with `.` give the identifier.
    fn pattern(self, framework: Framework) -> &'static Regex {
        match (framework, self) {
            (Framework::MitreAttack, ThreatLevel::Tactic) => &ATTACK_TACTIC,
            (Framework::MitreAttack, ThreatLevel::Technique) => &ATTACK_TECHNIQUE,
            (Framework::MitreAttack, ThreatLevel::Subtechnique) => &ATTACK_SUBTECHNIQUE,
            (Framework::MitreAtlas, ThreatLevel::Tactic) => &ATLAS_TACTIC,
            (Framework::MitreAtlas, ThreatLevel::Technique) => &ATLAS_TECHNIQUE,
            (Framework::MitreAtlas, ThreatLevel::Subtechnique) => &ATLAS_SUBTECHNIQUE,
        }
    }

    fn example(self, framework: Framework) -> &'static str {
        match (framework, self) {
            (Framework::MitreAttack, ThreatLevel::Tactic) => {
                "https://attack.mitre.org/tactics/TA0003/"
            }
            (Framework::MitreAttack, ThreatLevel::Technique) => {
                "https://attack.mitre.org/techniques/T1053/"
            }
            (Framework::MitreAttack, ThreatLevel::Subtechnique) => {
                "https://attack.mitre.org/techniques/T1053/005/"
            }
            (Framework::MitreAtlas, ThreatLevel::Tactic) => {
                "https://atlas.mitre.org/tactics/AML.TA0002/"
            }
            (Framework::MitreAtlas, ThreatLevel::Technique) => {
                "https://atlas.mitre.org/techniques/AML.T0051/"
            }
            (Framework::MitreAtlas, ThreatLevel::Subtechnique) => {
                "https://atlas.mitre.org/techniques/AML.T0051.000/"
            }
        }
    }
}

fn check_threat(threat: &Threat, diagnostics: &mut Vec<Diagnostic>) {
    let framework = *threat.framework.get_ref();

    let tactic = &threat.tactic;
    check_threat_reference(
        framework,
        ThreatLevel::Tactic,
        &tactic.id,
        &tactic.reference,
        diagnostics,
    );
    for technique in threat.technique.iter().flatten() {
        let level = ThreatLevel::Technique;
        check_threat_reference(framework, level, &technique.id, &technique.reference, diagnostics);
        for subtechnique in technique.subtechnique.iter().flatten() {
            let (id, reference) = (&subtechnique.id, &subtechnique.reference);
            check_threat_reference(
                framework,
                ThreatLevel::Subtechnique,
                id,
                reference,
                diagnostics,
            );
        }
    }
}

/// Checks that `reference` is a URL of `level` in `framework` naming `id`. Like Elastic's loader,
/// it accepts the URL without its trailing slash.
fn check_threat_reference(
    framework: Framework,
    level: ThreatLevel,
    id: &Spanned<String>,
    reference: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let url = reference.get_ref();
    let url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };

    let Some(captures) = level.pattern(framework).captures(&url) else {
        let message = format!("`reference` is not a {} URL", level.name());
        diagnostics.push(
            Diagnostic::error(codes::INVALID_THREAT_REFERENCE, span_of(reference), message)
                .with_help(format!("write it like \"{}\"", level.example(framework))),
        );
        return;
    };

    let named: Vec<&str> = captures.iter().skip(1).flatten().map(|part| part.as_str()).collect();
    let named = named.join(".");
    if named != *id.get_ref() {
        let message = format!("`reference` names {named} but `id` is {}", id.get_ref());
        diagnostics.push(
            Diagnostic::warning(codes::THREAT_REFERENCE_MISMATCH, span_of(reference), message)
                .with_help("make the identifier in the URL equal `id`"),
        );
    }
}

/// The span of the key written just before the value at `value`, as in `key = value`, dotted
/// keys included. `None` when the value has no key of its own, as in an array.
pub(crate) fn key_before(text: &str, value: Span) -> Option<Span> {
    let before = text.get(..value.start)?.trim_end_matches([' ', '\t']);
    let before = before.strip_suffix('=')?.trim_end_matches([' ', '\t']);
    let end = before.len();

    let start = match before.chars().next_back()? {
        quote @ ('"' | '\'') => before[..end - 1].rfind(quote)?,
        _ => before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(0, |(at, other)| at + other.len_utf8()),
    };
    (start < end).then_some(Span::new(start, end))
}

/// The span of the `[rule]` header line, written the way rule files write it.
fn rule_table_header(text: &str) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == "[rule]" {
            let start = offset + line.find('[').unwrap_or(0);
            return Some(Span::new(start, start + trimmed.len()));
        }
        offset += line.len();
    }
    None
}

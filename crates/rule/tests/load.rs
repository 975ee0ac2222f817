//! Specification of rule loading: decoding of every rule type, diagnostics and their positions,
//! the metadata checks, and the map from query spans back onto the TOML file.

use std::path::Path;

use ruleproof_diagnostics::{Severity, Span, render};
use ruleproof_rule::{Language, LoadedRule, codes, load_rule};

/// A small EQL rule with every key its checks need, and nothing wrong with it.
const MINIMAL: &str = r#"[metadata]
creation_date = "2020/11/29"
maturity = "production"
updated_date = "2026/05/04"

[rule]
author = ["Elastic"]
description = "Detects a test process."
from = "now-9m"
index = ["logs-endpoint.events.process-*"]
language = "eql"
license = "Elastic License v2"
name = "Test Process Started"
risk_score = 47
rule_id = "689b9d57-e4d5-4357-ad17-9c334609d79a"
severity = "medium"
type = "eql"

query = '''
process where process.name == "test.exe"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"

[rule.threat.tactic]
id = "TA0002"
name = "Execution"
reference = "https://attack.mitre.org/tactics/TA0002/"

[[rule.threat.technique]]
id = "T1059"
name = "Command and Scripting Interpreter"
reference = "https://attack.mitre.org/techniques/T1059/"

[[rule.threat.technique.subtechnique]]
id = "T1059.001"
name = "PowerShell"
reference = "https://attack.mitre.org/techniques/T1059/001/"
"#;

fn load(text: &str) -> LoadedRule {
    load_rule(Path::new("rule.toml"), text)
}

/// `MINIMAL` with the one occurrence of `from` replaced by `to`.
fn minimal_with(from: &str, to: &str) -> String {
    assert_eq!(MINIMAL.matches(from).count(), 1, "fixture edit `{from}` is ambiguous or absent");
    MINIMAL.replacen(from, to, 1)
}

/// `MINIMAL` with `lines` added at the end of the `[rule]` table's plain keys.
fn minimal_plus(lines: &str) -> String {
    minimal_with("type = \"eql\"\n", &format!("type = \"eql\"\n{lines}\n"))
}

/// The codes reported, in order.
fn codes_of(loaded: &LoadedRule) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|diagnostic| diagnostic.code).collect()
}

/// The file text under the only diagnostic, after checking it has `code` and `severity`.
fn only(loaded: &LoadedRule, code: &str, severity: Severity) -> String {
    assert_eq!(codes_of(loaded), [code], "{:#?}", loaded.diagnostics);
    let diagnostic = &loaded.diagnostics[0];
    assert_eq!(diagnostic.severity, severity, "{diagnostic:#?}");
    loaded.file.text()[diagnostic.span.start..diagnostic.span.end].to_owned()
}

fn only_error(text: &str, code: &str) -> String {
    only(&load(text), code, Severity::Error)
}

fn only_warning(text: &str, code: &str) -> String {
    only(&load(text), code, Severity::Warning)
}

mod decoding {
    use super::*;

    #[test]
    fn minimal_eql_rule_loads_cleanly() {
        let loaded = load(MINIMAL);

        assert_eq!(loaded.diagnostics, []);
        let rule = loaded.rule.as_ref().unwrap();
        assert_eq!(rule.rule.name.get_ref(), "Test Process Started");
        assert_eq!(rule.rule.threat.as_ref().unwrap()[0].tactic.id.get_ref(), "TA0002");
        assert_eq!(loaded.language(), Some(Language::Eql));
        assert_eq!(loaded.skip_reason(), None);
        assert_eq!(
            loaded.query.as_ref().unwrap().text,
            "process where process.name == \"test.exe\"\n"
        );
    }

    #[test]
    fn syntax_errors_point_at_the_offending_token() {
        let text = minimal_with("risk_score = 47", "risk_score = = 47");
        assert_eq!(only_error(&text, codes::TOML_SYNTAX), "=");
        assert!(load(&text).rule.is_none());

        let two_lines = text.replace("severity = \"medium\"", "severity = \"medium");
        assert_eq!(codes_of(&load(&two_lines)), [codes::TOML_SYNTAX, codes::TOML_SYNTAX]);
    }

    #[test]
    fn duplicate_keys_are_syntax_errors() {
        let text = minimal_plus("risk_score = 48");

        assert_eq!(only_error(&text, codes::TOML_SYNTAX), "risk_score");
    }

    #[test]
    fn unknown_keys_point_at_the_key_and_suggest_the_nearest_one() {
        let loaded = load(&minimal_plus("severty = \"high\""));

        assert_eq!(only(&loaded, codes::UNKNOWN_KEY, Severity::Error), "severty");
        assert_eq!(loaded.diagnostics[0].help.as_deref(), Some("did you mean `severity`?"));
        assert!(loaded.rule.is_none());
    }

    #[test]
    fn unknown_keys_are_found_in_nested_tables_and_quoted() {
        let nested =
            minimal_with("name = \"PowerShell\"\n", "name = \"PowerShell\"\nurl = \"x\"\n");
        assert_eq!(only_error(&nested, codes::UNKNOWN_KEY), "url");

        let quoted = minimal_plus("\"odd key\" = 1");
        assert_eq!(only_error(&quoted, codes::UNKNOWN_KEY), "\"odd key\"");

        let table = format!("{MINIMAL}\n[extra]\nkey = 1\n");
        assert_eq!(only_error(&table, codes::UNKNOWN_KEY), "extra");
    }

    #[test]
    fn unknown_key_renders_with_its_line_and_help() {
        let loaded = load(&minimal_with("maturity", "maturty"));

        let rendered = render(&loaded.diagnostics[0], &loaded.file);

        insta::assert_snapshot!(rendered, @r#"
        error[rule/unknown-key]: unknown key `maturty`
         --> rule.toml:3:1
          |
        3 | maturty = "production"
          | ^^^^^^^
          = help: did you mean `maturity`?
        "#);
    }

    #[test]
    fn missing_required_keys_point_at_the_table_header() {
        let text = minimal_with("rule_id = \"689b9d57-e4d5-4357-ad17-9c334609d79a\"\n", "");
        let loaded = load(&text);

        assert_eq!(only(&loaded, codes::MISSING_KEY, Severity::Error), "[rule]");
        assert_eq!(loaded.diagnostics[0].message, "missing key `rule_id`");
    }

    #[test]
    fn wrongly_typed_values_name_their_key() {
        let loaded = load(&minimal_with("risk_score = 47", "risk_score = \"47\""));

        assert_eq!(only(&loaded, codes::INVALID_VALUE, Severity::Error), "\"47\"");
        assert!(loaded.diagnostics[0].message.starts_with("`risk_score`: invalid type"));
    }

    #[test]
    fn bare_dates_and_mistyped_lists_are_explained() {
        let date = load(&minimal_with("\"2020/11/29\"", "2020-11-29"));
        assert_eq!(only(&date, codes::INVALID_VALUE, Severity::Error), "2020-11-29");
        let message = &date.diagnostics[0].message;
        assert_eq!(message, "`creation_date`: invalid type: date-time, expected a string");

        let integration = load(&minimal_with("maturity", "integration = 5\nmaturity"));
        assert_eq!(only(&integration, codes::INVALID_VALUE, Severity::Error), "5");
        let message = &integration.diagnostics[0].message;
        assert_eq!(message, "`integration`: expected a string or a list of strings");
    }

    #[test]
    fn missing_tables_are_reported_at_the_start_of_the_file() {
        let loaded =
            load("[metadata]\ncreation_date = \"2020/01/01\"\nupdated_date = \"2020/01/01\"\n");

        assert_eq!(only(&loaded, codes::MISSING_KEY, Severity::Error), "");
        assert_eq!(loaded.diagnostics[0].span, Span::at(0));
        assert_eq!(loaded.diagnostics[0].help.as_deref(), Some("add a `[rule]` table"));
    }

    #[test]
    fn enumerations_reject_other_values() {
        let cases = [
            ("severity = \"medium\"", "severity = \"severe\"", "\"severe\""),
            ("maturity = \"production\"", "maturity = \"ready\"", "\"ready\""),
            ("type = \"eql\"", "type = \"eq\"", "\"eq\""),
            ("language = \"eql\"", "language = \"sql\"", "\"sql\""),
            ("language = \"eql\"", "language = \"machine_learning\"", "\"machine_learning\""),
            ("framework = \"MITRE ATT&CK\"", "framework = \"MITRE\"", "\"MITRE\""),
        ];
        for (from, to, value) in cases {
            assert_eq!(only_error(&minimal_with(from, to), codes::INVALID_VALUE), value, "{to}");
        }
    }

    #[test]
    fn forbidden_keys_point_at_the_key_and_keep_the_rule() {
        let loaded = load(&minimal_plus("version = 3"));
        assert_eq!(only(&loaded, codes::FORBIDDEN_KEY, Severity::Error), "version");
        assert!(loaded.rule.is_some());

        assert_eq!(only_error(&minimal_plus("revision  =  1"), codes::FORBIDDEN_KEY), "revision");
    }

    #[test]
    fn files_without_valid_utf8_fail_as_syntax_errors() {
        let dir = scratch_dir("utf8");
        std::fs::write(dir.join("bad.toml"), b"[metadata]\nx = \"\xff\"\n").unwrap();

        let loaded = ruleproof_rule::load_rules_dir(&dir).unwrap();

        assert_eq!(codes_of(&loaded[0]), [codes::TOML_SYNTAX]);
        assert_eq!(loaded[0].diagnostics[0].span, Span::new(16, 17));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn directories_load_recursively_in_path_order() {
        let dir = scratch_dir("walk");
        std::fs::create_dir_all(dir.join("b/nested")).unwrap();
        std::fs::create_dir_all(dir.join("a")).unwrap();
        for path in ["b/nested/z.toml", "b/a.toml", "a/y.toml", "c.toml"] {
            std::fs::write(dir.join(path), MINIMAL).unwrap();
        }
        std::fs::write(dir.join("a/readme.md"), "not a rule").unwrap();

        let loaded = ruleproof_rule::load_rules_dir(&dir).unwrap();

        let paths: Vec<_> =
            loaded.iter().map(|rule| rule.file.path().strip_prefix(&dir).unwrap()).collect();
        assert_eq!(paths, ["a/y.toml", "b/a.toml", "b/nested/z.toml", "c.toml"].map(Path::new));
        assert!(loaded.iter().all(|rule| rule.diagnostics.is_empty()));
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn scratch_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ruleproof-rule-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

mod rule_types {
    use super::*;

    fn non_eql(rule_keys: &str) -> String {
        let start = MINIMAL.find("index =").unwrap();
        let end = MINIMAL.find("[[rule.threat]]").unwrap();
        format!("{}{rule_keys}\n{}", &MINIMAL[..start], &MINIMAL[end..])
    }

    fn assert_skipped(text: &str, reason: &str) {
        let loaded = load(text);
        assert_eq!(loaded.diagnostics, [], "{text}");
        assert_eq!(loaded.skip_reason().as_deref(), Some(reason));
    }

    const COMMON: &str = r#"license = "Elastic License v2"
name = "Test Rule"
risk_score = 21
rule_id = "0c0e3c8a-4e36-4a4f-a0b2-8f2f1e2f4a11"
severity = "low"
"#;

    #[test]
    fn kuery_query_rules_load_and_are_skipped() {
        let text = non_eql(&format!(
            "{COMMON}index = [\"logs-*\"]\nlanguage = \"kuery\"\ntype = \"query\"\n\
             query = \"event.action:test\"\ntimestamp_override = \"event.ingested\"\n\
             [rule.investigation_fields]\nfield_names = [\"host.name\"]\n\
             [rule.alert_suppression]\ngroup_by = [\"host.name\"]\n\
             missing_fields_strategy = \"suppress\"\n\
             [rule.alert_suppression.duration]\nunit = \"m\"\nvalue = 5\n"
        ));

        assert_skipped(&text, "language kuery is not EQL; only EQL rules are checked");
    }

    #[test]
    fn esql_rules_load_and_are_skipped() {
        let text = non_eql(&format!(
            "{COMMON}language = \"esql\"\ntype = \"esql\"\n\
             query = '''\nfrom logs-* metadata _id, _version, _index | keep host.name\n'''\n"
        ));

        assert_skipped(&text, "language esql is not EQL; only EQL rules are checked");
    }

    #[test]
    fn machine_learning_rules_need_no_language_or_query() {
        let text = non_eql(&format!(
            "{COMMON}anomaly_threshold = 75\nmachine_learning_job_id = [\"rare_process\"]\n\
             type = \"machine_learning\"\n"
        ));

        assert_skipped(&text, "machine-learning rule has no query; only EQL rules are checked");
        assert_eq!(load(&text).language(), Some(Language::MachineLearning));
        assert!(load(&text).query.is_none());
    }

    #[test]
    fn new_terms_threshold_and_threat_match_rules_load() {
        let new_terms = non_eql(&format!(
            "{COMMON}index = [\"logs-*\"]\nlanguage = \"kuery\"\ntype = \"new_terms\"\n\
             query = \"event.category:process\"\n[rule.new_terms]\nfield = \"new_terms_fields\"\n\
             value = [\"process.executable\"]\n[[rule.new_terms.history_window_start]]\n\
             field = \"history_window_start\"\nvalue = \"now-7d\"\n"
        ));
        let threshold = non_eql(&format!(
            "{COMMON}index = [\"logs-*\"]\nlanguage = \"lucene\"\ntype = \"threshold\"\n\
             query = \"event.category:network\"\n[rule.threshold]\nfield = [\"source.ip\"]\n\
             value = 1\n[[rule.threshold.cardinality]]\nfield = \"destination.port\"\nvalue = 250\n"
        ));
        let threat_match = non_eql(&format!(
            "{COMMON}index = [\"logs-*\"]\nlanguage = \"kuery\"\ntype = \"threat_match\"\n\
             query = \"email.from.address:*\"\nthreat_index = [\"logs-ti_*\"]\n\
             threat_indicator_path = \"threat.indicator\"\nthreat_language = \"kuery\"\n\
             threat_query = \"@timestamp >= \\\"now-30d/d\\\"\"\n\
             [[rule.threat_filters]]\n[rule.threat_filters.meta]\nnegate = false\n\
             [rule.threat_filters.query.match_phrase]\n\"event.type\" = \"indicator\"\n\
             [[rule.threat_mapping]]\n[[rule.threat_mapping.entries]]\ntype = \"mapping\"\n\
             field = \"email.from.address\"\nvalue = \"threat.indicator.email.address\"\n"
        ));

        for text in [new_terms, threshold, threat_match] {
            assert_skipped(
                &text,
                "language kuery is not EQL; only EQL rules are checked"
                    .replace("kuery", load(&text).language().unwrap().as_str())
                    .as_str(),
            );
        }
    }

    #[test]
    fn transforms_and_loose_tables_load() {
        let text = format!(
            "{MINIMAL}\n[transform]\n[[transform.osquery]]\nlabel = \"Processes\"\n\
             query = \"SELECT * FROM processes\"\n[[transform.investigate]]\nlabel = \"Alerts\"\n\
             description = \"\"\nproviders = [[{{ excluded = false, field = \"event.kind\", \
             queryType = \"phrase\", value = \"signal\", valueType = \"string\" }}]]\n\
             relativeFrom = \"now-48h/h\"\nrelativeTo = \"now\"\n"
        );
        let loaded = load(&text);

        assert_eq!(loaded.diagnostics, []);
        let transform = loaded.rule.unwrap().transform.unwrap();
        assert_eq!(transform.investigate.unwrap()[0].providers[0][0].query_type, "phrase");

        let with_meta =
            format!("{MINIMAL}[rule.meta]\nfrom = \"1m\"\nany = [1, {{ nested = true }}]");
        assert_eq!(load(&with_meta).diagnostics, []);
    }
}

mod checks {
    use super::*;

    #[test]
    fn dates_are_written_year_month_day() {
        let text = minimal_with("\"2020/11/29\"", "\"2020-11-29\"");
        assert_eq!(only_error(&text, codes::INVALID_DATE), "\"2020-11-29\"");

        let deprecation = minimal_with("maturity", "deprecation_date = \"soon\"\nmaturity");
        assert_eq!(only_error(&deprecation, codes::INVALID_DATE), "\"soon\"");
    }

    #[test]
    fn updates_come_after_creation() {
        let text = minimal_with("\"2026/05/04\"", "\"2019/01/01\"");

        assert_eq!(only_warning(&text, codes::DATE_ORDER), "\"2019/01/01\"");
    }

    #[test]
    fn stack_versions_are_versions_with_a_comment() {
        let bad = minimal_with(
            "maturity",
            "min_stack_comments = \"needs x\"\nmin_stack_version = \"8.x\"\nmaturity",
        );
        assert_eq!(only_error(&bad, codes::INVALID_STACK_VERSION), "\"8.x\"");

        let uncommented = minimal_with("maturity", "min_stack_version = \"8.14.0\"\nmaturity");
        assert_eq!(only_warning(&uncommented, codes::MISSING_STACK_COMMENTS), "\"8.14.0\"");

        let fine = minimal_with(
            "maturity",
            "min_stack_comments = \"x\"\nmin_stack_version = \"9.3.0-beta1\"\nmaturity",
        );
        assert_eq!(load(&fine).diagnostics, []);
    }

    #[test]
    fn names_start_and_end_with_a_letter_digit_or_bracket() {
        let text = minimal_with("\"Test Process Started\"", "\"Test Process Started.\"");
        assert_eq!(only_error(&text, codes::INVALID_NAME), "\"Test Process Started.\"");

        let bracketed = minimal_with("\"Test Process Started\"", "\"Test Process (Started)\"");
        assert_eq!(load(&bracketed).diagnostics, []);
    }

    #[test]
    fn rule_ids_are_lowercase_uuids() {
        let text = minimal_with("689b9d57-e4d5", "689B9D57-e4d5");
        assert_eq!(
            only_error(&text, codes::INVALID_RULE_ID),
            "\"689B9D57-e4d5-4357-ad17-9c334609d79a\""
        );

        // Elastic's pattern is anchored only at the start, so a longer id loads there.
        let too_long = minimal_with(
            "689b9d57-e4d5-4357-ad17-9c334609d79a",
            "7eb54028-ca72-4eb7-8185-b6864572347db",
        );
        assert_eq!(
            only_warning(&too_long, codes::INVALID_RULE_ID),
            "\"7eb54028-ca72-4eb7-8185-b6864572347db\""
        );
    }

    #[test]
    fn risk_scores_lie_in_0_to_100_and_in_the_severity_band() {
        let out_of_range = minimal_with("risk_score = 47", "risk_score = 101");
        assert_eq!(only_error(&out_of_range, codes::RISK_SCORE_RANGE), "101");

        let out_of_band = minimal_with("risk_score = 47", "risk_score = 73");
        assert_eq!(only_warning(&out_of_band, codes::RISK_SCORE_BAND), "73");

        let high = minimal_with("severity = \"medium\"", "severity = \"high\"");
        assert_eq!(only_warning(&high, codes::RISK_SCORE_BAND), "47");
    }

    #[test]
    fn languages_go_with_the_rule_type() {
        let text = minimal_with("language = \"eql\"", "language = \"kuery\"");
        let loaded = load(&text);

        assert_eq!(only(&loaded, codes::LANGUAGE_MISMATCH, Severity::Error), "\"kuery\"");
        assert_eq!(loaded.diagnostics[0].help.as_deref(), Some("use `language = \"eql\"`"));
    }

    #[test]
    fn query_rules_need_a_language_and_a_query() {
        let no_language = minimal_with("language = \"eql\"\n", "");
        assert_eq!(only_error(&no_language, codes::MISSING_KEY), "[rule]");

        let no_query =
            minimal_with("query = '''\nprocess where process.name == \"test.exe\"\n'''", "");
        assert_eq!(only_error(&no_query, codes::MISSING_KEY), "[rule]");
    }

    #[test]
    fn queries_are_not_empty() {
        let text = minimal_with("process where process.name == \"test.exe\"\n", "  \n");

        assert_eq!(only_error(&text, codes::EMPTY_QUERY), "'''\n  \n'''");
    }

    #[test]
    fn index_and_data_view_are_exclusive() {
        let text = minimal_plus("data_view_id = \"security-default\"");

        assert_eq!(only_error(&text, codes::INDEX_AND_DATA_VIEW), "\"security-default\"");
    }

    #[test]
    fn max_signals_is_at_least_one() {
        assert_eq!(only_error(&minimal_plus("max_signals = 0"), codes::INVALID_MAX_SIGNALS), "0");
        assert_eq!(load(&minimal_plus("max_signals = 1000")).diagnostics, []);
    }

    #[test]
    fn from_is_relative_to_now() {
        let text = minimal_with("\"now-9m\"", "\"now-9\"");

        assert_eq!(only_warning(&text, codes::INVALID_FROM), "\"now-9\"");
    }

    #[test]
    fn intervals_are_a_number_and_a_unit() {
        let text = minimal_plus("interval = \"5 minutes\"");
        assert_eq!(only_error(&text, codes::INVALID_INTERVAL), "\"5 minutes\"");

        assert_eq!(load(&minimal_plus("interval = \"60m\"")).diagnostics, []);
    }

    #[test]
    fn elastic_licences_are_spelt_exactly() {
        let text = minimal_with("\"Elastic License v2\"", "\"Elastic Licence v2\"");
        assert_eq!(only_warning(&text, codes::LICENSE), "\"Elastic Licence v2\"");

        let other = minimal_with("\"Elastic License v2\"", "\"MIT\"");
        assert_eq!(load(&other).diagnostics, []);
    }

    #[test]
    fn threat_references_are_urls_of_their_level() {
        let cases = [
            ("tactics/TA0002/", "tactics/T0002/"),
            ("techniques/T1059/\"", "techniques/1059/\""),
            ("techniques/T1059/001/", "techniques/T1059.001/"),
        ];
        for (from, to) in cases {
            let text = minimal_with(from, to);
            let span = only_error(&text, codes::INVALID_THREAT_REFERENCE);
            assert!(span.starts_with("\"https://attack.mitre.org/"), "{span}");
        }
    }

    #[test]
    fn threat_references_name_their_id() {
        let text = minimal_with("tactics/TA0002/", "tactics/TA0003/");

        assert_eq!(
            only_warning(&text, codes::THREAT_REFERENCE_MISMATCH),
            "\"https://attack.mitre.org/tactics/TA0003/\""
        );
    }

    #[test]
    fn threat_references_may_omit_the_trailing_slash_or_use_atlas() {
        let unslashed = minimal_with("techniques/T1059/001/", "techniques/T1059/001");
        assert_eq!(load(&unslashed).diagnostics, []);

        let atlas = format!(
            "{MINIMAL}\n[[rule.threat]]\nframework = \"MITRE ATLAS\"\n[rule.threat.tactic]\n\
             id = \"AML.TA0002\"\nname = \"Reconnaissance\"\n\
             reference = \"https://atlas.mitre.org/tactics/AML.TA0002/\"\n\
             [[rule.threat.technique]]\nid = \"AML.T0051\"\nname = \"LLM Prompt Injection\"\n\
             reference = \"https://atlas.mitre.org/techniques/AML.T0051/\"\n\
             [[rule.threat.technique.subtechnique]]\nid = \"AML.T0051.000\"\nname = \"Direct\"\n\
             reference = \"https://atlas.mitre.org/techniques/AML.T0051.000/\"\n"
        );
        assert_eq!(load(&atlas).diagnostics, []);
    }

    #[test]
    fn threat_mappings_entries_are_checked_too() {
        let text = format!(
            "{MINIMAL}\n[[rule.threat_mappings]]\nframework = \"MITRE ATT&CK\"\nversion = \"19.1\"\n\
             [[rule.threat_mappings.threat]]\nframework = \"MITRE ATT&CK\"\n\
             [rule.threat_mappings.threat.tactic]\nid = \"TA0002\"\nname = \"Execution\"\n\
             reference = \"https://attack.mitre.org/tactic/TA0002/\"\n"
        );

        assert_eq!(
            only_error(&text, codes::INVALID_THREAT_REFERENCE),
            "\"https://attack.mitre.org/tactic/TA0002/\""
        );
    }

    #[test]
    fn timelines_come_with_their_title() {
        let id = minimal_plus("timeline_id = \"76e52245-7519-4251-91ab-262fb1a1728c\"");
        assert_eq!(
            only_warning(&id, codes::TIMELINE_PAIR),
            "\"76e52245-7519-4251-91ab-262fb1a1728c\""
        );

        let title = minimal_plus("timeline_title = \"Generic Process Timeline\"");
        assert_eq!(only_warning(&title, codes::TIMELINE_PAIR), "\"Generic Process Timeline\"");

        let both = minimal_plus(
            "timeline_id = \"76e52245-7519-4251-91ab-262fb1a1728c\"\n\
             timeline_title = \"Generic Process Timeline\"",
        );
        assert_eq!(load(&both).diagnostics, []);
    }

    #[test]
    fn building_blocks_are_of_the_default_type() {
        let text = minimal_plus("building_block_type = \"custom\"");
        assert_eq!(only_error(&text, codes::INVALID_BUILDING_BLOCK), "\"custom\"");

        assert_eq!(load(&minimal_plus("building_block_type = \"default\"")).diagnostics, []);
    }
}

mod query_source {
    use super::*;

    /// Loads a minimal rule whose query is written `written`, and returns it with its text.
    fn rule_with_query(written: &str) -> (LoadedRule, String) {
        let original = "query = '''\nprocess where process.name == \"test.exe\"\n'''";
        let text = minimal_with(original, &format!("query = {written}"));
        (load(&text), text)
    }

    /// The file text that the decoded span of `needle`, found at its `nth` occurrence, maps to.
    fn mapped(loaded: &LoadedRule, needle: &str, nth: usize) -> String {
        let query = loaded.query.as_ref().expect("the rule has a query source");
        let (start, _) = query.text.match_indices(needle).nth(nth).expect("needle in query");
        let span = query.to_file_span(Span::new(start, start + needle.len()));
        loaded.file.text()[span.start..span.end].to_owned()
    }

    /// Every character maps to file text that is either itself or an escape sequence, in order.
    fn assert_every_character_maps(loaded: &LoadedRule) {
        let query = loaded.query.as_ref().unwrap();
        let token = query.token_span();
        let mut previous_end = token.start;
        for (start, character) in query.text.char_indices() {
            let span = query.to_file_span(Span::new(start, start + character.len_utf8()));
            let written = &loaded.file.text()[span.start..span.end];
            assert!(written == character.to_string() || written.starts_with('\\'), "{written:?}");
            assert!(span.start >= previous_end && span.end <= token.end, "{span:?}");
            previous_end = span.end;
        }
    }

    #[test]
    fn literal_strings_map_byte_for_byte() {
        let (loaded, _) = rule_with_query("'process where a == \"é\" and b == 1'");

        assert_eq!(mapped(&loaded, "b == 1", 0), "b == 1");
        assert_eq!(mapped(&loaded, "é", 0), "é");
        assert_every_character_maps(&loaded);
    }

    #[test]
    fn multiline_literal_strings_skip_the_first_line_break() {
        let (loaded, text) = rule_with_query("'''\r\nprocess where a == \"ü\"\r\n  and b'''");

        assert_eq!(loaded.query.as_ref().unwrap().text, "process where a == \"ü\"\r\n  and b");
        assert_eq!(mapped(&loaded, "and b", 0), "and b");
        let query = loaded.query.as_ref().unwrap();
        assert_eq!(query.to_file_span(Span::at(0)).start, text.find("process where a").unwrap());
        assert_every_character_maps(&loaded);
    }

    #[test]
    fn basic_strings_map_through_escapes() {
        let written = r#""a \"x\" \u00e9\t\\ \U0001F600 \e\x41 é end""#;
        let (loaded, _) = rule_with_query(written);

        assert_eq!(loaded.query.as_ref().unwrap().text, "a \"x\" é\t\\ 😀 \u{1b}A é end");
        assert_eq!(mapped(&loaded, "end", 0), "end");
        assert_eq!(mapped(&loaded, "é", 0), r"\u00e9");
        assert_eq!(mapped(&loaded, "é", 1), "é");
        assert_eq!(mapped(&loaded, "\"x\"", 0), r#"\"x\""#);
        assert_eq!(mapped(&loaded, "😀", 0), r"\U0001F600");
        assert_eq!(mapped(&loaded, "\u{1b}A", 0), r"\e\x41");
        assert_every_character_maps(&loaded);
    }

    #[test]
    fn spans_inside_an_escape_widen_to_the_whole_escape() {
        let (loaded, _) = rule_with_query(r#""x\u00e9y""#);
        let query = loaded.query.as_ref().unwrap();

        let second_byte_of_e = query.to_file_span(Span::new(2, 3));

        assert_eq!(&loaded.file.text()[second_byte_of_e.start..second_byte_of_e.end], r"\u00e9");
    }

    #[test]
    fn multiline_basic_strings_trim_line_ending_backslashes() {
        let written = "\"\"\"\nprocess where \\\n     a == \"\\u00e9\" and \\  \n\n  b\"\"\"";
        let (loaded, _) = rule_with_query(written);

        assert_eq!(loaded.query.as_ref().unwrap().text, "process where a == \"é\" and b");
        assert_eq!(mapped(&loaded, "a ==", 0), "a ==");
        assert_eq!(mapped(&loaded, "and b", 0), "and \\  \n\n  b");
        assert_eq!(mapped(&loaded, "é", 0), r"\u00e9");
        assert_every_character_maps(&loaded);
    }

    #[test]
    fn empty_spans_and_the_end_of_the_text_map_to_positions() {
        let (loaded, text) = rule_with_query(r#""a\tb""#);
        let query = loaded.query.as_ref().unwrap();
        let token = query.token_span();

        assert_eq!(query.to_file_span(Span::at(2)), Span::at(token.start + 4));
        assert_eq!(query.to_file_span(Span::at(3)), Span::at(token.end - 1));
        assert_eq!(query.to_file_span(Span::new(1, 99)), Span::new(token.start + 2, token.end - 1));
        assert_eq!(&text[token.start..token.end], r#""a\tb""#);
    }

    #[test]
    fn diagnostics_move_onto_the_file() {
        let (loaded, _) = rule_with_query(r#""\tbad""#);
        let query = loaded.query.as_ref().unwrap();
        let diagnostic =
            ruleproof_diagnostics::Diagnostic::error("eql/test", Span::new(1, 4), "bad token");

        let moved = query.to_file_diagnostic(diagnostic);

        assert_eq!(&loaded.file.text()[moved.span.start..moved.span.end], "bad");
    }

    #[test]
    fn the_query_source_needs_the_text_the_rule_came_from() {
        let loaded = load(MINIMAL);
        let rule = loaded.rule.as_ref().unwrap();

        assert_eq!(rule.query_source(MINIMAL), loaded.query);
        assert_eq!(rule.query_source("too short"), None);
    }
}

mod seed {
    use super::*;

    const SEED: &str =
        include_str!("../../../rules/persistence_local_scheduled_task_scripting.toml");

    #[test]
    fn the_seed_rule_loads_without_diagnostics() {
        let loaded = load_rule(Path::new("persistence_local_scheduled_task_scripting.toml"), SEED);

        assert_eq!(loaded.diagnostics, []);
        assert_eq!(loaded.skip_reason(), None);
        let rule = loaded.rule.as_ref().unwrap();
        assert_eq!(rule.rule.rule_id.get_ref(), "689b9d57-e4d5-4357-ad17-9c334609d79a");
        assert_eq!(rule.rule.threat.as_ref().unwrap().len(), 2);
    }

    #[test]
    fn the_seed_query_maps_back_exactly() {
        let loaded = load_rule(Path::new("seed.toml"), SEED);
        let query = loaded.query.as_ref().unwrap();

        let whole = query.to_file_span(Span::new(0, query.text.len()));

        assert_eq!(&SEED[whole.start..whole.end], query.text);
        assert!(query.text.starts_with("sequence by host.id with maxspan = 30s\n"));
        let sequence = query.text.find("registry.path").unwrap();
        let mapped = query.to_file_span(Span::new(sequence, sequence + "registry.path".len()));
        assert_eq!(&SEED[mapped.start..mapped.end], "registry.path");
    }
}

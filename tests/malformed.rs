//! The catalogue of malformed rules: each case is a rule file with one mistake
//! and the diagnostic ruleproof must give for it, at its line and column in
//! the TOML file. The rendered report of each case is snapshot-tested.

use ruleproof::harness::{RuleStatus, check_rule};
use std::path::Path;

/// A valid EQL rule whose query starts on line 21, column 1. Cases replace
/// `QUERY` or edit the other lines.
const TEMPLATE: &str = r#"[metadata]
creation_date = "2026/12/03"
integration = ["endpoint"]
maturity = "production"
updated_date = "2026/12/03"

[rule]
author = ["ruleproof"]
description = "A rule from the catalogue of malformed inputs."
from = "now-9m"
index = ["logs-endpoint.events.*"]
language = "eql"
license = "Elastic License v2"
name = "Catalogue Rule"
risk_score = 21
rule_id = "0b6f3c1e-8a4d-4f2b-9c7e-5d1a2b3c4d5e"
severity = "low"
tags = ["Domain: Endpoint"]
type = "eql"
query = '''
QUERY
'''
"#;

/// The template with `query` as its query.
fn with_query(query: &str) -> String {
    TEMPLATE.replace("QUERY", query)
}

/// The template with a valid query and `from` replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    let text = with_query("process where true");
    assert!(text.contains(from), "the template has no `{from}`");
    text.replacen(from, to, 1)
}

/// The template with a valid query and an ATT&CK mapping whose tactic ends
/// with `reference_line` (line 29).
fn with_threat(reference_line: &str) -> String {
    with_query("process where true")
        + "\n[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\nid = \"TA0002\"\n\
           name = \"Execution\"\n"
        + reference_line
        + "\n"
}

/// Checks `text` as `catalogue/<name>.toml` and asserts that its first
/// diagnostic has `code` at `line`:`column` and that the rule failed (or,
/// for a warning, did not), then snapshots the whole rendered report.
fn assert_case(name: &str, text: &str, code: &str, line: usize, column: usize) {
    let path = format!("catalogue/{name}.toml");
    let report = check_rule(Path::new(&path), text);
    let first = report.diagnostics.first().unwrap_or_else(|| panic!("{name}: no diagnostic"));
    let position = report.file.line_col(first.span.start);

    assert_eq!(
        (first.code, position.line, position.column),
        (code, line, column),
        "{name}: {}",
        first.message
    );
    let expected_status = if first.is_error() { RuleStatus::Error } else { RuleStatus::Ok };
    assert_eq!(report.status, expected_status, "{name}");

    let rendered: String = report
        .diagnostics
        .iter()
        .map(|diagnostic| ruleproof::diagnostics::render(diagnostic, &report.file))
        .collect::<Vec<_>>()
        .join("\n");
    insta::with_settings!({
        snapshot_path => "../snapshots/malformed",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, rendered);
    });
}

/// One test per catalogue entry:
/// `name: input => "code" at line:column;`
macro_rules! catalogue {
    ($($name:ident: $input:expr => $code:literal at $line:literal : $column:literal;)*) => {
        $(
            #[test]
            fn $name() {
                assert_case(stringify!($name), &$input, $code, $line, $column);
            }
        )*
    };
}

catalogue! {
    // TOML syntax and the rule format.
    toml_unclosed_table_header: edited("[rule]", "[rule") => "toml/syntax" at 7:6;
    toml_duplicate_key: edited("from = \"now-9m\"", "from = \"now-9m\"\nfrom = \"now-5m\"") => "toml/syntax" at 11:1;
    toml_unterminated_string: edited("name = \"Catalogue Rule\"", "name = \"Catalogue Rule") => "toml/syntax" at 14:23;
    toml_bare_value: edited("severity = \"low\"", "severity = low") => "toml/syntax" at 17:12;
    unknown_rule_key: edited("from = \"now-9m\"", "form = \"now-9m\"") => "rule/unknown-key" at 10:1;
    unknown_metadata_key: edited("maturity = \"production\"", "maturity = \"production\"\nowner = \"soc\"") => "rule/unknown-key" at 5:1;
    unknown_threat_key: with_threat("reference = \"https://attack.mitre.org/tactics/TA0002/\"
url = \"https://attack.mitre.org/tactics/TA0002/\"") => "rule/unknown-key" at 30:1;
    forbidden_version: edited("type = \"eql\"", "type = \"eql\"\nversion = 3") => "rule/forbidden-key" at 20:1;
    missing_rule_id: edited("rule_id = \"0b6f3c1e-8a4d-4f2b-9c7e-5d1a2b3c4d5e\"\n", "") => "rule/missing-key" at 7:1;
    severity_not_in_enum: edited("severity = \"low\"", "severity = \"urgent\"") => "rule/invalid-value" at 17:12;
    risk_score_wrong_type: edited("risk_score = 21", "risk_score = \"21\"") => "rule/invalid-value" at 15:14;
    risk_score_out_of_range: edited("risk_score = 21", "risk_score = 150") => "rule/risk-score-range" at 15:14;
    risk_score_outside_severity_band: edited("risk_score = 21", "risk_score = 47") => "rule/risk-score-band" at 15:14;
    rule_id_not_lowercase_uuid: edited("0b6f3c1e-8a4d", "0B6F3C1E-8A4D") => "rule/invalid-rule-id" at 16:11;
    date_wrong_format: edited("creation_date = \"2026/12/03\"", "creation_date = \"2026-12-03\"") => "rule/invalid-date" at 2:17;
    updated_before_created: edited("updated_date = \"2026/12/03\"", "updated_date = \"2026/01/01\"") => "rule/date-order" at 5:16;
    index_and_data_view: edited("language = \"eql\"", "data_view_id = \"security-solution\"\nlanguage = \"eql\"") => "rule/index-and-data-view" at 12:16;
    from_not_relative: edited("from = \"now-9m\"", "from = \"9 minutes ago\"") => "rule/invalid-from" at 10:8;
    interval_without_unit: edited("from = \"now-9m\"", "from = \"now-9m\"\ninterval = \"5\"") => "rule/invalid-interval" at 11:12;
    name_ending_in_period: edited("name = \"Catalogue Rule\"", "name = \"Catalogue Rule.\"") => "rule/invalid-name" at 14:8;
    stack_version_without_comments: edited("maturity = \"production\"", "maturity = \"production\"\nmin_stack_version = \"8.14.0\"") => "rule/missing-stack-comments" at 5:21;
    threat_reference_mismatch: with_threat("reference = \"https://attack.mitre.org/tactics/TA0003/\"") => "rule/threat-reference-mismatch" at 29:13;
    empty_query: with_query("  ") => "rule/empty-query" at 20:9;

    // Lexical errors inside the query, reported at their place in the TOML file.
    unterminated_string: with_query("process where process.name == \"cmd.exe") => "eql/unterminated-string" at 21:31;
    invalid_escape: with_query(r#"process where process.name == "C:\d""#) => "eql/invalid-escape" at 21:34;
    unicode_escape_too_short: with_query(r#"process where process.name == "\u{1}""#) => "eql/invalid-escape" at 21:32;
    unicode_escape_without_brace: with_query(r#"process where process.name == "\u0041""#) => "eql/invalid-escape" at 21:32;
    unicode_escape_not_a_code_point: with_query(r#"process where process.name == "\u{D800}""#) => "eql/invalid-escape" at 21:32;
    single_quoted_string: with_query("process where process.name == 'cmd.exe'") => "eql/unsupported-string" at 21:31;
    question_raw_string: with_query("process where process.name == ?\"cmd.exe\"") => "eql/unsupported-string" at 21:31;
    unterminated_block_comment: with_query("process where /* note /* nested */ true") => "eql/unterminated-comment" at 21:15;
    unexpected_character: with_query("process where process.name == \"a\" # comment") => "eql/unexpected-character" at 21:35;
    bang_colon: with_query("process where process.name !: \"cmd.exe\"") => "eql/unknown-operator" at 21:28;
    lone_bang: with_query("process where !process.name : \"cmd.exe\"") => "eql/unknown-operator" at 21:15;
    empty_backtick_name: with_query("process where `` == 1") => "eql/empty-name" at 21:15;
    unterminated_backtick: with_query("process where `process.name == \"a\"") => "eql/unterminated-name" at 21:15;
    raw_string_across_lines: with_query("process where process.name regex \"\"\"a\nb\"\"\"") => "eql/unterminated-string" at 21:34;

    // Syntax errors and what Elasticsearch rejects after parsing.
    truncated_after_where: with_query("process where") => "eql/unexpected-end" at 21:14;
    truncated_after_operator: with_query("process where process.name ==") => "eql/unexpected-end" at 21:30;
    truncated_sequence_stage: with_query("sequence by host.id\n  [process where true]\n  [file where") => "eql/unexpected-end" at 23:14;
    missing_where: with_query("process process.name == \"a\"") => "eql/unexpected-token" at 21:9;
    missing_category: with_query("where true") => "eql/unexpected-token" at 21:1;
    unclosed_parenthesis: with_query("process where (true and false") => "eql/unexpected-end" at 21:30;
    unclosed_in_list: with_query("process where process.name in (\"a\", \"b\"") => "eql/unexpected-end" at 21:40;
    empty_in_list: with_query("process where process.name in ()") => "eql/unexpected-token" at 21:32;
    single_equals: with_query("process where process.name = \"cmd.exe\"") => "eql/single-equals" at 21:28;
    chained_comparison: with_query("process where 1 < process.pid < 10") => "eql/chained-comparison" at 21:31;
    keyword_as_field: with_query("process where sequence == 1") => "eql/unexpected-token" at 21:15;
    not_before_in: with_query("process where process.name not (\"a\")") => "eql/unexpected-token" at 21:28;
    tilde_without_operator: with_query("process where process.name~ == \"a\"") => "eql/unexpected-token" at 21:23;
    field_to_field_equality: with_query("process where process.name == process.parent.name") => "eql/field-comparison" at 21:31;
    field_in_list: with_query("process where process.name in (\"cmd.exe\", process.parent.name)") => "eql/field-comparison" at 21:43;
    field_in_function_comparison: with_query("process where length(process.name) > length(process.parent.name)") => "eql/field-comparison" at 21:38;
    pattern_is_a_field: with_query("process where process.name : process.parent.name") => "eql/non-constant-pattern" at 21:30;
    pattern_is_a_call: with_query("process where process.name like concat(\"a\", \"*\")") => "eql/non-constant-pattern" at 21:33;
    pattern_list_with_field: with_query("process where process.name regex (\"a.*\", file.name)") => "eql/non-constant-pattern" at 21:42;
    with_before_by: with_query("sequence with maxspan=1m by host.id\n  [process where true]\n  [file where true]") => "eql/by-after-with" at 21:26;
    runs_zero: with_query("sequence\n  [process where true] with runs=0\n  [file where true]") => "eql/invalid-runs" at 22:34;
    runs_too_many: with_query("sequence\n  [process where true] with runs=101\n  [file where true]") => "eql/invalid-runs" at 22:34;
    runs_before_by: with_query("sequence\n  [process where true] with runs=2 by host.id\n  [file where true] by host.id") => "eql/by-after-with" at 22:36;
    runs_unknown_option: with_query("sequence\n  [process where true] with fork=true\n  [file where true]") => "eql/unexpected-token" at 22:29;
    maxspan_decimal: with_query("sequence with maxspan=1.5s\n  [process where true]\n  [file where true]") => "eql/invalid-maxspan" at 21:23;
    maxspan_without_unit: with_query("sequence with maxspan=30\n  [process where true]\n  [file where true]") => "eql/invalid-maxspan" at 21:23;
    maxspan_unknown_unit: with_query("sequence with maxspan=30sec\n  [process where true]\n  [file where true]") => "eql/invalid-maxspan" at 21:25;
    maxspan_zero: with_query("sequence with maxspan=0s\n  [process where true]\n  [file where true]") => "eql/invalid-maxspan" at 21:23;
    single_stage_sequence: with_query("sequence by host.id\n  [process where true]") => "eql/single-stage-sequence" at 22:3;
    join_key_count_mismatch: with_query("sequence\n  [process where true] by host.id\n  [file where true] by host.id, user.id") => "eql/join-key-count" at 23:3;
    join_key_expression: with_query("sequence by length(host.id)\n  [process where true]\n  [file where true]") => "eql/unsupported-join-key" at 21:13;
    missing_stage_without_maxspan: with_query("sequence by host.id\n  [process where true]\n  ![file where true]") => "eql/missing-stage-needs-maxspan" at 23:3;
    only_missing_stages: with_query("sequence with maxspan=1m\n  ![process where true]\n  ![file where true]") => "eql/no-present-stage" at 21:1;
    runs_on_missing_stage: with_query("sequence with maxspan=1m\n  [process where true]\n  ![file where true] with runs=2") => "eql/runs-on-missing-stage" at 23:22;
    until_missing_stage: with_query("sequence with maxspan=1m\n  [process where true]\n  [file where true]\nuntil ![network where true]") => "eql/missing-until" at 24:7;
    sample_with_maxspan: with_query("sample by host.id with maxspan=1m\n  [process where true]\n  [file where true]") => "eql/sample-option" at 21:19;
    sample_with_missing_stage: with_query("sample by host.id\n  [process where true]\n  ![file where true]") => "eql/sample-missing-stage" at 23:3;
    join_query: with_query("join by host.id\n  [process where true]\n  [file where true]") => "eql/unsupported-join" at 21:1;
    unsupported_pipe_count: with_query("process where true | count") => "eql/unsupported-pipe" at 21:22;
    unsupported_pipe_unique: with_query("process where true | unique process.name") => "eql/unsupported-pipe" at 21:22;
    head_zero: with_query("process where true | head 0") => "eql/invalid-pipe" at 21:27;
    array_index: with_query("process where process.args[0] == \"a\"") => "eql/array-index" at 21:27;
    unknown_function: with_query("process where lenght(process.name) > 3") => "eql/unknown-function" at 21:15;
    function_arity: with_query("process where length(process.name, 2) > 3") => "eql/function-arity" at 21:15;
    case_insensitive_function_without_tilde_form: with_query("process where length~(process.name) > 3") => "eql/case-insensitive-function" at 21:15;

    // Static checks on literals, and the bug patterns that parse but mislead.
    string_function_given_number: with_query("process where length(1) > 0") => "eql/literal-type" at 21:22;
    malformed_cidr: with_query("network where cidrMatch(destination.ip, \"10.0.0.0/33\")") => "eql/invalid-cidr" at 21:41;
    invalid_regex: with_query("process where process.name regex \"cmd(.exe\"") => "eql/invalid-regex" at 21:34;
    wildcard_under_equals: with_query("process where process.name == \"*.exe\"") => "eql/wildcard-in-equality" at 21:31;
    wildcard_in_list: with_query("process where process.name in (\"cmd.exe\", \"power?hell.exe\")") => "eql/wildcard-in-equality" at 21:43;
}

//! The static checks of `ruleproof_eql::check`, one module per diagnostic code: each query that
//! triggers a check is paired with near misses that must pass clean.

use ruleproof_diagnostics::{Diagnostic, Severity};
use ruleproof_eql::{check::check, parse};

/// Every diagnostic `check` reports for `text`, which must parse without errors.
fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{text:?} does not parse: {:#?}", parsed.diagnostics);

    check(parsed.query.as_ref().expect("a parsed query"))
}

/// Asserts that `text` gets exactly one diagnostic, with `code` and `severity`, on the text
/// `underlined`, and returns it.
fn one(text: &str, code: &str, severity: Severity, underlined: &str) -> Diagnostic {
    let mut found = diagnostics(text);
    assert_eq!(found.len(), 1, "{text:?} should get one diagnostic: {found:#?}");

    let diagnostic = found.remove(0);
    assert_eq!((diagnostic.code, diagnostic.severity), (code, severity), "{diagnostic:#?}");
    assert_eq!(&text[diagnostic.span.start..diagnostic.span.end], underlined, "{diagnostic:#?}");
    diagnostic
}

fn clean(text: &str) {
    let found = diagnostics(text);
    assert!(found.is_empty(), "{text:?} should pass clean: {found:#?}");
}

mod literal_type {
    use super::*;

    fn error(text: &str, underlined: &str) -> Diagnostic {
        one(text, "eql/literal-type", Severity::Error, underlined)
    }

    #[test]
    fn string_function_given_a_number() {
        let diagnostic = error("process where length(1) > 0", "1");
        assert_eq!(
            diagnostic.message,
            "the first argument of `length` must be a string, found an integer"
        );
        assert_eq!(diagnostic.help.as_deref(), Some("write it as a string: \"1\""));
        clean("process where length(process.name) > 0");
    }

    #[test]
    fn second_argument_of_starts_with() {
        let diagnostic = error("process where startsWith(process.name, 5)", "5");
        assert!(diagnostic.message.starts_with("the second argument of `startsWith`"));
        clean("process where startsWith(process.name, \"5\")");
        clean("process where startsWith~(process.name, null)");
    }

    #[test]
    fn arithmetic_on_a_string() {
        let diagnostic = error("process where process.pid + \"a\" > 1", "\"a\"");
        assert_eq!(diagnostic.message, "the right of `+` must be a number, found a string");
        error("process where -\"a\" < 1", "\"a\"");
        clean("process where process.pid + 1 > 1");
        clean("process where -process.pid < 1");
    }

    #[test]
    fn arithmetic_function_given_a_string() {
        let diagnostic = error("process where add(\"1\", 1) > 1", "\"1\"");
        assert_eq!(diagnostic.help.as_deref(), Some("write it without quotes: 1"));
        clean("process where add(process.pid, 1) > 1");
        clean("process where modulo(10, 0.5) == 0");
    }

    #[test]
    fn cidr_block_given_a_number() {
        error("network where cidrMatch(source.ip, 5)", "5");
        error("network where cidrMatch(source.ip, \"10.0.0.0/8\", true)", "true");
        error("network where cidrMatch(1, \"10.0.0.0/8\")", "1");
        clean("network where cidrMatch(source.ip, \"10.0.0.0/8\", \"::1\")");
    }

    #[test]
    fn patterns_must_be_strings() {
        let diagnostic = error("process where process.name : 5", "5");
        assert_eq!(diagnostic.message, "the pattern of `:` must be a string, found an integer");
        error("process where process.name like (\"a\", 1.5)", "1.5");
        error("process where process.name regex~ true", "true");
        clean("process where process.name : \"5\"");
    }

    #[test]
    fn matching_a_number() {
        error("process where length(process.name) : \"3\"", "length(process.name)");
        clean("process where string(process.pid) : \"3\"");
    }

    #[test]
    fn comparing_a_string_with_a_number() {
        let diagnostic = error("process where \"a\" < 1", "\"a\" < 1");
        assert_eq!(diagnostic.message, "`<` compares a string with an integer");
        error("process where length(process.name) == \"3\"", "length(process.name) == \"3\"");
        error("process where length(process.name) in (1, \"2\")", "\"2\"");
        clean("process where \"a\" < \"b\"");
        clean("process where process.pid < 1 and process.name < \"b\"");
        clean("process where length(process.name) in (1, 2.5)");
    }

    #[test]
    fn unparsable_number() {
        let diagnostic = error("process where number(\"abc\") > 1", "\"abc\"");
        assert_eq!(diagnostic.message, "`number` cannot read \"abc\" as a base-10 number");
        error("process where number(\"12\", 99) > 1", "99");
        error("process where number(\"19\", 8) > 1", "\"19\"");
        clean("process where number(\" 1337 \") > 1");
        clean("process where number(\"-1.5e3\") > 1");
        clean("process where number(\"0x1F\") > 1");
        clean("process where number(\"ff\", 16) > 1");
        clean("process where number(process.name, 16) > 1");
    }

    #[test]
    fn substring_offsets_are_integers() {
        error("process where substring(process.name, \"a\") == \"b\"", "\"a\"");
        error("process where substring(process.name, 1, 2.5) == \"b\"", "2.5");
        clean("process where substring(process.name, -1) == \"b\"");
        clean("process where substring(process.name, length(process.name) / 2) == \"b\"");
    }

    #[test]
    fn conditions_are_booleans() {
        let diagnostic = error("process where \"abc\"", "\"abc\"");
        assert_eq!(
            diagnostic.message,
            "the condition of `process where` must be a boolean, found a string"
        );
        error("process where not 5", "5");
        error("process where true and length(process.name)", "length(process.name)");
        clean("process where true and process.name != null");
        clean("process where stringContains(process.name, \"a\")");
    }
}

mod invalid_cidr {
    use super::*;

    #[test]
    fn prefix_out_of_range() {
        let diagnostic = one(
            "network where cidrMatch(source.ip, \"10.0.0.0/8\", \"10.0.0.0/33\")",
            "eql/invalid-cidr",
            Severity::Error,
            "\"10.0.0.0/33\"",
        );
        assert!(diagnostic.message.contains("out of range"), "{}", diagnostic.message);
    }

    #[test]
    fn not_an_address() {
        one(
            "network where cidrMatch(destination.ip, \"10.0.0/8\")",
            "eql/invalid-cidr",
            Severity::Error,
            "\"10.0.0/8\"",
        );
        one(
            "network where cidrMatch(destination.ip, \"::ffff:0:0/96\")",
            "eql/invalid-cidr",
            Severity::Error,
            "\"::ffff:0:0/96\"",
        );
    }

    #[test]
    fn near_misses() {
        clean("network where cidrMatch(source.ip, \"10.6.48.157/8\")");
        clean("network where cidrMatch(source.ip, \"fe80::/10\", \"::1/128\", \"127.0.0.1\")");
        clean("network where cidrMatch(source.ip, null)");
    }
}

mod invalid_regex {
    use super::*;

    #[test]
    fn unbalanced_group() {
        let diagnostic = one(
            "process where process.name regex \"ab(c\"",
            "eql/invalid-regex",
            Severity::Error,
            "\"ab(c\"",
        );
        assert_eq!(
            diagnostic.message,
            "invalid regular expression for `regex`: `(` is never closed (at byte 2 of the pattern)"
        );
        assert!(
            diagnostic.help.as_deref().unwrap().ends_with(
                "write `\\` before any of `.?+*|{}[]()\"#@&<>~\\` to match it literally"
            ),
            "{diagnostic:#?}"
        );
        clean("process where process.name regex \"ab(c)\"");
    }

    #[test]
    fn unknown_escape_in_one_pattern_of_a_list() {
        one(
            "process where process.name regex~ (\"a.*\", \"\"\"\\q\"\"\")",
            "eql/invalid-regex",
            Severity::Error,
            "\"\"\"\\q\"\"\"",
        );
        clean("process where process.executable regex~ \"\"\"/var/run/\\w+\\.(pid|lock)\"\"\"");
    }

    #[test]
    fn angle_brackets_name_an_automaton() {
        one(
            "process where process.command_line regex \".*<script>.*\"",
            "eql/invalid-regex",
            Severity::Error,
            "\".*<script>.*\"",
        );
        clean("process where process.command_line regex \".*\\\\<script\\\\>.*\"");
    }

    #[test]
    fn wildcard_patterns_are_not_regexes() {
        clean("process where process.name : \"ab(c\"");
        clean("process where process.name like \"ab(c\"");
    }

    #[test]
    fn complement_is_unsupported_not_invalid() {
        let diagnostic = one(
            "process where process.name regex \"a~b\"",
            "eql/unsupported-regex",
            Severity::Error,
            "\"a~b\"",
        );
        assert!(diagnostic.message.contains("valid in Elasticsearch"), "{}", diagnostic.message);
    }
}

mod wildcard_in_equality {
    use super::*;

    fn warning(text: &str, underlined: &str) -> Diagnostic {
        one(text, "eql/wildcard-in-equality", Severity::Warning, underlined)
    }

    #[test]
    fn star_under_equals() {
        let diagnostic = warning("process where process.name == \"*.exe\"", "\"*.exe\"");
        assert_eq!(diagnostic.message, "`*` is a literal character under `==`");
        assert_eq!(
            diagnostic.help.as_deref(),
            Some(
                "to match a pattern write `process.name : \"*.exe\"` (case-insensitive) or \
                 `process.name like \"*.exe\"` (case-sensitive)"
            )
        );
    }

    #[test]
    fn question_mark_under_not_equals() {
        let diagnostic = warning("process where \"cmd?.exe\" != process.name", "\"cmd?.exe\"");
        assert_eq!(diagnostic.message, "`?` is a literal character under `!=`");
        assert!(
            diagnostic.help.as_deref().unwrap().contains("`not process.name : \"cmd?.exe\"`"),
            "{diagnostic:#?}"
        );
    }

    #[test]
    fn in_lists_suggest_a_pattern_list() {
        let diagnostic = warning("process where process.name in (\"a*?\", \"b\")", "\"a*?\"");
        assert_eq!(diagnostic.message, "`*` and `?` are literal characters under `in`");
        assert!(
            diagnostic.help.as_deref().unwrap().contains("`process.name : (\"a*?\", \"b\")`"),
            "{diagnostic:#?}"
        );

        let insensitive =
            warning("process where process.name not in~ (\"b\", \"*.js\")", "\"*.js\"");
        assert_eq!(
            insensitive.help.as_deref(),
            Some("to match a pattern write `not process.name : (\"b\", \"*.js\")`")
        );
    }

    #[test]
    fn near_misses() {
        clean("process where process.name : \"*.exe\"");
        clean("process where process.name like~ \"cmd?.exe\"");
        clean("process where process.name == \"cmd.exe\"");
        clean("process where process.name in (\"cmd.exe\", \"powershell.exe\")");
    }
}

mod null_pattern {
    use super::*;

    #[test]
    fn null_under_colon() {
        let diagnostic =
            one("process where process.name : null", "eql/null-pattern", Severity::Error, "null");
        assert_eq!(diagnostic.message, "`:` needs a string pattern, not `null`");
        assert_eq!(
            diagnostic.help.as_deref(),
            Some("to test for a missing value write `process.name == null`")
        );
    }

    #[test]
    fn null_in_a_like_list() {
        one(
            "process where ?dll.name like (\"a\", null)",
            "eql/null-pattern",
            Severity::Error,
            "null",
        );
    }

    #[test]
    fn near_misses() {
        clean("process where process.name == null");
        clean("process where process.name != null and process.name : \"null\"");
    }
}

mod walk {
    use super::*;

    #[test]
    fn every_sequence_stage_and_until_is_checked() {
        let text = "sequence by host.id with maxspan=1m\n  [process where length(1) > 0]\n  \
                    ![file where file.path == \"*\"]\n  until [process where process.name : null]";

        let found = diagnostics(text);
        let codes: Vec<&str> = found.iter().map(|diagnostic| diagnostic.code).collect();
        assert_eq!(codes, ["eql/literal-type", "eql/wildcard-in-equality", "eql/null-pattern"]);
    }

    #[test]
    fn every_sample_stage_is_checked() {
        let text = "sample by host.id\n  [process where process.name regex \"(\"]\n  \
                    [network where cidrMatch(source.ip, \"300.0.0.0/8\")]";

        let found = diagnostics(text);
        let codes: Vec<&str> = found.iter().map(|diagnostic| diagnostic.code).collect();
        assert_eq!(codes, ["eql/invalid-regex", "eql/invalid-cidr"]);
    }

    #[test]
    fn nested_expressions_are_checked() {
        one(
            "process where not (process.pid > 1 or startsWith(concat(\"a\", 1), 2))",
            "eql/literal-type",
            Severity::Error,
            "2",
        );
    }
}

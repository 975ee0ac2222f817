//! Which operators compare case-sensitively, how `*` and `?` match, and how
//! Lucene regexes are anchored and read.

use super::*;

const NAMES: &[&str] = &[
    r#"{"id": 1, "@timestamp": 1, "name": "cmd.exe"}"#,
    r#"{"id": 2, "@timestamp": 2, "name": "CMD.EXE"}"#,
    r#"{"id": 3, "@timestamp": 3, "name": "cmd.com"}"#,
    r#"{"id": 4, "@timestamp": 4, "name": "xcmd.exe"}"#,
];

#[test]
fn equality_in_like_and_regex_are_case_sensitive() {
    cases!(NAMES, {
        r#"any where name == "cmd.exe""# => [1],
        r#"any where name != "cmd.exe""# => [2, 3, 4],
        r#"any where name in ("cmd.exe", "cmd.com")"# => [1, 3],
        r#"any where name not in ("cmd.exe")"# => [2, 3, 4],
        r#"any where name like "cmd.*""# => [1, 3],
        r#"any where name like ("CMD.*", "*.com")"# => [2, 3],
        r#"any where name regex "cmd\\..*""# => [1, 3],
        r#"any where startsWith(name, "CMD")"# => [2],
        // ES `processWithStringComparisonCaseSensitive1`: "C" < "a" < "c".
        r#"any where name < "a""# => [2],
    });
}

#[test]
fn colon_tilde_forms_and_tilde_functions_ignore_case() {
    cases!(NAMES, {
        r#"any where name : "cmd.exe""# => [1, 2],
        r#"any where name : ("*.COM", "CMD.exe")"# => [1, 2, 3],
        r#"any where name like~ "cmd.*""# => [1, 2, 3],
        r#"any where name in~ ("CMD.exe")"# => [1, 2],
        r#"any where name not in~ ("cmd.EXE")"# => [3, 4],
        r#"any where name regex~ "cmd\\.exe""# => [1, 2],
        r#"any where startsWith~(name, "CMD")"# => [1, 2, 3],
    });
}

#[test]
fn star_matches_any_run_and_question_mark_exactly_one_character() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "s": "ab"}"#,
        r#"{"id": 2, "@timestamp": 2, "s": "abc"}"#,
        r#"{"id": 3, "@timestamp": 3, "s": "a_c"}"#,
        r#"{"id": 4, "@timestamp": 4, "s": "a%c"}"#,
        r#"{"id": 5, "@timestamp": 5, "s": "axxc"}"#,
        r#"{"id": 6, "@timestamp": 6, "s": "ac"}"#,
        r#"{"id": 7, "@timestamp": 7, "s": "a*c"}"#,
    ];

    cases!(&events, {
        // ES `seqSingleArgPatternQuestionMark`: `?` is one character.
        r#"any where s : "a?c""# => [2, 3, 4, 7],
        r#"any where s : "??""# => [1, 6],
        r#"any where s : "a*c""# => [2, 3, 4, 5, 6, 7],
        r#"any where s : "*""# => [1, 2, 3, 4, 5, 6, 7],
        r#"any where s like "A?C""# => [],
        r#"any where s like~ "A?C""# => [2, 3, 4, 7],
        // §1.2 toLikePattern: `%` and `_` are escaped, so they are literal.
        r#"any where s : "a_c""# => [3],
        r#"any where s : "a%""# => [],
        // `==` and `in~` take no wildcards (ES `insensitiveInSingleArgPatternVerbatimMatch`).
        r#"any where s == "a*c""# => [7],
        r#"any where s in~ ("A*C")"# => [7],
        r#"any where s in~ ("a?c")"# => [],
    });
}

#[test]
fn question_mark_is_one_character_even_outside_the_bmp() {
    // Lucene's wildcard automata run on code points, not UTF-16 units.
    let events = [r#"{"id": 1, "@timestamp": 1, "s": "😀x"}"#];

    cases!(&events, {
        r#"any where s : "?x""# => [1],
        r#"any where s like "?x""# => [1],
        r#"any where s : "??x""# => [],
    });
}

#[test]
fn a_backslash_in_a_pattern_is_an_ordinary_character() {
    // §1.2: `"C:\\windows\\*"` is the pattern `C:\windows\*`.
    let events = [
        r#"{"id": 1, "@timestamp": 1, "path": "C:\\Windows\\System32\\cmd.exe"}"#,
        r#"{"id": 2, "@timestamp": 2, "path": "C:\\Windows\\cmd.exe"}"#,
    ];

    cases!(&events, {
        r#"any where path : "c:\\windows\\*\\cmd.exe""# => [1],
        r#"any where path : "c:\\windows\\cmd.exe""# => [2],
        r#"any where path like "C:\\Windows\\*""# => [1, 2],
    });
}

#[test]
fn regex_matches_the_whole_value_in_lucene_syntax() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "s": "cmd.exe"}"#,
        r#"{"id": 2, "@timestamp": 2, "s": "^cmd$"}"#,
        r#"{"id": 3, "@timestamp": 3, "s": "foo42"}"#,
        r#"{"id": 4, "@timestamp": 4, "s": "foo420"}"#,
        r#"{"id": 5, "@timestamp": 5, "s": "a.b"}"#,
        r#"{"id": 6, "@timestamp": 6, "s": "axb"}"#,
    ];

    cases!(&events, {
        // §1.2: anchored full match, unlike Python's `re.match`.
        r#"any where s regex "cmd""# => [],
        r#"any where s regex "cmd.*""# => [1],
        r#"any where s regex ".*exe""# => [1],
        // Lucene has no anchors: `^` and `$` are literal characters.
        r#"any where s regex "^cmd$""# => [2],
        // Lucene's numeric interval, any-string `@` and quoted literals.
        r#"any where s regex "foo<1-100>""# => [3],
        r#"any where s regex "cm@""# => [1],
        r#"any where s regex "a.b""# => [5, 6],
        r#"any where s regex "\"a.b\"""# => [5],
        // No lazy quantifiers: `.*?` is `.*` made optional, still greedy.
        r#"any where s regex ".*?exe""# => [1],
        // A list of patterns is joined with `|` (§1.2 `Match`).
        r#"any where s regex ("cmd", "foo.*")"# => [3, 4],
    });
}

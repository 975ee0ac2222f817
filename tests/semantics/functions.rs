//! Every function and arithmetic operator, with its edge cases as
//! Elasticsearch (Java) computes them.

use super::*;

#[test]
fn between() {
    assert_conditions(
        &[
            r#"between(s, "-", "-") == "b""#,
            r#"between(s, "-", "-", false) == "b""#,
            // Greedy ends at the last `right`.
            r#"between(s, "-", "-", true) == "b-c""#,
            r#"between(s, "x", "-") == """#,
            r#"between(s, "-", "x") == """#,
            // An empty string, left or right returns the string.
            r#"between(s, "", "-") == "a-b-c-d""#,
            r#"between(name, "xplorer", "exe") == ".""#,
            r#"between(name, "XPLORER", "exe") == """#,
            r#"between~(name, "XPLORER", "EXE") == ".""#,
            r#"between(?absent, "a", "b") == null"#,
        ],
        &[r#"between(name, "XPLORER", "exe") == ".""#],
    );
}

#[test]
fn cidr_match() {
    assert_conditions(
        &[
            r#"cidrMatch(ip, "10.0.0.0/8")"#,
            r#"cidrMatch(ip, "10.6.48.157/32")"#,
            r#"cidrMatch(ip, "192.168.0.0/16", "10.6.48.0/24")"#,
            r#"cidrMatch(ip6, "2001:db8::/32")"#,
            r#"cidrMatch(?absent, "10.0.0.0/8") == null"#,
        ],
        &[
            r#"cidrMatch(ip, "10.6.49.0/24")"#,
            r#"cidrMatch(ip6, "2001:db9::/32")"#,
            r#"cidrMatch(ip, "2001:db8::/32")"#,
        ],
    );
}

#[test]
fn concat() {
    assert_conditions(
        &[
            r#"concat("x", n, flag, f) == "x7true2.5""#,
            r#"concat(s) == "a-b-c-d""#,
            r#"concat(neg, "") == "-7""#,
            // §1.4: any null argument makes the whole result null.
            r#"concat(s, ?absent) == null"#,
        ],
        &[r#"concat(s, ?absent) == "a-b-c-d""#],
    );
}

#[test]
fn starts_with_and_ends_with() {
    assert_conditions(
        &[
            r#"endsWith(name, ".exe")"#,
            r#"endsWith~(name, ".EXE")"#,
            r#"endsWith("", "")"#,
            // `~` lowercases with Java's `toLowerCase(Locale.ROOT)`, beyond ASCII too.
            r#"endsWith~("ÉCOLE", "école")"#,
            r#"endsWith(empty, "")"#,
            r#"startsWith(name, "Explorer")"#,
            r#"startsWith~(name, "EXPLORER")"#,
            r#"startsWith(name, "")"#,
        ],
        &[r#"endsWith(name, ".EXE")"#, r#"startsWith(name, "explorer")"#],
    );
}

#[test]
fn index_of() {
    // "Explorer.exe": E=0, e=6, e=9, e=11; its length is 12.
    assert_conditions(
        &[
            r#"indexOf(name, "E") == 0"#,
            r#"indexOf(name, "e") == 6"#,
            r#"indexOf(name, "e", 7) == 9"#,
            r#"indexOf~(name, "E", 1) == 6"#,
            // A negative start counts from 0 (Java's `String.indexOf`).
            r#"indexOf(name, "E", -5) == 0"#,
            r#"indexOf(name, "z") == null"#,
            r#"indexOf(name, "e", 12) == null"#,
            r#"indexOf(name, "", 4) == 4"#,
            r#"indexOf(name, "") == 0"#,
            r#"indexOf(name, "", -3) == 0"#,
            // ES `IndexOfFunctionProcessor` calls Java's `indexOf`, which finds "" at the
            // end when the start lies past it; §1.4's "start > len → null" holds only for
            // a non-empty part.
            r#"indexOf(name, "", 20) == 12"#,
            r#"indexOf(?absent, "a") == null"#,
        ],
        &[r#"indexOf(name, "e") == 0"#],
    );
}

#[test]
fn length_counts_utf16_code_units() {
    assert_conditions(
        &[
            "length(name) == 12",
            // An emoji outside the BMP is a surrogate pair in Java: 2 + 1.
            "length(emoji) == 3",
            "length(empty) == 0",
            r#"length("é") == 1"#,
            "length(?absent) == null",
        ],
        &["length(emoji) == 2"],
    );
}

#[test]
fn number() {
    assert_conditions(
        &[
            r#"number("1337") == 1337"#,
            // Docs: surrounding whitespace is trimmed.
            r#"number(" 1337 ") == 1337"#,
            r#"number("-12") == -12"#,
            r#"number("+5") == 5"#,
            r#"number("1.5") == 1.5"#,
            r#"number("1e3") == 1000"#,
            // A `0x` prefix means base 16; docs `number("ff", 16)` is 255.
            r#"number("0x1F") == 31"#,
            r#"number("ff", 16) == 255"#,
            r#"number("0xff", 16) == 255"#,
            r#"number("101", 2) == 5"#,
            r#"number("z", 36) == 35"#,
            "number(?absent) == null",
        ],
        &[r#"number("101", 2) == 101"#],
    );
}

#[test]
fn string_prints_values_as_java_does() {
    assert_conditions(
        &[
            r#"string(n) == "7""#,
            r#"string(neg) == "-7""#,
            r#"string(f) == "2.5""#,
            r#"string(whole) == "1.0""#,
            r#"string(1e20) == "1.0E20""#,
            r#"string(0.0001) == "1.0E-4""#,
            r#"string(flag) == "true""#,
            r#"string(s) == "a-b-c-d""#,
            r#"string(n) : "?""#,
            "string(?absent) == null",
        ],
        &[r#"string(flag) == "True""#, r#"string(whole) == "1""#],
    );
}

#[test]
fn string_contains() {
    assert_conditions(
        &[r#"stringContains(name, "plor")"#, r#"stringContains~(name, "PLOR")"#],
        &[
            r#"stringContains(name, "PLOR")"#,
            // §1.4: an empty string or part gives false, unlike Python's `"" in s`.
            r#"stringContains(name, "")"#,
            r#"stringContains(empty, "")"#,
            r#"stringContains("", "a")"#,
        ],
    );
}

#[test]
fn substring_slices_like_python() {
    assert_conditions(
        &[
            r#"substring(s, 2) == "b-c-d""#,
            r#"substring(s, -3) == "c-d""#,
            r#"substring(s, 0, -2) == "a-b-c""#,
            r#"substring(s, -3, -1) == "c-""#,
            r#"substring(s, 4, 2) == """#,
            r#"substring(s, 0, 100) == "a-b-c-d""#,
            r#"substring(s, -100, 1) == "a""#,
        ],
        &[r#"substring(s, 0, 2) == "a-b""#],
    );
}

#[test]
fn arithmetic_follows_java() {
    assert_conditions(
        &[
            "add(n, 3) == 10",
            "n + 3 == 10",
            "add(n, f) == 9.5",
            "subtract(n, 10) == -3",
            "n - 10 == -3",
            "multiply(n, 2) == 14",
            "n * f == 17.5",
            // Whole numbers divide by truncation toward zero (Python floors: -4).
            "divide(n, 2) == 3",
            "n / 2 == 3",
            "neg / 2 == -3",
            "divide(n, 2.0) == 3.5",
            // The Java remainder takes the dividend's sign; docs `modulo(10, -6)` is 4.
            "n % 3 == 1",
            "neg % 3 == -1",
            "modulo(10, -6) == 4",
            "modulo(-10, 6) == -4",
            "modulo(10, 0.5) == 0",
            "-n == -7",
            "-neg == 7",
            "-n * 2 == -14",
            "-(n + 1) == -8",
            "2 - -3 == 5",
            "1 + 2 * 3 == 7",
            "(1 + 2) * 3 == 9",
            "n / 2 * 2 == 6",
            "n in (3 + 4)",
            "add(?absent, 1) == null",
        ],
        &["neg / 2 == -4", "modulo(10, -6) == -2", "n / 2 == 3.5"],
    );
}

#[test]
fn integer_division_truncates_on_fields() {
    // §1.2: `serial_event_id / 2 == 41` matches 82 and 83.
    let events = [
        r#"{"id": 81, "@timestamp": 1, "serial_event_id": 81}"#,
        r#"{"id": 82, "@timestamp": 2, "serial_event_id": 82}"#,
        r#"{"id": 83, "@timestamp": 3, "serial_event_id": 83}"#,
        r#"{"id": 84, "@timestamp": 4, "serial_event_id": 84}"#,
    ];

    assert_eq!(ids("any where serial_event_id / 2 == 41", &events), expect![82, 83]);
}

#[test]
fn an_evaluation_error_matches_nothing_and_is_counted() {
    // Elasticsearch fails the query; the interpreter drops the event and counts it.
    let failing = [
        "any where divide(n, 0) == 1",
        "any where n % 0 == 1",
        r#"any where number("ten") == 10"#,
        "any where big + 1 > 0",
    ];

    for query in failing {
        let (found, stats) = run(query, &[SUBJECT], Options::default());
        assert!(found.is_empty(), "{query}");
        assert_eq!(stats.evaluation_errors, 1, "{query}");
    }
}

//! Nulls: missing fields, `== null`, `?optional`, and `not` on a predicate
//! over a missing field under both logics.

use super::*;

const EXIT_CODES: &[&str] = &[
    r#"{"id": 1, "@timestamp": 1, "exit_code": 0}"#,
    r#"{"id": 2, "@timestamp": 2, "exit_code": 5}"#,
    r#"{"id": 3, "@timestamp": 3}"#,
    r#"{"id": 4, "@timestamp": 4, "exit_code": null}"#,
];

#[test]
fn a_comparison_with_a_missing_field_is_null_and_drops_the_event() {
    // ES `exitCodeGteZero`: comparisons against null values return null.
    cases!(EXIT_CODES, {
        "any where exit_code >= 0" => [1, 2],
        "any where exit_code < 3 or exit_code > 3" => [1, 2],
        "any where exit_code > 1 or exit_code == null" => [2, 3, 4],
        "any where length(?text) >= 0" => [],
    });
}

#[test]
fn null_literals_test_for_presence() {
    // §1.2: `x == null` is IS NULL and `x != null` IS NOT NULL; a JSON null is no value.
    cases!(EXIT_CODES, {
        "any where exit_code == null" => [3, 4],
        "any where null == exit_code" => [3, 4],
        "any where exit_code != null" => [1, 2],
        "any where ?exit_code == null" => [3, 4],
        "any where ?absent == null" => [1, 2, 3, 4],
        "any where ?absent != null" => [],
    });
}

#[test]
fn a_condition_used_as_a_value_keeps_its_null() {
    // ES `nullEqualityWithGtAndHead`: `exit_code > -1` is null where the field is missing.
    cases!(EXIT_CODES, {
        "any where null == (exit_code > -1)" => [3, 4],
        "any where (exit_code > 1) == false" => [1],
    });
    assert_eq!(
        ids_with("any where (exit_code > 1) == false", EXIT_CODES, three_valued()),
        expect![1]
    );
}

/// The one named choice of the project (`runtime::logic::Logic`, §1.3
/// caveat): Elasticsearch compiles `not` and `!=` to `bool.must_not`,
/// which matches documents without the field, while three-valued logic
/// keeps `not null` null. No active ES spec separates the two.
#[test]
fn negation_on_a_missing_field_depends_on_the_logic() {
    let negations = [
        "any where not exit_code == 5",
        "any where exit_code != 5",
        "any where exit_code not in (5)",
        "any where not exit_code > 1",
        r#"any where not exit_code : "5""#,
    ];

    for query in negations {
        assert_eq!(ids(query, EXIT_CODES), expect![1, 3, 4], "Elasticsearch: {query}");
        assert_eq!(ids_with(query, EXIT_CODES, three_valued()), expect![1], "3VL: {query}");
    }
}

//! Event queries: categories (arrays, quoted, `any`), `head`/`tail`, and
//! timestamps compared with date literals.

use super::*;

const CATEGORIES: &[&str] = &[
    r#"{"id": 1, "@timestamp": 1, "event": {"category": "process"}}"#,
    r#"{"id": 2, "@timestamp": 2, "event": {"category": ["process", "network"]}}"#,
    r#"{"id": 3, "@timestamp": 3, "event": {"category": "network"}}"#,
    r#"{"id": 4, "@timestamp": 4}"#,
    r#"{"id": 5, "@timestamp": 5, "event": {"category": "Process"}}"#,
    r#"{"id": 6, "@timestamp": 6, "event": {"category": "my-cat"}}"#,
];

#[test]
fn a_category_is_a_case_sensitive_term_on_any_element() {
    // §1.1: `X where` is `event.category == "X"`; ECS arrays match on any element.
    cases!(CATEGORIES, {
        "process where true" => [1, 2],
        "network where true" => [2, 3],
        "any where true" => [1, 2, 3, 4, 5, 6],
        r#""my-cat" where true"# => [6],
        r#""""my-cat""" where true"# => [6],
        "file where true" => [],
    });
}

#[test]
fn the_category_field_is_an_option() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "event": {"category": "process"}}"#,
        r#"{"id": 2, "@timestamp": 2, "event": {"type": "process"}}"#,
    ];
    let options = Options { category_field: "event.type".to_string(), ..Options::default() };

    assert_eq!(ids_with("process where true", &events, options), expect![2]);
}

#[test]
fn head_and_tail_keep_the_first_or_last_results_in_order() {
    cases!(CATEGORIES, {
        "any where true | head 2" => [1, 2],
        "any where true | tail 2" => [5, 6],
        "any where true | head 4 | tail 2" => [3, 4],
        "any where true | tail 3 | head 1" => [4],
        "process where true | head 5" => [1, 2],
    });
}

#[test]
fn timestamps_in_epoch_millis_and_iso_compare_with_date_literals() {
    // 2024-01-01T00:00:00Z is 1704067200000 ms; ES specs `filterOnDate*`.
    // Results come in time order, as Elasticsearch sorts them, whatever the
    // order of arrival.
    let events = [
        r#"{"id": 1, "@timestamp": 1704067199999}"#,
        r#"{"id": 2, "@timestamp": 1704067200000}"#,
        r#"{"id": 3, "@timestamp": "2024-01-01T00:00:00.001Z"}"#,
        r#"{"id": 4, "@timestamp": "2023-12-31T23:59:59Z"}"#,
        r#"{"id": 5, "@timestamp": "2024-01-01T01:00:00+01:00"}"#,
    ];

    cases!(&events, {
        r#"any where @timestamp == "2024-01-01T00:00:00Z""# => [2, 5],
        r#"any where @timestamp >= "2024-01-01T00:00:00Z""# => [2, 5, 3],
        // Event 4 arrives after later events were released, too late to be
        // put back in order with the default window of zero.
        r#"any where @timestamp < "2024-01-01""# => [1, 4],
        "any where @timestamp > 1704067200000" => [3],
        "any where @timestamp == 1704067199999" => [1],
    });
}

#[test]
fn other_date_fields_compare_as_instants_too() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "event": {"created": "2023-06-01T00:00:00Z"}}"#,
        r#"{"id": 2, "@timestamp": 2, "event": {"created": 1704067200000}}"#,
    ];
    let options = Options { date_fields: vec!["event.created".to_string()], ..Options::default() };

    assert_eq!(
        ids_with(r#"any where event.created >= "2024-01-01""#, &events, options),
        expect![2]
    );
}

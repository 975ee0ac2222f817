//! Field reads: multi-valued fields, and nested, dotted and mixed keys.

use super::*;

#[test]
fn any_value_of_a_multi_valued_field_satisfies_a_predicate() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "tags": ["a", "b"], "ports": [80, 8080]}"#,
        r#"{"id": 2, "@timestamp": 2, "tags": ["b"], "ports": 443}"#,
        r#"{"id": 3, "@timestamp": 3, "tags": "c"}"#,
        r#"{"id": 4, "@timestamp": 4, "tags": []}"#,
    ];

    cases!(&events, {
        r#"any where tags == "a""# => [1],
        r#"any where tags == "b""# => [1, 2],
        r#"any where tags in ("a", "c")"# => [1, 3],
        r#"any where tags : "A*""# => [1],
        "any where tags == null" => [4],
        "any where ports > 1000" => [1],
        // Each range is its own query: 8080 satisfies one and 80 the other.
        "any where ports > 100 and ports < 500" => [1, 2],
        "any where length(tags) == 1" => [1, 2, 3],
        r#"any where string(ports) == "443""# => [2],
        // `!=` and `not in` are `must_not` over the term: one equal value excludes the event.
        r#"any where tags != "b""# => [3, 4],
        r#"any where tags not in ("b")"# => [3, 4],
    });
}

#[test]
fn nested_dotted_and_mixed_keys_name_the_same_field() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "process": {"name": "a", "parent": {"name": "p"}}}"#,
        r#"{"id": 2, "@timestamp": 2, "process.name": "b", "process.parent.name": "p"}"#,
        r#"{"id": 3, "@timestamp": 3, "process": {"parent.name": "p"}, "process.name": "c"}"#,
        r#"{"id": 4, "@timestamp": 4, "process": [{"name": "d"}, {"name": "e"}]}"#,
        r#"{"id": 5, "@timestamp": 5, "process": {"name": "f"}, "process.name": "g"}"#,
        r#"{"id": 6, "@timestamp": 6, "my-field": 1}"#,
    ];

    cases!(&events, {
        r#"any where process.name == "b""# => [2],
        r#"any where process.parent.name == "p""# => [1, 2, 3],
        r#"any where process.name in ("a", "c", "d")"# => [1, 3, 4],
        r#"any where process.name == "e""# => [4],
        r#"any where process.name == "f" and process.name == "g""# => [5],
        "any where `my-field` == 1" => [6],
    });
}

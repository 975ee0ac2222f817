//! Samples: join keys, filter order, one event per filter.

use super::*;

#[test]
fn samples_join_on_keys_and_list_events_in_filter_order() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "event.category": "b", "host": "h1"}"#,
        r#"{"id": 2, "@timestamp": 2, "event.category": "a", "host": "h2"}"#,
        r#"{"id": 3, "@timestamp": 3, "event.category": "a", "host": "h1"}"#,
        r#"{"id": 4, "@timestamp": 4, "event.category": "b", "host": "h2"}"#,
        r#"{"id": 5, "@timestamp": 5, "event.category": "a", "host": "h3"}"#,
    ];

    assert_eq!(
        groups("sample by host [a where true] [b where true]", &events),
        [expect![3, 1], expect![2, 4]]
    );
}

#[test]
fn per_filter_keys_join_different_fields() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "event.category": "a", "src": "x"}"#,
        r#"{"id": 2, "@timestamp": 2, "event.category": "b", "dst": "y"}"#,
        r#"{"id": 3, "@timestamp": 3, "event.category": "b", "dst": "x"}"#,
    ];

    assert_eq!(
        groups("sample [a where true] by src [b where true] by dst", &events),
        [expect![1, 3]]
    );
}

#[test]
fn one_event_fills_only_one_filter() {
    let query = "sample by host [any where true] [any where true]";
    let one = [r#"{"id": 1, "@timestamp": 1, "host": "h"}"#];
    let two = [
        r#"{"id": 1, "@timestamp": 1, "host": "h"}"#,
        r#"{"id": 2, "@timestamp": 2, "host": "h"}"#,
    ];

    assert_eq!(groups(query, &one), Vec::<Vec<_>>::new());
    assert_eq!(groups(query, &two), [expect![1, 2]]);
}

#[test]
fn a_null_key_drops_the_event_unless_optional() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "event.category": "a"}"#,
        r#"{"id": 2, "@timestamp": 2, "event.category": "b"}"#,
    ];

    assert_eq!(
        groups("sample by host [a where true] [b where true]", &events),
        Vec::<Vec<_>>::new()
    );
    assert_eq!(groups("sample by ?host [a where true] [b where true]", &events), [expect![1, 2]]);
}

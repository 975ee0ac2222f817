//! What a run counts instead of dropping silently: out-of-order events,
//! missing timestamps, evictions.

use super::*;

#[test]
fn out_of_order_events_are_counted() {
    let events = [
        r#"{"id": 1, "@timestamp": 5}"#,
        r#"{"id": 2, "@timestamp": 3}"#,
        r#"{"id": 3, "@timestamp": 4}"#,
    ];

    let (found, stats) = run("any where true", &events, Options::default());
    assert_eq!(found.len(), 3);
    assert_eq!(stats.out_of_order, 1);
}

#[test]
fn the_tiebreaker_orders_events_with_equal_timestamps() {
    let events =
        [r#"{"id": 1, "@timestamp": 5, "seq": 2}"#, r#"{"id": 2, "@timestamp": 5, "seq": 1}"#];
    let with_tiebreaker =
        Options { tiebreaker_field: Some("seq".to_string()), ..Options::default() };

    assert_eq!(run("any where true", &events, Options::default()).1.out_of_order, 0);
    assert_eq!(run("any where true", &events, with_tiebreaker).1.out_of_order, 1);
}

#[test]
fn sequence_events_without_a_timestamp_are_counted() {
    let events = [
        r#"{"id": 1, "event.category": "a"}"#,
        r#"{"id": 2, "@timestamp": "not a date", "event.category": "a"}"#,
        r#"{"id": 3, "event.category": "z"}"#,
        r#"{"id": 4, "@timestamp": 4, "event.category": "b"}"#,
    ];

    let (found, stats) = run("sequence [a where true] [b where true]", &events, Options::default());
    assert!(found.is_empty());
    // Event 3 matches no stage, so nothing was lost with it.
    assert_eq!(stats.missing_timestamp, 2);
}

#[test]
fn partial_sequences_evicted_by_the_cap_are_counted() {
    let events = [
        r#"{"id": 1, "@timestamp": 1, "event.category": "a", "user": "x"}"#,
        r#"{"id": 2, "@timestamp": 2, "event.category": "a", "user": "y"}"#,
        r#"{"id": 3, "@timestamp": 3, "event.category": "b", "user": "x"}"#,
        r#"{"id": 4, "@timestamp": 4, "event.category": "b", "user": "y"}"#,
    ];
    let tiny = Options { max_pending: 1, ..Options::default() };

    let query = "sequence by user [a where true] [b where true]";

    assert_eq!(ids_with(query, &events, tiny.clone()), expect![2, 4]);
    let sequence = run(query, &events, tiny).1.sequence.expect("a sequence has its stats");
    assert_eq!(sequence.evicted_by_cap, 1);
}

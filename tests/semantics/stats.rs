//! What a run counts instead of dropping silently: out-of-order events,
//! missing timestamps, evictions.

use super::*;

/// Taken in arrival order, with no reorder window.
fn arrival_order() -> Options {
    Options { reorder_window: None, ..Options::default() }
}

#[test]
fn out_of_order_events_are_counted() {
    let events = [
        r#"{"id": 1, "@timestamp": 5}"#,
        r#"{"id": 2, "@timestamp": 3}"#,
        r#"{"id": 3, "@timestamp": 4}"#,
    ];

    let (found, stats) = run("any where true", &events, arrival_order());
    assert_eq!(found.len(), 3);
    assert_eq!(stats.out_of_order, 1);
}

#[test]
fn stragglers_within_the_reorder_window_are_put_back_in_order() {
    let events = [
        r#"{"id": 1, "@timestamp": 1000, "event.category": "a"}"#,
        r#"{"id": 2, "@timestamp": 3000, "event.category": "b"}"#,
        r#"{"id": 3, "@timestamp": 2000, "event.category": "b"}"#,
        r#"{"id": 4, "@timestamp": 9000, "event.category": "c"}"#,
        r#"{"id": 5, "@timestamp": 1500, "event.category": "b"}"#,
    ];
    let two_seconds = Options { reorder_window: Some(2_000_000_000), ..Options::default() };

    // Event 3 arrives late but within the window: the sequence sees it second.
    let (found, stats) = run("sequence [a where true] [b where true]", &events, two_seconds);
    let ids: Vec<Vec<Option<i64>>> =
        found.iter().map(|m| m.events.iter().map(|e| e.as_deref().map(id)).collect()).collect();
    assert_eq!(ids, [vec![Some(1), Some(3)]]);
    // Event 5 arrives after event 2 was released: it cannot be put back.
    assert_eq!(stats.out_of_order, 1);
}

#[test]
fn the_tiebreaker_orders_events_with_equal_timestamps() {
    let events =
        [r#"{"id": 1, "@timestamp": 5, "seq": 2}"#, r#"{"id": 2, "@timestamp": 5, "seq": 1}"#];
    let with_tiebreaker =
        Options { tiebreaker_field: Some("seq".to_string()), ..Options::default() };

    assert_eq!(ids_with("any where true", &events, with_tiebreaker), expect![2, 1]);
    assert_eq!(ids("any where true", &events), expect![1, 2]);
    let arrival_with_tiebreaker =
        Options { tiebreaker_field: Some("seq".to_string()), ..arrival_order() };
    assert_eq!(run("any where true", &events, arrival_with_tiebreaker).1.out_of_order, 1);
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

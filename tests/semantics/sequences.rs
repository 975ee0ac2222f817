//! Sequences: join keys, maxspan, until, runs, missing-event stages, result
//! order and limits.

use super::*;

/// An event of category `category` at `at` ms, with extra JSON members.
fn event(id: i64, at: i64, category: &str, extra: &str) -> String {
    let extra = if extra.is_empty() { String::new() } else { format!(", {extra}") };
    format!(r#"{{"id": {id}, "@timestamp": {at}, "event.category": "{category}"{extra}}}"#)
}

fn texts(events: &[String]) -> Vec<&str> {
    events.iter().map(String::as_str).collect()
}

#[test]
fn the_latest_pending_sequence_at_a_stage_is_the_one_extended() {
    let events =
        [event(1, 1, "a", ""), event(2, 2, "a", ""), event(3, 3, "b", ""), event(4, 4, "b", "")];

    assert_eq!(groups("sequence [a where true] [b where true]", &texts(&events)), [expect![2, 3]]);
}

#[test]
fn a_global_by_joins_on_its_keys_and_results_come_in_completion_order() {
    // ES orders completed sequences by their last event (`Sequence.compareTo` uses
    // the ordinal of the current, final stage).
    let events = [
        event(1, 1, "a", r#""user": "x""#),
        event(2, 2, "a", r#""user": "y""#),
        event(3, 3, "b", r#""user": "y""#),
        event(4, 4, "b", r#""user": "x""#),
    ];

    assert_eq!(
        groups("sequence by user [a where true] [b where true]", &texts(&events)),
        [expect![2, 3], expect![1, 4]]
    );
}

#[test]
fn per_stage_keys_join_different_fields() {
    let events = [
        event(1, 1, "a", r#""src": "h1""#),
        event(2, 2, "b", r#""dst": "h2""#),
        event(3, 3, "b", r#""dst": "h1""#),
    ];

    assert_eq!(
        groups("sequence [a where true] by src [b where true] by dst", &texts(&events)),
        [expect![1, 3]]
    );
}

#[test]
fn several_keys_must_all_agree() {
    let events = [
        event(1, 1, "a", r#""host": "h", "user": "u""#),
        event(2, 2, "b", r#""host": "h", "user": "v", "actor": "v""#),
        event(3, 3, "b", r#""host": "g", "user": "u", "actor": "u""#),
        event(4, 4, "b", r#""host": "h", "user": "u", "actor": "u""#),
    ];
    let events = texts(&events);

    assert_eq!(
        groups("sequence by host, user [a where true] [b where true]", &events),
        [expect![1, 4]]
    );
    // §1.1: the effective key is the global keys, then the stage's.
    assert_eq!(
        groups("sequence by host [a where true] by user [b where true] by actor", &events),
        [expect![1, 4]]
    );
}

#[test]
fn maxspan_is_inclusive_in_every_unit() {
    let spans = [
        ("500ms", 500),
        ("1000ms", 1_000),
        ("1s", 1_000),
        ("2m", 120_000),
        ("1h", 3_600_000),
        ("1d", 86_400_000),
    ];

    for (span, millis) in spans {
        let query = format!("sequence with maxspan={span} [a where true] [b where true]");
        let exact = [event(1, 1_000, "a", ""), event(2, 1_000 + millis, "b", "")];
        let over = [event(1, 1_000, "a", ""), event(2, 1_001 + millis, "b", "")];

        assert_eq!(groups(&query, &texts(&exact)), [expect![1, 2]], "{span} exactly");
        assert_eq!(groups(&query, &texts(&over)), Vec::<Vec<_>>::new(), "{span} + 1 ms");
    }
}

#[test]
fn until_abandons_a_sequence_only_before_it_completes() {
    // The docs' example: A,B and A,B,C match; A,C,B does not.
    let query = "sequence [a where true] [b where true] until [c where true]";
    let a_b = [event(1, 1, "a", ""), event(2, 2, "b", "")];
    let a_b_c = [event(1, 1, "a", ""), event(2, 2, "b", ""), event(3, 3, "c", "")];
    let a_c_b = [event(1, 1, "a", ""), event(2, 2, "c", ""), event(3, 3, "b", "")];
    let a_c_a_b =
        [event(1, 1, "a", ""), event(2, 2, "c", ""), event(3, 3, "a", ""), event(4, 4, "b", "")];

    assert_eq!(groups(query, &texts(&a_b)), [expect![1, 2]]);
    assert_eq!(groups(query, &texts(&a_b_c)), [expect![1, 2]]);
    assert_eq!(groups(query, &texts(&a_c_b)), Vec::<Vec<_>>::new());
    assert_eq!(groups(query, &texts(&a_c_a_b)), [expect![3, 4]]);
}

#[test]
fn until_applies_per_key() {
    let events = [
        event(1, 1, "a", r#""user": "x""#),
        event(2, 2, "c", r#""user": "y""#),
        event(3, 3, "b", r#""user": "x""#),
        event(4, 4, "a", r#""user": "y""#),
        event(5, 5, "c", r#""user": "y""#),
        event(6, 6, "b", r#""user": "y""#),
    ];
    let query = "sequence by user [a where true] [b where true] until [c where true]";

    assert_eq!(groups(query, &texts(&events)), [expect![1, 3]]);
}

#[test]
fn runs_repeats_a_stage() {
    let query = "sequence [a where true] with runs=3 [b where true]";
    let two = [event(1, 1, "a", ""), event(2, 2, "a", ""), event(3, 3, "b", "")];
    let four = [
        event(1, 1, "a", ""),
        event(2, 2, "a", ""),
        event(3, 3, "a", ""),
        event(4, 4, "a", ""),
        event(5, 5, "b", ""),
    ];
    let keyed = [
        event(1, 1, "a", r#""user": "x""#),
        event(2, 2, "a", r#""user": "y""#),
        event(3, 3, "a", r#""user": "x""#),
        event(4, 4, "b", r#""user": "x""#),
    ];

    assert_eq!(groups(query, &texts(&two)), Vec::<Vec<_>>::new());
    // The most recent run overwrites the older one at the same stage.
    assert_eq!(groups(query, &texts(&four)), [expect![2, 3, 4, 5]]);
    assert_eq!(
        groups("sequence by user [a where true] with runs=2 [b where true]", &texts(&keyed)),
        [expect![1, 3, 4]]
    );
}

#[test]
fn the_documented_state_machine_example() {
    // Docs "How sequence queries handle matches".
    let events: Vec<String> = [
        (1, "root", "attrib"),
        (2, "root", "attrib"),
        (3, "elkbee", "bash"),
        (4, "root", "bash"),
        (5, "root", "bash"),
        (6, "elkbee", "attrib"),
        (7, "root", "attrib"),
        (8, "elkbee", "bash"),
        (9, "root", "cat"),
        (10, "elkbee", "cat"),
        (11, "root", "cat"),
    ]
    .into_iter()
    .map(|(id, user, name)| {
        event(id, id, "process", &format!(r#""user.name": "{user}", "process.name": "{name}""#))
    })
    .collect();
    let query = r#"sequence by user.name
        [process where process.name == "attrib"]
        [process where process.name == "bash"]
        [process where process.name == "cat"]"#;

    assert_eq!(groups(query, &texts(&events)), [expect![2, 4, 9], expect![6, 8, 10]]);
}

#[test]
fn one_event_takes_part_in_several_sequences() {
    let events: Vec<String> = (1..=5).map(|id| event(id, id, "process", "")).collect();
    let events = texts(&events);

    // ES `sequenceConditionManyMany`.
    assert_eq!(
        groups("sequence [any where id <= 3] [any where true] [any where true]", &events),
        [expect![1, 2, 3], expect![2, 3, 4], expect![3, 4, 5]]
    );
    // ES `doubleSameSequence`.
    assert_eq!(
        groups("sequence [any where id < 5] [any where id < 5]", &events),
        [expect![1, 2], expect![2, 3], expect![3, 4]]
    );
}

#[test]
fn events_with_equal_timestamps_keep_their_order() {
    let events = [event(1, 7, "a", ""), event(2, 7, "b", "")];

    assert_eq!(groups("sequence [a where true] [b where true]", &texts(&events)), [expect![1, 2]]);
}

#[test]
fn a_null_join_key_drops_the_event_unless_optional() {
    // §1.3: a non-optional null key drops the event; `?key` joins as null.
    let events = [event(1, 1, "a", ""), event(2, 2, "b", "")];
    let events = texts(&events);

    let (found, stats) =
        run("sequence by user [a where true] [b where true]", &events, Options::default());
    assert!(found.is_empty());
    assert_eq!(stats.missing_join_key, 2);

    assert_eq!(groups("sequence by ?user [a where true] [b where true]", &events), [expect![1, 2]]);
}

#[test]
fn a_multi_valued_join_key_joins_under_each_value() {
    // §1.3: one key per value, the cartesian product over several keys.
    let events = [
        event(1, 1, "a", r#""user": ["x", "y"], "host": ["h", "g"]"#),
        event(2, 2, "b", r#""user": "y", "host": "g""#),
        event(3, 3, "b", r#""user": "x", "host": "h""#),
        event(4, 4, "b", r#""user": "x", "host": "h""#),
    ];

    assert_eq!(
        groups("sequence by user, host [a where true] [b where true]", &texts(&events)),
        [expect![1, 2], expect![1, 3]]
    );
}

#[test]
fn a_missing_middle_stage_rejects_a_match_between_its_neighbours() {
    // §1.5 missing events; the placeholder is `None` (id -1 in ES specs).
    let query = "sequence with maxspan=1h [a where true] ![b where true] [c where true]";
    let clear = [event(1, 1_000, "a", ""), event(2, 2_000, "c", "")];
    let between = [event(1, 1_000, "a", ""), event(2, 1_500, "b", ""), event(3, 2_000, "c", "")];
    let before = [event(1, 500, "b", ""), event(2, 1_000, "a", ""), event(3, 2_000, "c", "")];

    assert_eq!(groups(query, &texts(&clear)), [expect![1, _, 2]]);
    assert_eq!(groups(query, &texts(&between)), Vec::<Vec<_>>::new());
    assert_eq!(groups(query, &texts(&before)), [expect![2, _, 3]]);
}

#[test]
fn a_missing_stage_looks_only_at_its_own_key() {
    let query = "sequence by user with maxspan=1h [a where true] ![b where true] [c where true]";
    let events = [
        event(1, 1_000, "a", r#""user": "x""#),
        event(2, 1_500, "b", r#""user": "y""#),
        event(3, 2_000, "c", r#""user": "x""#),
    ];

    assert_eq!(groups(query, &texts(&events)), [expect![1, _, 3]]);
}

#[test]
fn a_missing_leading_stage_rejects_within_maxspan_of_the_last_event() {
    let query = "sequence with maxspan=10s ![b where true] [a where true] [c where true]";
    let none = [event(1, 1_000, "a", ""), event(2, 2_000, "c", "")];
    let near = [event(1, 1_000, "b", ""), event(2, 2_000, "a", ""), event(3, 3_000, "c", "")];
    // 21 s - 1 s is more than 10 s after the `b`.
    let far = [event(1, 1_000, "b", ""), event(2, 20_000, "a", ""), event(3, 21_000, "c", "")];

    assert_eq!(groups(query, &texts(&none)), [expect![_, 1, 2]]);
    assert_eq!(groups(query, &texts(&near)), Vec::<Vec<_>>::new());
    assert_eq!(groups(query, &texts(&far)), [expect![_, 2, 3]]);
}

#[test]
fn a_missing_trailing_stage_rejects_within_maxspan_of_the_first_event() {
    let query = "sequence with maxspan=10s [a where true] [c where true] ![b where true]";
    let none = [event(1, 1_000, "a", ""), event(2, 2_000, "c", "")];
    let near = [event(1, 1_000, "a", ""), event(2, 2_000, "c", ""), event(3, 3_000, "b", "")];
    let far = [event(1, 1_000, "a", ""), event(2, 2_000, "c", ""), event(3, 20_000, "b", "")];

    assert_eq!(groups(query, &texts(&none)), [expect![1, 2, _]]);
    assert_eq!(groups(query, &texts(&near)), Vec::<Vec<_>>::new());
    assert_eq!(groups(query, &texts(&far)), [expect![1, 2, _]]);
}

#[test]
fn missing_leading_and_trailing_stages_reject_only_together_within_maxspan() {
    // §1.5: with both, reject only when both matches exist within maxspan of each other.
    let query = "sequence with maxspan=10s ![x where true] [a where true] ![y where true]";
    let both_near = [event(1, 1_000, "x", ""), event(2, 2_000, "a", ""), event(3, 3_000, "y", "")];
    let leading_only = [event(1, 1_000, "x", ""), event(2, 2_000, "a", "")];
    let both_far = [event(1, 1_000, "x", ""), event(2, 5_000, "a", ""), event(3, 20_000, "y", "")];

    assert_eq!(groups(query, &texts(&both_near)), Vec::<Vec<_>>::new());
    assert_eq!(groups(query, &texts(&leading_only)), [expect![_, 2, _]]);
    assert_eq!(groups(query, &texts(&both_far)), [expect![_, 2, _]]);
}

#[test]
fn head_and_tail_take_the_earliest_or_latest_sequences() {
    let events: Vec<String> = (1..=5).map(|id| event(id, id, "process", "")).collect();
    let events = texts(&events);

    cases!(&events, {
        "sequence [any where true] [any where true] | head 2" => [1, 2, 2, 3],
        "sequence [any where true] [any where true] | tail 1" => [4, 5],
        "sequence [any where true] [any where true] | tail 2" => [3, 4, 4, 5],
        "sequence [any where true] [any where true] | head 3 | tail 1" => [3, 4],
    });
}

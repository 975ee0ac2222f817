//! The sample engine against Elasticsearch's picking rules, with each filter's match and
//! join key given by hand.

use ruleproof_runtime::join_key::{JoinKey, KeyPart};
use ruleproof_runtime::sample::{
    DEFAULT_MAX_SAMPLES_PER_KEY, SampleError, SampleMatch, SampleMatcher, SampleSpec,
};

/// A one-field join key.
fn join(key: &str) -> JoinKey {
    vec![KeyPart::str(key)]
}

fn spec(filters: usize) -> SampleSpec {
    SampleSpec { filters, max_samples_per_key: DEFAULT_MAX_SAMPLES_PER_KEY, max_keys: 1_000 }
}

fn ids(samples: &[SampleMatch<i64>]) -> Vec<Vec<i64>> {
    samples.iter().map(|sample| sample.events.clone()).collect()
}

/// Pushes each `(id, hits)` event, then ends the stream.
fn run(spec: SampleSpec, events: &[(i64, Vec<(usize, JoinKey)>)]) -> Vec<SampleMatch<i64>> {
    let mut matcher = SampleMatcher::new(spec).expect("valid spec");
    let mut out = Vec::new();

    for (id, hits) in events {
        matcher.push(id, hits, &mut out).expect("valid hits");
    }
    matcher.finish(&mut out);

    out
}

/// Hits on `filters`, all with key `key`.
fn on(filters: &[usize], key: &str) -> Vec<(usize, JoinKey)> {
    filters.iter().map(|&filter| (filter, join(key))).collect()
}

/// The example of Elasticsearch's sample backtracking: candidates `[1, 2, 3]`, `[4, 5]` and
/// `[4, 5, 3]` give `[1, 4, 5]`.
#[test]
fn each_filter_takes_the_earliest_event_not_already_in_the_sample() {
    let events = [
        (1, on(&[0], "k")),
        (2, on(&[0], "k")),
        (4, on(&[1, 2], "k")),
        (5, on(&[1, 2], "k")),
        (3, on(&[0, 2], "k")),
    ];

    assert_eq!(ids(&run(spec(3), &events)), [[1, 4, 5]]);
}

/// One event cannot fill two filters of a sample.
#[test]
fn no_sample_without_distinct_events() {
    let events = [(1, on(&[0, 1, 2], "k")), (3, on(&[2], "k"))];

    assert_eq!(run(spec(3), &events), Vec::new());
}

/// Samples ignore time: the event of the second filter may come first.
#[test]
fn filters_match_in_any_order() {
    let events = [(1, on(&[1], "k")), (2, on(&[0], "k"))];

    assert_eq!(ids(&run(spec(2), &events)), [[2, 1]]);
}

/// A key whose every filter has its full share of events is reported at once; later events
/// for it change nothing.
#[test]
fn a_settled_key_is_reported_during_the_stream() {
    let mut matcher = SampleMatcher::new(spec(2)).expect("valid spec");
    let mut out = Vec::new();

    matcher.push(&1, &on(&[0], "k"), &mut out).expect("valid hits");
    matcher.push(&2, &on(&[0], "k"), &mut out).expect("valid hits");
    matcher.push(&3, &on(&[1], "k"), &mut out).expect("valid hits");
    assert!(out.is_empty(), "filter 1 may still get an earlier-listed candidate");
    matcher.push(&4, &on(&[1], "k"), &mut out).expect("valid hits");
    assert_eq!(ids(&out), [[1, 3]]);

    matcher.push(&5, &on(&[0, 1], "k"), &mut out).expect("valid hits");
    matcher.finish(&mut out);
    assert_eq!(ids(&out), [[1, 3]]);
    assert_eq!(matcher.stats().emitted, 1);
}

/// `max_samples_per_key` samples per key, in backtracking order; each filter keeps
/// `filters + max_samples_per_key - 1` candidates.
#[test]
fn several_samples_per_key() {
    let mut three = spec(2);
    three.max_samples_per_key = 3;
    let events =
        [(1, on(&[0], "k")), (2, on(&[0, 1], "k")), (3, on(&[1], "k")), (4, on(&[1], "k"))];

    assert_eq!(ids(&run(three, &events)), [[1, 2], [1, 3], [1, 4]]);
}

/// Keys reported at the end of the stream come in ascending key order, null first, as
/// Elasticsearch's composite aggregation lists them (ES `allKeysOptional`).
#[test]
fn keys_reported_at_the_end_come_in_key_order() {
    let null = |id| (id, vec![(0, vec![KeyPart::Null]), (1, vec![KeyPart::Null])]);
    let events = [
        (1, on(&[0], "doom")),
        (2, on(&[1], "doom")),
        (3, on(&[0], "GTA")),
        (4, on(&[1], "GTA")),
        null(5),
        null(6),
    ];

    let samples = run(spec(2), &events);

    let keys: Vec<&JoinKey> = samples.iter().map(|sample| &sample.key).collect();
    assert_eq!(keys, [&vec![KeyPart::Null], &join("GTA"), &join("doom")]);
    assert_eq!(ids(&samples), [[5, 6], [3, 4], [1, 2]]);
}

/// A multi-valued key puts one event into the samples of each value.
#[test]
fn one_event_joins_several_keys() {
    let events =
        [(1, [on(&[0], "a"), on(&[0], "b")].concat()), (2, on(&[1], "a")), (3, on(&[1], "b"))];

    assert_eq!(ids(&run(spec(2), &events)), [[1, 2], [1, 3]]);
}

/// ES `optionalFieldAsKeyAndFirstFilter`: null keys from `?x` join.
#[test]
fn null_keys_join_each_other() {
    let null = |filter| vec![(filter, vec![KeyPart::Null])];
    let events = [(17, null(0)), (27, null(1)), (37, null(2))];

    assert_eq!(ids(&run(spec(3), &events)), [[17, 27, 37]]);
}

#[test]
fn the_cap_evicts_the_oldest_key_and_counts_it() {
    let mut small = spec(2);
    small.max_keys = 2;
    let events = [
        (1, on(&[0], "a")),
        (2, on(&[0], "b")),
        (3, on(&[0], "c")),
        (4, [on(&[1], "b"), on(&[1], "c")].concat()),
    ];
    let mut matcher = SampleMatcher::new(small).expect("valid spec");
    let mut out = Vec::new();

    for (id, hits) in &events {
        matcher.push(id, hits, &mut out).expect("valid hits");
    }
    matcher.finish(&mut out);

    assert_eq!(ids(&out), [[2, 4], [3, 4]]);
    assert_eq!(matcher.stats().evicted_by_cap, 1);
}

/// 100 000 events over 25 000 keys within a 1 000-key cap: every key settles and is
/// reported during the stream, and the done keys forgotten to stay within the cap are counted.
#[test]
fn a_long_stream_stays_within_the_cap() {
    let mut matcher = SampleMatcher::new(spec(2)).expect("valid spec");
    let mut out = Vec::new();

    for id in 0..100_000_i64 {
        let key = vec![KeyPart::Long(id / 4)];
        let filter = (id % 4 / 2) as usize;
        matcher.push(&id, &[(filter, key)], &mut out).expect("valid hits");
        let stats = matcher.stats();
        assert!(stats.live_keys + stats.done_keys <= 1_000);
    }
    matcher.finish(&mut out);

    let stats = matcher.stats();
    assert_eq!(out.len(), 25_000);
    assert_eq!(stats.emitted, 25_000);
    assert_eq!(stats.evicted_by_cap, 0);
    assert_eq!(stats.forgotten_by_cap, 24_000);
}

#[test]
fn invalid_specs_and_hits_are_refused() {
    let refusal = |spec| SampleMatcher::<i64>::new(spec).err().expect("the spec is refused");
    let mut none_per_key = spec(2);
    none_per_key.max_samples_per_key = 0;
    let mut no_room = spec(2);
    no_room.max_keys = 0;
    let mut matcher = SampleMatcher::new(spec(2)).expect("valid spec");

    assert_eq!(refusal(spec(0)), SampleError::NoFilters);
    assert_eq!(refusal(none_per_key), SampleError::ZeroSamplesPerKey);
    assert_eq!(refusal(no_room), SampleError::ZeroCapacity);
    assert_eq!(
        matcher.push(&1, &on(&[2], "k"), &mut Vec::new()),
        Err(SampleError::FilterOutOfRange { filter: 2, filters: 2 })
    );
}

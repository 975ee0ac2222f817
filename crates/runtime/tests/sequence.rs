//! The sequence engine against Elasticsearch's documented examples and its own spec
//! expectations, with each stage's filter and join key evaluated by hand.
//!
//! Results are written as Elasticsearch's specs write them: the ids of each sequence's events
//! in stage order, sequence after sequence, with -1 for a missing stage.

use ruleproof_runtime::join_key::{JoinKey, KeyPart};
use ruleproof_runtime::sequence::{
    DEFAULT_MAX_PENDING, SequenceError, SequenceMatch, SequenceMatcher, SequenceSpec,
    SequenceStats, StageKind,
};
use ruleproof_runtime::time::Timestamp;

/// One event of a hand-written stream.
struct Event {
    id: i64,
    at: Timestamp,
    hits: Vec<(usize, JoinKey)>,
    until: Vec<JoinKey>,
}

/// Event `id` at `ms` milliseconds.
fn event(id: i64, ms: i64) -> Event {
    Event { id, at: Timestamp::from_millis(ms), hits: Vec::new(), until: Vec::new() }
}

impl Event {
    /// Matches each of `stages` with join key `key`.
    fn hits(mut self, stages: &[usize], key: &str) -> Event {
        self.hits.extend(stages.iter().map(|&stage| (stage, join(key))));
        self
    }

    /// Matches the `until` term with join key `key`.
    fn until(mut self, key: &str) -> Event {
        self.until.push(join(key));
        self
    }
}

/// A one-field join key; `""` is the empty key of a sequence without `by`.
fn join(key: &str) -> JoinKey {
    if key.is_empty() { Vec::new() } else { vec![KeyPart::str(key)] }
}

/// A spec from one letter per stage, `P` present and `M` missing.
fn spec(stages: &str, maxspan_ms: Option<i64>) -> SequenceSpec {
    SequenceSpec {
        stages: stages
            .chars()
            .map(|stage| if stage == 'M' { StageKind::Missing } else { StageKind::Present })
            .collect(),
        maxspan: maxspan_ms.map(|ms| ms * 1_000_000),
        has_until: false,
        max_pending: DEFAULT_MAX_PENDING,
    }
}

fn with_until(mut spec: SequenceSpec) -> SequenceSpec {
    spec.has_until = true;
    spec
}

fn ids(matches: &[SequenceMatch<i64>]) -> Vec<i64> {
    matches.iter().flat_map(|found| found.events.iter().map(|event| event.unwrap_or(-1))).collect()
}

fn run_with_stats(spec: SequenceSpec, events: &[Event]) -> (Vec<i64>, SequenceStats) {
    let mut matcher = SequenceMatcher::new(spec).expect("valid spec");
    let mut out = Vec::new();

    for event in events {
        matcher.push(event.at, &event.id, &event.hits, &event.until, &mut out).expect("in order");
    }
    matcher.finish(&mut out);

    (ids(&out), matcher.stats())
}

fn run(spec: SequenceSpec, events: &[Event]) -> Vec<i64> {
    run_with_stats(spec, events).0
}

/// Events `ids` one millisecond apart, each matching the stages whose filter accepts its id.
fn by_id(ids: std::ops::RangeInclusive<i64>, filters: &[fn(i64) -> bool]) -> Vec<Event> {
    ids.map(|id| {
        let stages: Vec<usize> = (0..filters.len()).filter(|&stage| filters[stage](id)).collect();
        event(id, id).hits(&stages, "")
    })
    .collect()
}

mod state_machine {
    use super::*;

    /// The docs' "How sequence queries handle matches" example, `sequence by user.name
    /// [attrib] [bash] [cat]`: one pending sequence per stage, the most recent overwrites.
    #[test]
    fn docs_example_keeps_one_pending_sequence_per_stage() {
        let rows = [
            ("root", 0),
            ("root", 0),
            ("elkbee", 1),
            ("root", 1),
            ("root", 1),
            ("elkbee", 0),
            ("root", 0),
            ("elkbee", 1),
            ("root", 2),
            ("elkbee", 2),
            ("root", 2),
        ];
        let events: Vec<Event> = rows
            .iter()
            .zip(1..)
            .map(|(&(user, stage), id)| event(id, id).hits(&[stage], user))
            .collect();

        assert_eq!(run(spec("PPP", None), &events), [2, 4, 9, 6, 8, 10]);
    }

    /// ES `sequenceConditionManyMany`: `[serial_event_id <= 3] [true] [true]`.
    #[test]
    fn one_event_takes_part_in_several_sequences() {
        let events = by_id(1..=12, &[|id| id <= 3, |_| true, |_| true]);

        assert_eq!(run(spec("PPP", None), &events), [1, 2, 3, 2, 3, 4, 3, 4, 5]);
    }

    /// ES `doubleSameSequence`: `[serial_event_id < 5] [serial_event_id < 5]`.
    #[test]
    fn one_event_never_advances_a_sequence_twice() {
        let events = by_id(1..=12, &[|id| id < 5, |id| id < 5]);

        assert_eq!(run(spec("PP", None), &events), [1, 2, 2, 3, 3, 4]);
    }

    /// ES `sequenceOneManyMany`, `sequenceManyConditionMany`, `sequenceManyManyCondition`.
    #[test]
    fn a_condition_on_any_stage_limits_the_sequences() {
        let one_many_many = by_id(1..=12, &[|id| id == 1, |_| true, |_| true]);
        let many_condition_many = by_id(1..=12, &[|_| true, |id| id <= 3, |_| true]);
        let many_many_condition = by_id(1..=12, &[|_| true, |_| true, |id| id <= 3]);

        assert_eq!(run(spec("PPP", None), &one_many_many), [1, 2, 3]);
        assert_eq!(run(spec("PPP", None), &many_condition_many), [1, 2, 3, 2, 3, 4]);
        assert_eq!(run(spec("PPP", None), &many_many_condition), [1, 2, 3]);
    }

    /// ES `sequenceThreeManyCondition1` to `4`: four stages, `serial_event_id <= 4` on one.
    #[test]
    fn four_stages_with_a_condition_on_each_stage_in_turn() {
        let always: fn(i64) -> bool = |_| true;
        let condition: fn(i64) -> bool = |id| id <= 4;
        let expected: [&[i64]; 4] = [
            &[1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, 4, 5, 6, 7],
            &[1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6],
            &[1, 2, 3, 4, 2, 3, 4, 5],
            &[1, 2, 3, 4],
        ];

        for (stage, expected) in expected.iter().enumerate() {
            let mut filters = [always; 4];
            filters[stage] = condition;
            assert_eq!(run(spec("PPPP", None), &by_id(1..=12, &filters)), *expected);
        }
    }

    /// `[a] with runs=3` arrives as three present stages.
    #[test]
    fn runs_repeat_a_stage() {
        let events = by_id(1..=5, &[|_| true, |_| true, |_| true]);

        assert_eq!(run(spec("PPP", None), &events), [1, 2, 3, 2, 3, 4, 3, 4, 5]);
    }

    /// ES `sequenceManyManyWithJoin`: `[serial_event_id < 3] by unique_pid [true] by
    /// unique_ppid`; the caller computes each stage's key from its own field.
    #[test]
    fn stages_join_on_keys_from_different_fields() {
        // (id, unique_pid, unique_ppid) of the first three endgame events.
        let rows = [(1, "1", "0"), (2, "2", "1"), (3, "3", "2")];
        let events: Vec<Event> = rows
            .iter()
            .map(|&(id, pid, ppid)| {
                let first = if id < 3 { vec![(0, join(pid))] } else { Vec::new() };
                let mut event = event(id, id);
                event.hits = first.into_iter().chain([(1, join(ppid))]).collect();
                event
            })
            .collect();

        assert_eq!(run(spec("PP", None), &events), [1, 2, 2, 3]);
    }

    #[test]
    fn sequences_of_different_keys_interleave_and_come_out_in_completion_order() {
        let events = [
            event(1, 1).hits(&[0], "a"),
            event(2, 2).hits(&[0], "b"),
            event(3, 3).hits(&[1], "b"),
            event(4, 4).hits(&[1], "a"),
            event(5, 5).hits(&[0], "a"),
            event(6, 6).hits(&[1], "a"),
        ];

        assert_eq!(run(spec("PP", None), &events), [2, 3, 1, 4, 5, 6]);
    }

    /// Several keys on one event, as a multi-valued `by` field produces (ES
    /// `sequenceWithMultivalue_ManyToMany`): every key completes, in the order of the hits.
    #[test]
    fn one_event_completes_sequences_for_several_keys() {
        let events = [
            event(1, 1).hits(&[0], "tag1"),
            event(4, 10).hits(&[0], "tag3").hits(&[0], "tag4"),
            event(23, 12).hits(&[1], "tag1").hits(&[1], "tag3").hits(&[1], "tag4"),
        ];

        assert_eq!(run(spec("PP", None), &events), [1, 23, 4, 23, 4, 23]);
    }

    /// A multi-valued key with a repeated value (ES `sequenceWithMultivalue_Duplicates`).
    #[test]
    fn a_repeated_hit_counts_once() {
        let events = [
            event(12, 2).hits(&[0], "tag1").hits(&[0], "tag1").hits(&[0], "tag2"),
            event(13, 3).hits(&[1], "tag1").hits(&[1], "tag2").hits(&[1], "tag2"),
        ];

        let (found, stats) = run_with_stats(spec("PP", None), &events);

        assert_eq!(found, [12, 13, 12, 13]);
        assert_eq!(stats.superseded, 0);
    }

    /// A `?optional` key without a value joins on null (ES `sequenceOptionalFieldAsKey*`).
    #[test]
    fn null_keys_join_each_other() {
        let null = vec![KeyPart::Null];
        let mut first = event(7, 100);
        first.hits.push((0, null.clone()));
        let mut second = event(8, 101);
        second.hits.push((1, null));

        assert_eq!(run(spec("PP", None), &[first, second]), [7, 8]);
    }
}

mod maxspan {
    use super::*;

    fn pair_apart(nanos: i64) -> Vec<i64> {
        let mut spec = spec("PP", Some(30_000));
        spec.maxspan = Some(30_000_000_000);
        let mut matcher = SequenceMatcher::new(spec).expect("valid spec");
        let mut out = Vec::new();

        matcher.push(Timestamp(0), &1, &[(0, join(""))], &[], &mut out).expect("in order");
        matcher.push(Timestamp(nanos), &2, &[(1, join(""))], &[], &mut out).expect("in order");
        matcher.finish(&mut out);

        ids(&out)
    }

    #[test]
    fn the_bound_is_inclusive() {
        assert_eq!(pair_apart(30_000_000_000), [1, 2]);
        assert_eq!(pair_apart(30_001_000_000), Vec::<i64>::new());
        assert_eq!(pair_apart(30_000_000_001), Vec::<i64>::new());
    }

    /// ES `sequencesOnDifferentEventTypes7` against `6`: a span too short for the events.
    #[test]
    fn a_sequence_longer_than_maxspan_is_dropped_and_counted() {
        let events = [event(1, 0).hits(&[0], "k"), event(2, 600).hits(&[1], "k")];

        let (found, stats) = run_with_stats(spec("PP", Some(500)), &events);

        assert_eq!(found, Vec::<i64>::new());
        assert_eq!(stats.evicted_by_maxspan, 1);
        assert_eq!(run(spec("PP", Some(10_000)), &events), [1, 2]);
    }

    /// The first event anchors the span, not the previous one.
    #[test]
    fn the_span_runs_from_the_first_event() {
        let events = [
            event(1, 0).hits(&[0], ""),
            event(2, 400).hits(&[1], ""),
            event(3, 800).hits(&[2], ""),
        ];

        assert_eq!(run(spec("PPP", Some(500)), &events), Vec::<i64>::new());
        assert_eq!(run(spec("PPP", Some(800)), &events), [1, 2, 3]);
    }
}

mod until {
    use super::*;

    /// The docs' example: `sequence by ID A B until C` over `A, B` / `A, B, C` / `A, C, B`.
    #[test]
    fn docs_example_expires_only_sequences_with_until_in_between() {
        let events = [
            event(1, 1).hits(&[0], "1"),
            event(2, 2).hits(&[1], "1"),
            event(3, 3).hits(&[0], "2"),
            event(4, 4).hits(&[1], "2"),
            event(5, 5).until("2"),
            event(6, 6).hits(&[0], "3"),
            event(7, 7).until("3"),
            event(8, 8).hits(&[1], "3"),
        ];

        let (found, stats) = run_with_stats(with_until(spec("PP", None)), &events);

        assert_eq!(found, [1, 2, 3, 4]);
        assert_eq!(stats.dropped_by_until, 1);
    }

    #[test]
    fn until_applies_per_key() {
        let events = [
            event(1, 1).hits(&[0], "a"),
            event(2, 2).hits(&[0], "b"),
            event(3, 3).until("b"),
            event(4, 4).hits(&[1], "a").hits(&[1], "b"),
        ];

        assert_eq!(run(with_until(spec("PP", None)), &events), [1, 4]);
    }

    /// ES `sequenceWithOptionalFieldsAndUntil_1` and `_2`: an `until` on the completing event
    /// changes nothing; on a middle event it expires the sequence that event advanced.
    #[test]
    fn until_on_the_same_event_as_a_stage() {
        let stream = |until_on: i64| -> Vec<Event> {
            [(18, 0), (19, 1), (20, 2)]
                .into_iter()
                .map(|(id, stage)| {
                    let event = event(id, id).hits(&[stage], "k");
                    if id == until_on { event.until("k") } else { event }
                })
                .collect()
        };

        assert_eq!(run(with_until(spec("PPP", None)), &stream(20)), [18, 19, 20]);
        assert_eq!(run(with_until(spec("PPP", None)), &stream(19)), Vec::<i64>::new());
    }

    #[test]
    fn until_before_any_sequence_has_no_effect() {
        let events =
            [event(1, 1).until("k"), event(2, 2).hits(&[0], "k"), event(3, 3).hits(&[1], "k")];

        assert_eq!(run(with_until(spec("PP", None)), &events), [2, 3]);
    }
}

/// Missing stages, over the events of Elasticsearch's `missing-events` spec data: id,
/// milliseconds, tag and the join fields `k1`, `k2`.
mod missing {
    use super::*;

    struct Row {
        id: i64,
        ms: i64,
        tag: &'static str,
        k1: &'static str,
        k2: &'static str,
    }

    const fn row(id: i64, ms: i64, tag: &'static str) -> Row {
        Row { id, ms, tag, k1: "", k2: "" }
    }

    const TEST1: [Row; 4] =
        [row(1, 1, "normal"), row(2, 2, "normal"), row(3, 3, "missing"), row(4, 4, "normal")];

    const TEST2: [Row; 8] = [
        row(1, 0, "normal"),
        row(2, 1, "normal"),
        row(3, 2, "missing"),
        row(4, 3, "normal"),
        row(5, 4, "normal"),
        row(6, 5, "missing"),
        row(7, 120_006, "missing2"),
        row(8, 180_006, "missing2"),
    ];

    const TEST3: [Row; 6] = [
        row(1, 0, "missing"),
        row(2, 600_001, "normal"),
        row(3, 1_200_001, "missing"),
        row(4, 1_260_001, "normal"),
        row(5, 1_740_001, "normal"),
        row(6, 1_860_001, "normal"),
    ];

    const TEST4: [Row; 18] = [
        row(1, 1, "A"),
        row(2, 2, "B"),
        row(3, 3, "M1"),
        row(4, 4, "B"),
        row(5, 5, "C"),
        row(6, 6, "M2"),
        row(7, 7, "D"),
        row(8, 8, "M1"),
        row(9, 9, "C"),
        row(10, 10, "B"),
        row(11, 11, "C"),
        row(12, 12, "D"),
        row(13, 13, "A"),
        row(14, 14, "B"),
        row(15, 15, "M3"),
        row(16, 16, "C"),
        row(17, 17, "D"),
        row(18, 18, "M4"),
    ];

    const fn keyed(id: i64, ms: i64, tag: &'static str, k1: &'static str, k2: &'static str) -> Row {
        Row { id, ms, tag, k1, k2 }
    }

    const TEST5: [Row; 12] = [
        keyed(1, 0, "normal", "foo", "foo"),
        keyed(2, 1, "normal", "foo", "foo"),
        keyed(3, 3, "missing", "foo", "foo"),
        keyed(4, 4, "normal", "foo", "foo"),
        keyed(5, 5, "normal", "foo", "foo"),
        keyed(6, 6, "normal", "foo", "foo"),
        keyed(7, 7, "missing", "foo", "bar"),
        keyed(8, 8, "normal", "foo", "foo"),
        keyed(9, 9, "normal", "baz", "baz"),
        keyed(10, 10, "normal", "baz", "baz"),
        keyed(11, 11, "missing", "baz", "foo"),
        keyed(12, 12, "normal", "baz", "baz"),
    ];

    /// One stage: its kind, filter and join key.
    type Stage = (StageKind, fn(&Row) -> bool, fn(&Row) -> JoinKey);

    const P: StageKind = StageKind::Present;
    const M: StageKind = StageKind::Missing;

    fn no_key(_: &Row) -> JoinKey {
        Vec::new()
    }

    fn by_k1(row: &Row) -> JoinKey {
        join(row.k1)
    }

    fn by_k2(row: &Row) -> JoinKey {
        join(row.k2)
    }

    fn tagged(stages: &[(StageKind, &'static str)]) -> Vec<(StageKind, String)> {
        stages.iter().map(|&(kind, tag)| (kind, tag.to_owned())).collect()
    }

    /// Runs a sequence with `maxspan_ms` whose stages each match one tag, without keys.
    fn by_tag(rows: &[Row], maxspan_ms: i64, stages: &[(StageKind, &'static str)]) -> Vec<i64> {
        let stages = tagged(stages);
        let mut matcher = SequenceMatcher::new(SequenceSpec {
            stages: stages.iter().map(|(kind, _)| *kind).collect(),
            maxspan: Some(maxspan_ms * 1_000_000),
            has_until: false,
            max_pending: DEFAULT_MAX_PENDING,
        })
        .expect("valid spec");
        let mut out = Vec::new();

        for row in rows {
            let hits: Vec<(usize, JoinKey)> = (0..stages.len())
                .filter(|&stage| stages[stage].1 == row.tag)
                .map(|stage| (stage, Vec::new()))
                .collect();
            let at = Timestamp::from_millis(row.ms);
            matcher.push(at, &row.id, &hits, &[], &mut out).expect("in order");
        }
        matcher.finish(&mut out);

        ids(&out)
    }

    /// Runs a sequence with a 1 s maxspan over `rows` with explicit filters and keys.
    fn keyed_run(rows: &[Row], stages: &[Stage]) -> Vec<i64> {
        let mut matcher = SequenceMatcher::new(SequenceSpec {
            stages: stages.iter().map(|stage| stage.0).collect(),
            maxspan: Some(1_000_000_000),
            has_until: false,
            max_pending: DEFAULT_MAX_PENDING,
        })
        .expect("valid spec");
        let mut out = Vec::new();

        for row in rows {
            let hits: Vec<(usize, JoinKey)> = (0..stages.len())
                .filter(|&stage| stages[stage].1(row))
                .map(|stage| (stage, stages[stage].2(row)))
                .collect();
            let at = Timestamp::from_millis(row.ms);
            matcher.push(at, &row.id, &hits, &[], &mut out).expect("in order");
        }
        matcher.finish(&mut out);

        ids(&out)
    }

    /// ES `missingInBetween_noMatches` and `missingInBetween_match`; the second is the
    /// reference's middle-stage example, `[1, -1, 2]`.
    #[test]
    fn a_middle_stage_rejects_a_match_strictly_between_its_neighbours() {
        let nothing = by_tag(&TEST1, 1_000, &[(P, "normal"), (M, "nonexisting"), (P, "normal")]);
        let missing = by_tag(&TEST1, 1_000, &[(P, "normal"), (M, "missing"), (P, "normal")]);

        assert_eq!(nothing, [1, -1, 2, 2, -1, 4]);
        assert_eq!(missing, [1, -1, 2]);
    }

    /// ES `positivePlusMissing`: a trailing stage rejects a match within maxspan of the
    /// first event.
    #[test]
    fn a_trailing_stage_rejects_a_match_within_maxspan() {
        assert_eq!(by_tag(&TEST1, 1_000, &[(P, "normal"), (M, "missing")]), [4, -1]);
    }

    /// The reference's trailing example, `[3, -1]`: a trailing match later than maxspan
    /// after the first event does not reject.
    #[test]
    fn a_trailing_match_after_maxspan_does_not_reject() {
        let rows = [row(1, 0, "a"), row(2, 500, "b"), row(3, 1_000, "a"), row(4, 2_001, "b")];

        assert_eq!(by_tag(&rows, 1_000, &[(P, "a"), (M, "b")]), [3, -1]);
    }

    /// ES `skipFirstMatchAndPickSecondCandidate`: positive matching goes on as if the
    /// missing stage were not there; the check happens per completed candidate.
    #[test]
    fn a_rejected_candidate_leaves_later_ones() {
        let stages = [(P, "normal"), (P, "normal"), (M, "missing"), (P, "normal")];

        assert_eq!(by_tag(&TEST2, 1_000, &stages), [2, 4, -1, 5]);
    }

    /// ES `leadingSimple`: a leading stage rejects when its latest match lies within
    /// maxspan of the last positive event.
    #[test]
    fn a_leading_stage_rejects_a_recent_match() {
        let stages = [(M, "missing"), (P, "normal")];

        assert_eq!(by_tag(&TEST3, 180_000, &stages), [-1, 2, -1, 5, -1, 6]);
    }

    /// ES `leadingAndTrailingExcluded1` and `2`: with both, reject only when the latest
    /// leading and the earliest trailing match lie within maxspan of each other.
    #[test]
    fn leading_and_trailing_stages_reject_together() {
        let stages = [(M, "missing"), (P, "normal"), (M, "missing")];

        assert_eq!(
            by_tag(&TEST3, 19 * 60_000, &stages),
            [-1, 2, -1, -1, 4, -1, -1, 5, -1, -1, 6, -1]
        );
        assert_eq!(by_tag(&TEST3, 21 * 60_000, &stages), [-1, 4, -1, -1, 5, -1, -1, 6, -1]);
    }

    /// ES `multipleMissing1`, `2`, `3`, `4`, `5`, `6` and `7`.
    #[test]
    fn several_missing_stages() {
        let all = [(P, "A"), (P, "B"), (M, "M1"), (P, "C"), (M, "M2"), (P, "D")];
        let no_m2 = [(P, "A"), (P, "B"), (M, "M1"), (P, "C"), (P, "D")];
        let no_m1 = [(P, "A"), (P, "B"), (P, "C"), (M, "M2"), (P, "D")];
        let trailing_m4 = [(P, "A"), (P, "B"), (M, "M1"), (P, "C"), (M, "M2"), (P, "D"), (M, "M4")];
        let none = [(P, "A"), (P, "B"), (M, "none"), (P, "C"), (M, "none"), (P, "D")];
        let trailing_none = [(P, "A"), (P, "B"), (P, "C"), (M, "M2"), (P, "D"), (M, "none")];
        let leading_none = [(M, "none"), (P, "A"), (P, "B"), (P, "C"), (M, "M2"), (P, "D")];

        assert_eq!(by_tag(&TEST4, 1_000, &all), [13, 14, -1, 16, -1, 17]);
        assert_eq!(by_tag(&TEST4, 1_000, &no_m2), [13, 14, -1, 16, 17]);
        assert_eq!(by_tag(&TEST4, 1_000, &no_m1), [13, 14, 16, -1, 17]);
        assert_eq!(by_tag(&TEST4, 1_000, &trailing_m4), Vec::<i64>::new());
        assert_eq!(by_tag(&TEST4, 1_000, &none), [1, 2, -1, 5, -1, 7, 13, 14, -1, 16, -1, 17]);
        assert_eq!(by_tag(&TEST4, 1_000, &trailing_none), [13, 14, 16, -1, 17, -1]);
        assert_eq!(by_tag(&TEST4, 1_000, &leading_none), [-1, 13, 14, 16, -1, 17]);
    }

    fn normal(row: &Row) -> bool {
        row.tag == "normal"
    }

    fn missing(row: &Row) -> bool {
        row.tag == "missing"
    }

    /// ES `withByKey1`, `withByKey3` and `withByKey6`: the missing stage matches with its own
    /// key, which may come from another field than the positive stages'.
    #[test]
    fn missing_stages_join_on_their_own_keys() {
        let on_k1: [Stage; 4] =
            [(P, normal, by_k1), (P, normal, by_k1), (M, missing, by_k1), (P, normal, by_k1)];
        let missing_on_k2: [Stage; 4] =
            [(P, normal, by_k1), (P, normal, by_k1), (M, missing, by_k2), (P, normal, by_k1)];
        let late_missing: [Stage; 4] = [
            (P, normal, by_k2),
            (P, normal, by_k2),
            (M, |row| missing(row) && row.id > 10, by_k2),
            (P, normal, by_k2),
        ];

        assert_eq!(keyed_run(&TEST5, &on_k1), [2, 4, -1, 5, 4, 5, -1, 6]);
        assert_eq!(
            keyed_run(&TEST5, &missing_on_k2),
            [2, 4, -1, 5, 4, 5, -1, 6, 5, 6, -1, 8, 9, 10, -1, 12]
        );
        assert_eq!(
            keyed_run(&TEST5, &late_missing),
            [1, 2, -1, 4, 2, 4, -1, 5, 4, 5, -1, 6, 5, 6, -1, 8, 9, 10, -1, 12]
        );
    }

    /// ES `withByKey_runsOnMissing`: `runs=2` on a missing stage gives two placeholders.
    #[test]
    fn runs_on_a_missing_stage() {
        let stages: [Stage; 5] = [
            (P, normal, by_k2),
            (P, normal, by_k2),
            (M, missing, by_k2),
            (M, missing, by_k2),
            (P, normal, by_k2),
        ];

        assert_eq!(
            keyed_run(&TEST5, &stages),
            [2, 4, -1, -1, 5, 4, 5, -1, -1, 6, 5, 6, -1, -1, 8, 9, 10, -1, -1, 12]
        );
    }

    #[test]
    fn a_middle_stage_without_keys_of_its_own_match_does_not_reject() {
        let stages: [Stage; 3] = [(P, normal, no_key), (M, |_| false, no_key), (P, normal, no_key)];

        assert_eq!(keyed_run(&TEST1, &stages), [1, -1, 2, 2, -1, 4]);
    }

    /// A trailing-stage candidate is reported by the first event past `first + maxspan`, not
    /// earlier, and by `finish` when the stream ends sooner.
    #[test]
    fn trailing_candidates_wait_for_their_window_to_close() {
        let mut matcher = SequenceMatcher::new(spec("PM", Some(1_000))).expect("valid spec");
        let mut out = Vec::new();
        let mut push = |ms: i64, id: i64, hits: &[(usize, JoinKey)], out: &mut Vec<_>| {
            matcher.push(Timestamp::from_millis(ms), &id, hits, &[], out).expect("in order");
        };

        push(0, 1, &[(0, join(""))], &mut out);
        push(1_000, 2, &[], &mut out);
        assert!(out.is_empty(), "a trailing match at exactly maxspan still rejects");
        push(1_001, 3, &[(0, join(""))], &mut out);
        assert_eq!(ids(&out), [1, -1]);

        matcher.finish(&mut out);
        assert_eq!(ids(&out), [1, -1, 3, -1]);
    }

    /// Reporting keeps completion order even when an earlier candidate waits longer: with
    /// leading and trailing stages a window closes `maxspan` after the leading match.
    #[test]
    fn waiting_candidates_keep_completion_order() {
        let mut matcher = SequenceMatcher::new(spec("MPM", Some(1_000))).expect("valid spec");
        let mut out = Vec::new();
        let mut push = |ms: i64, id: i64, hits: &[(usize, JoinKey)], out: &mut Vec<_>| {
            matcher.push(Timestamp::from_millis(ms), &id, hits, &[], out).expect("in order");
        };

        push(0, 1, &[(0, join("b"))], &mut out);
        push(400, 2, &[(0, join("a"))], &mut out);
        push(500, 3, &[(1, join("a"))], &mut out);
        push(600, 4, &[(1, join("b"))], &mut out);
        push(1_001, 5, &[], &mut out);
        assert!(out.is_empty(), "\"b\" is decided but waits behind \"a\"");
        push(1_401, 6, &[], &mut out);

        assert_eq!(ids(&out), [-1, 3, -1, -1, 4, -1]);
    }
}

mod memory {
    use super::*;

    #[test]
    fn the_cap_evicts_the_oldest_partial_sequence_and_counts_it() {
        let mut small = spec("PP", None);
        small.max_pending = 2;
        let events = [
            event(1, 1).hits(&[0], "a"),
            event(2, 2).hits(&[0], "b"),
            event(3, 3).hits(&[0], "c"),
            event(4, 4).hits(&[1], "a").hits(&[1], "b").hits(&[1], "c"),
        ];

        let (found, stats) = run_with_stats(small, &events);

        assert_eq!(found, [2, 4, 3, 4]);
        assert_eq!(stats.evicted_by_cap, 1);
        assert_eq!(stats.live, 0);
    }

    #[test]
    fn a_more_recent_sequence_supersedes_the_pending_one() {
        let events = [event(1, 1).hits(&[0], "k"), event(2, 2).hits(&[0], "k")];

        let mut matcher = SequenceMatcher::new(spec("PP", None)).expect("valid spec");
        let mut out = Vec::new();
        for event in &events {
            matcher.push(event.at, &event.id, &event.hits, &[], &mut out).expect("in order");
        }

        assert_eq!(matcher.stats().superseded, 1);
        assert_eq!(matcher.stats().live, 1);
    }

    /// 100 000 events over 2 500 keys with a 1 s maxspan: state stays within what one
    /// second of events can hold.
    #[test]
    fn a_long_stream_with_maxspan_keeps_bounded_state() {
        let mut matcher = SequenceMatcher::new(spec("PMPP", Some(1_000))).expect("valid spec");
        let mut out = Vec::new();
        let mut peak = SequenceStats::default();

        for id in 0..100_000_i64 {
            let key = vec![KeyPart::Long(id / 4 % 2_500)];
            let stage = (id % 4) as usize;
            let at = Timestamp::from_millis(id / 10);
            matcher.push(at, &id, &[(stage, key)], &[], &mut out).expect("in order");
            let stats = matcher.stats();
            peak.live = peak.live.max(stats.live);
            peak.missing_matches = peak.missing_matches.max(stats.missing_matches);
        }
        matcher.finish(&mut out);

        // Ten events per millisecond: at most 10 010 events lie within maxspan plus 1 ms.
        assert!(peak.live <= 10_010, "live peaked at {}", peak.live);
        assert!(peak.missing_matches <= 10_010, "missing peaked at {}", peak.missing_matches);
        assert!(!out.is_empty());
        assert_eq!(matcher.stats().evicted_by_cap, 0);
        assert_eq!(matcher.stats().emitted, out.len() as u64);
    }

    /// Without maxspan only the cap bounds state, and every eviction is counted.
    #[test]
    fn a_long_stream_without_maxspan_stays_within_the_cap() {
        let mut capped = spec("PPP", None);
        capped.max_pending = 1_000;
        let mut matcher = SequenceMatcher::new(capped).expect("valid spec");
        let mut out = Vec::new();

        for id in 0..100_000_i64 {
            let key = vec![KeyPart::Long(id)];
            let at = Timestamp::from_millis(id);
            matcher.push(at, &id, &[(0, key)], &[], &mut out).expect("in order");
            assert!(matcher.stats().live <= 1_000);
        }

        assert_eq!(matcher.stats().evicted_by_cap, 99_000);
        assert_eq!(matcher.stats().live, 1_000);
    }
}

mod errors {
    use super::*;

    fn refusal(spec: SequenceSpec) -> SequenceError {
        SequenceMatcher::<i64>::new(spec).err().expect("the spec is refused")
    }

    #[test]
    fn invalid_specs_are_refused() {
        let mut no_room = spec("PP", None);
        no_room.max_pending = 0;

        assert_eq!(refusal(spec("MM", Some(1))), SequenceError::NoPositiveStage);
        assert_eq!(refusal(spec("PM", None)), SequenceError::MissingStageWithoutMaxspan);
        assert_eq!(refusal(spec("PP", Some(0))), SequenceError::NonPositiveMaxspan(0));
        assert_eq!(refusal(no_room), SequenceError::ZeroCapacity);
    }

    #[test]
    fn invalid_events_are_refused() {
        let mut matcher = SequenceMatcher::new(spec("PP", None)).expect("valid spec");
        let mut out = Vec::new();

        matcher.push(Timestamp(10), &1, &[], &[], &mut out).expect("in order");

        assert_eq!(
            matcher.push(Timestamp(9), &2, &[], &[], &mut out),
            Err(SequenceError::OutOfOrder { previous: Timestamp(10), current: Timestamp(9) })
        );
        assert_eq!(
            matcher.push(Timestamp(11), &3, &[(2, join(""))], &[], &mut out),
            Err(SequenceError::StageOutOfRange { stage: 2, stages: 2 })
        );
        assert_eq!(
            matcher.push(Timestamp(11), &4, &[], &[join("")], &mut out),
            Err(SequenceError::UnexpectedUntil)
        );
    }
}

//! Driving a plan over a stream of events: event queries, sequences and
//! samples, then the `head`/`tail` limits, with counts of everything the
//! run passed over.

use std::cell::Cell;
use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use ruleproof_eql::ast::PipeKind;
use ruleproof_eql::plan::{FieldRef, KeyedFilter, Limit, Plan, PlanBody};
use ruleproof_runtime::event::Event;
use ruleproof_runtime::join_key::{JoinKey, KeyPart};
use ruleproof_runtime::logic::Logic;
use ruleproof_runtime::reorder::Reorder;
use ruleproof_runtime::sample::{SampleMatch, SampleMatcher, SampleSpec, SampleStats};
use ruleproof_runtime::sequence::{SequenceMatcher, SequenceSpec, SequenceStats, StageKind};
use ruleproof_runtime::time::Timestamp;

use crate::compile::{CCond, CompileError, Schema, compile_cond};
use crate::eval::Evaluator;

/// Settings of a run, mirroring Elasticsearch's EQL request parameters.
#[derive(Clone, Debug)]
pub struct Options {
    /// The field `process where` tests; Elasticsearch's `event_category_field`.
    pub category_field: String,
    /// The field events are ordered by; Elasticsearch's `timestamp_field`.
    pub timestamp_field: String,
    /// Breaks timestamp ties; Elasticsearch's `tiebreaker_field`.
    pub tiebreaker_field: Option<String>,
    /// How predicate results combine under `not`.
    pub logic: Logic,
    /// Most partial sequences (or samples) kept alive at once; the oldest is
    /// evicted, and counted, beyond it.
    pub max_pending: usize,
    /// Fields mapped as dates besides the timestamp field.
    pub date_fields: Vec<String>,
    /// How long, in nanoseconds, to hold events so that stragglers can be put
    /// back in (timestamp, tiebreaker) order, as Elasticsearch sorts them.
    /// `Some(0)` still orders equal timestamps by tiebreaker; `None` takes
    /// events exactly in arrival order.
    pub reorder_window: Option<i64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            category_field: "event.category".to_string(),
            timestamp_field: "@timestamp".to_string(),
            tiebreaker_field: None,
            logic: Logic::default(),
            max_pending: 100_000,
            date_fields: Vec::new(),
            reorder_window: Some(0),
        }
    }
}

/// One result: a matching event, or a sequence's or sample's events in
/// stage order (`None` stands for a missing-event stage).
#[derive(Clone, Debug)]
pub struct Match {
    /// The events, in stage order.
    pub events: Vec<Option<Rc<Event>>>,
}

/// What a run saw and passed over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Events offered.
    pub events: u64,
    /// Results emitted before limits.
    pub results: u64,
    /// Events a sequence or sample could not use because their timestamp was
    /// missing or not a date.
    pub missing_timestamp: u64,
    /// Events that reached the matchers earlier in time than the event
    /// before them: out of order by more than the reorder window.
    pub out_of_order: u64,
    /// Events that matched a stage but could not join because a
    /// non-optional join key was missing.
    pub missing_join_key: u64,
    /// Expression errors (overflow, division by zero, ...), each of which
    /// Elasticsearch reports as a failed query.
    pub evaluation_errors: u64,
    /// Sequence state counts, for a sequence.
    pub sequence: Option<SequenceStats>,
    /// Sample state counts, for a sample.
    pub sample: Option<SampleStats>,
}

/// Runs one plan over events offered in time order.
pub struct Interpreter {
    reorder: Option<Reorder<(Rc<Event>, Timestamp)>>,
    body: Body,
    limits: Vec<LimitState>,
    options: Options,
    stats: RunStats,
    errors: Cell<u64>,
    last_seen: Option<(Timestamp, KeyPart)>,
}

enum Body {
    Event(CCond),
    Sequence {
        stages: Vec<Keyed>,
        until: Option<Keyed>,
        matcher: Box<SequenceMatcher<Rc<Event>>>,
    },
    /// Samples are listed in join-key order, as Elasticsearch lists them, so
    /// they are held until the end of the stream.
    Sample {
        stages: Vec<Keyed>,
        matcher: SampleMatcher<Rc<Event>>,
        held: Vec<SampleMatch<Rc<Event>>>,
    },
}

struct Keyed {
    cond: CCond,
    keys: Vec<FieldRef>,
}

enum LimitState {
    Head { remaining: u64 },
    Tail { keep: usize, buffer: VecDeque<Match> },
}

impl Interpreter {
    /// Prepares `plan` to run with `options`.
    pub fn new(plan: &Plan, options: Options) -> Result<Interpreter, CompileError> {
        let mut date_fields: HashSet<String> = options.date_fields.iter().cloned().collect();
        date_fields.insert(options.timestamp_field.clone());
        let schema = Schema { date_fields: &date_fields };
        let keyed = |filter: &KeyedFilter| -> Result<Keyed, CompileError> {
            Ok(Keyed {
                cond: compile_cond(&filter.filter.condition, &schema)?,
                keys: filter.keys.clone(),
            })
        };

        let body = match &plan.body {
            PlanBody::Event(filter) => Body::Event(compile_cond(&filter.condition, &schema)?),
            PlanBody::Sequence(sequence) => {
                let spec = SequenceSpec {
                    stages: sequence
                        .stages
                        .iter()
                        .map(|stage| match stage.presence {
                            ruleproof_eql::ast::Presence::Present => StageKind::Present,
                            ruleproof_eql::ast::Presence::Missing => StageKind::Missing,
                        })
                        .collect(),
                    maxspan: sequence.maxspan_nanos,
                    has_until: sequence.until.is_some(),
                    max_pending: options.max_pending,
                };
                Body::Sequence {
                    stages: sequence
                        .stages
                        .iter()
                        .map(|stage| keyed(&stage.filter))
                        .collect::<Result<_, _>>()?,
                    until: sequence.until.as_ref().map(keyed).transpose()?,
                    matcher: Box::new(
                        SequenceMatcher::new(spec)
                            .map_err(|error| CompileError { message: error.to_string() })?,
                    ),
                }
            }
            PlanBody::Sample(sample) => Body::Sample {
                stages: sample.stages.iter().map(keyed).collect::<Result<_, _>>()?,
                matcher: SampleMatcher::new(SampleSpec {
                    filters: sample.stages.len(),
                    max_samples_per_key: ruleproof_runtime::sample::DEFAULT_MAX_SAMPLES_PER_KEY,
                    max_keys: options.max_pending,
                })
                .map_err(|error| CompileError { message: error.to_string() })?,
                held: Vec::new(),
            },
        };
        let limits = plan.limits.iter().map(limit_state).collect();
        Ok(Interpreter {
            reorder: options.reorder_window.map(Reorder::new),
            body,
            limits,
            options,
            stats: RunStats::default(),
            errors: Cell::new(0),
            last_seen: None,
        })
    }

    /// Offers the next event; appends the results it completes to `out`.
    pub fn push(&mut self, event: Rc<Event>, out: &mut Vec<Match>) {
        self.stats.events += 1;
        let timestamp = event.timestamp(&self.options.timestamp_field).ok();
        let (Some(reorder), Some(timestamp)) = (&mut self.reorder, timestamp) else {
            self.process(event, timestamp, out);
            return;
        };

        let mut ready = Vec::new();
        let tiebreaker = tiebreaker_of(&event, self.options.tiebreaker_field.as_deref());
        reorder.push(timestamp, tiebreaker, (event, timestamp), &mut ready);
        for (event, timestamp) in ready {
            self.process(event, Some(timestamp), out);
        }
    }

    /// Runs one event, in the order the matchers see, through the body.
    fn process(&mut self, event: Rc<Event>, timestamp: Option<Timestamp>, out: &mut Vec<Match>) {
        self.note_order(&event, timestamp);

        let mut found = Vec::new();
        let evaluator = Evaluator {
            logic: self.options.logic,
            category_field: &self.options.category_field,
            errors: &self.errors,
        };
        match &mut self.body {
            Body::Event(cond) => {
                if evaluator.matches(cond, &event) {
                    found.push(Match { events: vec![Some(event)] });
                }
            }
            Body::Sequence { stages, until, matcher } => {
                let hits = stage_hits(&evaluator, stages, &event, &mut self.stats);
                let until_keys = match until {
                    Some(until) if evaluator.matches(&until.cond, &event) => {
                        join_keys(&event, &until.keys)
                    }
                    Some(_) | None => Vec::new(),
                };
                match timestamp {
                    Some(timestamp) => {
                        let mut completed = Vec::new();
                        // The engine refuses an event earlier than the one before it;
                        // `note_order` has counted it already.
                        let _refused =
                            matcher.push(timestamp, &event, &hits, &until_keys, &mut completed);
                        found.extend(
                            completed.into_iter().map(|done| Match { events: done.events }),
                        );
                    }
                    None if hits.is_empty() && until_keys.is_empty() => {}
                    None => self.stats.missing_timestamp += 1,
                }
            }
            Body::Sample { stages, matcher, held } => {
                let hits = stage_hits(&evaluator, stages, &event, &mut self.stats);
                if !hits.is_empty() {
                    // Hits name only this body's filters, which the engine accepts.
                    let _in_range = matcher.push(&event, &hits, held);
                }
            }
        }
        self.emit(found, out);
    }

    /// Ends the stream: emits what only the end can complete (sequences
    /// waiting out a trailing missing stage) and what `tail` held back.
    pub fn finish(&mut self, out: &mut Vec<Match>) {
        let mut ready = Vec::new();
        if let Some(reorder) = &mut self.reorder {
            reorder.finish(&mut ready);
        }
        for (event, timestamp) in ready {
            self.process(event, Some(timestamp), out);
        }

        let mut found = Vec::new();
        match &mut self.body {
            Body::Event(_) => {}
            Body::Sequence { matcher, .. } => {
                let mut completed = Vec::new();
                matcher.finish(&mut completed);
                found.extend(completed.into_iter().map(|done| Match { events: done.events }));
            }
            Body::Sample { matcher, held, .. } => {
                matcher.finish(held);
                held.sort_by(|a, b| a.key.cmp(&b.key));
                found.extend(
                    held.drain(..).map(|sample| Match {
                        events: sample.events.into_iter().map(Some).collect(),
                    }),
                );
            }
        }
        self.emit(found, out);

        // Each `tail`, in order, now knows its last results and hands them
        // to the limits after it.
        for index in 0..self.limits.len() {
            let LimitState::Tail { buffer, .. } = &mut self.limits[index] else { continue };
            let flushed: Vec<Match> = buffer.drain(..).collect();
            out.extend(pass_limits(&mut self.limits[index + 1..], flushed));
        }
    }

    /// Whether no further event can change the output, because a `head`
    /// limit is used up; the caller may stop reading.
    pub fn is_done(&self) -> bool {
        matches!(self.limits.first(), Some(LimitState::Head { remaining: 0 }))
    }

    /// Counts so far.
    pub fn stats(&self) -> RunStats {
        let mut stats = self.stats.clone();
        stats.evaluation_errors = self.errors.get();
        match &self.body {
            Body::Event(_) => {}
            Body::Sequence { matcher, .. } => stats.sequence = Some(matcher.stats()),
            Body::Sample { matcher, .. } => stats.sample = Some(matcher.stats()),
        }
        stats
    }

    fn note_order(&mut self, event: &Event, timestamp: Option<Timestamp>) {
        let Some(timestamp) = timestamp else { return };
        let current = (timestamp, tiebreaker_of(event, self.options.tiebreaker_field.as_deref()));
        if self.last_seen.as_ref().is_some_and(|last| &current < last) {
            self.stats.out_of_order += 1;
        }
        self.last_seen = Some(current);
    }

    /// Passes results through the limits in order; `tail` holds results
    /// back until [`Interpreter::finish`].
    fn emit(&mut self, found: Vec<Match>, out: &mut Vec<Match>) {
        self.stats.results += found.len() as u64;
        out.extend(pass_limits(&mut self.limits, found));
    }
}

/// Passes `results` through `limits` in order and returns what comes out the
/// end; a `tail` keeps what reaches it until the stream ends.
fn pass_limits(limits: &mut [LimitState], results: Vec<Match>) -> Vec<Match> {
    let mut passing = results;
    for limit in limits {
        match limit {
            LimitState::Head { remaining } => {
                let keep = passing.len().min(*remaining as usize);
                passing.truncate(keep);
                *remaining -= keep as u64;
            }
            LimitState::Tail { keep, buffer } => {
                for result in passing.drain(..) {
                    push_tail(buffer, *keep, result);
                }
                return passing;
            }
        }
    }
    passing
}

/// The first value of the tiebreaker field, or null when there is none.
fn tiebreaker_of(event: &Event, field: Option<&str>) -> KeyPart {
    field.and_then(|field| event.field(field).first().map(KeyPart::from)).unwrap_or(KeyPart::Null)
}

fn limit_state(limit: &Limit) -> LimitState {
    match limit.kind {
        PipeKind::Head => LimitState::Head { remaining: limit.count },
        PipeKind::Tail => LimitState::Tail { keep: limit.count as usize, buffer: VecDeque::new() },
    }
}

fn push_tail(buffer: &mut VecDeque<Match>, keep: usize, result: Match) {
    if keep == 0 {
        return;
    }
    if buffer.len() == keep {
        buffer.pop_front();
    }
    buffer.push_back(result);
}

/// The stages `event` matches, each with every join key it joins under.
fn stage_hits(
    evaluator: &Evaluator,
    stages: &[Keyed],
    event: &Event,
    stats: &mut RunStats,
) -> Vec<(usize, JoinKey)> {
    let mut hits = Vec::new();
    for (index, stage) in stages.iter().enumerate() {
        if !evaluator.matches(&stage.cond, event) {
            continue;
        }
        let keys = join_keys(event, &stage.keys);
        if keys.is_empty() {
            stats.missing_join_key += 1;
        }
        hits.extend(keys.into_iter().map(|key| (index, key)));
    }
    hits
}

/// The join keys `event` has for `fields`: one per combination of values of
/// multi-valued fields, none when a non-optional key is missing. A missing
/// `?optional` key joins as null.
fn join_keys(event: &Event, fields: &[FieldRef]) -> Vec<JoinKey> {
    let mut keys: Vec<JoinKey> = vec![Vec::new()];
    for field in fields {
        let mut parts: Vec<KeyPart> = event.field(&field.name).iter().map(KeyPart::from).collect();
        if parts.is_empty() {
            if !field.optional {
                return Vec::new();
            }
            parts.push(KeyPart::Null);
        }
        keys = keys
            .into_iter()
            .flat_map(|prefix| {
                parts.iter().map(move |part| {
                    let mut key = prefix.clone();
                    key.push(part.clone());
                    key
                })
            })
            .collect();
    }
    keys
}

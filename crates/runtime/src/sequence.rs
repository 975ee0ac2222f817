//! The sequence engine: advances partial sequences stage by stage as events arrive in time
//! order, with Elasticsearch's matching rules, and reports each completed sequence.
//!
//! It knows nothing about expressions: the reference interpreter and generated rule code
//! evaluate each stage's filter and join keys and tell it which stages an event matched.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};
use std::fmt;

use crate::join_key::JoinKey;
use crate::slots::Slots;
use crate::time::Timestamp;

/// A `max_pending` for callers without a reason to pick another: far above what test streams
/// hold, far below what exhausts memory.
pub const DEFAULT_MAX_PENDING: usize = 100_000;

const NANOS_PER_MILLI: i64 = 1_000_000;

/// Whether a stage needs a matching event or the absence of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageKind {
    /// `[ ... ]`: an event must match the stage.
    Present,
    /// `![ ... ]`: no event may match the stage inside its window.
    Missing,
}

impl StageKind {
    /// Whether an event must match the stage.
    pub fn is_present(self) -> bool {
        match self {
            StageKind::Present => true,
            StageKind::Missing => false,
        }
    }
}

/// What the engine needs to know about one `sequence` query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SequenceSpec {
    /// The stages in query order, with `runs=N` already expanded into N stages.
    pub stages: Vec<StageKind>,
    /// `with maxspan`, in nanoseconds: a sequence is rejected when its completing event comes
    /// more than this after its first. Required when a stage is [`StageKind::Missing`].
    pub maxspan: Option<i64>,
    /// Whether the query has an `until` term.
    pub has_until: bool,
    /// The most partial sequences held at once across all join keys, and separately the most
    /// missing-stage matches held. Past it the oldest is evicted and counted.
    pub max_pending: usize,
}

/// A completed sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceMatch<E> {
    /// The join key its events share.
    pub key: JoinKey,
    /// One entry per stage in query order; `None` for a missing stage.
    pub events: Vec<Option<E>>,
}

/// Counters that show what the engine dropped and holds, so no loss is silent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SequenceStats {
    /// Partial sequences held now.
    pub live: usize,
    /// Partial sequences replaced by a more recent one at the same stage and key. This is
    /// Elasticsearch's rule ("the most recent overwrites"), not a loss.
    pub superseded: u64,
    /// Partial sequences dropped because `maxspan` had passed since their first event.
    pub evicted_by_maxspan: u64,
    /// Partial sequences dropped to stay within `max_pending`: matches may be lost.
    pub evicted_by_cap: u64,
    /// Partial sequences dropped because an `until` event for their key arrived.
    pub dropped_by_until: u64,
    /// Completed sequences rejected by a missing stage.
    pub rejected_by_missing: u64,
    /// Completed sequences waiting for their trailing missing stages' window to close.
    pub awaiting_missing: usize,
    /// Missing-stage matches held to judge leading, middle and trailing windows.
    pub missing_matches: usize,
    /// Missing-stage matches dropped to stay within `max_pending`: a sequence they would
    /// have rejected may be reported.
    pub missing_evicted_by_cap: u64,
    /// Sequences reported.
    pub emitted: u64,
}

/// Why a spec or an event was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SequenceError {
    /// Every stage is missing; Elasticsearch needs at least one positive stage.
    NoPositiveStage,
    /// A missing stage without `maxspan`, which Elasticsearch rejects.
    MissingStageWithoutMaxspan,
    /// A `maxspan` of zero or less.
    NonPositiveMaxspan(i64),
    /// A `max_pending` of zero.
    ZeroCapacity,
    /// A hit names a stage the sequence does not have.
    StageOutOfRange {
        /// The stage named.
        stage: usize,
        /// The number of stages.
        stages: usize,
    },
    /// `until` keys for a sequence without an `until` term.
    UnexpectedUntil,
    /// An event earlier than the one before it.
    OutOfOrder {
        /// The previous event's time.
        previous: Timestamp,
        /// This event's time.
        current: Timestamp,
    },
}

impl fmt::Display for SequenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SequenceError::NoPositiveStage => {
                f.write_str("a sequence needs at least one stage that is not missing")
            }
            SequenceError::MissingStageWithoutMaxspan => {
                f.write_str("a sequence with a missing stage needs `with maxspan`")
            }
            SequenceError::NonPositiveMaxspan(nanos) => {
                write!(f, "maxspan must be positive, got {nanos} ns")
            }
            SequenceError::ZeroCapacity => f.write_str("max_pending must be at least 1"),
            SequenceError::StageOutOfRange { stage, stages } => {
                write!(f, "stage {stage} does not exist in a sequence of {stages} stages")
            }
            SequenceError::UnexpectedUntil => {
                f.write_str("until keys given for a sequence without an `until` term")
            }
            SequenceError::OutOfOrder { previous, current } => write!(
                f,
                "events must arrive in time order: {} ns came after {} ns",
                current.0, previous.0
            ),
        }
    }
}

impl std::error::Error for SequenceError {}

/// Where a missing stage looks for the events that reject a sequence.
#[derive(Clone, Copy, Debug)]
enum Window {
    /// Before the first positive event.
    Leading,
    /// Strictly between two positive events, given by positive ordinal.
    Between { before: usize, after: usize },
    /// After the last positive event.
    Trailing,
}

/// What one stage is, with the index the engine keeps its state under.
#[derive(Clone, Copy, Debug)]
enum Role {
    /// The `n`-th positive stage.
    Positive(usize),
    /// The `index`-th missing stage.
    Missing { index: usize, window: Window },
}

impl Role {
    fn positive(self) -> Option<usize> {
        match self {
            Role::Positive(ordinal) => Some(ordinal),
            Role::Missing { .. } => None,
        }
    }
}

struct Partial<E> {
    serial: u64,
    /// Times of the positive events matched so far, by positive ordinal.
    times: Vec<Timestamp>,
    /// Events by stage.
    events: Vec<Option<E>>,
}

impl<E> Partial<E> {
    fn first(&self) -> Timestamp {
        self.times[0]
    }
}

struct KeyState<E> {
    key: JoinKey,
    /// The one pending sequence per positive stage but the last.
    pending: Vec<Option<Partial<E>>>,
    /// Times of recent matches of each missing stage, oldest first.
    missing: Vec<VecDeque<Timestamp>>,
    /// Completed sequences awaiting their trailing window that read `missing`.
    awaiting: usize,
}

impl<E> KeyState<E> {
    fn is_idle(&self) -> bool {
        self.awaiting == 0
            && self.pending.iter().all(Option::is_none)
            && self.missing.iter().all(VecDeque::is_empty)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Awaiting,
    Accepted,
    Rejected,
}

struct Candidate<E> {
    /// The key's slot, held while the candidate awaits its trailing window.
    slot: Option<usize>,
    key: JoinKey,
    first: Timestamp,
    last: Timestamp,
    /// The latest leading missing match, when the sequence has a leading stage.
    leading: Option<Timestamp>,
    verdict: Verdict,
    events: Vec<Option<E>>,
}

/// Matches one `sequence` query over a stream of events in (timestamp, tiebreaker) order.
///
/// The caller pushes every event with the stages it matched and the join key of each match,
/// and the `until` keys it matched; the engine reports completed sequences in the order of
/// their completing events, as Elasticsearch lists them. State per join key holds at most one
/// pending sequence per stage, which is exactly what Elasticsearch can still complete.
pub struct SequenceMatcher<E> {
    spec: SequenceSpec,
    roles: Vec<Role>,
    /// Stage index of each positive ordinal.
    positives: Vec<usize>,
    missing_stages: usize,
    has_leading: bool,
    has_trailing: bool,
    keys: HashMap<JoinKey, usize>,
    slots: Slots<KeyState<E>>,
    /// Every pending sequence by (first event time, serial): the eviction order.
    by_age: BTreeMap<(Timestamp, u64), (usize, usize)>,
    /// Every held missing match as (time, slot, missing index), in arrival order.
    history: VecDeque<(Timestamp, usize, usize)>,
    /// Completed sequences not yet reported, in completion order.
    queue: VecDeque<Candidate<E>>,
    /// Id of the front of `queue`; ids count completions.
    queue_front: u64,
    /// When each awaiting candidate's trailing window closes, by candidate id.
    deadlines: BinaryHeap<Reverse<(Timestamp, u64)>>,
    order: Vec<usize>,
    clock: Option<Timestamp>,
    next_serial: u64,
    stats: SequenceStats,
}

impl<E: Clone> SequenceMatcher<E> {
    /// A matcher for `spec`, or why the spec is not a valid sequence.
    pub fn new(spec: SequenceSpec) -> Result<SequenceMatcher<E>, SequenceError> {
        let positives: Vec<usize> = spec
            .stages
            .iter()
            .enumerate()
            .filter(|(_, kind)| kind.is_present())
            .map(|(stage, _)| stage)
            .collect();
        let missing_stages = spec.stages.len() - positives.len();
        if positives.is_empty() {
            return Err(SequenceError::NoPositiveStage);
        }
        if spec.max_pending == 0 {
            return Err(SequenceError::ZeroCapacity);
        }
        match spec.maxspan {
            Some(nanos) if nanos <= 0 => return Err(SequenceError::NonPositiveMaxspan(nanos)),
            None if missing_stages > 0 => return Err(SequenceError::MissingStageWithoutMaxspan),
            Some(_) | None => {}
        }

        let roles = assign_roles(&spec.stages);
        let has_leading = positives[0] > 0;
        let has_trailing = positives[positives.len() - 1] < spec.stages.len() - 1;
        Ok(SequenceMatcher {
            spec,
            roles,
            positives,
            missing_stages,
            has_leading,
            has_trailing,
            keys: HashMap::new(),
            slots: Slots::new(),
            by_age: BTreeMap::new(),
            history: VecDeque::new(),
            queue: VecDeque::new(),
            queue_front: 0,
            deadlines: BinaryHeap::new(),
            order: Vec::new(),
            clock: None,
            next_serial: 0,
            stats: SequenceStats::default(),
        })
    }

    /// Feeds one event at time `at`. `hits` lists each stage it matched with the join key of
    /// that match (one entry per key when a `by` field has several values); `until` lists the
    /// keys of its `until` matches. Sequences this event lets the engine report are appended
    /// to `out`.
    ///
    /// One event may take part in several sequences at different stages; its hits are applied
    /// from the last stage to the first, so it never advances one sequence through two stages.
    /// An `until` match drops the key's pending sequences after the event's own hits.
    pub fn push(
        &mut self,
        at: Timestamp,
        event: &E,
        hits: &[(usize, JoinKey)],
        until: &[JoinKey],
        out: &mut Vec<SequenceMatch<E>>,
    ) -> Result<(), SequenceError> {
        self.check(at, hits, until)?;
        self.clock = Some(at);

        self.settle(Some(at));
        self.report(out);
        self.expire(at);

        self.record_missing(at, hits);
        self.advance(at, event, hits);
        self.drop_until(until);
        self.enforce_cap();
        self.report(out);
        Ok(())
    }

    /// Ends the stream: decides the sequences still waiting for a trailing missing stage's
    /// window (no event can reject them any more), appends the accepted ones to `out`, and
    /// empties the matcher so it can take a new stream. Statistics are kept.
    pub fn finish(&mut self, out: &mut Vec<SequenceMatch<E>>) {
        self.settle(None);
        self.report(out);

        self.keys.clear();
        self.slots.clear();
        self.by_age.clear();
        self.history.clear();
        self.deadlines.clear();
        self.clock = None;
        self.stats.live = 0;
        self.stats.missing_matches = 0;
        self.stats.awaiting_missing = 0;
    }

    /// What the engine holds now and what it has dropped so far.
    pub fn stats(&self) -> SequenceStats {
        self.stats
    }

    fn check(
        &self,
        at: Timestamp,
        hits: &[(usize, JoinKey)],
        until: &[JoinKey],
    ) -> Result<(), SequenceError> {
        match self.clock {
            Some(previous) if at < previous => {
                return Err(SequenceError::OutOfOrder { previous, current: at });
            }
            Some(_) | None => {}
        }
        let stages = self.spec.stages.len();
        if let Some((stage, _)) = hits.iter().find(|(stage, _)| *stage >= stages) {
            return Err(SequenceError::StageOutOfRange { stage: *stage, stages });
        }
        if !until.is_empty() && !self.spec.has_until {
            return Err(SequenceError::UnexpectedUntil);
        }
        Ok(())
    }

    /// Decides every awaiting sequence whose trailing window closed before `now` (all of
    /// them at the end of the stream).
    fn settle(&mut self, now: Option<Timestamp>) {
        while let Some(Reverse((deadline, id))) = self.deadlines.peek().copied() {
            if now.is_some_and(|now| deadline >= now) {
                break;
            }
            self.deadlines.pop();

            let index = (id - self.queue_front) as usize;
            let candidate = &mut self.queue[index];
            let Some(slot) = candidate.slot else {
                continue;
            };
            let trailing = match self.slots.get(slot) {
                Some(state) => first_trailing(&self.roles, state, candidate.last),
                None => None,
            };
            let start = if self.has_leading { candidate.leading } else { Some(candidate.first) };
            let accepted = match (start, trailing) {
                (Some(start), Some(trailing)) => exceeds(self.spec.maxspan, start, trailing),
                (None, _) | (_, None) => true,
            };
            candidate.verdict = if accepted { Verdict::Accepted } else { Verdict::Rejected };
            if !accepted {
                self.stats.rejected_by_missing += 1;
            }

            if let Some(state) = self.slots.get_mut(slot) {
                state.awaiting -= 1;
            }
            self.stats.awaiting_missing -= 1;
            self.release_if_idle(slot);
        }
    }

    /// Reports decided sequences from the front of the queue, keeping completion order.
    fn report(&mut self, out: &mut Vec<SequenceMatch<E>>) {
        while let Some(front) = self.queue.front() {
            match front.verdict {
                Verdict::Awaiting => break,
                Verdict::Accepted | Verdict::Rejected => {}
            }
            let candidate = self.queue.pop_front().expect("the front was just read");
            self.queue_front += 1;
            match candidate.verdict {
                Verdict::Accepted => {
                    self.stats.emitted += 1;
                    out.push(SequenceMatch { key: candidate.key, events: candidate.events });
                }
                Verdict::Rejected | Verdict::Awaiting => {}
            }
        }
    }

    /// Drops pending sequences that can no longer complete within `maxspan`, and missing
    /// matches too old to reject any sequence that can still complete.
    fn expire(&mut self, now: Timestamp) {
        let Some(maxspan) = self.spec.maxspan else {
            return;
        };

        while let Some((&(first, _), &(slot, stage))) = self.by_age.first_key_value() {
            if now.nanos_since(first) <= maxspan {
                break;
            }
            self.remove_pending(slot, stage);
            self.stats.evicted_by_maxspan += 1;
        }

        // A leading match older than `maxspan` before the completing event rejects nothing, nor
        // does one older than `maxspan` before a trailing match, which comes at most one
        // millisecond before the completing event (windows are whole milliseconds).
        let horizon = Timestamp(now.0.saturating_sub(maxspan).saturating_sub(NANOS_PER_MILLI));
        while let Some(&(at, _, _)) = self.history.front() {
            if at >= horizon {
                break;
            }
            self.forget_oldest_missing();
        }
    }

    fn record_missing(&mut self, at: Timestamp, hits: &[(usize, JoinKey)]) {
        if self.missing_stages == 0 {
            return;
        }

        for (stage, key) in hits {
            let index = match self.roles[*stage] {
                Role::Missing { index, .. } => index,
                Role::Positive(_) => continue,
            };
            let slot = self.intern(key);
            let state = self.slots.get_mut(slot).expect("interned slots are live");
            if state.missing[index].back() == Some(&at) {
                continue;
            }
            state.missing[index].push_back(at);
            self.history.push_back((at, slot, index));
            self.stats.missing_matches += 1;
        }
    }

    fn advance(&mut self, at: Timestamp, event: &E, hits: &[(usize, JoinKey)]) {
        let mut order = std::mem::take(&mut self.order);
        order.clear();
        order.extend((0..hits.len()).filter(|&hit| self.roles[hits[hit].0].positive().is_some()));
        order.sort_by_key(|&hit| Reverse(hits[hit].0));

        for (position, &hit) in order.iter().enumerate() {
            let (stage, key) = &hits[hit];
            let repeated = order[..position].iter().any(|&seen| hits[seen] == hits[hit]);
            if repeated {
                continue;
            }
            let Some(ordinal) = self.roles[*stage].positive() else {
                continue;
            };
            if ordinal == 0 {
                self.start(at, event, *stage, key);
            } else {
                self.extend(at, event, *stage, ordinal, key);
            }
        }

        self.order = order;
    }

    /// A hit on the first positive stage: a new sequence.
    fn start(&mut self, at: Timestamp, event: &E, stage: usize, key: &JoinKey) {
        let serial = self.next_serial;
        self.next_serial += 1;
        let mut events = vec![None; self.spec.stages.len()];
        events[stage] = Some(event.clone());
        let partial = Partial { serial, times: vec![at], events };

        if self.positives.len() == 1 {
            self.complete(key, partial);
        } else {
            let slot = self.intern(key);
            self.place(slot, 0, partial);
        }
    }

    /// A hit on a later positive stage: takes the key's pending sequence at the previous
    /// positive stage, which is the latest one and whose last event came before this one.
    fn extend(&mut self, at: Timestamp, event: &E, stage: usize, ordinal: usize, key: &JoinKey) {
        let Some(&slot) = self.keys.get(key) else {
            return;
        };
        let Some(mut partial) = self.take_pending(slot, ordinal - 1) else {
            return;
        };

        // `expire` already dropped what `maxspan` rules out; this guards the invariant.
        if self.spec.maxspan.is_some_and(|maxspan| at.nanos_since(partial.first()) > maxspan) {
            self.stats.evicted_by_maxspan += 1;
            self.release_if_idle(slot);
            return;
        }
        partial.times.push(at);
        partial.events[stage] = Some(event.clone());

        if ordinal == self.positives.len() - 1 {
            self.complete(key, partial);
            self.release_if_idle(slot);
        } else {
            self.place(slot, ordinal, partial);
        }
    }

    /// Judges a sequence whose positive stages all matched against its missing stages, and
    /// queues it for reporting unless it is rejected.
    fn complete(&mut self, key: &JoinKey, partial: Partial<E>) {
        let first = partial.first();
        let last = partial.times[partial.times.len() - 1];
        let slot = self.keys.get(key).copied();
        let state = slot.and_then(|slot| self.slots.get(slot));

        let middle_clear =
            state.is_none_or(|state| middle_windows_clear(&self.roles, state, &partial));
        if !middle_clear {
            self.stats.rejected_by_missing += 1;
            return;
        }
        let leading = state.and_then(|state| last_leading(&self.roles, state, first));
        if !self.has_trailing && self.has_leading {
            let accepted = leading.is_none_or(|leading| exceeds(self.spec.maxspan, leading, last));
            if !accepted {
                self.stats.rejected_by_missing += 1;
                return;
            }
        }

        let awaits = self.has_trailing && (!self.has_leading || leading.is_some());
        let verdict = if awaits { Verdict::Awaiting } else { Verdict::Accepted };
        let slot = if awaits { Some(self.intern(key)) } else { None };
        if let Some(slot) = slot {
            let start = if self.has_leading { leading.unwrap_or(first) } else { first };
            let maxspan = self.spec.maxspan.unwrap_or(i64::MAX);
            let deadline = Timestamp(start.0.saturating_add(maxspan));
            let id = self.queue_front + self.queue.len() as u64;
            self.deadlines.push(Reverse((deadline, id)));
            self.slots.get_mut(slot).expect("interned slots are live").awaiting += 1;
            self.stats.awaiting_missing += 1;
        }
        self.queue.push_back(Candidate {
            slot,
            key: key.clone(),
            first,
            last,
            leading,
            verdict,
            events: partial.events,
        });
    }

    /// Drops every pending sequence of each key an `until` event matched: each has its last
    /// event at or before the `until` event, so Elasticsearch would reject its next match.
    fn drop_until(&mut self, until: &[JoinKey]) {
        for key in until {
            let Some(&slot) = self.keys.get(key) else {
                continue;
            };
            for ordinal in 0..self.positives.len() - 1 {
                if self.take_pending(slot, ordinal).is_some() {
                    self.stats.dropped_by_until += 1;
                }
            }
            self.release_if_idle(slot);
        }
    }

    fn enforce_cap(&mut self) {
        while self.stats.live > self.spec.max_pending {
            let Some((_, &(slot, ordinal))) = self.by_age.first_key_value() else {
                break;
            };
            self.remove_pending(slot, ordinal);
            self.stats.evicted_by_cap += 1;
        }

        while self.history.len() > self.spec.max_pending {
            self.forget_oldest_missing();
            self.stats.missing_evicted_by_cap += 1;
        }
    }

    /// Puts `partial` as the key's pending sequence at `ordinal`, replacing an older one.
    fn place(&mut self, slot: usize, ordinal: usize, partial: Partial<E>) {
        if self.take_pending(slot, ordinal).is_some() {
            self.stats.superseded += 1;
        }
        self.by_age.insert((partial.first(), partial.serial), (slot, ordinal));
        self.stats.live += 1;
        let state = self.slots.get_mut(slot).expect("interned slots are live");
        state.pending[ordinal] = Some(partial);
    }

    fn take_pending(&mut self, slot: usize, ordinal: usize) -> Option<Partial<E>> {
        let state = self.slots.get_mut(slot)?;
        let partial = state.pending[ordinal].take()?;
        self.by_age.remove(&(partial.first(), partial.serial));
        self.stats.live -= 1;
        Some(partial)
    }

    fn remove_pending(&mut self, slot: usize, ordinal: usize) {
        self.take_pending(slot, ordinal);
        self.release_if_idle(slot);
    }

    fn forget_oldest_missing(&mut self) {
        let Some((_, slot, index)) = self.history.pop_front() else {
            return;
        };
        if let Some(state) = self.slots.get_mut(slot) {
            state.missing[index].pop_front();
        }
        self.stats.missing_matches -= 1;
        self.release_if_idle(slot);
    }

    fn intern(&mut self, key: &JoinKey) -> usize {
        if let Some(&slot) = self.keys.get(key) {
            return slot;
        }

        let state = KeyState {
            key: key.clone(),
            pending: (1..self.positives.len()).map(|_| None).collect(),
            missing: (0..self.missing_stages).map(|_| VecDeque::new()).collect(),
            awaiting: 0,
        };
        let slot = self.slots.insert(state);
        self.keys.insert(key.clone(), slot);
        slot
    }

    fn release_if_idle(&mut self, slot: usize) {
        let Some(state) = self.slots.get(slot) else {
            return;
        };
        if !state.is_idle() {
            return;
        }
        let state = self.slots.remove(slot).expect("the slot was just read");
        self.keys.remove(&state.key);
    }
}

fn assign_roles(stages: &[StageKind]) -> Vec<Role> {
    let mut positive = 0;
    let mut missing = 0;
    let mut roles = Vec::with_capacity(stages.len());
    for (stage, kind) in stages.iter().enumerate() {
        match kind {
            StageKind::Present => {
                roles.push(Role::Positive(positive));
                positive += 1;
            }
            StageKind::Missing => {
                let later = stages[stage..].iter().any(|kind| kind.is_present());
                let window = match (positive, later) {
                    (0, _) => Window::Leading,
                    (_, true) => Window::Between { before: positive - 1, after: positive },
                    (_, false) => Window::Trailing,
                };
                roles.push(Role::Missing { index: missing, window });
                missing += 1;
            }
        }
    }
    roles
}

/// `at` truncated to its millisecond: Elasticsearch looks for missing events with epoch
/// millisecond range queries.
fn whole_millis(at: Timestamp) -> Timestamp {
    Timestamp(at.0.div_euclid(NANOS_PER_MILLI) * NANOS_PER_MILLI)
}

/// Whether `to` comes more than `maxspan` after `from`; always, without a `maxspan`, as for
/// Elasticsearch's missing-stage checks, which treat a span they cannot bound as exceeded.
fn exceeds(maxspan: Option<i64>, from: Timestamp, to: Timestamp) -> bool {
    maxspan.is_none_or(|maxspan| to.nanos_since(from) > maxspan)
}

/// Whether no middle missing stage matched strictly between its neighbouring positive events.
fn middle_windows_clear<E>(roles: &[Role], state: &KeyState<E>, partial: &Partial<E>) -> bool {
    roles.iter().all(|role| match *role {
        Role::Missing { index, window: Window::Between { before, after } } => {
            let low = whole_millis(partial.times[before]);
            let high = whole_millis(partial.times[after]);
            let matches = &state.missing[index];
            let next = matches.partition_point(|&at| at <= low);
            matches.get(next).is_none_or(|&at| at >= high)
        }
        Role::Missing { window: Window::Leading | Window::Trailing, .. } | Role::Positive(_) => {
            true
        }
    })
}

/// The latest match of any leading missing stage before the first positive event.
fn last_leading<E>(roles: &[Role], state: &KeyState<E>, first: Timestamp) -> Option<Timestamp> {
    let bound = whole_millis(first);
    roles
        .iter()
        .filter_map(|role| match *role {
            Role::Missing { index, window: Window::Leading } => {
                let matches = &state.missing[index];
                let before = matches.partition_point(|&at| at < bound);
                before.checked_sub(1).map(|latest| matches[latest])
            }
            Role::Missing { window: Window::Between { .. } | Window::Trailing, .. }
            | Role::Positive(_) => None,
        })
        .max()
}

/// The earliest match of any trailing missing stage after the last positive event.
fn first_trailing<E>(roles: &[Role], state: &KeyState<E>, last: Timestamp) -> Option<Timestamp> {
    let bound = whole_millis(last);
    roles
        .iter()
        .filter_map(|role| match *role {
            Role::Missing { index, window: Window::Trailing } => {
                let matches = &state.missing[index];
                matches.get(matches.partition_point(|&at| at <= bound)).copied()
            }
            Role::Missing { window: Window::Leading | Window::Between { .. }, .. }
            | Role::Positive(_) => None,
        })
        .min()
}

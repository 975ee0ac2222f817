//! The sample engine: joins events on their keys regardless of time, and picks per join key
//! one distinct event for every filter, the way Elasticsearch's `sample` does.
//!
//! Like the [`sequence`](crate::sequence) engine it knows nothing about expressions: the
//! caller tells it which filters an event matched and with which join key.

use std::collections::{HashMap, VecDeque};
use std::fmt;

use crate::join_key::JoinKey;
use crate::slots::Slots;

/// Elasticsearch's default for the `max_samples_per_key` request parameter.
pub const DEFAULT_MAX_SAMPLES_PER_KEY: usize = 1;

/// What the engine needs to know about one `sample` query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSpec {
    /// The number of filters (bracketed terms) in the query.
    pub filters: usize,
    /// The most samples reported per join key (the `max_samples_per_key` request parameter).
    pub max_samples_per_key: usize,
    /// The most join keys held at once; past it the oldest key is evicted and counted.
    pub max_keys: usize,
}

/// One sample: an event for every filter, all sharing a join key.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleMatch<E> {
    /// The join key the events share.
    pub key: JoinKey,
    /// One event per filter, in filter order; no event appears twice.
    pub events: Vec<E>,
}

/// Counters that show what the engine dropped and holds, so no loss is silent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SampleStats {
    /// Join keys still collecting events.
    pub live_keys: usize,
    /// Join keys whose samples were reported, remembered so they are not reported again.
    pub done_keys: usize,
    /// Collecting keys dropped to stay within `max_keys`: their samples are lost.
    pub evicted_by_cap: u64,
    /// Done keys forgotten to stay within `max_keys`: later events may report them again.
    pub forgotten_by_cap: u64,
    /// Samples reported.
    pub emitted: u64,
}

/// Why a spec or an event was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SampleError {
    /// A sample without filters.
    NoFilters,
    /// A `max_samples_per_key` of zero.
    ZeroSamplesPerKey,
    /// A `max_keys` of zero.
    ZeroCapacity,
    /// A hit names a filter the sample does not have.
    FilterOutOfRange {
        /// The filter named.
        filter: usize,
        /// The number of filters.
        filters: usize,
    },
}

impl fmt::Display for SampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleError::NoFilters => f.write_str("a sample needs at least one filter"),
            SampleError::ZeroSamplesPerKey => f.write_str("max_samples_per_key must be at least 1"),
            SampleError::ZeroCapacity => f.write_str("max_keys must be at least 1"),
            SampleError::FilterOutOfRange { filter, filters } => {
                write!(f, "filter {filter} does not exist in a sample of {filters} filters")
            }
        }
    }
}

impl std::error::Error for SampleError {}

/// The events one key has collected, each with the serial number of its push.
type Candidates<E> = Vec<Vec<(u64, E)>>;

enum Progress<E> {
    /// The first events of each filter, up to the per-filter limit.
    Collecting(Candidates<E>),
    /// Samples reported; later events are ignored.
    Done,
}

struct KeyState<E> {
    key: JoinKey,
    serial: u64,
    progress: Progress<E>,
}

impl<E> KeyState<E> {
    fn is_collecting(&self) -> bool {
        match self.progress {
            Progress::Collecting(_) => true,
            Progress::Done => false,
        }
    }
}

/// Matches one `sample` query over a stream of events.
///
/// Per join key, Elasticsearch takes the first `filters + max_samples_per_key - 1` events of
/// each filter and picks samples from them by backtracking: filter by filter, the earliest
/// event not already in the sample. This engine does the same with "first" meaning first
/// pushed (Elasticsearch takes index order, which it leaves unspecified). A key's samples are
/// reported as soon as every filter has its full share of events, since later events cannot
/// change them; the other keys' at [`SampleMatcher::finish`], in key order. Elasticsearch
/// lists all samples in ascending key order: a stable sort on [`SampleMatch::key`] gives it.
pub struct SampleMatcher<E> {
    spec: SampleSpec,
    per_filter: usize,
    keys: HashMap<JoinKey, usize>,
    slots: Slots<KeyState<E>>,
    /// Keys as (serial, slot) in the order they were first seen: the eviction order.
    age: VecDeque<(u64, usize)>,
    next_event: u64,
    next_key: u64,
    found: Vec<Vec<usize>>,
    stats: SampleStats,
}

impl<E: Clone> SampleMatcher<E> {
    /// A matcher for `spec`, or why the spec is not a valid sample.
    pub fn new(spec: SampleSpec) -> Result<SampleMatcher<E>, SampleError> {
        if spec.filters == 0 {
            return Err(SampleError::NoFilters);
        }
        if spec.max_samples_per_key == 0 {
            return Err(SampleError::ZeroSamplesPerKey);
        }
        if spec.max_keys == 0 {
            return Err(SampleError::ZeroCapacity);
        }

        let per_filter = spec.filters + spec.max_samples_per_key - 1;
        Ok(SampleMatcher {
            spec,
            per_filter,
            keys: HashMap::new(),
            slots: Slots::new(),
            age: VecDeque::new(),
            next_event: 0,
            next_key: 0,
            found: Vec::new(),
            stats: SampleStats::default(),
        })
    }

    /// Feeds one event with the filters it matched and the join key of each match (one entry
    /// per key when a `by` field has several values). Samples of keys that this event
    /// settles are appended to `out`.
    pub fn push(
        &mut self,
        event: &E,
        hits: &[(usize, JoinKey)],
        out: &mut Vec<SampleMatch<E>>,
    ) -> Result<(), SampleError> {
        let filters = self.spec.filters;
        if let Some((filter, _)) = hits.iter().find(|(filter, _)| *filter >= filters) {
            return Err(SampleError::FilterOutOfRange { filter: *filter, filters });
        }
        let serial = self.next_event;
        self.next_event += 1;

        for (position, (filter, key)) in hits.iter().enumerate() {
            if hits[..position].iter().any(|(seen, seen_key)| seen == filter && seen_key == key) {
                continue;
            }
            let slot = self.intern(key);
            let state = self.slots.get_mut(slot).expect("interned slots are live");
            let candidates = match &mut state.progress {
                Progress::Collecting(candidates) => candidates,
                Progress::Done => continue,
            };
            if candidates[*filter].len() < self.per_filter {
                candidates[*filter].push((serial, event.clone()));
            }

            let settled = candidates.iter().all(|events| events.len() == self.per_filter);
            if settled {
                self.conclude(slot, out);
            }
        }
        Ok(())
    }

    /// Ends the stream: reports the samples of every key still collecting, in ascending key
    /// order as Elasticsearch lists them, and empties the matcher. Statistics are kept.
    pub fn finish(&mut self, out: &mut Vec<SampleMatch<E>>) {
        let mut collecting: Vec<usize> = self
            .slots
            .iter()
            .filter(|(_, state)| state.is_collecting())
            .map(|(slot, _)| slot)
            .collect();
        collecting.sort_by(|&left, &right| {
            let key = |slot: usize| self.slots.get(slot).map(|state| &state.key);
            key(left).cmp(&key(right))
        });

        for slot in collecting {
            self.conclude(slot, out);
        }

        self.keys.clear();
        self.slots.clear();
        self.age.clear();
        self.stats.live_keys = 0;
        self.stats.done_keys = 0;
    }

    /// What the engine holds now and what it has dropped so far.
    pub fn stats(&self) -> SampleStats {
        self.stats
    }

    /// Picks the key's samples from the events it collected, reports them and marks the key
    /// done.
    fn conclude(&mut self, slot: usize, out: &mut Vec<SampleMatch<E>>) {
        let state = self.slots.get_mut(slot).expect("concluded slots are live");
        let candidates = match std::mem::replace(&mut state.progress, Progress::Done) {
            Progress::Collecting(candidates) => candidates,
            Progress::Done => return,
        };
        self.stats.live_keys -= 1;
        self.stats.done_keys += 1;

        let mut found = std::mem::take(&mut self.found);
        found.clear();
        pick(&candidates, &mut Vec::new(), &mut found, self.spec.max_samples_per_key);

        for choice in &found {
            let events = choice
                .iter()
                .zip(&candidates)
                .map(|(&index, events)| events[index].1.clone())
                .collect();
            out.push(SampleMatch { key: state.key.clone(), events });
            self.stats.emitted += 1;
        }
        self.found = found;
    }

    fn intern(&mut self, key: &JoinKey) -> usize {
        if let Some(&slot) = self.keys.get(key) {
            return slot;
        }

        if self.keys.len() == self.spec.max_keys {
            self.evict_oldest();
        }
        let serial = self.next_key;
        self.next_key += 1;
        let candidates = (0..self.spec.filters).map(|_| Vec::new()).collect();
        let state =
            KeyState { key: key.clone(), serial, progress: Progress::Collecting(candidates) };
        let slot = self.slots.insert(state);
        self.keys.insert(key.clone(), slot);
        self.age.push_back((serial, slot));
        self.stats.live_keys += 1;
        slot
    }

    fn evict_oldest(&mut self) {
        while let Some((serial, slot)) = self.age.pop_front() {
            let current = self.slots.get(slot).is_some_and(|state| state.serial == serial);
            if !current {
                continue;
            }
            let state = self.slots.remove(slot).expect("the slot was just read");
            self.keys.remove(&state.key);
            match state.progress {
                Progress::Collecting(_) => {
                    self.stats.live_keys -= 1;
                    self.stats.evicted_by_cap += 1;
                }
                Progress::Done => {
                    self.stats.done_keys -= 1;
                    self.stats.forgotten_by_cap += 1;
                }
            }
            return;
        }
    }
}

/// Backtracking over the candidates filter by filter, earliest event first, skipping events
/// already in the sample; collects up to `limit` samples as indexes into each filter's list.
fn pick<E>(
    candidates: &[Vec<(u64, E)>],
    chosen: &mut Vec<usize>,
    found: &mut Vec<Vec<usize>>,
    limit: usize,
) {
    let filter = chosen.len();
    for (index, (serial, _)) in candidates[filter].iter().enumerate() {
        let taken = chosen.iter().enumerate().any(|(used, &at)| candidates[used][at].0 == *serial);
        if taken {
            continue;
        }

        chosen.push(index);
        if filter + 1 == candidates.len() {
            found.push(chosen.clone());
        } else {
            pick(candidates, chosen, found, limit);
        }
        chosen.pop();
        if found.len() == limit {
            return;
        }
    }
}

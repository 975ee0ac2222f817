//! Restoring time order: Elasticsearch sorts events by timestamp, then by the
//! tiebreaker field, before it matches sequences; a stream arrives in the
//! order it was written. [`Reorder`] holds events for a bounded window and
//! releases them in Elasticsearch's order.
//!
//! Memory is bounded by the events inside the window, not by the stream.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use crate::join_key::KeyPart;
use crate::time::Timestamp;

/// A buffer that releases events ordered by (timestamp, tiebreaker, arrival).
///
/// An event is held until an event at least `window` nanoseconds newer has
/// arrived, since nothing arriving later within the window can be earlier.
/// With a window of zero, events are still held until time moves on, so
/// events with equal timestamps come out ordered by their tiebreaker. An
/// event older than one already released cannot be put back in order: it is
/// released at once and counted as [`Reorder::late`].
#[derive(Debug)]
pub struct Reorder<E> {
    window: i64,
    held: BinaryHeap<Reverse<Held<E>>>,
    newest: Option<Timestamp>,
    released: Option<Timestamp>,
    next_serial: u64,
    late: u64,
}

/// One held event and the key it is released by.
#[derive(Debug)]
struct Held<E> {
    at: Timestamp,
    tiebreaker: KeyPart,
    serial: u64,
    event: E,
}

impl<E> Held<E> {
    fn order(&self) -> (Timestamp, &KeyPart, u64) {
        (self.at, &self.tiebreaker, self.serial)
    }
}

impl<E> PartialEq for Held<E> {
    fn eq(&self, other: &Self) -> bool {
        self.order() == other.order()
    }
}

impl<E> Eq for Held<E> {}

impl<E> PartialOrd for Held<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Held<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order().cmp(&other.order())
    }
}

impl<E> Reorder<E> {
    /// A buffer that waits `window` nanoseconds (at least zero) for stragglers.
    pub fn new(window: i64) -> Reorder<E> {
        Reorder {
            window: window.max(0),
            held: BinaryHeap::new(),
            newest: None,
            released: None,
            next_serial: 0,
            late: 0,
        }
    }

    /// Offers an event at `at` with its `tiebreaker` value ([`KeyPart::Null`]
    /// when there is none); appends to `out`, in order, every event that no
    /// later arrival can precede any more.
    pub fn push(&mut self, at: Timestamp, tiebreaker: KeyPart, event: E, out: &mut Vec<E>) {
        if self.released.is_some_and(|released| at < released) {
            self.late += 1;
            out.push(event);
            return;
        }

        let serial = self.next_serial;
        self.next_serial += 1;
        self.held.push(Reverse(Held { at, tiebreaker, serial, event }));
        let newest = self.newest.map_or(at, |newest| newest.max(at));
        self.newest = Some(newest);

        let settled = Timestamp(newest.0.saturating_sub(self.window));
        while self.held.peek().is_some_and(|Reverse(next)| next.at < settled) {
            self.release_next(out);
        }
    }

    /// Ends the stream: appends every held event to `out`, in order.
    pub fn finish(&mut self, out: &mut Vec<E>) {
        while !self.held.is_empty() {
            self.release_next(out);
        }
    }

    /// Events that arrived after a later event had been released, and so were
    /// released out of order.
    pub fn late(&self) -> u64 {
        self.late
    }

    /// Events held now.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    fn release_next(&mut self, out: &mut Vec<E>) {
        if let Some(Reverse(next)) = self.held.pop() {
            self.released = Some(next.at);
            out.push(next.event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: i64) -> Timestamp {
        Timestamp::from_millis(millis)
    }

    /// Feeds `(millis, tiebreaker, id)` triples and returns the ids in release order.
    fn released(window_millis: i64, events: &[(i64, i64, u32)]) -> (Vec<u32>, u64) {
        let mut reorder = Reorder::new(window_millis * 1_000_000);
        let mut out = Vec::new();
        for &(millis, tiebreaker, id) in events {
            reorder.push(at(millis), KeyPart::Long(tiebreaker), id, &mut out);
        }
        reorder.finish(&mut out);
        (out, reorder.late())
    }

    #[test]
    fn stragglers_within_the_window_are_put_back_in_order() {
        let (order, late) = released(1_000, &[(0, 0, 1), (900, 0, 3), (500, 0, 2), (2_000, 0, 4)]);

        assert_eq!(order, [1, 2, 3, 4]);
        assert_eq!(late, 0);
    }

    #[test]
    fn equal_timestamps_are_ordered_by_tiebreaker_then_arrival() {
        let (order, _) = released(0, &[(5, 2, 1), (5, 1, 2), (5, 1, 3), (6, 0, 4)]);

        assert_eq!(order, [2, 3, 1, 4]);
    }

    #[test]
    fn an_event_older_than_one_released_is_late_and_counted() {
        let (order, late) = released(100, &[(0, 0, 1), (1_000, 0, 2), (2_000, 0, 3), (50, 0, 4)]);

        assert_eq!(order, [1, 2, 4, 3]);
        assert_eq!(late, 1);
    }

    #[test]
    fn only_the_window_is_held() {
        let mut reorder = Reorder::new(10 * 1_000_000);
        let mut out = Vec::new();
        for millis in 0..10_000 {
            reorder.push(at(millis), KeyPart::Null, millis, &mut out);
            assert!(reorder.held() <= 11);
        }
    }
}

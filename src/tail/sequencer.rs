//! The delay-for reorder heap with dedupe. Entries wait `delay` after their
//! arrival and leave in timestamp order (ties in arrival order); an entry
//! older than one already released is passed through at once and counted as
//! late; an entry seen before (same timestamp, labels and line) is dropped.
//! Identities are kept as (timestamp, 64-bit hash of labels and line) for
//! the delay plus a short window, so memory follows the rate, not the total.
//!
//! Pure data structure: time is passed in, so it is tested without clocks.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};

pub use crate::core::Entry as TailEntry;

struct Item {
    entry: TailEntry,
    seq: u64,
    due: i64,
}

impl PartialEq for Item {
    fn eq(&self, o: &Self) -> bool {
        self.entry.ts == o.entry.ts && self.seq == o.seq
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Item {
    // BinaryHeap is a max-heap: reverse for the smallest (ts, seq) on top.
    fn cmp(&self, o: &Self) -> Ordering {
        o.entry.ts.cmp(&self.entry.ts).then(o.seq.cmp(&self.seq))
    }
}

/// What `push` did with an entry.
#[derive(Debug, PartialEq, Eq)]
pub enum Pushed {
    /// Held until its delay has passed.
    Held,
    /// Already released or held: dropped.
    Duplicate,
    /// Older than an entry already released: give it out now.
    Late(TailEntry),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub released: u64,
    pub late: u64,
    pub duplicates: u64,
}

pub struct Sequencer {
    delay: i64,
    /// How far behind the newest released timestamp identities are kept.
    window: i64,
    heap: BinaryHeap<Item>,
    /// (timestamp, 64-bit hash of labels and line) of recent entries.
    seen: BTreeSet<(i64, u64)>,
    seq: u64,
    last_released: Option<i64>,
    /// Identities at or after this timestamp are kept whatever the window
    /// (windows that may still be re-read).
    keep_floor: i64,
    pub counts: Counts,
}

impl Sequencer {
    /// `delay` and `window` in nanoseconds. The window should exceed the
    /// delay and the time a gap fill or backfill may reach back.
    pub fn new(delay: i64, window: i64) -> Self {
        Sequencer {
            delay: delay.max(0),
            window: window.max(delay),
            heap: BinaryHeap::new(),
            seen: BTreeSet::new(),
            seq: 0,
            last_released: None,
            keep_floor: i64::MAX,
            counts: Counts::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Newest timestamp given out so far.
    pub fn last_released(&self) -> Option<i64> {
        self.last_released
    }

    fn remember(&mut self, e: &TailEntry) -> bool {
        self.seen.insert(e.identity())
    }

    /// Has this exact entry been given out or held already?
    pub fn seen(&self, e: &TailEntry) -> bool {
        self.seen.contains(&e.identity())
    }

    /// Offer an entry that arrived at `now`.
    pub fn push(&mut self, e: TailEntry, now: i64) -> Pushed {
        if !self.remember(&e) {
            self.counts.duplicates += 1;
            return Pushed::Duplicate;
        }
        if self.last_released.is_some_and(|l| e.ts < l) {
            self.counts.late += 1;
            self.counts.released += 1;
            return Pushed::Late(e);
        }
        self.seq += 1;
        self.heap.push(Item {
            entry: e,
            seq: self.seq,
            due: now.saturating_add(self.delay),
        });
        Pushed::Held
    }

    /// Record an entry given out directly (history, gap fill) so that later
    /// copies are recognised. Returns false if it was seen before.
    pub fn mark_released(&mut self, e: &TailEntry) -> bool {
        if !self.remember(e) {
            self.counts.duplicates += 1;
            return false;
        }
        self.counts.released += 1;
        self.last_released = Some(self.last_released.map_or(e.ts, |l| l.max(e.ts)));
        self.evict();
        true
    }

    /// The oldest held entry if its delay has passed at `now`.
    pub fn pop_ready(&mut self, now: i64) -> Option<TailEntry> {
        if self.heap.peek()?.due > now {
            return None;
        }
        self.pop()
    }

    /// The oldest held entry if it is older than `ts` (merging a sorted
    /// gap fill with what is held).
    pub fn pop_before(&mut self, ts: i64) -> Option<TailEntry> {
        if self.heap.peek()?.entry.ts >= ts {
            return None;
        }
        self.pop()
    }

    /// The oldest held entry, whatever its delay (flush on exit).
    pub fn pop(&mut self) -> Option<TailEntry> {
        let item = self.heap.pop()?;
        let ts = item.entry.ts;
        self.counts.released += 1;
        self.last_released = Some(self.last_released.map_or(ts, |l| l.max(ts)));
        self.evict();
        Some(item.entry)
    }

    /// When the top entry becomes due.
    pub fn next_due(&self) -> Option<i64> {
        self.heap.peek().map(|i| i.due)
    }

    /// Keep identities from `ts` on, however old (the start of a window that
    /// may be re-read), so a re-read does not print them again.
    pub fn keep_from(&mut self, ts: i64) {
        self.keep_floor = ts;
    }

    fn evict(&mut self) {
        if let Some(last) = self.last_released {
            let keep_from = last.saturating_sub(self.window).min(self.keep_floor);
            if self.seen.first().is_some_and(|(ts, _)| *ts < keep_from) {
                self.seen = self.seen.split_off(&(keep_from, 0));
            }
        }
    }

    /// Identities remembered (for tests of bounded memory).
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::LabelSet;
    use std::sync::Arc;

    fn e(ts: i64, stream: &str, line: &str) -> TailEntry {
        TailEntry {
            ts,
            labels: Arc::new(LabelSet::new(vec![("s".into(), stream.into())])),
            line: Arc::from(line),
        }
    }

    #[test]
    fn releases_in_order_after_delay() {
        let mut s = Sequencer::new(100, 1000);
        assert_eq!(s.push(e(30, "a", "x"), 0), Pushed::Held);
        assert_eq!(s.push(e(10, "b", "y"), 50), Pushed::Held);
        assert_eq!(s.pop_ready(99), None, "entry 10 (top) is due at 150");
        assert_eq!(s.pop_ready(150).unwrap().ts, 10);
        assert_eq!(s.pop_ready(150).unwrap().ts, 30);
        assert!(s.is_empty());
    }

    #[test]
    fn late_and_duplicate() {
        let mut s = Sequencer::new(0, 1000);
        s.push(e(20, "a", "x"), 0);
        assert_eq!(s.pop_ready(0).unwrap().ts, 20);
        assert!(matches!(s.push(e(10, "a", "old"), 1), Pushed::Late(_)));
        assert_eq!(s.push(e(20, "a", "x"), 2), Pushed::Duplicate);
        // same line and time, other stream: not a duplicate
        assert_eq!(s.push(e(20, "b", "x"), 3), Pushed::Held);
        assert_eq!(
            s.counts,
            Counts {
                released: 2,
                late: 1,
                duplicates: 1
            }
        );
    }

    #[test]
    fn detected_level_is_not_part_of_identity() {
        let mut s = Sequencer::new(0, 1000);
        let live = e(5, "a", "x");
        let mut with = live.clone();
        with.labels = Arc::new(LabelSet::new(vec![
            ("s".into(), "a".into()),
            ("detected_level".into(), "info".into()),
        ]));
        assert!(s.mark_released(&live));
        assert!(s.seen(&with), "the query_range copy of a live entry is the same entry");
        assert!(!s.mark_released(&with));
    }

    #[test]
    fn ties_keep_arrival_order() {
        let mut s = Sequencer::new(0, 1000);
        for i in 0..5 {
            s.push(e(7, "a", &i.to_string()), 0);
        }
        let got: Vec<String> = std::iter::from_fn(|| s.pop_ready(0))
            .map(|x| x.line.to_string())
            .collect();
        assert_eq!(got, ["0", "1", "2", "3", "4"]);
    }

    #[test]
    fn memory_is_bounded_by_window() {
        let mut s = Sequencer::new(0, 100);
        for i in 0..10_000 {
            s.push(e(i * 10, "a", "x"), i);
            s.pop_ready(i);
        }
        assert!(s.remembered() <= 12, "{}", s.remembered());
    }
}

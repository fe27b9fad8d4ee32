//! Properties of the delay-for heap and dedupe: whatever the arrival order,
//! as long as each entry arrives within the delay, output is sorted, nothing
//! is lost, and no entry is printed twice.

use std::collections::BTreeSet;
use std::sync::Arc;

use logcli::core::LabelSet;
use logcli::tail::sequencer::{Pushed, Sequencer, TailEntry};
use proptest::prelude::*;

fn mk(ts: i64, stream: u8, line: u8) -> TailEntry {
    TailEntry {
        ts,
        labels: Arc::new(LabelSet::new(vec![("s".into(), stream.to_string())])),
        line: Arc::from(format!("line {line}").as_str()),
    }
}

/// Entries (ts, stream, line, jitter) with arrival = ts + jitter, jitter < delay.
fn arrivals(delay: i64) -> impl Strategy<Value = Vec<(i64, u8, u8, i64)>> {
    prop::collection::vec((0i64..200, 0u8..3, 0u8..3, 0..delay), 0..120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn sorted_complete_and_unique(raw in arrivals(50)) {
        let delay = 50;
        let mut events: Vec<(i64, TailEntry)> = raw.iter().map(|&(ts, s, l, j)| (ts + j, mk(ts, s, l))).collect();
        events.sort_by_key(|e| e.0);
        let mut seq = Sequencer::new(delay, 1_000);
        let mut out: Vec<TailEntry> = Vec::new();
        for (at, e) in events {
            while let Some(x) = seq.pop_ready(at) {
                out.push(x);
            }
            match seq.push(e, at) {
                Pushed::Late(x) => out.push(x),
                Pushed::Held | Pushed::Duplicate => {}
            }
        }
        while let Some(x) = seq.pop() {
            out.push(x);
        }
        // sorted by timestamp
        prop_assert!(out.windows(2).all(|w| w[0].ts <= w[1].ts), "{:?}", out.iter().map(|e| e.ts).collect::<Vec<_>>());
        // exactly the distinct identities
        let want: BTreeSet<(i64, u8, u8)> = raw.iter().map(|&(ts, s, l, _)| (ts, s, l)).collect();
        let got: Vec<(i64, String, String)> = out.iter().map(|e| (e.ts, e.labels.get("s").unwrap().to_string(), e.line.to_string())).collect();
        let got_set: BTreeSet<_> = got.iter().cloned().collect();
        prop_assert_eq!(got.len(), got_set.len(), "no duplicates");
        prop_assert_eq!(got.len(), want.len(), "nothing lost");
        prop_assert_eq!(seq.counts.late, 0);
    }

    #[test]
    fn entries_later_than_the_delay_are_printed_once_and_counted(raw in prop::collection::vec((0i64..100, 0u8..2, 0u8..2), 1..80)) {
        // delay 0: every entry older than the newest printed one is late
        let mut seq = Sequencer::new(0, 1_000);
        let mut out = Vec::new();
        for (i, &(ts, s, l)) in raw.iter().enumerate() {
            if let Pushed::Late(x) = seq.push(mk(ts, s, l), i as i64) {
                out.push(x);
            }
            while let Some(x) = seq.pop_ready(i as i64) {
                out.push(x);
            }
        }
        let distinct: BTreeSet<_> = raw.iter().collect();
        prop_assert_eq!(out.len(), distinct.len());
        let late = out.windows(2).filter(|w| w[1].ts < w[0].ts).count() as u64;
        prop_assert!(seq.counts.late >= late);
        prop_assert_eq!(seq.counts.duplicates as usize, raw.len() - distinct.len());
    }

    #[test]
    fn gap_fill_merge_keeps_order_and_uniqueness(held in prop::collection::vec((0i64..100, 0u8..3), 0..40), gap in prop::collection::vec((0i64..100, 0u8..3), 0..40)) {
        // what the heap holds plus a sorted gap fill that overlaps it
        let mut seq = Sequencer::new(1_000_000, 10_000_000);
        for &(ts, s) in &held {
            seq.push(mk(ts, s, 0), 0);
        }
        let gap_in = gap.clone();
        let mut gap: Vec<_> = gap.iter().map(|&(ts, s)| mk(ts, s, 0)).collect();
        gap.sort_by_key(|e| e.ts);
        let mut out = Vec::new();
        for e in gap {
            while let Some(h) = seq.pop_before(e.ts) {
                out.push(h);
            }
            if seq.mark_released(&e) {
                out.push(e);
            }
        }
        while let Some(h) = seq.pop() {
            out.push(h);
        }
        prop_assert!(out.windows(2).all(|w| w[0].ts <= w[1].ts));
        let ids: BTreeSet<_> = out.iter().map(|e| (e.ts, e.labels.get("s").unwrap().to_string())).collect();
        prop_assert_eq!(ids.len(), out.len(), "each entry once");
        // nothing lost: every entry held or filled comes out
        let want: BTreeSet<(i64, String)> = held.iter().chain(gap_in.iter()).map(|&(ts, s)| (ts, s.to_string())).collect();
        prop_assert_eq!(ids, want);
    }
}

//! Everything the tail reads with `query_range`: the history before the
//! handover, the gap after a reconnect, and the entries Loki reports as
//! dropped. All of it goes through the one pager and is merged with the
//! live entries through the same heap and dedupe.

use std::sync::Arc;

use super::sequencer::{Pushed, TailEntry};
use super::Tail;
use crate::core::wire::DroppedEntry;
use crate::core::{Error, LabelSet, Result};
use crate::fetch::{pages, Answer, PageQuery};

impl Tail<'_> {
    /// Page through `[start, end)` with `query_range` in the given
    /// direction (at most `limit` entries, 0 = all), calling `f` with each
    /// entry in order.
    pub(super) async fn read(
        &mut self,
        start: i64,
        end: i64,
        forward: bool,
        limit: u64,
        f: &mut dyn FnMut(&mut Self, TailEntry) -> Result<()>,
    ) -> Result<u64> {
        if start >= end {
            return Ok(0);
        }
        let mut q = PageQuery::forward_all(&self.o.query, start, end, self.o.batch);
        q.forward = forward;
        q.limit = limit;
        let t = self.t;
        let out = pages(t, &q, |a| match a {
            Answer::Streams(p) => {
                let labels: Vec<Arc<LabelSet>> = p.streams.iter().map(|s| self.intern(&s.stream)).collect();
                for (si, ts, line) in p.entries() {
                    let e = TailEntry {
                        ts,
                        labels: labels[si].clone(),
                        line: Arc::from(line),
                    };
                    f(self, e)?;
                }
                Ok(())
            }
            Answer::Metric { .. } => Err(Error::usage("tail needs a log query, not a metric query")),
        })
        .await?;
        Ok(out.entries)
    }

    /// Print history before the handover: the newest `limit` entries (oldest
    /// first), or all of it.
    pub(super) async fn history(&mut self, handover: i64) -> Result<()> {
        let from = self.o.history_from;
        if self.o.history_limit == 0 {
            self.read(from, handover, true, 0, &mut |t, e| {
                if t.seq.mark_released(&e) {
                    t.print(&e)?;
                }
                Ok(())
            })
            .await?;
        } else {
            let mut newest = Vec::new();
            self.read(from, handover, false, self.o.history_limit, &mut |_, e| {
                newest.push(e);
                Ok(())
            })
            .await?;
            for e in newest.into_iter().rev() {
                if self.seq.mark_released(&e) {
                    self.print(&e)?;
                }
            }
        }
        self.sink.flush()
    }

    /// After a reconnect: everything from the last printed instant up to the
    /// new handover, merged in order with what the heap holds.
    pub(super) async fn gap_fill(&mut self, from: i64, handover: i64) -> Result<()> {
        self.read(from, handover, true, 0, &mut |t, e| {
            while let Some(h) = t.seq.pop_before(e.ts) {
                t.print(&h)?;
            }
            if t.seq.mark_released(&e) {
                t.print(&e)?;
            }
            Ok(())
        })
        .await?;
        self.sink.flush()
    }

    /// Fetch what Loki dropped and feed it through the heap.
    pub(super) async fn backfill(&mut self, dropped: &[DroppedEntry]) -> Result<()> {
        let (Some(lo), Some(hi)) = (
            dropped.iter().map(|d| d.timestamp).min(),
            dropped.iter().map(|d| d.timestamp).max(),
        ) else {
            return Ok(());
        };
        self.read(lo, hi + 1, true, 0, &mut |t, e| {
            let key = (e.ts, e.labels.identity());
            if let Some(n) = t.pending_dropped.get_mut(&key) {
                *n -= 1;
                if *n == 0 {
                    t.pending_dropped.remove(&key);
                }
                let now = t.now();
                match t.seq.push(e, now) {
                    Pushed::Held => t.report.recovered += 1,
                    Pushed::Late(e) => {
                        t.report.recovered += 1;
                        t.print(&e)?;
                    }
                    Pushed::Duplicate => {}
                }
            }
            Ok(())
        })
        .await?;
        Ok(())
    }
}

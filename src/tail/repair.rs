//! Everything the tail reads with `query_range`: the history before the
//! handover, the gap after a reconnect, and windows re-read on a sign of
//! loss. All of it goes through the one pager and is merged with the live
//! entries through the same heap and dedupe.

use std::sync::Arc;

use tokio::time::Instant;

use super::sequencer::TailEntry;
use super::{Tail, SETTLE};
use crate::core::events::TailState;
use crate::core::time::{now_nanos, NANOS_PER_SEC};
use crate::core::{Error, LabelSet, Result};
use crate::fetch::{pages, Answer, PageQuery};

/// Repairs that found losses this close together mean sustained overload.
const OVERLOAD_WINDOW: std::time::Duration = std::time::Duration::from_secs(10);

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

    /// One entry of a re-read, in time order: what the heap holds before it
    /// goes out first; an entry already printed or held is skipped. Returns
    /// whether it was missing, and whether it is older than what was printed
    /// before the re-read began (printed late).
    fn merge(&mut self, e: TailEntry, printed_upto: Option<i64>) -> Result<(bool, bool)> {
        while let Some(h) = self.seq.pop_before(e.ts) {
            self.print(&h)?;
        }
        if self.seq.seen(&e) || !self.seq.mark_released(&e) {
            return Ok((false, false));
        }
        let older = printed_upto.is_some_and(|l| e.ts < l);
        if older {
            self.seq.counts.late += 1;
        }
        self.print(&e)?;
        Ok((true, older))
    }

    /// Re-read `[start, end)` merging what is missing. Returns the missing
    /// entries and how many of them were older than what was printed.
    pub(super) async fn reread_window(&mut self, start: i64, end: i64) -> Result<(u64, u64)> {
        let printed_upto = self.seq.last_released();
        let (mut missing, mut older) = (0u64, 0u64);
        self.read(start, end, true, 0, &mut |t, e| {
            let (m, o) = t.merge(e, printed_upto)?;
            missing += m as u64;
            older += o as u64;
            Ok(())
        })
        .await?;
        self.sink.flush()?;
        Ok((missing, older))
    }

    /// Re-read from the watermark to `end`; the watermark moves to `end`.
    /// Every entry a re-read prints (repair, gap fill, catch-up) counts as
    /// recovered: the websocket did not bring it.
    pub(super) async fn reread(&mut self, end: i64) -> Result<(u64, u64)> {
        if self.watermark >= end {
            return Ok((0, 0));
        }
        self.report.repairs += 1;
        let r = self.reread_window(self.watermark, end).await?;
        self.report.recovered += r.0;
        self.watermark = self.watermark.max(end);
        Ok(r)
    }

    /// After a reconnect: everything from the watermark up to the new
    /// handover, merged in order with what the heap holds.
    pub(super) async fn gap_fill(&mut self, handover: i64) -> Result<()> {
        self.reread(handover).await?;
        Ok(())
    }

    /// A sign of loss: re-read from the watermark to what has settled. A
    /// re-read the server refuses is recorded (the window is given up);
    /// a transient failure is tried again later. Returns true when losses
    /// keep coming (switch to catching up).
    pub(super) async fn repair(&mut self) -> Result<bool> {
        self.repair_at = None;
        if let Some(from) = self.suspect_from.take() {
            self.watermark = self.watermark.min(from);
        }
        let to = self.suspect_to.take();
        let follow_up = std::mem::take(&mut self.follow_up);
        let end = now_nanos() - SETTLE;
        if end <= self.watermark {
            // not settled yet: look once it has
            let wait = (self.watermark - end) as u64;
            self.again(self.watermark, to, std::time::Duration::from_nanos(wait));
            return Ok(false);
        }
        self.state(TailState::Repairing, None);
        let start = self.watermark;
        let missing = match self.reread(end).await {
            Ok((n, _)) => n,
            Err(e) if e.is_transient() => {
                // the same window again later, with the same suspicion
                self.suspect_to = to;
                self.follow_up = follow_up;
                self.repair_at = Some(Instant::now() + std::time::Duration::from_secs(1));
                return Ok(false);
            }
            Err(e) => {
                self.report.unrecovered.push((start, end, e.to_string()));
                self.watermark = end;
                return Ok(false);
            }
        };
        self.state(TailState::Live, None);
        if missing > 0 {
            // Loki dropped here, so it may have gone on dropping after the
            // window, silently: the next window is read too, and so on
            // until one comes back whole
            self.again(end, Some(now_nanos()), std::time::Duration::ZERO);
        } else if to.is_some_and(|t| t >= end) {
            // the suspicion reaches past what has settled
            self.again(end, to, std::time::Duration::ZERO);
        }
        // one episode of loss is one: its follow-up windows do not make overload
        if missing == 0 || follow_up {
            return Ok(false);
        }
        let now = Instant::now();
        self.lossy.retain(|t| now.duration_since(*t) < OVERLOAD_WINDOW);
        self.lossy.push(now);
        Ok(self.lossy.len() >= 2)
    }

    /// Re-read from `from` again soon (after `wait` and a short pause, so
    /// windows are small and quick and the delay-for heap still holds what
    /// comes after them), keeping the suspicion up to `to`.
    fn again(&mut self, from: i64, to: Option<i64>, wait: std::time::Duration) {
        self.suspect_from = Some(self.suspect_from.map_or(from, |s| s.min(from)));
        if let Some(to) = to {
            self.suspect_to = Some(self.suspect_to.map_or(to, |s| s.max(to)));
        }
        self.follow_up = true;
        self.repair_at = Some(Instant::now() + wait + std::time::Duration::from_millis(200));
    }

    /// Nanoseconds of log time a window spans, at least one.
    pub(super) fn span_secs(start: i64, end: i64) -> f64 {
        ((end - start).max(1) as f64) / NANOS_PER_SEC as f64
    }
}

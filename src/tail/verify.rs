//! `--verify`: each settled window `[V, S)` (whole milliseconds) is checked
//! against Loki's own count, `sum(count_over_time(QUERY [Nms]))` at `S - 1ns`
//! (Loki counts `(t - range, t]`); a window with fewer printed entries is
//! re-read. One instant query per interval over the interval's data.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::time::Instant;

use super::{Tail, SETTLE};
use crate::core::events::Event;
use crate::core::time::now_nanos;
use crate::core::wire::parse_response;
use crate::core::{Error, Result};
use crate::net::api;

const MS: i64 = 1_000_000;

pub(super) struct Verifier {
    /// Start of the next window to check (whole milliseconds).
    from: i64,
    every: Duration,
    next: Instant,
    /// Entries printed per millisecond of log time, from `from` on.
    printed: BTreeMap<i64, u64>,
}

impl Verifier {
    pub(super) fn new(from: i64, every: Duration) -> Self {
        Verifier {
            from: from.div_euclid(MS) * MS,
            every,
            next: Instant::now() + every,
            printed: BTreeMap::new(),
        }
    }

    pub(super) fn from(&self) -> i64 {
        self.from
    }

    /// When the next window is checked.
    pub(super) fn next_check(&self) -> Instant {
        self.next
    }

    pub(super) fn count(&mut self, ts: i64) {
        if ts >= self.from {
            *self.printed.entry(ts.div_euclid(MS)).or_default() += 1;
        }
    }

    fn printed_in(&self, start: i64, end: i64) -> u64 {
        self.printed.range(start / MS..end / MS).map(|(_, n)| n).sum()
    }

    /// The window is done: forget its counts.
    fn advance(&mut self, to: i64) {
        self.from = to;
        self.printed = self.printed.split_off(&(to / MS));
        self.next = Instant::now() + self.every;
    }
}

/// The count in a vector answer (no series: zero).
fn count_of(body: &[u8]) -> Result<u64> {
    let resp = parse_response(body)?;
    let v: serde_json::Value = serde_json::from_str(resp.data.result.get())
        .map_err(|e| Error::Protocol(format!("cannot decode count: {e}")))?;
    let first = v.as_array().and_then(|a| a.first());
    Ok(first
        .and_then(|s| s["value"][1].as_str())
        .and_then(|n| n.parse::<f64>().ok())
        .map_or(0, |n| n as u64))
}

impl Tail<'_> {
    pub(super) fn verify_due(&self) -> bool {
        self.verifier.as_ref().is_some_and(|v| Instant::now() >= v.next)
    }

    /// Loki's count of `[start, end)`.
    async fn loki_count(&self, start: i64, end: i64) -> Result<u64> {
        let q = format!("sum(count_over_time({} [{}ms]))", self.o.query, (end - start) / MS);
        let params = [
            ("query", q),
            ("time", (end - 1).to_string()),
            ("limit", "1".to_string()),
        ];
        count_of(&self.t.get(api::QUERY, &params).await?)
    }

    /// Check the next settled window; re-read it when entries are missing.
    pub(super) async fn verify(&mut self) -> Result<()> {
        let Some(v) = self.verifier.as_ref() else { return Ok(()) };
        // settled: past the delay and what Loki may still be ingesting
        let settled = now_nanos() - 2 * SETTLE - self.o.delay;
        let (start, end) = (v.from, settled.div_euclid(MS) * MS);
        if end - start < MS {
            if let Some(v) = self.verifier.as_mut() {
                v.next = Instant::now() + v.every;
            }
            return Ok(());
        }
        let theirs = match self.loki_count(start, end).await {
            Ok(n) => n,
            Err(e) if e.is_transient() => {
                // an overloaded Loki: ask again at the next interval, not at once
                if let Some(v) = self.verifier.as_mut() {
                    v.next = Instant::now() + v.every;
                }
                return Ok(());
            }
            Err(e) => {
                let msg = format!("cannot verify [{start}, {end}): {e}; verification is off");
                self.t.observer().event(&Event::Loss(&msg));
                self.verifier = None;
                return Ok(());
            }
        };
        let ours = v.printed_in(start, end);
        self.report.verified += 1;
        if theirs > ours {
            self.report.mismatched += 1;
            match self.reread_window(start, end).await {
                Ok((missing, _)) => {
                    self.report.repairs += 1;
                    self.report.recovered += missing;
                }
                Err(e) => self.report.unrecovered.push((start, end, e.to_string())),
            }
        } else if theirs < ours {
            let msg = format!("Loki counts {theirs} entries in [{start}, {end}) but {ours} were printed");
            self.t.observer().event(&Event::Warning(&msg));
        }
        if let Some(v) = self.verifier.as_mut() {
            v.advance(end);
        }
        // checked complete: no re-read needs to start before it
        self.watermark = self.watermark.max(end);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_millisecond_window() {
        let mut v = Verifier::new(1_000 * MS + 7, Duration::from_secs(1));
        assert_eq!(v.from(), 1_000 * MS, "whole milliseconds");
        for ts in [1_000 * MS, 1_000 * MS + 999_999, 1_001 * MS, 1_005 * MS, 999 * MS] {
            v.count(ts);
        }
        assert_eq!(v.printed_in(1_000 * MS, 1_001 * MS), 2);
        assert_eq!(
            v.printed_in(1_000 * MS, 1_006 * MS),
            4,
            "the entry before the window is not counted"
        );
        v.advance(1_001 * MS);
        assert_eq!(v.printed_in(1_000 * MS, 1_006 * MS), 2);
    }

    #[test]
    fn count_answers() {
        let one = br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1.5,"42"]}]}}"#;
        assert_eq!(count_of(one).unwrap(), 42);
        let none = br#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        assert_eq!(count_of(none).unwrap(), 0);
    }
}

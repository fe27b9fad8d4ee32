//! Live tail: complete history through `query_range`, then Loki's tail
//! websocket from a known handover instant; a delay-for reorder heap with
//! dedupe; reconnects with backoff. Completeness does not rest on Loki's
//! `dropped_entries` reports (Loki reports at most 1,000 per gap and loses
//! the rest silently): a verified watermark W trails the printed entries,
//! and any sign of loss re-reads `[W, now - settle)` with the pager, merged
//! through the same heap and dedupe (`repair`). Under sustained overload the
//! tail follows by `query_range` windows instead of the websocket
//! (`catchup`), and `--verify` compares settled windows with Loki's own
//! count (`verify`). Entries go to a [`Sink`]; state changes and messages go
//! to the transport's observer.

mod catchup;
mod repair;
pub mod sequencer;
mod session;
mod verify;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use crate::core::events::{Event, TailState};
use crate::core::time::{now_nanos, NANOS_PER_SEC};
use crate::core::{Control, Error, LabelSet, Result, Signals, Sink};
use crate::net::{api, backoff_delay, Transport, WsConnectError};
use sequencer::{Sequencer, TailEntry};
use session::End;
use verify::Verifier;

/// How far behind the newest printed entry the watermark trails: Loki
/// reports a drop on the next frame that carries an entry, within about a
/// second and a half of the loss, so a repair from W covers it.
const HORIZON: i64 = 5 * NANOS_PER_SEC;
/// How long an entry may take to become visible to `query_range` after
/// its neighbours (measured: ~10 ms; generous for replicated ingesters).
pub const SETTLE: i64 = NANOS_PER_SEC;

/// How a tail runs, resolved from flags.
#[derive(Debug, Clone)]
pub struct TailOptions {
    pub query: String,
    /// Start of the history (inclusive).
    pub history_from: i64,
    /// Newest entries of history to show; 0 = all of it.
    pub history_limit: u64,
    pub no_history: bool,
    /// Reorder delay in nanoseconds.
    pub delay: i64,
    /// Give up after this many reconnects in a row; None = never.
    pub max_reconnects: Option<u32>,
    /// Re-read windows where loss is suspected (`--no-backfill` turns it off).
    pub repair: bool,
    /// Compare settled windows with Loki's count this often (`--verify`).
    pub verify: Option<Duration>,
    /// Fail (exit 1) when a window could not be re-read.
    pub fail_on_loss: bool,
    /// No frame and no ping for this long = dead connection.
    pub silence: Duration,
    /// Entries per `query_range` page.
    pub batch: u64,
    /// `limit` sent on the websocket (Loki replays at most ~1,100 anyway).
    pub ws_limit: u64,
}

/// Totals reported at the end.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TailReport {
    pub printed: u64,
    pub late: u64,
    pub duplicates: u64,
    /// Entries Loki said it dropped (`dropped_entries`).
    pub dropped: u64,
    /// Entries found missing and printed by window re-reads.
    pub recovered: u64,
    /// Windows re-read.
    pub repairs: u64,
    /// Windows whose count was checked with Loki's, and those that differed.
    pub verified: u64,
    pub mismatched: u64,
    pub reconnects: u64,
    /// Time spent following by `query_range` instead of the websocket.
    pub catch_up: Duration,
    /// Windows that could not be re-read: (start, end, why).
    pub unrecovered: Vec<(i64, i64, String)>,
    /// Entries reported dropped that were not re-read (`--no-backfill`).
    pub not_reread: u64,
}

impl TailReport {
    /// What may be missing from the output, if anything (`--fail-on-loss`).
    pub fn loss(&self) -> Option<String> {
        if !self.unrecovered.is_empty() {
            return Some(format!("{} window(s) could not be re-read", self.unrecovered.len()));
        }
        (self.not_reread > 0).then(|| format!("{} dropped entries not re-read", self.not_reread))
    }

    /// The accounting as a table (`--stats`), printed even under `-q`.
    pub fn table(&self) -> String {
        let rows: [(&str, String); 10] = [
            ("printed", self.printed.to_string()),
            ("late (out of order)", self.late.to_string()),
            ("duplicates suppressed", self.duplicates.to_string()),
            ("dropped by the server", self.dropped.to_string()),
            ("recovered by re-reads", self.recovered.to_string()),
            ("re-reads", self.repairs.to_string()),
            (
                "windows verified",
                format!("{} ({} differed)", self.verified, self.mismatched),
            ),
            ("reconnects", self.reconnects.to_string()),
            ("catching up", format!("{:.1}s", self.catch_up.as_secs_f64())),
            ("windows not recovered", self.unrecovered.len().to_string()),
        ];
        let mut s = String::from("tail accounting:\n");
        for (k, v) in rows {
            s += &format!("  {k:<23}{v}\n");
        }
        s
    }

    /// The summary line printed at the end.
    pub fn line(&self) -> String {
        let noun = if self.printed == 1 { "entry" } else { "entries" };
        let mut s = format!("tail: {} {noun}", self.printed);
        if self.late > 0 {
            s += &format!(", {} late (printed out of order)", self.late);
        }
        if self.duplicates > 0 {
            s += &format!(", {} duplicates suppressed", self.duplicates);
        }
        if self.dropped > 0 || self.repairs > 0 {
            s += &format!(
                ", {} dropped by the server, {} recovered by {} re-reads",
                self.dropped, self.recovered, self.repairs
            );
        }
        if self.verified > 0 {
            s += &format!(", {} windows verified ({} differed)", self.verified, self.mismatched);
        }
        if self.reconnects > 0 {
            s += &format!(", {} reconnects", self.reconnects);
        }
        if !self.catch_up.is_zero() {
            s += &format!(", {:.1}s catching up", self.catch_up.as_secs_f64());
        }
        s
    }
}

struct Tail<'a> {
    t: &'a Arc<Transport>,
    o: &'a TailOptions,
    sink: &'a mut dyn Sink,
    seq: Sequencer,
    interned: HashMap<LabelSet, Arc<LabelSet>>,
    base: Instant,
    report: TailReport,
    keys: Option<UnboundedReceiver<Control>>,
    /// Everything before this timestamp is known complete.
    watermark: i64,
    /// A sign of loss was seen: re-read from the watermark (at this instant
    /// at the earliest).
    repair_at: Option<Instant>,
    /// The oldest timestamp a sign of loss pointed at (a reported drop, a
    /// live entry older than the watermark): the re-read starts there if
    /// that is before the watermark.
    suspect_from: Option<i64>,
    /// The newest timestamp a sign of loss pointed at: re-reads go on
    /// until one has covered it.
    suspect_to: Option<i64>,
    /// The pending repair only follows up an earlier one.
    follow_up: bool,
    /// When the websocket was last read (Unix ns).
    last_read: i64,
    /// When repairs last found missing entries (overload detection).
    lossy: Vec<Instant>,
    verifier: Option<Verifier>,
    /// Loss accounting last published (for status bars).
    published: (u64, u64, u64),
}

impl Tail<'_> {
    /// Tell the observer when the loss accounting changed.
    fn publish_counts(&mut self) {
        let now = (self.report.dropped, self.report.recovered, self.seq.counts.late);
        if now != self.published {
            self.published = now;
            self.t.observer().event(&Event::Counts {
                dropped: now.0,
                recovered: now.1,
                late: now.2,
            });
        }
    }

    fn now(&self) -> i64 {
        self.base.elapsed().as_nanos() as i64
    }

    /// One shared copy per label set (bounded: starts over past 10,000).
    fn intern(&mut self, ls: &LabelSet) -> Arc<LabelSet> {
        if let Some(a) = self.interned.get(ls) {
            return a.clone();
        }
        if self.interned.len() > 10_000 {
            self.interned.clear();
        }
        let a = Arc::new(ls.clone());
        self.interned.insert(ls.clone(), a.clone());
        a
    }

    fn print(&mut self, e: &TailEntry) -> Result<()> {
        let i = self.sink.stream(e.labels.pairs());
        self.sink.entry(i, e.labels.pairs(), e.ts, &e.line)?;
        self.report.printed += 1;
        if let Some(v) = self.verifier.as_mut() {
            v.count(e.ts);
        }
        Ok(())
    }

    /// The watermark trails the newest printed entry by the horizon (and
    /// the clock, when nothing is held or suspected), and identities are
    /// kept from the oldest point a re-read may start.
    fn advance(&mut self) {
        if let Some(last) = self.seq.last_released() {
            self.watermark = self.watermark.max(last.saturating_sub(HORIZON));
        }
        if self.seq.is_empty() && self.repair_at.is_none() {
            // quiet up to the last read of the websocket (Loki pings every
            // second): not up to now, which after a stall (a stopped
            // process) is past everything that went unread
            let quiet = self.last_read.saturating_sub(HORIZON + self.o.delay);
            self.watermark = self.watermark.max(quiet);
        }
        let floor = self
            .verifier
            .as_ref()
            .map_or(self.watermark, |v| v.from().min(self.watermark));
        self.seq.keep_from(floor.saturating_sub(NANOS_PER_SEC));
    }

    fn release_ready(&mut self) -> Result<()> {
        let now = self.now();
        while let Some(e) = self.seq.pop_ready(now) {
            self.print(&e)?;
        }
        self.advance();
        self.publish_counts();
        Ok(())
    }

    fn flush_all(&mut self) -> Result<()> {
        while let Some(e) = self.seq.pop() {
            self.print(&e)?;
        }
        self.sink.flush()
    }

    /// Note a sign of loss over `[from, to]` (from the watermark, up to now,
    /// where not known): a repair runs soon (coalesced).
    fn suspect(&mut self, from: Option<i64>, to: Option<i64>) {
        if !self.o.repair {
            return;
        }
        if let Some(ts) = from {
            self.suspect_from = Some(self.suspect_from.map_or(ts, |s| s.min(ts)));
        }
        let to = to.unwrap_or_else(now_nanos);
        self.suspect_to = Some(self.suspect_to.map_or(to, |s| s.max(to)));
        self.follow_up = false;
        // soon, also when a later check is pending (the one after connecting)
        let soon = Instant::now() + Duration::from_millis(200);
        self.repair_at = Some(self.repair_at.map_or(soon, |at| at.min(soon)));
    }

    fn state(&self, state: TailState, why: Option<&str>) {
        self.t.observer().event(&Event::Tail { state, why });
    }

    async fn connect(&self, handover: i64) -> std::result::Result<crate::net::WsStream, WsConnectError> {
        let params = [
            ("query", self.o.query.clone()),
            ("start", handover.to_string()),
            ("limit", self.o.ws_limit.to_string()),
        ];
        self.t.websocket(api::TAIL, &params).await
    }

    /// After a lost connection: wait (unless planned), re-read from the
    /// watermark up to a new handover, return it; None when interrupted.
    async fn reconnect(
        &mut self,
        mut wait: bool,
        mut why: String,
        failures: &mut u32,
        signals: &mut Signals,
    ) -> Result<Option<i64>> {
        loop {
            self.report.reconnects += 1;
            if wait {
                *failures += 1;
            }
            // Planned reconnects (Loki's max-duration close) do not count:
            // the bound is on failures in a row.
            if let Some(max) = self.o.max_reconnects {
                if *failures > max {
                    self.flush_all()?;
                    return Err(Error::Connection(format!("{why}; gave up after {max} reconnects")));
                }
            }
            if wait {
                let d = backoff_delay(
                    failures.saturating_sub(1),
                    Duration::from_millis(500),
                    Duration::from_secs(30),
                );
                self.state(TailState::Reconnecting, Some(&why));
                self.t.observer().event(&Event::Reconnect { why: &why, wait: d });
                tokio::select! {
                    _ = tokio::time::sleep(d) => {}
                    _ = signals.recv() => return Ok(None),
                }
            }
            let next = now_nanos().max(self.watermark + 1);
            let filled = tokio::select! {
                r = self.gap_fill(next) => r,
                _ = signals.recv() => return Ok(None),
            };
            match filled {
                Ok(()) => return Ok(Some(next)),
                // the server is still away: wait and try again
                Err(e) if e.is_transient() => {
                    wait = true;
                    why = e.to_string();
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn finish(mut self) -> Result<TailReport> {
        self.report.late = self.seq.counts.late;
        self.report.duplicates = self.seq.counts.duplicates;
        for (a, b, why) in &self.report.unrecovered {
            let msg = format!("entries in [{a}, {b}) may be missing: the re-read failed: {why}");
            self.t.observer().event(&Event::Loss(&msg));
        }
        // without re-reads, what the server reported dropped is gone (and
        // maybe more, which it did not report)
        if !self.o.repair && self.report.dropped > 0 {
            self.report.not_reread = self.report.dropped;
            let msg = format!(
                "{} entries the server reported dropped were not re-read (--no-backfill)",
                self.report.dropped
            );
            self.t.observer().event(&Event::Loss(&msg));
        }
        self.t.observer().event(&Event::Summary(&self.report.line()));
        Ok(self.report)
    }
}

/// Run a tail until interrupted (exit 0), a permanent error, or
/// `--max-reconnects` is exhausted. `keys` carries the live view's keys.
pub async fn run(
    t: &Arc<Transport>,
    o: &TailOptions,
    sink: &mut dyn Sink,
    keys: Option<UnboundedReceiver<Control>>,
) -> Result<TailReport> {
    let window = o.delay.saturating_add(2 * NANOS_PER_SEC);
    let handover = now_nanos();
    let mut tail = Tail {
        t,
        o,
        sink,
        seq: Sequencer::new(o.delay, window),
        interned: HashMap::new(),
        base: Instant::now(),
        report: TailReport::default(),
        keys,
        watermark: handover,
        repair_at: None,
        suspect_from: None,
        suspect_to: None,
        follow_up: false,
        last_read: handover,
        lossy: Vec::new(),
        verifier: o.verify.map(|every| Verifier::new(handover, every)),
        published: (0, 0, 0),
    };
    let mut signals = Signals::new();
    if !o.no_history {
        tail.state(TailState::History, None);
        tokio::select! {
            r = tail.history(handover) => r?,
            _ = signals.recv() => {
                tail.sink.flush()?;
                return Ok(tail.report);
            }
        }
    }
    follow(&mut tail, handover, &mut signals).await?;
    tail.flush_all()?;
    tail.finish()
}

/// Live sessions, reconnects and catch-up spells until interrupted.
async fn follow(tail: &mut Tail<'_>, mut handover: i64, signals: &mut Signals) -> Result<()> {
    let mut failures = 0u32;
    loop {
        let conn = tokio::select! {
            c = tail.connect(handover) => c,
            _ = signals.recv() => return Ok(()),
        };
        let end = match conn {
            Ok(mut ws) => {
                tail.state(TailState::Live, None);
                // the handover itself is a seam Loki can get wrong: check it once settled
                tail.repair_at = tail
                    .o
                    .repair
                    .then(|| Instant::now() + Duration::from_nanos(2 * SETTLE as u64));
                let started = Instant::now();
                let end = tail.session(&mut ws, signals).await?;
                if started.elapsed() > Duration::from_secs(30) {
                    failures = 0;
                }
                end
            }
            Err(WsConnectError::Permanent(e)) => {
                tail.flush_all()?;
                return Err(e);
            }
            Err(WsConnectError::Transient(why)) => End::Reconnect { wait: true, why },
        };
        let (wait, why) = match end {
            End::Interrupted => return Ok(()),
            End::Overloaded => {
                if !tail.catch_up(signals).await? {
                    return Ok(());
                }
                (false, "caught up".to_string())
            }
            End::Reconnect { wait, why } => (wait, why),
        };
        match tail.reconnect(wait, why, &mut failures, signals).await? {
            Some(next) => handover = next,
            None => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_summary_counts_one_entry_in_the_singular() {
        let one = super::TailReport {
            printed: 1,
            ..Default::default()
        };
        assert_eq!(one.line(), "tail: 1 entry");
        let two = super::TailReport { printed: 2, ..one };
        assert_eq!(two.line(), "tail: 2 entries");
    }
}

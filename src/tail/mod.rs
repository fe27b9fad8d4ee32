//! Live tail: complete history through `query_range`, then Loki's tail
//! websocket from a known handover instant; a delay-for reorder heap with
//! dedupe; reconnect forever with backoff, gap fill after each reconnect, and
//! backfill of the entries Loki reports as dropped. Entries go to a
//! [`Sink`]; state changes and messages go to the transport's observer.

mod repair;
pub mod sequencer;
mod session;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use crate::core::events::Event;
use crate::core::time::{now_nanos, NANOS_PER_SEC};
use crate::core::{Control, Error, LabelSet, Result, Signals, Sink};
use crate::net::{api, backoff_delay, Transport, WsConnectError};
use sequencer::{Sequencer, TailEntry};
use session::End;

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
    pub backfill: bool,
    /// No frame and no ping for this long = dead connection.
    pub silence: Duration,
    /// Entries per `query_range` page for history, gap fill and backfill.
    pub batch: u64,
    /// `limit` sent on the websocket (entries replayed from the handover).
    pub ws_limit: u64,
}

/// Totals reported at the end.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TailReport {
    pub printed: u64,
    pub late: u64,
    pub duplicates: u64,
    pub dropped: u64,
    pub recovered: u64,
    pub reconnects: u64,
}

impl TailReport {
    /// The summary line printed at the end.
    pub fn line(&self) -> String {
        let mut s = format!("tail: {} entries", self.printed);
        if self.late > 0 {
            s += &format!(", {} late (printed out of order)", self.late);
        }
        if self.duplicates > 0 {
            s += &format!(", {} duplicates suppressed", self.duplicates);
        }
        if self.dropped > 0 {
            s += &format!(", {} dropped by the server, {} recovered", self.dropped, self.recovered);
        }
        if self.reconnects > 0 {
            s += &format!(", {} reconnects", self.reconnects);
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
    /// Dropped entries (timestamp, labels) not recovered yet.
    pending_dropped: HashMap<(i64, LabelSet), u32>,
    keys: Option<UnboundedReceiver<Control>>,
}

impl Tail<'_> {
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
        Ok(())
    }

    fn release_ready(&mut self) -> Result<()> {
        let now = self.now();
        while let Some(e) = self.seq.pop_ready(now) {
            self.print(&e)?;
        }
        Ok(())
    }

    fn flush_all(&mut self) -> Result<()> {
        while let Some(e) = self.seq.pop() {
            self.print(&e)?;
        }
        self.sink.flush()
    }

    async fn connect(&self, handover: i64) -> std::result::Result<crate::net::WsStream, WsConnectError> {
        let params = [
            ("query", self.o.query.clone()),
            ("start", handover.to_string()),
            ("limit", self.o.ws_limit.to_string()),
        ];
        self.t.websocket(api::TAIL, &params).await
    }

    /// After a lost connection: wait (unless planned), refill the gap, and
    /// return the new handover instant; None when interrupted meanwhile.
    async fn reconnect(
        &mut self,
        mut wait: bool,
        mut why: String,
        failures: &mut u32,
        signals: &mut Signals,
        handover: i64,
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
                self.t.observer().event(&Event::Reconnect { why: &why, wait: d });
                tokio::select! {
                    _ = tokio::time::sleep(d) => {}
                    _ = signals.recv() => return Ok(None),
                }
            }
            // Resume exactly after the last printed entry.
            let from = self.seq.last_released().unwrap_or(handover);
            let next = now_nanos().max(from + 1);
            let filled = tokio::select! {
                r = self.gap_fill(from, next) => r,
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

    fn finish(mut self) -> TailReport {
        self.report.late = self.seq.counts.late;
        self.report.duplicates = self.seq.counts.duplicates;
        self.t.observer().event(&Event::Summary(&self.report.line()));
        self.report
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
    let mut tail = Tail {
        t,
        o,
        sink,
        seq: Sequencer::new(o.delay, window),
        interned: HashMap::new(),
        base: Instant::now(),
        report: TailReport::default(),
        pending_dropped: HashMap::new(),
        keys,
    };
    let mut signals = Signals::new();
    let mut handover = now_nanos();
    if !o.no_history {
        tokio::select! {
            r = tail.history(handover) => r?,
            _ = signals.recv() => {
                tail.sink.flush()?;
                return Ok(tail.report);
            }
        }
    }
    let mut failures = 0u32;
    loop {
        let conn = tokio::select! {
            c = tail.connect(handover) => c,
            _ = signals.recv() => break,
        };
        let end = match conn {
            Ok(mut ws) => {
                let started = Instant::now();
                let end = tail.session(&mut ws, &mut signals).await?;
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
        match end {
            End::Interrupted => break,
            End::Reconnect { wait, why } => {
                match tail.reconnect(wait, why, &mut failures, &mut signals, handover).await? {
                    Some(next) => handover = next,
                    None => break,
                }
            }
        }
    }
    tail.flush_all()?;
    Ok(tail.finish())
}

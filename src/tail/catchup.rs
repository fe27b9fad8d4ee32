//! Following by `query_range` when the websocket cannot keep up: Loki's
//! tail delivers about 2,200 entries a second and drops the rest, so under
//! sustained overload the tail reads settled windows `[W, now - settle)`
//! with the pager instead (tens or hundreds of thousands of entries a
//! second), in order and through the same dedupe, and returns to the
//! websocket once the rate stays low.

use std::time::Duration;

use tokio::time::Instant;

use super::{Tail, SETTLE};
use crate::core::events::TailState;
use crate::core::time::now_nanos;
use crate::core::{Result, Signals};

/// Below this many entries a second (of log time) for a few polls in a
/// row, the websocket can carry the stream again.
const RESUME_RATE: f64 = 1_000.0;
const CALM_POLLS: u32 = 3;
const POLL: Duration = Duration::from_millis(500);

impl Tail<'_> {
    /// One window; false when the server is away (try again later).
    async fn catch_up_window(&mut self) -> Result<Option<f64>> {
        let end = now_nanos() - SETTLE;
        let start = self.watermark;
        if end <= start {
            return Ok(None);
        }
        match self.reread(end).await {
            Ok((missing, _)) => Ok(Some(missing as f64 / Self::span_secs(start, end))),
            Err(e) if e.is_transient() => Ok(None),
            Err(e) => {
                self.report.unrecovered.push((start, end, e.to_string()));
                self.watermark = end;
                Ok(None)
            }
        }
    }

    /// Follow by windows until the rate is low again (true) or the user
    /// stops (false).
    pub(super) async fn catch_up(&mut self, signals: &mut Signals) -> Result<bool> {
        self.state(TailState::CatchingUp, Some("the websocket cannot keep up"));
        // the windows start where a pending re-read would have
        if let Some(from) = self.suspect_from.take() {
            self.watermark = self.watermark.min(from);
        }
        self.repair_at = None;
        let started = Instant::now();
        let mut calm = 0;
        let go_on = loop {
            let rate = tokio::select! {
                r = self.catch_up_window() => r?,
                _ = signals.recv() => break false,
            };
            // the heap holds nothing older than the window: let it out
            self.release_ready()?;
            self.sink.flush()?;
            match rate {
                Some(r) if r < RESUME_RATE => calm += 1,
                Some(_) => calm = 0,
                None => {}
            }
            if calm >= CALM_POLLS {
                break true;
            }
            if self.verify_due() {
                self.verify().await?;
            }
            let stop = tokio::select! {
                _ = tokio::time::sleep(POLL) => false,
                _ = signals.recv() => true,
                Some(k) = async { match self.keys.as_mut() { Some(r) => r.recv().await, None => std::future::pending().await } } => self.sink.control(k)?,
            };
            if stop {
                break false;
            }
        };
        self.report.catch_up += started.elapsed();
        self.lossy.clear();
        if self.suspect_to.is_some_and(|t| t < self.watermark) {
            self.suspect_to = None;
        }
        Ok(go_on)
    }
}

//! One websocket session: frames into the heap, releases when entries are
//! due, keys from the live view, signals, and the silence watchdog.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

use super::sequencer::{Pushed, TailEntry};
use super::Tail;
use crate::core::events::Event;
use crate::core::time::now_nanos;
use crate::core::wire::TailFrame;
use crate::core::{Result, Signals};
use crate::net::WsStream;

/// How a session ended.
pub(super) enum End {
    /// Ctrl-C / SIGTERM / `q`: flush and exit 0.
    Interrupted,
    /// Connection ended; reconnect, after a backoff unless `wait` is false
    /// (Loki's planned max-duration close).
    Reconnect { wait: bool, why: String },
    /// Losses keep coming: follow by `query_range` for a while.
    Overloaded,
}

/// Output blocked this long means the websocket went unread for as long.
const STALLED: Duration = Duration::from_secs(1);
/// No frame or ping read for this long (Loki pings every second): a stall.
const GAP: Duration = Duration::from_secs(3);

/// An instant for a timer that is off.
fn far() -> Instant {
    Instant::now() + Duration::from_secs(86_400)
}

/// What one websocket message means for the session.
enum Step {
    Continue,
    End(End),
}

impl Tail<'_> {
    /// Decode a frame, push its entries; any report of dropped entries, and
    /// any live entry older than the watermark, is a sign of loss.
    fn on_frame(&mut self, text: &str) -> Result<()> {
        let frame: TailFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let msg = format!("skipping malformed frame: {e}");
                self.t.observer().event(&Event::Warning(&msg));
                // a lost frame is a loss like any other
                self.suspect(None, None);
                return Ok(());
            }
        };
        let now = self.now();
        for s in frame.streams {
            let labels = self.intern(&s.stream);
            for v in s.values {
                let e = TailEntry {
                    ts: v.ts,
                    labels: labels.clone(),
                    line: Arc::from(v.line.as_ref()),
                };
                if e.ts < self.watermark {
                    self.suspect(Some(e.ts), Some(e.ts));
                }
                if let Pushed::Late(e) = self.seq.push(e, now) {
                    self.print(&e)?;
                }
            }
        }
        if !frame.dropped_entries.is_empty() {
            self.report.dropped += frame.dropped_entries.len() as u64;
            let stamps = || frame.dropped_entries.iter().filter_map(|d| d.timestamp);
            // Loki goes on dropping after what it reports (silently past
            // 1,000 a message): the suspicion reaches up to now
            self.suspect(stamps().min(), None);
        }
        Ok(())
    }

    /// A frame (if any) in, what is due out. Output that blocked for long
    /// (a reader that stopped: `| less` scrolled back, a stopped process)
    /// left the websocket unread meanwhile, and Loki drops for a slow
    /// client without always saying so: a sign of loss from the watermark.
    fn deliver(&mut self, frame: Option<&str>) -> Result<()> {
        let started = Instant::now();
        if let Some(text) = frame {
            self.on_frame(text)?;
        }
        self.release_ready()?;
        self.sink.flush()?;
        if started.elapsed() > STALLED {
            self.suspect(Some(self.watermark), None);
        }
        Ok(())
    }

    async fn on_message(&mut self, msg: Option<Result<Message, impl std::fmt::Display>>) -> Result<Step> {
        match msg {
            Some(Ok(Message::Text(t))) => {
                self.deliver(Some(t.as_str()))?;
                Ok(Step::Continue)
            }
            Some(Ok(Message::Close(c))) => {
                let (code, reason) = c
                    .map(|c| (c.code, c.reason.to_string()))
                    .unwrap_or((CloseCode::Status, String::new()));
                let max_duration = code == CloseCode::Error && reason.contains("max duration");
                let sep = if reason.is_empty() { "" } else { ": " };
                Ok(Step::End(End::Reconnect {
                    wait: !max_duration,
                    why: format!("server closed the tail ({}{sep}{reason})", u16::from(code)),
                }))
            }
            Some(Ok(_)) => {
                self.advance();
                Ok(Step::Continue)
            }
            Some(Err(e)) => Ok(Step::End(End::Reconnect {
                wait: true,
                why: format!("tail connection lost: {e}"),
            })),
            None => Ok(Step::End(End::Reconnect {
                wait: true,
                why: "tail connection closed".into(),
            })),
        }
    }

    /// Follow one websocket until it ends.
    pub(super) async fn session(&mut self, ws: &mut WsStream, signals: &mut Signals) -> Result<End> {
        let mut last_seen = Instant::now();
        self.last_read = now_nanos();
        loop {
            let due = self
                .seq
                .next_due()
                .map(|d| self.base + Duration::from_nanos(d.max(0) as u64));
            let silence_at = last_seen + self.o.silence;
            tokio::select! {
                biased;
                _ = signals.recv() => {
                    let _ = ws.close(None).await;
                    return Ok(End::Interrupted);
                }
                Some(k) = async { match self.keys.as_mut() { Some(r) => r.recv().await, None => std::future::pending().await } } => {
                    if self.sink.control(k)? {
                        let _ = ws.close(None).await;
                        return Ok(End::Interrupted);
                    }
                }
                // due repairs and checks before more frames: a busy
                // websocket must not starve them
                _ = tokio::time::sleep_until(self.repair_at.unwrap_or_else(far)), if self.repair_at.is_some() => {
                    let overloaded = self.repair().await?;
                    last_seen = Instant::now();
                    if overloaded {
                        let _ = ws.close(None).await;
                        return Ok(End::Overloaded);
                    }
                }
                _ = tokio::time::sleep_until(self.verifier.as_ref().map_or_else(far, |v| v.next_check())), if self.verifier.is_some() => {
                    self.verify().await?;
                    last_seen = Instant::now();
                }
                msg = ws.next() => {
                    // Loki pings every second: a longer gap means nothing was
                    // read meanwhile (the process was stopped, the machine
                    // stalled), and Loki drops for a reader that lags
                    if last_seen.elapsed() > GAP {
                        self.suspect(Some(self.watermark), None);
                    }
                    self.last_read = now_nanos();
                    let step = self.on_message(msg).await?;
                    // frames and pings queued during a backfill are not silence
                    last_seen = Instant::now();
                    if let Step::End(end) = step {
                        return Ok(end);
                    }
                }
                _ = tokio::time::sleep_until(due.unwrap_or_else(far)), if due.is_some() => {
                    self.deliver(None)?;
                }
                _ = tokio::time::sleep_until(silence_at) => {
                    return Ok(End::Reconnect { wait: true, why: format!("no frame or ping for {}", crate::core::gofmt::fmt_go_duration(self.o.silence.as_nanos() as i64)) });
                }
            }
        }
    }
}

//! Live tail: complete history through `query_range`, then Loki's tail
//! websocket from a known handover instant; a delay-for reorder heap with
//! dedupe; reconnect forever with backoff, gap fill after each reconnect, and
//! backfill of the entries Loki reports as dropped.

pub mod interactive;
pub mod sequencer;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest, protocol::frame::coding::CloseCode, Message};

use crate::client::{backoff_delay, Client};
use crate::error::{Error, Result};
use crate::model::{LabelSet, TailFrame};
use crate::output::{LabelSelector, Printer, StreamView};
use sequencer::{Pushed, Sequencer, TailEntry};

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
    pub quiet: bool,
    /// No frame and no ping for this long = dead connection.
    pub silence: Duration,
    /// Entries per `query_range` page for history, gap fill and backfill.
    pub batch: u64,
    /// `limit` sent on the websocket (entries replayed from the handover).
    pub ws_limit: u64,
    /// Keys (space, c, q) when stdin and stdout are terminals.
    pub interactive: bool,
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

enum End {
    /// Ctrl-C / SIGTERM: flushed, exit 0.
    Interrupted,
    /// Connection ended; reconnect after `wait` (zero = at once).
    Reconnect { wait: bool, why: String },
}

enum ConnectError {
    Permanent(Error),
    Transient(String),
}

struct Tail<'a, W: Write> {
    client: &'a Arc<Client>,
    o: &'a TailOptions,
    printer: &'a mut Printer<W>,
    seq: Sequencer,
    sel: LabelSelector,
    streams: HashMap<LabelSet, (Arc<LabelSet>, StreamView)>,
    base: Instant,
    report: TailReport,
    /// Dropped entries (timestamp, labels) not recovered yet.
    pending_dropped: HashMap<(i64, LabelSet), u32>,
    /// Live view paused: entries wait here.
    paused: Option<std::collections::VecDeque<TailEntry>>,
    keys: Option<tokio::sync::mpsc::UnboundedReceiver<interactive::Key>>,
}

fn ws_url(client: &Client, o: &TailOptions, start: i64) -> String {
    let url = client.url(
        "/loki/api/v1/tail",
        &[
            ("query", o.query.clone()),
            ("start", start.to_string()),
            ("limit", o.ws_limit.to_string()),
        ],
    );
    let s = url.to_string();
    if let Some(rest) = s.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = s.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        s
    }
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(client: &Client, o: &TailOptions, start: i64) -> std::result::Result<Ws, ConnectError> {
    let url = ws_url(client, o, start);
    let mut req = url
        .as_str()
        .into_client_request()
        .map_err(|e| ConnectError::Permanent(Error::usage(e)))?;
    let cfg = client.config();
    for (k, v) in &cfg.headers {
        if let (Ok(n), Ok(v)) = (
            tungstenite::http::HeaderName::from_bytes(k.as_bytes()),
            tungstenite::http::HeaderValue::from_str(v),
        ) {
            req.headers_mut().append(n, v);
        }
    }
    if let Some(a) = &cfg.auth {
        if let (Ok(n), Ok(v)) = (
            tungstenite::http::HeaderName::from_bytes(cfg.auth_header.as_bytes()),
            tungstenite::http::HeaderValue::from_str(a),
        ) {
            req.headers_mut().insert(n, v);
        }
    }
    if !cfg.quiet {
        eprintln!("{}", crate::client::mask_url_str(&url));
    }
    let connector = if url.starts_with("wss://") {
        Some(tokio_tungstenite::Connector::Rustls(Arc::new(
            crate::tls::client_config(cfg).map_err(ConnectError::Permanent)?,
        )))
    } else {
        None
    };
    let fut = tokio_tungstenite::connect_async_tls_with_config(req, None, false, connector);
    let res = match cfg.timeout {
        Some(t) => tokio::time::timeout(t, fut)
            .await
            .map_err(|_| ConnectError::Transient("timed out opening the tail".into()))?,
        None => fut.await,
    };
    match res {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::Error::Http(resp)) => {
            let status = resp.status().as_u16();
            let body = resp
                .body()
                .as_ref()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            let e = Error::Http { status, body };
            if (400..500).contains(&status) && status != 429 {
                Err(ConnectError::Permanent(e))
            } else {
                Err(ConnectError::Transient(e.to_string()))
            }
        }
        Err(e) => Err(ConnectError::Transient(format!("cannot open the tail: {e}"))),
    }
}

impl<'a, W: Write> Tail<'a, W> {
    fn now(&self) -> i64 {
        self.base.elapsed().as_nanos() as i64
    }

    fn intern(&mut self, ls: LabelSet) -> Arc<LabelSet> {
        if self.streams.len() > 10_000 {
            self.streams.clear();
        }
        if let Some((a, _)) = self.streams.get(&ls) {
            return a.clone();
        }
        let view = self.printer.view(&self.sel, &ls);
        let a = Arc::new(ls.clone());
        self.streams.insert(ls, (a.clone(), view));
        a
    }

    fn print(&mut self, e: &TailEntry) -> Result<()> {
        if let Some(q) = self.paused.as_mut() {
            q.push_back(e.clone());
            let n = q.len();
            if n == 1 || n % 100 == 0 {
                self.status(n);
            }
            return Ok(());
        }
        self.print_now(e)
    }

    fn status(&self, waiting: usize) {
        eprint!("\r\x1b[2K-- paused: {waiting} entries waiting (space resumes, c clears, q quits) --");
    }

    /// A key from the live view; true means quit.
    fn on_key(&mut self, k: interactive::Key) -> Result<bool> {
        match k {
            interactive::Key::Quit => return Ok(true),
            interactive::Key::Clear => {
                self.printer.raw(b"\x1b[2J\x1b[H")?;
                self.printer.flush()?;
            }
            interactive::Key::Pause => match self.paused.take() {
                Some(waiting) => {
                    eprint!("\r\x1b[2K");
                    for e in waiting {
                        self.print_now(&e)?;
                    }
                    self.printer.flush()?;
                }
                None => {
                    self.printer.flush()?;
                    self.paused = Some(Default::default());
                    self.status(0);
                }
            },
        }
        Ok(false)
    }

    fn print_now(&mut self, e: &TailEntry) -> Result<()> {
        match self.streams.get(&*e.labels) {
            Some((_, v)) => self.printer.entry(v, e.ts, &e.line)?,
            None => {
                let v = self.printer.view(&self.sel, &e.labels);
                self.printer.entry(&v, e.ts, &e.line)?;
            }
        }
        self.report.printed += 1;
        self.printer.observe(&e.labels, &e.line)
    }

    fn release_ready(&mut self) -> Result<()> {
        let now = self.now();
        while let Some(e) = self.seq.pop_ready(now) {
            self.print(&e)?;
        }
        Ok(())
    }

    fn flush_all(&mut self) -> Result<()> {
        if let Some(waiting) = self.paused.take() {
            eprint!("\r\x1b[2K");
            for e in waiting {
                self.print_now(&e)?;
            }
        }
        while let Some(e) = self.seq.pop() {
            self.print_now(&e)?;
        }
        self.printer.flush()?;
        Ok(())
    }

    /// Page through `[start, end)` with `query_range`, calling `f` with each
    /// entry in order. Seams dedupe on timestamp, labels and line.
    async fn page(
        &mut self,
        start: i64,
        end: i64,
        forward: bool,
        limit: u64,
        f: &mut dyn FnMut(&mut Self, TailEntry) -> Result<()>,
    ) -> Result<u64> {
        let mut start = start;
        let mut end = end;
        let mut got = 0u64;
        let mut seam: Vec<TailEntry> = Vec::new();
        loop {
            if start >= end {
                return Ok(got);
            }
            let want = if limit > 0 {
                (limit - got).min(self.o.batch)
            } else {
                self.o.batch
            };
            let req = want + seam.len() as u64;
            let params = vec![
                ("query", self.o.query.clone()),
                ("limit", req.to_string()),
                ("start", start.to_string()),
                ("end", end.to_string()),
                ("direction", if forward { "FORWARD" } else { "BACKWARD" }.to_string()),
            ];
            let body = self.client.get("/loki/api/v1/query_range", &params).await?;
            let resp = crate::query::parse_response(&body)?;
            if resp.data.result_type != "streams" {
                return Err(Error::usage("tail needs a log query, not a metric query"));
            }
            let streams = crate::query::parse_streams(resp.data.result)?;
            let mut page: Vec<TailEntry> = Vec::new();
            for s in streams {
                let labels = self.intern(s.stream);
                for v in s.values {
                    page.push(TailEntry {
                        ts: v.ts,
                        labels: labels.clone(),
                        line: Arc::from(v.line.as_ref()),
                    });
                }
            }
            if forward {
                page.sort_by_key(|e| e.ts);
            } else {
                page.sort_by_key(|e| std::cmp::Reverse(e.ts));
            }
            let returned = page.len() as u64;
            let last_ts = page.last().map(|e| e.ts);
            let new_seam: Vec<TailEntry> = match last_ts {
                Some(t) => page.iter().rev().take_while(|e| e.ts == t).cloned().collect(),
                None => vec![],
            };
            for e in page {
                if let Some(i) = seam.iter().position(|s| *s == e) {
                    seam.swap_remove(i);
                    continue;
                }
                if limit > 0 && got >= limit {
                    break;
                }
                got += 1;
                f(self, e)?;
            }
            if returned < req || (limit > 0 && got >= limit) {
                return Ok(got);
            }
            let t = last_ts.unwrap_or(start);
            if forward {
                start = t;
            } else {
                end = t + 1;
            }
            seam = new_seam;
        }
    }

    /// Print history before the handover: the newest `limit` entries (oldest
    /// first), or all of it.
    async fn history(&mut self, handover: i64) -> Result<()> {
        if self.o.history_limit == 0 {
            self.page(self.o.history_from, handover, true, 0, &mut |t, e| {
                if t.seq.mark_released(&e) {
                    t.print(&e)?;
                }
                Ok(())
            })
            .await?;
        } else {
            let mut newest = Vec::new();
            self.page(
                self.o.history_from,
                handover,
                false,
                self.o.history_limit,
                &mut |_, e| {
                    newest.push(e);
                    Ok(())
                },
            )
            .await?;
            for e in newest.into_iter().rev() {
                if self.seq.mark_released(&e) {
                    self.print(&e)?;
                }
            }
        }
        self.printer.flush()?;
        Ok(())
    }

    /// After a reconnect: everything from the last printed instant up to the
    /// new handover, merged in order with what the heap holds.
    async fn gap_fill(&mut self, from: i64, handover: i64) -> Result<()> {
        self.page(from, handover, true, 0, &mut |t, e| {
            while let Some(h) = t.seq.pop_before(e.ts) {
                t.print(&h)?;
            }
            if t.seq.mark_released(&e) {
                t.print(&e)?;
            }
            Ok(())
        })
        .await?;
        self.printer.flush()?;
        Ok(())
    }

    /// Fetch what Loki dropped and feed it through the heap.
    async fn backfill(&mut self, dropped: Vec<crate::model::DroppedEntry>) -> Result<()> {
        let (Some(lo), Some(hi)) = (
            dropped.iter().map(|d| d.timestamp).min(),
            dropped.iter().map(|d| d.timestamp).max(),
        ) else {
            return Ok(());
        };
        self.page(lo, hi + 1, true, 0, &mut |t, e| {
            let key = (e.ts, sequencer::identity_labels(&e.labels));
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

    fn on_frame(&mut self, text: &str) -> Result<Vec<crate::model::DroppedEntry>> {
        let frame: TailFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                if !self.o.quiet {
                    eprintln!("tail: skipping malformed frame: {e}");
                }
                return Ok(vec![]);
            }
        };
        let now = self.now();
        for s in frame.streams {
            let labels = self.intern(s.stream);
            for v in s.values {
                let e = TailEntry {
                    ts: v.ts,
                    labels: labels.clone(),
                    line: Arc::from(v.line.as_ref()),
                };
                if let Pushed::Late(e) = self.seq.push(e, now) {
                    self.print(&e)?;
                }
            }
        }
        let mut dropped = frame.dropped_entries;
        if !dropped.is_empty() {
            self.report.dropped += dropped.len() as u64;
            for d in &dropped {
                *self
                    .pending_dropped
                    .entry((d.timestamp, sequencer::identity_labels(&d.labels)))
                    .or_insert(0) += 1;
            }
            if !self.o.backfill {
                dropped.clear();
            }
        }
        Ok(dropped)
    }

    async fn session(&mut self, ws: &mut Ws, signals: &mut Signals) -> Result<End> {
        let mut last_seen = Instant::now();
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
                    if self.on_key(k)? {
                        let _ = ws.close(None).await;
                        return Ok(End::Interrupted);
                    }
                }
                msg = ws.next() => {
                    last_seen = Instant::now();
                    match msg {
                        Some(Ok(Message::Text(t))) => {
                            let dropped = self.on_frame(t.as_str())?;
                            if !dropped.is_empty() {
                                self.backfill(dropped).await?;
                                // frames and pings queued meanwhile are not silence
                                last_seen = Instant::now();
                            }
                            self.release_ready()?;
                            self.printer.flush()?;
                        }
                        Some(Ok(Message::Close(c))) => {
                            let (code, reason) = c.map(|c| (c.code, c.reason.to_string())).unwrap_or((CloseCode::Status, String::new()));
                            let max_dur = code == CloseCode::Error && reason.contains("max duration");
                            return Ok(End::Reconnect { wait: !max_dur, why: format!("server closed the tail ({}{}{})", u16::from(code), if reason.is_empty() { "" } else { ": " }, reason) });
                        }
                        Some(Ok(_)) => {}
                        Some(Err(e)) => return Ok(End::Reconnect { wait: true, why: format!("tail connection lost: {e}") }),
                        None => return Ok(End::Reconnect { wait: true, why: "tail connection closed".into() }),
                    }
                }
                _ = tokio::time::sleep_until(due.unwrap_or_else(|| Instant::now() + Duration::from_secs(3600))), if due.is_some() => {
                    self.release_ready()?;
                    self.printer.flush()?;
                }
                _ = tokio::time::sleep_until(silence_at) => {
                    return Ok(End::Reconnect { wait: true, why: format!("no frame or ping for {:?}", self.o.silence) });
                }
            }
        }
    }

    fn report_line(&self) -> String {
        let r = &self.report;
        let mut s = format!("tail: {} entries", r.printed);
        if r.late > 0 {
            s += &format!(", {} late (printed out of order)", r.late);
        }
        if r.duplicates > 0 {
            s += &format!(", {} duplicates suppressed", r.duplicates);
        }
        if r.dropped > 0 {
            s += &format!(", {} dropped by the server, {} recovered", r.dropped, r.recovered);
        }
        if r.reconnects > 0 {
            s += &format!(", {} reconnects", r.reconnects);
        }
        s
    }
}

/// Ctrl-C and SIGTERM as one stream. The handlers are installed once, at
/// creation, so a signal that arrives between two waits is not lost.
pub struct Signals {
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    pub fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Signals {
                int: signal(SignalKind::interrupt()).ok(),
                term: signal(SignalKind::terminate()).ok(),
            }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            async fn one(s: &mut Option<tokio::signal::unix::Signal>) {
                match s.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                _ = one(&mut self.int) => {}
                _ = one(&mut self.term) => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

impl Default for Signals {
    fn default() -> Self {
        Self::new()
    }
}

/// Run a tail until interrupted (exit 0), a permanent error, or
/// `--max-reconnects` is exhausted.
pub async fn run<W: Write>(client: &Arc<Client>, o: &TailOptions, printer: &mut Printer<W>) -> Result<TailReport> {
    let mut opts = printer.options().clone();
    // Like logcli's tail: full label sets, no padding.
    opts.include_common_labels = true;
    let sel = LabelSelector::new(&opts, std::iter::empty());
    printer.set_pad(0);
    let window = o.delay.saturating_add(2 * crate::time::NANOS_PER_SEC);
    let mut t = Tail {
        client,
        o,
        printer,
        seq: Sequencer::new(o.delay, window),
        sel,
        streams: HashMap::new(),
        base: Instant::now(),
        report: TailReport::default(),
        pending_dropped: HashMap::new(),
        paused: None,
        keys: None,
    };
    let _view = match interactive::start(o.interactive) {
        Some((guard, keys)) => {
            t.keys = Some(keys);
            Some(guard)
        }
        None => None,
    };
    let mut signals = Signals::new();
    let mut handover = crate::time::now_nanos();
    if !o.no_history {
        tokio::select! {
            r = t.history(handover) => r?,
            _ = signals.recv() => {
                t.printer.flush()?;
                return Ok(t.report);
            }
        }
    }
    let mut failures = 0u32;
    loop {
        let conn = tokio::select! {
            c = connect(client, o, handover) => c,
            _ = signals.recv() => {
                t.flush_all()?;
                break;
            }
        };
        let end = match conn {
            Ok(mut ws) => {
                let started = Instant::now();
                let end = t.session(&mut ws, &mut signals).await?;
                if started.elapsed() > Duration::from_secs(30) {
                    failures = 0;
                }
                end
            }
            Err(ConnectError::Permanent(e)) => {
                t.flush_all()?;
                return Err(e);
            }
            Err(ConnectError::Transient(why)) => End::Reconnect { wait: true, why },
        };
        match end {
            End::Interrupted => {
                t.flush_all()?;
                break;
            }
            End::Reconnect { mut wait, mut why } => loop {
                t.report.reconnects += 1;
                if wait {
                    failures += 1;
                }
                // Planned reconnects (Loki's max-duration close) do not count:
                // the bound is on failures in a row.
                if let Some(max) = o.max_reconnects {
                    if failures > max {
                        t.flush_all()?;
                        return Err(Error::Connection(format!("{why}; gave up after {max} reconnects")));
                    }
                }
                if wait {
                    let d = backoff_delay(
                        failures.saturating_sub(1),
                        Duration::from_millis(500),
                        Duration::from_secs(30),
                    );
                    if !o.quiet {
                        eprintln!("{why}; reconnecting in {:.1}s", d.as_secs_f64());
                    }
                    let interrupted = tokio::select! {
                        _ = tokio::time::sleep(d) => false,
                        _ = signals.recv() => true,
                    };
                    if interrupted {
                        t.flush_all()?;
                        return Ok(finish(t));
                    }
                }
                // Resume exactly after the last printed entry.
                let from = t.seq.last_released().unwrap_or(handover);
                let next = crate::time::now_nanos().max(from + 1);
                let filled = tokio::select! {
                    r = t.gap_fill(from, next) => r,
                    _ = signals.recv() => {
                        t.flush_all()?;
                        return Ok(finish(t));
                    }
                };
                match filled {
                    Ok(()) => {
                        handover = next;
                        break;
                    }
                    Err(Error::Connection(e)) => {
                        // the server is still away: wait and try again
                        wait = true;
                        why = e;
                    }
                    Err(Error::Http { status, body }) if status >= 500 || status == 429 => {
                        wait = true;
                        why = Error::Http { status, body }.to_string();
                    }
                    Err(e) => {
                        t.flush_all()?;
                        return Err(e);
                    }
                }
            },
        }
    }
    Ok(finish(t))
}

fn finish<W: Write>(mut t: Tail<'_, W>) -> TailReport {
    t.report.late = t.seq.counts.late;
    t.report.duplicates = t.seq.counts.duplicates;
    if !t.o.quiet {
        eprintln!("{}", t.report_line());
    }
    t.report
}

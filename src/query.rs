//! Range and instant queries: paging through results page by page, printing
//! each page while the next one is fetched, with exact dedupe at page seams.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::{LabelSet, QueryResponse, WireStream};
use crate::output::{go_indent_json, LabelSelector, Printer};
use crate::stats::Stats;

/// A log or metric range query.
#[derive(Debug, Clone)]
pub struct RangeQuery {
    pub query: String,
    /// Inclusive start, Unix ns.
    pub start: i64,
    /// Exclusive end, Unix ns.
    pub end: i64,
    /// Entries to print; 0 = all.
    pub limit: u64,
    pub batch: u64,
    pub forward: bool,
    pub step: Option<String>,
    pub interval: Option<String>,
}

/// What a query run did, for exit conditions and summaries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub entries: u64,
    pub pages: u64,
}

fn direction(forward: bool) -> &'static str {
    if forward {
        "FORWARD"
    } else {
        "BACKWARD"
    }
}

impl RangeQuery {
    fn params(&self, start: i64, end: i64, limit: u64) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("query", self.query.clone()),
            ("limit", limit.to_string()),
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("direction", direction(self.forward).to_string()),
        ];
        if let Some(s) = &self.step {
            p.push(("step", s.clone()));
        }
        if let Some(i) = &self.interval {
            p.push(("interval", i.clone()));
        }
        p
    }
}

/// Entries already printed at the timestamp where the previous page ended.
/// The next page starts (forward) or ends (backward) at that same instant, so
/// these come again and must be skipped. Identity: timestamp, labels, line.
#[derive(Default)]
struct Seam {
    ts: i64,
    seen: HashMap<(LabelSet, String), u32>,
    count: u64,
}

impl Seam {
    fn take(&mut self, ts: i64, labels: &LabelSet, line: &str) -> bool {
        if ts != self.ts || self.seen.is_empty() {
            return false;
        }
        // Avoid allocating a key for the common case: look up by borrowed parts.
        let key = (labels.clone(), line.to_string());
        match self.seen.get_mut(&key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
}

type Fetch = tokio::task::JoinHandle<Result<bytes::Bytes>>;

fn spawn_fetch(client: &Arc<Client>, params: Vec<(&'static str, String)>) -> Fetch {
    let client = Arc::clone(client);
    tokio::spawn(async move { client.get("/loki/api/v1/query_range", &params).await })
}

async fn join(f: Fetch) -> Result<bytes::Bytes> {
    f.await
        .map_err(|e| Error::Protocol(format!("request task failed: {e}")))?
}

pub fn parse_response(body: &[u8]) -> Result<QueryResponse<'_>> {
    serde_json::from_slice(body).map_err(|e| Error::Protocol(format!("cannot decode query response: {e}")))
}

pub fn parse_streams<'a>(raw: &'a serde_json::value::RawValue) -> Result<Vec<WireStream<'a>>> {
    serde_json::from_str(raw.get()).map_err(|e| Error::Protocol(format!("cannot decode streams: {e}")))
}

/// Print a metric result (matrix, vector, scalar) as logcli does: indented
/// JSON of the result, no trailing newline.
pub fn print_metric<W: Write>(raw: &serde_json::value::RawValue, printer: &mut Printer<W>) -> Result<()> {
    let v: serde_json::Value =
        serde_json::from_str(raw.get()).map_err(|e| Error::Protocol(format!("cannot decode result: {e}")))?;
    let mut out = Vec::new();
    go_indent_json(&v, &mut out);
    printer.raw(&out)?;
    printer.flush()?;
    Ok(())
}

/// Sorted order of the entries of one page: (timestamp, stream, index).
fn page_order(streams: &[WireStream<'_>], forward: bool) -> Vec<(i64, u32, u32)> {
    let n: usize = streams.iter().map(|s| s.values.len()).sum();
    let mut order = Vec::with_capacity(n);
    for (si, s) in streams.iter().enumerate() {
        for (vi, v) in s.values.iter().enumerate() {
            order.push((v.ts, si as u32, vi as u32));
        }
    }
    if forward {
        order.sort_unstable();
    } else {
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    }
    order
}

/// Announce common labels once, as logcli does, unless quiet.
pub fn announce_labels(sel: &LabelSelector, opts: &crate::output::OutputOptions, quiet: bool) {
    if quiet {
        return;
    }
    if !sel.common().is_empty() {
        eprintln!("Common labels: {}", sel.common());
    }
    if !opts.exclude_labels.is_empty() {
        eprintln!("Ignoring labels key: {}", opts.exclude_labels.join(","));
    }
    if !opts.include_labels.is_empty() {
        eprintln!("Print only labels key: {}", opts.include_labels.join(","));
    }
}

/// Run a range query to completion, printing as pages arrive.
pub async fn run_range<W: Write>(
    client: &Arc<Client>,
    q: &RangeQuery,
    printer: &mut Printer<W>,
    stats: &mut Option<Stats>,
    quiet: bool,
) -> Result<Outcome> {
    let mut out = Outcome::default();
    let batch = if q.limit > 0 { q.batch.min(q.limit) } else { q.batch }.max(1);
    let mut start = q.start;
    let mut end = q.end;
    let mut seam = Seam::default();
    let mut selector: Option<LabelSelector> = None;
    let mut requested = batch;
    let mut pending = Some(spawn_fetch(client, q.params(start, end, requested)));
    let mut progress = crate::progress::Progress::new(quiet);

    while let Some(fetch) = pending.take() {
        let body = join(fetch).await?;
        out.pages += 1;
        let resp = parse_response(&body)?;
        if let (Some(st), Some(raw)) = (stats.as_mut(), resp.data.stats) {
            st.add(raw);
        }
        if resp.data.result_type != "streams" {
            print_metric(resp.data.result, printer)?;
            break;
        }
        let streams = parse_streams(resp.data.result)?;
        let mut order = page_order(&streams, q.forward);
        if selector.is_none() {
            let sel = LabelSelector::new(printer.options(), streams.iter().map(|s| &s.stream));
            announce_labels(&sel, printer.options(), quiet);
            selector = Some(sel);
        }
        let sel = selector.as_ref().expect("set above");

        // The seam of this page: every entry at its last timestamp.
        let returned = order.len() as u64;
        let mut new_seam = Seam::default();
        if let Some(&(last_ts, _, _)) = order.last() {
            new_seam.ts = last_ts;
            for &(_, si, vi) in order.iter().rev().take_while(|e| e.0 == last_ts) {
                let s = &streams[si as usize];
                let key = (s.stream.clone(), s.values[vi as usize].line.to_string());
                *new_seam.seen.entry(key).or_insert(0) += 1;
                new_seam.count += 1;
            }
        }
        // Drop what the previous page already printed, then cap at the limit.
        order.retain(|&(ts, si, vi)| {
            let s = &streams[si as usize];
            !seam.take(ts, &s.stream, &s.values[vi as usize].line)
        });
        let fresh = order.len() as u64;
        if q.limit > 0 {
            order.truncate((q.limit - out.entries) as usize);
        }

        // Plan the next page before printing this one, so it is fetched meanwhile.
        let after = out.entries + order.len() as u64;
        let full = returned >= requested;
        if full && returned > 0 && (q.limit == 0 || after < q.limit) {
            if fresh == 0 {
                return Err(Error::Protocol(
                    "server returned the same page twice; stopping to avoid a loop".into(),
                ));
            }
            let remaining = if q.limit == 0 {
                batch
            } else {
                (q.limit - after).min(batch)
            };
            requested = remaining + new_seam.count;
            if q.forward {
                start = new_seam.ts;
            } else {
                end = new_seam.ts.saturating_add(1);
            }
            pending = Some(spawn_fetch(client, q.params(start, end, requested)));
        }

        let views = printer.prepare(sel, streams.iter().map(|s| &s.stream));
        for &(ts, si, vi) in &order {
            let s = &streams[si as usize];
            let line = &s.values[vi as usize].line;
            printer.entry(&views[si as usize], ts, line)?;
            if let Err(e) = printer.observe(&s.stream, line) {
                if let Some(p) = pending.take() {
                    p.abort();
                }
                return Err(e);
            }
        }
        out.entries = after;
        printer.flush()?;
        let span = (q.end - q.start).max(1) as f64;
        let covered = if q.forward {
            new_seam.ts - q.start
        } else {
            q.end - new_seam.ts
        };
        progress.update(out.entries, covered as f64 / span, "entries");
        if returned > 0 {
            seam = new_seam;
        }
    }
    Ok(out)
}

/// An instant query.
#[derive(Debug, Clone)]
pub struct InstantQuery {
    pub query: String,
    pub time: i64,
    pub limit: u64,
    pub forward: bool,
}

/// Instant query: one request to `/loki/api/v1/query`.
pub async fn run_instant<W: Write>(
    client: &Arc<Client>,
    q: &InstantQuery,
    printer: &mut Printer<W>,
    stats: &mut Option<Stats>,
    quiet: bool,
) -> Result<Outcome> {
    let forward = q.forward;
    let params = vec![
        ("query", q.query.clone()),
        ("limit", q.limit.to_string()),
        ("time", q.time.to_string()),
        ("direction", direction(forward).to_string()),
    ];
    let body = client.get("/loki/api/v1/query", &params).await?;
    let resp = parse_response(&body)?;
    if let (Some(st), Some(raw)) = (stats.as_mut(), resp.data.stats) {
        st.add(raw);
    }
    let mut out = Outcome { entries: 0, pages: 1 };
    if resp.data.result_type != "streams" {
        print_metric(resp.data.result, printer)?;
        return Ok(out);
    }
    let streams = parse_streams(resp.data.result)?;
    let sel = LabelSelector::new(printer.options(), streams.iter().map(|s| &s.stream));
    announce_labels(&sel, printer.options(), quiet);
    let views = printer.prepare(&sel, streams.iter().map(|s| &s.stream));
    for (ts, si, vi) in page_order(&streams, forward) {
        let s = &streams[si as usize];
        printer.entry(&views[si as usize], ts, &s.values[vi as usize].line)?;
        printer.observe(&s.stream, &s.values[vi as usize].line)?;
        out.entries += 1;
    }
    printer.flush()?;
    Ok(out)
}

//! The one pager: a `query_range` answer page by page, with the seam rule,
//! the limit, and the next page fetched while the current one is used.
//!
//! Seam rule: a page that comes back full ends at some timestamp T with
//! possibly more entries at T still to come, so the next page starts
//! (forward) or ends (backward) at T again and asks for as many more
//! entries as were seen at T. The entries at T that the previous page
//! already gave are skipped, identified by timestamp, full label set and
//! line, counted as a multiset (identical entries in one stream are kept).
//!
//! Loki v3.7.6 leaves out a flushed chunk whose last entry lies exactly on
//! the request's `start` when that is a whole millisecond (measured against
//! the real server: the entry is back with `start` one nanosecond earlier).
//! So a log request never starts on a whole millisecond: it starts 1 ns
//! before, and what that nanosecond brings is dropped (below the range) or
//! skipped (already delivered: forward seams cover `T - 1 ns` too).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::value::RawValue;

use crate::core::wire::{parse_response, parse_streams, WireStream};
use crate::core::{Error, LabelSet, Result, Sink};
use crate::net::{api, Transport};

/// A log or metric range query.
#[derive(Debug, Clone)]
pub struct PageQuery {
    pub query: String,
    /// Inclusive start, Unix ns.
    pub start: i64,
    /// Exclusive end, Unix ns.
    pub end: i64,
    /// Entries to deliver; 0 = all.
    pub limit: u64,
    /// Entries per request.
    pub batch: u64,
    pub forward: bool,
    pub step: Option<String>,
    pub interval: Option<String>,
}

impl PageQuery {
    /// All entries of `[start, end)`, oldest first, in pages of `batch`.
    pub fn forward_all(query: &str, start: i64, end: i64, batch: u64) -> Self {
        PageQuery {
            query: query.to_string(),
            start,
            end,
            limit: 0,
            batch,
            forward: true,
            step: None,
            interval: None,
        }
    }

    /// The start of every backward request and of the first one: 1 ns
    /// early for a log query on a whole millisecond (see above); a metric
    /// query's steps are left where they are.
    fn first_start(&self) -> i64 {
        let log = crate::logql::parse(&self.query).is_ok_and(|e| e.is_log());
        if log {
            wire_start(self.start)
        } else {
            self.start
        }
    }

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

pub(super) fn direction(forward: bool) -> &'static str {
    if forward {
        "FORWARD"
    } else {
        "BACKWARD"
    }
}

/// One page of log entries, in the query's direction, seam duplicates and
/// entries past the limit removed.
pub struct Page<'a> {
    pub streams: &'a [WireStream<'a>],
    order: Vec<(i64, u32, u32)>,
    /// The part of the range covered so far (0..=1), for progress lines.
    pub covered: f64,
    /// The answer's `stats` object (`--stats`).
    pub stats: Option<&'a RawValue>,
}

impl<'a> Page<'a> {
    /// (stream index, timestamp, line) in order.
    pub fn entries(&self) -> impl Iterator<Item = (usize, i64, &'a str)> + '_ {
        let streams = self.streams;
        self.order
            .iter()
            .map(move |&(ts, si, vi)| (si as usize, ts, streams[si as usize].values[vi as usize].line.as_ref()))
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The label sets of the page's streams, by index.
    pub fn labels(&self) -> Vec<&'a LabelSet> {
        self.streams.iter().map(|s| &s.stream).collect()
    }
}

/// What one answer holds.
pub enum Answer<'a> {
    Streams(Page<'a>),
    /// A metric result (matrix, vector, scalar), as the server sent it.
    Metric {
        result: &'a RawValue,
        stats: Option<&'a RawValue>,
    },
}

/// What a run delivered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub entries: u64,
    pub pages: u64,
}

/// Where a log request may start: never on a whole millisecond (see above).
fn wire_start(start: i64) -> i64 {
    if start % 1_000_000 == 0 {
        start.saturating_sub(1)
    } else {
        start
    }
}

/// Entries already delivered at the end of the previous page: those at its
/// last timestamp, and (forward) at the nanosecond before it, which the
/// next request's start covers again.
#[derive(Default)]
struct Seam {
    ts: i64,
    seen: HashMap<(i64, LabelSet, String), u32>,
    count: u64,
}

impl Seam {
    /// The seam of a page: every entry at its last timestamp (and the one before, forward).
    fn of(streams: &[WireStream<'_>], order: &[(i64, u32, u32)], forward: bool) -> Seam {
        let mut s = Seam::default();
        if let Some(&(last, _, _)) = order.last() {
            s.ts = last;
            let low = if forward { wire_start(last) } else { last };
            for &(ts, si, vi) in order.iter().rev().take_while(|e| e.0 >= low && e.0 <= last) {
                let st = &streams[si as usize];
                let key = (ts, st.stream.clone(), st.values[vi as usize].line.to_string());
                *s.seen.entry(key).or_insert(0) += 1;
                s.count += 1;
            }
        }
        s
    }

    /// Was this entry delivered by the previous page? (consumes one copy)
    fn take(&mut self, ts: i64, labels: &LabelSet, line: &str) -> bool {
        if self.seen.is_empty() {
            return false;
        }
        match self.seen.get_mut(&(ts, labels.clone(), line.to_string())) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
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

type Fetch = tokio::task::JoinHandle<Result<bytes::Bytes>>;

fn spawn_fetch(t: &Arc<Transport>, params: Vec<(&'static str, String)>) -> Fetch {
    let t = Arc::clone(t);
    tokio::spawn(async move { t.get(api::QUERY_RANGE, &params).await })
}

async fn join(f: Fetch) -> Result<bytes::Bytes> {
    f.await
        .map_err(|e| Error::Protocol(format!("request task failed: {e}")))?
}

/// Where the next page of a full page starts or ends, and how many entries
/// to ask for; None when the range is exhausted or the limit reached.
/// `start` is where every backward request starts (`first_start`).
fn next_request(q: &PageQuery, start: i64, delivered: u64, seam: &Seam, batch: u64) -> Option<(i64, i64, u64)> {
    if q.limit > 0 && delivered >= q.limit {
        return None;
    }
    let remaining = if q.limit == 0 {
        batch
    } else {
        (q.limit - delivered).min(batch)
    };
    let want = remaining + seam.count;
    Some(if q.forward {
        (wire_start(seam.ts), q.end, want)
    } else {
        (start, seam.ts.saturating_add(1), want)
    })
}

/// Run a range query to completion, handing each answer to `on` while the
/// next page is fetched. An error from `on` stops the run (and the fetch).
pub async fn pages<F>(t: &Arc<Transport>, q: &PageQuery, mut on: F) -> Result<Outcome>
where
    F: FnMut(Answer<'_>) -> Result<()>,
{
    let mut out = Outcome::default();
    let batch = if q.limit > 0 { q.batch.min(q.limit) } else { q.batch }.max(1);
    let mut seam = Seam::default();
    let mut requested = batch;
    // parsed once: whether the query is a log query decides the start
    let first = q.first_start();
    let mut pending = Some(spawn_fetch(t, q.params(first, q.end, requested)));
    while let Some(fetch) = pending.take() {
        let body = join(fetch).await?;
        out.pages += 1;
        let resp = parse_response(&body)?;
        if resp.data.result_type != "streams" {
            on(Answer::Metric {
                result: resp.data.result,
                stats: resp.data.stats,
            })?;
            break;
        }
        let streams = parse_streams(resp.data.result)?;
        let mut order = page_order(&streams, q.forward);
        let returned = order.len() as u64;
        let new_seam = Seam::of(&streams, &order, q.forward);
        order.retain(|&(ts, si, vi)| {
            let s = &streams[si as usize];
            !seam.take(ts, &s.stream, &s.values[vi as usize].line)
        });
        let fresh = order.len() as u64;
        let inside = order.iter().filter(|e| e.0 >= q.start).count();
        // Backward, an entry from before the range means the range is done.
        let below = (order.len() - inside) as u64;
        order.retain(|e| e.0 >= q.start);
        if q.limit > 0 {
            order.truncate((q.limit - out.entries) as usize);
        }
        out.entries += order.len() as u64;
        // Plan the next page before handing this one out, so it is fetched meanwhile.
        if returned >= requested && returned > 0 && (q.forward || below == 0) {
            if let Some((start, end, want)) = next_request(q, first, out.entries, &new_seam, batch) {
                if fresh == 0 {
                    return Err(Error::Protocol(
                        "server returned the same page twice; stopping to avoid a loop".into(),
                    ));
                }
                requested = want;
                pending = Some(spawn_fetch(t, q.params(start, end, want)));
            }
        }
        let span = (q.end - q.start).max(1) as f64;
        let covered = if q.forward {
            (new_seam.ts - q.start).max(0)
        } else {
            q.end - new_seam.ts
        };
        let page = Page {
            streams: &streams,
            order,
            covered: covered as f64 / span,
            stats: resp.data.stats,
        };
        if let Err(e) = on(Answer::Streams(page)) {
            if let Some(p) = pending.take() {
                p.abort();
            }
            return Err(e);
        }
        if returned > 0 {
            seam = new_seam;
        }
    }
    Ok(out)
}

/// Hand a page to a sink: its streams, then its entries, then a flush.
pub fn feed(sink: &mut dyn Sink, page: &Page<'_>) -> Result<()> {
    sink.page(&page.labels())?;
    for (si, ts, line) in page.entries() {
        sink.entry(si, page.streams[si].stream.pairs(), ts, line)?;
    }
    sink.flush()
}

/// An instant query: one request to `/loki/api/v1/query`.
#[derive(Debug, Clone)]
pub struct InstantQuery {
    pub query: String,
    pub time: i64,
    pub limit: u64,
    pub forward: bool,
}

/// Run an instant query; a log answer comes as one page in the direction asked.
pub async fn instant<F>(t: &Transport, q: &InstantQuery, mut on: F) -> Result<()>
where
    F: FnMut(Answer<'_>) -> Result<()>,
{
    let params = vec![
        ("query", q.query.clone()),
        ("limit", q.limit.to_string()),
        ("time", q.time.to_string()),
        ("direction", direction(q.forward).to_string()),
    ];
    let body = t.get(api::QUERY, &params).await?;
    let resp = parse_response(&body)?;
    if resp.data.result_type != "streams" {
        return on(Answer::Metric {
            result: resp.data.result,
            stats: resp.data.stats,
        });
    }
    let streams = parse_streams(resp.data.result)?;
    let order = page_order(&streams, q.forward);
    on(Answer::Streams(Page {
        streams: &streams,
        order,
        covered: 1.0,
        stats: resp.data.stats,
    }))
}

//! `tail --file` / `tail --stdin`: the LogQL pipeline over files followed
//! like `tail -F` and over a pipe until it closes. Each file's lines carry
//! a `filename` label; the newest entries of the files come first (merged
//! in time order), then what is appended, held `--delay-for` in a heap so
//! several files come out in time order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::PathBuf;

use tokio::sync::mpsc::{self, UnboundedReceiver};

use super::follow::{self, Feed, Start};
use super::history;
use super::reader::{self, lines, Input};
use super::{normalize, TsExtractor};
use crate::core::time::now_nanos;
use crate::core::{Control, Error, Result, Signals, Sink};
use crate::logql::ast::LogExpr;
use crate::logql::eval::{Labels, LocalQuery};

/// A local follow, resolved from flags.
pub struct FollowSpec {
    pub expr: LogExpr,
    pub inputs: Vec<Input>,
    /// `--stdin-labels`, on every line.
    pub labels: Labels,
    pub timestamp: Option<TsExtractor>,
    /// Newest entries of the files shown first; 0 = the whole files.
    pub limit: u64,
    pub no_history: bool,
    /// History older than this is left out (needs `--stdin-timestamp`).
    pub since: Option<i64>,
    /// `--delay-for` in nanoseconds.
    pub delay: i64,
    pub max_line: usize,
}

/// One evaluated entry.
struct Entry {
    ts: i64,
    labels: Labels,
    line: String,
}

/// The pipeline and the labels of each input.
struct Eval<'a> {
    q: LocalQuery,
    spec: &'a FollowSpec,
    base: Vec<Labels>,
    line: String,
    labels: Labels,
}

impl Eval<'_> {
    /// Run one raw line through the pipeline; its time, if it passes.
    fn line(&mut self, input: usize, raw: &[u8], now: i64) -> Option<i64> {
        self.line.clear();
        self.line.push_str(&String::from_utf8_lossy(raw));
        let ts = self
            .spec
            .timestamp
            .as_ref()
            .and_then(|x| x.get(&self.line, now))
            .unwrap_or(now);
        self.labels.clear();
        self.labels.extend(self.base[input].iter().cloned());
        if !self.q.process(ts, &mut self.line, &mut self.labels) {
            return None;
        }
        normalize(&mut self.labels);
        Some(ts)
    }

    fn entry(&self, ts: i64) -> Entry {
        Entry {
            ts,
            labels: self.labels.clone(),
            line: self.line.clone(),
        }
    }
}

/// Held entries, released in time order once they have waited the delay.
#[derive(Default)]
struct Reorder {
    heap: BinaryHeap<Reverse<(i64, u64)>>,
    held: std::collections::HashMap<u64, (i64, Entry)>,
    seq: u64,
    last: i64,
    late: u64,
}

impl Reorder {
    fn push(&mut self, e: Entry, due: i64) {
        self.seq += 1;
        self.heap.push(Reverse((e.ts, self.seq)));
        self.held.insert(self.seq, (due, e));
    }

    /// The next entry whose wait is over (all of them with `all`).
    fn pop(&mut self, now: i64, all: bool) -> Option<Entry> {
        let Reverse((_, seq)) = *self.heap.peek()?;
        if !all && self.held[&seq].0 > now {
            return None;
        }
        self.heap.pop();
        let (_, e) = self.held.remove(&seq)?;
        if e.ts < self.last {
            self.late += 1;
        }
        self.last = self.last.max(e.ts);
        Some(e)
    }

    fn next_due(&self) -> Option<i64> {
        let Reverse((_, seq)) = self.heap.peek()?;
        Some(self.held[seq].0)
    }
}

fn write(sink: &mut dyn Sink, e: &Entry) -> Result<()> {
    let i = sink.stream(&e.labels);
    sink.entry(i, &e.labels, e.ts, &e.line)
}

/// What a follow did: entries written, and whether its inputs ended by
/// themselves (a closed pipe) rather than by a signal or a key.
pub struct Followed {
    pub written: u64,
    pub ended: bool,
}

/// Follow until the inputs end (a closed pipe), a signal, or the sink stops.
pub async fn run(
    spec: &FollowSpec,
    sink: &mut dyn Sink,
    note: &mut dyn FnMut(String),
    mut keys: Option<UnboundedReceiver<Control>>,
) -> Result<Followed> {
    let q = LocalQuery::compile(&spec.expr).map_err(Error::usage)?;
    let base: Vec<Labels> = spec
        .inputs
        .iter()
        .map(|i| {
            let mut l = spec.labels.clone();
            if let Input::File(p) = i {
                l.push(("filename".into(), p.display().to_string()));
            }
            normalize(&mut l);
            l
        })
        .collect();
    let wanted = wanted(&q, &base)?;
    let mut ev = Eval {
        q,
        spec,
        base,
        line: String::new(),
        labels: Vec::new(),
    };
    let (files, history_entries, stdin) = prepare(spec, &mut ev, &wanted, note)?;
    let mut written = history(spec, history_entries, sink)?;
    let mut file_rx = (!files.is_empty()).then(|| follow::spawn(files, spec.max_line));
    let mut stdin_rx = stdin.then(|| reader::spawn(vec![Input::Stdin], spec.max_line));
    let stdin_index = spec.inputs.iter().position(|i| *i == Input::Stdin).unwrap_or(0);
    let mut held = Reorder::default();
    let mut signals = Signals::new();
    let mut ended = true;
    while file_rx.is_some() || stdin_rx.is_some() {
        let due = held.next_due();
        let wait = due.map(|d| std::time::Duration::from_nanos((d - now_nanos()).max(0) as u64));
        tokio::select! {
            _ = signals.recv() => {
                ended = false;
                break;
            }
            Some(k) = recv_keys(&mut keys) => if sink.control(k)? {
                ended = false;
                break;
            },
            _ = tokio::time::sleep(wait.unwrap_or_default()), if wait.is_some() => {}
            b = recv_opt(&mut stdin_rx) => match b {
                Some(Ok(block)) => written += take(&mut ev, &mut held, sink, stdin_index, &block)?,
                Some(Err(e)) => return Err(e),
                None => stdin_rx = None,
            },
            f = recv_opt(&mut file_rx) => match f {
                Some(Feed::Lines { input, block }) => written += take(&mut ev, &mut held, sink, input, &block)?,
                Some(Feed::Note(n)) => note(n),
                None => file_rx = None,
            },
        }
        let now = now_nanos();
        while let Some(e) = held.pop(now, false) {
            write(sink, &e)?;
            written += 1;
        }
        // a quiet moment: show what there is (a pipe gets it too)
        if stdin_rx.as_ref().is_none_or(|r| r.is_empty()) && file_rx.as_ref().is_none_or(|r| r.is_empty()) {
            sink.flush()?;
        }
    }
    written += finish(&mut held, sink, note)?;
    Ok(Followed { written, ended })
}

/// Which inputs the selector takes; none is a usage error naming their labels.
fn wanted(q: &LocalQuery, base: &[Labels]) -> Result<Vec<bool>> {
    // the selector picks among labelled inputs; unlabelled input (a pipe
    // without --stdin-labels) is not filtered by it, as with `query --stdin`
    let wanted: Vec<bool> = base.iter().map(|b| b.is_empty() || q.selector_matches(b)).collect();
    if wanted.iter().any(|&w| w) {
        return Ok(wanted);
    }
    let labels: Vec<String> = base
        .iter()
        .map(|b| crate::core::LabelSet::from_sorted(b.clone()).to_go_string())
        .collect();
    Err(Error::usage(format!(
        "the selector matches none of the inputs; their labels are {}",
        labels.join(", ")
    )))
}

/// The files to follow (with where to start), their newest entries, and
/// whether stdin is followed.
type Prepared = (Vec<(usize, PathBuf, Option<Start>)>, Vec<Entry>, bool);

fn prepare(spec: &FollowSpec, ev: &mut Eval<'_>, wanted: &[bool], note: &mut dyn FnMut(String)) -> Result<Prepared> {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    let mut stdin = false;
    for (i, input) in spec.inputs.iter().enumerate() {
        match input {
            Input::File(p) if wanted[i] => {
                if p.is_dir() {
                    return Err(Error::usage(format!("--file {}: is a directory", p.display())));
                }
                if !p.exists() {
                    note(format!("{}: does not exist yet; waiting for it", p.display()));
                }
                let start = start_of(spec, ev, i, p, &mut entries)?;
                files.push((i, p.clone(), start));
            }
            Input::Stdin if wanted[i] => stdin = true,
            _ => {}
        }
    }
    Ok((files, entries, stdin))
}

/// Out with what the heap still holds; say how many came late.
fn finish(held: &mut Reorder, sink: &mut dyn Sink, note: &mut dyn FnMut(String)) -> Result<u64> {
    let mut n = 0;
    while let Some(e) = held.pop(0, true) {
        write(sink, &e)?;
        n += 1;
    }
    sink.flush()?;
    if held.late > 0 {
        note(format!(
            "{} entries came later than --delay-for and were printed out of order",
            held.late
        ));
    }
    Ok(n)
}

async fn recv_keys(rx: &mut Option<UnboundedReceiver<Control>>) -> Option<Control> {
    match rx {
        Some(r) => r.recv().await,
        None => std::future::pending().await,
    }
}

async fn recv_opt<T>(rx: &mut Option<mpsc::Receiver<T>>) -> Option<T> {
    match rx {
        Some(r) => r.recv().await,
        None => std::future::pending().await,
    }
}

/// Evaluate a block of lines from one input; entries out now or held.
fn take(ev: &mut Eval<'_>, held: &mut Reorder, sink: &mut dyn Sink, input: usize, block: &[u8]) -> Result<u64> {
    let mut n = 0;
    let delay = ev.spec.delay;
    for raw in lines(block) {
        let now = now_nanos();
        let Some(ts) = ev.line(input, raw, now) else { continue };
        if delay > 0 {
            held.push(ev.entry(ts), now + delay);
            continue;
        }
        let i = sink.stream(&ev.labels);
        sink.entry(i, &ev.labels, ts, &ev.line)?;
        n += 1;
    }
    Ok(n)
}

/// Where to start following a file that exists, collecting its newest
/// entries on the way (all of it is followed from the start with limit 0).
fn start_of(
    spec: &FollowSpec,
    ev: &mut Eval<'_>,
    input: usize,
    path: &std::path::Path,
    out: &mut Vec<Entry>,
) -> Result<Option<Start>> {
    let Some(mut start) = follow::probe(path) else {
        return Ok(None);
    };
    // an unterminated last line is being written: it is read when complete
    let end = history::line_start(&mut start.file, start.offset)?;
    if spec.no_history {
        start.offset = end;
        return Ok(Some(start));
    }
    if spec.limit == 0 && spec.since.is_none() {
        start.offset = 0;
        return Ok(Some(start));
    }
    let limit = if spec.limit == 0 { u64::MAX } else { spec.limit } as usize;
    let mut found: Vec<Entry> = Vec::new();
    let now = now_nanos();
    history::backwards(&mut start.file, end, spec.max_line, |block| {
        let mut seg = Vec::new();
        let mut older = false;
        for raw in lines(block) {
            if let Some(ts) = ev.line(input, raw, now) {
                if spec.since.is_some_and(|s| ts < s) {
                    older = true;
                    continue;
                }
                seg.push(ev.entry(ts));
            }
        }
        seg.append(&mut found);
        found = seg;
        Ok(found.len() < limit && !older)
    })?;
    let skip = found.len().saturating_sub(limit);
    out.extend(found.into_iter().skip(skip));
    start.offset = end;
    Ok(Some(start))
}

/// The files' newest entries together, in time order, `--limit` of them.
fn history(spec: &FollowSpec, mut entries: Vec<Entry>, sink: &mut dyn Sink) -> Result<u64> {
    entries.sort_by_key(|e| e.ts);
    let skip = match spec.limit {
        0 => 0,
        l => entries.len().saturating_sub(l as usize),
    };
    let mut n = 0;
    for e in &entries[skip..] {
        write(sink, e)?;
        n += 1;
    }
    sink.flush()?;
    Ok(n)
}

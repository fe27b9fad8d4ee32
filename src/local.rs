//! `--stdin` / `--file`: evaluate a log query locally, streaming line by line
//! with constant memory, through the same formatters as server results.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use regex::Regex;

use crate::cli::LocalArgs;
use crate::error::{Error, Result};
use crate::logql::ast::{LogExpr, MatchOp};
use crate::logql::eval::{Labels, LocalQuery};
use crate::model::LabelSet;
use crate::output::{LabelSelector, Printer, StreamView};

/// Parse `job="x",app="y"` (braces optional) into labels.
pub fn parse_stdin_labels(s: &str) -> Result<Labels> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(Vec::new());
    }
    let sel = if t.starts_with('{') {
        t.to_string()
    } else {
        format!("{{{t}}}")
    };
    let bad = |m: String| Error::usage(format!("--stdin-labels: {m}"));
    match crate::logql::parse(&sel).map_err(|e| bad(e.message(&sel)))? {
        crate::logql::Expr::Log(l) if l.stages.is_empty() => l
            .matchers
            .into_iter()
            .map(|m| {
                if m.op == MatchOp::Eq {
                    Ok((m.name, m.value))
                } else {
                    Err(bad(format!(
                        "only name=\"value\" pairs are allowed, not {}",
                        m.op.as_str()
                    )))
                }
            })
            .collect(),
        _ => Err(bad("expected name=\"value\" pairs".into())),
    }
}

/// Extracts a line's timestamp with a regex (first group, else whole match).
/// Takes each line's timestamp: a regex (first group, else the whole match,
/// parsed like --from), or a strftime FORMAT (contains `%`) that the line
/// starts with.
enum TsExtractor {
    Regex(Regex, crate::time::Zone),
    Format(String, crate::time::Zone),
}

impl TsExtractor {
    fn new(spec: &str, zone: crate::time::Zone) -> Result<TsExtractor> {
        if spec.contains('%') {
            return Ok(TsExtractor::Format(spec.to_string(), zone));
        }
        Regex::new(spec)
            .map(|r| TsExtractor::Regex(r, zone))
            .map_err(|e| Error::usage(format!("--stdin-timestamp: {e}")))
    }

    fn get(&self, line: &str, now: i64) -> Option<i64> {
        match self {
            TsExtractor::Regex(re, zone) => {
                let c = re.captures(line)?;
                let m = c.get(1).or_else(|| c.get(0))?;
                crate::time::parse_time(m.as_str(), now, *zone).ok()
            }
            TsExtractor::Format(fmt, zone) => {
                if let Ok((dt, _)) = chrono::DateTime::parse_and_remainder(line, fmt) {
                    return dt.timestamp_nanos_opt();
                }
                let (naive, _) = chrono::NaiveDateTime::parse_and_remainder(line, fmt).ok()?;
                zone.local_to_nanos(naive)
            }
        }
    }
}

pub struct LocalRun<'a> {
    pub expr: &'a LogExpr,
    pub args: &'a LocalArgs,
    pub use_stdin: bool,
    /// Most entries to print; None = all.
    pub limit: Option<u64>,
    /// Flush after every entry (a watcher waits on the output).
    pub flush_each: bool,
}

/// Evaluate and print; returns the number of entries printed.
pub fn run<W: Write>(r: &LocalRun<'_>, printer: &mut Printer<W>) -> Result<u64> {
    let q = LocalQuery::compile(r.expr).map_err(Error::usage)?;
    let base = parse_stdin_labels(&r.args.stdin_labels)?;
    if !q.selector_matches(&base) {
        return Ok(0);
    }
    let ts = match &r.args.stdin_timestamp {
        Some(spec) => Some(TsExtractor::new(spec, printer.options().zone)?),
        None => None,
    };
    let mut inputs: Vec<String> = r.args.files.clone();
    if inputs.is_empty() || (r.use_stdin && !inputs.iter().any(|f| f == "-")) && r.args.files.is_empty() {
        inputs = vec!["-".to_string()];
    }
    let sel = LabelSelector::new(printer.options(), std::iter::empty());
    let need_views = printer.options().mode != crate::cli::OutputMode::Raw && !printer.options().no_labels;
    let mut views: HashMap<Labels, StreamView> = HashMap::new();
    let empty_view = StreamView::default();
    let mut pad = 0usize;
    let mut printed = 0u64;
    let mut raw = Vec::with_capacity(4096);
    let mut line = String::new();
    let mut labels: Labels = Vec::new();
    for input in &inputs {
        let reader: Box<dyn BufRead> = if input == "-" {
            Box::new(std::io::BufReader::with_capacity(256 * 1024, std::io::stdin()))
        } else {
            let f = std::fs::File::open(input).map_err(|e| Error::usage(format!("cannot read {input:?}: {e}")))?;
            Box::new(std::io::BufReader::with_capacity(256 * 1024, f))
        };
        let mut reader = reader;
        loop {
            raw.clear();
            let n = reader
                .read_until(b'\n', &mut raw)
                .map_err(|e| Error::usage(format!("cannot read {input:?}: {e}")))?;
            if n == 0 {
                break;
            }
            if raw.last() == Some(&b'\n') {
                raw.pop();
                if raw.last() == Some(&b'\r') {
                    raw.pop();
                }
            }
            line.clear();
            match std::str::from_utf8(&raw) {
                Ok(s) => line.push_str(s),
                Err(_) => line.push_str(&String::from_utf8_lossy(&raw)),
            }
            let now = crate::time::now_nanos();
            let t = ts.as_ref().and_then(|x| x.get(&line, now)).unwrap_or(now);
            labels.clear();
            labels.extend(base.iter().cloned());
            if !q.process(t, &mut line, &mut labels) {
                continue;
            }
            let view = if need_views {
                labels.sort();
                if views.len() > 4096 {
                    views.clear();
                }
                let v = views.entry(labels.clone()).or_insert_with(|| {
                    let v = printer.view(&sel, &LabelSet::new(labels.clone()));
                    pad = pad.max(Printer::<W>::label_width(&v));
                    v
                });
                printer.set_pad(pad);
                &*v
            } else {
                &empty_view
            };
            printer.entry(view, t, &line)?;
            printed += 1;
            if r.flush_each {
                printer.flush()?;
            }
            if printer.watch.is_some() {
                printer.observe(&LabelSet::new(labels.clone()), &line)?;
            }
            if r.limit.is_some_and(|l| l > 0 && printed >= l) {
                printer.flush()?;
                return Ok(printed);
            }
        }
    }
    printer.flush()?;
    Ok(printed)
}

//! `--stdin` / `--file`: evaluate a log query locally, streaming line by
//! line with constant memory, into the same sinks as server results. Output
//! is flushed whenever the input is idle, so a slow pipe (`kubectl logs -f`)
//! shows each matching line as it comes.

pub mod cut;
mod follow;
mod history;
mod live;
pub mod reader;
mod timestamp;

use crate::core::time::{now_nanos, Zone};
use crate::core::{Error, Result, Sink};
use crate::logql::ast::{LogExpr, MatchOp};
use crate::logql::eval::{Labels, LocalQuery};
pub use cut::DEFAULT_MAX_LINE;
pub use live::{run as follow, FollowSpec, Followed};
pub use reader::Input;
pub use timestamp::TsExtractor;

/// A local evaluation, resolved from flags.
pub struct LocalSpec {
    pub expr: LogExpr,
    pub inputs: Vec<Input>,
    /// Labels of every line (`--stdin-labels`).
    pub labels: Labels,
    /// Where each line's timestamp comes from (`--stdin-timestamp`).
    pub timestamp: Option<TsExtractor>,
    /// Most entries to print; None or 0 = all.
    pub limit: Option<u64>,
    /// Longer lines are cut (`--max-line-size`).
    pub max_line: usize,
}

/// Parse `job="x",app="y"` (braces optional) into labels.
pub fn parse_labels(s: &str) -> Result<Labels> {
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

/// Labels sorted by name, the last value of a repeated name kept.
fn normalize(labels: &mut Labels) {
    labels.reverse();
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    labels.dedup_by(|a, b| a.0 == b.0);
}

/// Evaluate and print; returns the number of entries printed.
pub async fn run(spec: &LocalSpec, sink: &mut dyn Sink) -> Result<u64> {
    let q = LocalQuery::compile(&spec.expr).map_err(Error::usage)?;
    // As in logcli, the selector does not filter unlabelled input; with
    // --stdin-labels it must match them.
    if !spec.labels.is_empty() && !q.selector_matches(&spec.labels) {
        return Ok(0);
    }
    let limit = spec.limit.filter(|&l| l > 0);
    let mut rx = reader::spawn(spec.inputs.clone(), spec.max_line);
    let mut printed = 0u64;
    let mut line = String::new();
    let mut labels: Labels = Vec::new();
    while let Some(block) = rx.recv().await {
        for raw in reader::lines(&block?) {
            line.clear();
            line.push_str(&String::from_utf8_lossy(raw));
            let now = now_nanos();
            let ts = spec.timestamp.as_ref().and_then(|x| x.get(&line, now)).unwrap_or(now);
            labels.clear();
            labels.extend(spec.labels.iter().cloned());
            if !q.process(ts, &mut line, &mut labels) {
                continue;
            }
            normalize(&mut labels);
            let i = sink.stream(&labels);
            sink.entry(i, &labels, ts, &line)?;
            printed += 1;
            if limit.is_some_and(|l| printed >= l) {
                sink.flush()?;
                return Ok(printed);
            }
        }
        if rx.is_empty() {
            sink.flush()?;
        }
    }
    sink.flush()?;
    Ok(printed)
}

/// The zone used to read timestamps without an offset.
pub fn timestamp_extractor(spec: Option<&str>, zone: Zone) -> Result<Option<TsExtractor>> {
    spec.map(|s| TsExtractor::new(s, zone)).transpose()
}

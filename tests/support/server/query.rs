//! Answers over the dataset: query_range, labels, series, index stats and
//! the instant counts of `--verify`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::data::{
    synthetic_labels, synthetic_line, wire, with_detected_level, write_stream, Dataset, StoredStream, MAX_ENTRIES_LIMIT,
};
use super::message::{json, pct_decode, text, Request, Response};
use super::recorded::find_capture;
use super::selector::Selector;

fn parse_ts(req: &Request, name: &str, default: i64) -> Result<i64, Response> {
    match req.param(name) {
        None => Ok(default),
        Some(v) => v.parse::<i64>().map_err(|_| {
            text(
                400,
                format!("could not parse '{name}' parameter: strconv.ParseInt: parsing {v:?}: invalid syntax"),
            )
        }),
    }
}

/// How query answers are shaped (see `State`).
#[derive(Clone, Copy)]
pub(super) struct How {
    pub(super) detected_level: bool,
    pub(super) flushed: bool,
}

pub(super) fn route(req: &Request, data: &Dataset, captures: bool, how: How, metadata: &[String]) -> Response {
    if captures {
        if let Some(r) = find_capture(req) {
            return r;
        }
    }
    let path = pct_decode(&req.path);
    if let Some(name) = path
        .strip_prefix("/loki/api/v1/label/")
        .and_then(|p| p.strip_suffix("/values"))
    {
        return label_values(req, data, Some(name), metadata).unwrap_or_else(|e| e);
    }
    match req.path.as_str() {
        "/loki/api/v1/query_range" => query_range(req, data, how).unwrap_or_else(|e| e),
        "/loki/api/v1/query"
            if req
                .param("query")
                .is_some_and(|q| q.starts_with("sum(count_over_time(")) =>
        {
            count_over_time(req, data).unwrap_or_else(|e| e)
        }
        "/loki/api/v1/labels" => label_values(req, data, None, metadata).unwrap_or_else(|e| e),
        "/loki/api/v1/series" => series(req, data, metadata).unwrap_or_else(|e| e),
        // unflushed data: Loki's index counts nothing yet (see the captures)
        "/loki/api/v1/index/stats" => json(br#"{"streams":0,"chunks":0,"bytes":0,"entries":0}"#.to_vec()),
        "/loki/api/v1/query" if req.param("query").is_some_and(|q| q.trim_start().starts_with('{')) => {
            text(400, wire("query-instant-log.json"))
        }
        "/ready" => text(200, wire("ready.txt")),
        _ => text(404, wire("error-unknown-endpoint.txt")),
    }
}

/// `sum(count_over_time(SELECTOR [Nms]))` at `time`: Loki counts the
/// entries in `(time - N ms, time]` (measured on Loki v3.7.6).
fn count_over_time(req: &Request, data: &Dataset) -> Result<Response, Response> {
    let q = req.param("query").unwrap_or("");
    let inner = q
        .strip_prefix("sum(count_over_time(")
        .and_then(|r| r.strip_suffix("))"))
        .ok_or_else(|| text(400, "test server: unsupported count query"))?;
    let (sel, range) = inner
        .rsplit_once(" [")
        .ok_or_else(|| text(400, "parse error : missing range"))?;
    let ms: i64 = range
        .strip_suffix("ms]")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| text(400, "test server: range must be in ms"))?;
    let sel = Selector::parse(sel).map_err(|e| text(400, format!("parse error : {e}")))?;
    let t = parse_ts(req, "time", 0)?;
    let mut n = 0u64;
    if let Dataset::Streams(streams) = data {
        for (labels, values) in streams.iter().filter(|(l, _)| sel.matches(l)) {
            n += values
                .iter()
                .filter(|(ts, line)| *ts > t - ms * 1_000_000 && *ts <= t && sel.line_ok(line))
                .count() as u64;
            let _ = labels;
        }
    }
    let result = if n == 0 {
        serde_json::json!([])
    } else {
        serde_json::json!([{"metric": {}, "value": [t as f64 / 1e9, n.to_string()]}])
    };
    let body = serde_json::json!({"status": "success", "data": {"resultType": "vector", "result": result}});
    Ok(json(serde_json::to_vec(&body).unwrap()))
}

/// Indexed label sets of the streams with entries in [start, end) that
/// match `selector` (all streams without one).
fn indexed_streams(
    req: &Request,
    data: &Dataset,
    selector: Option<&Selector>,
    metadata: &[String],
) -> Result<Vec<BTreeMap<String, String>>, Response> {
    let end = parse_ts(req, "end", i64::MAX)?;
    let start = parse_ts(req, "start", end.saturating_sub(3_600_000_000_000))?;
    let mut out: Vec<BTreeMap<String, String>> = Vec::new();
    if let Dataset::Streams(streams) = data {
        for (labels, values) in streams {
            if selector.is_some_and(|s| !s.matches(labels)) || !values.iter().any(|(t, _)| *t >= start && *t < end) {
                continue;
            }
            let mut l = labels.clone();
            l.retain(|k, _| !metadata.contains(k));
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    Ok(out)
}

/// Label names (`name` None) or one label's values, sorted, as Loki lists them.
fn label_values(req: &Request, data: &Dataset, name: Option<&str>, metadata: &[String]) -> Result<Response, Response> {
    let selector = match req.param("query") {
        Some(q) => Some(Selector::parse(q).map_err(|e| text(400, format!("parse error : {e}")))?),
        None => None,
    };
    let mut vals: Vec<String> = indexed_streams(req, data, selector.as_ref(), metadata)?
        .into_iter()
        .flat_map(|l| match name {
            None => l.into_keys().collect::<Vec<_>>(),
            Some(n) => l.get(n).cloned().into_iter().collect(),
        })
        .collect();
    vals.sort();
    vals.dedup();
    Ok(json(
        serde_json::to_vec(&serde_json::json!({"status": "success", "data": vals})).unwrap(),
    ))
}

/// The series matching `match[]` (or logcli's `match`).
fn series(req: &Request, data: &Dataset, metadata: &[String]) -> Result<Response, Response> {
    let q = req.param("match[]").or(req.param("match")).unwrap_or("");
    let sel = Selector::parse(q).map_err(|e| text(400, format!("parse error : {e}")))?;
    let list = indexed_streams(req, data, Some(&sel), metadata)?;
    Ok(json(
        serde_json::to_vec(&serde_json::json!({"status": "success", "data": list})).unwrap(),
    ))
}

fn query_range(req: &Request, data: &Dataset, how: How) -> Result<Response, Response> {
    let q = req.param("query").unwrap_or("");
    let sel = Selector::parse(q).map_err(|e| {
        if q.starts_with('{') && !q.contains('}') {
            text(400, wire("error-parse.txt"))
        } else {
            text(400, format!("parse error : {e}"))
        }
    })?;
    if sel.empty_compatible() {
        return Err(text(400, wire("error-empty-selector.txt")));
    }
    let end = parse_ts(req, "end", i64::MAX)?;
    let start = parse_ts(req, "start", end.saturating_sub(3_600_000_000_000))?;
    let limit: u64 = req.param("limit").map(|l| l.parse().unwrap_or(100)).unwrap_or(100);
    if limit > MAX_ENTRIES_LIMIT {
        return Err(text(
            400,
            format!("max entries limit per query exceeded, limit > max_entries_limit_per_query ({limit} > {MAX_ENTRIES_LIMIT})"),
        ));
    }
    if end <= start {
        return Err(text(400, wire("error-start-after-end.txt")));
    }
    let forward = req
        .param("direction")
        .is_some_and(|d| d.eq_ignore_ascii_case("forward"));
    let mut body = String::with_capacity(256 + limit.min(10_000) as usize * 200);
    body.push_str(r#"{"status":"success","data":{"resultType":"streams","result":["#);
    let span = Span {
        start,
        end,
        limit,
        forward,
    };
    match data {
        Dataset::Streams(streams) => write_streams(&mut body, streams, &sel, span, how),
        Dataset::Synthetic {
            n,
            streams,
            base,
            step_ns,
            line_len,
        } => write_synthetic(&mut body, (*n, *streams, *base, *step_ns, *line_len), &sel, span),
    }
    body.push_str(r#"],"stats":{"summary":{"totalEntriesReturned":0}}}}"#);
    Ok(json(body.into_bytes()))
}

/// The entries a query_range asks for: [start, end), at most `limit`, in
/// the direction.
#[derive(Clone, Copy)]
struct Span {
    start: i64,
    end: i64,
    limit: u64,
    forward: bool,
}

/// The matching entries of explicit streams, grouped by stream.
fn write_streams(body: &mut String, streams: &[StoredStream], sel: &Selector, span: Span, how: How) {
    let Span {
        start,
        end,
        limit,
        forward,
    } = span;
    let detected_level = how.detected_level;
    let mut all: Vec<(i64, usize, &str)> = Vec::new();
    for (si, (labels, values)) in streams.iter().enumerate() {
        let last = values.iter().map(|v| v.0).max().unwrap_or(0);
        let left_out = how.flushed && last == start && start % 1_000_000 == 0;
        if !sel.matches(labels) || left_out {
            continue;
        }
        for (ts, line) in values {
            if *ts >= start && *ts < end && sel.line_ok(line) {
                all.push((*ts, si, line));
            }
        }
    }
    if forward {
        all.sort_by_key(|e| e.0);
    } else {
        all.sort_by_key(|e| std::cmp::Reverse(e.0));
    }
    all.truncate(limit as usize);
    let mut grouped: BTreeMap<usize, Vec<(i64, &str)>> = BTreeMap::new();
    for (ts, si, line) in all {
        grouped.entry(si).or_default().push((ts, line));
    }
    let mut first = true;
    for (si, values) in grouped {
        if !first {
            body.push(',');
        }
        first = false;
        write_stream(
            body,
            &with_detected_level(&streams[si].0, detected_level),
            values.iter().map(|(t, l)| (*t, *l)),
        );
    }
}

/// The entries of a synthetic dataset (n, streams, base, step_ns, line_len)
/// in the span, generated.
fn write_synthetic(body: &mut String, synthetic: (u64, u32, i64, i64, usize), sel: &Selector, span: Span) {
    let (n, streams, base, step_ns, line_len) = synthetic;
    let Span {
        start,
        end,
        limit,
        forward,
    } = span;
    // Entry i is at base + i*step; find the index range inside [start, end).
    let lo = if start <= base {
        0
    } else {
        ((start - base) + step_ns - 1) / step_ns
    } as u64;
    let hi = if end <= base {
        0
    } else {
        (((end - base) + step_ns - 1) / step_ns) as u64
    }
    .min(n);
    let mut per_stream: Vec<Vec<u64>> = vec![Vec::new(); streams as usize];
    let count = hi.saturating_sub(lo).min(limit);
    for k in 0..count {
        let i = if forward { lo + k } else { hi - 1 - k };
        per_stream[(i % streams as u64) as usize].push(i);
    }
    let mut first = true;
    let mut line = String::new();
    for (s, idxs) in per_stream.iter().enumerate() {
        if idxs.is_empty() {
            continue;
        }
        let labels = synthetic_labels(s as u32);
        if !sel.matches(&labels) {
            continue;
        }
        if !first {
            body.push(',');
        }
        first = false;
        body.push_str("{\"stream\":");
        body.push_str(&serde_json::to_string(&labels).unwrap());
        body.push_str(",\"values\":[");
        for (j, &i) in idxs.iter().enumerate() {
            if j > 0 {
                body.push(',');
            }
            synthetic_line(i, line_len, &mut line);
            let _ = write!(body, "[\"{}\",\"{}\"]", base + i as i64 * step_ns, line);
        }
        body.push_str("]}");
    }
}

//! The stored datasets, the captured wire bytes and the JSON of streams.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

pub const MAX_ENTRIES_LIMIT: u64 = 5_000_000;
pub const CAPTURE_START: i64 = 1_795_577_574_102_279_137;
pub const CAPTURE_END: i64 = 1_795_577_876_102_279_137;

pub fn wire_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/loki-wire")
}

pub fn wire(name: &str) -> Vec<u8> {
    std::fs::read(wire_dir().join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// One stored stream: labels and (timestamp, line) entries.
pub type StoredStream = (BTreeMap<String, String>, Vec<(i64, String)>);

/// Stored log data.
#[derive(Clone)]
pub enum Dataset {
    /// Explicit streams: (labels, [(ts, line)]).
    Streams(Vec<StoredStream>),
    /// `n` entries, entry i at `base + i * step_ns` in stream `i % streams`,
    /// each line about `line_len` bytes of logfmt. Generated on demand.
    Synthetic {
        n: u64,
        streams: u32,
        base: i64,
        step_ns: i64,
        line_len: usize,
    },
}

impl Dataset {
    /// The data pushed for the captures, as Loki stores it (with detected_level
    /// and structured metadata), taken from the captured full query.
    /// Structured metadata and query-time labels of `captured()`.
    pub const CAPTURED_METADATA: [&'static str; 3] = ["detected_level", "trace_id", "user"];

    pub fn captured() -> Dataset {
        let v: serde_json::Value = serde_json::from_slice(&wire("query_range-log-all.json")).unwrap();
        let mut out = Vec::new();
        for s in v["data"]["result"].as_array().unwrap() {
            let labels: BTreeMap<String, String> = serde_json::from_value(s["stream"].clone()).unwrap();
            let values = s["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e[0].as_str().unwrap().parse().unwrap(),
                        e[1].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            out.push((labels, values));
        }
        Dataset::Streams(out)
    }
}

pub(super) fn with_detected_level(labels: &BTreeMap<String, String>, on: bool) -> BTreeMap<String, String> {
    let mut l = labels.clone();
    if on {
        l.entry("detected_level".to_string())
            .or_insert_with(|| "unknown".to_string());
    }
    l
}

pub fn synthetic_labels(s: u32) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("job".to_string(), "bench".to_string());
    m.insert("app".to_string(), format!("svc{s}"));
    m.insert("env".to_string(), "prod".to_string());
    m
}

/// A logfmt line of about `len` bytes with no characters that need escaping.
pub fn synthetic_line(i: u64, len: usize, out: &mut String) {
    out.clear();
    let level = ["info", "warn", "error", "debug"][(i % 4) as usize];
    let _ = write!(
        out,
        "level={level} seq={i} method=GET path=/api/v1/items/{} status=200 duration={}ms msg=request_served",
        i % 997,
        i % 300
    );
    if out.len() < len {
        out.push_str(" pad=");
        while out.len() < len {
            out.push('x');
        }
    }
}

pub(super) fn write_stream<'a>(
    body: &mut String,
    labels: &BTreeMap<String, String>,
    values: impl Iterator<Item = (i64, &'a str)>,
) {
    body.push_str("{\"stream\":");
    body.push_str(&serde_json::to_string(labels).unwrap());
    body.push_str(",\"values\":[");
    for (j, (ts, line)) in values.enumerate() {
        if j > 0 {
            body.push(',');
        }
        let _ = write!(body, "[\"{ts}\",{}]", serde_json::to_string(line).unwrap());
    }
    body.push_str("]}");
}

/// Parse a streams response into (ts, labels, line), in response order.
pub fn entries_of(body: &[u8]) -> Vec<(i64, BTreeMap<String, String>, String)> {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    let mut out = Vec::new();
    for s in v["data"]["result"].as_array().unwrap() {
        let labels: BTreeMap<String, String> = serde_json::from_value(s["stream"].clone()).unwrap();
        for e in s["values"].as_array().unwrap() {
            out.push((
                e[0].as_str().unwrap().parse().unwrap(),
                labels.clone(),
                e[1].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

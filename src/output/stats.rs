//! `--stats`: query statistics summed over all pages, printed on stderr.

use serde_json::{Map, Value};

use crate::core::gofmt::{fmt_go_duration, humanize_bytes};

#[derive(Debug, Default)]
pub struct Stats {
    total: Map<String, Value>,
    pages: u64,
}

fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            (Some(Value::Number(a)), Value::Number(b)) => {
                let sum = if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
                    Value::from(x.saturating_add(y))
                } else {
                    Value::from(a.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0))
                };
                *a = match sum {
                    Value::Number(n) => n,
                    _ => unreachable!(),
                };
            }
            (None, v) => {
                into.insert(k.clone(), v.clone());
            }
            _ => {}
        }
    }
}

fn pascal(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn flatten(prefix: &str, m: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    for (k, v) in m {
        let key = if prefix.is_empty() {
            pascal(k)
        } else {
            format!("{prefix}.{}", pascal(k))
        };
        match v {
            Value::Object(o) => flatten(&key, o, out),
            Value::Number(n) => {
                let f = n.as_f64().unwrap_or(0.0);
                let text = if k.contains("ytes") && !k.contains("Time") {
                    if k.ends_with("PerSecond") {
                        format!("{}/s", humanize_bytes(f.max(0.0) as u64))
                    } else {
                        humanize_bytes(f.max(0.0) as u64)
                    }
                } else if matches!(
                    k.as_str(),
                    "execTime" | "queueTime" | "querierExecTime" | "recvWaitTime"
                ) {
                    // float seconds, printed as Go prints a time.Duration
                    fmt_go_duration((f.max(0.0) * 1e9).round() as i64)
                } else if k.ends_with("Time") || k.ends_with("Latency") {
                    // integer nanoseconds
                    fmt_go_duration(f.max(0.0) as i64)
                } else {
                    n.to_string()
                };
                out.push((key, text));
            }
            other => out.push((key, other.to_string())),
        }
    }
}

impl Stats {
    pub fn add(&mut self, raw: &serde_json::value::RawValue) {
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(raw.get()) {
            merge(&mut self.total, &m);
            self.pages += 1;
        }
    }

    /// Lines `Key  value`, aligned, in Loki's section order.
    pub fn render(&self) -> String {
        let mut rows = Vec::new();
        for section in ["ingester", "querier", "cache", "index", "summary"] {
            if let Some(Value::Object(m)) = self.total.get(section) {
                flatten(&pascal(section), m, &mut rows);
            }
        }
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let mut s = String::new();
        for (k, v) in rows {
            s.push_str(&format!("{k:<width$}  {v}\n"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_pages_and_formats_like_go() {
        let mut st = Stats::default();
        let a = serde_json::value::RawValue::from_string(
            r#"{"summary":{"totalLinesProcessed":10,"totalBytesProcessed":2000,"execTime":0.5},"querier":{"store":{"chunksDownloadTime":45000000000}}}"#.into(),
        )
        .unwrap();
        st.add(&a);
        st.add(&a);
        let r = st.render();
        let rows: Vec<(&str, &str)> = r
            .lines()
            .map(|l| {
                let (k, v) = l.split_once("  ").unwrap();
                (k, v.trim_start())
            })
            .collect();
        assert!(rows.contains(&("Summary.TotalLinesProcessed", "20")), "{r}");
        assert!(rows.contains(&("Summary.TotalBytesProcessed", "4.0 kB")), "{r}");
        assert!(rows.contains(&("Summary.ExecTime", "1s")), "{r}");
        // Go's time.Duration text, not Rust's Debug ("90s")
        assert!(rows.contains(&("Querier.Store.ChunksDownloadTime", "1m30s")), "{r}");
    }
}

//! `stats`, `volume`, `volume_range` and `detected-fields`: index and
//! detection endpoints, printed like logcli (plus jsonl).

use std::io::Write;

use serde::Deserialize;

use crate::cli::OutputMode;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::go_indent_json;

fn decode<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::Protocol(format!("cannot decode response: {e}")))
}

/// go-humanize's `Bytes`: SI units, one decimal below 10.
pub fn humanize_bytes(n: u64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if n < 10 {
        return format!("{n} B");
    }
    let e = ((n as f64).ln() / 1000f64.ln()).floor() as usize;
    let e = e.min(UNITS.len() - 1);
    let val = ((n as f64 / 1000f64.powi(e as i32)) * 10.0 + 0.5).floor() / 10.0;
    if val < 10.0 {
        format!("{val:.1} {}", UNITS[e])
    } else {
        format!("{val:.0} {}", UNITS[e])
    }
}

#[derive(Deserialize, serde::Serialize)]
struct IndexStats {
    #[serde(default)]
    streams: u64,
    #[serde(default)]
    chunks: u64,
    #[serde(default)]
    bytes: u64,
    #[serde(default)]
    entries: u64,
}

pub async fn stats(
    client: &Client,
    query: &str,
    start: i64,
    end: i64,
    mode: OutputMode,
    w: &mut impl Write,
) -> Result<()> {
    let params = vec![
        ("query", query.to_string()),
        ("start", start.to_string()),
        ("end", end.to_string()),
    ];
    let body = client.get("/loki/api/v1/index/stats", &params).await?;
    let s: IndexStats = decode(&body)?;
    if mode == OutputMode::Default {
        writeln!(w, "{{")?;
        writeln!(w, "  bytes: {}", humanize_bytes(s.bytes))?;
        writeln!(w, "  chunks: {}", s.chunks)?;
        writeln!(w, "  streams: {}", s.streams)?;
        writeln!(w, "  entries: {}", s.entries)?;
        writeln!(w, "}}")?;
    } else {
        let line = serde_json::to_string(&s).map_err(|e| Error::Protocol(e.to_string()))?;
        writeln!(w, "{line}")?;
    }
    Ok(())
}

pub struct VolumeQuery<'a> {
    pub query: &'a str,
    pub start: i64,
    pub end: i64,
    pub limit: u64,
    pub target_labels: &'a [String],
    pub aggregate_by_labels: bool,
    /// Some for volume_range: the step parameter.
    pub step: Option<String>,
}

pub async fn volume(client: &Client, q: &VolumeQuery<'_>, mode: OutputMode, w: &mut impl Write) -> Result<()> {
    let mut params = vec![
        ("query", q.query.to_string()),
        ("start", q.start.to_string()),
        ("end", q.end.to_string()),
        ("limit", q.limit.to_string()),
    ];
    if !q.target_labels.is_empty() {
        params.push(("targetLabels", q.target_labels.join(",")));
    }
    if q.aggregate_by_labels {
        params.push(("aggregateBy", "labels".to_string()));
    }
    let path = match &q.step {
        Some(step) => {
            params.push(("step", step.clone()));
            "/loki/api/v1/index/volume_range"
        }
        None => "/loki/api/v1/index/volume",
    };
    let body = client.get(path, &params).await?;
    let resp = crate::query::parse_response(&body)?;
    let v: serde_json::Value = serde_json::from_str(resp.data.result.get())
        .map_err(|e| Error::Protocol(format!("cannot decode result: {e}")))?;
    if mode == OutputMode::Jsonl {
        for item in v.as_array().into_iter().flatten() {
            writeln!(w, "{item}")?;
        }
    } else {
        let mut out = Vec::new();
        go_indent_json(&v, &mut out);
        w.write_all(&out)?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct Field {
    label: String,
    #[serde(rename = "type", default)]
    ty: String,
    #[serde(default)]
    cardinality: u64,
}

#[derive(Deserialize)]
struct Fields {
    #[serde(default)]
    fields: Vec<Field>,
}

#[derive(Deserialize)]
struct Values {
    #[serde(default)]
    values: Vec<String>,
}

pub struct DetectedQuery<'a> {
    pub query: &'a str,
    pub field: Option<&'a str>,
    pub start: i64,
    pub end: i64,
    pub limit: u64,
    pub line_limit: u64,
    pub step: Option<String>,
}

pub async fn detected_fields(
    client: &Client,
    q: &DetectedQuery<'_>,
    mode: OutputMode,
    w: &mut impl Write,
) -> Result<()> {
    let mut params = vec![
        ("query", q.query.to_string()),
        ("start", q.start.to_string()),
        ("end", q.end.to_string()),
        ("limit", q.limit.to_string()),
        ("line_limit", q.line_limit.to_string()),
    ];
    if let Some(s) = &q.step {
        params.push(("step", s.clone()));
    }
    let path = match q.field {
        Some(f) => format!(
            "/loki/api/v1/detected_field/{}/values",
            url::form_urlencoded::byte_serialize(f.as_bytes()).collect::<String>()
        ),
        None => "/loki/api/v1/detected_fields".to_string(),
    };
    let body = client.get(&path, &params).await?;
    match (mode, q.field) {
        (OutputMode::Raw, _) => {
            w.write_all(String::from_utf8_lossy(&body).trim_end().as_bytes())?;
            w.write_all(b"\n")?;
        }
        (OutputMode::Jsonl, None) => {
            let v: serde_json::Value = decode(&body)?;
            for f in v["fields"].as_array().into_iter().flatten() {
                writeln!(w, "{f}")?;
            }
        }
        (OutputMode::Jsonl, Some(_)) => {
            let v: Values = decode(&body)?;
            for x in v.values {
                writeln!(w, "{}", serde_json::Value::String(x))?;
            }
        }
        (OutputMode::Default, Some(_)) => {
            let v: Values = decode(&body)?;
            for x in v.values {
                writeln!(w, "{x}")?;
            }
        }
        (OutputMode::Default, None) => {
            let v: Fields = decode(&body)?;
            let mut rows: Vec<String> = v
                .fields
                .iter()
                .map(|f| format!("label: {}\t\ttype: {}\t\tcardinality: {}", f.label, f.ty, f.cardinality))
                .collect();
            rows.sort();
            for r in rows {
                writeln!(w, "{r}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanize_like_go() {
        assert_eq!(humanize_bytes(0), "0 B");
        assert_eq!(humanize_bytes(9), "9 B");
        assert_eq!(humanize_bytes(82), "82 B");
        assert_eq!(humanize_bytes(1_500), "1.5 kB");
        assert_eq!(humanize_bytes(20_532), "20 kB"); // 20.5 rounds half to even, as in Go
        assert_eq!(humanize_bytes(3_000_000_000), "3.0 GB");
    }
}

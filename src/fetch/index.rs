//! `stats`, `volume`, `volume_range` and `detected-fields`: index and
//! detection endpoints.

use serde::Deserialize;

use super::meta::decode;
use crate::core::wire::parse_response;
use crate::core::{Error, Result};
use crate::net::{api, Transport};

#[derive(Debug, Default, Deserialize, serde::Serialize)]
pub struct IndexStats {
    #[serde(default)]
    pub streams: u64,
    #[serde(default)]
    pub chunks: u64,
    #[serde(default)]
    pub bytes: u64,
    #[serde(default)]
    pub entries: u64,
}

pub async fn stats(t: &Transport, query: &str, start: i64, end: i64) -> Result<IndexStats> {
    let params = vec![
        ("query", query.to_string()),
        ("start", start.to_string()),
        ("end", end.to_string()),
    ];
    let body = t.get(api::INDEX_STATS, &params).await?;
    decode(&body)
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

/// The `result` of a volume answer (a vector, or a matrix with a step).
pub async fn volume(t: &Transport, q: &VolumeQuery<'_>) -> Result<serde_json::Value> {
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
            api::INDEX_VOLUME_RANGE
        }
        None => api::INDEX_VOLUME,
    };
    let body = t.get(path, &params).await?;
    let resp = parse_response(&body)?;
    serde_json::from_str(resp.data.result.get()).map_err(|e| Error::Protocol(format!("cannot decode result: {e}")))
}

#[derive(Debug, Deserialize)]
pub struct Field {
    pub label: String,
    #[serde(rename = "type", default)]
    pub ty: String,
    #[serde(default)]
    pub cardinality: u64,
    #[serde(default)]
    pub parsers: Option<Vec<String>>,
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

/// The raw answer of `detected_fields` (or of one field's values).
pub async fn detected(t: &Transport, q: &DetectedQuery<'_>) -> Result<bytes::Bytes> {
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
    match q.field {
        Some(f) => t.get(&api::detected_field_values(f), &params).await,
        None => t.get(api::DETECTED_FIELDS, &params).await,
    }
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

/// The fields of a `detected_fields` answer.
pub fn fields(body: &[u8]) -> Result<Vec<Field>> {
    Ok(decode::<Fields>(body)?.fields)
}

/// The values of a `detected_field/NAME/values` answer.
pub fn values(body: &[u8]) -> Result<Vec<String>> {
    Ok(decode::<Values>(body)?.values)
}

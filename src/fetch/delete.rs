//! `delete create|list|cancel` against the compactor's `/loki/api/v1/delete`.
//! POST and DELETE are never retried (a repeated POST could create a second
//! request).

use reqwest::Method;

use crate::core::time::NANOS_PER_SEC;
use crate::core::{Error, Result};
use crate::net::{api, Transport};

pub async fn create(t: &Transport, query: &str, start: i64, end: i64, max_interval: Option<String>) -> Result<()> {
    // Loki takes Unix seconds here.
    let mut params = vec![
        ("query", query.to_string()),
        ("start", (start / NANOS_PER_SEC).to_string()),
        ("end", (end / NANOS_PER_SEC).to_string()),
    ];
    if let Some(m) = max_interval {
        params.push(("max_interval", m));
    }
    t.send(Method::POST, api::DELETE, &params).await?;
    Ok(())
}

pub async fn cancel(t: &Transport, request_id: &str, force: bool) -> Result<()> {
    let mut params = vec![("request_id", request_id.to_string())];
    if force {
        params.push(("force", "true".to_string()));
    }
    t.send(Method::DELETE, api::DELETE, &params).await?;
    Ok(())
}

/// The delete requests, as the server lists them.
pub async fn list(t: &Transport) -> Result<Vec<serde_json::Value>> {
    let body = t.get(api::DELETE, &[]).await?;
    let v: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| Error::Protocol(format!("cannot decode delete requests: {e}")))?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

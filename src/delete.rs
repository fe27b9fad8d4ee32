//! `delete create|list|cancel` against the compactor's `/loki/api/v1/delete`.
//! The response shapes are not in the captures: list entries are printed
//! field by field as the server sends them.

use std::io::Write;

use reqwest::Method;

use crate::cli::OutputMode;
use crate::client::Client;
use crate::error::{Error, Result};

const PATH: &str = "/loki/api/v1/delete";

pub async fn create(
    client: &Client,
    query: &str,
    start: i64,
    end: i64,
    max_interval: Option<String>,
    quiet: bool,
) -> Result<()> {
    // Loki takes Unix seconds here.
    let mut params = vec![
        ("query", query.to_string()),
        ("start", (start / crate::time::NANOS_PER_SEC).to_string()),
        ("end", (end / crate::time::NANOS_PER_SEC).to_string()),
    ];
    if let Some(m) = max_interval {
        params.push(("max_interval", m));
    }
    client.send(Method::POST, PATH, &params).await?;
    if !quiet {
        eprintln!("delete request created");
    }
    Ok(())
}

pub async fn cancel(client: &Client, request_id: &str, force: bool, quiet: bool) -> Result<()> {
    let mut params = vec![("request_id", request_id.to_string())];
    if force {
        params.push(("force", "true".to_string()));
    }
    client.send(Method::DELETE, PATH, &params).await?;
    if !quiet {
        eprintln!("delete request {request_id} cancelled");
    }
    Ok(())
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub async fn list(client: &Client, mode: OutputMode, w: &mut impl Write) -> Result<()> {
    let body = client.get(PATH, &[]).await?;
    let v: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| Error::Protocol(format!("cannot decode delete requests: {e}")))?;
    let items = v.as_array().cloned().unwrap_or_default();
    if mode != OutputMode::Default {
        for it in &items {
            writeln!(w, "{it}")?;
        }
        return Ok(());
    }
    let cols = ["request_id", "status", "start_time", "end_time", "created_at", "query"];
    let mut rows = vec![cols.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>()];
    for it in &items {
        rows.push(cols.iter().map(|c| cell(&it[*c])).collect());
    }
    let widths: Vec<usize> = (0..cols.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0) + 2)
        .collect();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}", w = widths[i]));
            }
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

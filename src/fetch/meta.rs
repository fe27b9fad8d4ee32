//! `labels` and `series`: metadata endpoints.

use serde::Deserialize;

use crate::core::{Error, LabelSet, Result};
use crate::net::{api, Transport};

#[derive(Deserialize)]
struct ListResponse<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
}

pub(super) fn decode<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::Protocol(format!("cannot decode response: {e}")))
}

/// Label names, or the values of `name`, in the server's order.
pub async fn labels(
    t: &Transport,
    name: Option<&str>,
    start: i64,
    end: i64,
    query: Option<&str>,
) -> Result<Vec<String>> {
    let mut params = vec![("start", start.to_string()), ("end", end.to_string())];
    if let Some(q) = query {
        params.push(("query", q.to_string()));
    }
    let body = match name {
        Some(n) => t.get(&api::label_values(n), &params).await?,
        None => t.get(api::LABELS, &params).await?,
    };
    Ok(decode::<ListResponse<String>>(&body)?.data)
}

/// The series matching `matcher`.
pub async fn series(t: &Transport, matcher: &str, start: i64, end: i64) -> Result<Vec<LabelSet>> {
    let params = vec![
        ("match[]", matcher.to_string()),
        ("start", start.to_string()),
        ("end", end.to_string()),
    ];
    let body = t.get(api::SERIES, &params).await?;
    Ok(decode::<ListResponse<LabelSet>>(&body)?.data)
}

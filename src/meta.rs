//! `labels` and `series`: metadata endpoints, printed one item per line.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::Deserialize;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::LabelSet;

#[derive(Deserialize)]
struct ListResponse<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
}

fn decode<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::Protocol(format!("cannot decode response: {e}")))
}

/// Label names, or the values of `name`.
pub async fn labels(
    client: &Client,
    name: Option<&str>,
    start: i64,
    end: i64,
    query: Option<&str>,
    w: &mut impl Write,
) -> Result<()> {
    let mut params = vec![("start", start.to_string()), ("end", end.to_string())];
    if let Some(q) = query {
        params.push(("query", q.to_string()));
    }
    let path = match name {
        Some(n) => format!(
            "/loki/api/v1/label/{}/values",
            url::form_urlencoded::byte_serialize(n.as_bytes()).collect::<String>()
        ),
        None => "/loki/api/v1/labels".to_string(),
    };
    let body = client.get(&path, &params).await?;
    let resp: ListResponse<String> = decode(&body)?;
    for v in resp.data {
        writeln!(w, "{v}")?;
    }
    Ok(())
}

/// Series matching `matcher`, or with `analyze` a summary of label cardinality.
pub async fn series(
    client: &Client,
    matcher: &str,
    start: i64,
    end: i64,
    analyze: bool,
    w: &mut impl Write,
) -> Result<()> {
    let params = vec![
        ("match[]", matcher.to_string()),
        ("start", start.to_string()),
        ("end", end.to_string()),
    ];
    let body = client.get("/loki/api/v1/series", &params).await?;
    let resp: ListResponse<LabelSet> = decode(&body)?;
    if !analyze {
        for s in &resp.data {
            writeln!(w, "{s}")?;
        }
        return Ok(());
    }
    w.write_all(analyze_labels(&resp.data).as_bytes())?;
    Ok(())
}

/// logcli's `--analyze-labels` table: labels by number of distinct values.
pub fn analyze_labels(series: &[LabelSet]) -> String {
    let mut by_name: BTreeMap<&str, (BTreeSet<&str>, usize)> = BTreeMap::new();
    for s in series {
        for (k, v) in s.pairs() {
            let e = by_name.entry(k).or_default();
            e.0.insert(v);
            e.1 += 1;
        }
    }
    let mut rows: Vec<(&str, usize, usize)> = by_name.iter().map(|(k, (vals, n))| (*k, vals.len(), *n)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = format!("Total Streams:  {}\nUnique Labels:  {}\n\n", series.len(), rows.len());
    let table: Vec<[String; 3]> = std::iter::once([
        "Label Name".to_string(),
        "Unique Values".to_string(),
        "Found In Streams".to_string(),
    ])
    .chain(rows.iter().map(|r| [r.0.to_string(), r.1.to_string(), r.2.to_string()]))
    .collect();
    let w0 = table.iter().map(|r| r[0].chars().count()).max().unwrap_or(0) + 2;
    let w1 = table.iter().map(|r| r[1].chars().count()).max().unwrap_or(0) + 2;
    for r in table {
        out.push_str(&format!("{:<w0$}{:<w1$}{}\n", r[0], r[1], r[2]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_table_like_tabwriter() {
        let s: Vec<LabelSet> = serde_json::from_str(
            r#"[{"app":"web","env":"dev","job":"w"},{"env":"prod","job":"w","app":"web"},{"job":"w","app":"db","env":"prod"}]"#,
        )
        .unwrap();
        assert_eq!(
            analyze_labels(&s),
            "Total Streams:  3\nUnique Labels:  3\n\n\
Label Name  Unique Values  Found In Streams\n\
app         2              3\n\
env         2              3\n\
job         1              3\n"
        );
    }
}

//! Text layouts of the non-entry commands, as logcli prints them: the
//! `--analyze-labels` table, the index stats block, detected-field rows,
//! and the column table of `delete list`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::core::gofmt::{humanize_bytes_compact, json_string};
use crate::core::LabelSet;

/// Columns padded like Go's tabwriter with a padding of 2 (the last column
/// is not padded).
pub fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
                + 2
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(c);
            } else {
                let _ = write!(line, "{c:<w$}", w = widths[i]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// logcli's `series --analyze-labels`: labels by number of distinct values.
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
    let mut table = vec![vec![
        "Label Name".to_string(),
        "Unique Values".to_string(),
        "Found In Streams".to_string(),
    ]];
    table.extend(
        rows.iter()
            .map(|r| vec![r.0.to_string(), r.1.to_string(), r.2.to_string()]),
    );
    format!(
        "Total Streams:  {}\nUnique Labels:  {}\n\n{}",
        series.len(),
        rows.len(),
        columns(&table)
    )
}

/// The index stats block of `logcli stats`.
pub fn stats_block(bytes: u64, chunks: u64, streams: u64, entries: u64) -> String {
    format!(
        "{{\n  bytes: {}\n  chunks: {chunks}\n  streams: {streams}\n  entries: {entries}\n}}\n",
        humanize_bytes_compact(bytes)
    )
}

/// One detected field as logcli re-encodes it for `-o raw`.
pub struct RawField<'a> {
    pub label: &'a str,
    pub ty: &'a str,
    pub cardinality: u64,
    pub parsers: Option<&'a [String]>,
}

/// `detected-fields -o raw`: logcli decodes Loki's answer into its own
/// struct and encodes it again, so `jsonPath`, `limit` and a null `parsers`
/// disappear: `{"fields":[{"label":..,"type":..,"cardinality":..,"parsers":[..]}]}`.
pub fn detected_fields_raw(fields: &[RawField<'_>]) -> String {
    if fields.is_empty() {
        // Go leaves out an empty list (Loki answers `{}` when nothing matches)
        return "{}\n".into();
    }
    let mut out = b"{\"fields\":[".to_vec();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"label\":");
        json_string(f.label, &mut out);
        out.extend_from_slice(b",\"type\":");
        json_string(f.ty, &mut out);
        out.extend_from_slice(format!(",\"cardinality\":{}", f.cardinality).as_bytes());
        if let Some(p) = f.parsers.filter(|p| !p.is_empty()) {
            out.extend_from_slice(b",\"parsers\":[");
            for (j, x) in p.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                json_string(x, &mut out);
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
    String::from_utf8(out).unwrap_or_default()
}

/// `detected-fields QUERY FIELD -o raw`: `{"values":[...]}` in the server's order.
pub fn detected_values_raw(values: &[String]) -> String {
    if values.is_empty() {
        return "{}\n".into();
    }
    let mut out = b"{\"values\":[".to_vec();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_string(v, &mut out);
    }
    out.extend_from_slice(b"]}\n");
    String::from_utf8(out).unwrap_or_default()
}

/// `detected-fields` rows, sorted.
pub fn detected_fields<'a>(fields: impl Iterator<Item = (&'a str, &'a str, u64)>) -> String {
    let mut rows: Vec<String> = fields
        .map(|(label, ty, card)| format!("label: {label}\t\ttype: {ty}\t\tcardinality: {card}"))
        .collect();
    rows.sort();
    lines(&rows)
}

/// logcli's text for `detected-fields`: the lines, each ending in a
/// newline, or a lone newline when there are none.
pub fn lines(rows: &[String]) -> String {
    if rows.is_empty() {
        return "\n".into();
    }
    let mut out = String::new();
    for r in rows {
        out.push_str(r);
        out.push('\n');
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

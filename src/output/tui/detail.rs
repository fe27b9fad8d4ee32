//! The detail of one entry (Enter): its time in UTC and in the local zone,
//! its labels (as the server gave them, and those the filter's parsers
//! added), and the line, pretty-printed when it is JSON or logfmt.

use crate::core::time::{TimeFormatter, TimestampFormat, Zone};
use crate::logql::eval::Labels;

use super::Row;

fn stamp(ts: i64, zone: Zone) -> String {
    let mut out = Vec::new();
    TimeFormatter::new(zone, TimestampFormat::Rfc3339nano).write(ts, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `k=v` pairs of a logfmt line, if it is one (every word has a key).
fn logfmt_pairs(line: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let ks = i;
        while i < b.len() && b[i] != b'=' && b[i] != b' ' {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' || ks == i {
            return (!out.is_empty() && i >= b.len()).then_some(out);
        }
        let key = line[ks..i].to_string();
        i += 1;
        let value = if i < b.len() && b[i] == b'"' {
            let vs = i + 1;
            i = vs;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            let v = line.get(vs..i.min(b.len())).unwrap_or("").to_string();
            i += 1;
            v
        } else {
            let vs = i;
            while i < b.len() && b[i] != b' ' {
                i += 1;
            }
            line[vs..i].to_string()
        };
        out.push((key, value));
    }
    (!out.is_empty()).then_some(out)
}

/// The line pretty-printed: indented JSON, aligned logfmt, or as it is.
pub fn pretty(line: &str) -> String {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
        if v.is_object() || v.is_array() {
            return serde_json::to_string_pretty(&v).unwrap_or_else(|_| line.to_string());
        }
    }
    if let Some(pairs) = logfmt_pairs(line) {
        let w = pairs.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
        return pairs
            .iter()
            .map(|(k, v)| format!("{k:<w$} = {v}"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    line.to_string()
}

/// The whole detail text.
pub fn text(row: &Row, processed: Option<&(String, Labels)>, local: Zone) -> String {
    let mut s = format!(
        "time   {}\nlocal  {}\n\nlabels\n",
        stamp(row.ts, Zone::Utc),
        stamp(row.ts, local)
    );
    for (k, v) in row.labels.pairs() {
        s.push_str(&format!("  {k} = {v:?}\n"));
    }
    if let Some((_, labels)) = processed {
        let added: Vec<_> = labels.iter().filter(|(k, _)| row.labels.get(k).is_none()).collect();
        if !added.is_empty() {
            s.push_str("\nparsed by the filter\n");
            for (k, v) in added {
                s.push_str(&format!("  {k} = {v:?}\n"));
            }
        }
    }
    s.push_str("\nline\n");
    s.push_str(&pretty(&row.line));
    if let Some((line, _)) = processed.filter(|(l, _)| l.as_str() != &*row.line) {
        s.push_str("\n\nas the filter formats it\n");
        s.push_str(line);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_logfmt_are_pretty_printed() {
        assert_eq!(
            pretty(r#"{"a":1,"b":{"c":"d"}}"#),
            "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": \"d\"\n  }\n}"
        );
        assert_eq!(
            pretty(r#"level=info msg="a b" status=200"#),
            "level  = info\nmsg    = a b\nstatus = 200"
        );
        assert_eq!(pretty("plain text line"), "plain text line");
    }
}

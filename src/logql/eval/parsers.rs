//! Parsers of the pipeline: json (flattened or by path), logfmt, unpack,
//! and ANSI colour removal.

use super::labels::{add_parsed, sanitize, set_error};
use super::Labels;

pub(super) enum PathPart {
    Key(String),
    Index(usize),
}

pub(super) fn parse_path(s: &str) -> Result<Vec<PathPart>, String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    parts.push(PathPart::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    parts.push(PathPart::Key(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                let inner = inner.trim();
                if let Some(q) = inner.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                    parts.push(PathPart::Key(q.to_string()));
                } else {
                    parts.push(PathPart::Index(
                        inner.parse().map_err(|_| format!("invalid json path {s:?}"))?,
                    ));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        parts.push(PathPart::Key(cur));
    }
    Ok(parts)
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn flatten_json(prefix: &str, v: &serde_json::Value, labels: &mut Labels, n_stream: usize) {
    if let serde_json::Value::Object(m) = v {
        for (k, v) in m {
            let key = if prefix.is_empty() {
                sanitize(k)
            } else {
                format!("{prefix}_{}", sanitize(k))
            };
            match v {
                serde_json::Value::Object(_) => flatten_json(&key, v, labels, n_stream),
                serde_json::Value::Array(_) => {}
                other => add_parsed(labels, n_stream, &key, json_text(other)),
            }
        }
    }
}

/// `| json` without parameters flattens the object; with parameters it
/// extracts each path.
pub(super) fn apply_json(params: &[(String, Vec<PathPart>)], line: &str, labels: &mut Labels, n_stream: usize) {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(v @ serde_json::Value::Object(_)) if params.is_empty() => flatten_json("", &v, labels, n_stream),
        Ok(v @ serde_json::Value::Object(_)) => {
            for (name, path) in params {
                let mut cur = Some(&v);
                for part in path {
                    cur = match (cur, part) {
                        (Some(serde_json::Value::Object(m)), PathPart::Key(k)) => m.get(k),
                        (Some(serde_json::Value::Array(a)), PathPart::Index(i)) => a.get(*i),
                        _ => None,
                    };
                }
                if let Some(x) = cur {
                    add_parsed(labels, n_stream, name, json_text(x));
                }
            }
        }
        Ok(_) => set_error(
            labels,
            "JSONParserErr",
            Some("Value looks like object, but can't find closing '}' symbol".into()),
        ),
        Err(e) => set_error(labels, "JSONParserErr", Some(e.to_string())),
    }
}

/// `| unpack`: string fields become labels, `_entry` becomes the line.
pub(super) fn apply_unpack(line: &mut String, labels: &mut Labels, n_stream: usize) {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(m)) => {
            let mut entry = None;
            for (k, v) in &m {
                if k == "_entry" {
                    entry = Some(json_text(v));
                } else if let serde_json::Value::String(s) = v {
                    add_parsed(labels, n_stream, &sanitize(k), s.clone());
                }
            }
            if let Some(e) = entry {
                *line = e;
            }
        }
        _ => set_error(labels, "JSONParserErr", None),
    }
}

/// `| logfmt [--strict] [--keep-empty] [params]`.
pub(super) fn apply_logfmt(
    strict: bool,
    keep_empty: bool,
    params: &[(String, String)],
    line: &str,
    labels: &mut Labels,
    n_stream: usize,
) {
    let mut found: Vec<(String, String)> = Vec::new();
    let r = logfmt(line, strict, keep_empty, |k, v| found.push((sanitize(k), v)));
    if params.is_empty() {
        for (k, v) in found {
            if !k.is_empty() {
                add_parsed(labels, n_stream, &k, v);
            }
        }
    } else {
        for (name, key) in params {
            if let Some((_, v)) = found.iter().rev().find(|(k, _)| k == key) {
                add_parsed(labels, n_stream, name, v.clone());
            }
        }
    }
    if let Err(e) = r {
        set_error(labels, "LogfmtParserErr", Some(e));
    }
}

/// logfmt in the manner of go-logfmt: `k=v`, `k="quoted \" v"`, bare `k`.
fn logfmt(line: &str, strict: bool, keep_empty: bool, mut f: impl FnMut(&str, String)) -> Result<(), String> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i] <= b' ' {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let ks = i;
        while i < b.len() && b[i] > b' ' && b[i] != b'=' && b[i] != b'"' {
            i += 1;
        }
        let key = &line[ks..i];
        if key.is_empty() {
            if strict {
                return Err(format!(
                    "logfmt syntax error at pos {}: unexpected '{}'",
                    i + 1,
                    b[i] as char
                ));
            }
            i += 1;
            continue;
        }
        if i >= b.len() || b[i] != b'=' {
            if i < b.len() && b[i] == b'"' {
                if strict {
                    return Err(format!("logfmt syntax error at pos {}: unexpected '\"'", i + 1));
                }
                i += 1;
                continue;
            }
            if keep_empty {
                f(key, String::new());
            }
            continue;
        }
        i += 1; // '='
        if i < b.len() && b[i] == b'"' {
            let (v, next, closed) = quoted_value(line, i + 1);
            i = next;
            if !closed && strict {
                return Err("logfmt syntax error: unterminated quoted value".into());
            }
            if !v.is_empty() || keep_empty {
                f(key, v);
            }
        } else {
            let vs = i;
            while i < b.len() && b[i] > b' ' {
                if (b[i] == b'"' || b[i] == b'=') && strict {
                    return Err(format!(
                        "logfmt syntax error at pos {}: unexpected '{}'",
                        i + 1,
                        b[i] as char
                    ));
                }
                i += 1;
            }
            let v = &line[vs..i];
            if !v.is_empty() || keep_empty {
                f(key, v.to_string());
            }
        }
    }
    Ok(())
}

/// A logfmt quoted value starting after its opening quote: the unescaped
/// text, the position after it, and whether the closing quote was found.
fn quoted_value(line: &str, start: usize) -> (String, usize, bool) {
    let b = line.as_bytes();
    let mut v = String::new();
    let mut i = start;
    let mut run = i;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            v.push_str(&line[run..i]);
            v.push(match b[i + 1] {
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'"' => '"',
                b'\\' => '\\',
                other => other as char,
            });
            i += 2;
            run = i;
            continue;
        }
        if b[i] == b'"' {
            v.push_str(&line[run..i]);
            return (v, i + 1, true);
        }
        i += 1;
    }
    v.push_str(&line[run.min(line.len())..]);
    (v, i, false)
}

/// Strip ANSI escape sequences (CSI and OSC).
pub fn decolorize(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        if b[i] == 0x1b && i + 1 < b.len() && (b[i + 1] == b'[' || b[i + 1] == b']') {
            out.push_str(&s[run..i]);
            let osc = b[i + 1] == b']';
            i += 2;
            while i < b.len() {
                let c = b[i];
                i += 1;
                if osc && (c == 0x07) {
                    break;
                }
                if !osc && (0x40..=0x7e).contains(&c) {
                    break;
                }
            }
            run = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[run..]);
    out
}

//! `| json`, `| json name="path", ...` and `| unpack`, as Loki runs them
//! on top of its streaming JSON reader.

use std::borrow::Cow;

use super::hints::Hints;
use super::jsonscan::{array_each, next_token, object_each, unescape, Kind};
use super::row::{sanitize, Row};

/// One step of a `| json` parameter path.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPart {
    Key(String),
    Index(usize),
}

/// Loki's JSON path expressions: `a.b[0]["c d"]`. Field names are ASCII
/// identifiers; anything else is an error.
pub fn parse_path(s: &str) -> Result<Vec<PathPart>, String> {
    let err = |m: String| format!("cannot parse expression [{s}]: {m}");
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'.' => i += 1,
            b'[' => {
                i += 1;
                if b.get(i) == Some(&b'"') {
                    let end = s[i + 1..].find(['"', ']']).map(|e| i + 1 + e).unwrap_or(b.len());
                    parts.push(PathPart::Key(s[i + 1..end].to_string()));
                    i = end + 1;
                } else {
                    let end = s[i..]
                        .find(']')
                        .map(|e| i + e)
                        .ok_or_else(|| err("syntax error".into()))?;
                    let n = s[i..end].trim().parse().map_err(|_| err("non-integer value".into()))?;
                    parts.push(PathPart::Index(n));
                    i = end;
                }
                while i < b.len() && b[i] == b']' {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && ident(b[i]) {
                    i += 1;
                }
                parts.push(PathPart::Key(s[start..i].to_string()));
            }
            _ => {
                let c = s[i..].chars().next().unwrap_or_default();
                return Err(err(format!("unexpected char {c}")));
            }
        }
    }
    if parts.is_empty() {
        return Err(err("syntax error: unexpected $end".into()));
    }
    Ok(parts)
}

/// A JSON string's text as a label value; an invalid escape gives "", and
/// replacement characters become spaces.
fn text(v: &[u8]) -> String {
    let s = unescape(v).unwrap_or_default();
    if s.contains('\u{FFFD}') {
        s.replace('\u{FFFD}', " ")
    } else {
        s
    }
}

fn value_text(v: &[u8], kind: Kind) -> String {
    match kind {
        Kind::String => text(v),
        Kind::Boolean if v == b"true" => "true".into(),
        Kind::Boolean => "false".into(),
        Kind::Null => String::new(),
        _ => String::from_utf8_lossy(v).into_owned(),
    }
}

/// Why a walk stopped: a JSON error, or a hint that dropped the entry.
enum Stop {
    Json(&'static str),
    Drop,
}

impl From<&'static str> for Stop {
    fn from(e: &'static str) -> Stop {
        Stop::Json(e)
    }
}

/// Append a key to a nested-key prefix the way Loki does.
fn append_sanitized(to: &mut String, key: &str) {
    let key = key.trim();
    if key.is_empty() {
        return;
    }
    if to.is_empty() && key.as_bytes()[0].is_ascii_digit() {
        to.push('_');
    }
    to.extend(
        key.chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }),
    );
}

fn walk(d: &[u8], prefix: &mut String, row: &mut Row<'_>, hints: &Hints) -> Result<(), Stop> {
    object_each(d, |key, value, kind| {
        let key = String::from_utf8_lossy(key);
        match kind {
            Kind::String | Kind::Number | Kind::Boolean => {
                let name: Cow<str> = if prefix.is_empty() {
                    sanitize(&key)
                } else {
                    let mut n = prefix.clone();
                    n.push('_');
                    append_sanitized(&mut n, &key);
                    n.into()
                };
                let name = row.parsed_name(&name).into_owned();
                if row.add_parsed(&name, &value_text(value, kind)) && !hints.keeps(&name, row) {
                    return Err(Stop::Drop);
                }
                Ok(())
            }
            Kind::Object => {
                let len = prefix.len();
                if !prefix.is_empty() {
                    prefix.push('_');
                }
                append_sanitized(prefix, &key);
                let r = walk(value, prefix, row, hints);
                prefix.truncate(len);
                r
            }
            _ => Ok(()),
        }
    })
}

/// `| json`: every scalar, nested keys joined with `_`. False when a hint
/// drops the entry.
pub fn apply(line: &str, row: &mut Row<'_>, hints: &Hints) -> bool {
    let mut prefix = String::new();
    match walk(line.as_bytes(), &mut prefix, row, hints) {
        Ok(()) => true,
        Err(Stop::Drop) => false,
        Err(Stop::Json(e)) => {
            row.set_err("JSONParserErr", Some(e.into()));
            true
        }
    }
}

/// The first value at `path` in `d`, as the text Loki gives it.
fn find(d: &[u8], path: &[PathPart]) -> Option<String> {
    let (first, rest) = path.split_first()?;
    let mut found = None;
    match first {
        PathPart::Key(k) => {
            let _ = object_each(d, |key, value, kind| {
                if found.is_some() || unescape(key).as_deref() != Some(k) {
                    return Ok::<(), &'static str>(());
                }
                found = if rest.is_empty() {
                    Some(param_text(value, kind))
                } else {
                    matches!(kind, Kind::Object | Kind::Array)
                        .then(|| find(value, rest))
                        .flatten()
                };
                Err("found")
            });
        }
        PathPart::Index(n) => {
            let mut i = 0;
            let start = next_token(d)?;
            if d[start] != b'[' {
                return None;
            }
            array_each(&d[start..], |value, kind| {
                if i == *n && found.is_none() {
                    found = if rest.is_empty() {
                        Some(param_text(value, kind))
                    } else {
                        find(value, rest)
                    };
                }
                i += 1;
            });
        }
    }
    found
}

fn param_text(v: &[u8], kind: Kind) -> String {
    match kind {
        Kind::Null => String::new(),
        Kind::Object => String::from_utf8_lossy(v).into_owned(),
        _ => text(v),
    }
}

/// `| json name="path", ...`: only the start of the line is checked; a
/// path that is not found gives an empty label.
pub fn apply_params(params: &[(String, Vec<PathPart>)], line: &str, row: &mut Row<'_>) {
    let Some(&first) = line.as_bytes().first() else { return };
    if !matches!(first, b'"' | b'{' | b'[') {
        row.set_err("JSONParserErr", None);
        return;
    }
    for (id, path) in params {
        if let Some(v) = find(line.as_bytes(), path) {
            let name = row.parsed_name(id).into_owned();
            row.set(&name, v);
        }
    }
    for (id, _) in params {
        if row.get(id).is_none() {
            row.set(id, String::new());
        }
    }
}

/// `| unpack`: an object with an `_entry` key gives its string members as
/// labels and `_entry` as the line; without `_entry` nothing changes.
pub fn unpack(line: &mut String, row: &mut Row<'_>, hints: &Hints) -> bool {
    if line.is_empty() {
        return true;
    }
    if !line.starts_with('{') {
        row.set_err("JSONParserErr", Some("expecting json object(6), but it is not".into()));
        return true;
    }
    let mut found: Vec<(String, String)> = Vec::new();
    let mut entry = None;
    let r = object_each(line.as_bytes(), |key, value, kind| {
        if kind != Kind::String {
            return Ok::<(), &'static str>(());
        }
        let key = String::from_utf8_lossy(key);
        if key == "_entry" {
            entry = Some(unescape(value).ok_or(super::jsonscan::BAD_ESCAPE)?);
            return Ok(());
        }
        let name = row.parsed_name(&key);
        if !row.extracted(&name) {
            found.push((sanitize(&name).into_owned(), text(value)));
        }
        Ok(())
    });
    if let Err(e) = r {
        row.set_err("JSONParserErr", Some(e.into()));
        return true;
    }
    let Some(entry) = entry else { return true };
    for (k, v) in found {
        row.set(&k, v);
        if !hints.keeps(&k, row) {
            *line = entry;
            return false;
        }
    }
    *line = entry;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            parse_path(r#"a.b[0]["c d"]"#).unwrap(),
            vec![
                PathPart::Key("a".into()),
                PathPart::Key("b".into()),
                PathPart::Index(0),
                PathPart::Key("c d".into())
            ]
        );
        assert!(parse_path("unicode_key_é").is_err());
        let d = br#"{"a":{"b":[1,{"c":"x"}]},"o":{"k":1, "j":2}}"#;
        assert_eq!(find(d, &parse_path("a.b[1].c").unwrap()).as_deref(), Some("x"));
        assert_eq!(find(d, &parse_path("o").unwrap()).as_deref(), Some(r#"{"k":1, "j":2}"#));
        assert_eq!(find(b"[1,2,3]", &parse_path("[1]").unwrap()).as_deref(), Some("2"));
    }
}

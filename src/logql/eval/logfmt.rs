//! `| logfmt`, read the way Loki's go-logfmt decoder reads a line: keys end
//! at `=` or a space, a second `=` or a `"` inside an unquoted value is a
//! syntax error that loses that pair, quoted values are unquoted like JSON
//! strings, and an unterminated quote swallows the rest of the line.

use std::borrow::Cow;

use super::hints::Hints;
use super::row::{sanitize, Row};

/// One step of the decoder: a pair, or a pair lost to a syntax error.
enum Scan<'a> {
    Pair(&'a str, Option<Cow<'a, str>>),
    Bad,
}

pub struct Decoder<'a> {
    line: &'a str,
    pos: usize,
    pub err: Option<String>,
}

impl<'a> Decoder<'a> {
    pub fn new(line: &'a str) -> Self {
        Decoder {
            line,
            pos: 0,
            err: None,
        }
    }

    fn eol(&self) -> bool {
        self.pos >= self.line.len()
    }

    fn error(&mut self, msg: &str) {
        self.err = Some(format!("logfmt syntax error at pos {} : {msg}", self.pos + 1));
    }

    fn unexpected(&mut self, c: u8) {
        let q = if c == b'"' {
            "'\"'".to_string()
        } else {
            format!("'{}'", c as char)
        };
        self.error(&format!("unexpected {q}"));
    }

    /// Skip to the next space after a syntax error.
    fn skip_value(&mut self) -> Scan<'a> {
        let b = self.line.as_bytes();
        while self.pos < b.len() && b[self.pos] > b' ' {
            self.pos += 1;
        }
        Scan::Bad
    }

    /// The next pair, or None at the end of the line.
    fn scan(&mut self) -> Option<Scan<'a>> {
        let b = self.line.as_bytes();
        while self.pos < b.len() && b[self.pos] <= b' ' {
            self.pos += 1;
        }
        if self.pos >= b.len() {
            return None;
        }
        let start = self.pos;
        while self.pos < b.len() {
            match b[self.pos] {
                b'=' => {
                    if self.pos == start {
                        self.unexpected(b'=');
                        return Some(self.skip_value());
                    }
                    let key = &self.line[start..self.pos];
                    if key.contains('\u{FFFD}') {
                        self.error("invalid key");
                        return Some(self.skip_value());
                    }
                    self.pos += 1;
                    return Some(self.value(key));
                }
                b'"' => {
                    self.unexpected(b'"');
                    return Some(self.skip_value());
                }
                c if c <= b' ' => break,
                _ => self.pos += 1,
            }
        }
        let key = &self.line[start..self.pos];
        if key.contains('\u{FFFD}') {
            self.error("invalid key");
            return Some(Scan::Bad);
        }
        Some(Scan::Pair(key, None))
    }

    fn value(&mut self, key: &'a str) -> Scan<'a> {
        let b = self.line.as_bytes();
        if self.pos >= b.len() || b[self.pos] <= b' ' {
            return Scan::Pair(key, None);
        }
        if b[self.pos] == b'"' {
            return self.quoted(key);
        }
        let start = self.pos;
        while self.pos < b.len() {
            match b[self.pos] {
                c @ (b'=' | b'"') => {
                    self.unexpected(c);
                    return self.skip_value();
                }
                c if c <= b' ' => break,
                _ => self.pos += 1,
            }
        }
        Scan::Pair(key, Some(Cow::Borrowed(&self.line[start..self.pos])))
    }

    fn quoted(&mut self, key: &'a str) -> Scan<'a> {
        let b = self.line.as_bytes();
        let start = self.pos;
        let (mut esc, mut has_esc) = (false, false);
        let mut i = start + 1;
        while i < b.len() {
            let c = b[i];
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
                has_esc = true;
            } else if c == b'"' {
                self.pos = i + 1;
                let inner = &self.line[start + 1..i];
                if !has_esc {
                    return Scan::Pair(key, Some(Cow::Borrowed(inner)));
                }
                return match unquote(inner) {
                    Some(v) => Scan::Pair(key, Some(Cow::Owned(v))),
                    None => {
                        self.error("invalid quoted value");
                        Scan::Bad
                    }
                };
            }
            i += 1;
        }
        self.pos = b.len();
        self.error("unterminated quoted value");
        Scan::Bad
    }
}

/// JSON-style unquoting of a logfmt value with escapes (go-logfmt's rules:
/// `\'` and `\/` allowed, raw control characters and bare quotes not).
fn unquote(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            '\\' => {
                let (_, e) = it.next()?;
                match e {
                    '"' | '\\' | '/' | '\'' => out.push(e),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let (ch, used) = unicode_escape(&s[i..])?;
                        out.push(ch);
                        for _ in 0..used - 2 {
                            it.next();
                        }
                    }
                    _ => return None,
                }
            }
            '"' => return None,
            c if (c as u32) < 0x20 => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

fn hex4(s: &str) -> Option<u32> {
    let h = s.get(2..6)?;
    if !s.starts_with("\\u") {
        return None;
    }
    u32::from_str_radix(h, 16).ok()
}

/// `\uXXXX` (with a surrogate pair when there is one) at the start of `s`:
/// the character and the bytes used.
fn unicode_escape(s: &str) -> Option<(char, usize)> {
    let r = hex4(s)?;
    if (0xD800..0xE000).contains(&r) {
        if let Some(r2) = s.get(6..).and_then(hex4) {
            if (0xD800..0xDC00).contains(&r) && (0xDC00..0xE000).contains(&r2) {
                let c = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
                return Some((char::from_u32(c)?, 12));
            }
        }
        return Some(('\u{FFFD}', 6));
    }
    Some((char::from_u32(r)?, 6))
}

/// Each pair of the line, in order; `f(key, value)` (value None for a bare
/// key). Returns the decoder's last syntax error. With `strict` decoding
/// stops at the first error.
pub fn pairs(line: &str, strict: bool, mut f: impl FnMut(&str, Option<&str>) -> bool) -> Option<String> {
    let mut d = Decoder::new(line);
    while !d.eol() {
        match d.scan() {
            None => break,
            Some(Scan::Bad) if strict => break,
            Some(Scan::Bad) => continue,
            Some(Scan::Pair(k, v)) => {
                if !f(k, v.as_deref()) {
                    return None;
                }
            }
        }
    }
    d.err
}

/// Invalid UTF-8 was replaced when the line was read; Loki turns those
/// replacement characters into spaces.
fn clean(v: &str) -> Cow<'_, str> {
    if v.contains('\u{FFFD}') {
        v.replace('\u{FFFD}', " ").into()
    } else {
        v.into()
    }
}

/// `| logfmt [--strict] [--keep-empty]`. False when a label filter hint
/// drops the entry.
pub fn apply(strict: bool, keep_empty: bool, line: &str, row: &mut Row<'_>, hints: &Hints) -> bool {
    let mut keep = true;
    let err = pairs(line, strict, |k, v| {
        let key = sanitize(k);
        if key.is_empty() {
            return true;
        }
        let v = v.unwrap_or("");
        if !keep_empty && v.is_empty() {
            return true;
        }
        let name = row.parsed_name(&key);
        if row.add_parsed(&name, &clean(v)) && !hints.keeps(&name, row) {
            keep = false;
            return false;
        }
        true
    });
    if !keep {
        return false;
    }
    if strict {
        if let Some(e) = err {
            row.set_err("LogfmtParserErr", Some(e));
            return hints.keeps(super::row::ERROR, row);
        }
    }
    true
}

/// `| logfmt name="key", ...`: every name is set ("" when the key is
/// missing), each occurrence of a key overwrites the last.
pub fn apply_params(strict: bool, params: &[(String, String)], line: &str, row: &mut Row<'_>) {
    for (id, _) in params {
        if !row.base_has(id) {
            row.set(id, String::new());
        }
    }
    let err = pairs(line, strict, |k, v| {
        let key = sanitize(k);
        if key.is_empty() {
            return true;
        }
        let is_id = params.iter().any(|(id, _)| *id == *key);
        if !is_id && row.extracted(&key) {
            return true;
        }
        // Loki maps the key to a parameter in Go map order (random); the
        // parameter named like the key is taken first here.
        let id = params
            .iter()
            .find(|(id, src)| *src == *key && *id == *key)
            .or_else(|| params.iter().find(|(_, src)| *src == *key))
            .map(|(id, _)| id.as_str());
        let Some(id) = id.or(is_id.then_some(&*key)) else {
            return true;
        };
        let v = v.filter(|v| !v.contains('\u{FFFD}')).unwrap_or("");
        let name = row.parsed_name(id).into_owned();
        row.set(&name, v.to_string());
        true
    });
    if strict {
        if let Some(e) = err {
            row.set_err("LogfmtParserErr", Some(e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(line: &str) -> (Vec<(String, Option<String>)>, Option<String>) {
        let mut v = Vec::new();
        let e = pairs(line, false, |k, val| {
            v.push((k.to_string(), val.map(String::from)));
            true
        });
        (v, e)
    }

    #[test]
    fn decodes_like_go_logfmt() {
        let (p, _) = all(r#"a=1 b="x y" c= d e="\u00e9\t""#);
        assert_eq!(
            p,
            vec![
                ("a".into(), Some("1".into())),
                ("b".into(), Some("x y".into())),
                ("c".into(), None),
                ("d".into(), None),
                ("e".into(), Some("é\t".into())),
            ]
        );
        let (p, e) = all("path=/a?x=1 more=c=d ok=1");
        assert_eq!(p, vec![("ok".into(), Some("1".into()))]);
        assert_eq!(e.unwrap(), "logfmt syntax error at pos 19 : unexpected '='");
        let (p, e) = all(r#"unterminated="oops level=info"#);
        assert!(p.is_empty());
        assert_eq!(e.unwrap(), "logfmt syntax error at pos 30 : unterminated quoted value");
        let (p, e) = all("=novalue key=ok");
        assert_eq!(p, vec![("key".into(), Some("ok".into()))]);
        assert_eq!(e.unwrap(), "logfmt syntax error at pos 1 : unexpected '='");
    }
}

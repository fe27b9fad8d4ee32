//! Encodings: base64 (with Go's error text as the value of a failed
//! `b64dec`), URL query escaping, Go's `html`/`js` escapers, and
//! `fromJson` (numbers become float64, as in Go).

use std::rc::Rc;

use base64::Engine as _;

use super::super::value::Value;
use super::s;

/// Go's `strconv.Quote` (`printf "%q"`).
pub(in crate::logql::template) fn go_quoted(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    crate::core::gofmt::go_quote(s, &mut o);
    o
}

fn b64val(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Go's `base64.StdEncoding.DecodeString`; on error sprig gives the error
/// text as the value.
fn b64dec(s: &str) -> String {
    match b64_decode(s.as_bytes()) {
        Ok(d) => super::super::gonum::go_lossy(&d),
        Err(at) => format!("illegal base64 data at input byte {at}"),
    }
}

fn skip_newlines(src: &[u8], mut si: usize) -> usize {
    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
        si += 1;
    }
    si
}

/// Go's decoding loop: quanta of four characters, newlines skipped,
/// padding only at the end. The error is the offset Go reports.
fn b64_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(src.len() * 3 / 4);
    let mut si = 0;
    while si < src.len() {
        let mut buf = [0u32; 4];
        let mut j = 0;
        while j < 4 {
            si = skip_newlines(src, si);
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if c == b'=' {
                return pad_end(src, si, j, &buf, out);
            }
            buf[j] = b64val(c).ok_or(si - 1)?;
            j += 1;
        }
        let v = buf[0] << 18 | buf[1] << 12 | buf[2] << 6 | buf[3];
        out.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
    }
    Ok(out)
}

/// A '=' after `j` characters of a quantum: the padding must finish the
/// input.
fn pad_end(src: &[u8], mut si: usize, j: usize, buf: &[u32; 4], mut out: Vec<u8>) -> Result<Vec<u8>, usize> {
    match j {
        0 | 1 => return Err(si - 1),
        2 => {
            si = skip_newlines(src, si);
            if si == src.len() {
                return Err(src.len());
            }
            if src[si] != b'=' {
                return Err(si - 1);
            }
            si += 1;
        }
        _ => {}
    }
    si = skip_newlines(src, si);
    if si < src.len() {
        return Err(si);
    }
    let v = buf[0] << 18 | buf[1] << 12 | buf[2] << 6 | buf[3];
    out.push((v >> 16) as u8);
    if j == 3 {
        out.push((v >> 8) as u8);
    }
    Ok(out)
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => o.push(b as char),
            b' ' => o.push('+'),
            b => o.push_str(&format!("%{b:02X}")),
        }
    }
    o
}

/// Go's `url.QueryUnescape`.
fn query_unescape(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) if hex.is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit())) => out.push(v),
                    _ => {
                        let end = (i + 3).min(b.len());
                        return Err(format!(
                            "invalid URL escape {}",
                            crate::core::gofmt::quoted(&String::from_utf8_lossy(&b[i..end]))
                        ));
                    }
                }
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(super::super::gonum::go_lossy(&out))
}

/// Go's `template.HTMLEscapeString`.
fn html_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => o.push_str("&#34;"),
            '\'' => o.push_str("&#39;"),
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\0' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// Go's `template.JSEscapeString`.
fn js_escape(s: &str) -> String {
    use std::fmt::Write;
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\'' => o.push_str("\\'"),
            '"' => o.push_str("\\\""),
            '<' => o.push_str("\\u003C"),
            '>' => o.push_str("\\u003E"),
            '&' => o.push_str("\\u0026"),
            '=' => o.push_str("\\u003D"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u00{:02X}", c as u32);
            }
            c if (c as u32) >= 0x80 && !crate::core::gofmt::go_is_print(c) => {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

fn json_val(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::string(s),
        serde_json::Value::Array(a) => Value::List(Rc::new(a.into_iter().map(json_val).collect())),
        serde_json::Value::Object(m) => {
            let mut items: Vec<(String, Value)> = m.into_iter().map(|(k, v)| (k, json_val(v))).collect();
            items.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Map(Rc::new(items))
        }
    }
}

/// The text Go's `html`/`js`/`urlquery` escape: one string as is,
/// otherwise `fmt.Sprint` of the arguments.
fn joined(a: &[Value], labels: &[(&str, &str)]) -> String {
    match a {
        [Value::Str(s)] => s.to_string(),
        _ => super::builtins::sprint(a, labels),
    }
}

pub(super) fn call(f: &str, a: &[Value], labels: &[(&str, &str)]) -> Result<Option<Value>, String> {
    let st = |x: String| Ok(Some(Value::string(x)));
    match f {
        "b64enc" => st(base64::engine::general_purpose::STANDARD.encode(s(a, 0).as_bytes())),
        "b64dec" => st(b64dec(s(a, 0))),
        "urlencode" => st(query_escape(s(a, 0))),
        "urldecode" => st(query_unescape(s(a, 0))?),
        "html" => st(html_escape(&joined(a, labels))),
        "js" => st(js_escape(&joined(a, labels))),
        "urlquery" => st(query_escape(&joined(a, labels))),
        "fromJson" => Ok(Some(
            serde_json::from_str::<serde_json::Value>(s(a, 0)).map_or(Value::Nil, json_val),
        )),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_like_go() {
        assert_eq!(
            html_escape(r#"<a href="x">O'Neil & co</a>"#),
            "&lt;a href=&#34;x&#34;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
        assert_eq!(
            js_escape("it's \"a\" <b>=&\\\n"),
            r#"it\'s \"a\" \u003Cb\u003E\u003D\u0026\\\u000A"#
        );
        assert_eq!(b64dec("aGVsbG8gd29ybGQ="), "hello world");
        assert_eq!(b64dec("<b>x</b>"), "illegal base64 data at input byte 0");
        assert_eq!(query_escape("a b/c?d"), "a+b%2Fc%3Fd");
        assert_eq!(query_unescape("a%20b+c").unwrap(), "a b c");
    }
}

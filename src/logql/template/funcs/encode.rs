//! Encoding functions: URL, base64, Go quoting, HTML and JavaScript
//! escaping (Go's `html` and `js`), JSON, alignment, counting.

use super::super::Val;
use super::need;

use base64::Engine as _;

pub(super) fn call(f: &str, a: &[Val]) -> Result<Option<Val>, String> {
    let s = |i: usize| a.get(i).map(Val::text).unwrap_or_default();
    let n = |i: usize| a.get(i).map(Val::num).unwrap_or(0.0);
    let last = || a.last().map(Val::text).unwrap_or_default();
    Ok(Some(match f {
        "count" => {
            need(a, 2, f)?;
            let re = regex::Regex::new(&s(0)).map_err(|e| format!("template: count: {e}"))?;
            Val::Num(re.find_iter(&s(1)).count() as f64)
        }
        "alignLeft" | "alignRight" => {
            need(a, 2, f)?;
            let w = n(0).max(0.0) as usize;
            let t: Vec<char> = s(1).chars().collect();
            let r: String = if t.len() >= w {
                t[..w].iter().collect()
            } else if f == "alignLeft" {
                format!("{}{}", t.iter().collect::<String>(), " ".repeat(w - t.len()))
            } else {
                format!("{}{}", " ".repeat(w - t.len()), t.iter().collect::<String>())
            };
            Val::Str(r)
        }
        "urlencode" => Val::Str(url::form_urlencoded::byte_serialize(last().as_bytes()).collect()),
        "urldecode" => Val::Str(
            url::form_urlencoded::parse(format!("x={}", last()).as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default(),
        ),
        "b64enc" => Val::Str(base64::engine::general_purpose::STANDARD.encode(last().as_bytes())),
        "b64dec" => Val::Str(b64dec(&last())),
        "quote" => Val::Str(a.iter().map(|v| go_quoted(&v.text())).collect::<Vec<_>>().join(" ")),
        "squote" => Val::Str(
            a.iter()
                .map(|v| format!("'{}'", v.text()))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "html" => Val::Str(html_escape(&a.iter().map(Val::text).collect::<String>())),
        "js" => Val::Str(js_escape(&a.iter().map(Val::text).collect::<String>())),
        "fromJson" => serde_json::from_str::<serde_json::Value>(&last())
            .map(json_val)
            .unwrap_or(Val::Nil),
        _ => return Ok(None),
    }))
}

/// Go's `strconv.Quote` (sprig's `quote`, `printf "%q"`).
pub(in crate::logql::template) fn go_quoted(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    crate::core::gofmt::go_quote(s, &mut o);
    o
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

fn json_val(v: serde_json::Value) -> Val {
    match v {
        serde_json::Value::Null => Val::Nil,
        serde_json::Value::Bool(b) => Val::Bool(b),
        serde_json::Value::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Val::Str(s),
        serde_json::Value::Array(a) => Val::List(a.into_iter().map(json_val).collect()),
        serde_json::Value::Object(m) => Val::Map(m.into_iter().map(|(k, v)| (k, json_val(v))).collect()),
    }
}

fn b64dec(s: &str) -> String {
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => continue,
        } as u32;
        buf = buf << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
        assert_eq!(go_quoted("tab\there \"q\""), r#""tab\there \"q\"""#);
    }
}

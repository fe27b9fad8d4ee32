//! Go-compatible formatting, in one place: logcli's output is produced by
//! Go's `strconv.Quote` (labels), `encoding/json` (jsonl, `MarshalIndent` for
//! metric results), `time.Duration.String`, Prometheus' `model.Duration`,
//! `strconv.FormatFloat` and go-humanize's `Bytes`. Each is written by hand
//! here because the bytes must be Go's exactly.

use std::fmt::Write as _;

/// Append `s` as a JSON string the way Go's `encoding/json` writes it:
/// `<`, `>`, `&`, U+2028 and U+2029 escaped; `\b`, `\f`, `\n`, `\r`, `\t`
/// by name; other control characters as `\u00XX`.
pub fn json_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let esc: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            b'<' => Some(b"\\u003c"),
            b'>' => Some(b"\\u003e"),
            b'&' => Some(b"\\u0026"),
            0xE2 if i + 2 < bytes.len() && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) => {
                if bytes[i + 2] == 0xA8 {
                    Some(b"\\u2028")
                } else {
                    Some(b"\\u2029")
                }
            }
            _ => None,
        };
        if let Some(e) = esc {
            out.extend_from_slice(&bytes[start..i]);
            out.extend_from_slice(e);
            i += if b == 0xE2 { 3 } else { 1 };
            start = i;
            continue;
        }
        if b < 0x20 {
            out.extend_from_slice(&bytes[start..i]);
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
            i += 1;
            start = i;
            continue;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Go's `unicode.IsPrint`, approximated for the characters that occur in
/// label values: controls, non-ASCII spaces and format characters are not
/// printable.
pub fn go_is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E000}'..='\u{F8FF}'
        | '\u{F0000}'..='\u{10FFFF}')
}

/// `s` quoted like Go's `strconv.Quote` (`%q`), as a new string: for
/// messages that repeat Go's own wording.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    go_quote(s, &mut out);
    out
}

/// Append `s` quoted like Go's `strconv.Quote`.
pub fn go_quote(s: &str, out: &mut String) {
    use std::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{07}' => out.push_str("\\a"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0B}' => out.push_str("\\v"),
            c if go_is_print(c) => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
}

/// Go's strconv.FormatFloat(v, 'f', -1, 64).
pub fn fmt_float(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let s = format!("{v}");
    s
}

/// Prometheus model.Duration String: largest units, e.g. 1h30m, 5m, 1d, 100ms.
pub fn fmt_prom_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut ms = ns / 1_000_000;
    if ms == 0 {
        // below millisecond precision: Go duration form
        return fmt_go_duration(ns);
    }
    if ms < 0 {
        out.push('-');
        ms = -ms;
    }
    let units: [(&str, i64); 7] = [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
        ("ms", 1),
    ];
    for (u, size) in units {
        if ms >= size {
            let _ = write!(out, "{}{u}", ms / size);
            ms %= size;
        }
    }
    out
}

/// Go's time.Duration String (1h0m0s, 1.5s, 250ms).
pub fn fmt_go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let mut s = String::new();
    if u < 1_000_000_000 {
        let (unit, div) = if u < 1_000 {
            ("ns", 1u64)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        s.push_str(&frac(u, div));
        s.push_str(unit);
    } else {
        let h = u / 3_600_000_000_000;
        let m = (u / 60_000_000_000) % 60;
        let rem = u % 60_000_000_000;
        if h > 0 {
            let _ = write!(s, "{h}h{m}m");
        } else if m > 0 {
            let _ = write!(s, "{m}m");
        }
        s.push_str(&frac(rem, 1_000_000_000));
        s.push('s');
    }
    if neg {
        s.insert(0, '-');
    }
    s
}

fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let mut rem = v % div;
    if rem == 0 {
        return whole.to_string();
    }
    let mut digits = String::new();
    let mut d = div;
    while rem > 0 && d > 1 {
        d /= 10;
        digits.push((b'0' + (rem / d) as u8) as char);
        rem %= d;
    }
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// go-humanize's `Bytes`: SI units, one decimal below 10 (`82 B`, `1.5 kB`,
/// `20 kB`).
pub fn humanize_bytes(n: u64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if n < 10 {
        return format!("{n} B");
    }
    let e = ((n as f64).ln() / 1000f64.ln()).floor() as usize;
    let e = e.min(UNITS.len() - 1);
    let val = ((n as f64 / 1000f64.powi(e as i32)) * 10.0 + 0.5).floor() / 10.0;
    if val < 10.0 {
        format!("{val:.1} {}", UNITS[e])
    } else {
        format!("{val:.0} {}", UNITS[e])
    }
}

/// go-humanize's `Bytes` without the space, as logcli's `stats` prints
/// byte counts (`0B`, `999B`, `1.0kB`, `20kB`; its `--stats` table keeps the
/// space).
pub fn humanize_bytes_compact(n: u64) -> String {
    humanize_bytes(n).replacen(' ', "", 1)
}

/// Go's `json.MarshalIndent(v, "", "  ")` of a JSON value (map keys sorted,
/// numbers as given), as logcli prints metric results.
pub fn indent_json(v: &serde_json::Value, out: &mut Vec<u8>) {
    fn nl(out: &mut Vec<u8>, depth: usize) {
        out.push(b'\n');
        for _ in 0..depth {
            out.extend_from_slice(b"  ");
        }
    }
    fn rec(v: &serde_json::Value, depth: usize, out: &mut Vec<u8>) {
        use serde_json::Value;
        match v {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Value::String(s) => json_string(s, out),
            Value::Array(a) if a.is_empty() => out.extend_from_slice(b"[]"),
            Value::Object(m) if m.is_empty() => out.extend_from_slice(b"{}"),
            Value::Array(a) => {
                out.push(b'[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    nl(out, depth + 1);
                    rec(x, depth + 1, out);
                }
                nl(out, depth);
                out.push(b']');
            }
            Value::Object(m) => {
                out.push(b'{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    nl(out, depth + 1);
                    json_string(k, out);
                    out.extend_from_slice(b": ");
                    rec(x, depth + 1, out);
                }
                nl(out, depth);
                out.push(b'}');
            }
        }
    }
    rec(v, 0, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(s: &str) -> String {
        let mut v = Vec::new();
        json_string(s, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn json_like_go() {
        assert_eq!(js("plain"), "\"plain\"");
        assert_eq!(js("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            js("<a href=\"x\">&</a>"),
            r#""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e""#
        );
        assert_eq!(js("\u{1b}[31mred\u{1b}[0m"), r#""\u001b[31mred\u001b[0m""#);
        assert_eq!(js("tab\tnl\ncr\r\u{8}\u{c}"), r#""tab\tnl\ncr\r\b\f""#);
        assert_eq!(js("café ☃"), "\"café ☃\"");
        assert_eq!(js("x\u{2028}y\u{2029}"), r#""x\u2028y\u2029""#);
    }

    #[test]
    fn quote_like_go() {
        let q = |s: &str| {
            let mut o = String::new();
            go_quote(s, &mut o);
            o
        };
        assert_eq!(q("web"), "\"web\"");
        assert_eq!(q("a\"b"), "\"a\\\"b\"");
        assert_eq!(q("tab\there"), "\"tab\\there\"");
        assert_eq!(q("\u{1b}x"), "\"\\x1bx\"");
        assert_eq!(q("café"), "\"café\"");
        assert_eq!(q("\u{200B}"), "\"\\u200b\"");
        assert_eq!(q("\u{a0}"), "\"\\u00a0\"");
    }

    #[test]
    fn quoted_like_go_not_like_rust_debug() {
        // Rust's Debug gives "a\u{1}\u{301}": Go writes \x01 and keeps a combining mark
        assert_eq!(quoted("a\u{1}\u{301}\u{7f}"), "\"a\\x01\u{301}\\x7f\"");
    }

    #[test]
    fn humanize_like_go() {
        assert_eq!(humanize_bytes(0), "0 B");
        assert_eq!(humanize_bytes(9), "9 B");
        assert_eq!(humanize_bytes(82), "82 B");
        assert_eq!(humanize_bytes(1_500), "1.5 kB");
        assert_eq!(humanize_bytes(20_532), "20 kB"); // 20.5 rounds half to even, as Go's %.0f
        assert_eq!(humanize_bytes(3_000_000_000), "3.0 GB");
    }

    #[test]
    fn go_durations() {
        assert_eq!(fmt_go_duration(90_000_000_000), "1m30s");
        assert_eq!(fmt_go_duration(3_600_000_000_000), "1h0m0s");
        assert_eq!(fmt_go_duration(1_500_000_000), "1.5s");
        assert_eq!(fmt_go_duration(250_000_000), "250ms");
        assert_eq!(fmt_go_duration(1_500), "1.5µs");
        assert_eq!(fmt_go_duration(0), "0s");
        assert_eq!(fmt_prom_duration(5_400_000_000_000), "1h30m");
    }

    #[test]
    fn indent_matches_marshal_indent() {
        let v: serde_json::Value =
            serde_json::from_str(r#"[{"metric":{"app":"db"},"value":[1795577876.102,"3"]},{"metric":{},"values":[]}]"#)
                .unwrap();
        let mut out = Vec::new();
        indent_json(&v, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[\n  {\n    \"metric\": {\n      \"app\": \"db\"\n    },\n    \"value\": [\n      1795577876.102,\n      \"3\"\n    ]\n  },\n  {\n    \"metric\": {},\n    \"values\": []\n  }\n]"
        );
    }
}

/// Go's `strconv.FormatFloat(v, 'g', -1, 64)`: shortest digits, exponent
/// form when the exponent is below -4 or at least 6 (`1e+06`, `1e-05`).
pub fn fmt_float_g(v: f64) -> String {
    if !v.is_finite() || v == 0.0 {
        return fmt_float(v);
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `1.2345e6`.
    let e = format!("{:e}", v.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let sign = if v < 0.0 { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let frac = &digits[1..];
        let dot = if frac.is_empty() {
            String::new()
        } else {
            format!(".{frac}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{}{dot}e{esign}{:02}", &digits[..1], exp.abs());
    }
    format!("{sign}{}", fmt_float(v.abs()))
}

/// Prometheus `model.Duration.String()` of a range: milliseconds at most,
/// and years or weeks only when the whole value is a multiple of them
/// (`1d`, `1w`, `1000d`, `1m30s`).
pub fn fmt_prom_range(ns: i64) -> String {
    let mut ms = ns / 1_000_000;
    if ms == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let units: [(&str, i64, bool); 7] = [
        ("y", 365 * 86_400_000, true),
        ("w", 7 * 86_400_000, true),
        ("d", 86_400_000, false),
        ("h", 3_600_000, false),
        ("m", 60_000, false),
        ("s", 1000, false),
        ("ms", 1, false),
    ];
    for (u, size, exact) in units {
        if exact && ms % size != 0 {
            continue;
        }
        let v = ms / size;
        if v > 0 {
            let _ = write!(out, "{v}{u}");
            ms -= v * size;
        }
    }
    out
}

#[cfg(test)]
mod go_number_tests {
    use super::*;

    #[test]
    fn formats_like_go() {
        assert_eq!(fmt_float_g(1e6), "1e+06");
        assert_eq!(fmt_float_g(123456789.0), "1.23456789e+08");
        assert_eq!(fmt_float_g(0.00001), "1e-05");
        assert_eq!(fmt_float_g(100000.0), "100000");
        assert_eq!(fmt_float_g(0.0001), "0.0001");
        assert_eq!(fmt_float_g(-0.5), "-0.5");
        assert_eq!(fmt_float_g(5e-324), "5e-324");
        assert_eq!(fmt_prom_range(1000 * 86_400_000_000_000), "1000d");
        assert_eq!(fmt_prom_range(53 * 7 * 86_400_000_000_000), "53w");
        assert_eq!(fmt_prom_range(90_000_000_000), "1m30s");
    }
}

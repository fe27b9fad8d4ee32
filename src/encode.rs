//! Byte-exact string encoders that match Go's, since logcli's output is
//! produced by Go's `strconv.Quote` (labels) and `encoding/json` (jsonl).

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
fn go_is_print(c: char) -> bool {
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
}

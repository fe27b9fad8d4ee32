//! A streaming JSON reader with the behaviour and error texts of the
//! jsonparser library Loki uses: values are located by scanning, not
//! validated (a number is whatever runs to the next delimiter), an object
//! ends at its first closing brace whatever follows, and an error leaves
//! the keys read before it in place.

pub const MALFORMED_JSON: &str = "Malformed JSON error";
pub const MALFORMED_STRING: &str = "Value is string, but can't find closing '\"' symbol";
pub const MALFORMED_ARRAY: &str = "Value is array, but can't find closing ']' symbol";
pub const MALFORMED_OBJECT: &str = "Value looks like object, but can't find closing '}' symbol";
pub const UNKNOWN_TYPE: &str = "Unknown value type";
pub const BAD_ESCAPE: &str = "Encountered an invalid escape sequence in a string";

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    String,
    Number,
    Object,
    Array,
    Boolean,
    Null,
}

pub fn next_token(d: &[u8]) -> Option<usize> {
    d.iter().position(|c| !matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
}

/// The end of a string whose opening quote is just before `d`: the index
/// after the closing quote, and whether it holds escapes.
pub fn string_end(d: &[u8]) -> Option<(usize, bool)> {
    let mut escaped = false;
    for (i, &c) in d.iter().enumerate() {
        if c == b'"' {
            if !escaped {
                return Some((i + 1, false));
            }
            let backslashes = d[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return Some((i + 1, true));
            }
        } else if c == b'\\' {
            escaped = true;
        }
    }
    None
}

/// The end (exclusive) of the object or array that starts at `d[0]`.
pub fn block_end(d: &[u8], open: u8, close: u8) -> Option<usize> {
    let mut level = 0;
    let mut i = 0;
    while i < d.len() {
        match d[i] {
            b'"' => i += string_end(&d[i + 1..])?.0,
            c if c == open => level += 1,
            c if c == close => {
                level -= 1;
                if level == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn token_end(d: &[u8]) -> usize {
    d.iter()
        .position(|c| matches!(c, b' ' | b'\n' | b'\r' | b'\t' | b',' | b'}' | b']'))
        .unwrap_or(d.len())
}

/// The value starting at the first token of `d`: its bytes (a string
/// without its quotes), its kind, and the offset just after it.
pub fn get(d: &[u8]) -> Result<(&[u8], Kind, usize), &'static str> {
    let off = next_token(d).ok_or(MALFORMED_JSON)?;
    let v = &d[off..];
    let (end, kind) = match v[0] {
        b'"' => (string_end(&v[1..]).ok_or(MALFORMED_STRING)?.0 + 1, Kind::String),
        b'[' => (block_end(v, b'[', b']').ok_or(MALFORMED_ARRAY)?, Kind::Array),
        b'{' => (block_end(v, b'{', b'}').ok_or(MALFORMED_OBJECT)?, Kind::Object),
        c => {
            let end = token_end(v);
            let word = &v[..end];
            let kind = match c {
                b't' | b'f' if word == b"true" || word == b"false" => Kind::Boolean,
                b'n' | b'u' if word == b"null" => Kind::Null,
                b'0'..=b'9' | b'-' => Kind::Number,
                _ => return Err(UNKNOWN_TYPE),
            };
            (end, kind)
        }
    };
    let value = if kind == Kind::String {
        &v[1..end - 1]
    } else {
        &v[..end]
    };
    Ok((value, kind, off + end))
}

/// Each member of the object at the start of `d`, in order. The callback
/// may stop the walk with its own error.
pub fn object_each<E: From<&'static str>>(
    d: &[u8],
    mut f: impl FnMut(&[u8], &[u8], Kind) -> Result<(), E>,
) -> Result<(), E> {
    let mut off = next_token(d).ok_or(MALFORMED_OBJECT)?;
    if d[off] != b'{' {
        return Err(MALFORMED_OBJECT.into());
    }
    off += 1;
    off += next_token(&d[off..]).ok_or(MALFORMED_JSON)?;
    while off < d.len() {
        match d[off] {
            b'"' => off += 1,
            b'}' => return Ok(()),
            _ => return Err(MALFORMED_OBJECT.into()),
        }
        let (len, escaped) = string_end(&d[off..]).ok_or(MALFORMED_JSON)?;
        let raw_key = &d[off..off + len - 1];
        off += len;
        let unescaped;
        let key: &[u8] = if escaped {
            unescaped = unescape(raw_key).ok_or(BAD_ESCAPE)?;
            unescaped.as_bytes()
        } else {
            raw_key
        };
        off += next_token(&d[off..]).ok_or(MALFORMED_JSON)?;
        if d[off] != b':' {
            return Err(MALFORMED_JSON.into());
        }
        off += 1;
        let (value, kind, used) = get(&d[off..])?;
        f(key, value, kind)?;
        off += used;
        off += next_token(&d[off..]).ok_or(MALFORMED_ARRAY)?;
        match d[off] {
            b'}' => return Ok(()),
            b',' => off += 1,
            _ => return Err(MALFORMED_OBJECT.into()),
        }
        off += next_token(&d[off..]).ok_or(MALFORMED_ARRAY)?;
    }
    Err(MALFORMED_OBJECT.into())
}

/// Each element of the array at the start of `d`.
pub fn array_each(d: &[u8], mut f: impl FnMut(&[u8], Kind)) {
    let Some(mut off) = next_token(d) else { return };
    off += 1;
    loop {
        let Some(n) = next_token(&d[off..]) else { return };
        off += n;
        if d[off] == b']' {
            return;
        }
        let Ok((v, k, used)) = get(&d[off..]) else { return };
        f(v, k);
        off += used;
        let Some(n) = next_token(&d[off..]) else { return };
        off += n;
        match d[off] {
            b',' => off += 1,
            _ => return,
        }
    }
}

/// JSON string unescaping; None on an invalid escape. A lone surrogate
/// becomes U+FFFD.
pub fn unescape(s: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(s).ok()?;
    if !s.contains('\\') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&s[run..i]);
        let e = *b.get(i + 1)?;
        i += 2;
        match e {
            b'"' | b'\\' | b'/' => out.push(e as char),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let (c, used) = unicode_escape(&b[i..])?;
                out.push(c);
                i += used;
            }
            _ => return None,
        }
        run = i;
    }
    out.push_str(&s[run..]);
    Some(out)
}

fn hex4(b: &[u8]) -> Option<u32> {
    let h = std::str::from_utf8(b.get(..4)?).ok()?;
    u32::from_str_radix(h, 16).ok()
}

/// After `\u`: the character and the bytes used (4, or 10 for a pair).
fn unicode_escape(b: &[u8]) -> Option<(char, usize)> {
    let r = hex4(b)?;
    if !(0xD800..0xE000).contains(&r) {
        return Some((char::from_u32(r)?, 4));
    }
    if (0xD800..0xDC00).contains(&r) && b.get(4..6) == Some(b"\\u") {
        if let Some(r2) = hex4(&b[6..]).filter(|r2| (0xDC00..0xE000).contains(r2)) {
            let c = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
            return Some((char::from_u32(c)?, 10));
        }
    }
    Some(('\u{FFFD}', 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(line: &str) -> (Vec<String>, Result<(), &'static str>) {
        let mut v = Vec::new();
        let r = object_each(line.as_bytes(), |k, val, _| {
            v.push(format!(
                "{}={}",
                String::from_utf8_lossy(k),
                String::from_utf8_lossy(val)
            ));
            Ok::<(), &'static str>(())
        });
        (v, r)
    }

    #[test]
    fn lenient_like_jsonparser() {
        assert_eq!(keys(r#"{"a":1"#), (vec!["a=1".into()], Err(MALFORMED_ARRAY)));
        assert_eq!(keys(r#"{"a":"x"} trailing"#), (vec!["a=x".into()], Ok(())));
        assert_eq!(keys(r#"{"a":1,}"#), (vec!["a=1".into()], Ok(())));
        assert_eq!(keys("[1,2,3]").1, Err(MALFORMED_OBJECT));
        assert_eq!(keys(r#"{"n":1.0e2}"#).0, vec!["n=1.0e2".to_string()]);
        assert_eq!(unescape(br"\u00e9\ud83d\ude80\n").unwrap(), "é🚀\n");
        assert!(unescape(br"\x").is_none());
    }
}

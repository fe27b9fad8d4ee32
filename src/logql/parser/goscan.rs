//! The Go parsing rules Loki's lexer inherits: `text/scanner` numbers,
//! `strconv.ParseFloat` of scanned literals and Prometheus'
//! `model.ParseDuration` (Go's `time.ParseDuration` and go-humanize's
//! `ParseBytes` are in `core::goparse`, shared with the evaluator).

use crate::core::goparse::{hex_float, parse_duration};

/// Go `text/scanner` number literal starting at `start` (a digit, or `.`
/// before a digit): the end of the literal and the scanner's first error.
pub fn scan_number(b: &[u8], start: usize) -> (usize, Option<String>) {
    let mut i = start;
    let mut err: Option<String> = None;
    let mut set = |e: String| {
        err.get_or_insert(e);
    };
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut prefix = 0u8;
    let mut base = 10;
    let mut digits = false;
    let mut invalid = 0u8;
    let mut is_float = false;
    if at(i) != b'.' {
        if at(i) == b'0' {
            i += 1;
            match at(i) {
                c @ (b'x' | b'X' | b'o' | b'O' | b'b' | b'B') => {
                    prefix = c.to_ascii_lowercase();
                    base = match c.to_ascii_lowercase() {
                        b'x' => 16,
                        b'o' => 8,
                        _ => 2,
                    };
                    i += 1;
                }
                _ => {
                    prefix = b'0';
                    base = 8;
                    digits = true;
                }
            }
        }
        let (end, d) = scan_digits(b, i, base, &mut invalid);
        i = end;
        digits |= d;
        if at(i) == b'.' {
            i += 1;
            is_float = true;
        }
    } else {
        i += 1;
        is_float = true;
    }
    if is_float {
        if matches!(prefix, b'o' | b'b') {
            set(format!("invalid radix point in {}", litname(prefix)));
        }
        let (end, d) = scan_digits(b, i, base, &mut invalid);
        i = end;
        digits |= d;
    }
    if !digits {
        set(format!("{} has no digits", litname(prefix)));
    }
    let (end, exp_float) = scan_exponent(b, i, prefix, &mut set);
    i = end;
    is_float |= exp_float;
    if prefix == b'x' && is_float && !exp_float {
        set("hexadecimal mantissa requires a 'p' exponent".into());
    }
    if !is_float && invalid != 0 {
        set(format!("invalid digit '{}' in {}", invalid as char, litname(prefix)));
    }
    let text = &b[start..i];
    if text.contains(&b'_') && !underscore_ok(text) {
        set("'_' must separate successive digits".into());
    }
    (i, err)
}

/// An `e`/`p` exponent at `i`, if any: its end and whether there is one.
fn scan_exponent(b: &[u8], mut i: usize, prefix: u8, set: &mut impl FnMut(String)) -> (usize, bool) {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let e = at(i).to_ascii_lowercase();
    if e != b'e' && e != b'p' {
        return (i, false);
    }
    if e == b'e' && prefix != 0 && prefix != b'0' {
        set(format!("'{}' exponent requires decimal mantissa", at(i) as char));
    } else if e == b'p' && prefix != b'x' {
        set(format!("'{}' exponent requires hexadecimal mantissa", at(i) as char));
    }
    i += 1;
    if matches!(at(i), b'+' | b'-') {
        i += 1;
    }
    let (end, d) = scan_digits(b, i, 10, &mut 0);
    if !d {
        set("exponent has no digits".into());
    }
    (end, true)
}

fn litname(prefix: u8) -> &'static str {
    match prefix.to_ascii_lowercase() {
        b'x' => "hexadecimal literal",
        b'o' | b'0' => "octal literal",
        b'b' => "binary literal",
        _ => "decimal literal",
    }
}

/// Digits (and `_`) of `base` from `i`; digits beyond an octal/binary base
/// are consumed and reported through `invalid`.
fn scan_digits(b: &[u8], mut i: usize, base: u32, invalid: &mut u8) -> (usize, bool) {
    let mut any = false;
    while let Some(&c) = b.get(i) {
        let ok = if base <= 10 {
            c.is_ascii_digit()
        } else {
            c.is_ascii_hexdigit()
        };
        if c == b'_' {
        } else if ok {
            any = true;
            if base <= 10 && (c - b'0') as u32 >= base && *invalid == 0 {
                *invalid = c;
            }
        } else {
            break;
        }
        i += 1;
    }
    (i, any)
}

/// Go's `underscoreOK`: `_` only between digits or after a base prefix.
fn underscore_ok(s: &[u8]) -> bool {
    let mut saw = b'^';
    let mut i = 0;
    let hex = s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'x' | b'o' | b'b');
    if hex {
        i = 2;
        saw = b'0';
    }
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `strconv.ParseFloat(s, 64)` for the literals the scanner produces:
/// the value, or Go's error text with the value Go returns alongside it.
pub fn parse_float(s: &str) -> Result<f64, (String, f64)> {
    let syntax = || {
        (
            format!(
                "strconv.ParseFloat: parsing {}: invalid syntax",
                crate::core::gofmt::quoted(s)
            ),
            0.0,
        )
    };
    let b = s.as_bytes();
    if s.contains('_') && !underscore_ok(b) {
        return Err(syntax());
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let v = if clean.len() > 2 && clean[..2].eq_ignore_ascii_case("0x") {
        hex_float(&clean[2..]).ok_or_else(syntax)?
    } else {
        if clean
            .bytes()
            .any(|c| !(c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')))
        {
            return Err(syntax());
        }
        clean.parse::<f64>().map_err(|_| syntax())?
    };
    if v.is_infinite() {
        return Err((
            format!(
                "strconv.ParseFloat: parsing {}: value out of range",
                crate::core::gofmt::quoted(s)
            ),
            v,
        ));
    }
    Ok(v)
}

/// Go's `strconv.Atoi`.
pub fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

const MS: u64 = 1_000_000;

/// Prometheus' `model.ParseDuration` (range selectors), in nanoseconds.
pub fn prom_duration(orig: &str) -> Result<i64, String> {
    match orig {
        "0" => return Ok(0),
        "" => return Err("empty duration string".into()),
        _ => {}
    }
    let invalid = || format!("not a valid duration string: {}", crate::core::gofmt::quoted(orig));
    let units: [(&str, u64); 7] = [
        ("y", 365 * 86_400_000 * MS),
        ("w", 7 * 86_400_000 * MS),
        ("d", 86_400_000 * MS),
        ("h", 3_600_000 * MS),
        ("m", 60_000 * MS),
        ("s", 1000 * MS),
        ("ms", MS),
    ];
    let mut s = orig;
    let mut dur: u64 = 0;
    let mut last = 0;
    while !s.is_empty() {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(invalid());
        }
        let v: u64 = s[..n].parse().map_err(|_| invalid())?;
        s = &s[n..];
        let u = s.bytes().take_while(|c| !c.is_ascii_digit()).count();
        if u == 0 {
            return Err(invalid());
        }
        let unit = &s[..u];
        s = &s[u..];
        let Some(pos) = units.iter().position(|(name, _)| *name == unit) else {
            return Err(format!(
                "unknown unit {} in duration {}",
                crate::core::gofmt::quoted(unit),
                crate::core::gofmt::quoted(orig)
            ));
        };
        if pos < last {
            return Err(invalid());
        }
        last = pos + 1;
        let mult = units[pos].1;
        if v > (1u64 << 63) / mult {
            return Err("duration out of range".into());
        }
        dur += v * mult;
        if dur > (1u64 << 63) - 1 {
            return Err("duration out of range".into());
        }
    }
    Ok(dur as i64)
}

/// Loki's duration tokens: Prometheus syntax first, then Go's.
pub fn loki_duration(s: &str) -> Option<i64> {
    prom_duration(s).or_else(|_| parse_duration(s)).ok()
}

/// A quoted literal at `start`: its value (a char literal `'x'` keeps its
/// quotes, as Loki makes it an identifier) and its end.
pub fn scan_string(src: &str, start: usize, quote: u8) -> Result<(String, usize), String> {
    let b = src.as_bytes();
    if quote == b'`' {
        let close = src[start + 1..].find('`').ok_or("literal not terminated")?;
        let raw = &src[start + 1..start + 1 + close];
        return Ok((raw.replace('\r', ""), start + close + 2));
    }
    let mut i = start + 1;
    let mut s = String::new();
    let mut n = 0;
    loop {
        let Some(ch) = src.get(i..).and_then(|r| r.chars().next()) else {
            return Err("literal not terminated".into());
        };
        if ch == quote as char {
            break;
        }
        if ch == '\n' {
            return Err("literal not terminated".into());
        }
        n += 1;
        if ch == '\\' {
            let (c, len) = escape(&b[i + 1..], quote)?;
            s.push(c);
            i += 1 + len;
        } else {
            s.push(ch);
            i += ch.len_utf8();
        }
    }
    if quote == b'\'' {
        if n != 1 {
            return Err("invalid char literal".into());
        }
        return Ok((src[start..=i].to_string(), i + 1));
    }
    Ok((s, i + 1))
}

/// A Go escape after `\`: the character and the bytes it used.
fn escape(b: &[u8], quote: u8) -> Result<(char, usize), String> {
    let bad = || "invalid char escape".to_string();
    let c = *b.first().ok_or_else(bad)?;
    let simple = match c {
        b'a' => Some('\u{7}'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        b'v' => Some('\u{b}'),
        b'\\' => Some('\\'),
        _ if c == quote => Some(quote as char),
        _ => None,
    };
    if let Some(ch) = simple {
        return Ok((ch, 1));
    }
    let (skip, n, radix) = match c {
        b'0'..=b'7' => (0, 3, 8),
        b'x' => (1, 2, 16),
        b'u' => (1, 4, 16),
        b'U' => (1, 8, 16),
        _ => return Err(bad()),
    };
    let digits = b
        .get(skip..skip + n)
        .and_then(|d| std::str::from_utf8(d).ok())
        .ok_or_else(bad)?;
    let v = u32::from_str_radix(digits, radix).map_err(|_| bad())?;
    // the scanner takes any three octal digits; strconv.Unquote does not
    // (Prometheus' Unquote: octal above 255 and runes above U+10FFFF are
    // refused, surrogates become U+FFFD)
    if (radix == 8 && v > 255) || v > 0x10FFFF {
        return Err("invalid syntax".into());
    }
    Ok((char::from_u32(v).unwrap_or('\u{fffd}'), skip + n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::goparse::parse_bytes;

    #[test]
    fn numbers_like_go_scanner() {
        assert_eq!(scan_number(b"1_000 ", 0), (5, None));
        assert_eq!(
            scan_number(b"1PB", 0).1.unwrap(),
            "'P' exponent requires hexadecimal mantissa"
        );
        assert_eq!(scan_number(b"1EB", 0).1.unwrap(), "exponent has no digits");
        assert_eq!(scan_number(b"019", 0).1.unwrap(), "invalid digit '9' in octal literal");
        assert_eq!(scan_number(b"0x10)", 0), (4, None));
        assert_eq!(parse_float("0x1p3"), Ok(8.0));
        assert!(parse_float("0x10").is_err());
        assert_eq!(parse_float("1e309").unwrap_err().1, f64::INFINITY);
    }

    #[test]
    fn durations() {
        assert_eq!(prom_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(
            prom_duration("0.5h").unwrap_err(),
            "unknown unit \".\" in duration \"0.5h\""
        );
        assert_eq!(
            prom_duration("5m5m").unwrap_err(),
            "not a valid duration string: \"5m5m\""
        );
        assert_eq!(parse_duration("1.5ns"), Ok(1));
        assert_eq!(parse_duration("-0"), Ok(0));
        assert_eq!(parse_duration("1m1h"), Ok(3_660_000_000_000));
        assert_eq!(parse_bytes("1KiB").ok(), Some(1024));
        assert_eq!(parse_bytes("0.5B").ok(), Some(0));
    }
}

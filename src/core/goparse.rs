//! Go's value parsers, with Go's error texts: `strconv.ParseFloat`,
//! `time.ParseDuration` and go-humanize's `ParseBytes`. The LogQL lexer
//! reads literals with them; a label filter that cannot parse a value
//! reports the text as `__error_details__`, so the words must be Go's.

fn quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    crate::core::gofmt::go_quote(s, &mut o);
    o
}

/// Go's `strconv.ParseFloat(s, 64)`.
pub fn parse_float(s: &str) -> Result<f64, String> {
    let syntax = || format!("strconv.ParseFloat: parsing {}: invalid syntax", quote(s));
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let neg = s.starts_with('-');
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Ok(if neg { f64::NEG_INFINITY } else { f64::INFINITY });
    }
    if lower == "nan" {
        return if body.len() == s.len() {
            Ok(f64::NAN)
        } else {
            Err(syntax())
        };
    }
    let v = if let Some(hex) = lower.strip_prefix("0x") {
        hex_float(hex).ok_or_else(syntax)?
    } else {
        decimal_float(body).ok_or_else(syntax)?
    };
    let v = if neg { -v } else { v };
    if v.is_infinite() {
        return Err(format!("strconv.ParseFloat: parsing {}: value out of range", quote(s)));
    }
    Ok(v)
}

/// Digits with at most one '.', an optional exponent, and `_` only between
/// digits of a base-prefixed number (so never here).
fn decimal_float(b: &str) -> Option<f64> {
    let bytes = b.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    b.parse().ok()
}

/// The part of a hex float after `0x`: hex digits, optional '.', and a
/// mandatory `p` exponent.
pub(crate) fn hex_float(b: &str) -> Option<f64> {
    let (mant, exp) = b.split_once(['p', 'P'])?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

/// Go's `time.ParseDuration`, in nanoseconds.
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.chars().next().filter(|c| matches!(c, '-' | '+')) {
        neg = c == '-';
        s = &s[1..];
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        let (v, rest) = duration_part(s, orig)?;
        s = rest;
        d += v;
        if d > 1 << 63 {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > (1u64 << 63) - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// One `[0-9]*(\.[0-9]*)?unit` of a Go duration, in nanoseconds, and the
/// rest of the text.
fn duration_part<'a>(s: &'a str, orig: &str) -> Result<(u64, &'a str), String> {
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let b = s.as_bytes();
    if !(b[0] == b'.' || b[0].is_ascii_digit()) {
        return Err(invalid());
    }
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut v: u64 = 0;
    for &c in &b[..n] {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add((c - b'0') as u64))
            .filter(|&v| v <= 1 << 63)
            .ok_or_else(invalid)?;
    }
    let mut s = &s[n..];
    let (mut f, mut scale, mut post) = (0u64, 1f64, false);
    if let Some(rest) = s.strip_prefix('.') {
        let m = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut overflow = false;
        for c in rest[..m].bytes() {
            // Go stops adding digits once they would overflow
            if overflow || f > (1u64 << 63) / 10 {
                overflow = true;
                continue;
            }
            f = f * 10 + (c - b'0') as u64;
            scale *= 10.0;
        }
        post = m > 0;
        s = &rest[m..];
    }
    if n == 0 && !post {
        return Err(invalid());
    }
    let u = s.bytes().take_while(|&c| !(c == b'.' || c.is_ascii_digit())).count();
    if u == 0 {
        return Err(format!("time: missing unit in duration {}", quote(orig)));
    }
    let unit: u64 = match &s[..u] {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        other => {
            return Err(format!(
                "time: unknown unit {} in duration {}",
                quote(other),
                quote(orig)
            ))
        }
    };
    if v > (1u64 << 63) / unit {
        return Err(invalid());
    }
    v *= unit;
    if f > 0 {
        v += (f as f64 * (unit as f64 / scale)) as u64;
        if v > 1 << 63 {
            return Err(invalid());
        }
    }
    Ok((v, &s[u..]))
}

/// go-humanize's `ParseBytes`.
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let mut last = 0;
    let mut comma = false;
    for c in s.chars() {
        if !(c.is_ascii_digit() || c == '.' || c == ',') {
            break;
        }
        comma |= c == ',';
        last += 1;
    }
    let num = if comma {
        s[..last].replace(',', "")
    } else {
        s[..last].to_string()
    };
    let f = parse_float(&num)?;
    let extra = s[last..].trim().to_lowercase();
    let m: u64 = match extra.as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "ki" | "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mi" | "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gi" | "gib" => 1 << 30,
        "t" | "tb" => 1_000_000_000_000,
        "ti" | "tib" => 1 << 40,
        "p" | "pb" => 1_000_000_000_000_000,
        "pi" | "pib" => 1 << 50,
        "e" | "eb" => 1_000_000_000_000_000_000,
        "ei" | "eib" => 1 << 60,
        _ => return Err(format!("unhandled size name: {extra}")),
    };
    let v = f * m as f64;
    if v >= u64::MAX as f64 {
        return Err(format!("too large: {s}"));
    }
    Ok(v as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_go() {
        assert_eq!(parse_float("+5"), Ok(5.0));
        assert_eq!(parse_float("007"), Ok(7.0));
        assert_eq!(parse_float("1e3"), Ok(1000.0));
        assert_eq!(parse_float(".5"), Ok(0.5));
        assert_eq!(parse_float("0x1p4"), Ok(16.0));
        assert_eq!(
            parse_float("0x1F").unwrap_err(),
            "strconv.ParseFloat: parsing \"0x1F\": invalid syntax"
        );
        assert!(parse_float("1_000").is_err());
        assert!(parse_float("").is_err());
        assert!(parse_float("12.5ms").is_err());
        assert!(parse_float("1e400").unwrap_err().ends_with("value out of range"));
    }

    #[test]
    fn durations_like_go() {
        assert_eq!(parse_duration("1h30m10s"), Ok(5_410_000_000_000));
        assert_eq!(parse_duration("+1s"), Ok(1_000_000_000));
        assert_eq!(parse_duration("1ms500us"), Ok(1_500_000));
        assert_eq!(parse_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("-1s"), Ok(-1_000_000_000));
        assert_eq!(parse_duration("100µs"), Ok(100_000));
        assert_eq!(parse_duration("5").unwrap_err(), "time: missing unit in duration \"5\"");
        assert_eq!(
            parse_duration("1d").unwrap_err(),
            "time: unknown unit \"d\" in duration \"1d\""
        );
        assert_eq!(parse_duration("fast").unwrap_err(), "time: invalid duration \"fast\"");
        assert_eq!(parse_duration("0"), Ok(0));
    }

    #[test]
    fn bytes_like_humanize() {
        assert_eq!(parse_bytes("1KiB"), Ok(1024));
        assert_eq!(parse_bytes("1kb"), Ok(1000));
        assert_eq!(parse_bytes("1 KB"), Ok(1000));
        assert_eq!(parse_bytes("3.7TiB"), Ok((3.7 * (1u64 << 40) as f64) as u64));
        assert_eq!(
            parse_bytes("-5B").unwrap_err(),
            "strconv.ParseFloat: parsing \"\": invalid syntax"
        );
        assert_eq!(parse_bytes("100"), Ok(100));
    }
}

//! The value parsers behind label filters, with Go's error texts:
//! `strconv.ParseFloat`, `time.ParseDuration` and go-humanize's
//! `ParseBytes`. A filter that cannot parse a value reports the text as
//! `__error_details__`, so the words must be Go's.

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
fn hex_float(b: &str) -> Option<f64> {
    let (mant, exp) = b.split_once('p')?;
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
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(s));
    let mut rest = s;
    let neg = rest.starts_with('-');
    rest = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let (v, frac, scale, after) = leading_number(rest).ok_or_else(invalid)?;
        rest = after;
        let unit_len = rest
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", quote(s)));
        }
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let mult: u64 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {} in duration {}", quote(unit), quote(s))),
        };
        if v > (1u64 << 63) / mult {
            return Err(invalid());
        }
        let mut part = v * mult;
        if frac > 0 {
            part += (frac as f64 * (mult as f64 / scale)) as u64;
            if part > 1 << 63 {
                return Err(invalid());
            }
        }
        total = total.checked_add(part).filter(|t| *t <= 1 << 63).ok_or_else(invalid)?;
    }
    if !neg && total > (1u64 << 63) - 1 {
        return Err(invalid());
    }
    Ok(if neg {
        (total as i64).wrapping_neg()
    } else {
        total as i64
    })
}

/// `[0-9]*(\.[0-9]*)?` at the start of `s`: the integer part, the fraction
/// digits as an integer with its power of ten, and the rest. None when no
/// digit at all.
fn leading_number(s: &str) -> Option<(u64, u64, f64, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut v: u64 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v.checked_mul(10)?.checked_add((b[i] - b'0') as u64)?;
        i += 1;
    }
    let pre = i;
    let (mut frac, mut scale) = (0u64, 1f64);
    let mut post = false;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if frac < (1 << 62) / 10 {
                frac = frac * 10 + (b[i] - b'0') as u64;
                scale *= 10.0;
            }
            i += 1;
        }
        post = i > start;
    }
    if pre == 0 && !post {
        return None;
    }
    Some((v, frac, scale, &s[i..]))
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

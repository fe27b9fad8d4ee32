//! Go's float formatting (`strconv.FormatFloat` with 'e', 'f', 'g' and
//! shortest precision) and Go's lossy view of bytes as text.

/// The shortest decimal digits of `v` (no sign) and the decimal exponent of
/// the first digit: 1234.5 is ("12345", 3).
fn shortest_digits(v: f64) -> (String, i32) {
    let s = format!("{:e}", v.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    (digits, exp.parse().unwrap_or(0))
}

/// `digits` rounded to `n` significant digits (n >= 1), with the exponent
/// adjusted when rounding carries.
fn round_digits(v: f64, n: usize) -> (String, i32) {
    let s = format!("{:.*e}", n.saturating_sub(1), v.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    (mant.chars().filter(|c| *c != '.').collect(), exp.parse().unwrap_or(0))
}

fn exp_suffix(out: &mut String, e: char, exp: i32) {
    out.push(e);
    out.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
}

fn special(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v.is_infinite() {
        Some(if v > 0.0 { "+Inf" } else { "-Inf" })
    } else {
        None
    }
}

fn sign(v: f64, out: &mut String) {
    if v.is_sign_negative() {
        out.push('-');
    }
}

/// `strconv.FormatFloat(v, fmt, prec, 64)` for fmt in e, E, f, g, G
/// (prec -1: shortest).
pub fn format_float(v: f64, fmt: char, prec: i32) -> String {
    if let Some(s) = special(v) {
        return s.to_string();
    }
    let mut out = String::new();
    match fmt {
        'f' | 'F' => {
            sign(v, &mut out);
            if prec < 0 {
                out.push_str(&crate::core::gofmt::fmt_float(v.abs()));
            } else {
                out.push_str(&format!("{:.*}", prec as usize, v.abs()));
            }
        }
        'e' | 'E' => {
            sign(v, &mut out);
            let (d, exp) = if prec < 0 {
                shortest_digits(v)
            } else {
                round_digits(v, prec as usize + 1)
            };
            let d = if v == 0.0 && prec >= 0 {
                "0".repeat(prec as usize + 1)
            } else {
                d
            };
            out.push_str(&d[..1]);
            if d.len() > 1 {
                out.push('.');
                out.push_str(&d[1..]);
            }
            exp_suffix(
                &mut out,
                if fmt == 'E' { 'E' } else { 'e' },
                if v == 0.0 { 0 } else { exp },
            );
        }
        _ => g(v, fmt == 'G', prec, &mut out),
    }
    out
}

fn g(v: f64, upper: bool, prec: i32, out: &mut String) {
    sign(v, out);
    let shortest = prec < 0;
    let (mut d, exp) = if v == 0.0 {
        ("0".to_string(), 0)
    } else if shortest {
        shortest_digits(v)
    } else {
        round_digits(v, prec.max(1) as usize)
    };
    if !shortest {
        // %g drops trailing zeros
        while d.len() > 1 && d.ends_with('0') {
            d.pop();
        }
    }
    let eprec = if shortest { 6 } else { prec.max(1) };
    if exp < -4 || exp >= eprec {
        out.push_str(&d[..1]);
        if d.len() > 1 {
            out.push('.');
            out.push_str(&d[1..]);
        }
        exp_suffix(out, if upper { 'E' } else { 'e' }, exp);
        return;
    }
    if exp < 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-exp - 1) as usize));
        out.push_str(&d);
    } else if (exp as usize) + 1 >= d.len() {
        out.push_str(&d);
        out.push_str(&"0".repeat(exp as usize + 1 - d.len()));
    } else {
        out.push_str(&d[..exp as usize + 1]);
        out.push('.');
        out.push_str(&d[exp as usize + 1..]);
    }
}

/// Go's `%v` of a float64.
pub fn float_v(v: f64) -> String {
    format_float(v, 'g', -1)
}

/// Bytes as Go shows them in JSON: each byte that does not start a valid
/// UTF-8 sequence becomes U+FFFD on its own.
pub fn go_lossy(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match std::str::from_utf8(&b[i..]) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&b[i..i + good]).unwrap_or_default());
                out.push('\u{FFFD}');
                i += good + 1;
            }
        }
    }
    out
}

/// A byte slice of a string, with Go's view of cut characters.
pub fn byte_slice(s: &str, a: usize, b: usize) -> String {
    match s.get(a..b) {
        Some(x) => x.to_string(),
        None => go_lossy(&s.as_bytes()[a..b]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_go() {
        assert_eq!(float_v(1e6), "1e+06");
        assert_eq!(float_v(123456.0), "123456");
        assert_eq!(float_v(1e21), "1e+21");
        assert_eq!(float_v(0.000001), "1e-06");
        assert_eq!(float_v(0.0001), "0.0001");
        assert_eq!(float_v(3.0), "3");
        assert_eq!(float_v(-0.5), "-0.5");
        assert_eq!(float_v(1.2345678901234567e19), "1.2345678901234567e+19");
        assert_eq!(float_v(1.5e-7), "1.5e-07");
        assert_eq!(format_float(3.25159, 'e', 2), "3.25e+00");
        assert_eq!(format_float(0.01, 'f', 2), "0.01");
        assert_eq!(format_float(1234.5678, 'g', 3), "1.23e+03");
        assert_eq!(format_float(100.0, 'g', 3), "100");
        assert_eq!(format_float(0.0, 'e', -1), "0e+00");
        assert_eq!(go_lossy(&[0xE6, 0x97]), "\u{FFFD}\u{FFFD}");
    }
}

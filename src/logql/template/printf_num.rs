//! Numbers for `printf` (see printf.rs): integers and floats with Go's
//! verbs, flags, widths and precisions.

use super::gonum::{float_v, format_float};

/// A directive's flags, width and precision.
#[derive(Default, Clone, Copy)]
pub(super) struct Spec {
    pub plus: bool,
    pub minus: bool,
    pub sharp: bool,
    /// `%#v`: Go syntax (Go moves `#` here for the `v` verb, and drops `+`).
    pub sharp_v: bool,
    pub zero: bool,
    pub space: bool,
    pub width: Option<usize>,
    pub prec: Option<usize>,
}

/// `n` with an integer verb; false (nothing written) for another verb.
pub(super) fn int(out: &mut String, n: i64, verb: char, sp: Spec) -> bool {
    let u = n.unsigned_abs();
    let (digits, prefix) = match verb {
        'd' | 'v' => (u.to_string(), ""),
        'b' => (format!("{u:b}"), if sp.sharp { "0b" } else { "" }),
        'o' => (format!("{u:o}"), if sp.sharp { "0" } else { "" }),
        'O' => (format!("{u:o}"), "0o"),
        'x' => (format!("{u:x}"), if sp.sharp { "0x" } else { "" }),
        'X' => (format!("{u:X}"), if sp.sharp { "0X" } else { "" }),
        'c' => {
            pad(
                out,
                &char::from_u32(n as u32).unwrap_or('\u{FFFD}').to_string(),
                sp,
                false,
            );
            return true;
        }
        'q' => {
            let c = char::from_u32(n as u32).unwrap_or('\u{FFFD}');
            let q = super::funcs::go_quoted(&c.to_string());
            let inner = &q[1..q.len() - 1];
            let inner = if inner == "'" {
                "\\'"
            } else if inner == "\\\"" {
                "\""
            } else {
                inner
            };
            {
                pad(out, &format!("'{inner}'"), sp, false);
                return true;
            };
        }
        'U' => {
            let mut s = format!("U+{u:04X}");
            if sp.sharp {
                s.push_str(&format!(" '{}'", char::from_u32(n as u32).unwrap_or('\u{FFFD}')));
            }
            {
                pad(out, &s, sp, false);
                return true;
            };
        }
        _ => return false,
    };
    let mut digits = digits;
    if let Some(p) = sp.prec {
        if p == 0 && n == 0 {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let sign = if n < 0 {
        "-"
    } else if sp.plus {
        "+"
    } else if sp.space {
        " "
    } else {
        ""
    };
    let sp = if sp.prec.is_some() {
        Spec { zero: false, ..sp }
    } else {
        sp
    };
    pad(out, &format!("{sign}{prefix}{digits}"), sp, true);
    true
}

/// `f` with a float verb; false (nothing written) for another verb.
pub(super) fn float(out: &mut String, f: f64, verb: char, sp: Spec) -> bool {
    let prec = sp.prec.map_or(-1, |p| p as i32);
    let mut s = match verb {
        'v' if prec < 0 => float_v(f),
        'e' | 'E' => format_float(f, verb, if prec < 0 { 6 } else { prec }),
        'f' | 'F' => format_float(f, 'f', if prec < 0 { 6 } else { prec }),
        'g' | 'G' | 'v' => format_float(f, if verb == 'G' { 'G' } else { 'g' }, prec),
        'x' | 'X' => hex_float(f, prec, verb == 'X'),
        _ => return false,
    };
    if f.is_infinite() || f.is_nan() {
        let body = if f.is_nan() { "NaN" } else { "Inf" };
        let sign = if f.is_nan() {
            if sp.plus {
                "+"
            } else if sp.space {
                " "
            } else {
                ""
            }
        } else if f < 0.0 {
            "-"
        } else if sp.plus {
            "+"
        } else if sp.space {
            " "
        } else {
            ""
        };
        {
            pad(out, &format!("{sign}{body}"), Spec { zero: false, ..sp }, false);
            return true;
        };
    }
    if sp.sharp {
        s = sharp_float(&s, verb, prec);
    }
    if !s.starts_with('-') {
        if sp.plus {
            s.insert(0, '+');
        } else if sp.space {
            s.insert(0, ' ');
        }
    }
    pad(out, &s, sp, true);
    true
}

/// `%x` of a float: `0x1.cp+01`.
fn hex_float(f: f64, prec: i32, upper: bool) -> String {
    let neg = f.is_sign_negative();
    let bits = f.abs().to_bits();
    let (mut exp, mut mant) = (((bits >> 52) & 0x7ff) as i32, bits & ((1 << 52) - 1));
    if exp == 0 && mant == 0 {
        let zeros = if prec > 0 {
            format!(".{}", "0".repeat(prec as usize))
        } else {
            String::new()
        };
        let s = format!("{}0x0{zeros}p+00", if neg { "-" } else { "" });
        return if upper { s.to_uppercase() } else { s };
    }
    if exp == 0 {
        while mant & (1 << 52) == 0 {
            mant <<= 1;
            exp -= 1;
        }
        mant &= (1 << 52) - 1;
        exp += 1;
    }
    let e = exp - 1023;
    let mut hex = format!("{mant:013x}");
    if prec >= 0 {
        hex.truncate(prec as usize);
        while hex.len() < prec as usize {
            hex.push('0');
        }
    } else {
        while hex.ends_with('0') {
            hex.pop();
        }
    }
    let frac = if hex.is_empty() {
        String::new()
    } else {
        format!(".{hex}")
    };
    let sign = if e < 0 { '-' } else { '+' };
    let s = format!("{}0x1{frac}p{sign}{:02}", if neg { "-" } else { "" }, e.abs());
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

/// Go's `#` flag on a float: always a decimal point, and for `%g`/`%v`
/// (and `%x`) the trailing zeros up to the precision (6 when none):
/// `%#v` of 0.01 inside `%!d(...)` is `0.0100000`.
fn sharp_float(num: &str, verb: char, prec: i32) -> String {
    let mut digits = match verb {
        'v' | 'g' | 'G' | 'x' => {
            if prec < 0 {
                6
            } else {
                prec
            }
        }
        _ => 0,
    };
    let (sign, body) = match num.chars().next() {
        Some(c @ ('-' | '+')) => (c.to_string(), &num[1..]),
        _ => (String::new(), num),
    };
    let (mut head, mut tail) = (String::new(), "");
    let (mut has_point, mut nonzero) = (false, false);
    for (i, c) in body.char_indices() {
        match c {
            '.' => has_point = true,
            'p' | 'P' => {
                tail = &body[i..];
                break;
            }
            'e' | 'E' if verb != 'x' && verb != 'X' => {
                tail = &body[i..];
                break;
            }
            _ => {
                nonzero |= c != '0';
                if nonzero {
                    digits -= 1;
                }
            }
        }
        head.push(c);
    }
    if !has_point {
        if head == "0" {
            digits -= 1;
        }
        head.push('.');
    }
    while digits > 0 {
        head.push('0');
        digits -= 1;
    }
    format!("{sign}{head}{tail}")
}

/// Pad to the width: spaces (or zeros) on the left, or spaces on the
/// right with `-`. Numbers put zeros after their sign.
pub(super) fn pad(out: &mut String, s: &str, sp: Spec, numeric: bool) {
    let n = s.chars().count();
    let w = sp.width.unwrap_or(0);
    if n >= w {
        out.push_str(s);
        return;
    }
    let fill = w - n;
    if sp.minus {
        out.push_str(s);
        out.push_str(&" ".repeat(fill));
    } else if sp.zero {
        let sign = if numeric && s.starts_with(['-', '+', ' ']) {
            1
        } else {
            0
        };
        out.push_str(&s[..sign]);
        out.push_str(&"0".repeat(fill));
        out.push_str(&s[sign..]);
    } else {
        out.push_str(&" ".repeat(fill));
        out.push_str(s);
    }
}

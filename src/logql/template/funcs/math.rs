//! Arithmetic: sprig's integer maths (int64 through spf13/cast: a string is
//! parsed, anything unparsable is 0), its float maths in exact decimals
//! (shopspring/decimal: `addf 0.1 0.2` is 0.3, `divf` rounds to 16
//! places), rounding, and Loki's `bytes`/`duration` conversions.

use super::super::value::Value;
use crate::core::goparse::{parse_bytes, parse_duration, parse_float};

/// spf13/cast's `ToInt64`: a string loses its decimals and is read as a
/// Go integer literal (anything else is 0); a float is truncated as Go's
/// conversion does on amd64 (out of range gives the smallest int64).
pub fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i, _) => *i,
        Value::Float(f) => go_float_to_int(*f),
        Value::Bool(b) => *b as i64,
        Value::Str(s) => parse_int(s.split('.').next().unwrap_or("")).unwrap_or(0),
        _ => 0,
    }
}

fn go_float_to_int(f: f64) -> i64 {
    // 2^63: the first float above every int64
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
pub fn parse_int(s: &str) -> Option<i64> {
    let (neg, b) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = b.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (&lower[1..], 8)
    } else {
        (lower.as_str(), 10)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if neg { -v } else { v }).ok()
}

/// spf13/cast's `ToFloat64`.
pub fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i, _) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => *b as u8 as f64,
        Value::Str(s) => parse_float(s).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// A decimal number: `coef * 10^exp`.
#[derive(Clone, Copy)]
struct Dec {
    coef: i128,
    exp: i32,
}

impl Dec {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        let s = format!("{f:e}");
        let (mant, exp) = s.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let frac = mant.split_once('.').map_or(0, |(_, fr)| fr.len() as i32);
        let coef: i128 = mant.replace('.', "").parse().ok()?;
        Some(Dec { coef, exp: exp - frac })
    }

    fn to_f64(self) -> f64 {
        format!("{}e{}", self.coef, self.exp).parse().unwrap_or(0.0)
    }

    fn scale_to(self, exp: i32) -> Option<i128> {
        let k = u32::try_from(self.exp - exp).ok()?;
        self.coef.checked_mul(10i128.checked_pow(k)?)
    }

    fn add(self, o: Dec) -> Option<Dec> {
        let exp = self.exp.min(o.exp);
        Some(Dec {
            coef: self.scale_to(exp)?.checked_add(o.scale_to(exp)?)?,
            exp,
        })
    }

    fn mul(self, o: Dec) -> Option<Dec> {
        Some(Dec {
            coef: self.coef.checked_mul(o.coef)?,
            exp: self.exp + o.exp,
        })
    }

    /// `DivRound(o, 16)`: half away from zero at 16 decimal places.
    fn div(self, o: Dec) -> Option<Dec> {
        // self/o = (c1/c2) * 10^(e1-e2); result coefficient at 10^-16
        let shift = self.exp - o.exp + 16;
        let (num, den) = if shift >= 0 {
            (self.coef.checked_mul(10i128.checked_pow(shift as u32)?)?, o.coef)
        } else {
            (self.coef, o.coef.checked_mul(10i128.checked_pow((-shift) as u32)?)?)
        };
        let q = num / den;
        let r = num % den;
        let round = (r.abs().checked_mul(2)? >= den.abs()) as i128;
        let sign = if (num < 0) != (den < 0) { -1 } else { 1 };
        Some(Dec {
            coef: q + sign * round,
            exp: -16,
        })
    }
}

/// sprig's addf/subf/mulf/divf: each operand through NewFromFloat.
fn decimal_op(first: f64, rest: &[Value], op: &str) -> Result<f64, String> {
    let mut acc = Dec::from_f64(first);
    let mut approx = first;
    for v in rest {
        let x = to_float64(v);
        if op == "divf" && x == 0.0 {
            return Err("decimal division by 0".into());
        }
        let d = Dec::from_f64(x);
        acc = match (acc, d) {
            (Some(a), Some(b)) => match op {
                "addf" => a.add(b),
                "subf" => a.add(Dec {
                    coef: -b.coef,
                    exp: b.exp,
                }),
                "mulf" => a.mul(b),
                _ => a.div(b),
            },
            _ => None,
        };
        approx = match op {
            "addf" => approx + x,
            "subf" => approx - x,
            "mulf" => approx * x,
            _ => approx / x,
        };
    }
    Ok(acc.map_or(approx, Dec::to_f64))
}

fn int_op(f: &str, a: &[Value]) -> Result<i64, String> {
    let x = |i: usize| a.get(i).map_or(0, to_int64);
    Ok(match f {
        "add" => a.iter().map(to_int64).fold(0i64, i64::wrapping_add),
        "sub" => x(0).wrapping_sub(x(1)),
        "mul" => a.iter().map(to_int64).fold(1i64, i64::wrapping_mul),
        "div" | "mod" => {
            if x(1) == 0 {
                return Err("runtime error: integer divide by zero".into());
            }
            if f == "div" {
                x(0).wrapping_div(x(1))
            } else {
                x(0).wrapping_rem(x(1))
            }
        }
        "max" => a.iter().map(to_int64).max().unwrap_or(0),
        _ => a.iter().map(to_int64).min().unwrap_or(0),
    })
}

/// sprig's `round`: half (or `rOpt`) up, on the fraction of v*10^p.
fn round(v: f64, places: i64, on: f64) -> f64 {
    let pow = 10f64.powf(places as f64);
    let digit = pow * v;
    let r = if digit.fract() >= on {
        digit.ceil()
    } else {
        digit.floor()
    };
    r / pow
}

pub(super) fn call(f: &str, a: &[Value], _: &[(&str, &str)]) -> Result<Option<Value>, String> {
    let fl = |i: usize| a.get(i).map_or(0.0, to_float64);
    Ok(Some(match f {
        "add" | "sub" | "mul" | "div" | "mod" | "max" | "min" => {
            Value::Int(int_op(f, a)?, super::super::value::IntType::Int64)
        }
        "addf" => Value::Float(decimal_op(0.0, a, f)?),
        "subf" | "mulf" | "divf" => Value::Float(decimal_op(fl(0), &a[1..], f)?),
        "maxf" => Value::Float(a.iter().map(to_float64).fold(fl(0), f64::max)),
        "minf" => Value::Float(a.iter().map(to_float64).fold(fl(0), f64::min)),
        "ceil" => Value::Float(fl(0).ceil()),
        "floor" => Value::Float(fl(0).floor()),
        "round" => {
            let on = match a.get(2) {
                Some(Value::Float(x)) => *x,
                _ => 0.5,
            };
            Value::Float(round(fl(0), super::n(a, 1), on))
        }
        "int" => Value::int(a.first().map_or(0, to_int64)),
        "float64" => Value::Float(fl(0)),
        "bytes" => Value::Float(parse_bytes(super::s(a, 0))? as f64),
        "duration" | "duration_seconds" => {
            let ns = parse_duration(super::s(a, 0))?;
            Value::Float((ns / 1_000_000_000) as f64 + (ns % 1_000_000_000) as f64 / 1e9)
        }
        _ => return Ok(None),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    #[test]
    fn decimals_like_sprig() {
        assert_eq!(decimal_op(0.0, &[f(0.1), f(0.2)], "addf").unwrap(), 0.3);
        assert_eq!(decimal_op(45.67, &[f(0.01)], "subf").unwrap(), 45.66);
        assert_eq!(decimal_op(0.01, &[f(3.0)], "divf").unwrap(), 0.0033333333333333);
        assert_eq!(decimal_op(1.0, &[f(3.0)], "divf").unwrap(), 0.3333333333333333);
        assert_eq!(decimal_op(1e10, &[f(1e12)], "mulf").unwrap(), 1e22);
        assert!(decimal_op(1.0, &[f(0.0)], "divf").is_err());
        assert_eq!(round(-2.5, 0, 0.5), -3.0);
        assert_eq!(round(2.5, 0, 0.5), 3.0);
        assert_eq!(to_int64(&Value::str("45.67")), 45);
        assert_eq!(to_int64(&Value::str("0x1F")), 31);
        assert_eq!(to_int64(&Value::str("1e3")), 0);
        assert_eq!(to_int64(&Value::Float(1e20)), i64::MIN);
    }
}

//! Arithmetic (integer and float variants), rounding, and conversions
//! of byte sizes and durations.

use super::super::Val;
use super::need;

pub(super) fn call(f: &str, a: &[Val]) -> Result<Option<Val>, String> {
    let n = |i: usize| a.get(i).map(Val::num).unwrap_or(0.0);
    let last = || a.last().map(Val::text).unwrap_or_default();
    Ok(Some(match f {
        "add" | "addf" => Val::Num(
            a.iter()
                .map(Val::num)
                .map(|x| if f == "add" { x.trunc() } else { x })
                .sum(),
        ),
        "mul" | "mulf" => Val::Num(
            a.iter()
                .map(Val::num)
                .map(|x| if f == "mul" { x.trunc() } else { x })
                .product(),
        ),
        "sub" | "subf" | "div" | "divf" | "mod" => {
            need(a, 2, f)?;
            let (x, y) = if f.ends_with('f') {
                (n(0), n(1))
            } else {
                (n(0).trunc(), n(1).trunc())
            };
            Val::Num(match f {
                "sub" | "subf" => x - y,
                "mod" => {
                    if y == 0.0 {
                        return Err("template: mod by zero".into());
                    }
                    x % y
                }
                _ => {
                    if y == 0.0 {
                        return Err("template: division by zero".into());
                    }
                    if f == "div" {
                        (x / y).trunc()
                    } else {
                        x / y
                    }
                }
            })
        }
        "max" | "maxf" => Val::Num(a.iter().map(Val::num).fold(f64::MIN, f64::max)),
        "min" | "minf" => Val::Num(a.iter().map(Val::num).fold(f64::MAX, f64::min)),
        "ceil" => Val::Num(n(0).ceil()),
        "floor" => Val::Num(n(0).floor()),
        "round" => {
            let p = 10f64.powi(n(1) as i32);
            Val::Num((n(0) * p).round() / p)
        }
        "int" => Val::Num(n(0).trunc()),
        "float64" => Val::Num(n(0)),
        "bytes" => Val::Num(
            crate::logql::lexer::lex(&last())
                .ok()
                .and_then(|t| match t.first().map(|t| &t.tok) {
                    Some(crate::logql::lexer::Tok::Bytes(b, _)) => Some(*b as f64),
                    Some(crate::logql::lexer::Tok::Number(v, _)) => Some(*v),
                    _ => None,
                })
                .unwrap_or(0.0),
        ),
        "duration" | "duration_seconds" => Val::Num(
            crate::core::time::parse_duration(&last())
                .map(|ns| ns as f64 / 1e9)
                .unwrap_or(0.0),
        ),
        _ => return Ok(None),
    }))
}

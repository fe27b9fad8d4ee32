//! Logic and comparison functions, `default`, `printf`/`print`, `len`.

use super::super::Val;
use super::need;

use super::super::printf::go_printf;

pub(super) fn call(f: &str, a: &[Val]) -> Result<Option<Val>, String> {
    let s = |i: usize| a.get(i).map(Val::text).unwrap_or_default();
    Ok(Some(match f {
        "default" => {
            need(a, 1, f)?;
            let given = a.get(1).cloned().unwrap_or(Val::Nil);
            if given.truthy() {
                given
            } else {
                a[0].clone()
            }
        }
        "printf" => {
            need(a, 1, f)?;
            Val::Str(go_printf(&s(0), &a[1..]))
        }
        "print" => Val::Str(a.iter().map(Val::text).collect::<Vec<_>>().join("")),
        "println" => Val::Str(format!("{}\n", a.iter().map(Val::text).collect::<Vec<_>>().join(" "))),
        "len" => {
            need(a, 1, f)?;
            Val::Num(match &a[0] {
                Val::List(l) => l.len(),
                Val::Map(m) => m.len(),
                other => other.text().len(),
            } as f64)
        }
        "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
            need(a, 2, f)?;
            let ord = match (&a[0], &a[1]) {
                (Val::Num(x), y) | (y, Val::Num(x)) if matches!(y, Val::Num(_)) => x.partial_cmp(&y.num()),
                (x, y) => Some(x.text().cmp(&y.text())),
            };
            let ord = ord.unwrap_or(std::cmp::Ordering::Equal);
            let r = match f {
                "eq" => a[1..].iter().any(|b| b.text() == a[0].text()),
                "ne" => ord.is_ne(),
                "lt" => ord.is_lt(),
                "le" => ord.is_le(),
                "gt" => ord.is_gt(),
                _ => ord.is_ge(),
            };
            Val::Bool(r)
        }
        "and" => a
            .iter()
            .find(|v| !v.truthy())
            .cloned()
            .unwrap_or_else(|| a.last().cloned().unwrap_or(Val::Nil)),
        "or" => a
            .iter()
            .find(|v| v.truthy())
            .cloned()
            .unwrap_or_else(|| a.last().cloned().unwrap_or(Val::Nil)),
        "not" => {
            need(a, 1, f)?;
            Val::Bool(!a[0].truthy())
        }
        _ => return Ok(None),
    }))
}

//! Go's text/template builtins (`not`, `len`, `index`, `slice`, the
//! comparisons, `print`/`printf`/`println`) and sprig's `default`.

use std::rc::Rc;

use super::super::gonum::byte_slice;
use super::super::printf::sprintf;
use super::super::value::{IntType, Kind, Value};
use super::empty;

/// `fmt.Sprint`: a space between operands when neither is a string.
pub fn sprint(a: &[Value], labels: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, v) in a.iter().enumerate() {
        let is_str = matches!(v, Value::Str(_));
        if i > 0 && !is_str && !matches!(a[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        v.fmt_v(labels, &mut out);
    }
    out
}

fn sprintln(a: &[Value], labels: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        v.fmt_v(labels, &mut out);
    }
    out.push('\n');
    out
}

fn length(v: &Value, labels: &[(&str, &str)]) -> Result<i64, String> {
    Ok(match v {
        Value::Str(s) => s.len() as i64,
        Value::Labels => labels.len() as i64,
        Value::Map(m) => m.len() as i64,
        Value::List(l) => l.len() as i64,
        Value::Nil | Value::NoEntry => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        other => return Err(format!("len of type {}", other.type_name())),
    })
}

fn index_arg(i: &Value, cap: usize) -> Result<usize, String> {
    let x = match i {
        Value::Int(x, _) => *x,
        Value::Nil => return Err("cannot index slice/array with nil".into()),
        other => return Err(format!("cannot index slice/array with type {}", other.type_name())),
    };
    if x < 0 || x as usize > cap {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn map_key(i: &Value) -> Result<&str, String> {
    match i {
        Value::Str(s) => Ok(s),
        other => Err(format!("value has type {}; should be string", other.type_name())),
    }
}

fn index(item: &Value, idx: &[Value], labels: &[(&str, &str)]) -> Result<Value, String> {
    let mut item = item.clone();
    if matches!(item, Value::Nil) {
        return Err("index of untyped nil".into());
    }
    for i in idx {
        item = match &item {
            Value::Str(s) => {
                let x = index_arg(i, s.len())?;
                let b = *s.as_bytes().get(x).ok_or("reflect: string index out of range")?;
                Value::Int(b as i64, IntType::Uint8)
            }
            Value::List(l) => {
                let x = index_arg(i, l.len())?;
                l.get(x).cloned().ok_or("reflect: slice index out of range")?
            }
            Value::Labels => {
                let k = map_key(i)?;
                Value::str(labels.iter().find(|(n, _)| *n == k).map_or("", |(_, v)| v))
            }
            Value::Map(m) => {
                let k = map_key(i)?;
                m.iter().find(|(n, _)| n == k).map_or(Value::Nil, |(_, v)| v.clone())
            }
            Value::Nil => return Err("index of nil pointer".into()),
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(item)
}

fn slice(item: &Value, idx: &[Value]) -> Result<Value, String> {
    if idx.len() > 3 {
        return Err(format!("too many slice indexes: {}", idx.len()));
    }
    let len = match item {
        Value::Str(s) => {
            if idx.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        Value::List(l) => l.len(),
        Value::Nil => return Err("slice of untyped nil".into()),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut bounds = [0, len];
    for (k, i) in idx.iter().take(2).enumerate() {
        bounds[k] = index_arg(i, len)?;
    }
    if bounds[0] > bounds[1] {
        return Err(format!("invalid slice index: {} > {}", bounds[0], bounds[1]));
    }
    Ok(match item {
        Value::Str(s) => Value::string(byte_slice(s, bounds[0], bounds[1])),
        Value::List(l) => Value::List(Rc::new(l[bounds[0]..bounds[1]].to_vec())),
        _ => Value::Nil,
    })
}

fn bad_comparison(a: &Value, b: &Value) -> String {
    format!(
        "incompatible types for comparison: {} and {}",
        a.type_name(),
        b.type_name()
    )
}

/// Go's `eq arg1 arg2...`.
pub fn eq(a: &Value, rest: &[Value]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    for b in rest {
        let (ka, kb) = (a.kind(), b.kind());
        let truth = if ka != kb {
            if ka != Kind::Invalid && kb != Kind::Invalid {
                return Err(bad_comparison(a, b));
            }
            false
        } else {
            match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Int(x, _), Value::Int(y, _)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Str(x), Value::Str(y)) => x == y,
                (Value::Nil | Value::NoEntry, Value::Nil | Value::NoEntry) => true,
                (Value::Time(x), Value::Time(y)) => x == y,
                _ if a.type_name() == b.type_name() => {
                    let shown = sprintf("%s", std::slice::from_ref(b), &[]);
                    return Err(format!("non-comparable type {shown}: {}", b.type_name()));
                }
                _ => {
                    return Err(format!(
                        "non-comparable types {}: {}, {}: {}",
                        sprintf("%s", std::slice::from_ref(a), &[]),
                        a.type_name(),
                        b.type_name(),
                        sprintf("%v", std::slice::from_ref(b), &[])
                    ))
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `lt arg1 arg2`.
pub fn lt(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (a.kind(), b.kind());
    if matches!(ka, Kind::Invalid | Kind::Other) || matches!(kb, Kind::Invalid | Kind::Other) {
        return Err("invalid type for comparison".into());
    }
    if ka != kb {
        return Err(bad_comparison(a, b));
    }
    Ok(match (a, b) {
        (Value::Int(x, _), Value::Int(y, _)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Str(x), Value::Str(y)) => x < y,
        _ => return Err("invalid type for comparison".into()),
    })
}

pub(super) fn call(f: &str, a: &[Value], labels: &[(&str, &str)]) -> Result<Option<Value>, String> {
    let b = |x: bool| Ok(Some(Value::Bool(x)));
    match f {
        "not" => b(!a[0].truth(labels)),
        "len" => Ok(Some(Value::int(length(&a[0], labels)?))),
        "index" => Ok(Some(index(&a[0], &a[1..], labels)?)),
        "slice" => Ok(Some(slice(&a[0], &a[1..])?)),
        "eq" => b(eq(&a[0], &a[1..])?),
        "ne" => b(!eq(&a[0], &a[1..2])?),
        "lt" => b(lt(&a[0], &a[1])?),
        "le" => b(lt(&a[0], &a[1])? || eq(&a[0], &a[1..2])?),
        "gt" => b(!(lt(&a[0], &a[1])? || eq(&a[0], &a[1..2])?)),
        "ge" => b(!lt(&a[0], &a[1])?),
        "print" => Ok(Some(Value::string(sprint(a, labels)))),
        "println" => Ok(Some(Value::string(sprintln(a, labels)))),
        "printf" => {
            let fmt = a[0].as_str().unwrap_or("");
            Ok(Some(Value::string(sprintf(fmt, &a[1..], labels))))
        }
        "default" => {
            let given = a.get(1);
            Ok(Some(match given {
                Some(g) if !empty(g, labels) => g.clone(),
                _ => a[0].clone(),
            }))
        }
        "call" => Err(format!("non-function of type {}", a[0].type_name())),
        _ => Ok(None),
    }
}

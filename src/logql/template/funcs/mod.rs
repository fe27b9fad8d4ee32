//! The functions of Loki's templates: Go's builtins, the sprig functions
//! Loki registers, and Loki's own. Arguments arrive converted to the Go
//! parameter types of `call::signature`; an `Err` is the function's error
//! (or the runtime panic Go would recover from).

mod builtins;
mod encode;
mod math;
mod sig;
mod strings;
mod time;

use super::value::Value;
use super::Env;
pub use sig::{signature, Ty};

pub(super) use encode::go_quoted;
pub use time::time_method;

/// Is `name` a function the parser accepts?
pub fn is_function(name: &str) -> bool {
    signature(name).is_some()
}

pub fn call(name: &str, a: Vec<Value>, ctx: &Env<'_>) -> Result<Value, String> {
    if let Some(v) = time::call(name, &a, ctx)? {
        return Ok(v);
    }
    for family in [strings::call, encode::call, math::call, builtins::call] {
        if let Some(v) = family(name, &a, ctx.labels)? {
            return Ok(v);
        }
    }
    Err(format!("{name:?} is not a defined function"))
}

/// The string of argument `i` (the call layer guarantees the type).
pub(super) fn s(a: &[Value], i: usize) -> &str {
    a.get(i).and_then(Value::as_str).unwrap_or("")
}

/// The int of argument `i`.
pub(super) fn n(a: &[Value], i: usize) -> i64 {
    match a.get(i) {
        Some(Value::Int(v, _)) => *v,
        _ => 0,
    }
}

/// sprig's `empty`: nil, "", 0, false and empty collections.
pub(super) fn empty(v: &Value, labels: &[(&str, &str)]) -> bool {
    match v {
        Value::Time(_) => false,
        other => !other.truth(labels),
    }
}

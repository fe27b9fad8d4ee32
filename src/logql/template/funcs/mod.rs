//! The template function library, by family. `call` tries each family in
//! turn; `FUNCS` lists every name the parser accepts.

mod encode;
mod entry;
mod logic;
mod math;
mod strings;

use super::{Context, Val};

pub(super) use encode::go_quoted;

pub(super) const FUNCS: &[&str] = &[
    "ToLower",
    "ToUpper",
    "Replace",
    "Trim",
    "TrimLeft",
    "TrimRight",
    "TrimPrefix",
    "TrimSuffix",
    "TrimSpace",
    "lower",
    "upper",
    "title",
    "trunc",
    "substr",
    "replace",
    "repeat",
    "contains",
    "hasPrefix",
    "hasSuffix",
    "indent",
    "nindent",
    "regexReplaceAll",
    "regexReplaceAllLiteral",
    "default",
    "printf",
    "len",
    "count",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "and",
    "or",
    "not",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "addf",
    "subf",
    "mulf",
    "divf",
    "max",
    "min",
    "maxf",
    "minf",
    "ceil",
    "floor",
    "round",
    "int",
    "float64",
    "__line__",
    "__timestamp__",
    "unixEpoch",
    "unixEpochMillis",
    "unixEpochNanos",
    "alignLeft",
    "alignRight",
    "urlencode",
    "urldecode",
    "b64enc",
    "b64dec",
    "fromJson",
    "bytes",
    "duration",
    "duration_seconds",
    "print",
    "println",
    "html",
    "js",
    "quote",
    "squote",
];

fn need(args: &[Val], n: usize, f: &str) -> Result<(), String> {
    if args.len() < n {
        return Err(format!(
            "template: wrong number of args for {f}: want {n} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// Call function `f` with evaluated arguments (a piped value comes last).
pub(super) fn call(f: &str, a: Vec<Val>, ctx: &Context<'_>) -> Result<Val, String> {
    if let Some(v) = entry::call(f, ctx) {
        return Ok(v);
    }
    for family in [strings::call, encode::call, logic::call, math::call] {
        if let Some(v) = family(f, &a)? {
            return Ok(v);
        }
    }
    Err(format!("template: function {f:?} not defined"))
}

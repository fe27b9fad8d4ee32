//! The Go signature of every function Loki's templates know: how many
//! arguments each takes and the Go type each argument is converted to.

/// Go parameter types, as far as the functions need them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ty {
    Str,
    Int,
    Float,
    Time,
    Iface,
    /// `reflect.Value` (Go's builtins): anything goes.
    Value,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Int => "int",
            Ty::Float => "float64",
            Ty::Time => "time.Time",
            Ty::Iface => "interface {}",
            Ty::Value => "reflect.Value",
        }
    }
}

/// A function's parameters; the last one repeats when `variadic`.
pub struct Sig {
    pub params: &'static [Ty],
    pub variadic: bool,
}

const fn sig(params: &'static [Ty]) -> Sig {
    Sig {
        params,
        variadic: false,
    }
}

const fn var(params: &'static [Ty]) -> Sig {
    Sig { params, variadic: true }
}

use Ty::*;

/// The signature of every function Loki's templates know.
pub fn signature(name: &str) -> Option<Sig> {
    Some(match name {
        "ToLower" | "ToUpper" | "TrimSpace" | "lower" | "upper" | "title" | "trim" | "b64enc" | "b64dec"
        | "urlencode" | "urldecode" | "bytes" | "duration" | "duration_seconds" | "unixToTime" | "fromJson" => {
            sig(&[Str])
        }
        "Replace" => sig(&[Str, Str, Str, Int]),
        "Trim" | "TrimLeft" | "TrimRight" | "TrimPrefix" | "TrimSuffix" | "trimAll" | "trimSuffix" | "trimPrefix"
        | "contains" | "hasPrefix" | "hasSuffix" | "count" | "toDate" => sig(&[Str, Str]),
        "regexReplaceAll" | "regexReplaceAllLiteral" | "replace" | "toDateInZone" => sig(&[Str, Str, Str]),
        "trunc" | "indent" | "nindent" | "repeat" | "alignLeft" | "alignRight" => sig(&[Int, Str]),
        "substr" => sig(&[Int, Int, Str]),
        "int" | "float64" | "ceil" | "floor" => sig(&[Iface]),
        "add" | "addf" => var(&[Iface]),
        "sub" | "div" | "mod" => sig(&[Iface, Iface]),
        "mul" | "mulf" | "subf" | "divf" | "max" | "min" | "maxf" | "minf" => var(&[Iface, Iface]),
        "round" => var(&[Iface, Int, Float]),
        "date" => sig(&[Str, Iface]),
        "now" | "__line__" | "__timestamp__" => sig(&[]),
        "unixEpoch" | "unixEpochMillis" | "unixEpochNanos" => sig(&[Time]),
        "default" => var(&[Iface, Iface]),
        "and" | "or" => var(&[Value, Value]),
        "not" | "len" => sig(&[Value]),
        "index" | "slice" => var(&[Value, Value]),
        "eq" => var(&[Value, Value]),
        "ne" | "lt" | "le" | "gt" | "ge" => sig(&[Value, Value]),
        "print" | "println" | "html" | "js" | "urlquery" => var(&[Iface]),
        "printf" => var(&[Str, Iface]),
        "call" => var(&[Value, Value]),
        _ => return None,
    })
}

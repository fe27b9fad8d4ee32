//! Template values with their Go types: how they print (`fmt.Sprint`),
//! their type names (`%T`, error messages), truth, and Go's comparison
//! rules of `eq`/`lt`.

use std::rc::Rc;

use super::gonum::float_v;
use super::gotime::GoTime;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IntType {
    Int,
    Int64,
    Uint8,
}

#[derive(Clone, Debug)]
pub enum Value {
    /// No value (a nil interface).
    Nil,
    /// A missing entry of a `map[string]interface {}`: a nil interface
    /// that has a type until a pipeline unwraps it.
    NoEntry,
    Str(Rc<str>),
    Int(i64, IntType),
    Float(f64),
    Bool(bool),
    /// The entry's labels (`.`): a `map[string]string` read from the context.
    Labels,
    /// `map[string]interface {}` (from `fromJson`), sorted by key.
    Map(Rc<Vec<(String, Value)>>),
    /// `[]interface {}`.
    List(Rc<Vec<Value>>),
    Time(GoTime),
}

/// Go's basic kinds for comparisons.
#[derive(PartialEq, Clone, Copy)]
pub enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    String,
    Other,
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn int(i: i64) -> Value {
        Value::Int(i, IntType::Int)
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::NoEntry => "interface {}",
            Value::Str(_) => "string",
            Value::Int(_, IntType::Int) => "int",
            Value::Int(_, IntType::Int64) => "int64",
            Value::Int(_, IntType::Uint8) => "uint8",
            Value::Float(_) => "float64",
            Value::Bool(_) => "bool",
            Value::Labels => "map[string]string",
            Value::Map(_) => "map[string]interface {}",
            Value::List(_) => "[]interface {}",
            Value::Time(_) => "time.Time",
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Value::Nil | Value::NoEntry => Kind::Invalid,
            Value::Str(_) => Kind::String,
            Value::Int(..) => Kind::Int,
            Value::Float(_) => Kind::Float,
            Value::Bool(_) => Kind::Bool,
            _ => Kind::Other,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Go's truth of a value in `if`, `with`, `and`, `or`, `not`.
    pub fn truth(&self, labels: &[(&str, &str)]) -> bool {
        match self {
            Value::Nil | Value::NoEntry => false,
            Value::Str(s) => !s.is_empty(),
            Value::Int(i, _) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Bool(b) => *b,
            Value::Labels => !labels.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Time(_) => true,
        }
    }

    /// `fmt.Sprint` of the value, as an action prints it.
    pub fn print(&self, labels: &[(&str, &str)], out: &mut String) {
        match self {
            Value::Nil | Value::NoEntry => out.push_str("<no value>"),
            other => other.fmt_v(labels, out),
        }
    }

    /// `%v` of the value (inside maps and lists a nil is `<nil>`).
    pub fn fmt_v(&self, labels: &[(&str, &str)], out: &mut String) {
        match self {
            Value::Nil | Value::NoEntry => out.push_str("<nil>"),
            Value::Str(s) => out.push_str(s),
            Value::Int(i, _) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&float_v(*f)),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Labels => {
                out.push_str("map[");
                for (i, (k, v)) in labels.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    out.push_str(v);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push_str("map[");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.fmt_v(labels, out);
                }
                out.push(']');
            }
            Value::List(l) => {
                out.push('[');
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    v.fmt_v(labels, out);
                }
                out.push(']');
            }
            Value::Time(t) => out.push_str(&super::gotime_fmt::time_string(t)),
        }
    }

    pub fn to_v(&self, labels: &[(&str, &str)]) -> String {
        let mut s = String::new();
        self.fmt_v(labels, &mut s);
        s
    }
}

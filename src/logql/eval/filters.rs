//! Stream selectors and label filters (strings, numbers, durations, bytes,
//! IP addresses, and/or), with Loki's rules: a value that does not convert
//! keeps the entry and flags it `LabelFilterErr` with Go's error text
//! (unless it already has an error); a missing label fails a numeric
//! filter; an entry with an error passes any IP filter.

use regex::Regex;

use super::ip::IpMatcher;
use super::regex::compile;
use super::resimplify::{label_matcher, Matcher};
use super::row::Row;
use crate::core::goparse::{parse_bytes, parse_duration, parse_float};
use crate::logql::ast::{CmpOp, LabelFilter, MatchOp, Matcher as AstMatcher};

/// A Prometheus matcher: regexes are anchored.
#[derive(Clone, Debug)]
pub struct Sel {
    op: MatchOp,
    value: String,
    re: Option<Regex>,
}

impl Sel {
    pub fn new(m: &AstMatcher) -> Result<Sel, String> {
        let re = match m.op {
            MatchOp::Re | MatchOp::Nre => Some(compile(&format!("^(?:{})$", m.value))?),
            _ => None,
        };
        Ok(Sel {
            op: m.op,
            value: m.value.clone(),
            re,
        })
    }

    pub fn matches(&self, v: &str) -> bool {
        match self.op {
            MatchOp::Eq => v == self.value,
            MatchOp::Neq => v != self.value,
            MatchOp::Re => self.re.as_ref().is_some_and(|r| r.is_match(v)),
            MatchOp::Nre => !self.re.as_ref().is_some_and(|r| r.is_match(v)),
        }
    }
}

#[derive(Clone, Debug)]
pub enum Filter {
    /// A string filter that always holds (`=~".*"`); it names no label.
    Noop,
    Str(String, Matcher),
    Num(String, CmpOp, f64),
    Duration(String, CmpOp, i64),
    Bytes(String, CmpOp, u64),
    Ip(String, bool, IpMatcher),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

/// Loki's string label filter: equality, or a regex simplified to literal
/// matchers where it can be.
fn string_filter(m: &AstMatcher) -> Result<Filter, String> {
    let matcher = match m.op {
        MatchOp::Eq => Matcher::Equal(m.value.clone(), false),
        MatchOp::Neq => Matcher::Not(Box::new(Matcher::Equal(m.value.clone(), false))),
        MatchOp::Re | MatchOp::Nre => label_matcher(&m.value, m.op == MatchOp::Re)?,
    };
    if matches!(matcher, Matcher::True) {
        return Ok(Filter::Noop);
    }
    Ok(Filter::Str(m.name.clone(), matcher))
}

/// The query frontend writes a bytes literal back as go-humanize does
/// (`1KiB` as `1.0kB`), and the querier reads that: 1000.
fn frontend_bytes(b: u64) -> u64 {
    let text = crate::core::gofmt::humanize_bytes_compact(b);
    parse_bytes(&text).unwrap_or(b)
}

impl Filter {
    pub fn compile(f: &LabelFilter) -> Result<Filter, String> {
        Ok(match f {
            LabelFilter::Str(m) => string_filter(m)?,
            LabelFilter::Num { name, op, value } => Filter::Num(name.clone(), *op, *value),
            LabelFilter::Duration { name, op, ns, .. } => Filter::Duration(name.clone(), *op, *ns),
            LabelFilter::Bytes { name, op, bytes, .. } => Filter::Bytes(name.clone(), *op, frontend_bytes(*bytes)),
            LabelFilter::Ip { name, negate, value } => Filter::Ip(name.clone(), *negate, IpMatcher::parse(value)?),
            LabelFilter::And(a, b) => Filter::And(Box::new(Filter::compile(a)?), Box::new(Filter::compile(b)?)),
            LabelFilter::Or(a, b) => Filter::Or(Box::new(Filter::compile(a)?), Box::new(Filter::compile(b)?)),
        })
    }

    /// The one label a non-binary filter reads (None for Noop and and/or).
    pub fn single_name(&self) -> Option<&str> {
        match self {
            Filter::Str(n, _)
            | Filter::Num(n, ..)
            | Filter::Duration(n, ..)
            | Filter::Bytes(n, ..)
            | Filter::Ip(n, ..) => Some(n),
            _ => None,
        }
    }

    pub fn eval(&self, row: &mut Row<'_>) -> bool {
        match self {
            Filter::Noop => true,
            Filter::Str(name, m) => m.matches(row.filter_value(name)),
            Filter::Num(name, op, v) => convert(row, name, parse_float, |x| op.eval(x, *v)),
            Filter::Duration(name, op, v) => convert(row, name, parse_duration, |x| op.eval(x, *v)),
            Filter::Bytes(name, op, v) => convert(row, name, parse_bytes, |x| op.eval(x, *v)),
            Filter::Ip(name, negate, m) => {
                if row.has_err() {
                    return true;
                }
                match row.get(name) {
                    None => false,
                    Some(v) => m.in_text(v) != *negate,
                }
            }
            Filter::And(a, b) => {
                let l = a.eval(row);
                let r = b.eval(row);
                l && r
            }
            Filter::Or(a, b) => a.eval(row) || b.eval(row),
        }
    }
}

/// A conversion filter: the label must exist; a value that does not
/// convert keeps the entry with `LabelFilterErr`.
fn convert<T>(
    row: &mut Row<'_>,
    name: &str,
    parse: impl Fn(&str) -> Result<T, String>,
    test: impl Fn(T) -> bool,
) -> bool {
    let Some(v) = row.get(name) else { return false };
    match parse(v) {
        Ok(x) => test(x),
        Err(e) => {
            if !row.has_err() {
                row.set_err("LabelFilterErr", Some(e));
            }
            true
        }
    }
}

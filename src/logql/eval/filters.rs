//! Selector matchers and label filters (strings, numbers, durations,
//! bytes, IP ranges, and/or).

use std::net::IpAddr;

use regex::Regex;

use super::labels::{get, set_error};
use super::Labels;
use crate::logql::ast::{CmpOp, LabelFilter, MatchOp, Matcher};

pub(super) struct Sel {
    op: MatchOp,
    value: String,
    re: Option<Regex>,
}

impl Sel {
    pub(super) fn new(m: &Matcher) -> Result<Sel, String> {
        let re = match m.op {
            MatchOp::Re | MatchOp::Nre => {
                Some(Regex::new(&format!("^(?:{})$", m.value)).map_err(|e| format!("invalid regex: {e}"))?)
            }
            _ => None,
        };
        Ok(Sel {
            op: m.op,
            value: m.value.clone(),
            re,
        })
    }
    pub(super) fn matches(&self, v: &str) -> bool {
        match self.op {
            MatchOp::Eq => v == self.value,
            MatchOp::Neq => v != self.value,
            MatchOp::Re => self.re.as_ref().is_some_and(|r| r.is_match(v)),
            MatchOp::Nre => !self.re.as_ref().is_some_and(|r| r.is_match(v)),
        }
    }
}

pub(super) enum Filter {
    Str(String, Sel),
    Num(String, CmpOp, f64),
    Duration(String, CmpOp, i64),
    Bytes(String, CmpOp, u64),
    Ip(String, bool, IpMatcher),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

pub(super) enum IpMatcher {
    One(IpAddr),
    Cidr(IpAddr, u8),
    Range(IpAddr, IpAddr),
}

impl IpMatcher {
    pub(super) fn parse(s: &str) -> Result<IpMatcher, String> {
        let s = s.trim();
        let bad = || format!("invalid ip filter {s:?}");
        if let Some((a, b)) = s.split_once('/') {
            let ip: IpAddr = a.trim().parse().map_err(|_| bad())?;
            let bits: u8 = b.trim().parse().map_err(|_| bad())?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            if bits > max {
                return Err(bad());
            }
            return Ok(IpMatcher::Cidr(ip, bits));
        }
        if let Some((a, b)) = s.split_once('-') {
            return Ok(IpMatcher::Range(
                a.trim().parse().map_err(|_| bad())?,
                b.trim().parse().map_err(|_| bad())?,
            ));
        }
        Ok(IpMatcher::One(s.parse().map_err(|_| bad())?))
    }

    fn contains(&self, ip: IpAddr) -> bool {
        fn bits(ip: IpAddr) -> (u128, bool) {
            match ip {
                IpAddr::V4(v) => (u32::from(v) as u128, true),
                IpAddr::V6(v) => (u128::from(v), false),
            }
        }
        match *self {
            IpMatcher::One(a) => a == ip,
            IpMatcher::Cidr(net, n) => {
                let (a, v4a) = bits(net);
                let (b, v4b) = bits(ip);
                if v4a != v4b {
                    return false;
                }
                let width = if v4a { 32 } else { 128 };
                if n == 0 {
                    return true;
                }
                let shift = width - n as u32;
                (a >> shift) == (b >> shift)
            }
            IpMatcher::Range(lo, hi) => {
                let (l, v4l) = bits(lo);
                let (h, _) = bits(hi);
                let (x, v4x) = bits(ip);
                v4l == v4x && l <= x && x <= h
            }
        }
    }

    /// Any IP address in `line` inside this matcher.
    pub(super) fn in_line(&self, line: &str) -> bool {
        line.split(|c: char| !(c.is_ascii_hexdigit() || c == '.' || c == ':'))
            .filter(|w| w.len() >= 2)
            .any(|w| w.parse::<IpAddr>().is_ok_and(|ip| self.contains(ip)))
    }
}

pub(super) fn compile_filter(f: &LabelFilter) -> Result<Filter, String> {
    Ok(match f {
        LabelFilter::Str(m) => Filter::Str(m.name.clone(), Sel::new(m)?),
        LabelFilter::Num { name, op, value } => Filter::Num(name.clone(), *op, *value),
        LabelFilter::Duration { name, op, ns, .. } => Filter::Duration(name.clone(), *op, *ns),
        LabelFilter::Bytes { name, op, bytes, .. } => Filter::Bytes(name.clone(), *op, *bytes),
        LabelFilter::Ip { name, negate, value } => Filter::Ip(name.clone(), *negate, IpMatcher::parse(value)?),
        LabelFilter::And(a, b) => Filter::And(Box::new(compile_filter(a)?), Box::new(compile_filter(b)?)),
        LabelFilter::Or(a, b) => Filter::Or(Box::new(compile_filter(a)?), Box::new(compile_filter(b)?)),
    })
}

pub(super) fn eval_filter(f: &Filter, labels: &mut Labels) -> bool {
    let num_err = |labels: &mut Labels| set_error(labels, "LabelFilterErr", None);
    match f {
        Filter::Str(name, sel) => sel.matches(get(labels, name).unwrap_or("")),
        Filter::Num(name, op, v) => match get(labels, name) {
            None => false,
            Some(s) => match s.trim().parse::<f64>() {
                Ok(x) => op.eval(x, *v),
                Err(_) => {
                    num_err(labels);
                    true
                }
            },
        },
        Filter::Duration(name, op, v) => match get(labels, name) {
            None => false,
            Some(s) => match crate::core::time::parse_duration(s) {
                Ok(x) if s.trim().chars().any(|c| c.is_ascii_alphabetic()) => op.eval(x, *v),
                _ => {
                    num_err(labels);
                    true
                }
            },
        },
        Filter::Bytes(name, op, v) => match get(labels, name) {
            None => false,
            Some(s) => {
                match crate::logql::lexer::lex(s.trim())
                    .ok()
                    .and_then(|t| match t.first().map(|t| t.tok.clone()) {
                        Some(crate::logql::lexer::Tok::Bytes(b, _)) => Some(b),
                        Some(crate::logql::lexer::Tok::Number(n, _)) if n >= 0.0 => Some(n as u64),
                        _ => None,
                    }) {
                    Some(x) => op.eval(x, *v),
                    None => {
                        num_err(labels);
                        true
                    }
                }
            }
        },
        Filter::Ip(name, negate, m) => {
            let hit = get(labels, name)
                .and_then(|s| s.trim().parse::<IpAddr>().ok())
                .is_some_and(|ip| m.contains(ip));
            hit != *negate
        }
        Filter::And(a, b) => eval_filter(a, labels) && eval_filter(b, labels),
        Filter::Or(a, b) => eval_filter(a, labels) || eval_filter(b, labels),
    }
}

//! Local evaluation of a log query's selector and pipeline on one line at a
//! time, for `--stdin` and `--file`. Labels are a small vector; parsers add
//! to it, filters read it, formatters rewrite the line.

use std::net::IpAddr;

use regex::Regex;

use super::ast::*;
use super::pattern::Pattern;
use super::template::{Context, Template};

/// Labels of one entry while it goes through the pipeline.
pub type Labels = Vec<(String, String)>;

enum Line {
    Contains(Vec<String>),
    Regex(Regex),
    Pattern(Vec<Pattern>),
    Ip(Vec<IpMatcher>),
}

struct LineStage {
    negate: bool,
    m: Line,
}

enum Compiled {
    Line(LineStage),
    Json(Vec<(String, Vec<PathPart>)>),
    Logfmt {
        strict: bool,
        keep_empty: bool,
        params: Vec<(String, String)>,
    },
    Regexp(Regex),
    Pattern(Pattern),
    Unpack,
    Label(Filter),
    LineFormat(Template),
    LabelFormat(Vec<(String, Fmt)>),
    Drop(Vec<(String, Option<Sel>)>),
    Keep(Vec<(String, Option<Sel>)>),
    Decolorize,
}

enum Fmt {
    Rename(String),
    Template(Template),
}

enum PathPart {
    Key(String),
    Index(usize),
}

struct Sel {
    op: MatchOp,
    value: String,
    re: Option<Regex>,
}

impl Sel {
    fn new(m: &Matcher) -> Result<Sel, String> {
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
    fn matches(&self, v: &str) -> bool {
        match self.op {
            MatchOp::Eq => v == self.value,
            MatchOp::Neq => v != self.value,
            MatchOp::Re => self.re.as_ref().is_some_and(|r| r.is_match(v)),
            MatchOp::Nre => !self.re.as_ref().is_some_and(|r| r.is_match(v)),
        }
    }
}

enum Filter {
    Str(String, Sel),
    Num(String, CmpOp, f64),
    Duration(String, CmpOp, i64),
    Bytes(String, CmpOp, u64),
    Ip(String, bool, IpMatcher),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

enum IpMatcher {
    One(IpAddr),
    Cidr(IpAddr, u8),
    Range(IpAddr, IpAddr),
}

impl IpMatcher {
    fn parse(s: &str) -> Result<IpMatcher, String> {
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
    fn in_line(&self, line: &str) -> bool {
        line.split(|c: char| !(c.is_ascii_hexdigit() || c == '.' || c == ':'))
            .filter(|w| w.len() >= 2)
            .any(|w| w.parse::<IpAddr>().is_ok_and(|ip| self.contains(ip)))
    }
}

fn compile_filter(f: &LabelFilter) -> Result<Filter, String> {
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

fn get<'a>(labels: &'a Labels, name: &str) -> Option<&'a str> {
    labels.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn set(labels: &mut Labels, name: &str, value: String) {
    if let Some(e) = labels.iter_mut().find(|(k, _)| k == name) {
        e.1 = value;
    } else {
        labels.push((name.to_string(), value));
    }
}

/// Add a parsed label; a name already taken by a stream label gets Loki's
/// `_extracted` suffix.
fn add_parsed(labels: &mut Labels, n_stream: usize, name: &str, value: String) {
    if labels[..n_stream].iter().any(|(k, _)| k == name) {
        let alt = format!("{name}_extracted");
        set(labels, &alt, value);
    } else {
        set(labels, name, value);
    }
}

fn set_error(labels: &mut Labels, err: &str, details: Option<String>) {
    if get(labels, "__error__").is_none() {
        labels.push(("__error__".into(), err.into()));
        if let Some(d) = details {
            labels.push(("__error_details__".into(), d));
        }
    }
}

/// Loki's label-name sanitising: invalid characters become `_`.
fn sanitize(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_alphabetic() || c == '_' || (i > 0 && c.is_ascii_digit()) {
            out.push(c);
        } else if c.is_ascii_digit() {
            out.push('_');
            out.push(c);
        } else if !c.is_control() {
            out.push('_');
        }
    }
    out
}

fn eval_filter(f: &Filter, labels: &mut Labels) -> bool {
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
            Some(s) => match crate::time::parse_duration(s) {
                Ok(x) if s.trim().chars().any(|c| c.is_ascii_alphabetic()) => op.eval(x, *v),
                _ => {
                    num_err(labels);
                    true
                }
            },
        },
        Filter::Bytes(name, op, v) => match get(labels, name) {
            None => false,
            Some(s) => match super::lexer::lex(s.trim())
                .ok()
                .and_then(|t| match t.first().map(|t| t.tok.clone()) {
                    Some(super::lexer::Tok::Bytes(b, _)) => Some(b),
                    Some(super::lexer::Tok::Number(n, _)) if n >= 0.0 => Some(n as u64),
                    _ => None,
                }) {
                Some(x) => op.eval(x, *v),
                None => {
                    num_err(labels);
                    true
                }
            },
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

fn parse_path(s: &str) -> Result<Vec<PathPart>, String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    parts.push(PathPart::Key(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    parts.push(PathPart::Key(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                let inner = inner.trim();
                if let Some(q) = inner.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                    parts.push(PathPart::Key(q.to_string()));
                } else {
                    parts.push(PathPart::Index(
                        inner.parse().map_err(|_| format!("invalid json path {s:?}"))?,
                    ));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        parts.push(PathPart::Key(cur));
    }
    Ok(parts)
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn flatten_json(prefix: &str, v: &serde_json::Value, labels: &mut Labels, n_stream: usize) {
    if let serde_json::Value::Object(m) = v {
        for (k, v) in m {
            let key = if prefix.is_empty() {
                sanitize(k)
            } else {
                format!("{prefix}_{}", sanitize(k))
            };
            match v {
                serde_json::Value::Object(_) => flatten_json(&key, v, labels, n_stream),
                serde_json::Value::Array(_) => {}
                other => add_parsed(labels, n_stream, &key, json_text(other)),
            }
        }
    }
}

/// logfmt in the manner of go-logfmt: `k=v`, `k="quoted \" v"`, bare `k`.
fn logfmt(line: &str, strict: bool, keep_empty: bool, mut f: impl FnMut(&str, String)) -> Result<(), String> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i] <= b' ' {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let ks = i;
        while i < b.len() && b[i] > b' ' && b[i] != b'=' && b[i] != b'"' {
            i += 1;
        }
        let key = &line[ks..i];
        if key.is_empty() {
            if strict {
                return Err(format!(
                    "logfmt syntax error at pos {}: unexpected '{}'",
                    i + 1,
                    b[i] as char
                ));
            }
            i += 1;
            continue;
        }
        if i >= b.len() || b[i] != b'=' {
            if i < b.len() && b[i] == b'"' {
                if strict {
                    return Err(format!("logfmt syntax error at pos {}: unexpected '\"'", i + 1));
                }
                i += 1;
                continue;
            }
            if keep_empty {
                f(key, String::new());
            }
            continue;
        }
        i += 1; // '='
        if i < b.len() && b[i] == b'"' {
            i += 1;
            let mut v = String::new();
            let mut run = i;
            let mut closed = false;
            while i < b.len() {
                if b[i] == b'\\' && i + 1 < b.len() {
                    v.push_str(&line[run..i]);
                    let e = b[i + 1];
                    v.push(match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'"' => '"',
                        b'\\' => '\\',
                        other => other as char,
                    });
                    i += 2;
                    run = i;
                    continue;
                }
                if b[i] == b'"' {
                    v.push_str(&line[run..i]);
                    i += 1;
                    closed = true;
                    break;
                }
                i += 1;
            }
            if !closed {
                if strict {
                    return Err("logfmt syntax error: unterminated quoted value".into());
                }
                v.push_str(&line[run.min(line.len())..]);
            }
            if !v.is_empty() || keep_empty {
                f(key, v);
            }
        } else {
            let vs = i;
            while i < b.len() && b[i] > b' ' {
                if (b[i] == b'"' || b[i] == b'=') && strict {
                    return Err(format!(
                        "logfmt syntax error at pos {}: unexpected '{}'",
                        i + 1,
                        b[i] as char
                    ));
                }
                i += 1;
            }
            let v = &line[vs..i];
            if !v.is_empty() || keep_empty {
                f(key, v.to_string());
            }
        }
    }
    Ok(())
}

/// Strip ANSI escape sequences (CSI and OSC).
pub fn decolorize(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        if b[i] == 0x1b && i + 1 < b.len() && (b[i + 1] == b'[' || b[i + 1] == b']') {
            out.push_str(&s[run..i]);
            let osc = b[i + 1] == b']';
            i += 2;
            while i < b.len() {
                let c = b[i];
                i += 1;
                if osc && (c == 0x07) {
                    break;
                }
                if !osc && (0x40..=0x7e).contains(&c) {
                    break;
                }
            }
            run = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[run..]);
    out
}

/// A compiled log query for local evaluation.
pub struct LocalQuery {
    selector: Vec<(String, Sel)>,
    stages: Vec<Compiled>,
}

impl LocalQuery {
    pub fn compile(e: &LogExpr) -> Result<LocalQuery, String> {
        let selector = e
            .matchers
            .iter()
            .map(|m| Ok((m.name.clone(), Sel::new(m)?)))
            .collect::<Result<_, String>>()?;
        let mut stages = Vec::new();
        for s in &e.stages {
            stages.push(match s {
                Stage::Line(l) => {
                    let strs: Vec<&str> = l
                        .values
                        .iter()
                        .filter_map(|v| match v {
                            FilterValue::Str(s) => Some(s.as_str()),
                            _ => None,
                        })
                        .collect();
                    let ips: Vec<&str> = l
                        .values
                        .iter()
                        .filter_map(|v| match v {
                            FilterValue::Ip(s) => Some(s.as_str()),
                            _ => None,
                        })
                        .collect();
                    let m = if !ips.is_empty() {
                        Line::Ip(ips.iter().map(|s| IpMatcher::parse(s)).collect::<Result<_, _>>()?)
                    } else {
                        match l.op {
                            FilterOp::Contains | FilterOp::NotContains => {
                                Line::Contains(strs.iter().map(|s| s.to_string()).collect())
                            }
                            FilterOp::Regex | FilterOp::NotRegex => {
                                let alt = strs.iter().map(|s| format!("(?:{s})")).collect::<Vec<_>>().join("|");
                                Line::Regex(Regex::new(&alt).map_err(|e| format!("invalid regex: {e}"))?)
                            }
                            FilterOp::Pattern | FilterOp::NotPattern => {
                                Line::Pattern(strs.iter().map(|s| Pattern::parse(s)).collect::<Result<_, _>>()?)
                            }
                        }
                    };
                    Compiled::Line(LineStage {
                        negate: l.op.negated(),
                        m,
                    })
                }
                Stage::Parser(ParserStage::Json(params)) => Compiled::Json(
                    params
                        .iter()
                        .map(|(k, p)| Ok((k.clone(), parse_path(p)?)))
                        .collect::<Result<_, String>>()?,
                ),
                Stage::Parser(ParserStage::Logfmt {
                    strict,
                    keep_empty,
                    params,
                }) => Compiled::Logfmt {
                    strict: *strict,
                    keep_empty: *keep_empty,
                    params: params.clone(),
                },
                Stage::Parser(ParserStage::Regexp(r)) => Compiled::Regexp(Regex::new(r).map_err(|e| e.to_string())?),
                Stage::Parser(ParserStage::Pattern(p)) => Compiled::Pattern(Pattern::parse(p)?),
                Stage::Parser(ParserStage::Unpack) => Compiled::Unpack,
                Stage::Label(f) => Compiled::Label(compile_filter(f)?),
                Stage::LineFormat(t) => Compiled::LineFormat(Template::parse(t)?),
                Stage::LabelFormat(items) => Compiled::LabelFormat(
                    items
                        .iter()
                        .map(|i| {
                            Ok(match i {
                                LabelFmt::Rename { dst, src } => (dst.clone(), Fmt::Rename(src.clone())),
                                LabelFmt::Template { dst, template } => {
                                    (dst.clone(), Fmt::Template(Template::parse(template)?))
                                }
                            })
                        })
                        .collect::<Result<_, String>>()?,
                ),
                Stage::Drop(args) | Stage::Keep(args) => {
                    let list = args
                        .iter()
                        .map(|a| Ok((a.name.clone(), a.matcher.as_ref().map(Sel::new).transpose()?)))
                        .collect::<Result<Vec<_>, String>>()?;
                    if matches!(s, Stage::Drop(_)) {
                        Compiled::Drop(list)
                    } else {
                        Compiled::Keep(list)
                    }
                }
                Stage::Decolorize => Compiled::Decolorize,
            });
        }
        Ok(LocalQuery { selector, stages })
    }

    /// Does the stream label set match the selector? Missing labels are "".
    pub fn selector_matches(&self, labels: &Labels) -> bool {
        self.selector
            .iter()
            .all(|(name, sel)| sel.matches(get(labels, name).unwrap_or("")))
    }

    /// Run the pipeline. `labels` starts as the stream labels and ends as the
    /// entry's labels; `line` may be rewritten. Returns false if filtered out.
    pub fn process(&self, ts: i64, line: &mut String, labels: &mut Labels) -> bool {
        let n_stream = labels.len();
        for st in &self.stages {
            match st {
                Compiled::Line(l) => {
                    let hit = match &l.m {
                        Line::Contains(alts) => alts.iter().any(|a| line.contains(a.as_str())),
                        Line::Regex(r) => r.is_match(line),
                        Line::Pattern(ps) => ps.iter().any(|p| p.matches(line, |_, _| {})),
                        Line::Ip(ms) => ms.iter().any(|m| m.in_line(line)),
                    };
                    if hit == l.negate {
                        return false;
                    }
                }
                Compiled::Json(params) => match serde_json::from_str::<serde_json::Value>(line) {
                    Ok(v @ serde_json::Value::Object(_)) => {
                        if params.is_empty() {
                            flatten_json("", &v, labels, n_stream);
                        } else {
                            for (name, path) in params {
                                let mut cur = Some(&v);
                                for part in path {
                                    cur = match (cur, part) {
                                        (Some(serde_json::Value::Object(m)), PathPart::Key(k)) => m.get(k),
                                        (Some(serde_json::Value::Array(a)), PathPart::Index(i)) => a.get(*i),
                                        _ => None,
                                    };
                                }
                                if let Some(x) = cur {
                                    add_parsed(labels, n_stream, name, json_text(x));
                                }
                            }
                        }
                    }
                    Ok(_) => set_error(
                        labels,
                        "JSONParserErr",
                        Some("Value looks like object, but can't find closing '}' symbol".into()),
                    ),
                    Err(e) => set_error(labels, "JSONParserErr", Some(e.to_string())),
                },
                Compiled::Logfmt {
                    strict,
                    keep_empty,
                    params,
                } => {
                    let mut found: Vec<(String, String)> = Vec::new();
                    let r = logfmt(line, *strict, *keep_empty, |k, v| found.push((sanitize(k), v)));
                    if params.is_empty() {
                        for (k, v) in found {
                            if !k.is_empty() {
                                add_parsed(labels, n_stream, &k, v);
                            }
                        }
                    } else {
                        for (name, key) in params {
                            if let Some((_, v)) = found.iter().rev().find(|(k, _)| k == key) {
                                add_parsed(labels, n_stream, name, v.clone());
                            }
                        }
                    }
                    if let Err(e) = r {
                        set_error(labels, "LogfmtParserErr", Some(e));
                    }
                }
                Compiled::Regexp(re) => {
                    if let Some(c) = re.captures(line) {
                        for name in re.capture_names().flatten() {
                            if let Some(m) = c.name(name) {
                                add_parsed(labels, n_stream, name, m.as_str().to_string());
                            }
                        }
                    }
                }
                Compiled::Pattern(p) => {
                    let mut found = Vec::new();
                    p.matches(line, |k, v| found.push((k.to_string(), v.to_string())));
                    for (k, v) in found {
                        add_parsed(labels, n_stream, &k, v);
                    }
                }
                Compiled::Unpack => match serde_json::from_str::<serde_json::Value>(line) {
                    Ok(serde_json::Value::Object(m)) => {
                        let mut entry = None;
                        for (k, v) in &m {
                            if k == "_entry" {
                                entry = Some(json_text(v));
                            } else if let serde_json::Value::String(s) = v {
                                add_parsed(labels, n_stream, &sanitize(k), s.clone());
                            }
                        }
                        if let Some(e) = entry {
                            *line = e;
                        }
                    }
                    _ => set_error(labels, "JSONParserErr", None),
                },
                Compiled::Label(f) => {
                    if !eval_filter(f, labels) {
                        return false;
                    }
                }
                Compiled::LineFormat(t) => {
                    let mut out = String::with_capacity(line.len());
                    let r = t.render(&Context { labels, line, ts }, &mut out);
                    match r {
                        Ok(()) => *line = out,
                        Err(e) => set_error(labels, "TemplateFormatErr", Some(e)),
                    }
                }
                Compiled::LabelFormat(items) => {
                    let mut updates = Vec::with_capacity(items.len());
                    let mut removed = Vec::new();
                    for (dst, f) in items {
                        match f {
                            Fmt::Rename(src) => {
                                if let Some(v) = get(labels, src) {
                                    updates.push((dst.clone(), v.to_string()));
                                    if src != dst {
                                        removed.push(src.clone());
                                    }
                                }
                            }
                            Fmt::Template(t) => {
                                let mut out = String::new();
                                match t.render(&Context { labels, line, ts }, &mut out) {
                                    Ok(()) => updates.push((dst.clone(), out)),
                                    Err(e) => set_error(labels, "TemplateFormatErr", Some(e)),
                                }
                            }
                        }
                    }
                    labels.retain(|(k, _)| !removed.contains(k));
                    for (k, v) in updates {
                        set(labels, &k, v);
                    }
                }
                Compiled::Drop(list) => labels.retain(|(k, v)| {
                    !list
                        .iter()
                        .any(|(n, sel)| n == k && sel.as_ref().is_none_or(|s| s.matches(v)))
                }),
                Compiled::Keep(list) => labels.retain(|(k, v)| {
                    list.iter()
                        .any(|(n, sel)| n == k && sel.as_ref().is_none_or(|s| s.matches(v)))
                }),
                Compiled::Decolorize => *line = decolorize(line),
            }
        }
        // Loki drops labels with empty values from the result.
        labels.retain(|(_, v)| !v.is_empty());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(q: &str, stream: &[(&str, &str)], line: &str) -> Option<(String, Vec<(String, String)>)> {
        let e = match crate::logql::parse(q).unwrap() {
            crate::logql::Expr::Log(l) => l,
            _ => panic!("not a log query"),
        };
        let lq = LocalQuery::compile(&e).unwrap();
        let mut labels: Labels = stream.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        if !lq.selector_matches(&labels) {
            return None;
        }
        let mut l = line.to_string();
        if !lq.process(0, &mut l, &mut labels) {
            return None;
        }
        labels.sort();
        Some((l, labels))
    }

    #[test]
    fn logfmt_filter_and_format() {
        let (l, labels) = run(
            r#"{} | logfmt | level="error" | line_format "{{.msg}} ({{.status}})""#,
            &[],
            r#"level=error msg="disk \"full\"" status=507 empty="#,
        )
        .unwrap();
        assert_eq!(l, "disk \"full\" (507)");
        assert_eq!(
            labels,
            vec![
                ("level".into(), "error".into()),
                ("msg".into(), "disk \"full\"".into()),
                ("status".into(), "507".into())
            ]
        );
        assert!(run(r#"{} | logfmt | level="error""#, &[], "level=info").is_none());
    }

    #[test]
    fn selector_missing_labels_are_empty() {
        assert!(run(r#"{app=""}"#, &[], "x").is_some());
        assert!(run(r#"{app="a"}"#, &[], "x").is_none());
        assert!(run(r#"{app="a", env!="p"}"#, &[("app", "a")], "x").is_some());
    }

    #[test]
    fn line_filters_chains_and_ip() {
        assert!(run(r#"{} |= "a" or "b" != "c""#, &[], "xbx").is_some());
        assert!(run(r#"{} |= "a" or "b" != "c""#, &[], "xbc").is_none());
        assert!(run(r#"{} |~ "err(or)?" "#, &[], "an error").is_some());
        assert!(run(r#"{} |> "<_> GET <_>""#, &[], "1.2.3.4 GET /x").is_some());
        assert!(run(r#"{} |= ip("10.0.0.0/8")"#, &[], "from 10.1.2.3 ok").is_some());
        assert!(run(r#"{} |= ip("10.0.0.0/8")"#, &[], "from 11.1.2.3 ok").is_none());
    }

    #[test]
    fn numeric_duration_bytes_filters() {
        let q = r#"{} | logfmt | status >= 500 and duration > 1s or size > 1KB"#;
        assert!(run(q, &[], "status=503 duration=1.5s size=10").is_some());
        assert!(run(q, &[], "status=503 duration=900ms size=10").is_none());
        assert!(run(q, &[], "status=200 duration=900ms size=2KB").is_some());
        // a value that is not a number keeps the line, flagged with __error__
        let (_, labels) = run(r#"{} | logfmt | status > 1"#, &[], "status=abc").unwrap();
        assert!(labels.contains(&("__error__".into(), "LabelFilterErr".into())));
    }

    #[test]
    fn json_parser_nested_and_params() {
        let (_, labels) = run(
            r#"{} | json"#,
            &[("app", "x")],
            r#"{"a":{"b":"c"},"app":"y","n":3,"arr":[1]}"#,
        )
        .unwrap();
        assert!(labels.contains(&("a_b".into(), "c".into())));
        assert!(labels.contains(&("app_extracted".into(), "y".into())));
        assert!(labels.contains(&("n".into(), "3".into())));
        let (_, labels) = run(
            r#"{} | json first="arr[0]", deep="a.b""#,
            &[],
            r#"{"a":{"b":"c"},"arr":[1]}"#,
        )
        .unwrap();
        assert_eq!(labels, vec![("deep".into(), "c".into()), ("first".into(), "1".into())]);
        let (_, labels) = run(r#"{} | json"#, &[], "not json").unwrap();
        assert!(labels.iter().any(|(k, v)| k == "__error__" && v == "JSONParserErr"));
        assert!(run(r#"{} | json | __error__="""#, &[], "not json").is_none());
    }

    #[test]
    fn regexp_pattern_label_format_drop_keep_decolorize() {
        let (_, l) = run(r#"{} | regexp "(?P<method>\\w+) (?P<path>\\S+)""#, &[], "GET /api").unwrap();
        assert_eq!(l, vec![("method".into(), "GET".into()), ("path".into(), "/api".into())]);
        let (_, l) = run(
            r#"{} | pattern "<m> <p>" | label_format verb=m, up="{{.p | ToUpper}}""#,
            &[],
            "GET /api",
        )
        .unwrap();
        assert_eq!(
            l,
            vec![
                ("p".into(), "/api".into()),
                ("up".into(), "/API".into()),
                ("verb".into(), "GET".into())
            ]
        );
        let (_, l) = run(r#"{} | logfmt | drop a, b="2""#, &[], "a=1 b=2 c=3").unwrap();
        assert_eq!(l, vec![("c".into(), "3".into())]);
        let (_, l) = run(r#"{} | logfmt | keep a"#, &[("job", "j")], "a=1 b=2").unwrap();
        assert_eq!(l, vec![("a".into(), "1".into())]);
        let (line, _) = run(r#"{} | decolorize"#, &[], "\u{1b}[31mred\u{1b}[0m text").unwrap();
        assert_eq!(line, "red text");
    }
}

//! Local evaluation of a log query's selector and pipeline on one line at a
//! time, for `--stdin`, `--file` and the exit conditions of scripted checks.
//! Labels are a small vector; parsers add to it, filters read it,
//! formatters rewrite the line.

mod filters;
mod labels;
mod parsers;

use regex::Regex;

use super::ast::*;
use super::pattern::Pattern;
use super::template::{Context, Template};
use filters::{compile_filter, eval_filter, Filter, IpMatcher, Sel};
use labels::{get, set, set_error};
use parsers::{apply_json, apply_logfmt, apply_unpack, parse_path, PathPart};

pub use parsers::decolorize;

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

impl LineStage {
    fn compile(l: &LineFilter) -> Result<LineStage, String> {
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
        Ok(LineStage {
            negate: l.op.negated(),
            m,
        })
    }

    fn keeps(&self, line: &str) -> bool {
        let hit = match &self.m {
            Line::Contains(alts) => alts.iter().any(|a| line.contains(a.as_str())),
            Line::Regex(r) => r.is_match(line),
            Line::Pattern(ps) => ps.iter().any(|p| p.matches(line, |_, _| {})),
            Line::Ip(ms) => ms.iter().any(|m| m.in_line(line)),
        };
        hit != self.negate
    }
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

fn label_args(args: &[LabelArg]) -> Result<Vec<(String, Option<Sel>)>, String> {
    args.iter()
        .map(|a| Ok((a.name.clone(), a.matcher.as_ref().map(Sel::new).transpose()?)))
        .collect()
}

fn label_formats(items: &[LabelFmt]) -> Result<Vec<(String, Fmt)>, String> {
    items
        .iter()
        .map(|i| {
            Ok(match i {
                LabelFmt::Rename { dst, src } => (dst.clone(), Fmt::Rename(src.clone())),
                LabelFmt::Template { dst, template } => (dst.clone(), Fmt::Template(Template::parse(template)?)),
            })
        })
        .collect()
}

impl Compiled {
    fn new(s: &Stage) -> Result<Compiled, String> {
        Ok(match s {
            Stage::Line(l) => Compiled::Line(LineStage::compile(l)?),
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
            Stage::LabelFormat(items) => Compiled::LabelFormat(label_formats(items)?),
            Stage::Drop(args) => Compiled::Drop(label_args(args)?),
            Stage::Keep(args) => Compiled::Keep(label_args(args)?),
            Stage::Decolorize => Compiled::Decolorize,
        })
    }
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
        let stages = e.stages.iter().map(Compiled::new).collect::<Result<_, String>>()?;
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
            if !apply(st, ts, line, labels, n_stream) {
                return false;
            }
        }
        // Loki drops labels with empty values from the result.
        labels.retain(|(_, v)| !v.is_empty());
        true
    }
}

/// One stage; false when it filters the entry out.
fn apply(st: &Compiled, ts: i64, line: &mut String, labels: &mut Labels, n_stream: usize) -> bool {
    match st {
        Compiled::Line(l) => return l.keeps(line),
        Compiled::Json(params) => apply_json(params, line, labels, n_stream),
        Compiled::Logfmt {
            strict,
            keep_empty,
            params,
        } => apply_logfmt(*strict, *keep_empty, params, line, labels, n_stream),
        Compiled::Regexp(re) => {
            if let Some(c) = re.captures(line) {
                for name in re.capture_names().flatten() {
                    if let Some(m) = c.name(name) {
                        labels::add_parsed(labels, n_stream, name, m.as_str().to_string());
                    }
                }
            }
        }
        Compiled::Pattern(p) => {
            let mut found = Vec::new();
            p.matches(line, |k, v| found.push((k.to_string(), v.to_string())));
            for (k, v) in found {
                labels::add_parsed(labels, n_stream, &k, v);
            }
        }
        Compiled::Unpack => apply_unpack(line, labels, n_stream),
        Compiled::Label(f) => return eval_filter(f, labels),
        Compiled::LineFormat(t) => {
            let mut out = String::with_capacity(line.len());
            match t.render(&Context { labels, line, ts }, &mut out) {
                Ok(()) => *line = out,
                Err(e) => set_error(labels, "TemplateFormatErr", Some(e)),
            }
        }
        Compiled::LabelFormat(items) => label_format(items, ts, line, labels),
        Compiled::Drop(list) => labels.retain(|(k, v)| !named(list, k, v)),
        Compiled::Keep(list) => labels.retain(|(k, v)| named(list, k, v)),
        Compiled::Decolorize => *line = decolorize(line),
    }
    true
}

/// Is label `k=v` one of `drop`/`keep`'s arguments?
fn named(list: &[(String, Option<Sel>)], k: &str, v: &str) -> bool {
    list.iter()
        .any(|(n, sel)| n == k && sel.as_ref().is_none_or(|s| s.matches(v)))
}

/// `label_format`: every assignment sees the labels as they were before it.
fn label_format(items: &[(String, Fmt)], ts: i64, line: &str, labels: &mut Labels) {
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

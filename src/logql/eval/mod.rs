//! Local evaluation of a log query's selector and pipeline on one line at a
//! time, for `--stdin`, `--file` and the exit conditions of scripted checks.
//! It follows what Loki 3.7 answers (tests/pipelines_corpus.rs compares it
//! with Loki on hundreds of pipelines), including Loki's planner moving
//! line filters ahead of the stages before them and its label filter hints.

mod filters;
mod format;
mod hints;
mod ip;
mod json;
mod jsonscan;
mod line;
mod logfmt;
mod regex;
mod resimplify;
mod row;

use super::ast::*;
use super::pattern::Pattern;
use filters::{Filter, Sel};
use format::{Args, LabelFormat, LineFormat};
use hints::Hints;
use json::{parse_path, PathPart};
use line::LineStage;
use row::{sanitize, Row};

pub use line::decolorize;

/// A regex in Go's syntax (RE2), compiled for Rust, with Go's error text.
pub(crate) fn go_regex(re: &str) -> Result<::regex::Regex, String> {
    regex::compile(re)
}

/// Labels of one entry while it goes through the pipeline.
pub type Labels = Vec<(String, String)>;

enum Compiled {
    Line(LineStage),
    Json,
    JsonParams(Vec<(String, Vec<PathPart>)>),
    Logfmt {
        strict: bool,
        keep_empty: bool,
    },
    LogfmtParams {
        strict: bool,
        params: Vec<(String, String)>,
    },
    Regexp(::regex::Regex, Vec<Option<String>>),
    Pattern(Pattern),
    Unpack,
    Label(Filter),
    LineFormat(LineFormat),
    LabelFormat(LabelFormat),
    Drop(Args),
    Keep(Args),
    Decolorize,
}

/// A logfmt parameter is a plain key.
fn logfmt_param(expr: &str) -> Result<(), String> {
    match expr.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
        Some(c) => Err(format!("cannot parse expression [{expr}]: unexpected char {c}")),
        None if expr.is_empty() || expr.starts_with(|c: char| c.is_ascii_digit()) => {
            Err(format!("cannot parse expression [{expr}]: syntax error"))
        }
        None => Ok(()),
    }
}

fn regexp_stage(r: &str) -> Result<Compiled, String> {
    let (rust, names) = regex::translate(r)?;
    let re = ::regex::Regex::new(&rust).map_err(|e| format!("error parsing regexp: {e}"))?;
    if !names.iter().any(Option::is_some) {
        return Err("at least one named capture must be supplied".into());
    }
    Ok(Compiled::Regexp(re, names))
}

impl Compiled {
    fn new(s: &Stage) -> Result<Compiled, String> {
        Ok(match s {
            Stage::Line(l) => Compiled::Line(LineStage::compile(l)?),
            Stage::Parser(ParserStage::Json(params)) if params.is_empty() => Compiled::Json,
            Stage::Parser(ParserStage::Json(params)) => Compiled::JsonParams(
                params
                    .iter()
                    .map(|(k, p)| Ok((k.clone(), parse_path(p)?)))
                    .collect::<Result<_, String>>()?,
            ),
            Stage::Parser(ParserStage::Logfmt {
                strict,
                keep_empty,
                params,
            }) if params.is_empty() => Compiled::Logfmt {
                strict: *strict,
                keep_empty: *keep_empty,
            },
            Stage::Parser(ParserStage::Logfmt { strict, params, .. }) => {
                for (_, p) in params {
                    logfmt_param(p)?;
                }
                Compiled::LogfmtParams {
                    strict: *strict,
                    params: params.clone(),
                }
            }
            Stage::Parser(ParserStage::Regexp(r)) => regexp_stage(r)?,
            Stage::Parser(ParserStage::Pattern(p)) => {
                let p = Pattern::parse(p)?;
                p.check_parser()?;
                Compiled::Pattern(p)
            }
            Stage::Parser(ParserStage::Unpack) => Compiled::Unpack,
            Stage::Label(f) => Compiled::Label(Filter::compile(f)?),
            Stage::LineFormat(t) => Compiled::LineFormat(LineFormat::compile(t)?),
            Stage::LabelFormat(items) => Compiled::LabelFormat(LabelFormat::compile(items)?),
            Stage::Drop(args) => Compiled::Drop(format::label_args(args)?),
            Stage::Keep(args) => Compiled::Keep(format::label_args(args)?),
            Stage::Decolorize => Compiled::Decolorize,
        })
    }
}

/// Loki's planner runs line filters first, back to the nearest
/// `line_format` or `unpack` before them (which change what they see;
/// `decolorize` does too, but Loki moves filters past it).
fn reorder(stages: Vec<Compiled>) -> Vec<Compiled> {
    let mut out: Vec<Compiled> = Vec::with_capacity(stages.len());
    let mut slot = 0;
    for s in stages {
        match s {
            Compiled::Line(_) => {
                out.insert(slot, s);
                slot += 1;
            }
            Compiled::LineFormat(_) | Compiled::Unpack => {
                out.push(s);
                slot = out.len();
            }
            s => out.push(s),
        }
    }
    out
}

/// A compiled log query for local evaluation.
pub struct LocalQuery {
    selector: Vec<(String, Sel)>,
    stages: Vec<Compiled>,
    hints: Hints,
}

impl LocalQuery {
    pub fn compile(e: &LogExpr) -> Result<LocalQuery, String> {
        let selector = e
            .matchers
            .iter()
            .map(|m| Ok((m.name.clone(), Sel::new(m)?)))
            .collect::<Result<_, String>>()?;
        let stages = e.stages.iter().map(Compiled::new).collect::<Result<Vec<_>, String>>()?;
        let hints = Hints::new(stages.iter().filter_map(|s| match s {
            Compiled::Label(f) => Some(f),
            _ => None,
        }));
        Ok(LocalQuery {
            selector,
            stages: reorder(stages),
            hints,
        })
    }

    /// Does the stream label set match the selector? Missing labels are "".
    pub fn selector_matches(&self, labels: &Labels) -> bool {
        self.selector.iter().all(|(name, sel)| {
            sel.matches(
                labels
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or(""),
            )
        })
    }

    /// Run the pipeline. `labels` starts as the entry's labels (stream
    /// labels and structured metadata) and ends as its result labels;
    /// `line` may be rewritten. Returns false if the entry is filtered out.
    pub fn process(&self, ts: i64, line: &mut String, labels: &mut Labels) -> bool {
        let mut row = Row::new(labels);
        for st in &self.stages {
            if !self.apply(st, ts, line, &mut row) {
                return false;
            }
        }
        row.finish();
        true
    }

    /// One stage; false when it filters the entry out.
    fn apply(&self, st: &Compiled, ts: i64, line: &mut String, row: &mut Row<'_>) -> bool {
        match st {
            Compiled::Line(l) => return l.keeps(line),
            Compiled::Json => return json::apply(line, row, &self.hints),
            Compiled::JsonParams(p) => json::apply_params(p, line, row),
            Compiled::Logfmt { strict, keep_empty } => {
                return logfmt::apply(*strict, *keep_empty, line, row, &self.hints);
            }
            Compiled::LogfmtParams { strict, params } => logfmt::apply_params(*strict, params, line, row),
            Compiled::Regexp(re, names) => return self.regexp(re, names, line, row),
            Compiled::Pattern(p) => return self.pattern(p, line, row),
            Compiled::Unpack => return json::unpack(line, row, &self.hints),
            Compiled::Label(f) => return f.eval(row),
            Compiled::LineFormat(f) => f.apply(ts, line, row),
            Compiled::LabelFormat(f) => f.apply(ts, line, row),
            Compiled::Drop(args) => format::drop(args, row),
            Compiled::Keep(args) => format::keep(args, row),
            Compiled::Decolorize => *line = decolorize(line),
        }
        true
    }

    /// A parser's label, then the hint for it.
    fn parsed(&self, name: &str, value: &str, row: &mut Row<'_>) -> bool {
        let name = row.parsed_name(name).into_owned();
        !row.add_parsed(&name, value) || self.hints.keeps(&name, row)
    }

    fn regexp(&self, re: &::regex::Regex, names: &[Option<String>], line: &str, row: &mut Row<'_>) -> bool {
        let Some(c) = re.captures(line) else { return true };
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name else { continue };
            let v = c.get(i).map_or("", |m| m.as_str());
            let key = sanitize(name);
            if !key.is_empty() && !self.parsed(&key, v, row) {
                return false;
            }
        }
        true
    }

    fn pattern(&self, p: &Pattern, line: &str, row: &mut Row<'_>) -> bool {
        let mut found: Vec<(String, String)> = Vec::new();
        p.matches(line, |k, v| found.push((k.to_string(), v.to_string())));
        found.iter().all(|(k, v)| self.parsed(k, v, row))
    }
}

#[cfg(test)]
mod tests;

//! Pipelines: line filters, parsers, formatters, `drop`/`keep`. Templates,
//! line-filter regexes and patterns are not checked here (Loki checks them
//! when the query runs); parser regexes and patterns are.

use super::labelfilter::label_filter;
use super::{check_regex, match_op, semantic, P, R};
use crate::logql::ast::*;
use crate::logql::lexer::Tok;

pub(super) fn pipeline(p: &mut P) -> R<Vec<Stage>> {
    let mut stages = Vec::new();
    loop {
        let op = match p.peek() {
            Tok::PipeExact => FilterOp::Contains,
            Tok::Neq => FilterOp::NotContains,
            Tok::PipeMatch => FilterOp::Regex,
            Tok::Nre => FilterOp::NotRegex,
            Tok::PipePattern => FilterOp::Pattern,
            Tok::NotPattern => FilterOp::NotPattern,
            Tok::Pipe if *p.peek_at(1) != Tok::Kw("unwrap") => {
                p.next();
                stages.push(stage(p)?);
                continue;
            }
            _ => return Ok(stages),
        };
        p.next();
        let mut values = vec![filter_value(p)?];
        while p.is_kw("or") {
            p.next();
            values.push(filter_value(p)?);
        }
        stages.push(Stage::Line(LineFilter { op, values }));
    }
}

/// `"text"` or `ip("cidr")`.
fn filter_value(p: &mut P) -> R<FilterValue> {
    match p.peek() {
        Tok::Str(_) => Ok(FilterValue::Str(p.take_text())),
        Tok::Func("ip") => {
            p.next();
            p.expect(Tok::LParen, "(")?;
            let v = p.string("STRING")?;
            p.expect(Tok::RParen, ")")?;
            Ok(FilterValue::Ip(v))
        }
        _ => Err(p.unexpected("STRING or ip")),
    }
}

/// `name="path"` or `name`, comma separated.
fn params(p: &mut P) -> R<Vec<(String, String)>> {
    let mut out = Vec::new();
    if !matches!(p.peek(), Tok::Ident(_)) {
        return Ok(out);
    }
    loop {
        let name = p.ident("IDENTIFIER")?;
        let value = if *p.peek() == Tok::Eq {
            p.next();
            p.string("STRING")?
        } else {
            name.clone()
        };
        out.push((name, value));
        if *p.peek() != Tok::Comma {
            return Ok(out);
        }
        p.next();
    }
}

fn stage(p: &mut P) -> R<Stage> {
    let kw = match *p.peek() {
        Tok::Kw(k) => k,
        Tok::Ident(_) | Tok::LParen => return Ok(Stage::Label(label_filter(p)?)),
        _ => return Err(p.unexpected("")),
    };
    p.next();
    Ok(match kw {
        "json" => Stage::Parser(ParserStage::Json(params(p)?)),
        "logfmt" => logfmt_stage(p)?,
        "regexp" => regexp_stage(p)?,
        "pattern" => pattern_stage(p)?,
        "unpack" => Stage::Parser(ParserStage::Unpack),
        "decolorize" => Stage::Decolorize,
        "line_format" => Stage::LineFormat(p.string("STRING")?),
        "label_format" => Stage::LabelFormat(label_formats(p)?),
        "drop" => Stage::Drop(label_args(p)?),
        "keep" => Stage::Keep(label_args(p)?),
        _ => {
            p.i -= 1;
            return Err(p.unexpected(""));
        }
    })
}

/// `logfmt [--strict] [--keep-empty] [params]`.
fn logfmt_stage(p: &mut P) -> R<Stage> {
    let (mut strict, mut keep_empty) = (false, false);
    while let Tok::Flag(f) = p.peek().clone() {
        p.next();
        match f.as_str() {
            "--strict" => strict = true,
            _ => keep_empty = true,
        }
    }
    Ok(Stage::Parser(ParserStage::Logfmt {
        strict,
        keep_empty,
        params: params(p)?,
    }))
}

/// `regexp "..."`: a valid regex with named groups, each name once.
fn regexp_stage(p: &mut P) -> R<Stage> {
    let at = p.pos();
    let r = p.string("STRING")?;
    let bad = |m: String| semantic(at, format!("invalid regexp parser: {m}"));
    if let Err(e) = super::go_regex_unanchored(&r) {
        return Err(bad(format!("error parsing regexp: {e}")));
    }
    let names = group_names(&r);
    if names.is_empty() {
        return Err(bad("at least one named capture must be supplied".into()));
    }
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(bad(format!("duplicate extracted label name '{n}'")));
        }
    }
    Ok(Stage::Parser(ParserStage::Regexp(r)))
}

/// The names of the regex's `(?P<name>..)` / `(?<name>..)` groups.
fn group_names(r: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (i, _) in r.match_indices("(?") {
        let body = &r[i + 2..];
        let body = body.strip_prefix('P').unwrap_or(body);
        if let Some((name, _)) = body.strip_prefix('<').and_then(|b| b.split_once('>')) {
            names.push(name.to_string());
        }
    }
    names
}

/// `pattern "..."`: at least one named capture, each name once, no two
/// captures side by side.
fn pattern_stage(p: &mut P) -> R<Stage> {
    let at = p.pos();
    let s = p.string("STRING")?;
    let bad = |m: String| semantic(at, format!("invalid pattern parser: {m}"));
    if s.is_empty() {
        return Err(bad(
            "parse error at line 1, col 1: syntax error: unexpected $end, expecting IDENTIFIER or LITERAL".into(),
        ));
    }
    let mut names: Vec<&str> = Vec::new();
    let mut prev_end = usize::MAX;
    let mut rest = 0;
    while let Some(k) = s[rest..].find('<') {
        let start = rest + k;
        let Some(len) = s[start + 1..].find('>') else { break };
        let name = &s[start + 1..start + 1 + len];
        let valid = name
            .chars()
            .enumerate()
            .all(|(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()));
        if name.is_empty() || !valid {
            rest = start + 1;
            continue;
        }
        if prev_end == start {
            let prev = &s[..start];
            let open = prev.rfind('<').unwrap_or(0);
            return Err(bad(format!(
                "found consecutive capture '{}{}': invalid expression",
                &prev[open..],
                &s[start..start + len + 2]
            )));
        }
        if name != "_" {
            if names.contains(&name) {
                return Err(bad(format!("duplicate capture name ({name}): invalid expression")));
            }
            names.push(name);
        }
        prev_end = start + len + 2;
        rest = prev_end;
    }
    if names.is_empty() {
        return Err(bad("at least one capture is required".into()));
    }
    Ok(Stage::Parser(ParserStage::Pattern(s)))
}

/// `label_format a=b, c="{{.d}}"` (templates are checked when run).
fn label_formats(p: &mut P) -> R<Vec<LabelFmt>> {
    let mut items = Vec::new();
    loop {
        let dst = p.ident("IDENTIFIER")?;
        p.expect(Tok::Eq, "=")?;
        match p.peek() {
            Tok::Str(_) => items.push(LabelFmt::Template {
                dst,
                template: p.take_text(),
            }),
            Tok::Ident(_) => items.push(LabelFmt::Rename {
                dst,
                src: p.take_text(),
            }),
            _ => return Err(p.unexpected("IDENTIFIER or STRING")),
        }
        if *p.peek() != Tok::Comma {
            return Ok(items);
        }
        p.next();
    }
}

/// Arguments of `drop` / `keep`: names, optionally with a matcher.
fn label_args(p: &mut P) -> R<Vec<LabelArg>> {
    let mut args = Vec::new();
    loop {
        let name = p.ident("IDENTIFIER")?;
        let matcher = match match_op(p) {
            Some(op) => {
                let at = p.pos();
                let value = p.string("STRING")?;
                if matches!(op, MatchOp::Re | MatchOp::Nre) {
                    check_regex(&value, at)?;
                }
                Some(Matcher {
                    name: name.clone(),
                    op,
                    value,
                })
            }
            None => None,
        };
        args.push(LabelArg { name, matcher });
        if *p.peek() != Tok::Comma {
            return Ok(args);
        }
        p.next();
    }
}

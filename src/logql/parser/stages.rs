//! Pipelines: line filters, parsers, label filters, formatters.

use super::{check_regex, first_line, match_op, ParseError, P, R};
use crate::logql::ast::*;
use crate::logql::lexer::Tok;

pub(super) fn pipeline(p: &mut P) -> R<Vec<Stage>> {
    let mut stages = Vec::new();
    loop {
        let fop = match p.peek() {
            Tok::PipeExact => Some(FilterOp::Contains),
            Tok::Neq => Some(FilterOp::NotContains),
            Tok::PipeMatch => Some(FilterOp::Regex),
            Tok::Nre => Some(FilterOp::NotRegex),
            Tok::PipePattern => Some(FilterOp::Pattern),
            Tok::NotPattern => Some(FilterOp::NotPattern),
            _ => None,
        };
        if let Some(op) = fop {
            p.next();
            let mut values = vec![filter_value(p, op)?];
            while p.is_ident("or") && matches!(p.peek_at(1), Tok::Str(_) | Tok::Ident(_)) {
                if let Tok::Ident(x) = p.peek_at(1) {
                    if x != "ip" {
                        break;
                    }
                }
                p.next();
                values.push(filter_value(p, op)?);
            }
            stages.push(Stage::Line(LineFilter { op, values }));
            continue;
        }
        if *p.peek() != Tok::Pipe {
            return Ok(stages);
        }
        // `| unwrap` belongs to the range aggregation, not the pipeline.
        if matches!(p.peek_at(1), Tok::Ident(s) if s == "unwrap") {
            return Ok(stages);
        }
        p.next();
        stages.push(stage(p)?);
    }
}

fn filter_value(p: &mut P, op: FilterOp) -> R<FilterValue> {
    if p.is_ident("ip") {
        p.next();
        p.expect(Tok::LParen, "(")?;
        let v = p.string("STRING")?;
        p.expect(Tok::RParen, ")")?;
        return Ok(FilterValue::Ip(v));
    }
    let at = p.pos();
    let v = p.string("STRING")?;
    if matches!(op, FilterOp::Regex | FilterOp::NotRegex) {
        regex::Regex::new(&v)
            .map_err(|e| ParseError::new(at, format!("invalid regex {v:?}: {}", first_line(&e.to_string()))))?;
    }
    if matches!(op, FilterOp::Pattern | FilterOp::NotPattern) {
        crate::logql::pattern::Pattern::parse(&v).map_err(|e| ParseError::new(at, e))?;
    }
    Ok(FilterValue::Str(v))
}

fn params(p: &mut P) -> R<Vec<(String, String)>> {
    let mut out = Vec::new();
    while let Tok::Ident(_) = p.peek() {
        if !matches!(p.peek_at(1), Tok::Eq) && !matches!(p.peek_at(1), Tok::Comma | Tok::Eof | Tok::Pipe | Tok::RParen)
        {
            break;
        }
        let name = p.ident("IDENTIFIER")?;
        let value = if *p.peek() == Tok::Eq {
            p.next();
            p.string("STRING")?
        } else {
            name.clone()
        };
        out.push((name, value));
        if *p.peek() == Tok::Comma {
            p.next();
        } else {
            break;
        }
    }
    Ok(out)
}

fn stage(p: &mut P) -> R<Stage> {
    let Tok::Ident(kw) = p.peek().clone() else {
        if *p.peek() == Tok::LParen {
            return Ok(Stage::Label(label_filter(p)?));
        }
        return Err(p.unexpected("parser, label filter or format expression"));
    };
    // Stage keywords win (as in Loki's lexer); otherwise an identifier
    // followed by an operator starts a label filter.
    const KEYWORDS: &[&str] = &[
        "json",
        "logfmt",
        "regexp",
        "pattern",
        "unpack",
        "decolorize",
        "line_format",
        "label_format",
        "drop",
        "keep",
    ];
    let is_filter = !KEYWORDS.contains(&kw.as_str())
        && matches!(
            p.peek_at(1),
            Tok::Eq | Tok::Neq | Tok::Re | Tok::Nre | Tok::CmpEq | Tok::Gt | Tok::Gte | Tok::Lt | Tok::Lte
        );
    if is_filter {
        return Ok(Stage::Label(label_filter(p)?));
    }
    let at = p.pos();
    p.next();
    Ok(match kw.as_str() {
        "json" => Stage::Parser(ParserStage::Json(params(p)?)),
        "logfmt" => logfmt_stage(p, at)?,
        "regexp" => regexp_stage(p)?,
        "pattern" => {
            let at = p.pos();
            let s = p.string("STRING")?;
            crate::logql::pattern::Pattern::parse(&s).map_err(|e| ParseError::new(at, e))?;
            Stage::Parser(ParserStage::Pattern(s))
        }
        "unpack" => Stage::Parser(ParserStage::Unpack),
        "decolorize" => Stage::Decolorize,
        "line_format" => Stage::LineFormat(template(p)?),
        "label_format" => Stage::LabelFormat(label_formats(p)?),
        "drop" => Stage::Drop(label_args(p)?),
        "keep" => Stage::Keep(label_args(p)?),
        _ => {
            p.i -= 1;
            return Err(p.unexpected("parser, label filter or format expression"));
        }
    })
}

/// `logfmt [--strict] [--keep-empty] [params]`.
fn logfmt_stage(p: &mut P, at: usize) -> R<Stage> {
    let mut strict = false;
    let mut keep_empty = false;
    while *p.peek() == Tok::Sub && *p.peek_at(1) == Tok::Sub {
        p.next();
        p.next();
        match p.ident("flag")?.as_str() {
            "strict" => strict = true,
            "keep" if *p.peek() == Tok::Sub => {
                p.next();
                let w = p.ident("empty")?;
                if w != "empty" {
                    return Err(ParseError::new(at, format!("unknown logfmt flag --keep-{w}")));
                }
                keep_empty = true;
            }
            other => return Err(ParseError::new(at, format!("unknown logfmt flag --{other}"))),
        }
    }
    Ok(Stage::Parser(ParserStage::Logfmt {
        strict,
        keep_empty,
        params: params(p)?,
    }))
}

/// `regexp "..."`: a valid regex with at least one named group.
fn regexp_stage(p: &mut P) -> R<Stage> {
    let at = p.pos();
    let r = p.string("STRING")?;
    let re = regex::Regex::new(&r)
        .map_err(|e| ParseError::new(at, format!("invalid regex {r:?}: {}", first_line(&e.to_string()))))?;
    if re.capture_names().flatten().next().is_none() {
        return Err(ParseError::new(
            at,
            "at least one named capture must be supplied".into(),
        ));
    }
    Ok(Stage::Parser(ParserStage::Regexp(r)))
}

/// A template string, checked by the template parser.
fn template(p: &mut P) -> R<String> {
    let at = p.pos();
    let t = p.string("STRING")?;
    crate::logql::template::Template::parse(&t).map_err(|e| ParseError::new(at, e))?;
    Ok(t)
}

/// `label_format a=b, c="{{.d}}"`.
fn label_formats(p: &mut P) -> R<Vec<LabelFmt>> {
    let mut items = Vec::new();
    loop {
        let dst = p.ident("IDENTIFIER")?;
        p.expect(Tok::Eq, "=")?;
        match p.peek().clone() {
            Tok::Str(_) => items.push(LabelFmt::Template {
                dst,
                template: template(p)?,
            }),
            Tok::Ident(src) => {
                p.next();
                items.push(LabelFmt::Rename { dst, src });
            }
            _ => return Err(p.unexpected("STRING or IDENTIFIER")),
        }
        if *p.peek() == Tok::Comma {
            p.next();
        } else {
            return Ok(items);
        }
    }
}

/// Arguments of `drop` / `keep`: names, optionally with a matcher.
fn label_args(p: &mut P) -> R<Vec<LabelArg>> {
    let mut args = Vec::new();
    loop {
        let name = p.ident("IDENTIFIER")?;
        let matcher = match match_op(p) {
            Some(op) => Some(Matcher {
                name: name.clone(),
                op,
                value: p.string("STRING")?,
            }),
            None => None,
        };
        args.push(LabelArg { name, matcher });
        if *p.peek() == Tok::Comma {
            p.next();
        } else {
            return Ok(args);
        }
    }
}

/// Label filters: `or` binds weaker than `and` (and `,`).
pub(super) fn label_filter(p: &mut P) -> R<LabelFilter> {
    let mut left = label_and(p)?;
    while p.is_ident("or") {
        p.next();
        let right = label_and(p)?;
        left = LabelFilter::Or(Box::new(left), Box::new(right));
    }
    Ok(left)
}

fn label_and(p: &mut P) -> R<LabelFilter> {
    let mut left = label_atom(p)?;
    loop {
        let is_and = p.is_ident("and")
            || (*p.peek() == Tok::Comma && matches!(p.peek_at(1), Tok::Ident(_) | Tok::LParen) && is_filter_ahead(p));
        if !is_and {
            return Ok(left);
        }
        p.next();
        let right = label_atom(p)?;
        left = LabelFilter::And(Box::new(left), Box::new(right));
    }
}

fn is_filter_ahead(p: &P) -> bool {
    *p.peek_at(1) == Tok::LParen
        || matches!(
            p.peek_at(2),
            Tok::Eq | Tok::Neq | Tok::Re | Tok::Nre | Tok::CmpEq | Tok::Gt | Tok::Gte | Tok::Lt | Tok::Lte
        )
}

fn label_atom(p: &mut P) -> R<LabelFilter> {
    if *p.peek() == Tok::LParen {
        p.next();
        let f = label_filter(p)?;
        p.expect(Tok::RParen, ")")?;
        return Ok(f);
    }
    let name = p.ident("IDENTIFIER")?;
    let op_tok = p.next();
    let cmp = match op_tok.tok {
        Tok::CmpEq => Some(CmpOp::Eq),
        Tok::Gt => Some(CmpOp::Gt),
        Tok::Gte => Some(CmpOp::Gte),
        Tok::Lt => Some(CmpOp::Lt),
        Tok::Lte => Some(CmpOp::Lte),
        _ => None,
    };
    let str_op = match op_tok.tok {
        Tok::Eq => Some(MatchOp::Eq),
        Tok::Neq => Some(MatchOp::Neq),
        Tok::Re => Some(MatchOp::Re),
        Tok::Nre => Some(MatchOp::Nre),
        _ => None,
    };
    if cmp.is_none() && str_op.is_none() {
        p.i -= 1;
        return Err(p.unexpected("comparison operator"));
    }
    let at = p.pos();
    match p.peek().clone() {
        Tok::Str(v) if str_op.is_some() => {
            p.next();
            let op = str_op.unwrap_or(MatchOp::Eq);
            if matches!(op, MatchOp::Re | MatchOp::Nre) {
                check_regex(&v, at)?;
            }
            Ok(LabelFilter::Str(Matcher { name, op, value: v }))
        }
        Tok::Ident(f) if f == "ip" && matches!(str_op, Some(MatchOp::Eq) | Some(MatchOp::Neq)) => {
            p.next();
            p.expect(Tok::LParen, "(")?;
            let v = p.string("STRING")?;
            p.expect(Tok::RParen, ")")?;
            Ok(LabelFilter::Ip {
                name,
                negate: str_op == Some(MatchOp::Neq),
                value: v,
            })
        }
        Tok::Number(..) | Tok::Duration(..) | Tok::Bytes(..) | Tok::Sub => {
            let op = match (cmp, str_op) {
                (Some(c), _) => c,
                (None, Some(MatchOp::Neq)) => CmpOp::Neq,
                (None, Some(MatchOp::Eq)) => CmpOp::Eq,
                _ => return Err(p.unexpected("STRING")),
            };
            numeric_filter(p, name, op)
        }
        _ => Err(p.unexpected(if str_op.is_some() {
            "STRING"
        } else {
            "NUMBER, DURATION or BYTES"
        })),
    }
}

/// `name OP value` where the value is a number, a duration or a byte size.
fn numeric_filter(p: &mut P, name: String, op: CmpOp) -> R<LabelFilter> {
    let neg = if *p.peek() == Tok::Sub {
        p.next();
        true
    } else {
        false
    };
    let t = p.next();
    let sign = if neg { -1.0 } else { 1.0 };
    Ok(match t.tok {
        Tok::Number(v, _) => LabelFilter::Num {
            name,
            op,
            value: v * sign,
        },
        Tok::Duration(ns, text) => LabelFilter::Duration {
            name,
            op,
            ns: ns * sign as i64,
            text,
        },
        Tok::Bytes(b, text) => LabelFilter::Bytes {
            name,
            op,
            bytes: b,
            text,
        },
        _ => {
            p.i -= 1;
            return Err(p.unexpected("NUMBER"));
        }
    })
}

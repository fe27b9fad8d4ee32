//! Metric expressions: range and vector aggregations, binary operators
//! with precedence and vector matching, literals, `vector()`,
//! `label_replace()`.

use super::stages::{label_filter, pipeline};
use super::{check_regex, selector, ParseError, P, R, RANGE_OPS, UNWRAP_OPS, VECTOR_OPS};
use crate::logql::ast::*;
use crate::logql::lexer::Tok;

fn grouping(p: &mut P) -> R<Option<Grouping>> {
    let without = if p.is_ident("by") {
        false
    } else if p.is_ident("without") {
        true
    } else {
        return Ok(None);
    };
    p.next();
    let labels = label_list(p)?;
    Ok(Some(Grouping { without, labels }))
}

fn bin_prec(p: &P) -> Option<(String, u8, bool)> {
    // (op, precedence, right-assoc)
    Some(match p.peek() {
        Tok::Ident(s) if s == "or" => ("or".into(), 1, false),
        Tok::Ident(s) if s == "and" => ("and".into(), 2, false),
        Tok::Ident(s) if s == "unless" => ("unless".into(), 2, false),
        Tok::CmpEq => ("==".into(), 3, false),
        Tok::Neq => ("!=".into(), 3, false),
        Tok::Gt => (">".into(), 3, false),
        Tok::Gte => (">=".into(), 3, false),
        Tok::Lt => ("<".into(), 3, false),
        Tok::Lte => ("<=".into(), 3, false),
        Tok::Add => ("+".into(), 4, false),
        Tok::Sub => ("-".into(), 4, false),
        Tok::Mul => ("*".into(), 5, false),
        Tok::Div => ("/".into(), 5, false),
        Tok::Mod => ("%".into(), 5, false),
        Tok::Pow => ("^".into(), 6, true),
        _ => return None,
    })
}

fn label_list(p: &mut P) -> R<Vec<String>> {
    p.expect(Tok::LParen, "(")?;
    let mut v = Vec::new();
    if *p.peek() != Tok::RParen {
        loop {
            v.push(p.ident("IDENTIFIER")?);
            if *p.peek() == Tok::Comma {
                p.next();
            } else {
                break;
            }
        }
    }
    p.expect(Tok::RParen, ")")?;
    Ok(v)
}

pub(super) fn binary(p: &mut P, min_prec: u8) -> R<SampleExpr> {
    let mut lhs = unary(p)?;
    while let Some((op, prec, right)) = bin_prec(p) {
        if prec < min_prec {
            break;
        }
        p.next();
        let mut bool_mod = false;
        if p.is_ident("bool") {
            if prec != 3 {
                return Err(ParseError::new(
                    p.pos(),
                    "bool modifier can only be used on comparison operators".into(),
                ));
            }
            p.next();
            bool_mod = true;
        }
        let mut matching = None;
        if p.is_ident("on") || p.is_ident("ignoring") {
            let on = p.is_ident("on");
            p.next();
            let labels = label_list(p)?;
            let mut group = None;
            if p.is_ident("group_left") || p.is_ident("group_right") {
                let g = p.ident("group")?;
                let inc = if *p.peek() == Tok::LParen {
                    label_list(p)?
                } else {
                    vec![]
                };
                group = Some((g, inc));
            }
            matching = Some(VectorMatching { on, labels, group });
        }
        let next_min = if right { prec } else { prec + 1 };
        let rhs = binary(p, next_min)?;
        lhs = SampleExpr::Binary {
            op,
            bool_mod,
            matching,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        };
    }
    Ok(lhs)
}

fn unary(p: &mut P) -> R<SampleExpr> {
    match p.peek().clone() {
        Tok::Sub | Tok::Add => {
            let neg = *p.peek() == Tok::Sub;
            p.next();
            let e = unary(p)?;
            Ok(match e {
                SampleExpr::Literal(v) if neg => SampleExpr::Literal(-v),
                SampleExpr::Literal(v) => SampleExpr::Literal(v),
                other if neg => SampleExpr::Binary {
                    op: "*".into(),
                    bool_mod: false,
                    matching: None,
                    lhs: Box::new(SampleExpr::Literal(-1.0)),
                    rhs: Box::new(other),
                },
                other => other,
            })
        }
        Tok::Number(v, _) => {
            p.next();
            Ok(SampleExpr::Literal(v))
        }
        Tok::LParen => {
            p.next();
            let e = binary(p, 0)?;
            p.expect(Tok::RParen, ")")?;
            Ok(e)
        }
        Tok::Ident(name) => {
            if RANGE_OPS.contains(&name.as_str()) {
                return range_agg(p);
            }
            if VECTOR_OPS.contains(&name.as_str()) {
                return vector_agg(p);
            }
            match name.as_str() {
                "vector" => {
                    p.next();
                    p.expect(Tok::LParen, "(")?;
                    let v = number(p)?;
                    p.expect(Tok::RParen, ")")?;
                    Ok(SampleExpr::VectorFn(v))
                }
                "label_replace" => {
                    p.next();
                    p.expect(Tok::LParen, "(")?;
                    let inner = binary(p, 0)?;
                    let mut args = Vec::new();
                    for _ in 0..4 {
                        p.expect(Tok::Comma, ",")?;
                        args.push((p.pos(), p.string("STRING")?));
                    }
                    p.expect(Tok::RParen, ")")?;
                    check_regex(&args[3].1, args[3].0)?;
                    Ok(SampleExpr::LabelReplace {
                        inner: Box::new(inner),
                        dst: args[0].1.clone(),
                        replacement: args[1].1.clone(),
                        src: args[2].1.clone(),
                        regex: args[3].1.clone(),
                    })
                }
                _ => Err(p.unexpected("a range or vector aggregation")),
            }
        }
        Tok::LBrace => Err(ParseError::new(
            p.pos(),
            "syntax error: a log selector here needs a range aggregation such as count_over_time({...}[5m])".into(),
        )),
        _ => Err(p.unexpected("expression")),
    }
}

fn number(p: &mut P) -> R<f64> {
    let neg = if *p.peek() == Tok::Sub {
        p.next();
        true
    } else {
        false
    };
    match p.peek().clone() {
        Tok::Number(v, _) => {
            p.next();
            Ok(if neg { -v } else { v })
        }
        _ => Err(p.unexpected("NUMBER")),
    }
}

fn range_agg(p: &mut P) -> R<SampleExpr> {
    let at = p.pos();
    let op = p.ident("function")?;
    p.expect(Tok::LParen, "(")?;
    let param = if op == "quantile_over_time" {
        let v = number(p)?;
        p.expect(Tok::Comma, ",")?;
        Some(v)
    } else {
        None
    };
    // Either `{sel} | pipeline [range]` or `{sel}[range] | pipeline`, optionally parenthesised.
    let mut parens = 0;
    while *p.peek() == Tok::LParen {
        p.next();
        parens += 1;
    }
    let matchers = selector(p)?;
    let mut range = None;
    if *p.peek() == Tok::LBracket {
        range = Some(range_dur(p)?);
    }
    let stages = pipeline(p)?;
    let unwrap = unwrap_expr(p, at)?;
    for _ in 0..parens {
        p.expect(Tok::RParen, ")")?;
    }
    if range.is_none() {
        if *p.peek() != Tok::LBracket {
            return Err(p.unexpected("[ (a range such as [5m])"));
        }
        range = Some(range_dur(p)?);
    }
    let mut offset = None;
    if p.is_ident("offset") {
        p.next();
        match p.next().tok {
            Tok::Duration(ns, _) => offset = Some(ns),
            _ => {
                p.i -= 1;
                return Err(p.unexpected("DURATION"));
            }
        }
    }
    p.expect(Tok::RParen, ")")?;
    let grouping = grouping(p)?;
    check_unwrap(&op, unwrap.is_some(), at)?;
    Ok(SampleExpr::Range {
        op,
        param,
        log: LogExpr { matchers, stages },
        unwrap,
        range: range.unwrap_or(0),
        offset,
        grouping,
    })
}

/// `| unwrap [conv(]label[)] [| label filters]`, if present.
fn unwrap_expr(p: &mut P, at: usize) -> R<Option<Unwrap>> {
    if !(*p.peek() == Tok::Pipe && matches!(p.peek_at(1), Tok::Ident(s) if s == "unwrap")) {
        return Ok(None);
    }
    p.next();
    p.next();
    let (conversion, label) = if matches!(p.peek_at(1), Tok::LParen) {
        let c = p.ident("conversion")?;
        if !matches!(c.as_str(), "duration" | "duration_seconds" | "bytes") {
            return Err(ParseError::new(at, format!("invalid unwrap conversion {c:?}")));
        }
        p.expect(Tok::LParen, "(")?;
        let l = p.ident("IDENTIFIER")?;
        p.expect(Tok::RParen, ")")?;
        (Some(c), l)
    } else {
        (None, p.ident("IDENTIFIER")?)
    };
    let mut post = Vec::new();
    while *p.peek() == Tok::Pipe {
        p.next();
        post.push(label_filter(p)?);
    }
    Ok(Some(Unwrap {
        conversion,
        label,
        post,
    }))
}

/// Loki's rule: some range aggregations need `unwrap`, others refuse it.
fn check_unwrap(op: &str, has_unwrap: bool, at: usize) -> R<()> {
    if UNWRAP_OPS.contains(&op) && !has_unwrap {
        return Err(ParseError::new(
            at,
            format!("parse error : invalid aggregation {op} without unwrap"),
        ));
    }
    if has_unwrap
        && matches!(
            op,
            "count_over_time" | "bytes_over_time" | "bytes_rate" | "absent_over_time"
        )
    {
        return Err(ParseError::new(
            at,
            format!("parse error : invalid aggregation {op} with unwrap"),
        ));
    }
    Ok(())
}

fn range_dur(p: &mut P) -> R<i64> {
    p.expect(Tok::LBracket, "[")?;
    let ns = match p.next().tok {
        Tok::Duration(ns, _) => ns,
        _ => {
            p.i -= 1;
            return Err(p.unexpected("DURATION"));
        }
    };
    p.expect(Tok::RBracket, "]")?;
    Ok(ns)
}

fn vector_agg(p: &mut P) -> R<SampleExpr> {
    let op = p.ident("function")?;
    let mut grouping = grouping(p)?;
    p.expect(Tok::LParen, "(")?;
    let param = if matches!(op.as_str(), "topk" | "bottomk" | "approx_topk") {
        let at = p.pos();
        let v = number(p)?;
        if v.fract() != 0.0 || v < 0.0 {
            return Err(ParseError::new(
                at,
                format!("parse error : invalid parameter for {op}: {v}"),
            ));
        }
        p.expect(Tok::Comma, ",")?;
        Some(v)
    } else {
        None
    };
    let inner = binary(p, 0)?;
    p.expect(Tok::RParen, ")")?;
    if grouping.is_none() {
        grouping = self::grouping(p)?;
    }
    Ok(SampleExpr::Vector {
        op,
        grouping,
        param,
        inner: Box::new(inner),
    })
}

//! Label filters. `or` and `and` are left-associative with `and` binding
//! tighter; a `,` or two filters side by side mean "and" too, but (as
//! Loki's grammar resolves it) they take everything to their right as one
//! operand: `a , b or c` is `a and (b or c)`.

use super::goscan::parse_float;
use super::{check_regex, P, R};
use crate::logql::ast::*;
use crate::logql::lexer::Tok;

pub(super) fn label_filter(p: &mut P) -> R<LabelFilter> {
    filter(p, 0)
}

fn filter(p: &mut P, min_prec: u8) -> R<LabelFilter> {
    let mut lhs = joined(p)?;
    loop {
        let prec = match p.peek() {
            Tok::Kw("or") => 1,
            Tok::Kw("and") => 2,
            _ => return Ok(lhs),
        };
        if prec < min_prec {
            return Ok(lhs);
        }
        p.next();
        if !matches!(p.peek(), Tok::Ident(_) | Tok::LParen) {
            return Err(p.unexpected("IDENTIFIER or ("));
        }
        let rhs = filter(p, prec + 1)?;
        lhs = if prec == 1 {
            LabelFilter::Or(Box::new(lhs), Box::new(rhs))
        } else {
            LabelFilter::And(Box::new(lhs), Box::new(rhs))
        };
    }
}

/// A filter, and everything after a `,` or a juxtaposed filter.
fn joined(p: &mut P) -> R<LabelFilter> {
    let a = atom(p)?;
    match p.peek() {
        Tok::Comma => {
            p.next();
        }
        Tok::Ident(_) | Tok::LParen => {}
        _ => return Ok(a),
    }
    let rest = filter(p, 0)?;
    Ok(LabelFilter::And(Box::new(a), Box::new(rest)))
}

fn atom(p: &mut P) -> R<LabelFilter> {
    if *p.peek() == Tok::LParen {
        p.next();
        if !matches!(p.peek(), Tok::Ident(_) | Tok::LParen) {
            return Err(p.unexpected("IDENTIFIER or ("));
        }
        let f = filter(p, 0)?;
        p.expect(Tok::RParen, "")?;
        return Ok(f);
    }
    let name = p.ident("IDENTIFIER or (")?;
    let op = p.peek().clone();
    let str_op = match op {
        Tok::Eq => Some(MatchOp::Eq),
        Tok::Neq => Some(MatchOp::Neq),
        Tok::Re => Some(MatchOp::Re),
        Tok::Nre => Some(MatchOp::Nre),
        _ => None,
    };
    let cmp = match op {
        Tok::Eq | Tok::CmpEq => Some(CmpOp::Eq),
        Tok::Neq => Some(CmpOp::Neq),
        Tok::Gt => Some(CmpOp::Gt),
        Tok::Gte => Some(CmpOp::Gte),
        Tok::Lt => Some(CmpOp::Lt),
        Tok::Lte => Some(CmpOp::Lte),
        _ => None,
    };
    if str_op.is_none() && cmp.is_none() {
        return Err(p.unexpected(""));
    }
    p.next();
    let at = p.pos();
    match (p.peek(), str_op, cmp) {
        (Tok::Str(_), Some(op), _) => {
            let value = p.take_text();
            if matches!(op, MatchOp::Re | MatchOp::Nre) {
                check_regex(&value, at)?;
            }
            Ok(LabelFilter::Str(Matcher { name, op, value }))
        }
        (Tok::Func("ip"), Some(op @ (MatchOp::Eq | MatchOp::Neq)), _) => {
            p.next();
            p.expect(Tok::LParen, "(")?;
            let value = p.string("STRING")?;
            p.expect(Tok::RParen, ")")?;
            Ok(LabelFilter::Ip {
                name,
                negate: op == MatchOp::Neq,
                value,
            })
        }
        (_, _, Some(op)) => numeric(p, name, op),
        _ => Err(p.unexpected("STRING")),
    }
}

/// `name OP value` where the value is a number, a duration or a byte size.
fn numeric(p: &mut P, name: String, op: CmpOp) -> R<LabelFilter> {
    let sign = match p.peek() {
        Tok::Add | Tok::Sub => {
            let s = if *p.peek() == Tok::Sub { -1.0 } else { 1.0 };
            p.next();
            if !matches!(p.peek(), Tok::Number(..)) {
                return Err(p.unexpected("NUMBER"));
            }
            s
        }
        _ => 1.0,
    };
    match *p.peek() {
        Tok::Number(..) => {
            let text = p.take_text();
            // Loki keeps what ParseFloat returns, even with an error.
            let v = parse_float(&text).unwrap_or_else(|(_, v)| v);
            Ok(LabelFilter::Num {
                name,
                op,
                value: v * sign,
            })
        }
        Tok::Duration(ns) => {
            p.next();
            Ok(LabelFilter::Duration {
                name,
                op,
                ns,
                text: crate::core::gofmt::fmt_go_duration(ns),
            })
        }
        Tok::Bytes(bytes, _) => {
            p.next();
            Ok(LabelFilter::Bytes {
                name,
                op,
                bytes,
                text: crate::core::gofmt::humanize_bytes_compact(bytes),
            })
        }
        _ => Err(p.unexpected("")),
    }
}

//! Expressions with binary operators (precedence, vector matching, `bool`,
//! constant folding of literal operands like Loki), literals, vector
//! aggregations, `vector()` and `label_replace()`.

use super::gomath::go_pow;
use super::goscan::{atoi, parse_float};
use super::grouping::{grouping, label_list};
use super::{log_expr, range, semantic, ParseError, P, R};
use crate::logql::ast::*;
use crate::logql::lexer::{Tok, VECTOR_OPS};

/// A whole query: a log query, or a metric query built with operators.
pub(super) fn expr(p: &mut P) -> R<Expr> {
    binary(p, 0)
}

/// A metric expression where Loki's grammar wants one (inside an
/// aggregation or `label_replace`).
pub(super) fn metric_expr(p: &mut P) -> R<SampleExpr> {
    match binary(p, 0)? {
        Expr::Sample(s) => Ok(s),
        Expr::Log(_) => Err(p.unexpected("")),
    }
}

/// (operator, precedence, right-associative), as in Loki's grammar.
fn bin_op(t: &Tok) -> Option<(&'static str, u8, bool)> {
    Some(match t {
        Tok::Kw("or") => ("or", 1, false),
        Tok::Kw("and") => ("and", 2, false),
        Tok::Kw("unless") => ("unless", 2, false),
        Tok::CmpEq => ("==", 3, false),
        Tok::Neq => ("!=", 3, false),
        Tok::Gt => (">", 3, false),
        Tok::Gte => (">=", 3, false),
        Tok::Lt => ("<", 3, false),
        Tok::Lte => ("<=", 3, false),
        Tok::Add => ("+", 4, false),
        Tok::Sub => ("-", 4, false),
        Tok::Mul => ("*", 5, false),
        Tok::Div => ("/", 5, false),
        Tok::Mod => ("%", 5, false),
        Tok::Pow => ("^", 6, true),
        _ => return None,
    })
}

fn binary(p: &mut P, min_prec: u8) -> R<Expr> {
    let (mut lhs, mut err) = p.sub(operand)?;
    while let Some((op, prec, right)) = bin_op(p.peek()) {
        if prec < min_prec {
            break;
        }
        let at = p.pos();
        p.next();
        let bool_mod = p.is_kw("bool");
        if bool_mod {
            p.next();
        }
        let matching = vector_matching(p)?;
        let (rhs, rhs_err) = p.sub(|p| binary(p, if right { prec } else { prec + 1 }))?;
        let legs = Legs {
            lhs,
            rhs,
            lhs_err: err.clone(),
            rhs_err: rhs_err.clone(),
        };
        let (node, own) = make_binary(op, bool_mod, matching, legs, at);
        lhs = Expr::Sample(node);
        err = own.or(err).or(rhs_err);
    }
    p.defer(err);
    Ok(lhs)
}

/// `on (..)` / `ignoring (..)` with an optional `group_left|right (..)`.
fn vector_matching(p: &mut P) -> R<Option<VectorMatching>> {
    let on = match p.peek() {
        Tok::Kw("on") => true,
        Tok::Kw("ignoring") => false,
        _ => return Ok(None),
    };
    p.next();
    let labels = label_list(p)?;
    let mut group = None;
    if let Tok::Kw(g @ ("group_left" | "group_right")) = *p.peek() {
        p.next();
        let inc = if *p.peek() == Tok::LParen {
            label_list(p)?
        } else {
            vec![]
        };
        group = Some((g.to_string(), inc));
    }
    Ok(Some(VectorMatching { on, labels, group }))
}

/// The operands of a binary operation and their semantic errors.
struct Legs {
    lhs: Expr,
    rhs: Expr,
    lhs_err: Option<ParseError>,
    rhs_err: Option<ParseError>,
}

/// Loki's `mustNewBinOpExpr`: both legs must be metric expressions with
/// valid literals, set operators refuse literals, and two literals are
/// folded into one. With an error, the node stands in for it.
fn make_binary(
    op: &str,
    bool_mod: bool,
    matching: Option<VectorMatching>,
    legs: Legs,
    at: usize,
) -> (SampleExpr, Option<ParseError>) {
    let failed = |e: ParseError| (SampleExpr::VectorFn(f64::NAN), Some(e));
    let leg = |e: &Expr, side: &str| match e {
        Expr::Sample(_) => None,
        Expr::Log(l) => {
            let kind = if l.stages.is_empty() {
                "MatchersExpr"
            } else {
                "PipelineExpr"
            };
            Some(semantic(
                at,
                format!("unexpected type for {side} leg of binary operation ({op}): *syntax.{kind}"),
            ))
        }
    };
    if let Some(e) = leg(&legs.lhs, "left").or_else(|| leg(&legs.rhs, "right")) {
        return failed(e);
    }
    let (Expr::Sample(lhs), Expr::Sample(rhs)) = (legs.lhs, legs.rhs) else {
        return failed(semantic(at, "unexpected type"));
    };
    let lit_err = |e: &SampleExpr, err: Option<ParseError>| err.filter(|_| matches!(e, SampleExpr::Literal(_)));
    if let Some(e) = lit_err(&lhs, legs.lhs_err).or(lit_err(&rhs, legs.rhs_err)) {
        return failed(e);
    }
    if matches!(op, "and" | "or" | "unless") {
        for (side, e) in [("left", &lhs), ("right", &rhs)] {
            if let SampleExpr::Literal(v) = e {
                return failed(semantic(
                    at,
                    format!("unexpected literal for {side} leg of logical/set binary operation ({op}): {v:.6}"),
                ));
            }
        }
    }
    if let (SampleExpr::Literal(a), SampleExpr::Literal(b)) = (&lhs, &rhs) {
        return (SampleExpr::Literal(fold(op, *a, *b)), None);
    }
    let node = SampleExpr::Binary {
        op: op.to_string(),
        bool_mod,
        matching,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    };
    (node, None)
}

/// Loki's `reduceBinOp` of two literals.
fn fold(op: &str, a: f64, b: f64) -> f64 {
    let truth = |c: bool| if c { 1.0 } else { 0.0 };
    match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" if b == 0.0 => f64::NAN,
        "/" => a / b,
        "%" if b == 0.0 => f64::NAN,
        "%" => a % b,
        "^" => go_pow(a, b),
        "==" => truth(a == b),
        "!=" => truth(a != b),
        ">" => truth(a > b),
        ">=" => truth(a >= b),
        "<" => truth(a < b),
        "<=" => truth(a <= b),
        _ => f64::NAN,
    }
}

fn operand(p: &mut P) -> R<Expr> {
    match *p.peek() {
        Tok::LBrace => Ok(Expr::Log(log_expr(p)?)),
        Tok::LParen => {
            p.next();
            let e = binary(p, 0)?;
            p.expect(Tok::RParen, "")?;
            Ok(e)
        }
        Tok::Number(..) | Tok::Add | Tok::Sub => Ok(Expr::Sample(literal(p)?)),
        Tok::Func(f) if range::is_range_op(f) => Ok(Expr::Sample(range::range_agg(p)?)),
        Tok::Func(f) if VECTOR_OPS.contains(&f) => Ok(Expr::Sample(vector_agg(p)?)),
        Tok::Func("vector") => Ok(Expr::Sample(vector(p)?)),
        Tok::Func("label_replace") => Ok(Expr::Sample(label_replace(p)?)),
        _ => Err(p.unexpected("")),
    }
}

/// `NUMBER`, `+NUMBER` or `-NUMBER`: there is no unary minus in LogQL.
fn literal(p: &mut P) -> R<SampleExpr> {
    let neg = match p.peek() {
        Tok::Sub => true,
        Tok::Add => false,
        _ => return number_literal(p),
    };
    p.next();
    match number_literal(p)? {
        SampleExpr::Literal(v) if neg => Ok(SampleExpr::Literal(-v)),
        e => Ok(e),
    }
}

fn number_literal(p: &mut P) -> R<SampleExpr> {
    let at = p.pos();
    if !matches!(p.peek(), Tok::Number(..)) {
        return Err(p.unexpected("NUMBER"));
    }
    let text = p.take_text();
    Ok(SampleExpr::Literal(float(p, &text, at, "literal")))
}

/// The value of a number literal; an invalid one is Loki's error once the
/// whole query has parsed.
fn float(p: &mut P, text: &str, at: usize, what: &str) -> f64 {
    parse_float(text).unwrap_or_else(|(e, _)| {
        p.defer(Some(semantic(at, format!("unable to parse {what} as a float: {e}"))));
        0.0
    })
}

fn vector(p: &mut P) -> R<SampleExpr> {
    p.next();
    p.expect(Tok::LParen, "(")?;
    let at = p.pos();
    if !matches!(p.peek(), Tok::Number(..)) {
        return Err(p.unexpected("NUMBER"));
    }
    let text = p.take_text();
    p.expect(Tok::RParen, ")")?;
    Ok(SampleExpr::VectorFn(float(p, &text, at, "vectorExpr")))
}

fn label_replace(p: &mut P) -> R<SampleExpr> {
    p.next();
    p.expect(Tok::LParen, "(")?;
    let (inner, inner_err) = p.sub(metric_expr)?;
    let mut args = Vec::new();
    for k in 0..4 {
        // after the expression an operator could come too: Loki names none
        p.expect(Tok::Comma, if k == 0 { "" } else { "," })?;
        args.push((p.pos(), p.string("STRING")?));
    }
    p.expect(Tok::RParen, ")")?;
    let (at, re) = &args[3];
    let own = super::go_regex_unanchored(&format!("^(?:{re})$")).err().map(|e| {
        semantic(
            *at,
            format!("invalid regex in label_replace: error parsing regexp: {e}"),
        )
    });
    p.defer(own.or(inner_err));
    let mut args = args.into_iter().map(|a| a.1);
    let mut arg = || args.next().unwrap_or_default();
    let (dst, replacement, src, regex) = (arg(), arg(), arg(), arg());
    Ok(SampleExpr::LabelReplace {
        inner: Box::new(inner),
        dst,
        replacement,
        src,
        regex,
    })
}

fn vector_agg(p: &mut P) -> R<SampleExpr> {
    let at = p.pos();
    let Tok::Func(op) = *p.peek() else {
        return Err(p.unexpected(""));
    };
    p.next();
    let before = grouping(p)?;
    p.expect(Tok::LParen, "(")?;
    let mut param = None;
    if matches!((p.peek(), p.peek_at(1)), (Tok::Number(..), Tok::Comma)) {
        param = Some(p.take_text());
        p.next();
    }
    let (inner, inner_err) = p.sub(metric_expr)?;
    p.expect(Tok::RParen, "")?;
    let grouping = match before {
        Some(g) => Some(g),
        None => grouping(p)?,
    };
    let param = match check_vector_agg(op, param, &grouping, at) {
        Ok(param) => param,
        Err(e) => {
            p.defer(Some(e));
            None
        }
    };
    p.defer(inner_err);
    Ok(SampleExpr::Vector {
        op: op.to_string(),
        grouping,
        param,
        inner: Box::new(inner),
    })
}

/// Loki's `mustNewVectorAggregationExpr` checks.
fn check_vector_agg(op: &str, param: Option<String>, g: &Option<Grouping>, at: usize) -> R<Option<f64>> {
    match op {
        "topk" | "bottomk" | "approx_topk" => {
            let Some(text) = param else {
                return Err(semantic(at, format!("parameter required for operation {op}")));
            };
            let k = atoi(&text).ok_or_else(|| semantic(at, format!("invalid parameter {op}({text},")))?;
            if k <= 0 {
                return Err(semantic(
                    at,
                    format!("invalid parameter (must be greater than 0) {op}({text}"),
                ));
            }
            if op == "approx_topk" && g.is_some() {
                return Err(semantic(at, format!("grouping not allowed for {op} aggregation")));
            }
            Ok(Some(k as f64))
        }
        _ => {
            if let Some(text) = param {
                return Err(semantic(
                    at,
                    format!("unsupported parameter for operation {op}({text},"),
                ));
            }
            if matches!(op, "sort" | "sort_desc") && g.as_ref().is_some_and(|g| !g.labels.is_empty()) {
                return Err(semantic(at, "sort and sort_desc doesn't allow grouping by "));
            }
            Ok(None)
        }
    }
}

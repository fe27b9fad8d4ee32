//! Range aggregations: `rate({..} | pipeline [5m] offset 1h)`, the forms
//! of Loki's `logRangeExpr`, `| unwrap`, and Loki's checks of which
//! functions take `unwrap`, a parameter or a grouping.

use super::goscan::parse_float;
use super::grouping::grouping;
use super::labelfilter::label_filter;
use super::stages::pipeline;
use super::{selector, semantic, P, R};
use crate::logql::ast::*;
use crate::logql::lexer::{Tok, RANGE_OPS};

pub(super) fn is_range_op(f: &str) -> bool {
    RANGE_OPS.contains(&f)
}

/// What `logRangeExpr` yields.
struct LogRange {
    log: LogExpr,
    unwrap: Option<Unwrap>,
    range: i64,
    offset: Option<i64>,
}

pub(super) fn range_agg(p: &mut P) -> R<SampleExpr> {
    let at = p.pos();
    let Tok::Func(op) = *p.peek() else {
        return Err(p.unexpected(""));
    };
    p.next();
    p.expect(Tok::LParen, "(")?;
    let mut param = None;
    if let Tok::Number(..) = p.peek() {
        let n = p.take_text();
        p.expect(Tok::Comma, ",")?;
        if !matches!(p.peek(), Tok::LBrace | Tok::LParen) {
            return Err(p.unexpected("{ or ("));
        }
        param = Some(n);
    } else if !matches!(p.peek(), Tok::LBrace | Tok::LParen) {
        return Err(p.unexpected("NUMBER or { or ("));
    }
    let r = log_range(p)?;
    p.expect(Tok::RParen, ")")?;
    let grouping = grouping(p)?;
    // Loki reports these only when the whole query has parsed
    let checked = check_param(op, param, at)
        .and_then(|param| check_range_agg(op, r.unwrap.is_some(), grouping.is_some(), at).map(|_| param));
    let param = match checked {
        Ok(param) => param,
        Err(e) => {
            p.defer(Some(e));
            None
        }
    };
    Ok(SampleExpr::Range {
        op: op.to_string(),
        param,
        log: r.log,
        unwrap: r.unwrap,
        range: r.range,
        offset: r.offset,
        grouping,
    })
}

/// The forms of Loki's `logRangeExpr`: `{..} [pipeline] [unwrap] [5m]
/// [offset]`, `{..}[5m] [offset] [pipeline] [unwrap]`, and parenthesised.
fn log_range(p: &mut P) -> R<LogRange> {
    if *p.peek() != Tok::LParen {
        let matchers = selector(p)?;
        return range_tail(p, matchers);
    }
    p.next();
    if *p.peek() == Tok::LParen {
        let r = log_range(p)?;
        p.expect(Tok::RParen, ")")?;
        return Ok(r);
    }
    if *p.peek() != Tok::LBrace {
        return Err(p.unexpected("{ or ("));
    }
    let matchers = selector(p)?;
    if matches!(p.peek(), Tok::Range(_)) {
        let r = range_tail(p, matchers)?;
        p.expect(Tok::RParen, ")")?;
        return Ok(r);
    }
    let stages = pipeline(p)?;
    let mut unwrap = unwrap_expr(p)?;
    if matches!(p.peek(), Tok::Range(_)) {
        let r = after_range(p, LogExpr { matchers, stages }, unwrap, false)?;
        p.expect(Tok::RParen, ")")?;
        return Ok(r);
    }
    p.expect(Tok::RParen, if unwrap.is_some() { ") or |" } else { ")" })?;
    let range = range(p)?;
    let offset = offset(p)?;
    if unwrap.is_none() && stages.is_empty() {
        unwrap = unwrap_expr(p)?;
    }
    Ok(LogRange {
        log: LogExpr { matchers, stages },
        unwrap,
        range,
        offset,
    })
}

/// After a bare selector: either the range comes next (and a pipeline may
/// follow it), or the pipeline and unwrap come first.
fn range_tail(p: &mut P, matchers: Vec<Matcher>) -> R<LogRange> {
    if matches!(p.peek(), Tok::Range(_)) {
        let range = range(p)?;
        let offset = offset(p)?;
        let stages = pipeline(p)?;
        let unwrap = unwrap_expr(p)?;
        return Ok(LogRange {
            log: LogExpr { matchers, stages },
            unwrap,
            range,
            offset,
        });
    }
    let stages = pipeline(p)?;
    let unwrap = unwrap_expr(p)?;
    after_range(p, LogExpr { matchers, stages }, unwrap, true)
}

fn after_range(p: &mut P, log: LogExpr, unwrap: Option<Unwrap>, bare: bool) -> R<LogRange> {
    if !matches!(p.peek(), Tok::Range(_)) {
        return Err(p.unexpected(if unwrap.is_some() && bare { "RANGE or |" } else { "" }));
    }
    let range = range(p)?;
    let offset = offset(p)?;
    Ok(LogRange {
        log,
        unwrap,
        range,
        offset,
    })
}

fn range(p: &mut P) -> R<i64> {
    match p.peek() {
        Tok::Range(ns) => {
            let ns = *ns;
            p.next();
            Ok(ns)
        }
        _ => Err(p.unexpected("RANGE")),
    }
}

fn offset(p: &mut P) -> R<Option<i64>> {
    if !p.is_kw("offset") {
        return Ok(None);
    }
    p.next();
    match p.peek() {
        Tok::Duration(ns) => {
            let ns = *ns;
            p.next();
            Ok(Some(ns))
        }
        _ => Err(p.unexpected("DURATION")),
    }
}

/// `| unwrap [conv(]label[)]` and the label filters after it.
fn unwrap_expr(p: &mut P) -> R<Option<Unwrap>> {
    if !(*p.peek() == Tok::Pipe && *p.peek_at(1) == Tok::Kw("unwrap")) {
        return Ok(None);
    }
    p.next();
    p.next();
    let expecting = "IDENTIFIER or BYTES_CONV or DURATION_CONV or DURATION_SECONDS_CONV";
    let (conversion, label) = match *p.peek() {
        Tok::Func(c @ ("bytes" | "duration" | "duration_seconds")) => {
            p.next();
            p.expect(Tok::LParen, "(")?;
            let l = p.ident("IDENTIFIER")?;
            p.expect(Tok::RParen, ")")?;
            (Some(c.to_string()), l)
        }
        Tok::Ident(_) => (None, p.take_text()),
        _ => return Err(p.unexpected(expecting)),
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

/// Only `quantile_over_time` takes (and needs) a parameter.
fn check_param(op: &str, param: Option<String>, at: usize) -> R<Option<f64>> {
    match param {
        Some(text) if op != "quantile_over_time" => Err(semantic(
            at,
            format!("parameter {text} not supported for operation {op}"),
        )),
        Some(text) => parse_float(&text)
            .map(Some)
            .map_err(|(e, _)| semantic(at, format!("invalid parameter for operation {op}: {e}"))),
        None if op == "quantile_over_time" => Err(semantic(at, format!("parameter required for operation {op}"))),
        None => Ok(None),
    }
}

/// Loki's `RangeAggregationExpr.validate`.
fn check_range_agg(op: &str, has_unwrap: bool, has_grouping: bool, at: usize) -> R<()> {
    const GROUPED: &[&str] = &[
        "avg_over_time",
        "stddev_over_time",
        "stdvar_over_time",
        "quantile_over_time",
        "max_over_time",
        "min_over_time",
        "first_over_time",
        "last_over_time",
    ];
    if has_grouping && !GROUPED.contains(&op) {
        return Err(semantic(at, format!("grouping not allowed for {op} aggregation")));
    }
    let plain = matches!(
        op,
        "count_over_time" | "bytes_over_time" | "bytes_rate" | "rate" | "absent_over_time"
    );
    if has_unwrap && matches!(op, "count_over_time" | "bytes_over_time" | "bytes_rate") {
        return Err(semantic(at, format!("invalid aggregation {op} with unwrap")));
    }
    if !has_unwrap && !plain {
        return Err(semantic(at, format!("invalid aggregation {op} without unwrap")));
    }
    Ok(())
}

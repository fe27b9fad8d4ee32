//! Recursive-descent LogQL parser with byte positions in its errors.

use super::ast::*;
use super::lexer::{lex, Tok, Token};
use super::ParseError;

pub const RANGE_OPS: &[&str] = &[
    "count_over_time",
    "rate",
    "rate_counter",
    "bytes_over_time",
    "bytes_rate",
    "avg_over_time",
    "sum_over_time",
    "min_over_time",
    "max_over_time",
    "stddev_over_time",
    "stdvar_over_time",
    "quantile_over_time",
    "first_over_time",
    "last_over_time",
    "absent_over_time",
];

pub const VECTOR_OPS: &[&str] = &[
    "sum",
    "avg",
    "min",
    "max",
    "count",
    "stddev",
    "stdvar",
    "topk",
    "bottomk",
    "sort",
    "sort_desc",
    "approx_topk",
];

/// Range aggregations that need `| unwrap`.
const UNWRAP_OPS: &[&str] = &[
    "avg_over_time",
    "sum_over_time",
    "min_over_time",
    "max_over_time",
    "stddev_over_time",
    "stdvar_over_time",
    "quantile_over_time",
    "first_over_time",
    "last_over_time",
    "rate_counter",
];

struct P {
    toks: Vec<Token>,
    i: usize,
}

type R<T> = Result<T, ParseError>;

impl P {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].tok
    }
    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.i + k).min(self.toks.len() - 1)].tok
    }
    fn pos(&self) -> usize {
        self.toks[self.i].pos
    }
    fn next(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }
    fn unexpected(&self, expecting: &str) -> ParseError {
        let t = &self.toks[self.i];
        let what = match &t.tok {
            Tok::Ident(s) => format!("IDENTIFIER {s}"),
            Tok::Str(_) => "STRING".to_string(),
            Tok::Number(_, s) => format!("NUMBER {s}"),
            Tok::Duration(_, s) => format!("DURATION {s}"),
            Tok::Bytes(_, s) => format!("BYTES {s}"),
            other => other.describe(),
        };
        ParseError::new(t.pos, format!("syntax error: unexpected {what}, expecting {expecting}"))
    }
    fn expect(&mut self, t: Tok, what: &str) -> R<Token> {
        if *self.peek() == t {
            Ok(self.next())
        } else {
            Err(self.unexpected(what))
        }
    }
    fn is_ident(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Ident(x) if x == s)
    }
    fn ident(&mut self, what: &str) -> R<String> {
        match self.peek().clone() {
            Tok::Ident(s) => {
                self.next();
                Ok(s)
            }
            _ => Err(self.unexpected(what)),
        }
    }
    fn string(&mut self, what: &str) -> R<String> {
        match self.peek().clone() {
            Tok::Str(s) => {
                self.next();
                Ok(s)
            }
            _ => Err(self.unexpected(what)),
        }
    }
}

/// Parse a LogQL query.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let toks = lex(src)?;
    let mut p = P { toks, i: 0 };
    if *p.peek() == Tok::Eof {
        return Err(ParseError::new(0, "syntax error: unexpected $end".into()));
    }
    let e = expr(&mut p)?;
    if *p.peek() != Tok::Eof {
        return Err(p.unexpected("$end"));
    }
    Ok(e)
}

fn expr(p: &mut P) -> R<Expr> {
    // A log query starts with a selector (possibly parenthesised) and has no
    // binary operator after it; anything else is a metric query.
    let start = p.i;
    if *p.peek() == Tok::LBrace || (*p.peek() == Tok::LParen && starts_log(p)) {
        let log = log_expr(p)?;
        if matches!(p.peek(), Tok::Eof | Tok::RParen) {
            return Ok(Expr::Log(log));
        }
        p.i = start;
    }
    Ok(Expr::Sample(binary(p, 0)?))
}

fn starts_log(p: &P) -> bool {
    let mut k = 0;
    while *p.peek_at(k) == Tok::LParen {
        k += 1;
    }
    *p.peek_at(k) == Tok::LBrace
}

fn log_expr(p: &mut P) -> R<LogExpr> {
    if *p.peek() == Tok::LParen {
        p.next();
        let e = log_expr(p)?;
        p.expect(Tok::RParen, ")")?;
        return Ok(e);
    }
    let matchers = selector(p)?;
    let stages = pipeline(p)?;
    Ok(LogExpr { matchers, stages })
}

fn selector(p: &mut P) -> R<Vec<Matcher>> {
    p.expect(Tok::LBrace, "{")?;
    let mut ms = Vec::new();
    if *p.peek() == Tok::RBrace {
        p.next();
        return Ok(ms);
    }
    loop {
        ms.push(matcher(p)?);
        match p.peek() {
            Tok::Comma => {
                p.next();
            }
            Tok::RBrace => {
                p.next();
                return Ok(ms);
            }
            _ => return Err(p.unexpected("} or ,")),
        }
    }
}

fn match_op(p: &mut P) -> Option<MatchOp> {
    let op = match p.peek() {
        Tok::Eq => MatchOp::Eq,
        Tok::Neq => MatchOp::Neq,
        Tok::Re => MatchOp::Re,
        Tok::Nre => MatchOp::Nre,
        _ => return None,
    };
    p.next();
    Some(op)
}

fn matcher(p: &mut P) -> R<Matcher> {
    let name = p.ident("IDENTIFIER")?;
    let op = match_op(p).ok_or_else(|| p.unexpected("=, !=, =~ or !~"))?;
    let at = p.pos();
    let value = p.string("STRING")?;
    if matches!(op, MatchOp::Re | MatchOp::Nre) {
        check_regex(&value, at)?;
    }
    Ok(Matcher { name, op, value })
}

fn check_regex(re: &str, at: usize) -> R<()> {
    regex::Regex::new(&format!("^(?:{re})$"))
        .map(|_| ())
        .map_err(|e| ParseError::new(at, format!("invalid regex {re:?}: {}", first_line(&e.to_string()))))
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}

fn pipeline(p: &mut P) -> R<Vec<Stage>> {
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
        super::pattern::Pattern::parse(&v).map_err(|e| ParseError::new(at, e))?;
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
    let at = p.pos();
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
    p.next();
    Ok(match kw.as_str() {
        "json" => Stage::Parser(ParserStage::Json(params(p)?)),
        "logfmt" => {
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
            Stage::Parser(ParserStage::Logfmt {
                strict,
                keep_empty,
                params: params(p)?,
            })
        }
        "regexp" => {
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
            Stage::Parser(ParserStage::Regexp(r))
        }
        "pattern" => {
            let at = p.pos();
            let s = p.string("STRING")?;
            super::pattern::Pattern::parse(&s).map_err(|e| ParseError::new(at, e))?;
            Stage::Parser(ParserStage::Pattern(s))
        }
        "unpack" => Stage::Parser(ParserStage::Unpack),
        "decolorize" => Stage::Decolorize,
        "line_format" => {
            let at = p.pos();
            let t = p.string("STRING")?;
            super::template::Template::parse(&t).map_err(|e| ParseError::new(at, e))?;
            Stage::LineFormat(t)
        }
        "label_format" => {
            let mut items = Vec::new();
            loop {
                let dst = p.ident("IDENTIFIER")?;
                p.expect(Tok::Eq, "=")?;
                let at = p.pos();
                match p.peek().clone() {
                    Tok::Str(t) => {
                        p.next();
                        super::template::Template::parse(&t).map_err(|e| ParseError::new(at, e))?;
                        items.push(LabelFmt::Template { dst, template: t });
                    }
                    Tok::Ident(src) => {
                        p.next();
                        items.push(LabelFmt::Rename { dst, src });
                    }
                    _ => return Err(p.unexpected("STRING or IDENTIFIER")),
                }
                if *p.peek() == Tok::Comma {
                    p.next();
                } else {
                    break;
                }
            }
            Stage::LabelFormat(items)
        }
        "drop" | "keep" => {
            let mut args = Vec::new();
            loop {
                let name = p.ident("IDENTIFIER")?;
                let matcher = if let Some(op) = match_op(p) {
                    Some(Matcher {
                        name: name.clone(),
                        op,
                        value: p.string("STRING")?,
                    })
                } else {
                    None
                };
                args.push(LabelArg { name, matcher });
                if *p.peek() == Tok::Comma {
                    p.next();
                } else {
                    break;
                }
            }
            if kw == "drop" {
                Stage::Drop(args)
            } else {
                Stage::Keep(args)
            }
        }
        _ => {
            p.i -= 1;
            return Err(p.unexpected("parser, label filter or format expression"));
        }
    })
}

/// Label filters: `or` binds weaker than `and` (and `,`).
fn label_filter(p: &mut P) -> R<LabelFilter> {
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
            let neg = if *p.peek() == Tok::Sub {
                p.next();
                true
            } else {
                false
            };
            let op = match (cmp, str_op) {
                (Some(c), _) => c,
                (None, Some(MatchOp::Neq)) => CmpOp::Neq,
                (None, Some(MatchOp::Eq)) => CmpOp::Eq,
                _ => return Err(p.unexpected("STRING")),
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
        _ => Err(p.unexpected(if str_op.is_some() {
            "STRING"
        } else {
            "NUMBER, DURATION or BYTES"
        })),
    }
}

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

fn binary(p: &mut P, min_prec: u8) -> R<SampleExpr> {
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
    let mut unwrap = None;
    if *p.peek() == Tok::Pipe && matches!(p.peek_at(1), Tok::Ident(s) if s == "unwrap") {
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
        unwrap = Some(Unwrap {
            conversion,
            label,
            post,
        });
    }
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
    if UNWRAP_OPS.contains(&op.as_str()) && unwrap.is_none() {
        return Err(ParseError::new(
            at,
            format!("parse error : invalid aggregation {op} without unwrap"),
        ));
    }
    if unwrap.is_some()
        && matches!(
            op.as_str(),
            "count_over_time" | "bytes_over_time" | "bytes_rate" | "absent_over_time"
        )
    {
        return Err(ParseError::new(
            at,
            format!("parse error : invalid aggregation {op} with unwrap"),
        ));
    }
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

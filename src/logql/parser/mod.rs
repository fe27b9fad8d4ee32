//! Recursive-descent LogQL parser with byte positions in its errors.
//! This file holds the token cursor, log selectors and the entry point;
//! `stages` parses pipelines and label filters, `metric` the metric
//! expressions (aggregations, binary operators).

mod metric;
mod stages;

use super::ast::*;
use super::lexer::{lex, Tok, Token};
use super::ParseError;
use metric::binary;
use stages::pipeline;

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

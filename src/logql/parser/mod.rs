//! Recursive-descent LogQL parser that accepts what Loki's grammar accepts
//! and reports errors in Loki's words and positions. This file holds the
//! token cursor, stream selectors and the entry point; `metric` parses
//! binary operators and aggregations, `range` range aggregations, `stages`
//! pipelines, `labelfilter` label filters.

mod gomath;
mod goregex;
pub mod goscan;
mod grouping;
mod labelfilter;
mod metric;
mod range;
pub mod relit;
mod stages;

use std::cell::Cell;

use super::ast::*;
use super::lexer::{tokens, Tok, Token};
use super::ParseError;

struct P {
    toks: Vec<Token>,
    i: usize,
    /// The furthest token the parser has looked at (for scanner errors).
    seen: Cell<usize>,
    /// The semantic error of the expression being parsed (see `sub`).
    deferred: Option<ParseError>,
}

type R<T> = Result<T, ParseError>;

impl P {
    fn peek(&self) -> &Tok {
        if self.i > self.seen.get() {
            self.seen.set(self.i);
        }
        &self.toks[self.i].tok
    }
    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.i + k).min(self.toks.len() - 1)].tok
    }
    fn pos(&self) -> usize {
        self.toks[self.i].pos
    }
    fn next(&mut self) {
        self.peek();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
    }
    /// The text of the current identifier or string, moved out (the parser
    /// never reads a token's text twice), and the next token.
    fn take_text(&mut self) -> String {
        let t = match &mut self.toks[self.i].tok {
            Tok::Ident(s) | Tok::Str(s) | Tok::Number(_, s) => std::mem::take(s),
            _ => String::new(),
        };
        self.next();
        t
    }
    /// `syntax error: unexpected X[, expecting Y]` at the current token.
    fn unexpected(&self, expecting: &str) -> ParseError {
        let t = &self.toks[self.i];
        let mut msg = format!("syntax error: unexpected {}", t.tok.describe());
        if !expecting.is_empty() {
            msg = format!("{msg}, expecting {expecting}");
        }
        ParseError {
            pos: t.pos,
            msg,
            line0: t.line0,
        }
    }
    fn expect(&mut self, t: Tok, expecting: &str) -> R<()> {
        if *self.peek() == t {
            self.next();
            Ok(())
        } else {
            Err(self.unexpected(expecting))
        }
    }
    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Kw(x) if *x == k)
    }
    fn ident(&mut self, expecting: &str) -> R<String> {
        match self.peek() {
            Tok::Ident(_) => Ok(self.take_text()),
            _ => Err(self.unexpected(expecting)),
        }
    }
    fn string(&mut self, expecting: &str) -> R<String> {
        match self.peek() {
            Tok::Str(_) => Ok(self.take_text()),
            _ => Err(self.unexpected(expecting)),
        }
    }
    /// Parse a sub-expression with `f`, and hand back with it the first
    /// semantic error inside it (Loki reports the outermost node's own
    /// error first, then its children's, left to right, and only once the
    /// whole query has parsed).
    fn sub<T>(&mut self, f: impl FnOnce(&mut P) -> R<T>) -> R<(T, Option<ParseError>)> {
        let outer = self.deferred.take();
        let r = f(self);
        let inner = std::mem::replace(&mut self.deferred, outer);
        r.map(|v| (v, inner))
    }
    /// Record a node's semantic error (see `sub`).
    fn defer(&mut self, err: Option<ParseError>) {
        if self.deferred.is_none() {
            self.deferred = err;
        }
    }
    /// The first scanner error among the tokens the parser has reached.
    fn scan_error(&self) -> Option<ParseError> {
        self.toks[..=self.seen.get().min(self.toks.len() - 1)]
            .iter()
            .find_map(|t| {
                t.err.as_ref().map(|m| ParseError {
                    pos: t.pos,
                    msg: m.clone(),
                    // a number's scanner error comes before Loki extends it
                    line0: t.line0 && t.tok == Tok::Eof,
                })
            })
    }
}

/// A semantic error: Loki reports these without a position.
fn semantic(pos: usize, msg: impl std::fmt::Display) -> ParseError {
    ParseError::new(pos, format!("parse error : {msg}"))
}

/// Parse a LogQL query.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let mut p = P {
        toks: tokens(src),
        i: 0,
        seen: Cell::new(0),
        deferred: None,
    };
    if src.is_empty() {
        return Err(semantic(0, "syntax error: unexpected $end"));
    }
    let r = metric::expr(&mut p).and_then(|e| match p.peek() {
        Tok::Eof => Ok(e),
        // `| unwrap` outside a range aggregation: Loki stops at `unwrap`
        Tok::Pipe if *p.peek_at(1) == Tok::Kw("unwrap") && e.is_log() => {
            p.next();
            Err(p.unexpected(""))
        }
        _ => Err(p.unexpected("")),
    });
    match (p.scan_error(), p.deferred.take()) {
        (Some(e), _) => Err(e),
        (None, Some(e)) if r.is_ok() => Err(e),
        _ => r,
    }
}

/// `( selector [pipeline] )` or a bare selector with its pipeline.
fn log_expr(p: &mut P) -> R<LogExpr> {
    if *p.peek() == Tok::LParen {
        p.next();
        let e = log_expr(p)?;
        p.expect(Tok::RParen, ")")?;
        return Ok(e);
    }
    let matchers = selector(p)?;
    let stages = stages::pipeline(p)?;
    Ok(LogExpr { matchers, stages })
}

fn selector(p: &mut P) -> R<Vec<Matcher>> {
    p.expect(Tok::LBrace, "{")?;
    let mut ms = Vec::new();
    if *p.peek() == Tok::RBrace {
        p.next();
        return Ok(ms);
    }
    let mut expecting = "IDENTIFIER or }";
    loop {
        ms.push(matcher(p, expecting)?);
        match p.peek() {
            Tok::Comma => {
                p.next();
                expecting = "IDENTIFIER";
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

/// `name op "value"`; a regex must compile (Prometheus' `NewMatcher`).
fn matcher(p: &mut P, expecting: &str) -> R<Matcher> {
    let name = p.ident(expecting)?;
    let op = match_op(p).ok_or_else(|| p.unexpected("= or =~ or !~ or !="))?;
    let at = p.pos();
    let value = p.string("STRING")?;
    if matches!(op, MatchOp::Re | MatchOp::Nre) {
        check_regex(&value, at)?;
    }
    Ok(Matcher { name, op, value })
}

/// A matcher's regex must be valid Go syntax.
fn check_regex(re: &str, at: usize) -> R<()> {
    go_regex(re)
        .map(|_| ())
        .map_err(|e| semantic(at, format!("error parsing regexp: {e}")))
}

/// A regex in Go's syntax (as Loki compiles them), anchored at both ends,
/// for the regex crate; or Go's error text (`missing closing ): `(``).
pub fn go_regex(re: &str) -> Result<regex::Regex, String> {
    let rust = goregex::translate(re)?;
    regex::Regex::new(&format!("^(?:{rust})$")).map_err(|e| format!("{}: `{re}`", regex_error(&e)))
}

/// A regex in Go's syntax, unanchored, for the regex crate.
pub fn go_regex_unanchored(re: &str) -> Result<regex::Regex, String> {
    let rust = goregex::translate(re)?;
    regex::Regex::new(&rust).map_err(|e| format!("{}: `{re}`", regex_error(&e)))
}

/// The regex crate's error in Go's `regexp/syntax` words where they
/// differ (`missing closing )`).
fn regex_error(e: &regex::Error) -> String {
    let s = e.to_string();
    let last = s.lines().last().unwrap_or(&s).trim().trim_start_matches("error: ");
    const GO: &[(&str, &str)] = &[
        ("unclosed group", "missing closing )"),
        ("unclosed character class", "missing closing ]"),
        ("unopened group", "unexpected )"),
        (
            "repetition operator missing expression",
            "missing argument to repetition operator",
        ),
        ("invalid repetition count range", "invalid repeat count"),
        ("incomplete escape sequence", "trailing backslash at end of expression"),
        ("unrecognized escape sequence", "invalid escape sequence"),
        ("invalid character class range", "invalid character class range"),
        ("look-around", "invalid or unsupported Perl syntax"),
    ];
    GO.iter()
        .find(|(rust, _)| last.starts_with(rust))
        .map(|(_, go)| go.to_string())
        .unwrap_or_else(|| last.to_string())
}

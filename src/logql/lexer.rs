//! LogQL lexer, following Loki's: Go `text/scanner` tokens (numbers,
//! strings, `//` and `/* */` comments) plus Loki's own rules for `#`
//! comments, keywords (case-insensitive), function names (only before `(`
//! or `by`/`without`), durations, byte sizes, `[range]` and `--flags`.

use super::parser::goscan;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    Str(String),
    /// A number literal: Go's `ParseFloat` value (0 when it fails) and the
    /// text as written, which the parser re-parses where Loki does.
    Number(f64, String),
    /// A number with duration units (`5m`, `1h30m`, `-1s`), in nanoseconds.
    Duration(i64),
    /// A number with a byte-size unit (`10KB`, `1.5MiB`), in bytes, and
    /// its text.
    Bytes(u64, String),
    /// `[5m]`, in nanoseconds.
    Range(i64),
    /// `--strict`, `--keep-empty`.
    Flag(String),
    /// A keyword, lower case (`by`, `json`, `offset`, ...).
    Kw(&'static str),
    /// A function name followed by `(` (or `by`/`without`), lower case.
    Func(&'static str),
    LBrace,
    RBrace,
    LParen,
    RParen,
    RBracket,
    Comma,
    Dot,
    Eq,
    Neq,
    Re,
    Nre,
    PipeExact,
    PipeMatch,
    PipePattern,
    NotPattern,
    Pipe,
    CmpEq,
    Gt,
    Gte,
    Lt,
    Lte,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eof,
}

const KEYWORDS: &[&str] = &[
    "by",
    "without",
    "bool",
    "offset",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "or",
    "and",
    "unless",
    "json",
    "regexp",
    "logfmt",
    "unpack",
    "pattern",
    "label_format",
    "line_format",
    "decolorize",
    "drop",
    "keep",
    "unwrap",
    // Loki's multi-variant queries (`variants(..) of (..)`), not supported
    // here beyond being keywords
    "variants",
    "of",
];

/// Range aggregations: `rate({..}[5m])` and the `*_over_time` family.
pub(crate) const RANGE_OPS: &[&str] = &[
    "rate",
    "rate_counter",
    "count_over_time",
    "bytes_rate",
    "bytes_over_time",
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

/// Vector aggregations: `sum by (app) (..)` and friends.
pub(crate) const VECTOR_OPS: &[&str] = &[
    "sum",
    "avg",
    "count",
    "max",
    "min",
    "stddev",
    "stdvar",
    "bottomk",
    "topk",
    "sort",
    "sort_desc",
    "approx_topk",
];

/// The other function names: `vector()`, `label_replace()`, conversions and `ip()`.
const OTHER_FUNCTIONS: &[&str] = &["vector", "label_replace", "bytes", "duration", "duration_seconds", "ip"];

impl Tok {
    /// The token as Loki's parser names it in `unexpected X`.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(_) => "IDENTIFIER".into(),
            Tok::Str(_) => "STRING".into(),
            Tok::Number(..) => "NUMBER".into(),
            Tok::Duration(_) => "DURATION".into(),
            Tok::Bytes(..) => "BYTES".into(),
            Tok::Range(_) => "RANGE".into(),
            Tok::Flag(_) => "FUNCTION_FLAG".into(),
            Tok::Kw(k) => (*k).into(),
            Tok::Func(f) => match *f {
                "label_replace" | "ip" => (*f).into(),
                "bytes" | "duration" | "duration_seconds" => format!("{}_CONV", f.to_uppercase()),
                _ => f.to_uppercase(),
            },
            Tok::Eof => "$end".into(),
            other => other.symbol().into(),
        }
    }

    pub fn symbol(&self) -> &'static str {
        match self {
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::RBracket => "]",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::Eq => "=",
            Tok::Neq => "!=",
            Tok::Re => "=~",
            Tok::Nre => "!~",
            Tok::PipeExact => "|=",
            Tok::PipeMatch => "|~",
            Tok::PipePattern => "|>",
            Tok::NotPattern => "!>",
            Tok::Pipe => "|",
            Tok::CmpEq => "==",
            Tok::Gt => ">",
            Tok::Gte => ">=",
            Tok::Lt => "<",
            Tok::Lte => "<=",
            Tok::Add => "+",
            Tok::Sub => "-",
            Tok::Mul => "*",
            Tok::Div => "/",
            Tok::Mod => "%",
            Tok::Pow => "^",
            _ => "",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub pos: usize,
    /// Loki reports tokens it extends past the scanner's token at line 0.
    pub line0: bool,
    /// A scanner error met while reading this token.
    pub err: Option<String>,
}

/// An operator or punctuation at the start of `b`, with its length.
fn symbol(b: &[u8]) -> Option<(Tok, usize)> {
    let two = match b.get(..2) {
        Some(b"!=") => Some(Tok::Neq),
        Some(b"=~") => Some(Tok::Re),
        Some(b"!~") => Some(Tok::Nre),
        Some(b"|=") => Some(Tok::PipeExact),
        Some(b"|~") => Some(Tok::PipeMatch),
        Some(b"|>") => Some(Tok::PipePattern),
        Some(b"!>") => Some(Tok::NotPattern),
        Some(b"==") => Some(Tok::CmpEq),
        Some(b">=") => Some(Tok::Gte),
        Some(b"<=") => Some(Tok::Lte),
        _ => None,
    };
    if let Some(t) = two {
        return Some((t, 2));
    }
    let t = match b[0] {
        b'{' => Tok::LBrace,
        b'}' => Tok::RBrace,
        b'(' => Tok::LParen,
        b')' => Tok::RParen,
        b']' => Tok::RBracket,
        b',' => Tok::Comma,
        b'.' => Tok::Dot,
        b'=' => Tok::Eq,
        b'|' => Tok::Pipe,
        b'>' => Tok::Gt,
        b'<' => Tok::Lt,
        b'+' => Tok::Add,
        b'-' => Tok::Sub,
        b'*' => Tok::Mul,
        b'/' => Tok::Div,
        b'%' => Tok::Mod,
        b'^' => Tok::Pow,
        _ => return None,
    };
    Some((t, 1))
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    out: Vec<Token>,
}

impl Lexer<'_> {
    fn push(&mut self, tok: Tok, pos: usize, line0: bool) {
        self.out.push(Token {
            tok,
            pos,
            line0,
            err: None,
        });
    }

    /// A fatal scanner error: Loki's lexer stops with `$end` there.
    fn fail(&mut self, pos: usize, line0: bool, msg: String) {
        self.out.push(Token {
            tok: Tok::Eof,
            pos,
            line0,
            err: Some(msg),
        });
        self.i = self.b.len();
    }

    fn ch(&self, i: usize) -> Option<char> {
        self.src.get(i..).and_then(|s| s.chars().next())
    }

    /// Whitespace and comments before the next token.
    fn skip(&mut self) -> Result<(), (usize, String)> {
        let b = self.b;
        while self.i < b.len() {
            match b[self.i] {
                b' ' | b'\t' | b'\n' | b'\r' => self.i += 1,
                b'#' => self.i = memchr_nl(b, self.i),
                b'/' if b.get(self.i + 1) == Some(&b'/') => self.i = memchr_nl(b, self.i),
                b'/' if b.get(self.i + 1) == Some(&b'*') => match self.src[self.i + 2..].find("*/") {
                    Some(k) => self.i += k + 4,
                    None => return Err((self.i, "comment not terminated".into())),
                },
                _ => break,
            }
        }
        Ok(())
    }

    fn run(&mut self) {
        loop {
            if let Err((pos, msg)) = self.skip() {
                self.fail(pos, false, msg);
            }
            if self.i >= self.b.len() {
                break;
            }
            self.token();
        }
        if self.out.last().map(|t| t.tok != Tok::Eof).unwrap_or(true) {
            self.push(Tok::Eof, self.b.len(), false);
        }
    }

    fn token(&mut self) {
        let (b, start) = (self.b, self.i);
        let c = b[start];
        match c {
            b'"' | b'`' | b'\'' => self.string(c),
            b'[' => self.range(),
            b'0'..=b'9' => self.number(),
            b'.' if b.get(start + 1).is_some_and(u8::is_ascii_digit) => self.number(),
            b'-' => self.minus(),
            _ => {
                if let Some((t, len)) = symbol(&b[start..]) {
                    self.i += len;
                    return self.push(t, start, len == 2);
                }
                let ch = self.ch(start).unwrap_or('\u{fffd}');
                if ch == '_' || ch.is_alphabetic() {
                    self.word();
                } else {
                    // Loki turns any other character into an identifier.
                    self.i += ch.len_utf8();
                    self.push(Tok::Ident(ch.to_string()), start, false);
                }
            }
        }
    }

    fn word(&mut self) {
        let start = self.i;
        let mut end = start;
        while let Some(ch) = self.ch(end) {
            if ch == '_' || ch.is_alphanumeric() {
                end += ch.len_utf8();
            } else {
                break;
            }
        }
        self.i = end;
        let text = &self.src[start..end];
        let tok = if let Some(f) = RANGE_OPS
            .iter()
            .chain(VECTOR_OPS)
            .chain(OTHER_FUNCTIONS)
            .find(|f| f.eq_ignore_ascii_case(text))
            .filter(|_| self.is_function(end))
        {
            Tok::Func(f)
        } else if let Some(k) = KEYWORDS.iter().find(|k| k.eq_ignore_ascii_case(text)) {
            Tok::Kw(k)
        } else {
            Tok::Ident(text.to_string())
        };
        self.push(tok, start, false);
    }

    /// Loki's `isFunction`: `(` comes next, possibly after `by` or
    /// `without` (`sum by (a) (..)`).
    fn is_function(&self, i: usize) -> bool {
        let skip = |mut i: usize| {
            while self.b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
                i += 1;
            }
            i
        };
        let i = skip(i);
        let rest = &self.b[i..];
        let starts = |w: &[u8]| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w);
        let i = if starts(b"by") {
            skip(i + 2)
        } else if starts(b"without") {
            skip(i + 7)
        } else {
            i
        };
        self.b.get(i) == Some(&b'(')
    }

    fn minus(&mut self) {
        let start = self.i;
        if self.b.get(start + 1) == Some(&b'-') {
            let n = self.b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic() || matches!(c, b'-' | b'_'))
                .count();
            let flag = &self.src[start..start + n];
            if flag == "--strict" || flag == "--keep-empty" {
                self.i += n;
                self.push(Tok::Flag(flag.to_string()), start, true);
                return;
            }
        }
        let rest = self.duration_tail(start + 1);
        if rest > start + 1 {
            if let Some(ns) = goscan::loki_duration(&self.src[start..rest]) {
                self.i = rest;
                self.push(Tok::Duration(ns), start, true);
                return;
            }
        }
        self.i += 1;
        self.push(Tok::Sub, start, false);
    }

    /// The end of the characters Loki's `tryScanDuration` looks at.
    fn duration_tail(&self, mut i: usize) -> usize {
        while let Some(ch) = self.ch(i) {
            if ch.is_numeric() || ch == '.' || matches!(ch, 'n' | 's' | 'u' | 'm' | 'h' | 'µ' | 'd' | 'w' | 'y') {
                i += ch.len_utf8();
            } else {
                break;
            }
        }
        i
    }

    fn number(&mut self) {
        let start = self.i;
        let (end, mut err) = goscan::scan_number(self.b, start);
        // Loki's lexer refuses a 0b literal anywhere but first (measured)
        let binary = self.b.get(start + 1).is_some_and(|c| c.eq_ignore_ascii_case(&b'b'));
        if binary && self.b[start] == b'0' && !self.out.is_empty() {
            err = Some("decimal literal has no digits".into());
        }
        let (tok, end, line0) = self.number_token(start, end);
        self.i = end;
        self.out.push(Token {
            tok,
            pos: start,
            line0,
            err,
        });
    }

    /// A number, or the duration or byte size it starts (`tryScanDuration`,
    /// `tryScanBytes`).
    fn number_token(&self, start: usize, end: usize) -> (Tok, usize, bool) {
        let dur_end = self.duration_tail(end);
        if dur_end > end {
            if let Some(ns) = goscan::loki_duration(&self.src[start..dur_end]) {
                return (Tok::Duration(ns), dur_end, true);
            }
        }
        let mut bytes_end = end;
        while let Some(ch) = self.ch(bytes_end) {
            if ch.is_numeric() || ch == '.' || matches!(ch, 'B' | 'i' | 'k' | 'K' | 'M' | 'G' | 'T' | 'P') {
                bytes_end += ch.len_utf8();
            } else {
                break;
            }
        }
        if bytes_end > end {
            if let Ok(n) = crate::core::goparse::parse_bytes(&self.src[start..bytes_end]) {
                return (Tok::Bytes(n, self.src[start..bytes_end].to_string()), bytes_end, true);
            }
        }
        let text = &self.src[start..end];
        let v = goscan::parse_float(text).unwrap_or_else(|(_, v)| v);
        (Tok::Number(v, text.to_string()), end, false)
    }

    /// `[5m]`: the text up to `]` is a Prometheus duration.
    fn range(&mut self) {
        let start = self.i;
        let Some(k) = self.src[start + 1..].find(']') else {
            return self.fail(start, true, "missing closing ']' in duration".into());
        };
        match goscan::prom_duration(&self.src[start + 1..start + 1 + k]) {
            Ok(ns) => {
                self.i = start + k + 2;
                self.push(Tok::Range(ns), start, true);
            }
            Err(e) => self.fail(start, true, e),
        }
    }

    fn string(&mut self, quote: u8) {
        let start = self.i;
        match goscan::scan_string(self.src, start, quote) {
            Ok((s, end)) => {
                self.i = end;
                let tok = if quote == b'\'' { Tok::Ident(s) } else { Tok::Str(s) };
                self.push(tok, start, false);
            }
            Err(e) => self.fail(start, false, e),
        }
    }
}

fn memchr_nl(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map(|k| i + k)
        .unwrap_or(b.len())
}

/// The tokens of a query, as Loki's lexer makes them; a scanner error
/// is kept on the token where it happened (the parser reports it when it
/// gets there).
pub fn tokens(src: &str) -> Vec<Token> {
    let mut l = Lexer {
        src,
        b: src.as_bytes(),
        i: 0,
        out: Vec::new(),
    };
    l.run();
    l.out
}

/// Tokens, or the first scanner error. A whole text that is a byte size
/// in any letter case (`1kb`, as go-humanize reads label values) is one
/// `Bytes` token.
pub fn lex(src: &str) -> Result<Vec<Token>, super::ParseError> {
    let t = src.trim();
    if t.bytes().last().is_some_and(|c| c.is_ascii_alphabetic()) {
        if let Ok(n) = crate::core::goparse::parse_bytes(t) {
            let tok = |tok, pos| Token {
                tok,
                pos,
                line0: false,
                err: None,
            };
            return Ok(vec![tok(Tok::Bytes(n, t.to_string()), 0), tok(Tok::Eof, src.len())]);
        }
    }
    let toks = tokens(src);
    match toks.iter().find(|t| t.err.is_some()) {
        Some(t) => Err(super::ParseError::new(t.pos, t.err.clone().unwrap_or_default())),
        None => Ok(toks),
    }
}

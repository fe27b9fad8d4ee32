//! LogQL lexer: tokens with byte offsets into the query text.

use super::ParseError;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    Str(String),
    Number(f64, String),
    /// A number with a duration unit (`5m`, `1h30m`, `250ms`), in nanoseconds.
    Duration(i64, String),
    /// A number with a bytes unit (`10KB`, `1.5MiB`), in bytes.
    Bytes(u64, String),
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
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

impl Tok {
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => s.clone(),
            Tok::Str(s) => format!("{s:?}"),
            Tok::Number(_, t) | Tok::Duration(_, t) | Tok::Bytes(_, t) => t.clone(),
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
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::Comma => ",",
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
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b':'
}

/// Bytes units as in go-humanize's ParseBytes (case-insensitive).
fn bytes_unit(u: &str) -> Option<f64> {
    let l = u.to_ascii_lowercase();
    Some(match l.as_str() {
        "b" => 1.0,
        "kb" => 1e3,
        "kib" | "ki" => 1024.0,
        "mb" => 1e6,
        "mib" | "mi" => 1024.0 * 1024.0,
        "gb" => 1e9,
        "gib" | "gi" => 1024f64.powi(3),
        "tb" => 1e12,
        "tib" | "ti" => 1024f64.powi(4),
        "pb" => 1e15,
        "pib" | "pi" => 1024f64.powi(5),
        "eb" => 1e18,
        "eib" | "ei" => 1024f64.powi(6),
        _ => return None,
    })
}

/// An operator or punctuation at the start of `b`, with its length.
fn symbol(b: &[u8]) -> Option<(Tok, usize)> {
    let two = if b.len() > 1 { &b[..2] } else { b };
    let sym2 = match two {
        b"!=" => Some(Tok::Neq),
        b"=~" => Some(Tok::Re),
        b"!~" => Some(Tok::Nre),
        b"|=" => Some(Tok::PipeExact),
        b"|~" => Some(Tok::PipeMatch),
        b"|>" => Some(Tok::PipePattern),
        b"!>" => Some(Tok::NotPattern),
        b"==" => Some(Tok::CmpEq),
        b">=" => Some(Tok::Gte),
        b"<=" => Some(Tok::Lte),
        _ => None,
    };
    if let Some(t) = sym2 {
        return Some((t, 2));
    }
    let t = match b[0] {
        b'{' => Tok::LBrace,
        b'}' => Tok::RBrace,
        b'(' => Tok::LParen,
        b')' => Tok::RParen,
        b'[' => Tok::LBracket,
        b']' => Tok::RBracket,
        b',' => Tok::Comma,
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

pub fn lex(src: &str) -> Result<Vec<Token>, ParseError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        if let Some((t, len)) = symbol(&b[i..]) {
            out.push(Token { tok: t, pos: start });
            i += len;
            continue;
        }
        if c == b'"' {
            let (s, end) = lex_string(src, i)?;
            out.push(Token {
                tok: Tok::Str(s),
                pos: start,
            });
            i = end;
            continue;
        }
        if c == b'`' {
            let rest = &src[i + 1..];
            let close = rest
                .find('`')
                .ok_or_else(|| ParseError::new(start, "literal not terminated".to_string()))?;
            out.push(Token {
                tok: Tok::Str(rest[..close].to_string()),
                pos: start,
            });
            i += close + 2;
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_digit()) {
            let (tok, end) = lex_number(src, i)?;
            out.push(Token { tok, pos: start });
            i = end;
            continue;
        }
        if is_ident_start(c) {
            while i < b.len() && is_ident_char(b[i]) {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Ident(src[start..i].to_string()),
                pos: start,
            });
            continue;
        }
        let ch = src[i..].chars().next().unwrap_or('?');
        return Err(ParseError::new(
            start,
            format!("syntax error: unexpected character {ch:?}"),
        ));
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: src.len(),
    });
    Ok(out)
}

fn lex_string(src: &str, start: usize) -> Result<(String, usize), ParseError> {
    let b = src.as_bytes();
    let mut i = start + 1;
    let mut s = String::new();
    let mut run = i;
    while i < b.len() {
        match b[i] {
            b'"' => {
                s.push_str(&src[run..i]);
                return Ok((s, i + 1));
            }
            b'\n' => break,
            b'\\' => {
                s.push_str(&src[run..i]);
                let e = *b
                    .get(i + 1)
                    .ok_or_else(|| ParseError::new(start, "literal not terminated".into()))?;
                i += 2;
                match e {
                    b'n' => s.push('\n'),
                    b't' => s.push('\t'),
                    b'r' => s.push('\r'),
                    b'a' => s.push('\u{7}'),
                    b'b' => s.push('\u{8}'),
                    b'f' => s.push('\u{c}'),
                    b'v' => s.push('\u{b}'),
                    b'\\' => s.push('\\'),
                    b'"' => s.push('"'),
                    b'\'' => s.push('\''),
                    b'x' | b'u' | b'U' => {
                        let n = match e {
                            b'x' => 2,
                            b'u' => 4,
                            _ => 8,
                        };
                        let hex = src
                            .get(i..i + n)
                            .ok_or_else(|| ParseError::new(i - 2, "invalid escape".into()))?;
                        let v = u32::from_str_radix(hex, 16)
                            .map_err(|_| ParseError::new(i - 2, "invalid escape".into()))?;
                        let ch = char::from_u32(v).ok_or_else(|| ParseError::new(i - 2, "invalid escape".into()))?;
                        s.push(ch);
                        i += n;
                    }
                    b'0'..=b'7' => {
                        let oct = src
                            .get(i - 1..i + 2)
                            .ok_or_else(|| ParseError::new(i - 2, "invalid escape".into()))?;
                        let v =
                            u32::from_str_radix(oct, 8).map_err(|_| ParseError::new(i - 2, "invalid escape".into()))?;
                        s.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                        i += 2;
                    }
                    _ => {
                        return Err(ParseError::new(
                            i - 2,
                            "invalid syntax: unknown escape sequence in string".into(),
                        ));
                    }
                }
                run = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Err(ParseError::new(start, "literal not terminated".into()))
}

fn lex_number(src: &str, start: usize) -> Result<(Tok, usize), ParseError> {
    let b = src.as_bytes();
    let mut i = start;
    // hex literal
    if b[i] == b'0' && i + 1 < b.len() && (b[i + 1] == b'x' || b[i + 1] == b'X') {
        i += 2;
        while i < b.len() && b[i].is_ascii_hexdigit() {
            i += 1;
        }
        let v = i64::from_str_radix(&src[start + 2..i], 16).map_err(|_| ParseError::new(start, "bad number".into()))?;
        return Ok((Tok::Number(v as f64, src[start..i].to_string()), i));
    }
    {
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        // exponent
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            let mut j = i + 1;
            if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                j += 1;
            }
            if j < b.len() && b[j].is_ascii_digit() {
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                i = j;
            }
        }
    }
    // unit letters directly after the number: duration or bytes
    if i < b.len() && (b[i].is_ascii_alphabetic() || src[i..].starts_with('µ')) {
        // consume alternating number/unit groups (1h30m) and letters
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'.' || !b[j].is_ascii()) {
            if !b[j].is_ascii() && !src[j..].starts_with('µ') {
                break;
            }
            j += if b[j].is_ascii() { 1 } else { 'µ'.len_utf8() };
        }
        let text = &src[start..j];
        let unit = &src[i..j];
        if let Some(mult) = bytes_unit(unit) {
            let v: f64 = src[start..i]
                .parse()
                .map_err(|_| ParseError::new(start, format!("invalid bytes {text:?}")))?;
            return Ok((Tok::Bytes((v * mult) as u64, text.to_string()), j));
        }
        let ns = crate::core::time::parse_duration(text)
            .map_err(|_| ParseError::new(start, format!("invalid duration {text:?}")))?;
        return Ok((Tok::Duration(ns, text.to_string()), j));
    }
    let text = &src[start..i];
    let v: f64 = text
        .parse()
        .map_err(|_| ParseError::new(start, format!("invalid number {text:?}")))?;
    Ok((Tok::Number(v, text.to_string()), i))
}

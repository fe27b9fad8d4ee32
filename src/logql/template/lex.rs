//! The lexer of Go's text/template: text, `{{`/`}}` with trim markers,
//! comments, and the tokens inside actions, each with its byte position.

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Text(String),
    Left,
    Right,
    Space,
    Field(String),
    Variable(String),
    Ident(String),
    Keyword(&'static str),
    Dot,
    Bool(bool),
    Nil,
    /// The quoted text and its value.
    Str(String, String),
    /// The quoted text and its code point.
    Char(String, char),
    Number(String),
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
    Eof,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub tok: Tok,
    pub pos: usize,
}

const KEYWORDS: [&str; 10] = [
    "block", "break", "continue", "define", "else", "end", "if", "range", "template", "with",
];

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    pub items: Vec<Item>,
    paren: usize,
}

pub fn lex(src: &str) -> Result<Vec<Item>, String> {
    let mut l = Lexer {
        src,
        pos: 0,
        items: Vec::new(),
        paren: 0,
    };
    l.run()?;
    Ok(l.items)
}

impl Lexer<'_> {
    fn emit(&mut self, tok: Tok, pos: usize) {
        self.items.push(Item { tok, pos });
    }

    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn run(&mut self) -> Result<(), String> {
        loop {
            let Some(open) = self.rest().find("{{") else {
                if self.pos < self.src.len() {
                    self.emit(Tok::Text(self.rest().to_string()), self.pos);
                }
                self.emit(Tok::Eof, self.src.len());
                return Ok(());
            };
            let at = self.pos + open;
            let after = &self.src[at + 2..];
            let trim_left = after.starts_with('-') && after[1..].starts_with(is_space);
            let mut text = &self.src[self.pos..at];
            if trim_left {
                text = text.trim_end_matches(is_space);
            }
            if !text.is_empty() {
                self.emit(Tok::Text(text.to_string()), self.pos);
            }
            self.pos = at + 2 + if trim_left { 2 } else { 0 };
            if self.rest().starts_with("/*") {
                self.comment()?;
                continue;
            }
            self.emit(Tok::Left, at);
            self.action()?;
        }
    }

    /// After a right delimiter: skip the whitespace a trim marker asks for.
    fn close(&mut self, trim: bool) {
        let at = self.pos;
        self.pos += if trim { 4 } else { 2 };
        self.emit(Tok::Right, at);
        if trim {
            let skipped = self.rest().len() - self.rest().trim_start_matches(is_space).len();
            self.pos += skipped;
        }
    }

    fn at_right(&self) -> Option<bool> {
        let r = self.rest();
        if r.starts_with(" -}}") || r.starts_with("\t-}}") || r.starts_with("\n-}}") || r.starts_with("\r-}}") {
            Some(true)
        } else if r.starts_with("}}") {
            Some(false)
        } else {
            None
        }
    }

    fn comment(&mut self) -> Result<(), String> {
        let Some(end) = self.rest().find("*/") else {
            return Err("unclosed comment".into());
        };
        self.pos += end + 2;
        match self.at_right() {
            Some(trim) => {
                self.pos += if trim { 4 } else { 2 };
                if trim {
                    let skipped = self.rest().len() - self.rest().trim_start_matches(is_space).len();
                    self.pos += skipped;
                }
                Ok(())
            }
            None => Err("comment ends before closing delimiter".into()),
        }
    }

    fn action(&mut self) -> Result<(), String> {
        loop {
            if let Some(trim) = self.at_right() {
                if self.paren > 0 {
                    return Err("unclosed left paren".into());
                }
                self.close(trim);
                return Ok(());
            }
            let Some(c) = self.rest().chars().next() else {
                return Err("unclosed action".into());
            };
            let start = self.pos;
            if is_space(c) {
                let mut n = self.rest().len() - self.rest().trim_start_matches(is_space).len();
                if self.rest()[n..].starts_with("-}}") {
                    n -= 1; // the last space belongs to the trim marker
                }
                self.pos += n;
                if n > 0 {
                    self.emit(Tok::Space, start);
                }
                continue;
            }
            self.token(c, start)?;
        }
    }

    fn token(&mut self, c: char, start: usize) -> Result<(), String> {
        match c {
            '=' => self.single(Tok::Assign),
            ':' if self.rest().starts_with(":=") => {
                self.pos += 2;
                self.emit(Tok::Declare, start);
            }
            '|' => self.single(Tok::Pipe),
            ',' => self.single(Tok::Comma),
            '(' => {
                self.paren += 1;
                self.single(Tok::LParen)
            }
            ')' => {
                if self.paren == 0 {
                    return Err("unexpected right paren".into());
                }
                self.paren -= 1;
                self.single(Tok::RParen)
            }
            '"' => self.quote()?,
            '`' => self.raw()?,
            '\'' => self.char_const()?,
            '$' => {
                let w = self.word(1);
                self.emit(Tok::Variable(w), start);
                self.terminator()?;
            }
            '.' if !self.rest()[1..].starts_with(|d: char| d.is_ascii_digit()) => {
                let w = self.word(1);
                self.emit(if w == "." { Tok::Dot } else { Tok::Field(w) }, start);
                self.terminator()?;
            }
            '.' | '+' | '-' | '0'..='9' => self.number()?,
            c if is_alnum(c) => self.ident(start)?,
            c => return Err(format!("bad character {}", go_rune(c))),
        }
        Ok(())
    }

    fn single(&mut self, t: Tok) {
        let at = self.pos;
        self.pos += 1;
        self.emit(t, at);
    }

    /// `skip` leading characters, then alphanumerics.
    fn word(&mut self, skip: usize) -> String {
        let start = self.pos;
        self.pos += skip;
        let n = self.rest().len() - self.rest().trim_start_matches(is_alnum).len();
        self.pos += n;
        self.src[start..self.pos].to_string()
    }

    /// What may follow a word: space, end of action, `.`, `,`, `|`, `:`,
    /// parens.
    fn terminator(&self) -> Result<(), String> {
        let r = self.rest();
        match r.chars().next() {
            None => Ok(()),
            Some(c) if is_space(c) || matches!(c, '.' | ',' | '|' | ':' | ')' | '(') => Ok(()),
            Some(_) if r.starts_with("}}") => Ok(()),
            Some(c) => Err(format!("bad character {}", go_rune(c))),
        }
    }

    fn ident(&mut self, start: usize) -> Result<(), String> {
        let w = self.word(0);
        let tok = match w.as_str() {
            "true" => Tok::Bool(true),
            "false" => Tok::Bool(false),
            "nil" => Tok::Nil,
            k => match KEYWORDS.iter().find(|kw| **kw == k) {
                Some(kw) => Tok::Keyword(kw),
                None => Tok::Ident(w),
            },
        };
        self.emit(tok, start);
        self.terminator()
    }

    fn number(&mut self) -> Result<(), String> {
        let start = self.pos;
        let b = self.src.as_bytes();
        let mut i = self.pos;
        let accept = |i: &mut usize, set: &str| {
            if *i < b.len() && set.as_bytes().contains(&b[*i]) {
                *i += 1;
                true
            } else {
                false
            }
        };
        let run = |i: &mut usize, set: &str| {
            while *i < b.len() && set.as_bytes().contains(&b[*i]) {
                *i += 1;
            }
        };
        accept(&mut i, "+-");
        let mut digits = "0123456789_";
        if accept(&mut i, "0") {
            if accept(&mut i, "xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if accept(&mut i, "oO") {
                digits = "01234567_";
            } else if accept(&mut i, "bB") {
                digits = "01_";
            }
        }
        run(&mut i, digits);
        if accept(&mut i, ".") {
            run(&mut i, digits);
        }
        if digits.len() == 11 && accept(&mut i, "eE") {
            accept(&mut i, "+-");
            run(&mut i, "0123456789_");
        }
        if digits.len() == 23 && accept(&mut i, "pP") {
            accept(&mut i, "+-");
            run(&mut i, "0123456789_");
        }
        accept(&mut i, "i");
        let next = self.src[i..].chars().next();
        if next.is_some_and(is_alnum) {
            let end = i + next.map_or(0, char::len_utf8);
            return Err(format!(
                "bad number syntax: {}",
                crate::core::gofmt::quoted(&self.src[start..end])
            ));
        }
        self.pos = i;
        self.emit(Tok::Number(self.src[start..i].to_string()), start);
        Ok(())
    }

    fn quote(&mut self) -> Result<(), String> {
        let start = self.pos;
        let b = self.src.as_bytes();
        let mut i = start + 1;
        while i < b.len() && b[i] != b'"' {
            if b[i] == b'\\' {
                i += 1;
            }
            if i < b.len() && b[i] == b'\n' {
                return Err("unterminated quoted string".into());
            }
            i += 1;
        }
        if i >= b.len() {
            return Err("unterminated quoted string".into());
        }
        let text = &self.src[start..=i];
        let value = unquote(&text[1..text.len() - 1], '"').ok_or_else(|| format!("invalid syntax: {text}"))?;
        self.pos = i + 1;
        self.emit(Tok::Str(text.to_string(), value), start);
        Ok(())
    }

    fn raw(&mut self) -> Result<(), String> {
        let start = self.pos;
        let Some(end) = self.src[start + 1..].find('`') else {
            return Err("unterminated raw quoted string".into());
        };
        let text = &self.src[start..start + end + 2];
        self.pos = start + end + 2;
        let value = text[1..text.len() - 1].replace('\r', "");
        self.emit(Tok::Str(text.to_string(), value), start);
        Ok(())
    }

    fn char_const(&mut self) -> Result<(), String> {
        let start = self.pos;
        let b = self.src.as_bytes();
        let mut i = start + 1;
        while i < b.len() && b[i] != b'\'' {
            if b[i] == b'\\' {
                i += 1;
            }
            i += 1;
        }
        if i >= b.len() {
            return Err("unterminated character constant".into());
        }
        let text = &self.src[start..=i];
        let v =
            unquote(&text[1..text.len() - 1], '\'').ok_or_else(|| format!("malformed character constant: {text}"))?;
        let mut cs = v.chars();
        let (Some(c), None) = (cs.next(), cs.next()) else {
            return Err(format!("malformed character constant: {text}"));
        };
        self.pos = i + 1;
        self.emit(Tok::Char(text.to_string(), c), start);
        Ok(())
    }
}

/// Go's `%#U` of a rune: `U+002D '-'`.
pub fn go_rune(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}

/// Go's unquoting of the inside of a `"..."` or `'...'` literal.
pub fn unquote(s: &str, q: char) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == q || c == '\n' {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next()?;
        let hex = |it: &mut std::iter::Peekable<std::str::Chars>, n: usize| -> Option<u32> {
            let h: String = (0..n).filter_map(|_| it.next()).collect();
            if h.len() != n {
                return None;
            }
            u32::from_str_radix(&h, 16).ok()
        };
        match e {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            c if c == q => out.push(c),
            'x' => out.push(char::from_u32(hex(&mut it, 2)?)?),
            'u' => out.push(char::from_u32(hex(&mut it, 4)?)?),
            'U' => out.push(char::from_u32(hex(&mut it, 8)?)?),
            '0'..='7' => {
                let rest: String = (0..2).filter_map(|_| it.next()).collect();
                let v = u32::from_str_radix(&format!("{e}{rest}"), 8).ok()?;
                out.push(char::from_u32(v).filter(|_| v < 256)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

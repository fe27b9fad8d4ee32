//! The parser of Go's text/template: actions and pipelines, variables,
//! `if`/`else if`/`range`/`with`/`else with`, `define`/`template`/`block`,
//! `break`/`continue`, with Go's parse-time errors (undefined functions
//! and variables, non-executable pipeline stages, ...).

use std::collections::HashMap;

use super::funcs::is_function;
use super::lex::{lex, Item, Tok};
use super::tree::{Arg, Branch, Cmd, Node, Number, Pipe};

pub struct Parsed {
    pub root: Vec<Node>,
    pub defs: HashMap<String, Vec<Node>>,
}

/// What ended a list of nodes.
enum Stop {
    End,
    Else,
    Eof,
}

struct P {
    items: Vec<Item>,
    i: usize,
    vars: Vec<String>,
    range_depth: usize,
    defs: HashMap<String, Vec<Node>>,
}

type R<T> = Result<T, String>;

pub fn parse(name: &str, src: &str) -> R<Parsed> {
    let items = lex(src).map_err(|e| format!("template: {name}:1: {e}"))?;
    let mut p = P {
        items,
        i: 0,
        vars: vec!["$".into()],
        range_depth: 0,
        defs: HashMap::new(),
    };
    let root = p.top().map_err(|e| format!("template: {name}:1: {e}"))?;
    Ok(Parsed { root, defs: p.defs })
}

impl P {
    fn peek(&self) -> &Tok {
        &self.items[self.i.min(self.items.len() - 1)].tok
    }

    fn pos(&self) -> usize {
        self.items[self.i.min(self.items.len() - 1)].pos
    }

    fn next(&mut self) -> Item {
        let it = self.items[self.i.min(self.items.len() - 1)].clone();
        self.i += 1;
        it
    }

    fn skip_space(&mut self) {
        while *self.peek() == Tok::Space {
            self.i += 1;
        }
    }

    fn peek_non_space(&mut self) -> &Tok {
        self.skip_space();
        self.peek()
    }

    fn next_non_space(&mut self) -> Item {
        self.skip_space();
        self.next()
    }

    fn expect_right(&mut self, ctx: &str) -> R<()> {
        match self.next_non_space().tok {
            Tok::Right => Ok(()),
            t => Err(format!("unexpected {} in {ctx}", describe(&t))),
        }
    }

    fn top(&mut self) -> R<Vec<Node>> {
        let mut root = Vec::new();
        loop {
            if *self.peek() == Tok::Left {
                let save = self.i;
                self.i += 1;
                if *self.peek_non_space() == Tok::Keyword("define") {
                    self.i += 1;
                    self.definition()?;
                    continue;
                }
                self.i = save;
            }
            if *self.peek() == Tok::Eof {
                return Ok(root);
            }
            match self.text_or_action()? {
                Ok(n) => root.push(n),
                Err(Stop::End) => return Err("unexpected {{end}}".into()),
                Err(Stop::Else) => return Err("unexpected {{else}}".into()),
                Err(Stop::Eof) => return Ok(root),
            }
        }
    }

    /// `{{define "name"}} ... {{end}}`, after the keyword.
    fn definition(&mut self) -> R<()> {
        let name = self.template_name("define clause")?;
        self.expect_right("define clause")?;
        let (body, stop) = self.list()?;
        if !matches!(stop, Stop::End) {
            return Err("unexpected EOF".into());
        }
        self.defs.insert(name, body);
        Ok(())
    }

    fn template_name(&mut self, ctx: &str) -> R<String> {
        match self.next_non_space().tok {
            Tok::Str(_, v) => Ok(v),
            t => Err(format!("unexpected {} in {ctx}", describe(&t))),
        }
    }

    /// Nodes up to `{{end}}` or `{{else}}`.
    fn list(&mut self) -> R<(Vec<Node>, Stop)> {
        let mut nodes = Vec::new();
        loop {
            if *self.peek() == Tok::Eof {
                return Err("unexpected EOF".into());
            }
            match self.text_or_action()? {
                Ok(n) => nodes.push(n),
                Err(stop) => return Ok((nodes, stop)),
            }
        }
    }

    fn text_or_action(&mut self) -> R<Result<Node, Stop>> {
        let it = self.next();
        match it.tok {
            Tok::Text(t) => Ok(Ok(Node::Text(t))),
            Tok::Left => self.action(),
            Tok::Eof => Ok(Err(Stop::Eof)),
            t => Err(format!("unexpected {}", describe(&t))),
        }
    }

    fn action(&mut self) -> R<Result<Node, Stop>> {
        let it = self.next_non_space();
        let node = match it.tok {
            Tok::Keyword("end") => {
                self.expect_right("end")?;
                return Ok(Err(Stop::End));
            }
            Tok::Keyword("else") => {
                if !matches!(self.peek_non_space(), Tok::Keyword("if") | Tok::Keyword("with")) {
                    self.expect_right("else")?;
                }
                return Ok(Err(Stop::Else));
            }
            Tok::Keyword("if") => Node::If(Box::new(self.control("if")?)),
            Tok::Keyword("with") => Node::With(Box::new(self.control("with")?)),
            Tok::Keyword("range") => Node::Range(Box::new(self.control("range")?)),
            Tok::Keyword("template") => self.template_call("template clause")?,
            Tok::Keyword("block") => self.block()?,
            Tok::Keyword(k @ ("break" | "continue")) => {
                if self.range_depth == 0 {
                    return Err(format!("{{{{{k}}}}} outside {{{{range}}}}"));
                }
                self.expect_right(k)?;
                if k == "break" {
                    Node::Break
                } else {
                    Node::Continue
                }
            }
            Tok::Keyword(k) => return Err(format!("unexpected <{k}> in command")),
            _ => {
                self.i -= 1;
                Node::Action(self.pipeline("command", true)?)
            }
        };
        Ok(Ok(node))
    }

    fn template_call(&mut self, ctx: &str) -> R<Node> {
        self.skip_space();
        let pos = self.pos();
        let name = self.template_name(ctx)?;
        let pipe = if *self.peek_non_space() == Tok::Right {
            self.i += 1;
            None
        } else {
            Some(self.pipeline(ctx, true)?)
        };
        Ok(Node::Template(pos, name, pipe))
    }

    fn block(&mut self) -> R<Node> {
        self.skip_space();
        let pos = self.pos();
        let name = self.template_name("block clause")?;
        let pipe = self.pipeline("block clause", true)?;
        let (body, stop) = self.list()?;
        if !matches!(stop, Stop::End) {
            return Err("unexpected EOF".into());
        }
        self.defs.insert(name.clone(), body);
        Ok(Node::Template(pos, name, Some(pipe)))
    }

    fn control(&mut self, ctx: &str) -> R<Branch> {
        let nvars = self.vars.len();
        let pipe = self.pipeline(ctx, true)?;
        if ctx == "range" {
            self.range_depth += 1;
        }
        let (list, stop) = self.list()?;
        if ctx == "range" {
            self.range_depth -= 1;
        }
        let else_list = match stop {
            Stop::End => None,
            Stop::Eof => return Err("unexpected EOF".into()),
            Stop::Else => Some(self.else_branch(ctx)?),
        };
        self.vars.truncate(nvars);
        Ok(Branch { pipe, list, else_list })
    }

    fn else_branch(&mut self, ctx: &str) -> R<Vec<Node>> {
        let chained = match self.peek_non_space() {
            Tok::Keyword("if") if ctx == "if" => Some("if"),
            Tok::Keyword("with") if ctx == "with" => Some("with"),
            _ => None,
        };
        if let Some(kw) = chained {
            self.i += 1;
            let b = Box::new(self.control(kw)?);
            return Ok(vec![if kw == "if" { Node::If(b) } else { Node::With(b) }]);
        }
        let (list, stop) = self.list()?;
        if !matches!(stop, Stop::End) {
            return Err("expected end; found {{else}}".into());
        }
        Ok(list)
    }

    /// A pipeline up to `}}` (`right`) or `)`.
    fn pipeline(&mut self, ctx: &str, right: bool) -> R<Pipe> {
        self.skip_space();
        let mut pipe = Pipe {
            pos: self.pos(),
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        self.declarations(&mut pipe, ctx)?;
        loop {
            let it = self.next_non_space();
            match it.tok {
                Tok::Right if right => break,
                Tok::RParen if !right => break,
                Tok::Bool(_)
                | Tok::Char(..)
                | Tok::Dot
                | Tok::Field(_)
                | Tok::Ident(_)
                | Tok::Number(_)
                | Tok::Nil
                | Tok::Str(..)
                | Tok::Variable(_)
                | Tok::LParen => {
                    self.i -= 1;
                    pipe.cmds.push(self.command()?);
                }
                t => return Err(format!("unexpected {} in {ctx}", describe(&t))),
            }
        }
        check_pipeline(&pipe, ctx)?;
        Ok(pipe)
    }

    fn declarations(&mut self, pipe: &mut Pipe, ctx: &str) -> R<()> {
        loop {
            let start = self.i;
            let Tok::Variable(name) = self.peek_non_space().clone() else {
                return Ok(());
            };
            self.i += 1;
            match self.peek_non_space().clone() {
                t @ (Tok::Assign | Tok::Declare) => {
                    self.i += 1;
                    pipe.is_assign = t == Tok::Assign;
                    if pipe.is_assign && !self.vars.contains(&name) {
                        return Err(format!("undefined variable {}", crate::core::gofmt::quoted(&name)));
                    }
                    pipe.decl.push(name.clone());
                    self.vars.push(name);
                    return Ok(());
                }
                Tok::Comma => {
                    self.i += 1;
                    pipe.decl.push(name.clone());
                    self.vars.push(name);
                    if ctx == "range" && pipe.decl.len() < 2 {
                        if matches!(self.peek_non_space(), Tok::Variable(_) | Tok::Right | Tok::RParen) {
                            continue;
                        }
                        return Err("range can only initialize variables".into());
                    }
                    return Err(format!("too many declarations in {ctx}"));
                }
                _ => {
                    self.i = start;
                    return Ok(());
                }
            }
        }
    }

    fn command(&mut self) -> R<Cmd> {
        self.skip_space();
        let mut cmd = Cmd {
            pos: self.pos(),
            args: Vec::new(),
        };
        loop {
            self.skip_space();
            if let Some(a) = self.operand()? {
                cmd.args.push(a);
            }
            let it = self.next();
            match it.tok {
                Tok::Space => continue,
                Tok::Right | Tok::RParen => self.i -= 1,
                Tok::Pipe => {}
                t => return Err(format!("unexpected {} in operand", describe(&t))),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err("empty command".into());
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> R<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if !matches!(self.peek(), Tok::Field(_)) {
            return Ok(Some(node));
        }
        let pos = self.pos();
        let mut fields = Vec::new();
        while let Tok::Field(f) = self.peek().clone() {
            self.i += 1;
            fields.push(f[1..].to_string());
        }
        Ok(Some(match node {
            Arg::Field(_, mut id) => {
                id.extend(fields);
                Arg::Field(pos, id)
            }
            Arg::Variable(_, mut id) => {
                id.extend(fields);
                Arg::Variable(pos, id)
            }
            n @ (Arg::Bool(..) | Arg::Str(..) | Arg::Number(..) | Arg::Nil(_) | Arg::Dot(_)) => {
                return Err(format!(
                    "unexpected . after term {}",
                    crate::core::gofmt::quoted(&n.to_string())
                ));
            }
            n => Arg::Chain(pos, Box::new(n), fields),
        }))
    }

    fn term(&mut self) -> R<Option<Arg>> {
        let it = self.next_non_space();
        let pos = it.pos;
        Ok(Some(match it.tok {
            Tok::Ident(name) => {
                if !is_function(&name) {
                    return Err(format!("function {} not defined", crate::core::gofmt::quoted(&name)));
                }
                Arg::Ident(pos, name)
            }
            Tok::Dot => Arg::Dot(pos),
            Tok::Nil => Arg::Nil(pos),
            Tok::Variable(v) => {
                if !self.vars.contains(&v) {
                    return Err(format!("undefined variable {}", crate::core::gofmt::quoted(&v)));
                }
                Arg::Variable(pos, vec![v])
            }
            Tok::Field(f) => Arg::Field(pos, vec![f[1..].to_string()]),
            Tok::Bool(b) => Arg::Bool(pos, b),
            Tok::Number(n) => Arg::Number(pos, number(&n)?),
            Tok::Char(text, c) => Arg::Number(
                pos,
                Number {
                    text,
                    int: Some(c as i64),
                    float: Some(c as u32 as f64),
                    is_char: true,
                },
            ),
            Tok::LParen => Arg::Pipe(pos, Box::new(self.pipeline("parenthesized pipeline", false)?)),
            Tok::Str(q, v) => Arg::Str(pos, q, v),
            _ => {
                self.i -= 1;
                return Ok(None);
            }
        }))
    }
}

fn check_pipeline(pipe: &Pipe, ctx: &str) -> R<()> {
    if pipe.cmds.is_empty() {
        return Err(format!("missing value for {ctx}"));
    }
    for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
        if matches!(
            c.args[0],
            Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(..) | Arg::Str(..)
        ) {
            return Err(format!("non executable command in pipeline stage {}", i + 1));
        }
    }
    Ok(())
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Right => "\"}}\"".into(),
        Tok::RParen => "\")\"".into(),
        Tok::Eof => "EOF".into(),
        Tok::Pipe => "\"|\"".into(),
        Tok::Comma => "\",\"".into(),
        Tok::Assign => "\"=\"".into(),
        Tok::Declare => "\":=\"".into(),
        Tok::Keyword(k) => format!("<{k}>"),
        other => format!("{other:?}"),
    }
}

/// Go's number literal rules: integers (with 0x/0o/0b and `_`), floats;
/// a float-looking text keeps its integer value when it has one.
fn number(text: &str) -> R<Number> {
    let clean = text.replace('_', "");
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let lower = body.to_ascii_lowercase();
    let radix = |p: &str, r: u32| lower.strip_prefix(p).and_then(|d| i128::from_str_radix(d, r).ok());
    let int = radix("0x", 16)
        .or_else(|| radix("0o", 8))
        .or_else(|| radix("0b", 2))
        .or_else(|| {
            if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|b| b.is_ascii_digit()) {
                i128::from_str_radix(&lower[1..], 8).ok()
            } else if lower.bytes().all(|b| b.is_ascii_digit()) && !lower.is_empty() {
                lower.parse().ok()
            } else {
                None
            }
        })
        .map(|v| if neg { -v } else { v });
    if let Some(v) = int {
        if let Ok(i) = i64::try_from(v) {
            return Ok(Number {
                text: text.into(),
                int: Some(i),
                float: Some(i as f64),
                is_char: false,
            });
        }
        if let Ok(u) = u64::try_from(v) {
            // fits an uint64 only: a float for Go, an overflow when used
            return Ok(Number {
                text: text.into(),
                int: None,
                float: Some(u as f64),
                is_char: false,
            });
        }
    }
    let f = crate::core::goparse::parse_float(&clean)
        .map_err(|_| format!("illegal number syntax: {}", crate::core::gofmt::quoted(text)))?;
    if !clean.contains(['.', 'e', 'E', 'p', 'P']) {
        return Err(format!("integer overflow: {}", crate::core::gofmt::quoted(text)));
    }
    let int = (f.fract() == 0.0 && f.abs() < 9.2e18).then_some(f as i64);
    Ok(Number {
        text: text.into(),
        int,
        float: Some(f),
        is_char: false,
    })
}

//! Execution of a parsed template with Go's semantics: the dot, variables
//! and their scopes, `if`/`with`/`range`/`template`, pipelines, and Go's
//! execution errors (`template: line:1:6: executing "line" at <gt .status
//! 300>: error calling gt: ...`). As in Go, an error names the last node
//! the executor visited.

mod args;

use std::collections::HashMap;

use super::tree::{Arg, Branch, Cmd, Node, Number, Pipe};
use super::value::Value;
use super::Env;

pub type R<T> = Result<T, String>;

enum Flow {
    Normal,
    Break,
    Continue,
}

/// A node an error can point at.
#[derive(Clone, Copy)]
pub enum At<'a> {
    Arg(&'a Arg),
    Cmd(&'a Cmd),
    Pipe(&'a Pipe),
    Action(&'a Pipe),
    Template(usize, &'a str, Option<&'a Pipe>),
}

impl At<'_> {
    fn pos(&self) -> usize {
        match self {
            At::Arg(a) => a.pos(),
            At::Cmd(c) => c.pos,
            At::Pipe(p) | At::Action(p) => p.pos,
            At::Template(pos, ..) => *pos,
        }
    }

    fn text(&self) -> String {
        match self {
            At::Arg(a) => a.to_string(),
            At::Cmd(c) => c.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Action(p) => format!("{{{{{p}}}}}"),
            At::Template(_, name, None) => format!("{{{{template {name:?}}}}}"),
            At::Template(_, name, Some(p)) => format!("{{{{template {name:?} {p}}}}}"),
        }
    }
}

pub struct Exec<'a> {
    pub name: &'a str,
    pub src: &'a str,
    pub defs: &'a HashMap<String, Vec<Node>>,
    pub ctx: &'a Env<'a>,
    vars: Vec<(String, Value)>,
    depth: usize,
    last: Option<At<'a>>,
}

impl<'a> Exec<'a> {
    pub fn new(name: &'a str, src: &'a str, defs: &'a HashMap<String, Vec<Node>>, ctx: &'a Env<'a>) -> Self {
        Exec {
            name,
            src,
            defs,
            ctx,
            vars: vec![("$".into(), Value::Labels)],
            depth: 0,
            last: None,
        }
    }

    pub fn at(&mut self, a: At<'a>) {
        self.last = Some(a);
    }

    /// An execution error at the last node visited.
    pub fn fail(&self, msg: &str) -> String {
        let Some(node) = self.last else {
            return format!("template: {}: {msg}", self.name);
        };
        let pos = node.pos();
        let before = &self.src[..pos.min(self.src.len())];
        let line = 1 + before.matches('\n').count();
        let col = before.rfind('\n').map_or(pos, |i| pos - i - 1);
        format!(
            "template: {}:{line}:{col}: executing {:?} at <{}>: {msg}",
            self.name,
            self.name,
            node.text()
        )
    }

    /// An error at `node`.
    pub fn fail_at(&mut self, node: At<'a>, msg: &str) -> String {
        self.at(node);
        self.fail(msg)
    }

    pub fn run(&mut self, nodes: &'a [Node], out: &mut String) -> R<()> {
        self.walk(&Value::Labels, nodes, out).map(|_| ())
    }

    fn walk(&mut self, dot: &Value, nodes: &'a [Node], out: &mut String) -> R<Flow> {
        for n in nodes {
            let flow = match n {
                Node::Text(t) => {
                    out.push_str(t);
                    Flow::Normal
                }
                Node::Action(p) => {
                    self.at(At::Action(p));
                    let v = self.pipeline(dot, p)?;
                    if p.decl.is_empty() {
                        v.print(self.ctx.labels, out);
                    }
                    Flow::Normal
                }
                Node::If(b) => self.branch(dot, b, false, out)?,
                Node::With(b) => self.branch(dot, b, true, out)?,
                Node::Range(b) => {
                    self.range(dot, b, out)?;
                    Flow::Normal
                }
                Node::Template(pos, name, pipe) => {
                    self.template(dot, At::Template(*pos, name, pipe.as_ref()), out)?;
                    Flow::Normal
                }
                Node::Break => Flow::Break,
                Node::Continue => Flow::Continue,
            };
            if !matches!(flow, Flow::Normal) {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn branch(&mut self, dot: &Value, b: &'a Branch, with: bool, out: &mut String) -> R<Flow> {
        let mark = self.vars.len();
        let v = self.pipeline(dot, &b.pipe)?;
        let r = if v.truth(self.ctx.labels) {
            if with {
                self.walk(&v, &b.list, out)
            } else {
                self.walk(dot, &b.list, out)
            }
        } else if let Some(e) = &b.else_list {
            self.walk(dot, e, out)
        } else {
            Ok(Flow::Normal)
        };
        self.vars.truncate(mark);
        r
    }

    fn range(&mut self, dot: &Value, b: &'a Branch, out: &mut String) -> R<()> {
        let mark = self.vars.len();
        let v = self.pipeline(dot, &b.pipe)?;
        let items: Vec<(Value, Value)> = match &v {
            Value::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, e)| (Value::int(i as i64), e.clone()))
                .collect(),
            Value::Map(m) => m.iter().map(|(k, e)| (Value::str(k), e.clone())).collect(),
            Value::Labels => self
                .ctx
                .labels
                .iter()
                .map(|(k, e)| (Value::str(k), Value::str(e)))
                .collect(),
            Value::Int(n, _) => (0..*n).map(|i| (Value::int(i), Value::int(i))).collect(),
            Value::Nil => Vec::new(),
            other => {
                let msg = format!("range can't iterate over {}", other.to_v(self.ctx.labels));
                return Err(self.fail(&msg));
            }
        };
        let body_mark = self.vars.len();
        for (index, elem) in &items {
            self.set_range_vars(&b.pipe, index, elem);
            let f = self.walk(elem, &b.list, out);
            self.vars.truncate(body_mark);
            if matches!(f?, Flow::Break) {
                break;
            }
        }
        if items.is_empty() {
            if let Some(e) = &b.else_list {
                self.walk(dot, e, out)?;
            }
        }
        self.vars.truncate(mark);
        Ok(())
    }

    fn set_range_vars(&mut self, pipe: &Pipe, index: &Value, elem: &Value) {
        let n = self.vars.len();
        match pipe.decl.len() {
            0 => {}
            1 if pipe.is_assign => self.set_var(&pipe.decl[0], elem.clone()),
            1 => self.vars[n - 1].1 = elem.clone(),
            _ if pipe.is_assign => {
                self.set_var(&pipe.decl[0], index.clone());
                self.set_var(&pipe.decl[1], elem.clone());
            }
            _ => {
                self.vars[n - 1].1 = elem.clone();
                self.vars[n - 2].1 = index.clone();
            }
        }
    }

    fn template(&mut self, dot: &Value, node: At<'a>, out: &mut String) -> R<()> {
        let At::Template(_, name, pipe) = node else {
            return Ok(());
        };
        self.at(node);
        let Some(body) = self.defs.get(name) else {
            return Err(self.fail(&format!("template {name:?} not defined")));
        };
        let v = match pipe {
            Some(p) => self.pipeline(dot, p)?,
            None => Value::Nil,
        };
        if self.depth >= 10_000 {
            return Err(self.fail("exceeded maximum template depth (100000)"));
        }
        let saved = std::mem::replace(&mut self.vars, vec![("$".into(), v.clone())]);
        self.depth += 1;
        let r = self.walk(&v, body, out);
        self.depth -= 1;
        self.vars = saved;
        r.map(|_| ())
    }

    fn set_var(&mut self, name: &str, v: Value) {
        if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            slot.1 = v;
        }
    }

    fn var(&self, name: &str) -> Value {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Nil)
    }

    pub fn pipeline(&mut self, dot: &Value, p: &'a Pipe) -> R<Value> {
        self.at(At::Pipe(p));
        let mut v: Option<Value> = None;
        for c in &p.cmds {
            let r = self.command(dot, c, v)?;
            // an interface value is unwrapped: a missing entry is no value
            v = Some(if matches!(r, Value::NoEntry) { Value::Nil } else { r });
        }
        let v = v.unwrap_or(Value::Nil);
        for name in &p.decl {
            if p.is_assign {
                self.set_var(name, v.clone());
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn command(&mut self, dot: &Value, c: &'a Cmd, fin: Option<Value>) -> R<Value> {
        let first = &c.args[0];
        match first {
            Arg::Field(_, id) => {
                self.at(At::Arg(first));
                return self.field_chain(dot.clone(), id, &c.args, fin);
            }
            Arg::Chain(_, node, fields) => {
                self.at(At::Arg(first));
                let recv = self.arg_value(dot, node)?;
                return self.field_chain(recv, fields, &c.args, fin);
            }
            Arg::Ident(_, name) => return self.call(dot, name, c, fin),
            Arg::Variable(_, id) => {
                self.at(At::Arg(first));
                let v = self.var(&id[0]);
                if id.len() == 1 {
                    self.not_a_function(&c.args, &fin)?;
                    return Ok(v);
                }
                return self.field_chain(v, &id[1..], &c.args, fin);
            }
            Arg::Pipe(_, p) => {
                self.not_a_function(&c.args, &fin)?;
                return self.pipeline(dot, p);
            }
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(&c.args, &fin)?;
        match first {
            Arg::Bool(_, b) => Ok(Value::Bool(*b)),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Err(self.fail("nil is not a command")),
            Arg::Number(_, n) => self.ideal(first, n),
            Arg::Str(_, _, s) => Ok(Value::str(s)),
            _ => Ok(Value::Nil),
        }
    }

    fn not_a_function(&mut self, args: &'a [Arg], fin: &Option<Value>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            let a = &args[0];
            return Err(self.fail_at(At::Arg(a), &format!("can't give argument to non-function {a}")));
        }
        Ok(())
    }

    /// A number literal as Go's `idealConstant` types it.
    pub fn ideal(&mut self, node: &'a Arg, n: &Number) -> R<Value> {
        self.at(At::Arg(node));
        let t = n.text.to_ascii_lowercase();
        let hex_int = t.trim_start_matches(['+', '-']).starts_with("0x") && !t.contains('p');
        if n.float.is_some() && !hex_int && !n.is_char && t.contains(['.', 'e', 'p']) {
            return Ok(Value::Float(n.float.unwrap_or_default()));
        }
        match n.int {
            Some(i) => Ok(Value::int(i)),
            None => Err(self.fail(&format!("{} overflows int", n.text))),
        }
    }

    fn field_chain(&mut self, mut recv: Value, ids: &[String], args: &[Arg], fin: Option<Value>) -> R<Value> {
        let has_args = args.len() > 1 || fin.is_some();
        for (i, id) in ids.iter().enumerate() {
            recv = self.field(recv, id, i + 1 == ids.len() && has_args)?;
        }
        Ok(recv)
    }

    fn field(&self, recv: Value, name: &str, has_args: bool) -> R<Value> {
        let not_method = || self.fail(&format!("{name} is not a method but has arguments"));
        match recv {
            Value::Nil => Ok(Value::Nil),
            Value::Labels if has_args => Err(not_method()),
            Value::Labels => {
                let v = self.ctx.labels.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v);
                Ok(Value::str(v))
            }
            Value::Map(_) if has_args => Err(not_method()),
            Value::Map(m) => match m.iter().find(|(k, _)| k == name) {
                Some((_, v)) => Ok(v.clone()),
                None => Ok(Value::NoEntry),
            },
            Value::NoEntry => Err(self.fail(&format!("nil pointer evaluating interface {{}}.{name}"))),
            Value::Time(t) => match super::funcs::time_method(&t, name) {
                Some(v) if !has_args => Ok(v),
                _ => Err(self.fail(&format!("can't evaluate field {name} in type time.Time"))),
            },
            other => Err(self.fail(&format!("can't evaluate field {name} in type {}", other.type_name()))),
        }
    }
}

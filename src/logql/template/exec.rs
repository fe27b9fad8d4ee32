//! Execution of a parsed template with Go's semantics: the dot, variables
//! and their scopes, `if`/`with`/`range`/`template`, pipelines, and Go's
//! execution errors (`template: line:1:6: executing "line" at <gt .status
//! 300>: error calling gt: ...`).

use std::collections::HashMap;

use super::funcs::{self, signature, Ty};
use super::tree::{Arg, Branch, Cmd, Node, Number, Pipe};
use super::value::Value;
use super::Env;

pub type R<T> = Result<T, String>;

enum Flow {
    Normal,
    Break,
    Continue,
}

pub struct Exec<'a> {
    pub name: &'a str,
    pub src: &'a str,
    pub defs: &'a HashMap<String, Vec<Node>>,
    pub ctx: &'a Env<'a>,
    vars: Vec<(String, Value)>,
    depth: usize,
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
        }
    }

    /// An execution error at a node: its position and its text.
    pub fn err_at(&self, pos: usize, node: &dyn std::fmt::Display, msg: &str) -> String {
        let before = &self.src[..pos.min(self.src.len())];
        let line = 1 + before.matches('\n').count();
        let col = before.rfind('\n').map_or(pos, |i| pos - i - 1);
        format!(
            "template: {}:{line}:{col}: executing {:?} at <{node}>: {msg}",
            self.name, self.name
        )
    }

    pub fn run(&mut self, nodes: &[Node], out: &mut String) -> R<()> {
        self.walk(&Value::Labels, nodes, out).map(|_| ())
    }

    fn walk(&mut self, dot: &Value, nodes: &[Node], out: &mut String) -> R<Flow> {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipeline(dot, p)?;
                    if p.decl.is_empty() {
                        v.print(self.ctx.labels, out);
                    }
                }
                Node::If(b) => {
                    if let f @ (Flow::Break | Flow::Continue) = self.branch(dot, b, false, out)? {
                        return Ok(f);
                    }
                }
                Node::With(b) => {
                    if let f @ (Flow::Break | Flow::Continue) = self.branch(dot, b, true, out)? {
                        return Ok(f);
                    }
                }
                Node::Range(b) => self.range(dot, b, out)?,
                Node::Template(pos, name, pipe) => self.template(dot, *pos, name, pipe.as_ref(), out)?,
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn branch(&mut self, dot: &Value, b: &Branch, with: bool, out: &mut String) -> R<Flow> {
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

    fn range(&mut self, dot: &Value, b: &Branch, out: &mut String) -> R<()> {
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
                let pos = b.pipe.cmds.first().map_or(b.pipe.pos, |c| c.args[0].pos());
                return Err(self.err_at(pos, &b.pipe.cmds[0], &msg));
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

    fn template(&mut self, dot: &Value, pos: usize, name: &str, pipe: Option<&Pipe>, out: &mut String) -> R<()> {
        let Some(body) = self.defs.get(name) else {
            return Err(self.err_at(
                pos,
                &format!("template {name:?}"),
                &format!("template {name:?} not defined"),
            ));
        };
        let v = match pipe {
            Some(p) => self.pipeline(dot, p)?,
            None => Value::Nil,
        };
        if self.depth >= 10_000 {
            return Err(format!(
                "template: {}: exceeded maximum template depth (100000)",
                self.name
            ));
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

    pub fn pipeline(&mut self, dot: &Value, p: &Pipe) -> R<Value> {
        let mut v: Option<Value> = None;
        for c in &p.cmds {
            v = Some(self.command(dot, c, v)?);
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

    fn command(&mut self, dot: &Value, c: &Cmd, fin: Option<Value>) -> R<Value> {
        let first = &c.args[0];
        match first {
            Arg::Field(pos, id) => return self.field_chain(dot, dot.clone(), *pos, first, id, &c.args, fin),
            Arg::Chain(pos, node, fields) => {
                let recv = self.arg_value(dot, node)?;
                return self.field_chain(dot, recv, *pos, first, fields, &c.args, fin);
            }
            Arg::Ident(_, name) => return self.call(dot, name, c, fin),
            Arg::Variable(pos, id) => {
                let v = self.var(&id[0]);
                if id.len() == 1 {
                    self.not_a_function(&c.args, &fin)?;
                    return Ok(v);
                }
                return self.field_chain(dot, v, *pos, first, &id[1..], &c.args, fin);
            }
            Arg::Pipe(_, p) => {
                self.not_a_function(&c.args, &fin)?;
                return self.pipeline(dot, p);
            }
            _ => {}
        }
        self.not_a_function(&c.args, &fin)?;
        match first {
            Arg::Bool(_, b) => Ok(Value::Bool(*b)),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(pos) => Err(self.err_at(*pos, first, "nil is not a command")),
            Arg::Number(pos, n) => self.ideal(*pos, n),
            Arg::Str(_, _, s) => Ok(Value::str(s)),
            _ => Ok(Value::Nil),
        }
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Value>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            let a = &args[0];
            return Err(self.err_at(a.pos(), a, &format!("can't give argument to non-function {a}")));
        }
        Ok(())
    }

    /// A number literal as Go's `idealConstant` types it.
    pub fn ideal(&self, pos: usize, n: &Number) -> R<Value> {
        let t = n.text.to_ascii_lowercase();
        let hex_int = t.trim_start_matches(['+', '-']).starts_with("0x") && !t.contains('p');
        if n.float.is_some() && !hex_int && !n.is_char && t.contains(['.', 'e', 'p']) {
            return Ok(Value::Float(n.float.unwrap_or_default()));
        }
        match n.int {
            Some(i) => Ok(Value::int(i)),
            None => Err(self.err_at(pos, &n.text, &format!("{} overflows int", n.text))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn field_chain(
        &mut self,
        dot: &Value,
        mut recv: Value,
        pos: usize,
        node: &Arg,
        ids: &[String],
        args: &[Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        let _ = dot;
        let has_args = args.len() > 1 || fin.is_some();
        for (i, id) in ids.iter().enumerate() {
            let last = i + 1 == ids.len();
            recv = self.field(recv, id, pos, node, last && has_args)?;
        }
        Ok(recv)
    }

    fn field(&self, recv: Value, name: &str, pos: usize, node: &Arg, has_args: bool) -> R<Value> {
        let not_method = || self.err_at(pos, node, &format!("{name} is not a method but has arguments"));
        match recv {
            Value::Nil => Ok(Value::Nil),
            Value::Labels => {
                if has_args {
                    return Err(not_method());
                }
                let v = self.ctx.labels.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v);
                Ok(Value::str(v))
            }
            Value::Map(m) => {
                if has_args {
                    return Err(not_method());
                }
                Ok(m.iter().find(|(k, _)| k == name).map_or(Value::Nil, |(_, v)| v.clone()))
            }
            other => Err(self.err_at(
                pos,
                node,
                &format!("can't evaluate field {name} in type {}", other.type_name()),
            )),
        }
    }

    /// An argument evaluated without a parameter type (a receiver).
    pub fn arg_value(&mut self, dot: &Value, a: &Arg) -> R<Value> {
        self.arg(dot, a, Ty::Iface)
    }

    /// An argument for a parameter of type `ty`, with Go's checks.
    pub fn arg(&mut self, dot: &Value, a: &Arg, ty: Ty) -> R<Value> {
        let v = match a {
            Arg::Dot(_) => dot.clone(),
            Arg::Nil(pos) => {
                if matches!(ty, Ty::Iface) {
                    return Ok(Value::Nil);
                }
                return Err(self.err_at(*pos, a, &format!("cannot assign nil to {}", ty.name())));
            }
            Arg::Field(pos, id) => self.field_chain(dot, dot.clone(), *pos, a, id, std::slice::from_ref(a), None)?,
            Arg::Variable(pos, id) => {
                let v = self.var(&id[0]);
                if id.len() == 1 {
                    v
                } else {
                    self.field_chain(dot, v, *pos, a, &id[1..], std::slice::from_ref(a), None)?
                }
            }
            Arg::Pipe(_, p) => self.pipeline(dot, p)?,
            Arg::Ident(_, name) => {
                let cmd = Cmd {
                    pos: a.pos(),
                    args: vec![a.clone()],
                };
                self.call(dot, name, &cmd, None)?
            }
            Arg::Chain(pos, node, fields) => {
                let recv = self.arg_value(dot, node)?;
                self.field_chain(dot, recv, *pos, a, fields, std::slice::from_ref(a), None)?
            }
            _ => return self.constant(a, ty),
        };
        self.validate(v, ty, a)
    }

    fn constant(&self, a: &Arg, ty: Ty) -> R<Value> {
        let pos = a.pos();
        let bad = |what: &str| Err(self.err_at(pos, a, &format!("expected {what}; found {a}")));
        match (ty, a) {
            (Ty::Iface | Ty::Value, Arg::Bool(_, b)) => Ok(Value::Bool(*b)),
            (Ty::Iface | Ty::Value, Arg::Str(_, _, s)) => Ok(Value::str(s)),
            (Ty::Iface | Ty::Value, Arg::Number(p, n)) => self.ideal(*p, n),
            (Ty::Str, Arg::Str(_, _, s)) => Ok(Value::str(s)),
            (Ty::Str, _) => bad("string"),
            (Ty::Int, Arg::Number(_, Number { int: Some(i), .. })) => Ok(Value::int(*i)),
            (Ty::Int, _) => bad("integer"),
            (Ty::Float, Arg::Number(_, Number { float: Some(f), .. })) => Ok(Value::Float(*f)),
            (Ty::Float, _) => bad("float"),
            _ => Err(self.err_at(pos, a, &format!("can't handle {a} for arg of type {}", ty.name()))),
        }
    }

    /// Go's `validateType`: is the value assignable to the parameter?
    pub fn validate(&self, v: Value, ty: Ty, a: &dyn PosNode) -> R<Value> {
        let ok = match (&v, ty) {
            (_, Ty::Iface | Ty::Value) => true,
            (Value::Nil, _) => {
                return Err(self.err_at(
                    a.node_pos(),
                    &a.text(),
                    &format!("invalid value; expected {}", ty.name()),
                ))
            }
            (Value::Str(_), Ty::Str) => true,
            (Value::Int(_, super::value::IntType::Int), Ty::Int) => true,
            (Value::Float(_), Ty::Float) => true,
            (Value::Time(_), Ty::Time) => true,
            _ => false,
        };
        if ok {
            return Ok(v);
        }
        Err(self.err_at(
            a.node_pos(),
            &a.text(),
            &format!("wrong type for value; expected {}; got {}", ty.name(), v.type_name()),
        ))
    }

    /// `name args... [| piped]` in command `cmd`, with Go's calling rules:
    /// the signature decides the argument count and conversions, a piped
    /// value comes last, `and`/`or` stop at the first deciding argument.
    /// `name args... [| piped]` with Go's calling rules: the signature
    /// decides the argument count and conversions, a piped value comes
    /// last, `and`/`or` stop at the first deciding argument.
    fn call(&mut self, dot: &Value, name: &str, cmd: &Cmd, fin: Option<Value>) -> R<Value> {
        let Some(sig) = signature(name) else {
            return Err(self.err_at(cmd.pos, cmd, &format!("{name:?} is not a defined function")));
        };
        let ident = &cmd.args[0];
        let args = &cmd.args[1..];
        let n_in = args.len() + fin.is_some() as usize;
        let n_fixed = if sig.variadic {
            sig.params.len() - 1
        } else {
            sig.params.len()
        };
        if sig.variadic && n_in < n_fixed {
            let msg = format!(
                "wrong number of args for {name}: want at least {n_fixed} got {}",
                args.len()
            );
            return Err(self.err_at(ident.pos(), ident, &msg));
        }
        if !sig.variadic && n_in != sig.params.len() {
            let msg = format!("wrong number of args for {name}: want {} got {n_in}", sig.params.len());
            return Err(self.err_at(ident.pos(), ident, &msg));
        }
        if name == "and" || name == "or" {
            return self.and_or(dot, name == "or", cmd, fin);
        }
        let ty = |i: usize| sig.params[i.min(sig.params.len() - 1)];
        let mut argv = Vec::with_capacity(n_in);
        for (i, a) in args.iter().enumerate() {
            argv.push(self.arg(dot, a, ty(i))?);
        }
        if let Some(f) = fin {
            argv.push(self.validate(f, ty(argv.len()), cmd as &dyn PosNode)?);
        }
        funcs::call(name, argv, self.ctx).map_err(|e| self.err_at(cmd.pos, cmd, &format!("error calling {name}: {e}")))
    }

    fn and_or(&mut self, dot: &Value, or: bool, cmd: &Cmd, fin: Option<Value>) -> R<Value> {
        let mut v = Value::Nil;
        for a in &cmd.args[1..] {
            v = self.arg(dot, a, Ty::Value)?;
            if v.truth(self.ctx.labels) == or {
                return Ok(v);
            }
        }
        if let Some(f) = fin {
            v = f;
        }
        Ok(v)
    }
}

/// A node that errors can point at.
pub trait PosNode {
    fn node_pos(&self) -> usize;
    fn text(&self) -> String;
}

impl PosNode for Arg {
    fn node_pos(&self) -> usize {
        self.pos()
    }
    fn text(&self) -> String {
        self.to_string()
    }
}

impl PosNode for Cmd {
    fn node_pos(&self) -> usize {
        self.pos
    }
    fn text(&self) -> String {
        self.to_string()
    }
}

//! Calling a template function the way Go's text/template does: the
//! function's Go signature decides how many arguments it takes and how each
//! is converted (a literal `2` for an `int` parameter, a label for a
//! `string` one), a piped value comes last, `and`/`or` stop at the first
//! deciding argument, and a function's error becomes "error calling f: ...".

use super::{At, Exec, R};
use crate::logql::template::funcs::{self, signature, Ty};
use crate::logql::template::tree::{Arg, Cmd, Number};
use crate::logql::template::value::{IntType, Value};

impl<'a> Exec<'a> {
    /// `name args... [| piped]` in command `cmd`.
    pub(super) fn call(&mut self, dot: &Value, name: &str, cmd: &'a Cmd, fin: Option<Value>) -> R<Value> {
        let ident = &cmd.args[0];
        self.at(At::Arg(ident));
        let Some(sig) = signature(name) else {
            return Err(self.fail(&format!("{name:?} is not a defined function")));
        };
        let args = &cmd.args[1..];
        let n_in = args.len() + fin.is_some() as usize;
        let n_fixed = sig.params.len() - sig.variadic as usize;
        if sig.variadic && n_in < n_fixed {
            let msg = format!(
                "wrong number of args for {name}: want at least {n_fixed} got {}",
                args.len()
            );
            return Err(self.fail(&msg));
        }
        if !sig.variadic && n_in != sig.params.len() {
            let msg = format!("wrong number of args for {name}: want {} got {n_in}", sig.params.len());
            return Err(self.fail(&msg));
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
            argv.push(self.validate(f, ty(argv.len()))?);
        }
        funcs::call(name, argv, self.ctx).map_err(|e| self.fail_at(At::Cmd(cmd), &format!("error calling {name}: {e}")))
    }

    fn and_or(&mut self, dot: &Value, or: bool, cmd: &'a Cmd, fin: Option<Value>) -> R<Value> {
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

    /// An argument evaluated without a parameter type (a receiver).
    pub(super) fn arg_value(&mut self, dot: &Value, a: &'a Arg) -> R<Value> {
        self.arg(dot, a, Ty::Iface)
    }

    /// An argument for a parameter of type `ty`, with Go's checks.
    fn arg(&mut self, dot: &Value, a: &'a Arg, ty: Ty) -> R<Value> {
        self.at(At::Arg(a));
        let v = match a {
            Arg::Dot(_) => dot.clone(),
            Arg::Nil(_) => {
                if matches!(ty, Ty::Iface | Ty::Value) {
                    return Ok(Value::Nil);
                }
                return Err(self.fail(&format!("cannot assign nil to {}", ty.name())));
            }
            Arg::Field(_, id) => self.field_chain(dot.clone(), id, std::slice::from_ref(a), None)?,
            Arg::Variable(_, id) => {
                let v = self.var(&id[0]);
                if id.len() == 1 {
                    v
                } else {
                    self.field_chain(v, &id[1..], std::slice::from_ref(a), None)?
                }
            }
            Arg::Pipe(_, p) => self.pipeline(dot, p)?,
            Arg::Ident(_, name) => self.call_ident(dot, a, name)?,
            Arg::Chain(_, node, fields) => {
                let recv = self.arg_value(dot, node)?;
                self.field_chain(recv, fields, std::slice::from_ref(a), None)?
            }
            _ => return self.constant(a, ty),
        };
        self.validate(v, ty)
    }

    /// A function named alone as an argument (`printf "%s" __line__`).
    fn call_ident(&mut self, dot: &Value, a: &'a Arg, name: &str) -> R<Value> {
        // Go calls it with no arguments; the command is the identifier.
        let sig = signature(name);
        let want = sig.as_ref().map_or(0, |s| s.params.len() - s.variadic as usize);
        if want > 0 {
            let msg = format!("wrong number of args for {name}: want {want} got 0");
            let msg = if sig.as_ref().is_some_and(|s| s.variadic) {
                msg.replace("want", "want at least")
            } else {
                msg
            };
            return Err(self.fail(&msg));
        }
        let _ = dot;
        funcs::call(name, Vec::new(), self.ctx)
            .map_err(|e| self.fail_at(At::Arg(a), &format!("error calling {name}: {e}")))
    }

    fn constant(&mut self, a: &'a Arg, ty: Ty) -> R<Value> {
        let bad = |ex: &Self, what: &str| Err(ex.fail(&format!("expected {what}; found {a}")));
        match (ty, a) {
            (Ty::Iface | Ty::Value, Arg::Bool(_, b)) => Ok(Value::Bool(*b)),
            (Ty::Iface | Ty::Value, Arg::Str(_, _, s)) => Ok(Value::str(s)),
            (Ty::Iface | Ty::Value, Arg::Number(_, n)) => self.ideal(a, n),
            (Ty::Str, Arg::Str(_, _, s)) => Ok(Value::str(s)),
            (Ty::Str, _) => bad(self, "string"),
            (Ty::Int, Arg::Number(_, Number { int: Some(i), .. })) => Ok(Value::int(*i)),
            (Ty::Int, _) => bad(self, "integer"),
            (Ty::Float, Arg::Number(_, Number { float: Some(f), .. })) => Ok(Value::Float(*f)),
            (Ty::Float, _) => bad(self, "float"),
            _ => Err(self.fail(&format!("can't handle {a} for arg of type {}", ty.name()))),
        }
    }

    /// Go's `validateType`: is the value assignable to the parameter?
    pub(super) fn validate(&self, v: Value, ty: Ty) -> R<Value> {
        let v = if matches!(v, Value::NoEntry) { Value::Nil } else { v };
        let ok = match (&v, ty) {
            (_, Ty::Iface | Ty::Value) => true,
            (Value::Nil, _) => return Err(self.fail(&format!("invalid value; expected {}", ty.name()))),
            (Value::Str(_), Ty::Str) => true,
            (Value::Int(_, IntType::Int), Ty::Int) => true,
            (Value::Float(_), Ty::Float) => true,
            (Value::Time(_), Ty::Time) => true,
            _ => false,
        };
        if ok {
            return Ok(v);
        }
        Err(self.fail(&format!(
            "wrong type for value; expected {}; got {}",
            ty.name(),
            v.type_name()
        )))
    }
}

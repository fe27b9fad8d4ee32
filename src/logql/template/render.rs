//! Evaluation: nodes against a context (labels, line, timestamp).

use super::funcs::call;
use super::{Arg, Command, Context, Node, Pipeline, Val};

pub(super) fn render_nodes(nodes: &[Node], ctx: &Context<'_>, dot: &Val, out: &mut String) -> Result<(), String> {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Action(p) => {
                let v = eval_pipeline(p, ctx, dot)?;
                out.push_str(&v.text());
            }
            Node::If(branches, otherwise) => {
                let mut done = false;
                for (cond, body) in branches {
                    if eval_pipeline(cond, ctx, dot)?.truthy() {
                        render_nodes(body, ctx, dot, out)?;
                        done = true;
                        break;
                    }
                }
                if !done {
                    render_nodes(otherwise, ctx, dot, out)?;
                }
            }
            Node::Range(p, body, otherwise) => {
                let items = match eval_pipeline(p, ctx, dot)? {
                    Val::List(l) => l,
                    Val::Map(m) => m.into_iter().map(|(_, v)| v).collect(),
                    _ => vec![],
                };
                if items.is_empty() {
                    render_nodes(otherwise, ctx, dot, out)?;
                }
                for it in &items {
                    render_nodes(body, ctx, it, out)?;
                }
            }
        }
    }
    Ok(())
}

fn eval_pipeline(p: &Pipeline, ctx: &Context<'_>, dot: &Val) -> Result<Val, String> {
    let mut prev: Option<Val> = None;
    for c in &p.cmds {
        prev = Some(eval_command(c, ctx, dot, prev)?);
    }
    Ok(prev.unwrap_or(Val::Nil))
}

fn eval_arg(a: &Arg, ctx: &Context<'_>, dot: &Val) -> Result<Val, String> {
    Ok(match a {
        Arg::Field(path) => {
            if let Val::Map(m) = dot {
                let mut cur = Val::Map(m.clone());
                for k in path {
                    cur = match cur {
                        Val::Map(m) => m.into_iter().find(|(n, _)| n == k).map(|(_, v)| v).unwrap_or(Val::Nil),
                        _ => Val::Nil,
                    };
                }
                cur
            } else {
                let name = &path[0];
                ctx.labels
                    .iter()
                    .rev()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| Val::Str(v.clone()))
                    .unwrap_or(Val::Str(String::new()))
            }
        }
        Arg::Dot => dot.clone(),
        Arg::Str(s) => Val::Str(s.clone()),
        Arg::Num(n) => Val::Num(*n),
        Arg::Bool(b) => Val::Bool(*b),
        Arg::Func(f) => call(f, vec![], ctx)?,
        Arg::Sub(p) => eval_pipeline(p, ctx, dot)?,
    })
}

fn eval_command(c: &Command, ctx: &Context<'_>, dot: &Val, piped: Option<Val>) -> Result<Val, String> {
    if let Arg::Func(f) = &c.args[0] {
        let mut args = Vec::with_capacity(c.args.len());
        for a in &c.args[1..] {
            args.push(eval_arg(a, ctx, dot)?);
        }
        if let Some(p) = piped {
            args.push(p);
        }
        return call(f, args, ctx);
    }
    if c.args.len() > 1 || piped.is_some() {
        return Err("template: can't give argument to non-function".into());
    }
    eval_arg(&c.args[0], ctx, dot)
}

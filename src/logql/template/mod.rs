//! Go's text/template as LogQL's `line_format` and `label_format` run it in
//! Loki: the full template language (variables, `range $k, $v := .`,
//! `with`, `define`/`template`/`block`, `break`/`continue`), `.` as the map
//! of labels (`map[string]string`, missing keys give ""), Go's typed values
//! and execution errors, Go's `fmt`, and every function Loki registers
//! (and only those).
//!
//! `lex` and `parse` read the text, `exec` runs it, `call` applies Go's
//! calling rules, `funcs` holds the function library, `printf` Go's
//! formatting, `value` Go's values, `gotime` Go's times.

mod exec;
mod funcs;
mod gonum;
mod gotime;
mod gotime_fmt;
mod lex;
mod parse;
mod printf;
mod printf_num;
mod tree;
mod value;

use std::collections::HashMap;

use tree::{Arg, Node};

/// Labels as a template reads them.
pub trait LabelView {
    fn pairs(&self) -> Vec<(&str, &str)>;
}

impl LabelView for Vec<(String, String)> {
    fn pairs(&self) -> Vec<(&str, &str)> {
        self.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }
}

impl LabelView for Vec<(&str, &str)> {
    fn pairs(&self) -> Vec<(&str, &str)> {
        self.clone()
    }
}

/// What a template sees: the labels (with `__error__` and
/// `__error_details__` when set), the line and its timestamp.
pub struct Context<'a> {
    pub labels: &'a dyn LabelView,
    pub line: &'a str,
    pub ts: i64,
}

/// The context while running: labels sorted by name.
struct Env<'a> {
    labels: &'a [(&'a str, &'a str)],
    line: &'a str,
    ts: i64,
}

#[derive(Debug)]
pub struct Template {
    name: String,
    src: String,
    root: Vec<Node>,
    defs: HashMap<String, Vec<Node>>,
}

impl Template {
    /// Parse a template for `line_format`.
    pub fn parse(src: &str) -> Result<Template, String> {
        Template::parse_named("line", src)
    }

    /// Parse a template; `name` ("line" or "label") appears in errors.
    pub fn parse_named(name: &str, src: &str) -> Result<Template, String> {
        let p = parse::parse(name, src)?;
        Ok(Template {
            name: name.to_string(),
            src: src.to_string(),
            root: p.root,
            defs: p.defs,
        })
    }

    /// `{{.name}}` alone: the label name.
    pub fn simple_field(&self) -> Option<&str> {
        match self.root.as_slice() {
            [Node::Action(p)] if p.decl.is_empty() && p.cmds.len() == 1 && p.cmds[0].args.len() == 1 => {
                match &p.cmds[0].args[0] {
                    Arg::Field(_, id) if id.len() == 1 => Some(&id[0]),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Render into `out`; an execution error is Go's error text.
    pub fn render(&self, ctx: &Context<'_>, out: &mut String) -> Result<(), String> {
        let mut labels = ctx.labels.pairs();
        if !labels.is_sorted_by(|a, b| a.0 <= b.0) {
            labels.sort_by(|a, b| a.0.cmp(b.0));
        }
        let env = Env {
            labels: &labels,
            line: ctx.line,
            ts: ctx.ts,
        };
        let mut ex = exec::Exec::new(&self.name, &self.src, &self.defs, &env);
        ex.run(&self.root, out)
    }
}

#[cfg(test)]
mod tests;

//! The Go text/template subset that LogQL's `line_format` and `label_format`
//! use: `{{.label}}`, pipelines with functions, `if`/`else if`/`else`,
//! `range`, trim markers, and the documented LogQL template functions.
//! `parse` reads the text into nodes, `render` evaluates them, `funcs` holds
//! the function library and `printf` Go's formatting verbs.

mod funcs;
mod parse;
mod printf;
mod render;

use parse::Stop;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Arg {
    Field(Vec<String>),
    Dot,
    Str(String),
    Num(f64),
    Bool(bool),
    Func(String),
    Sub(Box<Pipeline>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Command {
    pub(super) args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Pipeline {
    pub(super) cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Text(String),
    Action(Pipeline),
    If(Vec<(Pipeline, Vec<Node>)>, Vec<Node>),
    Range(Pipeline, Vec<Node>, Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

/// A template value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Num(f64),
    Bool(bool),
    List(Vec<Val>),
    Map(Vec<(String, Val)>),
    Nil,
}

impl Val {
    pub(super) fn truthy(&self) -> bool {
        match self {
            Val::Str(s) => !s.is_empty(),
            Val::Num(n) => *n != 0.0,
            Val::Bool(b) => *b,
            Val::List(l) => !l.is_empty(),
            Val::Map(m) => !m.is_empty(),
            Val::Nil => false,
        }
    }
    pub(super) fn text(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Num(n) => crate::core::gofmt::fmt_float(*n),
            Val::Bool(b) => b.to_string(),
            Val::Nil => String::new(),
            Val::List(l) => format!("[{}]", l.iter().map(Val::text).collect::<Vec<_>>().join(" ")),
            Val::Map(m) => format!(
                "map[{}]",
                m.iter()
                    .map(|(k, v)| format!("{k}:{}", v.text()))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        }
    }
    pub(super) fn num(&self) -> f64 {
        match self {
            Val::Num(n) => *n,
            Val::Str(s) => s.trim().parse().unwrap_or(0.0),
            Val::Bool(b) => *b as u8 as f64,
            _ => 0.0,
        }
    }
}

/// What a template can see: labels, the line and its timestamp.
pub struct Context<'a> {
    pub labels: &'a [(String, String)],
    pub line: &'a str,
    pub ts: i64,
}

impl Template {
    pub fn parse(src: &str) -> Result<Template, String> {
        let items = parse::split_actions(src)?;
        let mut i = 0;
        let (nodes, stop) = parse::parse_nodes(&items, &mut i, true)?;
        match stop {
            Stop::Eof => Ok(Template { nodes }),
            Stop::End => Err("template: unexpected {{end}}".into()),
            Stop::Else(_) => Err("template: unexpected {{else}}".into()),
        }
    }

    /// Render into `out`. Errors (bad function arguments) stop rendering.
    pub fn render(&self, ctx: &Context<'_>, out: &mut String) -> Result<(), String> {
        let dot = Val::Nil;
        render::render_nodes(&self.nodes, ctx, &dot, out)
    }

    /// True when the template is plain text without actions.
    pub fn is_literal(&self) -> bool {
        self.nodes.iter().all(|n| matches!(n, Node::Text(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(t: &str, labels: &[(&str, &str)]) -> String {
        let l: Vec<(String, String)> = labels.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let ctx = Context {
            labels: &l,
            line: "the line",
            ts: 1_795_577_575_102_279_137,
        };
        let mut out = String::new();
        Template::parse(t).unwrap().render(&ctx, &mut out).unwrap();
        out
    }

    #[test]
    fn fields_functions_and_control() {
        let l = [("level", "error"), ("msg", "disk full"), ("status", "503")];
        assert_eq!(render("{{.level}}: {{.msg}}", &l), "error: disk full");
        assert_eq!(render("{{.msg | ToUpper}}", &l), "DISK FULL");
        assert_eq!(render("{{ .missing }}|", &l), "|");
        assert_eq!(
            render(
                r#"{{ if eq .level "error" }}E{{ else if eq .level "warn" }}W{{ else }}I{{ end }}"#,
                &l
            ),
            "E"
        );
        assert_eq!(render(r#"{{ if gt (int .status) 499 }}5xx{{end}}"#, &l), "5xx");
        assert_eq!(render(r#"{{ default "none" .missing }}"#, &l), "none");
        assert_eq!(
            render(r#"{{ printf "%-6s|%5.1f" .level 3.14159 }}"#, &l),
            "error |  3.1"
        );
        assert_eq!(render("{{__line__}}", &l), "the line");
        assert_eq!(render(r#"{{ Replace .msg "full" "ok" -1 }}"#, &l), "disk ok");
        assert_eq!(render(r#"a {{- " b " -}} c"#, &l), "a b c");
        assert_eq!(
            render(r#"{{ regexReplaceAll "(\\w+) (\\w+)" .msg "${2}-${1}" }}"#, &l),
            "full-disk"
        );
        assert_eq!(
            render(r#"{{ range fromJson "[1,2,3]" }}<{{.}}>{{end}}"#, &l),
            "<1><2><3>"
        );
    }

    #[test]
    fn parse_errors() {
        assert!(Template::parse("{{ .a ").is_err());
        assert!(Template::parse("{{ if .a }}x").is_err());
        assert!(Template::parse("{{ nosuchfunc .a }}").is_err());
        assert!(Template::parse("{{ end }}").is_err());
    }
}

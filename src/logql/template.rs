//! The Go text/template subset that LogQL's `line_format` and `label_format`
//! use: `{{.label}}`, pipelines with functions, `if`/`else if`/`else`,
//! `range`, trim markers, and the documented LogQL template functions.

use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Field(Vec<String>),
    Dot,
    Str(String),
    Num(f64),
    Bool(bool),
    Func(String),
    Sub(Box<Pipeline>),
}

#[derive(Debug, Clone, PartialEq)]
struct Command {
    args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq)]
struct Pipeline {
    cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
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
    fn truthy(&self) -> bool {
        match self {
            Val::Str(s) => !s.is_empty(),
            Val::Num(n) => *n != 0.0,
            Val::Bool(b) => *b,
            Val::List(l) => !l.is_empty(),
            Val::Map(m) => !m.is_empty(),
            Val::Nil => false,
        }
    }
    fn text(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Num(n) => super::ast::fmt_float(*n),
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
    fn num(&self) -> f64 {
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

// ---------------------------------------------------------------- parsing

struct Lexed {
    text: String,
    action: Option<String>,
}

fn split_actions(src: &str) -> Result<Vec<Lexed>, String> {
    let mut out = Vec::new();
    let mut rest = src;
    let mut pending_text = String::new();
    while let Some(open) = rest.find("{{") {
        let mut text = rest[..open].to_string();
        let after = &rest[open + 2..];
        let trim_left = after.starts_with('-') && after[1..].starts_with(|c: char| c.is_whitespace());
        let close = after
            .find("}}")
            .ok_or_else(|| "template: unclosed action".to_string())?;
        let mut inner = &after[..close];
        let trim_right = inner.ends_with('-') && inner[..inner.len() - 1].ends_with(|c: char| c.is_whitespace());
        if trim_left {
            inner = &inner[1..];
            text = text.trim_end().to_string();
        }
        if trim_right {
            inner = &inner[..inner.len() - 1];
        }
        pending_text.push_str(&text);
        out.push(Lexed {
            text: std::mem::take(&mut pending_text),
            action: Some(inner.trim().to_string()),
        });
        rest = &after[close + 2..];
        if trim_right {
            rest = rest.trim_start();
        }
    }
    pending_text.push_str(rest);
    out.push(Lexed {
        text: pending_text,
        action: None,
    });
    Ok(out)
}

fn tokenize(s: &str) -> Result<Vec<String>, String> {
    let mut toks = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        match c {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return Err("template: unterminated quoted string".into());
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while i < b.len() && b[i] != b'`' {
                    i += 1;
                }
                if i >= b.len() {
                    return Err("template: unterminated raw string".into());
                }
                i += 1;
            }
            b'(' | b')' | b'|' => i += 1,
            _ => {
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'(' | b')' | b'|') {
                    i += 1;
                }
            }
        }
        toks.push(s[start..i].to_string());
    }
    Ok(toks)
}

fn parse_pipeline(toks: &[String], pos: &mut usize) -> Result<Pipeline, String> {
    let mut cmds = Vec::new();
    let mut args = Vec::new();
    while *pos < toks.len() {
        let t = &toks[*pos];
        *pos += 1;
        match t.as_str() {
            "|" => {
                if args.is_empty() {
                    return Err("template: missing command before |".into());
                }
                cmds.push(Command {
                    args: std::mem::take(&mut args),
                });
            }
            "(" => {
                let sub = parse_pipeline(toks, pos)?;
                if toks.get(*pos - 1).map(String::as_str) != Some(")") {
                    return Err("template: unclosed (".into());
                }
                args.push(Arg::Sub(Box::new(sub)));
            }
            ")" => break,
            _ => args.push(parse_arg(t)?),
        }
    }
    if args.is_empty() {
        return Err("template: missing value for command".into());
    }
    cmds.push(Command { args });
    Ok(Pipeline { cmds })
}

fn parse_arg(t: &str) -> Result<Arg, String> {
    if t == "." {
        return Ok(Arg::Dot);
    }
    if let Some(f) = t.strip_prefix('.') {
        return Ok(Arg::Field(f.split('.').map(String::from).collect()));
    }
    if t.starts_with('"') {
        let v: String = serde_json::from_str(t).map_err(|_| format!("template: bad string {t}"))?;
        return Ok(Arg::Str(v));
    }
    if let Some(r) = t.strip_prefix('`') {
        return Ok(Arg::Str(r.trim_end_matches('`').to_string()));
    }
    if t == "true" || t == "false" {
        return Ok(Arg::Bool(t == "true"));
    }
    if t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
        return t.parse().map(Arg::Num).map_err(|_| format!("template: bad number {t}"));
    }
    if t.starts_with('$') {
        return Err(format!("template: variables ({t}) are not supported"));
    }
    if FUNCS.contains(&t) {
        return Ok(Arg::Func(t.to_string()));
    }
    Err(format!("template: function {t:?} not defined"))
}

fn pipeline_of(action: &str) -> Result<Pipeline, String> {
    let toks = tokenize(action)?;
    let mut pos = 0;
    let p = parse_pipeline(&toks, &mut pos)?;
    if pos < toks.len() {
        return Err("template: unexpected ) in action".into());
    }
    Ok(p)
}

enum Stop {
    End,
    Else(Option<Pipeline>),
    Eof,
}

fn parse_nodes(items: &[Lexed], i: &mut usize, top: bool) -> Result<(Vec<Node>, Stop), String> {
    let mut nodes = Vec::new();
    while *i < items.len() {
        let it = &items[*i];
        *i += 1;
        if !it.text.is_empty() {
            nodes.push(Node::Text(it.text.clone()));
        }
        let Some(action) = &it.action else { continue };
        if action.starts_with("/*") {
            continue;
        }
        let (kw, rest) = action.split_once(char::is_whitespace).unwrap_or((action.as_str(), ""));
        match kw {
            "end" => return Ok((nodes, Stop::End)),
            "else" => {
                let rest = rest.trim();
                if let Some(cond) = rest.strip_prefix("if") {
                    return Ok((nodes, Stop::Else(Some(pipeline_of(cond)?))));
                }
                return Ok((nodes, Stop::Else(None)));
            }
            "if" => {
                let mut branches = vec![];
                let mut cond = pipeline_of(rest)?;
                let mut otherwise = vec![];
                loop {
                    let (body, stop) = parse_nodes(items, i, false)?;
                    branches.push((cond.clone(), body));
                    match stop {
                        Stop::End => break,
                        Stop::Else(Some(c)) => cond = c,
                        Stop::Else(None) => {
                            let (body, stop) = parse_nodes(items, i, false)?;
                            if !matches!(stop, Stop::End) {
                                return Err("template: expected {{end}}".into());
                            }
                            otherwise = body;
                            break;
                        }
                        Stop::Eof => return Err("template: unexpected EOF, missing {{end}}".into()),
                    }
                }
                nodes.push(Node::If(branches, otherwise));
            }
            "range" => {
                let p = pipeline_of(rest)?;
                let (body, stop) = parse_nodes(items, i, false)?;
                let otherwise = match stop {
                    Stop::End => vec![],
                    Stop::Else(None) => {
                        let (b, s) = parse_nodes(items, i, false)?;
                        if !matches!(s, Stop::End) {
                            return Err("template: expected {{end}}".into());
                        }
                        b
                    }
                    _ => return Err("template: unexpected EOF, missing {{end}}".into()),
                };
                nodes.push(Node::Range(p, body, otherwise));
            }
            "with" | "define" | "template" | "block" => return Err(format!("template: {kw} is not supported")),
            _ => nodes.push(Node::Action(pipeline_of(action)?)),
        }
    }
    if !top {
        return Ok((nodes, Stop::Eof));
    }
    Ok((nodes, Stop::Eof))
}

impl Template {
    pub fn parse(src: &str) -> Result<Template, String> {
        let items = split_actions(src)?;
        let mut i = 0;
        let (nodes, stop) = parse_nodes(&items, &mut i, true)?;
        match stop {
            Stop::Eof => Ok(Template { nodes }),
            Stop::End => Err("template: unexpected {{end}}".into()),
            Stop::Else(_) => Err("template: unexpected {{else}}".into()),
        }
    }

    /// Render into `out`. Errors (bad function arguments) stop rendering.
    pub fn render(&self, ctx: &Context<'_>, out: &mut String) -> Result<(), String> {
        let dot = Val::Nil;
        render_nodes(&self.nodes, ctx, &dot, out)
    }

    /// True when the template is plain text without actions.
    pub fn is_literal(&self) -> bool {
        self.nodes.iter().all(|n| matches!(n, Node::Text(_)))
    }
}

// ---------------------------------------------------------------- evaluation

fn render_nodes(nodes: &[Node], ctx: &Context<'_>, dot: &Val, out: &mut String) -> Result<(), String> {
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

const FUNCS: &[&str] = &[
    "ToLower",
    "ToUpper",
    "Replace",
    "Trim",
    "TrimLeft",
    "TrimRight",
    "TrimPrefix",
    "TrimSuffix",
    "TrimSpace",
    "lower",
    "upper",
    "title",
    "trunc",
    "substr",
    "replace",
    "repeat",
    "contains",
    "hasPrefix",
    "hasSuffix",
    "indent",
    "nindent",
    "regexReplaceAll",
    "regexReplaceAllLiteral",
    "default",
    "printf",
    "len",
    "count",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "and",
    "or",
    "not",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "addf",
    "subf",
    "mulf",
    "divf",
    "max",
    "min",
    "maxf",
    "minf",
    "ceil",
    "floor",
    "round",
    "int",
    "float64",
    "__line__",
    "__timestamp__",
    "unixEpoch",
    "unixEpochMillis",
    "unixEpochNanos",
    "alignLeft",
    "alignRight",
    "urlencode",
    "urldecode",
    "b64enc",
    "b64dec",
    "fromJson",
    "bytes",
    "duration",
    "duration_seconds",
    "print",
    "println",
    "html",
    "js",
    "quote",
    "squote",
];

fn need(args: &[Val], n: usize, f: &str) -> Result<(), String> {
    if args.len() < n {
        return Err(format!(
            "template: wrong number of args for {f}: want {n} got {}",
            args.len()
        ));
    }
    Ok(())
}

fn go_printf(fmt: &str, args: &[Val]) -> String {
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&n) = chars.peek() {
            spec.push(n);
            chars.next();
            if n.is_ascii_alphabetic() || n == '%' {
                break;
            }
        }
        let verb = spec.chars().last().unwrap_or('v');
        if verb == '%' {
            out.push('%');
            continue;
        }
        let flags = &spec[..spec.len() - verb.len_utf8()];
        let v = it.next().cloned().unwrap_or(Val::Nil);
        let (width, prec) = match flags.trim_start_matches('-').split_once('.') {
            Some((w, p)) => (w.parse::<usize>().ok(), p.parse::<usize>().ok()),
            None => (flags.trim_start_matches('-').parse::<usize>().ok(), None),
        };
        let body = match verb {
            'd' => format!("{}", v.num() as i64),
            'f' | 'F' => format!("{:.*}", prec.unwrap_or(6), v.num()),
            'q' => format!("{:?}", v.text()),
            'x' => format!("{:x}", v.num() as i64),
            _ => v.text(),
        };
        let w = width.unwrap_or(0);
        if flags.starts_with('-') {
            let _ = write!(out, "{body:<w$}");
        } else {
            let _ = write!(out, "{body:>w$}");
        }
    }
    out
}

fn call(f: &str, a: Vec<Val>, ctx: &Context<'_>) -> Result<Val, String> {
    let s = |i: usize| a.get(i).map(Val::text).unwrap_or_default();
    let n = |i: usize| a.get(i).map(Val::num).unwrap_or(0.0);
    let last = || a.last().map(Val::text).unwrap_or_default();
    Ok(match f {
        "ToLower" | "lower" => {
            need(&a, 1, f)?;
            Val::Str(last().to_lowercase())
        }
        "ToUpper" | "upper" => {
            need(&a, 1, f)?;
            Val::Str(last().to_uppercase())
        }
        "title" => {
            need(&a, 1, f)?;
            let t = last();
            let mut out = String::with_capacity(t.len());
            let mut prev_space = true;
            for c in t.chars() {
                if prev_space {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                prev_space = c.is_whitespace();
            }
            Val::Str(out)
        }
        "TrimSpace" => {
            need(&a, 1, f)?;
            Val::Str(last().trim().to_string())
        }
        "Replace" => {
            need(&a, 4, f)?;
            let count = n(3) as i64;
            if count < 0 {
                Val::Str(s(0).replace(&s(1), &s(2)))
            } else {
                Val::Str(s(0).replacen(&s(1), &s(2), count as usize))
            }
        }
        "replace" => {
            need(&a, 3, f)?;
            Val::Str(s(2).replace(&s(0), &s(1)))
        }
        "Trim" => {
            need(&a, 2, f)?;
            let cut = s(1);
            Val::Str(s(0).trim_matches(|c| cut.contains(c)).to_string())
        }
        "TrimLeft" => {
            need(&a, 2, f)?;
            let cut = s(1);
            Val::Str(s(0).trim_start_matches(|c| cut.contains(c)).to_string())
        }
        "TrimRight" => {
            need(&a, 2, f)?;
            let cut = s(1);
            Val::Str(s(0).trim_end_matches(|c| cut.contains(c)).to_string())
        }
        "TrimPrefix" => {
            need(&a, 2, f)?;
            let (x, p) = (s(0), s(1));
            Val::Str(x.strip_prefix(p.as_str()).unwrap_or(&x).to_string())
        }
        "TrimSuffix" => {
            need(&a, 2, f)?;
            let (x, p) = (s(0), s(1));
            Val::Str(x.strip_suffix(p.as_str()).unwrap_or(&x).to_string())
        }
        "trunc" => {
            need(&a, 2, f)?;
            let (k, t) = (n(0) as i64, s(1));
            let chars: Vec<char> = t.chars().collect();
            let r: String = if k >= 0 {
                chars.iter().take(k as usize).collect()
            } else {
                chars[chars.len().saturating_sub((-k) as usize)..].iter().collect()
            };
            Val::Str(r)
        }
        "substr" => {
            need(&a, 3, f)?;
            let chars: Vec<char> = s(2).chars().collect();
            let start = (n(0).max(0.0) as usize).min(chars.len());
            let end = if n(1) < 0.0 {
                chars.len()
            } else {
                (n(1) as usize).min(chars.len())
            };
            Val::Str(chars[start..end.max(start)].iter().collect())
        }
        "repeat" => {
            need(&a, 2, f)?;
            Val::Str(s(1).repeat(n(0).clamp(0.0, 10_000.0) as usize))
        }
        "contains" => {
            need(&a, 2, f)?;
            Val::Bool(s(1).contains(&s(0)))
        }
        "hasPrefix" => {
            need(&a, 2, f)?;
            Val::Bool(s(1).starts_with(&s(0)))
        }
        "hasSuffix" => {
            need(&a, 2, f)?;
            Val::Bool(s(1).ends_with(&s(0)))
        }
        "indent" | "nindent" => {
            need(&a, 2, f)?;
            let pad = " ".repeat(n(0).clamp(0.0, 1000.0) as usize);
            let body = s(1).lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n");
            Val::Str(if f == "nindent" { format!("\n{body}") } else { body })
        }
        "regexReplaceAll" | "regexReplaceAllLiteral" => {
            need(&a, 3, f)?;
            let re = regex::Regex::new(&s(0)).map_err(|e| format!("template: {f}: {e}"))?;
            // Sprig's order: regex, input, replacement.
            let target = s(1);
            let repl = s(2);
            if f == "regexReplaceAll" {
                // Go's $1 expansion; braces-free names behave like Go's.
                Val::Str(re.replace_all(&target, repl.as_str()).into_owned())
            } else {
                Val::Str(re.replace_all(&target, regex::NoExpand(&repl)).into_owned())
            }
        }
        "default" => {
            need(&a, 1, f)?;
            let given = a.get(1).cloned().unwrap_or(Val::Nil);
            if given.truthy() {
                given
            } else {
                a[0].clone()
            }
        }
        "printf" => {
            need(&a, 1, f)?;
            Val::Str(go_printf(&s(0), &a[1..]))
        }
        "print" => Val::Str(a.iter().map(Val::text).collect::<Vec<_>>().join("")),
        "println" => Val::Str(format!("{}\n", a.iter().map(Val::text).collect::<Vec<_>>().join(" "))),
        "len" => {
            need(&a, 1, f)?;
            Val::Num(match &a[0] {
                Val::List(l) => l.len(),
                Val::Map(m) => m.len(),
                other => other.text().len(),
            } as f64)
        }
        "count" => {
            need(&a, 2, f)?;
            let re = regex::Regex::new(&s(0)).map_err(|e| format!("template: count: {e}"))?;
            Val::Num(re.find_iter(&s(1)).count() as f64)
        }
        "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
            need(&a, 2, f)?;
            let ord = match (&a[0], &a[1]) {
                (Val::Num(x), y) | (y, Val::Num(x)) if matches!(y, Val::Num(_)) => x.partial_cmp(&y.num()),
                (x, y) => Some(x.text().cmp(&y.text())),
            };
            let ord = ord.unwrap_or(std::cmp::Ordering::Equal);
            let r = match f {
                "eq" => a[1..].iter().any(|b| b.text() == a[0].text()),
                "ne" => ord.is_ne(),
                "lt" => ord.is_lt(),
                "le" => ord.is_le(),
                "gt" => ord.is_gt(),
                _ => ord.is_ge(),
            };
            Val::Bool(r)
        }
        "and" => a
            .iter()
            .find(|v| !v.truthy())
            .cloned()
            .unwrap_or_else(|| a.last().cloned().unwrap_or(Val::Nil)),
        "or" => a
            .iter()
            .find(|v| v.truthy())
            .cloned()
            .unwrap_or_else(|| a.last().cloned().unwrap_or(Val::Nil)),
        "not" => {
            need(&a, 1, f)?;
            Val::Bool(!a[0].truthy())
        }
        "add" | "addf" => Val::Num(
            a.iter()
                .map(Val::num)
                .map(|x| if f == "add" { x.trunc() } else { x })
                .sum(),
        ),
        "mul" | "mulf" => Val::Num(
            a.iter()
                .map(Val::num)
                .map(|x| if f == "mul" { x.trunc() } else { x })
                .product(),
        ),
        "sub" | "subf" | "div" | "divf" | "mod" => {
            need(&a, 2, f)?;
            let (x, y) = if f.ends_with('f') {
                (n(0), n(1))
            } else {
                (n(0).trunc(), n(1).trunc())
            };
            Val::Num(match f {
                "sub" | "subf" => x - y,
                "mod" => {
                    if y == 0.0 {
                        return Err("template: mod by zero".into());
                    }
                    x % y
                }
                _ => {
                    if y == 0.0 {
                        return Err("template: division by zero".into());
                    }
                    if f == "div" {
                        (x / y).trunc()
                    } else {
                        x / y
                    }
                }
            })
        }
        "max" | "maxf" => Val::Num(a.iter().map(Val::num).fold(f64::MIN, f64::max)),
        "min" | "minf" => Val::Num(a.iter().map(Val::num).fold(f64::MAX, f64::min)),
        "ceil" => Val::Num(n(0).ceil()),
        "floor" => Val::Num(n(0).floor()),
        "round" => {
            let p = 10f64.powi(n(1) as i32);
            Val::Num((n(0) * p).round() / p)
        }
        "int" => Val::Num(n(0).trunc()),
        "float64" => Val::Num(n(0)),
        "__line__" => Val::Str(ctx.line.to_string()),
        "__timestamp__" => {
            let mut b = Vec::new();
            crate::time::TimeFormatter::new(crate::time::Zone::Utc, crate::cli::TimestampFormat::Rfc3339nano)
                .write(ctx.ts, &mut b);
            Val::Str(String::from_utf8(b).unwrap_or_default())
        }
        "unixEpoch" => Val::Num((ctx.ts / 1_000_000_000) as f64),
        "unixEpochMillis" => Val::Num((ctx.ts / 1_000_000) as f64),
        "unixEpochNanos" => Val::Num(ctx.ts as f64),
        "alignLeft" | "alignRight" => {
            need(&a, 2, f)?;
            let w = n(0).max(0.0) as usize;
            let t: Vec<char> = s(1).chars().collect();
            let r: String = if t.len() >= w {
                t[..w].iter().collect()
            } else if f == "alignLeft" {
                format!("{}{}", t.iter().collect::<String>(), " ".repeat(w - t.len()))
            } else {
                format!("{}{}", " ".repeat(w - t.len()), t.iter().collect::<String>())
            };
            Val::Str(r)
        }
        "urlencode" => Val::Str(url::form_urlencoded::byte_serialize(last().as_bytes()).collect()),
        "urldecode" => Val::Str(
            url::form_urlencoded::parse(format!("x={}", last()).as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default(),
        ),
        "b64enc" => Val::Str(crate::config::base64(last().as_bytes())),
        "b64dec" => Val::Str(b64dec(&last())),
        "quote" => Val::Str(format!("{:?}", last())),
        "squote" => Val::Str(format!("'{}'", last())),
        "html" | "js" => Val::Str(last()),
        "fromJson" => serde_json::from_str::<serde_json::Value>(&last())
            .map(json_val)
            .unwrap_or(Val::Nil),
        "bytes" => Val::Num(
            super::lexer::lex(&last())
                .ok()
                .and_then(|t| match t.first().map(|t| &t.tok) {
                    Some(super::lexer::Tok::Bytes(b, _)) => Some(*b as f64),
                    Some(super::lexer::Tok::Number(v, _)) => Some(*v),
                    _ => None,
                })
                .unwrap_or(0.0),
        ),
        "duration" | "duration_seconds" => Val::Num(
            crate::time::parse_duration(&last())
                .map(|ns| ns as f64 / 1e9)
                .unwrap_or(0.0),
        ),
        _ => return Err(format!("template: function {f:?} not defined")),
    })
}

fn json_val(v: serde_json::Value) -> Val {
    match v {
        serde_json::Value::Null => Val::Nil,
        serde_json::Value::Bool(b) => Val::Bool(b),
        serde_json::Value::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Val::Str(s),
        serde_json::Value::Array(a) => Val::List(a.into_iter().map(json_val).collect()),
        serde_json::Value::Object(m) => Val::Map(m.into_iter().map(|(k, v)| (k, json_val(v))).collect()),
    }
}

fn b64dec(s: &str) -> String {
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => continue,
        } as u32;
        buf = buf << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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

//! Parsing: template text into nodes (text, actions, if/else, range).

use super::funcs::FUNCS;
use super::{Arg, Command, Node, Pipeline};

pub(super) struct Lexed {
    text: String,
    action: Option<String>,
}

pub(super) fn split_actions(src: &str) -> Result<Vec<Lexed>, String> {
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

pub(super) enum Stop {
    End,
    Else(Option<Pipeline>),
    Eof,
}

pub(super) fn parse_nodes(items: &[Lexed], i: &mut usize, top: bool) -> Result<(Vec<Node>, Stop), String> {
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

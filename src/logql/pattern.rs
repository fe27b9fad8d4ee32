//! Loki's pattern expressions: literals and `<name>` captures (`<_>` skips).
//!
//! Two uses with different rules, as in Loki:
//! - `| pattern "..."` extracts captures. A leading literal must start the
//!   line; each capture runs to the first occurrence of the literal after
//!   it. When a literal is not found, the capture being filled takes the
//!   rest of the line and matching stops, keeping the captures found so far.
//! - `|> "..."` tests a line: each literal is looked for at its first
//!   occurrence after the previous one (a leading literal anywhere), a
//!   capture may not be empty, and a pattern that ends with a literal must
//!   end the line.

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Lit(String),
    Cap(Option<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    nodes: Vec<Node>,
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .enumerate()
            .all(|(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
}

impl Pattern {
    /// Parse a pattern with at least one capture (`<_>` counts), as the
    /// query parser checks `| pattern` and `|>` arguments.
    pub fn parse(s: &str) -> Result<Pattern, String> {
        let p = Pattern::parse_filter(s)?;
        if !p.nodes.iter().any(|n| matches!(n, Node::Cap(_))) {
            return Err("invalid pattern: at least one capture is required".into());
        }
        Ok(p)
    }

    /// Parse a pattern for a `|>` / `!>` line filter: no capture needed
    /// (`|> "plain text"`). Consecutive captures and a name used twice are
    /// errors.
    pub fn parse_filter(s: &str) -> Result<Pattern, String> {
        let mut nodes = Vec::new();
        let mut lit = String::new();
        let mut rest = s;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('<') {
                if let Some(end) = after.find('>').filter(|&e| is_name(&after[..e])) {
                    let name = &after[..end];
                    if !lit.is_empty() {
                        nodes.push(Node::Lit(std::mem::take(&mut lit)));
                    }
                    if matches!(nodes.last(), Some(Node::Cap(_))) {
                        return Err("invalid pattern: found consecutive capture: invalid expression".into());
                    }
                    nodes.push(Node::Cap((name != "_").then(|| name.to_string())));
                    rest = &after[end + 1..];
                    continue;
                }
            }
            let c = rest.chars().next().unwrap_or_default();
            lit.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if !lit.is_empty() {
            nodes.push(Node::Lit(lit));
        }
        let p = Pattern { nodes };
        let names = p.names();
        if let Some(dup) = names.iter().enumerate().find(|(i, n)| names[..*i].contains(n)) {
            return Err(format!(
                "invalid pattern: duplicate capture name ({}): invalid expression",
                dup.1
            ));
        }
        Ok(p)
    }

    /// `| pattern` needs a named capture.
    pub fn check_parser(&self) -> Result<(), String> {
        if self.has_named() {
            Ok(())
        } else {
            Err("invalid pattern parser: at least one capture is required".into())
        }
    }

    pub fn has_named(&self) -> bool {
        self.nodes.iter().any(|n| matches!(n, Node::Cap(Some(_))))
    }

    pub fn names(&self) -> Vec<&str> {
        self.nodes
            .iter()
            .filter_map(|n| match n {
                Node::Cap(Some(s)) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The parser's captures: `f(name, value)` for each one found.
    pub fn matches<'a>(&self, line: &'a str, mut f: impl FnMut(&str, &'a str)) {
        if line.is_empty() || self.nodes.is_empty() {
            return;
        }
        let mut nodes = &self.nodes[..];
        let mut rest = line;
        if let Node::Lit(l) = &nodes[0] {
            let Some(r) = rest.strip_prefix(l.as_str()) else { return };
            rest = r;
            nodes = &nodes[1..];
        }
        while let Some(Node::Cap(name)) = nodes.first() {
            let Some(Node::Lit(l)) = nodes.get(1) else {
                if let Some(n) = name {
                    f(n, rest);
                }
                return;
            };
            nodes = &nodes[2..];
            let Some(i) = rest.find(l.as_str()) else {
                if let Some(n) = name {
                    f(n, rest);
                }
                return;
            };
            if let Some(n) = name {
                f(n, &rest[..i]);
            }
            rest = &rest[i + l.len()..];
        }
    }

    /// The line filter's test (`|>`).
    pub fn test(&self, line: &str) -> bool {
        if line.is_empty() || self.nodes.is_empty() {
            return line.is_empty() && self.nodes.is_empty();
        }
        let mut off = 0;
        for (i, n) in self.nodes.iter().enumerate() {
            let Node::Lit(l) = n else { continue };
            let Some(j) = line[off..].find(l.as_str()) else {
                return false;
            };
            if i != 0 && j == 0 {
                return false;
            }
            off += j + l.len();
        }
        let ends_on_capture = matches!(self.nodes.last(), Some(Node::Cap(_)));
        ends_on_capture == (off != line.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(p: &str, line: &str) -> Vec<(String, String)> {
        let mut got = Vec::new();
        Pattern::parse(p)
            .unwrap()
            .matches(line, |k, v| got.push((k.to_string(), v.to_string())));
        got
    }

    #[test]
    fn captures() {
        let got = caps(
            r#"<ip> - - [<_>] "<method> <path> <_>" <status>"#,
            r#"10.0.0.1 - - [25/Nov/2026] "GET /x HTTP/1.1" 200 512"#,
        );
        assert_eq!(got[0], ("ip".into(), "10.0.0.1".into()));
        assert_eq!(got[1], ("method".into(), "GET".into()));
        assert_eq!(got[3], ("status".into(), "200 512".into()));
        // a literal not found: the capture takes the rest
        assert_eq!(
            caps("<ip> - <user> x", "no fields"),
            vec![("ip".into(), "no fields".into())]
        );
        assert!(Pattern::parse("<a><b>").is_err());
        assert!(Pattern::parse("<a> <a>").is_err());
        assert!(Pattern::parse("no captures").is_err());
        assert!(Pattern::parse("<_>").unwrap().check_parser().is_err());
    }

    #[test]
    fn line_filter() {
        let t = |p: &str, l: &str| Pattern::parse_filter(p).unwrap().test(l);
        assert!(t("level=<_> msg=<_>", "ts=1 level=info msg=x"));
        assert!(!t("<_>error<_>", "ERROR: uppercase error"));
        assert!(t("<_>=<_>", "a=b"));
        assert!(!t("<_>=<_>", "=novalue key=ok"));
        assert!(!t("{<_>}", r#"{"a":{"b":1}}"#));
        assert!(t("plain text line", "plain text line"));
    }
}

//! Loki's pattern expressions: literals and `<name>` captures (`<_>` skips).

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Lit(String),
    Cap(Option<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    nodes: Vec<Node>,
}

impl Pattern {
    pub fn parse(s: &str) -> Result<Pattern, String> {
        let mut nodes = Vec::new();
        let mut lit = String::new();
        let mut rest = s;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('<') {
                if let Some(end) = after.find('>') {
                    let name = &after[..end];
                    let valid = !name.is_empty()
                        && name
                            .chars()
                            .enumerate()
                            .all(|(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()));
                    if valid {
                        if !lit.is_empty() {
                            nodes.push(Node::Lit(std::mem::take(&mut lit)));
                        }
                        if matches!(nodes.last(), Some(Node::Cap(_))) {
                            return Err("invalid pattern: consecutive captures are not allowed".into());
                        }
                        nodes.push(Node::Cap((name != "_").then(|| name.to_string())));
                        rest = &after[end + 1..];
                        continue;
                    }
                }
            }
            let c = rest.chars().next().unwrap_or_default();
            lit.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if !lit.is_empty() {
            nodes.push(Node::Lit(lit));
        }
        if !nodes.iter().any(|n| matches!(n, Node::Cap(_))) {
            return Err("invalid pattern: at least one capture is required".into());
        }
        Ok(Pattern { nodes })
    }

    pub fn has_named(&self) -> bool {
        self.nodes.iter().any(|n| matches!(n, Node::Cap(Some(_))))
    }

    /// Match `line`; on success call `f(name, value)` for each named capture.
    pub fn matches<'a>(&self, line: &'a str, mut f: impl FnMut(&str, &'a str)) -> bool {
        let mut rest = line;
        let mut pending: Option<&Option<String>> = None;
        for n in &self.nodes {
            match n {
                Node::Lit(l) => {
                    if let Some(cap) = pending.take() {
                        let Some(idx) = rest.find(l.as_str()) else { return false };
                        if let Some(name) = cap {
                            f(name, &rest[..idx]);
                        }
                        rest = &rest[idx + l.len()..];
                    } else {
                        let Some(r) = rest.strip_prefix(l.as_str()) else {
                            return false;
                        };
                        rest = r;
                    }
                }
                Node::Cap(c) => pending = Some(c),
            }
        }
        if let Some(Some(name)) = pending {
            f(name, rest);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures() {
        let p = Pattern::parse(r#"<ip> - - [<_>] "<method> <path> <_>" <status>"#).unwrap();
        let mut got = Vec::new();
        assert!(
            p.matches(r#"10.0.0.1 - - [25/Nov/2026] "GET /x HTTP/1.1" 200 512"#, |k, v| got
                .push((k.to_string(), v.to_string())))
        );
        assert_eq!(got[0], ("ip".into(), "10.0.0.1".into()));
        assert_eq!(got[1], ("method".into(), "GET".into()));
        assert_eq!(got[3], ("status".into(), "200 512".into()));
        assert!(!p.matches("nope", |_, _| {}));
        assert!(Pattern::parse("<a><b>").is_err());
        assert!(Pattern::parse("no captures").is_err());
    }
}

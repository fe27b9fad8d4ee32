//! The LogQL subset the server evaluates.

use std::collections::BTreeMap;

/// Minimal selector: `{name op "value", ...}` with =, !=, =~, !~, and an
/// optional trailing `|= "text"` line filter. Anything else is "unsupported".
pub struct Selector {
    matchers: Vec<(String, String, regex::Regex, String)>,
    contains: Vec<String>,
}

impl Selector {
    pub fn parse(q: &str) -> Result<Selector, String> {
        let q = q.trim();
        let open = q.strip_prefix('{').ok_or("expected {")?;
        let close = open.find('}').ok_or("unexpected $end")?;
        let inner = &open[..close];
        let mut rest = open[close + 1..].trim();
        let mut matchers = Vec::new();
        for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let ops = ["=~", "!~", "!=", "="];
            let (pos, op) = ops
                .iter()
                .filter_map(|op| part.find(op).map(|p| (p, *op)))
                .min_by_key(|(p, op)| (*p, std::cmp::Reverse(op.len())))
                .ok_or("bad matcher")?;
            let name = part[..pos].trim().to_string();
            let val: String = serde_json::from_str(part[pos + op.len()..].trim()).map_err(|_| "bad value")?;
            let re = regex::Regex::new(&format!("^(?:{val})$")).map_err(|_| "bad regex")?;
            matchers.push((name, op.to_string(), re, val));
        }
        let mut contains = Vec::new();
        while let Some(r) = rest.strip_prefix("|=") {
            let r = r.trim_start();
            let end = r[1..].find('"').ok_or("bad filter")? + 2;
            contains.push(serde_json::from_str::<String>(&r[..end]).map_err(|_| "bad filter")?);
            rest = r[end..].trim_start();
        }
        if !rest.is_empty() {
            return Err(format!("test server cannot evaluate {rest:?}"));
        }
        Ok(Selector { matchers, contains })
    }

    /// Loki refuses selectors whose matchers all accept the empty value.
    pub fn empty_compatible(&self) -> bool {
        self.matchers.iter().all(|(_, op, re, val)| match op.as_str() {
            "=" => val.is_empty(),
            "=~" => re.is_match(""),
            _ => true,
        })
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.matchers.iter().all(|(name, op, re, val)| {
            let v = labels.get(name).map(String::as_str).unwrap_or("");
            match op.as_str() {
                "=" => v == val,
                "!=" => v != val,
                "=~" => re.is_match(v),
                _ => !re.is_match(v),
            }
        })
    }

    pub fn line_ok(&self, line: &str) -> bool {
        self.contains.iter().all(|c| line.contains(c.as_str()))
    }
}

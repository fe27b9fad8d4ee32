//! Go's regular expressions in Rust's `regex`, and Loki's way of turning
//! simple label-filter regexes into literal matchers.
//!
//! Go's RE2 differs from `regex` in a few ways that change answers: `\w`,
//! `\d`, `\s` and `\b` are ASCII-only, capture names may start with a digit,
//! and a repeat count above 1000 is an error. `translate` rewrites a Go
//! pattern for `regex`.
//!
//! Loki parses a label filter regex with Go's parser and, when the tree is
//! a literal, `.*`, `.+`, an alternation of those, or a literal with `.*`
//! around it, matches with string comparisons instead. A lone literal keeps
//! the anchors (`level=~"info"` is `level="info"`), but a literal with
//! `.*` becomes "contains" (`app=~"a.*"` matches `meta`).

use regex::Regex;

/// A regex in Go's syntax, compiled for Rust. Capture names that Rust
/// rejects are renamed; `names` maps each group index to its Go name.
pub fn translate(go: &str) -> Result<(String, Vec<Option<String>>), String> {
    let mut out = String::with_capacity(go.len() + 16);
    let mut names = vec![None];
    let b: Vec<char> = go.chars().collect();
    let mut i = 0;
    let mut class_depth = 0;
    while i < b.len() {
        let c = b[i];
        if c == '\\' && b.get(i + 1) == Some(&'Q') {
            // Go's \Q...\E quotes literal text
            let rest: String = b[i + 2..].iter().collect();
            let end = rest.find("\\E").unwrap_or(rest.len());
            out.push_str(&regex::escape(&rest[..end]));
            i += 2 + rest[..end].chars().count() + if end < rest.len() { 2 } else { 0 };
            continue;
        }
        if c == '\\' && i + 1 < b.len() {
            let e = b[i + 1];
            let inner = class_depth > 0;
            match (e, inner) {
                ('w', false) => out.push_str("[0-9A-Za-z_]"),
                ('W', false) => out.push_str("[^0-9A-Za-z_]"),
                ('d', false) => out.push_str("[0-9]"),
                ('D', false) => out.push_str("[^0-9]"),
                ('s', false) => out.push_str("[\\t\\n\\f\\r ]"),
                ('S', false) => out.push_str("[^\\t\\n\\f\\r ]"),
                ('w', true) => out.push_str("0-9A-Za-z_"),
                ('d', true) => out.push_str("0-9"),
                ('s', true) => out.push_str("\\t\\n\\f\\r "),
                ('b', false) => out.push_str("(?-u:\\b)"),
                ('B', false) => out.push_str("(?-u:\\B)"),
                _ => {
                    out.push(c);
                    out.push(e);
                }
            }
            i += 2;
            continue;
        }
        if class_depth > 0 {
            if c == '[' && b.get(i + 1) == Some(&':') {
                if let Some(end) = (i + 2..b.len().saturating_sub(1)).find(|&j| b[j] == ':' && b[j + 1] == ']') {
                    out.extend(&b[i..end + 2]);
                    i = end + 2;
                    continue;
                }
            }
            if c == ']' {
                class_depth -= 1;
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                class_depth += 1;
                out.push('[');
                i += 1;
                // a ']' (after an optional '^') right away is a literal
                if b.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if b.get(i) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
                continue;
            }
            '(' => i = group(&b, i, &mut out, &mut names),
            '{' => i = repeat(&b, i, &mut out)?,
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok((out, names))
}

/// An opening parenthesis at `i`: note the group and its name.
fn group(b: &[char], i: usize, out: &mut String, names: &mut Vec<Option<String>>) -> usize {
    let rest: String = b[i..].iter().take(4).collect();
    let named =
        rest.starts_with("(?P<") || (rest.starts_with("(?<") && !rest.starts_with("(?<=") && !rest.starts_with("(?<!"));
    if named {
        let start = if rest.starts_with("(?P<") { i + 4 } else { i + 3 };
        if let Some(end) = (start..b.len()).find(|&j| b[j] == '>') {
            let name: String = b[start..end].iter().collect();
            let rust_ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            let idx = names.len();
            let rust_name = if rust_ok { name.clone() } else { format!("__g{idx}") };
            out.push_str(&format!("(?P<{rust_name}>"));
            names.push(Some(name));
            return end + 1;
        }
    }
    if !rest.starts_with("(?") {
        names.push(None);
    }
    out.push('(');
    i + 1
}

/// `{n}`, `{n,}`, `{n,m}` at `i`: Go rejects counts above 1000.
fn repeat(b: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let end = (i + 1..b.len()).find(|&j| b[j] == '}');
    if let Some(end) = end {
        let inner: String = b[i + 1..end].iter().collect();
        let parts: Vec<&str> = inner.split(',').collect();
        let numeric =
            parts.len() <= 2 && !parts[0].is_empty() && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
        if numeric {
            for p in &parts {
                if p.parse::<u64>().map_or(!p.is_empty(), |n| n > 1000) {
                    return Err(format!("invalid repeat count: `{{{inner}}}`"));
                }
            }
            out.extend(&b[i..=end]);
            return Ok(end + 1);
        }
    }
    out.push_str("\\{");
    Ok(i + 1)
}

/// Compile a Go regex.
pub fn compile(go: &str) -> Result<Regex, String> {
    let (r, _) = translate(go).map_err(|e| format!("error parsing regexp: {e}"))?;
    Regex::new(&r).map_err(|e| go_error(go, &e.to_string()))
}

/// Go's wording for a regex the Rust parser rejected: `error parsing
/// regexp: missing closing ]: `[``.
fn go_error(go: &str, rust: &str) -> String {
    let why = rust.lines().last().unwrap_or(rust).trim_start_matches("error: ");
    let caret = rust
        .lines()
        .find(|l| l.trim() == "^" || l.trim_start().starts_with('^'));
    let col = caret.map_or(0, |l| l.find('^').unwrap_or(4).saturating_sub(4));
    let at = go.get(col..).unwrap_or("");
    let (code, expr) = match why {
        "unclosed character class" => ("missing closing ]", go.rfind('[').map_or(go, |i| &go[i..])),
        "unclosed group" => ("missing closing )", go),
        "unopened group" => ("unexpected )", go),
        "repetition operator missing expression" => {
            ("missing argument to repetition operator", at.get(..1).unwrap_or(""))
        }
        "unrecognized escape sequence" => ("invalid escape sequence", at.get(..2).unwrap_or(at)),
        "invalid character class range, the start must be <= the end" => {
            ("invalid character class range", at.get(..3).unwrap_or(at))
        }
        other => return format!("error parsing regexp: {other}"),
    };
    format!("error parsing regexp: {code}: `{expr}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_classes_are_ascii() {
        let r = compile(r"(?P<word>\w+)").unwrap();
        assert_eq!(&r.captures("ünïcödé").unwrap()["word"], "n");
        assert!(compile("^.{3000,}$").is_err());
        assert!(compile("^.{3,}$").is_ok());
        let (t, names) = translate(r"(?P<1bad>x)(y)").unwrap();
        assert_eq!(names, vec![None, Some("1bad".into()), None]);
        assert!(Regex::new(&t).is_ok());
        assert!(compile(r"[\w.-]+").unwrap().is_match("a.b"));
        assert!(compile(r"[]a]").unwrap().is_match("]"));
        assert!(compile(r"^\Qa.b(\E+$").unwrap().is_match("a.b(("));
        assert!(compile("^{").unwrap().is_match("{x"));
    }
}

//! LogQL: lexer, parser, syntax tree, canonical printer (like Loki's
//! `format_query`), and a local evaluator for log queries (`--stdin`).

pub mod ast;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod pattern;
pub mod pretty;
pub mod template;

pub use ast::Expr;
pub use parser::{go_regex, go_regex_unanchored, parse};

/// A syntax or semantic error at a byte offset of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub pos: usize,
    pub msg: String,
    /// Loki reports some tokens (two-character operators, durations,
    /// ranges, flags) at "line 0": its scanner forgets their line.
    pub line0: bool,
}

impl ParseError {
    pub fn new(pos: usize, msg: String) -> Self {
        ParseError { pos, msg, line0: false }
    }

    /// Line and column (1-based; the column counts characters, as Go's
    /// text/scanner does).
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        let mut pos = self.pos.min(src.len());
        while !src.is_char_boundary(pos) {
            pos -= 1;
        }
        let before = &src[..pos];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        (line, before[start..].chars().count() + 1)
    }

    /// One line in Loki's words: `parse error at line 1, col 9: ...`.
    pub fn message(&self, src: &str) -> String {
        if let Some(rest) = self.msg.strip_prefix("parse error : ") {
            return format!("parse error : {rest}");
        }
        let (l, c) = self.line_col(src);
        let l = if self.line0 { 0 } else { l };
        format!("parse error at line {l}, col {c}: {}", self.msg)
    }

    /// The offending line of the query with a caret under the error.
    pub fn caret(&self, src: &str) -> String {
        let mut pos = self.pos.min(src.len());
        while !src.is_char_boundary(pos) {
            pos -= 1;
        }
        let start = src[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let end = src[pos..].find('\n').map(|i| pos + i).unwrap_or(src.len());
        let line = &src[start..end];
        let width = src[start..pos].chars().count();
        format!("  {line}\n  {}^", " ".repeat(width))
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at byte {})", self.msg, self.pos)
    }
}

/// A rejected query as a usage error: Loki's message and a caret under the
/// position.
pub fn usage_error(query: &str, e: &ParseError) -> crate::core::Error {
    crate::core::Error::usage(format!("{}\n{}", e.message(query), e.caret(query)))
}

/// Loki's rule for selectors sent to a server: at least one matcher that
/// does not accept the empty value.
pub fn check_selector_not_empty(e: &Expr) -> Result<(), ParseError> {
    fn ok(ms: &[ast::Matcher]) -> bool {
        // some matcher must refuse the empty value (`{a!=""}` does)
        let re_empty = |v: &str| parser::go_regex(v).is_ok_and(|r| r.is_match(""));
        ms.iter().any(|m| match m.op {
            ast::MatchOp::Eq => !m.value.is_empty(),
            ast::MatchOp::Neq => m.value.is_empty(),
            ast::MatchOp::Re => !re_empty(&m.value),
            ast::MatchOp::Nre => re_empty(&m.value),
        })
    }
    fn walk(s: &ast::SampleExpr) -> bool {
        match s {
            ast::SampleExpr::Range { log, .. } => ok(&log.matchers),
            ast::SampleExpr::Vector { inner, .. } | ast::SampleExpr::LabelReplace { inner, .. } => walk(inner),
            ast::SampleExpr::Binary { lhs, rhs, .. } => walk(lhs) && walk(rhs),
            ast::SampleExpr::Literal(_) | ast::SampleExpr::VectorFn(_) => true,
        }
    }
    let good = match e {
        Expr::Log(l) => ok(&l.matchers),
        Expr::Sample(s) => walk(s),
    };
    if good {
        Ok(())
    } else {
        Err(ParseError::new(
            0,
            "parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will".into(),
        ))
    }
}

/// Format a query the way Loki's `/loki/api/v1/format_query` (and logcli's
/// `fmt`) do: one line, or split when longer than 100 bytes.
pub fn format_query(src: &str) -> Result<String, ParseError> {
    let e = parse(src)?;
    check_selector_not_empty(&e)?;
    Ok(pretty::prettify(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_loki_capture() {
        // fixtures/loki-wire/format_query.json
        assert_eq!(
            format_query(r#"sum by(app)(rate({app="x"}|json|unwrap latency[5m]))>2"#).unwrap(),
            r#"(sum by (app)(rate({app="x"} | json | unwrap latency[5m])) > 2)"#
        );
    }

    #[test]
    fn error_position_like_loki() {
        // fixtures/loki-wire/error-parse.txt
        let q = r#"{app="x""#;
        let e = parse(q).unwrap_err();
        assert_eq!(
            e.message(q),
            "parse error at line 1, col 9: syntax error: unexpected $end, expecting } or ,"
        );
        assert_eq!(e.caret(q), "  {app=\"x\"\n          ^");
    }
}

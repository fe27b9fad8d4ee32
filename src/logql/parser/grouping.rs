//! `by (...)` / `without (...)` and label lists, shared by range and
//! vector aggregations and vector matching.

use super::{P, R};
use crate::logql::ast::Grouping;
use crate::logql::lexer::Tok;

/// `(a, b)` after `by`, `without`, `on`, `ignoring`, `group_*`.
pub(super) fn label_list(p: &mut P) -> R<Vec<String>> {
    p.expect(Tok::LParen, "(")?;
    let mut v = Vec::new();
    if *p.peek() == Tok::RParen {
        p.next();
        return Ok(v);
    }
    v.push(p.ident("IDENTIFIER or )")?);
    loop {
        match p.peek() {
            Tok::Comma => {
                p.next();
                v.push(p.ident("IDENTIFIER")?);
            }
            Tok::RParen => {
                p.next();
                return Ok(v);
            }
            _ => return Err(p.unexpected(", or )")),
        }
    }
}

pub(super) fn grouping(p: &mut P) -> R<Option<Grouping>> {
    let without = match p.peek() {
        Tok::Kw("by") => false,
        Tok::Kw("without") => true,
        _ => return Ok(None),
    };
    p.next();
    let labels = label_list(p)?;
    Ok(Some(Grouping { without, labels }))
}

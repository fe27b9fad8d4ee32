//! `fmt`: format queries like Loki's `format_query`, from arguments or
//! stdin (all of stdin is one query, as in logcli; when it is not a query
//! but its blank-line separated parts each are, those are formatted).

use std::io::{Read, Write};

use crate::core::{Error, Result};
use crate::logql;

/// The queries of stdin: all of it if it parses as one, else its
/// blank-line separated parts if each of them does, else all of it (so the
/// error is logcli's, about the whole input).
fn split(input: &str) -> Vec<String> {
    let whole = input.trim_end();
    if logql::parse(whole).is_ok() || !whole.contains("\n\n") {
        return vec![whole.to_string()];
    }
    let mut queries = Vec::new();
    let mut cur = String::new();
    for line in input.lines() {
        if line.trim().is_empty() {
            if !cur.trim().is_empty() {
                queries.push(std::mem::take(&mut cur));
            }
            cur.clear();
        } else {
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(line);
        }
    }
    if !cur.trim().is_empty() {
        queries.push(cur);
    }
    if queries.iter().all(|q| logql::parse(q).is_ok()) {
        queries
    } else {
        vec![whole.to_string()]
    }
}

pub(super) fn run(args: &[String]) -> Result<()> {
    let queries = if args.is_empty() {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|e| Error::usage(format!("cannot read stdin: {e}")))?;
        split(&input)
    } else {
        args.to_vec()
    };
    let mut out = super::stdout();
    for q in &queries {
        let f = logql::format_query(q).map_err(|e| logql::usage_error(q, &e))?;
        writeln!(out, "{f}")?;
    }
    out.flush()?;
    Ok(())
}

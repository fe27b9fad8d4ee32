//! Corpus of real-world style queries (tests/corpus/logql.txt): each is
//! accepted or rejected as marked, formats to the expected text where one
//! is given, and formatting is stable (format(format(q)) == format(q)).

use logcli::logql;

struct Case {
    ok: bool,
    query: String,
    expect: Option<String>,
    line: usize,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/logql.txt")).unwrap();
    let mut out: Vec<Case> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(q) = line.strip_prefix("ok ") {
            out.push(Case {
                ok: true,
                query: q.to_string(),
                expect: None,
                line: i + 1,
            });
        } else if let Some(q) = line.strip_prefix("err") {
            out.push(Case {
                ok: false,
                query: q.strip_prefix(' ').unwrap_or(q).to_string(),
                expect: None,
                line: i + 1,
            });
        } else if let Some(e) = line.strip_prefix("=> ") {
            out.last_mut().expect("=> after a case").expect = Some(e.to_string());
        } else if line.starts_with("  ") {
            let c = out.last_mut().expect("continuation after a case");
            c.query.push('\n');
            c.query.push_str(line);
        } else {
            panic!("corpus line {}: {line:?}", i + 1);
        }
    }
    out
}

#[test]
fn corpus_has_at_least_200_queries() {
    assert!(cases().len() >= 200, "{}", cases().len());
}

#[test]
fn corpus_accepts_rejects_and_formats() {
    let mut failures = Vec::new();
    for c in cases() {
        match (logql::parse(&c.query), c.ok) {
            (Ok(_), true) => {
                // the canonical form: one line, or Loki's split form above 100 bytes
                let f = logql::format_query(&c.query).expect("parsed above");
                if let Some(want) = &c.expect {
                    if &f != want {
                        failures.push(format!("line {}: {}\n  got  {f}\n  want {want}", c.line, c.query));
                    }
                }
                match logql::format_query(&f) {
                    Ok(again) if again == f => {}
                    Ok(again) => failures.push(format!("line {}: not idempotent: {f} -> {again}", c.line)),
                    Err(err) => failures.push(format!(
                        "line {}: formatted form does not parse: {f}: {}",
                        c.line,
                        err.message(&f)
                    )),
                }
            }
            (Err(err), true) => failures.push(format!(
                "line {}: rejected {}: {}",
                c.line,
                c.query,
                err.message(&c.query)
            )),
            (Ok(e), false) => failures.push(format!("line {}: accepted {} as {e}", c.line, c.query)),
            (Err(err), false) => {
                // errors carry a position inside the query and render a caret
                assert!(err.pos <= c.query.len(), "line {}", c.line);
                assert!(err.caret(&c.query).contains('^'));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

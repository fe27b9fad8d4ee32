//! The local LogQL engine against the real Loki 3.7.6, on the pipeline corpus
//! in tests/corpus/pipelines (see its README.md): every pipeline runs over
//! the 180 input entries with the labels as Loki stored them (stream labels
//! plus structured metadata, so `service_name` and `detected_level` are
//! there), and the surviving entries (timestamp, full label set, line, in
//! order) must be Loki's. Pipelines Loki rejects must be rejected by `parse`
//! or `compile`.
//!
//! `PIPELINES_VERBOSE=1` prints every disagreement; `PIPELINES_ONLY=text`
//! runs only the queries that contain `text`; `PIPELINES_DIR` reads another
//! corpus of the same form (input.jsonl, cases.jsonl).

use std::collections::BTreeMap;

use logcli::logql::{self, eval::LocalQuery, Expr};
use serde_json::Value;

/// Where the engine deliberately differs from Loki, with the reason (also
/// listed in README). Each query is compared anyway; a listed case that
/// agrees is reported so that the list stays honest.
const DELIBERATE: &[(&str, &str)] = &[
    (
        "{}",
        "local evaluation has no server: `--stdin` accepts a pipeline without a selector, as logcli does \
         (queries sent to a server are still checked by check_selector_not_empty)",
    ),
    (
        r#"{job=""}"#,
        "local evaluation has no server: an empty-compatible selector only filters labelled input \
         (queries sent to a server are still checked by check_selector_not_empty)",
    ),
];

/// Cases only a parser change could fix: none since the parser follows
/// Loki's lexer and grammar (kept so that a new one is listed, not hidden).
const NEEDS_PARSER: &[(&str, &str)] = &[];

struct Entry {
    ts: i64,
    stream: Vec<(String, String)>,
    metadata: Vec<(String, String)>,
    line: String,
}

#[derive(Debug, PartialEq)]
struct Out {
    ts: i64,
    labels: BTreeMap<String, String>,
    line: String,
}

fn corpus(name: &str) -> Vec<Value> {
    let dir = std::env::var("PIPELINES_DIR")
        .unwrap_or_else(|_| format!("{}/tests/corpus/pipelines", env!("CARGO_MANIFEST_DIR")));
    let path = format!("{dir}/{name}");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn entries() -> Vec<Entry> {
    corpus("input.jsonl")
        .iter()
        .map(|e| Entry {
            ts: e["ts"].as_str().unwrap().parse().unwrap(),
            stream: pairs(&e["loki_stream"]),
            metadata: pairs(&e["loki_metadata"]),
            line: e["line"].as_str().unwrap().to_string(),
        })
        .collect()
}

fn expected(case: &Value) -> Vec<Out> {
    case["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Out {
            ts: r["ts"].as_str().unwrap().parse().unwrap(),
            labels: pairs(&r["labels"]).into_iter().collect(),
            line: r["line"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// Compile the query; Err is a rejection (parse or compile).
fn compile(q: &str) -> Result<LocalQuery, String> {
    match logql::parse(q).map_err(|e| e.message(q))? {
        Expr::Log(l) => LocalQuery::compile(&l),
        Expr::Sample(_) => Err("a metric query".into()),
    }
}

fn run(q: &LocalQuery, input: &[Entry]) -> Result<Vec<Out>, String> {
    let mut out = Vec::new();
    for e in input {
        if !q.selector_matches(&e.stream) {
            continue;
        }
        let mut labels = e.stream.clone();
        labels.extend(e.metadata.iter().cloned());
        let mut line = e.line.clone();
        if !q.process(e.ts, &mut line, &mut labels) {
            continue;
        }
        let n = labels.len();
        let map: BTreeMap<String, String> = labels.into_iter().collect();
        if map.len() != n {
            return Err(format!("duplicate label names at ts {}", e.ts));
        }
        out.push(Out {
            ts: e.ts,
            labels: map,
            line,
        });
    }
    out.sort_by_key(|o| o.ts);
    Ok(out)
}

/// A short account of the first difference.
fn first_difference(want: &[Out], got: &[Out]) -> String {
    for i in 0..want.len().max(got.len()) {
        match (want.get(i), got.get(i)) {
            (Some(w), Some(g)) if w == g => continue,
            (w, g) => return format!("entry {i}:\n    loki {w:?}\n    ours {g:?}"),
        }
    }
    String::new()
}

#[derive(Default)]
struct Tally {
    agree: usize,
    both_reject: usize,
    differ: Vec<String>,
    we_reject: Vec<String>,
    we_accept: Vec<String>,
    listed: usize,
    listed_agree: Vec<String>,
    skipped: usize,
}

fn check(case: &Value, input: &[Entry], t: &mut Tally) -> Result<(), String> {
    let q = case["query"].as_str().unwrap();
    let loki_ok = case["status"].as_i64() == Some(200);
    let compiled = std::panic::catch_unwind(|| compile(q)).map_err(|_| "panic in compile".to_string())?;
    match (compiled, loki_ok) {
        (Err(_), false) => {
            t.both_reject += 1;
            Ok(())
        }
        (Ok(_), false) => {
            t.we_accept
                .push(format!("{q}\n    loki: {}", case["error"].as_str().unwrap_or("")));
            Err(String::new())
        }
        (Err(e), true) => {
            t.we_reject.push(format!("{q}\n    ours: {e}"));
            Err(String::new())
        }
        (Ok(lq), true) => {
            let got = std::panic::catch_unwind(|| run(&lq, input)).map_err(|_| format!("{q}: panic"))?;
            let want = expected(case);
            match got {
                Ok(got) if got == want => {
                    t.agree += 1;
                    Ok(())
                }
                Ok(got) => {
                    t.differ.push(format!("{q}\n  {}", first_difference(&want, &got)));
                    Err(String::new())
                }
                Err(e) => {
                    t.differ.push(format!("{q}\n  {e}"));
                    Err(String::new())
                }
            }
        }
    }
}

#[test]
fn pipelines_agree_with_loki() {
    let input = entries();
    let cases = corpus("cases.jsonl");
    let only = std::env::var("PIPELINES_ONLY").ok();
    let verbose = std::env::var("PIPELINES_VERBOSE").is_ok();
    let mut t = Tally::default();
    let mut panics = Vec::new();
    for case in &cases {
        let q = case["query"].as_str().unwrap();
        if only.as_deref().is_some_and(|o| !q.contains(o)) {
            continue;
        }
        if case["nondeterministic"].as_bool() == Some(true) {
            t.skipped += 1;
            continue;
        }
        let listed = DELIBERATE.iter().chain(NEEDS_PARSER).any(|(l, _)| *l == q);
        let (before_d, before_r, before_a) = (t.differ.len(), t.we_reject.len(), t.we_accept.len());
        let r = check(case, &input, &mut t);
        if let Err(p) = &r {
            if !p.is_empty() {
                panics.push(p.clone());
            }
        }
        if listed {
            t.differ.truncate(before_d);
            t.we_reject.truncate(before_r);
            t.we_accept.truncate(before_a);
            t.listed += 1;
            if r.is_ok() {
                t.listed_agree.push(q.to_string());
            }
        }
    }
    let accepted = cases.iter().filter(|c| c["status"].as_i64() == Some(200)).count();
    println!(
        "pipelines corpus: {} agree, {} both reject, {} differ, {} we reject what Loki accepts, \
         {} we accept what Loki rejects, {} panics, {} listed (deliberate or needs parser), {} skipped \
         ({} accepted by Loki)",
        t.agree,
        t.both_reject,
        t.differ.len(),
        t.we_reject.len(),
        t.we_accept.len(),
        panics.len(),
        t.listed,
        t.skipped,
        accepted
    );
    assert!(
        t.listed_agree.is_empty(),
        "listed as different but agreeing now (take them off the list): {:?}",
        t.listed_agree
    );
    if verbose {
        for d in t.differ.iter().chain(&t.we_reject).chain(&t.we_accept).chain(&panics) {
            println!("--- {d}");
        }
    }
    let bad = t.differ.len() + t.we_reject.len() + t.we_accept.len() + panics.len();
    assert_eq!(
        bad, 0,
        "{bad} pipelines disagree with Loki (PIPELINES_VERBOSE=1 lists them)"
    );
}

#[test]
fn selector_rule_still_applies_to_server_queries() {
    for (q, _) in DELIBERATE
        .iter()
        .filter(|(q, _)| q.starts_with('{') && !q.contains('|'))
    {
        let e = logql::parse(q).unwrap();
        assert!(logql::check_selector_not_empty(&e).is_err(), "{q}");
    }
}

//! The differential suite against the real Loki and Grafana's logcli
//! v3.7.6 (opt-in): runs when `../shared/reference` (or
//! `$LOKI_REFERENCE`) holds them, and is skipped with one line otherwise.
//!
//! It starts its own Loki on a free port, pushes its own varied data, and
//! runs this project and the reference logcli with the same arguments:
//! stdout must be byte-identical except for the documented differences
//! (tests/support/differences.rs, README). It also checks that the LogQL
//! corpora in tests/corpus still hold for this Loki (format_query answers
//! and pipeline evaluations), which the plain `cargo test` checks offline.
//!
//! Run: `cargo test --test reference -- --nocapture` (`.ci/run` does when the
//! reference is there).

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::compat::{self, Tally};
use support::differences::{compare, expectation, same, Expect};
use support::ref_cases::{cases, dataset};
use support::reference::*;

/// Run a client: (stdout, exit code, stderr). `env` adds variables to a
/// scrubbed environment.
fn run(bin: &Path, addr: &str, args: &[String], env: &[(&str, &str)], stdin: &[u8]) -> (Vec<u8>, i32, String) {
    let mut c = support::scrubbed(bin);
    c.envs(env.iter().copied())
        .arg(format!("--addr={addr}"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    let mut w = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    std::thread::spawn(move || {
        let _ = w.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.stdout, out.status.code().unwrap_or(-1), err)
}

/// Lines whose order a server or logcli does not fix.
fn unordered(args: &[String]) -> Option<&'static str> {
    match args.first().map(String::as_str) {
        Some("series") => Some("lines"),
        Some("detected-fields") if args.iter().any(|a| a == "raw") => Some("json-array"),
        _ => None,
    }
}

/// Entries at the same instant come in the server's stream order here and
/// in an order Go's unstable sort picks in logcli (README): runs of equal
/// timestamps are compared as sets. Raw output shows no timestamp: all of
/// it is compared as a set (its order is checked by the captured cases).
fn tie_order(out: &[u8], args: &[String]) -> Vec<u8> {
    let text = String::from_utf8_lossy(out);
    let raw = args.windows(2).any(|w| w[0] == "-o" && w[1] == "raw");
    let jsonl = args.windows(2).any(|w| w[0] == "-o" && w[1] == "jsonl");
    let key = |l: &str| -> String {
        if raw {
            String::new()
        } else if jsonl {
            serde_json::from_str::<serde_json::Value>(l)
                .map(|v| v["timestamp"].to_string())
                .unwrap_or_default()
        } else {
            l.split(' ').next().unwrap_or("").to_string()
        }
    };
    let mut lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let k = key(lines[i]);
        let j = (i..lines.len()).find(|&j| key(lines[j]) != k).unwrap_or(lines.len());
        lines[i..j].sort();
        i = j;
    }
    lines.iter().flat_map(|l| format!("{l}\n").into_bytes()).collect()
}

/// Loki's and logcli's words for an error, which our message must carry
/// too when logcli's does (exit code classes differ on purpose).
const ERROR_PHRASES: [&str; 5] = [
    "parse error",
    "max entries limit per query exceeded",
    "connection refused",
    "queries require at least one regexp or equality matcher",
    "invalid batch size",
];

fn same_message(theirs: &str, ours: &str) -> Result<(), String> {
    let (theirs, ours) = (theirs.to_lowercase(), ours.to_lowercase());
    match ERROR_PHRASES.iter().find(|p| theirs.contains(*p) && !ours.contains(*p)) {
        Some(p) => Err(format!("logcli's error says {p:?}, ours does not")),
        None => Ok(()),
    }
}

/// The verdict on one run of both clients, recorded in the table when it agrees.
#[allow(clippy::too_many_arguments)]
fn judge(
    tally: &mut Tally,
    args: &[String],
    theirs: &[u8],
    their_code: i32,
    their_err: &str,
    mine: &[u8],
    code: i32,
    err: &str,
) -> Result<(), String> {
    let expect = expectation(args, their_code);
    match &expect {
        Expect::Same if code != 0 && their_code == 0 => Err(format!("exit {code}, logcli 0")),
        Expect::Same => same(theirs, mine, unordered(args)),
        Expect::Differs(_, how) => compare(theirs, mine, code, how),
    }?;
    if their_code != 0 && code != 0 {
        same_message(their_err, err)?;
    }
    tally.record(
        args,
        match expect {
            Expect::Same => None,
            Expect::Differs(why, _) => Some(why),
        },
    );
    Ok(())
}

fn compare_clients(r: &Reference, addr: &str, from: &str, to: &str, tally: &mut Tally) -> Vec<String> {
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_logcli"));
    let mut failures = Vec::new();
    let list = cases(from, to);
    let n = list.len();
    for (args, env) in list {
        let (mut theirs, their_code, their_err) = run(&r.logcli, addr, &args, &env, b"");
        let (mut mine, code, err) = run(&ours, addr, &args, &env, b"");
        let log_query = args[0] == "query" && args.last().is_some_and(|q| q.starts_with('{'));
        if log_query && !args.iter().any(|a| a.starts_with("--batch")) {
            theirs = tie_order(&theirs, &args);
            mine = tie_order(&mine, &args);
        }
        let verdict = judge(tally, &args, &theirs, their_code, &their_err, &mine, code, &err);
        if let Err(e) = verdict {
            failures.push(format!(
                "== {} {env:?}\n{e}\nlogcli exit {their_code}: {}\nours exit {code}: {}",
                args.join(" "),
                their_err.trim_end(),
                err.trim_end()
            ));
        }
    }
    eprintln!("reference: {} of {n} client runs agree", n - failures.len());
    failures
}

/// Compare one run of both clients (stdin given), by the documented rules.
fn both(r: &Reference, addr: &str, args: &[&str], stdin: &[u8], tally: &mut Tally) -> Option<String> {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_logcli"));
    let (theirs, their_code, their_err) = run(&r.logcli, addr, &args, &[], stdin);
    let (mine, code, err) = run(&ours, addr, &args, &[], stdin);
    let verdict = judge(tally, &args, &theirs, their_code, &their_err, &mine, code, &err);
    verdict.err().map(|e| {
        format!(
            "== {}\n{e}\nlogcli exit {their_code}: {}\nours exit {code}: {}",
            args.join(" "),
            their_err.trim_end(),
            err.trim_end()
        )
    })
}

/// fmt, a server that is down, deletions, and the history of a tail.
fn other_runs(r: &Reference, addr: &str, from: &str, tally: &mut Tally) -> Vec<String> {
    let mut failures = Vec::new();
    let queries: &[&[u8]] = &[
        br#"sum by(app)(rate({app="x"}|json|unwrap latency[5m]))>2"#,
        br#"{job="ref"}|="error"!="debug"|logfmt|status>=500|line_format "{{.msg}}""#,
        br#"{app="x" "#,
    ];
    for q in queries {
        failures.extend(both(r, addr, &["fmt"], q, tally));
    }
    for a in [
        vec!["query", "-q", r#"{job="ref"}"#],
        vec!["labels", "-q"],
        vec!["series", "-q", r#"{job="ref"}"#],
    ] {
        failures.extend(both(r, "http://127.0.0.1:1", &a, b"", tally));
    }
    // deletions: one request each, then both list them
    let (start, end) = (from.to_string(), rfc3339(now_ns()));
    for bin in [r.logcli.clone(), PathBuf::from(env!("CARGO_BIN_EXE_logcli"))] {
        let args: Vec<String> = [
            "delete",
            "create",
            "-q",
            "--from",
            &start,
            "--to",
            &end,
            r#"{job="ref", app="odd"} |= "red""#,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (_, code, err) = run(&bin, addr, &args, &[], b"");
        if code != 0 {
            failures.push(format!("delete create with {}: exit {code}: {err}", bin.display()));
        }
    }
    for a in [
        &["delete", "list", "-q"][..],
        &["delete", "list"],
        &["delete", "list", "-o", "raw"],
        &["delete", "list", "-o", "jsonl"],
    ] {
        failures.extend(both(r, addr, a, b"", tally));
    }
    failures.extend(tail_history(r, addr, tally));
    failures
}

/// The first `n` lines a tail prints (its history), then Ctrl-C.
fn first_lines(bin: &Path, addr: &str, args: &[&str], n: usize) -> Vec<String> {
    use std::io::BufRead;
    let mut child = support::scrubbed(bin)
        .arg(format!("--addr={addr}"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    while lines.len() < n {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(l) => lines.push(l),
            Err(_) => break,
        }
    }
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let _ = child.wait();
    lines
}

/// `query --tail` shows the newest `--limit` entries first, oldest first.
fn tail_history(r: &Reference, addr: &str, tally: &mut Tally) -> Vec<String> {
    let mut failures = Vec::new();
    for out in ["raw", "default", "jsonl"] {
        let args = [
            "query",
            "--tail",
            "-q",
            "-o",
            out,
            "--since=30m",
            "--limit=20",
            r#"{job="ref", app="api"}"#,
        ];
        let theirs = first_lines(&r.logcli, addr, &args, 20);
        let ours = first_lines(Path::new(env!("CARGO_BIN_EXE_logcli")), addr, &args, 20);
        let owned: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let join = |v: &[String]| v.iter().map(|l| format!("{l}\n")).collect::<String>().into_bytes();
        let expect = expectation(&owned, 0);
        let verdict = match &expect {
            _ if theirs.len() != 20 => Err(format!("logcli printed {} lines", theirs.len())),
            Expect::Same => same(&join(&theirs), &join(&ours), None),
            Expect::Differs(_, how) => compare(&join(&theirs), &join(&ours), 0, how),
        };
        let why = match expect {
            Expect::Same => None,
            Expect::Differs(why, _) => Some(why),
        };
        match verdict {
            Ok(()) => tally.record(&owned, why),
            Err(e) => failures.push(format!("== {}\n{e}", args.join(" "))),
        }
    }
    failures
}

/// Entries of `{job="ref"}` a query_range from `start` returns (limit 100).
fn count_from(addr: &str, start: i64, end: i64) -> usize {
    let (_, body) = get(
        addr,
        "/loki/api/v1/query_range",
        &[
            ("query", r#"{job="ref"}"#.into()),
            ("limit", "100".into()),
            ("direction", "forward".into()),
            ("start", start.to_string()),
            ("end", end.to_string()),
        ],
    );
    serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| {
            let streams = v["data"]["result"].as_array()?.clone();
            Some(streams.iter().map(|s| s["values"].as_array().map_or(0, Vec::len)).sum())
        })
        .unwrap_or(0)
}

/// Once Loki has flushed its chunks: `stats` counts them, and Loki leaves
/// out a chunk whose last entry is exactly on a request's whole-millisecond
/// start (the ten `svc` streams end at base + 105 s), where logcli loses
/// entries at page seams and this project must not.
fn flushed_runs(
    r: &Reference,
    addr: &str,
    base: i64,
    (from, to): (&str, &str),
    total: usize,
    tally: &mut Tally,
) -> Vec<String> {
    post(addr, "/flush");
    let seam = base + 105_000_000_000;
    let deadline = Instant::now() + Duration::from_secs(90);
    let waited = Instant::now();
    while count_from(addr, seam, seam + 1) >= count_from(addr, seam - 1, seam + 1) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
    }
    eprintln!(
        "reference: flushed after {:.0}s; Loki leaves out chunks ending on a request's start: {}",
        waited.elapsed().as_secs_f64(),
        count_from(addr, seam, seam + 1) < count_from(addr, seam - 1, seam + 1)
    );
    let mut failures = Vec::new();
    let (f, t) = (format!("--from={from}"), format!("--to={to}"));
    for a in [
        vec!["stats", "-q", &f, &t, r#"{job="ref"}"#],
        vec![
            "query",
            "-q",
            "-o",
            "raw",
            "--limit=0",
            "--forward",
            "--batch=50",
            &f,
            &t,
            r#"{job="ref"}"#,
        ],
        vec![
            "query",
            "-q",
            "-o",
            "jsonl",
            "--limit=0",
            "--forward",
            "--batch=7",
            &f,
            &t,
            r#"{job="ref"}"#,
        ],
    ] {
        failures.extend(both(r, addr, &a, b"", tally));
    }
    // and ours is complete at every seam, in both directions
    failures.extend(complete_at_seams(addr, (&f, &t), total));
    failures
}

/// Our runs over the flushed chunks (`--batch=7`, both directions): every
/// entry once.
fn complete_at_seams(addr: &str, (f, t): (&str, &str), total: usize) -> Vec<String> {
    let mut failures = Vec::new();
    for forward in [true, false] {
        let mut args: Vec<String> = [
            "query",
            "-q",
            "-o",
            "jsonl",
            "--limit=0",
            "--batch=7",
            f,
            t,
            r#"{job="ref"}"#,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if forward {
            args.insert(1, "--forward".into());
        }
        let dir = if forward { "forward" } else { "backward" };
        let (out, code, err) = run(Path::new(env!("CARGO_BIN_EXE_logcli")), addr, &args, &[], b"");
        let n = out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
        if code != 0 || n != total {
            failures.push(format!(
                "flushed, {dir}, --batch=7: {n} of {total} entries, exit {code}: {err}"
            ));
        }
    }
    failures
}

/// The format_query answers recorded in tests/corpus still hold.
fn format_corpus_holds(addr: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/format_query.jsonl")).unwrap();
    let mut failures = Vec::new();
    for line in text.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        let q = c["query"].as_str().unwrap();
        let (status, body) = get(addr, "/loki/api/v1/format_query", &[("query", q.to_string())]);
        let formatted = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["data"].as_str().map(String::from));
        let recorded = c["formatted"].as_str().map(String::from);
        if status as u64 != c["status"].as_u64().unwrap() || (status == 200 && formatted != recorded) {
            failures.push(format!(
                "format_query {q:?}: now {status} {formatted:?}, recorded {} {recorded:?}",
                c["status"]
            ));
        }
    }
    failures
}

/// The pipeline evaluations recorded in tests/corpus still hold: the input
/// is pushed again (shifted to now) and each pipeline's answer compared.
fn pipeline_corpus_holds(addr: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/pipelines");
    let input: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("input.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ts = |v: &serde_json::Value| v["ts"].as_str().unwrap().parse::<i64>().unwrap();
    let shift = now_ns() - 20 * 60 * 1_000_000_000 - ts(&input[0]);
    let mut streams: BTreeMap<String, (BTreeMap<String, String>, Values)> = BTreeMap::new();
    for e in &input {
        let l: BTreeMap<String, String> = serde_json::from_value(e["stream"].clone()).unwrap();
        let md: BTreeMap<String, String> = serde_json::from_value(e["metadata"].clone()).unwrap_or_default();
        let entry = streams.entry(format!("{l:?}")).or_insert((l, Vec::new()));
        entry
            .1
            .push((ts(e) + shift, e["line"].as_str().unwrap().to_string(), md));
    }
    push(addr, &streams.into_values().collect());
    let (start, end) = (ts(&input[0]) + shift, ts(input.last().unwrap()) + shift + 1);
    let mut failures = Vec::new();
    let text = std::fs::read_to_string(dir.join("cases.jsonl")).unwrap();
    for line in text.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        let q = c["query"].as_str().unwrap();
        let timely = ["__timestamp__", "unixEpoch", "date", "now", "unixToTime", "toDate"];
        if c["nondeterministic"].as_bool() == Some(true) || timely.iter().any(|t| q.contains(t)) {
            continue;
        }
        let params = [
            ("query", q.to_string()),
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("direction", "forward".to_string()),
            ("limit", "5000".to_string()),
        ];
        let (status, body) = get(addr, "/loki/api/v1/query_range", &params);
        if status as u64 != c["status"].as_u64().unwrap() {
            failures.push(format!("pipeline {q:?}: now {status}, recorded {}", c["status"]));
            continue;
        }
        if status != 200 {
            continue;
        }
        let mut got: Vec<(i64, BTreeMap<String, String>, String)> = Vec::new();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        for s in v["data"]["result"].as_array().unwrap() {
            let l: BTreeMap<String, String> = serde_json::from_value(s["stream"].clone()).unwrap();
            for e in s["values"].as_array().unwrap() {
                let t: i64 = e[0].as_str().unwrap().parse().unwrap();
                got.push((t - shift, l.clone(), e[1].as_str().unwrap().to_string()));
            }
        }
        let mut want: Vec<(i64, BTreeMap<String, String>, String)> = c["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    ts(e),
                    serde_json::from_value(e["labels"].clone()).unwrap(),
                    e["line"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!(
                "pipeline {q:?}: {} entries now, {} recorded",
                got.len(),
                want.len()
            ));
        }
    }
    failures
}

#[test]
fn this_project_and_grafana_logcli_on_a_real_loki() {
    let Some(r) = reference() else {
        eprintln!("reference suite skipped: no Loki/logcli reference (../shared/reference or LOKI_REFERENCE)");
        return;
    };
    let started = Instant::now();
    let loki = Loki::up(&r);
    let base = (now_ns() - 10 * 60 * 1_000_000_000) / 1_000_000_000 * 1_000_000_000;
    let data = dataset(base);
    let total: usize = data.iter().map(|s| s.1.len()).sum();
    push(&loki.addr, &data);
    let (from, to) = (rfc3339(base - 60_000_000_000), rfc3339(base + 300_000_000_000));
    // everything visible before comparing
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, body) = get(
            &loki.addr,
            "/loki/api/v1/query_range",
            &[
                ("query", r#"{job="ref"}"#.into()),
                ("limit", "5000".into()),
                ("start", (base - 60_000_000_000).to_string()),
                ("end", (base + 300_000_000_000).to_string()),
            ],
        );
        let n = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| {
                v["data"]["result"].as_array().map(|a| {
                    a.iter()
                        .map(|s| s["values"].as_array().map_or(0, |x| x.len()))
                        .sum::<usize>()
                })
            })
            .unwrap_or(0);
        if n == total {
            break;
        }
        assert!(Instant::now() < deadline, "only {n} of {total} entries visible");
        std::thread::sleep(Duration::from_millis(200));
    }
    let mut tally = Tally::default();
    let mut failures = compare_clients(&r, &loki.addr, &from, &to, &mut tally);
    failures.extend(other_runs(&r, &loki.addr, &from, &mut tally));
    failures.extend(flushed_runs(&r, &loki.addr, base, (&from, &to), total, &mut tally));
    failures.extend(format_corpus_holds(&loki.addr));
    failures.extend(pipeline_corpus_holds(&loki.addr));
    if failures.is_empty() {
        // the table describes a clean run only
        failures.extend(compat::check_readme(&tally.markdown()).err());
    }
    eprintln!("reference suite: {:.1}s", started.elapsed().as_secs_f64());
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

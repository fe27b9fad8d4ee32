//! The tail against the real Loki v3.7.6 (opt-in, like tests/reference.rs:
//! skipped with one line without `../shared/reference`): entries pushed at
//! 5,000 and 15,000 a second over 3 streams, a history seam, a Loki
//! restart and Loki's 1011 max-duration close. In every case this tail
//! (`--delay-for 2s -o raw`) prints every entry exactly once, in timestamp
//! order, and is still running at the end. Grafana's logcli tails the load
//! cases beside it: what it prints is what Loki's websocket delivered. The
//! delivery table is printed and written to `target/reference-tail.md`.
//!
//! Run: `cargo test --test reference_tail -- --nocapture`.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use support::reference::*;

/// Entries pushed by a thread at a steady rate over 3 streams, stamped
/// with the time they are pushed (rising), retried while Loki is away.
struct Pusher {
    pushed: Arc<Mutex<usize>>,
    done: JoinHandle<()>,
}

fn line(seq: usize) -> String {
    format!("n{seq:07} stream={} payload={}", seq % 3, "x".repeat(60))
}

impl Pusher {
    fn start(addr: &str, job: &str, from: usize, total: usize, rate: f64) -> Pusher {
        let pushed = Arc::new(Mutex::new(0));
        let (addr, job, count) = (addr.to_string(), job.to_string(), pushed.clone());
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let client = reqwest::Client::new();
            let batch = ((rate / 50.0) as usize).clamp(1, 500);
            let t0 = Instant::now();
            let mut last = 0i64;
            let mut seq = from;
            while seq < from + total {
                let due = t0 + Duration::from_secs_f64((seq - from) as f64 / rate);
                std::thread::sleep(due.saturating_duration_since(Instant::now()));
                let mut streams = vec![Vec::new(), Vec::new(), Vec::new()];
                for s in seq..(seq + batch).min(from + total) {
                    last = now_ns().max(last + 1);
                    streams[s % 3].push(serde_json::json!([last.to_string(), line(s)]));
                }
                let n = streams.iter().map(Vec::len).sum::<usize>();
                let body = serde_json::json!({"streams": streams.into_iter().enumerate().map(|(k, v)| {
                    serde_json::json!({"stream": {"job": job, "s": k.to_string()}, "values": v})
                }).collect::<Vec<_>>()});
                // Loki restarting: try the same batch again
                while !rt.block_on(async {
                    client
                        .post(format!("{addr}/loki/api/v1/push"))
                        .header("Content-Type", "application/json")
                        .body(body.to_string())
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success())
                }) {
                    std::thread::sleep(Duration::from_millis(100));
                }
                seq += n;
                *count.lock().unwrap() = seq - from;
            }
        });
        Pusher { pushed, done }
    }

    fn pushed(&self) -> usize {
        *self.pushed.lock().unwrap()
    }

    fn finish(self) {
        self.done.join().unwrap();
    }
}

/// A tail (ours or Grafana's) whose stdout lines are collected.
struct Tail {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    /// Read as it comes: a client blocked on a full stderr pipe would stop reading its tail.
    err: JoinHandle<String>,
}

impl Tail {
    fn start(bin: &Path, addr: &str, args: &[&str]) -> Tail {
        let mut child = support::scrubbed(bin)
            .arg(format!("--addr={addr}"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn tail");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (out, into) = (child.stdout.take().unwrap(), lines.clone());
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                into.lock().unwrap().push(l);
            }
        });
        let mut e = child.stderr.take().unwrap();
        let err = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut e, &mut text);
            text
        });
        Tail { child, lines, err }
    }

    fn ours(addr: &str, job: &str, extra: &[&str]) -> Tail {
        let q = format!("{{job=\"{job}\"}}");
        let mut args = vec!["tail", q.as_str(), "--delay-for", "2s", "-o", "raw"];
        args.extend_from_slice(extra);
        Tail::start(&assert_cmd::cargo::cargo_bin("logcli"), addr, &args)
    }

    fn count(&self) -> usize {
        self.lines.lock().unwrap().len()
    }

    /// Wait (on lines arriving) until `n` lines are out; false after a
    /// minute without a new line.
    fn wait_for(&self, n: usize) -> bool {
        let (mut seen, mut since) = (self.count(), Instant::now());
        while self.count() < n {
            if self.count() != seen {
                (seen, since) = (self.count(), Instant::now());
            }
            if since.elapsed() > Duration::from_secs(60) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    /// Still running? Then Ctrl-C: (exit code, lines, stderr).
    fn stop(mut self) -> (bool, Option<i32>, Vec<String>, String) {
        let running = self.child.try_wait().unwrap().is_none();
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let status = self.child.wait().unwrap();
        let err = self.err.join().unwrap_or_default();
        std::thread::sleep(Duration::from_millis(100));
        let lines = std::mem::take(&mut *self.lines.lock().unwrap());
        (running, status.code(), lines, err)
    }
}

/// Every entry in `from..to` exactly once and in order (timestamps rise
/// with the sequence number), and nothing else: problems found, if any.
fn exact(lines: &[String], from: usize, to: usize) -> Vec<String> {
    let seqs: Vec<usize> = lines.iter().filter_map(|l| l.get(1..8)?.parse().ok()).collect();
    let mut problems = Vec::new();
    if seqs.len() != lines.len() {
        problems.push(format!("{} lines that are not entries", lines.len() - seqs.len()));
    }
    let want: Vec<usize> = (from..to).collect();
    if seqs != want {
        let mut sorted = seqs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let missing = want.iter().filter(|s| sorted.binary_search(s).is_err()).count();
        let disorder = seqs.windows(2).filter(|w| w[1] <= w[0]).count();
        problems.push(format!(
            "{} lines for {} entries: {missing} missing, {} repeated, {disorder} out of order",
            seqs.len(),
            want.len(),
            seqs.len() - sorted.len()
        ));
    }
    problems
}

/// One load case: both tails, then the push; returns a table row.
fn load(r: &Reference, addr: &str, job: &str, total: usize, rate: f64, failures: &mut Vec<String>) -> String {
    let q = format!("{{job=\"{job}\"}}");
    let ours = Tail::ours(addr, job, &["--no-history"]);
    let theirs = Tail::start(
        &r.logcli,
        addr,
        &["query", "--tail", "-q", "-o", "raw", "--limit=5000", &q],
    );
    std::thread::sleep(Duration::from_secs(2)); // both websockets open before the first entry
    let started = Instant::now();
    let p = Pusher::start(addr, job, 0, total, rate);
    let p_done = {
        p.finish();
        started.elapsed().as_secs_f64()
    };
    let complete = ours.wait_for(total);
    let took = started.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_secs(3)); // what Loki still delivers to logcli
    let (_, _, delivered, _) = theirs.stop();
    let (running, code, lines, err) = ours.stop();
    let mut problems = exact(&lines, 0, total);
    if !complete || !running || code != Some(0) {
        problems.push(format!("complete {complete}, running {running}, exit {code:?}"));
    }
    for p in &problems {
        failures.push(format!("{total} at {rate}/s: {p}\n{err}"));
    }
    let summary = err.lines().find(|l| l.starts_with("tail:")).unwrap_or("").to_string();
    format!(
        "| {rate:.0}/s, {total} entries ({p_done:.1} s) | {} ({:.1}%) | {} ({:.1}%){}, all out {took:.1} s after the first push | {summary} |",
        delivered.len(),
        delivered.len() as f64 * 100.0 / total as f64,
        lines.len(),
        lines.len() as f64 * 100.0 / total as f64,
        if problems.is_empty() { ", each once, in order" } else { ", NOT EXACT" },
    )
}

/// History and live meet: the tail starts halfway through a push, with
/// the history since a minute ago.
fn seam(addr: &str, failures: &mut Vec<String>) {
    let p = Pusher::start(addr, "seam", 0, 3_000, 1_000.0);
    while p.pushed() < 1_500 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let t = Tail::ours(addr, "seam", &["--since", "1m", "--limit", "0"]);
    p.finish();
    let complete = t.wait_for(3_000);
    let (running, code, lines, err) = t.stop();
    for p in exact(&lines, 0, 3_000) {
        failures.push(format!("seam: {p}\n{err}"));
    }
    if !complete || !running || code != Some(0) {
        failures.push(format!(
            "seam: complete {complete}, running {running}, exit {code:?}\n{err}"
        ));
    }
}

#[test]
fn the_tail_is_exact_on_a_real_loki_under_load_restart_and_1011() {
    let Some(r) = reference() else {
        eprintln!("reference tail suite skipped: no Loki/logcli reference (../shared/reference or LOKI_REFERENCE)");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_string_lossy().into_owned();
    let port = free_port();
    let loki = Loki::up_with(&r, port, &[("LOKI_DATA", &data_dir)]);
    let addr = loki.addr.clone();
    let mut failures = Vec::new();
    let mut table = vec![
        "| pushed (3 streams) | Loki's live delivery (Grafana's logcli tail) | this tail, `--delay-for 2s` | its accounting |".to_string(),
        "|---|---|---|---|".to_string(),
    ];
    table.push(load(&r, &addr, "load5k", 30_000, 5_000.0, &mut failures));
    table.push(load(&r, &addr, "load15k", 60_000, 15_000.0, &mut failures));
    seam(&addr, &mut failures);
    // a restart mid-tail, then Loki's 1011 close every 10 s
    let t = Tail::ours(&addr, "restart", &["--no-history"]);
    std::thread::sleep(Duration::from_secs(2));
    let p = Pusher::start(&addr, "restart", 0, 3_000, 200.0);
    while p.pushed() < 1_000 {
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(loki);
    let loki = Loki::up_with(&r, port, &[("LOKI_DATA", &data_dir), ("LOKI_TAIL_MAX_DURATION", "10s")]);
    p.finish();
    // 15 s more: the tail is closed with 1011 at least once meanwhile
    Pusher::start(&addr, "restart", 3_000, 3_000, 200.0).finish();
    let complete = t.wait_for(6_000);
    let (running, code, lines, err) = t.stop();
    for p in exact(&lines, 0, 6_000) {
        failures.push(format!("restart and 1011: {p}\n{err}"));
    }
    if !complete || !running || code != Some(0) {
        failures.push(format!(
            "restart and 1011: complete {complete}, running {running}, exit {code:?}\n{err}"
        ));
    }
    drop(loki);
    let text = table.join("\n");
    println!("{text}");
    let _ = std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("../reference-tail.md"),
        &text,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

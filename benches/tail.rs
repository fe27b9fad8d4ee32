//! Tail benchmarks.
//! 1. The delay-for heap with dedupe: insert + release throughput.
//! 2. End to end: the test server queues N entries (100 per message) at once
//!    for a `logcli tail --delay-for 1s -o raw` writing to a pipe; reports the
//!    entries per second the client output (first line to last, read from
//!    its stdout), its CPU per entry and peak RSS; median of 3 runs.
//!
//! Run: `cargo bench --bench tail` (BENCH_TAIL_ENTRIES to change N).

#[path = "../tests/support/server/mod.rs"]
mod server;

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Instant;

use logcli::core::LabelSet;
use logcli::tail::sequencer::{Sequencer, TailEntry};
use server::{Dataset, Server};

fn heap_bench() {
    let n: i64 = 5_000_000;
    let streams: Vec<Arc<LabelSet>> = (0..10)
        .map(|i| Arc::new(LabelSet::new(vec![("app".into(), format!("svc{i}"))])))
        .collect();
    let lines: Vec<Arc<str>> = (0..64).map(|i| Arc::from(format!("line {i}").as_str())).collect();
    // entries arrive up to 1,000 ts units out of order; delay 2,000
    let mut seq = Sequencer::new(2_000, 4_000);
    let mut x: u64 = 88172645463325252;
    let start = Instant::now();
    let mut released = 0u64;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let ts = i * 10 - (x % 1000) as i64;
        let e = TailEntry {
            ts,
            labels: streams[(x % 10) as usize].clone(),
            line: lines[(i % 64) as usize].clone(),
        };
        seq.push(e, i * 10);
        while seq.pop_ready(i * 10).is_some() {
            released += 1;
        }
    }
    while seq.pop().is_some() {
        released += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "heap: {n} insert+release in {secs:.3}s = {:.2}M ops/s (released {released}, late {})",
        n as f64 / secs / 1e6,
        seq.counts.late
    );
}

/// One end-to-end run: every entry is queued on the server before any is
/// sent (writers paused while pushing), so the client is the bottleneck,
/// not this loop; the throughput is what the client output, from its first
/// line to its last (timed by a reader of its stdout).
fn e2e_run(n: usize) -> (f64, f64, f64) {
    let s = Server::start(Dataset::Streams(vec![]));
    s.state.lock().unwrap().tail_queue = n / 100 + 10;
    let mut child = spawn_tail(&s, &["-q", "--delay-for", "1s"], Stdio::inherit());
    let pid = child.id();
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut lines = 0usize;
        let mut first = None;
        while lines < n {
            let k = out.read(&mut buf).unwrap();
            if k == 0 {
                break;
            }
            first.get_or_insert_with(Instant::now);
            lines += buf[..k].iter().filter(|&&b| b == b'\n').count();
        }
        (lines, first.unwrap_or_else(Instant::now), Instant::now())
    });
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64;
    let labels = bench_labels();
    // timestamps of a busy service (250,000 entries a second), arriving
    // slightly out of order across streams, 100 per message
    let mut line = String::new();
    let mut batch = Vec::with_capacity(100);
    s.state.lock().unwrap().writers_paused = true;
    for i in 0..n {
        server::synthetic_line(i as u64, 150, &mut line);
        let ts = now + i as i64 * 4_000 - ((i % 10) as i64 * 7_919) % 40_000;
        batch.push((labels[i % 10].clone(), ts, line.clone()));
        if batch.len() == 100 || i + 1 == n {
            s.push(&batch, false);
            batch.clear();
        }
    }
    s.state.lock().unwrap().writers_paused = false;
    let (lines, first, last) = reader.join().unwrap();
    let rss_mb = common::proc_mb(pid, "VmHWM:");
    let cpu = common::cpu_secs(pid);
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(pid as i32, libc::SIGINT) };
    let _ = child.wait();
    assert_eq!(lines, n, "every entry printed");
    let rate = n as f64 / last.duration_since(first).as_secs_f64().max(1e-6);
    (rate, cpu * 1e6 / n as f64, rss_mb)
}

fn e2e_bench() {
    let n: usize = std::env::var("BENCH_TAIL_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runs = 3;
    let results: Vec<(f64, f64, f64)> = (0..runs).map(|_| e2e_run(n)).collect();
    let med = |f: fn(&(f64, f64, f64)) -> f64| common::median(results.iter().map(f).collect());
    println!(
        "tail e2e, {n} entries queued at once, --delay-for 1s, raw to a pipe (median of {runs}): \
         {:.0} entries/s output by the client (first to last line); client CPU {:.2} us/entry; peak RSS {:.1} MB",
        med(|r| r.0),
        med(|r| r.1),
        med(|r| r.2)
    );
    let small = e2e_run(n / 4);
    println!(
        "peak RSS at {} entries: {:.1} MB (state follows what is held, not the total)",
        n / 4,
        small.2
    );
}

/// Sustained overload: the server's tail carries ~2,200 entries/s (Loki's
/// drain cycle) while N entries arrive far faster; the client must switch
/// to following by query_range. Reports what the client output per second
/// (first line to last) and checks it printed every entry once.
fn catch_up_bench() {
    let n: usize = std::env::var("BENCH_CATCHUP_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);
    // twice the entries, the same memory: what is held is a window, not the total
    for n in [n / 2, n] {
        catch_up_run(n);
    }
}

fn catch_up_run(n: usize) {
    let s = Server::start(Dataset::Streams(vec![]));
    s.state.lock().unwrap().tail_burst = Some((11, std::time::Duration::from_millis(500)));
    let mut child = spawn_tail(&s, &["--delay-for", "2s"], Stdio::piped());
    let pid = child.id();
    let out = child.stdout.take().unwrap();
    // every line checked: seq 0, 1, 2, ... (timestamps rise with seq), so
    // "all printed once, in order" is what was seen, not a line count
    let reader = std::thread::spawn(move || {
        let mut lines = 0usize;
        let mut out_of_place = 0usize;
        let mut first = None;
        let mut r = std::io::BufReader::with_capacity(1 << 16, out);
        let mut l = Vec::new();
        while lines < n {
            l.clear();
            if r.read_until(b'\n', &mut l).unwrap() == 0 {
                break;
            }
            first.get_or_insert_with(Instant::now);
            if seq_of(&l) != Some(lines as u64) {
                out_of_place += 1;
            }
            lines += 1;
        }
        (lines, out_of_place, first.unwrap_or_else(Instant::now), Instant::now())
    });
    let labels = bench_labels();
    // as fast as the server takes them, stamped as pushed: a backlog the
    // websocket cannot carry, so the rate measured is the client's own
    let mut line = String::new();
    let mut batch = Vec::with_capacity(1000);
    for i in 0..n {
        server::synthetic_line(i as u64, 150, &mut line);
        let ts = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i64;
        batch.push((labels[i % 10].clone(), ts + (i % 1000) as i64, line.clone()));
        if batch.len() == 1000 {
            s.push(&batch, true);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        s.push(&batch, true);
    }
    let (lines, out_of_place, first, last) = reader.join().unwrap();
    let cpu = common::cpu_secs(pid);
    let rss_mb = common::proc_mb(pid, "VmHWM:");
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(pid as i32, libc::SIGINT) };
    let err = {
        let mut e = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut e);
        e
    };
    let _ = child.wait();
    assert_eq!(lines, n, "every entry printed: {err}");
    assert_eq!(out_of_place, 0, "every entry once, in order: {err}");
    let summary = err.lines().find(|l| l.starts_with("tail:")).unwrap_or("").to_string();
    println!(
        "catch-up: {n} entries pushed at once to a tail carrying ~2,200/s, --delay-for 2s: all printed once, in order (each line checked); client output {:.0} entries/s while catching up (first to last line); CPU {:.2} us/entry; peak RSS {:.1} MB\n  {summary}",
        n as f64 / last.duration_since(first).as_secs_f64().max(1e-6),
        cpu * 1e6 / n as f64,
        rss_mb
    );
}

/// `logcli tail --no-history -o raw {job="bench"}` and `extra`, stdout
/// piped, once its websocket is open.
fn spawn_tail(s: &Server, extra: &[&str], stderr: Stdio) -> std::process::Child {
    let child = common::clean(env!("CARGO_BIN_EXE_logcli"))
        .env("LOKI_ADDR", s.url())
        .args(["tail", "--no-history", "-o", "raw", r#"{job="bench"}"#])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    while s.tail_clients() == 0 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child
}

/// Ten streams of `{job="bench"}`.
fn bench_labels() -> Vec<BTreeMap<String, String>> {
    (0..10)
        .map(|i| {
            BTreeMap::from([
                ("job".to_string(), "bench".to_string()),
                ("app".to_string(), format!("svc{i}")),
            ])
        })
        .collect()
}

/// The `seq=N` of a synthetic line.
fn seq_of(line: &[u8]) -> Option<u64> {
    let at = line.windows(4).position(|w| w == b"seq=")? + 4;
    let digits = line[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&line[at..at + digits]).ok()?.parse().ok()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    heap_bench();
    e2e_bench();
    catch_up_bench();
}

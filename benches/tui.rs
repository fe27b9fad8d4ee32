//! The full-screen view under a busy tail: the test server's websocket
//! carries RATE entries a second (default 20,000, 10 streams, ~150-byte
//! logfmt lines) for SECS seconds into `logcli tail --tui` in a 120x40
//! pseudo-terminal, with the default 100,000-entry scrollback. Measured from
//! outside, as a person would feel it:
//! - key latency: `?` is pressed every 250 ms and timed until the help shows
//!   on the emulated screen (vt100), then Esc until it is gone (median, max);
//! - the client's CPU over the run (utime + stime from /proc / wall time);
//! - its RSS when the scrollback has just filled and at the end (flat = equal);
//! - the terminal output per second.
//!
//! Run: `cargo bench --bench tui` (BENCH_TUI_RATE, BENCH_TUI_SECS).

#[path = "../tests/support/server/mod.rs"]
mod server;

#[path = "../tests/support/pty.rs"]
#[allow(dead_code)]
mod pty;

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use server::{Dataset, Server};

const ROWS: u16 = 40;
const COLS: u16 = 120;

fn env_num(k: &str, d: u64) -> u64 {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64
}

/// The emulated screen, fed with the terminal's output as it comes.
struct Screen<'a> {
    pty: &'a pty::Pty,
    parser: vt100::Parser,
    seen: usize,
}

impl Screen<'_> {
    fn text(&mut self) -> String {
        let b = self.pty.bytes_since(self.seen);
        self.seen += b.len();
        self.parser.process(&b);
        self.parser.screen().contents()
    }

    /// Time until `f` holds for the screen.
    fn until(&mut self, f: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        while !f(&self.text()) {
            assert!(start.elapsed() < Duration::from_secs(10), "the view stopped answering");
            std::thread::sleep(Duration::from_micros(500));
        }
        start.elapsed()
    }
}

/// Push `rate` entries a second for `secs` seconds, 1/100 s at a time.
fn pusher(s: &Server, rate: u64, secs: u64) -> u64 {
    let labels: Vec<BTreeMap<String, String>> = (0..10)
        .map(|i| BTreeMap::from([("job".into(), "bench".into()), ("app".into(), format!("svc{i}"))]))
        .collect();
    let per_tick = (rate / 100).max(1);
    let start = Instant::now();
    let mut line = String::new();
    let mut sent = 0u64;
    for tick in 0..secs * 100 {
        let due = start + Duration::from_millis(tick * 10);
        if let Some(w) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(w);
        }
        let now = now_ns();
        let batch: Vec<_> = (0..per_tick)
            .map(|j| {
                server::synthetic_line(sent + j, 150, &mut line);
                (labels[((sent + j) % 10) as usize].clone(), now + j as i64, line.clone())
            })
            .collect();
        sent += per_tick;
        s.push(&batch, false);
    }
    sent
}

fn main() {
    let rate = env_num("BENCH_TUI_RATE", 20_000);
    let secs = env_num("BENCH_TUI_SECS", 15);
    let s = Server::start(Dataset::Streams(vec![]));
    s.state.lock().unwrap().tail_queue = 1_000_000;
    let pty = pty::Pty::sized(ROWS, COLS);
    let mut child = common::clean(env!("CARGO_BIN_EXE_logcli"))
        .env_clear()
        .env("LOKI_ADDR", s.url())
        .env("TERM", "xterm-256color")
        .env("TZ", "UTC")
        .args(["tail", "--tui", "--no-history", r#"{job="bench"}"#])
        .stdin(Stdio::from(pty.slave_fd()))
        .stdout(Stdio::from(pty.slave_fd()))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    while s.tail_clients() == 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let cpu0 = common::cpu_secs(pid);
    let started = Instant::now();
    let scope_result = std::thread::scope(|sc| {
        let push = sc.spawn(|| pusher(&s, rate, secs));
        let mut screen = Screen {
            pty: &pty,
            parser: vt100::Parser::new(ROWS, COLS, 0),
            seen: 0,
        };
        let mut latencies = Vec::new();
        let mut rss_full = None;
        let fill_secs = 100_000.0 / rate as f64;
        while !push.is_finished() {
            std::thread::sleep(Duration::from_millis(250));
            if rss_full.is_none() && started.elapsed().as_secs_f64() > fill_secs + 1.0 {
                rss_full = Some(common::proc_mb(pid, "VmRSS:"));
            }
            (&pty.master).write_all(b"?").unwrap();
            latencies.push(screen.until(|t| t.contains("this help")));
            (&pty.master).write_all(b"\x1b").unwrap();
            latencies.push(screen.until(|t| !t.contains("this help")));
        }
        let sent = push.join().unwrap();
        // everything pushed went out to the client, and the view holds a full scrollback
        screen.until(|t| t.contains("of 100000"));
        let start = Instant::now();
        while s.tail_queued() > 0 {
            assert!(start.elapsed() < Duration::from_secs(30), "the client fell behind");
            std::thread::sleep(Duration::from_millis(10));
        }
        (sent, latencies, rss_full, screen.seen)
    });
    let (sent, latencies, rss_full, term_bytes) = scope_result;
    let wall = started.elapsed().as_secs_f64();
    let cpu = common::cpu_secs(pid) - cpu0;
    let rss_end = common::proc_mb(pid, "VmRSS:");
    let _ = child.kill();
    let _ = child.wait();
    let ms: Vec<f64> = latencies.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    let max = ms.iter().copied().fold(0.0, f64::max);
    let med = common::median(ms.clone());
    println!(
        "tui: {sent} entries at {rate}/s over {wall:.1}s into a 120x40 view (scrollback 100,000): \
         key latency median {:.1} ms, max {:.1} ms ({} presses); client CPU {:.2} cores; \
         RSS {:.1} MB when the scrollback filled, {:.1} MB at the end; terminal output {:.0} KB/s",
        med,
        max,
        ms.len(),
        cpu / wall,
        rss_full.unwrap_or(0.0),
        rss_end,
        term_bytes as f64 / wall / 1024.0
    );
}

//! Export 1,000,000 entries (5,000 per page, 50 ms simulated server latency
//! per page) with 1 and 4 workers to stdout (/dev/null); wall time and the
//! client's peak RSS (wait4 from a freshly exec'd wrapper, as in
//! query_throughput).
//!
//! Run: `cargo bench --bench export` (BENCH_EXPORT_ENTRIES to change N).

#[path = "../tests/support/server/mod.rs"]
mod server;

use std::time::{Duration, Instant};

#[path = "common/mod.rs"]
mod common;

use server::{Dataset, Server};

fn main() {
    if std::env::args().any(|a| a == "--list") || common::wrapper_main() {
        return;
    }
    let n: u64 = std::env::var("BENCH_EXPORT_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let base = 1_000_000_000_000_000_000i64;
    let step = 10_000_000i64; // 1M entries over ~2.8 hours
    let s = Server::start(Dataset::Synthetic {
        n,
        streams: 10,
        base,
        step_ns: step,
        line_len: 150,
    });
    s.set_delay(Some(Duration::from_millis(50)));
    let to = (base + n as i64 * step).to_string();
    let mut results = Vec::new();
    for workers in [1usize, 4] {
        let start = Instant::now();
        let args: Vec<String> = [
            env!("CARGO_BIN_EXE_logcli"),
            "query",
            "-q",
            "-o",
            "raw",
            r#"{job="bench"}"#,
        ]
        .into_iter()
        .chain([
            "--limit",
            "0",
            "--batch",
            "5000",
            "--from",
            &base.to_string(),
            "--to",
            &to,
            "--forward",
        ])
        .chain([
            "--parallel-duration",
            "10m",
            "--parallel-max-workers",
            &workers.to_string(),
        ])
        .map(String::from)
        .collect();
        let u = common::measure_wrapped(&[("LOKI_ADDR", s.url())], &args);
        let wall = start.elapsed().as_secs_f64();
        let rss_kb = u.max_rss_mb * 1024.0;
        println!(
            "export {n} entries, {workers} worker(s), 50 ms/page: {wall:.2}s wall, peak RSS {:.1} MB",
            rss_kb / 1024.0
        );
        results.push(wall);
    }
    println!("speed-up with 4 workers: {:.2}x", results[0] / results[1]);
}

//! Page through and print N entries (150-byte logfmt lines, 10 streams,
//! 5,000 per page) served from memory by the test server, to /dev/null.
//! Reports the client's CPU time (user+sys) and peak RSS per output mode.
//!
//! Run: `cargo bench --bench query_throughput` (set BENCH_ENTRIES to change N).

#[path = "../tests/support/server.rs"]
mod server;

#[path = "common/mod.rs"]
mod common;

use std::process::{Command, Stdio};

use server::{Dataset, Server};

fn run(server: &Server, n: u64, mode: &str) -> (common::Usage, f64) {
    let start = std::time::Instant::now();
    let to = (1_000_000_000_000_000_000i64 + n as i64 * 1000).to_string();
    let args: Vec<String> = [
        env!("CARGO_BIN_EXE_logcli"),
        "query",
        "-q",
        "-o",
        mode,
        r#"{job="bench"}"#,
        "--limit",
        "0",
    ]
    .iter()
    .chain(["--batch", "5000", "--from", "1000000000000000000", "--to", &to].iter())
    .map(|s| s.to_string())
    .collect();
    let u = common::measure_wrapped(&[("LOKI_ADDR", server.url()), ("TZ", "UTC".into())], &args);
    (u, start.elapsed().as_secs_f64())
}

fn main() {
    if std::env::args().any(|a| a == "--list") || common::wrapper_main() {
        return;
    }
    let n: u64 = std::env::var("BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let server = Server::start(Dataset::Synthetic {
        n,
        streams: 10,
        base: 1_000_000_000_000_000_000,
        step_ns: 1000,
        line_len: 150,
    });
    // sanity: the client really prints every entry (counted as it streams)
    let mut child = Command::new(env!("CARGO_BIN_EXE_logcli"))
        .env("LOKI_ADDR", server.url())
        .args([
            "query",
            "-q",
            "-o",
            "raw",
            r#"{job="bench"}"#,
            "--limit",
            "0",
            "--batch",
            "5000",
        ])
        .args([
            "--from",
            "1000000000000000000",
            "--to",
            &(1_000_000_000_000_000_000i64 + n as i64 * 1000).to_string(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("run logcli");
    let mut lines = 0u64;
    let mut bytes = 0u64;
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let k = std::io::Read::read(&mut stdout, &mut buf).unwrap();
        if k == 0 {
            break;
        }
        bytes += k as u64;
        lines += buf[..k].iter().filter(|&&b| b == b'\n').count() as u64;
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(lines, n, "entries printed");
    println!("entries={n} streams=10 line=150B page=5000 bytes_out={bytes}");
    println!(
        "{:<8} {:>10} {:>12} {:>10} {:>12}",
        "mode", "cpu_s", "cpu_s/1M", "wall_s", "max_rss_MB"
    );
    for mode in ["raw", "jsonl", "default"] {
        // best of 3 to reduce noise
        let (best, wall) = (0..3)
            .map(|_| run(&server, n, mode))
            .min_by(|a, b| a.0.cpu_s.total_cmp(&b.0.cpu_s))
            .unwrap();
        println!(
            "{:<8} {:>10.3} {:>12.3} {:>10.3} {:>12.1}",
            mode,
            best.cpu_s,
            best.cpu_s * 1_000_000.0 / n as f64,
            wall,
            best.max_rss_mb
        );
    }
    // flat memory: peak RSS at a tenth of the entries
    let small = Server::start(Dataset::Synthetic {
        n: n / 10,
        streams: 10,
        base: 1_000_000_000_000_000_000,
        step_ns: 1000,
        line_len: 150,
    });
    // median of three runs each, RSS is noisy by about a megabyte
    let median = |srv: &Server, k: u64| {
        let mut v: Vec<f64> = (0..3).map(|_| run(srv, k, "raw").0.max_rss_mb).collect();
        v.sort_by(f64::total_cmp);
        v[1]
    };
    let (a, b) = (median(&small, n / 10), median(&server, n));
    println!(
        "peak RSS raw (median of 3): {} entries {a:.1} MB; {} entries {b:.1} MB; ratio {:.2}",
        n / 10,
        n,
        b / a
    );
}

//! Page through and print N entries (150-byte logfmt lines, 10 streams,
//! spread over an hour, 5,000 per page) served from memory by the test
//! server, to /dev/null. Reports the median over runs of the client's CPU
//! time (user+sys), wall time and peak RSS per output mode, and the same
//! for Grafana's logcli on the same server when `../shared/reference` is
//! there.
//!
//! Run: `cargo bench --bench query_throughput` (BENCH_ENTRIES sets N,
//! BENCH_RUNS the runs per row, default 5).

#[path = "../tests/support/server/mod.rs"]
mod server;

#[path = "common/mod.rs"]
mod common;

use std::process::Stdio;

use server::{Dataset, Server};

const BASE: i64 = 1_000_000_000_000_000_000;
/// An hour, as a busy service's hour of logs.
const SPAN: i64 = 3_600_000_000_000;

struct Row {
    cpu: f64,
    wall: f64,
    rss: f64,
}

fn dataset(n: u64) -> Dataset {
    Dataset::Synthetic {
        n,
        streams: 10,
        base: BASE,
        step_ns: (SPAN / n as i64).max(1),
        line_len: 150,
    }
}

/// Median of `runs` runs of `bin` with `args` (the range flags come last).
fn measure(server: &Server, bin: &str, args: &[&str], runs: usize) -> Row {
    let mut cpu = Vec::new();
    let mut wall = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..runs {
        let start = std::time::Instant::now();
        let argv: Vec<String> = std::iter::once(bin)
            .chain(args.iter().copied())
            .map(String::from)
            .collect();
        let u = common::measure_wrapped(&[("LOKI_ADDR", server.url()), ("TZ", "UTC".into())], &argv);
        wall.push(start.elapsed().as_secs_f64());
        cpu.push(u.cpu_s);
        rss.push(u.max_rss_mb);
    }
    Row {
        cpu: common::median(cpu),
        wall: common::median(wall),
        rss: common::median(rss),
    }
}

/// The client really prints every entry (counted as it streams).
fn check_count(server: &Server, n: u64, range: &[&str]) {
    let mut child = common::clean(env!("CARGO_BIN_EXE_logcli"))
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
        .args(range)
        .stdout(Stdio::piped())
        .spawn()
        .expect("run logcli");
    let mut lines = 0u64;
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let k = std::io::Read::read(&mut stdout, &mut buf).unwrap();
        if k == 0 {
            break;
        }
        lines += buf[..k].iter().filter(|&&b| b == b'\n').count() as u64;
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(lines, n, "entries printed");
}

fn main() {
    if std::env::args().any(|a| a == "--list") || common::wrapper_main() {
        return;
    }
    let env_num = |k: &str, d: u64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let n = env_num("BENCH_ENTRIES", 1_000_000);
    let runs = env_num("BENCH_RUNS", 5) as usize;
    let server = Server::start(dataset(n));
    let (from, to) = (common::rfc3339(BASE), common::rfc3339(BASE + SPAN + 1));
    let range = ["--from", from.as_str(), "--to", to.as_str()];
    check_count(&server, n, &range);
    println!("entries={n} streams=10 line=150B span=1h page=5000 runs={runs} (medians)");
    println!(
        "{:<22} {:>8} {:>10} {:>8} {:>10}",
        "client", "cpu_s", "cpu_s/1M", "wall_s", "rss_MB"
    );
    let mut rows = vec![("logcli-rs".to_string(), env!("CARGO_BIN_EXE_logcli").to_string())];
    if let Some(r) = common::reference_logcli() {
        rows.push(("grafana logcli 3.7.6".to_string(), r));
    }
    let mut by_mode = Vec::new();
    for mode in ["raw", "jsonl", "default"] {
        for (name, bin) in &rows {
            let mut args = vec![
                "query",
                "-q",
                "-o",
                mode,
                r#"{job="bench"}"#,
                "--limit",
                "0",
                "--batch",
                "5000",
            ];
            args.extend(range);
            let r = measure(&server, bin, &args, runs);
            println!(
                "{:<22} {:>8.3} {:>10.3} {:>8.3} {:>10.1}",
                format!("{name} {mode}"),
                r.cpu,
                r.cpu * 1e6 / n as f64,
                r.wall,
                r.rss
            );
            by_mode.push((name.clone(), mode, r));
        }
    }
    // flat memory: peak RSS at a tenth of the entries
    let small = Server::start(dataset(n / 10));
    let raw = [
        "query",
        "-q",
        "-o",
        "raw",
        r#"{job="bench"}"#,
        "--limit",
        "0",
        "--batch",
        "5000",
    ];
    let bin = env!("CARGO_BIN_EXE_logcli");
    let a = measure(&small, bin, &[&raw[..], &range[..]].concat(), runs).rss;
    let b = by_mode
        .iter()
        .find(|r| r.0 == "logcli-rs" && r.1 == "raw")
        .map(|r| r.2.rss)
        .unwrap_or(0.0);
    println!(
        "peak RSS raw: {} entries {a:.1} MB; {n} entries {b:.1} MB; ratio {:.2}",
        n / 10,
        b / a
    );
}

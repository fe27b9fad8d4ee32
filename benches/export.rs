//! Export 1,000,000 entries (5,000 per page, 50 ms simulated server latency
//! per page) with 1 and 4 workers to stdout (/dev/null); wall time and the
//! client's peak RSS (wait4 from a freshly exec'd wrapper, as in
//! query_throughput).
//!
//! Run: `cargo bench --bench export` (BENCH_EXPORT_ENTRIES to change N).

#[path = "../tests/support/server.rs"]
mod server;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use server::{Dataset, Server};

fn wrap(cmd: &[String]) {
    let mut child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child with valid pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    assert_eq!(r, pid);
    let _ = child.try_wait();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "logcli failed"
    );
    println!("{}", ru.ru_maxrss);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    if args.get(1).map(String::as_str) == Some("--wrap") {
        wrap(&args[2..]);
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
        let out = Command::new(std::env::current_exe().unwrap())
            .env("LOKI_ADDR", s.url())
            .arg("--wrap")
            .arg(env!("CARGO_BIN_EXE_logcli"))
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
            .args(["--from", &base.to_string(), "--to", &to, "--forward"])
            .args([
                "--parallel-duration",
                "10m",
                "--parallel-max-workers",
                &workers.to_string(),
            ])
            .stderr(Stdio::inherit())
            .output()
            .expect("run wrapper");
        assert!(out.status.success());
        let wall = start.elapsed().as_secs_f64();
        let rss_kb: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0.0);
        println!(
            "export {n} entries, {workers} worker(s), 50 ms/page: {wall:.2}s wall, peak RSS {:.1} MB",
            rss_kb / 1024.0
        );
        results.push(wall);
    }
    println!("speed-up with 4 workers: {:.2}x", results[0] / results[1]);
}

//! Page through and print N entries (150-byte logfmt lines, 10 streams,
//! 5,000 per page) served from memory by the test server, to /dev/null.
//! Reports the client's CPU time (user+sys) and peak RSS per output mode.
//!
//! Run: `cargo bench --bench query_throughput` (set BENCH_ENTRIES to change N).

#[path = "../tests/support/server.rs"]
mod server;

use std::process::{Command, Stdio};

use server::{Dataset, Server};

struct Usage {
    cpu_s: f64,
    wall_s: f64,
    max_rss_mb: f64,
}

/// Runs in a freshly exec'd copy of this bench (`--wrap CMD...`), so the
/// child's peak RSS does not include this process's memory: on Linux a
/// spawned child's high-water mark starts from its parent's at exec time.
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
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "logcli failed"
    );
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    // already reaped by wait4; this only releases the handle
    let _ = child.try_wait();
    println!("{} {}", tv(ru.ru_utime) + tv(ru.ru_stime), ru.ru_maxrss);
}

fn run(server: &Server, n: u64, mode: &str) -> Usage {
    let start = std::time::Instant::now();
    let out = Command::new(std::env::current_exe().unwrap())
        .env("LOKI_ADDR", server.url())
        .env("TZ", "UTC")
        .arg("--wrap")
        .arg(env!("CARGO_BIN_EXE_logcli"))
        .args([
            "query",
            "-q",
            "-o",
            mode,
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
        .stderr(Stdio::inherit())
        .output()
        .expect("run wrapper");
    assert!(out.status.success(), "wrapper failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.split_whitespace();
    let cpu_s: f64 = it.next().unwrap().parse().unwrap();
    let rss_kb: f64 = it.next().unwrap().parse().unwrap();
    Usage {
        cpu_s,
        wall_s: start.elapsed().as_secs_f64(),
        max_rss_mb: rss_kb / 1024.0,
    }
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
        let best = (0..3)
            .map(|_| run(&server, n, mode))
            .min_by(|a, b| a.cpu_s.total_cmp(&b.cpu_s))
            .unwrap();
        println!(
            "{:<8} {:>10.3} {:>12.3} {:>10.3} {:>12.1}",
            mode,
            best.cpu_s,
            best.cpu_s * 1_000_000.0 / n as f64,
            best.wall_s,
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
    let a = run(&small, n / 10, "raw");
    let b = run(&server, n, "raw");
    println!(
        "rss raw {} entries: {:.1} MB; {} entries: {:.1} MB",
        n / 10,
        a.max_rss_mb,
        n,
        b.max_rss_mb
    );
}

//! Following a fast-growing file: `tail --file` against `query --file` on
//! the same data (BENCH_FOLLOW_MB MiB of logfmt, default 256), for a line
//! filter and for `| logfmt | level="error"`.
//! - `query --file`: wall time and CPU over the whole file (median of 3);
//! - `tail --file`: the file is appended in 1 MiB writes as fast as the disk
//!   takes them while the client follows it; throughput is the data size over
//!   the time from the first write to the client's last output line (read
//!   from its stdout), with its CPU and peak RSS.
//!
//! Run: `cargo bench --bench follow`.

#[path = "common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

const QUERIES: [(&str, &str); 2] = [
    ("line filter", r#"{} |= "status=503""#),
    ("logfmt", r#"{} | logfmt | level="error""#),
];

/// `query --file`: (wall s, cpu s, lines out).
fn query_file(data: &Path, q: &str) -> (f64, f64, usize) {
    let start = Instant::now();
    let mut child = common::clean(env!("CARGO_BIN_EXE_logcli"))
        .env_clear()
        .args(["query", "-o", "raw", q, "--file"])
        .arg(data)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = count_lines(child.stdout.take().unwrap(), usize::MAX);
    let pid = child.id();
    let cpu = cpu_of_exited(pid, &mut child);
    (start.elapsed().as_secs_f64(), cpu, lines)
}

fn cpu_of_exited(pid: u32, child: &mut std::process::Child) -> f64 {
    // the process is a zombie until reaped: its /proc stat holds its totals
    let mut cpu = 0.0;
    loop {
        let c = common::cpu_secs(pid);
        if c > 0.0 {
            cpu = c;
        }
        if child.try_wait().unwrap().is_some() {
            return cpu;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn count_lines(mut r: impl Read, stop: usize) -> usize {
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0;
    while n < stop {
        let k = r.read(&mut buf).unwrap();
        if k == 0 {
            break;
        }
        n += buf[..k].iter().filter(|&&b| b == b'\n').count();
    }
    n
}

/// `tail --file` on a file growing as fast as it can: (secs, cpu, rss).
fn follow_file(data: &Path, q: &str, expect: usize) -> (f64, f64, f64) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let grow = dir.join("bench-follow-grow.log");
    std::fs::write(&grow, "level=error status=503 msg=ready\n").unwrap();
    let mut child = common::clean(env!("CARGO_BIN_EXE_logcli"))
        .env_clear()
        .args(["tail", "--limit", "1", "-o", "raw", q, "--file"])
        .arg(&grow)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut out = child.stdout.take().unwrap();
    // the history line says the follower has started
    assert_eq!(count_lines(&mut out, 1), 1);
    let reader = std::thread::spawn(move || {
        let n = count_lines(out, expect);
        (n, Instant::now())
    });
    let start = Instant::now();
    let mut src = std::fs::File::open(data).unwrap();
    let mut dst = std::fs::OpenOptions::new().append(true).open(&grow).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let k = src.read(&mut buf).unwrap();
        if k == 0 {
            break;
        }
        dst.write_all(&buf[..k]).unwrap();
    }
    let (n, end) = reader.join().unwrap();
    let cpu = common::cpu_secs(pid);
    let rss = common::proc_mb(pid, "VmHWM:");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_file(&grow);
    assert_eq!(n, expect, "every matching line followed");
    (end.duration_since(start).as_secs_f64(), cpu, rss)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let mb: usize = std::env::var("BENCH_FOLLOW_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let data = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-follow-{mb}.log"));
    common::logfmt_file(&data, mb);
    for (name, q) in QUERIES {
        let runs: Vec<(f64, f64, usize)> = (0..3).map(|_| query_file(&data, q)).collect();
        let expect = runs[0].2;
        let qwall = common::median(runs.iter().map(|r| r.0).collect());
        let qcpu = common::median(runs.iter().map(|r| r.1).collect());
        let fruns: Vec<(f64, f64, f64)> = (0..3).map(|_| follow_file(&data, q, expect)).collect();
        let fwall = common::median(fruns.iter().map(|r| r.0).collect());
        let fcpu = common::median(fruns.iter().map(|r| r.1).collect());
        let frss = common::median(fruns.iter().map(|r| r.2).collect());
        println!(
            "{name}: {mb} MiB, {expect} lines out (median of 3): query --file {:.0} MiB/s ({qcpu:.2}s CPU); \
             tail --file following it as it grows {:.0} MiB/s ({fcpu:.2}s CPU), peak RSS {frss:.1} MB",
            mb as f64 / qwall,
            mb as f64 / fwall
        );
    }
}

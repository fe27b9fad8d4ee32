//! LogQL benchmarks: parsing typical queries, and `--file` evaluation of a
//! large logfmt file through `| logfmt | level="error" | line_format "{{.msg}}"`.
//!
//! Run: `cargo bench --bench logql` (BENCH_LOGQL_MB sets the file size, default 1024).

use std::io::Write;
use std::process::Command;

#[path = "common/mod.rs"]
mod common;
use std::time::Instant;

fn parse_bench() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/logql.txt")).unwrap();
    let queries: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("ok ")).collect();
    let rounds = 1000usize.div_ceil(queries.len());
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for q in &queries {
            std::hint::black_box(logcli::logql::parse(q).unwrap());
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "parse: {n} queries in {:.2} ms ({:.1} us/query)",
        secs * 1e3,
        secs * 1e6 / n as f64
    );
}

fn eval_bench() {
    let mb: usize = std::env::var("BENCH_LOGQL_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-app.log");
    let want = mb * 1024 * 1024;
    if std::fs::metadata(&path).map(|m| m.len() as usize).unwrap_or(0) != want {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut written = 0;
        let mut i = 0u64;
        let levels = ["info", "info", "info", "warn", "error", "debug"];
        while written < want {
            let line = format!(
                "ts=2026-11-25T10:{:02}:{:02}.{:03}Z level={} caller=server.go:{} method=GET path=/api/v1/items/{} status={} duration={}ms msg=\"request {} served\"\n",
                (i / 60000) % 60,
                (i / 1000) % 60,
                i % 1000,
                levels[(i % 6) as usize],
                i % 400,
                i % 997,
                if i % 6 == 4 { 503 } else { 200 },
                i % 3000,
                i
            );
            let take = line.len().min(want - written);
            f.write_all(&line.as_bytes()[..take]).unwrap();
            written += take;
            i += 1;
        }
        f.flush().unwrap();
    }
    let start = Instant::now();
    let u = common::measure(
        Command::new(env!("CARGO_BIN_EXE_logcli"))
            .args([
                "query",
                "-o",
                "raw",
                r#"{} | logfmt | level="error" | line_format "{{.msg}}""#,
                "--file",
            ])
            .arg(&path),
    );
    let wall = start.elapsed().as_secs_f64();
    let cpu = u.cpu_s;
    println!(
        "stdin eval: {mb} MB logfmt in {wall:.2}s wall, {cpu:.2}s CPU = {:.0} MB/s per core; peak RSS {:.1} MB",
        mb as f64 / cpu,
        u.max_rss_mb
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    parse_bench();
    eval_bench();
}

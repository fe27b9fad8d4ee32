//! LogQL benchmarks: parsing typical queries, and `--file` evaluation of a
//! large logfmt file through `| logfmt | level="error" | line_format "{{.msg}}"`.
//!
//! Run: `cargo bench --bench logql` (BENCH_LOGQL_MB sets the file size, default 1024).

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
    common::logfmt_file(&path, mb);
    let start = Instant::now();
    let u = common::measure(
        common::clean(env!("CARGO_BIN_EXE_logcli"))
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

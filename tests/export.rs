//! Parallel, resumable export: any worker count, interrupted or resumed,
//! prints exactly the entries of a sequential query, once each, in order.

mod support;

use support::server::{Dataset, Fault, Server};
use support::*;

const BASE: i64 = 1_611_050_400_000_000_000; // 2021-01-19T10:00:00Z
const N: u64 = 20_000;
const STEP: i64 = 360_000_000; // 20,000 entries over 2 hours

fn server() -> Server {
    Server::start(Dataset::Synthetic {
        n: N,
        streams: 10,
        base: BASE,
        step_ns: STEP,
        line_len: 120,
    })
}

fn base_args() -> Vec<String> {
    let to = (BASE + N as i64 * STEP).to_string();
    [
        "query",
        "-q",
        "-o",
        "raw",
        r#"{job="bench"}"#,
        "--from",
        &BASE.to_string(),
        "--to",
        &to,
        "--batch",
        "700",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn run(s: &Server, extra: &[&str]) -> std::process::Output {
    let mut a = base_args();
    a.extend(extra.iter().map(|s| s.to_string()));
    logcli(&s.url()).args(&a).output().unwrap()
}

fn sequential(s: &Server, forward: bool) -> String {
    let mut extra = vec!["--limit", "0"];
    if forward {
        extra.push("--forward");
    }
    let out = run(s, &extra);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_eq!(text.lines().count() as u64, N);
    text
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("logcli-export-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn parts(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn parallel_stdout_is_in_order_in_both_directions() {
    let s = server();
    for forward in [true, false] {
        let want = sequential(&s, forward);
        let mut extra = vec!["--parallel-max-workers", "4", "--parallel-duration", "15m"];
        if forward {
            extra.push("--forward");
        }
        let out = run(&s, &extra);
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert_eq!(stdout_of(&out), want, "forward={forward}");
    }
}

#[test]
fn part_files_are_named_like_logcli_and_resume_skips_completed_ones() {
    let s = server();
    let want = sequential(&s, true);
    let dir = tempdir("resume");
    let prefix = dir.join("q").to_string_lossy().into_owned();
    let common = [
        "--parallel-max-workers",
        "3",
        "--parallel-duration",
        "30m",
        "--forward",
        "--part-path-prefix",
        &prefix,
    ];
    let out = run(&s, &common);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "", "without --merge-parts nothing is printed");
    assert_eq!(
        parts(&dir),
        [
            "q_20210119T100000_20210119T103000.part",
            "q_20210119T103000_20210119T110000.part",
            "q_20210119T110000_20210119T113000.part",
            "q_20210119T113000_20210119T120000.part",
        ]
    );
    // interrupted run: two parts missing, one of them left half-written
    std::fs::remove_file(dir.join("q_20210119T103000_20210119T110000.part")).unwrap();
    std::fs::remove_file(dir.join("q_20210119T113000_20210119T120000.part")).unwrap();
    std::fs::write(dir.join("q_20210119T113000_20210119T120000.part.tmp"), "garbage\n").unwrap();
    let before = s.requests().len();
    let mut a = common.to_vec();
    a.extend(["--merge-parts", "--keep-parts"]);
    let out = run(&s, &a);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), want, "merged output equals the sequential query");
    let fetched: std::collections::BTreeSet<String> = s.requests()[before..]
        .iter()
        .map(|r| r.param("start").unwrap().to_string())
        .collect();
    // only the two missing half-hour jobs were downloaded (each paged from its
    // start, asked 1 ns early as every whole-millisecond start is: see the pager)
    assert!(fetched.contains(&(BASE + 1_800_000_000_000 - 1).to_string()));
    assert!(fetched.contains(&(BASE + 5_400_000_000_000 - 1).to_string()));
    assert!(!fetched.contains(&(BASE - 1).to_string()));
    assert_eq!(parts(&dir).len(), 4, "--keep-parts keeps them; no .tmp left");
    // --merge-parts without --keep-parts removes them after printing
    let mut a = common.to_vec();
    a.push("--merge-parts");
    let out = run(&s, &a);
    assert_eq!(stdout_of(&out), want);
    assert!(parts(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn overwrite_completed_parts_downloads_again() {
    let s = server();
    let dir = tempdir("overwrite");
    let prefix = dir.join("q").to_string_lossy().into_owned();
    let common = [
        "--parallel-max-workers",
        "2",
        "--parallel-duration",
        "1h",
        "--part-path-prefix",
        &prefix,
    ];
    assert!(run(&s, &common).status.success());
    let n = s.requests().len();
    assert!(run(&s, &common).status.success());
    assert_eq!(s.requests().len(), n, "complete parts are skipped");
    let mut a = common.to_vec();
    a.push("--overwrite-completed-parts");
    assert!(run(&s, &a).status.success());
    assert!(s.requests().len() > n);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_part_is_retried_and_reported() {
    let s = server();
    let want = sequential(&s, false);
    s.push_fault(Fault::Status(500, "querier restarting".into(), None));
    let mut a = base_args();
    a.retain(|x| x != "-q");
    a.extend(
        ["--parallel-max-workers", "2", "--parallel-duration", "30m"]
            .iter()
            .map(|x| x.to_string()),
    );
    let out = logcli(&s.url()).args(&a).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), want);
    assert!(stderr_of(&out).contains("querier restarting"), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("retrying"), "{}", stderr_of(&out));
}

/// A part that keeps failing ends the run with Loki's status and text, said once.
#[test]
fn a_part_that_keeps_failing_is_reported_once() {
    let s = server();
    for _ in 0..20 {
        s.push_fault(Fault::Status(404, "no such tenant".into(), None));
    }
    let mut a = base_args();
    a.retain(|x| x != "-q");
    a.extend(
        ["--parallel-max-workers", "2", "--parallel-duration", "30m"]
            .iter()
            .map(|x| x.to_string()),
    );
    let out = logcli(&s.url()).args(&a).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("logcli: server returned HTTP 404: part "), "{err}");
    assert!(last.ends_with("failed after 3 attempts: no such tenant"), "{err}");
}

/// A part file that cannot be written is an I/O failure (exit 1) naming the
/// file, not a usage error.
#[test]
fn a_part_file_that_cannot_be_written_exits_1() {
    let s = server();
    let dir = tempdir("unwritable");
    std::fs::write(dir.join("not-a-dir"), "").unwrap();
    let prefix = dir.join("not-a-dir").join("q").to_string_lossy().into_owned();
    let out = run(&s, &["--parallel-max-workers", "2", "--part-path-prefix", &prefix]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("not-a-dir/q_"), "{}", stderr_of(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Without a prefix the parts live in a private directory (0700) that is
/// removed however the run ends, here by a reader that went away.
#[test]
fn the_private_part_directory_is_private_and_always_removed() {
    use std::os::unix::fs::PermissionsExt;
    let s = server();
    s.set_delay(Some(std::time::Duration::from_millis(100)));
    let tmp = tempdir("private");
    let (reader, writer) = std::io::pipe().unwrap();
    let mut a = base_args();
    a.extend(["--parallel-max-workers", "2", "--parallel-duration", "30m"].map(String::from));
    let child = support::bin()
        .env("LOKI_ADDR", s.url())
        .env("TMPDIR", &tmp)
        .args(&a)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let dir = loop {
        if let Some(d) = std::fs::read_dir(&tmp).unwrap().next() {
            break d.unwrap().path();
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "no part directory"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    assert!(dir.file_name().unwrap().to_string_lossy().starts_with("logcli-export-"));
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "only the owner may read the parts: {mode:o}");
    // the reader of stdout goes away before the first part is merged
    drop(reader);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(parts(&tmp).is_empty(), "left behind: {:?}", parts(&tmp));
    let _ = std::fs::remove_dir_all(&tmp);
}

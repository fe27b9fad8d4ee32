//! `tail --file` / `tail --stdin`: files followed like `tail -F` (rotation,
//! truncation, files that appear later, several merged in time order), a
//! pipe until it closes, the CI conditions, and lines that are too long or
//! not UTF-8. Every wait is on what the output shows.

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::pty::Pty;

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("logcli-follow-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn path(&self, f: &str) -> PathBuf {
        self.0.join(f)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn append(p: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(p).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// A running `logcli tail ...`, its stdout and stderr collected.
struct Run {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
}

fn collect(mut r: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let b = buf.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 65536];
        while let Ok(n) = r.read(&mut chunk) {
            if n == 0 {
                break;
            }
            b.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    buf
}

impl Run {
    fn start(dir: &Dir, args: &[&str]) -> Run {
        Self::with_stdin(dir, args, Stdio::null())
    }

    fn with_stdin(dir: &Dir, args: &[&str], stdin: Stdio) -> Run {
        let mut child = support::bin()
            .current_dir(&dir.0)
            .arg("tail")
            .args(args)
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = collect(child.stdout.take().unwrap());
        let err = collect(child.stderr.take().unwrap());
        Run { child, out, err }
    }

    fn out(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    fn err(&self) -> String {
        String::from_utf8_lossy(&self.err.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, what: &str) {
        let start = Instant::now();
        while !self.out().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what:?}; out:\n{}\nerr:\n{}",
                self.out(),
                self.err()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn wait_err(&self, what: &str) {
        let start = Instant::now();
        while !self.err().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what:?} on stderr"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// SIGTERM, as at the end of a session: exit 0 with everything printed.
    fn stop(mut self) -> (i32, String) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let code = self.child.wait().unwrap().code().unwrap_or(-1);
        (code, self.out())
    }

    fn exit(mut self) -> (i32, String) {
        let code = self.child.wait().unwrap().code().unwrap_or(-1);
        // the collector threads end with the pipes
        let start = Instant::now();
        while Arc::strong_count(&self.out) > 1 && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        (code, self.out())
    }
}

#[test]
fn shows_the_newest_lines_then_what_is_appended_through_the_pipeline() {
    let d = Dir::new("basic");
    let f = d.path("app.log");
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&format!("level={} n={i}\n", if i % 2 == 0 { "info" } else { "error" }));
    }
    append(&f, &text);
    let run = Run::start(
        &d,
        &[
            "--file",
            "app.log",
            "--limit",
            "3",
            "-o",
            "raw",
            r#"{} | logfmt | level="error""#,
        ],
    );
    run.wait_for("n=49");
    append(&f, "level=info n=50\nlevel=error n=51\n");
    run.wait_for("n=51");
    let (code, out) = run.stop();
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "level=error n=45\nlevel=error n=47\nlevel=error n=49\nlevel=error n=51\n"
    );
}

#[test]
fn survives_rotation_truncation_and_files_that_appear_later() {
    let d = Dir::new("rotate");
    let a = d.path("a.log");
    append(&a, "a1\n");
    let run = Run::start(&d, &["--file", "a.log", "--file", "later.log", "-o", "raw", "{}"]);
    run.wait_for("a1\n");
    // rename + new file; the old file's last writes still count
    std::fs::rename(&a, d.path("a.log.1")).unwrap();
    append(&d.path("a.log.1"), "a2 written after the rename\n");
    append(&a, "a3 in the new file\n");
    run.wait_for("a3 in the new file\n");
    run.wait_err("a.log: rotated");
    // copytruncate
    std::fs::OpenOptions::new().write(true).truncate(true).open(&a).unwrap();
    run.wait_err("a.log: truncated");
    append(&a, "a4 after truncation\n");
    run.wait_for("a4 after truncation\n");
    // a file that was not there at the start is waited for, then read from its beginning
    run.wait_err("later.log: does not exist yet; waiting for it");
    append(&d.path("later.log"), "l1\nl2\n");
    run.wait_for("l2\n");
    let (code, out) = run.stop();
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "a1\na2 written after the rename\na3 in the new file\na4 after truncation\nl1\nl2\n"
    );
}

#[test]
fn two_files_are_merged_in_time_order_and_the_selector_picks_by_filename() {
    let d = Dir::new("merge");
    let (api, web) = (d.path("api.log"), d.path("web.log"));
    append(&api, "2026-01-01T00:00:00Z start\n");
    append(&web, "");
    let args = [
        "--file",
        "api.log",
        "--file",
        "web.log",
        "--from",
        "2025-01-01T00:00:00Z",
        "--delay-for",
        "1s",
        "--stdin-timestamp",
        r"^(\S+)",
        "-z",
        "UTC",
        "-o",
        "raw",
    ];
    let both = Run::start(&d, &[&args[..], &["{}"]].concat());
    let only_api = Run::start(&d, &[&args[..], &[r#"{filename=~".*api.*"}"#]].concat());
    // both have started when the history shows
    both.wait_for("start");
    only_api.wait_for("start");
    // written web first, but api's entries are older
    append(&web, "2026-01-01T00:00:03Z web c\n2026-01-01T00:00:05Z web e\n");
    append(&api, "2026-01-01T00:00:02Z api b\n2026-01-01T00:00:04Z api d\n");
    both.wait_for("web e");
    only_api.wait_for("api d");
    let (_, out) = both.stop();
    assert_eq!(
        out,
        "2026-01-01T00:00:00Z start\n2026-01-01T00:00:02Z api b\n2026-01-01T00:00:03Z web c\n\
         2026-01-01T00:00:04Z api d\n2026-01-01T00:00:05Z web e\n"
    );
    let (_, out) = only_api.stop();
    assert!(!out.contains("web"), "{out}");
}

#[test]
fn stdin_is_followed_until_the_pipe_closes() {
    let d = Dir::new("pipe");
    let mut run = Run::with_stdin(&d, &["--stdin", "-o", "raw", r#"|= "keep""#], Stdio::piped());
    let mut w = run.child.stdin.take().unwrap();
    w.write_all(b"keep 1\ndrop\n").unwrap();
    w.flush().unwrap();
    run.wait_for("keep 1\n");
    w.write_all(b"keep 2\n").unwrap();
    drop(w);
    let (code, out) = run.exit();
    assert_eq!(code, 0);
    assert_eq!(out, "keep 1\nkeep 2\n");
}

#[test]
fn until_ends_a_followed_file_when_the_line_appears() {
    let d = Dir::new("until");
    let f = d.path("ci.log");
    append(&f, "booting\n");
    let run = Run::start(
        &d,
        &[
            "--file",
            "ci.log",
            "-o",
            "raw",
            "--until",
            r#"|= "ready""#,
            "--timeout",
            "5m",
            "{}",
        ],
    );
    run.wait_for("booting");
    append(&f, "still booting\nserver ready on :8080\nafter\n");
    let (code, out) = run.exit();
    assert_eq!(code, 0);
    assert_eq!(out, "booting\nstill booting\nserver ready on :8080\n");
}

#[test]
fn huge_lines_are_cut_with_a_marker_and_invalid_utf8_is_replaced() {
    let d = Dir::new("huge");
    let f = d.path("big.log");
    append(&f, "");
    let run = Run::start(&d, &["--file", "big.log", "--max-line-size", "1KiB", "-o", "raw", "{}"]);
    let mut huge = vec![b'x'; 5 << 20];
    huge.push(b'\n');
    let mut file = std::fs::OpenOptions::new().append(true).open(&f).unwrap();
    file.write_all(b"first\n").unwrap();
    run.wait_for("first\n");
    file.write_all(&huge).unwrap();
    file.write_all(b"bad \xff\xfe bytes\nlast\n").unwrap();
    run.wait_for("last\n");
    let (code, out) = run.stop();
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "{:?}",
        lines.iter().map(|l| l.len()).collect::<Vec<_>>()
    );
    assert_eq!(
        lines[1],
        format!("{}… [line cut: {} more bytes]", "x".repeat(1024), (5 << 20) - 1024)
    );
    assert_eq!(lines[2], "bad \u{fffd}\u{fffd} bytes");
    assert_eq!(lines[3], "last");
}

/// A test runner that dies before saying PASSED must not pass.
#[test]
fn a_pipe_that_ends_before_until_matches_fails_the_check() {
    let d = Dir::new("unmet");
    let mut run = Run::with_stdin(
        &d,
        &[
            "--stdin",
            "-o",
            "raw",
            "--until",
            r#"|= "PASSED""#,
            "--timeout",
            "10m",
            "{}",
        ],
        Stdio::piped(),
    );
    let mut w = run.child.stdin.take().unwrap();
    w.write_all(b"running 3 tests\n").unwrap();
    drop(w);
    let err = run.err.clone();
    let (code, out) = run.exit();
    assert_eq!(code, 4);
    assert_eq!(out, "running 3 tests\n");
    assert!(
        String::from_utf8_lossy(&err.lock().unwrap()).contains("the input ended before --until matched"),
        "{}",
        String::from_utf8_lossy(&err.lock().unwrap())
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let d = Dir::new("flags");
    std::fs::create_dir_all(d.path("adir")).unwrap();
    for (args, msg) in [
        (vec!["--file", "x.log", r#"{job="x"}"#], "matches none of the inputs"),
        (vec!["--file", "adir", "{}"], "adir: is a directory"),
        (
            vec!["--file", "x.log", "--max-line-size", "1.5MB", "{}"],
            "whole number",
        ),
        (
            vec!["--file", "x.log", "--max-line-size", "lots", "{}"],
            "--max-line-size",
        ),
        (vec!["--file", "x.log", "{} |= "], "parse error"),
        (vec!["--file", "x.log", "count_over_time({}[1m])"], "log queries only"),
    ] {
        let out = support::bin()
            .current_dir(&d.0)
            .arg("tail")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{args:?}: {err}");
    }
}

/// On a terminal each matching line shows as soon as it is written.
#[test]
fn a_followed_file_is_line_buffered_on_a_terminal() {
    let d = Dir::new("tty");
    let f = d.path("t.log");
    append(&f, "");
    let pty = Pty::open();
    let mut child = support::bin()
        .current_dir(&d.0)
        .args(["tail", "--file", "t.log", "--no-interactive", "-o", "raw", "{}"])
        .stdin(Stdio::null())
        .stdout(Stdio::from(pty.slave_fd()))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for i in 0..3 {
        let line = format!("line {i}");
        append(&f, &format!("{line}\n"));
        let start = Instant::now();
        while !pty.screen().contains(&line) {
            assert!(start.elapsed() < Duration::from_secs(30), "{line} not shown");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// README's first command: the demo replay piped into `tail --stdin`
/// prints every error line of the fixture and ends when the replay does.
#[test]
fn the_readme_demo_runs_without_a_server() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let first = readme.lines().find(|l| l.starts_with("sh fixtures/demo.sh")).unwrap();
    let args = first.split_once("cargo run --release -- ").unwrap().1;
    assert_eq!(args, r#"tail --stdin '{} | logfmt | level="error"' --no-labels"#);
    let mut demo = std::process::Command::new("sh")
        .arg(format!("{root}/fixtures/demo.sh"))
        .env("RATE", "0")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = support::bin()
        .args(["tail", "--stdin", r#"{} | logfmt | level="error""#, "--no-labels"])
        .stdin(demo.stdout.take().unwrap())
        .output()
        .unwrap();
    assert!(demo.wait().unwrap().success());
    assert_eq!(out.status.code(), Some(0));
    let fixture = std::fs::read_to_string(format!("{root}/fixtures/app.log")).unwrap();
    let errors: Vec<&str> = fixture.lines().filter(|l| l.contains(" level=error ")).collect();
    let text = String::from_utf8_lossy(&out.stdout);
    let printed: Vec<&str> = text.lines().map(|l| l.split_once(' ').unwrap().1).collect();
    assert!(!errors.is_empty());
    assert_eq!(printed, errors);
}

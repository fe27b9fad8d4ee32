//! Output reaches the reader when it matters: line by line on a terminal,
//! whenever the input is idle on a pipe, and a closed stdout or a deadline
//! ends the run through the error map (exit 0 / 124), never a panic.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::pty::Pty;

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `kubectl logs -f | logcli query --stdin ...` on a terminal: each matching
/// line shows as soon as it is read, while stdin is still open.
#[test]
fn stdin_on_a_terminal_prints_each_matching_line_at_once() {
    let pty = Pty::open();
    let mut child = support::bin()
        .args(["query", "--stdin", r#"{} |= "match""#, "-o", "raw"])
        .stdin(Stdio::piped())
        .stdout(Stdio::from(pty.slave_fd()))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"skip this\nmatch one\n").unwrap();
    stdin.flush().unwrap();
    wait_until("first match on the terminal", || pty.screen().contains("match one"));
    stdin.write_all(b"match two\n").unwrap();
    stdin.flush().unwrap();
    wait_until("second match on the terminal", || pty.screen().contains("match two"));
    assert!(!pty.screen().contains("skip"));
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// To a pipe the output is block-buffered, but flushed whenever the input
/// has nothing more for now: a slow producer's lines are not held back.
#[test]
fn stdin_to_a_pipe_is_flushed_when_the_input_is_idle() {
    let mut child = support::bin()
        .args(["query", "--stdin", r#"{} |= "match""#, "-o", "raw"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    stdin.write_all(b"match one\nother\n").unwrap();
    stdin.flush().unwrap();
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "match one\n", "arrives while stdin is still open");
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// A reader that is gone before anything is written: quiet success, for
/// the small outputs of `config show` and for entries alike.
#[test]
fn a_closed_stdout_ends_quietly_with_success() {
    for args in [vec!["config", "show"], vec!["query", "--stdin", "{}", "-o", "raw"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut child = support::bin()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(b"a line\n");
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: nothing to say about a closed pipe: {err}");
    }
}

/// `--timeout` while stdin stays open: what matched is out, the message is
/// printed once, and the exit code is 124.
#[test]
fn a_deadline_on_open_stdin_exits_124_after_printing_what_matched() {
    let mut child = support::bin()
        .args([
            "query",
            "--stdin",
            r#"{} |= "ok""#,
            "-o",
            "raw",
            "--until",
            "ready",
            "--timeout",
            "1s",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"ok so far\n").unwrap();
    stdin.flush().unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(124), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok so far\n");
    assert_eq!(err.matches("--timeout 1s reached").count(), 1, "{err}");
}

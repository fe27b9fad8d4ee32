//! Output reaches the reader when it matters: line by line on a terminal,
//! whenever the input is idle on a pipe, and a closed stdout or a deadline
//! ends the run through the error map (exit 0 / 124), never a panic; a
//! closed stderr changes nothing but the messages.

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
/// printed once, and the exit code is 124. A tail stops as on Ctrl-C: the
/// entry its delay-for heap still holds is printed (a deadline that just
/// dropped the run, or exited from a watchdog thread, loses it).
#[test]
fn a_deadline_on_open_stdin_exits_124_after_printing_what_matched() {
    for cmd in ["query", "tail"] {
        let mut args = vec![
            cmd,
            "--stdin",
            r#"{} |= "ok""#,
            "-o",
            "raw",
            "--until",
            "ready",
            "--timeout",
            "3s",
        ];
        if cmd == "tail" {
            args.extend(["--delay-for", "1m"]);
        }
        let mut child = support::bin()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"ok so far\n").unwrap();
        stdin.flush().unwrap();
        let done = child.wait_with_output().unwrap();
        drop(stdin);
        let err = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(124), "{cmd}: {err}");
        assert_eq!(String::from_utf8_lossy(&done.stdout), "ok so far\n", "{cmd}");
        assert_eq!(err.matches("--timeout 3s reached").count(), 1, "{cmd}: {err}");
    }
}

/// stderr closed (`2>&-` or a reader that is gone): the exit code is the
/// one the error map gives, never a panic (101).
#[test]
fn a_closed_stderr_keeps_the_exit_code() {
    let s = support::server::Server::start(support::server::Dataset::captured());
    let url = s.url();
    let cases: [(Vec<&str>, i32); 3] = [
        (vec!["query", "--addr", "http://127.0.0.1:1", r#"{a="b"}"#], 3),
        (vec!["query", "--addr", &url, r#"{a="b""#], 2),
        (
            vec![
                "query",
                "--addr",
                &url,
                "--from",
                support::FROM,
                "--to",
                support::TO,
                r#"{job="wire77875"}"#,
            ],
            0,
        ),
    ];
    for (args, code) in cases {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (out_reader, out_writer) = std::io::pipe().unwrap();
        drop(out_reader);
        let status = support::bin()
            .args(&args)
            .stdout(out_writer)
            .stderr(writer)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

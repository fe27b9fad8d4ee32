//! Exit conditions for CI checks and colour decisions.

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::server::{Dataset, Server};
use support::*;

fn all(s: &Server, extra: &[&str]) -> std::process::Output {
    let mut a = vec![
        "query",
        "-q",
        "-o",
        "raw",
        r#"{job="wire77875"}"#,
        "--from",
        FROM,
        "--to",
        TO,
        "--limit",
        "0",
        "--forward",
    ];
    a.extend_from_slice(extra);
    logcli(&s.url()).args(&a).output().unwrap()
}

#[test]
fn until_stops_at_first_match_with_success() {
    let s = Server::start(Dataset::captured());
    let out = all(&s, &["--until", "dead+lock"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_of(&out);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().last().unwrap().contains("deadlock"));
}

#[test]
fn fail_on_with_a_logql_pipeline_prints_the_entry_and_exits_1() {
    let s = Server::start(Dataset::captured());
    let out = all(&s, &["--fail-on", "| logfmt | status >= 500"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout_of(&out);
    assert!(text.lines().last().unwrap().contains("status=500"), "{text}");
    assert_eq!(text.lines().count(), 3);
    assert!(stderr_of(&out).contains("--fail-on matched"));
    // a line filter works too; no match means success
    let out = all(&s, &["--fail-on", r#"|= "panic""#]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_of(&out).lines().count(), 10);
}

#[test]
fn max_entries_and_expect_min() {
    let s = Server::start(Dataset::captured());
    let out = all(&s, &["--max-entries", "2"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_of(&out).lines().count(), 2);
    let out = all(&s, &["--expect-min", "10"]);
    assert_eq!(out.status.code(), Some(0));
    let out = all(&s, &["--expect-min", "11"]);
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(stdout_of(&out).lines().count(), 10, "entries are still printed");
    assert!(stderr_of(&out).contains("expected at least 11 entries, got 10"));
    let out = all(&s, &["--until", "[", "--expect-min", "1"]);
    assert_eq!(out.status.code(), Some(2), "bad regex is a usage error");
}

#[test]
fn tail_waits_for_ready_line_or_times_out_with_124() {
    let s = Server::start(Dataset::Streams(vec![]));
    let child = support::bin()
        .env("LOKI_ADDR", s.url())
        .args([
            "tail",
            "-q",
            "--no-history",
            "-o",
            "raw",
            r#"{job="t"}"#,
            "--until",
            r#"|= "ready""#,
            "--timeout",
            "30s",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while s.tail_clients() == 0 {
        assert!(start.elapsed() < Duration::from_secs(15));
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut l = BTreeMap::new();
    l.insert("job".to_string(), "t".to_string());
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64;
    s.push(
        &[
            (l.clone(), ts, "starting".into()),
            (l.clone(), ts + 1, "server ready".into()),
            (l, ts + 2, "after".into()),
        ],
        true,
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "starting\nserver ready\n");

    let out = logcli(&s.url())
        .args([
            "tail",
            "-q",
            "--no-history",
            r#"{job="t"}"#,
            "--until",
            "never",
            "--timeout",
            "300ms",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124));
    assert!(
        stderr_of(&out).contains("--timeout 300ms reached"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn stdin_check_ends_while_input_is_still_open() {
    let mut child = support::bin()
        .args(["query", "--stdin", "-o", "raw", "{}", "--until", "ready"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"booting\nready now\n").unwrap();
    input.flush().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        lines.push(l);
    }
    assert_eq!(lines, ["booting\n", "ready now\n"]);
    // exits although stdin is still open
    assert_eq!(child.wait().unwrap().code(), Some(0));
    drop(input);

    let mut child = support::bin()
        .args(["query", "--stdin", "{}", "--until", "ready", "--timeout", "300ms"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // keep stdin open (wait() would close it)
    let input = child.stdin.take().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(124));
    drop(input);
}

fn colored(extra: &[&str], env: &[(&str, &str)]) -> String {
    let s = Server::start(Dataset::captured());
    let mut c = logcli(&s.url());
    for (k, v) in env {
        c.env(k, v);
    }
    let mut a = vec![
        "query",
        "-q",
        r#"{job="wire77875"}"#,
        "--from",
        FROM,
        "--to",
        TO,
        "--limit",
        "4",
    ];
    a.extend_from_slice(extra);
    let out = c.args(&a).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}

#[test]
fn colour_decisions() {
    // piped: no colour by default, even with TERM set (the captured data has
    // its own ANSI codes inside one line, so look for the timestamp colour)
    assert!(!colored(&[], &[("TERM", "xterm")]).contains("\u{1b}[34m"));
    assert!(!colored(&[], &[("NO_COLOR", "1"), ("TERM", "xterm")]).contains("\u{1b}[34m"));
    let forced = colored(&["--color", "always"], &[]);
    assert!(
        forced.starts_with("\u{1b}[34m2026-11-25T03:33:16Z\u{1b}[0m \u{1b}[31m{"),
        "{forced:?}"
    );
    assert!(colored(&[], &[("CLICOLOR_FORCE", "1")]).contains("\u{1b}[34m"));
    assert!(!colored(&[], &[("CLICOLOR_FORCE", "0")]).contains("\u{1b}[34m"));
    assert!(!colored(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains("\u{1b}[34m"));
    // never in raw or jsonl
    for mode in ["raw", "jsonl"] {
        let t = colored(&["--color", "always", "-o", mode, "--highlight", "line"], &[]);
        assert!(!t.contains("\u{1b}[34m") && !t.contains("\u{1b}[7m"), "{mode}: {t:?}");
    }
}

#[test]
fn stream_colours_are_stable_and_highlight_marks_matches() {
    let a = colored(&["--color", "always", "--color-by", "stream"], &[]);
    let b = colored(&["--color", "always", "--colored-output"], &[]);
    assert_eq!(a, b, "same streams, same colours, across runs and spellings");
    assert!(!a.contains("\u{1b}[31m{"), "not the fixed red: {a:?}");
    let h = colored(&["--color", "always", "--highlight", "line (one|two)"], &[]);
    assert!(h.contains("dev \u{1b}[1m\u{1b}[7mline two\u{1b}[0m"), "{h:?}");
    let plain = colored(&["--highlight", "line (one|two)"], &[]);
    assert!(plain.contains("dev line two\n"), "no marks when not colouring");
}

/// A pipeline's error points into the text the user typed.
#[test]
fn a_pattern_error_points_at_the_users_column() {
    let out = support::logcli("http://127.0.0.1:1")
        .args(["query", "--stdin", "{}", "--until", r#"|= "seq="#])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("col 4"), "{err}");
    assert!(err.contains("  |= \"seq=\n     ^"), "the caret under the quote: {err}");
}

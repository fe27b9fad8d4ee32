//! LogQL in the client: validation before sending, `fmt`, local evaluation.

mod support;

use support::server::{Dataset, Server};
use support::*;

#[test]
fn invalid_query_is_never_sent_and_shows_position() {
    let s = Server::start(Dataset::captured());
    let out = logcli(&s.url())
        .args(["query", r#"{app="x""#, "--from", FROM, "--to", TO])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(s.requests().is_empty(), "nothing sent");
    assert_eq!(
        stderr_of(&out),
        "logcli: parse error at line 1, col 9: syntax error: unexpected $end, expecting } or ,\n  {app=\"x\"\n          ^\n"
    );
    // the same text Loki gives (fixtures/loki-wire/error-parse.txt)
    let loki = String::from_utf8(support::server::wire("error-parse.txt")).unwrap();
    assert!(stderr_of(&out).contains(loki.trim_end()));
}

#[test]
fn empty_compatible_selector_refused_locally_like_loki() {
    let s = Server::start(Dataset::captured());
    let out = logcli(&s.url()).args(["query", r#"{app=~".*"}"#]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(s.requests().is_empty());
    let loki = String::from_utf8(support::server::wire("error-empty-selector.txt")).unwrap();
    assert!(stderr_of(&out).contains(loki.trim_end()), "{}", stderr_of(&out));
}

#[test]
fn no_validate_sends_the_query_and_shows_loki_error() {
    let s = Server::start(Dataset::captured());
    let out = logcli(&s.url())
        .args(["query", "--no-validate", r#"{app="x""#, "--from", FROM, "--to", TO])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(s.requests().len(), 1);
    assert!(stderr_of(&out).contains("HTTP 400: parse error at line 1, col 9"));
}

#[test]
fn instant_query_and_series_are_validated() {
    let s = Server::start(Dataset::captured());
    let out = logcli(&s.url())
        .args(["instant-query", "sum(rate({a=\"b\"}[5m]"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = logcli(&s.url()).args(["series", r#"{a="b"} |= "x""#]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(s.requests().is_empty());
}

#[test]
fn fmt_matches_loki_format_query_capture() {
    let cap: serde_json::Value = serde_json::from_slice(&support::server::wire("format_query.json")).unwrap();
    let out = logcli("http://127.0.0.1:1")
        .arg("fmt")
        .write_stdin("sum by(app)(rate({app=\"x\"}|json|unwrap latency[5m]))>2\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), format!("{}\n", cap["data"].as_str().unwrap()));
    // idempotent
    let again = logcli("http://127.0.0.1:1")
        .arg("fmt")
        .arg(cap["data"].as_str().unwrap())
        .output()
        .unwrap();
    assert_eq!(stdout_of(&again), stdout_of(&out));
}

#[test]
fn fmt_several_queries_and_bad_one() {
    let out = logcli("http://127.0.0.1:1")
        .arg("fmt")
        .write_stdin("{a=\"b\"}|=\"x\"\n\ncount_over_time({a=\"b\"}[1m])\n")
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "{a=\"b\"} |= \"x\"\ncount_over_time({a=\"b\"}[1m])\n");
    let cap: serde_json::Value = serde_json::from_slice(&support::server::wire("error-format_query.json")).unwrap();
    let out = logcli("http://127.0.0.1:1")
        .arg("fmt")
        .write_stdin("{app=\"x\"\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains(cap["error"].as_str().unwrap()),
        "{}",
        stderr_of(&out)
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn stdin_evaluates_pipeline_streaming_every_line() {
    let input = std::fs::read_to_string(fixture("app.log")).unwrap();
    let want: Vec<&str> = input.lines().filter(|l| l.contains(" level=error ")).collect();
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "--stdin", "-o", "raw", r#"{} | logfmt | level="error""#])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let got: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
    assert_eq!(got, want, "every error line, in input order, no default limit");
    assert!(got.len() > 30);
}

#[test]
fn stdin_line_format_jsonl_and_timestamps_from_lines() {
    let input = "ts=2026-11-25T10:00:01.5Z level=error msg=\"disk full\" status=507\nts=2026-11-25T10:00:02Z level=info msg=ok\n";
    let out = logcli("http://127.0.0.1:1")
        .args([
            "query",
            "--stdin",
            "-o",
            "jsonl",
            "--stdin-labels",
            r#"job="app",env="dev""#,
            "--stdin-timestamp",
            r"ts=(\S+)",
            r#"{job="app"} | logfmt | status >= 500 | line_format "{{.msg}} ({{.status}})" | keep job, msg"#,
        ])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "{\"labels\":{\"job\":\"app\",\"msg\":\"disk full\"},\"line\":\"disk full (507)\",\"timestamp\":\"2026-11-25T10:00:01.5Z\"}\n"
    );
    // a selector that does not match the stdin labels prints nothing
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "--stdin", "--stdin-labels", r#"job="app""#, r#"{job="other"}"#])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_of(&out), "");
}

#[test]
fn files_are_read_in_order_and_limit_applies() {
    let dir = std::env::temp_dir().join(format!("logcli-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.log"), "a1 x\na2\na3 x\n").unwrap();
    std::fs::write(dir.join("b.log"), "b1 x\n").unwrap();
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "-o", "raw", r#"{} |= "x""#, "--file"])
        .arg(dir.join("a.log"))
        .arg("--file")
        .arg(dir.join("b.log"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "a1 x\na3 x\nb1 x\n");
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "-o", "raw", "--limit", "2", r#"{} |= "x""#, "--file"])
        .arg(dir.join("a.log"))
        .args(["--file", "-"])
        .write_stdin("s1 x\n")
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "a1 x\na3 x\n");
    // --stdin beside --file: stdin is read too (first), not ignored
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "-o", "raw", "--stdin", r#"{} |= "x""#, "--file"])
        .arg(dir.join("b.log"))
        .write_stdin("s1 x\n")
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "s1 x\nb1 x\n");
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "{}", "--file", "/nonexistent.log"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stdin_invalid_utf8_and_metric_queries() {
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "--stdin", "-o", "raw", "{}"])
        .write_stdin(b"ok \xff\xfe bytes\n".to_vec())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_of(&out), "ok \u{fffd}\u{fffd} bytes\n");
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "--stdin", "count_over_time({}[1m])"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("log queries only"));
}

#[test]
fn stdin_query_may_omit_the_selector_and_fmt_reads_one_multiline_query() {
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "--stdin", "-o", "raw", r#"|= "b""#])
        .write_stdin("a\nb\nab\n")
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "b\nab\n");
    let out = logcli("http://127.0.0.1:1")
        .arg("fmt")
        .write_stdin("sum by (app) (\n  count_over_time({app=\"x\"}\n\n  [5m])\n)\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "sum by (app)(count_over_time({app=\"x\"}[5m]))\n");
}

#[test]
fn fmt_splits_long_queries_like_lokis_prettifier() {
    let q = r#"{app="checkout", namespace="shop-production"} |= "error" != "timeout" | logfmt | level="error" | line_format "{{.msg}}""#;
    let out = logcli("http://127.0.0.1:1").arg("fmt").write_stdin(q).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "{app=\"checkout\", namespace=\"shop-production\"}\n  |= \"error\" != \"timeout\"\n  | logfmt\n  | level=\"error\"\n  | line_format \"{{.msg}}\"\n"
    );
    // the split form is itself a valid query with the same canonical form
    let again = logcli("http://127.0.0.1:1")
        .arg("fmt")
        .write_stdin(stdout_of(&out))
        .output()
        .unwrap();
    assert_eq!(stdout_of(&again), stdout_of(&out));
}

#[test]
fn stdin_timestamp_from_a_strftime_format() {
    let out = logcli("http://127.0.0.1:1")
        .args([
            "query",
            "--stdin",
            "-o",
            "jsonl",
            "--no-labels",
            "-z",
            "Europe/Paris",
            "--stdin-timestamp",
            "%Y-%m-%d %H:%M:%S%.3f",
            "{}",
        ])
        .write_stdin("2026-11-25 10:00:01.250 started\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // no offset in the line: read in --timezone (Paris, UTC+1)
    assert_eq!(
        stdout_of(&out),
        "{\"line\":\"2026-11-25 10:00:01.250 started\",\"timestamp\":\"2026-11-25T10:00:01.25+01:00\"}\n"
    );
}

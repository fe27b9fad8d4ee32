//! `logcli query` against the Loki-protocol test server.

mod support;

use std::collections::BTreeMap;

use support::server::{Dataset, Server};
use support::*;

fn captured() -> Server {
    Server::start(Dataset::captured())
}

#[test]
fn default_output_matches_logcli_bytes_for_captured_page() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "query",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "4",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // what Grafana's logcli v3.7.6 printed for the same query and answer
    let want = std::fs::read_to_string("fixtures/logcli/query-default-backward-limit4/stdout").unwrap();
    assert_eq!(stdout_of(&out), want);
    let err = stderr_of(&out);
    assert!(err.contains("Common labels: {app=\"web\", job=\"wire77875\"}"), "{err}");
    assert!(
        err.contains("/loki/api/v1/query_range?direction=BACKWARD&end=1795577876102279137&limit=4"),
        "{err}"
    );
    // the captured response was served: one request, exactly the captured parameters
    let reqs = s.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].param("start"), Some(FROM));
}

#[test]
fn quiet_prints_nothing_on_stderr() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "query",
            "-q",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "4",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stderr_of(&out), "");
    assert_eq!(stdout_of(&out).lines().count(), 4);
}

#[test]
fn jsonl_keeps_full_labels_and_nanoseconds() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "query",
            "-q",
            "-o",
            "jsonl",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "4",
            "--forward",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        r#"{"labels":{"app":"web","detected_level":"info","env":"prod","job":"wire77875"},"line":"level=info msg=\"GET /api/users\" status=200 duration=12ms","timestamp":"2026-11-25T03:32:55.102279137Z"}"#
    );
    // every line is JSON with the three keys in Go's order
    for l in text.lines() {
        assert!(l.starts_with("{\"labels\":{"), "{l}");
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["labels"]["job"], "wire77875");
    }
    assert_eq!(text.lines().count(), 4);
}

#[test]
fn raw_output_and_trailing_newline_rule() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
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
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines.len(), 11, "10 entries then the final empty split");
    // the line pushed with a trailing newline loses exactly that newline
    assert_eq!(lines[4], "level=warn msg=\"slow request\" status=200 duration=900ms");
    assert_eq!(lines[0], "level=info msg=\"GET /api/users\" status=200 duration=12ms");
    assert_eq!(lines[5], "x".repeat(20_000), "20 KB line intact");
}

fn run_query(s: &Server, extra: &[&str]) -> String {
    let mut args = vec![
        "query",
        "-q",
        "-o",
        "jsonl",
        r#"{job="wire77875"}"#,
        "--from",
        FROM,
        "--to",
        TO,
    ];
    args.extend_from_slice(extra);
    let out = logcli(&s.url()).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}

#[test]
fn paging_in_both_directions_equals_one_big_page() {
    let s = captured();
    for dir in [&[][..], &["--forward"][..]] {
        let mut base = vec!["--limit", "0", "--batch", "1000"];
        base.extend_from_slice(dir);
        let all = run_query(&s, &base);
        assert_eq!(all.lines().count(), 10);
        for batch in ["1", "2", "3", "4", "7"] {
            let mut a = vec!["--limit", "0", "--batch", batch];
            a.extend_from_slice(dir);
            assert_eq!(run_query(&s, &a), all, "batch {batch} {dir:?}");
        }
        // a limit that is not a multiple of the batch
        let mut a = vec!["--limit", "5", "--batch", "2"];
        a.extend_from_slice(dir);
        let five = run_query(&s, &a);
        assert_eq!(
            five.lines().collect::<Vec<_>>(),
            all.lines().take(5).collect::<Vec<_>>()
        );
    }
}

#[test]
fn backward_paging_moves_end_to_last_timestamp_plus_one() {
    let s = captured();
    run_query(&s, &["--limit", "3", "--batch", "2"]);
    let reqs = s.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].param("limit"), Some("2"));
    // newest two: ...596 and ...595; next page ends just after 595 and asks
    // for the one remaining entry plus the one seam entry
    assert_eq!(reqs[1].param("end"), Some("1795577595102279138"));
    assert_eq!(reqs[1].param("limit"), Some("2"));
}

/// Many streams, shared timestamps and identical lines in different streams:
/// logcli (which dedupes on timestamp and line only) loses entries here.
fn crowded() -> Dataset {
    let mut streams = Vec::new();
    for s in 0..4 {
        let mut labels = BTreeMap::new();
        labels.insert("job".to_string(), "crowd".to_string());
        labels.insert("pod".to_string(), format!("p{s}"));
        let mut values = Vec::new();
        for i in 0..25i64 {
            // five entries per timestamp across streams, same line text
            let ts = 1_000_000_000_000 + (i / 5) * 1000 + (s as i64 % 2);
            values.push((ts, format!("line {}", i % 3)));
        }
        values.sort();
        values.dedup();
        streams.push((labels, values));
    }
    Dataset::Streams(streams)
}

#[test]
fn seam_dedupe_uses_labels_so_nothing_is_lost_or_repeated() {
    let s = Server::start(crowded());
    let run = |extra: &[&str]| {
        let mut args = vec![
            "query",
            "-q",
            "-o",
            "jsonl",
            r#"{job="crowd"}"#,
            "--from",
            "1000",
            "--to",
            "2000",
            "--limit",
            "0",
        ];
        args.extend_from_slice(extra);
        let out = logcli(&s.url()).args(&args).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let mut lines: Vec<String> = stdout_of(&out).lines().map(String::from).collect();
        let n = lines.len();
        lines.sort();
        (n, lines)
    };
    let (n, reference) = run(&["--batch", "1000"]);
    let mut uniq = reference.clone();
    uniq.dedup();
    assert_eq!(uniq.len(), n, "no duplicates in one page");
    for batch in ["1", "2", "3", "5", "6", "11"] {
        for dir in [&[][..], &["--forward"][..]] {
            let mut a = vec!["--batch", batch];
            a.extend_from_slice(dir);
            let (m, got) = run(&a);
            assert_eq!(m, n, "batch {batch}");
            assert_eq!(got, reference, "batch {batch} {dir:?}");
        }
    }
}

#[test]
fn label_selection_flags() {
    let s = captured();
    let q = |extra: &[&str]| {
        let mut args = vec![
            "query",
            "-q",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "2",
        ];
        args.extend_from_slice(extra);
        let out = logcli(&s.url()).args(&args).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        stdout_of(&out)
    };
    assert_eq!(
        q(&["--no-labels"]),
        "2026-11-25T03:33:16Z dev line two\n2026-11-25T03:33:15Z dev line one\n"
    );
    assert_eq!(
        q(&["--include-label", "env"]),
        "2026-11-25T03:33:16Z {env=\"dev\"} dev line two\n2026-11-25T03:33:15Z {env=\"dev\"} dev line one\n"
    );
    assert_eq!(
        q(&["--exclude-label", "trace_id", "--exclude-label", "user"]),
        "2026-11-25T03:33:16Z {} dev line two\n2026-11-25T03:33:15Z {} dev line one\n"
    );
    assert_eq!(
        q(&["--include-common-labels", "--exclude-label", "detected_level", "--exclude-label", "trace_id", "--exclude-label", "user"]),
        "2026-11-25T03:33:16Z {app=\"web\", env=\"dev\", job=\"wire77875\"} dev line two\n2026-11-25T03:33:15Z {app=\"web\", env=\"dev\", job=\"wire77875\"} dev line one\n"
    );
    let padded = q(&["--no-labels", "--labels-length", "30"]);
    assert!(padded.starts_with("2026-11-25T03:33:16Z dev"));
    let padded = q(&["--include-label", "env", "--labels-length", "14"]);
    assert_eq!(
        padded.lines().next().unwrap(),
        "2026-11-25T03:33:16Z {env=\"dev\"}    dev line two"
    );
}

#[test]
fn timezone_and_timestamp_formats() {
    let s = captured();
    let q = |extra: &[&str]| {
        let mut args = vec![
            "query",
            "-q",
            "--no-labels",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "1",
        ];
        args.extend_from_slice(extra);
        let out = logcli(&s.url()).args(&args).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        stdout_of(&out)
    };
    assert_eq!(q(&["-z", "Asia/Tokyo"]), "2026-11-25T12:33:16+09:00 dev line two\n");
    assert_eq!(
        q(&["--timezone", "UTC", "--output-timestamp-format", "rfc3339nano"]),
        "2026-11-25T03:33:16.102279137Z dev line two\n"
    );
    assert_eq!(
        q(&["--output-timestamp-format", "unixdate", "-z", "Europe/Paris"]),
        "Wed Nov 25 04:33:16 CET 2026 dev line two\n"
    );
    assert_eq!(
        q(&["--output-timestamp-format", "stampmicro"]),
        "Nov 25 03:33:16.102279 dev line two\n"
    );
    // Local follows $TZ
    let out = logcli(&s.url())
        .env("TZ", "America/New_York")
        .args([
            "query",
            "-q",
            "--no-labels",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "2026-11-24T22:33:16-05:00 dev line two\n");
}

#[test]
fn relative_and_local_times_are_sent_as_nanoseconds() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "query",
            "-q",
            r#"{job="wire77875"}"#,
            "--from",
            "2026-11-25T04:32:54.102279137",
            "--to",
            "2026-11-25T04:37:56.102279137",
            "-z",
            "Europe/Paris",
            "--limit",
            "4",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r = &s.requests()[0];
    assert_eq!(r.param("start"), Some(FROM));
    assert_eq!(r.param("end"), Some(TO));
    assert_eq!(stdout_of(&out).lines().count(), 4);

    let out = logcli(&s.url())
        .args(["query", "-q", r#"{job="x"}"#, "--from", "now-2h", "--to", "now-1h"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let r = s.requests().pop().unwrap();
    let start: i64 = r.param("start").unwrap().parse().unwrap();
    let end: i64 = r.param("end").unwrap().parse().unwrap();
    assert_eq!(end - start, 3_600_000_000_000);
}

#[test]
fn metric_range_query_prints_indented_json_like_logcli() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "query",
            "-q",
            r#"sum by (app) (count_over_time({job="wire77875"} [1m]))"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--step",
            "60",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let expected = "[\n  {\n    \"metric\": {\n      \"app\": \"db\"\n    },\n    \"values\": [\n      [\n        1795577580,\n        \"2\"\n      ],\n      [\n        1795577640,\n        \"1\"\n      ]\n    ]\n  },\n  {\n    \"metric\": {\n      \"app\": \"web\"\n    },\n    \"values\": [\n      [\n        1795577580,\n        \"3\"\n      ],\n      [\n        1795577640,\n        \"4\"\n      ]\n    ]\n  }\n]";
    assert_eq!(stdout_of(&out), expected);
}

#[test]
fn instant_queries_vector_scalar_and_refused_log_query() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "instant-query",
            "-q",
            r#"sum by (app) (count_over_time({job="wire77875"} [10m]))"#,
            "--now",
            TO,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "[\n  {\n    \"metric\": {\n      \"app\": \"db\"\n    },\n    \"value\": [\n      1795577876.102,\n      \"3\"\n    ]\n  },\n  {\n    \"metric\": {\n      \"app\": \"web\"\n    },\n    \"value\": [\n      1795577876.102,\n      \"7\"\n    ]\n  }\n]"
    );
    let out = logcli(&s.url())
        .args(["instant-query", "-q", "1+1", "--now", TO])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "[\n  1795577876102,\n  \"2\"\n]");
    let out = logcli(&s.url())
        .args([
            "instant-query",
            "-q",
            r#"{job="wire77875"}"#,
            "--now",
            TO,
            "--limit",
            "3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out), "");
    assert!(stderr_of(&out).contains("log queries are not supported as an instant query type"));
}

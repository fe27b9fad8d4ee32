//! Connection, auth, retries, errors and exit codes, labels and series.

mod support;

use std::time::Duration;

use support::server::{Dataset, Fault, Server};
use support::*;

fn captured() -> Server {
    Server::start(Dataset::captured())
}

fn q(s: &Server) -> assert_cmd::Command {
    let mut c = logcli(&s.url());
    c.args([
        "query",
        r#"{job="wire77875"}"#,
        "--from",
        FROM,
        "--to",
        TO,
        "--limit",
        "4",
    ]);
    c
}

#[test]
fn tenant_tags_cache_and_custom_headers_are_sent() {
    let s = captured();
    let out = q(&s)
        .env("LOKI_ORG_ID", "tenant-a")
        .env("LOKI_QUERY_TAGS", "source=ci")
        .env("LOKI_NO_CACHE", "true")
        .args(["--header", "X-Extra: one", "--header", "X-Other:two"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r = &s.requests()[0];
    assert_eq!(r.header("X-Scope-OrgID"), Some("tenant-a"));
    assert_eq!(r.header("X-Query-Tags"), Some("source=ci"));
    assert_eq!(r.header("Cache-Control"), Some("no-cache"));
    assert_eq!(r.header("X-Extra"), Some("one"));
    assert_eq!(r.header("X-Other"), Some("two"));
}

#[test]
fn flag_beats_environment() {
    let s = captured();
    q(&s)
        .env("LOKI_ORG_ID", "from-env")
        .args(["--org-id", "from-flag"])
        .assert()
        .success();
    assert_eq!(s.requests()[0].header("X-Scope-OrgID"), Some("from-flag"));
    // --addr beats LOKI_ADDR
    let out = logcli("http://127.0.0.1:1")
        .args([
            "--addr",
            &s.url(),
            "query",
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
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn basic_auth_bearer_token_and_auth_header() {
    let s = captured();
    q(&s)
        .env("LOKI_USERNAME", "user")
        .env("LOKI_PASSWORD", "pass")
        .assert()
        .success();
    assert_eq!(s.requests()[0].header("Authorization"), Some("Basic dXNlcjpwYXNz"));

    let s = captured();
    q(&s)
        .args(["--bearer-token", "tok123", "--auth-header", "X-Auth"])
        .assert()
        .success();
    assert_eq!(s.requests()[0].header("X-Auth"), Some("Bearer tok123"));
    assert_eq!(s.requests()[0].header("Authorization"), None);

    let dir = std::env::temp_dir().join(format!("logcli-token-{}", std::process::id()));
    std::fs::write(&dir, "filetoken\n").unwrap();
    let s = captured();
    q(&s).env("LOKI_BEARER_TOKEN_FILE", &dir).assert().success();
    assert_eq!(s.requests()[0].header("Authorization"), Some("Bearer filetoken"));
    let _ = std::fs::remove_file(&dir);
}

#[test]
fn secrets_never_printed() {
    let s = captured();
    let addr = format!("http://admin:hunter2@{}", s.addr);
    let out = logcli(&addr)
        .args([
            "query",
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
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(!err.contains("hunter2"), "{err}");
    assert!(err.contains("/loki/api/v1/query_range"), "{err}");
    // credentials from the address become basic auth
    assert_eq!(
        s.requests()[0].header("Authorization"),
        Some("Basic YWRtaW46aHVudGVyMg==")
    );

    // an unreachable server with a password in the address: masked in the error too
    let out = logcli("http://admin:hunter2@127.0.0.1:1")
        .args(["query", r#"{job="x"}"#, "--password", "p4ss", "--username", "u"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(!err.contains("hunter2") && !err.contains("p4ss"), "{err}");
}

#[test]
fn loki_error_text_shown_with_exit_1_and_not_retried() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "query",
            "--retries",
            "3",
            r#"{job="wire77875"}"#,
            "--from",
            TO,
            "--to",
            FROM,
        ])
        .output()
        .unwrap();
    // start after end is refused locally as a usage error
    assert_eq!(out.status.code(), Some(2));
    assert!(s.requests().is_empty());

    let out = logcli(&s.url())
        .args([
            "query",
            "--no-validate",
            "--retries",
            "3",
            "{}",
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "100",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("HTTP 400: parse error : queries require at least one regexp or equality matcher"),
        "{err}"
    );
    assert_eq!(s.requests().len(), 1, "a 400 is never retried");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("logcli:")).count(),
        1,
        "one error line: {err}"
    );
}

#[test]
fn limit_above_server_maximum_is_loki_message() {
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
            "9000000",
            "--batch",
            "9000000",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out)
        .contains("max entries limit per query exceeded, limit > max_entries_limit_per_query (9000000 > 5000000)"));
}

#[test]
fn retries_5xx_and_429_then_succeeds() {
    let s = captured();
    s.push_fault(Fault::Status(503, "overloaded".into(), None));
    s.push_fault(Fault::Status(429, "slow down".into(), Some(0)));
    s.push_fault(Fault::Close);
    let out = q(&s)
        .args(["--retries", "3", "--min-backoff", "10", "--max-backoff", "50"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out).lines().count(), 4);
    assert_eq!(s.requests().len(), 4);
    let err = stderr_of(&out);
    assert!(err.contains("retry 1/3") && err.contains("overloaded"), "{err}");
    assert!(err.contains("retry 3/3"), "{err}");
}

#[test]
fn retries_exhausted_reports_last_error() {
    let s = captured();
    for _ in 0..3 {
        s.push_fault(Fault::Status(502, "bad gateway".into(), None));
    }
    let out = q(&s).args(["--retries", "2", "--min-backoff", "1ms"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("HTTP 502: bad gateway"));
    assert_eq!(s.requests().len(), 3);
    // default: no retries, like logcli
    let s = captured();
    s.push_fault(Fault::Status(500, "boom".into(), None));
    assert_eq!(q(&s).output().unwrap().status.code(), Some(1));
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn malformed_and_truncated_bodies() {
    let s = captured();
    s.push_fault(Fault::Malformed);
    let out = q(&s).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("malformed response from server"),
        "{}",
        stderr_of(&out)
    );

    let s = captured();
    s.push_fault(Fault::Truncated);
    let out = q(&s).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("connection lost while reading the response"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn request_timeout_is_a_connection_error() {
    let s = captured();
    s.set_delay(Some(Duration::from_secs(5)));
    let out = q(&s).args(["--request-timeout", "300ms"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("timed out"), "{}", stderr_of(&out));
    let out = q(&s).env("LOKI_REQUEST_TIMEOUT", "300ms").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    // --timeout is the deadline of the whole command (CI checks): 124
    let out = q(&s).args(["--timeout", "300ms"]).output().unwrap();
    assert_eq!(out.status.code(), Some(124));
}

#[test]
fn unreachable_server_exit_3_one_line() {
    let out = logcli("http://127.0.0.1:1")
        .args(["query", "-q", r#"{job="x"}"#])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    // the address is named, as Go's "dial tcp 127.0.0.1:1: connect: connection refused" does
    assert!(err.starts_with("logcli: cannot connect to 127.0.0.1:1: "), "{err}");
    assert!(err.to_lowercase().contains("connection refused"), "{err}");
}

#[test]
fn usage_errors_exit_2_without_panic() {
    let cases: &[&[&str]] = &[
        &["query", "{job=\"x\"}", "--from", "yesterday"],
        &["query", "{job=\"x\"}", "--since", "forever"],
        &["query", "{job=\"x\"}", "--limit", "-3"],
        &["query", "{job=\"x\"}", "--ca-cert", "/nonexistent/ca.pem"],
        &["query", "{job=\"x\"}", "--bearer-token-file", "/nonexistent/token"],
        &["query", "{job=\"x\"}", "--cert", "/nonexistent/c.pem"],
        &["query", "{job=\"x\"}", "-z", "Mars/Base"],
        &["query", "{job=\"x\"}", "--header", "no-colon"],
        &["query", "{job=\"x\"}", "--output", "xml"],
        &["--addr", "ftp://x", "query", "{job=\"x\"}"],
        &["--addr", "not a url", "query", "{job=\"x\"}"],
        &["frobnicate"],
        &[],
    ];
    for args in cases {
        let out = logcli("http://127.0.0.1:1").args(*args).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{args:?}: {err}"
        );
        assert_eq!(stdout_of(&out), "", "{args:?}");
    }
}

#[test]
fn invalid_ca_certificate_content() {
    let p = std::env::temp_dir().join(format!("logcli-badca-{}", std::process::id()));
    std::fs::write(&p, "not a certificate").unwrap();
    let out = logcli("https://127.0.0.1:1")
        .args(["query", "{job=\"x\"}", "--ca-cert"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--ca-cert"));
    let _ = std::fs::remove_file(&p);
}

#[test]
fn tls_to_plain_http_server_is_connection_error() {
    let s = captured();
    let addr = format!("https://{}", s.addr);
    let out = logcli(&addr).args(["query", "-q", r#"{job="x"}"#]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert_eq!(stderr_of(&out).lines().count(), 1);
}

#[test]
fn path_prefix_in_address_is_kept() {
    let s = captured();
    let out = logcli(&format!("{}/loki-gw/", s.url()))
        .args(["query", "-q", r#"{job="x"}"#])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(s.requests()[0].path, "/loki-gw/loki/api/v1/query_range");
    assert!(stderr_of(&out).contains("404 page not found"));
}

#[test]
fn labels_and_values() {
    let s = captured();
    let out = logcli(&s.url())
        .args(["labels", "-q", "--from", FROM, "--to", TO])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "app\nenv\njob\n");
    let out = logcli(&s.url())
        .args([
            "labels",
            "-q",
            "app",
            "--from",
            FROM,
            "--to",
            TO,
            "--query",
            r#"{job="wire77875"}"#,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let expected: serde_json::Value = serde_json::from_slice(&support::server::wire("label-app-values.json")).unwrap();
    let want: String = expected["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{}\n", v.as_str().unwrap()))
        .collect();
    assert_eq!(stdout_of(&out), want);
}

/// A label name goes into the URL path percent-encoded as a path segment
/// (`a%20b`), not form-encoded (`a+b`, which a server reads as a plus).
#[test]
fn label_names_in_the_path_are_percent_encoded() {
    let s = captured();
    // (the test server answers only captured label requests; the path is what matters)
    let _ = logcli(&s.url())
        .args(["labels", "-q", "service name/x", "--from", FROM, "--to", TO])
        .output()
        .unwrap();
    assert_eq!(s.requests()[0].path, "/loki/api/v1/label/service%20name%2Fx/values");
}

#[test]
fn series_and_analyze_labels() {
    let s = captured();
    let out = logcli(&s.url())
        .args(["series", "-q", r#"{job="wire77875"}"#, "--from", FROM, "--to", TO])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "{app=\"web\", env=\"dev\", job=\"wire77875\"}\n{app=\"web\", env=\"prod\", job=\"wire77875\"}\n{app=\"db\", env=\"prod\", job=\"wire77875\"}\n"
    );
    let out = logcli(&s.url())
        .args([
            "series",
            "-q",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--analyze-labels",
        ])
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&out),
        "Total Streams:  3\nUnique Labels:  3\n\nLabel Name  Unique Values  Found In Streams\napp         2              3\nenv         2              3\njob         1              3\n"
    );
}

#[test]
fn help_mentions_time_forms_and_exit_codes() {
    let out = logcli("http://x").args(["query", "--help"]).output().unwrap();
    assert!(out.status.success());
    let h = stdout_of(&out);
    assert!(h.contains("now-2h"), "{h}");
    assert!(h.contains("Exit codes"), "{h}");
}

#[test]
fn explicit_proxy_and_compression() {
    let s = captured();
    // the test server also speaks the proxy form of a request
    let out = logcli("http://loki.invalid:3100")
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
        .args(["--proxy-url", &s.url(), "--compress"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out).lines().count(), 4);
    let r = &s.requests()[0];
    assert!(r
        .header("X-Test-Proxied-Target")
        .unwrap()
        .starts_with("http://loki.invalid:3100/loki/api/v1/query_range?"));
    assert!(r.header("Accept-Encoding").is_some_and(|v| v.contains("gzip")));
    // LOKI_HTTP_PROXY_URL does the same
    let s = captured();
    logcli("http://loki.invalid:3100")
        .env("LOKI_HTTP_PROXY_URL", s.url())
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
        .assert()
        .success();
    // without --compress no gzip is asked for
    let s = captured();
    q(&s).assert().success();
    assert!(s.requests()[0]
        .header("Accept-Encoding")
        .is_none_or(|v| !v.contains("gzip")));
}

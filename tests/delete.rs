//! delete create|list|cancel (the compactor's API shapes are not in the
//! captures; the test server follows Loki's documented parameters).

mod support;

use support::server::{Dataset, Server};
use support::*;

#[test]
fn create_list_cancel() {
    let s = Server::start(Dataset::captured());
    let out = logcli(&s.url())
        .args([
            "delete",
            "create",
            r#"{job="wire77875"} |= "secret""#,
            "--from",
            "1795577574",
            "--to",
            "1795577876",
            "--max-interval",
            "1h",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r = &s.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.param("start"), Some("1795577574"));
    assert_eq!(r.param("end"), Some("1795577876"));
    assert_eq!(r.param("max_interval"), Some("1h"));
    assert_eq!(r.param("query"), Some(r#"{job="wire77875"} |= "secret""#));

    let out = logcli(&s.url()).args(["delete", "list", "-q"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // logcli's layout (compared with logcli itself by tests/reference.rs)
    assert_eq!(
        stdout_of(&out),
        "Query: {job=\"wire77875\"} |= \"secret\"\nStart Time: 2026-11-25T03:32:54Z\nEnd Time: 2026-11-25T03:37:56Z\nStatus: received\n---\n"
    );

    // -o jsonl works (logcli's documented --output=json is rejected)
    let out = logcli(&s.url())
        .args(["delete", "list", "-q", "-o", "jsonl"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout_of(&out).trim()).unwrap();
    assert_eq!(v["request_id"], "req1");

    let out = logcli(&s.url())
        .args(["delete", "cancel", "--request-id", "req1", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r = s.requests().pop().unwrap();
    assert_eq!((r.method.as_str(), r.param("force")), ("DELETE", Some("true")));
    let out = logcli(&s.url())
        .args(["delete", "cancel", "--request-id", "req1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("could not find delete request"));
}

#[test]
fn create_is_never_retried_and_validates_the_query() {
    let s = Server::start(Dataset::captured());
    s.push_fault(support::server::Fault::Status(503, "busy".into(), None));
    let out = logcli(&s.url())
        .args(["delete", "create", r#"{job="x"}"#, "--retries", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(s.requests().len(), 1, "a POST is not repeated");
    let out = logcli(&s.url())
        .args(["delete", "create", "count_over_time({job=\"x\"}[1m])"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

//! delete create|list|cancel against the test server, whose delete API
//! answers as Loki v3.7.6's does (logcli's own bytes for these commands are
//! in fixtures/logcli/delete-*, replayed by tests/logcli_fixtures.rs).

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
    assert_eq!(stdout_of(&out), "Delete request created successfully\n");
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

    // -o jsonl: logcli's indented array of start, end, query and status
    let out = logcli(&s.url())
        .args(["delete", "list", "-q", "-o", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&out),
        "[\n  {\n    \"start_time\": 1795577574,\n    \"end_time\": 1795577876,\n    \"query\": \"{job=\\\"wire77875\\\"} |= \\\"secret\\\"\",\n    \"status\": \"received\"\n  }\n]\n"
    );
    let id = support::server::delete_request_id(1);

    let out = logcli(&s.url())
        .args(["delete", "cancel", "--request-id", &id, "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), format!("Delete request {id} cancelled successfully\n"));
    let r = s.requests().pop().unwrap();
    assert_eq!((r.method.as_str(), r.param("force")), ("DELETE", Some("true")));
    let out = logcli(&s.url())
        .args(["delete", "cancel", "--request-id", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out), "");
    assert!(stderr_of(&out).contains("could not find delete request"));
}

#[test]
fn quiet_prints_no_confirmation_and_list_has_no_header() {
    let s = Server::start(Dataset::captured());
    let out = logcli(&s.url())
        .args([
            "delete",
            "create",
            "-q",
            r#"{job="x"}"#,
            "--from",
            "1795577574",
            "--to",
            "1795577876",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "");
    let out = logcli(&s.url()).args(["delete", "list", "-o", "raw"]).output().unwrap();
    assert!(stdout_of(&out).starts_with("Found 1 delete requests:\nQuery: {job=\"x\"}\n"));
    let out = logcli(&s.url())
        .args(["delete", "list", "-q", "-o", "raw"])
        .output()
        .unwrap();
    assert!(stdout_of(&out).starts_with("Query: {job=\"x\"}\n"));
    let id = support::server::delete_request_id(1);
    let out = logcli(&s.url())
        .args(["delete", "cancel", "-q", "--request-id", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "");
    let out = logcli(&s.url())
        .args(["delete", "list", "-o", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "[]\n");
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

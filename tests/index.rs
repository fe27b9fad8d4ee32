//! stats, volume, volume_range, detected-fields against the captured answers.

mod support;

use support::server::{Dataset, Server};
use support::*;

fn run(s: &Server, args: &[&str]) -> std::process::Output {
    let mut a = vec!["-q"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--from", FROM, "--to", TO]);
    logcli(&s.url()).args(&a).output().unwrap()
}

#[test]
fn stats_prints_logcli_block_and_jsonl() {
    let s = Server::start(Dataset::captured());
    let out = run(&s, &["stats", r#"{job="wire77875"}"#]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // the captured answer is all zeros; logcli's bytes (fixtures/logcli/stats-default).
    // Non-zero answers (flushed chunks, byte units) are the fixtures
    // flushed-stats-* and synth-stats-bytes-*, replayed by tests/logcli_fixtures.rs,
    // and the live `stats` run on flushed data in tests/reference.rs.
    assert_eq!(
        stdout_of(&out),
        String::from_utf8(
            std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/logcli/stats-default/stdout"
            ))
            .unwrap()
        )
        .unwrap()
    );
    let out = run(&s, &["stats", "-o", "jsonl", r#"{job="wire77875"}"#]);
    assert_eq!(
        stdout_of(&out),
        "{\"streams\":0,\"chunks\":0,\"bytes\":0,\"entries\":0}\n"
    );
    assert_eq!(s.requests()[0].path, "/loki/api/v1/index/stats");
}

#[test]
fn volume_and_volume_range_print_like_metric_results() {
    let s = Server::start(Dataset::captured());
    let out = run(&s, &["volume", r#"{job="wire77875"}"#, "--limit", "100"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "[\n  {\n    \"metric\": {\n      \"job\": \"wire77875\"\n    },\n    \"value\": [\n      1795577876.103,\n      \"20638\"\n    ]\n  }\n]"
    );
    let out = run(
        &s,
        &[
            "volume_range",
            r#"{job="wire77875"}"#,
            "--limit",
            "100",
            "--step",
            "60s",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.starts_with("[\n  {\n    \"metric\": {\n      \"job\": \"wire77875\"\n    },\n    \"values\": [\n      [\n        1795577579.999,\n        \"14795\"\n      ],"), "{text}");
    let r = s.requests().pop().unwrap();
    assert_eq!(r.path, "/loki/api/v1/index/volume_range");
    assert_eq!(r.param("step"), Some("60"));
    let out = run(&s, &["volume", "-o", "jsonl", r#"{job="wire77875"}"#, "--limit", "100"]);
    assert_eq!(
        stdout_of(&out),
        "{\"metric\":{\"job\":\"wire77875\"},\"value\":[1795577876.103,\"20638\"]}\n"
    );
}

#[test]
fn volume_flags_are_sent() {
    let s = Server::start(Dataset::captured());
    let _ = run(
        &s,
        &[
            "volume",
            r#"{job="x"}"#,
            "--targetLabels",
            "app",
            "--targetLabels",
            "env",
            "--aggregateByLabels",
        ],
    );
    let r = &s.requests()[0];
    assert_eq!(r.param("targetLabels"), Some("app,env"));
    assert_eq!(r.param("aggregateBy"), Some("labels"));
    assert_eq!(r.param("limit"), Some("30"));
}

#[test]
fn detected_fields_and_values() {
    let s = Server::start(Dataset::captured());
    let out = run(&s, &["detected-fields", r#"{job="wire77875"}"#]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"label: status\t\ttype: int\t\tcardinality: 4"),
        "{text}"
    );
    assert!(
        lines.contains(&"label: duration\t\ttype: duration\t\tcardinality: 4"),
        "{text}"
    );
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    let cap: serde_json::Value = serde_json::from_slice(&support::server::wire("detected_fields.json")).unwrap();
    assert_eq!(lines.len(), cap["fields"].as_array().unwrap().len());

    let out = run(&s, &["detected-fields", r#"{job="wire77875"}"#, "status"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // sorted, as logcli prints them (the server sent 503, 201, 200, 500)
    assert_eq!(stdout_of(&out), "200\n201\n500\n503\n");
    assert_eq!(
        s.requests().pop().unwrap().path,
        "/loki/api/v1/detected_field/status/values"
    );

    let out = run(&s, &["detected-fields", "-o", "jsonl", r#"{job="wire77875"}"#]);
    for l in stdout_of(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["label"].is_string());
    }
}

//! The data set and the client runs of the differential suite
//! (tests/reference.rs): what is pushed to the real Loki, and the argument
//! lists both clients are run with.

use std::collections::BTreeMap;

use super::reference::Streams;

/// A run of both clients: arguments and extra environment.
pub type Case = (Vec<String>, Vec<(&'static str, &'static str)>);

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Varied data over four minutes from `base`: logfmt, JSON, nested JSON,
/// access logs, multi-line and long lines, unicode, many streams,
/// structured metadata, identical lines in different streams, entries at
/// the same nanosecond.
pub fn dataset(base: i64) -> Streams {
    let s = 1_000_000_000i64;
    let md = |t: &str| labels(&[("trace_id", t)]);
    let none = BTreeMap::new;
    let mut out: Streams = Vec::new();
    let mut api = Vec::new();
    for i in 0..40i64 {
        let status = [200, 200, 201, 404, 500, 503][i as usize % 6];
        let level = if status >= 500 { "error" } else { "info" };
        let line = format!(
            "level={level} msg=\"GET /api/items/{i}\" status={status} duration={}ms",
            3 + i * 7
        );
        let m = if i % 5 == 0 { md(&format!("t{i}")) } else { none() };
        api.push((base + i * 5 * s, line, m));
    }
    out.push((labels(&[("job", "ref"), ("app", "api"), ("env", "prod")]), api));
    let mut web = Vec::new();
    for i in 0..20i64 {
        let line = format!(
            "10.0.{}.{} - - [25/Nov/2026:10:00:{:02} +0000] \"GET /static/{i}.css HTTP/1.1\" {} {} \"-\" \"curl/8.0\"",
            i % 3,
            i,
            i,
            if i % 7 == 0 { 404 } else { 200 },
            100 + i * 13
        );
        web.push((base + i * 11 * s + 500_000, line, none()));
    }
    out.push((labels(&[("job", "ref"), ("app", "web"), ("env", "prod")]), web));
    let mut worker = Vec::new();
    for i in 0..20i64 {
        let line = format!(
            "{{\"level\":\"{}\",\"msg\":\"job {i} done\",\"job\":{{\"id\":{i},\"queue\":\"q{}\"}},\"latency_ms\":{}.5,\"tags\":[\"a\",\"b\"]}}",
            if i % 4 == 0 { "warn" } else { "info" },
            i % 3,
            i * 3
        );
        worker.push((base + i * 12 * s + 250_000, line, none()));
    }
    out.push((labels(&[("job", "ref"), ("app", "worker"), ("env", "dev")]), worker));
    let odd = vec![
        (
            base + 7 * s,
            "first line\nsecond line\n\tindented third".to_string(),
            none(),
        ),
        (base + 8 * s, format!("long {}", "x".repeat(6_000)), none()),
        (
            base + 9 * s,
            "café ☃ 日本語 emoji 🎉 \u{200b}zero-width".to_string(),
            none(),
        ),
        (
            base + 10 * s,
            "\u{1b}[31mred\u{1b}[0m and <html> & \"quotes\"".to_string(),
            none(),
        ),
        (base + 11 * s, "   padded line   ".to_string(), md("odd")),
    ];
    out.push((labels(&[("job", "ref"), ("app", "odd"), ("env", "dev")]), odd));
    // twelve entries of one stream at the same nanosecond
    let burst = (0..12).map(|k| (base + 50 * s, format!("burst {k}"), none())).collect();
    out.push((labels(&[("job", "ref"), ("app", "burst"), ("env", "dev")]), burst));
    // identical lines at the same nanosecond in ten streams
    for k in 0..10 {
        let same = (0..6i64)
            .map(|j| (base + 100 * s + j * s, "same line everywhere".to_string(), none()))
            .collect();
        out.push((
            labels(&[("job", "ref"), ("app", &format!("svc{k}")), ("env", "prod")]),
            same,
        ));
    }
    out
}

/// The selector of all the data.
const ALL: &str = r#"{job="ref"}"#;

/// The argument lists compared, without `--addr`.
pub fn cases(from: &str, to: &str) -> Vec<Case> {
    let mut c = Cases {
        range: [format!("--from={from}"), format!("--to={to}")],
        to: to.to_string(),
        v: Vec::new(),
    };
    log_queries(&mut c);
    timestamp_formats(&mut c);
    metric_queries(&mut c);
    instant_queries(&mut c);
    other_commands(&mut c);
    // `labels` takes no query: drop the trailing placeholder
    for (a, _) in c.v.iter_mut() {
        if a.last().is_some_and(|q| q == "x") {
            a.pop();
        }
    }
    c.v
}

/// The cases so far, and the range they are given.
struct Cases {
    range: [String; 2],
    to: String,
    v: Vec<Case>,
}

impl Cases {
    /// A case: the arguments with the range (or `--now`) put before the
    /// query, which comes last.
    fn add(&mut self, args: Vec<&str>, env: Vec<(&'static str, &'static str)>) {
        let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let q = a.pop().unwrap();
        if a[0] == "instant-query" {
            a.push(format!("--now={}", self.to));
        } else if a[0] == "detected-fields" && !q.starts_with('{') {
            // the field comes after the query
            let query = a.pop().unwrap();
            a.extend(self.range.iter().cloned());
            a.push(query);
        } else {
            a.extend(self.range.iter().cloned());
        }
        a.push(q);
        self.v.push((a, env));
    }
}

/// Log queries in each output mode: limits, directions, batches, label
/// flags, filters and parsers.
fn log_queries(c: &mut Cases) {
    for out in ["default", "raw", "jsonl"] {
        for extra in [
            vec!["--limit=0"],
            vec!["--limit=1"],
            vec!["--limit=7"],
            vec![],
            vec!["--limit=0", "--forward"],
            vec!["--limit=13", "--forward"],
            vec!["--limit=0", "--batch=5"],
            vec!["--limit=0", "--batch=7", "--forward"],
            vec!["--limit=0", "--no-labels"],
            vec!["--limit=0", "--include-label=app"],
            vec!["--limit=0", "--exclude-label=env"],
            vec!["--limit=0", "--include-label=app", "--exclude-label=env"],
            vec!["--limit=0", "--include-common-labels"],
            vec!["--limit=0", "--labels-length=50"],
        ] {
            let mut a = vec!["query", "-q", "-o", out];
            a.extend(extra);
            a.push(ALL);
            c.add(a, vec![]);
        }
        for q in [
            r#"{job="ref", app="api"} |= "status=5""#,
            r#"{job="ref", app="api"} | logfmt | status >= 500"#,
            r#"{job="ref", app="worker"} | json | line_format "{{.msg}} after {{.latency_ms}}""#,
            r#"{job="ref", app="web"} | pattern "<ip> - - <_> \"<method> <path> <_>\" <status> <size> <_>" | status="404""#,
            r#"{job="ref", app="odd"}"#,
            r#"{job="ref", env="prod"} |= "same line""#,
        ] {
            c.add(vec!["query", "-q", "-o", out, "--limit=0", q], vec![]);
        }
    }
}

/// `--output-timestamp-format` and time zones.
fn timestamp_formats(c: &mut Cases) {
    for f in [
        "rfc3339",
        "rfc3339nano",
        "rfc822z",
        "rfc1123z",
        "stampmilli",
        "stampmicro",
        "stampnano",
        "unixdate",
    ] {
        let flag: &'static str = Box::leak(format!("--output-timestamp-format={f}").into_boxed_str());
        c.add(vec!["query", "-q", "--limit=5", flag, ALL], vec![]);
        c.add(
            vec!["query", "-q", "--limit=5", flag, "-z", "Local", ALL],
            vec![("TZ", "Asia/Kolkata")],
        );
    }
    c.add(
        vec!["query", "-q", "--limit=5", "-z", "UTC", ALL],
        vec![("TZ", "America/New_York")],
    );
    c.add(
        vec!["query", "-q", "-o", "jsonl", "--limit=5", "-z", "Local", ALL],
        vec![("TZ", "Europe/Paris")],
    );
}

/// Metric range queries, and a parallel export merged to stdout.
fn metric_queries(c: &mut Cases) {
    for q in [
        r#"sum by (app) (count_over_time({job="ref"}[1m]))"#,
        r#"rate({job="ref", app="api"}[2m])"#,
        r#"sum(bytes_over_time({job="ref"}[1m]))"#,
        r#"max by (env) (count_over_time({job="ref"}[5m]))"#,
    ] {
        c.add(vec!["query", "-q", "--step=60s", q], vec![]);
    }
    for out in ["raw", "jsonl"] {
        c.add(
            vec![
                "query",
                "-q",
                "-o",
                out,
                "--step=60s",
                r#"sum by (app) (count_over_time({job="ref"}[1m]))"#,
            ],
            vec![],
        );
        // a parallel export merged to stdout, as logcli does without --part-path-prefix
        c.add(
            vec![
                "query",
                "-q",
                "-o",
                out,
                "--limit=0",
                "--parallel-max-workers=2",
                "--parallel-duration=1m",
                ALL,
            ],
            vec![],
        );
    }
}

fn instant_queries(c: &mut Cases) {
    for q in [
        r#"sum by (app) (count_over_time({job="ref"}[10m]))"#,
        r#"count_over_time({job="ref", app="api"} |= "status=5" [10m])"#,
        "1+1",
        r#"{job="ref"}"#,
    ] {
        for out in ["default", "jsonl", "raw"] {
            c.add(vec!["instant-query", "-q", "-o", out, q], vec![]);
        }
    }
}

/// The other commands, and queries Loki refuses.
fn other_commands(c: &mut Cases) {
    for a in [
        vec!["detected-fields", "-q", r#"{job="ref", app="api"}"#],
        vec!["detected-fields", "-q", r#"{job="ref", app="api"}"#, "status"],
        vec!["labels", "-q", "x"],
        vec!["labels", "-q", "app"],
        vec!["labels", "-q", "nosuchlabel"],
        vec!["series", "-q", ALL],
        vec!["series", "-q", "--analyze-labels", ALL],
        vec!["stats", "-q", ALL],
        vec!["volume", "-q", ALL],
        vec!["volume_range", "-q", "--step=1m", ALL],
        vec!["detected-fields", "-q", ALL],
        vec!["detected-fields", "-q", "-o", "raw", ALL],
        vec!["query", "-q", "{app=\"x\""],
        vec!["query", "-q", "{}"],
        vec!["query", "-q", "--limit=9000000", "--batch=9000000", ALL],
    ] {
        c.add(a, vec![]);
    }
}

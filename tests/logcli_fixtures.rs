//! Grafana's logcli v3.7.6, captured: every case of `fixtures/logcli/` is
//! run against the test server (which serves the same data with Loki's
//! semantics, or replays what Loki answered), and our stdout must be the
//! bytes logcli printed. Where this project deliberately differs (README,
//! "Differences from Grafana's logcli"), the case names the difference and
//! checks what must still agree.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use support::differences::{compare, expectation, same, Expect};
use support::pty::Pty;
use support::server::{Dataset, Server};

struct Case {
    name: String,
    dir: PathBuf,
    args: Vec<String>,
    stdout: Vec<u8>,
    exit: i32,
}

impl Case {
    fn load(dir: &Path) -> Case {
        let read = |f: &str| std::fs::read(dir.join(f)).unwrap_or_default();
        let args = String::from_utf8(read("args")).unwrap();
        Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir: dir.to_path_buf(),
            args: args.lines().map(String::from).collect(),
            stdout: read("stdout"),
            exit: String::from_utf8(read("exit")).unwrap().trim().parse().unwrap(),
        }
    }

    fn has(&self, f: &str) -> bool {
        self.dir.join(f).exists()
    }

    fn file(&self, f: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(f)).ok()
    }

    fn mode(&self) -> &str {
        self.args
            .iter()
            .position(|a| a == "-o")
            .and_then(|i| self.args.get(i + 1))
            .map(String::as_str)
            .unwrap_or("default")
    }
}

/// What to do with a captured case.
enum Plan {
    Run(Expect),
    /// Not comparable with the test server; the reason.
    Skip(&'static str),
}

fn plan(c: &Case) -> Plan {
    if c.has("flushed") && c.name.contains("stats") {
        return Plan::Skip(
            "index/stats of a flushed ingester (numbers of that Loki); the formatting is covered by synth-stats-bytes-*",
        );
    }
    Plan::Run(expectation(&c.args, c.exit))
}

/// A metric query (its answer is replayed from logcli's printed JSON).
fn is_metric(c: &Case) -> bool {
    let q = c.args.last().map(String::as_str).unwrap_or("");
    matches!(
        c.args.first().map(String::as_str),
        Some("query" | "instant-query" | "volume" | "volume_range")
    ) && !q.trim_start().starts_with('{')
        || matches!(c.args.first().map(String::as_str), Some("volume" | "volume_range"))
}

/// The body a real Loki sent for a metric case: logcli prints the result as
/// indented JSON, so its stdout is that result.
fn metric_replay(c: &Case) -> Option<Vec<u8>> {
    if !is_metric(c) || c.exit != 0 {
        return None;
    }
    let result: serde_json::Value = serde_json::from_slice(&c.stdout).ok()?;
    let kind = match &result {
        serde_json::Value::Array(a) if a.first().is_some_and(|x| x.get("values").is_some()) => "matrix",
        serde_json::Value::Array(a) if a.first().is_some_and(|x| x.get("value").is_some()) => "vector",
        serde_json::Value::Array(a) if a.len() == 2 && a[0].is_number() => "scalar",
        _ if c.args.iter().any(|a| a.starts_with("--step")) || c.args[0] == "volume_range" => "matrix",
        _ => "vector",
    };
    let body = serde_json::json!({"status": "success", "data": {"resultType": kind, "result": result}});
    Some(serde_json::to_vec(&body).unwrap())
}

fn replay(c: &Case) -> Option<Vec<u8>> {
    if let Some(r) = c.file("replay") {
        let r = String::from_utf8(r).unwrap();
        let r = r.trim();
        return Some(match r.strip_prefix("synthetic: ") {
            Some(body) => body.as_bytes().to_vec(),
            None => std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(r)).unwrap(),
        });
    }
    if c.args.first().is_some_and(|a| a == "detected-fields") && c.exit == 0 {
        // what Loki answered logcli (we leave out its default step=10s, so
        // the recording does not match our request as such)
        let recorded = support::server::Recorded::load(&c.dir.join("answers.jsonl"));
        if let Some(r) = recorded.iter().find(|r| r.path.contains("/detected_field")) {
            return Some(r.body.clone().into_bytes());
        }
        let field = c.args.last().filter(|a| !a.starts_with('{'));
        return Some(match field.map(String::as_str) {
            None => support::server::wire("detected_fields.json"),
            Some("status") => support::server::wire("detected_field-status-values.json"),
            // no capture of this answer: logcli printed the values, one per
            // line (sorted) or re-encoded with -o raw
            Some(_) if c.mode() == "raw" => c.stdout.clone(),
            Some(_) => {
                let values: Vec<String> = text(&c.stdout).lines().map(String::from).collect();
                serde_json::to_vec(&serde_json::json!({ "values": values })).unwrap()
            }
        });
    }
    metric_replay(c)
}

/// Run our binary for a case: (stdout, exit code).
fn run(c: &Case, s: &Server) -> (Vec<u8>, i32) {
    let mut cmd = support::bin();
    let addr = c
        .file("addr")
        .map(|a| String::from_utf8(a).unwrap().trim().to_string())
        .unwrap_or_else(|| s.url());
    cmd.arg(format!("--addr={addr}")).args(&c.args);
    if c.has("tty") {
        cmd.env("TERM", "xterm");
    }
    for line in String::from_utf8(c.file("env").unwrap_or_default()).unwrap().lines() {
        if let Some((k, v)) = line.split_once('=') {
            cmd.env(k, v);
        }
    }
    let stdin = c.file("stdin").unwrap_or_default();
    cmd.stdin(Stdio::piped()).stderr(Stdio::piped());
    if c.has("tty") {
        let pty = Pty::open();
        pty.raw_output();
        cmd.stdout(Stdio::from(pty.slave_fd()));
        let mut child = cmd.spawn().unwrap();
        // the command keeps its copy of the terminal open until dropped
        drop(cmd);
        child.stdin.take().unwrap().write_all(&stdin).unwrap();
        let out = child.wait_with_output().unwrap();
        let screen = pty.drain();
        return (screen, out.status.code().unwrap_or(-1));
    }
    cmd.stdout(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut w = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        let _ = w.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    (out.stdout, out.status.code().unwrap_or(-1))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn every_captured_case_prints_logcli_s_bytes_or_a_documented_difference() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/logcli");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() > 400, "the fixtures are there");
    let mut failures = Vec::new();
    let (mut identical, mut differs, mut skipped) = (0, 0, 0);
    let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
    for dir in dirs {
        let c = Case::load(&dir);
        let s = Server::start(Dataset::captured());
        s.state.lock().unwrap().metadata_labels = Dataset::CAPTURED_METADATA.iter().map(|m| m.to_string()).collect();
        // what the real Loki answered to logcli's (and our) requests, if recorded
        let mut recorded = support::server::Recorded::load(&c.dir.join("answers.jsonl"));
        recorded.extend(support::server::Recorded::load(&c.dir.join("answers-project.jsonl")));
        s.state.lock().unwrap().recorded = recorded;
        // requests no recording answers: a replay of the captured answer
        s.state.lock().unwrap().replay = replay(&c);
        let verdict = match plan(&c) {
            Plan::Skip(why) => {
                skipped += 1;
                *reasons.entry(why).or_default() += 1;
                continue;
            }
            Plan::Run(Expect::Same) => {
                identical += 1;
                let (ours, code) = run(&c, &s);
                if code != 0 && c.exit == 0 {
                    Err(format!("exit {code}, logcli 0"))
                } else {
                    let how = c.file("unordered").map(|u| text(&u));
                    same(&c.stdout, &ours, how.as_deref())
                }
            }
            Plan::Run(Expect::Differs(why, how)) => {
                differs += 1;
                *reasons.entry(why).or_default() += 1;
                let (ours, code) = run(&c, &s);
                compare(&c.stdout, &ours, code, &how)
            }
        };
        if let Err(e) = verdict {
            failures.push(format!("== {} ({})\n{e}", c.name, c.args.join(" ")));
        }
    }
    eprintln!("{identical} identical, {differs} documented differences, {skipped} skipped");
    for (why, n) in &reasons {
        eprintln!("  {n:>3} {why}");
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! Grafana's logcli v3.7.6, captured: every case of `fixtures/logcli/` is
//! run against the test server (which serves the same data with Loki's
//! semantics, or replays what Loki answered), and our stdout must be the
//! bytes logcli printed. Where this project deliberately differs (README,
//! "Differences from Grafana's logcli"), the case names the difference and
//! checks what must still agree.

mod support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

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

    fn arg(&self, a: &str) -> bool {
        self.args.iter().any(|x| x == a)
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

/// What to expect of our output for a case.
enum Expect {
    /// The same bytes (or the same lines in any order, for `unordered`).
    Same,
    /// A documented difference: the reason, and what is still compared.
    Differs(&'static str, Compare),
    /// Not comparable with the test server; the reason.
    Skip(&'static str),
}

enum Compare {
    /// jsonl lines equal without `labels`; logcli's labels are a subset of ours.
    JsonWithoutLabels,
    /// The same (timestamp, line) pairs in the same order (default output
    /// whose label column differs).
    TimestampsAndLines,
    /// Our run succeeds; nothing else in common.
    SucceedsOnly,
    /// Both fail; nothing printed on stdout.
    BothFailQuietly,
}

fn expectation(c: &Case) -> Expect {
    let n = c.name.as_str();
    if c.has("flushed") && n.contains("stats") {
        return Expect::Skip("index/stats of a flushed ingester (numbers of that Loki); the formatting is covered by synth-stats-bytes-*");
    }
    if n.contains("batch1") {
        return Expect::Differs(
            "logcli fails on --batch=1 (\"Invalid batch size\"); this project pages one entry at a time",
            Compare::SucceedsOnly,
        );
    }
    if n.starts_with("stdin-") && c.arg("--batch=2") {
        return Expect::Differs(
            "logcli --stdin prints only the last --batch lines; this project streams every line",
            Compare::SucceedsOnly,
        );
    }
    if n.starts_with("stdin-") && c.args.iter().any(|a| a.starts_with("--limit")) {
        return Expect::Differs("--limit applies to --stdin (logcli ignores it)", Compare::SucceedsOnly);
    }
    if n.starts_with("stdin-") && c.exit != 0 {
        return Expect::Differs(
            "logcli --stdin refuses the empty selector {}; this project evaluates it",
            Compare::SucceedsOnly,
        );
    }
    if matches!(n, "err-from-no-offset" | "err-from-no-offset-quiet") {
        return Expect::Differs("--from without an offset is read in --timezone", Compare::SucceedsOnly);
    }
    if n.starts_with("err-timezone-paris") {
        return Expect::Differs("-z accepts IANA zone names", Compare::SucceedsOnly);
    }
    if n.starts_with("err-labels-query-flag") {
        return Expect::Differs("labels takes --query to restrict by selector", Compare::SucceedsOnly);
    }
    let entries = c.args.first().is_some_and(|a| a == "query") && !is_metric(c);
    if (n.contains("batch2") || n.contains("batch3")) && c.mode() != "raw" && entries {
        return Expect::Differs(
            "common labels are fixed from the first page; logcli recomputes them (and the padding) per batch",
            if c.mode() == "jsonl" {
                Compare::JsonWithoutLabels
            } else {
                Compare::TimestampsAndLines
            },
        );
    }
    if c.mode() == "jsonl" && entries && !c.arg("--no-labels") && c.exit == 0 {
        return Expect::Differs(
            "jsonl keeps the full label set; logcli strips the common labels",
            Compare::JsonWithoutLabels,
        );
    }
    let extension = |cmd: &str| c.args.first().is_some_and(|a| a == cmd) && c.mode() == "jsonl";
    if extension("stats") || extension("volume") || extension("volume_range") || extension("detected-fields") {
        return Expect::Differs(
            "-o jsonl prints one JSON object per line; logcli ignores -o here",
            Compare::SucceedsOnly,
        );
    }
    if c.exit != 0 {
        return Expect::Differs(
            "exit codes: 2 for usage errors and 3 for connection errors, logcli exits 1",
            Compare::BothFailQuietly,
        );
    }
    Expect::Same
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

fn without_labels(line: &str) -> (serde_json::Value, Option<serde_json::Value>) {
    let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
    let labels = v.as_object_mut().unwrap().remove("labels");
    (v, labels)
}

/// (timestamp, line) of default output: the first field and what follows
/// the label set.
fn ts_and_line(l: &str) -> (String, String) {
    let ts = l.split(' ').next().unwrap_or("").to_string();
    let rest = l
        .find("} ")
        .map(|i| l[i + 2..].trim_start().to_string())
        .unwrap_or_default();
    (ts, rest)
}

fn compare(c: &Case, ours: &[u8], code: i32, how: &Compare) -> Result<(), String> {
    match how {
        Compare::SucceedsOnly if code == 0 => Ok(()),
        Compare::SucceedsOnly => Err(format!("exit {code}")),
        Compare::BothFailQuietly if code != 0 && ours == c.stdout.as_slice() => Ok(()),
        Compare::BothFailQuietly => Err(format!("exit {code}, stdout {:?}", text(ours))),
        Compare::JsonWithoutLabels => {
            let (a, b) = (text(&c.stdout), text(ours));
            if a.lines().count() != b.lines().count() {
                return Err(format!("line counts differ:\n{a}\n---\n{b}"));
            }
            for (x, y) in a.lines().zip(b.lines()) {
                let ((xv, xl), (yv, yl)) = (without_labels(x), without_labels(y));
                if xv != yv {
                    return Err(format!("{x}\n{y}"));
                }
                let (xl, yl) = (xl.unwrap_or_default(), yl.unwrap_or_default());
                let subset = xl
                    .as_object()
                    .is_none_or(|m| m.iter().all(|(k, v)| yl.get(k) == Some(v)));
                if !subset {
                    return Err(format!("labels {xl} not within {yl}"));
                }
            }
            Ok(())
        }
        Compare::TimestampsAndLines => {
            let a: Vec<_> = text(&c.stdout).lines().map(ts_and_line).collect();
            let b: Vec<_> = text(ours).lines().map(ts_and_line).collect();
            (a == b).then_some(()).ok_or_else(|| format!("{a:?}\n{b:?}"))
        }
    }
}

fn check(c: &Case, ours: &[u8], code: i32) -> Result<(), String> {
    if code != 0 && c.exit == 0 {
        return Err(format!("exit {code}, logcli 0"));
    }
    let how = String::from_utf8(c.file("unordered").unwrap_or_default()).unwrap();
    if how.starts_with("json-array") {
        // the arrays of the one JSON object, compared sorted
        let sorted = |b: &[u8]| {
            let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
            for (_, a) in v.as_object_mut().unwrap().iter_mut() {
                if let Some(a) = a.as_array_mut() {
                    a.sort_by_key(|x| x.to_string());
                }
            }
            v
        };
        return (sorted(ours) == sorted(&c.stdout))
            .then_some(())
            .ok_or_else(|| format!("arrays sorted:\nlogcli {}\nours   {}", text(&c.stdout), text(ours)));
    }
    if c.has("unordered") {
        let set = |b: &[u8]| text(b).lines().map(String::from).collect::<BTreeSet<_>>();
        return (set(ours) == set(&c.stdout))
            .then_some(())
            .ok_or_else(|| format!("as a set:\nlogcli {:?}\nours   {:?}", set(&c.stdout), set(ours)));
    }
    (ours == c.stdout.as_slice())
        .then_some(())
        .ok_or_else(|| format!("logcli:\n{}\nours:\n{}", text(&c.stdout), text(ours)))
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
    let (mut same, mut differs, mut skipped) = (0, 0, 0);
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
        let verdict = match expectation(&c) {
            Expect::Skip(why) => {
                skipped += 1;
                *reasons.entry(why).or_default() += 1;
                continue;
            }
            Expect::Same => {
                same += 1;
                let (ours, code) = run(&c, &s);
                check(&c, &ours, code)
            }
            Expect::Differs(why, how) => {
                differs += 1;
                *reasons.entry(why).or_default() += 1;
                let (ours, code) = run(&c, &s);
                compare(&c, &ours, code, &how)
            }
        };
        if let Err(e) = verdict {
            failures.push(format!("== {} ({})\n{e}", c.name, c.args.join(" ")));
        }
    }
    eprintln!("{same} identical, {differs} documented differences, {skipped} skipped");
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

//! Where this project deliberately prints something else than Grafana's
//! logcli (README, "Differences from Grafana's logcli"), decided from the
//! arguments of a run, and how two outputs are compared then. Shared by the
//! captured cases (tests/logcli_fixtures.rs) and the live differential suite
//! (tests/reference.rs).
#![allow(dead_code)]

use std::collections::BTreeSet;

/// What to expect of our output for a logcli run.
pub enum Expect {
    /// The same bytes (or the same lines in any order, when `unordered`).
    Same,
    /// A documented difference: the reason, and what is still compared.
    Differs(&'static str, Compare),
}

pub enum Compare {
    /// jsonl lines equal without `labels`; logcli's labels are a subset of ours.
    JsonWithoutLabels,
    /// The same (timestamp, line) pairs in the same order (default output
    /// whose label column differs).
    TimestampsAndLines,
    /// Our run succeeds; nothing else in common.
    SucceedsOnly,
    /// logcli's entries (timestamp and line; labels aside) are all in ours,
    /// in the same order when none is missing: logcli loses entries at page
    /// seams, this project does not.
    EntriesWithin,
    /// Both fail; nothing printed on stdout.
    BothFailQuietly,
    /// The same entries (timestamp and line; labels aside), in any order.
    SameEntries,
}

fn mode(args: &[String]) -> &str {
    args.iter()
        .position(|a| a == "-o")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--output=")))
        .unwrap_or("default")
}

fn has(args: &[String], a: &str) -> bool {
    args.iter().any(|x| x == a || x.starts_with(&format!("{a}=")))
}

/// A query printing log entries (not a metric query).
fn entries(args: &[String]) -> bool {
    args.first().is_some_and(|a| a == "query") && args.last().is_some_and(|q| q.trim_start().starts_with('{'))
}

fn batch(args: &[String]) -> Option<u64> {
    args.iter()
        .position(|a| a == "--batch")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--batch=")))
        .and_then(|b| b.parse().ok())
}

/// The expectation for our run of `args` given logcli's exit code.
pub fn expectation(args: &[String], logcli_exit: i32) -> Expect {
    let stdin = has(args, "--stdin");
    if has(args, "--parallel-max-workers") && logcli_exit == 0 {
        return Expect::Differs(
            "a parallel export prints in time order across its parts (logcli's merged output is not always) and jsonl keeps the full label set",
            Compare::SameEntries,
        );
    }
    if batch(args) == Some(1) && !stdin {
        return Expect::Differs(
            "logcli fails on --batch=1 (\"Invalid batch size\"); this project pages one entry at a time",
            Compare::SucceedsOnly,
        );
    }
    if stdin && batch(args).is_some() {
        return Expect::Differs(
            "logcli --stdin prints only the last --batch lines; this project streams every line",
            Compare::SucceedsOnly,
        );
    }
    if stdin && has(args, "--limit") {
        return Expect::Differs("--limit applies to --stdin (logcli ignores it)", Compare::SucceedsOnly);
    }
    if stdin && logcli_exit != 0 {
        return Expect::Differs(
            "logcli --stdin refuses the empty selector {}; this project evaluates it",
            Compare::SucceedsOnly,
        );
    }
    let from_no_offset = args.iter().any(|a| {
        a.strip_prefix("--from=")
            .is_some_and(|t| t.contains('T') && !t.ends_with('Z') && !t[10..].contains(['+', '-']))
    });
    if from_no_offset && logcli_exit != 0 {
        return Expect::Differs("--from without an offset is read in --timezone", Compare::SucceedsOnly);
    }
    let zone = args
        .iter()
        .position(|a| a == "-z")
        .and_then(|i| args.get(i + 1))
        .is_some_and(|z| z.contains('/'));
    if zone && logcli_exit != 0 && !args.iter().any(|a| a.contains("Mars")) {
        return Expect::Differs("-z accepts IANA zone names", Compare::SucceedsOnly);
    }
    if args.first().is_some_and(|a| a == "labels") && has(args, "--query") && logcli_exit != 0 {
        return Expect::Differs("labels takes --query to restrict by selector", Compare::SucceedsOnly);
    }
    if batch(args).is_some_and(|b| b > 1 && b <= 1000) && entries(args) && logcli_exit != 0 {
        return Expect::Differs(
            "logcli fails when more entries share one timestamp than --batch holds; this project pages through them",
            Compare::SucceedsOnly,
        );
    }
    if batch(args).is_some_and(|b| b > 1) && entries(args) && logcli_exit == 0 {
        return Expect::Differs(
            "paging is exact and common labels are fixed from the first page; logcli loses entries at seams and recomputes labels and padding per batch",
            Compare::EntriesWithin,
        );
    }
    if mode(args) == "jsonl" && entries(args) && !has(args, "--no-labels") && logcli_exit == 0 {
        return Expect::Differs(
            "jsonl keeps the full label set; logcli strips the common labels",
            Compare::JsonWithoutLabels,
        );
    }
    let cmd = args.first().map(String::as_str).unwrap_or("");
    if matches!(cmd, "stats" | "volume" | "volume_range" | "detected-fields") && mode(args) == "jsonl" {
        return Expect::Differs(
            "-o jsonl prints one JSON object per line; logcli ignores -o here",
            Compare::SucceedsOnly,
        );
    }
    if logcli_exit != 0 {
        return Expect::Differs(
            "exit codes: 2 for usage errors and 3 for connection errors, logcli exits 1",
            Compare::BothFailQuietly,
        );
    }
    Expect::Same
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn without_labels(line: &str) -> (serde_json::Value, Option<serde_json::Value>) {
    let mut v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
    let labels = v.as_object_mut().and_then(|o| o.remove("labels"));
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

/// (timestamp, line) of each entry of a jsonl or default output; a raw
/// line is its own key.
fn entry_keys(out: &[u8]) -> Vec<(String, String)> {
    text(out)
        .lines()
        .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
            Ok(v) if v.is_object() => (v["timestamp"].to_string(), v["line"].to_string()),
            _ if l.contains("} ") => ts_and_line(l),
            _ => (l.to_string(), String::new()),
        })
        .collect()
}

/// Compare under a documented difference.
pub fn compare(logcli: &[u8], ours: &[u8], code: i32, how: &Compare) -> Result<(), String> {
    match how {
        Compare::SucceedsOnly if code == 0 => Ok(()),
        Compare::SucceedsOnly => Err(format!("exit {code}")),
        Compare::BothFailQuietly if code != 0 && ours == logcli => Ok(()),
        Compare::BothFailQuietly => Err(format!("exit {code}, stdout {:?}", text(ours))),
        Compare::JsonWithoutLabels => {
            let (a, b) = (text(logcli), text(ours));
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
            let a: Vec<_> = text(logcli).lines().map(ts_and_line).collect();
            let b: Vec<_> = text(ours).lines().map(ts_and_line).collect();
            (a == b).then_some(()).ok_or_else(|| format!("{a:?}\n{b:?}"))
        }
        Compare::SameEntries => {
            let (mut a, mut b) = (entry_keys(logcli), entry_keys(ours));
            a.sort();
            b.sort();
            (a == b)
                .then_some(())
                .ok_or_else(|| format!("other entries:\n{a:?}\n{b:?}"))
        }
        Compare::EntriesWithin => {
            let key = |l: &str| match serde_json::from_str::<serde_json::Value>(l) {
                Ok(mut v) if v.is_object() => {
                    v.as_object_mut().map(|o| o.remove("labels"));
                    (v.to_string(), String::new())
                }
                _ if l.contains("} ") => ts_and_line(l),
                _ => (l.to_string(), String::new()),
            };
            let a: Vec<_> = text(logcli).lines().map(key).collect();
            let b: Vec<_> = text(ours).lines().map(key).collect();
            let mut pool: std::collections::BTreeMap<&(String, String), usize> = Default::default();
            for x in &b {
                *pool.entry(x).or_default() += 1;
            }
            for x in &a {
                match pool.get_mut(x) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => return Err(format!("logcli printed {x:?}, this project did not")),
                }
            }
            (a.len() < b.len() || a == b)
                .then_some(())
                .ok_or_else(|| format!("same entries, other order:\n{a:?}\n{b:?}"))
        }
    }
}

/// Compare where nothing differs: the bytes, or the lines as a set
/// (`lines`, `rows`), or each JSON array sorted (`json-array`).
pub fn same(logcli: &[u8], ours: &[u8], unordered: Option<&str>) -> Result<(), String> {
    match unordered {
        Some(how) if how.starts_with("json-array") => {
            let sorted = |b: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    for (_, a) in o.iter_mut() {
                        if let Some(a) = a.as_array_mut() {
                            a.sort_by_key(|x| x.to_string());
                        }
                    }
                }
                v
            };
            (sorted(ours) == sorted(logcli))
                .then_some(())
                .ok_or_else(|| format!("arrays sorted:\nlogcli {}\nours   {}", text(logcli), text(ours)))
        }
        Some(_) => {
            let set = |b: &[u8]| text(b).lines().map(String::from).collect::<BTreeSet<_>>();
            (set(ours) == set(logcli))
                .then_some(())
                .ok_or_else(|| format!("as a set:\nlogcli {:?}\nours   {:?}", set(logcli), set(ours)))
        }
        None => (ours == logcli)
            .then_some(())
            .ok_or_else(|| format!("logcli:\n{}\nours:\n{}", text(logcli), text(ours))),
    }
}

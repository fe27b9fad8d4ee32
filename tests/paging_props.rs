//! Property: for any data (many streams, shared timestamps, identical lines
//! in different streams) and any batch size and direction, paging prints
//! exactly the entries of one big page, in order, each once; also on a
//! server that, like Loki v3.7.6 on flushed chunks, leaves out a stream
//! whose last entry is exactly on a whole-millisecond `start`.

mod support;

use std::collections::BTreeMap;

use proptest::prelude::*;
use support::server::{Dataset, Server};
use support::*;

fn dataset() -> impl Strategy<Value = Vec<(u8, i64, u8)>> {
    // (stream, timestamp, line): few timestamps and lines, so collisions are common
    prop::collection::vec((0u8..4, 0i64..12, 0u8..3), 1..40)
}

/// Timestamp k: whole milliseconds from `--from` on, and the nanosecond
/// before each (k = 1 is just before `--from`, outside the range).
fn ts(k: i64) -> i64 {
    1_000_000_000_000 + (k / 2) * 1_000_000 - (k % 2)
}

fn run(s: &Server, batch: &str, forward: bool, limit: &str) -> Vec<String> {
    let mut args = vec![
        "query",
        "-q",
        "-o",
        "jsonl",
        r#"{job="p"}"#,
        "--from",
        "1000",
        "--to",
        "2000",
        "--limit",
        limit,
        "--batch",
        batch,
    ];
    if forward {
        args.push("--forward");
    }
    let out = logcli(&s.url()).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out).lines().map(String::from).collect()
}

fn ts_of(line: &str) -> i64 {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    chrono::DateTime::parse_from_rfc3339(v["timestamp"].as_str().unwrap())
        .unwrap()
        .timestamp_nanos_opt()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_batch_equals_one_page(data in dataset(), batch in 1u64..7, forward in any::<bool>(), limit in prop::sample::select(vec![0u64, 3, 10]), flushed in any::<bool>()) {
        let mut streams: BTreeMap<u8, Vec<(i64, String)>> = BTreeMap::new();
        for (s, ts_k, l) in &data {
            let v = streams.entry(*s).or_default();
            let e = (ts(*ts_k), format!("line {l}"));
            if !v.contains(&e) {
                v.push(e);
            }
        }
        let ds = Dataset::Streams(streams.into_iter().map(|(s, mut v)| {
            v.sort();
            let mut l = BTreeMap::new();
            l.insert("job".to_string(), "p".to_string());
            l.insert("pod".to_string(), format!("p{s}"));
            (l, v)
        }).collect());
        let server = Server::start(ds);
        let lim = limit.to_string();
        let all = run(&server, "1000", forward, &lim);
        server.state.lock().unwrap().flushed = flushed;
        let paged = run(&server, &batch.to_string(), forward, &lim);
        // same multiset of entries, each once
        let mut a = all.clone();
        let mut b = paged.clone();
        a.sort();
        b.sort();
        prop_assert_eq!(&a, &b);
        let mut dedup = b.clone();
        dedup.dedup();
        prop_assert_eq!(dedup.len(), b.len());
        // in query direction
        let ts: Vec<i64> = paged.iter().map(|l| ts_of(l)).collect();
        let ordered = ts.windows(2).all(|w| if forward { w[0] <= w[1] } else { w[0] >= w[1] });
        prop_assert!(ordered, "{:?}", ts);
    }
}

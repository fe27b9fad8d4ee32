//! Live tail against the test server's Loki tail: seam, reconnects, max
//! duration, stalls, refusals, restarts, reordering, duplicates, overload
//! with backfill, and flushing on Ctrl-C / SIGTERM.

mod support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use support::server::{Dataset, Server, TailControl};
use support::tailer::*;

fn empty() -> Server {
    Server::start(Dataset::Streams(vec![]))
}

#[test]
fn seam_history_then_live_without_gap_or_duplicate() {
    let s = empty();
    let base = now_ns() - 600_000_000_000;
    let hist: Vec<_> = (0..12)
        .map(|i| entry(if i % 2 == 0 { "a" } else { "b" }, base + i * 1000, &format!("h{i}")))
        .collect();
    s.push(&hist, true);
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--since", "1h", "--limit", "0", "-o", "raw"],
    );
    assert_eq!(t.expect(12), (0..12).map(|i| format!("h{i}")).collect::<Vec<_>>());
    wait_until("tail connected", || s.tail_clients() == 1);
    let live_ts = now_ns();
    s.push(&[entry("a", live_ts, "l0"), entry("b", live_ts + 1, "l1")], true);
    t.expect(14);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0), "{err}");
    let want: Vec<String> = (0..12)
        .map(|i| format!("h{i}"))
        .chain(["l0".into(), "l1".into()])
        .collect();
    assert_eq!(lines, want);
    // handover: history ends where the websocket starts
    let qr: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("query_range"))
        .collect();
    let tail = &s.tail_requests()[0];
    assert_eq!(qr[0].param("end"), tail.param("start"));
    assert!(err.contains("tail: 14 entries"), "{err}");
}

#[test]
fn history_limit_shows_newest_entries_oldest_first_with_labels() {
    let s = empty();
    let base = now_ns() - 60_000_000_000;
    s.push(
        &(0..10)
            .map(|i| entry("a", base + i, &format!("h{i}")))
            .collect::<Vec<_>>(),
        true,
    );
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--limit",
            "3",
            "-z",
            "UTC",
            "--no-labels",
            "-o",
            "raw",
        ],
    );
    assert_eq!(t.expect(3), ["h7", "h8", "h9"]);
    let (code, _, _) = t.stop(libc::SIGTERM);
    assert_eq!(code, Some(0));
    // query --tail / -f are the same command
    let mut t = Tailer::start(&s, &["query", "-f", r#"{job="t"}"#, "--limit", "2", "-o", "jsonl"]);
    let got = t.expect(2).to_vec();
    assert!(
        got[0].starts_with(r#"{"labels":{"app":"a","job":"t"},"line":"h8""#),
        "{got:?}"
    );
    t.stop(libc::SIGINT);
}

#[test]
fn no_history_means_live_only() {
    let s = empty();
    s.push(&[entry("a", now_ns() - 1_000_000_000, "old")], true);
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "-q"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    s.push(&[entry("a", now_ns(), "new")], true);
    assert_eq!(t.expect(1), ["new"]);
    let (code, lines, _) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["new"]);
}

#[test]
fn abrupt_close_reconnects_and_resumes_exactly_after_last_entry() {
    let s = empty();
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    let t0 = now_ns();
    // two streams share the boundary timestamp: both must survive the seam
    s.push(&[entry("a", t0, "A"), entry("b", t0 + 5, "B1")], true);
    t.expect(2);
    s.tail_control(TailControl::Abrupt);
    wait_until("tail dropped", || s.tail_clients() == 0);
    // ingested while no tail is open: only the gap fill can deliver these
    s.push(&[entry("a", t0 + 5, "B2"), entry("b", t0 + 6, "C")], true);
    wait_until("tail reconnected", || s.tail_clients() == 1);
    s.push(&[entry("a", now_ns(), "D")], true);
    t.expect(5);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["A", "B1", "B2", "C", "D"]);
    assert_eq!(err.matches("reconnecting in").count(), 1, "{err}");
    // the re-read after the reconnect started at or before the last
    // printed timestamp (at the watermark), forward
    let gap = s
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("query_range"))
        .unwrap();
    let start: i64 = gap.param("start").unwrap().parse().unwrap();
    assert!(start <= t0 + 5, "{start}");
    assert_eq!(gap.param("direction"), Some("FORWARD"));
}

#[test]
fn max_duration_close_reconnects_silently() {
    let s = empty();
    s.state.lock().unwrap().tail_max_duration = Some(Duration::from_millis(300));
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    for i in 0..3 {
        wait_until("tail connected", || {
            s.tail_clients() == 1 && s.tail_requests().len() > i
        });
        s.push(&[entry("a", now_ns(), &format!("e{i}"))], true);
        t.expect(i + 1);
    }
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["e0", "e1", "e2"]);
    assert!(s.tail_requests().len() >= 3);
    assert!(!err.contains("reconnecting in"), "1011 max duration is silent: {err}");
}

#[test]
fn stalled_connection_is_detected_and_replaced() {
    let s = empty();
    s.state.lock().unwrap().ping_interval = Duration::from_millis(100);
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-o",
            "raw",
            "--silence-timeout",
            "2s",
        ],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    s.tail_control(TailControl::Stall);
    // stored while the connection is silent: the gap fill brings it
    s.push(&[entry("a", now_ns(), "during-stall")], true);
    wait_until("second tail", || s.tail_requests().len() == 2);
    t.expect(1);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["during-stall"]);
    assert!(err.contains("no frame or ping"), "{err}");
}

#[test]
fn refused_upgrade_is_permanent_with_loki_message() {
    let s = empty();
    let body = String::from_utf8(support::server::wire("tail-upgrade-delay-too-large.txt")).unwrap();
    s.state.lock().unwrap().tail_reject.push_back((400, body.clone()));
    let t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history"]);
    let (code, _, err) = t.finish();
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(body.trim()), "{err}");
    // a bad query never reaches the server
    let t = Tailer::start(&s, &["tail", r#"{job="t""#]);
    let (code, _, _) = t.finish();
    assert_eq!(code, Some(2));
    // ... unless --no-validate: then Loki's refusal (captured bytes)
    let t = Tailer::start(&s, &["tail", "--no-validate", r#"{app="x""#, "--no-history"]);
    let (code, _, err) = t.finish();
    assert_eq!(code, Some(1));
    assert!(err.contains("parse error at line 1, col 9"), "{err}");
}

#[test]
fn server_restart_on_same_port_loses_nothing() {
    let s = empty();
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    s.push(&[entry("a", now_ns(), "before")], true);
    t.expect(1);
    s.state.lock().unwrap().down = true;
    s.tail_control(TailControl::Abrupt);
    wait_until("tail dropped", || s.tail_clients() == 0);
    let n = s.state.lock().unwrap().accepts;
    s.push(&[entry("a", now_ns(), "while-down")], true);
    wait_until("client retried while down", || s.state.lock().unwrap().accepts > n);
    s.state.lock().unwrap().down = false;
    wait_until("tail reconnected", || s.tail_clients() == 1);
    s.push(&[entry("a", now_ns(), "after")], true);
    t.expect(3);
    let (code, lines, _) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["before", "while-down", "after"]);
}

#[test]
fn max_reconnects_gives_up_with_connection_error() {
    let s = empty();
    let t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "--max-reconnects", "2"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    s.state.lock().unwrap().down = true;
    s.tail_control(TailControl::Abrupt);
    let (code, _, err) = t.finish();
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("gave up after 2 reconnects"), "{err}");
}

#[test]
fn delay_for_reorders_across_streams_and_frames() {
    let s = empty();
    s.state.lock().unwrap().ping_interval = Duration::from_millis(50);
    // A delay far longer than the test: every entry is in the heap when
    // the signal flushes it, however slowly the machine reads the frames.
    let t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--delay-for", "1h"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    let t0 = now_ns();
    s.push(&[entry("a", t0 + 30, "3"), entry("b", t0 + 10, "1")], true);
    s.push(&[entry("b", t0 + 40, "4")], true);
    s.push(&[entry("a", t0 + 20, "2"), entry("a", t0 + 20, "2b")], true);
    // the client answers a ping sent after the frames only once it has read them
    let p = s.pongs();
    wait_until("client read the frames", || s.pongs() >= p + 2);
    assert!(t.got.is_empty(), "nothing is due within the hour: {:?}", t.got);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["1", "2", "2b", "3", "4"]);
    assert!(!err.contains("late"), "{err}");
}

#[test]
fn held_entries_are_released_once_their_delay_passes() {
    let s = empty();
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-o",
            "raw",
            "--delay-for",
            "200ms",
        ],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    let t0 = now_ns();
    s.push(&[entry("a", t0 + 2, "second"), entry("b", t0 + 1, "first")], true);
    // no signal: the release timer alone prints them, in time order
    assert_eq!(t.expect(2), ["first", "second"]);
    let (code, _, _) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
}

#[test]
fn late_entries_are_printed_and_counted_duplicates_suppressed() {
    let s = empty();
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    let t0 = now_ns();
    s.push(&[entry("a", t0, "first")], true);
    t.expect(1);
    s.push(&[entry("a", t0 - 1_000_000, "late")], true);
    t.expect(2);
    // a copy from a replicated ingester: same stream, time and line
    s.push(&[entry("a", t0, "first")], false);
    s.push(&[entry("b", t0, "first")], true);
    t.expect(3);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["first", "late", "first"]);
    assert!(err.contains("1 late"), "{err}");
    assert!(err.contains("1 duplicates suppressed"), "{err}");
}

#[test]
fn overload_drops_are_backfilled_complete_and_in_order() {
    let s = empty();
    s.state.lock().unwrap().ping_interval = Duration::from_millis(50);
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--delay-for", "2s"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    s.state.lock().unwrap().writers_paused = true;
    let t0 = now_ns();
    for i in 0..50 {
        s.push(
            &[entry(if i % 2 == 0 { "a" } else { "b" }, t0 + i, &format!("{i:02}"))],
            true,
        );
    }
    s.state.lock().unwrap().writers_paused = false;
    // the ten queued messages arrive (after the delay); the next one reports the drops
    t.expect(10);
    s.push(&[entry("a", t0 + 50, "50")], true);
    let want: Vec<String> = (0..51).map(|i| format!("{i:02}")).collect();
    assert_eq!(t.expect(51), want);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines.len(), 51, "each entry once");
    // ten messages wait in the server's queue (plus at most one in flight);
    // everything else was dropped, reported, and recovered by the backfill
    let (dropped, recovered) = drop_counts(&err);
    assert!((39..=40).contains(&dropped), "{err}");
    assert_eq!(dropped, recovered, "{err}");
}

#[test]
fn no_backfill_reports_drops_only() {
    let s = empty();
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--no-backfill"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    s.state.lock().unwrap().writers_paused = true;
    let t0 = now_ns();
    for i in 0..15 {
        s.push(&[entry("a", t0 + i, &format!("{i:02}"))], true);
    }
    s.state.lock().unwrap().writers_paused = false;
    t.expect(10);
    s.push(&[entry("a", t0 + 15, "15")], true);
    // the frame that carries "15" also reports the drops
    t.expect_line("15");
    let (_, lines, err) = t.stop(libc::SIGINT);
    let (dropped, recovered) = drop_counts(&err);
    assert_eq!(recovered, 0);
    assert!((4..=5).contains(&dropped), "{err}");
    assert_eq!(lines.len() as u64, 16 - dropped, "{lines:?}");
}

#[test]
fn ctrl_c_and_sigterm_flush_the_heap() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let s = empty();
        s.state.lock().unwrap().ping_interval = Duration::from_millis(20);
        let t = Tailer::start(
            &s,
            &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--delay-for", "1h"],
        );
        wait_until("tail connected", || s.tail_clients() == 1);
        let t0 = now_ns();
        s.push(&[entry("a", t0 + 2, "second"), entry("b", t0 + 1, "first")], true);
        // the client answers a ping sent after the entries only once it has read them
        let p = s.pongs();
        wait_until("client read the frame", || s.pongs() >= p + 2);
        let (code, lines, _) = t.stop(sig);
        assert_eq!(code, Some(0));
        assert_eq!(lines, ["first", "second"], "signal {sig}");
    }
}

/// Loki v3 answers queries with a `detected_level` label that live frames
/// and `dropped_entries` do not carry (see the captures): the seam, the gap
/// fill and the backfill must still recognise the same entries.
#[test]
/// (`--delay-for 2s`: what a re-read recovers is still in the heap's
/// future, so the order below is exact; README, "Live tailing".)
fn query_time_labels_do_not_break_dedupe_or_backfill() {
    let s = empty();
    s.state.lock().unwrap().detected_level = true;
    s.state.lock().unwrap().ping_interval = Duration::from_millis(50);
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--delay-for", "2s"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    let t0 = now_ns();
    s.push(&[entry("a", t0, "A")], true);
    t.expect(1);
    // reconnect: the gap fill starts at A's timestamp and returns A again,
    // this time with detected_level; it must not be printed twice
    s.tail_control(TailControl::Abrupt);
    wait_until("tail dropped", || s.tail_clients() == 0);
    s.push(&[entry("a", now_ns(), "B")], true);
    wait_until("tail reconnected", || s.tail_clients() == 1);
    t.expect(2);
    // overload: dropped entries are reported without detected_level
    s.state.lock().unwrap().writers_paused = true;
    let t1 = now_ns();
    for i in 0..20 {
        s.push(&[entry("a", t1 + i, &format!("o{i:02}"))], true);
    }
    s.state.lock().unwrap().writers_paused = false;
    t.expect(12);
    s.push(&[entry("a", t1 + 20, "o20")], true);
    t.expect(23);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    let mut want = vec!["A".to_string(), "B".to_string()];
    want.extend((0..21).map(|i| format!("o{i:02}")));
    assert_eq!(lines, want, "{err}");
    let (dropped, recovered) = drop_counts(&err);
    // recovered: the dropped ones, and B (read by the gap fill after the reconnect)
    assert_eq!(recovered, dropped + 1, "{err}");
    assert!(dropped >= 9, "{err}");
}

#[test]
fn tail_label_flags_work_unlike_logcli() {
    let s = empty();
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-q",
            "-z",
            "UTC",
            "--exclude-label",
            "job",
            "--output-timestamp-format",
            "rfc3339nano",
        ],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    let ts = 1_795_577_575_102_279_137;
    s.push(&[entry("a", ts, "x")], true);
    assert_eq!(t.expect(1), [r#"2026-11-25T03:32:55.102279137Z {app="a"} x"#]);
    t.stop(libc::SIGINT);

    wait_until("first tail gone", || s.tail_clients() == 0);
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-q",
            "-o",
            "jsonl",
            "--include-label",
            "app",
        ],
    );
    wait_until("tail connected", || {
        s.tail_clients() == 1 && s.tail_requests().len() == 2
    });
    s.push(&[entry("b", ts, "y")], true);
    assert_eq!(
        t.expect(1),
        [r#"{"labels":{"app":"b"},"line":"y","timestamp":"2026-11-25T03:32:55.102279137Z"}"#]
    );
    t.stop(libc::SIGINT);
}

#[test]
fn malformed_frames_are_skipped_with_a_warning() {
    let s = empty();
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    s.push_raw(r#"{"streams":[{"stream":{"job":"t"},"values":[["not-a-number","x"]]}]}"#);
    s.push_raw("{truncated");
    s.push(&[entry("a", now_ns(), "good")], true);
    assert_eq!(t.expect(1), ["good"]);
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["good"]);
    assert_eq!(err.matches("skipping malformed frame").count(), 2, "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn max_duration_reconnects_do_not_use_up_max_reconnects() {
    let s = empty();
    s.state.lock().unwrap().tail_max_duration = Some(Duration::from_millis(100));
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-o",
            "raw",
            "-q",
            "--max-reconnects",
            "1",
        ],
    );
    wait_until("several planned reconnects", || s.tail_requests().len() >= 4);
    wait_until("tail connected", || s.tail_clients() == 1);
    s.push(&[entry("a", now_ns(), "still here")], true);
    t.expect(1);
    let (code, lines, _) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_eq!(lines, ["still here"]);
}

#[test]
fn a_slow_backfill_is_not_mistaken_for_a_silent_connection() {
    let s = empty();
    s.state.lock().unwrap().ping_interval = Duration::from_millis(50);
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-o",
            "raw",
            "--delay-for",
            "3s",
            "--silence-timeout",
            "2s",
        ],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    s.state.lock().unwrap().writers_paused = true;
    let t0 = now_ns();
    for i in 0..15 {
        s.push(&[entry("a", t0 + i, &format!("{i:02}"))], true);
    }
    s.state.lock().unwrap().writers_paused = false;
    wait_until("queue drained", || s.tail_queued() == 0);
    // the backfill's query_range takes longer than the silence timeout
    s.set_delay(Some(Duration::from_millis(3000)));
    s.push(&[entry("a", t0 + 15, "15")], true);
    let want: Vec<String> = (0..16).map(|i| format!("{i:02}")).collect();
    assert_eq!(t.expect(16), want);
    let (code, _, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert!(!err.contains("no frame or ping"), "{err}");
    assert_eq!(s.tail_requests().len(), 1, "no reconnect: {err}");
}

/// Through a plain HTTP proxy the websocket upgrade is sent in absolute form
/// to the proxy: the tail reaches a Loki whose name only the proxy resolves.
#[test]
fn tail_goes_through_an_http_proxy() {
    let s = empty();
    let proxy = support::proxy::Proxy::start();
    let target = format!("http://{}", s.addr);
    let mut child = support::bin()
        .env("LOKI_ADDR", &target)
        .args(["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "-q"])
        .args(["--proxy-url", &proxy.url(), "--max-reconnects", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("tail connected through the proxy", || s.tail_clients() == 1);
    s.push(&[entry("a", now_ns(), "via proxy")], true);
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "via proxy\n");
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let seen = proxy.seen();
    assert!(
        seen.iter()
            .any(|l| l.starts_with(&format!("GET {target}/loki/api/v1/tail?"))),
        "the upgrade went through the proxy: {seen:?}"
    );
}

//! The tail under load, against a test server that behaves like Loki
//! v3.7.6 does (measured, see fixtures/loki-wire/README.md): at most 1,000
//! dropped entries reported per gap and the rest lost silently, reports
//! with the line text in `labels`, streams dropped without any report, a
//! drain cycle of about 2,200 entries a second, an ingester closing the
//! tail. In each case the output is complete: every entry once.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use support::server::{Dataset, DropReport, Server, TailControl};
use support::tailer::*;

fn empty() -> Server {
    Server::start(Dataset::Streams(vec![]))
}

/// `n` entries stamped with the time they are pushed (as a live service
/// stamps them), alternating streams a and b.
fn burst(s: &Server, from: usize, n: usize) -> Vec<String> {
    burst_at(s, from, n, 0)
}

/// `burst`, stamped 1 µs apart from `at` on (0: from now on).
fn burst_at(s: &Server, from: usize, n: usize, at: i64) -> Vec<String> {
    let mut want = Vec::new();
    let mut batch = Vec::new();
    let mut t0 = now_ns();
    for i in from..from + n {
        let line = format!("e{i:06}");
        if at > 0 {
            t0 = at + (i - from) as i64 * 1_000 - (i % 100) as i64;
        } else if i % 100 == 0 {
            t0 = now_ns().max(t0 + 100);
        }
        batch.push(entry(if i % 2 == 0 { "a" } else { "b" }, t0 + (i % 100) as i64, &line));
        want.push(line);
        if batch.len() == 100 {
            s.push(&batch, true);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        s.push(&batch, true);
    }
    want
}

/// Every line once, and exactly the lines wanted.
fn complete(lines: &[String], want: &[String]) {
    let got: BTreeSet<&String> = lines.iter().collect();
    assert_eq!(got.len(), lines.len(), "each entry once");
    let want: BTreeSet<&String> = want.iter().collect();
    let missing: Vec<_> = want.difference(&got).take(5).collect();
    assert!(
        missing.is_empty(),
        "{} missing, e.g. {missing:?}",
        want.difference(&got).count()
    );
    assert_eq!(got, want);
}

/// Overload with the writer paused: ten messages queue, everything else is
/// dropped; Loki reports the first 1,000 of the gap and nothing of the rest.
fn overload(s: &Server, n: usize) -> Vec<String> {
    s.state.lock().unwrap().writers_paused = true;
    let want = burst(s, 0, n);
    s.state.lock().unwrap().writers_paused = false;
    wait_until("queue drained", || s.tail_queued() == 0);
    want
}

#[test]
fn the_report_cap_loses_entries_silently_and_the_repair_finds_them() {
    let s = empty();
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    let mut want = overload(&s, 3_000);
    // the next message carries the report: 1,000 of the 2,000 dropped
    want.extend(burst(&s, 3_000, 1));
    t.expect(want.len());
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    let (dropped, recovered) = drop_counts(&err);
    // Loki reports at most 1,000 per gap (a loaded machine may split the
    // overload into two gaps); the re-read found the unreported ones too
    assert!(dropped >= 1_000 && dropped < recovered, "{err}");
    // ten queued messages (plus one in flight) were delivered
    assert!((1_900..=2_000).contains(&recovered), "{err}");
}

fn reads(s: &Server) -> Vec<support::server::Request> {
    s.requests()
        .into_iter()
        .filter(|r| r.path.ends_with("query_range"))
        .collect()
}

/// After the report Loki goes on dropping and says nothing (as for a
/// reader stalled longer than its queue lasts): the repair that found the
/// reported loss reads the next window too, and finds the silent one.
#[test]
fn silent_drops_after_a_reported_loss_are_found_in_the_next_window() {
    let s = empty();
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    // the check after connecting is done: it does not cover what follows
    wait_until("the check after connecting", || !reads(&s).is_empty());
    let mut want = overload(&s, 3_000);
    want.extend(burst(&s, 3_000, 1));
    let n = reads(&s).len();
    wait_until("the repair of the reported loss", || reads(&s).len() > n);
    let end: i64 = reads(&s)[n].param("end").unwrap().parse().unwrap();
    // just after that repair's window: dropped, never reported
    s.state.lock().unwrap().drop_report = DropReport::Silent;
    s.state.lock().unwrap().writers_paused = true;
    want.extend(burst_at(&s, 3_001, 2_000, end + 1_000));
    s.state.lock().unwrap().writers_paused = false;
    wait_until("queue drained", || s.tail_queued() == 0);
    t.expect(want.len());
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    // about 2,000 + 1,000 never came on the websocket; the re-reads printed them
    let (_, recovered) = drop_counts(&err);
    assert!(recovered >= 2_800, "{err}");
}

#[test]
fn reports_with_the_line_text_in_labels_still_repair() {
    let s = empty();
    s.state.lock().unwrap().drop_report = DropReport::LineInLabels;
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    let mut want = overload(&s, 1_500);
    want.extend(burst(&s, 1_500, 1));
    t.expect(want.len());
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    assert!(!err.contains("malformed"), "a report of any shape decodes: {err}");
}

#[test]
fn a_stream_dropped_without_any_report_is_found_by_verify() {
    let s = empty();
    s.state.lock().unwrap().hole_app = Some("b".into());
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-o",
            "raw",
            "--verify=1s",
            "--no-backfill",
        ],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    let want = burst(&s, 0, 40);
    // stream b never comes on the websocket; only Loki's count shows it
    t.expect(want.len());
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    assert!(s.state.lock().unwrap().counts_answered >= 1);
    assert!(err.contains("differed"), "{err}");
}

#[test]
fn verify_counts_agree_when_nothing_is_lost() {
    let s = empty();
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--verify=200ms"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    let want = burst(&s, 0, 30);
    t.expect(want.len());
    // a window after the entries has been checked
    let n = s.state.lock().unwrap().counts_answered;
    wait_until("two more windows verified", || {
        s.state.lock().unwrap().counts_answered >= n + 2
    });
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    assert!(err.contains("windows verified (0 differed)"), "{err}");
}

#[test]
fn an_ingester_closing_the_tail_loses_nothing() {
    let s = empty();
    let mut t = Tailer::start(&s, &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw"]);
    wait_until("tail connected", || s.tail_clients() == 1);
    // a blocked ingester: nothing is sent, then the querier closes the tail
    s.state.lock().unwrap().writers_paused = true;
    let want = burst(&s, 0, 2_000);
    s.tail_control(TailControl::Close(1011, "all ingesters closed the connection".into()));
    s.state.lock().unwrap().writers_paused = false;
    t.expect(want.len());
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    assert!(err.contains("all ingesters closed the connection"), "{err}");
}

#[test]
fn sustained_overload_catches_up_by_query_range_and_goes_live_again() {
    let s = empty();
    // Loki's drain cycle, faster: at most 2 messages per 100 ms (2,000/s)
    s.state.lock().unwrap().tail_burst = Some((2, Duration::from_millis(100)));
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--delay-for", "2s"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    let mut want = Vec::new();
    // 20,000 entries a second for two seconds: ten times what the tail carries
    for k in 0..20 {
        want.extend(burst(&s, k * 2_000, 2_000));
        std::thread::sleep(Duration::from_millis(100));
    }
    t.expect(want.len());
    // the load is over: back on the websocket
    wait_until("a new tail after catching up", || s.tail_requests().len() >= 2);
    want.extend(burst(&s, 40_000, 1));
    t.expect(want.len());
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    // timestamps rise with the line number: with --delay-for the switches
    // to query_range and back keep one ordered sequence
    let out_of_order: Vec<_> = lines.windows(2).filter(|w| w[0] > w[1]).take(5).collect();
    assert!(out_of_order.is_empty(), "in timestamp order: {out_of_order:?}\n{err}");
    assert!(err.contains("catching up"), "{err}");
}

#[test]
fn a_refused_reread_is_reported_and_fails_with_fail_on_loss() {
    let s = empty();
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--fail-on-loss"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    s.state.lock().unwrap().refuse_query_range = Some((400, "query not allowed".into()));
    overload(&s, 2_000);
    burst(&s, 2_000, 1);
    // the repair was tried and refused
    wait_until("a re-read was attempted", || {
        s.requests().iter().any(|r| r.path.ends_with("query_range"))
    });
    t.expect(1_001);
    let (code, _, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("may be missing") && err.contains("query not allowed"),
        "{err}"
    );
}

/// Without re-reads, reported drops are a loss: said even under `-q`, and
/// a failure with `--fail-on-loss`; `--stats` prints the accounting.
#[test]
fn no_backfill_with_fail_on_loss_fails_on_reported_drops() {
    let s = empty();
    let mut t = Tailer::start(
        &s,
        &[
            "tail",
            r#"{job="t"}"#,
            "--no-history",
            "-o",
            "raw",
            "-q",
            "--stats",
            "--no-backfill",
            "--fail-on-loss",
        ],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    overload(&s, 2_000);
    burst(&s, 2_000, 1);
    // the entry after the gap comes in the frame that carries the report
    // (1,000 or 1,100 entries may come before it, as one message was in flight)
    t.expect_line("e002000");
    let (code, _, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("reported dropped were not re-read"), "{err}");
    assert!(
        err.contains("tail accounting:") && err.contains("dropped by the server"),
        "{err}"
    );
    assert!(!err.contains("query_range"), "-q keeps request URLs quiet: {err}");
}

/// A tail stopped for a while (Ctrl-Z, a debugger, a frozen machine)
/// reads nothing meanwhile; Loki drops what does not fit its queue without
/// a word. When it resumes, what it missed is re-read: the time it was
/// away is not taken for quiet time.
#[test]
fn a_stopped_tail_rereads_what_it_missed_when_it_resumes() {
    let s = empty();
    s.state.lock().unwrap().drop_report = DropReport::Silent;
    let mut t = Tailer::start(
        &s,
        &["tail", r#"{job="t"}"#, "--no-history", "-o", "raw", "--delay-for", "2s"],
    );
    wait_until("tail connected", || s.tail_clients() == 1);
    wait_until("the check after connecting", || !reads(&s).is_empty());
    let mut want = burst(&s, 0, 10);
    // read by the tail (it answered a ping sent after them), still held by its heap
    let pongs = s.pongs();
    wait_until("the entries read", || s.pongs() >= pongs + 2);
    let pid = t.child.id() as i32;
    // SAFETY: stopping and continuing our own child.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    s.state.lock().unwrap().writers_paused = true;
    want.extend(burst(&s, 10, 2_400));
    // away for longer than the tail's horizon and delay (5 s + 2 s)
    std::thread::sleep(Duration::from_secs(10));
    unsafe { libc::kill(pid, libc::SIGCONT) };
    s.state.lock().unwrap().writers_paused = false;
    t.expect(want.len());
    let (code, lines, err) = t.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    complete(&lines, &want);
    let (_, recovered) = drop_counts(&err);
    assert!(recovered >= 1_000, "what did not fit Loki's queue was re-read: {err}");
}

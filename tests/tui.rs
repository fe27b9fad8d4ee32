//! The full-screen view (`--tui`) under a pseudo-terminal, read back through
//! a terminal emulator (vt100): what a person would see after each key.

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::pty::Pty;
use support::server::{Dataset, Server};

const ROWS: u16 = 30;
const COLS: u16 = 120;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64
}

fn labels(app: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("app".to_string(), app.to_string())])
}

/// `n` history entries in one stream, a millisecond apart, ending a minute ago.
fn history(app: &str, n: usize, line: impl Fn(usize) -> String) -> Dataset {
    let end = now() - 60_000_000_000;
    let entries = (0..n).map(|i| (end - (n - i) as i64 * 1_000_000, line(i))).collect();
    Dataset::Streams(vec![(labels(app), entries)])
}

/// The view of a running `logcli ... --tui` in a pty.
struct View {
    pty: Pty,
    child: Child,
    canonical: libc::tcflag_t,
}

impl View {
    fn start(addr: &str, args: &[&str]) -> View {
        let pty = Pty::sized(ROWS, COLS);
        let canonical = pty.lflag() & (libc::ICANON | libc::ECHO);
        let child = support::bin()
            .env("LOKI_ADDR", addr)
            .env("TERM", "xterm-256color")
            .args(args)
            .stdin(Stdio::from(pty.slave_fd()))
            .stdout(Stdio::from(pty.slave_fd()))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        View { pty, child, canonical }
    }

    /// The screen as a person sees it now.
    fn screen(&self) -> String {
        let mut p = vt100::Parser::new(ROWS, COLS, 0);
        p.process(&self.pty.bytes());
        p.screen().contents()
    }

    /// Wait until the screen shows `what` (events, not a time window: the
    /// limit only ends a test that would otherwise hang).
    fn wait_for(&self, what: &str, f: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if f(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn shows(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn keys(&mut self, bytes: &[u8]) {
        self.pty.master.write_all(bytes).unwrap();
        self.pty.master.flush().unwrap();
    }

    /// The last line: the status bar (or the input line under it).
    fn status(&self) -> String {
        let s = self.screen();
        let lines: Vec<&str> = s.lines().collect();
        lines.iter().rev().find(|l| l.contains('│')).unwrap_or(&"").to_string()
    }

    /// Wait for the exit; the terminal must be back as it was.
    fn exits(self) -> i32 {
        self.exits_with_stderr().0
    }

    /// Exit code and what was written to stderr (after the screen is back).
    fn exits_with_stderr(mut self) -> (i32, String) {
        let code = wait_exit(&mut self.child);
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        assert_eq!(
            self.pty.lflag() & (libc::ICANON | libc::ECHO),
            self.canonical,
            "line mode and echo restored"
        );
        // the pty's reader may still be catching up with the last writes
        let start = Instant::now();
        let bytes = loop {
            let b = String::from_utf8_lossy(&self.pty.bytes()).into_owned();
            if b.contains("\x1b[?1049l") || start.elapsed() > Duration::from_secs(10) {
                break b;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let enter = bytes.find("\x1b[?1049h").expect("entered the alternate screen");
        let leave = bytes.rfind("\x1b[?1049l").expect("left the alternate screen");
        assert!(leave > enter);
        assert!(
            bytes.rfind("\x1b[?25h").is_some_and(|c| c > enter),
            "cursor shown again"
        );
        // mouse reporting (button, drag, any motion, SGR) switched on, then off
        for mode in ["1000", "1002", "1003", "1006"] {
            let on = bytes.rfind(&format!("\x1b[?{mode}h"));
            let off = bytes.rfind(&format!("\x1b[?{mode}l"));
            assert!(on.is_some(), "mouse mode {mode} was on");
            assert!(off > on, "mouse mode {mode} switched off after exit");
        }
        (code, err)
    }
}

fn wait_exit(child: &mut Child) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            use std::os::unix::process::ExitStatusExt;
            return st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0));
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the view did not exit");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn entry(app: &str, line: &str) -> (BTreeMap<String, String>, i64, String) {
    (labels(app), now(), line.to_string())
}

#[test]
fn tail_view_shows_history_then_live_with_status_and_quits_cleanly() {
    let s = Server::start(history("api", 5, |i| format!("level=info msg=\"history {i}\"")));
    let mut v = View::start(&s.url(), &["tail", "--tui", r#"{app="api"}"#]);
    v.shows("history 4");
    v.wait_for("live state", |sc| sc.contains("live"));
    s.push(&[entry("api", "level=error msg=\"live one\"")], true);
    let sc = v.shows("live one");
    let status = v.status();
    assert!(status.contains(r#"{app="api"}"#), "query in the status bar: {status}");
    assert!(status.contains("shown 6 of 6"), "{status}");
    assert!(status.contains("following"), "{status}");
    // newest at the bottom, above the status bar
    let h4 = sc.find("history 4").unwrap();
    assert!(sc.find("live one").unwrap() > h4);
    v.keys(b"q");
    // the tail's accounting, as in line mode, once the screen is restored
    let (code, err) = v.exits_with_stderr();
    assert_eq!(code, 0);
    assert!(err.contains("tail: 6 entries"), "{err}");
}

#[test]
fn scrolling_up_pauses_following_counts_new_entries_and_end_follows_again() {
    let s = Server::start(history("api", 100, |i| format!("row {i:03}")));
    let mut v = View::start(&s.url(), &["tail", "--tui", "--limit", "100", r#"{app="api"}"#]);
    v.shows("row 099");
    v.wait_for("live", |sc| sc.contains("live"));
    // PgUp, then the mouse wheel (SGR report) further up
    v.keys(b"\x1b[5~");
    v.wait_for("paused", |_| v.status().contains("paused"));
    v.keys(b"\x1b[<64;10;10M");
    let sc = v.wait_for("scrolled back", |sc| !sc.contains("row 099"));
    assert!(sc.contains("row 0"), "{sc}");
    s.push(&[entry("api", "new A"), entry("api", "new B")], true);
    v.wait_for("new entries counted", |_| v.status().contains("2 new"));
    assert!(!v.screen().contains("new B"), "paused view stays where it is");
    v.keys(b"G");
    v.shows("new B");
    assert!(v.status().contains("following"));
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
}

#[test]
fn filter_as_you_type_keeps_the_last_valid_pipeline_and_shows_errors_with_position() {
    let s = Server::start(history("api", 40, |i| {
        format!(
            "level={} status={} msg=\"m{i}\"",
            if i % 4 == 0 { "error" } else { "info" },
            200 + i
        )
    }));
    let mut v = View::start(&s.url(), &["tail", "--tui", "--limit", "40", r#"{app="api"}"#]);
    v.shows("m39");
    v.keys(br#"/| logfmt | level="error""#);
    v.wait_for("10 of 40 shown", |_| v.status().contains("shown 10 of 40"));
    let sc = v.screen();
    assert!(sc.contains("m36") && !sc.contains("m37"), "{sc}");
    // typing on: an incomplete pipeline is an error at its position; the
    // last valid one stays in force
    v.keys(b" | status >=");
    let sc = v.wait_for("error shown", |sc| sc.contains("col 37"));
    assert!(sc.contains("m36") && !sc.contains("m37"), "{sc}");
    v.keys(b" 228");
    v.wait_for("3 of 40", |_| v.status().contains("shown 3 of 40"));
    // Enter keeps it, live entries go through it too
    v.keys(b"\r");
    s.push(
        &[
            entry("api", "level=error status=500 msg=live-hit"),
            entry("api", "level=info status=500 msg=live-miss"),
        ],
        true,
    );
    v.shows("live-hit");
    v.wait_for("4 of 42", |_| v.status().contains("shown 4 of 42"));
    assert!(!v.screen().contains("live-miss"));
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
}

#[test]
fn detail_pane_shows_times_labels_and_pretty_json_and_toggles_change_the_list() {
    let s = Server::start(history("api", 1, |_| {
        r#"{"level":"warn","user":{"id":7,"name":"ana"}}"#.to_string()
    }));
    let mut v = View::start(&s.url(), &["tail", "--tui", r#"{app=~"api"}"#]);
    v.shows(r#"{"level":"warn""#);
    v.keys(b"\r");
    let sc = v.shows("entry (Esc closes");
    assert!(sc.contains("time   20") && sc.contains("local  20"), "{sc}");
    assert!(sc.contains(r#"app = "api""#), "{sc}");
    assert!(sc.contains(r#""name": "ana""#), "pretty JSON: {sc}");
    v.keys(b"\x1b");
    v.wait_for("detail closed", |sc| !sc.contains("entry (Esc closes"));
    // labels off, then timestamps off
    assert!(v.screen().contains(r#"{app="api"}"#));
    v.keys(b"l");
    v.wait_for("labels hidden", |sc| !sc.contains(r#"{app="api"}"#));
    v.keys(b"t");
    v.wait_for("timestamps hidden", |sc| {
        sc.lines().any(|l| l.starts_with(r#"{"level":"warn""#))
    });
    v.keys(b"?");
    v.shows("copy");
    v.keys(b"q");
    v.wait_for("help closed", |sc| !sc.contains("copy"));
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
}

#[test]
fn colon_edits_the_query_and_restarts_the_tail_with_history() {
    let s = Server::start(Dataset::Streams(vec![
        (labels("api"), vec![(now() - 60_000_000_000, "from api".into())]),
        (labels("web"), vec![(now() - 60_000_000_000, "from web".into())]),
    ]));
    let mut v = View::start(&s.url(), &["tail", "--tui", r#"{app="api"}"#]);
    v.shows("from api");
    v.wait_for("live", |sc| sc.contains("live"));
    v.keys(b":");
    v.keys(b"\x15");
    v.keys(br#"{app="web"}"#);
    v.keys(b"\r");
    v.shows("from web");
    v.wait_for("old rows replaced", |sc| !sc.contains("from api"));
    assert!(v.status().contains(r#"{app="web"}"#));
    let queries: Vec<String> = s
        .tail_requests()
        .iter()
        .filter_map(|r| r.param("query").map(String::from))
        .collect();
    v.wait_for("second tail", |_| s.tail_requests().len() >= 2);
    assert_eq!(queries.first().map(String::as_str), Some(r#"{app="api"}"#));
    assert!(s
        .tail_requests()
        .iter()
        .any(|r| r.param("query") == Some(r#"{app="web"}"#)));
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
}

#[test]
fn query_tui_opens_a_range_result_in_the_viewer() {
    let s = Server::start(history("api", 50, |i| format!("ranged {i:02}")));
    let mut v = View::start(
        &s.url(),
        &["query", "--tui", "--since", "1h", "--limit", "50", r#"{app="api"}"#],
    );
    v.shows("ranged 49");
    v.wait_for("done", |_| v.status().contains("done"));
    assert!(v.status().contains("shown 50 of 50"), "{}", v.status());
    assert!(!v.status().contains("following"), "{}", v.status());
    // Ctrl-C comes as a key in raw mode, and quits
    v.keys(b"\x03");
    assert_eq!(v.exits(), 0);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        let s = Server::start(history("api", 3, |i| format!("sig {i}")));
        let v = View::start(&s.url(), &["tail", "--tui", r#"{app="api"}"#]);
        v.shows("sig 2");
        // SAFETY: signalling our own child.
        assert_eq!(unsafe { libc::kill(v.child.id() as i32, sig) }, 0);
        let code = v.exits();
        assert!(
            code == 0 || code == 130 || code == 128 + sig,
            "signal {sig}: exit {code}"
        );
    }
}

#[test]
fn tui_without_a_terminal_or_with_ci_checks_is_a_usage_error() {
    let out = support::bin()
        .env("LOKI_ADDR", "http://127.0.0.1:1")
        .args(["tail", "--tui", r#"{app="api"}"#])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--tui needs a terminal"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let out = support::bin()
        .env("LOKI_ADDR", "http://127.0.0.1:1")
        .args(["tail", "--tui", "--until", "x", r#"{app="api"}"#])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--until"));

    // a scrollback of nothing is not silently one
    let out = support::bin()
        .env("LOKI_ADDR", "http://127.0.0.1:1")
        .args(["tail", "--tui", "--tui-scrollback", "0", r#"{app="api"}"#])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--tui-scrollback") && err.contains("at least 1"), "{err}");
}

#[test]
fn profile_makes_the_view_the_default_on_a_terminal_only() {
    let dir = std::env::temp_dir().join(format!("logcli-tui-profile-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("logcli")).unwrap();
    let s = Server::start(history("api", 2, |i| format!("prof {i}")));
    std::fs::write(
        dir.join("logcli/config.toml"),
        format!(
            "current-context = \"d\"\n[contexts.d]\naddr = \"{}\"\ntui = true\n",
            s.url()
        ),
    )
    .unwrap();
    // piped: the plain stream, unchanged
    let out = support::bin()
        .env("XDG_CONFIG_HOME", &dir)
        .args(["query", "-q", "-o", "raw", "--since", "1h", r#"{app="api"}"#])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "prof 1\nprof 0\n");
    // on a terminal: the view
    let pty = Pty::sized(ROWS, COLS);
    let canonical = pty.lflag() & (libc::ICANON | libc::ECHO);
    let child = support::bin()
        .env("XDG_CONFIG_HOME", &dir)
        .args(["tail", r#"{app="api"}"#])
        .stdin(Stdio::from(pty.slave_fd()))
        .stdout(Stdio::from(pty.slave_fd()))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut v = View { pty, child, canonical };
    v.shows("prof 1");
    v.wait_for("status bar", |_| v.status().contains("? help"));
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
    // --no-tui: the plain stream on the terminal
    let pty = Pty::sized(ROWS, COLS);
    let mut child = support::bin()
        .env("XDG_CONFIG_HOME", &dir)
        .args([
            "query",
            "--no-tui",
            "-q",
            "-o",
            "raw",
            "--since",
            "1h",
            r#"{app="api"}"#,
        ])
        .stdin(Stdio::from(pty.slave_fd()))
        .stdout(Stdio::from(pty.slave_fd()))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert_eq!(wait_exit(&mut child), 0);
    let out = String::from_utf8_lossy(&pty.drain()).into_owned();
    assert!(out.contains("prof 1") && !out.contains("\x1b[?1049h"), "{out:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tail_tui_follows_a_local_file() {
    let dir = std::env::temp_dir().join(format!("logcli-tui-follow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("svc.log");
    std::fs::write(&f, "level=info msg=before\n").unwrap();
    let path = f.display().to_string();
    let mut v = View::start("http://127.0.0.1:1", &["tail", "--tui", "--file", &path, "{} | logfmt"]);
    v.shows("msg=before");
    v.wait_for("live", |_| v.status().contains("live"));
    let mut w = std::fs::OpenOptions::new().append(true).open(&f).unwrap();
    w.write_all(b"level=error msg=after\n").unwrap();
    v.shows("msg=after");
    assert!(v.screen().contains("filename="), "the filename label is shown");
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `... | logcli tail --stdin --tui`: the data comes on stdin, the keys from
/// the controlling terminal.
#[test]
fn tail_stdin_tui_reads_keys_from_the_terminal_and_lines_from_the_pipe() {
    use std::os::unix::process::CommandExt;
    let pty = Pty::sized(ROWS, COLS);
    let canonical = pty.lflag() & (libc::ICANON | libc::ECHO);
    let mut cmd = support::bin();
    cmd.env("TERM", "xterm-256color")
        .args(["tail", "--stdin", "--tui", "{} | logfmt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::from(pty.slave_fd()))
        .stderr(Stdio::piped());
    // SAFETY: only async-signal-safe calls between fork and exec: a new
    // session whose controlling terminal is the pty on stdout.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            libc::ioctl(1, libc::TIOCSCTTY as _, 0);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"level=info msg=piped-one\n").unwrap();
    input.flush().unwrap();
    let mut v = View { pty, child, canonical };
    v.shows("msg=piped-one");
    input.write_all(b"level=error msg=piped-two\n").unwrap();
    input.flush().unwrap();
    v.shows("msg=piped-two");
    v.keys(br#"/| level="error""#);
    v.wait_for("filtered", |_| v.status().contains("shown 1 of 2"));
    v.keys(b"\r");
    drop(input);
    v.wait_for("input ended", |_| v.status().contains("done"));
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
}

#[test]
fn home_shows_the_first_screenful_and_enter_pins_the_entry_it_opens() {
    let s = Server::start(history("api", 100, |i| format!("row {i:03}")));
    let mut v = View::start(&s.url(), &["tail", "--tui", "--limit", "100", r#"{app=~"api"}"#]);
    v.shows("row 099");
    v.wait_for("live", |_| v.status().contains("live"));
    v.keys(b"g");
    // the oldest at the top and the screen full below it (24 list rows)
    let sc = v.wait_for("first screenful", |sc| sc.contains("row 000") && sc.contains("row 023"));
    assert!(!sc.contains("row 024"), "{sc}");
    // moving the highlight inside the page does not move the page
    v.keys(b"jjj");
    v.wait_for("still the first page", |sc| sc.contains("row 000"));
    // Enter while following opens the newest entry and keeps it
    v.keys(b"G");
    v.wait_for("following", |_| v.status().contains("following"));
    v.keys(b"\r");
    v.wait_for("detail", |sc| sc.contains("entry (Esc closes"));
    s.push(&[entry("api", "fresh one")], true);
    v.wait_for("counted as new", |_| v.status().contains("1 new"));
    let sc = v.screen();
    let pane: Vec<&str> = sc.lines().filter(|l| l.contains('│')).collect();
    assert!(pane.iter().any(|l| l.contains("row 099")), "{sc}");
    assert!(!pane.iter().any(|l| l.contains("fresh one")), "{sc}");
    v.keys(b"\x1b");
    v.wait_for("closed", |sc| !sc.contains("entry (Esc closes"));
    // a query that does not parse says why, beside the text
    v.keys(b":");
    v.keys(b"\x15");
    v.keys(br#"{app="api" |= "x""#);
    v.keys(b"\r");
    v.wait_for("query error shown", |sc| sc.contains("← parse error"));
    v.keys(b"\x1b");
    v.wait_for("input closed", |sc| !sc.contains("← parse error"));
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
}

/// A log line's escape sequences, carriage returns and bells are shown, not
/// sent: the window title stays, the row stays in its place.
#[test]
fn control_characters_in_lines_do_not_reach_the_terminal() {
    let dir = std::env::temp_dir().join(format!("logcli-tui-ctl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("evil.log");
    std::fs::write(
        &f,
        "level=error msg=\"ansi \x1b[31mRED\x1b[0m and \x1b]0;PWNED-TITLE\x07 cr\rXX\"\nlevel=info msg=after\n",
    )
    .unwrap();
    let path = f.display().to_string();
    let mut v = View::start("http://127.0.0.1:1", &["query", "--tui", "--file", &path, "{}"]);
    v.shows("msg=after");
    let sc = v.shows("^[]0;PWNED-TITLE^G cr^MXX");
    assert!(sc.contains("ansi ^[[31mRED^[[0m"), "{sc}");
    v.keys(b"g\r");
    v.shows("entry (Esc closes");
    let raw = String::from_utf8_lossy(&v.pty.bytes()).into_owned();
    assert!(!raw.contains("\x1b]0;") && !raw.contains('\x07'), "{raw:?}");
    v.keys(b"q");
    v.keys(b"q");
    assert_eq!(v.exits(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `logcli tail --stdin --tui` with nothing piped in: stdin is the terminal,
/// which the view reads its keys from too, so q could not get through.
#[test]
fn stdin_on_the_terminal_with_tui_is_a_usage_error() {
    for cmd in ["tail", "query"] {
        let pty = Pty::sized(ROWS, COLS);
        let mut child = support::bin()
            .env("TERM", "xterm-256color")
            .args([cmd, "--stdin", "--tui", "{}"])
            .stdin(Stdio::from(pty.slave_fd()))
            .stdout(Stdio::from(pty.slave_fd()))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        assert_eq!(wait_exit(&mut child), 2, "{cmd}");
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert!(err.contains("--stdin --tui") && err.contains("pipe"), "{cmd}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            !String::from_utf8_lossy(&pty.bytes()).contains("\x1b[?1049h"),
            "no view opened"
        );
    }
}

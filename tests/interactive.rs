//! The interactive live view under a pseudo-terminal: space pauses and
//! resumes, c clears, q quits with exit 0, and the terminal is restored.

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::server::{Dataset, Server};

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn entry(line: &str) -> (BTreeMap<String, String>, i64, String) {
    let mut l = BTreeMap::new();
    l.insert("job".to_string(), "t".to_string());
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64;
    (l, ts, line.to_string())
}

fn lflag(fd: i32) -> libc::tcflag_t {
    // SAFETY: tcgetattr on a valid pty fd.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(fd, &mut t), 0);
        t.c_lflag
    }
}

#[test]
fn keys_pause_resume_clear_quit_and_terminal_is_restored() {
    let s = Server::start(Dataset::Streams(vec![]));
    s.state.lock().unwrap().ping_interval = Duration::from_millis(20);
    let (mut master, slave) = unsafe {
        let (mut m, mut sl) = (0, 0);
        assert_eq!(
            libc::openpty(
                &mut m,
                &mut sl,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null()
            ),
            0
        );
        (std::fs::File::from_raw_fd(m), sl)
    };
    let canonical = lflag(slave) & (libc::ICANON | libc::ECHO);
    let dup = |fd: i32| unsafe { OwnedFd::from_raw_fd(libc::dup(fd)) };
    let mut child = support::bin()
        .env("LOKI_ADDR", s.url())
        .env("XDG_CONFIG_HOME", "/nonexistent/logcli-test-config")
        .args(["tail", "-q", "--no-history", "-o", "raw", r#"{job="t"}"#])
        .stdin(Stdio::from(dup(slave)))
        .stdout(Stdio::from(dup(slave)))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut reader = master.try_clone().unwrap();
    let sink = screen.clone();
    std::thread::spawn(move || {
        let mut b = [0u8; 4096];
        while let Ok(n) = reader.read(&mut b) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&b[..n]);
        }
    });
    let shown = |s: &str| String::from_utf8_lossy(&screen.lock().unwrap()).contains(s);
    let status = Arc::new(Mutex::new(Vec::new()));
    let mut err_pipe = child.stderr.take().unwrap();
    let err_sink = status.clone();
    std::thread::spawn(move || {
        let mut b = [0u8; 1024];
        while let Ok(n) = err_pipe.read(&mut b) {
            if n == 0 {
                break;
            }
            err_sink.lock().unwrap().extend_from_slice(&b[..n]);
        }
    });
    let status_has = |s: &str| String::from_utf8_lossy(&status.lock().unwrap()).contains(s);
    wait_until("tail connected", || s.tail_clients() == 1);
    wait_until("terminal switched to key mode", || {
        lflag(slave) & (libc::ICANON | libc::ECHO) == 0
    });

    s.push(&[entry("first")], true);
    wait_until("first shown", || shown("first"));

    master.write_all(b" ").unwrap();
    wait_until("status line says paused", || status_has("paused: 0 entries waiting"));
    s.push(&[entry("second")], true);
    let p = s.pongs();
    wait_until("client read the frame", || s.pongs() >= p + 2);
    assert!(!shown("second"), "paused: entries wait");
    wait_until("status counts the waiting entry", || {
        status_has("paused: 1 entry waiting")
    });

    master.write_all(b" ").unwrap();
    wait_until("resumed", || shown("second"));

    master.write_all(b"c").unwrap();
    wait_until("cleared", || shown("\u{1b}[2J"));

    master.write_all(b"q").unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(
        lflag(slave) & (libc::ICANON | libc::ECHO),
        canonical,
        "terminal restored"
    );
    unsafe { libc::close(slave) };
}

#[test]
fn no_interactive_leaves_the_terminal_alone() {
    let s = Server::start(Dataset::Streams(vec![]));
    let (master, slave) = unsafe {
        let (mut m, mut sl) = (0, 0);
        assert_eq!(
            libc::openpty(
                &mut m,
                &mut sl,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null()
            ),
            0
        );
        (std::fs::File::from_raw_fd(m), sl)
    };
    let before = lflag(slave);
    let dup = |fd: i32| unsafe { OwnedFd::from_raw_fd(libc::dup(fd)) };
    let child = support::bin()
        .env("LOKI_ADDR", s.url())
        .env("XDG_CONFIG_HOME", "/nonexistent/logcli-test-config")
        .args(["tail", "-q", "--no-history", "--no-interactive", r#"{job="t"}"#])
        .stdin(Stdio::from(dup(slave)))
        .stdout(Stdio::from(dup(slave)))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until("tail connected", || s.tail_clients() == 1);
    assert_eq!(lflag(slave), before);
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    drop(master);
    unsafe { libc::close(slave) };
}

//! `logcli query` against the Loki-protocol test server: what goes where.
//! Stats on stderr only, a closed stdout, the progress line (drawn on a
//! terminal only, and cleared), and an interrupted query.

mod support;

use support::server::{Dataset, Server};
use support::*;

fn captured() -> Server {
    Server::start(Dataset::captured())
}

#[test]
fn stats_go_to_stderr_only() {
    let s = captured();
    let out = logcli(&s.url())
        .args([
            "query",
            "-q",
            "--stats",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "4",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_of(&out).lines().count(), 4);
    let err = stderr_of(&out);
    // logcli's layout (fixtures/logcli/stats-flag-query): key, tab column, value
    let row = err
        .lines()
        .find(|l| l.starts_with("Summary.TotalLinesProcessed "))
        .expect("row");
    assert_eq!(row, "Summary.TotalLinesProcessed \t\t\t 10", "{err}");
    assert_eq!(err.lines().filter(|l| l.contains("\t ")).count(), 88, "{err}");
}

#[test]
fn broken_pipe_ends_quietly_with_success() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let s = Server::start(Dataset::Synthetic {
        n: 200_000,
        streams: 10,
        base: 1_000_000_000_000_000_000,
        step_ns: 1000,
        line_len: 150,
    });
    let mut child = support::bin()
        .env("LOKI_ADDR", s.url())
        .env("TZ", "UTC")
        .args([
            "query",
            "-q",
            "-o",
            "raw",
            r#"{job="bench"}"#,
            "--from",
            "1000000000000000000",
            "--to",
            "1000000001000000000",
            "--limit",
            "0",
            "--batch",
            "5000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("level="), "{first}");
    drop(reader);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn no_progress_line_when_stderr_is_not_a_terminal() {
    let s = Server::start(Dataset::captured());
    let out = logcli(&s.url())
        .args([
            "query",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "0",
            "--batch",
            "2",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = stderr_of(&out);
    assert!(!err.contains('\r') && !err.contains("\u{1b}[2K"), "{err:?}");
    assert!(err.contains("query_range"), "request URLs still shown: {err}");
}

#[test]
fn interrupted_query_prints_what_it_holds() {
    use std::io::Read;
    use std::process::Stdio;
    // a slow server: the first page arrives, every later one hangs
    let s = Server::start(Dataset::captured());
    s.state.lock().unwrap().delay_from = 1;
    s.set_delay(Some(std::time::Duration::from_secs(30)));
    let mut child = support::bin()
        .env("LOKI_ADDR", s.url())
        .env("XDG_CONFIG_HOME", "/nonexistent/logcli-test-config")
        .args([
            "query",
            "-q",
            "-o",
            "raw",
            r#"{job="wire77875"}"#,
            "--from",
            FROM,
            "--to",
            TO,
            "--limit",
            "0",
            "--batch",
            "3",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while s.requests().len() < 2 {
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    // the first page, printed while the second was being fetched
    assert_eq!(out.lines().count(), 3, "the page it holds is printed: {out:?}");
}

#[test]
fn progress_line_on_a_terminal_stderr_is_cleared_at_the_end() {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::process::Stdio;
    let s = Server::start(Dataset::Synthetic {
        n: 50_000,
        streams: 10,
        base: 1_000_000_000_000_000_000,
        step_ns: 1000,
        line_len: 100,
    });
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
    let out = support::bin()
        .env("LOKI_ADDR", s.url())
        .env("XDG_CONFIG_HOME", "/nonexistent/logcli-test-config")
        .args([
            "query",
            "-o",
            "raw",
            r#"{job="bench"}"#,
            "--limit",
            "0",
            "--batch",
            "1000",
        ])
        .args(["--from", "1000000000000000000", "--to", "1000000000050000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::from(unsafe { OwnedFd::from_raw_fd(slave) }))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout.iter().filter(|&&b| b == b'\n').count(),
        50_000,
        "stdout holds entries only"
    );
    let mut tty = Vec::new();
    let mut m = master;
    let mut buf = [0u8; 65536];
    // the child has exited; read what it wrote to the terminal
    unsafe { libc::fcntl(std::os::fd::AsRawFd::as_raw_fd(&m), libc::F_SETFL, libc::O_NONBLOCK) };
    while let Ok(n) = m.read(&mut buf) {
        if n == 0 {
            break;
        }
        tty.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&tty);
    assert!(text.contains("\r\u{1b}[2K["), "a progress line was drawn");
    assert!(text.contains("entries"), "{text:?}");
    assert!(
        text.ends_with("\r\u{1b}[2K"),
        "and cleared at the end: {:?}",
        &text[text.len().saturating_sub(40)..]
    );
}

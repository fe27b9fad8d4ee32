//! Running `logcli tail` against the test server and reading what it
//! prints, waiting on events (lines, server-side signals), never on
//! wall-clock windows.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::server::Server;

pub const WAIT: Duration = Duration::from_secs(15);

pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64
}

pub fn labels(app: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("job".to_string(), "t".to_string());
    m.insert("app".to_string(), app.to_string());
    m
}

pub fn entry(app: &str, ts: i64, line: &str) -> (BTreeMap<String, String>, i64, String) {
    (labels(app), ts, line.to_string())
}

/// Wait for a condition the server can observe (a signal, not a guess).
pub fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

pub struct Tailer {
    pub child: Child,
    lines: mpsc::Receiver<String>,
    pub got: Vec<String>,
    stderr: std::thread::JoinHandle<String>,
}

impl Tailer {
    pub fn start(s: &Server, args: &[&str]) -> Tailer {
        let mut child = super::bin()
            .env("LOKI_ADDR", s.url())
            .env("TZ", "UTC")
            .env_remove("NO_COLOR")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines() {
                let Ok(l) = l else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(err), &mut s);
            s
        });
        Tailer {
            child,
            lines: rx,
            got: Vec::new(),
            stderr,
        }
    }

    /// Wait until `n` lines in total have been printed.
    pub fn expect(&mut self, n: usize) -> &[String] {
        let deadline = Instant::now() + WAIT;
        while self.got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => self.got.push(l),
                Err(_) => {
                    let tail: Vec<&String> = self.got.iter().rev().take(10).collect();
                    // SAFETY: ending our own child so that its stderr can be read.
                    unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
                    let _ = self.child.wait();
                    let err = std::mem::replace(&mut self.stderr, std::thread::spawn(String::new));
                    let err = err.join().unwrap_or_default();
                    panic!(
                        "expected {n} lines, got {} (last: {tail:?})\nstderr:\n{err}",
                        self.got.len()
                    )
                }
            }
        }
        &self.got
    }

    /// Wait until a line equal to `want` has been printed.
    pub fn expect_line(&mut self, want: &str) -> &[String] {
        let deadline = Instant::now() + WAIT;
        while !self.got.iter().any(|l| l == want) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => self.got.push(l),
                Err(_) => panic!("expected a line {want:?}, got {:?}", self.got),
            }
        }
        &self.got
    }

    pub fn signal(&self, sig: i32) {
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(self.child.id() as i32, sig) };
    }

    /// Interrupt and collect everything: (exit code, all lines, stderr).
    pub fn stop(mut self, sig: i32) -> (Option<i32>, Vec<String>, String) {
        self.signal(sig);
        let status = self.child.wait().unwrap();
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.got.push(l);
        }
        (status.code(), self.got, self.stderr.join().unwrap())
    }

    pub fn finish(mut self) -> (Option<i32>, Vec<String>, String) {
        let status = self.child.wait().unwrap();
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.got.push(l);
        }
        (status.code(), self.got, self.stderr.join().unwrap())
    }
}

/// (dropped, recovered) from the summary line on stderr:
/// "tail: N entries, ..., D dropped by the server, R recovered, ...".
pub fn drop_counts(err: &str) -> (u64, u64) {
    let line = err
        .lines()
        .find(|l| l.contains("dropped by the server"))
        .unwrap_or_else(|| panic!("{err}"));
    let number_before = |marker: &str| -> u64 {
        let head = &line[..line.find(marker).unwrap()];
        head.trim_end().rsplit(' ').next().unwrap().parse().unwrap()
    };
    (number_before(" dropped by the server"), number_before(" recovered"))
}

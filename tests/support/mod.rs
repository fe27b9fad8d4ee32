#![allow(dead_code)]
pub mod compat;
pub mod differences;
pub mod proxy;
pub mod pty;
pub mod ref_cases;
pub mod reference;
pub mod server;
pub mod tailer;
pub mod tls;

use assert_cmd::Command;

/// The binary with a scrubbed environment: nothing from the developer's or
/// CI's shell (no LOKI_*, proxies, colour variables, TERM), a home and
/// config directory that do not exist (no profile), UTC so timestamps are
/// stable.
pub fn bin() -> std::process::Command {
    scrubbed(assert_cmd::cargo::cargo_bin("logcli"))
}

/// Any client (this one, or Grafana's logcli in the reference suites) in
/// the scrubbed environment `bin()` describes.
pub fn scrubbed(program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
    let mut c = std::process::Command::new(program);
    c.env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", "/nonexistent/logcli-test-home")
        .env("XDG_CONFIG_HOME", "/nonexistent/logcli-test-config")
        .env("TZ", "UTC");
    c
}

/// `bin()` for assertions, talking to `addr`.
pub fn logcli(addr: &str) -> Command {
    let mut c = Command::from_std(bin());
    c.env("LOKI_ADDR", addr);
    c
}

pub fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

pub const FROM: &str = "1795577574102279137";
pub const TO: &str = "1795577876102279137";

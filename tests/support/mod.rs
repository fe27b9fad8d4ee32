#![allow(dead_code)]
pub mod server;
pub mod tls;

use assert_cmd::Command;

/// The binary with a clean environment: no LOKI_* from the developer's shell,
/// UTC so timestamps are stable, no colour.
pub fn logcli(addr: &str) -> Command {
    let mut c = Command::cargo_bin("logcli").unwrap();
    for (k, _) in std::env::vars() {
        if k.starts_with("LOKI_") || k == "NO_COLOR" || k == "HTTP_PROXY" || k == "http_proxy" {
            c.env_remove(k);
        }
    }
    c.env("TZ", "UTC").env("LOKI_ADDR", addr);
    // no profile from the developer's home
    c.env("XDG_CONFIG_HOME", "/nonexistent/logcli-test-config")
        .env_remove("LOGCLI_CONTEXT");
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

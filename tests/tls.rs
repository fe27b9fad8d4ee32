//! TLS: verification on by default, --ca-cert, --tls-skip-verify, client
//! certificates, for HTTP requests and for the tail websocket (wss).

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::server::{Dataset, Server};
use support::tls::{pki, server_config};
use support::*;

struct Files {
    dir: std::path::PathBuf,
}

impl Files {
    fn new(p: &support::tls::Pki) -> Files {
        let dir = std::env::temp_dir().join(format!(
            "logcli-tls-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("ca.pem"), &p.ca_pem).unwrap();
        std::fs::write(dir.join("client.pem"), &p.client_cert_pem).unwrap();
        std::fs::write(dir.join("client.key"), &p.client_key_pem).unwrap();
        Files { dir }
    }
    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn https(s: &Server) -> String {
    format!("https://127.0.0.1:{}", s.addr.port())
}

fn query(addr: &str) -> assert_cmd::Command {
    let mut c = logcli(addr);
    c.args([
        "query",
        "-q",
        r#"{job="wire77875"}"#,
        "--from",
        FROM,
        "--to",
        TO,
        "--limit",
        "4",
    ]);
    c
}

#[test]
fn verification_is_on_and_ca_cert_or_skip_verify_make_it_work() {
    let p = pki();
    let f = Files::new(&p);
    let s = Server::start_tls(Dataset::captured(), server_config(&p, false));
    // unknown CA: refused, one line, connection class
    let out = query(&https(&s)).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert_eq!(stderr_of(&out).lines().count(), 1, "{}", stderr_of(&out));
    assert!(s.requests().is_empty());
    // trusted through --ca-cert (or its variable)
    let out = query(&https(&s))
        .args(["--ca-cert", &f.path("ca.pem")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out).lines().count(), 4);
    let out = query(&https(&s))
        .env("LOKI_CA_CERT_PATH", f.path("ca.pem"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // or not verified at all when asked
    let out = query(&https(&s)).arg("--tls-skip-verify").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn client_certificate_for_mutual_tls() {
    let p = pki();
    let f = Files::new(&p);
    let s = Server::start_tls(Dataset::captured(), server_config(&p, true));
    let out = query(&https(&s))
        .args(["--ca-cert", &f.path("ca.pem")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "no client certificate: {}", stderr_of(&out));
    let out = query(&https(&s))
        .args([
            "--ca-cert",
            &f.path("ca.pem"),
            "--cert",
            &f.path("client.pem"),
            "--key",
            &f.path("client.key"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = query(&https(&s))
        .env("LOKI_CA_CERT_PATH", f.path("ca.pem"))
        .env("LOKI_CLIENT_CERT_PATH", f.path("client.pem"))
        .env("LOKI_CLIENT_KEY_PATH", f.path("client.key"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn tail_over_wss_uses_the_same_tls_settings() {
    let p = pki();
    let f = Files::new(&p);
    let s = Server::start_tls(Dataset::Streams(vec![]), server_config(&p, true));
    let mut child = support::bin()
        .env("LOKI_ADDR", https(&s))
        .args(["tail", "-q", "--no-history", "-o", "raw", r#"{job="t"}"#])
        .args([
            "--ca-cert",
            &f.path("ca.pem"),
            "--cert",
            &f.path("client.pem"),
            "--key",
            &f.path("client.key"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while s.tail_clients() == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "tail did not connect over wss"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut labels = BTreeMap::new();
    labels.insert("job".to_string(), "t".to_string());
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64;
    s.push(&[(labels, ts, "over tls".to_string())], true);
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "over tls\n");
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// The tail's websocket goes through `--proxy-url` like every other request:
/// for wss a CONNECT tunnel, with the same TLS settings inside it.
#[test]
fn tail_goes_through_a_connect_proxy_over_wss() {
    let p = pki();
    let f = Files::new(&p);
    let s = Server::start_tls(Dataset::Streams(vec![]), server_config(&p, false));
    let proxy = support::proxy::Proxy::start();
    let mut child = support::bin()
        .env("LOKI_ADDR", https(&s))
        .args(["tail", "-q", "--no-history", "-o", "raw", r#"{job="t"}"#])
        .args(["--ca-cert", &f.path("ca.pem"), "--proxy-url", &proxy.url()])
        .args(["--max-reconnects", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while s.tail_clients() == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "tail did not connect through the proxy: {:?}",
            proxy.seen()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut labels = BTreeMap::new();
    labels.insert("job".to_string(), "t".to_string());
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64;
    s.push(&[(labels, ts, "via proxy".to_string())], true);
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "via proxy\n");
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let target = format!("CONNECT 127.0.0.1:{} HTTP/1.1", s.addr.port());
    assert!(proxy.seen().contains(&target), "{:?}", proxy.seen());
}

//! The real Loki and Grafana's logcli v3.7.6 of `../shared/reference`
//! (or `$LOKI_REFERENCE`), for the opt-in suites (tests/reference.rs,
//! tests/reference_tail.rs): finding them, starting and stopping a Loki,
//! pushing and reading.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Reference {
    pub dir: PathBuf,
    pub logcli: PathBuf,
}

pub fn reference() -> Option<Reference> {
    let dir = std::env::var("LOKI_REFERENCE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference"));
    if !dir.join("up").exists() {
        return None;
    }
    let out = Command::new(dir.join("bin")).arg("logcli").output().ok()?;
    let logcli = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    logcli.exists().then_some(Reference { dir, logcli })
}

/// A Loki of the reference, stopped when dropped.
pub struct Loki {
    pub addr: String,
    pub pid: String,
    down: PathBuf,
}

impl Loki {
    pub fn up(r: &Reference) -> Loki {
        Self::up_with(r, free_port(), &[])
    }

    /// On `port`, with extra environment for `up` (`LOKI_DATA`,
    /// `LOKI_TAIL_MAX_DURATION`).
    pub fn up_with(r: &Reference, port: u16, env: &[(&str, &str)]) -> Loki {
        let out = Command::new(r.dir.join("up"))
            .arg(port.to_string())
            .envs(env.iter().copied())
            .output()
            .expect("run up");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "Loki did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let get = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}=")))
                .unwrap_or_else(|| panic!("{k} in {text}"))
                .to_string()
        };
        Loki {
            addr: get("LOKI_ADDR"),
            pid: get("LOKI_PID"),
            down: r.dir.join("down"),
        }
    }
}

impl Drop for Loki {
    fn drop(&mut self) {
        let _ = Command::new(&self.down).arg(&self.pid).status();
    }
}

/// A port free for HTTP, with its gRPC neighbour (+6000) free too.
pub fn free_port() -> u16 {
    loop {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let p = l.local_addr().unwrap().port();
        if p < 59_000 && std::net::TcpListener::bind(("127.0.0.1", p + 6000)).is_ok() {
            return p;
        }
    }
}

pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64
}

/// RFC3339 in UTC with nanoseconds (Grafana's logcli needs an offset).
pub fn rfc3339(ns: i64) -> String {
    chrono::DateTime::from_timestamp(ns.div_euclid(1_000_000_000), ns.rem_euclid(1_000_000_000) as u32)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%S%.9fZ")
        .to_string()
}

/// Entries of one stream: (timestamp, line, structured metadata).
pub type Values = Vec<(i64, String, BTreeMap<String, String>)>;
/// One push request: streams of (labels, entries).
pub type Streams = Vec<(BTreeMap<String, String>, Values)>;

pub fn push(addr: &str, streams: &Streams) {
    let body = serde_json::json!({
        "streams": streams.iter().map(|(labels, values)| serde_json::json!({
            "stream": labels,
            "values": values.iter().map(|(ts, line, md)| if md.is_empty() {
                serde_json::json!([ts.to_string(), line])
            } else {
                serde_json::json!([ts.to_string(), line, md])
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{addr}/loki/api/v1/push"))
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("push");
        assert!(r.status().is_success(), "push: {}", r.text().await.unwrap_or_default());
    });
}

pub fn get(addr: &str, path: &str, params: &[(&str, String)]) -> (u16, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{addr}{path}"))
            .query(params)
            .send()
            .await
            .expect("get");
        (r.status().as_u16(), r.text().await.unwrap_or_default())
    })
}

/// POST without a body (e.g. `/flush`): the status.
pub fn post(addr: &str, path: &str) -> u16 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{addr}{path}"))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    })
}

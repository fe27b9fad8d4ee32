//! Answers a real Loki gave: the captures of fixtures/loki-wire (index.json)
//! and recordings loaded by a test (`answers.jsonl`).

use std::collections::BTreeMap;

use super::data::wire;
use super::message::{Request, Response};

/// One request and what a real Loki answered to it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub params: BTreeMap<String, serde_json::Value>,
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Recorded {
    /// Read a `answers.jsonl` file (one recording per line).
    pub fn load(path: &std::path::Path) -> Vec<Recorded> {
        std::fs::read_to_string(path)
            .map(|t| t.lines().filter_map(|l| serde_json::from_str(l).ok()).collect())
            .unwrap_or_default()
    }

    fn param(&self, k: &str) -> Option<String> {
        self.params.get(k).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// Entries in a streams answer (None for other answers).
    fn entries(&self) -> Option<u64> {
        let v: serde_json::Value = serde_json::from_str(&self.body).ok()?;
        let result = v["data"]["result"].as_array()?;
        Some(
            result
                .iter()
                .map(|s| s["values"].as_array().map_or(0, |v| v.len()) as u64)
                .sum(),
        )
    }

    /// Same request, `limit` aside; `exact` also requires the same limit.
    /// A different limit is answered only when the recorded answer was
    /// complete (fewer entries than it asked for) and the new limit would
    /// not cut it.
    fn answers(&self, req: &Request, exact: bool) -> bool {
        let limit = |v: Option<String>| v.and_then(|l| l.parse::<u64>().ok());
        let servable = match (
            limit(self.param("limit")),
            limit(req.param("limit").map(String::from)),
            self.entries(),
        ) {
            (Some(asked), Some(ours), Some(got)) => got < asked && ours >= got,
            _ => true,
        };
        let same = |k: &str| match (self.param(k), req.param(k)) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => true,
            _ => false,
        };
        self.method == req.method
            && self.path == req.path
            && req.params.iter().all(|(k, _)| k == "limit" || same(k))
            && self.params.keys().all(|k| k == "limit" || req.param(k).is_some())
            && (if exact { same("limit") } else { servable })
    }

    fn response(&self) -> Response {
        let content_type: &'static str = if self.content_type.starts_with("application/json") {
            "application/json; charset=UTF-8"
        } else {
            "text/plain; charset=utf-8"
        };
        Response {
            status: self.status,
            content_type,
            body: self.body.clone().into_bytes(),
            retry_after: None,
        }
    }
}

pub(super) fn find_recorded(recorded: &[Recorded], req: &Request) -> Option<Response> {
    recorded
        .iter()
        .find(|r| r.answers(req, true))
        .or_else(|| recorded.iter().find(|r| r.answers(req, false)))
        .map(Recorded::response)
}

/// A capture from index.json whose parameters all match the request's; the
/// request may add only Loki's defaults (direction=backward, limit=100).
pub(super) fn find_capture(req: &Request) -> Option<Response> {
    let idx: serde_json::Value = serde_json::from_slice(&wire("index.json")).ok()?;
    for c in idx.as_array()? {
        if c["path"].as_str()? != req.path || c["status"].as_u64()? == 101 {
            continue;
        }
        if c["request_headers"].as_object().is_some_and(|h| !h.is_empty()) {
            continue;
        }
        let cp = c["params"].as_object()?;
        let val = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let all_match = cp
            .iter()
            .all(|(k, v)| req.param(k).is_some_and(|r| r.eq_ignore_ascii_case(&val(v))));
        let extras_default = req.params.iter().all(|(k, v)| {
            cp.contains_key(k)
                || (k == "direction" && v.eq_ignore_ascii_case("backward"))
                || (k == "limit" && (v == "100" || !cp.contains_key("limit")))
                || (k == "line_limit" && v == "1000")
        });
        if all_match && extras_default {
            let file = c["file"].as_str()?;
            let body = wire(file);
            let ct = c["content_type"].as_str().unwrap_or("");
            let content_type: &'static str = match ct {
                "application/json; charset=UTF-8" => "application/json; charset=UTF-8",
                "application/json; charset=utf-8" => "application/json; charset=utf-8",
                "application/json" => "application/json",
                _ => "text/plain; charset=utf-8",
            };
            return Some(Response {
                status: c["status"].as_u64()? as u16,
                content_type,
                body,
                retry_after: None,
            });
        }
    }
    None
}

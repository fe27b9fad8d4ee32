//! HTTP requests: URLs with Go-compatible parameter encoding, one request
//! with its body read in one buffer, and retries where they are safe.

use std::time::Duration;

use super::{backoff_delay, mask_url, Transport};
use crate::core::events::Event;
use crate::core::{Error, Result};

/// A reqwest error in words: the kind, then each distinct cause.
pub(super) fn describe(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut msg = if e.is_timeout() {
        "request timed out".to_string()
    } else if e.is_connect() {
        // which server: the address (never its credentials or path)
        match e
            .url()
            .and_then(|u| Some((u.host_str()?.to_string(), u.port_or_known_default()?)))
        {
            Some((host, port)) => format!("cannot connect to {host}:{port}"),
            None => "cannot connect to server".to_string(),
        }
    } else if e.is_body() || e.is_decode() {
        "connection lost while reading the response".to_string()
    } else {
        "request failed".to_string()
    };
    let mut src = e.source();
    let mut last = String::new();
    while let Some(s) = src {
        let t = s.to_string();
        if !t.is_empty() && !last.contains(&t) {
            msg.push_str(": ");
            msg.push_str(&t);
            last = t;
        }
        src = s.source();
    }
    msg
}

/// Read a whole body into one buffer sized from Content-Length, so a page
/// costs one allocation of its own size (no doubling growth).
pub(super) async fn read_body(mut resp: reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    let cap = resp.content_length().unwrap_or(64 * 1024).min(256 * 1024 * 1024) as usize;
    let mut buf = Vec::with_capacity(cap);
    while let Some(chunk) = resp.chunk().await? {
        buf.extend_from_slice(&chunk);
    }
    Ok(bytes::Bytes::from(buf))
}

/// `Retry-After` in seconds (capped at 5 minutes).
fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    resp.headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|s| Duration::from_secs(s.min(300)))
}

impl Transport {
    /// Full URL of an API path (segments percent-encoded as path segments)
    /// under the base address, with parameters sorted and encoded like Go's
    /// `url.Values.Encode`.
    pub fn url(&self, path: &[&str], params: &[(&str, String)]) -> url::Url {
        let mut u = self.cfg.base.clone();
        if let Ok(mut segs) = u.path_segments_mut() {
            segs.pop_if_empty().extend(path);
        }
        let mut sorted: Vec<&(&str, String)> = params.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        if sorted.is_empty() {
            u.set_query(None);
        } else {
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in sorted {
                q.append_pair(k, v);
            }
            u.set_query(Some(&q.finish()));
        }
        u
    }

    /// GET a path and return the body of a 2xx answer. Retries connection
    /// errors, 5xx and 429 (honouring Retry-After); never other 4xx.
    pub async fn get(&self, path: &[&str], params: &[(&str, String)]) -> Result<bytes::Bytes> {
        self.send(reqwest::Method::GET, path, params).await
    }

    /// Any method. Only GET is retried: a POST or DELETE that reached the
    /// server must not be sent twice.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &[&str],
        params: &[(&str, String)],
    ) -> Result<bytes::Bytes> {
        let retries = if method == reqwest::Method::GET {
            self.cfg.retries
        } else {
            0
        };
        let url = self.url(path, params);
        self.observer.event(&Event::Request { url: &mask_url(&url) });
        let mut attempt = 0u32;
        loop {
            let (err, after) = match self.once(method.clone(), &url).await {
                Ok(body) => return Ok(body),
                Err(e) => e,
            };
            if attempt >= retries || !err.is_transient() {
                return Err(err);
            }
            let wait = after.unwrap_or_else(|| backoff_delay(attempt, self.cfg.min_backoff, self.cfg.max_backoff));
            attempt += 1;
            self.observer.event(&Event::Retry {
                attempt,
                max: retries,
                wait,
                error: &err.to_string(),
            });
            tokio::time::sleep(wait).await;
        }
    }

    /// One request: the body of a 2xx answer, or the error with the
    /// server's Retry-After.
    async fn once(&self, method: reqwest::Method, url: &url::Url) -> Result<bytes::Bytes, (Error, Option<Duration>)> {
        let resp = self
            .http
            .request(method, url.clone())
            .send()
            .await
            .map_err(|e| (Error::Connection(describe(&e)), None))?;
        let status = resp.status();
        let after = retry_after(&resp);
        let body = read_body(resp)
            .await
            .map_err(|e| (Error::Connection(describe(&e)), None))?;
        if status.is_success() {
            return Ok(body);
        }
        let err = Error::Http {
            status: status.as_u16(),
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        Err((err, after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::events::Silent;
    use std::sync::Arc;

    fn transport(base: &str) -> Transport {
        let cfg = super::super::NetConfig::new(url::Url::parse(base).unwrap());
        Transport::new(cfg, Arc::new(Silent)).unwrap()
    }

    #[test]
    fn urls_keep_the_prefix_and_encode_like_go() {
        let t = transport("https://gw.example/loki/");
        let u = t.url(
            super::super::api::QUERY_RANGE,
            &[("query", "{a=\"b c\"}".into()), ("limit", "5".into())],
        );
        assert_eq!(
            u.as_str(),
            "https://gw.example/loki/loki/api/v1/query_range?limit=5&query=%7Ba%3D%22b+c%22%7D"
        );
        let t = transport("http://h:3100");
        let u = t.url(&super::super::api::label_values("a b/c"), &[]);
        assert_eq!(u.as_str(), "http://h:3100/loki/api/v1/label/a%20b%2Fc/values");
    }
}

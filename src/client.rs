//! HTTP client for Loki's API: one connection pool for the whole run, auth and
//! tenant headers, TLS settings, retries with backoff and jitter where safe.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::config::ClientConfig;
use crate::error::{Error, Result};

pub struct Client {
    http: reqwest::Client,
    cfg: ClientConfig,
}

/// Hide the password in a URL given as text, whatever else is wrong with it.
pub fn mask_url_str(s: &str) -> String {
    match url::Url::parse(s) {
        Ok(u) => mask_url(&u),
        Err(_) => match (s.find("://"), s.rfind('@')) {
            (Some(i), Some(j)) if j > i => format!("{}://***@{}", &s[..i], &s[j + 1..]),
            _ => s.to_string(),
        },
    }
}

/// A URL as it may be printed: no password, and no token-like query values.
pub fn mask_url(u: &url::Url) -> String {
    let mut u = u.clone();
    if u.password().is_some() {
        let _ = u.set_password(Some("***"));
    }
    u.to_string()
}

/// Small xorshift generator for jitter; seeded from the clock.
fn jitter_fraction() -> f64 {
    use std::cell::Cell;
    thread_local!(static STATE: Cell<u64> = const { Cell::new(0) });
    STATE.with(|s| {
        let mut x = s.get();
        if x == 0 {
            x = crate::time::now_nanos() as u64 | 1;
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    })
}

/// Exponential backoff with jitter: attempt 0 waits about `min`, doubling up to `max`;
/// the wait is picked uniformly in [d/2, d].
pub fn backoff_delay(attempt: u32, min: Duration, max: Duration) -> Duration {
    let min = if min.is_zero() { Duration::from_millis(250) } else { min };
    let max = if max.is_zero() {
        Duration::from_secs(10)
    } else {
        max.max(min)
    };
    let d = min.saturating_mul(1u32 << attempt.min(20)).min(max);
    d.mul_f64(0.5 + 0.5 * jitter_fraction())
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut msg = if e.is_timeout() {
        "request timed out".to_string()
    } else if e.is_connect() {
        "cannot connect to server".to_string()
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
async fn read_body(mut resp: reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    let cap = resp.content_length().unwrap_or(64 * 1024).min(256 * 1024 * 1024) as usize;
    let mut buf = Vec::with_capacity(cap);
    while let Some(chunk) = resp.chunk().await? {
        buf.extend_from_slice(&chunk);
    }
    Ok(bytes::Bytes::from(buf))
}

impl Client {
    pub fn new(cfg: ClientConfig) -> Result<Client> {
        let mut b = reqwest::Client::builder()
            .user_agent(concat!("logcli-rs/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .use_rustls_tls()
            .gzip(cfg.compress);
        if let Some(t) = cfg.timeout {
            b = b.timeout(t);
        }
        if let Some(pem) = &cfg.ca_cert {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| Error::usage(format!("invalid --ca-cert: {e}")))?;
            if certs.is_empty() {
                return Err(Error::usage("invalid --ca-cert: no PEM certificate found"));
            }
            for c in certs {
                b = b.add_root_certificate(c);
            }
        }
        if let Some(pem) = &cfg.identity {
            let id =
                reqwest::Identity::from_pem(pem).map_err(|e| Error::usage(format!("invalid --cert/--key: {e}")))?;
            b = b.identity(id);
        }
        if cfg.tls_skip_verify {
            b = b.danger_accept_invalid_certs(true);
        }
        if let Some(p) = &cfg.proxy_url {
            let proxy = reqwest::Proxy::all(p)
                .map_err(|e| Error::usage(format!("invalid --proxy-url {:?}: {e}", mask_url_str(p))))?;
            b = b.proxy(proxy);
        } else if !cfg.env_proxy {
            b = b.no_proxy();
        }
        let mut headers = HeaderMap::new();
        for (k, v) in &cfg.headers {
            let name =
                HeaderName::from_bytes(k.as_bytes()).map_err(|_| Error::usage(format!("invalid header name {k:?}")))?;
            let val = HeaderValue::from_str(v).map_err(|_| Error::usage(format!("invalid value for header {k:?}")))?;
            headers.append(name, val);
        }
        if let Some(a) = &cfg.auth {
            let name = HeaderName::from_bytes(cfg.auth_header.as_bytes())
                .map_err(|_| Error::usage(format!("invalid --auth-header {:?}", cfg.auth_header)))?;
            let mut val = HeaderValue::from_str(a)
                .map_err(|_| Error::usage("credentials contain characters not allowed in a header"))?;
            val.set_sensitive(true);
            headers.insert(name, val);
        }
        let http = b
            .default_headers(headers)
            .build()
            .map_err(|e| Error::usage(format!("cannot set up HTTP client: {}", describe_reqwest(&e))))?;
        Ok(Client { http, cfg })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.cfg
    }

    /// Full URL of an API path with sorted, encoded parameters (like Go's url.Values).
    pub fn url(&self, path: &str, params: &[(&str, String)]) -> url::Url {
        let mut u = self.cfg.base.clone();
        let prefix = u.path().trim_end_matches('/').to_string();
        u.set_path(&format!("{prefix}{path}"));
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
    pub async fn get(&self, path: &str, params: &[(&str, String)]) -> Result<bytes::Bytes> {
        self.send(reqwest::Method::GET, path, params).await
    }

    /// Any method. Only GET is retried: a POST or DELETE that reached the
    /// server must not be sent twice.
    pub async fn send(&self, method: reqwest::Method, path: &str, params: &[(&str, String)]) -> Result<bytes::Bytes> {
        let retries = if method == reqwest::Method::GET {
            self.cfg.retries
        } else {
            0
        };
        let url = self.url(path, params);
        if !self.cfg.quiet {
            use std::io::IsTerminal;
            // on a terminal, replace a progress line rather than append to it
            let clear = if std::io::stderr().is_terminal() {
                "\r\x1b[2K"
            } else {
                ""
            };
            eprintln!("{clear}{}", mask_url(&url));
        }
        let mut attempt = 0u32;
        loop {
            let (err, retry_after) = match self.http.request(method.clone(), url.clone()).send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let retry_after = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(|s| Duration::from_secs(s.min(300)));
                    match read_body(resp).await {
                        Ok(body) if status.is_success() => return Ok(body),
                        Ok(body) => {
                            let e = Error::Http {
                                status: status.as_u16(),
                                body: String::from_utf8_lossy(&body).into_owned(),
                            };
                            let retryable = status.is_server_error() || status.as_u16() == 429;
                            if !retryable {
                                return Err(e);
                            }
                            (e, retry_after)
                        }
                        Err(e) => (Error::Connection(describe_reqwest(&e)), None),
                    }
                }
                Err(e) => (Error::Connection(describe_reqwest(&e)), None),
            };
            if attempt >= retries {
                return Err(err);
            }
            let wait =
                retry_after.unwrap_or_else(|| backoff_delay(attempt, self.cfg.min_backoff, self.cfg.max_backoff));
            attempt += 1;
            if !self.cfg.quiet {
                eprintln!(
                    "retry {attempt}/{} in {:.1}s: {err}",
                    self.cfg.retries,
                    wait.as_secs_f64()
                );
            }
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_passwords() {
        assert_eq!(
            mask_url_str("https://bob:secret@loki.example/x"),
            "https://bob:***@loki.example/x"
        );
        assert_eq!(mask_url_str("http://bob:s3cr%t@bad host"), "http://***@bad host");
        assert!(!mask_url_str("https://u:tok@h").contains("tok"));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let min = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 0..10 {
            let d = backoff_delay(attempt, min, max);
            let full = min.saturating_mul(1 << attempt).min(max);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
    }
}

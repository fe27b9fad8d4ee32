//! Transport settings, resolved once from flags, environment and profile
//! (by `cli`). Plain data: nothing here reads files or parses flags.

use std::time::Duration;

/// Where requests go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proxy {
    /// No proxy at all (logcli's default, even when HTTP_PROXY is set).
    None,
    /// Every request (HTTP and the tail websocket) through this proxy.
    Url(String),
    /// HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment (`--envproxy`).
    Env,
}

/// Everything the transport needs.
#[derive(Clone)]
pub struct NetConfig {
    /// Base address without user info; a path prefix is kept.
    pub base: url::Url,
    /// Value of the auth header (`Basic ...` or `Bearer ...`), if any.
    pub auth: Option<String>,
    pub auth_header: String,
    /// Extra headers (tenant, query tags, cache control, `--header`).
    pub headers: Vec<(String, String)>,
    /// PEM bundle of extra roots (`--ca-cert`).
    pub ca_cert: Option<Vec<u8>>,
    /// PEM certificate and key for mutual TLS.
    pub identity: Option<Vec<u8>>,
    pub tls_skip_verify: bool,
    pub proxy: Proxy,
    pub compress: bool,
    /// Retries of a GET after a connection error, 5xx or 429.
    pub retries: u32,
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// Per request (and per websocket upgrade); None = no limit.
    pub timeout: Option<Duration>,
}

impl NetConfig {
    /// Defaults for a server at `base` (tests, tools).
    pub fn new(base: url::Url) -> Self {
        NetConfig {
            base,
            auth: None,
            auth_header: "Authorization".into(),
            headers: Vec::new(),
            ca_cert: None,
            identity: None,
            tls_skip_verify: false,
            proxy: Proxy::None,
            compress: false,
            retries: 0,
            min_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            timeout: Some(Duration::from_secs(60)),
        }
    }
}

impl std::fmt::Debug for NetConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetConfig")
            .field("base", &self.base.as_str())
            .field("auth", &self.auth.as_ref().map(|_| "<masked>"))
            .field("headers", &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("proxy", &self.proxy)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

/// `Basic base64(user:pass)`, as Go's `SetBasicAuth` sends it.
pub fn basic_auth(user: &str, pass: &str) -> String {
    use base64::Engine as _;
    let creds = format!("{user}:{pass}");
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(creds))
}

#[cfg(test)]
mod tests {
    #[test]
    fn basic_auth_like_go() {
        assert_eq!(super::basic_auth("user", "pass"), "Basic dXNlcjpwYXNz");
    }
}

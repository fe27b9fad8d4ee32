//! The one transport for HTTP requests and the tail websocket: TLS (roots,
//! `--ca-cert`, client certificate, skip-verify), proxy, auth and tenant
//! headers, timeouts, gzip, retries. Both kinds of traffic go through
//! reqwest clients built from the same settings by one function; the
//! websocket is an HTTP/1.1 upgrade of a reqwest request, so it shares the
//! proxy, TLS and headers of every other request.

mod backoff;
mod config;
mod http;
mod mask;
mod ws;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::core::events::Observer;
use crate::core::{Error, Result};

pub use backoff::delay as backoff_delay;
pub use config::{basic_auth, NetConfig, Proxy};
pub use mask::{mask_url, mask_url_str};
pub use ws::{WsConnectError, WsStream};

/// Loki's API paths, as segments under the base address.
pub mod api {
    pub const QUERY_RANGE: &[&str] = &["loki", "api", "v1", "query_range"];
    pub const QUERY: &[&str] = &["loki", "api", "v1", "query"];
    pub const TAIL: &[&str] = &["loki", "api", "v1", "tail"];
    pub const LABELS: &[&str] = &["loki", "api", "v1", "labels"];
    pub const SERIES: &[&str] = &["loki", "api", "v1", "series"];
    pub const INDEX_STATS: &[&str] = &["loki", "api", "v1", "index", "stats"];
    pub const INDEX_VOLUME: &[&str] = &["loki", "api", "v1", "index", "volume"];
    pub const INDEX_VOLUME_RANGE: &[&str] = &["loki", "api", "v1", "index", "volume_range"];
    pub const DETECTED_FIELDS: &[&str] = &["loki", "api", "v1", "detected_fields"];
    pub const DELETE: &[&str] = &["loki", "api", "v1", "delete"];
    pub const FORMAT_QUERY: &[&str] = &["loki", "api", "v1", "format_query"];

    /// `/loki/api/v1/label/NAME/values`.
    pub fn label_values(name: &str) -> [&str; 6] {
        ["loki", "api", "v1", "label", name, "values"]
    }

    /// `/loki/api/v1/detected_field/NAME/values`.
    pub fn detected_field_values(name: &str) -> [&str; 6] {
        ["loki", "api", "v1", "detected_field", name, "values"]
    }
}

/// The shared transport of a run.
pub struct Transport {
    /// Requests (HTTP/2 where the server offers it).
    http: reqwest::Client,
    /// Websocket upgrades: HTTP/1.1 only, no total timeout (the upgraded
    /// connection lives as long as the tail).
    upgrade: reqwest::Client,
    cfg: NetConfig,
    observer: Arc<dyn Observer>,
}

impl Transport {
    pub fn new(cfg: NetConfig, observer: Arc<dyn Observer>) -> Result<Transport> {
        let http = client(&cfg, false)?;
        let upgrade = client(&cfg, true)?;
        Ok(Transport {
            http,
            upgrade,
            cfg,
            observer,
        })
    }

    pub fn config(&self) -> &NetConfig {
        &self.cfg
    }

    pub fn observer(&self) -> &dyn Observer {
        &*self.observer
    }
}

/// A reqwest client with every transport setting applied. `upgrade` builds
/// the HTTP/1.1 client used for websocket upgrades.
fn client(cfg: &NetConfig, upgrade: bool) -> Result<reqwest::Client> {
    let mut b = reqwest::Client::builder()
        .user_agent(concat!("logcli-rs/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .use_rustls_tls()
        .gzip(cfg.compress && !upgrade);
    if upgrade {
        b = b.http1_only();
    } else if let Some(t) = cfg.timeout {
        b = b.timeout(t);
    }
    if let Some(pem) = &cfg.ca_cert {
        let certs =
            reqwest::Certificate::from_pem_bundle(pem).map_err(|e| Error::usage(format!("invalid --ca-cert: {e}")))?;
        if certs.is_empty() {
            return Err(Error::usage("invalid --ca-cert: no PEM certificate found"));
        }
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    if let Some(pem) = &cfg.identity {
        let id = reqwest::Identity::from_pem(pem).map_err(|e| Error::usage(format!("invalid --cert/--key: {e}")))?;
        b = b.identity(id);
    }
    if cfg.tls_skip_verify {
        b = b.danger_accept_invalid_certs(true);
    }
    b = match &cfg.proxy {
        Proxy::Url(p) => b.proxy(
            reqwest::Proxy::all(p)
                .map_err(|e| Error::usage(format!("invalid --proxy-url {:?}: {e}", mask_url_str(p))))?,
        ),
        Proxy::None => b.no_proxy(),
        Proxy::Env => b,
    };
    b.default_headers(headers(cfg)?)
        .build()
        .map_err(|e| Error::usage(format!("cannot set up HTTP client: {}", http::describe(&e))))
}

/// Default headers of every request: extra headers, then credentials.
fn headers(cfg: &NetConfig) -> Result<HeaderMap> {
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
    Ok(headers)
}

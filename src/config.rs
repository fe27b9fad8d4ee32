//! Flags and environment resolved once into plain settings.

use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::error::{Error, Result};
use crate::output::OutputOptions;
use crate::time::{parse_duration, Zone};

/// Everything the HTTP/websocket client needs.
#[derive(Clone)]
pub struct ClientConfig {
    /// Base address without user info; a path prefix is kept.
    pub base: url::Url,
    /// Value of the auth header (`Basic ...` or `Bearer ...`), if any.
    pub auth: Option<String>,
    pub auth_header: String,
    pub headers: Vec<(String, String)>,
    pub ca_cert: Option<Vec<u8>>,
    pub identity: Option<Vec<u8>>,
    pub tls_skip_verify: bool,
    pub proxy_url: Option<String>,
    pub env_proxy: bool,
    pub compress: bool,
    pub retries: u32,
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    pub timeout: Option<Duration>,
    pub quiet: bool,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base", &self.base.as_str())
            .field("auth", &self.auth.as_ref().map(|_| "<masked>"))
            .field("headers", &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

fn read_file(path: &str, what: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::usage(format!("cannot read {what} {path:?}: {e}")))
}

/// Milliseconds (logcli's unit) or a duration with a unit.
fn backoff(s: &str, flag: &str) -> Result<Duration> {
    let t = s.trim();
    if let Ok(ms) = t.parse::<u64>() {
        return Ok(Duration::from_millis(ms));
    }
    let ns = parse_duration(t).map_err(|e| Error::usage(format!("--{flag}: {e}")))?;
    Ok(Duration::from_nanos(ns.max(0) as u64))
}

pub fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

impl ClientConfig {
    pub fn from_args(g: &GlobalArgs) -> Result<Self> {
        let mut base = url::Url::parse(g.addr.trim()).map_err(|e| {
            Error::usage(format!(
                "invalid --addr {:?}: {e}",
                crate::client::mask_url_str(&g.addr)
            ))
        })?;
        if base.scheme() != "http" && base.scheme() != "https" {
            return Err(Error::usage(format!(
                "invalid --addr: scheme {:?} is not http or https",
                base.scheme()
            )));
        }
        if base.host_str().is_none() {
            return Err(Error::usage("invalid --addr: no host"));
        }
        // Credentials in the address are used for basic auth, never printed.
        let url_user = (!base.username().is_empty()).then(|| base.username().to_string());
        let url_pass = base.password().map(str::to_string);
        let _ = base.set_username("");
        let _ = base.set_password(None);

        let username = g.username.clone().or(url_user);
        let password = g.password.clone().or(url_pass);
        let mut token = g.bearer_token.clone().filter(|t| !t.is_empty());
        if token.is_none() {
            if let Some(path) = &g.bearer_token_file {
                let raw = read_file(path, "bearer token file")?;
                let t = String::from_utf8_lossy(&raw).trim().to_string();
                if t.is_empty() {
                    return Err(Error::usage(format!("bearer token file {path:?} is empty")));
                }
                token = Some(t);
            }
        }
        let auth = if username.is_some() || password.is_some() {
            if token.is_some() {
                return Err(Error::usage(
                    "use either basic auth (--username/--password) or a bearer token, not both",
                ));
            }
            let creds = format!("{}:{}", username.unwrap_or_default(), password.unwrap_or_default());
            Some(format!("Basic {}", base64(creds.as_bytes())))
        } else {
            token.map(|t| format!("Bearer {t}"))
        };

        let mut headers = Vec::new();
        if let Some(org) = g.org_id.as_ref().filter(|s| !s.is_empty()) {
            headers.push(("X-Scope-OrgID".to_string(), org.clone()));
        }
        if let Some(tags) = g.query_tags.as_ref().filter(|s| !s.is_empty()) {
            headers.push(("X-Query-Tags".to_string(), tags.clone()));
        }
        if g.nocache {
            headers.push(("Cache-Control".to_string(), "no-cache".to_string()));
        }
        for h in &g.headers {
            let (k, v) = h
                .split_once(':')
                .ok_or_else(|| Error::usage(format!("invalid --header {h:?}: expected 'Name: value'")))?;
            let k = k.trim();
            if k.is_empty() || !k.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(Error::usage(format!("invalid --header name {k:?}")));
            }
            headers.push((k.to_string(), v.trim().to_string()));
        }

        let ca_cert = g
            .ca_cert
            .as_deref()
            .map(|p| read_file(p, "CA certificate"))
            .transpose()?;
        let identity = match (&g.cert, &g.key) {
            (Some(c), Some(k)) => {
                let mut pem = read_file(c, "client certificate")?;
                pem.push(b'\n');
                pem.extend(read_file(k, "client key")?);
                Some(pem)
            }
            (None, None) => None,
            _ => return Err(Error::usage("--cert and --key must be given together")),
        };
        let timeout =
            parse_duration(&g.request_timeout).map_err(|e| Error::usage(format!("--request-timeout: {e}")))?;
        let min_backoff = backoff(&g.min_backoff, "min-backoff")?;
        let max_backoff = backoff(&g.max_backoff, "max-backoff")?;
        Ok(ClientConfig {
            base,
            auth,
            auth_header: g.auth_header.clone(),
            headers,
            ca_cert,
            identity,
            tls_skip_verify: g.tls_skip_verify,
            proxy_url: g.proxy_url.clone().filter(|s| !s.is_empty()),
            env_proxy: g.envproxy,
            compress: g.compress,
            retries: g.retries,
            min_backoff,
            max_backoff,
            timeout: (timeout > 0).then(|| Duration::from_nanos(timeout as u64)),
            quiet: g.quiet,
        })
    }
}

/// Output settings shared by every command.
pub fn output_options(g: &GlobalArgs) -> Result<OutputOptions> {
    let zone = Zone::parse(&g.timezone).map_err(|e| Error::usage(format!("--timezone: {e}")))?;
    Ok(OutputOptions {
        mode: g.output,
        zone,
        timestamp_format: g.output_timestamp_format,
        color: crate::output::color_wanted(g.color),
        ..OutputOptions::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known() {
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn backoff_units() {
        assert_eq!(backoff("250", "x").unwrap(), Duration::from_millis(250));
        assert_eq!(backoff("2s", "x").unwrap(), Duration::from_secs(2));
        assert!(backoff("soon", "x").is_err());
    }
}

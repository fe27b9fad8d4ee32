//! Global flags into settings: the transport (`NetConfig`), the printer,
//! and the checks shared by query and tail. Every value is validated here,
//! once, with a one-line error naming the flag.

use std::time::Duration;

use super::args::{CheckArgs, ColorBy, ColorWhen, GlobalArgs, OutputMode, PrintArgs, TimestampFormat};
use crate::app::Checks;
use crate::core::time::{parse_duration, TimestampFormat as Layout, Zone};
use crate::core::{Error, Result};
use crate::net::{basic_auth, mask_url_str, NetConfig, Proxy};
use crate::output::watch::{Conditions, Pattern};
use crate::output::{self, ColorEnv, LabelOptions, Mode, PrinterConfig};

fn read_file(path: &str, what: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::usage(format!("cannot read {what} {path:?}: {e}")))
}

/// A duration flag (Go style, plus `d` and `w`; a bare number is seconds).
/// A size in bytes: `1048576`, `512KB`, `64KiB`, `1MiB`, `2MB`.
pub fn size(s: &str, flag: &str) -> Result<usize> {
    let t = s.trim();
    if t.contains('.') {
        return Err(Error::usage(format!(
            "--{flag}: use a whole number with a smaller unit (1536KB, not 1.5MB): {s:?}"
        )));
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let mult: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "kib" | "k" => 1 << 10,
        "mb" => 1_000_000,
        "mib" | "m" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" | "g" => 1 << 30,
        _ => {
            return Err(Error::usage(format!(
                "--{flag}: unknown unit in {s:?} (use B, KB, KiB, MB, MiB)"
            )))
        }
    };
    match num.parse::<usize>().ok().and_then(|n| n.checked_mul(mult)) {
        Some(n) if n > 0 => Ok(n),
        _ => Err(Error::usage(format!(
            "--{flag}: expected a positive size such as 1MiB, not {s:?}"
        ))),
    }
}

pub fn duration(s: &str, flag: &str) -> Result<i64> {
    parse_duration(s).map_err(|e| Error::usage(format!("--{flag}: {e}")))
}

/// Milliseconds (logcli's unit) or a duration with a unit.
fn backoff(s: &str, flag: &str) -> Result<Duration> {
    let t = s.trim();
    if let Ok(ms) = t.parse::<u64>() {
        return Ok(Duration::from_millis(ms));
    }
    Ok(Duration::from_nanos(duration(t, flag)?.max(0) as u64))
}

/// `--addr` without user info, and the user info it carried.
fn address(addr: &str) -> Result<(url::Url, Option<String>, Option<String>)> {
    let mut base = url::Url::parse(addr.trim())
        .map_err(|e| Error::usage(format!("invalid --addr {:?}: {e}", mask_url_str(addr))))?;
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
    let user = (!base.username().is_empty()).then(|| base.username().to_string());
    let pass = base.password().map(str::to_string);
    let _ = base.set_username("");
    let _ = base.set_password(None);
    Ok((base, user, pass))
}

/// The auth header value: basic auth or a bearer token, not both.
fn auth(g: &GlobalArgs, user: Option<String>, pass: Option<String>) -> Result<Option<String>> {
    let username = g.username.clone().or(user);
    let password = g.password.clone().or(pass);
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
    if username.is_none() && password.is_none() {
        return Ok(token.map(|t| format!("Bearer {t}")));
    }
    if token.is_some() {
        return Err(Error::usage(
            "use either basic auth (--username/--password) or a bearer token, not both",
        ));
    }
    Ok(Some(basic_auth(
        &username.unwrap_or_default(),
        &password.unwrap_or_default(),
    )))
}

/// Tenant, query tags, cache control and `--header` values.
fn headers(g: &GlobalArgs) -> Result<Vec<(String, String)>> {
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
    Ok(headers)
}

/// Everything the transport needs, from global flags.
pub fn net(g: &GlobalArgs) -> Result<NetConfig> {
    let (base, user, pass) = address(&g.addr)?;
    let mut cfg = NetConfig::new(base);
    cfg.auth = auth(g, user, pass)?;
    cfg.auth_header = g.auth_header.clone();
    cfg.headers = headers(g)?;
    cfg.ca_cert = g
        .ca_cert
        .as_deref()
        .map(|p| read_file(p, "CA certificate"))
        .transpose()?;
    cfg.identity = match (&g.cert, &g.key) {
        (Some(c), Some(k)) => {
            let mut pem = read_file(c, "client certificate")?;
            pem.push(b'\n');
            pem.extend(read_file(k, "client key")?);
            Some(pem)
        }
        (None, None) => None,
        _ => return Err(Error::usage("--cert and --key must be given together")),
    };
    cfg.tls_skip_verify = g.tls_skip_verify;
    cfg.proxy = match g.proxy_url.clone().filter(|s| !s.is_empty()) {
        Some(p) => Proxy::Url(p),
        None if g.envproxy => Proxy::Env,
        None => Proxy::None,
    };
    cfg.compress = g.compress;
    cfg.retries = g.retries;
    cfg.min_backoff = backoff(&g.min_backoff, "min-backoff")?;
    cfg.max_backoff = backoff(&g.max_backoff, "max-backoff")?;
    let timeout = duration(&g.request_timeout, "request-timeout")?;
    cfg.timeout = (timeout > 0).then(|| Duration::from_nanos(timeout as u64));
    Ok(cfg)
}

pub fn zone(g: &GlobalArgs) -> Result<Zone> {
    Zone::parse(&g.timezone).map_err(|e| Error::usage(format!("--timezone: {e}")))
}

fn layout(f: TimestampFormat) -> Layout {
    match f {
        TimestampFormat::Rfc3339 => Layout::Rfc3339,
        TimestampFormat::Rfc3339nano => Layout::Rfc3339nano,
        TimestampFormat::Rfc822z => Layout::Rfc822z,
        TimestampFormat::Rfc1123z => Layout::Rfc1123z,
        TimestampFormat::Stampmilli => Layout::Stampmilli,
        TimestampFormat::Stampmicro => Layout::Stampmicro,
        TimestampFormat::Stampnano => Layout::Stampnano,
        TimestampFormat::Unixdate => Layout::Unixdate,
    }
}

/// Printer settings from global flags (and the print flags of the command).
pub fn printer(g: &GlobalArgs, p: Option<&PrintArgs>) -> Result<PrinterConfig> {
    use std::io::IsTerminal;
    let when = match g.color {
        ColorWhen::Auto => output::ColorWhen::Auto,
        ColorWhen::Always => output::ColorWhen::Always,
        ColorWhen::Never => output::ColorWhen::Never,
    };
    let mut cfg = PrinterConfig {
        mode: match g.output {
            OutputMode::Default => Mode::Default,
            OutputMode::Raw => Mode::Raw,
            OutputMode::Jsonl => Mode::Jsonl,
        },
        zone: zone(g)?,
        timestamp_format: layout(g.output_timestamp_format),
        color: output::color_wanted(when, &ColorEnv::from_process()),
        line_buffered: std::io::stdout().is_terminal(),
        ..PrinterConfig::default()
    };
    if let Some(p) = p {
        cfg.labels = LabelOptions {
            no_labels: p.no_labels,
            include: p.include_label.clone(),
            exclude: p.exclude_label.clone(),
            include_common: p.include_common_labels,
            min_width: p.labels_length,
        };
        cfg.color_by_stream = p.colored_output || p.color_by == ColorBy::Stream;
        if let Some(h) = &p.highlight {
            let re = regex::Regex::new(h).map_err(|e| Error::usage(format!("--highlight: invalid regex: {e}")))?;
            cfg.highlight = Some(re);
        }
    }
    Ok(cfg)
}

/// Exit conditions of scripted checks.
pub fn checks(c: &CheckArgs) -> Result<Checks> {
    let timeout = match &c.timeout {
        None => None,
        Some(t) => {
            let ns = duration(t, "timeout")?;
            if ns <= 0 {
                return Err(Error::usage("--timeout must be positive"));
            }
            Some((Duration::from_nanos(ns as u64), t.clone()))
        }
    };
    Ok(Checks {
        conditions: Conditions {
            until: c.until.as_deref().map(|p| Pattern::parse(p, "--until")).transpose()?,
            fail_on: c
                .fail_on
                .as_deref()
                .map(|p| Pattern::parse(p, "--fail-on"))
                .transpose()?,
            max_entries: c.max_entries,
        },
        expect_min: c.expect_min,
        timeout,
        until: c.until.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_units() {
        assert_eq!(backoff("250", "x").unwrap(), Duration::from_millis(250));
        assert_eq!(backoff("2s", "x").unwrap(), Duration::from_secs(2));
        assert!(backoff("soon", "x").is_err());
    }

    #[test]
    fn address_credentials_are_taken_out() {
        let (base, user, pass) = address("https://bob:s3cret@loki.example/prefix").unwrap();
        assert_eq!(base.as_str(), "https://loki.example/prefix");
        assert_eq!(user.as_deref(), Some("bob"));
        assert_eq!(pass.as_deref(), Some("s3cret"));
        assert!(address("ftp://x").is_err());
    }
}

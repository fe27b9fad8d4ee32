//! Profiles: named contexts in `$XDG_CONFIG_HOME/logcli/config.toml`
//! (default `~/.config/logcli/config.toml`). Precedence: flag, then
//! environment, then context, then default. Secrets may come from files or
//! commands and are never printed.
//!
//! ```toml
//! current-context = "prod"
//! [contexts.prod]
//! addr = "https://loki.example.com"
//! org-id = "tenant-a"
//! username = "bob"
//! password-command = "pass show loki/bob"
//! headers = ["X-Team: shop"]
//! output = "jsonl"
//! timezone = "UTC"
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::Deserialize;

use super::args::{GlobalArgs, OutputMode};
use crate::core::{Error, Result};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Context {
    pub addr: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub password_file: Option<String>,
    pub password_command: Option<String>,
    pub bearer_token: Option<String>,
    pub bearer_token_file: Option<String>,
    pub bearer_token_command: Option<String>,
    pub auth_header: Option<String>,
    pub org_id: Option<String>,
    pub query_tags: Option<String>,
    #[serde(default)]
    pub headers: Vec<String>,
    pub ca_cert: Option<String>,
    pub cert: Option<String>,
    pub key: Option<String>,
    pub tls_skip_verify: Option<bool>,
    pub proxy_url: Option<String>,
    pub output: Option<String>,
    pub timezone: Option<String>,
    pub retries: Option<u32>,
    /// The full-screen view by default on a terminal (tail, query).
    pub tui: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct File {
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
}

pub fn path() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("logcli/config.toml"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config/logcli/config.toml"))
}

fn run_command(cmd: &str, what: &str) -> Result<String> {
    let out = std::process::Command::new("sh")
        .args(["-c", cmd])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Error::usage(format!("{what}: cannot run command: {e}")))?;
    if !out.status.success() {
        return Err(Error::usage(format!("{what}: command failed ({})", out.status)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn read_secret(path: &str, what: &str) -> Result<String> {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .map_err(|e| Error::usage(format!("{what}: cannot read {path:?}: {e}")))
}

/// True if the value came from a flag or the environment (so it wins).
fn given(m: &ArgMatches, id: &str) -> bool {
    matches!(
        m.value_source(id),
        Some(ValueSource::CommandLine) | Some(ValueSource::EnvVariable)
    )
}

/// The selected context of the config file, if any: (name, context).
fn load(g: &GlobalArgs) -> Result<Option<(String, Context)>> {
    let Some(p) = path() else { return Ok(None) };
    let text = match std::fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match &g.context {
                Some(c) => Err(Error::usage(format!(
                    "context {c:?}: no config file at {}",
                    p.display()
                ))),
                None => Ok(None),
            };
        }
        Err(e) => return Err(Error::usage(format!("cannot read {}: {e}", p.display()))),
    };
    warn_if_readable(&p, g.quiet);
    let file: File = toml::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{}: {}",
            p.display(),
            e.to_string().lines().next().unwrap_or("invalid TOML")
        ))
    })?;
    let Some(name) = g.context.clone().or(file.current_context.clone()) else {
        return Ok(None);
    };
    let mut contexts = file.contexts;
    let c = contexts.remove(&name).ok_or_else(|| {
        Error::usage(format!(
            "no context {name:?} in {} (have: {})",
            p.display(),
            contexts.keys().cloned().collect::<Vec<_>>().join(", ")
        ))
    })?;
    Ok(Some((name, c)))
}

/// Secrets of a context: a value, a file or a command (run only when no
/// flag or variable gives the secret already).
fn secrets(c: &Context, m: &ArgMatches) -> Result<(Option<String>, Option<String>)> {
    let password = match (&c.password, &c.password_file, &c.password_command) {
        (Some(p), _, _) => Some(p.clone()),
        (None, Some(f), _) => Some(read_secret(f, "password-file")?),
        (None, None, Some(cmd)) if !given(m, "password") => Some(run_command(cmd, "password-command")?),
        _ => None,
    };
    let token = match (&c.bearer_token, &c.bearer_token_command) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(cmd)) if !given(m, "bearer_token") && !given(m, "bearer_token_file") => {
            Some(run_command(cmd, "bearer-token-command")?)
        }
        _ => None,
    };
    Ok((password, token))
}

/// Take the context's value unless a flag or variable gave one.
fn fill<T>(cur: &mut T, v: Option<T>, given: bool) {
    if let (Some(v), false) = (v, given) {
        *cur = v;
    }
}

/// Load the file and apply the selected context to what flags and the
/// environment left at defaults. Returns the context name used.
pub fn apply(g: &mut GlobalArgs, m: &ArgMatches) -> Result<Option<String>> {
    let Some((name, c)) = load(g)? else { return Ok(None) };
    let (password, token) = secrets(&c, m)?;
    let set = |cur: &mut Option<String>, id: &str, v: Option<String>| {
        if !given(m, id) && v.is_some() {
            *cur = v;
        }
    };
    let keep = |id: &str| given(m, id);
    set(&mut g.username, "username", c.username);
    set(&mut g.password, "password", password);
    set(&mut g.bearer_token, "bearer_token", token);
    set(&mut g.bearer_token_file, "bearer_token_file", c.bearer_token_file);
    set(&mut g.org_id, "org_id", c.org_id);
    set(&mut g.query_tags, "query_tags", c.query_tags);
    set(&mut g.ca_cert, "ca_cert", c.ca_cert);
    set(&mut g.cert, "cert", c.cert);
    set(&mut g.key, "key", c.key);
    set(&mut g.proxy_url, "proxy_url", c.proxy_url);
    fill(&mut g.addr, c.addr, keep("addr"));
    fill(&mut g.auth_header, c.auth_header, keep("auth_header"));
    if !keep("headers") && !c.headers.is_empty() {
        g.headers = c.headers;
    }
    fill(&mut g.tls_skip_verify, c.tls_skip_verify, keep("tls_skip_verify"));
    fill(&mut g.timezone, c.timezone, keep("timezone"));
    fill(&mut g.retries, c.retries, keep("retries"));
    g.tui_by_profile = c.tui.unwrap_or(false);
    if let (Some(o), false) = (c.output, keep("output")) {
        g.output = match o.as_str() {
            "default" => OutputMode::Default,
            "raw" => OutputMode::Raw,
            "jsonl" => OutputMode::Jsonl,
            other => return Err(Error::usage(format!("context {name:?}: unknown output {other:?}"))),
        };
    }
    Ok(Some(name))
}

#[cfg(unix)]
fn warn_if_readable(p: &std::path::Path, quiet: bool) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(md) = std::fs::metadata(p) {
        if md.permissions().mode() & 0o077 != 0 && !quiet {
            crate::diagln!(
                "logcli: warning: {} is readable by other users; it may hold secrets (chmod 600 it)",
                p.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable(_: &std::path::Path, _: bool) {}

fn mask(v: &Option<String>) -> String {
    match v {
        Some(s) if !s.is_empty() => "****".to_string(),
        _ => "-".to_string(),
    }
}

/// `logcli config show`.
pub fn show(g: &GlobalArgs, context: Option<&str>) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
    let masked_headers: Vec<String> = g
        .headers
        .iter()
        .map(|h| match h.split_once(':') {
            Some((k, _)) if k.trim().eq_ignore_ascii_case("authorization") || k.to_lowercase().contains("token") => {
                format!("{}: ****", k.trim())
            }
            _ => h.clone(),
        })
        .collect();
    let rows = [
        (
            "config file",
            path().map(|p| p.display().to_string()).unwrap_or_else(|| "-".into()),
        ),
        ("context", context.unwrap_or("-").to_string()),
        ("addr", crate::net::mask_url_str(&g.addr)),
        ("username", opt(&g.username)),
        ("password", mask(&g.password)),
        ("bearer-token", mask(&g.bearer_token)),
        ("bearer-token-file", opt(&g.bearer_token_file)),
        ("auth-header", g.auth_header.clone()),
        ("org-id", opt(&g.org_id)),
        ("query-tags", opt(&g.query_tags)),
        (
            "headers",
            if masked_headers.is_empty() {
                "-".into()
            } else {
                masked_headers.join("; ")
            },
        ),
        ("ca-cert", opt(&g.ca_cert)),
        ("cert", opt(&g.cert)),
        ("key", opt(&g.key)),
        ("tls-skip-verify", g.tls_skip_verify.to_string()),
        (
            "proxy-url",
            g.proxy_url
                .as_deref()
                .map(crate::net::mask_url_str)
                .unwrap_or_else(|| "-".into()),
        ),
        ("output", format!("{:?}", g.output).to_lowercase()),
        ("timezone", g.timezone.clone()),
        ("retries", g.retries.to_string()),
    ];
    let mut s = String::new();
    for (k, v) in rows {
        s.push_str(&format!("{k:<18} {v}\n"));
    }
    s
}

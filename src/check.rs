//! Exit conditions for scripted checks: `--until`, `--fail-on`,
//! `--max-entries` (seen on every printed entry) and `--expect-min`.

use regex::Regex;

use crate::cli::CheckArgs;
use crate::error::{exit, Error, Result};
use crate::logql::eval::LocalQuery;
use crate::model::LabelSet;

/// A regex on the line, or a LogQL pipeline (`|= "ready"`, `| json | status >= 500`).
pub enum Pattern {
    Regex(Regex),
    Pipeline(Box<LocalQuery>),
}

impl Pattern {
    pub fn parse(s: &str, flag: &str) -> Result<Pattern> {
        let t = s.trim_start();
        if t.starts_with('|') || t.starts_with("!=") || t.starts_with("!~") || t.starts_with("!>") {
            let q = format!("{{}} {t}");
            return match crate::logql::parse(&q) {
                Ok(crate::logql::Expr::Log(l)) => Ok(Pattern::Pipeline(Box::new(
                    LocalQuery::compile(&l).map_err(|e| Error::usage(format!("{flag}: {e}")))?,
                ))),
                Ok(_) => Err(Error::usage(format!("{flag}: expected a line filter or pipeline"))),
                Err(e) => Err(Error::usage(format!("{flag}: {}\n{}", e.message(&q), e.caret(&q)))),
            };
        }
        Regex::new(s)
            .map(Pattern::Regex)
            .map_err(|e| Error::usage(format!("{flag}: invalid regex: {e}")))
    }

    pub fn matches(&self, labels: &LabelSet, line: &str) -> bool {
        match self {
            Pattern::Regex(r) => r.is_match(line),
            Pattern::Pipeline(q) => {
                let mut l: Vec<(String, String)> = labels.pairs().to_vec();
                let mut text = line.to_string();
                q.process(0, &mut text, &mut l)
            }
        }
    }
}

pub struct Watch {
    until: Option<Pattern>,
    fail_on: Option<Pattern>,
    max_entries: Option<u64>,
    pub seen: u64,
}

impl Watch {
    pub fn from_args(c: &CheckArgs) -> Result<Option<Watch>> {
        if c.until.is_none() && c.fail_on.is_none() && c.max_entries.is_none() && c.expect_min.is_none() {
            return Ok(None);
        }
        Ok(Some(Watch {
            until: c.until.as_deref().map(|p| Pattern::parse(p, "--until")).transpose()?,
            fail_on: c
                .fail_on
                .as_deref()
                .map(|p| Pattern::parse(p, "--fail-on"))
                .transpose()?,
            max_entries: c.max_entries,
            seen: 0,
        }))
    }

    /// Called after an entry was printed; an `Err(Error::Stop)` ends the run.
    pub fn observe(&mut self, labels: &LabelSet, line: &str) -> Result<()> {
        self.seen += 1;
        if self.fail_on.as_ref().is_some_and(|p| p.matches(labels, line)) {
            // the reason for exit 1, printed even with -q like other errors
            eprintln!("logcli: --fail-on matched");
            return Err(Error::Stop(exit::QUERY));
        }
        if self.until.as_ref().is_some_and(|p| p.matches(labels, line)) {
            return Err(Error::Stop(exit::OK));
        }
        if self.max_entries.is_some_and(|m| self.seen >= m) {
            return Err(Error::Stop(exit::OK));
        }
        Ok(())
    }
}

/// `--expect-min`: fewer entries than required is a failed check.
pub fn expect_min(c: &CheckArgs, printed: u64) -> Result<()> {
    match c.expect_min {
        Some(n) if printed < n => Err(Error::Check(format!("expected at least {n} entries, got {printed}"))),
        _ => Ok(()),
    }
}

/// `--timeout` as a duration, if given.
pub fn deadline(c: &CheckArgs) -> Result<Option<std::time::Duration>> {
    let Some(t) = &c.timeout else { return Ok(None) };
    let ns = crate::time::parse_duration(t).map_err(|e| Error::usage(format!("--timeout: {e}")))?;
    if ns <= 0 {
        return Err(Error::usage("--timeout must be positive"));
    }
    Ok(Some(std::time::Duration::from_nanos(ns as u64)))
}

/// Run `f` under `--timeout`, if given.
pub async fn with_deadline<T>(c: &CheckArgs, f: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let Some(d) = deadline(c)? else { return f.await };
    let t = c.timeout.as_deref().unwrap_or_default();
    match tokio::time::timeout(d, f).await {
        Ok(r) => r,
        Err(_) => Err(Error::Deadline(format!(
            "--timeout {t} reached before the condition was met"
        ))),
    }
}

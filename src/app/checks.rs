//! Exit conditions of scripted checks around any source: `--until`,
//! `--fail-on`, `--max-entries` (a sink decorator), `--expect-min` (after
//! the run) and `--timeout` (a deadline on the whole run).

use std::future::Future;
use std::time::Duration;

use crate::core::{signals, Error, Result, Sink};
use crate::output::watch::{Conditions, Watched};

#[derive(Default)]
pub struct Checks {
    pub conditions: Conditions,
    pub expect_min: Option<u64>,
    /// The deadline and the flag text it came from.
    pub timeout: Option<(Duration, String)>,
    /// `--until` was given (its pattern is in `conditions` until `wrap`).
    pub until: bool,
}

impl Checks {
    /// `sink` with the entry conditions applied, if any.
    pub fn wrap<'a>(&mut self, sink: impl Sink + 'a) -> Box<dyn Sink + 'a> {
        let c = std::mem::take(&mut self.conditions);
        if c.is_empty() {
            Box::new(sink)
        } else {
            Box::new(Watched::new(sink, c))
        }
    }

    /// Run `f` under `--timeout`, if given: dropped at the deadline.
    pub async fn deadline<T>(&self, f: impl Future<Output = Result<T>>) -> Result<T> {
        let Some((d, _)) = &self.timeout else { return f.await };
        match tokio::time::timeout(*d, f).await {
            Ok(r) => r,
            Err(_) => Err(self.deadline_error()),
        }
    }

    /// Run a source that stops on `Signals` under `--timeout`: at the
    /// deadline it ends as on Ctrl-C (printing what it holds and its
    /// accounting), then the run fails with the deadline's exit code. A
    /// source that does not stop within a few seconds is dropped.
    pub async fn deadline_gently<T>(&self, f: impl Future<Output = Result<T>>) -> Result<T> {
        let Some((d, _)) = &self.timeout else { return f.await };
        signals::set_deadline(std::time::Instant::now() + *d);
        match tokio::time::timeout(*d + Duration::from_secs(5), f).await {
            Ok(Ok(_)) if signals::deadline_fired() => Err(self.deadline_error()),
            Ok(r) => r,
            Err(_) => Err(self.deadline_error()),
        }
    }

    fn deadline_error(&self) -> Error {
        let text = self.timeout.as_ref().map(|t| t.1.as_str()).unwrap_or_default();
        Error::Deadline(format!("--timeout {text} reached before the condition was met"))
    }

    /// A source that ended by itself (a finished query, a closed pipe)
    /// without `--until` matching has failed the check: a test runner that
    /// died before printing PASSED must not pass.
    pub fn until_unmet(&self, what: &str) -> Result<()> {
        if self.until {
            return Err(Error::Check(format!("{what} ended before --until matched")));
        }
        Ok(())
    }

    /// `--expect-min`: fewer entries than required is a failed check.
    pub fn expect_min(&self, printed: u64) -> Result<()> {
        match self.expect_min {
            Some(n) if printed < n => Err(Error::Check(format!("expected at least {n} entries, got {printed}"))),
            _ => Ok(()),
        }
    }
}

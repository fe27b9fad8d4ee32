//! Exit conditions for scripted checks, as a sink decorator: `--until`,
//! `--fail-on` and `--max-entries` look at every entry after it is written.

use regex::Regex;

use crate::core::error::exit;
use crate::core::{Error, LabelSet, Result, Sink};
use crate::logql::eval::LocalQuery;

/// A regex on the line, or a LogQL pipeline (`|= "ready"`, `| json | status >= 500`).
pub enum Pattern {
    Regex(Regex),
    Pipeline(Box<LocalQuery>),
}

impl Pattern {
    /// `flag` names the option in error messages.
    pub fn parse(s: &str, flag: &str) -> Result<Pattern> {
        let t = s.trim_start();
        if t.starts_with('|') || t.starts_with("!=") || t.starts_with("!~") || t.starts_with("!>") {
            let q = format!("{{}} {t}");
            return match crate::logql::parse(&q) {
                Ok(crate::logql::Expr::Log(l)) => Ok(Pattern::Pipeline(Box::new(
                    LocalQuery::compile(&l).map_err(|e| Error::usage(format!("{flag}: {e}")))?,
                ))),
                Ok(_) => Err(Error::usage(format!("{flag}: expected a line filter or pipeline"))),
                Err(e) => {
                    // positions in the user's text, not in the `{} ` added before it
                    let pos = (e.pos + (s.len() - t.len())).saturating_sub(3);
                    let e = crate::logql::ParseError::new(pos, e.msg.clone());
                    Err(Error::usage(format!("{flag}: {}\n{}", e.message(s), e.caret(s))))
                }
            };
        }
        Regex::new(s)
            .map(Pattern::Regex)
            .map_err(|e| Error::usage(format!("{flag}: invalid regex: {e}")))
    }

    pub fn matches(&self, labels: &[(String, String)], line: &str) -> bool {
        match self {
            Pattern::Regex(r) => r.is_match(line),
            Pattern::Pipeline(q) => {
                let mut l: Vec<(String, String)> = labels.to_vec();
                let mut text = line.to_string();
                q.process(0, &mut text, &mut l)
            }
        }
    }
}

/// The conditions of one run.
#[derive(Default)]
pub struct Conditions {
    pub until: Option<Pattern>,
    pub fail_on: Option<Pattern>,
    pub max_entries: Option<u64>,
}

impl Conditions {
    pub fn is_empty(&self) -> bool {
        self.until.is_none() && self.fail_on.is_none() && self.max_entries.is_none()
    }
}

/// Forwards to `inner`, then applies the conditions; a met condition
/// flushes and ends the run with `Error::Stop`.
pub struct Watched<S: Sink> {
    inner: S,
    c: Conditions,
    seen: u64,
}

impl<S: Sink> Watched<S> {
    pub fn new(inner: S, c: Conditions) -> Self {
        Watched { inner, c, seen: 0 }
    }

    fn stop(&mut self, code: i32) -> Result<()> {
        self.inner.flush()?;
        Err(Error::Stop(code))
    }
}

impl<S: Sink> Sink for Watched<S> {
    fn page(&mut self, streams: &[&LabelSet]) -> Result<()> {
        self.inner.page(streams)
    }

    fn stream(&mut self, labels: &[(String, String)]) -> usize {
        self.inner.stream(labels)
    }

    fn entry(&mut self, stream: usize, labels: &[(String, String)], ts: i64, line: &str) -> Result<()> {
        self.inner.entry(stream, labels, ts, line)?;
        self.seen += 1;
        if self.c.fail_on.as_ref().is_some_and(|p| p.matches(labels, line)) {
            // the reason for exit 1, printed even with -q like other errors
            crate::diagln!("logcli: --fail-on matched");
            return self.stop(exit::QUERY);
        }
        if self.c.until.as_ref().is_some_and(|p| p.matches(labels, line)) {
            return self.stop(exit::OK);
        }
        if self.c.max_entries.is_some_and(|m| self.seen >= m) {
            return self.stop(exit::OK);
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.inner.flush()
    }

    fn control(&mut self, c: crate::core::Control) -> Result<bool> {
        self.inner.control(c)
    }

    fn written(&self) -> u64 {
        self.inner.written()
    }
}

//! Events of the lower layers shown on stderr, as logcli shows them:
//! request URLs, retries, reconnects, warnings and summaries, all silenced
//! by `-q` but a warning that entries may be missing. On a terminal a line first clears a progress line in place.

use std::io::{IsTerminal, Write};

use crate::core::events::{Event, Observer};

pub struct StderrNotices {
    quiet: bool,
    clear: &'static str,
}

impl StderrNotices {
    pub fn new(quiet: bool) -> Self {
        StderrNotices {
            quiet,
            clear: if std::io::stderr().is_terminal() {
                "\r\x1b[2K"
            } else {
                ""
            },
        }
    }
}

impl Observer for StderrNotices {
    fn event(&self, e: &Event<'_>) {
        if self.quiet && !matches!(e, Event::Loss(_)) {
            return;
        }
        let text = match e {
            Event::Request { url } => url.to_string(),
            Event::Retry {
                attempt,
                max,
                wait,
                error,
            } => format!("retry {attempt}/{max} in {:.1}s: {error}", wait.as_secs_f64()),
            Event::Reconnect { why, wait } => format!("{why}; reconnecting in {:.1}s", wait.as_secs_f64()),
            Event::Tail { .. } | Event::Counts { .. } => return,
            Event::Warning(w) | Event::Loss(w) => format!("logcli: warning: {w}"),
            Event::Summary(s) => s.to_string(),
        };
        let _ = writeln!(std::io::stderr().lock(), "{}{text}", self.clear);
    }
}

//! The line-mode live view on a terminal: space pauses and resumes (entries
//! keep arriving and wait; a status line on stderr counts them), `c` clears
//! the screen, `q` quits. A sink decorator driven by [`Control`] keys.

use std::collections::VecDeque;
use std::io::Write;

use crate::core::{Control, LabelSet, Result, Sink};

/// An entry held while paused.
struct Held {
    labels: Vec<(String, String)>,
    ts: i64,
    line: String,
}

pub struct Pausable<S: Sink> {
    inner: S,
    waiting: Option<VecDeque<Held>>,
    /// The count the status line shows.
    shown: usize,
}

impl<S: Sink> Pausable<S> {
    pub fn new(inner: S) -> Self {
        Pausable {
            inner,
            waiting: None,
            shown: 0,
        }
    }

    fn status(&mut self, waiting: usize) {
        self.shown = waiting;
        let noun = if waiting == 1 { "entry" } else { "entries" };
        crate::diag!("\r\x1b[2K-- paused: {waiting} {noun} waiting (space resumes, c clears, q quits) --");
    }

    fn resume(&mut self) -> Result<()> {
        if let Some(waiting) = self.waiting.take() {
            crate::diag!("\r\x1b[2K");
            for h in waiting {
                let i = self.inner.stream(&h.labels);
                self.inner.entry(i, &h.labels, h.ts, &h.line)?;
            }
        }
        self.inner.flush()
    }
}

impl<S: Sink> Sink for Pausable<S> {
    fn page(&mut self, streams: &[&LabelSet]) -> Result<()> {
        self.inner.page(streams)
    }

    fn stream(&mut self, labels: &[(String, String)]) -> usize {
        self.inner.stream(labels)
    }

    fn entry(&mut self, stream: usize, labels: &[(String, String)], ts: i64, line: &str) -> Result<()> {
        let Some(q) = self.waiting.as_mut() else {
            return self.inner.entry(stream, labels, ts, line);
        };
        q.push_back(Held {
            labels: labels.to_vec(),
            ts,
            line: line.to_string(),
        });
        Ok(())
    }

    /// Sources flush after each frame or block: the moment to bring the
    /// paused count up to date.
    fn flush(&mut self) -> Result<()> {
        if let Some(n) = self.waiting.as_ref().map(VecDeque::len) {
            if n != self.shown {
                self.status(n);
            }
            return Ok(());
        }
        self.inner.flush()
    }

    fn control(&mut self, c: Control) -> Result<bool> {
        match c {
            Control::Quit => {
                self.resume()?;
                return Ok(true);
            }
            Control::Clear => {
                self.inner.flush()?;
                let mut out = std::io::stdout().lock();
                out.write_all(b"\x1b[2J\x1b[H")?;
                out.flush()?;
            }
            Control::TogglePause => {
                if self.waiting.is_some() {
                    self.resume()?;
                } else {
                    self.inner.flush()?;
                    self.waiting = Some(VecDeque::new());
                    self.status(0);
                }
            }
        }
        Ok(false)
    }

    fn written(&self) -> u64 {
        self.inner.written()
    }
}

impl<S: Sink> Drop for Pausable<S> {
    /// Nothing waiting is lost when the run ends while paused.
    fn drop(&mut self) {
        let _ = self.resume();
    }
}

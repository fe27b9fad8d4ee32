//! A live progress line on stderr for long range queries and exports:
//! entries so far, the part of the time range covered, and the rate. Only
//! when stderr is a terminal and not `-q`; cleared at the end.

use std::io::{IsTerminal, Write};
use std::time::Instant;

pub struct Progress {
    enabled: bool,
    started: Instant,
    last_draw: Option<Instant>,
    drawn: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            last_draw: None,
            drawn: false,
        }
    }

    /// `done` is the covered fraction of the range (0..=1).
    pub fn update(&mut self, entries: u64, done: f64, unit: &str) {
        if !self.enabled {
            return;
        }
        // at most ten redraws a second
        if self.last_draw.is_some_and(|t| t.elapsed().as_millis() < 100) {
            return;
        }
        self.last_draw = Some(Instant::now());
        let done = done.clamp(0.0, 1.0);
        let width = 24;
        let filled = (done * width as f64).round() as usize;
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let line = format!(
            "\r\x1b[2K[{}{}] {:>3.0}% {entries} {unit} {:.0}/s",
            "#".repeat(filled),
            ".".repeat(width - filled),
            done * 100.0,
            entries as f64 / secs
        );
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(line.as_bytes());
        let _ = e.flush();
        self.drawn = true;
    }

    pub fn clear(&mut self) {
        if self.drawn {
            let _ = std::io::stderr().write_all(b"\r\x1b[2K");
            self.drawn = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

//! The terminal of the full-screen view: raw mode, the alternate screen and
//! mouse capture, restored when the guard drops, on panic, and by the loop
//! on Ctrl-C, SIGTERM and SIGHUP.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;

use crate::core::{Error, Result};

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Whether the view can run: stdout is a terminal and so is the keyboard
/// (stdin, or the controlling terminal when stdin carries `--stdin` input).
pub fn available() -> bool {
    std::io::stdout().is_terminal()
        && (std::io::stdin().is_terminal()
            || std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .is_ok_and(|t| t.is_terminal()))
}

fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            cursor::Show
        );
    }
}

pub type Term = ratatui::Terminal<CrosstermBackend<std::io::Stdout>>;

/// The terminal in view mode; restored when dropped.
pub struct Screen {
    pub term: Term,
}

impl Screen {
    pub fn enter() -> Result<Screen> {
        let fail = |e: std::io::Error| Error::file("cannot set up the terminal", e);
        enable_raw_mode().map_err(fail)?;
        ACTIVE.store(true, Ordering::SeqCst);
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            prev(info);
        }));
        execute!(
            std::io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            cursor::Hide
        )
        .map_err(fail)?;
        let term = ratatui::Terminal::new(CrosstermBackend::new(std::io::stdout())).map_err(fail)?;
        Ok(Screen { term })
    }

    /// Copy text to the terminal's clipboard (OSC 52).
    pub fn copy(&mut self, text: &str) {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "\x1b]52;c;{b64}\x07");
        let _ = out.flush();
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

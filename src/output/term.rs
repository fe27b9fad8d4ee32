//! Keys for the line-mode live view. The terminal goes to non-canonical,
//! no-echo mode (output processing and Ctrl-C are kept, which a full raw
//! mode would turn off) through rustix's safe termios calls, and is
//! restored on exit, panic and signal.

use std::io::{IsTerminal, Read};
use std::sync::Mutex;

use tokio::sync::mpsc;

use crate::core::Control;

static SAVED: Mutex<Option<rustix::termios::Termios>> = Mutex::new(None);

fn enter() -> bool {
    use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, SpecialCodeIndex};
    let stdin = std::io::stdin();
    let Ok(t) = tcgetattr(&stdin) else { return false };
    *SAVED.lock().unwrap_or_else(|e| e.into_inner()) = Some(t.clone());
    let mut raw = t;
    raw.local_modes.remove(LocalModes::ICANON | LocalModes::ECHO);
    raw.special_codes[SpecialCodeIndex::VMIN] = 1;
    raw.special_codes[SpecialCodeIndex::VTIME] = 0;
    tcsetattr(&stdin, OptionalActions::Now, &raw).is_ok()
}

/// Put the terminal back as it was (idempotent).
pub fn restore() {
    if let Some(t) = SAVED.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = rustix::termios::tcsetattr(std::io::stdin(), rustix::termios::OptionalActions::Now, &t);
    }
}

/// Restores the terminal when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Start reading keys if stdin and stdout are terminals: space pauses, `c`
/// clears, `q` quits.
pub fn keys(enabled: bool) -> Option<(Guard, mpsc::UnboundedReceiver<Control>)> {
    if !enabled || !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    if !enter() {
        return None;
    }
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        prev(info);
    }));
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin();
        let mut b = [0u8; 1];
        while let Ok(1) = stdin.read(&mut b) {
            let k = match b[0] {
                b' ' => Control::TogglePause,
                b'c' | b'C' => Control::Clear,
                b'q' | b'Q' => Control::Quit,
                _ => continue,
            };
            if tx.send(k).is_err() {
                break;
            }
        }
    });
    Some((Guard, rx))
}

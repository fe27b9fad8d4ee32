//! Interactive live view for `tail` when stdin and stdout are terminals:
//! space pauses and resumes (entries keep arriving and wait, a status line
//! on stderr counts them), `c` clears the screen, `q` quits like Ctrl-C.
//! The terminal is put in non-canonical, no-echo mode (output processing
//! and Ctrl-C stay as they are) and restored on exit, panic or signal.

use std::io::{IsTerminal, Read};

use tokio::sync::mpsc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Pause,
    Clear,
    Quit,
}

#[cfg(unix)]
mod term {
    use std::sync::Mutex;

    static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

    pub fn enter() -> bool {
        // SAFETY: tcgetattr/tcsetattr on fd 0 with a valid termios struct.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut t) != 0 {
                return false;
            }
            *SAVED.lock().unwrap_or_else(|e| e.into_inner()) = Some(t);
            let mut raw = t;
            raw.c_lflag &= !(libc::ICANON | libc::ECHO);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            libc::tcsetattr(0, libc::TCSANOW, &raw) == 0
        }
    }

    pub fn restore() {
        if let Some(t) = SAVED.lock().unwrap_or_else(|e| e.into_inner()).take() {
            // SAFETY: restoring the attributes saved by `enter`.
            unsafe {
                libc::tcsetattr(0, libc::TCSANOW, &t);
            }
        }
    }
}

#[cfg(not(unix))]
mod term {
    pub fn enter() -> bool {
        false
    }
    pub fn restore() {}
}

/// Restores the terminal when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        term::restore();
    }
}

/// Start the live view if stdin and stdout are terminals.
pub fn start(enabled: bool) -> Option<(Guard, mpsc::UnboundedReceiver<Key>)> {
    if !enabled || !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    if !term::enter() {
        return None;
    }
    // also restore on panic
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        term::restore();
        prev(info);
    }));
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin();
        let mut b = [0u8; 1];
        while let Ok(1) = stdin.read(&mut b) {
            let k = match b[0] {
                b' ' => Key::Pause,
                b'c' | b'C' => Key::Clear,
                b'q' | b'Q' => Key::Quit,
                _ => continue,
            };
            if tx.send(k).is_err() {
                break;
            }
        }
    });
    Some((Guard, rx))
}

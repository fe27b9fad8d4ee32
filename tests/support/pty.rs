//! A pseudo-terminal for tests that need a terminal on stdin or stdout.

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::sync::{Arc, Mutex};

pub struct Pty {
    pub master: std::fs::File,
    pub slave: RawFd,
    screen: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Pty {
    /// Open a pty; everything written to the slave side is collected.
    pub fn open() -> Pty {
        Self::sized(24, 80)
    }

    /// Open a pty of `rows` x `cols`.
    pub fn sized(rows: u16, cols: u16) -> Pty {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty fills two valid descriptors on success.
        let (master, slave) = unsafe {
            let (mut m, mut s) = (0, 0);
            assert_eq!(
                libc::openpty(&mut m, &mut s, std::ptr::null_mut(), std::ptr::null(), &size),
                0
            );
            (std::fs::File::from_raw_fd(m), s)
        };
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = screen.clone();
        let reader = std::thread::spawn(move || {
            let mut b = [0u8; 4096];
            while let Ok(n) = reader.read(&mut b) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&b[..n]);
            }
        });
        Pty {
            master,
            slave,
            screen,
            reader: Some(reader),
        }
    }

    /// A new descriptor for the slave side (for a child's stdio).
    pub fn slave_fd(&self) -> OwnedFd {
        // SAFETY: dup of a valid descriptor.
        unsafe { OwnedFd::from_raw_fd(libc::dup(self.slave)) }
    }

    /// The slave side's local modes (canonical input, echo, ...).
    pub fn lflag(&self) -> libc::tcflag_t {
        // SAFETY: tcgetattr on a valid pty descriptor.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(self.slave, &mut t), 0);
            t.c_lflag
        }
    }

    /// Raw bytes written to the terminal from offset `from` on.
    pub fn bytes_since(&self, from: usize) -> Vec<u8> {
        let b = self.screen.lock().unwrap();
        b.get(from..).unwrap_or_default().to_vec()
    }

    /// Raw bytes written to the terminal so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.screen.lock().unwrap().clone()
    }

    /// What was written to the terminal so far.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// The terminal's own output processing off (no `\n` to `\r\n`), so the
    /// screen holds the program's bytes.
    pub fn raw_output(&self) {
        // SAFETY: tcgetattr/tcsetattr on a valid pty descriptor.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(self.slave, &mut t), 0);
            t.c_oflag &= !libc::OPOST;
            assert_eq!(libc::tcsetattr(self.slave, libc::TCSANOW, &t), 0);
        }
    }

    /// Everything written, once every writer of the slave side is gone.
    pub fn drain(mut self) -> Vec<u8> {
        // SAFETY: closing our own copy of the slave descriptor, once.
        unsafe { libc::close(self.slave) };
        self.slave = -1;
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        let bytes = self.screen.lock().unwrap().clone();
        bytes
    }
}

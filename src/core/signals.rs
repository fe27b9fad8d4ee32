//! Ctrl-C and SIGTERM (and SIGHUP for a full-screen view) as one stream.
//! The handlers are installed once, at creation, so a signal that arrives
//! between two waits is not lost. A `--timeout` deadline can be set for
//! the process: every wait then also ends there, so a tail stops the way
//! it does on Ctrl-C (what it holds is printed, its accounting too).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static DEADLINE: OnceLock<Instant> = OnceLock::new();
static FIRED: AtomicBool = AtomicBool::new(false);

/// End every `Signals::recv` at `at` (once per process).
pub fn set_deadline(at: Instant) {
    let _ = DEADLINE.set(at);
}

/// Whether a wait ended because the deadline passed.
pub fn deadline_fired() -> bool {
    FIRED.load(Ordering::SeqCst)
}

async fn deadline() {
    match DEADLINE.get() {
        Some(at) => {
            tokio::time::sleep_until((*at).into()).await;
            FIRED.store(true, Ordering::SeqCst);
        }
        None => std::future::pending().await,
    }
}

pub struct Signals {
    #[cfg(unix)]
    kinds: Vec<tokio::signal::unix::Signal>,
}

impl Signals {
    /// SIGINT and SIGTERM.
    pub fn new() -> Self {
        Self::of(false)
    }

    /// SIGINT, SIGTERM and SIGHUP (the terminal went away).
    pub fn with_hangup() -> Self {
        Self::of(true)
    }

    fn of(hangup: bool) -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let mut kinds = vec![SignalKind::interrupt(), SignalKind::terminate()];
            if hangup {
                kinds.push(SignalKind::hangup());
            }
            Signals {
                kinds: kinds.into_iter().filter_map(|k| signal(k).ok()).collect(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = hangup;
            Signals {}
        }
    }

    pub async fn recv(&mut self) {
        tokio::select! {
            _ = self.signal() => {}
            _ = deadline() => {}
        }
    }

    async fn signal(&mut self) {
        #[cfg(unix)]
        {
            if self.kinds.is_empty() {
                return std::future::pending::<()>().await;
            }
            let waits = self.kinds.iter_mut().map(|s| Box::pin(s.recv()));
            futures_util::future::select_all(waits).await;
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

impl Default for Signals {
    fn default() -> Self {
        Self::new()
    }
}

//! Ctrl-C and SIGTERM (and SIGHUP for a full-screen view) as one stream.
//! The handlers are installed once, at creation, so a signal that arrives
//! between two waits is not lost.

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

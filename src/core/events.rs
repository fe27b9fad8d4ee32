//! What the lower layers report while they work (requests, retries, the
//! tail's connection state, warnings). They never print: the layer above
//! decides how to show it (stderr lines, a status bar) through an
//! [`Observer`].

use std::time::Duration;

/// State of a live tail, for status lines and the live view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailState {
    /// Reading the history before going live.
    History,
    /// Connected and following the websocket.
    Live,
    /// Re-reading a window with `query_range` to repair losses.
    Repairing,
    /// Following by `query_range` pages because the websocket cannot keep up.
    CatchingUp,
    /// Waiting to reconnect.
    Reconnecting,
}

#[derive(Debug)]
pub enum Event<'a> {
    /// An HTTP request or websocket upgrade is being sent (URL with secrets masked).
    Request { url: &'a str },
    /// A request failed and will be retried after `wait`.
    Retry {
        attempt: u32,
        max: u32,
        wait: Duration,
        error: &'a str,
    },
    /// The tail lost its connection and reconnects after `wait`.
    Reconnect { why: &'a str, wait: Duration },
    /// The tail changed state (for status bars); `why` explains a repair.
    Tail { state: TailState, why: Option<&'a str> },
    /// The tail's loss accounting so far (for a live status bar).
    Counts { dropped: u64, recovered: u64, late: u64 },
    /// Something the user should know that does not stop the run.
    Warning(&'a str),
    /// Entries may be missing from the output: said even under `-q`.
    Loss(&'a str),
    /// A one-line summary at the end of a run.
    Summary(&'a str),
}

pub trait Observer: Send + Sync {
    fn event(&self, e: &Event<'_>);
}

/// Drops every event (tests, `-q` where nothing is wanted).
pub struct Silent;

impl Observer for Silent {
    fn event(&self, _: &Event<'_>) {}
}

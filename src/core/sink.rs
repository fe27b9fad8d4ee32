//! Where entries go. Sources (the query pager, the tail, the local engine)
//! feed a [`Sink`]; printers and decorators (exit conditions, the paused
//! live view) implement it. Streams are registered once and entries refer to
//! them by index, so the per-entry path does no lookup and no allocation.

use super::error::Result;
use super::labels::LabelSet;

/// Commands from the keyboard of a live view, passed through to the sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Pause or resume printing (entries keep arriving and wait).
    TogglePause,
    /// Clear the screen.
    Clear,
    /// Quit like Ctrl-C.
    Quit,
}

pub trait Sink {
    /// Start a new set of streams: the streams of one page of a query
    /// answer, in the order entries will refer to them (index 0..n). A
    /// printer fixes the common labels on the first page and pads labels per
    /// page, as logcli does.
    fn page(&mut self, streams: &[&LabelSet]) -> Result<()>;

    /// A stream outside pages (tail, local evaluation), as pairs sorted by
    /// name with unique names: its index, registered on first use. Indexes
    /// stay valid until the next `page`.
    fn stream(&mut self, labels: &[(String, String)]) -> usize;

    /// One entry of a registered stream; `labels` are that stream's labels
    /// (sorted pairs), for sinks that look at them (exit conditions).
    fn entry(&mut self, stream: usize, labels: &[(String, String)], ts: i64, line: &str) -> Result<()>;

    /// Nothing more is coming for now: write out what is buffered.
    fn flush(&mut self) -> Result<()>;

    /// A key from the live view; `Ok(true)` means quit.
    fn control(&mut self, c: Control) -> Result<bool> {
        Ok(c == Control::Quit)
    }

    /// Entries written so far.
    fn written(&self) -> u64;
}

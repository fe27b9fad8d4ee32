//! The bridge from a source (tail, pager, local engine) running on its own
//! thread to the view: a [`Sink`] that sends entries in batches, and an
//! [`Observer`] that forwards the source's events, both over one bounded
//! channel. A full channel blocks the source's thread (backpressure: the
//! view is never flooded); the view drains it once per frame.

use std::collections::HashMap;
use std::sync::Arc;

use std::sync::mpsc::SyncSender;

use super::{Msg, Note, Row};
use crate::core::events::{Event, Observer};
use crate::core::{LabelSet, Result, Sink};

/// Entries go out on `flush` (a page, a frame), or every 512 entries.
pub struct ChannelSink {
    tx: SyncSender<Msg>,
    batch: Vec<Row>,
    streams: Vec<Arc<LabelSet>>,
    index: HashMap<LabelSet, usize>,
    written: u64,
}

impl ChannelSink {
    pub fn new(tx: SyncSender<Msg>) -> Self {
        ChannelSink {
            tx,
            batch: Vec::with_capacity(512),
            streams: Vec::new(),
            index: HashMap::new(),
            written: 0,
        }
    }

    /// The channel, for notes from the same source.
    pub fn sender(&self) -> SyncSender<Msg> {
        self.tx.clone()
    }

    fn send(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let rows = std::mem::replace(&mut self.batch, Vec::with_capacity(512));
        // When the view is behind, wait; when it is gone, stop.
        self.tx
            .send(Msg::Rows(rows))
            .map_err(|_| crate::core::Error::Stop(crate::core::exit::OK))
    }
}

impl Sink for ChannelSink {
    fn page(&mut self, streams: &[&LabelSet]) -> Result<()> {
        self.index.clear();
        self.streams = streams.iter().map(|s| Arc::new((*s).clone())).collect();
        Ok(())
    }

    fn stream(&mut self, labels: &[(String, String)]) -> usize {
        if let Some(&i) = self.index.get(labels) {
            return i;
        }
        if self.streams.len() > 4096 {
            self.streams.clear();
            self.index.clear();
        }
        let ls = LabelSet::from_sorted(labels.to_vec());
        self.streams.push(Arc::new(ls.clone()));
        self.index.insert(ls, self.streams.len() - 1);
        self.streams.len() - 1
    }

    fn entry(&mut self, stream: usize, _labels: &[(String, String)], ts: i64, line: &str) -> Result<()> {
        self.batch.push(Row {
            ts,
            labels: self.streams[stream].clone(),
            line: Arc::from(line),
        });
        self.written += 1;
        if self.batch.len() >= 512 {
            self.send()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.send()
    }

    fn written(&self) -> u64 {
        self.written
    }
}

/// Forwards events to the view instead of stderr.
pub struct ChannelObserver(pub SyncSender<Msg>);

impl Observer for ChannelObserver {
    fn event(&self, e: &Event<'_>) {
        let note = match e {
            Event::Tail { state, why } => Note::State(*state, why.map(String::from)),
            Event::Reconnect { why, .. } => Note::Warning(format!("{why}; reconnecting")),
            Event::Warning(w) | Event::Loss(w) => Note::Warning(w.to_string()),
            Event::Summary(s) => Note::Summary(s.to_string()),
            Event::Counts {
                dropped,
                recovered,
                late,
            } => Note::Counts {
                dropped: *dropped,
                recovered: *recovered,
                late: *late,
            },
            Event::Request { .. } | Event::Retry { .. } => return,
        };
        // in order with the entries; a closed view is not the source's error
        let _ = self.0.send(Msg::Note(note));
    }
}

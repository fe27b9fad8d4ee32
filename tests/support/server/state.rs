//! What a test controls and observes: injected faults, tail settings and
//! the connected tail clients, the requests seen.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use tokio::sync::mpsc;

use super::message::Request;
use super::recorded::Recorded;
use super::selector::Selector;

/// One injected fault, consumed by the next matching request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status and plain-text body, optionally Retry-After seconds.
    Status(u16, String, Option<u64>),
    /// 200 with a body that is not valid JSON.
    Malformed,
    /// 200 announcing more bytes than are sent, then close.
    Truncated,
    /// Close the connection without answering.
    Close,
}

#[derive(Default)]
pub struct State {
    pub faults: VecDeque<Fault>,
    pub delay: Option<Duration>,
    /// Requests before this many have been seen are not delayed.
    pub delay_from: usize,
    pub requests: Vec<Request>,
    /// Serve captured bytes when a request matches a capture exactly.
    pub captures: bool,
    /// Live tail subscribers.
    pub tails: Vec<TailConn>,
    /// Refuse the next tail upgrades with this status and body.
    pub tail_reject: VecDeque<(u16, String)>,
    /// Close tails with 1011 after this long (Loki's tail_max_duration).
    pub tail_max_duration: Option<Duration>,
    /// Interval of websocket pings (Loki: 1 s).
    pub ping_interval: Duration,
    /// While set, tail writers do not send (a slow client): messages queue
    /// up to 10 per client and the rest are dropped and reported.
    pub writers_paused: bool,
    /// While set, every connection is closed at once (server restarting).
    pub down: bool,
    /// Pongs received from tail clients: a client answers a ping only once
    /// it has read everything sent before it.
    pub pongs: u64,
    /// TCP connections accepted (also while down).
    pub accepts: u64,
    /// Messages queued per tail client before dropping (Loki: 10).
    pub tail_queue: usize,
    /// Deletion requests (shape guessed: not in the captures).
    pub deletes: Vec<serde_json::Value>,
    /// Like Loki v3: query answers (query_range, tail history) carry a
    /// `detected_level` label that live tail frames and dropped_entries lack.
    pub detected_level: bool,
    /// Like Loki v3.7.6 once chunks are flushed (measured): a stream's chunk
    /// is left out of a query_range answer when its last entry is exactly
    /// on a whole-millisecond `start` (each stream here is one chunk).
    pub flushed: bool,
    /// Labels of the dataset that are structured metadata or added by Loki
    /// at query time, not indexed: `labels` and `series` leave them out.
    pub metadata_labels: Vec<String>,
    /// Answer every request (but tails) with this JSON body, as a replay
    /// of what a real Loki answered.
    pub replay: Option<Vec<u8>>,
    /// How dropped entries are reported (Loki: at most 1,000 per gap, the
    /// rest of the gap silently lost).
    pub drop_report: DropReport,
    /// Entries of streams with this `app` are never sent on the tail and
    /// never reported (an ingester dropping for a slow querier), but stored.
    pub hole_app: Option<String>,
    /// Loki's drain cycle: at most this many messages, then a pause
    /// (measured: 11 messages of 100 entries per 500 ms, ~2,200 entries/s).
    pub tail_burst: Option<(usize, Duration)>,
    /// Answer every query_range with this status and body (a refused re-read).
    pub refuse_query_range: Option<(u16, String)>,
    /// Instant `count_over_time` queries answered (`--verify`).
    pub counts_answered: u64,
    /// Answers a real Loki gave, served for requests with the same method,
    /// path and parameters (`limit` may differ when the answer was complete).
    pub recorded: Vec<Recorded>,
}

/// How a tail reports what it dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DropReport {
    /// `{"timestamp","labels":{...}}`, at most this many per gap (Loki: 1,000).
    #[default]
    Labels,
    /// As Loki records a whole dropped message: the line text in `labels`.
    LineInLabels,
    /// Never reported.
    Silent,
}

/// One connected tail client: its selector and bounded message queue.
pub struct TailConn {
    pub selector: Selector,
    pub(super) tx: mpsc::Sender<String>,
    /// Entries dropped for this client and not yet reported.
    pub(super) dropped: Vec<(i64, BTreeMap<String, String>, String)>,
}

/// Commands for open tail connections.
#[derive(Debug, Clone)]
pub enum TailControl {
    /// Drop the TCP connection without a close frame.
    Abrupt,
    /// Send nothing more, not even pings, but keep the connection open.
    Stall,
    /// Send a close frame.
    Close(u16, String),
}

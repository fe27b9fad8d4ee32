//! A Loki-protocol test server. Serves the bytes captured from Loki v3.7.6
//! (fixtures/loki-wire) for the captured requests, and otherwise implements
//! the same semantics over a dataset: selectors, [start, end) ranges, limit,
//! direction, Loki's plain-text errors. Faults can be injected per request.
//!
//! Shared by the integration tests and the benchmarks (`#[path]` include).
//!
//! The parts, each depending only on those listed before it:
//! - `data`: the stored datasets, the captured wire bytes, stream JSON;
//! - `selector`: the LogQL selector subset the server evaluates;
//! - `message`: requests, responses, HTTP heads and target parsing;
//! - `recorded`: answers a real Loki gave (captures and recordings);
//! - `state`: what a test controls and observes (faults, tail settings);
//! - `query`: query_range, labels, series, index and count answers;
//! - `tail`: the websocket tail and delivery of pushed entries;
//! - `http`: one connection: reading requests, faults, routing;
//! - `listener`: the `Server` a test starts and drives.
#![allow(dead_code)]
// each test binary and bench uses a part of the API re-exported below
#![allow(unused_imports)]

mod data;
mod http;
mod listener;
mod message;
mod query;
mod recorded;
mod selector;
mod state;
mod tail;

pub use data::{
    entries_of, synthetic_labels, synthetic_line, wire, wire_dir, Dataset, StoredStream, CAPTURE_END, CAPTURE_START,
    MAX_ENTRIES_LIMIT,
};
pub use http::delete_request_id;
pub use listener::Server;
pub use message::{Request, Response};
pub use recorded::Recorded;
pub use selector::Selector;
pub use state::{DropReport, Fault, State, TailConn, TailControl};

//! The bottom layer: errors and exit codes, time, labels, Loki's wire
//! shapes, Go-compatible formatting, the sink interface and events. Depends
//! on nothing else in the crate.

pub mod diag;
pub mod entry;
pub mod error;
pub mod events;
pub mod gofmt;
pub mod goparse;
pub mod labels;
pub mod signals;
pub mod sink;
pub mod time;
pub mod wire;

pub use entry::Entry;
pub use error::{exit, Error, Result};
pub use labels::LabelSet;
pub use signals::Signals;
pub use sink::{Control, Sink};

//! Everything that is shown: the entry printer (a [`Sink`](crate::core::Sink)),
//! colours, label selection, exit-condition and pause decorators, notices on
//! stderr, the progress line, `--stats`, and the layouts of the non-entry
//! commands. Depends on `core` and `logql` only.

pub mod labels;
pub mod notices;
pub mod pause;
pub mod printer;
pub mod progress;
pub mod reports;
pub mod stats;
pub mod style;
#[cfg(unix)]
pub mod term;
pub mod tui;
pub mod watch;

pub use labels::LabelOptions;
pub use printer::{Layout, Mode, Printer, PrinterConfig};
pub use style::{color_wanted, ColorEnv, ColorWhen};

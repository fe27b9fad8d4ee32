//! logcli: a streaming command-line client for Grafana Loki.
//!
//! Layers point one way, down (README, "Architecture"):
//! `cli` (flags, profiles, docs) → `app` (one file per command) →
//! `tail`, `local`, `fetch`, `output` → `net` → `logql` → `core`.
//! `output` and `logql` never see the network; nothing below `cli` sees clap.

pub mod app;
pub mod cli;
pub mod core;
pub mod fetch;
pub mod local;
pub mod logql;
pub mod net;
pub mod output;
pub mod tail;

pub use cli::run_from_env;

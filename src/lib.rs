//! logcli: a streaming command-line client for Grafana Loki.
//!
//! Data flows one way: `cli` (flags) → `config` (resolved once) → `client`
//! (HTTP) → `query` / `tail` (paging, live) → `output` (formatters) →
//! stdout. `commands` wires each command; `run` maps errors to exit codes.

pub mod check;
pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod delete;
pub mod docs;
pub mod encode;
pub mod error;
pub mod export;
pub mod index;
pub mod local;
pub mod logql;
pub mod meta;
pub mod model;
pub mod output;
pub mod profile;
pub mod progress;
pub mod query;
pub mod stats;
pub mod tail;
pub mod time;
pub mod tls;

use cli::Cli;
use error::{exit, Error};

/// Parse `std::env::args`, run, and return the process exit code.
pub fn run_from_env() -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|c| (c, m)));
    let cli = match parsed {
        Ok((mut c, m)) => match profile::apply(&mut c.global, &m) {
            Ok(ctx) => {
                c.global.context = ctx;
                c
            }
            Err(e) => {
                eprintln!("logcli: {e}");
                return e.exit_code();
            }
        },
        Err(e) => {
            use clap::error::ErrorKind;
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => exit::OK,
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => exit::USAGE,
                _ => exit::USAGE,
            };
            let _ = e.print();
            return code;
        }
    };
    run(cli)
}

/// Run a parsed command line; maps every error to its exit code in one place.
pub fn run(cli: Cli) -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("logcli: cannot start runtime: {e}");
            return exit::QUERY;
        }
    };
    let result = rt.block_on(commands::dispatch(cli));
    rt.shutdown_background();
    match result {
        Ok(code) => code,
        Err(Error::Io(e)) if error::is_broken_pipe(&e) => exit::OK,
        Err(Error::Stop(code)) => code,
        Err(e) => {
            eprintln!("logcli: {e}");
            e.exit_code()
        }
    }
}

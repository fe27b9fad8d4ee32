//! The top layer: the clap definition (`args`), profiles, generated docs,
//! and the two steps from flags to a run: `settings`/`resolve` turn flags
//! into one validated `app::Config`; `run_from_env` runs it and maps the
//! outcome to the exit code, in one place.

pub mod args;
pub mod docs;
pub mod profile;
mod resolve;
mod settings;

use args::{Cli, Command, ConfigCommand};

use crate::core::error::exit;
use crate::core::{Error, Result};

/// Parse flags (then environment and profile) into the parsed command line.
fn parse() -> std::result::Result<Cli, i32> {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|c| (c, m)));
    match parsed {
        Ok((mut c, m)) => match profile::apply(&mut c.global, &m) {
            Ok(ctx) => {
                c.global.context = ctx;
                Ok(c)
            }
            Err(e) => Err(report(e)),
        },
        Err(e) => {
            use clap::error::ErrorKind;
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => exit::OK,
                _ => exit::USAGE,
            };
            let _ = e.print();
            Err(code)
        }
    }
}

/// Print an error (unless silent) and return its exit code.
fn report(e: Error) -> i32 {
    if !e.is_silent() {
        crate::diagln!("logcli: {e}");
    }
    e.exit_code()
}

/// Commands that run without a config: docs and `config show`.
fn side_command(cli: &Cli) -> Option<Result<()>> {
    match &cli.command {
        Command::GenerateDocs(a) => Some(docs::write_all(&a.out).map_err(|e| Error::file("cannot write docs", e))),
        Command::Config(ConfigCommand::Show) => {
            use std::io::Write;
            let text = profile::show(&cli.global, cli.global.context.as_deref());
            Some(std::io::stdout().write_all(text.as_bytes()).map_err(Error::from))
        }
        _ => None,
    }
}

fn run(cli: Cli) -> Result<()> {
    if let Some(r) = side_command(&cli) {
        return r;
    }
    let cfg = resolve::config(&cli)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::file("cannot start the runtime", e))?;
    let r = rt.block_on(crate::app::run(cfg));
    rt.shutdown_background();
    r
}

/// Parse `std::env::args`, run, and return the process exit code.
pub fn run_from_env() -> i32 {
    match parse() {
        Ok(cli) => match run(cli) {
            Ok(()) => exit::OK,
            Err(e) => report(e),
        },
        Err(code) => code,
    }
}

//! One small file per command: each takes its part of the validated
//! [`Config`] and wires a source (pager, tail, local engine, endpoint) to
//! the output. `cli` builds the config; `run` dispatches.

mod checks;
mod delete;
mod detected;
mod export;
mod fmt;
mod follow;
mod instant;
mod labels;
mod local;
mod query;
mod stats;
mod tail;
mod tui;
mod volume;

use std::sync::Arc;

use crate::core::events::Observer;
use crate::core::Result;
use crate::fetch::{InstantQuery, PageQuery};
use crate::local::LocalSpec;
use crate::net::{NetConfig, Transport};
use crate::output::notices::StderrNotices;
use crate::output::{Mode, PrinterConfig};
use crate::tail::TailOptions;

pub use checks::Checks;

/// A run, validated: what `cli` makes of flags, environment and profile.
pub struct Config {
    /// Transport settings; None for commands that need no server.
    pub net: Option<NetConfig>,
    pub printer: PrinterConfig,
    /// No request URLs, common labels or summaries on stderr.
    pub quiet: bool,
    /// `--stats`: query statistics on stderr.
    pub stats: bool,
    pub command: Command,
}

pub enum Command {
    Query {
        q: PageQuery,
        checks: Checks,
    },
    Export(export::ExportCmd),
    Instant(InstantQuery),
    Local {
        spec: LocalSpec,
        checks: Checks,
    },
    /// `tail --file` / `tail --stdin`.
    Follow {
        spec: crate::local::FollowSpec,
        checks: Checks,
        interactive: bool,
    },
    Tail {
        opts: TailOptions,
        checks: Checks,
        interactive: bool,
    },
    Labels(labels::LabelsCmd),
    Series(labels::SeriesCmd),
    Stats(stats::StatsCmd),
    Volume(volume::VolumeCmd),
    DetectedFields(detected::DetectedCmd),
    DeleteCreate(delete::CreateCmd),
    DeleteList,
    DeleteCancel(delete::CancelCmd),
    Fmt(Vec<String>),
    /// The full-screen view over a source.
    Tui(tui::TuiCmd),
}

pub use delete::{CancelCmd, CreateCmd};
pub use detected::DetectedCmd;
pub use export::ExportCmd;
pub use labels::{LabelsCmd, SeriesCmd};
pub use stats::StatsCmd;
pub use tui::{Source as TuiSource, TuiCmd};
pub use volume::VolumeCmd;

/// What every command may need: the transport and the run's settings.
pub(crate) struct Ctx {
    /// Kept for sources that need a transport of their own (the view's).
    pub net: Option<NetConfig>,
    pub transport: Option<Arc<Transport>>,
    pub printer: PrinterConfig,
    pub quiet: bool,
    pub stats: bool,
}

impl Ctx {
    fn transport(&self) -> &Arc<Transport> {
        self.transport.as_ref().expect("server commands get a transport")
    }

    fn mode(&self) -> Mode {
        self.printer.mode
    }
}

/// Run a command to completion; the caller maps the error to an exit code.
pub async fn run(cfg: Config) -> Result<()> {
    let observer: Arc<dyn Observer> = Arc::new(StderrNotices::new(cfg.quiet));
    let transport = match &cfg.net {
        Some(n) => Some(Arc::new(Transport::new(n.clone(), observer)?)),
        None => None,
    };
    let ctx = Ctx {
        net: cfg.net,
        transport,
        printer: cfg.printer,
        quiet: cfg.quiet,
        stats: cfg.stats,
    };
    match cfg.command {
        Command::Query { q, checks } => query::run(&ctx, &q, checks).await,
        Command::Export(x) => export::run(&ctx, x).await,
        Command::Instant(q) => instant::run(&ctx, &q).await,
        Command::Local { spec, checks } => local::run(&ctx, &spec, checks).await,
        Command::Follow {
            spec,
            checks,
            interactive,
        } => follow::run(&ctx, &spec, checks, interactive).await,
        Command::Tail {
            opts,
            checks,
            interactive,
        } => tail::run(&ctx, &opts, checks, interactive).await,
        Command::Labels(c) => labels::labels(&ctx, &c).await,
        Command::Series(c) => labels::series(&ctx, &c).await,
        Command::Stats(c) => stats::run(&ctx, &c).await,
        Command::Volume(c) => volume::run(&ctx, &c).await,
        Command::DetectedFields(c) => detected::run(&ctx, &c).await,
        Command::DeleteCreate(c) => delete::create(&ctx, &c).await,
        Command::DeleteList => delete::list(&ctx).await,
        Command::DeleteCancel(c) => delete::cancel(&ctx, &c).await,
        Command::Fmt(queries) => fmt::run(&queries),
        Command::Tui(c) => tui::run(&ctx, c).await,
    }
}

/// Standard output, behind a buffer.
fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

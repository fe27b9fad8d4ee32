//! `tail` (and `query --tail`): the live tail into the printer, with the
//! line-mode keys on a terminal and the exit conditions.

use super::{Checks, Ctx};
use crate::core::Result;
use crate::output::pause::Pausable;
use crate::output::{Layout, Printer};
use crate::tail::{self, TailOptions};

pub(super) async fn run(ctx: &Ctx, o: &TailOptions, mut checks: Checks, interactive: bool) -> Result<()> {
    let mut printer = ctx.printer.clone();
    printer.line_buffered |= checks.watching();
    let printer = Printer::new(std::io::stdout().lock(), printer, Layout::Live);
    #[cfg(unix)]
    let keys = crate::output::term::keys(interactive);
    #[cfg(not(unix))]
    let keys: Option<((), tokio::sync::mpsc::UnboundedReceiver<crate::core::Control>)> = None;
    let (_guard, rx) = match keys {
        Some((g, rx)) => (Some(g), Some(rx)),
        None => (None, None),
    };
    let mut sink = match rx {
        Some(_) => checks.wrap(Pausable::new(printer)),
        None => checks.wrap(printer),
    };
    let r = checks.deadline(tail::run(ctx.transport(), o, &mut *sink, rx)).await;
    sink.flush()?;
    r?;
    checks.expect_min(sink.written())
}

//! `tail` (and `query --tail`): the live tail into the printer, with the
//! line-mode keys on a terminal and the exit conditions.

use super::{Checks, Ctx};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::core::{Control, Error, Result};
use crate::output::pause::Pausable;
use crate::output::{Layout, Printer};
use crate::tail::{self, TailOptions};

#[cfg(unix)]
type KeyGuard = crate::output::term::Guard;
#[cfg(not(unix))]
type KeyGuard = ();

/// The line-mode keys (space, c, q) when stdin and stdout are terminals;
/// the guard restores the terminal when dropped.
pub(super) fn line_keys(interactive: bool) -> (Option<KeyGuard>, Option<UnboundedReceiver<Control>>) {
    #[cfg(unix)]
    let keys = crate::output::term::keys(interactive);
    #[cfg(not(unix))]
    let keys: Option<((), UnboundedReceiver<Control>)> = None;
    match keys {
        Some((g, rx)) => (Some(g), Some(rx)),
        None => (None, None),
    }
}

pub(super) async fn run(ctx: &Ctx, o: &TailOptions, mut checks: Checks, interactive: bool) -> Result<()> {
    let printer = ctx.printer.clone();
    let printer = Printer::new(std::io::stdout().lock(), printer, Layout::Live);
    let (_guard, rx) = line_keys(interactive);
    let mut sink = match rx {
        Some(_) => checks.wrap(Pausable::new(printer)),
        None => checks.wrap(printer),
    };
    let r = checks
        .deadline_gently(tail::run(ctx.transport(), o, &mut *sink, rx))
        .await;
    sink.flush()?;
    let report = r?;
    if ctx.stats {
        crate::diag!("{}", report.table());
    }
    if let Some(loss) = report.loss().filter(|_| o.fail_on_loss) {
        return Err(Error::Incomplete(format!("{loss} (--fail-on-loss)")));
    }
    checks.expect_min(sink.written())
}

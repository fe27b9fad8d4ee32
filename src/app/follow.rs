//! `tail --file` / `tail --stdin`: local input followed into the printer,
//! under the exit conditions; rotation and truncation notes on stderr.

use super::{Checks, Ctx};
use crate::core::Result;
use crate::local::{self, FollowSpec};
use crate::output::pause::Pausable;
use crate::output::{Layout, Printer};

pub(super) async fn run(ctx: &Ctx, spec: &FollowSpec, mut checks: Checks, interactive: bool) -> Result<()> {
    let printer = ctx.printer.clone();
    let printer = Printer::new(std::io::stdout().lock(), printer, Layout::Live);
    let (_guard, keys) = super::tail::line_keys(interactive);
    let mut sink = match keys {
        Some(_) => checks.wrap(Pausable::new(printer)),
        None => checks.wrap(printer),
    };
    let quiet = ctx.quiet;
    let mut note = |n: String| {
        if !quiet {
            crate::diagln!("{n}");
        }
    };
    let r = checks
        .deadline_gently(local::follow(spec, &mut *sink, &mut note, keys))
        .await;
    sink.flush()?;
    let done = r?;
    if done.ended {
        checks.until_unmet("the input")?;
    }
    checks.expect_min(done.written)
}

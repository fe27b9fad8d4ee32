//! `query --stdin` / `--file`: the local engine into the printer, under the
//! exit conditions and the `--timeout` deadline (no watchdog: the deadline
//! is awaited beside the input, so the exit goes through the error map).

use super::{Checks, Ctx};
use crate::core::Result;
use crate::local::{self, LocalSpec};
use crate::output::{Layout, Printer};

pub(super) async fn run(ctx: &Ctx, spec: &LocalSpec, mut checks: Checks) -> Result<()> {
    let printer = ctx.printer.clone();
    let mut sink = checks.wrap(Printer::new(std::io::stdout().lock(), printer, Layout::Growing));
    let r = checks.deadline(local::run(spec, &mut *sink)).await;
    sink.flush()?;
    let printed = r?;
    checks.until_unmet("the input")?;
    checks.expect_min(printed)
}

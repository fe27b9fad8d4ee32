//! `query` over a range: pages printed as they arrive (the next one is
//! fetched meanwhile), metric results as logcli's indented JSON, Ctrl-C
//! prints what was fetched and exits 130.

use std::io::Write;

use super::{Checks, Ctx};
use crate::core::error::exit;
use crate::core::{Error, Result, Signals};
use crate::fetch::{feed, pages, Answer, PageQuery};
use crate::output::progress::Progress;
use crate::output::stats::Stats;
use crate::output::{Layout, Printer};

/// Print a metric result as logcli does: indented JSON, no trailing newline.
pub(super) fn print_metric(raw: &serde_json::value::RawValue) -> Result<()> {
    let v: serde_json::Value =
        serde_json::from_str(raw.get()).map_err(|e| Error::Protocol(format!("cannot decode result: {e}")))?;
    let mut out = Vec::new();
    crate::core::gofmt::indent_json(&v, &mut out);
    let mut w = std::io::stdout().lock();
    w.write_all(&out)?;
    w.flush()?;
    Ok(())
}

pub(super) async fn run(ctx: &Ctx, q: &PageQuery, mut checks: Checks) -> Result<()> {
    let printer = ctx.printer.clone();
    let layout = Layout::Pages { announce: !ctx.quiet };
    let mut sink = checks.wrap(Printer::new(std::io::stdout().lock(), printer, layout));
    let mut stats = ctx.stats.then(Stats::default);
    let mut progress = Progress::new(ctx.quiet);
    let mut signals = Signals::new();
    let fetched = pages(ctx.transport(), q, |a| match a {
        Answer::Streams(p) => {
            if let (Some(st), Some(raw)) = (stats.as_mut(), p.stats) {
                st.add(raw);
            }
            feed(&mut *sink, &p)?;
            progress.update(sink.written(), p.covered, "entries");
            Ok(())
        }
        Answer::Metric { result, stats: raw } => {
            if let (Some(st), Some(raw)) = (stats.as_mut(), raw) {
                st.add(raw);
            }
            print_metric(result)
        }
    });
    // Ctrl-C / SIGTERM: print what is buffered, then stop (130).
    let r = tokio::select! {
        r = checks.deadline(fetched) => r,
        _ = signals.recv() => Err(Error::Stop(exit::INTERRUPTED)),
    };
    progress.clear();
    sink.flush()?;
    if let Some(st) = &stats {
        crate::diag!("{}", st.render());
    }
    r?;
    checks.until_unmet("the query")?;
    checks.expect_min(sink.written())
}

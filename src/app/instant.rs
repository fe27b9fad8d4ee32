//! `instant-query`: one request to `/loki/api/v1/query`.

use super::query::print_metric;
use super::Ctx;
use crate::core::{Result, Sink};
use crate::fetch::{feed, instant, Answer, InstantQuery};
use crate::output::stats::Stats;
use crate::output::{Layout, Printer};

pub(super) async fn run(ctx: &Ctx, q: &InstantQuery) -> Result<()> {
    let layout = Layout::Pages { announce: !ctx.quiet };
    let mut sink = Printer::new(std::io::stdout().lock(), ctx.printer.clone(), layout);
    let mut stats = ctx.stats.then(Stats::default);
    let r = instant(ctx.transport(), q, |a| match a {
        Answer::Streams(p) => {
            if let (Some(st), Some(raw)) = (stats.as_mut(), p.stats) {
                st.add(raw);
            }
            feed(&mut sink, &p)
        }
        Answer::Metric { result, stats: raw } => {
            if let (Some(st), Some(raw)) = (stats.as_mut(), raw) {
                st.add(raw);
            }
            print_metric(result)
        }
    })
    .await;
    sink.flush()?;
    if let Some(st) = &stats {
        crate::diag!("{}", st.render());
    }
    r
}

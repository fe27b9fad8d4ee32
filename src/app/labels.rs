//! `labels [NAME]` and `series` (with `--analyze-labels`): one item per line.

use std::io::Write;

use super::Ctx;
use crate::core::Result;
use crate::fetch::meta;
use crate::output::reports::analyze_labels;

pub struct LabelsCmd {
    pub name: Option<String>,
    pub start: i64,
    pub end: i64,
    pub query: Option<String>,
}

pub struct SeriesCmd {
    pub matcher: String,
    pub start: i64,
    pub end: i64,
    pub analyze: bool,
}

pub(super) async fn labels(ctx: &Ctx, c: &LabelsCmd) -> Result<()> {
    let names = meta::labels(ctx.transport(), c.name.as_deref(), c.start, c.end, c.query.as_deref()).await?;
    let mut w = super::stdout();
    for v in names {
        writeln!(w, "{v}")?;
    }
    w.flush()?;
    Ok(())
}

pub(super) async fn series(ctx: &Ctx, c: &SeriesCmd) -> Result<()> {
    let series = meta::series(ctx.transport(), &c.matcher, c.start, c.end).await?;
    let mut w = super::stdout();
    if c.analyze {
        w.write_all(analyze_labels(&series).as_bytes())?;
    } else {
        for s in &series {
            writeln!(w, "{s}")?;
        }
    }
    w.flush()?;
    Ok(())
}

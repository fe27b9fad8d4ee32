//! `volume` and `volume_range`: printed like metric results (indented JSON),
//! or one series per line with `-o jsonl`.

use std::io::Write;

use super::Ctx;
use crate::core::Result;
use crate::fetch::index::{self, VolumeQuery};
use crate::output::Mode;

pub struct VolumeCmd {
    pub query: String,
    pub start: i64,
    pub end: i64,
    pub limit: u64,
    pub target_labels: Vec<String>,
    pub aggregate_by_labels: bool,
    /// Some for volume_range.
    pub step: Option<String>,
}

pub(super) async fn run(ctx: &Ctx, c: &VolumeCmd) -> Result<()> {
    let q = VolumeQuery {
        query: &c.query,
        start: c.start,
        end: c.end,
        limit: c.limit,
        target_labels: &c.target_labels,
        aggregate_by_labels: c.aggregate_by_labels,
        step: c.step.clone(),
    };
    let v = index::volume(ctx.transport(), &q).await?;
    let mut w = super::stdout();
    if ctx.mode() == Mode::Jsonl {
        for item in v.as_array().into_iter().flatten() {
            writeln!(w, "{item}")?;
        }
    } else {
        let mut out = Vec::new();
        crate::core::gofmt::indent_json(&v, &mut out);
        w.write_all(&out)?;
    }
    w.flush()?;
    Ok(())
}

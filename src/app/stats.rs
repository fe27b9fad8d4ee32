//! `stats`: index statistics, as logcli's `{ bytes: ... }` block or jsonl.

use std::io::Write;

use super::Ctx;
use crate::core::{Error, Result};
use crate::fetch::index;
use crate::output::reports::stats_block;
use crate::output::Mode;

pub struct StatsCmd {
    pub query: String,
    pub start: i64,
    pub end: i64,
}

pub(super) async fn run(ctx: &Ctx, c: &StatsCmd) -> Result<()> {
    let s = index::stats(ctx.transport(), &c.query, c.start, c.end).await?;
    let mut w = super::stdout();
    // logcli ignores -o here; -o jsonl gives one JSON object (an extension)
    if ctx.mode() != Mode::Jsonl {
        w.write_all(stats_block(s.bytes, s.chunks, s.streams, s.entries).as_bytes())?;
    } else {
        let line = serde_json::to_string(&s).map_err(|e| Error::Protocol(e.to_string()))?;
        writeln!(w, "{line}")?;
    }
    w.flush()?;
    Ok(())
}

//! `delete create|list|cancel`.

use std::io::Write;

use super::Ctx;
use crate::core::time::{TimeFormatter, TimestampFormat};
use crate::core::Result;
use crate::fetch::delete;
use crate::output::Mode;

pub struct CreateCmd {
    pub query: String,
    pub start: i64,
    pub end: i64,
    pub max_interval: Option<String>,
}

pub struct CancelCmd {
    pub request_id: String,
    pub force: bool,
}

fn note(ctx: &Ctx, msg: &str) {
    if !ctx.quiet {
        crate::diagln!("{msg}");
    }
}

pub(super) async fn create(ctx: &Ctx, c: &CreateCmd) -> Result<()> {
    delete::create(ctx.transport(), &c.query, c.start, c.end, c.max_interval.clone()).await?;
    note(ctx, "delete request created");
    Ok(())
}

pub(super) async fn cancel(ctx: &Ctx, c: &CancelCmd) -> Result<()> {
    delete::cancel(ctx.transport(), &c.request_id, c.force).await?;
    note(ctx, &format!("delete request {} cancelled", c.request_id));
    Ok(())
}

/// Seconds (integer or fraction) as RFC3339 in the output zone, as logcli
/// prints request times.
fn time(v: &serde_json::Value, zone: crate::core::time::Zone) -> String {
    let secs = v
        .as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(0.0);
    let mut f = TimeFormatter::new(zone, TimestampFormat::Rfc3339);
    let mut out = Vec::new();
    f.write((secs * 1e9) as i64, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// logcli's blocks (`Query:`, `Start Time:`, `End Time:`, `Status:`, `---`),
/// or one JSON object per request with `-o jsonl`/`raw`.
pub(super) async fn list(ctx: &Ctx) -> Result<()> {
    let items = delete::list(ctx.transport()).await?;
    let mut w = super::stdout();
    let zone = ctx.printer.zone;
    for it in &items {
        if ctx.mode() != Mode::Default {
            writeln!(w, "{it}")?;
            continue;
        }
        writeln!(w, "Query: {}", it["query"].as_str().unwrap_or_default())?;
        writeln!(w, "Start Time: {}", time(&it["start_time"], zone))?;
        writeln!(w, "End Time: {}", time(&it["end_time"], zone))?;
        writeln!(w, "Status: {}", it["status"].as_str().unwrap_or_default())?;
        writeln!(w, "---")?;
    }
    w.flush()?;
    Ok(())
}

//! `delete create|list|cancel`.

use std::io::Write;

use super::Ctx;
use crate::core::gofmt::json_string;
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

/// logcli's confirmation, on stdout unless `-q`.
fn confirm(ctx: &Ctx, msg: &str) -> Result<()> {
    if !ctx.quiet {
        let mut w = super::stdout();
        writeln!(w, "{msg}")?;
        w.flush()?;
    }
    Ok(())
}

pub(super) async fn create(ctx: &Ctx, c: &CreateCmd) -> Result<()> {
    delete::create(ctx.transport(), &c.query, c.start, c.end, c.max_interval.clone()).await?;
    confirm(ctx, "Delete request created successfully")
}

pub(super) async fn cancel(ctx: &Ctx, c: &CancelCmd) -> Result<()> {
    delete::cancel(ctx.transport(), &c.request_id, c.force).await?;
    confirm(ctx, &format!("Delete request {} cancelled successfully", c.request_id))
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

/// Whole seconds, as logcli decodes them.
fn seconds(v: &serde_json::Value) -> i64 {
    v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)).unwrap_or(0)
}

/// `-o jsonl`: logcli's indented JSON array of start, end, query, status.
fn json_array(items: &[serde_json::Value]) -> Vec<u8> {
    if items.is_empty() {
        return b"[]\n".to_vec();
    }
    let mut out = b"[\n".to_vec();
    for (i, it) in items.iter().enumerate() {
        let start = seconds(&it["start_time"]);
        let end = seconds(&it["end_time"]);
        out.extend_from_slice(format!("  {{\n    \"start_time\": {start},\n    \"end_time\": {end},\n").as_bytes());
        out.extend_from_slice(b"    \"query\": ");
        json_string(it["query"].as_str().unwrap_or_default(), &mut out);
        out.extend_from_slice(b",\n    \"status\": ");
        json_string(it["status"].as_str().unwrap_or_default(), &mut out);
        out.extend_from_slice(if i + 1 < items.len() { b"\n  },\n" } else { b"\n  }\n" });
    }
    out.extend_from_slice(b"]\n");
    out
}

/// logcli's output: with `-o jsonl` an indented JSON array; otherwise (also
/// `-o raw`) `Found N delete requests:` (unless `-q`) and a block per
/// request (`Query:`, `Start Time:`, `End Time:`, `Status:`, `---`).
pub(super) async fn list(ctx: &Ctx) -> Result<()> {
    let items = delete::list(ctx.transport()).await?;
    let mut w = super::stdout();
    if ctx.mode() == Mode::Jsonl {
        w.write_all(&json_array(&items))?;
        w.flush()?;
        return Ok(());
    }
    if !ctx.quiet {
        writeln!(w, "Found {} delete requests:", items.len())?;
    }
    let zone = ctx.printer.zone;
    for it in &items {
        writeln!(w, "Query: {}", it["query"].as_str().unwrap_or_default())?;
        writeln!(w, "Start Time: {}", time(&it["start_time"], zone))?;
        writeln!(w, "End Time: {}", time(&it["end_time"], zone))?;
        writeln!(w, "Status: {}", it["status"].as_str().unwrap_or_default())?;
        writeln!(w, "---")?;
    }
    w.flush()?;
    Ok(())
}

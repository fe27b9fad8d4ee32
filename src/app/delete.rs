//! `delete create|list|cancel`.

use std::io::Write;

use super::Ctx;
use crate::core::Result;
use crate::fetch::delete;
use crate::output::reports::columns;
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
        eprintln!("{msg}");
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

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A table (or one JSON object per request with `-o jsonl`/`raw`).
pub(super) async fn list(ctx: &Ctx) -> Result<()> {
    let items = delete::list(ctx.transport()).await?;
    let mut w = super::stdout();
    if ctx.mode() != Mode::Default {
        for it in &items {
            writeln!(w, "{it}")?;
        }
    } else {
        let cols = ["request_id", "status", "start_time", "end_time", "created_at", "query"];
        let mut rows = vec![cols.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>()];
        rows.extend(items.iter().map(|it| cols.iter().map(|c| cell(&it[*c])).collect()));
        w.write_all(columns(&rows).as_bytes())?;
    }
    w.flush()?;
    Ok(())
}

//! `detected-fields QUERY [FIELD]`: field rows like logcli, values one per
//! line, jsonl, or the server's JSON with `-o raw`.

use std::io::Write;

use super::Ctx;
use crate::core::Result;
use crate::fetch::index::{self, DetectedQuery};
use crate::output::reports::{detected_fields, detected_fields_raw, detected_values_raw, lines, RawField};
use crate::output::Mode;

pub struct DetectedCmd {
    pub query: String,
    pub field: Option<String>,
    pub start: i64,
    pub end: i64,
    pub limit: u64,
    pub line_limit: u64,
    pub step: Option<String>,
}

pub(super) async fn run(ctx: &Ctx, c: &DetectedCmd) -> Result<()> {
    let q = DetectedQuery {
        query: &c.query,
        field: c.field.as_deref(),
        start: c.start,
        end: c.end,
        limit: c.limit,
        line_limit: c.line_limit,
        step: c.step.clone(),
    };
    let body = index::detected(ctx.transport(), &q).await?;
    let mut w = super::stdout();
    match (ctx.mode(), c.field.is_some()) {
        (Mode::Raw, false) => {
            let fields = index::fields(&body)?;
            let raw: Vec<RawField<'_>> = fields
                .iter()
                .map(|f| RawField {
                    label: &f.label,
                    ty: &f.ty,
                    cardinality: f.cardinality,
                    parsers: f.parsers.as_deref(),
                })
                .collect();
            w.write_all(detected_fields_raw(&raw).as_bytes())?;
        }
        (Mode::Raw, true) => w.write_all(detected_values_raw(&index::values(&body)?).as_bytes())?,
        (Mode::Jsonl, false) => {
            let v: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| crate::core::Error::Protocol(format!("cannot decode response: {e}")))?;
            for f in v["fields"].as_array().into_iter().flatten() {
                writeln!(w, "{f}")?;
            }
        }
        (Mode::Jsonl, true) => {
            for x in index::values(&body)? {
                writeln!(w, "{}", serde_json::Value::String(x))?;
            }
        }
        (Mode::Default, true) => {
            // logcli sorts the values
            let mut values = index::values(&body)?;
            values.sort();
            w.write_all(lines(&values).as_bytes())?;
        }
        (Mode::Default, false) => {
            let fields = index::fields(&body)?;
            let rows = detected_fields(fields.iter().map(|f| (f.label.as_str(), f.ty.as_str(), f.cardinality)));
            w.write_all(rows.as_bytes())?;
        }
    }
    w.flush()?;
    Ok(())
}

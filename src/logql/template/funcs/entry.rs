//! Functions that read the entry itself: line and timestamp.

use super::super::{Context, Val};

pub(super) fn call(f: &str, ctx: &Context<'_>) -> Option<Val> {
    Some(match f {
        "__line__" => Val::Str(ctx.line.to_string()),
        "__timestamp__" => {
            let mut b = Vec::new();
            crate::core::time::TimeFormatter::new(
                crate::core::time::Zone::Utc,
                crate::core::time::TimestampFormat::Rfc3339nano,
            )
            .write(ctx.ts, &mut b);
            Val::Str(String::from_utf8(b).unwrap_or_default())
        }
        "unixEpoch" => Val::Num((ctx.ts / 1_000_000_000) as f64),
        "unixEpochMillis" => Val::Num((ctx.ts / 1_000_000) as f64),
        "unixEpochNanos" => Val::Num(ctx.ts as f64),
        _ => return None,
    })
}

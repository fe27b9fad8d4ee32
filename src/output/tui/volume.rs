//! The volume strip: entries per time bucket over what the view holds,
//! each column coloured by the most severe level in its bucket.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use super::state::State;
use super::Row;

/// Severity of an entry: `detected_level` or `level` label, else a
/// `level=`/`"level":` field of the line. 0 unknown .. 4 error.
pub fn level(row: &Row) -> u8 {
    let v = row
        .labels
        .get("detected_level")
        .or_else(|| row.labels.get("level"))
        .map(str::to_string)
        .or_else(|| field(&row.line));
    match v.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("error" | "err" | "fatal" | "critical" | "crit" | "panic") => 4,
        Some("warn" | "warning") => 3,
        Some("info") => 2,
        Some("debug" | "trace") => 1,
        _ => 0,
    }
}

fn field(line: &str) -> Option<String> {
    let i = line
        .find("level=")
        .map(|i| i + 6)
        .or_else(|| line.find("\"level\":").map(|i| i + 8))?;
    let rest = line[i..].trim_start().trim_start_matches('"');
    Some(rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect())
}

pub fn color(level: u8) -> Color {
    match level {
        4 => Color::Red,
        3 => Color::Yellow,
        2 => Color::Green,
        1 => Color::Blue,
        _ => Color::DarkGray,
    }
}

/// A bucket length a person reads at a glance, at least one second.
fn nice_bucket(raw_ns: i64) -> i64 {
    const S: i64 = 1_000_000_000;
    const STEPS: [i64; 16] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400,
    ];
    STEPS
        .iter()
        .map(|s| s * S)
        .find(|&b| b >= raw_ns)
        .unwrap_or_else(|| (raw_ns / (86400 * S) + 1) * 86400 * S)
}

/// Draw the strip: one column per time bucket (a nice length, at least a
/// second), the newest at the right.
pub fn draw(state: &State, area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    if width == 0 || area.height == 0 || state.visible.is_empty() {
        return;
    }
    let rows: Vec<&Row> = [state.visible.front(), state.visible.back()]
        .iter()
        .flatten()
        .filter_map(|&&i| state.row(i))
        .collect();
    let (lo, hi) = match (rows.first(), rows.last()) {
        (Some(a), Some(b)) => (a.ts.min(b.ts), a.ts.max(b.ts) + 1),
        _ => return,
    };
    let bucket = nice_bucket((hi - lo) / width as i64);
    // the newest bucket is the last column; older ones to its left
    let end = (hi / bucket + 1) * bucket;
    let start = end - bucket * width as i64;
    let mut counts = vec![0u32; width];
    let mut worst = vec![0u8; width];
    // sample at most ~20,000 rows: the strip is a picture, not a count
    let step = (state.visible.len() / 20_000).max(1);
    for &i in state.visible.iter().step_by(step) {
        let Some(r) = state.row(i) else { continue };
        if r.ts < start {
            continue;
        }
        let b = (((r.ts - start) / bucket) as usize).min(width - 1);
        counts[b] += 1;
        worst[b] = worst[b].max(level(r));
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let h = area.height as f64;
    const BLOCKS: [&str; 8] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
    for (x, &c) in counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let eighths = ((c as f64 / max) * h * 8.0).ceil().max(1.0) as usize;
        let style = Style::default().fg(color(worst[x]));
        for y in 0..area.height as usize {
            let filled = eighths.saturating_sub(y * 8);
            if filled == 0 {
                break;
            }
            let sym = BLOCKS[filled.min(8) - 1];
            let cell = &mut buf[(area.x + x as u16, area.y + area.height - 1 - y as u16)];
            cell.set_symbol(sym).set_style(style);
        }
    }
}

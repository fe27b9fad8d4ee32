//! Drawing the view: the volume strip, the entries (newest at the bottom
//! when following), the status bar, the input line, and the detail and
//! help popups.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::state::{Input, State};
use super::{detail, volume, Row};
use crate::core::events::TailState;
use crate::core::time::{TimeFormatter, TimestampFormat, Zone};

/// logcli's stream palette (the same colours as `--colored-output`).
/// logcli's palette, in its order (see `output::style`).
const PALETTE: [Color; 10] = [
    Color::LightCyan,
    Color::Cyan,
    Color::LightGreen,
    Color::Green,
    Color::LightMagenta,
    Color::Magenta,
    Color::LightYellow,
    Color::Yellow,
    Color::LightRed,
    Color::Red,
];

pub const HELP: &str = "\
follow / scroll   End G follow   Home g top   ↑ ↓ k j   PgUp PgDn   mouse wheel
filter            /  a pipeline: |= \"timeout\" | logfmt | status >= 500 (Enter keeps, Esc drops)
query             :  edit the server query; Enter restarts the tail with history
search            s  highlight a regex; n N next / previous match
entry             Enter  details (UTC and local time, labels, pretty line)   y  copy the line (OSC 52)
toggles           l labels   t timestamps   w wrap   b colour by stream / level
other             c clear   ? this help   Esc close   q Ctrl-C quit";

/// The colour logcli gives the stream (same slot of the same palette).
fn stream_color(label_text: &str) -> Color {
    PALETTE[crate::output::style::stream_slot(label_text)]
}

fn stamp(f: &mut TimeFormatter, ts: i64) -> String {
    let mut out = Vec::new();
    f.write(ts, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// One entry as display lines.
fn entry_line<'a>(state: &State, row: &Row, text: String, f: &mut TimeFormatter, selected: bool) -> Line<'a> {
    let t = state.toggles;
    let mut spans = Vec::new();
    if t.timestamps {
        spans.push(Span::styled(stamp(f, row.ts), Style::default().fg(Color::Blue)));
        spans.push(Span::raw(" "));
    }
    let labels = row.labels.to_go_string();
    let color = if t.by_level {
        volume::color(volume::level(row))
    } else {
        stream_color(&labels)
    };
    if t.labels {
        spans.push(Span::styled(labels, Style::default().fg(color)));
        spans.push(Span::raw(" "));
    }
    match &state.search {
        Some(re) => {
            let mut last = 0;
            for m in re.find_iter(&text).filter(|m| !m.is_empty()) {
                spans.push(Span::raw(text[last..m.start()].to_string()));
                spans.push(Span::styled(
                    m.as_str().to_string(),
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                ));
                last = m.end();
            }
            spans.push(Span::raw(text[last..].to_string()));
        }
        None => spans.push(Span::raw(text)),
    }
    let mut line = Line::from(spans);
    if selected {
        line = line.style(Style::default().bg(Color::DarkGray));
    }
    line
}

/// The entries that fit, ending at the selected row (or the newest).
fn entries(frame: &mut Frame, state: &State, area: Rect, zone: Zone) {
    let mut f = TimeFormatter::new(zone, TimestampFormat::Rfc3339);
    let Some(cursor) = state.cursor() else {
        let msg = if state.done {
            "no entries"
        } else {
            "waiting for entries…"
        };
        frame.render_widget(Paragraph::new(msg).style(Style::default().fg(Color::DarkGray)), area);
        return;
    };
    let width = area.width.max(1) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut used = 0usize;
    let mut i = cursor as isize;
    while i >= 0 && used < area.height as usize {
        let Some(row) = state.row(state.visible[i as usize]) else {
            break;
        };
        let text = state.filter.apply(row).map(|p| p.0).unwrap_or_default();
        let line = entry_line(state, row, text, &mut f, state.selected == Some(i as usize));
        used += if state.toggles.wrap {
            line.width().div_ceil(width).max(1)
        } else {
            1
        };
        lines.push(line);
        i -= 1;
    }
    lines.reverse();
    let mut p = Paragraph::new(lines);
    if state.toggles.wrap {
        p = p.wrap(Wrap { trim: false });
        // show the end of what was laid out: the selected row at the bottom
        let overflow = used.saturating_sub(area.height as usize) as u16;
        p = p.scroll((overflow, 0));
    }
    frame.render_widget(p, area);
}

fn status(state: &State) -> Line<'static> {
    let conn = match (state.done, state.conn) {
        (true, _) => "done",
        (_, TailState::History) => "history",
        (_, TailState::Live) => "live",
        (_, TailState::Repairing) => "backfilling",
        (_, TailState::CatchingUp) => "catching up",
        (_, TailState::Reconnecting) => "reconnecting",
    };
    let follow = match state.selected {
        None => "following".to_string(),
        Some(_) if state.unseen > 0 => format!("{} new ↓", state.unseen),
        Some(_) => "paused".to_string(),
    };
    let (dropped, recovered, late) = state.counts;
    let text = format!(
        " {} │ {conn} │ {:.0}/s │ shown {} of {} │ dropped {dropped} recovered {recovered} late {late} │ {follow} │ ? help",
        state.query,
        state.rate(),
        state.visible.len(),
        state.len(),
    );
    Line::from(Span::styled(text, Style::default().fg(Color::Black).bg(Color::Gray)))
}

fn input_line(state: &State) -> Line<'static> {
    let (prompt, text) = match &state.input {
        Input::Filter(t) => ("/", t.clone()),
        Input::Query(t) => (":", t.clone()),
        Input::Search(t) => ("s/", t.clone()),
        Input::None => {
            if let Some((msg, _)) = &state.filter.error {
                return Line::from(Span::styled(format!(" {msg}"), Style::default().fg(Color::Red)));
            }
            let m = state.message.clone().unwrap_or_else(|| {
                if state.filter.text.is_empty() {
                    String::new()
                } else {
                    format!(" filter: {}", state.filter.text)
                }
            });
            return Line::from(Span::styled(m, Style::default().fg(Color::DarkGray)));
        }
    };
    let mut spans = vec![
        Span::styled(prompt.to_string(), Style::default().fg(Color::Yellow)),
        Span::raw(text),
    ];
    if let (Input::Filter(_), Some((msg, at))) = (&state.input, &state.filter.error) {
        spans.push(Span::styled(
            format!("   ← col {}: {msg}", at + 1),
            Style::default().fg(Color::Red),
        ));
    }
    Line::from(spans)
}

fn popup(frame: &mut Frame, area: Rect, title: &str, text: String) {
    let w = area.width.saturating_sub(4).min(110);
    let h = area.height.saturating_sub(2).min(text.lines().count() as u16 + 2);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    frame.render_widget(Clear, r);
    let block = Block::default().borders(Borders::ALL).title(title.to_string());
    frame.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), r);
}

/// Draw the whole view.
pub fn draw(frame: &mut Frame, state: &State, zone: Zone) {
    let area = frame.area();
    let [strip, list, bar, input] = Layout::vertical([
        Constraint::Length(if area.height > 12 { 4 } else { 0 }),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    volume::draw(state, strip, frame.buffer_mut());
    entries(frame, state, list, zone);
    frame.render_widget(Paragraph::new(status(state)), bar);
    frame.render_widget(Paragraph::new(input_line(state)), input);
    if state.help {
        popup(frame, area, " keys ", HELP.to_string());
    } else if state.detail {
        if let Some(row) = state.cursor().and_then(|c| state.row(state.visible[c])) {
            let processed = state.filter.apply(row);
            popup(
                frame,
                area,
                " entry (Esc closes, y copies) ",
                detail::text(row, processed.as_ref(), zone),
            );
        }
    }
}

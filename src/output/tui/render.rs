//! Drawing the view: the volume strip, the entries (newest at the bottom
//! when following), the status bar, the input line, and the detail and
//! help popups.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::state::{Input, State};
use super::{clean, detail, volume, Row};
use crate::core::events::TailState;
use crate::core::time::TimeFormatter;

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

/// The keys, narrow enough for a 40-column terminal (the pane scrolls
/// where it is not tall enough).
pub const HELP: &str = "\
End G     follow the newest
Home g    go to the oldest
↑ ↓ k j   move    PgUp PgDn  page
wheel     scroll  space  pause
/         filter as you type:
            |= \"x\" | logfmt
          Enter keeps, Esc undoes,
          Ctrl-U Enter: no filter
:         edit the server query
s         search; n N next/prev
Enter     entry details; y copy it
l t       labels, timestamps
w b       wrap, colour by level
c         clear the view
? Esc     this help, close
q Ctrl-C  quit";

/// The colour logcli gives the stream (same slot of the same palette).
fn stream_color(label_text: &str) -> Color {
    PALETTE[crate::output::style::stream_slot(label_text)]
}

fn stamp(f: &mut TimeFormatter, ts: i64) -> String {
    let mut out = Vec::new();
    f.write(ts, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The row's labels as logcli prints them, after `--include-label` /
/// `--exclude-label`.
fn label_text(state: &State, row: &Row) -> String {
    let look = &state.look;
    if look.include.is_empty() && look.exclude.is_empty() {
        return row.labels.to_go_string();
    }
    let kept: Vec<(String, String)> = row
        .labels
        .pairs()
        .iter()
        .filter(|(k, _)| look.include.is_empty() || look.include.contains(k))
        .filter(|(k, _)| !look.exclude.contains(k))
        .cloned()
        .collect();
    crate::core::LabelSet::from_sorted(kept).to_go_string()
}

/// One entry as display lines.
fn entry_line<'a>(state: &State, row: &Row, text: String, f: &mut TimeFormatter, selected: bool) -> Line<'a> {
    let t = state.toggles;
    let mut spans = Vec::new();
    if t.timestamps {
        spans.push(Span::styled(stamp(f, row.ts), Style::default().fg(Color::Blue)));
        spans.push(Span::raw(" "));
    }
    let labels = label_text(state, row);
    let color = if t.by_level {
        volume::color(volume::level(row))
    } else {
        stream_color(&labels)
    };
    if t.labels {
        spans.push(Span::styled(
            clean::line(&labels).into_owned(),
            Style::default().fg(color),
        ));
        spans.push(Span::raw(" "));
    }
    match &state.search {
        Some(re) => {
            let mut last = 0;
            for m in re.find_iter(&text).filter(|m| !m.is_empty()) {
                spans.push(Span::raw(clean::line(&text[last..m.start()]).into_owned()));
                spans.push(Span::styled(
                    clean::line(m.as_str()).into_owned(),
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                ));
                last = m.end();
            }
            spans.push(Span::raw(clean::line(&text[last..]).into_owned()));
        }
        None => spans.push(Span::raw(match clean::line(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(c) => c,
        })),
    }
    let mut line = Line::from(spans);
    if selected {
        line = line.style(Style::default().bg(Color::DarkGray));
    }
    line
}

/// Rows a laid-out line takes.
fn height(line: &Line, wrap: bool, width: usize) -> usize {
    if wrap {
        line.width().div_ceil(width).max(1)
    } else {
        1
    }
}

/// The first row on screen: kept from the last frame while the selected
/// row stays on it (so moving the highlight does not move the page), the
/// screenful ending at the newest row when following, and never leaving
/// empty space below the last row.
fn first_row(state: &State, cursor: usize, rows_h: &dyn Fn(usize) -> usize, height: usize) -> usize {
    let n = state.visible.len();
    let back_from = |end: usize| {
        let (mut i, mut used) = (end, rows_h(end));
        while i > 0 && used + rows_h(i - 1) <= height {
            i -= 1;
            used += rows_h(i);
        }
        i
    };
    if state.selected.is_none() {
        return back_from(n - 1);
    }
    let top = state.view_top.get().min(cursor);
    let fits = (top..=cursor).map(rows_h).sum::<usize>() <= height;
    let top = if fits { top } else { back_from(cursor) };
    // near the end: the last screenful, full
    if (top..n).map(rows_h).take(height + 1).sum::<usize>() < height {
        return back_from(n - 1).min(top);
    }
    top
}

/// The entries that fit, from the first row on screen down.
fn entries(frame: &mut Frame, state: &State, area: Rect) {
    let mut f = TimeFormatter::new(state.look.zone, state.look.format);
    let Some(cursor) = state.cursor() else {
        let msg = if state.done {
            "no entries"
        } else {
            "waiting for entries…"
        };
        frame.render_widget(Paragraph::new(msg).style(Style::default().fg(Color::DarkGray)), area);
        return;
    };
    let (width, rows) = (area.width.max(1) as usize, area.height.max(1) as usize);
    state.page.set(rows);
    let line_of = |f: &mut TimeFormatter, i: usize| -> Line<'static> {
        let Some(row) = state.row(state.visible[i]) else {
            return Line::default();
        };
        let text = state.filter.apply(row).map(|p| p.0).unwrap_or_default();
        entry_line(state, row, text, f, state.selected == Some(i))
    };
    let wrap = state.toggles.wrap;
    let mut hf = TimeFormatter::new(state.look.zone, state.look.format);
    let hf = std::cell::RefCell::new(&mut hf);
    let rows_h = |i: usize| {
        if wrap {
            height(&line_of(&mut hf.borrow_mut(), i), true, width)
        } else {
            1
        }
    };
    let top = first_row(state, cursor, &rows_h, rows);
    state.view_top.set(top);
    let mut lines = Vec::new();
    let mut used = 0;
    for i in top..state.visible.len() {
        if used >= rows {
            break;
        }
        let line = line_of(&mut f, i);
        used += height(&line, wrap, width);
        lines.push(line);
    }
    let mut p = Paragraph::new(lines);
    if wrap {
        p = p.wrap(Wrap { trim: false });
    }
    frame.render_widget(p, area);
}

/// Columns a text takes on screen.
fn cols(s: &str) -> usize {
    Span::raw(s).width()
}

/// `s` cut to `room` columns, with … when cut.
fn shorten(s: &str, room: usize) -> String {
    if cols(s) <= room {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let mut buf = [0; 4];
        if cols(&out) + cols(c.encode_utf8(&mut buf)) + 1 > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The status bar: the connection and whether the view follows, always;
/// then, as far as the width allows, the counts, the rate, the tail's loss
/// counters and the query; `? help` always at the end.
fn status(state: &State, width: usize) -> Line<'static> {
    let conn = match (state.done, state.conn) {
        (true, _) => "done",
        (_, TailState::History) => "history",
        (_, TailState::Live) => "live",
        (_, TailState::Repairing) => "backfilling",
        (_, TailState::CatchingUp) => "catching up",
        (_, TailState::Reconnecting) => "reconnecting",
    };
    // a finished source has nothing to follow and no rate
    let follow = match state.selected {
        None if state.done => None,
        None => Some("following".to_string()),
        Some(_) if state.unseen > 0 => Some(format!("{} new ↓", state.unseen)),
        Some(_) if state.done => Some("scrolled".to_string()),
        Some(_) => Some("paused".to_string()),
    };
    let (shown, all) = (state.visible.len(), state.len());
    let (dropped, recovered, late) = state.counts;
    // (place in the bar, ways to say it from long to short), by priority
    let mut wanted: Vec<(usize, Vec<String>)> =
        vec![(3, vec![format!("shown {shown} of {all}"), format!("{shown}/{all}")])];
    if !state.done {
        wanted.push((2, vec![format!("{:.0}/s", state.rate())]));
    }
    if state.server_tail {
        wanted.push((4, vec![format!("dropped {dropped} recovered {recovered} late {late}")]));
    }
    let mut parts: Vec<(usize, String)> = vec![(0, conn.to_string()), (9, "? help".to_string())];
    parts.extend(follow.map(|f| (1, f)));
    // one space before, " │ " between
    let used = |parts: &[(usize, String)]| 1 + parts.iter().map(|(_, p)| cols(p) + 3).sum::<usize>() - 3;
    for (at, forms) in wanted {
        let room = width.saturating_sub(used(&parts) + 3);
        if let Some(f) = forms.into_iter().find(|f| cols(f) <= room) {
            parts.push((at, f));
        }
    }
    // the query takes what is left, shortened with … when it must
    let room = width.saturating_sub(used(&parts) + 3);
    let query = clean::line(&state.query);
    if room >= 8.min(cols(&query)) && !query.is_empty() {
        parts.push((5, shorten(&query, room)));
    }
    parts.sort_by_key(|(at, _)| *at);
    let text = parts.into_iter().map(|(_, p)| p).collect::<Vec<_>>().join(" │ ");
    Line::from(Span::styled(
        format!(" {text}"),
        Style::default().fg(Color::Black).bg(Color::Gray),
    ))
}

/// A line whose text may come from the data (typed, a file name, a
/// server's message), with control characters shown.
fn shown(line: Line<'static>) -> Line<'static> {
    let spans = line
        .spans
        .into_iter()
        .map(|s| match clean::line(&s.content) {
            std::borrow::Cow::Borrowed(_) => s,
            std::borrow::Cow::Owned(c) => Span::styled(c, s.style),
        })
        .collect::<Vec<_>>();
    Line::from(spans).style(line.style)
}

fn input_line(state: &State) -> Line<'static> {
    let (prompt, text) = match &state.input {
        Input::Filter(t) => ("/", t.clone()),
        Input::Query(t) => (":", t.clone()),
        Input::Search(t) => ("s/", t.clone()),
        Input::None => {
            // Enter on an invalid pipeline: where it is wrong, and what
            // applies instead
            if let Some((col, msg)) = state.filter.error_at() {
                let text = format!(
                    " col {col}: {msg}; in force: {} (/ edits, Esc clears)",
                    filter_in_force(state)
                );
                return Line::from(Span::styled(text, Style::default().fg(Color::Red)));
            }
            let m = state.message.clone().unwrap_or_else(|| {
                if state.filter.applied.is_empty() {
                    String::new()
                } else {
                    format!(" filter: {}", state.filter.applied)
                }
            });
            return Line::from(Span::styled(m, Style::default().fg(Color::DarkGray)));
        }
    };
    let mut spans = vec![
        Span::styled(prompt.to_string(), Style::default().fg(Color::Yellow)),
        Span::raw(text),
    ];
    if let (Input::Filter(_), Some((col, msg))) = (&state.input, state.filter.error_at()) {
        spans.push(Span::styled(
            format!("   ← col {col}: {msg}"),
            Style::default().fg(Color::Red),
        ));
    }
    // a query that could not be applied says why, beside the text
    if let (Input::Query(_), Some(msg)) = (&state.input, &state.message) {
        spans.push(Span::styled(format!("   ← {msg}"), Style::default().fg(Color::Red)));
    }
    Line::from(spans)
}

/// The pipeline applied while the text typed is invalid.
fn filter_in_force(state: &State) -> &str {
    match state.filter.applied.as_str() {
        "" => "no filter",
        applied => applied,
    }
}

/// A pane over the middle of the view, as tall as its text once wrapped
/// (up to the screen) and at most `max_w` wide; scrolled by `scroll`, which
/// stops where the end of the text is at the bottom. Returns that limit.
fn popup(frame: &mut Frame, area: Rect, title: &str, text: &str, scroll: u16, max_w: u16) -> u16 {
    let w = area.width.saturating_sub(4).min(max_w);
    let room = area.height.saturating_sub(2);
    if w < 3 || room < 3 {
        return 0;
    }
    let body = Paragraph::new(text).wrap(Wrap { trim: false });
    let rows = u16::try_from(body.line_count(w - 2)).unwrap_or(u16::MAX);
    let h = rows.saturating_add(2).min(room);
    let max = rows - (h - 2);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    frame.render_widget(Clear, r);
    let title = if max > 0 && !title.contains('↓') {
        format!("{} (↑ ↓ more) ", title.trim_end())
    } else {
        title.to_string()
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    frame.render_widget(body.block(block).scroll((scroll.min(max), 0)), r);
    max
}

/// Draw the whole view.
pub fn draw(frame: &mut Frame, state: &State) {
    let zone = state.look.zone;
    let area = frame.area();
    let [strip, list, bar, input] = Layout::vertical([
        Constraint::Length(if area.height > 12 { 4 } else { 0 }),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    volume::draw(state, strip, frame.buffer_mut());
    entries(frame, state, list);
    frame.render_widget(Paragraph::new(status(state, bar.width as usize)), bar);
    frame.render_widget(Paragraph::new(shown(input_line(state))), input);
    let max = if state.help {
        let w = HELP.lines().map(|l| Line::from(l).width()).max().unwrap_or(0);
        popup(frame, area, " keys ", HELP, state.pane_scroll, w as u16 + 2)
    } else if state.detail {
        match state.cursor().and_then(|c| state.row(state.visible[c])) {
            Some(row) => {
                let processed = state.filter.apply(row);
                let text = detail::text(row, processed.as_ref(), zone);
                let title = " entry (Esc closes, ↑ ↓ scroll, y copies) ";
                popup(frame, area, title, &clean::lines(&text), state.pane_scroll, 110)
            }
            None => 0,
        }
    } else {
        0
    };
    state.pane_max.set(max);
}

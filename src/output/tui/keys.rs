//! Keys and mouse: what each does to the view.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::state::{Input, State};

/// What the loop must do after an event.
#[derive(Debug, PartialEq, Eq)]
pub enum Action {
    None,
    Quit,
    /// Restart the source with this query.
    Restart(String),
    /// Copy this text to the clipboard (OSC 52).
    Copy(String),
}

/// The most `y` puts on the clipboard (terminals drop longer OSC 52).
const COPY_MAX: usize = 100_000;

pub fn handle(state: &mut State, ev: Event) -> Action {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => key(state, k),
        Event::Mouse(m) => {
            match m.kind {
                MouseEventKind::ScrollUp => state.scroll(-3),
                MouseEventKind::ScrollDown => state.scroll(3),
                _ => {}
            }
            Action::None
        }
        _ => Action::None,
    }
}

fn key(state: &mut State, k: KeyEvent) -> Action {
    if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
        return Action::Quit;
    }
    if state.input != Input::None {
        return edit(state, k);
    }
    state.message = None;
    if state.detail || state.help {
        return popup(state, k);
    }
    match k.code {
        KeyCode::Char('q') => return Action::Quit,
        KeyCode::Up | KeyCode::Char('k') => state.scroll(-1),
        KeyCode::Down | KeyCode::Char('j') => state.scroll(1),
        KeyCode::PageUp => state.scroll(-state.page_size()),
        KeyCode::PageDown => state.scroll(state.page_size()),
        KeyCode::Home | KeyCode::Char('g') => state.top(),
        KeyCode::End | KeyCode::Char('G') => state.follow(),
        KeyCode::Char(' ') => match state.selected {
            Some(_) => state.follow(),
            None => state.selected = state.cursor(),
        },
        // the text typed last, to go on with (an invalid one too); Esc
        // goes back to the pipeline in force
        KeyCode::Char('/') => {
            state.filter_before = state.filter.applied.clone();
            state.input = Input::Filter(state.filter.text.clone());
        }
        KeyCode::Esc => state.filter.drop_error(),
        KeyCode::Char(':') if state.local_input => {
            state.message = Some("`:` edits a server query; this view reads local input".into());
        }
        KeyCode::Char(':') => state.input = Input::Query(state.query.clone()),
        KeyCode::Char('s') => state.input = Input::Search(String::new()),
        KeyCode::Char('n') => state.find(true, false),
        KeyCode::Char('N') => state.find(false, false),
        // the entry opened stays put: following pauses on it
        KeyCode::Enter => {
            if let Some(c) = state.cursor() {
                state.selected = Some(c);
                state.detail = true;
                state.pane_scroll = 0;
            }
        }
        KeyCode::Char('y') => return copy(state),
        KeyCode::Char('l') => state.toggles.labels = !state.toggles.labels,
        KeyCode::Char('t') => state.toggles.timestamps = !state.toggles.timestamps,
        KeyCode::Char('w') => state.toggles.wrap = !state.toggles.wrap,
        KeyCode::Char('b') => state.toggles.by_level = !state.toggles.by_level,
        KeyCode::Char('c') => state.clear(),
        KeyCode::Char('?') => {
            state.help = true;
            state.pane_scroll = 0;
        }
        _ => {}
    }
    Action::None
}

/// Keys while the detail or help pane is open; it scrolls until its end
/// is at its bottom.
fn popup(state: &mut State, k: KeyEvent) -> Action {
    let page = state.page_size().max(1) as u16;
    let at = state.pane_scroll;
    let to = match k.code {
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('?') => {
            state.detail = false;
            state.help = false;
            return Action::None;
        }
        KeyCode::Char('y') if state.detail => return copy(state),
        KeyCode::Down | KeyCode::Char('j') => at.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => at.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => at.saturating_add(page),
        KeyCode::PageUp => at.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => u16::MAX,
        _ => at,
    };
    state.pane_scroll = to.min(state.pane_max.get());
    Action::None
}

fn copy(state: &mut State) -> Action {
    let line = state
        .cursor()
        .and_then(|c| state.row(state.visible[c]))
        .map(|r| r.line.to_string());
    match line {
        Some(l) if l.len() > COPY_MAX => {
            state.message = Some(format!(
                "the line is {} bytes, too long to copy (at most {COPY_MAX})",
                l.len()
            ));
            Action::None
        }
        Some(l) => {
            state.message = Some("copied the line".into());
            Action::Copy(l)
        }
        None => Action::None,
    }
}

/// Typing in the input line; the filter applies as it is typed.
fn edit(state: &mut State, k: KeyEvent) -> Action {
    let text = match &mut state.input {
        Input::Filter(t) | Input::Query(t) | Input::Search(t) => t,
        Input::None => return Action::None,
    };
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        // Ctrl-U clears the line, Ctrl-W deletes the last word
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char('w') if ctrl => {
            let keep = text.trim_end().rfind(' ').map_or(0, |i| i + 1);
            text.truncate(keep);
        }
        KeyCode::Char(_) if ctrl => return Action::None,
        KeyCode::Char(c) => text.push(c),
        KeyCode::Backspace => {
            text.pop();
        }
        // Esc cancels the edit: the filter in force before `/` comes back
        KeyCode::Esc => {
            if matches!(state.input, Input::Filter(_)) {
                let before = state.filter_before.clone();
                state.filter.set(&before);
                state.refilter();
            }
            state.input = Input::None;
            return Action::None;
        }
        KeyCode::Enter => return submit(state),
        _ => return Action::None,
    }
    if let Input::Filter(t) = &state.input {
        let t = t.clone();
        state.filter.set(&t);
        // an invalid pipeline keeps the last valid one in force
        if state.filter.error.is_none() {
            state.refilter();
        }
    }
    Action::None
}

fn submit(state: &mut State) -> Action {
    let input = std::mem::replace(&mut state.input, Input::None);
    match input {
        Input::Filter(_) => {}
        Input::Search(t) if t.is_empty() => state.search = None,
        Input::Search(t) => match regex::Regex::new(&t) {
            Ok(re) => {
                state.search = Some(re);
                // following: the newest match, looking back; else the next one
                state.find(true, true);
            }
            Err(e) => state.message = Some(format!("invalid regex: {e}")),
        },
        Input::Query(q) => match crate::logql::parse(&q) {
            Ok(e) if e.is_log() => return Action::Restart(q),
            Ok(_) => {
                state.message = Some("the view shows log queries, not metric queries".into());
                state.input = Input::Query(q);
            }
            Err(e) => {
                state.message = Some(e.message(&q));
                state.input = Input::Query(q);
            }
        },
        Input::None => {}
    }
    Action::None
}

//! The view drawn into ratatui's in-memory `TestBackend`, one test per
//! state: following, scrolled up, filtered (with an error), the detail pane,
//! a narrow terminal, wide characters, and control characters in the data.

use std::sync::Arc;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::text::Span;
use ratatui::Terminal;

use super::render;
use super::state::{Input, State, Toggles};
use super::Row;
use crate::core::events::TailState;
use crate::core::LabelSet;

/// 2023-11-14T22:13:20Z
const T0: i64 = 1_700_000_000_000_000_000;

fn row_in(app: &str, i: i64, line: &str) -> Row {
    Row {
        ts: T0 + i * 1_000_000_000,
        labels: Arc::new(LabelSet::new(vec![("app".into(), app.into())])),
        line: Arc::from(line),
    }
}

fn row(i: i64, line: &str) -> Row {
    row_in("api", i, line)
}

fn toggles() -> Toggles {
    Toggles {
        labels: true,
        timestamps: true,
        wrap: false,
        by_level: false,
    }
}

/// A view of `n` rows `row 000`.. in one stream.
fn state_with(n: i64) -> State {
    let mut s = State::new(r#"{app="api"}"#, 1000, toggles());
    s.conn = TailState::Live;
    s.push(
        (0..n)
            .map(|i| row(i, &format!("level=info msg=\"row {i:03}\"")))
            .collect(),
    );
    s
}

fn buffer(state: &State, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render::draw(f, state)).unwrap();
    t.backend().buffer().clone()
}

/// The screen as text, one string per row; the cell a wide character
/// covers is left out, so a row reads as the terminal shows it.
fn lines(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in 0..area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = Span::raw(sym).width().saturating_sub(1);
                s.push_str(sym);
            }
            s
        })
        .collect()
}

fn screen(state: &State, w: u16, h: u16) -> Vec<String> {
    lines(&buffer(state, w, h))
}

/// The status bar: the row above the input line.
fn status(sc: &[String]) -> &str {
    &sc[sc.len() - 2]
}

fn input_line(sc: &[String]) -> &str {
    &sc[sc.len() - 1]
}

fn find(sc: &[String], text: &str) -> Option<usize> {
    sc.iter().position(|l| l.contains(text))
}

#[test]
fn following_shows_the_newest_rows_above_the_status_bar() {
    let s = state_with(30);
    let sc = screen(&s, 100, 20);
    // 20 rows: strip 4, list 14, status, input
    assert_eq!(find(&sc, "row 029"), Some(17), "{sc:#?}");
    assert_eq!(find(&sc, "row 016"), Some(4), "a full page: {sc:#?}");
    assert!(find(&sc, "row 015").is_none(), "{sc:#?}");
    let line = &sc[17];
    assert!(
        line.starts_with(r#"2023-11-14T22:13:49Z {app="api"} level=info msg="row 029""#),
        "{line}"
    );
    let st = status(&sc);
    for part in ["live", "following", "shown 30 of 30", r#"{app="api"}"#, "? help"] {
        assert!(st.contains(part), "{part:?} in {st:?}");
    }
    // the volume strip has bars
    assert!(sc[..4].iter().any(|l| l.contains('█') || l.contains('▁')), "{sc:#?}");
}

#[test]
fn scrolled_up_keeps_its_page_and_counts_new_rows() {
    let mut s = state_with(30);
    s.scroll(-10);
    let before = screen(&s, 100, 20);
    s.push((30..33).map(|i| row(i, &format!("late {i}"))).collect());
    let sc = screen(&s, 100, 20);
    assert_eq!(sc[4..18], before[4..18], "the page stays where it is");
    assert!(find(&sc, "late 3").is_none(), "{sc:#?}");
    let st = status(&sc);
    assert!(st.contains("3 new ↓") && st.contains("shown 33 of 33"), "{st}");
    // the selected row is highlighted
    let buf = buffer(&s, 100, 20);
    let y = find(&sc, "row 019").unwrap() as u16;
    assert_eq!(buf[(40, y)].bg, Color::DarkGray);
    let other = find(&sc, "row 018").unwrap() as u16;
    assert_ne!(buf[(40, other)].bg, Color::DarkGray);
}

#[test]
fn filtering_shows_what_passes_and_an_error_while_typing() {
    let mut s = State::new("{}", 1000, toggles());
    s.push(
        (0..10)
            .map(|i| row(i, &format!("level={} n={i}", if i % 3 == 0 { "error" } else { "info" })))
            .collect(),
    );
    s.filter.set(r#"| logfmt | level="error""#);
    s.refilter();
    let typed = r#"| logfmt | level="error" | n >"#;
    s.input = Input::Filter(typed.into());
    s.filter.set(typed);
    let sc = screen(&s, 100, 20);
    assert!(status(&sc).contains("shown 4 of 10"), "{sc:#?}");
    assert!(find(&sc, "n=9").is_some() && find(&sc, "n=8").is_none(), "{sc:#?}");
    let input = input_line(&sc);
    assert!(input.starts_with(&format!("/{typed}")), "{input}");
    assert!(input.contains("← col 31:"), "{input}");
}

#[test]
fn detail_pane_shows_times_labels_and_the_pretty_line() {
    let mut s = State::new("{}", 10, toggles());
    s.push(vec![
        row(0, "first"),
        row(1, r#"level=warn msg="disk almost full" free=3%"#),
    ]);
    s.selected = Some(1);
    s.detail = true;
    let sc = screen(&s, 100, 30);
    let top = find(&sc, "entry (Esc closes").expect("the pane's title");
    let body = sc[top..].join("\n");
    for part in [
        "time   2023-11-14T22:13:21Z",
        "local  2023-11-14T22:13:21Z",
        r#"app = "api""#,
        "level = warn",
        "msg   = disk almost full",
        "free  = 3%",
    ] {
        assert!(body.contains(part), "{part:?} in\n{body}");
    }
}

#[test]
fn wide_characters_take_two_columns_and_stay_in_their_row() {
    let mut s = State::new("{}", 10, toggles());
    let cjk = "漢字".repeat(20);
    s.push(vec![
        row(0, &format!("msg={cjk}")),
        row(1, "emoji 🚀🔥 done"),
        row(2, "next"),
    ]);
    s.toggles.timestamps = false;
    s.toggles.labels = false;
    let sc = screen(&s, 40, 20);
    let y = find(&sc, "msg=漢字").expect("the CJK row");
    // cut at the edge: 4 + 18 wide characters fill 40 columns
    assert_eq!(sc[y], format!("msg={}", "漢字".repeat(9)), "{sc:#?}");
    assert_eq!(sc[y + 1].trim_end(), "emoji 🚀🔥 done", "{sc:#?}");
    assert_eq!(sc[y + 2].trim_end(), "next");
    // wrapped: the whole line, over several rows, ahead of the next entry
    s.toggles.wrap = true;
    let sc = screen(&s, 40, 20);
    let y = find(&sc, "msg=漢字").unwrap();
    let joined: String = sc[y..y + 3].iter().map(|l| l.trim_end()).collect();
    assert_eq!(joined, format!("msg={cjk}"), "{sc:#?}");
    assert!(sc[y + 3].starts_with("emoji 🚀🔥 done"), "{sc:#?}");
}

/// Every cell as the terminal gets it: no control character in any.
fn no_control_characters(buf: &Buffer) {
    for (i, cell) in buf.content.iter().enumerate() {
        let sym = cell.symbol();
        assert!(!sym.chars().any(char::is_control), "cell {i}: {sym:?}");
    }
}

#[test]
fn control_characters_in_the_data_are_shown_not_sent_to_the_terminal() {
    let evil = "ansi \x1b[31mRED\x1b[0m and \x1b]0;PWNED\x07 bell\x07 cr\rXX tab\there \u{9b}2J";
    let mut s = State::new("{}", 10, toggles());
    s.push(vec![Row {
        labels: Arc::new(LabelSet::new(vec![("app".into(), "a\x1bb".into())])),
        ..row(0, evil)
    }]);
    s.message = Some("app.log\x1b]0;T\x07: rotated".into());
    let buf = buffer(&s, 120, 20);
    no_control_characters(&buf);
    let sc = lines(&buf);
    let y = find(&sc, "ansi").expect("the row");
    assert!(
        sc[y].contains(r#"{app="a\x1bb"} ansi ^[[31mRED^[[0m and ^[]0;PWNED^G bell^G cr^MXX tab    here �2J"#),
        "{}",
        sc[y]
    );
    assert!(input_line(&sc).contains("app.log^[]0;T^G: rotated"), "{sc:#?}");
    // the detail pane, and the typed input
    s.selected = Some(0);
    s.detail = true;
    let buf = buffer(&s, 120, 30);
    no_control_characters(&buf);
    assert!(lines(&buf).iter().any(|l| l.contains("^[]0;PWNED^G")));
    s.detail = false;
    s.input = Input::Search("\x1b[2J".into());
    no_control_characters(&buffer(&s, 120, 20));
}

fn keys(s: &mut State, text: &str) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        super::keys::handle(s, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

#[test]
fn an_invalid_filter_names_the_pipeline_in_force_and_keeps_its_column() {
    let mut s = State::new("{}", 100, toggles());
    s.push(
        (0..10)
            .map(|i| {
                row(
                    i,
                    &format!("level={} status={}", if i < 4 { "error" } else { "info" }, 500 + i),
                )
            })
            .collect(),
    );
    keys(&mut s, "/|= \"level=error\"\r");
    let sc = screen(&s, 120, 20);
    assert!(status(&sc).contains("shown 4 of 10"));
    assert_eq!(input_line(&sc).trim(), r#"filter: |= "level=error""#);
    // on Enter the last valid prefix (`| logfmt`) is what applies
    keys(&mut s, "/ | logfmt | status >=\r");
    let sc = screen(&s, 120, 20);
    assert!(status(&sc).contains("shown 4 of 10"));
    let msg = input_line(&sc).to_string();
    assert!(msg.contains("col 38:"), "{msg}");
    assert!(msg.contains(r#"in force: |= "level=error" | logfmt "#), "{msg}");
    // Enter again on the same text: the same message
    keys(&mut s, "/\r");
    assert_eq!(input_line(&screen(&s, 120, 20)), msg);
    // Esc drops the error; what applies stays
    keys(&mut s, "\x1b");
    let sc = screen(&s, 120, 20);
    assert_eq!(input_line(&sc).trim(), r#"filter: |= "level=error" | logfmt"#);
    assert!(status(&sc).contains("shown 4 of 10"));
    // nothing valid at all: no filter in force
    let mut s = state_with(3);
    keys(&mut s, "/|~\r");
    let msg = input_line(&screen(&s, 120, 20)).to_string();
    assert!(msg.contains("col ") && msg.contains("in force: no filter"), "{msg}");
    // Esc while editing goes back to what was in force
    keys(&mut s, "/ | x\x1b");
    assert!(input_line(&screen(&s, 120, 20)).trim().is_empty());
}

/// The rows of the open pane, between its borders.
fn pane(sc: &[String]) -> Vec<String> {
    let top = sc.iter().position(|l| l.contains('┌')).expect("a pane");
    let bottom = top + sc[top..].iter().position(|l| l.contains('└')).expect("its end");
    sc[top + 1..bottom]
        .iter()
        .map(|l| {
            let a = l.find('│').unwrap() + '│'.len_utf8();
            let b = l.rfind('│').unwrap();
            l[a..b].trim_end().to_string()
        })
        .collect()
}

#[test]
fn the_detail_pane_fits_wrapped_values_and_stops_scrolling_at_the_end() {
    let mut s = State::new("{}", 10, toggles());
    let long = format!("level=info msg=\"{}\" after=1", "word ".repeat(40).trim_end());
    let cjk = format!("msg={} after=2", "日本語のログ".repeat(20));
    s.push(vec![row(0, &long), row(1, &cjk)]);
    keys(&mut s, "g\r");
    let sc = screen(&s, 80, 40);
    let p = pane(&sc);
    assert_eq!(p.last().map(String::as_str), Some("after = 1"), "{sc:#?}");
    // the CJK value: all of it, wrapped, then the last field
    keys(&mut s, "\x1bj\r");
    let sc = screen(&s, 80, 40);
    let p = pane(&sc);
    assert_eq!(p.last().map(String::as_str), Some("after = 2"), "{sc:#?}");
    let joined: String = p.concat();
    assert!(joined.contains(&"日本語のログ".repeat(20)), "{sc:#?}");
    // on a short screen it scrolls, and stops with the end at the bottom
    assert_ne!(pane(&screen(&s, 80, 16)).last().map(String::as_str), Some("after = 2"));
    keys(&mut s, &"j".repeat(50));
    let sc = screen(&s, 80, 16);
    let p = pane(&sc);
    assert_eq!(p.last().map(String::as_str), Some("after = 2"), "{sc:#?}");
    keys(&mut s, "k");
    let sc = screen(&s, 80, 16);
    let back = pane(&sc);
    assert_eq!(back.len(), p.len(), "{sc:#?}");
    assert_ne!(back.last(), p.last(), "one back from the end: {sc:#?}");
}

#[test]
fn help_shows_every_key_on_a_small_terminal() {
    let mut s = state_with(5);
    keys(&mut s, "?");
    let sc = screen(&s, 40, 20);
    let help = pane(&sc).join("\n");
    for key in [
        "End G", "Home g", "PgUp", "wheel", "space", "/", ":", "s ", "n N", "Enter", "y copy", "l t", "w b", "c ", "?",
        "q Ctrl-C",
    ] {
        assert!(help.contains(key), "{key:?} in\n{help}");
    }
    // smaller still: ↓ scrolls to the last key
    let sc = screen(&s, 40, 12);
    assert!(!pane(&sc).join("\n").contains("q Ctrl-C"), "{sc:#?}");
    keys(&mut s, &"j".repeat(30));
    let sc = screen(&s, 40, 12);
    assert!(pane(&sc).last().unwrap().contains("q Ctrl-C"), "{sc:#?}");
}

#[test]
fn a_narrow_status_bar_keeps_the_state_and_help() {
    let mut s = state_with(30);
    let sc = screen(&s, 40, 20);
    let st = status(&sc);
    assert!(st.contains("live") && st.contains("following"), "{st}");
    assert!(st.trim_end().ends_with("? help"), "{st}");
    assert!(st.contains("30/30"), "{st}");
    s.scroll(-3);
    s.push(vec![row(31, "new")]);
    let st = status(&screen(&s, 40, 20)).to_string();
    assert!(st.contains("1 new ↓") && st.trim_end().ends_with("? help"), "{st}");
    // the list rows are cut at the edge
    let sc = screen(&s, 40, 20);
    assert!(sc.iter().all(|l| Span::raw(l.as_str()).width() <= 40));
}

#[test]
fn a_finished_query_says_done_not_following() {
    let mut s = state_with(30);
    s.done = true;
    let st = status(&screen(&s, 100, 20)).to_string();
    assert!(st.contains("done"), "{st}");
    assert!(!st.contains("following") && !st.contains("/s"), "{st}");
    assert!(st.contains("shown 30 of 30"), "{st}");
}

#[test]
fn colon_on_local_input_refuses_at_once() {
    let mut s = state_with(3);
    s.local_input = true;
    keys(&mut s, ":");
    assert_eq!(s.input, Input::None);
    let sc = screen(&s, 100, 20);
    assert!(input_line(&sc).contains("local input"), "{sc:#?}");
}

#[test]
fn search_from_the_bottom_finds_matches_above_and_wraps() {
    let mut s = state_with(30);
    keys(&mut s, "srow 01[05]\r");
    assert_eq!(s.selected, Some(15), "the newest match, looking back");
    keys(&mut s, "n");
    assert_eq!(s.selected, Some(10), "wrapped to the top");
    assert!(input_line(&screen(&s, 100, 20)).contains("wrapped"));
    keys(&mut s, "n");
    assert_eq!(s.selected, Some(15));
    // following at the bottom again, `n` looks up
    keys(&mut s, "Gn");
    assert_eq!(s.selected, Some(15));
    keys(&mut s, "N");
    assert_eq!(s.selected, Some(10));
    keys(&mut s, "sno such row\r");
    assert!(input_line(&screen(&s, 100, 20)).contains("no match"));
}

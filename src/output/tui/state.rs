//! What the view holds: a bounded scrollback, the entries that pass the
//! filter typed with `/`, the selected row, following or not, the highlight
//! search, and the counters of the status bar.

use std::cell::Cell;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Entries per second are counted over this window.
const RATE_WINDOW: Duration = Duration::from_secs(3);

use regex::Regex;

use super::Row;
use crate::core::events::TailState;
use crate::core::time::{TimestampFormat, Zone};
use crate::logql::eval::{Labels, LocalQuery};

/// The filter typed with `/`: the last valid pipeline is applied; an
/// invalid one shows its error and leaves the previous one in force.
#[derive(Default)]
pub struct Filter {
    /// What was typed last (kept when invalid, to be edited again).
    pub text: String,
    pub query: Option<LocalQuery>,
    /// The text of `query`: the pipeline in force ("" for none).
    pub applied: String,
    /// Error of the text being typed: message and byte position in it.
    pub error: Option<(String, usize)>,
}

impl Filter {
    /// Compile `text` as a pipeline (`|= "x" | logfmt | status >= 500`; a
    /// selector may be given or left out).
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        if text.trim().is_empty() {
            self.query = None;
            self.applied.clear();
            self.error = None;
            return;
        }
        let t = text.trim_start();
        let (src, shift) = if t.starts_with('{') {
            (t.to_string(), text.len() - t.len())
        } else {
            (format!("{{}} {t}"), 0)
        };
        let prefix = if t.starts_with('{') { 0 } else { 3 };
        match crate::logql::parse(&src) {
            Ok(crate::logql::Expr::Log(l)) => match LocalQuery::compile(&l) {
                Ok(q) => {
                    self.query = Some(q);
                    self.applied = text.to_string();
                    self.error = None;
                }
                Err(e) => self.error = Some((e, text.len())),
            },
            Ok(_) => self.error = Some(("a pipeline, not a metric query".into(), 0)),
            Err(e) => {
                let at = (e.pos + shift).saturating_sub(prefix).min(text.len());
                self.error = Some((e.msg.clone(), at));
            }
        }
    }

    /// The error of the text typed: its column (in characters, from 1) and
    /// message.
    pub fn error_at(&self) -> Option<(usize, &str)> {
        let (msg, at) = self.error.as_ref()?;
        let col = self.text.get(..*at).map_or(*at, |t| t.chars().count()) + 1;
        Some((col, msg))
    }

    /// Back to the pipeline in force, without the error.
    pub fn drop_error(&mut self) {
        if self.error.is_none() {
            return;
        }
        let applied = std::mem::take(&mut self.applied);
        self.set(&applied);
    }

    /// Whether the row passes (no copy of it when there is no filter: this
    /// runs for every arriving entry).
    pub fn passes(&self, row: &Row) -> bool {
        self.query.is_none() || self.apply(row).is_some()
    }

    /// The row through the pipeline: None when filtered out.
    pub fn apply(&self, row: &Row) -> Option<(String, Labels)> {
        let mut line = row.line.to_string();
        let mut labels: Labels = row.labels.pairs().to_vec();
        match &self.query {
            None => Some((line, labels)),
            Some(q) => q.process(row.ts, &mut line, &mut labels).then_some((line, labels)),
        }
    }
}

/// Where the input line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    None,
    Filter(String),
    Query(String),
    Search(String),
}

/// How rows look, from the output flags: zone, timestamp format, label
/// selection (`--include-label` / `--exclude-label`).
#[derive(Debug, Clone)]
pub struct Look {
    pub zone: Zone,
    pub format: TimestampFormat,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Default for Look {
    fn default() -> Self {
        Look {
            zone: Zone::Utc,
            format: TimestampFormat::Rfc3339,
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

/// Display toggles.
#[derive(Debug, Clone, Copy)]
pub struct Toggles {
    pub labels: bool,
    pub timestamps: bool,
    pub wrap: bool,
    /// Colour rows by level (else by stream).
    pub by_level: bool,
}

pub struct State {
    pub query: String,
    cap: usize,
    /// Rows in arrival order; `first` is the number of rows evicted before.
    rows: VecDeque<Row>,
    first: u64,
    /// Absolute indexes of the rows that pass the filter, in order.
    pub visible: VecDeque<u64>,
    pub filter: Filter,
    pub search: Option<Regex>,
    /// Position in `visible` of the selected row; None = following the newest.
    pub selected: Option<usize>,
    /// Rows that arrived while not following.
    pub unseen: u64,
    pub input: Input,
    pub toggles: Toggles,
    pub detail: bool,
    pub help: bool,
    pub conn: TailState,
    pub done: bool,
    pub message: Option<String>,
    pub received: u64,
    pub counts: (u64, u64, u64),
    /// (time, received) samples for the rate.
    rate: VecDeque<(Instant, u64)>,
    pub look: Look,
    /// The source is the server's live tail (its counters mean something).
    pub server_tail: bool,
    /// First row of `visible` on screen, and the list's height, as last drawn.
    pub view_top: Cell<usize>,
    pub page: Cell<usize>,
    /// Rows scrolled in the open pane (detail or help), and the most it
    /// can scroll, as last drawn.
    pub pane_scroll: u16,
    pub pane_max: Cell<u16>,
    /// The pipeline in force when `/` was pressed (Esc goes back to it).
    pub filter_before: String,
    /// The source's closing summary, printed once the screen is restored.
    pub summary: Option<String>,
    /// The source is local input (`--stdin`, `--file`): no server query
    /// for `:` to edit.
    pub local_input: bool,
}

impl State {
    pub fn new(query: &str, cap: usize, toggles: Toggles) -> State {
        State {
            query: query.to_string(),
            cap: cap.max(1),
            rows: VecDeque::new(),
            first: 0,
            visible: VecDeque::new(),
            filter: Filter::default(),
            search: None,
            selected: None,
            unseen: 0,
            input: Input::None,
            toggles,
            detail: false,
            help: false,
            conn: TailState::History,
            done: false,
            message: None,
            received: 0,
            counts: (0, 0, 0),
            rate: VecDeque::new(),
            look: Look::default(),
            server_tail: false,
            view_top: Cell::new(0),
            page: Cell::new(20),
            pane_scroll: 0,
            pane_max: Cell::new(0),
            filter_before: String::new(),
            summary: None,
            local_input: false,
        }
    }

    pub fn row(&self, abs: u64) -> Option<&Row> {
        self.rows.get(abs.checked_sub(self.first)? as usize)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// New rows: kept within the scrollback, filtered as they come.
    pub fn push(&mut self, rows: Vec<Row>) {
        self.received += rows.len() as u64;
        for r in rows {
            let abs = self.first + self.rows.len() as u64;
            if self.filter.passes(&r) {
                self.visible.push_back(abs);
                if self.selected.is_some() {
                    self.unseen += 1;
                }
            }
            self.rows.push_back(r);
            if self.rows.len() > self.cap {
                self.rows.pop_front();
                self.first += 1;
                if self.visible.front().is_some_and(|&v| v < self.first) {
                    self.visible.pop_front();
                    if let Some(s) = self.selected.as_mut() {
                        *s = s.saturating_sub(1);
                    }
                }
            }
        }
        let now = Instant::now();
        self.rate.push_back((now, self.received));
        // keep one sample older than the window as its base
        while self
            .rate
            .get(1)
            .is_some_and(|(t, _)| now.duration_since(*t) > RATE_WINDOW)
        {
            self.rate.pop_front();
        }
    }

    /// Entries per second over the last few seconds.
    pub fn rate(&self) -> f64 {
        let now = Instant::now();
        let base = self
            .rate
            .iter()
            .rev()
            .find(|(t, _)| now.duration_since(*t) >= RATE_WINDOW)
            .or(self.rate.front());
        match base {
            Some(&(t0, n0)) => {
                let secs = now
                    .duration_since(t0)
                    .as_secs_f64()
                    .clamp(0.25, RATE_WINDOW.as_secs_f64());
                (self.received - n0) as f64 / secs
            }
            None => 0.0,
        }
    }

    /// Apply a new filter to the whole scrollback.
    pub fn refilter(&mut self) {
        let keep = self.selected.and_then(|s| self.visible.get(s)).copied();
        self.visible = (0..self.rows.len())
            .filter(|&i| self.filter.passes(&self.rows[i]))
            .map(|i| self.first + i as u64)
            .collect();
        self.selected = keep.map(|k| {
            self.visible
                .partition_point(|&v| v < k)
                .min(self.visible.len().saturating_sub(1))
        });
        if self.visible.is_empty() {
            self.selected = None;
        }
    }

    /// Forget everything (`c`, a new query).
    /// Another query: its rows replace these; filter and toggles stay.
    pub fn restart(&mut self, query: &str) {
        self.query = query.to_string();
        self.clear();
        self.done = false;
        self.message = None;
        self.counts = (0, 0, 0);
        self.conn = TailState::History;
    }

    pub fn clear(&mut self) {
        self.first += self.rows.len() as u64;
        self.rows.clear();
        self.visible.clear();
        self.selected = None;
        self.unseen = 0;
    }

    /// The selected position in `visible` (the newest when following).
    pub fn cursor(&self) -> Option<usize> {
        self.selected.or_else(|| self.visible.len().checked_sub(1))
    }

    /// Move the selection by `delta` rows; reaching the end follows again.
    pub fn scroll(&mut self, delta: isize) {
        let Some(cur) = self.cursor() else { return };
        let last = self.visible.len() - 1;
        let next = (cur as isize + delta).clamp(0, last as isize) as usize;
        self.selected = (next < last).then_some(next);
        if self.selected.is_none() {
            self.unseen = 0;
        }
    }

    pub fn top(&mut self) {
        if !self.visible.is_empty() {
            self.selected = Some(0);
            self.view_top.set(0);
        }
    }

    /// A screenful of rows (PgUp / PgDn).
    pub fn page_size(&self) -> isize {
        self.page.get().saturating_sub(1).max(1) as isize
    }

    pub fn follow(&mut self) {
        self.selected = None;
        self.unseen = 0;
    }

    /// The next (or previous) visible row matching the highlight search,
    /// going round at either end. Following, the view is at the newest row:
    /// both directions look back from it (`from_newest` counts the newest
    /// row itself, as when the search is entered).
    pub fn find(&mut self, forward: bool, from_newest: bool) {
        let (Some(re), Some(cur)) = (&self.search, self.cursor()) else {
            return;
        };
        let n = self.visible.len();
        // the text as shown: through the filter's formatting
        let hit = |i: usize| {
            self.row(self.visible[i])
                .and_then(|r| self.filter.apply(r))
                .is_some_and(|(line, _)| re.is_match(&line))
        };
        let following = self.selected.is_none();
        // the order to look in; `round` is where it has gone past an end
        let (order, round): (Box<dyn Iterator<Item = usize>>, usize) = if following && from_newest {
            (Box::new((0..n).rev()), n)
        } else if following || !forward {
            (Box::new((0..cur).rev().chain((cur..n).rev())), cur)
        } else {
            (Box::new((cur + 1..n).chain(0..=cur)), n - cur - 1)
        };
        let found = order.enumerate().find(|&(_, i)| hit(i));
        let re = re.as_str().to_string();
        match found {
            Some((k, i)) => {
                self.selected = (i + 1 < n).then_some(i);
                if k >= round {
                    let to = if forward && !following { "top" } else { "bottom" };
                    self.message = Some(format!("search wrapped to the {to}"));
                }
            }
            None => self.message = Some(format!("no match for {re}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn row(i: i64, line: &str) -> Row {
        Row {
            ts: i,
            labels: Arc::new(crate::core::LabelSet::new(vec![("app".into(), "a".into())])),
            line: Arc::from(line),
        }
    }

    fn toggles() -> Toggles {
        Toggles {
            labels: true,
            timestamps: true,
            wrap: false,
            by_level: false,
        }
    }

    #[test]
    fn scrollback_is_bounded_and_selection_follows_eviction() {
        let mut s = State::new("{}", 3, toggles());
        s.push((0..3).map(|i| row(i, "x")).collect());
        s.scroll(-1);
        assert_eq!(s.selected, Some(1));
        s.push(vec![row(3, "y")]);
        assert_eq!(s.len(), 3, "bounded");
        assert_eq!(s.selected, Some(0), "same row, one evicted before it");
        assert_eq!(s.unseen, 1, "arrived while away");
        s.follow();
        assert_eq!(s.cursor(), Some(2));
    }

    #[test]
    fn filter_keeps_the_last_valid_pipeline() {
        let mut s = State::new("{}", 10, toggles());
        s.push(vec![row(0, "error one"), row(1, "fine"), row(2, "error two")]);
        s.filter.set(r#"|= "error""#);
        s.refilter();
        assert_eq!(s.visible.len(), 2);
        s.filter.set(r#"|= "error" | logfmt |"#);
        assert!(s.filter.error.is_some(), "invalid while typing");
        s.refilter();
        assert_eq!(s.visible.len(), 2, "the last valid filter still applies");
        s.filter.set("");
        s.refilter();
        assert_eq!(s.visible.len(), 3);
    }

    #[test]
    fn search_jumps_between_matches() {
        let mut s = State::new("{}", 10, toggles());
        s.push(
            (0..6)
                .map(|i| row(i, if i % 2 == 0 { "hit" } else { "miss" }))
                .collect(),
        );
        s.search = Some(Regex::new("hit").unwrap());
        s.top();
        s.find(true, false);
        assert_eq!(s.selected, Some(2));
        s.find(true, false);
        assert_eq!(s.selected, Some(4));
        s.find(false, false);
        assert_eq!(s.selected, Some(2));
    }
}

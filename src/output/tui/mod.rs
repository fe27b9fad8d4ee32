//! The full-screen live view (`--tui`): follows the newest entry, scrolls
//! back through a bounded scrollback, filters as you type with the built-in
//! LogQL engine, shows the volume and the connection's state, and opens one
//! entry in detail. A source (tail, pager) runs in its own task and feeds a
//! [`ChannelSink`]; this loop owns the terminal, draws at most ~30 times a
//! second and handles input as it comes.

mod channel;
mod clean;
mod detail;
mod keys;
mod render;
#[cfg(test)]
mod render_tests;
mod state;
mod terminal;
mod volume;

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::EventStream;
use futures_util::StreamExt;
use std::sync::mpsc::{Receiver, TryRecvError};

use crate::core::events::TailState;
use crate::core::{Error, LabelSet, Result, Signals};

pub use channel::{ChannelObserver, ChannelSink};
pub use state::{Look, State, Toggles};
pub use terminal::{available, Screen};

/// One entry in the view.
#[derive(Debug, Clone)]
pub struct Row {
    pub ts: i64,
    pub labels: Arc<LabelSet>,
    pub line: Arc<str>,
}

/// What the source tells the view.
#[derive(Debug)]
pub enum Note {
    State(TailState, Option<String>),
    Counts { dropped: u64, recovered: u64, late: u64 },
    Warning(String),
    Summary(String),
}

pub enum Msg {
    Rows(Vec<Row>),
    Note(Note),
    /// The source ended (with its error, if any).
    Done(Option<String>),
}

/// How the view ended.
pub enum Outcome {
    Quit,
    /// Run the source again with this query.
    Restart(String),
}

/// At most this many redraws a second.
const FRAME: Duration = Duration::from_millis(33);

fn on_msg(state: &mut State, m: Msg) {
    match m {
        Msg::Rows(rows) => state.push(rows),
        Msg::Note(Note::State(s, why)) => {
            state.conn = s;
            match why {
                Some(w) => state.message = Some(w),
                // back to normal: the reconnect message is history
                None if s == TailState::Live => state.message = None,
                None => {}
            }
        }
        Msg::Note(Note::Counts {
            dropped,
            recovered,
            late,
        }) => state.counts = (dropped, recovered, late),
        Msg::Note(Note::Warning(w)) => state.message = Some(w),
        Msg::Note(Note::Summary(s)) => state.summary = Some(s),
        Msg::Done(err) => {
            state.done = true;
            if let Some(e) = err {
                state.message = Some(e);
            }
        }
    }
}

/// Run the view until the user quits or asks for another query.
pub async fn run(screen: &mut Screen, state: &mut State, rx: &Receiver<Msg>) -> Result<Outcome> {
    let mut events = EventStream::new();
    // SIGINT, SIGTERM and SIGHUP end the view (Ctrl-C comes as a key in raw mode)
    let mut signals = Signals::with_hangup();
    let mut tick = tokio::time::interval(FRAME);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = true;
    // the rate and the clock-driven parts change without input or entries
    let mut last_draw = std::time::Instant::now();
    loop {
        tokio::select! {
            biased;
            _ = signals.recv() => return Ok(Outcome::Quit),
            ev = events.next() => {
                let Some(Ok(ev)) = ev else { return Ok(Outcome::Quit) };
                match keys::handle(state, ev) {
                    keys::Action::Quit => return Ok(Outcome::Quit),
                    keys::Action::Restart(q) => return Ok(Outcome::Restart(q)),
                    keys::Action::Copy(t) => screen.copy(&t),
                    keys::Action::None => {}
                }
                // input shows at once, not at the next tick
                draw(screen, state)?;
                dirty = false;
            }
            _ = tick.tick() => {
                dirty |= drain(state, rx);
                if dirty || last_draw.elapsed() >= Duration::from_secs(1) {
                    draw(screen, state)?;
                    dirty = false;
                    last_draw = std::time::Instant::now();
                }
            }
        }
    }
}

/// Take what the source sent since the last frame (bounded, so input stays
/// responsive however fast entries come; the rest waits for the next frame
/// and the full channel holds the source back).
fn drain(state: &mut State, rx: &Receiver<Msg>) -> bool {
    let mut any = false;
    for _ in 0..256 {
        match rx.try_recv() {
            Ok(m) => on_msg(state, m),
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => {
                any |= !state.done;
                state.done = true;
                break;
            }
        }
        any = true;
    }
    any
}

fn draw(screen: &mut Screen, state: &State) -> Result<()> {
    screen
        .term
        .draw(|f| render::draw(f, state))
        .map(|_| ())
        .map_err(|e| Error::file("cannot draw", e))
}

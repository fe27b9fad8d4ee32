//! `tail --tui` / `query --tui`: the full-screen view over a source. The
//! source (the live tail, the pager, the local engine) runs in its own task
//! with its own transport, whose events go to the view instead of stderr;
//! `:` ends the view's loop with a new query and the source starts again
//! with history, keeping the view's filter and toggles.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::sync::oneshot;

use super::Ctx;
use crate::core::error::exit;
use crate::core::events::TailState;
use crate::core::time::now_nanos;
use crate::core::{Control, Error, LabelSet, Result, Sink};
use crate::fetch::{feed, pages, Answer, PageQuery};
use crate::local::{FollowSpec, LocalSpec};
use crate::net::Transport;
use crate::output::tui::{self, ChannelObserver, ChannelSink, Look, Msg, Note, Outcome, Screen, State, Toggles};
use crate::tail::TailOptions;

/// What the view shows.
pub enum Source {
    /// The live tail; `span` is how far back its history starts.
    Tail { opts: TailOptions, span: i64 },
    /// A range query's result.
    Range(PageQuery),
    /// `--stdin` / `--file`, evaluated locally (its input is read once).
    Local(Arc<LocalSpec>),
    /// `tail --file` / `tail --stdin`.
    Follow(Arc<FollowSpec>),
}

pub struct TuiCmd {
    pub source: Source,
    pub scrollback: usize,
}

impl Source {
    fn query(&self) -> String {
        match self {
            Source::Tail { opts, .. } => opts.query.clone(),
            Source::Range(q) => q.query.clone(),
            Source::Local(s) => s.expr.to_string(),
            Source::Follow(s) => s.expr.to_string(),
        }
    }

    /// The same source for another query; history again from `span` back.
    fn with_query(&self, query: String) -> Option<Source> {
        match self {
            Source::Tail { opts, span } => {
                let mut opts = opts.clone();
                opts.query = query;
                opts.history_from = now_nanos() - span;
                Some(Source::Tail { opts, span: *span })
            }
            Source::Range(q) => {
                let mut q = q.clone();
                q.query = query;
                Some(Source::Range(q))
            }
            Source::Local(_) | Source::Follow(_) => None,
        }
    }

    fn copy(&self) -> Source {
        match self {
            Source::Tail { opts, span } => Source::Tail {
                opts: opts.clone(),
                span: *span,
            },
            Source::Range(q) => Source::Range(q.clone()),
            Source::Local(s) => Source::Local(s.clone()),
            Source::Follow(s) => Source::Follow(s.clone()),
        }
    }
}

pub(super) async fn run(ctx: &Ctx, cmd: TuiCmd) -> Result<()> {
    let toggles = Toggles {
        labels: !ctx.printer.labels.no_labels,
        timestamps: true,
        wrap: false,
        by_level: false,
    };
    let mut source = cmd.source;
    let mut state = State::new(&source.query(), cmd.scrollback, toggles);
    state.look = Look {
        zone: ctx.printer.zone,
        format: ctx.printer.timestamp_format,
        include: ctx.printer.labels.include.clone(),
        exclude: ctx.printer.labels.exclude.clone(),
    };
    state.server_tail = matches!(source, Source::Tail { .. });
    state.local_input = matches!(source, Source::Local(_) | Source::Follow(_));
    let mut screen = Screen::enter()?;
    let cap = cmd.scrollback as u64;
    let mut running = Running::start(ctx, source.copy(), cap)?;
    loop {
        match tui::run(&mut screen, &mut state, &running.rx).await {
            Ok(Outcome::Restart(q)) => match source.with_query(q.clone()) {
                Some(next) => {
                    let _ = running.stop();
                    source = next;
                    state.restart(&q);
                    running = Running::start(ctx, source.copy(), cap)?;
                }
                None => state.message = Some("`:` edits a server query, not local input".into()),
            },
            Ok(Outcome::Quit) => break,
            Err(e) => {
                drop(screen);
                return Err(e);
            }
        }
    }
    let r = running.finish(&mut state);
    drop(screen);
    // the tail's accounting, as line mode prints it, once the screen is back
    if let (Some(s), false) = (&state.summary, ctx.quiet) {
        crate::diagln!("{s}");
    }
    r
}

/// A source running on its own thread and runtime (the sources write to a
/// `&mut dyn Sink`, which stays on one thread), feeding the view's channel.
struct Running {
    rx: Receiver<Msg>,
    /// Asks a live source (the tail, a follow) to end as on `q` in line
    /// mode; the tail then reports.
    quit: Option<UnboundedSender<Control>>,
    cancel: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<()>>>,
}

impl Running {
    fn start(ctx: &Ctx, source: Source, cap: u64) -> Result<Running> {
        let (tx, rx) = sync_channel(64);
        let transport = match &ctx.net {
            Some(n) => Some(Arc::new(Transport::new(
                n.clone(),
                Arc::new(ChannelObserver(tx.clone())),
            )?)),
            None => None,
        };
        let (cancel, cancelled) = oneshot::channel::<()>();
        let (quit, keys) = unbounded_channel();
        let live = matches!(source, Source::Tail { .. } | Source::Follow(_));
        let thread = std::thread::Builder::new()
            .name("source".into())
            .spawn(move || source_thread(transport, source, cap, tx, (cancelled, keys)))
            .map_err(|e| Error::file("cannot start the source", e))?;
        Ok(Running {
            rx,
            quit: live.then_some(quit),
            cancel: Some(cancel),
            thread: Some(thread),
        })
    }

    /// End the source the way line mode does, so a tail gives its
    /// accounting (kept in `state.summary`); a source that does not answer
    /// within a moment is then stopped.
    fn finish(&mut self, state: &mut State) -> Result<()> {
        let Some(quit) = self.quit.take() else {
            return self.stop();
        };
        if quit.send(Control::Quit).is_err() {
            return self.stop();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.rx.recv_timeout(left) {
                Ok(Msg::Note(Note::Summary(s))) => state.summary = Some(s),
                Ok(Msg::Done(_)) | Err(_) => break,
                Ok(_) => {}
            }
        }
        self.stop()
    }

    /// Stop the source; its own error if it had already ended with one.
    fn stop(&mut self) -> Result<()> {
        if let Some(c) = self.cancel.take() {
            let _ = c.send(());
        }
        let Some(t) = self.thread.take() else { return Ok(()) };
        if !t.is_finished() {
            // it ends at its next await; the process may exit before that
            return Ok(());
        }
        match t.join() {
            Ok(Err(Error::Stop(c))) if c == exit::OK => Ok(()),
            Ok(r) => r,
            Err(_) => Err(Error::Protocol("the source failed".into())),
        }
    }
}

fn source_thread(
    transport: Option<Arc<Transport>>,
    source: Source,
    cap: u64,
    tx: SyncSender<Msg>,
    (cancelled, keys): (oneshot::Receiver<()>, UnboundedReceiver<Control>),
) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::file("cannot start the runtime", e))?;
    let mut sink = ChannelSink::new(tx.clone());
    let r = rt.block_on(async {
        tokio::select! {
            r = feed_source(transport, &source, cap, &mut sink, keys) => r,
            _ = cancelled => Err(Error::Stop(exit::OK)),
        }
    });
    let r = r.and_then(|()| sink.flush());
    let why = match &r {
        Err(Error::Stop(_)) | Ok(()) => None,
        Err(e) => Some(e.to_string()),
    };
    let _ = tx.send(Msg::Done(why));
    r
}

async fn range(t: &Arc<Transport>, q: &PageQuery, sink: &mut dyn Sink) -> Result<()> {
    pages(t, q, |a| match a {
        Answer::Streams(p) => feed(sink, &p),
        Answer::Metric { .. } => Err(Error::usage("the full-screen view shows log queries")),
    })
    .await
    .map(|_| ())
}

/// Entries held back to be replayed in reverse.
#[derive(Default)]
struct Collect {
    streams: Vec<Vec<(String, String)>>,
    index: HashMap<Vec<(String, String)>, usize>,
    /// The sink's stream indexes (per page) to `streams`.
    map: Vec<usize>,
    rows: Vec<(usize, i64, String)>,
}

impl Collect {
    fn intern(&mut self, labels: &[(String, String)]) -> usize {
        if let Some(&i) = self.index.get(labels) {
            return i;
        }
        self.streams.push(labels.to_vec());
        self.index.insert(labels.to_vec(), self.streams.len() - 1);
        self.streams.len() - 1
    }
}

impl Sink for Collect {
    fn page(&mut self, streams: &[&LabelSet]) -> Result<()> {
        self.map = streams.iter().map(|s| self.intern(s.pairs())).collect();
        Ok(())
    }

    fn stream(&mut self, labels: &[(String, String)]) -> usize {
        let i = self.intern(labels);
        self.map.push(i);
        self.map.len() - 1
    }

    fn entry(&mut self, stream: usize, _labels: &[(String, String)], ts: i64, line: &str) -> Result<()> {
        self.rows.push((self.map[stream], ts, line.to_string()));
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        Ok(())
    }

    fn written(&self) -> u64 {
        self.rows.len() as u64
    }
}

impl Collect {
    fn replay(self, sink: &mut dyn Sink) -> Result<()> {
        for (s, ts, line) in self.rows.into_iter().rev() {
            let labels = &self.streams[s];
            let i = sink.stream(labels);
            sink.entry(i, labels, ts, &line)?;
        }
        sink.flush()
    }
}

async fn feed_source(
    t: Option<Arc<Transport>>,
    source: &Source,
    cap: u64,
    sink: &mut ChannelSink,
    keys: UnboundedReceiver<Control>,
) -> Result<()> {
    let transport = || t.clone().ok_or_else(|| Error::usage("no server configured"));
    match source {
        Source::Tail { opts, .. } => {
            let report = crate::tail::run(&transport()?, opts, sink, Some(keys)).await?;
            match report.loss().filter(|_| opts.fail_on_loss) {
                Some(loss) => Err(Error::Incomplete(format!("{loss} (--fail-on-loss)"))),
                None => Ok(()),
            }
        }
        Source::Range(q) if q.forward => range(&transport()?, q, sink).await,
        Source::Range(q) => {
            // newest first from the server, oldest first on screen: collect
            // what the scrollback can hold, then hand it over in time order
            let mut q = q.clone();
            q.limit = if q.limit == 0 { cap } else { q.limit.min(cap) };
            let mut rows = Collect::default();
            range(&transport()?, &q, &mut rows).await?;
            rows.replay(sink)
        }
        Source::Local(spec) => crate::local::run(spec, sink).await.map(|_| ()),
        Source::Follow(spec) => {
            let tx = sink.sender();
            let _ = tx.send(Msg::Note(Note::State(TailState::Live, None)));
            let mut note = |n: String| {
                let _ = tx.send(Msg::Note(Note::Warning(n)));
            };
            crate::local::follow(spec, sink, &mut note, Some(keys))
                .await
                .map(|_| ())
        }
    }
}

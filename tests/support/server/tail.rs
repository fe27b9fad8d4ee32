//! Loki's websocket tail: refusals before the upgrade, the history, live
//! messages from a bounded queue with drop reports, pings, and the
//! commands of `TailControl`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::{broadcast, mpsc};
use tokio_tungstenite::tungstenite::protocol::{frame::coding::CloseCode, CloseFrame, Role};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use super::data::{wire, with_detected_level, write_stream, Dataset};
use super::message::{plain_response, Request};
use super::selector::Selector;
use super::state::{DropReport, State, TailConn, TailControl};

/// Deliver ingested entries to the matching tail clients, in messages of at
/// most 100 entries, each in its own stream object, as Loki does; a full
/// queue (a slow client) drops them, to be reported on a later message.
pub(super) fn deliver(st: &mut State, entries: &[(BTreeMap<String, String>, i64, String)]) {
    let (style, hole) = (st.drop_report, st.hole_app.clone());
    for conn in st.tails.iter_mut() {
        let mine: Vec<&(BTreeMap<String, String>, i64, String)> = entries
            .iter()
            .filter(|(l, _, line)| conn.selector.matches(l) && conn.selector.line_ok(line))
            .filter(|(l, _, _)| hole.is_none() || l.get("app") != hole.as_ref())
            .collect();
        for chunk in mine.chunks(100) {
            let mut body = String::from("{\"streams\":[");
            for (i, (labels, ts, line)) in chunk.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                write_stream(&mut body, labels, std::iter::once((*ts, line.as_str())));
            }
            body.push(']');
            // the report rides on the next message; past the cap the rest
            // of the gap is lost without a word, as in Loki
            let report: Vec<(i64, BTreeMap<String, String>, String)> = if style == DropReport::Silent {
                conn.dropped.clear();
                Vec::new()
            } else {
                let r = conn.dropped.drain(..conn.dropped.len().min(1000)).collect();
                conn.dropped.clear();
                r
            };
            write_report(&mut body, &report, style);
            body.push('}');
            if conn.tx.try_send(body).is_err() {
                // queue full (slow client): dropped, reported later
                let mut back = report;
                back.extend(chunk.iter().map(|(l, ts, line)| (*ts, l.clone(), line.clone())));
                conn.dropped = back;
            }
        }
    }
}

/// `,"dropped_entries":[...]` for a report, in the chosen shape.
fn write_report(body: &mut String, report: &[(i64, BTreeMap<String, String>, String)], style: DropReport) {
    if report.is_empty() {
        return;
    }
    body.push_str(",\"dropped_entries\":[");
    for (i, (ts, labels, line)) in report.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        let labels = match style {
            DropReport::LineInLabels => serde_json::to_string(line).unwrap(),
            _ => serde_json::to_string(labels).unwrap(),
        };
        let _ = write!(body, "{{\"timestamp\":\"{ts}\",\"labels\":{labels}}}");
    }
    body.push(']');
}

/// Loki's tail: refusals before the upgrade, history of the newest `limit`
/// entries since `start` (oldest first), then live messages from a bounded
/// queue of 10, a ping every second, 1011 after the maximum duration.
pub(super) async fn serve_tail<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    mut sock: S,
    req: Request,
    st: Arc<Mutex<State>>,
    data: Arc<Mutex<Dataset>>,
    ctl: broadcast::Sender<TailControl>,
) -> std::io::Result<()> {
    let Some(selector) = admit(&mut sock, &req, &st).await? else {
        return Ok(());
    };
    let key = req.header("Sec-WebSocket-Key").unwrap_or("").to_string();
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
    let head = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
    );
    sock.write_all(head.as_bytes()).await?;
    let mut ws = WebSocketStream::from_raw_socket(sock, Role::Server, None).await;
    let history = history(&req, &selector, &st, &data);

    let queue = st.lock().unwrap().tail_queue.max(1);
    let (tx, rx) = mpsc::channel::<String>(queue);
    let control = ctl.subscribe();
    let (ping_every, max_duration) = {
        let mut s = st.lock().unwrap();
        s.tails.push(TailConn {
            selector,
            tx,
            dropped: Vec::new(),
        });
        (s.ping_interval, s.tail_max_duration)
    };
    for chunk in history.chunks(100) {
        let mut body = String::from("{\"streams\":[");
        for (i, (ts, labels, line)) in chunk.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            write_stream(&mut body, labels, std::iter::once((*ts, line.as_str())));
        }
        body.push_str("]}");
        if ws.send(Message::text(body)).await.is_err() {
            return Ok(());
        }
    }
    live(ws, rx, control, &st, ping_every, max_duration).await
}

/// The selector of a tail Loki accepts, or the refusal written (None).
async fn admit<S: AsyncWrite + Unpin>(
    sock: &mut S,
    req: &Request,
    st: &Mutex<State>,
) -> std::io::Result<Option<Selector>> {
    let q = req.param("query").unwrap_or("").to_string();
    let reject = st.lock().unwrap().tail_reject.pop_front();
    if let Some((status, body)) = reject {
        sock.write_all(&plain_response(status, body.as_bytes())).await?;
        return Ok(None);
    }
    let selector = match Selector::parse(&q) {
        Ok(s) if !s.empty_compatible() => s,
        Ok(_) => {
            sock.write_all(&plain_response(400, &wire("error-empty-selector.txt")))
                .await?;
            return Ok(None);
        }
        Err(_) => {
            sock.write_all(&plain_response(400, &wire("tail-upgrade-bad-query.txt")))
                .await?;
            return Ok(None);
        }
    };
    if req
        .param("delay_for")
        .and_then(|d| d.parse::<u64>().ok())
        .is_some_and(|d| d > 5)
    {
        sock.write_all(&plain_response(400, &wire("tail-upgrade-delay-too-large.txt")))
            .await?;
        return Ok(None);
    }
    Ok(Some(selector))
}

/// The history: newest `limit` entries at or after start, oldest first.
fn history(
    req: &Request,
    selector: &Selector,
    st: &Mutex<State>,
    data: &Mutex<Dataset>,
) -> Vec<(i64, BTreeMap<String, String>, String)> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64;
    let start: i64 = req
        .param("start")
        .and_then(|v| v.parse().ok())
        .unwrap_or(now - 3_600_000_000_000);
    let detected_level = st.lock().unwrap().detected_level;
    let limit: usize = req.param("limit").and_then(|v| v.parse().ok()).unwrap_or(100);
    let mut history: Vec<(i64, BTreeMap<String, String>, String)> = Vec::new();
    if let Dataset::Streams(streams) = &*data.lock().unwrap() {
        for (labels, values) in streams {
            if selector.matches(labels) {
                for (ts, line) in values {
                    if *ts >= start && selector.line_ok(line) {
                        history.push((*ts, with_detected_level(labels, detected_level), line.clone()));
                    }
                }
            }
        }
    }
    history.sort_by_key(|e| std::cmp::Reverse(e.0));
    history.truncate(limit);
    history.reverse();
    history
}

/// Live messages, pings, the maximum duration and the test's commands,
/// until either side ends the tail.
async fn live<S: AsyncRead + AsyncWrite + Unpin>(
    mut ws: WebSocketStream<S>,
    mut rx: mpsc::Receiver<String>,
    mut control: broadcast::Receiver<TailControl>,
    st: &Mutex<State>,
    ping_every: Duration,
    max_duration: Option<Duration>,
) -> std::io::Result<()> {
    let mut ping = tokio::time::interval(ping_every);
    ping.tick().await;
    let deadline = max_duration.map(|d| tokio::time::Instant::now() + d);
    let mut stalled = false;
    // Loki's drain cycle: a burst of messages, then a rest
    let mut sent = 0usize;
    let mut rest_until: Option<tokio::time::Instant> = None;
    loop {
        let (paused, burst) = {
            let s = st.lock().unwrap();
            (s.writers_paused, s.tail_burst)
        };
        let resting = rest_until.is_some_and(|t| t > tokio::time::Instant::now());
        tokio::select! {
            m = rx.recv(), if !stalled && !paused && !resting => {
                match m {
                    Some(body) => { if ws.send(Message::text(body)).await.is_err() { return Ok(()); } }
                    None => return Ok(()),
                }
                sent += 1;
                if let Some((n, pause)) = burst {
                    if sent >= n {
                        sent = 0;
                        rest_until = Some(tokio::time::Instant::now() + pause);
                    }
                }
            }
            _ = tokio::time::sleep(Duration::from_millis(20)), if paused || resting => {}
            _ = ping.tick(), if !stalled => {
                if ws.send(Message::Ping(Vec::new())).await.is_err() { return Ok(()); }
            }
            _ = tokio::time::sleep_until(deadline.unwrap_or_else(|| tokio::time::Instant::now() + Duration::from_secs(86400))), if deadline.is_some() && !stalled => {
                let _ = ws.close(Some(CloseFrame { code: CloseCode::Error, reason: "reached tail max duration limit".into() })).await;
                return Ok(());
            }
            c = control.recv() => match c {
                Ok(TailControl::Abrupt) => return Ok(()),
                Ok(TailControl::Stall) => stalled = true,
                Ok(TailControl::Close(code, reason)) => {
                    let _ = ws.close(Some(CloseFrame { code: CloseCode::from(code), reason: reason.into() })).await;
                    return Ok(());
                }
                Err(_) => {}
            },
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Ok(()),
                Some(Ok(Message::Pong(_))) => st.lock().unwrap().pongs += 1,
                _ => {}
            },
        }
    }
}

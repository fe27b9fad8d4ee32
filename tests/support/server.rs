//! A Loki-protocol test server. Serves the bytes captured from Loki v3.7.6
//! (fixtures/loki-wire) for the captured requests, and otherwise implements
//! the same semantics over a dataset: selectors, [start, end) ranges, limit,
//! direction, Loki's plain-text errors. Faults can be injected per request.
//!
//! Shared by the integration tests and the benchmarks (`#[path]` include).
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{broadcast, mpsc};
use tokio_tungstenite::tungstenite::protocol::{frame::coding::CloseCode, CloseFrame, Role};
use tokio_tungstenite::tungstenite::Message;

pub const MAX_ENTRIES_LIMIT: u64 = 5_000_000;
pub const CAPTURE_START: i64 = 1_795_577_574_102_279_137;
pub const CAPTURE_END: i64 = 1_795_577_876_102_279_137;

pub fn wire_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/loki-wire")
}

pub fn wire(name: &str) -> Vec<u8> {
    std::fs::read(wire_dir().join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// One injected fault, consumed by the next matching request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status and plain-text body, optionally Retry-After seconds.
    Status(u16, String, Option<u64>),
    /// 200 with a body that is not valid JSON.
    Malformed,
    /// 200 announcing more bytes than are sent, then close.
    Truncated,
    /// Close the connection without answering.
    Close,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub params: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn param(&self, k: &str) -> Option<&str> {
        self.params.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str())
    }
    pub fn header(&self, k: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.as_str())
    }
}

/// One stored stream: labels and (timestamp, line) entries.
pub type StoredStream = (BTreeMap<String, String>, Vec<(i64, String)>);

/// Stored log data.
#[derive(Clone)]
pub enum Dataset {
    /// Explicit streams: (labels, [(ts, line)]).
    Streams(Vec<StoredStream>),
    /// `n` entries, entry i at `base + i * step_ns` in stream `i % streams`,
    /// each line about `line_len` bytes of logfmt. Generated on demand.
    Synthetic {
        n: u64,
        streams: u32,
        base: i64,
        step_ns: i64,
        line_len: usize,
    },
}

impl Dataset {
    /// The data pushed for the captures, as Loki stores it (with detected_level
    /// and structured metadata), taken from the captured full query.
    /// Structured metadata and query-time labels of `captured()`.
    pub const CAPTURED_METADATA: [&'static str; 3] = ["detected_level", "trace_id", "user"];

    pub fn captured() -> Dataset {
        let v: serde_json::Value = serde_json::from_slice(&wire("query_range-log-all.json")).unwrap();
        let mut out = Vec::new();
        for s in v["data"]["result"].as_array().unwrap() {
            let labels: BTreeMap<String, String> = serde_json::from_value(s["stream"].clone()).unwrap();
            let values = s["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e[0].as_str().unwrap().parse().unwrap(),
                        e[1].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            out.push((labels, values));
        }
        Dataset::Streams(out)
    }
}

#[derive(Default)]
pub struct State {
    pub faults: VecDeque<Fault>,
    pub delay: Option<Duration>,
    /// Requests before this many have been seen are not delayed.
    pub delay_from: usize,
    pub requests: Vec<Request>,
    /// Serve captured bytes when a request matches a capture exactly.
    pub captures: bool,
    /// Live tail subscribers.
    pub tails: Vec<TailConn>,
    /// Refuse the next tail upgrades with this status and body.
    pub tail_reject: VecDeque<(u16, String)>,
    /// Close tails with 1011 after this long (Loki's tail_max_duration).
    pub tail_max_duration: Option<Duration>,
    /// Interval of websocket pings (Loki: 1 s).
    pub ping_interval: Duration,
    /// While set, tail writers do not send (a slow client): messages queue
    /// up to 10 per client and the rest are dropped and reported.
    pub writers_paused: bool,
    /// While set, every connection is closed at once (server restarting).
    pub down: bool,
    /// Pongs received from tail clients: a client answers a ping only once
    /// it has read everything sent before it.
    pub pongs: u64,
    /// TCP connections accepted (also while down).
    pub accepts: u64,
    /// Messages queued per tail client before dropping (Loki: 10).
    pub tail_queue: usize,
    /// Deletion requests (shape guessed: not in the captures).
    pub deletes: Vec<serde_json::Value>,
    /// Like Loki v3: query answers (query_range, tail history) carry a
    /// `detected_level` label that live tail frames and dropped_entries lack.
    pub detected_level: bool,
    /// Like Loki v3.7.6 once chunks are flushed (measured): a stream's chunk
    /// is left out of a query_range answer when its last entry is exactly
    /// on a whole-millisecond `start` (each stream here is one chunk).
    pub flushed: bool,
    /// Labels of the dataset that are structured metadata or added by Loki
    /// at query time, not indexed: `labels` and `series` leave them out.
    pub metadata_labels: Vec<String>,
    /// Answer every request (but tails) with this JSON body, as a replay
    /// of what a real Loki answered.
    pub replay: Option<Vec<u8>>,
    /// How dropped entries are reported (Loki: at most 1,000 per gap, the
    /// rest of the gap silently lost).
    pub drop_report: DropReport,
    /// Entries of streams with this `app` are never sent on the tail and
    /// never reported (an ingester dropping for a slow querier), but stored.
    pub hole_app: Option<String>,
    /// Loki's drain cycle: at most this many messages, then a pause
    /// (measured: 11 messages of 100 entries per 500 ms, ~2,200 entries/s).
    pub tail_burst: Option<(usize, Duration)>,
    /// Answer every query_range with this status and body (a refused re-read).
    pub refuse_query_range: Option<(u16, String)>,
    /// Instant `count_over_time` queries answered (`--verify`).
    pub counts_answered: u64,
    /// Answers a real Loki gave, served for requests with the same method,
    /// path and parameters (`limit` may differ when the answer was complete).
    pub recorded: Vec<Recorded>,
}

/// How a tail reports what it dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DropReport {
    /// `{"timestamp","labels":{...}}`, at most this many per gap (Loki: 1,000).
    #[default]
    Labels,
    /// As Loki records a whole dropped message: the line text in `labels`.
    LineInLabels,
    /// Never reported.
    Silent,
}

/// One request and what a real Loki answered to it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub params: BTreeMap<String, serde_json::Value>,
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Recorded {
    /// Read a `answers.jsonl` file (one recording per line).
    pub fn load(path: &std::path::Path) -> Vec<Recorded> {
        std::fs::read_to_string(path)
            .map(|t| t.lines().filter_map(|l| serde_json::from_str(l).ok()).collect())
            .unwrap_or_default()
    }

    fn param(&self, k: &str) -> Option<String> {
        self.params.get(k).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// Entries in a streams answer (None for other answers).
    fn entries(&self) -> Option<u64> {
        let v: serde_json::Value = serde_json::from_str(&self.body).ok()?;
        let result = v["data"]["result"].as_array()?;
        Some(
            result
                .iter()
                .map(|s| s["values"].as_array().map_or(0, |v| v.len()) as u64)
                .sum(),
        )
    }

    /// Same request, `limit` aside; `exact` also requires the same limit.
    /// A different limit is answered only when the recorded answer was
    /// complete (fewer entries than it asked for) and the new limit would
    /// not cut it.
    fn answers(&self, req: &Request, exact: bool) -> bool {
        let limit = |v: Option<String>| v.and_then(|l| l.parse::<u64>().ok());
        let servable = match (
            limit(self.param("limit")),
            limit(req.param("limit").map(String::from)),
            self.entries(),
        ) {
            (Some(asked), Some(ours), Some(got)) => got < asked && ours >= got,
            _ => true,
        };
        let same = |k: &str| match (self.param(k), req.param(k)) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => true,
            _ => false,
        };
        self.method == req.method
            && self.path == req.path
            && req.params.iter().all(|(k, _)| k == "limit" || same(k))
            && self.params.keys().all(|k| k == "limit" || req.param(k).is_some())
            && (if exact { same("limit") } else { servable })
    }

    fn response(&self) -> Response {
        let content_type: &'static str = if self.content_type.starts_with("application/json") {
            "application/json; charset=UTF-8"
        } else {
            "text/plain; charset=utf-8"
        };
        Response {
            status: self.status,
            content_type,
            body: self.body.clone().into_bytes(),
            retry_after: None,
        }
    }
}

fn find_recorded(recorded: &[Recorded], req: &Request) -> Option<Response> {
    recorded
        .iter()
        .find(|r| r.answers(req, true))
        .or_else(|| recorded.iter().find(|r| r.answers(req, false)))
        .map(Recorded::response)
}

fn with_detected_level(labels: &BTreeMap<String, String>, on: bool) -> BTreeMap<String, String> {
    let mut l = labels.clone();
    if on {
        l.entry("detected_level".to_string())
            .or_insert_with(|| "unknown".to_string());
    }
    l
}

/// One connected tail client: its selector and bounded message queue.
pub struct TailConn {
    pub selector: Selector,
    tx: mpsc::Sender<String>,
    /// Entries dropped for this client and not yet reported.
    dropped: Vec<(i64, BTreeMap<String, String>, String)>,
}

/// Commands for open tail connections.
#[derive(Debug, Clone)]
pub enum TailControl {
    /// Drop the TCP connection without a close frame.
    Abrupt,
    /// Send nothing more, not even pings, but keep the connection open.
    Stall,
    /// Send a close frame.
    Close(u16, String),
}

pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<Mutex<State>>,
    pub data: Arc<Mutex<Dataset>>,
    control: broadcast::Sender<TailControl>,
    _thread: std::thread::JoinHandle<()>,
}

impl Server {
    pub fn start(data: Dataset) -> Server {
        Self::start_with(data, None)
    }

    /// The same server behind TLS (HTTPS and WSS).
    pub fn start_tls(data: Dataset, tls: Arc<tokio_rustls::rustls::ServerConfig>) -> Server {
        Self::start_with(data, Some(tls))
    }

    fn start_with(data: Dataset, tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>) -> Server {
        let state = Arc::new(Mutex::new(State {
            captures: true,
            ping_interval: Duration::from_secs(1),
            tail_queue: 10,
            ..Default::default()
        }));
        let st = state.clone();
        let data = Arc::new(Mutex::new(data));
        let data_handle = data.clone();
        let (control, _) = broadcast::channel(16);
        let ctl = control.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let Ok((sock, _)) = listener.accept().await else {
                        continue;
                    };
                    let _ = sock.set_nodelay(true);
                    let st = st.clone();
                    let data = data.clone();
                    let ctl = ctl.clone();
                    let tls = tls.clone();
                    tokio::spawn(async move {
                        match tls {
                            Some(cfg) => {
                                // a failed handshake (untrusted CA, missing client cert) just closes
                                if let Ok(s) = tokio_rustls::TlsAcceptor::from(cfg).accept(sock).await {
                                    let _ = serve_conn(s, st, data, ctl).await;
                                }
                            }
                            None => {
                                let _ = serve_conn(sock, st, data, ctl).await;
                            }
                        }
                    });
                }
            });
        });
        let addr = rx.recv().unwrap();
        Server {
            addr,
            state,
            data: data_handle,
            control,
            _thread: thread,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn push_fault(&self, f: Fault) {
        self.state.lock().unwrap().faults.push_back(f);
    }

    pub fn set_delay(&self, d: Option<Duration>) {
        self.state.lock().unwrap().delay = d;
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn tail_requests(&self) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == "/loki/api/v1/tail")
            .collect()
    }

    pub fn pongs(&self) -> u64 {
        self.state.lock().unwrap().pongs
    }

    /// Number of tail clients connected now.
    pub fn tail_clients(&self) -> usize {
        let mut st = self.state.lock().unwrap();
        st.tails.retain(|t| !t.tx.is_closed());
        st.tails.len()
    }

    /// Send a command to every open tail connection.
    pub fn tail_control(&self, c: TailControl) {
        let _ = self.control.send(c);
    }

    /// Messages waiting in tail clients' queues.
    pub fn tail_queued(&self) -> usize {
        let st = self.state.lock().unwrap();
        st.tails.iter().map(|t| t.tx.max_capacity() - t.tx.capacity()).sum()
    }

    /// Send a raw text frame to every tail client (malformed-frame tests).
    pub fn push_raw(&self, text: &str) {
        let st = self.state.lock().unwrap();
        for conn in &st.tails {
            let _ = conn.tx.try_send(text.to_string());
        }
    }

    /// Ingest entries: stored (visible to query_range) unless `store` is
    /// false, and delivered to matching tail clients in messages of at most
    /// 100 entries, each in its own stream object, as Loki does.
    pub fn push(&self, entries: &[(BTreeMap<String, String>, i64, String)], store: bool) {
        if store {
            let mut d = self.data.lock().unwrap();
            if let Dataset::Streams(streams) = &mut *d {
                for (labels, ts, line) in entries {
                    match streams.iter_mut().find(|(l, _)| l == labels) {
                        Some((_, v)) => v.push((*ts, line.clone())),
                        None => streams.push((labels.clone(), vec![(*ts, line.clone())])),
                    }
                }
            }
        }
        let mut st = self.state.lock().unwrap();
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

fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let h = u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(b'?');
                out.push(h);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_target(target: &str) -> (String, Vec<(String, String)>) {
    // absolute form, as a client talking to a proxy sends it
    let target = match target.strip_prefix("http://") {
        Some(rest) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => target,
    };
    let (path, q) = target.split_once('?').unwrap_or((target, ""));
    let params = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (pct_decode(k), pct_decode(v))
        })
        .collect();
    (path.to_string(), params)
}

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub retry_after: Option<u64>,
}

fn text(status: u16, body: impl Into<Vec<u8>>) -> Response {
    Response {
        status,
        content_type: "text/plain; charset=utf-8",
        body: body.into(),
        retry_after: None,
    }
}

fn json(body: Vec<u8>) -> Response {
    Response {
        status: 200,
        content_type: "application/json; charset=UTF-8",
        body,
        retry_after: None,
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        204 => "No Content",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn serve_conn<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    mut sock: S,
    st: Arc<Mutex<State>>,
    data: Arc<Mutex<Dataset>>,
    ctl: broadcast::Sender<TailControl>,
) -> std::io::Result<()> {
    {
        let mut s = st.lock().unwrap();
        s.accepts += 1;
        if s.down {
            return Ok(());
        }
    }
    let mut buf = Vec::with_capacity(4096);
    loop {
        // Read one request head.
        let head_end = loop {
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            let mut chunk = [0u8; 4096];
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.first().is_some_and(|b| !b.is_ascii_uppercase()) {
                // Not HTTP (a TLS ClientHello, say): close, like a plain server would.
                return Ok(());
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        buf.drain(..head_end);
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or("");
        let target = request_line.split(' ').nth(1).unwrap_or("/");
        let proxied = target.starts_with("http://");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let (path, params) = parse_target(target);
        let mut headers = headers;
        if proxied {
            headers.push(("X-Test-Proxied-Target".to_string(), target.to_string()));
        }
        let method = request_line.split(' ').next().unwrap_or("GET").to_string();
        let req = Request {
            method,
            path,
            params,
            headers,
        };
        let (fault, delay, captures, down, how) = {
            let mut s = st.lock().unwrap();
            s.requests.push(req.clone());
            let how = How {
                detected_level: s.detected_level,
                flushed: s.flushed,
            };
            let delay = s.delay.filter(|_| s.requests.len() > s.delay_from);
            (s.faults.pop_front(), delay, s.captures, s.down, how)
        };
        let (metadata, replay, recorded) = {
            let s = st.lock().unwrap();
            (
                s.metadata_labels.clone(),
                s.replay.clone(),
                find_recorded(&s.recorded, &req),
            )
        };
        if down {
            return Ok(());
        }
        if req.path == "/loki/api/v1/tail"
            && req
                .header("Upgrade")
                .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
        {
            return serve_tail(sock, req, st, data, ctl).await;
        }
        if let Some(d) = delay {
            tokio::time::sleep(d).await;
        }
        let resp = match fault {
            Some(Fault::Close) => return Ok(()),
            Some(Fault::Truncated) => {
                let head =
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: 1000\r\n\r\n";
                sock.write_all(head.as_bytes()).await?;
                sock.write_all(b"{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[")
                    .await?;
                sock.flush().await?;
                return Ok(());
            }
            Some(Fault::Malformed) => {
                json(b"{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":".to_vec())
            }
            Some(Fault::Status(code, body, retry_after)) => {
                let mut r = text(code, body);
                r.retry_after = retry_after;
                r
            }
            None if recorded.is_some() => recorded.unwrap_or_else(|| text(500, "")),
            None if req.path.ends_with("query_range") && st.lock().unwrap().refuse_query_range.is_some() => {
                let (code, body) = st.lock().unwrap().refuse_query_range.clone().unwrap_or_default();
                text(code, body)
            }
            None if replay.is_some() => json(replay.unwrap_or_default()),
            None if req.path == "/loki/api/v1/delete" => delete_route(&req, &mut st.lock().unwrap()),
            None => {
                if req
                    .param("query")
                    .is_some_and(|q| q.starts_with("sum(count_over_time("))
                {
                    st.lock().unwrap().counts_answered += 1;
                }
                route(&req, &data.lock().unwrap(), captures, how, &metadata)
            }
        };
        let retry = resp
            .retry_after
            .map(|s| format!("Retry-After: {s}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\n{retry}Content-Length: {}\r\n\r\n",
            resp.status,
            reason(resp.status),
            resp.content_type,
            resp.body.len()
        );
        let mut out = head.into_bytes();
        out.extend_from_slice(&resp.body);
        sock.write_all(&out).await?;
    }
}

fn delete_route(req: &Request, st: &mut State) -> Response {
    match req.method.as_str() {
        "GET" => Response {
            content_type: "application/json",
            ..json(serde_json::to_vec(&st.deletes).unwrap())
        },
        "POST" => {
            // as Loki v3.7.6 lists it: an 8-hex-digit id, whole seconds,
            // created_at with milliseconds, an empty user_id
            let n = st.deletes.len() as u32 + 1;
            let num = |k: &str| req.param(k).and_then(|v| v.parse::<i64>().ok());
            st.deletes.push(serde_json::json!({
                "request_id": delete_request_id(n),
                "start_time": num("start"),
                "end_time": num("end"),
                "query": req.param("query").unwrap_or(""),
                "status": "received",
                "created_at": 1795577876.151,
                "user_id": "",
            }));
            text(204, "")
        }
        "DELETE" => {
            let id = req.param("request_id").unwrap_or("");
            let before = st.deletes.len();
            st.deletes.retain(|d| d["request_id"] != id);
            if st.deletes.len() == before {
                text(404, "could not find delete request with given id\n")
            } else {
                text(204, "")
            }
        }
        _ => text(405, "method not allowed\n"),
    }
}

/// The id of the n-th delete request: 8 hex digits, as Loki makes them.
pub fn delete_request_id(n: u32) -> String {
    format!("{:08x}", n.wrapping_mul(0x9e37_79b1))
}

fn plain_response(status: u16, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        reason(status),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Loki's tail: refusals before the upgrade, history of the newest `limit`
/// entries since `start` (oldest first), then live messages from a bounded
/// queue of 10, a ping every second, 1011 after the maximum duration.
async fn serve_tail<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    mut sock: S,
    req: Request,
    st: Arc<Mutex<State>>,
    data: Arc<Mutex<Dataset>>,
    ctl: broadcast::Sender<TailControl>,
) -> std::io::Result<()> {
    let q = req.param("query").unwrap_or("").to_string();
    let reject = st.lock().unwrap().tail_reject.pop_front();
    if let Some((status, body)) = reject {
        sock.write_all(&plain_response(status, body.as_bytes())).await?;
        return Ok(());
    }
    let selector = match Selector::parse(&q) {
        Ok(s) if !s.empty_compatible() => s,
        Ok(_) => {
            sock.write_all(&plain_response(400, &wire("error-empty-selector.txt")))
                .await?;
            return Ok(());
        }
        Err(_) => {
            sock.write_all(&plain_response(400, &wire("tail-upgrade-bad-query.txt")))
                .await?;
            return Ok(());
        }
    };
    if req
        .param("delay_for")
        .and_then(|d| d.parse::<u64>().ok())
        .is_some_and(|d| d > 5)
    {
        sock.write_all(&plain_response(400, &wire("tail-upgrade-delay-too-large.txt")))
            .await?;
        return Ok(());
    }
    let key = req.header("Sec-WebSocket-Key").unwrap_or("").to_string();
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
    let head = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
    );
    sock.write_all(head.as_bytes()).await?;
    let mut ws = tokio_tungstenite::WebSocketStream::from_raw_socket(sock, Role::Server, None).await;

    // history: newest `limit` entries at or after start, oldest first
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

    let queue = st.lock().unwrap().tail_queue.max(1);
    let (tx, mut rx) = mpsc::channel::<String>(queue);
    let mut control = ctl.subscribe();
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

/// A capture from index.json whose parameters all match the request's; the
/// request may add only Loki's defaults (direction=backward, limit=100).
fn find_capture(req: &Request) -> Option<Response> {
    let idx: serde_json::Value = serde_json::from_slice(&wire("index.json")).ok()?;
    for c in idx.as_array()? {
        if c["path"].as_str()? != req.path || c["status"].as_u64()? == 101 {
            continue;
        }
        if c["request_headers"].as_object().is_some_and(|h| !h.is_empty()) {
            continue;
        }
        let cp = c["params"].as_object()?;
        let val = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let all_match = cp
            .iter()
            .all(|(k, v)| req.param(k).is_some_and(|r| r.eq_ignore_ascii_case(&val(v))));
        let extras_default = req.params.iter().all(|(k, v)| {
            cp.contains_key(k)
                || (k == "direction" && v.eq_ignore_ascii_case("backward"))
                || (k == "limit" && (v == "100" || !cp.contains_key("limit")))
                || (k == "line_limit" && v == "1000")
        });
        if all_match && extras_default {
            let file = c["file"].as_str()?;
            let body = wire(file);
            let ct = c["content_type"].as_str().unwrap_or("");
            let content_type: &'static str = match ct {
                "application/json; charset=UTF-8" => "application/json; charset=UTF-8",
                "application/json; charset=utf-8" => "application/json; charset=utf-8",
                "application/json" => "application/json",
                _ => "text/plain; charset=utf-8",
            };
            return Some(Response {
                status: c["status"].as_u64()? as u16,
                content_type,
                body,
                retry_after: None,
            });
        }
    }
    None
}

/// Minimal selector: `{name op "value", ...}` with =, !=, =~, !~, and an
/// optional trailing `|= "text"` line filter. Anything else is "unsupported".
pub struct Selector {
    matchers: Vec<(String, String, regex::Regex, String)>,
    contains: Vec<String>,
}

impl Selector {
    pub fn parse(q: &str) -> Result<Selector, String> {
        let q = q.trim();
        let open = q.strip_prefix('{').ok_or("expected {")?;
        let close = open.find('}').ok_or("unexpected $end")?;
        let inner = &open[..close];
        let mut rest = open[close + 1..].trim();
        let mut matchers = Vec::new();
        for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let ops = ["=~", "!~", "!=", "="];
            let (pos, op) = ops
                .iter()
                .filter_map(|op| part.find(op).map(|p| (p, *op)))
                .min_by_key(|(p, op)| (*p, std::cmp::Reverse(op.len())))
                .ok_or("bad matcher")?;
            let name = part[..pos].trim().to_string();
            let val: String = serde_json::from_str(part[pos + op.len()..].trim()).map_err(|_| "bad value")?;
            let re = regex::Regex::new(&format!("^(?:{val})$")).map_err(|_| "bad regex")?;
            matchers.push((name, op.to_string(), re, val));
        }
        let mut contains = Vec::new();
        while let Some(r) = rest.strip_prefix("|=") {
            let r = r.trim_start();
            let end = r[1..].find('"').ok_or("bad filter")? + 2;
            contains.push(serde_json::from_str::<String>(&r[..end]).map_err(|_| "bad filter")?);
            rest = r[end..].trim_start();
        }
        if !rest.is_empty() {
            return Err(format!("test server cannot evaluate {rest:?}"));
        }
        Ok(Selector { matchers, contains })
    }

    /// Loki refuses selectors whose matchers all accept the empty value.
    pub fn empty_compatible(&self) -> bool {
        self.matchers.iter().all(|(_, op, re, val)| match op.as_str() {
            "=" => val.is_empty(),
            "=~" => re.is_match(""),
            _ => true,
        })
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.matchers.iter().all(|(name, op, re, val)| {
            let v = labels.get(name).map(String::as_str).unwrap_or("");
            match op.as_str() {
                "=" => v == val,
                "!=" => v != val,
                "=~" => re.is_match(v),
                _ => !re.is_match(v),
            }
        })
    }

    pub fn line_ok(&self, line: &str) -> bool {
        self.contains.iter().all(|c| line.contains(c.as_str()))
    }
}

fn parse_ts(req: &Request, name: &str, default: i64) -> Result<i64, Response> {
    match req.param(name) {
        None => Ok(default),
        Some(v) => v.parse::<i64>().map_err(|_| {
            text(
                400,
                format!("could not parse '{name}' parameter: strconv.ParseInt: parsing {v:?}: invalid syntax"),
            )
        }),
    }
}

/// How query answers are shaped (see `State`).
#[derive(Clone, Copy)]
struct How {
    detected_level: bool,
    flushed: bool,
}

fn route(req: &Request, data: &Dataset, captures: bool, how: How, metadata: &[String]) -> Response {
    if captures {
        if let Some(r) = find_capture(req) {
            return r;
        }
    }
    let path = pct_decode(&req.path);
    if let Some(name) = path
        .strip_prefix("/loki/api/v1/label/")
        .and_then(|p| p.strip_suffix("/values"))
    {
        return label_values(req, data, Some(name), metadata).unwrap_or_else(|e| e);
    }
    match req.path.as_str() {
        "/loki/api/v1/query_range" => query_range(req, data, how).unwrap_or_else(|e| e),
        "/loki/api/v1/query"
            if req
                .param("query")
                .is_some_and(|q| q.starts_with("sum(count_over_time(")) =>
        {
            count_over_time(req, data).unwrap_or_else(|e| e)
        }
        "/loki/api/v1/labels" => label_values(req, data, None, metadata).unwrap_or_else(|e| e),
        "/loki/api/v1/series" => series(req, data, metadata).unwrap_or_else(|e| e),
        // unflushed data: Loki's index counts nothing yet (see the captures)
        "/loki/api/v1/index/stats" => json(br#"{"streams":0,"chunks":0,"bytes":0,"entries":0}"#.to_vec()),
        "/loki/api/v1/query" if req.param("query").is_some_and(|q| q.trim_start().starts_with('{')) => {
            text(400, wire("query-instant-log.json"))
        }
        "/ready" => text(200, wire("ready.txt")),
        _ => text(404, wire("error-unknown-endpoint.txt")),
    }
}

/// `sum(count_over_time(SELECTOR [Nms]))` at `time`: Loki counts the
/// entries in `(time - N ms, time]` (measured on Loki v3.7.6).
fn count_over_time(req: &Request, data: &Dataset) -> Result<Response, Response> {
    let q = req.param("query").unwrap_or("");
    let inner = q
        .strip_prefix("sum(count_over_time(")
        .and_then(|r| r.strip_suffix("))"))
        .ok_or_else(|| text(400, "test server: unsupported count query"))?;
    let (sel, range) = inner
        .rsplit_once(" [")
        .ok_or_else(|| text(400, "parse error : missing range"))?;
    let ms: i64 = range
        .strip_suffix("ms]")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| text(400, "test server: range must be in ms"))?;
    let sel = Selector::parse(sel).map_err(|e| text(400, format!("parse error : {e}")))?;
    let t = parse_ts(req, "time", 0)?;
    let mut n = 0u64;
    if let Dataset::Streams(streams) = data {
        for (labels, values) in streams.iter().filter(|(l, _)| sel.matches(l)) {
            n += values
                .iter()
                .filter(|(ts, line)| *ts > t - ms * 1_000_000 && *ts <= t && sel.line_ok(line))
                .count() as u64;
            let _ = labels;
        }
    }
    let result = if n == 0 {
        serde_json::json!([])
    } else {
        serde_json::json!([{"metric": {}, "value": [t as f64 / 1e9, n.to_string()]}])
    };
    let body = serde_json::json!({"status": "success", "data": {"resultType": "vector", "result": result}});
    Ok(json(serde_json::to_vec(&body).unwrap()))
}

/// Indexed label sets of the streams with entries in [start, end) that
/// match `selector` (all streams without one).
fn indexed_streams(
    req: &Request,
    data: &Dataset,
    selector: Option<&Selector>,
    metadata: &[String],
) -> Result<Vec<BTreeMap<String, String>>, Response> {
    let end = parse_ts(req, "end", i64::MAX)?;
    let start = parse_ts(req, "start", end.saturating_sub(3_600_000_000_000))?;
    let mut out: Vec<BTreeMap<String, String>> = Vec::new();
    if let Dataset::Streams(streams) = data {
        for (labels, values) in streams {
            if selector.is_some_and(|s| !s.matches(labels)) || !values.iter().any(|(t, _)| *t >= start && *t < end) {
                continue;
            }
            let mut l = labels.clone();
            l.retain(|k, _| !metadata.contains(k));
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    Ok(out)
}

/// Label names (`name` None) or one label's values, sorted, as Loki lists them.
fn label_values(req: &Request, data: &Dataset, name: Option<&str>, metadata: &[String]) -> Result<Response, Response> {
    let selector = match req.param("query") {
        Some(q) => Some(Selector::parse(q).map_err(|e| text(400, format!("parse error : {e}")))?),
        None => None,
    };
    let mut vals: Vec<String> = indexed_streams(req, data, selector.as_ref(), metadata)?
        .into_iter()
        .flat_map(|l| match name {
            None => l.into_keys().collect::<Vec<_>>(),
            Some(n) => l.get(n).cloned().into_iter().collect(),
        })
        .collect();
    vals.sort();
    vals.dedup();
    Ok(json(
        serde_json::to_vec(&serde_json::json!({"status": "success", "data": vals})).unwrap(),
    ))
}

/// The series matching `match[]` (or logcli's `match`).
fn series(req: &Request, data: &Dataset, metadata: &[String]) -> Result<Response, Response> {
    let q = req.param("match[]").or(req.param("match")).unwrap_or("");
    let sel = Selector::parse(q).map_err(|e| text(400, format!("parse error : {e}")))?;
    let list = indexed_streams(req, data, Some(&sel), metadata)?;
    Ok(json(
        serde_json::to_vec(&serde_json::json!({"status": "success", "data": list})).unwrap(),
    ))
}

fn query_range(req: &Request, data: &Dataset, how: How) -> Result<Response, Response> {
    let detected_level = how.detected_level;
    let q = req.param("query").unwrap_or("");
    let sel = Selector::parse(q).map_err(|e| {
        if q.starts_with('{') && !q.contains('}') {
            text(400, wire("error-parse.txt"))
        } else {
            text(400, format!("parse error : {e}"))
        }
    })?;
    if sel.empty_compatible() {
        return Err(text(400, wire("error-empty-selector.txt")));
    }
    let end = parse_ts(req, "end", i64::MAX)?;
    let start = parse_ts(req, "start", end.saturating_sub(3_600_000_000_000))?;
    let limit: u64 = req.param("limit").map(|l| l.parse().unwrap_or(100)).unwrap_or(100);
    if limit > MAX_ENTRIES_LIMIT {
        return Err(text(
            400,
            format!("max entries limit per query exceeded, limit > max_entries_limit_per_query ({limit} > {MAX_ENTRIES_LIMIT})"),
        ));
    }
    if end <= start {
        return Err(text(400, wire("error-start-after-end.txt")));
    }
    let forward = req
        .param("direction")
        .is_some_and(|d| d.eq_ignore_ascii_case("forward"));
    let mut body = String::with_capacity(256 + limit.min(10_000) as usize * 200);
    body.push_str(r#"{"status":"success","data":{"resultType":"streams","result":["#);
    match data {
        Dataset::Streams(streams) => {
            let mut all: Vec<(i64, usize, &str)> = Vec::new();
            for (si, (labels, values)) in streams.iter().enumerate() {
                let last = values.iter().map(|v| v.0).max().unwrap_or(0);
                let left_out = how.flushed && last == start && start % 1_000_000 == 0;
                if !sel.matches(labels) || left_out {
                    continue;
                }
                for (ts, line) in values {
                    if *ts >= start && *ts < end && sel.line_ok(line) {
                        all.push((*ts, si, line));
                    }
                }
            }
            if forward {
                all.sort_by_key(|e| e.0);
            } else {
                all.sort_by_key(|e| std::cmp::Reverse(e.0));
            }
            all.truncate(limit as usize);
            let mut grouped: BTreeMap<usize, Vec<(i64, &str)>> = BTreeMap::new();
            for (ts, si, line) in all {
                grouped.entry(si).or_default().push((ts, line));
            }
            let mut first = true;
            for (si, values) in grouped {
                if !first {
                    body.push(',');
                }
                first = false;
                write_stream(
                    &mut body,
                    &with_detected_level(&streams[si].0, detected_level),
                    values.iter().map(|(t, l)| (*t, *l)),
                );
            }
        }
        Dataset::Synthetic {
            n,
            streams,
            base,
            step_ns,
            line_len,
        } => {
            // Entry i is at base + i*step; find the index range inside [start, end).
            let lo = if start <= *base {
                0
            } else {
                ((start - base) + step_ns - 1) / step_ns
            } as u64;
            let hi = if end <= *base {
                0
            } else {
                (((end - base) + step_ns - 1) / step_ns) as u64
            }
            .min(*n);
            let mut per_stream: Vec<Vec<u64>> = vec![Vec::new(); *streams as usize];
            let count = hi.saturating_sub(lo).min(limit);
            for k in 0..count {
                let i = if forward { lo + k } else { hi - 1 - k };
                per_stream[(i % *streams as u64) as usize].push(i);
            }
            let mut first = true;
            let mut line = String::new();
            for (s, idxs) in per_stream.iter().enumerate() {
                if idxs.is_empty() {
                    continue;
                }
                let labels = synthetic_labels(s as u32);
                if !sel.matches(&labels) {
                    continue;
                }
                if !first {
                    body.push(',');
                }
                first = false;
                body.push_str("{\"stream\":");
                body.push_str(&serde_json::to_string(&labels).unwrap());
                body.push_str(",\"values\":[");
                for (j, &i) in idxs.iter().enumerate() {
                    if j > 0 {
                        body.push(',');
                    }
                    synthetic_line(i, *line_len, &mut line);
                    let _ = write!(body, "[\"{}\",\"{}\"]", base + i as i64 * step_ns, line);
                }
                body.push_str("]}");
            }
        }
    }
    body.push_str(r#"],"stats":{"summary":{"totalEntriesReturned":0}}}}"#);
    Ok(json(body.into_bytes()))
}

pub fn synthetic_labels(s: u32) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("job".to_string(), "bench".to_string());
    m.insert("app".to_string(), format!("svc{s}"));
    m.insert("env".to_string(), "prod".to_string());
    m
}

/// A logfmt line of about `len` bytes with no characters that need escaping.
pub fn synthetic_line(i: u64, len: usize, out: &mut String) {
    out.clear();
    let level = ["info", "warn", "error", "debug"][(i % 4) as usize];
    let _ = write!(
        out,
        "level={level} seq={i} method=GET path=/api/v1/items/{} status=200 duration={}ms msg=request_served",
        i % 997,
        i % 300
    );
    if out.len() < len {
        out.push_str(" pad=");
        while out.len() < len {
            out.push('x');
        }
    }
}

fn write_stream<'a>(
    body: &mut String,
    labels: &BTreeMap<String, String>,
    values: impl Iterator<Item = (i64, &'a str)>,
) {
    body.push_str("{\"stream\":");
    body.push_str(&serde_json::to_string(labels).unwrap());
    body.push_str(",\"values\":[");
    for (j, (ts, line)) in values.enumerate() {
        if j > 0 {
            body.push(',');
        }
        let _ = write!(body, "[\"{ts}\",{}]", serde_json::to_string(line).unwrap());
    }
    body.push_str("]}");
}

/// Parse a streams response into (ts, labels, line), in response order.
pub fn entries_of(body: &[u8]) -> Vec<(i64, BTreeMap<String, String>, String)> {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    let mut out = Vec::new();
    for s in v["data"]["result"].as_array().unwrap() {
        let labels: BTreeMap<String, String> = serde_json::from_value(s["stream"].clone()).unwrap();
        for e in s["values"].as_array().unwrap() {
            out.push((
                e[0].as_str().unwrap().parse().unwrap(),
                labels.clone(),
                e[1].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

//! One connection: reading requests, recording them, injected faults and
//! delays, and routing to the answers (or to the tail on an upgrade).

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::broadcast;

use super::data::Dataset;
use super::message::{json, parse_target, reason, text, Request, Response};
use super::query::{route, How};
use super::recorded::find_recorded;
use super::state::{Fault, State, TailControl};
use super::tail::serve_tail;

pub(super) async fn serve_conn<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
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
        let Some(req) = read_request(&mut sock, &mut buf).await? else {
            return Ok(());
        };
        let seen = record(&st, &req);
        if seen.down {
            return Ok(());
        }
        if req.path == "/loki/api/v1/tail"
            && req
                .header("Upgrade")
                .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
        {
            return serve_tail(sock, req, st, data, ctl).await;
        }
        if let Some(d) = seen.delay {
            tokio::time::sleep(d).await;
        }
        let resp = match seen.fault {
            Some(Fault::Close) => return Ok(()),
            Some(Fault::Truncated) => return truncated(&mut sock).await,
            Some(Fault::Malformed) => {
                json(b"{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":".to_vec())
            }
            Some(Fault::Status(code, body, retry_after)) => {
                let mut r = text(code, body);
                r.retry_after = retry_after;
                r
            }
            None => answer(&req, seen, &st, &data),
        };
        write_response(&mut sock, &resp).await?;
    }
}

/// Read one request head (None at the end of the connection, or when what
/// comes is not HTTP).
async fn read_request<S: AsyncRead + Unpin>(sock: &mut S, buf: &mut Vec<u8>) -> std::io::Result<Option<Request>> {
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.first().is_some_and(|b| !b.is_ascii_uppercase()) {
            // Not HTTP (a TLS ClientHello, say): close, like a plain server would.
            return Ok(None);
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
    Ok(Some(Request {
        method,
        path,
        params,
        headers,
    }))
}

/// What the state says about one request, taken when it arrives.
struct Seen {
    fault: Option<Fault>,
    delay: Option<std::time::Duration>,
    captures: bool,
    down: bool,
    how: How,
    metadata: Vec<String>,
    replay: Option<Vec<u8>>,
    recorded: Option<Response>,
}

/// Record the request and take what applies to it.
fn record(st: &Mutex<State>, req: &Request) -> Seen {
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
    let s = st.lock().unwrap();
    Seen {
        fault,
        delay,
        captures,
        down,
        how,
        metadata: s.metadata_labels.clone(),
        replay: s.replay.clone(),
        recorded: find_recorded(&s.recorded, req),
    }
}

/// The answer without a fault: a recording, a refusal, a replay, or the
/// answer over the dataset.
fn answer(req: &Request, seen: Seen, st: &Mutex<State>, data: &Mutex<Dataset>) -> Response {
    match seen.recorded {
        Some(recorded) => recorded,
        None if req.path.ends_with("query_range") && st.lock().unwrap().refuse_query_range.is_some() => {
            let (code, body) = st.lock().unwrap().refuse_query_range.clone().unwrap_or_default();
            text(code, body)
        }
        None if seen.replay.is_some() => json(seen.replay.unwrap_or_default()),
        None if req.path == "/loki/api/v1/delete" => delete_route(req, &mut st.lock().unwrap()),
        None => {
            if req
                .param("query")
                .is_some_and(|q| q.starts_with("sum(count_over_time("))
            {
                st.lock().unwrap().counts_answered += 1;
            }
            route(req, &data.lock().unwrap(), seen.captures, seen.how, &seen.metadata)
        }
    }
}

/// A 200 announcing more bytes than are sent, then the end.
async fn truncated<S: AsyncWrite + Unpin>(sock: &mut S) -> std::io::Result<()> {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: 1000\r\n\r\n";
    sock.write_all(head.as_bytes()).await?;
    sock.write_all(b"{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[")
        .await?;
    sock.flush().await?;
    Ok(())
}

async fn write_response<S: AsyncWrite + Unpin>(sock: &mut S, resp: &Response) -> std::io::Result<()> {
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
    sock.write_all(&out).await
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

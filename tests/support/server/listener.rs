//! The `Server` a test starts: a thread with its own runtime accepting
//! connections (plain or TLS), and the handles to drive it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::broadcast;

use super::data::Dataset;
use super::http::serve_conn;
use super::message::Request;
use super::state::{Fault, State, TailControl};
use super::tail;

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
        tail::deliver(&mut self.state.lock().unwrap(), entries);
    }
}

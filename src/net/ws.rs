//! The tail websocket: an HTTP/1.1 upgrade sent through the same reqwest
//! transport as every other request (proxy, TLS, headers), then framed by
//! tokio-tungstenite.

use tokio_tungstenite::tungstenite::handshake::{client::generate_key, derive_accept_key};
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::WebSocketStream;

use super::http::{describe, read_body};
use super::{mask_url, Transport};
use crate::core::events::Event;
use crate::core::Error;

/// An open websocket.
pub type WsStream = WebSocketStream<reqwest::Upgraded>;

/// Why a websocket could not be opened.
#[derive(Debug)]
pub enum WsConnectError {
    /// Trying again will not help: the server refused the request (4xx
    /// other than 429, e.g. a bad query; Loki's text is kept).
    Permanent(Error),
    /// The server is away, overloaded or failing: try again later.
    Transient(String),
}

impl Transport {
    /// Open a websocket on an API path (the base address decides ws or wss).
    pub async fn websocket(&self, path: &[&str], params: &[(&str, String)]) -> Result<WsStream, WsConnectError> {
        let url = self.url(path, params);
        let shown = match url.scheme() {
            "https" => mask_url(&url).replacen("https://", "wss://", 1),
            _ => mask_url(&url).replacen("http://", "ws://", 1),
        };
        self.observer.event(&Event::Request { url: &shown });
        let handshake = self.upgrade_request(url);
        match self.cfg.timeout {
            Some(t) => tokio::time::timeout(t, handshake)
                .await
                .map_err(|_| WsConnectError::Transient("timed out opening the tail".into()))?,
            None => handshake.await,
        }
    }

    async fn upgrade_request(&self, url: url::Url) -> Result<WsStream, WsConnectError> {
        use reqwest::header::{CONNECTION, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_VERSION, UPGRADE};
        let transient =
            |e: reqwest::Error| WsConnectError::Transient(format!("cannot open the tail: {}", describe(&e)));
        let key = generate_key();
        let resp = self
            .upgrade
            .get(url)
            .header(CONNECTION, "Upgrade")
            .header(UPGRADE, "websocket")
            .header(SEC_WEBSOCKET_VERSION, "13")
            .header(SEC_WEBSOCKET_KEY, &key)
            .send()
            .await
            .map_err(transient)?;
        let status = resp.status().as_u16();
        if status != 101 {
            let body = read_body(resp).await.map(|b| String::from_utf8_lossy(&b).into_owned());
            let e = Error::Http {
                status,
                body: body.unwrap_or_default(),
            };
            return Err(if (400..500).contains(&status) && status != 429 {
                WsConnectError::Permanent(e)
            } else {
                WsConnectError::Transient(e.to_string())
            });
        }
        let accept = resp.headers().get(SEC_WEBSOCKET_ACCEPT).and_then(|v| v.to_str().ok());
        if accept != Some(derive_accept_key(key.as_bytes()).as_str()) {
            return Err(WsConnectError::Transient(
                "cannot open the tail: the server's websocket handshake is invalid".into(),
            ));
        }
        let io = resp.upgrade().await.map_err(transient)?;
        Ok(WebSocketStream::from_raw_socket(io, Role::Client, None).await)
    }
}

//! Typed errors of the library and the single place that maps them to exit codes.

use std::fmt;

/// Exit codes, documented in README ("Exit codes").
pub mod exit {
    /// Success, including a query that returned nothing.
    pub const OK: i32 = 0;
    /// The server answered with an error, or the query failed.
    pub const QUERY: i32 = 1;
    /// Bad command line, invalid LogQL, unreadable input file.
    pub const USAGE: i32 = 2;
    /// Connection refused, DNS, TLS or request timeout.
    pub const CONNECTION: i32 = 3;
    /// `--expect-min` was not met.
    pub const CHECK_FAILED: i32 = 4;
    /// A query interrupted by Ctrl-C or SIGTERM (after flushing its output).
    pub const INTERRUPTED: i32 = 130;
    /// `--timeout` ended the command before its condition was met.
    pub const TIMEOUT: i32 = 124;
}

/// Errors the library reports to the edge (`lib::run`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Invalid flag value, bad file, bad time, invalid query.
    #[error("{0}")]
    Usage(String),
    /// Loki answered with a non-2xx status; `body` is Loki's own text.
    #[error("{}", http_message(*status, body))]
    Http { status: u16, body: String },
    /// Could not reach the server, TLS failure, timeout.
    #[error("{0}")]
    Connection(String),
    /// The server answered 2xx with a body we could not understand.
    #[error("malformed response from server: {0}")]
    Protocol(String),
    /// An exit condition ended the run (`--until`, `--fail-on`, `--max-entries`).
    #[error("stopped")]
    Stop(i32),
    /// `--expect-min` was not met.
    #[error("{0}")]
    Check(String),
    /// `--timeout` was reached.
    #[error("{0}")]
    Deadline(String),
    /// Writing to stdout failed with something other than a closed pipe.
    #[error("write error: {0}")]
    Io(#[from] std::io::Error),
}

fn http_message(status: u16, body: &str) -> String {
    let text = body.trim_end();
    if text.is_empty() {
        format!("server returned HTTP {status}")
    } else {
        // Loki's text is shown as is, on one line.
        format!("server returned HTTP {status}: {}", text.replace('\n', " "))
    }
}

impl Error {
    pub fn usage(msg: impl fmt::Display) -> Self {
        Error::Usage(msg.to_string())
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Http { .. } | Error::Protocol(_) => exit::QUERY,
            Error::Connection(_) => exit::CONNECTION,
            Error::Io(_) => exit::QUERY,
            Error::Deadline(_) => exit::TIMEOUT,
            Error::Stop(code) => *code,
            Error::Check(_) => exit::CHECK_FAILED,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// True when an I/O error means the reader of stdout went away (`| head`).
pub fn is_broken_pipe(err: &std::io::Error) -> bool {
    err.kind() == std::io::ErrorKind::BrokenPipe
}

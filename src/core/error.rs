//! Typed errors of the library and the one place that maps them to exit
//! codes (README, "Exit codes"). Every exit of the program goes through
//! [`Error::exit_code`].

use std::fmt;

/// Exit codes, documented in README ("Exit codes").
pub mod exit {
    /// Success, including a query that returned nothing.
    pub const OK: i32 = 0;
    /// The server answered with an error, the query failed, or I/O that is
    /// not the user's mistake failed.
    pub const QUERY: i32 = 1;
    /// Bad command line, invalid LogQL, unreadable input file.
    pub const USAGE: i32 = 2;
    /// Connection refused, DNS, TLS or request timeout.
    pub const CONNECTION: i32 = 3;
    /// `--expect-min` was not met.
    pub const CHECK_FAILED: i32 = 4;
    /// `--timeout` ended the command before its condition was met.
    pub const TIMEOUT: i32 = 124;
    /// A query interrupted by Ctrl-C or SIGTERM (after flushing its output).
    pub const INTERRUPTED: i32 = 130;
}

/// Errors the library reports to the edge (`cli::run`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Invalid flag value, bad input file, bad time, invalid query.
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
    /// An exit condition ended the run (`--until`, `--fail-on`,
    /// `--max-entries`, Ctrl-C): the code to exit with, nothing to print.
    #[error("stopped")]
    Stop(i32),
    /// `--expect-min` was not met.
    #[error("{0}")]
    Check(String),
    /// `--timeout` was reached.
    #[error("{0}")]
    Deadline(String),
    /// Entries may be missing and `--fail-on-loss` asks to fail.
    #[error("{0}")]
    Incomplete(String),
    /// Writing the output failed (a closed pipe is success, see `exit_code`).
    #[error("write error: {0}")]
    Output(#[from] std::io::Error),
    /// Reading or writing a file that is not the user's mistake (export
    /// parts, temporary files).
    #[error("{what}: {source}")]
    File {
        what: String,
        #[source]
        source: std::io::Error,
    },
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

    /// A file operation failed; `what` names the operation and the path.
    pub fn file(what: impl fmt::Display, source: std::io::Error) -> Self {
        Error::File {
            what: what.to_string(),
            source,
        }
    }

    /// The exit code of this error: the one map from errors to codes.
    pub fn exit_code(&self) -> i32 {
        if is_broken_pipe(self) {
            return exit::OK;
        }
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Http { .. } | Error::Protocol(_) | Error::Incomplete(_) => exit::QUERY,
            Error::Connection(_) => exit::CONNECTION,
            Error::Output(_) | Error::File { .. } => exit::QUERY,
            Error::Deadline(_) => exit::TIMEOUT,
            Error::Stop(code) => *code,
            Error::Check(_) => exit::CHECK_FAILED,
        }
    }

    /// Whether the edge should print this error (a stop or a closed pipe is
    /// silent).
    pub fn is_silent(&self) -> bool {
        matches!(self, Error::Stop(_)) || is_broken_pipe(self)
    }

    /// Whether retrying the same request later may succeed (server away,
    /// overloaded or failing): connection errors, 5xx and 429.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Connection(_) => true,
            Error::Http { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// True when the error, or any error in its chain, means the reader of our
/// output went away (`| head`).
pub fn is_broken_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        cur = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_anywhere_in_the_chain_is_success() {
        let pipe = || std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed");
        assert_eq!(Error::Output(pipe()).exit_code(), exit::OK);
        assert_eq!(Error::file("writing part", pipe()).exit_code(), exit::OK);
        let other = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "no");
        assert_eq!(Error::file("writing part", other).exit_code(), exit::QUERY);
    }

    #[test]
    fn classes() {
        assert_eq!(Error::usage("x").exit_code(), exit::USAGE);
        assert_eq!(Error::Connection("x".into()).exit_code(), exit::CONNECTION);
        assert_eq!(
            Error::Http {
                status: 400,
                body: "bad".into()
            }
            .exit_code(),
            exit::QUERY
        );
        assert_eq!(Error::Deadline("x".into()).exit_code(), exit::TIMEOUT);
        assert!(Error::Http {
            status: 503,
            body: String::new()
        }
        .is_transient());
        assert!(!Error::Http {
            status: 404,
            body: String::new()
        }
        .is_transient());
    }
}

//! Error kinds and the one function that maps them to the contract's exit codes.

use std::fmt;

/// What went wrong, as far as a script branching on the exit code cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Anything not listed below: unreadable response, unknown task status, I/O, 400.
    Other,
    /// Bad arguments (clap reports most of these itself).
    Usage,
    /// No config, unknown profile, no token, bad TOML, bad base URL.
    Config,
    /// 401/403, or a token that could not be minted.
    Auth,
    /// 404: task or device.
    NotFound,
    /// The task finished `FAILED`.
    TaskFailed,
    /// `--timeout` passed while the task was still running.
    TimedOut,
    /// `--no-wait` saw an in-progress task.
    StillRunning,
    /// 429, 5xx, connection failure, request timeout.
    Unavailable,
    /// 409: the device is offline.
    Offline,
    /// Ctrl-C.
    Interrupted,
}

impl Kind {
    /// The exit code of the contract for this kind; the only place that knows the numbers.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Other => 1,
            Kind::Usage => 2,
            Kind::Config => 3,
            Kind::Auth => 4,
            Kind::NotFound => 5,
            Kind::TaskFailed => 6,
            Kind::TimedOut => 7,
            Kind::StillRunning => 8,
            Kind::Unavailable => 9,
            Kind::Offline => 10,
            Kind::Interrupted => 130,
        }
    }
}

/// An error with its kind and a one-line message for the user (empty: say nothing).
#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub fn other(message: impl Into<String>) -> Self {
        Error::new(Kind::Other, message)
    }

    pub fn config(message: impl Into<String>) -> Self {
        Error::new(Kind::Config, message)
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Error::new(Kind::Unavailable, message)
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::other(format!("I/O error: {err}"))
    }
}

impl From<anyhow::Error> for Error {
    fn from(err: anyhow::Error) -> Self {
        // `{:#}` keeps the whole chain of causes on one line.
        Error::other(format!("{err:#}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_the_contract_code() {
        let table = [
            (Kind::Other, 1),
            (Kind::Usage, 2),
            (Kind::Config, 3),
            (Kind::Auth, 4),
            (Kind::NotFound, 5),
            (Kind::TaskFailed, 6),
            (Kind::TimedOut, 7),
            (Kind::StillRunning, 8),
            (Kind::Unavailable, 9),
            (Kind::Offline, 10),
            (Kind::Interrupted, 130),
        ];
        for (kind, code) in table {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
        }
    }
}

//! What can go wrong, as variants that carry their data; `Display` writes the message with
//! its hint, and [`Error::exit_code`] is the one place that maps them to the contract's codes.

use std::fmt;
use std::time::Duration;

use crate::ids::{ApiVersion, Device, Serial, TaskId};

/// Why a server certificate was not accepted, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertProblem {
    /// Signed by an authority that is not in the trusted roots.
    NotTrusted,
    /// Signed by itself.
    SelfSigned,
    Expired,
    NotYetValid,
    /// Issued for other host names: those it covers, when known.
    WrongName {
        covers: Vec<String>,
    },
    Revoked,
    /// Anything else the verifier said.
    Other(String),
}

impl fmt::Display for CertProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertProblem::NotTrusted => f.write_str("it is not signed by a trusted authority"),
            CertProblem::SelfSigned => f.write_str("it is self-signed"),
            CertProblem::Expired => f.write_str("it has expired"),
            CertProblem::NotYetValid => f.write_str("it is not valid yet (check the clock)"),
            CertProblem::WrongName { covers } if covers.is_empty() => {
                f.write_str("it was issued for another host name")
            }
            CertProblem::WrongName { covers } => write!(
                f,
                "it was issued for another host name (it covers {})",
                covers.join(", ")
            ),
            CertProblem::Revoked => f.write_str("it has been revoked"),
            CertProblem::Other(detail) => write!(f, "{detail}"),
        }
    }
}

impl CertProblem {
    /// What to do about it: only an unknown signer is fixed with `ca_file`.
    fn fix(&self) -> &'static str {
        match self {
            CertProblem::NotTrusted | CertProblem::SelfSigned | CertProblem::Other(_) => {
                "if a TLS-inspecting proxy or a private CA signs it, add that CA's PEM file as \
                 ca_file in the profile or GWTRACE_CA_FILE"
            }
            CertProblem::Expired | CertProblem::NotYetValid => {
                "check this machine's clock, or have the server's certificate renewed (ca_file \
                 does not change a certificate's dates)"
            }
            CertProblem::WrongName { .. } => {
                "check that base_url (or cluster) names the host the certificate covers, or \
                 that no proxy answers in its place"
            }
            CertProblem::Revoked => "the server's certificate must be replaced",
        }
    }
}

/// What a 404 was about, for the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Task {
        device: Device,
        serial: Serial,
        task: TaskId,
    },
    Device {
        device: Device,
        serial: Serial,
    },
    /// A 404 that names no device or task: the route does not exist at the base URL.
    Route,
    /// The same, on the API version the profile pins.
    PinnedRoute {
        version: ApiVersion,
    },
    /// A 404 with nothing more to say.
    Unknown,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments found after parsing (clap reports the rest itself).
    #[error("{0}")]
    Usage(String),
    /// No config, unknown profile, no token, bad TOML, bad base URL, unreadable `ca_file`.
    #[error("{0}")]
    Config(String),
    /// A server certificate failed verification: a setting to fix, never retried.
    #[error("cannot trust the certificate of {host}: {problem}; {}", .problem.fix())]
    Certificate { host: String, problem: CertProblem },
    /// 401/403, or a token that could not be minted.
    #[error("{detail}{}", token_hint(.token_from))]
    Auth {
        detail: String,
        /// Where the token came from, when Central rejected it.
        token_from: Option<String>,
    },
    #[error("not found: {detail}{}", missing_hint(.missing))]
    NotFound { detail: String, missing: Missing },
    #[error("device offline: {detail}")]
    Offline { detail: String },
    #[error("the {test} failed: {}", .reason.as_deref().unwrap_or("Central gave no reason"))]
    TaskFailed {
        test: crate::ids::Test,
        reason: Option<String>,
    },
    #[error(
        "gave up waiting after {}: the task is still {status}{}; check later with: {again}",
        humantime::format_duration(*.waited),
        .progress.map(|p| format!(" ({p}%)")).unwrap_or_default()
    )]
    TimedOut {
        waited: Duration,
        status: String,
        progress: Option<u8>,
        again: String,
    },
    /// `--no-wait` saw an in-progress task; its state was printed on stdout.
    #[error("the task is still running")]
    StillRunning,
    /// 429, 5xx, connection failure, request timeout.
    #[error("{detail}{}", tries_note(*.tries))]
    Unavailable { detail: String, tries: u32 },
    #[error("interrupted")]
    Interrupted,
    /// SIGTERM.
    #[error("terminated")]
    Terminated,
    /// Path checks failed on a completed task; each failure was printed on its own line.
    #[error("{0} path check(s) failed")]
    ChecksFailed(usize),
    /// `diff`: the two paths differ; the comparison was printed on stdout.
    #[error("the paths differ")]
    PathsDiffer,
    /// A fleet run in which a device did not succeed: the first such device's exit code;
    /// every device's result was printed on stdout.
    #[error("a device of the fleet did not succeed (exit {0})")]
    Fleet(u8),
    /// Anything not listed above: unreadable response, unknown task status, I/O, 400.
    #[error("{0}")]
    Other(String),
}

fn token_hint(token_from: &Option<String>) -> String {
    token_from
        .as_ref()
        .map(|from| format!("; check the token from {from}"))
        .unwrap_or_default()
}

fn missing_hint(missing: &Missing) -> String {
    match missing {
        Missing::Task {
            device,
            serial,
            task,
        } => format!("; is there a task {task} on {} {serial}?", device.noun()),
        Missing::Device { device, serial } => format!(
            "; is {serial} the serial number of {} {} in this account? (--device picks the family)",
            device.article(),
            device.noun()
        ),
        Missing::Route => "; the base URL answers, but not with Central's troubleshooting API \
             (check base_url or cluster; api_version auto tries v1, then v1alpha1)"
            .to_owned(),
        Missing::PinnedRoute { version } => format!(
            "; API version {version} (pinned by api_version) has no such route at this base \
             URL: if this tenant has not moved to {version}, set api_version = \"auto\" (or \
             \"{}\")",
            version.other()
        ),
        Missing::Unknown => String::new(),
    }
}

fn tries_note(tries: u32) -> String {
    if tries > 1 {
        format!(" (gave up after {tries} tries)")
    } else {
        String::new()
    }
}

impl Error {
    /// The exit code of the contract; the only place that knows the numbers.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Other(_) => 1,
            Error::Usage(_) => 2,
            Error::Config(_) | Error::Certificate { .. } => 3,
            Error::Auth { .. } => 4,
            Error::NotFound { .. } => 5,
            Error::TaskFailed { .. } => 6,
            Error::TimedOut { .. } => 7,
            Error::StillRunning => 8,
            Error::Unavailable { .. } => 9,
            Error::Offline { .. } => 10,
            Error::ChecksFailed(_) | Error::PathsDiffer => 11,
            Error::Fleet(code) => *code,
            Error::Interrupted => 130,
            Error::Terminated => 143,
        }
    }

    /// What the exit code of this error means, for the exit-code tables of `--help`, the man
    /// pages and the README.
    pub fn meaning(&self) -> &'static str {
        match self {
            Error::Other(_) => "any other error (unreadable response, unknown task status, 400)",
            Error::Usage(_) => "usage error (bad arguments, invalid serial or task id)",
            Error::Config(_) | Error::Certificate { .. } => {
                "configuration error (no config or token, bad base URL, unusable ca_file, \
                 untrusted certificate)"
            }
            Error::Auth { .. } => {
                "authentication failed (401/403, or a token that could not be minted)"
            }
            Error::NotFound { .. } => "not found (404: task or device)",
            Error::TaskFailed { .. } => "the task finished FAILED (its reason is on stderr)",
            Error::TimedOut { .. } => {
                "gave up waiting (--timeout passed while the task was running)"
            }
            Error::StillRunning => "still running (--no-wait saw an in-progress task)",
            Error::Unavailable { .. } => {
                "service unavailable (429, 5xx, connection failure, request timeout)"
            }
            Error::Offline { .. } => "device offline (409)",
            Error::ChecksFailed(_) | Error::PathsDiffer => {
                "path check failed (--expect-*, --max-*); diff: the paths differ"
            }
            Error::Fleet(_) => {
                "a fleet: the code of the first device, in file order, that did not succeed"
            }
            Error::Interrupted => {
                "interrupted (Ctrl-C); after start, the command that reads the task is printed"
            }
            Error::Terminated => "terminated (SIGTERM), as 130",
        }
    }

    /// One error of every kind, in the order of their codes (a fleet's last: its code is
    /// another's).
    pub fn one_of_each() -> Vec<Error> {
        let text = || "x".to_owned();
        vec![
            Error::Other(text()),
            Error::Usage(text()),
            Error::Config(text()),
            Error::Certificate {
                host: text(),
                problem: CertProblem::NotTrusted,
            },
            Error::Auth {
                detail: text(),
                token_from: None,
            },
            Error::NotFound {
                detail: text(),
                missing: Missing::Unknown,
            },
            Error::TaskFailed {
                test: crate::ids::Test::Traceroute,
                reason: None,
            },
            Error::TimedOut {
                waited: Duration::from_secs(1),
                status: text(),
                progress: None,
                again: text(),
            },
            Error::StillRunning,
            Error::Unavailable {
                detail: text(),
                tries: 1,
            },
            Error::Offline { detail: text() },
            Error::ChecksFailed(1),
            Error::PathsDiffer,
            Error::Interrupted,
            Error::Terminated,
            Error::Fleet(6),
        ]
    }

    /// Whether the error line is worth printing: `--no-wait` already printed the state,
    /// failed checks and a changed path have said everything, and Ctrl-C needs no words.
    pub fn is_reported(&self) -> bool {
        !matches!(
            self,
            Error::StillRunning
                | Error::Interrupted
                | Error::Terminated
                | Error::ChecksFailed(_)
                | Error::PathsDiffer
                | Error::Fleet(_)
        )
    }

    pub fn other(message: impl Into<String>) -> Self {
        Error::Other(message.into())
    }

    pub fn config(message: impl Into<String>) -> Self {
        Error::Config(message.into())
    }

    /// The same error with `context: ` before its detail (for errors of a sub-step).
    pub fn context(self, context: &str) -> Self {
        match self {
            Error::Auth { detail, token_from } => Error::Auth {
                detail: format!("{context}: {detail}"),
                token_from,
            },
            Error::Unavailable { detail, tries } => Error::Unavailable {
                detail: format!("{context}: {detail}"),
                tries,
            },
            Error::Other(detail) => Error::Other(format!("{context}: {detail}")),
            other => other,
        }
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

/// Success, as the exit-code tables say it.
pub const SUCCESS: &str = "success (task COMPLETED; start --no-wait printed the task id; auth \
                           status found a working token)";

/// Every exit code and what it means, from [`Error::exit_code`] and [`Error::meaning`]: the
/// one source of the tables in `--help`, the man pages and the README.
pub fn exit_codes() -> Vec<(u8, &'static str)> {
    let mut table = vec![(0, SUCCESS)];
    for error in Error::one_of_each() {
        let code = error.exit_code();
        if !table.iter().any(|(c, _)| *c == code) {
            table.push((code, error.meaning()));
        }
    }
    table.sort_by_key(|(code, _)| *code);
    table
}

#[cfg(test)]
mod tests;

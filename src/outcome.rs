//! The results every consumer renders, records or exports: a task followed to its end
//! ([`Trace`]), and what became of one device of a fleet ([`Outcome`]). Plain data, made by
//! `follow` and read by `render` and the commands; nothing here talks to Central.

use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ids::{Serial, TaskId};
use crate::path::Path;
use crate::pathping::PathPing;
use crate::ping::Ping;
use crate::task::Fetched;

/// What following a task found.
#[derive(Debug)]
pub struct Trace {
    pub serial: Serial,
    pub task_id: TaskId,
    /// The last document received, whatever the outcome (printed with `--json` even when the
    /// task failed or is still running).
    pub fetched: Option<Fetched>,
    /// The merged view of a `COMPLETED` task, made once, when it was asked for.
    pub path: Option<Path>,
    /// The failed path checks of a `COMPLETED` task, one message each.
    pub failures: Vec<String>,
    /// How it ended: `Ok`, or the error that carries the exit code (checks included).
    pub outcome: Result<()>,
    /// When following began, and how long it took.
    pub began: SystemTime,
    pub took: Duration,
    /// `--hop-pings N`: every responder of the completed path pinged.
    pub hop_pings: Option<PathPing>,
}

impl Trace {
    /// The exit code a single `gwtrace status` of this task has.
    pub fn exit_code(&self) -> u8 {
        self.outcome.as_ref().map_or_else(Error::exit_code, |()| 0)
    }

    /// The destination that was asked for, where the task's document does not say it (a
    /// FAILED task has no `output`): tables, reports and the history keep what was asked.
    pub fn asked(&mut self, destination: &str) {
        if let Some(fetched) = &mut self.fetched {
            fetched
                .task
                .destination
                .get_or_insert_with(|| destination.to_owned());
        }
        if let Some(path) = &mut self.path {
            path.destination
                .get_or_insert_with(|| destination.to_owned());
        }
    }
}

/// What became of one device. As JSON: `serial`, `task_id`, `status`, `exit_code`,
/// `checks`, then `task` (the last document received) or, when none was, `error`.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub serial: String,
    /// Null when the start itself failed.
    pub task_id: Option<String>,
    /// The exit code a single `gwtrace start` would have had.
    pub exit_code: u8,
    /// Failed check messages; empty when none failed (or none were asked).
    pub checks: Vec<String>,
    /// The last task document received (held once, never copied for the output).
    pub fetched: Option<Fetched>,
    /// Why the device did not succeed (in JSON only when there is no `task` to read it from).
    pub error: Option<String>,
    pub path: Option<Path>,
    /// A ping's result, when the task was a ping that completed.
    pub ping: Option<Ping>,
    /// `--hop-pings N`: the path's responders pinged.
    pub hop_pings: Option<PathPing>,
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("serial", &self.serial)?;
        map.serialize_entry("task_id", &self.task_id)?;
        map.serialize_entry("status", &self.status())?;
        map.serialize_entry("exit_code", &self.exit_code)?;
        map.serialize_entry("checks", &self.checks)?;
        match (&self.fetched, &self.hop_pings) {
            (Some(fetched), Some(pinged)) => {
                let pings = pinged.to_json();
                map.serialize_entry("task", &fetched.document().with("hopPings", &pings))?
            }
            (Some(fetched), None) => map.serialize_entry("task", &fetched.document())?,
            (None, _) => map.serialize_entry("error", &self.error)?,
        }
        map.end()
    }
}

/// Why a device did not succeed, in words; failed checks are listed in `checks`, not here.
fn error_of(outcome: &Result<()>) -> Option<String> {
    match outcome {
        Err(Error::ChecksFailed(_)) | Ok(()) => None,
        Err(error) => Some(error.to_string()),
    }
}

impl Outcome {
    /// A device whose traceroute could not be started.
    pub fn not_started(serial: &Serial, error: &Error) -> Outcome {
        Outcome {
            serial: serial.to_string(),
            task_id: None,
            exit_code: error.exit_code(),
            checks: Vec::new(),
            fetched: None,
            error: Some(error.to_string()),
            path: None,
            ping: None,
            hop_pings: None,
        }
    }

    /// A device whose task was followed to its end.
    pub fn of(trace: Trace) -> Outcome {
        let exit_code = trace.exit_code();
        let error = error_of(&trace.outcome);
        Outcome {
            serial: trace.serial.to_string(),
            task_id: Some(trace.task_id.to_string()),
            exit_code,
            checks: trace.failures,
            fetched: trace.fetched,
            error,
            path: trace.path,
            ping: None,
            hop_pings: trace.hop_pings,
        }
    }

    /// A device whose ping was followed to its end: `ended` is how its task ended, `ping`
    /// its result when it completed, `checks` the failed ping checks.
    pub fn of_ping(
        serial: &Serial,
        task_id: &TaskId,
        fetched: Option<Fetched>,
        ended: Result<()>,
        ping: Option<Ping>,
        checks: Vec<String>,
    ) -> Outcome {
        let ended = match ended {
            Ok(()) if !checks.is_empty() => Err(Error::ChecksFailed(checks.len())),
            other => other,
        };
        Outcome {
            serial: serial.to_string(),
            task_id: Some(task_id.to_string()),
            exit_code: ended.as_ref().map_or_else(Error::exit_code, |()| 0),
            checks,
            fetched,
            error: error_of(&ended),
            path: None,
            ping,
            hop_pings: None,
        }
    }

    /// The task's last status; `None` when the start failed.
    pub fn status(&self) -> Option<&str> {
        self.fetched.as_ref().map(|f| f.task.status.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(outcome: Result<()>, failures: Vec<String>) -> Trace {
        Trace {
            serial: Serial::parse("CN1").unwrap(),
            task_id: TaskId::parse("T1").unwrap(),
            fetched: None,
            path: None,
            failures,
            outcome,
            began: SystemTime::now(),
            took: Duration::ZERO,
            hop_pings: None,
        }
    }

    #[test]
    fn a_fleet_device_reads_its_result_from_the_trace() {
        let passed = Outcome::of(trace(Ok(()), Vec::new()));
        assert_eq!((passed.exit_code, passed.error.as_deref()), (0, None));
        let checked = Outcome::of(trace(Err(Error::ChecksFailed(1)), vec!["x".into()]));
        assert_eq!(checked.exit_code, 11);
        assert_eq!((checked.checks.len(), checked.error), (1, None));
        let failed = Outcome::of(trace(
            Err(Error::TaskFailed {
                test: crate::ids::Test::Traceroute,
                reason: None,
            }),
            Vec::new(),
        ));
        assert_eq!(failed.exit_code, 6);
        assert_eq!(failed.task_id.as_deref(), Some("T1"));
        assert!(failed.error.unwrap().contains("traceroute failed"));
    }
}

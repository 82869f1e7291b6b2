//! A fleet run's result: a summary table, one row per device in file order, or one JSON
//! object per device per line (NDJSON).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::Style;
use crate::error::Error;
use crate::path::{ms, Path, Reach};
use crate::term::{one_line, visible_json};

/// What became of one device. As JSON: `serial`, `task_id`, `status`, `exit_code`,
/// `checks`, then `task` (the last document received) or, when none was, `error`.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub serial: String,
    /// Null when the start itself failed.
    pub task_id: Option<String>,
    /// The task's last status; null when the start failed.
    pub status: Option<String>,
    /// The exit code a single `gwtrace start` would have had.
    pub exit_code: u8,
    /// Failed check messages; empty when none failed (or none were asked).
    pub checks: Vec<String>,
    /// The last task document received.
    pub task: Option<Value>,
    /// Why the device did not succeed (in JSON only when there is no `task` to read it from).
    pub error: Option<String>,
    pub path: Option<Path>,
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("serial", &self.serial)?;
        map.serialize_entry("task_id", &self.task_id)?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("exit_code", &self.exit_code)?;
        map.serialize_entry("checks", &self.checks)?;
        match &self.task {
            Some(task) => map.serialize_entry("task", task)?,
            None => map.serialize_entry("error", &self.error)?,
        }
        map.end()
    }
}

impl Outcome {
    pub fn new(serial: String) -> Outcome {
        Outcome {
            serial,
            task_id: None,
            status: None,
            exit_code: 0,
            checks: Vec::new(),
            task: None,
            error: None,
            path: None,
        }
    }

    pub fn failed(self, error: &Error) -> Outcome {
        Outcome {
            exit_code: error.exit_code(),
            error: Some(error.to_string()),
            ..self
        }
    }

    pub fn checked(self, failures: Vec<String>) -> Outcome {
        let exit_code = if failures.is_empty() { 0 } else { 11 };
        Outcome {
            exit_code,
            checks: failures,
            ..self
        }
    }
}

pub fn render(
    outcomes: &[Outcome],
    json: bool,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    if json {
        for outcome in outcomes {
            let line = serde_json::to_string(outcome).map_err(io::Error::other)?;
            let line = if style.sanitize {
                visible_json(&line).into_owned()
            } else {
                line
            };
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    let mut table = super::plain_table([
        "SERIAL", "STATUS", "HOPS", "REACHED", "AVG", "CHECKS", "ERROR",
    ]);
    for outcome in outcomes {
        table.add_row(row(outcome));
    }
    writeln!(out, "{}", table.trim_fmt())?;
    let failed = outcomes.iter().filter(|o| o.exit_code != 0).count();
    writeln!(
        out,
        "{} devices: {} passed, {failed} did not",
        outcomes.len(),
        outcomes.len() - failed
    )
}

fn row(outcome: &Outcome) -> Vec<String> {
    let dash = || "-".to_owned();
    let status = outcome
        .status
        .as_deref()
        .map_or_else(dash, |s| one_line(s).into_owned());
    let (hops, reached, avg) = match &outcome.path {
        Some(path) => {
            let reach = path.reach();
            let avg = match &reach {
                Reach::Reached { responder, .. } => responder
                    .avg()
                    .map_or_else(dash, |a| format!("{} ms", ms(a))),
                _ => dash(),
            };
            let word = match reach.reached() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            };
            (path.length().to_string(), word.to_owned(), avg)
        }
        None => (dash(), dash(), dash()),
    };
    let checks = match outcome.checks.len() {
        0 => String::new(),
        n => format!("{n} failed"),
    };
    let error = outcome
        .error
        .as_deref()
        .or(outcome.checks.first().map(String::as_str))
        .map(|e| one_line(e).into_owned())
        .unwrap_or_default();
    vec![
        one_line(&outcome.serial).into_owned(),
        status,
        hops,
        reached,
        avg,
        checks,
        error,
    ]
}

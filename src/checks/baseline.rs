//! Paths saved earlier, as `--expect-path` and `diff` read them: one task document (`--json`),
//! or a fleet's NDJSON (`start --serials-file … --json`), whose line for the device in
//! question is the baseline. Anything else is refused in words, never in a parser's.

use std::collections::HashSet;
use std::io::BufRead;

use serde_json::Value;

use crate::ids::Serial;
use crate::path::Path;
use crate::task::{Status, Task};

/// One saved trace: the device it came from (a fleet line says; a task document does not).
#[derive(Debug, Clone)]
pub struct Saved {
    pub serial: Option<String>,
    pub path: Path,
}

/// A file of saved traces and the name it is shown under.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub name: String,
    pub traces: Vec<Saved>,
    /// Each device has its own trace here (`@last`, `@prev`): never another device's, even
    /// when only one is there.
    pub per_device: bool,
    /// Devices the file has a line for but no completed trace (serial, why): each fails its
    /// own comparison, not the whole file.
    pub unusable: Skipped,
    /// Devices with a trace in the file that were not asked about (the first few, then
    /// `…`): named when the one asked about is missing.
    pub others: Vec<String>,
}

const SAVE_HINT: &str = "save one with `gwtrace status SN TASK --json > FILE`, or use a line of \
                         `gwtrace start --serials-file F DEST --json`";

impl Baseline {
    /// The saved path for `serial`: the only one, or the fleet line whose `serial` matches.
    pub fn for_serial(&self, serial: Option<&str>) -> Result<&Saved, String> {
        // A file of one trace is a baseline for any device; one with others' failed lines
        // beside it is a fleet's, where each device has its own line.
        if let ([only], false, true) = (
            self.traces.as_slice(),
            self.per_device,
            self.unusable.is_empty(),
        ) {
            return Ok(only);
        }
        let serials = || {
            let names: Vec<&str> = self
                .traces
                .iter()
                .filter_map(|t| t.serial.as_deref())
                .chain(self.others.iter().map(String::as_str))
                .collect();
            names.join(", ")
        };
        let found = |serial: &str| {
            self.traces.iter().find(|t| {
                t.serial
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(serial))
            })
        };
        match serial {
            Some(serial) => found(serial).ok_or_else(|| {
                match self
                    .unusable
                    .iter()
                    .find(|(s, _)| s.eq_ignore_ascii_case(serial))
                {
                    Some((_, why)) => {
                        format!(
                            "{}'s line for {serial} has no completed trace: {why}",
                            self.name
                        )
                    }
                    None => format!(
                        "{} holds no trace of {serial} (it has {})",
                        self.name,
                        serials()
                    ),
                }
            }),
            None => Err(format!(
                "{} holds the traces of {} ({}); name the one to compare with --serial SN",
                self.name,
                devices(self.traces.len()),
                serials()
            )),
        }
    }
}

/// `1 device`, `3 devices`.
fn devices(n: usize) -> String {
    if n == 1 {
        "1 device".to_owned()
    } else {
        format!("{n} devices")
    }
}

/// The most a file of saved traces may hold (a fleet's NDJSON; about 500 MB is a fleet of
/// tens of thousands of devices); a single pretty-printed document, [`crate::jsonl::MAX_DOCUMENT`].
pub const MAX_FILE: u64 = 512 * 1024 * 1024;

/// The traces in `bytes`: a task document, or the lines of a fleet's NDJSON that hold a
/// completed task. The error says, in words, why the bytes are no baseline.
pub fn read(bytes: &[u8]) -> Result<Vec<Saved>, String> {
    read_lines(bytes).map(|(traces, _)| traces)
}

/// The devices of a fleet file that have no completed trace: (serial, why).
pub type Skipped = Vec<(String, String)>;

/// Like [`read`], with the devices of a fleet file that have a line but no completed task
/// (a FAILED or timed-out trace, a start that failed) set aside with the reason: each is
/// left to fail its own comparison, never the file's other devices.
pub fn read_lines(bytes: &[u8]) -> Result<(Vec<Saved>, Skipped), String> {
    read_from(bytes, None, MAX_FILE).map(|read| (read.traces, read.skipped))
}

/// What [`read_from`] kept of a file.
#[derive(Debug, Default)]
pub struct Kept {
    pub traces: Vec<Saved>,
    pub skipped: Skipped,
    /// The first few devices with a trace that were not asked about, then `…`.
    pub others: Vec<String>,
}

/// How many devices not asked about are named.
const OTHERS_NAMED: usize = 10;

/// Reads saved traces from `reader` one line at a time, keeping only the devices in `wanted`
/// (all when `None`) — so memory follows the devices asked for, not the file — and at most
/// `max` bytes. A file whose first line starts a value that goes on past it is one
/// pretty-printed task document, read whole (at most [`crate::jsonl::MAX_DOCUMENT`]).
pub fn read_from(
    reader: impl BufRead,
    wanted: Option<&HashSet<String>>,
    max: u64,
) -> Result<Kept, String> {
    let mut fleet = Fleet {
        wanted,
        ..Fleet::default()
    };
    let mut first: Option<(usize, Value)> = None;
    crate::jsonl::for_each_line(reader, Some(max), |number, text| {
        let value =
            crate::jsonl::parse(number, &text).map_err(|why| format!("{why}; {SAVE_HINT}"))?;
        // The first value waits for a second: alone and no fleet line, it is a document.
        match first.take() {
            None if fleet.lines == 0 => first = Some((number, value)),
            None => fleet.add(number, &value)?,
            Some((at, earlier)) => {
                fleet.add(at, &earlier)?;
                fleet.add(number, &value)?;
            }
        }
        Ok(())
    })?;
    if let Some((at, only)) = first {
        if fleet_line(&only).is_none() {
            let path = completed(&only)?;
            return Ok(Kept {
                traces: vec![Saved { serial: None, path }],
                ..Kept::default()
            });
        }
        fleet.add(at, &only)?;
    }
    if fleet.lines == 0 {
        return Err(format!("it is empty; {SAVE_HINT}"));
    }
    fleet.finish()
}

/// The traces of a fleet's lines so far; a serial's first line counts.
#[derive(Default)]
struct Fleet<'a> {
    traces: Vec<Saved>,
    skipped: Skipped,
    seen: HashSet<String>,
    /// Only these devices are kept (`None`: all).
    wanted: Option<&'a HashSet<String>>,
    /// Fleet lines read, kept or not.
    lines: usize,
    /// The first device's line, kept whatever `wanted` says: a file of one line is a
    /// baseline for any device.
    first: Option<Saved>,
    others: Vec<String>,
}

impl Fleet<'_> {
    fn add(&mut self, line: usize, value: &Value) -> Result<(), String> {
        let (serial, task) = fleet_line(value).ok_or_else(|| {
            format!(
                "line {line} is not a fleet result (an object with serial and task); {SAVE_HINT}"
            )
        })?;
        self.lines += 1;
        let is_first = self.lines == 1;
        let asked = self
            .wanted
            .is_none_or(|w| w.contains(&serial.to_ascii_uppercase()));
        if !asked && !is_first {
            if task.is_some() {
                self.name_other(serial);
            }
            return Ok(());
        }
        let why = match task.map(completed) {
            Some(Ok(path)) => {
                let saved = Saved {
                    serial: Some(serial.to_owned()),
                    path,
                };
                if !asked {
                    self.name_other(serial);
                    self.first = Some(saved);
                } else if self.seen.insert(serial.to_owned()) {
                    self.traces.push(saved);
                }
                return Ok(());
            }
            Some(Err(why)) => format!("line {line}: {why}"),
            // A device whose run failed has no path to compare with.
            None => value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("no task")
                .to_owned(),
        };
        if asked {
            self.skipped.push((serial.to_owned(), why));
        }
        Ok(())
    }

    fn name_other(&mut self, serial: &str) {
        match self.others.len() {
            n if n < OTHERS_NAMED => self.others.push(serial.to_owned()),
            OTHERS_NAMED => self.others.push("…".to_owned()),
            _ => {}
        }
    }

    /// The traces kept. A file of one line is a baseline for any device, asked or not.
    fn finish(self) -> Result<Kept, String> {
        let mut traces = self.traces;
        let mut others = self.others;
        if self.lines == 1 && traces.is_empty() && self.first.is_some() {
            traces.extend(self.first);
            others.clear();
        }
        if traces.is_empty() && self.skipped.is_empty() && self.wanted.is_none() {
            return Err("no device of it completed a traceroute".to_owned());
        }
        Ok(Kept {
            traces,
            skipped: self.skipped,
            others,
        })
    }
}

/// A fleet NDJSON line: its `serial` and its `task` (`None` for a device that has none).
fn fleet_line(value: &Value) -> Option<(&str, Option<&Value>)> {
    let object = value.as_object()?;
    let serial = object.get("serial")?.as_str()?;
    Serial::parse(serial).ok()?;
    match object.get("task") {
        Some(task) if task.is_object() => Some((serial, Some(task))),
        _ if object.contains_key("error") || object.contains_key("task") => Some((serial, None)),
        _ => None,
    }
}

/// The path of a completed task document.
fn completed(document: &Value) -> Result<Path, String> {
    let has_hops = document
        .get("output")
        .and_then(|o| o.get("hops"))
        .is_some_and(Value::is_array);
    let not_a_task = || {
        format!(
            "it is not a task document (a JSON object with status and output.hops); {SAVE_HINT}"
        )
    };
    if document.get("status").is_none() {
        return Err(not_a_task());
    }
    let task = Task::from_document(document).map_err(|_| not_a_task())?;
    // A FAILED task has no hops to compare with: say what it is, not what it is not.
    if task.status != Status::Completed && task.status.is_terminal() {
        return Err(format!(
            "the task is {}, not COMPLETED",
            task.status.label()
        ));
    }
    if !has_hops {
        return Err(not_a_task());
    }
    if task.status != Status::Completed {
        return Err(format!(
            "the task is {}, not COMPLETED",
            task.status.label()
        ));
    }
    Ok(Path::of(&task))
}

#[cfg(test)]
mod tests;

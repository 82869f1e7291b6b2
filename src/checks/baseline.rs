//! Paths saved earlier, as `--expect-path` and `diff` read them: one task document (`--json`),
//! or a fleet's NDJSON (`start --serials-file … --json`), whose line for the device in
//! question is the baseline. Anything else is refused in words, never in a parser's.

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
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "it is not text".to_owned())?
        .trim_start_matches('\u{feff}');
    // One value at a time: a fleet's file of many documents is never held parsed whole.
    let mut values = Values {
        text,
        stream: serde_json::Deserializer::from_str(text).into_iter::<Value>(),
    };
    let first = values
        .next()
        .ok_or_else(|| format!("it is empty; {SAVE_HINT}"))??;
    let second = values.next().transpose()?;
    if second.is_none() && fleet_line(&first).is_none() {
        let path = completed(&first)?;
        return Ok((vec![Saved { serial: None, path }], Vec::new()));
    }
    let mut fleet = Fleet::default();
    fleet.add(1, &first)?;
    drop(first);
    let rest = second.map(Ok).into_iter().chain(values.by_ref());
    for (at, value) in rest.enumerate() {
        fleet.add(at + 2, &value?)?;
    }
    if fleet.traces.is_empty() {
        return Err("no device of it completed a traceroute".to_owned());
    }
    Ok((fleet.traces, fleet.skipped))
}

/// The JSON values of a text one at a time; an error names the line where the value that
/// failed begins (a value cut short at the end of the file is reported at its own line, not
/// at the line after it).
struct Values<'a> {
    text: &'a str,
    stream: serde_json::StreamDeserializer<'a, serde_json::de::StrRead<'a>, Value>,
}

impl Iterator for Values<'_> {
    type Item = Result<Value, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.stream.byte_offset();
        Some(self.stream.next()?.map_err(|e| {
            let line = if e.is_eof() {
                let rest = &self.text[start..];
                let value_at = start + (rest.len() - rest.trim_start().len());
                1 + self.text[..value_at].matches('\n').count()
            } else {
                e.line()
            };
            let what = if e.is_eof() {
                "it ends in the middle of"
            } else {
                "it is not"
            };
            format!("{what} a JSON value (line {line}); {SAVE_HINT}")
        }))
    }
}

/// The traces of a fleet's lines so far; a serial's first line counts.
#[derive(Default)]
struct Fleet {
    traces: Vec<Saved>,
    skipped: Skipped,
    seen: std::collections::HashSet<String>,
}

impl Fleet {
    fn add(&mut self, line: usize, value: &Value) -> Result<(), String> {
        let (serial, task) = fleet_line(value).ok_or_else(|| {
            format!(
                "line {line} is not a fleet result (an object with serial and task); {SAVE_HINT}"
            )
        })?;
        let Some(task) = task else {
            // A device whose run failed has no path to compare with.
            let why = value.get("error").and_then(Value::as_str);
            self.skipped
                .push((serial.to_owned(), why.unwrap_or("no task").to_owned()));
            return Ok(());
        };
        let path = match completed(task) {
            Ok(path) => path,
            Err(why) => {
                self.skipped
                    .push((serial.to_owned(), format!("line {line}: {why}")));
                return Ok(());
            }
        };
        if self.seen.insert(serial.to_owned()) {
            self.traces.push(Saved {
                serial: Some(serial.to_owned()),
                path,
            });
        }
        Ok(())
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
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../tests/fixtures/seed-completed.json");

    fn line(serial: &str, task: &str) -> String {
        let task: Value = serde_json::from_str(task).unwrap();
        serde_json::json!({"serial": serial, "task_id": "t", "status": "COMPLETED",
                           "exit_code": 0, "checks": [], "task": task})
        .to_string()
    }

    #[test]
    fn a_task_document_or_fleet_lines_are_baselines() {
        let one = read(SEED.as_bytes()).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].serial, None);
        let failed = r#"{"serial":"CN3","task_id":null,"status":null,"exit_code":10,"checks":[],"error":"offline"}"#;
        let fleet = format!("{}\n{}\n{failed}\n", line("CN1", SEED), line("CN2", SEED));
        let traces = read(fleet.as_bytes()).unwrap();
        let serials: Vec<_> = traces.iter().map(|t| t.serial.as_deref()).collect();
        assert_eq!(serials, [Some("CN1"), Some("CN2")]);
        let baseline = Baseline {
            name: "fleet.ndjson".into(),
            traces,
            per_device: false,
            unusable: Vec::new(),
        };
        assert_eq!(
            baseline.for_serial(Some("CN2")).unwrap().serial.as_deref(),
            Some("CN2")
        );
        assert_eq!(
            baseline.for_serial(Some("CN9")).unwrap_err(),
            "fleet.ndjson holds no trace of CN9 (it has CN1, CN2)"
        );
        assert!(baseline.for_serial(None).unwrap_err().contains(
            "holds the traces of 2 devices (CN1, CN2); name the one to compare with --serial SN"
        ));
        // A device whose trace FAILED fails its own comparison, never the others'.
        let failed_task = SEED.replace("\"COMPLETED\"", "\"FAILED\"").replacen(
            "\"output\": {",
            "\"output\": null, \"unused\": {",
            1,
        );
        let with_failed = format!("{}\n{}\n", line("CN1", SEED), line("FAIL3", &failed_task));
        let (traces, unusable) = read_lines(with_failed.as_bytes()).unwrap();
        let baseline = Baseline {
            name: "base.ndjson".into(),
            traces,
            per_device: false,
            unusable,
        };
        assert!(baseline.for_serial(Some("CN1")).is_ok());
        assert_eq!(
            baseline.for_serial(Some("FAIL3")).unwrap_err(),
            "base.ndjson's line for FAIL3 has no completed trace: line 2: the task is FAILED, \
             not COMPLETED"
        );
        // One fleet line is a baseline for any device asked about.
        let single = read(line("CN1", SEED).as_bytes()).unwrap();
        assert_eq!(single[0].serial.as_deref(), Some("CN1"));
    }

    #[test]
    fn anything_else_is_refused_in_words() {
        for bad in [
            "{}",
            "[]",
            r#"{"status":"COMPLETED"}"#,
            r#"{"output":{"hops":[]}}"#,
            "42",
        ] {
            let why = read(bad.as_bytes()).unwrap_err();
            assert!(why.starts_with("it is not a task document"), "{bad}: {why}");
        }
        let why = read(b"{\"status\": ").unwrap_err();
        assert!(
            why.starts_with("it ends in the middle of a JSON value (line 1)"),
            "{why}"
        );
        assert!(!why.contains("EOF while parsing"), "{why}");
        let why = read(b"{} x").unwrap_err();
        assert!(why.starts_with("it is not a JSON value (line 1)"), "{why}");
        // A fleet file cut short in its third line says line 3, not the line after it.
        let cut = format!(
            "{}\n{}\n{{\"serial\": \"CN3\", \"ta",
            line("CN1", SEED),
            line("CN2", SEED)
        );
        let why = read(cut.as_bytes()).unwrap_err();
        assert!(why.contains("(line 3)"), "{why}");
        assert!(read(b"  \n").unwrap_err().starts_with("it is empty"));
        let running = SEED.replace("\"COMPLETED\"", "\"RUNNING\"");
        assert_eq!(
            read(running.as_bytes()).unwrap_err(),
            "the task is RUNNING, not COMPLETED"
        );
        let mixed = format!("{}\n{{}}\n", line("CN1", SEED));
        assert!(read(mixed.as_bytes())
            .unwrap_err()
            .starts_with("line 2 is not a fleet result"));
    }
}

//! Moving a history: `history export` writes one line per trace — a fleet line (`serial`,
//! `task_id`, `status`, `task`) with the recorded metadata beside it — that `--expect-path`,
//! `diff` and `map` read as they read a fleet's NDJSON; `history import` reads those lines,
//! a fleet's `--json` lines, or plain task documents, and makes the rows to record.

use serde_json::{Map, Value};

use super::{Entry, HistoryError, Row, Scope, Source};
use crate::ids::{Serial, Test};
use crate::path::identity::hash;
use crate::task::Fetched;

/// The export line of a recorded trace: `document` is its JSON text as stored.
pub fn export_line(entry: &Entry, document: &str) -> Result<String, HistoryError> {
    let task: Value = serde_json::from_str(document).map_err(|e| HistoryError::Document {
        id: entry.id,
        why: e.to_string(),
    })?;
    let mut line = Map::new();
    line.insert("serial".into(), entry.serial.clone().into());
    line.insert("task_id".into(), entry.task_id.clone().into());
    line.insert("status".into(), entry.status.clone().into());
    line.insert("id".into(), entry.id.into());
    line.insert("recorded_at".into(), rfc3339(entry.recorded_at).into());
    line.insert("profile".into(), entry.profile.clone().into());
    line.insert("base_url".into(), entry.base_url.clone().into());
    line.insert("device".into(), entry.device.clone().into());
    line.insert("destination".into(), entry.destination.clone().into());
    line.insert("test".into(), entry.test.clone().into());
    line.insert("task".into(), task);
    Ok(Value::Object(line).to_string())
}

/// What an import takes from the command line for lines that do not say.
pub struct Defaults<'a> {
    /// The profile every trace is recorded under.
    pub profile: &'a str,
    /// The profile's Central; a line's own `base_url` wins.
    pub base_url: Option<&'a str>,
    pub device: &'a str,
    /// The device of plain task documents, which name none.
    pub serial: Option<&'a str>,
    /// Unix time now, for a document that carries no time at all.
    pub now: i64,
}

/// What one line of an import is.
pub enum Line {
    /// A trace to record, and the history id it had when it was exported (kept if free).
    Trace(Box<Row>, Option<i64>),
    /// A fleet line of a device that has no task (its start failed): nothing to record.
    NoTask,
}

/// The row of one imported line, or why it cannot be recorded (in words, for `line N: …`).
pub fn import_line(value: Value, defaults: &Defaults<'_>) -> Result<Line, String> {
    let Value::Object(mut object) = value else {
        return Err("it is not a JSON object".to_owned());
    };
    let wrapped = object.contains_key("serial")
        && (object.contains_key("task") || object.contains_key("error"));
    let (meta, document) = if wrapped {
        match object.remove("task") {
            Some(task @ Value::Object(_)) => (object, task),
            _ => return Ok(Line::NoTask),
        }
    } else {
        (Map::new(), Value::Object(object))
    };
    let text = |key: &str| meta.get(key).and_then(Value::as_str).map(str::to_owned);
    let task_id = text("task_id").unwrap_or_else(|| {
        // A document saved alone has no task id: one made from its bytes still finds it
        // again when the same file is imported twice.
        format!("import-{:016x}", hash(document.to_string().as_bytes()))
    });
    // What the line holds first: something that is no task document needs no device.
    let fetched = Fetched::from_document(document)
        .map_err(|why| format!("it is not a task document ({why})"))?;
    if !fetched.task.status.is_terminal() {
        return Err(format!(
            "the task is {}, not finished",
            fetched.task.status.label()
        ));
    }
    let serial = match (text("serial"), defaults.serial) {
        (Some(serial), _) => serial,
        (None, Some(serial)) => serial.to_owned(),
        (None, None) => return Err("a task document names no device: give --serial SN".to_owned()),
    };
    Serial::parse(&serial).map_err(|why| format!("its serial: {why}"))?;
    let base_url = text("base_url")
        .or_else(|| defaults.base_url.map(str::to_owned))
        .ok_or_else(|| {
            "it does not say which Central it came from: give --base-url (or use a profile \
             that has one)"
                .to_owned()
        })?;
    let scope = Scope {
        profile: defaults.profile.to_owned(),
        base_url,
    };
    let recorded_at = text("recorded_at")
        .and_then(|t| unix_of(&t))
        .or_else(|| document_time(&fetched, "endTime"))
        .or_else(|| document_time(&fetched, "startTime"))
        .unwrap_or(defaults.now);
    let device = text("device").unwrap_or_else(|| defaults.device.to_owned());
    let destination = text("destination");
    let source = Source {
        scope: &scope,
        device: &device,
        serial: &serial,
        task_id: &task_id,
        destination: destination.as_deref(),
        recorded_at,
        test: match text("test").as_deref() {
            Some("ping") => Test::Ping,
            _ => Test::Traceroute,
        },
    };
    let row = Row::of(&source, &fetched, None).map_err(|e| e.to_string())?;
    let id = meta.get("id").and_then(Value::as_i64).filter(|id| *id > 0);
    Ok(Line::Trace(Box::new(row), id))
}

fn document_time(fetched: &Fetched, key: &str) -> Option<i64> {
    fetched
        .document
        .get(key)
        .and_then(Value::as_str)
        .and_then(unix_of)
}

/// Unix seconds of an RFC 3339 time.
fn unix_of(text: &str) -> Option<i64> {
    humantime::parse_rfc3339_weak(text.trim())
        .ok()
        .map(super::unix)
}

/// An RFC 3339 time, in seconds, of a Unix time.
pub fn rfc3339(unix: i64) -> String {
    let at = crate::clock::epoch(u64::try_from(unix).unwrap_or(0)).unwrap_or(std::time::UNIX_EPOCH);
    humantime::format_rfc3339_seconds(at).to_string()
}

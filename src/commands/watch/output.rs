//! What a watch writes: a line (or an NDJSON object) per event with the target's labels, the
//! live view's device lines, and the metrics after a round — served, or written to a file
//! through a rename.

use std::path::Path as FsPath;
use std::sync::Mutex;
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::plan::Target;
use crate::error::Result;
use crate::metrics::Metrics;
use crate::ui::{Ui, WatchView};
use crate::watch::Event;

/// How events are printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// `--changes`: events of change only.
    pub changes: bool,
    pub json: bool,
    /// A watch file's: lines name each target's group and destination too.
    pub grouped: bool,
}

/// One line per event: text (`TIME  round N  [GROUP  ]SERIAL[  DESTINATION]  what`), or
/// NDJSON with `group` (watch files), `serial`, `device` and `destination`; `false` once the
/// reader of stdout went away.
pub fn print(out: Output, round: u32, target: &Target, events: &[Event]) -> Result<bool> {
    let time = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let shown = events.iter().filter(|e| !out.changes || e.is_change());
    let key = &target.key;
    let mut text = String::new();
    for event in shown {
        if out.json {
            let mut line = Map::new();
            line.insert("time".into(), time.clone().into());
            line.insert("round".into(), round.into());
            if out.grouped {
                line.insert("group".into(), key.group.clone().into());
            }
            line.insert("serial".into(), key.serial.clone().into());
            line.insert("device".into(), target.group.device.name().into());
            line.insert("destination".into(), key.destination.clone().into());
            if let Ok(Value::Object(fields)) = serde_json::to_value(event) {
                line.extend(fields);
            }
            text.push_str(&crate::term::visible_json(&Value::Object(line).to_string()));
        } else {
            let described = event.describe();
            let what = crate::term::one_line(&described);
            if out.grouped {
                text.push_str(&format!(
                    "{time}  round {round}  {}  {}  {}  {what}",
                    crate::term::one_line(&key.group),
                    key.serial,
                    key.destination
                ));
            } else {
                text.push_str(&format!("{time}  round {round}  {}  {what}", key.serial));
            }
        }
        text.push('\n');
    }
    if text.is_empty() {
        return Ok(true);
    }
    crate::commands::print_open(text.as_bytes())
}

/// The target's line of the live view: its latest result (or error) and its RTT.
pub fn show(view: &WatchView, index: usize, target: &Target, events: &[Event]) {
    let summary = events
        .iter()
        .find(|e| matches!(e, Event::Result { .. } | Event::Error { .. }))
        .map(Event::describe)
        .unwrap_or_default();
    let rtt = events.iter().find_map(|e| match e {
        Event::Result { avg_ms, .. } => *avg_ms,
        _ => None,
    });
    view.device(index, &format!("{}  {summary}", target.key.serial), rtt);
}

/// Writes the metrics file through a temporary file and a rename, so that a collector never
/// reads half of it.
pub fn write_metrics_file(file: &FsPath, metrics: &Mutex<Metrics>) -> std::io::Result<()> {
    let text = metrics.lock().map(|m| m.render()).unwrap_or_default();
    let temp = file.with_extension(format!("tmp.{}", std::process::id()));
    let written = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// The metrics file after a round. A file that cannot be written is a warning when it starts
/// failing and a notice when it can be written again, not a line every round; the watch goes
/// on. `failing` is what the last round found.
pub fn write_metrics(file: &FsPath, metrics: &Mutex<Metrics>, failing: &mut bool, ui: &Ui) {
    let written = write_metrics_file(file, metrics);
    match (&written, *failing) {
        (Err(err), false) => ui.warn(&format!(
            "cannot write the metrics file {}: {err}; the watch goes on, and says when it can \
             again",
            file.display()
        )),
        (Ok(()), true) => ui.say(&format!(
            "the metrics file {} is written again",
            file.display()
        )),
        _ => {}
    }
    *failing = written.is_err();
}

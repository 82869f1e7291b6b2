//! `gwtrace history`: the traces recorded so far — listed, one shown in any format, or the
//! old ones pruned.

use std::time::SystemTime;

use crate::cli::{HistoryArgs, HistoryCommand};
use crate::error::{Error, Result};
use crate::history::{self, Entry, History, Query};
use crate::path::compare::compare;
use crate::path::Path;
use crate::render::history::Listed;
use crate::render::{self, Style};
use crate::task::Fetched;
use crate::ui::Ui;

pub fn run(args: &HistoryArgs, ui: &Ui) -> Result<()> {
    let history = open()?;
    match &args.command {
        None => list(&history, args),
        Some(HistoryCommand::Show { id, output }) => {
            let (_, fetched) = recorded(&history, *id)?;
            let style = Style::for_stdout(&ui.term);
            super::print_with(|out| render::render(&fetched, output.format(), style, out))
        }
        Some(HistoryCommand::Prune { older_than }) => {
            let before = history::unix(SystemTime::now()) - secs(*older_than);
            let gone = history.prune(before).map_err(failed)?;
            let traces = if gone == 1 { "trace" } else { "traces" };
            ui.say(&format!(
                "pruned {gone} {traces} recorded before {}",
                rfc3339(before)
            ));
            Ok(())
        }
    }
}

/// The history file, opened; exit 1 saying why when it cannot be.
pub fn open() -> Result<History> {
    let file = history::default_path().ok_or_else(|| {
        Error::config("cannot find a data directory for the trace history (is HOME set?)")
    })?;
    History::open(&file).map_err(|why| {
        Error::other(format!(
            "cannot open the trace history {}: {why}",
            file.display()
        ))
    })
}

/// Recorded trace `id` and its document, decoded.
pub fn recorded(history: &History, id: i64) -> Result<(Entry, Fetched)> {
    let (entry, text) = history
        .get(id)
        .map_err(failed)?
        .ok_or_else(|| Error::NotFound {
            detail: format!("no trace {id} in the history (gwtrace history lists them)"),
            missing: crate::error::Missing::Unknown,
        })?;
    let value = serde_json::from_str(&text)
        .map_err(|_| Error::other(format!("trace {id} in the history is not JSON")))?;
    let fetched = Fetched::from_document(value)
        .map_err(|_| Error::other(format!("trace {id} in the history is not a task document")))?;
    Ok((entry, fetched))
}

fn list(history: &History, args: &HistoryArgs) -> Result<()> {
    let query = Query {
        serial: args.serial.as_ref().map(ToString::to_string),
        destination: args.dest.clone(),
        since: args
            .since
            .map(|since| history::unix(SystemTime::now()) - secs(since)),
        completed_only: false,
        limit: Some(args.limit),
    };
    let mut listed = Vec::new();
    for entry in history.list(&query).map_err(failed)? {
        let previous = history.previous(&entry).map_err(failed)?;
        let changed = match (&entry.fingerprint, previous) {
            (Some(now), Some(before)) if before.fingerprint.as_ref() == Some(now) => Some(false),
            // Other responders: changed by the rule of `diff` (ECMP alternation is not).
            (Some(_), Some(before)) => Some(!same_path(history, before.id, entry.id)?),
            _ => None,
        };
        listed.push(Listed { entry, changed });
    }
    super::print_with(|out| render::history::render(&listed, args.json, out))
}

/// Whether recorded traces `old` and `new` took the same path by the rule of `diff`.
fn same_path(history: &History, old: i64, new: i64) -> Result<bool> {
    let path = |id| -> Result<Path> { Ok(Path::of(&recorded(history, id)?.1.task)) };
    Ok(compare(&path(old)?, &path(new)?, f64::INFINITY).same)
}

fn failed(why: String) -> Error {
    Error::other(format!("cannot read the trace history: {why}"))
}

fn secs(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

fn rfc3339(unix: i64) -> String {
    let at =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(unix).unwrap_or(0));
    humantime::format_rfc3339_seconds(at).to_string()
}

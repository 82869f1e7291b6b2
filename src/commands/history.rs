//! `gwtrace history`: the traces recorded so far — listed, one shown in any format, exported,
//! imported, or the old ones pruned.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::cli::{Filters, GlobalArgs, HistoryArgs, HistoryCommand};
use crate::error::{Error, Result};
use crate::history::{self, Entry, History, HistoryError, Query};
use crate::ids::{Device, Test};
use crate::path::compare::compare;
use crate::path::Path;
use crate::render::history::Listed;
use crate::render::{self, Style};
use crate::task::Fetched;
use crate::ui::Ui;

pub async fn run(global: &GlobalArgs, args: &HistoryArgs, ui: &Ui) -> Result<()> {
    match &args.command {
        None => list(&open(history::READ_WAIT)?, args),
        Some(HistoryCommand::Show { id, output }) => {
            let (entry, fetched) = recorded(&open(history::READ_WAIT)?, *id)?;
            if entry.test == Test::Ping.segment() {
                let family = Device::ALL
                    .into_iter()
                    .find(|d| d.name() == entry.device)
                    .unwrap_or_default();
                let asked = entry.destination.as_deref();
                return super::ping::print(&fetched, family, output.format(), asked, ui);
            }
            let style = Style::for_stdout(&ui.term);
            super::print_with(|out| render::render(&fetched, output.format(), style, out))
        }
        Some(HistoryCommand::Prune { older_than, before }) => {
            let before = match (older_than, before) {
                (_, Some(at)) => history::unix(*at),
                (Some(ago), None) => since(*ago),
                (None, None) => {
                    return Err(Error::Usage(
                        "give --older-than DURATION or --before TIME".to_owned(),
                    ))
                }
            };
            prune(before, ui).await
        }
        Some(HistoryCommand::Export(args)) => export(args),
        Some(HistoryCommand::Import(args)) => super::import::run(global, args, ui).await,
    }
}

/// The history file's path; exit 1 saying why when there is none.
pub fn file() -> Result<PathBuf> {
    history::default_path().ok_or_else(|| {
        Error::config("cannot find a data directory for the trace history (is HOME set?)")
    })
}

/// The history file, opened, waiting at most `wait` for another process; exit 1 saying why
/// when it cannot be.
pub fn open(wait: Duration) -> Result<History> {
    let file = file()?;
    History::open(&file, wait).map_err(|why| failed(&why))
}

/// Recorded trace `id` and its document, decoded.
pub fn recorded(history: &History, id: i64) -> Result<(Entry, Fetched)> {
    let (entry, text) = history
        .get(id)
        .map_err(|why| failed(&why))?
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
        limit: Some(args.limit),
        ..query(&args.filters)
    };
    let mut listed = Vec::new();
    for entry in history.list(&query).map_err(|why| failed(&why))? {
        // The trace before it of the same profile, Central, serial and destination.
        let previous = history.previous(&entry).map_err(|why| failed(&why))?;
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

/// Every selected trace as one NDJSON line, oldest first, streamed; a reader that went away
/// (`| head`) ends it quietly.
fn export(filters: &Filters) -> Result<()> {
    let history = open(history::READ_WAIT)?;
    let query = query(filters);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut closed = None;
    let written = history.for_each(&query, |entry, document| {
        let line = history::transfer::export_line(entry, &document)?;
        match std::io::Write::write_all(&mut out, line.as_bytes())
            .and_then(|()| std::io::Write::write_all(&mut out, b"\n"))
        {
            Ok(()) => Ok(true),
            Err(e) => {
                closed = Some(e);
                Ok(false)
            }
        }
    });
    written.map_err(|why| failed(&why))?;
    let flushed = match closed {
        Some(e) => Err(e),
        None => std::io::Write::flush(&mut out),
    };
    match flushed {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Deletes what was recorded before `before` (Unix time) and gives the space back, on a thread of its own
/// so that Ctrl-C still ends the run (SQLite rolls back the batch it was in).
async fn prune(before: i64, ui: &Ui) -> Result<()> {
    let gone = off_runtime(move || {
        let mut history = open(history::WRITE_WAIT)?;
        history.prune(before).map_err(|why| failed(&why))
    })
    .await?;
    let traces = if gone == 1 { "trace" } else { "traces" };
    ui.say(&format!(
        "pruned {gone} {traces} recorded before {}",
        history::transfer::rfc3339(before)
    ));
    Ok(())
}

/// Runs `work` on a thread of its own and waits for it without blocking the runtime (never
/// joined: an interrupted run ends with the process).
pub async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    receiver
        .await
        .unwrap_or_else(|_| Err(Error::other("the history's worker thread stopped")))
}

/// The traces the command line's filters select.
fn query(filters: &Filters) -> Query {
    Query {
        serial: filters.serial.as_ref().map(ToString::to_string),
        destination: filters.dest.clone(),
        since: filters.since.map(since),
        test: Some(filters.test),
        ..Query::default()
    }
}

/// The Unix time `ago` before now (the epoch when that is before it).
fn since(ago: Duration) -> i64 {
    let ago = i64::try_from(ago.as_secs()).unwrap_or(i64::MAX);
    history::unix(SystemTime::now()).saturating_sub(ago)
}

/// A history error as the user sees it: which file, and what to do.
pub fn failed(why: &HistoryError) -> Error {
    let file = history::default_path()
        .map(|f| format!(" {}", f.display()))
        .unwrap_or_default();
    Error::other(format!("cannot use the trace history{file}: {why}"))
}

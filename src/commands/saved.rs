//! Traces saved earlier: a file or stdin (`--json` output), or the history (`@last`, `@prev`,
//! `@ID`), read for `--expect-path` and `diff`; and the path checks of a command line made
//! ready before anything is sent.

use std::io::Read;
use std::path::Path as FsPath;

use crate::checks::baseline::{self, Baseline, Saved, Skipped};
use crate::checks::Checks;
use crate::cli::ChecksArgs;
use crate::error::{Error, Result};
use crate::history::Query;
use crate::ids::Serial;
use crate::path::Path;
use crate::task::{Fetched, Status};

/// The most a saved document may hold: the API's own limit on a task document.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Whose trace a `@last` or `@prev` baseline is: the device(s) traced, and the destination
/// when it is known before the trace.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    pub serials: &'a [Serial],
    pub destination: Option<&'a str>,
}

/// The checks of `args`, with `--expect-path`'s baseline read now: a bad one fails before a
/// traceroute is started or a request is sent. For one device, a fleet file must hold that
/// device's line.
pub async fn checks(args: &ChecksArgs, subject: Subject<'_>) -> Result<Checks> {
    let path = match &args.expect_path {
        Some(file) => {
            let baseline = load(file, subject).await?;
            if let [serial] = subject.serials {
                baseline
                    .for_serial(Some(serial.as_str()))
                    .map_err(|why| Error::other(format!("--expect-path: {why}")))?;
            }
            Some(baseline)
        }
        None => None,
    };
    Ok(Checks {
        reach: args.expect_reach,
        via: args.expect_via.clone(),
        max_rtt_ms: args.max_rtt,
        max_loss: args.max_loss,
        path,
    })
}

/// The bytes of `file` (`-`: stdin) and the name to show it under; more than `max` bytes is
/// an error saying so, not a silent cut. Standard input is read on a thread of its own, so
/// that Ctrl-C still ends the run while gwtrace waits for input that does not come.
pub async fn read_input(file: &FsPath, max: u64) -> (String, std::result::Result<Vec<u8>, String>) {
    let limited = move |reader: &mut dyn Read| {
        let mut bytes = Vec::new();
        reader.take(max + 1).read_to_end(&mut bytes).map(|_| bytes)
    };
    let (name, read) = if is_stdin(file) {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        // Never joined: a thread blocked on a silent stdin ends with the process.
        std::thread::spawn(move || {
            let _ = sender.send(limited(&mut std::io::stdin().lock()));
        });
        let read = receiver
            .await
            .unwrap_or_else(|_| Err(std::io::Error::other("stdin could not be read")));
        ("stdin".to_owned(), read)
    } else {
        let read = std::fs::File::open(file).and_then(|mut f| limited(&mut f));
        (file.display().to_string(), read)
    };
    let bytes = match read {
        Err(e) => Err(e.to_string()),
        Ok(bytes) if bytes.len() as u64 > max => {
            Err(format!("it is larger than {} MiB", max / (1024 * 1024)))
        }
        Ok(bytes) => Ok(bytes),
    };
    (name, bytes)
}

/// The saved traces in `file` (`-`: stdin): a task document or a fleet's NDJSON; or, for
/// `@last`, `@prev` and `@ID`, from the history. Anything else is exit 1 naming the file and
/// saying why.
pub async fn load(file: &FsPath, subject: Subject<'_>) -> Result<Baseline> {
    let reading = Reading {
        max: MAX_BYTES,
        strict: true,
        cannot: |name| format!("cannot use {name} as a saved trace"),
    };
    load_as(file, subject, reading).await.map(|(b, _)| b)
}

/// The most a fleet's NDJSON for a map may hold: many documents, each up to the API's limit.
const MAX_FLEET_BYTES: u64 = 512 * 1024 * 1024;

/// Like [`load`], for `gwtrace map`: a fleet file may be large, and its devices without a
/// completed trace are returned beside it (serial, why) rather than failing it.
pub async fn load_for_map(file: &FsPath, subject: Subject<'_>) -> Result<(Baseline, Skipped)> {
    let reading = Reading {
        max: MAX_FLEET_BYTES,
        strict: false,
        cannot: |name| format!("cannot draw {name}"),
    };
    load_as(file, subject, reading).await
}

/// How a file of saved traces is read: its size limit, whether a fleet line without a
/// completed trace fails it, and how an error says what gwtrace could not do with it.
struct Reading {
    max: u64,
    strict: bool,
    cannot: fn(&str) -> String,
}

async fn load_as(
    file: &FsPath,
    subject: Subject<'_>,
    reading: Reading,
) -> Result<(Baseline, Skipped)> {
    if let Some(reference) = file.to_str().and_then(|f| f.strip_prefix('@')) {
        return recorded(reference, subject).map(|b| (b, Skipped::new()));
    }
    let (name, read) = read_input(file, reading.max).await;
    let fail = |why: String| Error::other(format!("{}: {why}", (reading.cannot)(&name)));
    let bytes = read.map_err(fail)?;
    let (traces, skipped) = baseline::read_lines(&bytes, reading.strict).map_err(fail)?;
    let baseline = Baseline {
        name,
        traces,
        per_device: false,
    };
    Ok((baseline, skipped))
}

/// A fleet's or a watch's `--serials-file -` and `--expect-path -` cannot both read stdin:
/// exit 2 before anything is read or sent.
pub fn one_stdin_reader(serials_file: &FsPath, checks: &ChecksArgs) -> Result<()> {
    if is_stdin(serials_file) && checks.expect_path.as_deref().is_some_and(is_stdin) {
        return Err(Error::Usage(
            "--serials-file - and --expect-path - cannot both read stdin; give one of them a file"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Whether `file` names standard input (`-`).
pub fn is_stdin(file: &FsPath) -> bool {
    file.as_os_str() == "-"
}

/// `@last`, `@prev` (each device's newest and second newest completed trace, to the
/// destination when known) or `@ID` (one recorded trace) from the history.
fn recorded(reference: &str, subject: Subject<'_>) -> Result<Baseline> {
    let name = format!("@{reference}");
    let history = super::history::open()?;
    let fail = |why: String| Error::other(format!("{name}: {why}"));
    if let Ok(id) = reference.parse::<i64>() {
        let (entry, fetched) = super::history::recorded(&history, id)?;
        let path = completed(&fetched).map_err(fail)?;
        return Ok(Baseline {
            name,
            traces: vec![Saved {
                serial: Some(entry.serial),
                path,
            }],
            per_device: false,
        });
    }
    let back = match reference {
        "last" => 0,
        "prev" => 1,
        _ => {
            return Err(Error::Usage(format!(
                "{name} is not a recorded trace: use @last, @prev or @ID (an ID from gwtrace \
                 history)"
            )))
        }
    };
    if subject.serials.is_empty() {
        return Err(Error::Usage(format!(
            "{name} needs the device it is about: give --serial SN"
        )));
    }
    let mut traces = Vec::new();
    for serial in subject.serials {
        let query = Query {
            serial: Some(serial.to_string()),
            destination: subject.destination.map(str::to_owned),
            completed_only: true,
            limit: Some(back + 1),
            ..Query::default()
        };
        let entries = history.list(&query).map_err(fail)?;
        let to = subject
            .destination
            .map(|d| format!(" to {d}"))
            .unwrap_or_default();
        let Some(entry) = entries.get(back as usize) else {
            if let [_] = subject.serials {
                return Err(fail(format!(
                    "the history holds {} completed trace(s) of {serial}{to}, so no {name}",
                    entries.len()
                )));
            }
            // In a fleet, a device with no such trace fails its own check, not the run.
            continue;
        };
        let (_, fetched) = super::history::recorded(&history, entry.id)?;
        traces.push(Saved {
            serial: Some(serial.to_string()),
            path: completed(&fetched).map_err(fail)?,
        });
    }
    Ok(Baseline {
        name,
        traces,
        per_device: true,
    })
}

fn completed(fetched: &Fetched) -> std::result::Result<Path, String> {
    match &fetched.task.status {
        Status::Completed => Ok(Path::of(&fetched.task)),
        other => Err(format!("the task is {}, not COMPLETED", other.label())),
    }
}

//! Traces saved earlier: a file or stdin (`--json` output), or the history (`@last`, `@prev`,
//! `@ID`), read for `--expect-path` and `diff`; and the path checks of a command line made
//! ready before anything is sent.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path as FsPath;

use crate::checks::baseline::{self, Baseline, Saved, Skipped};
use crate::checks::Checks;
use crate::cli::{ChecksArgs, GlobalArgs};
use crate::error::{Error, Result};
use crate::history::{self, serial_key, Entry, History};
use crate::ids::Serial;
use crate::path::Path;
use crate::task::{Fetched, Status};

/// Whose trace a `@last` or `@prev` baseline is: the device(s) traced, and the destination
/// when it is known before the trace.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub serials: &'a [Serial],
    pub destination: Option<&'a str>,
    /// The command line: its profile and Central are the history's scope for `@last` and
    /// `@prev`.
    pub global: &'a GlobalArgs,
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
        max_jitter_ms: None,
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
    let read = if is_stdin(file) {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        // Never joined: a thread blocked on a silent stdin ends with the process.
        std::thread::spawn(move || {
            let _ = sender.send(limited(&mut std::io::stdin().lock()));
        });
        receiver
            .await
            .unwrap_or_else(|_| Err(std::io::Error::other("stdin could not be read")))
    } else {
        std::fs::File::open(file).and_then(|mut f| limited(&mut f))
    };
    let name = shown_name(file);
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
    let cannot = |name: &str| format!("cannot use {name} as a saved trace");
    load_as(file, subject, cannot).await.map(|(b, _)| b)
}

/// Like [`load`], for `gwtrace map`: its devices without a completed trace are returned
/// beside it (serial, why) to be listed.
pub async fn load_for_map(file: &FsPath, subject: Subject<'_>) -> Result<(Baseline, Skipped)> {
    load_as(file, subject, |name| format!("cannot draw {name}")).await
}

/// Reads `file` on a thread of its own (so that Ctrl-C still ends a run that waits for a
/// silent stdin), one line at a time, keeping only the devices of `subject` when it names
/// any: a fleet file of any size up to [`baseline::MAX_FILE`] costs memory for the devices
/// asked about, not for the file.
async fn load_as(
    file: &FsPath,
    subject: Subject<'_>,
    cannot: fn(&str) -> String,
) -> Result<(Baseline, Skipped)> {
    if let Some(reference) = file.to_str().and_then(|f| f.strip_prefix('@')) {
        return recorded(reference, subject).map(|b| (b, Skipped::new()));
    }
    let name = shown_name(file);
    let wanted: Option<HashSet<String>> = (!subject.serials.is_empty()).then(|| {
        subject
            .serials
            .iter()
            .map(|s| s.as_str().to_ascii_uppercase())
            .collect()
    });
    let (path, stdin) = (file.to_path_buf(), is_stdin(file));
    let (sender, receiver) = tokio::sync::oneshot::channel();
    // Never joined: a thread blocked on a silent stdin ends with the process.
    std::thread::spawn(move || {
        let read = |reader: &mut dyn std::io::BufRead| {
            baseline::read_from(reader, wanted.as_ref(), baseline::MAX_FILE)
        };
        let result = if stdin {
            read(&mut std::io::stdin().lock())
        } else {
            std::fs::File::open(&path)
                .map_err(|e| e.to_string())
                .and_then(|f| read(&mut std::io::BufReader::with_capacity(256 * 1024, f)))
        };
        let _ = sender.send(result);
    });
    let read = receiver
        .await
        .unwrap_or_else(|_| Err("it could not be read".to_owned()));
    let kept = read.map_err(|why| Error::other(format!("{}: {why}", cannot(&name))))?;
    let skipped = kept.skipped.clone();
    let baseline = Baseline {
        name,
        traces: kept.traces,
        per_device: false,
        unusable: kept.skipped,
        others: kept.others,
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
/// destination when known, taken against the same profile and Central as this run) or `@ID`
/// (one recorded trace) from the history. Every device's trace is found in one query.
fn recorded(reference: &str, subject: Subject<'_>) -> Result<Baseline> {
    let name = format!("@{reference}");
    let fail = |why: String| Error::other(format!("{name}: {why}"));
    if let Ok(id) = reference.parse::<i64>() {
        let history = super::history::open(history::READ_WAIT)?;
        let (entry, fetched) = super::history::recorded(&history, id)?;
        if entry.test != crate::ids::Test::Traceroute.segment() {
            return Err(fail(format!(
                "it is a recorded {}, which has no path to compare",
                entry.test
            )));
        }
        let path = completed(&fetched).map_err(fail)?;
        return Ok(Baseline {
            name,
            traces: vec![Saved {
                serial: Some(entry.serial),
                path,
            }],
            per_device: false,
            unusable: Vec::new(),
            others: Vec::new(),
        });
    }
    let back: u32 = match reference {
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
    let scope = scope_for(&name, subject.global)?;
    let history = super::history::open(history::READ_WAIT)?;
    let keys: Vec<String> = subject
        .serials
        .iter()
        .map(|s| serial_key(s.as_str()))
        .collect();
    let mut found = history
        .latest(&scope, &keys, subject.destination, back + 1)
        .map_err(|why| super::history::failed(&why))?;
    let mut traces = Vec::new();
    for (serial, key) in subject.serials.iter().zip(&keys) {
        let entries = found.remove(key).unwrap_or_default();
        let Some(entry) = entries.get(back as usize) else {
            if let [_] = subject.serials {
                return Err(fail(too_few(&history, &scope, serial, subject, &entries)));
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
        unusable: Vec::new(),
        others: Vec::new(),
    })
}

/// The profile and Central whose traces `@last`/`@prev` are: those of this run; a profile
/// that names no Central is exit 3, saying why one is needed.
fn scope_for(name: &str, global: &GlobalArgs) -> Result<history::Scope> {
    let overrides = super::connect::overrides(global, None);
    let context = crate::settings::history_context(&overrides)?;
    context.scope().ok_or_else(|| {
        let profile = &context.profile;
        Error::config(format!(
            "{name}: the history compares traces only with those taken with the same profile \
             against the same Central, and profile '{profile}' names no Central: give \
             --base-url or --profile, or set GWTRACE_BASE_URL"
        ))
    })
}

/// Why a device has no `@last`/`@prev`: how many completed traces it has in this scope, and
/// whether it has some under another profile or Central, which are never used.
fn too_few(
    history: &History,
    scope: &history::Scope,
    serial: &Serial,
    subject: Subject<'_>,
    entries: &[Entry],
) -> String {
    let to = subject
        .destination
        .map(|d| format!(" to {d}"))
        .unwrap_or_default();
    let count = entries.len();
    let traces = if count == 1 { "trace" } else { "traces" };
    let mut why = format!(
        "the history holds {count} completed {traces} of {serial}{to} taken with profile '{}' \
         against {}",
        scope.profile, scope.base_url
    );
    let elsewhere = history::Query {
        serial: Some(serial.to_string()),
        destination: subject.destination.map(str::to_owned),
        completed_only: true,
        limit: Some(1),
        ..history::Query::default()
    };
    if let Ok(Some(other)) = history.list(&elsewhere).map(|e| e.into_iter().next()) {
        if other.profile != scope.profile || other.base_url.as_deref() != Some(&scope.base_url) {
            let central = other.base_url.as_deref().unwrap_or("an unrecorded Central");
            why.push_str(&format!(
                " (its traces taken with profile '{}' against {central} are never compared \
                 with this one's)",
                other.profile
            ));
        }
    }
    why
}

/// How a file is named in messages: `stdin` for `-`.
pub fn shown_name(file: &FsPath) -> String {
    if is_stdin(file) {
        "stdin".to_owned()
    } else {
        file.display().to_string()
    }
}

fn completed(fetched: &Fetched) -> std::result::Result<Path, String> {
    match &fetched.task.status {
        Status::Completed => Ok(Path::of(&fetched.task)),
        other => Err(format!("the task is {}, not COMPLETED", other.label())),
    }
}

//! `gwtrace start --serials-file FILE DESTINATION`: a traceroute from every device of a file,
//! a bounded number at once, every request of the run under one shared budget; one summary
//! (or one JSON line per device) in file order, and one exit code for the fleet.

use std::path::Path as FsPath;

use futures_util::stream::{self, StreamExt};
use tokio::time::Instant;

use crate::api::{Client, StartOptions};
use crate::checks::Checks;
use crate::cli::{Format, GlobalArgs, StartArgs};
use crate::error::{Error, Result};
use crate::ids::Serial;
use crate::path::Path;
use crate::render::fleet::Outcome;
use crate::render::{self, Style};
use crate::settings::{self, Origin};
use crate::task::Status;
use crate::ui::{FleetProgress, Ui};
use crate::wait::{self, Plan};

use super::connect::{client, Pace, LAST_POLL};

/// The request budget of a fleet run without `--max-rate`.
const DEFAULT_RATE: f64 = 5.0;
/// Serials files larger than this are refused (a million devices is not a fleet).
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// What every device of the run shares.
struct Run<'a> {
    client: &'a Client,
    destination: &'a str,
    options: &'a StartOptions,
    checks: &'a Checks,
    interval: std::time::Duration,
    timeout: std::time::Duration,
    progress: &'a FleetProgress,
    ui: &'a Ui,
}

pub async fn run(
    global: &GlobalArgs,
    args: &StartArgs,
    file: &FsPath,
    destination: &str,
    ui: &Ui,
) -> Result<()> {
    if args.wait.no_wait {
        return Err(Error::Usage(
            "--no-wait does not go with --serials-file: a fleet run waits for every device \
             (use --timeout to bound it)"
                .to_owned(),
        ));
    }
    let serials = read_serials(file)?;
    let checks = super::saved::checks(&args.checks, None)?;
    let settings = settings::resolve(global, Some(&args.wait), Origin::ConfigFile)?;
    let (timeout, interval) = (settings.timeout, settings.interval);
    let pace = Pace {
        max_rate: Some(args.fleet.max_rate.unwrap_or(DEFAULT_RATE)),
        max_pausing: None,
    };
    let client = client(settings, pace, ui)?;
    let options = super::start::start_options(client.device(), &args.source)?;
    let progress = ui.fleet(serials.len());
    let run = Run {
        client: &client,
        destination,
        options: &options,
        checks: &checks,
        interval,
        timeout,
        progress: &progress,
        ui,
    };
    let mut outcomes: Vec<(usize, Outcome)> = stream::iter(serials.iter().enumerate())
        .map(|(index, serial)| {
            let run = &run;
            async move { (index, one(run, serial).await) }
        })
        .buffer_unordered(usize::from(args.fleet.concurrency))
        .collect()
        .await;
    progress.clear();
    ui.clear();
    outcomes.sort_by_key(|(index, _)| *index);
    let outcomes: Vec<Outcome> = outcomes.into_iter().map(|(_, o)| o).collect();
    let mut out = Vec::new();
    let json = args.wait.format() == Format::Json;
    render::fleet::render(&outcomes, json, Style::for_stdout(&ui.term), &mut out)?;
    super::print(&out)?;
    match outcomes.iter().find(|o| o.exit_code != 0) {
        None => Ok(()),
        Some(first) => Err(Error::Fleet(first.exit_code)),
    }
}

/// Starts, waits for and judges one device's traceroute; never fails the run.
async fn one(run: &Run<'_>, serial: &Serial) -> Outcome {
    let line = run.progress.begin(serial.as_str());
    let deadline = Instant::now() + run.timeout;
    let mut outcome = Outcome::new(serial.to_string());
    let started = run
        .client
        .start(serial, run.destination, run.options, deadline)
        .await;
    let started = match started {
        Ok(started) => started,
        Err(err) => {
            line.end(false);
            return outcome.failed(&err);
        }
    };
    outcome.task_id = Some(started.task_id.to_string());
    let again = super::status::again(run.client, serial, &started.task_id);
    run.ui.started(started.task_id.as_str(), &again);
    let plan = Plan {
        wait: true,
        interval: run.interval,
        deadline,
    };
    let mut last = None;
    let poll = || {
        run.client
            .task(serial, &started.task_id, deadline + LAST_POLL)
    };
    let progress = |task: &crate::task::Task| line.update(task.status.label(), task.progress);
    let waited = wait::wait(poll, plan, progress, &mut last).await;
    let judged = waited.and_then(|ending| {
        let fetched = last
            .as_ref()
            .expect("a finished wait has received a document");
        wait::verdict(fetched, ending, run.timeout, &again)
    });
    if let Some(fetched) = &last {
        outcome.status = Some(fetched.task.status.label().to_owned());
        outcome.task = Some(fetched.document().to_value());
        if fetched.task.status == Status::Completed {
            outcome.path = Some(Path::of(&fetched.task));
        }
    }
    let outcome = match judged {
        Err(err) => outcome.failed(&err),
        Ok(()) => {
            let path = outcome.path.as_ref().expect("a completed task has a path");
            let failures = run.checks.failures(path, Some(serial.as_str()));
            outcome.checked(failures)
        }
    };
    line.end(outcome.exit_code == 0);
    run.ui.finished(started.task_id.as_str());
    outcome
}

/// The serials of `file` (`-`: stdin): one per line, blank lines and `#` comments skipped.
/// An unreadable file is exit 1 naming it; a line that is not a serial is exit 2 naming it.
fn read_serials(file: &FsPath) -> Result<Vec<Serial>> {
    let (name, read) = super::saved::read_input(file, MAX_FILE);
    let text = read
        .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not text".to_owned()))
        .map_err(|why| Error::other(format!("cannot read the serials file {name}: {why}")))?;
    let mut serials = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let serial = Serial::parse(line)
            .map_err(|why| Error::Usage(format!("{name} line {}: {why}", number + 1)))?;
        serials.push(serial);
    }
    if serials.is_empty() {
        return Err(Error::Usage(format!("{name} lists no serial numbers")));
    }
    Ok(serials)
}

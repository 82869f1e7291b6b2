//! `gwtrace start --serials-file FILE DESTINATION`: a traceroute from every device of a file,
//! a bounded number at once, every request of the run under one shared budget; each
//! device's result printed as soon as it can be, and one exit code for the fleet.

use std::collections::BTreeMap;
use std::path::Path as FsPath;

use futures_util::stream::{self, StreamExt};
use tokio::time::Instant;

use crate::api::{Client, StartOptions};
use crate::checks::Checks;
use crate::cli::{GlobalArgs, StartArgs};
use crate::error::{Error, Result};
use crate::follow::{self, Following};
use crate::ids::Serial;
use crate::map::{Graph, Trace};
use crate::outcome::Outcome;
use crate::path::Path;
use crate::render::fleet::FleetWriter;
use crate::render::Style;
use crate::settings::{self, Origin};
use crate::ui::{FleetProgress, Ui};

use super::connect::{client, Pace};
use super::hop_pings::HopPings;
use super::record::Recorder;

/// The request budget of a fleet run without `--max-rate`.
const DEFAULT_RATE: f64 = 5.0;
/// Serials files larger than this are refused (a million devices is not a fleet).
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// What every device of the run shares.
pub struct Run<'a> {
    pub client: &'a Client,
    pub destination: &'a str,
    pub options: &'a StartOptions,
    pub checks: &'a Checks,
    pub interval: std::time::Duration,
    pub timeout: std::time::Duration,
    /// The fleet's display (a watch has none: the default draws nothing).
    pub progress: &'a FleetProgress,
    pub recorder: &'a Recorder,
    pub ui: &'a Ui,
    /// The task id each device's trace runs as, once started (a map interrupted with Ctrl-C
    /// lists the unfinished ones with theirs); `None` where nobody asks (a watch).
    pub started: Option<&'a Started>,
    /// `--hop-pings N`, and every check (`checks` then holds only those of the path; reach,
    /// loss and round-trip time are judged on the pings).
    pub hop_pings: Option<(u8, &'a Checks)>,
}

impl Run<'_> {
    /// What a device's pings run with: this run's client, waiting, recorder and ui, the
    /// waiting counted from now.
    pub fn context(&self) -> super::hop_pings::Context<'_> {
        super::hop_pings::Context {
            client: self.client,
            timing: super::connect::Timing::starting_now(self.timeout, self.interval),
            recorder: self.recorder,
            ui: self.ui,
        }
    }
}

/// Serial → task id of every trace started so far.
pub type Started = std::sync::Mutex<std::collections::HashMap<String, String>>;

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
    super::saved::one_stdin_reader(file, &args.checks)?;
    let serials = read_serials(file, ui).await?;
    let subject = super::saved::Subject {
        serials: &serials,
        destination: Some(destination),
        global,
    };
    let checks = super::saved::checks(&args.checks, subject).await?;
    let path_checks = match args.hop_pings {
        Some(_) => super::hop_pings::path_part(&checks),
        None => checks.clone(),
    };
    let Connected {
        client,
        recorder,
        timeout,
        interval,
    } = connect(global, &args.wait, args.fleet.max_rate, ui)?;
    let options = super::source::start_options(client.device(), &args.source)?;
    let options = super::source::for_destination(options, destination)?;
    let progress = ui.fleet(serials.len());
    let started = Started::default();
    let run = Run {
        client: &client,
        destination,
        options: &options,
        checks: &path_checks,
        interval,
        timeout,
        progress: &progress,
        recorder: &recorder,
        ui,
        started: Some(&started),
        hop_pings: args.hop_pings.map(|count| (count, &checks)),
    };
    let names: Vec<&str> = serials.iter().map(Serial::as_str).collect();
    let writer = FleetWriter::new(args.wait.format(), Style::for_stdout(&ui.term), &names)
        .with_hop_pings(args.hop_pings.is_some());
    let mut printer = Printer::new(writer, serials.len(), ui, &progress);
    printer.unfinished = Some((&serials, &started));
    let each = |serial| one(&run, serial);
    printer.each(&serials, args.fleet.concurrency, each).await
}

/// What a fleet run works with: the client under the fleet's budget, the recorder, and how
/// long to wait for each device's task and how often to ask.
pub(super) struct Connected {
    pub client: Client,
    pub recorder: Recorder,
    pub timeout: std::time::Duration,
    pub interval: std::time::Duration,
}

/// The settings of a fleet run, resolved, and its client: every request under one budget,
/// `--max-rate` or [`DEFAULT_RATE`] a second.
pub(super) fn connect(
    global: &GlobalArgs,
    wait: &crate::cli::WaitArgs,
    max_rate: Option<f64>,
    ui: &Ui,
) -> Result<Connected> {
    let settings = settings::resolve(
        &super::connect::overrides(global, Some(wait)),
        Origin::ConfigFile,
    )?;
    let (timeout, interval) = (settings.timeout, settings.interval);
    let pace = Pace {
        max_rate: Some(max_rate.unwrap_or(DEFAULT_RATE)),
        max_pausing: None,
    };
    let recorder = Recorder::new(&settings);
    Ok(Connected {
        client: client(settings, pace, ui)?,
        recorder,
        timeout,
        interval,
    })
}

/// Prints each device's result as soon as it can: in file order, once every earlier device is
/// done, so that the output is the same however the devices raced. Dropped before the end (Ctrl-C, SIGTERM), it
/// prints every finished device that was still waiting for an earlier one, so that no result
/// is lost.
pub(super) struct Printer<'a> {
    writer: FleetWriter,
    ui: &'a Ui,
    progress: &'a FleetProgress,
    /// Finished devices waiting for an earlier one (file-order formats).
    waiting: BTreeMap<usize, Outcome>,
    /// The index of the next device to print in file order.
    next: usize,
    /// Every device's exit code, in file order, once it is done.
    codes: Vec<Option<u8>>,
    /// For a map (`-o dot|svg|html`): each device's path or error, in file order, drawn
    /// together at the end.
    drawn: Vec<(String, Option<Path>, Option<String>)>,
    finished: bool,
    /// The fleet's serials and the tasks started, for the devices a map interrupted before
    /// they finished.
    unfinished: Option<(&'a [Serial], &'a Started)>,
}

impl<'a> Printer<'a> {
    pub(super) fn new(
        writer: FleetWriter,
        total: usize,
        ui: &'a Ui,
        progress: &'a FleetProgress,
    ) -> Self {
        Printer {
            writer,
            ui,
            progress,
            waiting: BTreeMap::new(),
            next: 0,
            codes: vec![None; total],
            drawn: Vec::new(),
            finished: false,
            unfinished: None,
        }
    }

    /// Runs `one` for every device, `concurrency` at once, and prints each outcome as it
    /// comes, between the header and the fleet's end.
    pub(super) async fn each<'s, F, Fut>(
        mut self,
        serials: &'s [Serial],
        concurrency: u16,
        one: F,
    ) -> Result<()>
    where
        F: Fn(&'s Serial) -> Fut,
        Fut: std::future::Future<Output = Outcome>,
    {
        self.header()?;
        let mut done = stream::iter(serials.iter().enumerate())
            .map(|(index, serial)| {
                let outcome = one(serial);
                async move { (index, outcome.await) }
            })
            .buffer_unordered(usize::from(concurrency));
        while let Some((index, outcome)) = done.next().await {
            self.add(index, outcome)?;
        }
        drop(done);
        self.finish()
    }

    fn header(&self) -> Result<()> {
        self.write(|out| self.writer.header(out))
    }

    fn add(&mut self, index: usize, outcome: Outcome) -> Result<()> {
        self.codes[index] = Some(outcome.exit_code);
        if !self.writer.shows_errors() {
            // CSV, raw text and mtr reports have no place for them: stderr has.
            let serial = &outcome.serial;
            let problems = outcome.error.iter().map(|e| (e, false));
            for (message, check) in problems.chain(outcome.checks.iter().map(|c| (c, true))) {
                self.progress
                    .suspend(|| self.ui.device_problem(serial, message, check));
            }
        }
        self.waiting.insert(index, outcome);
        while let Some(outcome) = self.waiting.remove(&self.next) {
            self.next += 1;
            if self.writer.format().map().is_some() {
                self.drawn.push(for_map(outcome));
            } else {
                self.write(|out| self.writer.device(&outcome, out))?;
            }
        }
        Ok(())
    }

    /// The map of every device drawn so far, when the format is one.
    fn map(&self) -> Result<()> {
        let Some(format) = self.writer.format().map() else {
            return Ok(());
        };
        let mut traces = Vec::new();
        let mut failed = Vec::new();
        for (serial, path, error) in &self.drawn {
            match path {
                Some(path) => traces.push(Trace {
                    source: serial,
                    path,
                }),
                None => failed.push((serial.clone(), error.clone().unwrap_or_default())),
            }
        }
        let graph = Graph::build(&traces, &failed);
        self.write(|out| crate::map::write(&graph, format, out))
    }

    /// The summary, and the fleet's exit code: the first device in file order that did not
    /// succeed.
    fn finish(mut self) -> Result<()> {
        self.finished = true;
        self.progress.clear();
        self.ui.clear();
        let failed = self.codes.iter().filter(|c| **c != Some(0)).count();
        let total = self.codes.len();
        self.map()?;
        self.write(|out| self.writer.summary(total, failed, out))?;
        match self.codes.iter().flatten().find(|&&code| code != 0) {
            None => Ok(()),
            Some(&code) => Err(Error::Fleet(code)),
        }
    }

    fn write(&self, write: impl FnOnce(&mut super::Stdout) -> std::io::Result<()>) -> Result<()> {
        self.progress.suspend(|| super::print_with(write))
    }
}

impl Drop for Printer<'_> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        self.progress.clear();
        self.ui.clear();
        for outcome in std::mem::take(&mut self.waiting).into_values() {
            if self.writer.format().map().is_some() {
                self.drawn.push(for_map(outcome));
            } else {
                let _ = self.write(|out| self.writer.device(&outcome, out));
            }
        }
        if self.writer.format().map().is_some() {
            self.list_unfinished();
        }
        if !self.drawn.is_empty() {
            let _ = self.map();
        }
    }
}

impl Printer<'_> {
    /// An interrupted map lists every device that had not finished, with its task id, so that
    /// its table says what is still running and how to read it later.
    fn list_unfinished(&mut self) {
        let Some((serials, started)) = self.unfinished else {
            return;
        };
        let tasks = started.lock().map(|t| t.clone()).unwrap_or_default();
        for (serial, code) in serials.iter().zip(&self.codes) {
            if code.is_some() {
                continue;
            }
            let why = match tasks.get(serial.as_str()) {
                Some(task) => format!("still running when interrupted: task {task}"),
                None => "not started when interrupted".to_owned(),
            };
            self.drawn.push((serial.to_string(), None, Some(why)));
        }
    }
}

/// What a map keeps of a device's outcome: its serial, and its path or why it has none.
/// Only a COMPLETED trace is drawn; any other device is listed with why.
fn for_map(outcome: Outcome) -> (String, Option<Path>, Option<String>) {
    let Outcome {
        serial,
        fetched,
        path,
        error,
        ..
    } = outcome;
    match fetched {
        Some(fetched) if fetched.task.status == crate::task::Status::Completed => {
            let path = path.unwrap_or_else(|| Path::of(&fetched.task));
            (serial, Some(path), None)
        }
        fetched => {
            let why = error.unwrap_or_else(|| match fetched {
                Some(f) => format!("the task is {}", f.task.status.label()),
                None => "no task".to_owned(),
            });
            (serial, None, Some(why))
        }
    }
}

/// Starts, waits for and judges one device's traceroute; never fails the run.
async fn one(run: &Run<'_>, serial: &Serial) -> Outcome {
    let line = run.progress.begin(serial.as_str());
    let progress = |task: &crate::task::Task| line.update(task.status.label(), task.progress);
    let outcome = match trace_device(run, serial, progress).await {
        Err(err) => Outcome::not_started(serial, &err),
        Ok(trace) => Outcome::of(trace),
    };
    line.end(outcome.exit_code == 0);
    outcome
}

/// Starts one device's traceroute and follows it to its end, its own deadline counting from
/// now; the finished trace is recorded at once, so that an interruption loses none. Shared
/// by fleets and `watch`. An error is the start's.
pub async fn trace_device(
    run: &Run<'_>,
    serial: &Serial,
    progress: impl Fn(&crate::task::Task),
) -> Result<crate::outcome::Trace> {
    let following = Following {
        wait: true,
        interval: run.interval,
        timeout: run.timeout,
        deadline: Instant::now() + run.timeout,
    };
    let started = |task_id: &crate::ids::TaskId| {
        let again = follow::again(run.client.device(), serial, task_id);
        run.ui.started(task_id.as_str(), &again);
        if let Some(Ok(mut tasks)) = run.started.map(Started::lock) {
            tasks.insert(serial.to_string(), task_id.to_string());
        }
    };
    let trace = follow::start_and_follow(
        run.client,
        serial,
        run.destination,
        run.options,
        following,
        run.checks,
        progress,
        started,
    )
    .await?;
    let mut trace = trace;
    trace.asked(run.destination);
    if let Some((count, checks)) = run.hop_pings {
        let how = HopPings {
            count,
            like: run.options,
        };
        trace.hop_pings =
            super::hop_pings::measure(run.context(), &mut trace, how, checks, None).await;
    }
    run.recorder.record(&trace, run.ui);
    run.ui.finished(trace.task_id.as_str());
    Ok(trace)
}

/// The serials of `file` (`-`: stdin): one per line, blank lines and `#` comments skipped, a
/// serial listed twice traced once (with a notice). An unreadable file is exit 1 naming it; a
/// line that is not a serial is exit 2 naming it.
pub async fn read_serials(file: &FsPath, ui: &Ui) -> Result<Vec<Serial>> {
    let (name, read) = super::saved::read_input(file, MAX_FILE).await;
    let text = read
        .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not text".to_owned()))
        .map_err(|why| Error::other(format!("cannot read the serials file {name}: {why}")))?;
    let mut serials: Vec<Serial> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (number, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let serial = Serial::parse(line)
            .map_err(|why| Error::Usage(format!("{name} line {}: {why}", number + 1)))?;
        if !seen.insert(serial.clone()) {
            ui.say(&format!(
                "{name} line {}: {serial} is listed again; it is traced once",
                number + 1
            ));
            continue;
        }
        serials.push(serial);
    }
    if serials.is_empty() {
        return Err(Error::Usage(format!("{name} lists no serial numbers")));
    }
    Ok(serials)
}

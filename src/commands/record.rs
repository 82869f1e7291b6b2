//! Recording the traces a command read in the history: every COMPLETED or FAILED task, once
//! per task id, under the run's profile and Central. A writer thread owns the history file,
//! so that recording never holds up the async runtime or the next result: a trace is handed
//! over after it is printed, and the run waits for the writer only when it ends. A history
//! that cannot be opened or is held by another process is one warning per run; the command's
//! own result and exit code never depend on it.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::history::{self, History, HistoryError, Row, Scope, Source};
use crate::ids::{Device, Serial, TaskId, Test};
use crate::outcome::Trace;
use crate::path::Path;
use crate::settings::Settings;
use crate::task::{Fetched, Status};
use crate::ui::Ui;

/// How long the first write of a run waits for another process that holds the history.
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// How long each later write waits once the history was found busy: short, so that a
/// history held for minutes costs a fleet one wait, not one per device.
const BUSY_WAIT: Duration = Duration::from_millis(100);

pub struct Recorder {
    /// The history file; `None` when recording is off.
    file: Option<PathBuf>,
    scope: Scope,
    device: Device,
    keep: Option<Duration>,
    /// The writer, started at the first trace to record.
    writer: Mutex<Option<Writer>>,
}

struct Writer {
    jobs: Sender<Job>,
    thread: JoinHandle<()>,
}

/// A finished trace handed to the writer: what it needs to make the row itself.
struct Job {
    fetched: Fetched,
    path: Option<Path>,
    serial: String,
    task_id: String,
    recorded_at: i64,
    test: Test,
    /// The destination asked for, where the document may not say it (a ping's).
    destination: Option<String>,
}

impl Recorder {
    pub fn new(settings: &Settings) -> Recorder {
        Recorder {
            file: settings.history.clone(),
            scope: settings.scope(),
            device: settings.device,
            keep: settings.history_keep,
            writer: Mutex::new(None),
        }
    }

    /// Hands `trace` to the writer when it finished COMPLETED or FAILED (with the destination
    /// asked for already in it, [`Trace::asked`], where the command knows it).
    pub fn record(&self, trace: &Trace, ui: &Ui) {
        let Some(fetched) = &trace.fetched else {
            return;
        };
        self.send(
            || Job {
                fetched: fetched.clone(),
                path: trace.path.clone(),
                serial: trace.serial.to_string(),
                task_id: trace.task_id.to_string(),
                recorded_at: history::unix(SystemTime::now()),
                test: Test::Traceroute,
                destination: None,
            },
            &fetched.task.status,
            ui,
        );
    }

    /// Hands a finished ping to the writer, as [`Recorder::record`] does a trace.
    pub fn record_ping(
        &self,
        serial: &Serial,
        task_id: &TaskId,
        fetched: &Fetched,
        asked: Option<&str>,
        ui: &Ui,
    ) {
        self.send(
            || Job {
                fetched: fetched.clone(),
                path: None,
                serial: serial.to_string(),
                task_id: task_id.to_string(),
                recorded_at: history::unix(SystemTime::now()),
                test: Test::Ping,
                destination: asked.map(str::to_owned),
            },
            &fetched.task.status,
            ui,
        );
    }

    /// Sends the job `job` makes to the writer thread (started at the first), when recording
    /// is on and the task finished COMPLETED or FAILED.
    fn send(&self, job: impl FnOnce() -> Job, status: &Status, ui: &Ui) {
        let Some(file) = &self.file else {
            return;
        };
        if !matches!(status, Status::Completed | Status::Failed) {
            return;
        }
        let Ok(mut writer) = self.writer.lock() else {
            return;
        };
        let writer = writer.get_or_insert_with(|| {
            let (jobs, received) = mpsc::channel();
            let work = Work {
                file: file.clone(),
                scope: self.scope.clone(),
                device: self.device.name(),
                keep: self.keep,
                ui: ui.clone(),
            };
            let thread = std::thread::spawn(move || work.run(received));
            Writer { jobs, thread }
        });
        let _ = writer.jobs.send(job());
    }
}

impl Drop for Recorder {
    /// The run's end (or its interruption): every trace handed over is written first.
    fn drop(&mut self) {
        let writer = self.writer.get_mut().ok().and_then(Option::take);
        if let Some(Writer { jobs, thread }) = writer {
            drop(jobs);
            let _ = thread.join();
        }
    }
}

/// What the writer thread knows.
struct Work {
    file: PathBuf,
    scope: Scope,
    device: &'static str,
    keep: Option<Duration>,
    ui: Ui,
}

impl Work {
    fn run(self, jobs: Receiver<Job>) {
        let mut history: Option<History> = None;
        let mut said_busy = false;
        let mut skipped = 0usize;
        let mut broken = false;
        for job in jobs {
            if broken {
                continue;
            }
            match self.write(&mut history, &job, wait(said_busy)) {
                Ok(()) if said_busy => {
                    // A long run (a watch) hears of every busy spell, once each.
                    said_busy = false;
                    self.ui.warn(&format!(
                        "the trace history {} can be written again; {} {} not recorded \
                         while it was busy",
                        self.file.display(),
                        traces(skipped),
                        if skipped == 1 { "was" } else { "were" }
                    ));
                    skipped = 0;
                    if let Some(open) = &history {
                        let _ = open.set_wait(FIRST_WAIT);
                    }
                }
                Ok(()) => {}
                Err(Failed::Busy) => {
                    skipped += 1;
                    if !said_busy {
                        said_busy = true;
                        self.ui.warn(&format!(
                            "the trace history {} is busy (another process is writing it): \
                             traces are not recorded while it is",
                            self.file.display()
                        ));
                        if let Some(open) = &history {
                            let _ = open.set_wait(BUSY_WAIT);
                        }
                    }
                }
                Err(failed) => {
                    // Said once; the rest of the run records nothing.
                    broken = true;
                    let file = self.file.display();
                    let what = match failed {
                        Failed::Open(why) => format!("cannot open the trace history {file}: {why}"),
                        Failed::Write(why) => format!("cannot record the trace in {file}: {why}"),
                        Failed::Busy => format!("the trace history {file} is busy"),
                    };
                    self.ui.warn(&format!(
                        "{what}; the run's traces are not recorded (--no-record turns \
                         recording off)"
                    ));
                }
            }
        }
        if skipped > 1 {
            self.ui.warn(&format!(
                "{} of this run were not recorded: the history was busy",
                traces(skipped)
            ));
        }
    }
}

/// Why a trace was not recorded.
enum Failed {
    Busy,
    Open(HistoryError),
    Write(HistoryError),
}

impl Work {
    /// Records one trace (opening the history at the first), then applies the retention.
    fn write(
        &self,
        history: &mut Option<History>,
        job: &Job,
        wait: Duration,
    ) -> Result<(), Failed> {
        let write = |e: HistoryError| match e {
            HistoryError::Busy => Failed::Busy,
            e => Failed::Write(e),
        };
        let source = Source {
            scope: &self.scope,
            device: self.device,
            serial: &job.serial,
            task_id: &job.task_id,
            destination: job.destination.as_deref(),
            recorded_at: job.recorded_at,
            test: job.test,
        };
        let row = Row::of(&source, &job.fetched, job.path.as_ref()).map_err(write)?;
        let open = match history {
            Some(open) => open,
            None => history.insert(History::open(&self.file, wait).map_err(|e| match e {
                HistoryError::Busy => Failed::Busy,
                e => Failed::Open(e),
            })?),
        };
        open.insert(std::slice::from_ref(&row)).map_err(write)?;
        if let Some(keep) = self.keep {
            // Retention is best effort: a busy file retains at a later run.
            let keep = i64::try_from(keep.as_secs()).unwrap_or(i64::MAX);
            let _ = open.retain(keep, job.recorded_at);
        }
        Ok(())
    }
}

fn traces(n: usize) -> String {
    if n == 1 {
        "1 trace".to_owned()
    } else {
        format!("{n} traces")
    }
}

fn wait(said_busy: bool) -> Duration {
    if said_busy {
        BUSY_WAIT
    } else {
        FIRST_WAIT
    }
}

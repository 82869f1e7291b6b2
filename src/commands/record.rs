//! Recording the traces a command read in the history: every COMPLETED or FAILED task, once
//! per task id. A history that cannot be opened or written is a notice; the command's own
//! result and exit code never depend on it.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::history::{History, Source};
use crate::ids::Device;
use crate::outcome::Trace;
use crate::path::Path;
use crate::settings::Settings;
use crate::task::Status;
use crate::ui::Ui;

pub struct Recorder {
    /// The history file; `None` when recording is off.
    file: Option<PathBuf>,
    profile: String,
    device: Device,
    /// Opened at the first trace to record, and kept for the rest of the run; `Err` once
    /// opening failed (said once, not per device of a fleet).
    open: Mutex<Option<Result<History, ()>>>,
}

impl Recorder {
    pub fn new(settings: &Settings) -> Recorder {
        Recorder {
            file: settings.history.clone(),
            profile: settings.profile.clone(),
            device: settings.device,
            open: Mutex::new(None),
        }
    }

    /// Records `trace` when it finished COMPLETED or FAILED.
    pub fn record(&self, trace: &Trace, ui: &Ui) {
        let (Some(file), Some(fetched)) = (&self.file, &trace.fetched) else {
            return;
        };
        let status = &fetched.task.status;
        if !matches!(status, Status::Completed | Status::Failed) {
            return;
        }
        let Ok(mut open) = self.open.lock() else {
            return;
        };
        let history = open.get_or_insert_with(|| {
            History::open(file).map_err(|why| {
                ui.warn(&format!(
                    "cannot open the trace history {}: {why}; the trace is not recorded \
                     (--no-record turns recording off)",
                    file.display()
                ))
            })
        });
        let Ok(history) = history else { return };
        let made;
        let path = match (&trace.path, status) {
            (Some(path), _) => Some(path),
            (None, Status::Completed) => {
                made = Path::of(&fetched.task);
                Some(&made)
            }
            _ => None,
        };
        let source = Source {
            profile: &self.profile,
            device: self.device.name(),
            serial: trace.serial.as_str(),
            task_id: trace.task_id.as_str(),
        };
        if let Err(why) = history.record(&source, fetched, path) {
            ui.warn(&format!(
                "cannot record the trace in {}: {why}",
                file.display()
            ));
        }
    }
}

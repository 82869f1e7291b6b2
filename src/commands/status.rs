//! `gwtrace status <SERIAL> <TASK_ID>`: read a task, wait while it runs, show the result.

use crate::api::Client;
use crate::checks::Checks;
use crate::cli::{Format, GlobalArgs, StatusArgs, WaitArgs};
use crate::error::{Error, Result};
use crate::ids::{Device, Serial, TaskId};
use crate::path::Path;
use crate::render::{self, Style};
use crate::settings::Origin;
use crate::task::{Fetched, Status, Task};
use crate::ui::Ui;
use crate::wait::{self, Plan};

use super::connect::{connect, Timing, LAST_POLL};

pub async fn run(global: &GlobalArgs, args: &StatusArgs, ui: &Ui) -> Result<()> {
    if args.task_id.is_none() && !args.latest {
        return Err(Error::Usage(format!(
            "the TASK_ID is missing: give the id that `gwtrace start` printed, or read the \
             device's newest traceroute with: gwtrace status {} --latest",
            args.serial
        )));
    }
    let checks = super::saved::checks(&args.checks, Some(&args.serial)).await?;
    let (client, timing) = connect(global, &args.wait, Origin::ConfigFile, None, ui)?;
    let watch = Watch {
        wait: &args.wait,
        checks: &checks,
    };
    let task_id = match &args.task_id {
        Some(task_id) => task_id.clone(),
        None => super::tasks::latest(&client, &args.serial, timing.deadline).await?,
    };
    follow(&client, &args.serial, &task_id, watch, timing, ui).await
}

/// How to wait for a task, show it, and judge its path.
#[derive(Clone, Copy)]
pub struct Watch<'a> {
    pub wait: &'a WaitArgs,
    pub checks: &'a Checks,
}

/// Waits for a task, prints it, and checks its path: shared by `status` and `start`.
pub async fn follow(
    client: &Client,
    serial: &Serial,
    task_id: &TaskId,
    watch: Watch<'_>,
    timing: Timing,
    ui: &Ui,
) -> Result<()> {
    let args = watch.wait;
    let plan = Plan {
        wait: !args.no_wait,
        interval: timing.interval,
        deadline: timing.deadline,
    };
    let mut last: Option<Fetched> = None;
    let poll = || client.task(serial, task_id, timing.deadline + LAST_POLL);
    let progress = |task: &Task| ui.progress(task.status.label(), task.progress);
    let waited = wait::wait(poll, plan, progress, &mut last).await;
    ui.clear();
    // The merged view is made once, for both the output and the checks.
    let path = last
        .as_ref()
        .filter(|f| !watch.checks.is_empty() && f.task.status == Status::Completed)
        .map(|f| Path::of(&f.task));
    if let Some(fetched) = &last {
        show(fetched, path.as_ref(), args, ui)?;
    }
    let ending = waited?;
    let fetched = last
        .as_ref()
        .expect("a finished wait has received a document");
    wait::verdict(
        fetched,
        ending,
        timing.timeout,
        &again(client, serial, task_id),
    )?;
    match &path {
        Some(path) => judge(path, serial, watch.checks, ui),
        None => Ok(()), // no checks asked
    }
}

/// The command that reads a task later.
pub fn again(client: &Client, serial: &Serial, task_id: &TaskId) -> String {
    match client.device() {
        Device::Gateway => format!("gwtrace status {serial} {task_id}"),
        device => format!("gwtrace status --device {device} {serial} {task_id}"),
    }
}

/// Runs the path checks on a completed task; each failure is one line on stderr.
fn judge(path: &Path, serial: &Serial, checks: &Checks, ui: &Ui) -> Result<()> {
    let failed = checks.failures(path, Some(serial.as_str()));
    for failure in &failed {
        ui.check_failed(failure);
    }
    match failed.len() {
        0 => Ok(()),
        count => Err(Error::ChecksFailed(count)),
    }
}

fn show(fetched: &Fetched, path: Option<&Path>, args: &WaitArgs, ui: &Ui) -> Result<()> {
    let task = &fetched.task;
    if args.format() == Format::Raw && task.status.is_terminal() && task.raw_output.is_none() {
        ui.say("the task holds no raw output (rawOutput); try -o table or --json");
    }
    let style = Style::for_stdout(&ui.term);
    super::print_with(|out| render::render_with(fetched, path, args.format(), style, out))
}

//! `gwtrace status <SERIAL> <TASK_ID>`: read a task, wait while it runs, show the result.

use crate::api::Client;
use crate::cli::{GlobalArgs, StatusArgs, WaitArgs};
use crate::error::Result;
use crate::ids::{Device, Serial, TaskId};
use crate::render::{self, Style};
use crate::settings::Origin;
use crate::task::{Fetched, Task};
use crate::ui::Ui;
use crate::wait::{self, Plan};

use super::connect::{connect, Timing};

pub async fn run(global: &GlobalArgs, args: &StatusArgs, ui: &Ui) -> Result<()> {
    let (client, timing) = connect(global, &args.wait, Origin::ConfigFile, ui)?;
    follow(&client, &args.serial, &args.task_id, &args.wait, timing, ui).await
}

/// Waits for a task and prints it: shared by `status` and `start`.
pub async fn follow(
    client: &Client,
    serial: &Serial,
    task_id: &TaskId,
    args: &WaitArgs,
    timing: Timing,
    ui: &Ui,
) -> Result<()> {
    let plan = Plan {
        wait: !args.no_wait,
        interval: timing.interval,
        deadline: timing.deadline,
    };
    let mut last: Option<Fetched> = None;
    let poll = || client.task(serial, task_id, timing.deadline);
    let progress = |task: &Task| ui.progress(task.status.label(), task.progress);
    let waited = wait::wait(poll, plan, progress, &mut last).await;
    ui.clear();
    if let Some(fetched) = &last {
        show(fetched, args, ui)?;
    }
    let ending = waited?;
    let fetched = last
        .as_ref()
        .expect("a finished wait has received a document");
    let again = match client.device() {
        Device::Gateway => format!("gwtrace status {serial} {task_id}"),
        device => format!("gwtrace status --device {device} {serial} {task_id}"),
    };
    wait::verdict(fetched, ending, timing.timeout, &again)
}

fn show(fetched: &Fetched, args: &WaitArgs, ui: &Ui) -> Result<()> {
    let style = Style::for_stdout(&ui.term);
    let mut out = Vec::new();
    render::render(fetched, args.format(), style, &mut out)?;
    super::print(&out)
}

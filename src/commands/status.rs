//! `gwtrace status <SERIAL> <TASK_ID>`: read a task, wait while it runs, show the result.

use std::time::Duration;

use tokio::time::Instant;

use crate::api::{Client, Fetched};
use crate::cli::{GlobalArgs, StatusArgs, WaitArgs};
use crate::error::Result;
use crate::render::{self, Style};
use crate::settings;
use crate::ui::Ui;
use crate::wait::{self, Plan};

pub async fn run(global: &GlobalArgs, args: &StatusArgs, ui: &Ui) -> Result<()> {
    let (client, timing) = connect(global, &args.wait, ui)?;
    follow(&client, &args.serial, &args.task_id, &args.wait, timing, ui).await
}

/// The waiting numbers of one run; the deadline counts from start-up.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub timeout: Duration,
    pub interval: Duration,
    pub deadline: Instant,
}

impl Timing {
    /// Waiting that starts now.
    pub fn starting_now(timeout: Duration, interval: Duration) -> Timing {
        Timing {
            timeout,
            interval,
            deadline: Instant::now() + timeout,
        }
    }
}

/// Resolves the settings, shows their warnings and makes the API client.
pub fn connect(global: &GlobalArgs, args: &WaitArgs, ui: &Ui) -> Result<(Client, Timing)> {
    let settings = settings::resolve(global, Some(args))?;
    for warning in &settings.warnings {
        ui.warn(warning);
    }
    let timing = Timing::starting_now(settings.timeout, settings.interval);
    Ok((Client::new(settings, ui)?, timing))
}

/// Waits for a task and prints it: shared by `status` and `start`.
pub async fn follow(
    client: &Client,
    serial: &str,
    task_id: &str,
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
    let waited = wait::wait(poll, plan, ui, &mut last).await;
    ui.clear();
    if let Some(fetched) = &last {
        show(fetched, args, ui)?;
    }
    let ending = waited?;
    let fetched = last
        .as_ref()
        .expect("a finished wait has received a document");
    let again = format!("gwtrace status {serial} {task_id}");
    wait::verdict(fetched, ending, timing.timeout, &again)
}

fn show(fetched: &Fetched, args: &WaitArgs, ui: &Ui) -> Result<()> {
    let style = Style::for_stdout(&ui.term);
    let mut out = Vec::new();
    render::render(fetched, args.format(), style, &mut out)?;
    super::print(&out)
}

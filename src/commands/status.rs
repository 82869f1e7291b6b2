//! `gwtrace status <SERIAL> <TASK_ID>`: read a task, wait while it runs, show the result.

use tokio::time::Instant;

use crate::api::{Client, Fetched};
use crate::cli::{GlobalArgs, StatusArgs, WaitArgs};
use crate::error::Result;
use crate::render::{self, Style};
use crate::settings::{self, Settings};
use crate::ui::Ui;
use crate::wait::{self, Plan};

pub async fn run(global: &GlobalArgs, args: &StatusArgs, ui: &Ui) -> Result<()> {
    let settings = settings::resolve(global, Some(&args.wait))?;
    for warning in &settings.warnings {
        ui.warn(warning);
    }
    let client = Client::new(&settings, ui)?;
    let deadline = Instant::now() + settings.timeout;
    follow(
        &client,
        &settings,
        &args.serial,
        &args.task_id,
        &args.wait,
        deadline,
        ui,
    )
    .await
}

/// Waits for a task and prints it: shared by `status` and `start`.
pub async fn follow(
    client: &Client,
    settings: &Settings,
    serial: &str,
    task_id: &str,
    args: &WaitArgs,
    deadline: Instant,
    ui: &Ui,
) -> Result<()> {
    let plan = Plan {
        wait: !args.no_wait,
        interval: settings.interval,
        deadline,
    };
    let mut last: Option<Fetched> = None;
    let waited = wait::wait(
        || client.task(serial, task_id, deadline),
        plan,
        ui,
        &mut last,
    )
    .await;
    ui.clear();
    if let Some(fetched) = &last {
        show(fetched, args, ui)?;
    }
    let ending = waited?;
    let fetched = last
        .as_ref()
        .expect("a finished wait has received a document");
    let again = format!("gwtrace status {serial} {task_id}");
    wait::verdict(fetched, ending, settings.timeout, &again)
}

fn show(fetched: &Fetched, args: &WaitArgs, ui: &Ui) -> Result<()> {
    let style = Style {
        sanitize: ui.term.stdout_tty,
        width: ui.term.width,
    };
    let mut out = Vec::new();
    render::render(fetched, args.format(), style, &mut out)?;
    super::print(&out)
}

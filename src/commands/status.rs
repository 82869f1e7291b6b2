//! `gwtrace status <SERIAL> <TASK_ID>`: read a task, wait while it runs, show the result.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::api::{Client, Endpoint};
use crate::auth::Credentials;
use crate::cli::{GlobalArgs, StatusArgs, WaitArgs};
use crate::error::Result;
use crate::http::{Event, Http, HttpConfig, Observer};
use crate::ids::{Serial, TaskId};
use crate::render::{self, Style};
use crate::settings::{self, Origin, Settings};
use crate::task::Fetched;
use crate::ui::Ui;
use crate::wait::{self, Plan};

pub async fn run(global: &GlobalArgs, args: &StatusArgs, ui: &Ui) -> Result<()> {
    let (client, timing) = connect(global, &args.wait, Origin::ConfigFile, ui)?;
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
pub fn connect(
    global: &GlobalArgs,
    args: &WaitArgs,
    origin: Origin,
    ui: &Ui,
) -> Result<(Client, Timing)> {
    let settings = settings::resolve(global, Some(args), origin)?;
    let timing = Timing::starting_now(settings.timeout, settings.interval);
    Ok((client(settings, ui)?, timing))
}

/// The API client of resolved settings, its HTTP layer reporting to `ui`; shows the
/// settings' warnings first.
pub fn client(settings: Settings, ui: &Ui) -> Result<Client> {
    for warning in &settings.warnings {
        ui.warn(warning);
    }
    let config = HttpConfig {
        request_timeout: settings.request_timeout,
        ca_file: settings.ca_file.clone(),
    };
    let http = Http::new(&config, observer(ui))?;
    let endpoint = Endpoint {
        base: settings.base_url,
        version: settings.api_version,
        device: settings.device,
    };
    Ok(Client::new(
        endpoint,
        Credentials::new(settings.token),
        http,
    ))
}

/// What the HTTP layer reports, as `-v` lines and notices.
fn observer(ui: &Ui) -> Observer {
    let ui = ui.clone();
    Arc::new(move |event: &Event<'_>| match event {
        Event::Exchanged {
            method,
            path,
            outcome,
            took,
            via,
        } => {
            let via = via.map(|p| format!(" via proxy {p}")).unwrap_or_default();
            ui.log(&format!(
                "{method} {path} -> {outcome} ({} ms){via}",
                took.as_millis()
            ))
        }
        Event::Retrying { problem, pause } => ui.notice(&format!(
            "{problem}; trying again in {:.1}s",
            pause.as_secs_f64()
        )),
        Event::RateLimited { wait } => ui.notice(&format!(
            "API rate limit reached; waiting {:.0}s for it to reset",
            wait.as_secs_f64()
        )),
    })
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
    let progress = |task: &crate::task::Task| ui.progress(task.status.label(), task.progress);
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
        crate::ids::Device::Gateway => format!("gwtrace status {serial} {task_id}"),
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

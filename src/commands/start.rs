//! `gwtrace start <SERIAL> <DESTINATION>`: start a traceroute, then wait like `status`.

use crate::api::{Client, StartOptions, Started};
use crate::cli::{Format, GlobalArgs, StartArgs};
use crate::error::{Error, Result};
use crate::ids::Serial;
use crate::render::{self, Style};
use crate::settings::Origin;
use crate::ui::Ui;

use super::connect::{connect, Timing};
use super::hop_pings::HopPings;
use super::saved::Subject;
use super::source;
use super::status::{follow, Watch};
use crate::follow::again;

/// `start` from one device (`commands::run` sends a fleet to `fleet::run`).
pub async fn run(
    global: &GlobalArgs,
    args: &StartArgs,
    serial: Serial,
    destination: String,
    ui: &Ui,
) -> Result<()> {
    if args.hop_pings.is_some() && args.wait.no_wait {
        return Err(Error::Usage(
            "--hop-pings pings the path once the trace completes, so it needs the wait that \
             --no-wait leaves out"
                .to_owned(),
        ));
    }
    let checks = super::saved::checks(
        &args.checks,
        Subject {
            serials: std::slice::from_ref(&serial),
            destination: Some(&destination),
            global,
        },
    )
    .await?;
    let (client, timing, recorder) = connect(
        global,
        &args.wait,
        Origin::ConfigFile,
        args.fleet.max_rate,
        ui,
    )?;
    let options = source::for_destination(
        source::start_options(client.device(), &args.source)?,
        &destination,
    )?;
    let watch = Watch {
        wait: &args.wait,
        checks: &checks,
        recorder: &recorder,
        destination: Some(&destination),
        hop_pings: args.hop_pings.map(|count| HopPings {
            count,
            like: &options,
        }),
    };
    run_with(&client, timing, &serial, &destination, &options, watch, ui).await
}

/// Starts a traceroute with `client` and follows it: shared by `start` and `demo`.
pub async fn run_with(
    client: &Client,
    timing: Timing,
    serial: &Serial,
    destination: &str,
    options: &StartOptions,
    watch: Watch<'_>,
    ui: &Ui,
) -> Result<()> {
    let wait = watch.wait;
    if !wait.no_wait {
        ui.progress("STARTING", None);
    }
    let started = client
        .start(serial, destination, options, timing.deadline)
        .await?;
    if wait.no_wait {
        return print_started(&started, wait.format(), ui);
    }
    ui.notice(&format!("started task {}", started.task_id));
    // Until it is followed to its end, an interruption prints how to read it later.
    let id = started.task_id.as_str();
    ui.started(id, &again(client.device(), serial, &started.task_id));
    let result = follow(client, serial, &started.task_id, watch, timing, ui).await;
    ui.finished(id);
    result
}

/// What `--no-wait` prints of a started task: the id alone, so that
/// `TASK=$(gwtrace start SN 8.8.8.8 --no-wait)` gets it, or with `--json` the start's answer.
pub fn print_started(started: &Started, format: Format, ui: &Ui) -> Result<()> {
    if format == Format::Json {
        let style = Style::for_stdout(&ui.term);
        let mut out = Vec::new();
        render::json_document(&started.document, style, &mut out)?;
        return super::print(&out);
    }
    super::print(format!("{}\n", started.task_id).as_bytes())
}

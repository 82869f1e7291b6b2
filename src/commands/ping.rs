//! `gwtrace ping SERIAL DESTINATION`: start a ping task on a device, follow it like a
//! traceroute, print the echoes and statistics, and judge them with the ping checks.

use crate::api::{Client, PingOptions};
use crate::checks::Checks;
use crate::cli::{Format, GlobalArgs, PingArgs, PingChecksArgs, Target, WaitArgs};
use crate::error::{Error, Result};
use crate::follow::{self, again_test, Following};
use crate::ids::{Device, Serial, TaskId, Test};
use crate::ping::{self, Ping};
use crate::render::{self, Style};
use crate::settings::Origin;
use crate::task::{Fetched, Status};
use crate::ui::Ui;

use super::connect::{connect, Timing};
use super::record::Recorder;

pub async fn run(global: &GlobalArgs, args: &PingArgs, ui: &Ui) -> Result<()> {
    match args.target().map_err(Error::Usage)? {
        Target::One {
            serial,
            destination,
        } => one(global, args, &serial, &destination, ui).await,
        Target::Fleet { file, destination } => {
            super::ping_fleet::run(global, args, &file, &destination, ui).await
        }
    }
}

async fn one(
    global: &GlobalArgs,
    args: &PingArgs,
    serial: &Serial,
    destination: &str,
    ui: &Ui,
) -> Result<()> {
    formats(args.wait.format())?;
    let (client, timing, recorder) = connect(
        global,
        &args.wait,
        Origin::ConfigFile,
        args.fleet.max_rate,
        ui,
    )?;
    let checks = checks(&args.checks, client.device())?;
    let body = options(args)
        .body(client.device(), destination)
        .map_err(Error::Usage)?;
    let wait = &args.wait;
    if !wait.no_wait {
        ui.progress("STARTING", None);
    }
    let started = client
        .start_test(Test::Ping, serial, body, timing.deadline)
        .await?;
    if wait.no_wait {
        return super::start::print_started(&started, wait.format(), ui);
    }
    ui.notice(&format!("started ping task {}", started.task_id));
    let id = started.task_id.as_str();
    let again = again_test(Test::Ping, client.device(), serial, &started.task_id);
    ui.started(id, &again);
    let shown = Shown {
        wait,
        checks: &checks,
        asked: Some(destination),
        recorder: &recorder,
    };
    let result = follow(&client, serial, &started.task_id, shown, timing, ui).await;
    ui.finished(id);
    result
}

/// The formats a ping has; the others are a usage error (exit 2).
pub fn formats(format: Format) -> Result<()> {
    match format {
        Format::Table | Format::Raw | Format::Json | Format::Csv => Ok(()),
        other => Err(Error::Usage(format!(
            "-o {} is not a format of a ping; use table, raw, json or csv",
            clap::ValueEnum::to_possible_value(&other)
                .map_or_else(String::new, |v| v.get_name().to_owned())
        ))),
    }
}

/// The start options from the command line (checked per family by [`PingOptions::body`]).
pub fn options(args: &PingArgs) -> PingOptions {
    let source = &args.source;
    PingOptions {
        count: args.count,
        size: args.size,
        ttl: source.ttl,
        dscp: source.dscp,
        source_interface: source.source_interface.clone(),
        vlan: source.source_vlan,
        role: source.role.clone(),
        ipv6: source.ipv6,
        dont_fragment: source.dont_fragment,
        vrf: source.vrf.clone(),
        management_interface: source.management_interface,
        loopback_port: source.loopback_port,
        source_ip: source.source_ip,
    }
}

/// The ping checks of the command line; `--max-jitter` needs per-echo times, which a
/// gateway never reports (exit 2 rather than a check that can only fail).
pub fn checks(args: &PingChecksArgs, device: Device) -> Result<Checks> {
    if args.max_jitter.is_some() && device == Device::Gateway {
        return Err(Error::Usage(
            "--max-jitter needs per-echo round-trip times, and a gateway reports only a \
             summary; use --max-rtt, or ping from an ap, cx or aos-s device"
                .to_owned(),
        ));
    }
    Ok(Checks {
        reach: args.expect_reach,
        max_loss: args.max_loss,
        max_rtt_ms: args.max_rtt,
        max_jitter_ms: args.max_jitter,
        ..Checks::default()
    })
}

/// How to show a ping task and what to check.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub wait: &'a WaitArgs,
    pub checks: &'a Checks,
    /// The destination asked for, when the command knows it.
    pub asked: Option<&'a str>,
    pub recorder: &'a Recorder,
}

/// Follows a ping task to its end, prints it and says each failed check: `ping` and
/// `status --test ping`.
pub async fn follow(
    client: &Client,
    serial: &Serial,
    task_id: &TaskId,
    shown: Shown<'_>,
    timing: Timing,
    ui: &Ui,
) -> Result<()> {
    let following = Following {
        wait: !shown.wait.no_wait,
        interval: timing.interval,
        timeout: timing.timeout,
        deadline: timing.deadline,
    };
    let progress = |task: &crate::task::Task| ui.progress(task.status.label(), task.progress);
    let polled = follow::poll(client, Test::Ping, serial, task_id, following, progress).await;
    ui.clear();
    let Some(fetched) = &polled.fetched else {
        return polled.ended;
    };
    let ping = read(fetched, client.device());
    show(fetched, ping.as_ref(), shown.wait.format(), shown.asked, ui)?;
    shown
        .recorder
        .record_ping(serial, task_id, fetched, shown.asked, ui);
    polled.ended?;
    let ping = ping.expect("a completed task was read")?;
    let asked = shown.asked.unwrap_or("the destination");
    let failures = ping::checks::failures(&ping, shown.checks, asked);
    for failure in &failures {
        ui.check_failed(failure);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::ChecksFailed(failures.len()))
    }
}

/// The ping result of a completed task; `None` while it runs or when it failed.
fn read(fetched: &Fetched, device: Device) -> Option<Result<Ping>> {
    (fetched.task.status == Status::Completed).then(|| {
        Ping::of_fetched(fetched, device)
            .map_err(|why| Error::other(format!("the ping task completed, but {why}; try --json")))
    })
}

/// Prints a recorded ping (`history show`) in `format`.
pub fn print(
    fetched: &Fetched,
    family: Device,
    format: Format,
    asked: Option<&str>,
    ui: &Ui,
) -> Result<()> {
    formats(format)?;
    let ping = read(fetched, family);
    show(fetched, ping.as_ref(), format, asked, ui)?;
    match ping {
        Some(Err(err)) => Err(err),
        _ => Ok(()),
    }
}

fn show(
    fetched: &Fetched,
    ping: Option<&Result<Ping>>,
    format: Format,
    asked: Option<&str>,
    ui: &Ui,
) -> Result<()> {
    let task = &fetched.task;
    let style = Style::for_stdout(&ui.term);
    if format == Format::Raw && task.status.is_terminal() && task.raw_output.is_none() {
        ui.say("the task holds no raw output (rawOutput); try -o table or --json");
    }
    let asked = asked.unwrap_or("the destination");
    super::print_with(|out| match (format, ping) {
        (Format::Json, _) | (Format::Raw, _) => render::render(fetched, format, style, out),
        (Format::Table, None) if !task.status.is_terminal() => {
            render::render(fetched, format, style, out)
        }
        (Format::Table, Some(Ok(ping))) => render::ping::table(ping, asked, out),
        (Format::Csv, Some(Ok(ping))) => {
            render::ping::csv_header(false, out)?;
            render::ping::csv_rows(ping, None, style, out)
        }
        _ => Ok(()),
    })
}

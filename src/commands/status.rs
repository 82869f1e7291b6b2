//! `gwtrace status <SERIAL> <TASK_ID>`: read a task, wait while it runs, show the result.

use crate::api::Client;
use crate::checks::Checks;
use crate::cli::{Format, GlobalArgs, StatusArgs, WaitArgs};
use crate::error::{Error, Result};
use crate::follow::{self, Following};
use crate::ids::{Serial, TaskId, Test};
use crate::outcome::Trace;
use crate::render::{self, Style};
use crate::settings::Origin;
use crate::task::Fetched;
use crate::ui::Ui;

use super::connect::{connect, Timing};
use super::hop_pings::{self, HopPings};
use super::record::Recorder;
use super::saved::Subject;

pub async fn run(global: &GlobalArgs, args: &StatusArgs, ui: &Ui) -> Result<()> {
    if args.task_id.is_none() && !args.latest {
        return Err(Error::Usage(format!(
            "the TASK_ID is missing: give the id that `gwtrace start` printed, or read the \
             device's newest traceroute with: gwtrace status {} --latest",
            args.serial
        )));
    }
    if args.test == Test::Ping {
        ping_checks_only(args)?;
    }
    let checks = super::saved::checks(
        &args.checks,
        Subject {
            serials: std::slice::from_ref(&args.serial),
            destination: None,
            global,
        },
    )
    .await?;
    let (client, timing, recorder) = connect(global, &args.wait, Origin::ConfigFile, None, ui)?;
    let watch = Watch {
        wait: &args.wait,
        checks: &checks,
        recorder: &recorder,
        destination: None,
        hop_pings: None,
    };
    let task_id = match &args.task_id {
        Some(task_id) => task_id.clone(),
        None => super::tasks::latest(&client, args.test, &args.serial, timing.deadline).await?,
    };
    if args.test == Test::Ping {
        let shown = super::ping::Shown {
            wait: &args.wait,
            checks: &checks,
            asked: None,
            recorder: &recorder,
        };
        return super::ping::follow(&client, &args.serial, &task_id, shown, timing, ui).await;
    }
    follow(&client, &args.serial, &task_id, watch, timing, ui).await
}

/// How to wait for a task, show it, and judge its path.
#[derive(Clone, Copy)]
pub struct Watch<'a> {
    pub wait: &'a WaitArgs,
    pub checks: &'a Checks,
    pub recorder: &'a Recorder,
    /// The destination asked for, when the command knows it (kept in the trace where the
    /// task's document does not say it).
    pub destination: Option<&'a str>,
    /// `--hop-pings N`: ping every responder once the trace completes.
    pub hop_pings: Option<HopPings<'a>>,
}

/// Follows a task to its end, prints it, and says each failed check: shared by `status` and
/// `start`.
pub async fn follow(
    client: &Client,
    serial: &Serial,
    task_id: &TaskId,
    watch: Watch<'_>,
    timing: Timing,
    ui: &Ui,
) -> Result<()> {
    let args = watch.wait;
    let following = Following {
        wait: !args.no_wait,
        interval: timing.interval,
        timeout: timing.timeout,
        deadline: timing.deadline,
    };
    // The merged view is made once, for both the output and the checks.
    let want_path =
        watch.hop_pings.is_some() || !matches!(args.format(), Format::Raw | Format::Json);
    let progress = |task: &crate::task::Task| ui.progress(task.status.label(), task.progress);
    // With hop pings, reach, loss and times are judged on the pings, not the probes.
    let path_checks = match watch.hop_pings {
        Some(_) => hop_pings::path_part(watch.checks),
        None => watch.checks.clone(),
    };
    let traced = follow::follow(
        client,
        serial,
        task_id,
        following,
        &path_checks,
        want_path,
        progress,
    );
    let context = hop_pings::Context {
        client,
        timing,
        recorder: watch.recorder,
        ui,
    };
    // With hop pings, the destination is pinged while the trace runs.
    let early = async {
        match (watch.hop_pings, watch.destination) {
            (Some(hops), Some(to)) => Some(hop_pings::early_ping(context, serial, to, hops).await),
            _ => None,
        }
    };
    let (mut trace, early): (Trace, _) = tokio::join!(traced, early);
    if let Some(asked) = watch.destination {
        trace.asked(asked);
    }
    trace.hop_pings = match watch.hop_pings {
        Some(hops) => hop_pings::measure(context, &mut trace, hops, watch.checks, early).await,
        None => None,
    };
    ui.clear();
    match (&trace.fetched, &trace.hop_pings) {
        (Some(fetched), Some(pinged)) => {
            let style = Style::for_stdout(&ui.term);
            let heading = trace.path.as_ref().and_then(render::heading);
            let format = args.format();
            super::print_with(|out| {
                render::pathping(fetched, pinged, heading.as_deref(), format, style, out)
            })?;
        }
        (Some(fetched), None) => show(fetched, &trace, args, ui)?,
        _ => {}
    }
    for failure in &trace.failures {
        ui.check_failed(failure);
    }
    watch.recorder.record(&trace, ui);
    trace.outcome
}

fn show(fetched: &Fetched, trace: &Trace, args: &WaitArgs, ui: &Ui) -> Result<()> {
    let task = &fetched.task;
    if args.format() == Format::Raw && task.status.is_terminal() && task.raw_output.is_none() {
        ui.say("the task holds no raw output (rawOutput); try -o table or --json");
    }
    let style = Style::for_stdout(&ui.term);
    let path = trace.path.as_ref();
    super::print_with(|out| render::render_with(fetched, path, args.format(), style, out))
}

/// A ping has no path: `--expect-via` and `--expect-path` are refused on one (exit 2), and
/// its formats are table, raw, json and csv.
fn ping_checks_only(args: &StatusArgs) -> Result<()> {
    super::ping::formats(args.wait.format())?;
    let checks = &args.checks;
    let flag = if !checks.expect_via.is_empty() {
        Some("--expect-via")
    } else if checks.expect_path.is_some() {
        Some("--expect-path")
    } else {
        None
    };
    match flag {
        Some(flag) => Err(Error::Usage(format!(
            "{flag} checks a traceroute's path; a ping takes --expect-reach, --max-loss and \
             --max-rtt"
        ))),
        None => Ok(()),
    }
}

//! `gwtrace watch`: trace on a schedule under one request budget, record every round, and
//! say what changed — as lines, events only (`--changes`) or NDJSON — with Prometheus
//! metrics and `/healthz` served or the metrics written. The targets are the command line's
//! (`SERIAL|--serials-file F DESTINATION --every D`) or a watch file's (`--file F`, which
//! `--check` validates and prices without sending anything).

use std::path::Path as FsPath;
use std::sync::{Arc, Mutex};

use crate::cli::{GlobalArgs, Target, WatchArgs};
use crate::error::{Error, Result};
use crate::ids::Device;
use crate::metrics::{Metrics, TargetKey};
use crate::settings::{self, Origin, Settings};
use crate::ui::Ui;

use super::connect::{client_counting, overrides, Answers, Pace};
use super::record::Recorder;
use super::saved::Subject;

mod budget;
mod check;
mod file;
mod health;
mod output;
mod plan;
mod rounds;

pub use health::Health;
use plan::{Group, Plan};

/// The request budget of a watch without `--max-rate`, as a fleet's.
const DEFAULT_RATE: f64 = 5.0;

pub async fn run(global: &GlobalArgs, args: &WatchArgs, ui: &Ui) -> Result<()> {
    let device = global.device.unwrap_or_default();
    let (plan, settings, file) = match &args.file {
        Some(path) => {
            let plan = file::load(path, device)?;
            if args.check {
                // Before any setting is read: --check needs no config and no token.
                return check::print(&plan, args, ui);
            }
            let settings = resolve(global, args, &plan)?;
            (plan, settings, Some((path.as_path(), device)))
        }
        None => {
            let (plan, settings) = command_line(global, args, ui).await?;
            (plan, settings, None)
        }
    };
    watch(args, plan, settings, file, ui).await
}

/// The settings of a watch: the command line's, then the watch file's, then the profile's.
fn resolve(global: &GlobalArgs, args: &WatchArgs, plan: &Plan) -> Result<Settings> {
    let mut wanted = overrides(global, None);
    wanted.timeout = args.timing.timeout.or(plan.timeout);
    wanted.interval = args.timing.interval.or(plan.interval);
    wanted.request_timeout = args.timing.request_timeout;
    settings::resolve(&wanted, Origin::ConfigFile)
}

/// The one group of a watch of the command line, and the settings (its device family).
async fn command_line(global: &GlobalArgs, args: &WatchArgs, ui: &Ui) -> Result<(Plan, Settings)> {
    let (serials, destination) = match args.target().map_err(Error::Usage)? {
        Target::One {
            serial,
            destination,
        } => (vec![serial], destination),
        Target::Fleet { file, destination } => {
            super::saved::one_stdin_reader(&file, &args.checks)?;
            (super::fleet::read_serials(&file, ui).await?, destination)
        }
    };
    let subject = Subject {
        serials: &serials,
        destination: Some(&destination),
        global,
    };
    let checks = super::saved::checks(&args.checks, subject).await?;
    let settings = resolve(global, args, &Plan::default())?;
    let device = settings.device;
    let options = super::source::start_options(device, &args.source)?;
    let options = super::source::for_destination(options, &destination)?;
    // (clap requires --every without --file.)
    let every = (args.every).ok_or_else(|| Error::Usage("--every is missing".to_owned()))?;
    let group = Arc::new(Group::new(
        String::new(),
        device,
        every,
        checks,
        (args.ping, args.hop_pings),
        options.clone(),
    ));
    let targets = serials
        .into_iter()
        .map(|serial| plan::Target {
            key: TargetKey {
                group: String::new(),
                serial: serial.to_string(),
                destination: destination.clone(),
            },
            serial,
            group: group.clone(),
            options: options.clone(),
        })
        .collect();
    let plan = Plan {
        groups: vec![group],
        targets,
        ..Plan::default()
    };
    Ok((plan, settings))
}

/// Connects, serves the metrics, and runs the rounds of `plan`.
async fn watch(
    args: &WatchArgs,
    plan: Plan,
    settings: Settings,
    file: Option<(&FsPath, Device)>,
    ui: &Ui,
) -> Result<()> {
    let (timeout, interval) = (settings.timeout, settings.interval);
    let recorder = Recorder::new(&settings);
    let answers = Answers::default();
    let pace = Pace {
        max_rate: Some(
            args.fleet
                .max_rate
                .or(plan.max_rate)
                .unwrap_or(DEFAULT_RATE),
        ),
        max_pausing: None,
    };
    let client = client_counting(settings, pace, ui, Some(answers.clone()))?;
    let metrics = Arc::new(Mutex::new(Metrics::default()));
    if let Some(file) = &args.metrics_file {
        // As a port in use is: a file that cannot be written is found out before any round.
        output::write_metrics_file(file, &metrics).map_err(|e| {
            Error::other(format!(
                "cannot write the metrics file {} for --metrics-file: {e}",
                file.display()
            ))
        })?;
    }
    let shortest = plan.groups.iter().map(|g| g.every).min();
    let health = Arc::new(Mutex::new(Health::new(shortest.unwrap_or_default())));
    if let Some(address) = args.metrics_listen {
        let listener = super::metrics_server::bind(address, ui).await?;
        let served = (metrics.clone(), health.clone());
        tokio::spawn(super::metrics_server::serve(listener, served));
    }
    let hangups = rounds::hangups(file.is_some());
    if let Some((path, _)) = file {
        ui.say(&format!(
            "watching {} targets of {} groups from {}; SIGHUP reads it again",
            plan.targets.len(),
            plan.groups.len(),
            path.display()
        ));
    }
    let engine = rounds::Engine {
        client: &client,
        recorder: &recorder,
        ui,
        interval,
        timeout,
        concurrency: usize::from(plan.concurrency.unwrap_or(args.fleet.concurrency)),
        out: output::Output {
            changes: args.changes,
            json: args.json,
            grouped: file.is_some(),
        },
        metrics: &metrics,
        answers: &answers,
        health: &health,
        metrics_file: args.metrics_file.as_deref(),
        daily_budget: args.daily_budget.or(plan.daily_budget),
        rounds: args.rounds,
        until_change: args.until_change,
        file,
    };
    rounds::run(&engine, plan, hangups).await
}

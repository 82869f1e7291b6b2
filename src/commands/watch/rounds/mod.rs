//! The rounds of a watch. Targets that share an `every` share a schedule; each schedule
//! starts a round when it is due, and every round's targets are traced a bounded number at
//! once under the watch's one request budget, each target's events printed as soon as its
//! trace ends. Rounds are stretched to keep within a daily budget, and SIGHUP reloads a
//! watch file between two results without restarting what did not change.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path as FsPath;
use std::sync::Mutex;
use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::time::Instant;

use super::health::Health;
use super::output::{self, Output};
use super::plan::{self, Plan, Target};
use crate::api::Client;
use crate::checks::Checks;
use crate::commands::connect::Answers;
use crate::commands::fleet::{trace_device, Run};
use crate::commands::hop_pings::{ping_destination, HopPings};
use crate::commands::record::Recorder;
use crate::error::Result;
use crate::ids::{Device, Serial};
use crate::metrics::{Metrics, TargetKey};
use crate::outcome::Trace;
use crate::ping::Ping;
use crate::ui::{FleetProgress, Ui, WatchView};
use crate::watch::{DeviceState, Event};

mod ending;
mod reload;

/// What every round of a watch works with.
pub struct Engine<'a> {
    pub client: &'a Client,
    pub recorder: &'a Recorder,
    pub ui: &'a Ui,
    pub interval: Duration,
    pub timeout: Duration,
    pub concurrency: usize,
    pub out: Output,
    pub metrics: &'a Mutex<Metrics>,
    pub answers: &'a Answers,
    pub health: &'a Mutex<Health>,
    pub metrics_file: Option<&'a FsPath>,
    pub daily_budget: Option<u64>,
    /// `--rounds N`: each schedule stops after N rounds.
    pub rounds: Option<u32>,
    pub until_change: bool,
    /// The watch file SIGHUP reloads, and the family of its groups that name none.
    pub file: Option<(&'a FsPath, Device)>,
}

/// A watched target and what the watch knows of it.
struct Live {
    target: Target,
    state: DeviceState,
    /// It has had a round: until then it has no metrics (not a failed trace's zeros).
    seen: bool,
}

impl Live {
    fn new(target: Target) -> Live {
        let state = DeviceState::new(target.group.device.name(), &target.key.destination);
        Live {
            target,
            state,
            seen: false,
        }
    }
}

/// The rounds of the targets of one `every`.
struct Schedule {
    number: u32,
    next: Instant,
    /// When the running round began; `None` between rounds.
    began: Option<Instant>,
    outstanding: usize,
    changed: bool,
}

impl Schedule {
    fn new(at: Instant) -> Schedule {
        Schedule {
            number: 0,
            next: at,
            began: None,
            outstanding: 0,
            changed: false,
        }
    }

    fn is_over(&self, rounds: Option<u32>) -> bool {
        rounds.is_some_and(|n| self.number >= n) && self.began.is_none()
    }
}

/// A target's round, done.
struct Done {
    every: Duration,
    target: Target,
    result: Result<Trace>,
    pinged: Option<Ping>,
}

/// The watch's state between results.
struct Watch {
    targets: Vec<Live>,
    index: HashMap<TargetKey, usize>,
    schedules: BTreeMap<Duration, Schedule>,
    /// The requests a day the targets plan, at the poll interval.
    per_day: f64,
    /// How many times farther apart than planned rounds are, for the daily budget.
    stretch: f64,
    said_stretch: bool,
    view: WatchView,
    metrics_failing: bool,
}

/// Runs rounds until `--rounds`, `--until-change`, stdout's reader going away or a signal;
/// `hangups` are the SIGHUPs that reload a watch file (from [`hangups`]).
pub async fn run(engine: &Engine<'_>, plan: Plan, mut hangups: Hangups) -> Result<()> {
    let mut watch = Watch::new(engine, plan);
    let mut queue: VecDeque<(Duration, TargetKey)> = VecDeque::new();
    let mut running = FuturesUnordered::new();
    loop {
        if crate::term::stdout_gone() {
            return Ok(()); // the reader went away: spend no more of the API budget
        }
        let over = watch.schedules.values().all(|s| s.is_over(engine.rounds));
        if over && running.is_empty() {
            return Ok(());
        }
        watch.start_due(engine, &mut queue);
        while running.len() < engine.concurrency {
            let Some((every, key)) = queue.pop_front() else {
                break;
            };
            match watch.index.get(&key) {
                Some(&i) => running.push(trace(engine, every, watch.targets[i].target.clone())),
                // Removed by a reload before its turn came.
                None => watch.one_done(engine, every)?,
            }
        }
        let wake = watch.next_due(engine.rounds);
        tokio::select! {
            Some(done) = running.next(), if !running.is_empty() => {
                if !watch.done(engine, done)? {
                    return Ok(());
                }
            }
            () = sleep_at_most_a_second(wake) => {}
            () = hangup(&mut hangups) => watch.reload(engine),
        }
    }
}

/// One target's round: its trace, then (`ping`) its ping of the destination.
async fn trace(engine: &Engine<'_>, every: Duration, target: Target) -> Done {
    let group = target.group.clone();
    let client = engine.client.for_device(group.device);
    let progress = FleetProgress::default();
    let run = Run {
        client: &client,
        destination: &target.key.destination,
        options: &target.options,
        checks: &group.path_checks,
        interval: engine.interval,
        timeout: engine.timeout,
        progress: &progress,
        recorder: engine.recorder,
        ui: engine.ui,
        started: None,
        hop_pings: group.hop_pings.map(|count| (count, &group.checks)),
    };
    let ping = group.ping.map(|count| (count, &group.checks));
    let (result, pinged) = device_round(&run, &target.serial, ping).await;
    Done {
        every,
        target,
        result,
        pinged,
    }
}

/// One device's round: its trace, then (`--ping N`) its ping of the destination.
async fn device_round(
    round: &Run<'_>,
    serial: &Serial,
    ping: Option<(u8, &Checks)>,
) -> (Result<Trace>, Option<Ping>) {
    let mut traced = trace_device(round, serial, |_| {}).await;
    // With --hop-pings the destination was pinged with the path.
    let of_path = traced.as_ref().ok().and_then(|t| t.hop_pings.as_ref());
    if let Some(pinged) = of_path.and_then(|p| p.destination()) {
        let ping = pinged.ping.as_ref().ok().cloned();
        return (traced, ping);
    }
    let (Ok(trace), Some((count, checks))) = (&mut traced, ping) else {
        return (traced, None);
    };
    let how = HopPings {
        count,
        like: round.options,
    };
    let pinged = ping_destination(round.context(), trace, how, checks).await;
    (traced, pinged)
}

/// Sleeps until `at`, or a second at most (to look at stdout's reader again).
async fn sleep_at_most_a_second(at: Instant) {
    tokio::time::sleep_until(at.min(Instant::now() + Duration::from_secs(1))).await;
}

#[cfg(unix)]
pub type Hangups = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
pub type Hangups = Option<()>;

/// SIGHUP, for a watch of a file (a watch of the command line ends on it, as programs do).
/// Caught from this call on: made before the watch says that SIGHUP reloads it.
pub fn hangups(wanted: bool) -> Hangups {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        wanted.then(|| signal(SignalKind::hangup()).ok()).flatten()
    }
    #[cfg(not(unix))]
    {
        let _ = wanted;
        None
    }
}

/// Resolves at the next SIGHUP; never without one to wait for.
async fn hangup(hangups: &mut Hangups) {
    #[cfg(unix)]
    if let Some(signals) = hangups {
        if signals.recv().await.is_some() {
            return;
        }
    }
    #[cfg(not(unix))]
    let _ = hangups;
    std::future::pending::<()>().await
}

impl Watch {
    fn new(engine: &Engine<'_>, plan: Plan) -> Watch {
        let per_day = plan::per_day(&plan::costs(&plan, engine.interval));
        let mut watch = Watch {
            targets: Vec::new(),
            index: HashMap::new(),
            schedules: BTreeMap::new(),
            per_day,
            stretch: 1.0,
            said_stretch: false,
            view: WatchView::default(),
            metrics_failing: false,
        };
        watch.take(plan.targets.into_iter().map(Live::new).collect());
        let names: Vec<String> = match engine.out.grouped {
            // A file's targets are too many for a line each: the heading only.
            true => Vec::new(),
            false => watch
                .targets
                .iter()
                .map(|l| l.target.key.serial.clone())
                .collect(),
        };
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        watch.view = engine.ui.watch_view(&names);
        watch
    }

    /// Watches `targets` from now on: a schedule for each new `every`, and none left for an
    /// `every` no target has (unless its round still runs).
    fn take(&mut self, targets: Vec<Live>) {
        self.targets = targets;
        self.index = (self.targets.iter().enumerate())
            .map(|(i, live)| (live.target.key.clone(), i))
            .collect();
        let everies: std::collections::BTreeSet<Duration> =
            self.targets.iter().map(|l| l.target.group.every).collect();
        let now = Instant::now();
        for every in &everies {
            self.schedules
                .entry(*every)
                .or_insert_with(|| Schedule::new(now));
        }
        self.schedules
            .retain(|every, s| everies.contains(every) || s.began.is_some());
    }

    /// Starts the round of every schedule that is due.
    fn start_due(&mut self, engine: &Engine<'_>, queue: &mut VecDeque<(Duration, TargetKey)>) {
        let now = Instant::now();
        let several = self.schedules.len() > 1;
        for (every, schedule) in &mut self.schedules {
            if schedule.began.is_some() || schedule.next > now || schedule.is_over(engine.rounds) {
                continue;
            }
            let keys: Vec<TargetKey> = (self.targets.iter())
                .filter(|l| l.target.group.every == *every)
                .map(|l| l.target.key.clone())
                .collect();
            if keys.is_empty() {
                continue;
            }
            schedule.number += 1;
            schedule.began = Some(now);
            schedule.outstanding = keys.len();
            schedule.changed = false;
            queue.extend(keys.into_iter().map(|key| (*every, key)));
            let of = of_schedule(several, *every);
            self.view
                .heading(&format!("round {}{of} running", schedule.number));
        }
    }

    /// When the next idle schedule is due (far off when none is).
    fn next_due(&self, rounds: Option<u32>) -> Instant {
        let idle = self.schedules.values();
        idle.filter(|s| s.began.is_none() && !s.is_over(rounds))
            .map(|s| s.next)
            .min()
            .unwrap_or_else(|| Instant::now() + Duration::from_secs(3600))
    }

    /// Takes in a target's round; `false` once stdout's reader went away.
    fn done(&mut self, engine: &Engine<'_>, done: Done) -> Result<bool> {
        let Done {
            every,
            target,
            result,
            pinged,
        } = done;
        let round = self.schedules.get(&every).map_or(0, |s| s.number);
        // A target a reload removed while it ran is forgotten.
        if let Some(&i) = self.index.get(&target.key) {
            let live = &mut self.targets[i];
            let events = match &result {
                Ok(trace) => live.state.update(Ok(trace), pinged.as_ref()),
                Err(err) => live
                    .state
                    .update(Err((&err.to_string(), err.exit_code())), None),
            };
            live.seen = true;
            if let Ok(mut health) = engine.health.lock() {
                // One token for every target: the latest answer says whether Central takes it.
                health.token_refused = events.iter().find_map(|e| match e {
                    Event::Error {
                        message,
                        exit_code: 4,
                    } => Some(message.clone()),
                    _ => None,
                });
            }
            if let Some(schedule) = self.schedules.get_mut(&every) {
                schedule.changed |= events.iter().any(Event::is_path_change);
            }
            output::show(&self.view, i, &live.target, &events);
            let live = &self.targets[i];
            if !(self.view).suspend(|| output::print(engine.out, round, &live.target, &events))? {
                return Ok(false);
            }
        }
        self.one_done(engine, every)?;
        Ok(true)
    }

    /// One target of `every`'s round is done (or was dropped); the last one ends the round.
    fn one_done(&mut self, engine: &Engine<'_>, every: Duration) -> Result<()> {
        let Some(schedule) = self.schedules.get_mut(&every) else {
            return Ok(());
        };
        schedule.outstanding = schedule.outstanding.saturating_sub(1);
        if schedule.outstanding > 0 {
            return Ok(());
        }
        self.end_round(engine, every)
    }
}

/// ` (every 5m)` when the watch has rounds of several periods; nothing when one.
fn of_schedule(several: bool, every: Duration) -> String {
    match several {
        true => format!(" (every {})", humantime::format_duration(every)),
        false => String::new(),
    }
}

//! `gwtrace watch SERIAL|--serials-file F DESTINATION --every D`: trace every device on a
//! schedule under one request budget, record every round, and say what changed — as lines,
//! events only (`--changes`) or NDJSON — with Prometheus metrics served or written.

use std::path::Path as FsPath;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::stream::{self, StreamExt};
use serde_json::{Map, Value};
use tokio::time::Instant;

use crate::checks::Checks;
use crate::cli::{GlobalArgs, Target, WatchArgs};
use crate::error::{Error, Result};
use crate::ids::Serial;
use crate::metrics::Metrics;
use crate::outcome::Trace;
use crate::ping::Ping;
use crate::settings::{self, Origin};
use crate::ui::{FleetProgress, Ui, WatchView};
use crate::watch::{DeviceState, Event};

use super::connect::{client_counting, overrides, Answers, Pace};
use super::fleet::{trace_device, Run};
use super::hop_pings::{ping_destination, HopPings};
use super::record::Recorder;
use super::saved::Subject;

/// The request budget of a watch without `--max-rate`, as a fleet's.
const DEFAULT_RATE: f64 = 5.0;

pub async fn run(global: &GlobalArgs, args: &WatchArgs, ui: &Ui) -> Result<()> {
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
    // With --ping, reach, loss and round-trip time are judged on the ping, not the probes.
    let path_checks = match (args.ping, args.hop_pings) {
        (None, None) => checks.clone(),
        _ => super::hop_pings::path_part(&checks),
    };
    let mut wanted = overrides(global, None);
    wanted.timeout = args.timing.timeout;
    wanted.interval = args.timing.interval;
    wanted.request_timeout = args.timing.request_timeout;
    let settings = settings::resolve(&wanted, Origin::ConfigFile)?;
    let (timeout, interval, device) = (settings.timeout, settings.interval, settings.device);
    let recorder = Recorder::new(&settings);
    let answers = Answers::default();
    let pace = Pace {
        max_rate: Some(args.fleet.max_rate.unwrap_or(DEFAULT_RATE)),
        max_pausing: None,
    };
    let client = client_counting(settings, pace, ui, Some(answers.clone()))?;
    let options = super::source::start_options(device, &args.source)?;
    let options = super::source::for_destination(options, &destination)?;
    let metrics = Arc::new(Mutex::new(Metrics::default()));
    if let Some(file) = &args.metrics_file {
        // As a port in use is: a file that cannot be written is found out before any round.
        write_metrics_file(file, &metrics).map_err(|e| {
            Error::other(format!(
                "cannot write the metrics file {} for --metrics-file: {e}",
                file.display()
            ))
        })?;
    }
    if let Some(address) = args.metrics_listen {
        let listener = super::metrics_server::bind(address, ui).await?;
        tokio::spawn(super::metrics_server::serve(listener, metrics.clone()));
    }
    let no_display = FleetProgress::default();
    let round = Run {
        client: &client,
        destination: &destination,
        options: &options,
        checks: &path_checks,
        interval,
        timeout,
        progress: &no_display,
        recorder: &recorder,
        ui,
        started: None,
        hop_pings: args.hop_pings.map(|count| (count, &checks)),
    };
    let states: Vec<DeviceState> = serials
        .iter()
        .map(|_| DeviceState::new(device.name(), &destination))
        .collect();
    let watched = Watched {
        serials: &serials,
        metrics: &metrics,
        answers: &answers,
        ping: args.ping.map(|count| (count, &checks)),
    };
    rounds(args, &round, watched, states, ui).await
}

/// What the rounds report on.
struct Watched<'a> {
    serials: &'a [Serial],
    metrics: &'a Mutex<Metrics>,
    answers: &'a Answers,
    /// `--ping N`, and every check (judged on the ping where it can be).
    ping: Option<(u8, &'a Checks)>,
}

/// Round after round until `--rounds`, `--until-change` or a signal ends the watch.
async fn rounds(
    args: &WatchArgs,
    round: &Run<'_>,
    watched: Watched<'_>,
    mut states: Vec<DeviceState>,
    ui: &Ui,
) -> Result<()> {
    let serials = watched.serials;
    let concurrency = usize::from(args.fleet.concurrency);
    let names: Vec<&str> = serials.iter().map(Serial::as_str).collect();
    let view = ui.watch_view(&names);
    let mut metrics_failing = false;
    for number in 1.. {
        if crate::term::stdout_gone() {
            return Ok(()); // the reader went away: spend no more of the API budget
        }
        let began = Instant::now();
        view.heading(&format!("round {number} running"));
        // Each device's line as soon as its trace ends, not when the round's slowest does.
        let ping = watched.ping;
        let mut done = stream::iter(serials.iter().enumerate())
            .map(|(index, serial)| async move { (index, device_round(round, serial, ping).await) })
            .buffer_unordered(concurrency);
        let mut changed = false;
        while let Some((index, (result, pinged))) = done.next().await {
            let (serial, state) = (&serials[index], &mut states[index]);
            let events = match &result {
                Ok(trace) => state.update(Ok(trace), pinged.as_ref()),
                Err(err) => state.update(Err((&err.to_string(), err.exit_code())), None),
            };
            changed |= events.iter().any(Event::is_path_change);
            show(&view, index, serial, &events);
            if !view.suspend(|| print(args, number, serial, &events))? {
                return Ok(());
            }
        }
        drop(done);
        let took = began.elapsed();
        publish(&watched, &states, number, took);
        if let Some(file) = &args.metrics_file {
            write_metrics(file, watched.metrics, &mut metrics_failing, ui);
        }
        if args.until_change && changed {
            return Err(Error::PathsDiffer);
        }
        if args.rounds == Some(number) {
            return Ok(());
        }
        let next = view.suspend(|| next_round(began, took, args.every, number, ui));
        let at = SystemTime::now() + next.saturating_duration_since(Instant::now());
        view.heading(&format!(
            "round {number} done; the next at {}",
            humantime::format_rfc3339_seconds(at)
        ));
        if !sleep_while_read(next).await {
            return Ok(());
        }
    }
    Ok(())
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

/// Sleeps until `next`; `false` as soon as stdout's reader has gone (looked at each second),
/// so that `watch … | head -1` ends without another round.
async fn sleep_while_read(next: Instant) -> bool {
    loop {
        if crate::term::stdout_gone() {
            return false;
        }
        let step = Instant::now() + Duration::from_secs(1);
        if step >= next {
            tokio::time::sleep_until(next).await;
            return true;
        }
        tokio::time::sleep_until(step).await;
    }
}

/// When the next round starts: `every` after this one began, a little later at random (so
/// that many watches do not beat in step), or now when this round took longer — said.
fn next_round(began: Instant, took: Duration, every: Duration, number: u32, ui: &Ui) -> Instant {
    if took >= every {
        ui.say(&overran(number, took, every));
        return Instant::now();
    }
    let jitter = every
        .mul_f64(fastrand::f64() / 20.0)
        .min(Duration::from_secs(15));
    began + every + jitter
}

/// Why the next round starts at once. The time taken is rounded up, to a tenth of a second
/// under a minute, so that it never reads as equal to `--every` (`2.1s`, not `2s`).
fn overran(number: u32, took: Duration, every: Duration) -> String {
    let shown = if took < Duration::from_secs(60) {
        let tenths = took.as_millis().div_ceil(100);
        format!("{}.{}s", tenths / 10, tenths % 10)
    } else {
        let secs = took.as_secs() + u64::from(took.subsec_nanos() > 0);
        humantime::format_duration(Duration::from_secs(secs)).to_string()
    };
    format!(
        "round {number} took {shown}, longer than --every {}: the next round starts now",
        humantime::format_duration(every)
    )
}

/// The device's line of the live view: its latest result (or error) and its RTT.
fn show(view: &WatchView, index: usize, serial: &Serial, events: &[Event]) {
    let summary = events
        .iter()
        .find(|e| matches!(e, Event::Result { .. } | Event::Error { .. }))
        .map(Event::describe)
        .unwrap_or_default();
    let rtt = events.iter().find_map(|e| match e {
        Event::Result { avg_ms, .. } => *avg_ms,
        _ => None,
    });
    view.device(index, &format!("{serial}  {summary}"), rtt);
}

/// One line per event: text (`TIME  round N  SERIAL  what`), or NDJSON; `false` once the
/// reader of stdout went away.
fn print(args: &WatchArgs, round: u32, serial: &Serial, events: &[Event]) -> Result<bool> {
    let time = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let shown = events.iter().filter(|e| !args.changes || e.is_change());
    let mut text = String::new();
    for event in shown {
        if args.json {
            let mut line = Map::new();
            line.insert("time".into(), time.clone().into());
            line.insert("round".into(), round.into());
            line.insert("serial".into(), serial.as_str().into());
            if let Ok(Value::Object(fields)) = serde_json::to_value(event) {
                line.extend(fields);
            }
            text.push_str(&crate::term::visible_json(&Value::Object(line).to_string()));
        } else {
            text.push_str(&format!(
                "{time}  round {round}  {serial}  {}",
                crate::term::one_line(&event.describe())
            ));
        }
        text.push('\n');
    }
    if text.is_empty() {
        return Ok(true);
    }
    super::print_open(text.as_bytes())
}

/// The metrics after a round.
fn publish(watched: &Watched<'_>, states: &[DeviceState], rounds: u32, took: Duration) {
    let Ok(mut metrics) = watched.metrics.lock() else {
        return;
    };
    for (serial, state) in watched.serials.iter().zip(states) {
        metrics
            .devices
            .insert(serial.to_string(), state.metrics.clone());
    }
    metrics.rounds = u64::from(rounds);
    metrics.round_seconds = took.as_secs_f64();
    if let Ok(answers) = watched.answers.lock() {
        metrics.requests = answers.by_code.clone();
        metrics.ratelimit_remaining = answers.remaining;
    }
}

/// Writes the metrics file through a temporary file and a rename, so that a collector never
/// reads half of it.
fn write_metrics_file(file: &FsPath, metrics: &Mutex<Metrics>) -> std::io::Result<()> {
    let text = metrics.lock().map(|m| m.render()).unwrap_or_default();
    let temp = file.with_extension(format!("tmp.{}", std::process::id()));
    let written = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// The metrics file after a round. A file that cannot be written is a warning when it starts
/// failing and a notice when it can be written again, not a line every round; the watch goes
/// on. `failing` is what the last round found.
fn write_metrics(file: &FsPath, metrics: &Mutex<Metrics>, failing: &mut bool, ui: &Ui) {
    let written = write_metrics_file(file, metrics);
    match (&written, *failing) {
        (Err(err), false) => ui.warn(&format!(
            "cannot write the metrics file {}: {err}; the watch goes on, and says when it can \
             again",
            file.display()
        )),
        (Ok(()), true) => ui.say(&format!(
            "the metrics file {} is written again",
            file.display()
        )),
        _ => {}
    }
    *failing = written.is_err();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overrun_round_reads_longer_than_the_period() {
        let said = |took: f64, every: u64| {
            overran(3, Duration::from_secs_f64(took), Duration::from_secs(every))
        };
        assert_eq!(
            said(2.04, 2),
            "round 3 took 2.1s, longer than --every 2s: the next round starts now"
        );
        assert!(said(84.2, 60).starts_with("round 3 took 1m 25s, longer than --every 1m:"));
    }
}

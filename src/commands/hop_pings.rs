//! `--hop-pings N` after a traceroute: ping every responder of the path from the same
//! device, judge reach, loss and round-trip time on those pings (forwarded loss, as pathping
//! does), and show the path with the pings' figures.

use crate::api::{Client, StartOptions};
use crate::checks::Checks;
use crate::error::Error;
use crate::ids::Serial;
use crate::outcome::Trace;
use crate::pathping::{Measured, PathPing};
use crate::ping::Ping;
use crate::pinging::{ping_one, ping_path, Pinging};
use crate::ui::Ui;

use super::connect::Timing;
use super::record::Recorder;

/// Pings per responder, and how the traceroute went out (a ping goes out the same way).
#[derive(Clone, Copy)]
pub struct HopPings<'a> {
    pub count: u8,
    pub like: &'a StartOptions,
}

/// What pings run with: the client (and its budget), how long to wait and how often to ask,
/// the recorder they are recorded by, and the ui.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub client: &'a Client,
    pub timing: Timing,
    pub recorder: &'a Recorder,
    pub ui: &'a Ui,
}

impl Context<'_> {
    fn pinging<'a>(&'a self, serial: &'a Serial, how: HopPings<'a>) -> Pinging<'a> {
        Pinging {
            client: self.client,
            serial,
            count: how.count,
            like: how.like,
            interval: self.timing.interval,
            timeout: self.timing.timeout,
        }
    }
}

/// The checks a traced path answers itself (`--expect-via`, `--expect-path`): with hop
/// pings, reach, loss and round-trip time are judged on the pings instead.
pub fn path_part(checks: &Checks) -> Checks {
    Checks {
        reach: false,
        max_loss: None,
        max_rtt_ms: None,
        ..checks.clone()
    }
}

/// Pings the responders of a completed `trace` and adds the failures of the ping-judged
/// checks to it; `None` when the trace has no completed path to ping.
pub async fn measure(
    context: Context<'_>,
    trace: &mut Trace,
    hop_pings: HopPings<'_>,
    checks: &Checks,
    early: Option<Measured>,
) -> Option<PathPing> {
    let Context { recorder, ui, .. } = context;
    let path = trace.path.as_ref()?;
    if matches!(&trace.outcome, Err(e) if !matches!(e, Error::ChecksFailed(_))) {
        return None;
    }
    let asked = path
        .destination
        .clone()
        .or_else(|| path.target.clone())
        .unwrap_or_default();
    let serial = trace.serial.clone();
    let pinging = context.pinging(&serial, hop_pings);
    let progress = |done: usize, total: usize| {
        let percent = (done * 100 / total.max(1)).min(100) as u8;
        ui.progress(&format!("PINGING HOPS {done}/{total}"), Some(percent));
    };
    let pinged = ping_path(&pinging, path, &asked, early, progress).await;
    for measured in &pinged.measured {
        if let (Some(task_id), Some(fetched)) = (&measured.task_id, &measured.fetched) {
            let target = Some(measured.target.as_str());
            recorder.record_ping(&serial, task_id, fetched, target, ui);
        }
    }
    let destination = pinged.destination().map(|m| &m.ping);
    add_failures(trace, judged(destination, checks, &asked));
    Some(pinged)
}

/// The destination's ping, made while the trace runs (`start --hop-pings`): the budget the
/// trace's wait leaves unused is spent on it, and [`measure`] does not ping it again.
pub async fn early_ping(
    context: Context<'_>,
    serial: &Serial,
    destination: &str,
    hop_pings: HopPings<'_>,
) -> Measured {
    ping_one(&context.pinging(serial, hop_pings), destination.to_owned()).await
}

/// `watch --ping N`: pings the destination of a completed `trace` N times from its device,
/// records the ping, and adds the failures of the ping-judged checks; the ping's result.
pub async fn ping_destination(
    context: Context<'_>,
    trace: &mut Trace,
    hop_pings: HopPings<'_>,
    checks: &Checks,
) -> Option<Ping> {
    let Context { recorder, ui, .. } = context;
    let path = trace.path.as_ref()?;
    let target = path.target.clone().or_else(|| path.destination.clone())?;
    let serial = trace.serial.clone();
    let pinging = context.pinging(&serial, hop_pings);
    let measured = ping_one(&pinging, target.clone()).await;
    if let (Some(task_id), Some(fetched)) = (&measured.task_id, &measured.fetched) {
        recorder.record_ping(&serial, task_id, fetched, Some(&target), ui);
    }
    add_failures(trace, judged(Some(&measured.ping), checks, &target));
    measured.ping.ok()
}

/// The failures of reach, loss and round-trip time judged on the destination's pings (its
/// loss is the forwarded loss of the whole path).
fn judged(destination: Option<&Result<Ping, String>>, checks: &Checks, asked: &str) -> Vec<String> {
    let wanted = Checks {
        reach: checks.reach,
        max_loss: checks.max_loss,
        max_rtt_ms: checks.max_rtt_ms,
        ..Checks::default()
    };
    if wanted.is_empty() {
        return Vec::new();
    }
    match destination {
        Some(Ok(ping)) => crate::ping::checks::failures(ping, &wanted, asked),
        Some(Err(why)) => vec![format!(
            "the destination's pings gave no result ({why}), so reach, loss and round-trip \
             time cannot be judged"
        )],
        None => vec!["the destination was not pinged".to_owned()],
    }
}

fn add_failures(trace: &mut Trace, failures: Vec<String>) {
    if failures.is_empty() {
        return;
    }
    trace.failures.extend(failures);
    if matches!(trace.outcome, Ok(()) | Err(Error::ChecksFailed(_))) {
        trace.outcome = Err(Error::ChecksFailed(trace.failures.len()));
    }
}

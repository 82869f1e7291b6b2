//! What a watch remembers of each device between rounds, and the events a new round makes of
//! it: the path changed (by the rule of `diff`, with the hop-level difference), reached ↔ not
//! reached, checks failing or passing again, an error. Plain data in, events out; nothing is
//! printed here.

use serde::Serialize;

use crate::metrics::{DeviceMetrics, HopRatio, PingMetrics};
use crate::outcome::Trace;
use crate::path::compare::compare;
use crate::path::identity::fingerprint;
use crate::path::{Path, Reach};
use crate::pathping::PathPing;
use crate::ping::Ping;

/// What happened to one device in one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The round's result (not an event of change: left out with `--changes`).
    Result {
        status: String,
        hops: Option<u32>,
        reached: Option<bool>,
        avg_ms: Option<f64>,
        fingerprint: Option<String>,
        /// `--ping`: the round's ping of the destination.
        #[serde(skip_serializing_if = "Option::is_none")]
        ping_loss_percent: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        ping_avg_ms: Option<f64>,
    },
    PathChanged {
        from: String,
        to: String,
        differences: Vec<String>,
    },
    Reached,
    NotReached,
    ChecksFailing {
        checks: Vec<String>,
    },
    ChecksPassing,
    /// The round could not trace the device (a 429 storm, the device offline, a task that
    /// failed…); the watch goes on.
    Error {
        message: String,
        exit_code: u8,
    },
}

impl Event {
    /// Whether this is news (`--changes` prints only these).
    pub fn is_change(&self) -> bool {
        !matches!(self, Event::Result { .. })
    }

    /// A path change (what `--until-change` stops at).
    pub fn is_path_change(&self) -> bool {
        matches!(self, Event::PathChanged { .. })
    }

    /// The event in words, for the text output.
    pub fn describe(&self) -> String {
        match self {
            Event::Result {
                status,
                hops,
                reached,
                avg_ms,
                fingerprint,
                ping_loss_percent,
                ping_avg_ms,
            } => {
                let mut words = vec![status.clone()];
                words.extend(hops.map(|h| format!("{h} hops")));
                words.push(
                    match reached {
                        Some(true) => "reached",
                        Some(false) => "not reached",
                        None => "reached unknown",
                    }
                    .to_owned(),
                );
                words.extend(avg_ms.map(|a| format!("{} ms", crate::path::ms(a))));
                words.extend(
                    fingerprint
                        .as_ref()
                        .map(|f| format!("path {}", &f[..8.min(f.len())])),
                );
                if let Some(loss) = ping_loss_percent {
                    let avg = ping_avg_ms
                        .map_or_else(String::new, |a| format!(", avg {} ms", crate::path::ms(a)));
                    words.push(format!("ping {} loss{avg}", crate::ping::percent(*loss)));
                }
                words.join("  ")
            }
            Event::PathChanged {
                from,
                to,
                differences,
            } => format!(
                "path changed ({} → {}): {}",
                &from[..8.min(from.len())],
                &to[..8.min(to.len())],
                differences.join("; ")
            ),
            Event::Reached => "reached again".to_owned(),
            Event::NotReached => "no longer reached".to_owned(),
            Event::ChecksFailing { checks } => format!("checks failing: {}", checks.join("; ")),
            Event::ChecksPassing => "checks pass again".to_owned(),
            Event::Error { message, .. } => format!("error: {message}"),
        }
    }
}

/// What the watch knows of a device from its earlier rounds.
#[derive(Debug, Clone, Default)]
pub struct DeviceState {
    path: Option<Path>,
    fingerprint: Option<String>,
    reached: Option<bool>,
    failing: bool,
    pub metrics: DeviceMetrics,
}

impl DeviceState {
    pub fn new(device: &str, destination: &str) -> DeviceState {
        DeviceState {
            metrics: DeviceMetrics {
                device: device.to_owned(),
                destination: destination.to_owned(),
                ..DeviceMetrics::default()
            },
            ..DeviceState::default()
        }
    }

    /// Takes in one round's result (a trace, or the error that kept the device from
    /// running one) and returns its events; `ping` is the round's ping of the destination
    /// (`watch --ping`), when one was made.
    pub fn update(&mut self, round: Result<&Trace, (&str, u8)>, ping: Option<&Ping>) -> Vec<Event> {
        self.metrics.ping = ping.map(PingMetrics::of);
        let trace = match round {
            Err((message, exit_code)) => {
                self.metrics.success = false;
                return vec![error(message, exit_code)];
            }
            Ok(trace) => trace,
        };
        let status = trace
            .fetched
            .as_ref()
            .map_or("-", |f| f.task.status.label())
            .to_owned();
        let Some(path) = &trace.path else {
            self.metrics.success = false;
            let message = match &trace.outcome {
                Err(err) => err.to_string(),
                Ok(()) => format!("the task is {status}"),
            };
            return vec![error(&message, trace.exit_code())];
        };
        let reach = path.reach();
        let reached = reach.reached();
        let avg_ms = match &reach {
            Reach::Reached { responder, .. } => responder.avg(),
            _ => None,
        };
        let print = fingerprint(path);
        let mut events = vec![Event::Result {
            status,
            hops: Some(path.length()),
            reached,
            avg_ms,
            fingerprint: Some(print.clone()),
            ping_loss_percent: ping.map(|p| (p.loss_percent() * 10.0).round() / 10.0),
            ping_avg_ms: ping.and_then(|p| p.avg_ms),
        }];
        // The rule of `diff`: ECMP alternation and silent hops are no change, even though
        // they change the fingerprint.
        if let (Some(before), Some(old)) = (&self.fingerprint, &self.path) {
            let comparison = compare(old, path, f64::INFINITY);
            if *before != print && !comparison.same {
                events.push(Event::PathChanged {
                    from: before.clone(),
                    to: print.clone(),
                    differences: comparison.differences,
                });
                self.metrics.changes += 1;
            }
        }
        match (self.reached, reached) {
            (Some(false), Some(true)) => events.push(Event::Reached),
            (Some(true), Some(false)) => events.push(Event::NotReached),
            _ => {}
        }
        let failing = !trace.failures.is_empty();
        if failing && !self.failing {
            events.push(Event::ChecksFailing {
                checks: trace.failures.clone(),
            });
        } else if !failing && self.failing {
            events.push(Event::ChecksPassing);
        }
        self.completed_metrics(trace, path, avg_ms, &print);
        self.fingerprint = Some(print);
        self.reached = reached.or(self.reached);
        self.failing = failing;
        self.path = Some(path.clone());
        events
    }
}

impl DeviceState {
    /// The metrics of a round that traced `path` (completed, `avg_ms` to the destination).
    fn completed_metrics(&mut self, trace: &Trace, path: &Path, avg_ms: Option<f64>, print: &str) {
        let metrics = &mut self.metrics;
        metrics.success = true;
        metrics.reached = path.reach().reached();
        metrics.hops = Some(path.length());
        metrics.rtt_seconds = avg_ms.map(|ms| ms / 1000.0);
        (metrics.hop_loss, metrics.hop_forwarded_loss) = match &trace.hop_pings {
            Some(pinged) => pinged_loss(pinged),
            None => (hop_loss(path), Vec::new()),
        };
        metrics.fingerprint = Some(print.to_owned());
    }
}

fn error(message: &str, exit_code: u8) -> Event {
    Event::Error {
        message: message.to_owned(),
        exit_code,
    }
}

/// Loss of the pings to each responder, and of what it forwards, as ratios (hop, address);
/// the destination listed past the path counts as the hop after the last.
fn pinged_loss(pinged: &PathPing) -> (Vec<HopRatio>, Vec<HopRatio>) {
    let (mut own, mut forwarded) = (Vec::new(), Vec::new());
    let mut last = 0;
    for (hop, losses) in pinged.hops.iter().zip(pinged.analysis().loss) {
        let number = hop.number.unwrap_or(last + 1);
        last = number;
        for (spot, loss) in hop.spots.iter().zip(losses) {
            let (Some((mine, through)), Some(address)) = (loss, &spot.address) else {
                continue;
            };
            own.push((number, address.clone(), mine / 100.0));
            forwarded.push((number, address.clone(), through / 100.0));
        }
    }
    (own, forwarded)
}

/// Loss per responder of the numbered hops (`*` for a silent one).
fn hop_loss(path: &Path) -> Vec<HopRatio> {
    let mut rows = Vec::new();
    for hop in &path.hops {
        let Some(number) = hop.number else { continue };
        let loss = hop.loss() / 100.0;
        let responders = hop.responders();
        if responders.is_empty() {
            rows.push((number, "*".to_owned(), loss));
        }
        for responder in responders {
            rows.push((number, responder.shown().to_owned(), loss));
        }
    }
    rows
}

#[cfg(test)]
mod tests;

//! `--hop-pings N`, pathping's question asked of a Central-managed device: after a traceroute,
//! every responder of every hop (and the destination) is pinged N times from the same device,
//! and the hop table is built from those pings. Loss is read the way pathping reads it: loss
//! that shows at a hop but not at the hops after it is that router limiting the replies it
//! sends itself, not loss of the traffic it forwards ([`Analysis`]).

use serde_json::{json, Value};

use crate::ids::TaskId;
use crate::path::Path;
use crate::ping::Ping;
use crate::task::Fetched;

/// One responder pinged: the ping task and what it found (or why there is nothing).
#[derive(Debug, Clone)]
pub struct Measured {
    /// What was pinged: the address, else the name.
    pub target: String,
    pub task_id: Option<TaskId>,
    /// The ping task's last document.
    pub fetched: Option<Fetched>,
    pub ping: Result<Ping, String>,
}

impl Measured {
    /// Percent of the echoes lost; `None` when there is no ping result.
    pub fn loss(&self) -> Option<f64> {
        self.ping.as_ref().ok().map(Ping::loss_percent)
    }
}

/// A responder at a hop: who it is, and which measurement is its (a responder seen at two
/// hops is pinged once).
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    pub address: Option<String>,
    pub hostname: Option<String>,
    /// Index into [`PathPing::measured`].
    pub measured: usize,
}

/// A hop of the pinged path: its number (`None` for the destination, listed past the path
/// when the trace did not reach it) and its responders.
#[derive(Debug, Clone, PartialEq)]
pub struct PingedHop {
    pub number: Option<u32>,
    pub spots: Vec<Spot>,
    /// The row that stands for the destination (the trace's last hop when it reached it).
    pub destination: bool,
}

/// A traceroute's path with every responder pinged `count` times.
#[derive(Debug, Clone)]
pub struct PathPing {
    pub count: u8,
    pub hops: Vec<PingedHop>,
    pub measured: Vec<Measured>,
}

/// What to ping for `path`, in order: every distinct responder of every hop with a number,
/// then the destination's address (or name) when no hop answered from it.
pub fn plan(path: &Path, asked: &str) -> (Vec<PingedHop>, Vec<String>) {
    let mut targets: Vec<String> = Vec::new();
    let index =
        |target: &str, targets: &mut Vec<String>| match targets.iter().position(|t| t == target) {
            Some(at) => at,
            None => {
                targets.push(target.to_owned());
                targets.len() - 1
            }
        };
    let destination = path
        .target
        .clone()
        .or_else(|| path.destination.clone())
        .unwrap_or_else(|| asked.to_owned());
    let mut hops = Vec::new();
    let mut reached = false;
    for hop in path.hops.iter().filter(|h| h.number.is_some()) {
        let mut spots = Vec::new();
        let mut here = false;
        for responder in hop.responders() {
            let Some(target) = responder.address.or(responder.hostname) else {
                continue;
            };
            here |= target == destination;
            spots.push(Spot {
                address: responder.address.map(str::to_owned),
                hostname: responder.hostname.map(str::to_owned),
                measured: index(target, &mut targets),
            });
        }
        reached |= here;
        hops.push(PingedHop {
            number: hop.number,
            spots,
            destination: here,
        });
    }
    if !reached {
        hops.push(PingedHop {
            number: None,
            spots: vec![Spot {
                address: Some(destination.clone()),
                hostname: None,
                measured: index(&destination, &mut targets),
            }],
            destination: true,
        });
    }
    (hops, targets)
}

/// Loss at each responder split into what it forwards and what it only does not answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Per hop, per spot: (loss of pings to it, loss of the traffic it forwards). `None`
    /// where the responder has no ping result.
    pub loss: Vec<Vec<Option<(f64, f64)>>>,
}

impl PathPing {
    pub fn analysis(&self) -> Analysis {
        // Going back from the destination: what the hops beyond a responder lost bounds what
        // was lost on the way through it (anything they answered was forwarded by it).
        let mut beyond = f64::INFINITY;
        let mut loss = vec![Vec::new(); self.hops.len()];
        for (at, hop) in self.hops.iter().enumerate().rev() {
            let here: Vec<Option<(f64, f64)>> = hop
                .spots
                .iter()
                .map(|spot| {
                    let own = self.measured[spot.measured].loss()?;
                    Some((own, own.min(beyond)))
                })
                .collect();
            // Through this hop went whatever path the least lossy of its responders took.
            if let Some(least) = here.iter().flatten().map(|(_, f)| *f).reduce(f64::min) {
                beyond = least;
            }
            loss[at] = here;
        }
        Analysis { loss }
    }

    /// The destination's measurement, where one was made.
    pub fn destination(&self) -> Option<&Measured> {
        let hop = self.hops.iter().rev().find(|h| h.destination)?;
        let spot = hop.spots.first()?;
        self.measured.get(spot.measured)
    }

    /// One line per responder whose pings were lost but whose loss did not carry on to the
    /// hops after it, and one for where forwarded loss begins.
    pub fn notes(&self) -> Vec<String> {
        let analysis = self.analysis();
        let mut notes = Vec::new();
        let mut forwarded_before = 0.0;
        for (hop, losses) in self.hops.iter().zip(&analysis.loss) {
            let label = hop
                .number
                .map_or_else(|| "dest".to_owned(), |n| n.to_string());
            for (spot, loss) in hop.spots.iter().zip(losses) {
                let Some((own, forwarded)) = *loss else {
                    continue;
                };
                let shown = spot.address.as_deref().or(spot.hostname.as_deref());
                let shown = shown.unwrap_or("?");
                if own - forwarded >= 0.5 {
                    notes.push(format!(
                        "hop {label} ({shown}) left {} of pings to itself unanswered, but the \
                         hops after it lost {}: it limits the replies it sends itself; that is \
                         not loss of forwarded traffic",
                        crate::ping::percent(round(own)),
                        crate::ping::percent(round(forwarded))
                    ));
                }
                if forwarded - forwarded_before >= 0.5 {
                    notes.push(format!(
                        "forwarded loss begins at hop {label} ({shown}): {} of what goes \
                         through it on to the destination is lost",
                        crate::ping::percent(round(forwarded))
                    ));
                    forwarded_before = forwarded;
                }
            }
        }
        notes
    }
}

/// Where a responder was seen: the hop number, and (loss, forwarded loss) there.
type Placed = (Option<u32>, Option<(f64, f64)>);

impl PathPing {
    /// `hopPings`: per responder pinged, its address, the hops it answered at, its loss and
    /// forwarded loss, the ping task's id and document (or the error).
    pub fn to_json(&self) -> Value {
        let analysis = self.analysis();
        let responders: Vec<Value> = self
            .measured
            .iter()
            .enumerate()
            .map(|(index, measured)| {
                let spots = self
                    .hops
                    .iter()
                    .zip(&analysis.loss)
                    .flat_map(|(hop, losses)| {
                        hop.spots
                            .iter()
                            .zip(losses)
                            .filter(move |(s, _)| s.measured == index)
                            .map(move |(_, loss)| (hop.number, *loss))
                    });
                let spots: Vec<Placed> = spots.collect();
                let hops: Vec<Value> = spots.iter().map(|(n, _)| json!(n)).collect();
                let forwarded = spots.iter().find_map(|(_, l)| l.map(|(_, f)| round(f)));
                let mut entry = json!({
                    "target": measured.target,
                    "hops": hops,
                    "task_id": measured.task_id.as_ref().map(ToString::to_string),
                    "loss_percent": measured.loss().map(round),
                    "forwarded_loss_percent": forwarded,
                });
                match (&measured.ping, &measured.fetched) {
                    (_, Some(fetched)) => entry["task"] = fetched.document().to_value(),
                    (Err(why), None) => entry["error"] = json!(why),
                    _ => {}
                }
                entry
            })
            .collect();
        json!({"count": self.count, "responders": responders})
    }
}

/// A percentage to a tenth.
pub fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests;

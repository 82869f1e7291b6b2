//! The map's graph: nodes (devices, responders, silent stretches, destinations) with their
//! numbers, edges, and a line per device; [`super::build`] makes it from traces.

use std::collections::BTreeSet;

use crate::path::Path;

/// One trace to draw: where it came from (a serial, or a file's name) and its path.
#[derive(Debug, Clone, Copy)]
pub struct Trace<'a> {
    pub source: &'a str,
    pub path: &'a Path,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The devices that traced (identical paths share one).
    Source,
    /// An address (or, without one, a name) that answered.
    Responder,
    /// One or more hops of one path where nothing answered; never merged across paths.
    Silent,
    /// A destination that no path reached.
    Destination,
}

/// How much of what was sent to a node got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    None,
    Partial,
    Total,
    /// Nothing was sent to it (a source, a destination no path reached).
    NotApplicable,
}

/// Round-trip times of one node, over every path through it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Times {
    pub count: usize,
    pub sum: f64,
    pub best: f64,
    pub worst: f64,
}

impl Times {
    pub(super) fn add(&mut self, rtt: f64) {
        if self.count == 0 {
            self.best = rtt;
            self.worst = rtt;
        }
        self.count += 1;
        self.sum += rtt;
        self.best = self.best.min(rtt);
        self.worst = self.worst.max(rtt);
    }

    pub fn avg(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum / self.count as f64)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub address: Option<String>,
    pub name: Option<String>,
    /// A source's devices, in input order.
    pub devices: Vec<String>,
    /// Hop numbers it was seen at; `unnumbered` when at a hop without a readable number.
    pub hops: BTreeSet<u32>,
    pub unnumbered: bool,
    pub sent: usize,
    pub lost: usize,
    pub times: Times,
    /// How many devices' paths pass through it.
    pub devices_through: usize,
    /// It answered for a destination of some path.
    pub destination: bool,
    /// How many devices' paths did not reach their destination and last heard from it.
    pub last_answer_of: usize,
    /// On the path of every device (set when there are two or more).
    pub shared: bool,
    /// The device index that last counted in `devices_through` (a loop counts once).
    pub(super) counted: Option<usize>,
}

impl Node {
    pub(super) fn new(kind: Kind) -> Node {
        Node {
            kind,
            address: None,
            name: None,
            devices: Vec::new(),
            hops: BTreeSet::new(),
            unnumbered: false,
            sent: 0,
            lost: 0,
            times: Times::default(),
            devices_through: 0,
            destination: false,
            last_answer_of: 0,
            shared: false,
            counted: None,
        }
    }

    /// Percent of probes lost, when any were sent.
    pub fn loss_percent(&self) -> Option<f64> {
        (self.sent > 0).then(|| 100.0 * self.lost as f64 / self.sent as f64)
    }

    pub fn loss(&self) -> Loss {
        match self.kind {
            Kind::Source | Kind::Destination => Loss::NotApplicable,
            Kind::Silent => Loss::Total,
            Kind::Responder => match (self.lost, self.sent) {
                (_, 0) => Loss::NotApplicable,
                (0, _) => Loss::None,
                (lost, sent) if lost >= sent => Loss::Total,
                _ => Loss::Partial,
            },
        }
    }

    /// The hop numbers as one short phrase: `hop 3`, `hops 3, 5`, `hops 4–9`.
    pub fn hop_phrase(&self) -> String {
        let numbers: Vec<u32> = self.hops.iter().copied().collect();
        let mut parts: Vec<String> = Vec::new();
        let mut at = 0;
        while at < numbers.len() {
            let mut end = at;
            while end + 1 < numbers.len() && numbers[end + 1] == numbers[end] + 1 {
                end += 1;
            }
            parts.push(match end - at {
                0 => numbers[at].to_string(),
                _ => format!("{}–{}", numbers[at], numbers[end]),
            });
            at = end + 1;
        }
        if self.unnumbered {
            parts.push("?".to_owned());
        }
        let word = if numbers.len() + usize::from(self.unnumbered) == 1 {
            "hop"
        } else {
            "hops"
        };
        format!("{word} {}", parts.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// How many devices' paths take it.
    pub devices: usize,
}

/// What one device's trace came to, for the map's table of devices.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    pub name: String,
    pub destination: Option<String>,
    pub reached: Option<bool>,
    pub hops: u32,
    /// The destination's average round-trip time, when it answered.
    pub avg_ms: Option<f64>,
    /// Where a path that did not arrive stopped.
    pub last_answer: Option<String>,
    /// Why a device has no path (a fleet's device that failed).
    pub error: Option<String>,
}

/// The merged graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub devices: Vec<Device>,
    /// Distinct paths (the number of source nodes).
    pub paths: usize,
    /// Devices with a path drawn (the rest of `devices` only failed).
    pub traced: usize,
}

impl Graph {
    /// The destinations asked for, once each, in order.
    pub fn destinations(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for device in &self.devices {
            if let Some(d) = device.destination.as_deref() {
                if !seen.contains(&d) {
                    seen.push(d);
                }
            }
        }
        seen
    }

    /// The round-trip time an edge adds: how much the average grows from one node to the next
    /// (from the device, the next node's average), when both are known and it grows.
    pub fn added_ms(&self, edge: &Edge) -> Option<f64> {
        let (from, to) = (&self.nodes[edge.from], &self.nodes[edge.to]);
        let after = to.times.avg()?;
        let before = match from.kind {
            Kind::Source => 0.0,
            _ => from.times.avg()?,
        };
        let added = after - before;
        (added >= 0.05).then_some(added)
    }
}

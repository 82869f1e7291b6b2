//! The path a traceroute found, read the way mtr reads one: `output.hops` merged with the
//! device's own text, loss and round-trip statistics per hop and responder, and whether the
//! destination was reached.

pub mod compare;
pub mod identity;
mod reach;
pub mod text;

use crate::task::{Hop, Probe, Task};

pub use reach::{ms, Reach};

/// The merged view of one completed task.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The destination as asked for.
    pub destination: Option<String>,
    /// The destination's address, when the task says it: `output.resolvedIp`, the text's
    /// header, or the destination itself when it is an address. Never guessed.
    pub target: Option<String>,
    pub hops: Vec<PathHop>,
}

/// One hop of the merged view.
#[derive(Debug, Clone, PartialEq)]
pub struct PathHop {
    pub number: Option<u32>,
    /// Only the device's text has this hop; `output.hops` left it out.
    pub recovered: bool,
    /// The probes that count for loss: `output.hops`' own, or the text's when `output.hops`
    /// lists none (or does not have the hop).
    pub probes: Vec<Probe>,
    /// Probes of responders that only the text shows at a hop `output.hops` has.
    pub added: Vec<Probe>,
    /// Probes sent: the probes listed, or — for a hop listed with none — the probes per hop
    /// the text's header gives or most hops had.
    pub sent: usize,
}

/// One responder of a hop with its round-trip times (answered probes only).
#[derive(Debug, Clone, PartialEq)]
pub struct Responder<'a> {
    pub address: Option<&'a str>,
    pub hostname: Option<&'a str>,
    pub rtts: Vec<f64>,
    /// Notes the text made on its probes (`!H`), once each.
    pub notes: Vec<&'a str>,
    /// Only the device's text shows this responder at this hop.
    pub added: bool,
    /// Some of its times could not be read.
    pub unreadable: bool,
}

impl Path {
    /// Merges `task.hops` with the hops of `task.raw_output`: `output.hops` wins where both
    /// have a hop; a hop only the text has is recovered and marked; responders only the text
    /// shows are added to the hop `output.hops` has. No hop of `output.hops` is ever lost.
    pub fn of(task: &Task) -> Path {
        let trace = task
            .raw_output
            .as_deref()
            .map(text::read)
            .unwrap_or_default();
        let mut hops: Vec<PathHop> = task.hops.iter().map(|hop| listed(hop, &trace)).collect();
        let known: Vec<Option<u32>> = hops.iter().map(|h| h.number).collect();
        let before = hops.len();
        hops.extend(
            trace
                .hops
                .iter()
                .filter(|h| !known.contains(&h.number))
                .map(|hop| PathHop {
                    number: hop.number,
                    recovered: true,
                    sent: hop.probes.len(),
                    probes: hop.probes.clone(),
                    added: Vec::new(),
                }),
        );
        if hops.len() > before {
            // Stable: hops without a readable number keep their place after the numbered ones.
            hops.sort_by_key(|h| h.number.unwrap_or(u32::MAX));
        }
        fill_sent(&mut hops, trace.probes_per_hop);
        let destination = task.destination.clone().or(trace.destination);
        let target = task
            .resolved_ip
            .clone()
            .or(trace.address)
            .or_else(|| destination.clone().filter(|d| text::is_address(d)));
        Path {
            destination,
            target,
            hops,
        }
    }

    /// Whether the destination was reached, by the rule in [`Reach`].
    pub fn reach(&self) -> Reach<'_> {
        Reach::of(self)
    }

    /// Hops up to the destination: the number of the last hop that answered (trailing silent
    /// hops do not count).
    pub fn length(&self) -> u32 {
        self.hops
            .iter()
            .filter(|h| h.answered())
            .filter_map(|h| h.number)
            .max()
            .unwrap_or(0)
    }
}

/// A hop of `output.hops`, with what the text adds to it.
fn listed(hop: &Hop, trace: &text::Trace) -> PathHop {
    let from_text = trace.hops.iter().find(|t| t.number == hop.number);
    let mut probes = hop.probes.clone();
    let mut added = Vec::new();
    if let Some(text_hop) = from_text {
        if probes.is_empty() {
            probes = text_hop.probes.clone();
        } else {
            let seen: Vec<Option<&str>> = probes.iter().map(identity).collect();
            added = text_hop
                .probes
                .iter()
                .filter(|p| p.answered() && !seen.contains(&identity(p)))
                .cloned()
                .collect();
        }
    }
    PathHop {
        number: hop.number,
        recovered: false,
        sent: probes.len(),
        probes,
        added,
    }
}

/// Who answered a probe, for telling responders apart: the address, else the name.
fn identity(probe: &Probe) -> Option<&str> {
    probe.address.as_deref().or(probe.hostname.as_deref())
}

/// A hop listed with no probes at all was still sent probes: as many as the header says, or
/// as most hops had.
fn fill_sent(hops: &mut [PathHop], per_hop: Option<u32>) {
    let usual = per_hop.map(|n| n as usize).or_else(|| {
        let mut counts: Vec<usize> = hops.iter().map(|h| h.sent).filter(|&n| n > 0).collect();
        counts.sort_unstable();
        let mode = counts.chunk_by(|a, b| a == b).max_by_key(|run| run.len())?;
        Some(mode[0])
    });
    for hop in hops.iter_mut().filter(|h| h.sent == 0) {
        hop.sent = usual.unwrap_or(0);
    }
}

impl PathHop {
    /// The hop number as shown: `7`, or `?` when the device sent none.
    pub fn label(&self) -> String {
        crate::task::hop_label(self.number)
    }

    /// Probes that got an answer with a time (readable or not); a named responder with a
    /// `*` time is a loss.
    pub fn received(&self) -> usize {
        self.probes
            .iter()
            .filter(|p| p.rtt_ms.is_some() || p.rtt_unreadable)
            .count()
    }

    /// Percent of probes lost; 100 for a hop nothing is known to have answered.
    pub fn loss(&self) -> f64 {
        if self.sent == 0 {
            return 100.0;
        }
        let lost = self.sent.saturating_sub(self.received());
        100.0 * lost as f64 / self.sent as f64
    }

    /// Whether anyone answered at this hop.
    pub fn answered(&self) -> bool {
        self.probes.iter().chain(&self.added).any(Probe::answered)
    }

    /// Every responder in order of first answer; `added` ones last.
    pub fn responders(&self) -> Vec<Responder<'_>> {
        let mut responders: Vec<Responder> = Vec::new();
        let all = self.probes.iter().map(|p| (p, false));
        for (probe, added) in all.chain(self.added.iter().map(|p| (p, true))) {
            if !probe.answered() {
                continue;
            }
            let key = identity(probe);
            let at = match responders
                .iter()
                .position(|r| r.address.or(r.hostname) == key)
            {
                Some(at) => at,
                None => {
                    responders.push(Responder {
                        address: probe.address.as_deref(),
                        hostname: probe.hostname.as_deref(),
                        rtts: Vec::new(),
                        notes: Vec::new(),
                        added,
                        unreadable: false,
                    });
                    responders.len() - 1
                }
            };
            let responder = &mut responders[at];
            responder.rtts.extend(probe.rtt_ms);
            responder.unreadable |= probe.rtt_unreadable;
            responder.hostname = responder.hostname.or(probe.hostname.as_deref());
            if let Some(note) = probe.note.as_deref() {
                if !responder.notes.contains(&note) {
                    responder.notes.push(note);
                }
            }
        }
        responders
    }
}

impl Responder<'_> {
    pub fn best(&self) -> Option<f64> {
        self.rtts.iter().copied().reduce(f64::min)
    }

    pub fn worst(&self) -> Option<f64> {
        self.rtts.iter().copied().reduce(f64::max)
    }

    pub fn avg(&self) -> Option<f64> {
        (!self.rtts.is_empty()).then(|| self.rtts.iter().sum::<f64>() / self.rtts.len() as f64)
    }

    /// The last time measured.
    pub fn last(&self) -> Option<f64> {
        self.rtts.last().copied()
    }

    /// Sample standard deviation, as mtr reports it (`net_stdev`: 0 for a single answer).
    pub fn stdev(&self) -> Option<f64> {
        let avg = self.avg()?;
        let n = self.rtts.len() as f64;
        if n < 2.0 {
            return Some(0.0);
        }
        Some((self.rtts.iter().map(|t| (t - avg).powi(2)).sum::<f64>() / (n - 1.0)).sqrt())
    }

    /// The responder as one word: its address, else its name.
    pub fn shown(&self) -> &str {
        self.address.or(self.hostname).unwrap_or("?")
    }
}

#[cfg(test)]
mod tests;

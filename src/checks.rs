//! Path checks for CI (`--expect-reach`, `--expect-via`, `--max-rtt`, `--max-loss`,
//! `--expect-path`): each one evaluated on a completed task's merged path, every failure one
//! line saying what was expected and what was seen.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::path::compare::compare;
use crate::path::{ms, Path, Reach};
use crate::task::address;

pub mod baseline;
pub use baseline::{Baseline, Saved};

/// What `--expect-via` matches a responder against.
#[derive(Debug, Clone, PartialEq)]
pub enum Via {
    Address(IpAddr),
    Network(IpNet),
    /// A host name, compared case-insensitively.
    Name(String),
}

impl Via {
    /// `10.1.1.1`, `10.186.128.0/24`, `2001:db8::/32` or `hub1.example.net`.
    pub fn parse(value: &str) -> Result<Via, String> {
        let text = value.trim();
        if let Ok(net) = text.parse::<IpNet>() {
            return Ok(Via::Network(net.trunc()));
        }
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(Via::Address(ip));
        }
        // Digits and dots that are no address are a mistyped address, not a host name.
        if text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '/')
        {
            return Err(format!(
                "'{value}' looks like an address but is not one: an IPv4 address has four \
                 numbers (10.186.172.1), a network a prefix length (10.186.172.0/24)"
            ));
        }
        // A name is written like a traceroute destination.
        crate::validate::destination(text)
            .map(Via::Name)
            .map_err(|_| {
                format!("'{value}' is not an address, a network (10.0.0.0/8) or a host name")
            })
    }

    fn matches(&self, address_text: Option<&str>, hostname: Option<&str>) -> bool {
        let ip = address_text.and_then(address);
        match self {
            Via::Address(want) => ip == Some(*want),
            Via::Network(net) => ip.is_some_and(|ip| net.contains(&ip)),
            // `hub1.example.` and `hub1.example` are one name.
            Via::Name(name) => hostname.is_some_and(|h| {
                h.trim_end_matches('.')
                    .eq_ignore_ascii_case(name.trim_end_matches('.'))
            }),
        }
    }
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Via::Address(ip) => write!(f, "{ip}"),
            Via::Network(net) => write!(f, "{net}"),
            Via::Name(name) => write!(f, "{name}"),
        }
    }
}

/// Every check asked for; the default asks for none.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    pub reach: bool,
    pub via: Vec<Via>,
    pub max_rtt_ms: Option<f64>,
    pub max_loss: Option<f64>,
    /// `--max-jitter`: pings only.
    pub max_jitter_ms: Option<f64>,
    pub path: Option<Baseline>,
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        !self.reach
            && self.via.is_empty()
            && self.max_rtt_ms.is_none()
            && self.max_loss.is_none()
            && self.max_jitter_ms.is_none()
            && self.path.is_none()
    }

    /// The failed checks of `serial`'s path, one message each (without a `check failed:`
    /// prefix); all are evaluated, none short-circuits another.
    pub fn failures(&self, path: &Path, serial: Option<&str>) -> Vec<String> {
        let reach = path.reach();
        let mut failed = Vec::new();
        if self.reach && reach.reached() != Some(true) {
            failed.push(unreached(&reach));
        }
        for via in &self.via {
            // A hop whose number cannot be read is shown, but never decides a check.
            let seen = path.hops.iter().filter(|h| h.number.is_some()).any(|hop| {
                hop.responders()
                    .iter()
                    .any(|r| via.matches(r.address, r.hostname))
            });
            if !seen {
                failed.push(format!("no hop answered from {via} (--expect-via)"));
            }
        }
        if let Some(limit) = self.max_rtt_ms {
            failed.extend(max_rtt(&reach, limit));
        }
        if let Some(limit) = self.max_loss {
            failed.extend(max_loss(&reach, limit));
        }
        if let Some(baseline) = &self.path {
            match baseline.for_serial(serial) {
                Err(why) => failed.push(format!("--expect-path: {why}")),
                Ok(saved) => {
                    let comparison = compare(&saved.path, path, f64::INFINITY);
                    if !comparison.same {
                        failed.push(format!(
                            "the path differs from {}: {}",
                            baseline.name,
                            comparison.differences.join("; ")
                        ));
                    }
                }
            }
        }
        failed
    }
}

/// `not reached 10.20.0.1; last answer from 10.9.9.9 at hop 7`.
fn unreached(reach: &Reach) -> String {
    match reach {
        Reach::Unknown { destination } => format!(
            "cannot tell whether {} was reached; the task holds no address for it",
            destination.unwrap_or("the destination")
        ),
        Reach::NotReached { target, .. } => {
            format!("not reached {target}; {}", reach.last_answer())
        }
        Reach::Reached { .. } => reach.to_string(),
    }
}

fn max_rtt(reach: &Reach, limit: f64) -> Option<String> {
    let Reach::Reached { responder, .. } = reach else {
        return Some(format!("--max-rtt {} ms: {}", ms(limit), unreached(reach)));
    };
    let Some(avg) = responder.avg() else {
        return Some(format!(
            "--max-rtt {} ms: no round-trip time was measured from {}",
            ms(limit),
            responder.shown()
        ));
    };
    (avg > limit).then(|| {
        format!(
            "average round-trip time to {} is {} ms, over --max-rtt {} ms",
            responder.shown(),
            ms(avg),
            ms(limit)
        )
    })
}

fn max_loss(reach: &Reach, limit: f64) -> Option<String> {
    let Reach::Reached { hop, responder } = reach else {
        return Some(format!("--max-loss {limit}%: {}", unreached(reach)));
    };
    let loss = hop.loss();
    (loss > limit).then(|| {
        format!(
            "loss at {} (hop {}) is {loss:.1}%, over --max-loss {limit}%",
            responder.shown(),
            hop.label()
        )
    })
}

#[cfg(test)]
mod tests;

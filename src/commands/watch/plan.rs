//! What a watch runs — groups of targets (a device and a destination each) with their
//! settings — and what it costs: the requests a round and a day, estimated from the task
//! durations the API notes give, against a daily budget.

use std::sync::Arc;
use std::time::Duration;

use crate::api::StartOptions;
use crate::checks::Checks;
use crate::ids::{Device, Serial};
use crate::metrics::TargetKey;

/// Every target of a watch, and the settings of the whole watch.
#[derive(Debug, Default)]
pub struct Plan {
    pub max_rate: Option<f64>,
    pub daily_budget: Option<u64>,
    pub concurrency: Option<u16>,
    pub timeout: Option<Duration>,
    pub interval: Option<Duration>,
    pub groups: Vec<Arc<Group>>,
    pub targets: Vec<Target>,
}

/// A group's settings, shared by its targets.
#[derive(Debug)]
pub struct Group {
    /// Empty for a watch of the command line (no `group` label then).
    pub name: String,
    pub device: Device,
    pub every: Duration,
    /// Every check; with `ping` or `hop_pings`, reach, loss and RTT are judged on the pings.
    pub checks: Checks,
    pub ping: Option<u8>,
    pub hop_pings: Option<u8>,
    /// The family's start options, before the destination's say (IPv6 on a CX switch).
    pub options: StartOptions,
    /// The checks judged on the traced path: all of them, or without reach, loss and RTT
    /// when pings judge those.
    pub path_checks: Checks,
}

impl Group {
    pub fn new(
        name: String,
        device: Device,
        every: Duration,
        checks: Checks,
        pings: (Option<u8>, Option<u8>),
        options: StartOptions,
    ) -> Group {
        let (ping, hop_pings) = pings;
        let path_checks = match pings {
            (None, None) => checks.clone(),
            _ => crate::commands::hop_pings::path_part(&checks),
        };
        Group {
            name,
            device,
            every,
            checks,
            ping,
            hop_pings,
            options,
            path_checks,
        }
    }

    /// Whether `other` asks for the same as this group (a watch file has no `--expect-path`).
    fn same_as(&self, other: &Group) -> bool {
        let (a, b) = (&self.checks, &other.checks);
        self.name == other.name
            && self.device == other.device
            && self.every == other.every
            && (self.ping, self.hop_pings) == (other.ping, other.hop_pings)
            && self.options == other.options
            && (a.reach, &a.via, a.max_rtt_ms, a.max_loss)
                == (b.reach, &b.via, b.max_rtt_ms, b.max_loss)
            && a.path.is_none()
            && b.path.is_none()
    }
}

/// One device traced to one destination.
#[derive(Debug, Clone)]
pub struct Target {
    pub key: TargetKey,
    pub serial: Serial,
    pub group: Arc<Group>,
    /// The start options for this destination.
    pub options: StartOptions,
}

impl Target {
    /// Whether `other` is the same target with the same settings (a reload leaves it be).
    pub fn same_as(&self, other: &Target) -> bool {
        self.key == other.key && self.group.same_as(&other.group) && self.options == other.options
    }
}

/// How long a traceroute task runs: the notes' gateway figure (about 18 s).
const TRACE_SECONDS: f64 = 18.0;
/// Responders a path has, for the pings of `hop_pings`: a typical WAN path.
pub const TYPICAL_RESPONDERS: f64 = 8.0;

/// The requests a task of `seconds` costs: its start, then a poll each `interval` until done.
fn task(seconds: f64, interval: Duration) -> f64 {
    1.0 + (seconds / interval.as_secs_f64().max(1.0)).ceil()
}

/// The requests one round of a target of `group` costs.
pub fn per_target(group: &Group, interval: Duration) -> f64 {
    // A ping sends an echo a second, and takes a second or two more to report.
    let ping = |count: u8| task(f64::from(count) + 2.0, interval);
    let trace = task(TRACE_SECONDS, interval);
    trace
        + group.ping.map_or(0.0, ping)
        + group
            .hop_pings
            .map_or(0.0, |n| (TYPICAL_RESPONDERS + 1.0) * ping(n))
}

/// The cost of one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    pub group: String,
    pub device: Device,
    pub targets: usize,
    pub every: Duration,
    pub per_round: f64,
    pub per_day: f64,
}

/// The cost of each group, in file order, polled at `interval`.
pub fn costs(plan: &Plan, interval: Duration) -> Vec<Cost> {
    plan.groups
        .iter()
        .map(|group| {
            let targets = plan
                .targets
                .iter()
                .filter(|t| Arc::ptr_eq(&t.group, group))
                .count();
            let per_round = targets as f64 * per_target(group, interval);
            Cost {
                group: group.name.clone(),
                device: group.device,
                targets,
                every: group.every,
                per_round,
                per_day: per_round * 86_400.0 / group.every.as_secs_f64(),
            }
        })
        .collect()
}

/// The day's requests of all `costs`.
pub fn per_day(costs: &[Cost]) -> f64 {
    costs.iter().map(|c| c.per_day).sum()
}

/// Why a plan does not fit `budget`, naming the largest groups; `None` when it fits.
pub fn over_budget(costs: &[Cost], budget: u64) -> Option<String> {
    let day = per_day(costs);
    if day <= budget as f64 {
        return None;
    }
    let mut largest: Vec<&Cost> = costs.iter().collect();
    largest.sort_by(|a, b| b.per_day.total_cmp(&a.per_day));
    let named: Vec<String> = largest
        .iter()
        .take(3)
        .map(|c| format!("{} ({})", c.group, thousands(c.per_day)))
        .collect();
    Some(format!(
        "the watch needs about {} requests a day, over daily_budget {}; the largest groups: {} \
         (trace less often with every, watch fewer targets, or raise daily_budget)",
        thousands(day),
        thousands(budget as f64),
        named.join(", ")
    ))
}

/// `1,440,000`: a count rounded up to a whole request, with thousands separated.
pub fn thousands(value: f64) -> String {
    let digits = (value.ceil().max(0.0) as u64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str, every: u64, ping: Option<u8>) -> Arc<Group> {
        Arc::new(Group::new(
            name.into(),
            Device::Gateway,
            Duration::from_secs(every),
            Checks::default(),
            (ping, None),
            StartOptions::Gateway { vlan_ip: None },
        ))
    }

    fn plan(groups: &[(Arc<Group>, usize)]) -> Plan {
        let mut plan = Plan::default();
        for (group, count) in groups {
            for n in 0..*count {
                let serial = Serial::parse(&format!("CN{n:04}")).unwrap();
                plan.targets.push(Target {
                    key: TargetKey::default(),
                    serial,
                    group: group.clone(),
                    options: group.options.clone(),
                });
            }
            plan.groups.push(group.clone());
        }
        plan
    }

    #[test]
    fn a_trace_costs_its_start_and_a_poll_each_interval_of_its_run() {
        let interval = Duration::from_secs(5);
        // 18 s at 5 s: polls at 5, 10, 15 and 20 s.
        assert_eq!(per_target(&group("a", 300, None), interval), 5.0);
        // A 10-echo ping: 12 s, 3 polls and its start.
        assert_eq!(per_target(&group("a", 300, Some(10)), interval), 9.0);
    }

    #[test]
    fn two_hundred_gateways_every_five_minutes_are_far_over_five_thousand_a_day() {
        let costs = costs(
            &plan(&[(group("branches", 300, None), 200)]),
            Duration::from_secs(5),
        );
        assert_eq!(costs[0].per_round, 1000.0);
        assert_eq!(costs[0].per_day, 288_000.0);
        let refused = over_budget(&costs, 5000).unwrap();
        assert!(
            refused.contains("288,000 requests a day, over daily_budget 5,000"),
            "{refused}"
        );
        assert!(refused.contains("branches (288,000)"), "{refused}");
        assert_eq!(over_budget(&costs, 300_000), None);
    }

    #[test]
    fn the_largest_groups_are_named_first() {
        let costs = costs(
            &plan(&[
                (group("small", 3600, None), 1),
                (group("big", 60, None), 10),
            ]),
            Duration::from_secs(5),
        );
        let refused = over_budget(&costs, 10).unwrap();
        assert!(
            refused.contains("largest groups: big (72,000), small (120)"),
            "{refused}"
        );
    }
}

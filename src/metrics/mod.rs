//! Prometheus metrics of a watch, in the text exposition format (what `/metrics` serves and
//! node_exporter's textfile collector reads): the latest round of each device, a few
//! counters, written by hand with HELP and TYPE lines and escaped label values.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What a watch knows of one device after its latest round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeviceMetrics {
    pub device: String,
    pub destination: String,
    /// The latest round traced a COMPLETED task.
    pub success: bool,
    pub reached: Option<bool>,
    pub hops: Option<u32>,
    /// The destination's average round-trip time, in seconds.
    pub rtt_seconds: Option<f64>,
    /// Loss per responder of the latest completed trace: hop, address (`*` for a silent hop),
    /// ratio 0–1. Only the latest round's, so the number of series stays bounded.
    pub hop_loss: Vec<HopRatio>,
    /// With `--hop-pings`: the loss of what each responder forwards, 0–1 (hop, address).
    pub hop_forwarded_loss: Vec<HopRatio>,
    pub fingerprint: Option<String>,
    pub changes: u64,
    /// The latest round's ping of the destination (`watch --ping N`).
    pub ping: Option<PingMetrics>,
}

/// A round's ping of the destination: the share of echoes lost, and min/avg/max/stdev of
/// their round-trip times in seconds (where the device said them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PingMetrics {
    pub loss_ratio: f64,
    pub rtt_seconds: [(&'static str, Option<f64>); 4],
}

impl PingMetrics {
    pub fn of(ping: &crate::ping::Ping) -> PingMetrics {
        let seconds = |ms: Option<f64>| ms.map(|ms| ms / 1000.0);
        PingMetrics {
            loss_ratio: ping.loss_percent() / 100.0,
            rtt_seconds: [
                ("min", seconds(ping.min_ms)),
                ("avg", seconds(ping.avg_ms)),
                ("max", seconds(ping.max_ms)),
                ("stdev", seconds(ping.stdev_ms)),
            ],
        }
    }
}

/// A ratio at one responder of a hop: hop number, address (`*` for a silent hop), 0–1.
pub type HopRatio = (u32, String, f64);

/// Which series a target's samples are: its group (empty for a watch of the command line,
/// then no `group` label), its device's serial and its destination.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TargetKey {
    pub group: String,
    pub serial: String,
    pub destination: String,
}

/// Every metric of a watch.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    /// By target.
    pub devices: BTreeMap<TargetKey, DeviceMetrics>,
    pub rounds: u64,
    pub round_seconds: f64,
    /// API answers by status code (`error` for no answer).
    pub requests: BTreeMap<String, u64>,
    /// The latest `X-RateLimit-Remaining` Central sent, when it sent one.
    pub ratelimit_remaining: Option<u64>,
    /// Requests left in the day's budget: Central's day header where it sends one, else
    /// `daily_budget` less the requests made today; none without either.
    pub budget_remaining: Option<u64>,
    /// When the latest round finished, in seconds since the Unix epoch.
    pub last_round_timestamp: Option<f64>,
    /// The shortest time between rounds the watch keeps (stretched by a daily budget).
    pub round_interval_seconds: f64,
}

/// A metric with one sample per device: name, type, help, and the value (none: no sample).
type PerDevice = (
    &'static str,
    &'static str,
    &'static str,
    fn(&DeviceMetrics) -> Option<f64>,
);

const PER_DEVICE: [PerDevice; 5] = [
    (
        "gwtrace_trace_success",
        "gauge",
        "Whether the latest round traced a completed task (1) or failed (0).",
        |d| Some(f64::from(u8::from(d.success))),
    ),
    (
        "gwtrace_path_reached",
        "gauge",
        "Whether the latest completed trace reached its destination.",
        |d| d.reached.map(|r| f64::from(u8::from(r))),
    ),
    (
        "gwtrace_path_hops",
        "gauge",
        "Hops up to the destination in the latest completed trace.",
        |d| d.hops.map(f64::from),
    ),
    (
        "gwtrace_destination_rtt_seconds",
        "gauge",
        "Average round-trip time to the destination in the latest completed trace.",
        |d| d.rtt_seconds,
    ),
    (
        "gwtrace_path_changes_total",
        "counter",
        "Path changes seen since the watch began.",
        |d| Some(d.changes as f64),
    ),
];

impl Metrics {
    /// The text exposition format, version 0.0.4.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (name, kind, help, value) in PER_DEVICE {
            header(&mut out, name, kind, help);
            for (key, device) in &self.devices {
                if let Some(v) = value(device) {
                    let labels = labels(key, device, &[]);
                    let _ = writeln!(out, "{name}{{{labels}}} {}", number(v));
                }
            }
        }
        self.per_responder(&mut out);
        self.pings(&mut out);
        self.totals(&mut out);
        header(
            &mut out,
            "gwtrace_api_requests_total",
            "counter",
            "Requests to Central by the status code of the answer.",
        );
        for (code, count) in &self.requests {
            let _ = writeln!(
                out,
                "gwtrace_api_requests_total{{code=\"{}\"}} {count}",
                escape(code)
            );
        }
        out
    }

    /// The watch's own numbers: rounds, their timing, and what is left of the API's budgets.
    fn totals(&self, out: &mut String) {
        let optional = |value: Option<f64>| value.map(number);
        let totals: [(&str, &str, &str, Option<String>); 6] = [
            (
                "gwtrace_rounds_total",
                "counter",
                "Rounds finished.",
                Some(self.rounds.to_string()),
            ),
            (
                "gwtrace_round_duration_seconds",
                "gauge",
                "How long the latest round took.",
                Some(number(self.round_seconds)),
            ),
            (
                "gwtrace_round_interval_seconds",
                "gauge",
                "The shortest time between the starts of rounds (a daily budget stretches it).",
                Some(number(self.round_interval_seconds)),
            ),
            (
                "gwtrace_last_round_timestamp_seconds",
                "gauge",
                "When the latest round finished, in seconds since the Unix epoch.",
                optional(self.last_round_timestamp),
            ),
            (
                "gwtrace_api_ratelimit_remaining",
                "gauge",
                "Requests left in Central's rate limit window, as its latest answer said.",
                self.ratelimit_remaining.map(|r| r.to_string()),
            ),
            (
                "gwtrace_api_budget_remaining",
                "gauge",
                "Requests left in the day's API budget: Central's X-RateLimit-Remaining-day \
                 where it sends it, else daily_budget less today's requests.",
                self.budget_remaining.map(|r| r.to_string()),
            ),
        ];
        for (name, kind, help, value) in totals {
            if let Some(value) = value {
                header(out, name, kind, help);
                let _ = writeln!(out, "{name} {value}");
            }
        }
    }

    /// Loss per hop responder, and the path's fingerprint.
    fn per_responder(&self, out: &mut String) {
        header(
            out,
            "gwtrace_hop_loss_ratio",
            "gauge",
            "Share of probes lost at each responder of the latest completed trace (of pings \
             to it, with --hop-pings).",
        );
        for (key, device) in &self.devices {
            for (hop, address, ratio) in &device.hop_loss {
                let hop = hop.to_string();
                let labels = labels(key, device, &[("hop", &hop), ("address", address)]);
                let _ = writeln!(out, "gwtrace_hop_loss_ratio{{{labels}}} {}", number(*ratio));
            }
        }
        if self
            .devices
            .values()
            .any(|d| !d.hop_forwarded_loss.is_empty())
        {
            header(
                out,
                "gwtrace_hop_forwarded_loss_ratio",
                "gauge",
                "Share of the traffic each responder forwards that is lost beyond it (--hop-pings).",
            );
        }
        for (key, device) in &self.devices {
            for (hop, address, ratio) in &device.hop_forwarded_loss {
                let hop = hop.to_string();
                let labels = labels(key, device, &[("hop", &hop), ("address", address)]);
                let _ = writeln!(
                    out,
                    "gwtrace_hop_forwarded_loss_ratio{{{labels}}} {}",
                    number(*ratio)
                );
            }
        }
        header(
            out,
            "gwtrace_path_info",
            "gauge",
            "The fingerprint of the latest completed path (always 1).",
        );
        for (key, device) in &self.devices {
            if let Some(fingerprint) = &device.fingerprint {
                let labels = labels(key, device, &[("fingerprint", fingerprint)]);
                let _ = writeln!(out, "gwtrace_path_info{{{labels}}} 1");
            }
        }
    }
}

impl Metrics {
    /// The latest round's ping of each device's destination, when the watch pings.
    fn pings(&self, out: &mut String) {
        let pinged = || {
            self.devices
                .iter()
                .filter_map(|(key, d)| Some((key, d, d.ping.as_ref()?)))
        };
        if pinged().next().is_none() {
            return;
        }
        header(
            out,
            "gwtrace_ping_loss_ratio",
            "gauge",
            "Share of the echoes lost in the latest round's ping of the destination.",
        );
        for (key, device, ping) in pinged() {
            let labels = labels(key, device, &[]);
            let _ = writeln!(
                out,
                "gwtrace_ping_loss_ratio{{{labels}}} {}",
                number(ping.loss_ratio)
            );
        }
        header(
            out,
            "gwtrace_ping_rtt_seconds",
            "gauge",
            "Round-trip times of the latest round's ping of the destination, by statistic.",
        );
        for (key, device, ping) in pinged() {
            for (stat, value) in ping.rtt_seconds {
                if let Some(value) = value {
                    let labels = labels(key, device, &[("stat", stat)]);
                    let _ = writeln!(
                        out,
                        "gwtrace_ping_rtt_seconds{{{labels}}} {}",
                        number(value)
                    );
                }
            }
        }
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// The labels of a target's sample: `group` (watch files), `serial`, `device`,
/// `destination`, then `extra`.
fn labels(key: &TargetKey, device: &DeviceMetrics, extra: &[(&str, &str)]) -> String {
    let mut pairs = Vec::with_capacity(4 + extra.len());
    if !key.group.is_empty() {
        pairs.push(("group", key.group.as_str()));
    }
    pairs.extend([
        ("serial", key.serial.as_str()),
        ("device", device.device.as_str()),
        ("destination", device.destination.as_str()),
    ]);
    pairs.extend_from_slice(extra);
    pairs
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
        .collect::<Vec<_>>()
        .join(",")
}

/// A label value as the format wants it: backslash, double quote and newline escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// A sample value as the text format writes it: `+Inf`, `-Inf` and `NaN` spelled its way.
fn number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else if value == f64::INFINITY {
        "+Inf".to_owned()
    } else if value == f64::NEG_INFINITY {
        "-Inf".to_owned()
    } else {
        "NaN".to_owned()
    }
}

#[cfg(test)]
mod tests;

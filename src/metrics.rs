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

/// Every metric of a watch.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    /// By serial.
    pub devices: BTreeMap<String, DeviceMetrics>,
    pub rounds: u64,
    pub round_seconds: f64,
    /// API answers by status code (`error` for no answer).
    pub requests: BTreeMap<String, u64>,
    /// The latest `X-RateLimit-Remaining` Central sent, when it sent one.
    pub ratelimit_remaining: Option<u64>,
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
            for (serial, device) in &self.devices {
                if let Some(v) = value(device) {
                    let labels = labels(serial, device, &[]);
                    let _ = writeln!(out, "{name}{{{labels}}} {}", number(v));
                }
            }
        }
        self.per_responder(&mut out);
        self.pings(&mut out);
        let totals: [(&str, &str, &str, String); 2] = [
            (
                "gwtrace_rounds_total",
                "counter",
                "Rounds finished.",
                self.rounds.to_string(),
            ),
            (
                "gwtrace_round_duration_seconds",
                "gauge",
                "How long the latest round took.",
                number(self.round_seconds),
            ),
        ];
        for (name, kind, help, value) in totals {
            header(&mut out, name, kind, help);
            let _ = writeln!(out, "{name} {value}");
        }
        if let Some(remaining) = self.ratelimit_remaining {
            header(
                &mut out,
                "gwtrace_api_ratelimit_remaining",
                "gauge",
                "Requests left in Central's rate limit window, as its latest answer said.",
            );
            let _ = writeln!(out, "gwtrace_api_ratelimit_remaining {remaining}");
        }
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

    /// Loss per hop responder, and the path's fingerprint.
    fn per_responder(&self, out: &mut String) {
        header(
            out,
            "gwtrace_hop_loss_ratio",
            "gauge",
            "Share of probes lost at each responder of the latest completed trace (of pings \
             to it, with --hop-pings).",
        );
        for (serial, device) in &self.devices {
            for (hop, address, ratio) in &device.hop_loss {
                let hop = hop.to_string();
                let labels = labels(serial, device, &[("hop", &hop), ("address", address)]);
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
        for (serial, device) in &self.devices {
            for (hop, address, ratio) in &device.hop_forwarded_loss {
                let hop = hop.to_string();
                let labels = labels(serial, device, &[("hop", &hop), ("address", address)]);
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
        for (serial, device) in &self.devices {
            if let Some(fingerprint) = &device.fingerprint {
                let labels = labels(serial, device, &[("fingerprint", fingerprint)]);
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
                .filter_map(|(serial, d)| Some((serial, d, d.ping.as_ref()?)))
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
        for (serial, device, ping) in pinged() {
            let labels = labels(serial, device, &[]);
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
        for (serial, device, ping) in pinged() {
            for (stat, value) in ping.rtt_seconds {
                if let Some(value) = value {
                    let labels = labels(serial, device, &[("stat", stat)]);
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

fn labels(serial: &str, device: &DeviceMetrics, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("serial", serial),
        ("device", device.device.as_str()),
        ("destination", device.destination.as_str()),
    ];
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
mod tests {
    use super::*;

    #[test]
    fn infinities_are_written_as_the_format_spells_them() {
        assert_eq!(number(f64::INFINITY), "+Inf");
        assert_eq!(number(f64::NEG_INFINITY), "-Inf");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(0.25), "0.25");
    }

    #[test]
    fn metrics_are_written_with_help_type_and_escaped_labels() {
        let mut metrics = Metrics {
            rounds: 2,
            round_seconds: 1.5,
            ..Metrics::default()
        };
        metrics.requests.insert("200".into(), 7);
        metrics.ratelimit_remaining = Some(42);
        metrics.devices.insert(
            "CN1".into(),
            DeviceMetrics {
                device: "gateway".into(),
                destination: "db \"a\"\\b".into(),
                success: true,
                reached: Some(true),
                hops: Some(5),
                rtt_seconds: Some(0.0007),
                hop_loss: vec![(3, "*".into(), 1.0)],
                hop_forwarded_loss: Vec::new(),
                fingerprint: Some("3f2a9c1e00000000".into()),
                changes: 1,
                ping: None,
            },
        );
        let text = metrics.render();
        let labels = r#"serial="CN1",device="gateway",destination="db \"a\"\\b""#;
        assert!(
            text.contains(&format!("gwtrace_path_reached{{{labels}}} 1\n")),
            "{text}"
        );
        assert!(text.contains(&format!(
            "gwtrace_destination_rtt_seconds{{{labels}}} 0.0007\n"
        )));
        assert!(text.contains(&format!(
            "gwtrace_hop_loss_ratio{{{labels},hop=\"3\",address=\"*\"}} 1\n"
        )));
        assert!(text.contains("# TYPE gwtrace_path_changes_total counter\n"));
        assert!(text.contains("gwtrace_api_requests_total{code=\"200\"} 7\n"));
        assert!(text.contains("gwtrace_round_duration_seconds 1.5\n"));
        assert!(text.contains("gwtrace_api_ratelimit_remaining 42\n"));
        // Every metric has its HELP and TYPE.
        let helps = text.matches("# HELP ").count();
        assert_eq!(helps, text.matches("# TYPE ").count());
        assert_eq!(helps, 11);
    }

    #[test]
    fn a_pinging_watch_exports_its_loss_and_times() {
        let mut metrics = Metrics::default();
        let ping = PingMetrics {
            loss_ratio: 0.1,
            rtt_seconds: [
                ("min", Some(0.02)),
                ("avg", Some(0.025)),
                ("max", Some(0.03)),
                ("stdev", None),
            ],
        };
        metrics.devices.insert(
            "CN1".into(),
            DeviceMetrics {
                device: "cx".into(),
                destination: "10.0.0.1".into(),
                ping: Some(ping),
                ..DeviceMetrics::default()
            },
        );
        let text = metrics.render();
        let labels = r#"serial="CN1",device="cx",destination="10.0.0.1""#;
        assert!(
            text.contains(&format!(
                "gwtrace_ping_loss_ratio{{{labels}}} 0.1
"
            )),
            "{text}"
        );
        assert!(text.contains(&format!(
            "gwtrace_ping_rtt_seconds{{{labels},stat=\"avg\"}} 0.025\n"
        )));
        assert!(!text.contains("stat=\"stdev\""));
        assert!(!Metrics::default().render().contains("gwtrace_ping_"));
    }
}

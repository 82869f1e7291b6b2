//! A ping task's result, read the way a ping user reads one: every echo sent (its sequence
//! number, its round-trip time, or lost), the counts, min/avg/max/stdev and jitter. Each
//! device family answers in its own shape (see `../shared/api-notes.md`, "Ping"): a gateway
//! gives a summary only, the others list the replies and leave lost echoes out, numbers arrive
//! as strings. Where `output` lacks the replies, the device's own text is read instead, and
//! [`Ping::source`] says which was used.

pub mod checks;
mod text;

use serde_json::Value;

use crate::ids::Device;

/// One echo sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Echo {
    /// The sequence number, as the device counts (from 0 on access points, from 1 elsewhere).
    pub seq: u32,
    pub answered: bool,
    /// The round-trip time, where the device said it (a gateway's `!` gives none).
    pub rtt_ms: Option<f64>,
}

/// Where the echoes were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `output.replies`.
    Replies,
    /// The device's own text (`rawOutput`).
    Text,
    /// Only the summary's counts and times: no echo is known one by one.
    Summary,
}

/// A finished ping, whatever the family.
#[derive(Debug, Clone, PartialEq)]
pub struct Ping {
    pub destination: Option<String>,
    pub sent: u32,
    pub received: u32,
    /// Every echo in order, lost ones included; empty for [`Source::Summary`].
    pub echoes: Vec<Echo>,
    pub min_ms: Option<f64>,
    pub avg_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub stdev_ms: Option<f64>,
    pub source: Source,
}

impl Ping {
    /// Reads the `output` and `rawOutput` of a ping task document from `family`. A document
    /// with neither is an error in words.
    pub fn of(document: &Value, family: Device) -> Result<Ping, String> {
        let raw = document.get("rawOutput").and_then(Value::as_str);
        Ping::read(document.get("output"), raw, family)
    }

    /// [`Ping::of`] a fetched document (whose `rawOutput` was moved into its task).
    pub fn of_fetched(fetched: &crate::task::Fetched, family: Device) -> Result<Ping, String> {
        let raw = fetched.task.raw_output.as_deref();
        Ping::read(fetched.document.get("output"), raw, family)
    }

    fn read(output: Option<&Value>, raw: Option<&str>, family: Device) -> Result<Ping, String> {
        let output = output.filter(|o| o.is_object());
        let first_seq = if family == Device::Ap { 0 } else { 1 };
        if let Some(ping) = output.and_then(|o| from_replies(o, first_seq)) {
            return Ok(ping);
        }
        if let Some(ping) = raw.and_then(|r| text::read(r, first_seq)) {
            let mut ping = ping;
            if let Some(output) = output {
                ping.destination = ping.destination.or_else(|| string(output, "destination"));
            }
            return Ok(ping);
        }
        output
            .and_then(from_summary)
            .ok_or_else(|| "the task holds no ping result (no output, no raw text)".to_owned())
    }

    /// Percent of the echoes sent that got no answer.
    pub fn loss_percent(&self) -> f64 {
        if self.sent == 0 {
            return 100.0;
        }
        100.0 * f64::from(self.sent.saturating_sub(self.received)) / f64::from(self.sent)
    }

    /// Jitter: the mean absolute difference of consecutive round-trip times (in sequence
    /// order, lost echoes skipped); `None` with fewer than two times.
    pub fn jitter_ms(&self) -> Option<f64> {
        let times: Vec<f64> = self.echoes.iter().filter_map(|e| e.rtt_ms).collect();
        (times.len() >= 2).then(|| {
            let steps: f64 = times.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
            steps / (times.len() - 1) as f64
        })
    }
}

/// From `output.replies` (access points, CX and AOS-S switches): an echo whose sequence
/// number is missing from the replies was lost.
fn from_replies(output: &Value, first_seq: u32) -> Option<Ping> {
    let replies = output.get("replies")?.as_array()?;
    let sent = count(output, "transmittedPacketsCount")?;
    let mut times: Vec<(u32, Option<f64>)> = replies
        .iter()
        .filter_map(|r| {
            let seq = number(r.get("sentPacketIcmpSequenceNumber")?)?;
            let seq = (seq >= 0.0 && seq.fract() == 0.0 && seq <= f64::from(u32::MAX))
                .then_some(seq as u32)?;
            Some((seq, r.get("sentPacketTimeMilliseconds").and_then(number)))
        })
        .collect();
    times.sort_by_key(|(seq, _)| *seq);
    times.dedup_by_key(|(seq, _)| *seq);
    let echoes = echoes(sent, first_seq, &times);
    let received = u32::try_from(echoes.iter().filter(|e| e.answered).count()).unwrap_or(0);
    let mut ping = with_stats(Ping {
        destination: string(output, "destination"),
        sent,
        received,
        echoes,
        min_ms: None,
        avg_ms: None,
        max_ms: None,
        stdev_ms: None,
        source: Source::Replies,
    });
    ping.stdev_ms = ping.stdev_ms.or_else(|| {
        output
            .get("standardDeviationRoundTripTimeMilliseconds")
            .and_then(number)
    });
    Some(ping)
}

/// The summary alone (a gateway without its text): counts and min/avg/max.
fn from_summary(output: &Value) -> Option<Ping> {
    let sent =
        count(output, "sentPacketsCount").or_else(|| count(output, "transmittedPacketsCount"))?;
    let received = count(output, "receivedPacketsCount")?;
    let time = |gateway: &str, other: &str| {
        output
            .get(gateway)
            .or_else(|| output.get(other))
            .and_then(number)
    };
    Some(Ping {
        destination: string(output, "destination"),
        sent,
        received,
        echoes: Vec::new(),
        min_ms: time(
            "minimumLatencyMilliseconds",
            "minimumRoundTripTimeMilliseconds",
        ),
        avg_ms: time(
            "averageLatencyMilliseconds",
            "averageRoundTripTimeMilliseconds",
        ),
        max_ms: time(
            "maximumLatencyMilliseconds",
            "maximumRoundTripTimeMilliseconds",
        ),
        stdev_ms: output
            .get("standardDeviationRoundTripTimeMilliseconds")
            .and_then(number),
        source: Source::Summary,
    })
}

/// The most echoes a ping result is read with: a task sends at most 100.
const MAX_ECHOES: u32 = 1000;

/// Every echo of `sent`, numbered from `first_seq`; the ones in `answered` (sequence, time)
/// answered. A reply numbered past what was sent is kept, so that nothing is dropped (within
/// [`MAX_ECHOES`]: a hostile sequence number costs no memory).
fn echoes(sent: u32, first_seq: u32, answered: &[(u32, Option<f64>)]) -> Vec<Echo> {
    let last = answered
        .iter()
        .map(|(seq, _)| *seq)
        .filter(|seq| seq.saturating_sub(first_seq) < MAX_ECHOES)
        .max()
        .map_or(0, |seq| seq.saturating_sub(first_seq).saturating_add(1))
        .max(sent.min(MAX_ECHOES));
    (0..last)
        .map(|n| {
            let seq = first_seq.saturating_add(n);
            let reply = answered.iter().find(|(s, _)| *s == seq);
            Echo {
                seq,
                answered: reply.is_some(),
                rtt_ms: reply.and_then(|(_, t)| *t),
            }
        })
        .collect()
}

/// min/avg/max and the sample standard deviation of the echoes' times.
fn with_stats(mut ping: Ping) -> Ping {
    let times: Vec<f64> = ping.echoes.iter().filter_map(|e| e.rtt_ms).collect();
    if times.is_empty() {
        return ping;
    }
    let n = times.len() as f64;
    let avg = times.iter().sum::<f64>() / n;
    ping.min_ms = times.iter().copied().reduce(f64::min);
    ping.max_ms = times.iter().copied().reduce(f64::max);
    ping.avg_ms = Some(avg);
    ping.stdev_ms = Some(if times.len() < 2 {
        0.0
    } else {
        (times.iter().map(|t| (t - avg).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    });
    ping
}

/// A percentage as a ping user reads one: `10%`, `33.3%`.
pub fn percent(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}%")
    } else {
        format!("{value:.1}%")
    }
}

/// A number sent as a JSON number or a string (`"12"`, `"0.447"`); `"null"` is none.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// A whole count (at most 1,000: a ping task sends at most 100).
fn count(output: &Value, key: &str) -> Option<u32> {
    let n = number(output.get(key)?)?;
    (n >= 0.0 && n.fract() == 0.0 && n <= 1000.0).then_some(n as u32)
}

fn string(output: &Value, key: &str) -> Option<String> {
    output
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "null")
        .map(str::to_owned)
}

#[cfg(test)]
mod tests;

//! Simulated ping results in each family's shape (`../shared/api-notes.md`, "Ping"): a
//! gateway's summary with its `!!.!!` text, the replies of the other families with lost
//! echoes left out, every number a string. Which echoes come back follows the scenario and
//! where the pinged address sits on the device's route:
//!
//! - `LIMIT…`: the second hop answers 60% of the pings to itself, and forwards everything;
//! - `LOSSY…`: the long link (the hop where the time jumps) and everything beyond it lose
//!   one echo in ten;
//! - `UNREACH…`: the destination never answers (its traceroute ends in silence too).

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::route::Route;
use super::world::Scenario;
use crate::ids::Device;

/// The hop (index) that limits the replies it sends itself in `LIMIT…`.
pub const LIMITING_HOP: usize = 1;

/// A ping as the device ran it: to which address, and each echo's time or loss.
pub struct Pinged {
    pub destination: String,
    pub address: String,
    pub size: u16,
    pub rtts: Vec<Option<f64>>,
}

impl Pinged {
    /// `count` echoes from the device whose route is `route` to `destination` (an address on
    /// the route, or the route's own destination).
    pub fn run(
        route: &Route,
        scenario: Scenario,
        destination: &str,
        count: u8,
        size: u16,
    ) -> Pinged {
        let target = route.target().to_owned();
        let address = if route.hop_of(destination).is_some() {
            destination.to_owned()
        } else {
            target.clone()
        };
        let at_target = address == target;
        let (index, base) = route.hop_of(&address).unwrap_or((usize::MAX, 20.0));
        let rtts = (0..usize::from(count))
            .map(|n| {
                let lost = match scenario {
                    Scenario::Unreach => at_target,
                    Scenario::Limit => index == LIMITING_HOP && n % 5 >= 3,
                    Scenario::Lossy => index >= route.long_link() && n % 10 == 9,
                    _ => false,
                };
                let jitter = ((n * 37 + index.min(64) * 11) % 17) as f64 * 0.05;
                (!lost).then_some(((base + jitter) * 1000.0).round() / 1000.0)
            })
            .collect();
        Pinged {
            destination: destination.to_owned(),
            address,
            size,
            rtts,
        }
    }

    fn times(&self) -> Vec<f64> {
        self.rtts.iter().flatten().copied().collect()
    }

    fn received(&self) -> usize {
        self.times().len()
    }

    /// min, avg, max and the standard deviation of the times; zeros when none came back.
    fn stats(&self) -> [f64; 4] {
        let times = self.times();
        if times.is_empty() {
            return [0.0; 4];
        }
        let n = times.len() as f64;
        let avg = times.iter().sum::<f64>() / n;
        let deviation = (times.iter().map(|t| (t - avg).powi(2)).sum::<f64>() / n).sqrt();
        [
            times.iter().copied().fold(f64::INFINITY, f64::min),
            avg,
            times.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            deviation,
        ]
    }

    fn loss_percent(&self) -> u64 {
        let sent = self.rtts.len().max(1);
        ((sent - self.received()) * 100 / sent) as u64
    }

    /// The task document's `output` for `device`.
    pub fn output(&self, device: Device) -> Value {
        let [min, avg, max, deviation] = self.stats();
        let (sent, received) = (self.rtts.len().to_string(), self.received().to_string());
        let three = |t: f64| format!("{t:.3}");
        if device == Device::Gateway {
            let success = 100 - self.loss_percent();
            return json!({
                "destination": self.destination, "packetSizeBytes": self.size.to_string(),
                "timeoutSeconds": "2", "successRatePercent": success.to_string(),
                "sentPacketsCount": sent, "receivedPacketsCount": received,
                "minimumLatencyMilliseconds": three(min),
                "averageLatencyMilliseconds": three(avg),
                "maximumLatencyMilliseconds": three(max),
            });
        }
        let first = u32::from(device != Device::Ap);
        let replies: Vec<Value> = self
            .rtts
            .iter()
            .zip(first..)
            .filter_map(|(rtt, seq)| {
                let time = match device {
                    Device::AosS => format!("{}", (*rtt)?.round()),
                    _ => three((*rtt)?),
                };
                let mut reply = json!({
                    "sentPacketAddress": self.address,
                    "sentPacketIcmpSequenceNumber": seq.to_string(),
                    "sentPacketTimeMilliseconds": time,
                });
                if device == Device::Ap {
                    reply["sentPacketTimeToLive"] = json!("64");
                    reply["sentPacketSizeBytes"] = json!((self.size + 8).to_string());
                }
                Some(reply)
            })
            .collect();
        let mut output = json!({
            "destination": self.destination,
            "transmittedPacketsCount": sent, "receivedPacketsCount": received,
            "packetLossPercent": self.loss_percent().to_string(),
            "minimumRoundTripTimeMilliseconds": three(min),
            "averageRoundTripTimeMilliseconds": three(avg),
            "maximumRoundTripTimeMilliseconds": three(max),
            "replies": replies,
        });
        match device {
            Device::Ap => output["resolvedIp"] = json!(self.address),
            Device::Cx => {
                output["standardDeviationRoundTripTimeMilliseconds"] = json!(three(deviation));
                output["totalRoundTripTimeMilliseconds"] = json!(three(self.times().iter().sum()));
            }
            _ => {}
        }
        output
    }

    /// The device's own text for `device`.
    pub fn raw_output(&self, device: Device) -> String {
        match device {
            Device::Gateway => self.arubaos(),
            Device::Ap | Device::Cx => self.unix(device == Device::Cx),
            Device::AosS => self.procurve(),
        }
    }

    /// A gateway's: the legend, `Sending …`, one mark per echo, `Success rate is …`.
    fn arubaos(&self) -> String {
        let [min, avg, max, _] = self.stats();
        let (sent, received, loss) = (self.rtts.len(), self.received(), self.loss_percent());
        let marks: String = self
            .rtts
            .iter()
            .map(|r| if r.is_some() { '!' } else { '.' })
            .collect();
        let mut raw = format!(
            "\nType escape sequence to abort.\n! - Success  . - Failure  D - Duplicate Response\n\
             Sending {sent}, {}-byte ICMP Echos to {}, timeout is 2 seconds:\n{marks}\n\
             Success rate is {} percent ({received}/{sent})",
            self.size,
            self.address,
            100 - loss
        );
        if received > 0 {
            let _ = write!(
                raw,
                ", round-trip min/avg/max = {min:.3}/{avg:.3}/{max:.3} ms"
            );
        }
        raw.push('\n');
        raw
    }

    /// An access point's BusyBox text, or a CX switch's iputils text (`cx`).
    fn unix(&self, cx: bool) -> String {
        let [min, avg, max, deviation] = self.stats();
        let (sent, received, loss) = (self.rtts.len(), self.received(), self.loss_percent());
        let address = &self.address;
        let mut raw = format!("PING {address} ({address}): {} data bytes\n", self.size);
        for (rtt, seq) in self.rtts.iter().zip(u32::from(cx)..) {
            if let Some(rtt) = rtt {
                let _ = writeln!(
                    raw,
                    "{} bytes from {address}: icmp_seq={seq} ttl=64 time={rtt:.3} ms",
                    self.size + 8
                );
            }
        }
        let _ = writeln!(raw, "\n--- {address} ping statistics ---");
        let _ = writeln!(
            raw,
            "{sent} packets transmitted, {received} packets received, {loss}% packet loss"
        );
        if received > 0 && cx {
            let _ = writeln!(
                raw,
                "rtt min/avg/max/mdev = {min:.3}/{avg:.3}/{max:.3}/{deviation:.3} ms"
            );
        } else if received > 0 {
            let _ = writeln!(
                raw,
                "round-trip min/avg/max = {min:.3}/{avg:.3}/{max:.3} ms"
            );
        }
        raw
    }

    /// An AOS-S switch's: `ping … repetitions N`, a line per echo, the counts.
    fn procurve(&self) -> String {
        let (sent, received, loss) = (self.rtts.len(), self.received(), self.loss_percent());
        let mut raw = format!("ping {} repetitions {sent}\n", self.destination);
        for (rtt, n) in self.rtts.iter().zip(1..) {
            let _ = match rtt {
                Some(rtt) => writeln!(
                    raw,
                    "{} is alive, iteration {n}, time = {} ms",
                    self.address,
                    rtt.round()
                ),
                None => writeln!(raw, "Request timed out, iteration {n}."),
            };
        }
        let _ = writeln!(
            raw,
            "{sent} packets transmitted, {received} packets received, {loss}% packet loss"
        );
        raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ping::{Ping, Source};

    fn route() -> Route {
        Route::plan(Device::Cx, "CN1", "192.0.2.9", 0)
    }

    #[test]
    fn every_family_reads_back_as_what_was_sent_from_output_and_from_text() {
        for device in Device::ALL {
            for scenario in [Scenario::Normal, Scenario::Lossy, Scenario::Unreach] {
                let pinged = Pinged::run(&route(), scenario, "192.0.2.9", 20, 100);
                let sent = pinged.rtts.len() as u32;
                let received = pinged.received() as u32;
                let document = json!({"status": "COMPLETED", "output": pinged.output(device),
                                      "rawOutput": pinged.raw_output(device)});
                let ping = Ping::of(&document, device).unwrap();
                assert_eq!((ping.sent, ping.received), (sent, received), "{device}");
                let expected = match device {
                    Device::Gateway => Source::Text,
                    _ => Source::Replies,
                };
                assert_eq!(ping.source, expected, "{device}");
                let text = json!({"status": "COMPLETED", "rawOutput": pinged.raw_output(device)});
                let from_text = Ping::of(&text, device).unwrap();
                assert_eq!(
                    (from_text.sent, from_text.received),
                    (sent, received),
                    "{device}"
                );
                let answered: Vec<bool> = ping.echoes.iter().map(|e| e.answered).collect();
                let truth: Vec<bool> = pinged.rtts.iter().map(Option::is_some).collect();
                assert_eq!(answered, truth, "{device} {scenario:?}");
            }
        }
    }

    #[test]
    fn the_scenarios_lose_what_they_say() {
        let route = route();
        let lossy = Pinged::run(&route, Scenario::Lossy, "192.0.2.9", 20, 100);
        assert_eq!(lossy.received(), 18);
        let unreachable = Pinged::run(&route, Scenario::Unreach, "192.0.2.9", 10, 100);
        assert_eq!(unreachable.received(), 0);
        let hop = Route::plan(Device::Cx, "LIMIT1", "192.0.2.9", 0);
        let limiting = hop_address(&hop, LIMITING_HOP);
        let limited = Pinged::run(&hop, Scenario::Limit, &limiting, 20, 100);
        assert_eq!(limited.received(), 12, "60% of 20");
        assert_eq!(
            Pinged::run(&hop, Scenario::Limit, "192.0.2.9", 20, 100).received(),
            20
        );
    }

    fn hop_address(route: &Route, index: usize) -> String {
        let task = crate::task::Task::from_document(&json!({"status": "COMPLETED",
            "output": route.output()}))
        .unwrap();
        task.hops[index].probes[0].address.clone().unwrap()
    }
}

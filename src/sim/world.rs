//! What the simulated Central knows: scenarios chosen by serial prefix, the life of a task,
//! and plausible, repeatable traceroute results shaped like the seed document.

use std::time::{Duration, SystemTime};

use serde_json::{json, Value};

use super::ping::Pinged;
use super::route::Route;
use crate::ids::{Device, Test};

/// How a gateway behaves, chosen by the prefix of its serial number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Normal,
    /// `OFFLINE…`: starting a traceroute answers 409.
    Offline,
    /// `MISSING…`: the device does not exist (404).
    Missing,
    /// `FAIL…`: the task ends `FAILED` with a reason.
    Fail,
    /// `SLOW…`: the task runs for fifteen minutes.
    Slow,
    /// `RATE…`: every other request answers 429 with `Retry-After: 1`.
    Rate,
    /// `DOWN…`: every request answers 503.
    Down,
    /// `ODD…`: the task ends with a status gwtrace does not know (`CANCELLED`).
    Odd,
    /// `LIMIT…`: the second hop answers only 60% of the pings to itself, but forwards all.
    Limit,
    /// `LOSSY…`: the long link loses one packet in ten of everything beyond it.
    Lossy,
    /// `UNREACH…`: the destination never answers.
    Unreach,
}

/// The scenario list as shown by `gwtrace sim --help`.
pub const SCENARIOS: &str = "\
Every device family is served (gateways, aps, cx, aos-s), each with its own document shape
and raw text; a start field the family does not take is 400, as in the real API.
Scenarios, by the prefix of the device serial (any other serial behaves normally):
  OFFLINE…  start answers 409 device offline            (exit 10)
  MISSING…  404 device not found                        (exit 5)
  FAIL…     the task ends FAILED with a failReason      (exit 6)
  SLOW…     the task runs for 15 minutes                (exit 7 with --timeout, 8 with --no-wait)
  RATE…     every other request is 429 + Retry-After: 1 (gwtrace retries: exit 0)
  DOWN…     every request is 503                        (exit 9)
  ODD…      the task ends with status CANCELLED         (exit 1)
  LIMIT…    pings: hop 2 answers 60% of pings to itself but forwards everything
  LOSSY…    pings: the long link loses 10% of everything beyond it
  UNREACH…  the destination never answers a traceroute or a ping
Every family answers ping (POST …/ping) as well as traceroute, in its own result shape.
An unknown task id is 404 HPE_GRAVITY_TASK_NOT_FOUND (exit 5). A request without a bearer
token, or with one starting with `invalid`, is 401 (exit 4); any other token is accepted.
The token endpoint POST /as/token.oauth2 mints tokens for any client id and secret, except
a secret starting with `invalid` (401 invalid_client).";

impl Scenario {
    pub fn of(serial: &str) -> Scenario {
        let serial = serial.to_ascii_uppercase();
        let table = [
            ("OFFLINE", Scenario::Offline),
            ("MISSING", Scenario::Missing),
            ("FAIL", Scenario::Fail),
            ("SLOW", Scenario::Slow),
            ("RATE", Scenario::Rate),
            ("DOWN", Scenario::Down),
            ("ODD", Scenario::Odd),
            ("LIMIT", Scenario::Limit),
            ("LOSSY", Scenario::Lossy),
            ("UNREACH", Scenario::Unreach),
        ];
        table
            .iter()
            .find(|(prefix, _)| serial.starts_with(prefix))
            .map_or(Scenario::Normal, |(_, scenario)| *scenario)
    }
}

/// A task the simulator started.
#[derive(Debug, Clone)]
pub struct SimTask {
    pub device: Device,
    pub serial: String,
    pub destination: String,
    pub scenario: Scenario,
    pub started: SystemTime,
    pub runs_for: Duration,
    /// Which of two paths the trace takes (`sim --path-change-every`); 0 is the usual one.
    pub variant: u64,
    /// Which test the task runs.
    pub test: Test,
    /// A ping's echoes and their size.
    pub count: u8,
    pub size: u16,
    /// For a ping: the traceroute destination whose route holds the address pinged (a hop
    /// of an earlier trace), else the ping's own destination.
    pub route_to: Option<String>,
}

impl SimTask {
    /// The task document at `now`, in the key order of the API reference.
    pub fn document(&self, now: SystemTime) -> Value {
        let elapsed = now.duration_since(self.started).unwrap_or_default();
        let start_time = rfc3339(self.started);
        if elapsed < self.runs_for {
            let fraction = elapsed.as_secs_f64() / self.runs_for.as_secs_f64();
            let (status, percent) = if fraction < 0.15 {
                ("INITIATED", 0)
            } else {
                ("RUNNING", (10.0 + fraction * 85.0) as u64)
            };
            return json!({
                "endTime": null, "status": status, "output": null, "progressPercent": percent,
                "startTime": start_time, "failReason": null, "rawOutput": null,
            });
        }
        let end_time = rfc3339(self.started + self.runs_for);
        match self.scenario {
            Scenario::Fail => json!({
                "endTime": end_time, "status": "FAILED", "output": null, "progressPercent": 100,
                "startTime": start_time,
                "failReason": format!("{} to {} timed out on the device",
                    if self.test == Test::Ping { "Ping" } else { "Traceroute" }, self.destination),
                "rawOutput": null,
            }),
            Scenario::Odd => json!({
                "endTime": end_time, "status": "CANCELLED", "output": null, "progressPercent": 100,
                "startTime": start_time, "failReason": null, "rawOutput": null,
            }),
            _ => {
                let (output, raw) = self.result();
                json!({
                    "endTime": end_time, "status": "COMPLETED", "output": output,
                    "progressPercent": 100, "startTime": start_time, "failReason": null,
                    "rawOutput": raw,
                })
            }
        }
    }
}

impl SimTask {
    /// The `output` and `rawOutput` of the completed task.
    fn result(&self) -> (Value, String) {
        let to = self.route_to.as_deref().unwrap_or(&self.destination);
        let route = Route::plan(self.device, &self.serial, to, self.variant);
        match self.test {
            Test::Traceroute if self.scenario == Scenario::Unreach => {
                let route = route.unreachable();
                (route.output(), route.raw_output())
            }
            Test::Traceroute => (route.output(), route.raw_output()),
            Test::Ping => {
                let pinged = Pinged::run(
                    &route,
                    self.scenario,
                    &self.destination,
                    self.count,
                    self.size,
                );
                (pinged.output(self.device), pinged.raw_output(self.device))
            }
        }
    }
}

fn rfc3339(at: SystemTime) -> String {
    humantime::format_rfc3339_nanos(at).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::Path;
    use crate::task::{Status, Task};

    fn task(serial: &str, destination: &str) -> SimTask {
        SimTask {
            device: Device::Gateway,
            serial: serial.into(),
            destination: destination.into(),
            scenario: Scenario::of(serial),
            started: SystemTime::UNIX_EPOCH,
            runs_for: Duration::from_secs(5),
            variant: 0,
            test: Test::Traceroute,
            count: 0,
            size: 0,
            route_to: None,
        }
    }

    fn at(secs: f64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs_f64(secs)
    }

    #[test]
    fn a_task_goes_initiated_running_completed_with_rising_progress() {
        let t = task("CN123", "8.8.8.8");
        assert_eq!(t.document(at(0.1))["status"], "INITIATED");
        let early = t.document(at(2.0));
        let late = t.document(at(4.5));
        assert_eq!(early["status"], "RUNNING");
        assert!(early["progressPercent"].as_u64() < late["progressPercent"].as_u64());
        assert_eq!(t.document(at(5.0))["status"], "COMPLETED");
    }

    #[test]
    fn results_are_repeatable_and_decode_with_the_quirks_of_the_seed() {
        let t = task("CN123", "www.example.com");
        let doc = t.document(at(9.0));
        assert_eq!(doc, task("CN123", "www.example.com").document(at(9.0)));
        let decoded = Task::from_document(&doc).unwrap();
        let path = Path::of(&decoded);
        assert_eq!(decoded.status, Status::Completed);
        let listed = doc["output"]["hops"].as_array().unwrap().len();
        assert_eq!(
            path.hops.len(),
            listed + 1,
            "the ECMP hop is only in rawOutput"
        );
        assert!(path.hops.iter().any(|h| !h.answered()), "one silent hop");
        let ecmp = path.hops.iter().find(|h| {
            let first = h.probes.first().and_then(|p| p.address.clone());
            h.probes
                .iter()
                .any(|p| p.address.is_some() && p.address != first)
        });
        assert!(ecmp.is_some(), "one hop with two responders");
        let last = path.hops.last().unwrap();
        assert!(last.probes[0]
            .address
            .as_deref()
            .unwrap()
            .starts_with("203.0.113."));
        let firsts: Vec<f64> = decoded
            .hops
            .iter()
            .filter_map(|h| h.probes.first()?.rtt_ms)
            .collect();
        assert!(firsts.first() < firsts.last(), "RTTs rise: {firsts:?}");
        assert_eq!(
            doc.as_object().unwrap().keys().next().map(String::as_str),
            Some("endTime")
        );
    }

    #[test]
    fn every_family_writes_its_own_shapes_and_all_of_them_decode_whole() {
        for device in Device::ALL {
            let t = SimTask {
                device,
                ..task("CN77", "www.example.com")
            };
            let doc = t.document(at(9.0));
            let decoded = Task::from_document(&doc).unwrap();
            let path = Path::of(&decoded);
            let raw = doc["rawOutput"].as_str().unwrap();
            let raw_hops = raw
                .lines()
                .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
                .filter(|l| !l.contains("hop min"))
                .count();
            assert_eq!(path.hops.len(), raw_hops, "{device}: {raw}");
            assert!(path.hops.iter().any(|h| !h.answered()), "{device}");
            let last = path.hops.last().unwrap().probes[0].address.clone().unwrap();
            assert!(last.starts_with("203.0.113."), "{device}: {last}");
            let has_resolved_ip = matches!(device, Device::Ap | Device::Cx);
            assert_eq!(decoded.resolved_ip.is_some(), has_resolved_ip, "{device}");
            let ecmp = path.hops.iter().any(|h| {
                let first = h.probes.first().map(|p| &p.address);
                h.probes
                    .iter()
                    .any(|p| p.address.is_some() && Some(&p.address) != first)
            });
            assert!(ecmp, "{device}: one hop with two responders");
            let time = doc["output"]["hops"][0]["probes"][0]["responseTimeMilliseconds"]
                .as_str()
                .unwrap();
            let (decimals, glued) = (time.contains('.'), !time.contains(' '));
            let expected = match device {
                Device::Gateway | Device::AosS => (false, false),
                Device::Ap => (true, false),
                Device::Cx => (true, true),
            };
            assert_eq!((decimals, glued), expected, "{device}: {time}");
        }
    }

    #[test]
    fn an_ip_destination_is_the_last_hop() {
        let doc = task("CN9", "192.0.2.77").document(at(9.0));
        let decoded = Task::from_document(&doc).unwrap();
        let path = Path::of(&decoded);
        let last = path.hops.last().unwrap();
        assert_eq!(last.probes[0].address.as_deref(), Some("192.0.2.77"));
    }

    #[test]
    fn scenarios_come_from_the_serial_prefix() {
        assert_eq!(Scenario::of("OFFLINE-1"), Scenario::Offline);
        assert_eq!(Scenario::of("fail7"), Scenario::Fail);
        assert_eq!(Scenario::of("CN123"), Scenario::Normal);
        assert_eq!(task("FAIL1", "x").document(at(9.0))["status"], "FAILED");
        assert_eq!(task("ODD1", "x").document(at(9.0))["status"], "CANCELLED");
    }
}

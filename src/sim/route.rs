//! Plausible, repeatable traceroute routes, written the way each device family writes them:
//! the task document's `output` and the device's own `rawOutput` text.
//!
//! - gateway: the reference page's shape — whole milliseconds as `"1 ms"`, `ipAddress` the
//!   string `"null"`, a silent hop as empty `probes`, the ECMP hop only in `rawOutput`, run
//!   together (`1 ms10.186.128.4`).
//! - ap: Linux `traceroute` text (`name (address)  0.529 ms`), decimal times, silent probes
//!   as `"*"`, `resolvedIp`.
//! - cx: the Linux-style header with `hops min`, times glued to `ms` (`0.529ms`), `resolvedIp`.
//! - aos-s: the ProCurve text (header on two lines, whole milliseconds), no `resolvedIp`.

use std::fmt::Write as _;
use std::net::IpAddr;

use serde_json::{json, Value};

use crate::ids::Device;

/// FNV-1a: a small, stable hash, so that a device and destination always get the same route.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The next address in the same /24: the second router of an ECMP pair.
fn neighbour(address: &str) -> String {
    match address.rsplit_once('.') {
        Some((net, last)) => format!(
            "{net}.{}",
            last.parse::<u8>().map_or(1, |n| n.wrapping_add(1).max(1))
        ),
        None => address.to_owned(),
    }
}

/// One hop of a planned route; times in milliseconds.
enum Step {
    Silent,
    One(String, [f64; 3]),
    /// Two responders (ECMP): the first answered one probe, the second two.
    Ecmp(String, String, [f64; 3]),
}

pub struct Route {
    device: Device,
    destination: String,
    target: String,
    steps: Vec<Step>,
    ecmp_at: usize,
}

impl Route {
    /// The route from `serial` to `destination`; `variant` 1 takes another router at the
    /// second hop (a path change), 0 the usual one.
    pub fn plan(device: Device, serial: &str, destination: &str, variant: u64) -> Route {
        let mut seed = fnv(&format!("{serial}|{destination}"));
        let mut next = |modulo: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % modulo
        };
        let target = match destination.parse::<IpAddr>() {
            Ok(ip) => ip.to_string(),
            Err(_) => format!("203.0.113.{}", 1 + next(254)),
        };
        let hops = 6 + next(4) as usize;
        let silent_at = 2 + next(2) as usize;
        let ecmp_at = silent_at + 1;
        let site = next(200) + 20;
        let mut steps = Vec::new();
        let mut base = 0.4;
        for index in 0..hops {
            base += 0.6 + next(6000) as f64 / 1000.0 + if index == hops / 2 { 12.0 } else { 0.0 };
            let jitter = |n: u64| n as f64 / 1000.0;
            let times = [base, base + jitter(next(900)), base - jitter(next(300))];
            let address = match index {
                0 => format!("10.{site}.{}.1", next(250)),
                1 if variant % 2 == 1 => {
                    let (a, b) = (next(250), next(200));
                    format!("10.{}.{a}.{}", (site + 1) % 256, 2 + b)
                }
                1 => format!("10.{site}.{}.{}", next(250), 2 + next(200)),
                i if i + 1 == hops => target.clone(),
                i => format!("198.51.100.{}", (i as u64 * 23 + next(9)) % 240 + 1),
            };
            steps.push(if index == silent_at {
                Step::Silent
            } else if index == ecmp_at && index + 1 < hops {
                Step::Ecmp(address.clone(), neighbour(&address), times)
            } else {
                Step::One(address, times)
            });
        }
        Route {
            device,
            destination: destination.to_owned(),
            target,
            steps,
            ecmp_at,
        }
    }

    /// Where `address` answers on this route: its hop index and the time of its first
    /// probe there.
    pub fn hop_of(&self, address: &str) -> Option<(usize, f64)> {
        self.steps
            .iter()
            .enumerate()
            .find_map(|(index, step)| match step {
                Step::One(a, times) if a == address => Some((index, times[0])),
                Step::Ecmp(a, b, times) if a == address || b == address => Some((index, times[0])),
                _ => None,
            })
    }

    /// The address the route ends on.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The hop the long link leads to (where the round-trip time jumps by 12 ms).
    pub fn long_link(&self) -> usize {
        self.steps.len() / 2
    }

    /// The route as it is when the destination does not answer: its last hop silent.
    pub fn unreachable(mut self) -> Route {
        if let Some(last) = self.steps.last_mut() {
            *last = Step::Silent;
        }
        self
    }

    /// A time as this family writes it in the task document.
    fn wire_time(&self, ms: f64) -> String {
        match self.device {
            Device::Gateway | Device::AosS => format!("{} ms", ms.round()),
            Device::Ap => format!("{ms:.3} ms"),
            Device::Cx => format!("{ms:.3}ms"),
        }
    }

    /// One answered probe as this family writes it.
    fn probe(&self, address: &str, ms: f64) -> Value {
        let time = self.wire_time(ms);
        match self.device {
            Device::Gateway => json!({"reverseDnsResolution": address, "ipAddress": "null",
                                      "responseTimeMilliseconds": time}),
            Device::Ap => json!({"reverseDnsResolution": address, "ipAddress": address,
                                 "responseTimeMilliseconds": time}),
            Device::Cx | Device::AosS => {
                json!({"ipAddress": address, "reverseDnsResolution": "null",
                                                "responseTimeMilliseconds": time})
            }
        }
    }

    /// A silent hop's probes: gateways and AOS-S switches list none, the others three `"*"`.
    fn silent(&self) -> Vec<Value> {
        match self.device {
            Device::Gateway | Device::AosS => Vec::new(),
            Device::Ap | Device::Cx => vec![
                json!({"reverseDnsResolution": "null", "ipAddress": "null",
                       "responseTimeMilliseconds": "*"});
                3
            ],
        }
    }

    pub fn output(&self) -> Value {
        let hops: Vec<Value> = self
            .steps
            .iter()
            .enumerate()
            // The gateway leaves its ECMP hop out of `output.hops`, as the reference page does.
            .filter(|(index, step)| {
                !(self.device == Device::Gateway
                    && *index == self.ecmp_at
                    && matches!(step, Step::Ecmp(..)))
            })
            .map(|(index, step)| {
                let probes: Vec<Value> = match step {
                    Step::Silent => self.silent(),
                    Step::One(address, times) => {
                        times.iter().map(|t| self.probe(address, *t)).collect()
                    }
                    Step::Ecmp(first, second, times) => vec![
                        self.probe(first, times[0]),
                        self.probe(second, times[1]),
                        self.probe(second, times[2]),
                    ],
                };
                json!({"probes": probes, "hop": (index + 1).to_string()})
            })
            .collect();
        match self.device {
            Device::Gateway | Device::AosS => {
                json!({"hops": hops, "destination": self.destination})
            }
            Device::Ap | Device::Cx => {
                json!({"hops": hops, "destination": self.destination, "resolvedIp": self.target})
            }
        }
    }

    pub fn raw_output(&self) -> String {
        let (dest, target) = (&self.destination, &self.target);
        let mut raw = match self.device {
            Device::Gateway => format!(
                "\ntraceroute {dest}\ntraceroute to {target} ,\n              1 hop min, 30 hops max, 5 sec. timeout, 3 probes\n"
            ),
            Device::Ap => format!("traceroute to {dest} ({target}), 30 hops max, 60 byte packets\n"),
            Device::Cx => format!(
                "traceroute to {target} ({target}), 1 hops min, 30 hops max, 3 sec. timeout, 3 probes\n"
            ),
            Device::AosS => format!(
                "traceroute to {target} \n  1 hop min, 30 hops max, 5 sec. timeout, 3 probes\n"
            ),
        };
        for (index, step) in self.steps.iter().enumerate() {
            let _ = writeln!(raw, "{}", self.raw_line(index + 1, step));
        }
        if self.device == Device::Gateway {
            raw.push('\n');
        }
        raw
    }

    /// One hop line of the raw text; times are written as in the document (`wire_time`).
    fn raw_line(&self, n: usize, step: &Step) -> String {
        let t = |ms: &f64| self.wire_time(*ms);
        match (self.device, step) {
            (Device::Gateway, Step::Silent) => format!("{n:>2}  *  *  * "),
            (Device::Ap, Step::Silent) => format!("{n:>2}  * * *"),
            (Device::Cx, Step::Silent) => format!("{n:>3}   *  *  * "),
            (Device::AosS, Step::Silent) => format!("{n:>3}   {:<17}*        *", "*"),
            (Device::Gateway, Step::One(a, [x, y, z])) => {
                format!("{n:>2} {a:<22}{}      {}      {}", t(x), t(y), t(z))
            }
            // The reference page's run-together ECMP form: `1 ms10.186.128.4`.
            (Device::Gateway, Step::Ecmp(a, b, [x, y, z])) => {
                format!("{n:>2} {a:<22}{}{b:<22}{}      {}", t(x), t(y), t(z))
            }
            (Device::Ap, Step::One(a, [x, y, z])) => {
                format!("{n:>2}  {a} ({a})  {}  {}  {}", t(x), t(y), t(z))
            }
            (Device::Ap, Step::Ecmp(a, b, [x, y, z])) => {
                format!("{n:>2}  {a} ({a})  {} {b} ({b})  {}  {}", t(x), t(y), t(z))
            }
            (Device::Cx, Step::One(a, [x, y, z])) => {
                format!("{n:>3}   {a}  {}  {}  {} ", t(x), t(y), t(z))
            }
            (Device::Cx, Step::Ecmp(a, b, [x, y, z])) => {
                format!("{n:>3}   {a}  {} {b}  {}  {} ", t(x), t(y), t(z))
            }
            (Device::AosS, Step::One(a, [x, y, z])) => {
                format!("{n:>3}   {a:<17}{}     {}     {}", t(x), t(y), t(z))
            }
            (Device::AosS, Step::Ecmp(a, b, [x, y, z])) => {
                format!("{n:>3}   {a:<17}{}   {b:<17}{}     {}", t(x), t(y), t(z))
            }
        }
    }
}

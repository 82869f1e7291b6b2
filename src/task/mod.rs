//! The domain model of a traceroute task, decoded once from the wire with every quirk resolved.

pub mod listing;
mod wire;

use std::net::IpAddr;

use serde::Deserialize as _;
use serde_json::Value;

use wire::{WireHop, WireProbe, WireTask};

/// A task document as received (for `--json`) and as decoded (for everything else).
///
/// The device's text (`rawOutput`, up to 8 MiB) is held once: [`Fetched::from_document`]
/// moves it from the document into the task, leaving `null` in its place, and
/// [`Fetched::document`] puts it back for whoever needs the document as it came.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The document, with `rawOutput` moved into `task` (see [`Fetched::document`]).
    pub document: Value,
    pub task: Task,
    /// The serial of the device that ran the task, when known (reports name their source).
    pub serial: Option<String>,
}

impl Fetched {
    /// Decodes `document`, keeping it as it came; the error says what shape was wrong.
    pub fn from_document(mut document: Value) -> Result<Fetched, String> {
        let raw = document
            .get_mut("rawOutput")
            .filter(|raw| raw.is_string())
            .map(Value::take);
        let mut task = Task::from_document(&document)?;
        task.raw_output = raw.and_then(|raw| match raw {
            Value::String(text) => Some(text),
            _ => None,
        });
        Ok(Fetched {
            document,
            task,
            serial: None,
        })
    }

    /// The document exactly as received, for serialising (`--json`, fleet NDJSON).
    pub fn document(&self) -> Document<'_> {
        Document {
            value: &self.document,
            raw: self.task.raw_output.as_deref(),
        }
    }
}

/// A task document with its `rawOutput` back in place; serialises as the API sent it.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    value: &'a Value,
    raw: Option<&'a str>,
}

impl serde::Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(None, serializer)
    }
}

/// A task document with one key added after its own (`--hop-pings`' `hopPings`), serialised
/// without copying the document.
#[derive(Debug, Clone, Copy)]
pub struct Extended<'a> {
    document: Document<'a>,
    key: &'a str,
    value: &'a Value,
}

impl serde::Serialize for Extended<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.document
            .serialize_with(Some((self.key, self.value)), serializer)
    }
}

impl<'a> Document<'a> {
    /// The document with `key` added after its own keys (a document that is no object is
    /// left as it is).
    pub fn with(self, key: &'a str, value: &'a Value) -> Extended<'a> {
        Extended {
            document: self,
            key,
            value,
        }
    }

    /// The fields as sent, `rawOutput` back in place, then `extra`.
    fn serialize_with<S: serde::Serializer>(
        &self,
        extra: Option<(&str, &Value)>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        use serde::Serialize;
        let Value::Object(fields) = self.value else {
            return self.value.serialize(serializer);
        };
        if self.raw.is_none() && extra.is_none() {
            return self.value.serialize(serializer);
        }
        let mut map =
            serializer.serialize_map(Some(fields.len() + usize::from(extra.is_some())))?;
        for (key, value) in fields {
            match (key.as_str(), self.raw) {
                ("rawOutput", Some(raw)) => map.serialize_entry(key, raw)?,
                _ => map.serialize_entry(key, value)?,
            }
        }
        if let Some((key, value)) = extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Document<'_> {
    /// The document as an owned value (a copy; for tests and small documents).
    pub fn to_value(self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Where a task stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// `INITIATED`, `RUNNING`, `QUEUED` or `PENDING` (the text as sent).
    InProgress(String),
    Completed,
    Failed,
    /// Any other value: terminal, so that no unknown value makes gwtrace poll forever.
    Unknown(String),
}

impl Status {
    pub fn parse(text: &str) -> Status {
        match text.trim().to_ascii_uppercase().as_str() {
            "INITIATED" | "RUNNING" | "QUEUED" | "PENDING" => Status::InProgress(text.to_owned()),
            "COMPLETED" => Status::Completed,
            "FAILED" => Status::Failed,
            _ => Status::Unknown(text.to_owned()),
        }
    }

    pub fn is_terminal(&self) -> bool {
        !matches!(self, Status::InProgress(_))
    }

    /// The status as the API spells it.
    pub fn label(&self) -> &str {
        match self {
            Status::InProgress(text) | Status::Unknown(text) => text,
            Status::Completed => "COMPLETED",
            Status::Failed => "FAILED",
        }
    }
}

/// A decoded task document.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub status: Status,
    /// 0 to 100, when the API said.
    pub progress: Option<u8>,
    pub fail_reason: Option<String>,
    pub destination: Option<String>,
    pub resolved_ip: Option<String>,
    /// `output.hops` as listed (the merged view with `rawOutput` is `path::Path`).
    pub hops: Vec<Hop>,
    pub raw_output: Option<String>,
}

/// One hop: its number (`None` when the device sent none that reads as one), and every
/// probe sent to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    pub number: Option<u32>,
    pub probes: Vec<Probe>,
}

/// One probe: who answered (address and/or host name) and how fast, or nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Probe {
    pub address: Option<String>,
    pub hostname: Option<String>,
    pub rtt_ms: Option<f64>,
    /// What traceroute text noted after the time: `!H`, `!N`, `!F-1500`, `!<10>`.
    pub note: Option<String>,
    /// A time was sent but cannot be read (`"fast"`, `-3`, `1e308`): an answer, shown `?`.
    pub rtt_unreadable: bool,
}

impl Probe {
    pub fn answered(&self) -> bool {
        self.address.is_some()
            || self.hostname.is_some()
            || self.rtt_ms.is_some()
            || self.rtt_unreadable
    }
}

/// A hop number as shown: `7`, or `?` when the device sent none that reads as one.
pub fn hop_label(number: Option<u32>) -> String {
    number.map_or_else(|| "?".to_owned(), |n| n.to_string())
}

impl Hop {
    /// The hop number as shown: `7`, or `?` when the device sent none.
    pub fn label(&self) -> String {
        hop_label(self.number)
    }

    /// Whether any probe got an answer; a hop without is shown as `*`.
    pub fn answered(&self) -> bool {
        self.probes.iter().any(Probe::answered)
    }
}

impl Task {
    /// Decodes a task document; the error says what shape was wrong.
    pub fn from_document(doc: &Value) -> Result<Task, String> {
        let wire = WireTask::deserialize(doc).map_err(|e| e.to_string())?;
        let (destination, resolved_ip, hops) = match wire.output {
            Some(output) => (
                text(&output.destination),
                text(&output.resolved_ip),
                in_order(output.hops.iter().flatten().map(hop).collect()),
            ),
            None => (None, None, Vec::new()),
        };
        Ok(Task {
            status: Status::parse(&wire.status),
            progress: percent(&wire.progress_percent),
            fail_reason: reason(&wire.fail_reason),
            destination,
            resolved_ip,
            hops,
            raw_output: wire.raw_output,
        })
    }
}

/// Hops sorted by number (unreadable numbers last, in their order); a number listed twice
/// is one hop with the probes of both.
fn in_order(mut hops: Vec<Hop>) -> Vec<Hop> {
    hops.sort_by_key(|h| h.number.unwrap_or(u32::MAX));
    let mut merged: Vec<Hop> = Vec::with_capacity(hops.len());
    for hop in hops {
        match merged.last_mut() {
            Some(last) if hop.number.is_some() && last.number == hop.number => {
                last.probes.extend(hop.probes)
            }
            _ => merged.push(hop),
        }
    }
    merged
}

/// `failReason` of any JSON type: text as it is, anything else as compact JSON.
fn reason(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(_) | Value::Number(_) => text(value),
        other => Some(other.to_string()),
    }
}

fn hop(wire: &WireHop) -> Hop {
    Hop {
        number: text(&wire.hop).as_deref().and_then(hop_number),
        probes: wire.probes.iter().flatten().map(probe).collect(),
    }
}

fn probe(wire: &WireProbe) -> Probe {
    let (address, hostname) =
        responder(&[text(&wire.ip_address), text(&wire.reverse_dns_resolution)]);
    Probe {
        address,
        hostname,
        rtt_ms: rtt(&wire.response_time_milliseconds),
        note: None,
        rtt_unreadable: rtt(&wire.response_time_milliseconds).is_none()
            && text(&wire.response_time_milliseconds).is_some(),
    }
}

/// A hop number as devices write it: `7`, `"07"`, `7.0`, `"7.0"`; `None` for anything that is
/// not a whole number from 0 to 255 (a TTL), so that no odd value is read as another hop.
fn hop_number(text: &str) -> Option<u32> {
    let text = text.trim();
    let number = match text.parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            let value: f64 = text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
                .then(|| text.parse().ok())
                .flatten()?;
            if value.fract() != 0.0 {
                return None;
            }
            value as u32
        }
    };
    (number <= 255).then_some(number)
}

/// Splits what a device reported about a responder into an address and a host name.
/// `reverseDnsResolution` usually holds the address and `ipAddress` is often `"null"`.
pub(crate) fn responder(candidates: &[Option<String>]) -> (Option<String>, Option<String>) {
    let mut ip = None;
    let mut hostname = None;
    for candidate in candidates.iter().flatten() {
        if address(candidate).is_some() {
            ip.get_or_insert_with(|| candidate.clone());
        } else {
            hostname.get_or_insert_with(|| candidate.clone());
        }
    }
    (ip, hostname)
}

/// The address `text` names, an IPv6 zone (`fe80::1%en0`) set aside; `None` for a name.
pub fn address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    match text.split_once('%') {
        Some((ip, zone)) if !zone.is_empty() => {
            ip.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
        }
        Some(_) => None,
        None => text.parse().ok(),
    }
}

/// A string or number as text; `null`, `"null"`, `""` and `"*"` are nothing.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => {
            let s = s.trim();
            let absent = s.is_empty() || s == "*" || s.eq_ignore_ascii_case("null");
            (!absent).then(|| s.to_owned())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A round-trip time in milliseconds from `"1 ms"`, `"0.529ms"`, `"33.799 ms"`, `1` or `1.5`;
/// `"*"` (no answer) and anything unreadable are `None`.
pub(crate) fn rtt(value: &Value) -> Option<f64> {
    let ms = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => parse_ms(s)?,
        _ => return None,
    };
    // An hour is far beyond any probe's timeout: larger values are not times.
    (ms.is_finite() && (0.0..=MAX_RTT_MS).contains(&ms)).then_some(ms)
}

const MAX_RTT_MS: f64 = 3_600_000.0;

fn parse_ms(text: &str) -> Option<f64> {
    let text = text.trim();
    let number = match text.len().checked_sub(2) {
        Some(at) if text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case("ms") => {
            &text[..at]
        }
        _ => text,
    };
    let number = number.trim();
    // Only plain decimals: f64's parser would also take "inf" or "1e3".
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    number.parse().ok()
}

fn percent(value: &Value) -> Option<u8> {
    let n = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok()?,
        _ => return None,
    };
    n.is_finite().then(|| n.clamp(0.0, 100.0).round() as u8)
}

#[cfg(test)]
mod tests;

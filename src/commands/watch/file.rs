//! The watch file (`gwtrace watch --file watches.toml`): groups of devices and destinations,
//! with defaults at the top, read into targets. Every mistake — an unknown key, a bad value,
//! a target listed twice — is refused with the file, the line and the key.

use std::collections::HashMap;
use std::path::Path as FsPath;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use toml::{Spanned, Value};

use super::plan::{Group, Plan, Target};
use crate::error::{Error, Result};
use crate::ids::{Device, Serial};
use crate::metrics::TargetKey;
use crate::validate;

/// Watch files and serials files larger than this are refused.
const MAX_FILE: u64 = 4 * 1024 * 1024;
/// Targets a file may make: far beyond what a day's API budget can trace.
const MAX_TARGETS: usize = 100_000;

type Item = Option<Spanned<Value>>;
type List = Option<Spanned<Vec<Spanned<Value>>>>;

/// One table of the file: the top (defaults and the watch's own settings) or a `[[group]]`.
/// Which keys belong where is checked after reading, with the line of the misplaced one.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    name: Item,
    serials: List,
    serials_file: Item,
    destinations: List,
    device: Item,
    every: Item,
    expect_reach: Item,
    expect_via: List,
    max_rtt: Item,
    max_loss: Item,
    ping: Item,
    hop_pings: Item,
    vlan_ip: Item,
    source_interface: Item,
    vrf: Item,
    ipv6: Item,
    management_interface: Item,
    loopback_port: Item,
    source_vlan: Item,
    source_ip: Item,
    max_rate: Item,
    daily_budget: Item,
    concurrency: Item,
    timeout: Item,
    interval: Item,
    group: Option<Vec<Spanned<Table>>>,
}

/// A mistake in a file: where, under which key, and what.
struct Mistake {
    at: usize,
    key: Option<&'static str>,
    message: String,
}

type Found<T> = std::result::Result<T, Mistake>;

fn mistake<T>(at: usize, key: &'static str, message: impl Into<String>) -> Found<T> {
    Err(Mistake {
        at,
        key: Some(key),
        message: message.into(),
    })
}

/// The text of a file's position `at`: `FILE:LINE`.
#[derive(Clone)]
struct Source {
    name: String,
    text: Arc<str>,
}

impl Source {
    fn line(&self, at: usize) -> usize {
        let end = at.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, mistake: Mistake) -> Error {
        let key = mistake.key.map(|k| format!(" {k}:")).unwrap_or_default();
        Error::Usage(format!(
            "{}:{}:{key} {}",
            self.name,
            self.line(mistake.at),
            mistake.message
        ))
    }
}

/// Reads and checks `file`; serials files are found beside it. A group without `device`
/// (and no default at the top) is of the family `device`.
pub fn load(file: &FsPath, device: Device) -> Result<Plan> {
    let text = read(file)?;
    let source = Source {
        name: file.display().to_string(),
        text: Arc::from(text.as_str()),
    };
    let top: Table = toml::from_str(&text).map_err(|e| source.error(syntax(&text, &e)))?;
    let base = file.parent().map(FsPath::to_path_buf).unwrap_or_default();
    build(top, &base, device).map_err(|(mistake, other)| match other {
        Some(other) => other.error(mistake),
        None => source.error(mistake),
    })
}

/// The text of `file`, at most [`MAX_FILE`] bytes read whatever it is (`/dev/zero`, a FIFO).
fn read(file: &FsPath) -> Result<String> {
    use std::io::Read;
    let cannot = |why: String| Error::Usage(format!("cannot read {}: {why}", file.display()));
    let opened = std::fs::File::open(file).map_err(|e| cannot(e.to_string()))?;
    let mut bytes = Vec::new();
    (opened.take(MAX_FILE + 1))
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(cannot(format!("it is larger than {} MiB", MAX_FILE >> 20)));
    }
    String::from_utf8(bytes).map_err(|_| cannot("it is not UTF-8 text".to_owned()))
}

/// A TOML or shape error: `unknown field` said as an unknown key; the key of a value of the
/// wrong type read from its line.
fn syntax(text: &str, error: &toml::de::Error) -> Mistake {
    let at = error.span().map_or(0, |s| s.start);
    let message = error.message().trim().to_owned();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return Mistake {
            at,
            key: None,
            message: format!(
                "unknown key '{key}' (the keys of a watch file are listed in docs/configuration.md)"
            ),
        };
    }
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    Mistake {
        at,
        key: None,
        message: match key {
            Some(key) => format!("{key}: {message}"),
            None => message,
        },
    }
}

/// A serial, and where it was listed: in a serials file (its source), else the watch file.
type Listed = (Serial, (Option<Source>, usize));

/// A mistake in the watch file, or (with its source) in a serials file it names.
type Built<T> = std::result::Result<T, (Mistake, Option<Source>)>;

fn build(top: Table, base: &FsPath, device: Device) -> Built<Plan> {
    let here = |m: Mistake| (m, None);
    if let Some(&(key, at)) = group_only(&top).first() {
        return Err(here(Mistake {
            at,
            key: Some(key),
            message: "belongs in a [[group]], not at the top of the file".to_owned(),
        }));
    }
    let every = optional(&top.every, "every", validate::interval).map_err(here)?;
    let mut plan = Plan {
        max_rate: optional(&top.max_rate, "max_rate", validate::rate).map_err(here)?,
        daily_budget: optional(&top.daily_budget, "daily_budget", budget).map_err(here)?,
        concurrency: optional(&top.concurrency, "concurrency", concurrency).map_err(here)?,
        timeout: optional(&top.timeout, "timeout", validate::duration).map_err(here)?,
        interval: optional(&top.interval, "interval", validate::interval).map_err(here)?,
        groups: Vec::new(),
        targets: Vec::new(),
    };
    let groups = top.group.as_deref().unwrap_or_default();
    if groups.is_empty() {
        return Err(here(Mistake {
            at: 0,
            key: None,
            message: "the file has no [[group]]: add one with a name, serials and destinations"
                .to_owned(),
        }));
    }
    let mut names = HashMap::new();
    let mut seen = HashMap::new();
    for spanned in groups {
        let at = spanned.span().start;
        let table = spanned.get_ref();
        let group = Arc::new(group_of(table, &top, (every, device), at).map_err(here)?);
        if names.insert(group.name.clone(), at).is_some() {
            let at = table.name.as_ref().map_or(at, |n| n.span().start);
            let message = format!("a group named '{}' comes earlier", group.name);
            return mistake(at, "name", message).map_err(here);
        }
        let serials = serials_of(table, base, at)?;
        let destinations = destinations_of(table, &group, at).map_err(here)?;
        add(&mut plan, &mut seen, &group, serials, &destinations)?;
        plan.groups.push(group);
    }
    Ok(plan)
}

/// A key of the whole watch set in a group.
fn misplaced(table: &Table, at: usize) -> Found<()> {
    let top_only = [
        ("max_rate", &table.max_rate),
        ("daily_budget", &table.daily_budget),
        ("concurrency", &table.concurrency),
        ("timeout", &table.timeout),
        ("interval", &table.interval),
    ];
    if let Some((key, item)) = top_only.iter().find(|(_, item)| item.is_some()) {
        let at = item.as_ref().map_or(at, |s| s.span().start);
        return mistake(
            at,
            key,
            "is one value for the whole watch: set it at the top of the file",
        );
    }
    Ok(())
}

/// Every pair of `serials` and `destinations` as a target of `group`; one that is a target
/// already is refused where it is listed again.
fn add(
    plan: &mut Plan,
    seen: &mut HashMap<(String, String), String>,
    group: &Arc<Group>,
    serials: Vec<Listed>,
    destinations: &[(String, crate::api::StartOptions, usize)],
) -> Built<()> {
    for (serial, (source, serial_at)) in serials {
        for (destination, options, _) in destinations {
            let pair = (serial.to_string(), destination.clone());
            if let Some(other) = seen.insert(pair, group.name.clone()) {
                let message =
                    format!("{serial} to {destination} is already a target, of group '{other}'");
                let key = if source.is_some() {
                    "serial"
                } else {
                    "serials"
                };
                let mistake = Mistake {
                    at: serial_at,
                    key: Some(key),
                    message,
                };
                return Err((mistake, source));
            }
            plan.targets.push(Target {
                key: TargetKey {
                    group: group.name.clone(),
                    serial: serial.to_string(),
                    destination: destination.clone(),
                },
                serial: serial.clone(),
                group: group.clone(),
                options: options.clone(),
            });
        }
    }
    if plan.targets.len() > MAX_TARGETS {
        let message = format!("more than {MAX_TARGETS} targets: split the watch");
        return Err((
            Mistake {
                at: 0,
                key: None,
                message,
            },
            None,
        ));
    }
    Ok(())
}

/// Keys set at the top that only a group can have, with where.
fn group_only(top: &Table) -> Vec<(&'static str, usize)> {
    let items = [
        ("name", top.name.as_ref().map(|s| s.span().start)),
        (
            "serials_file",
            top.serials_file.as_ref().map(|s| s.span().start),
        ),
        ("serials", top.serials.as_ref().map(|s| s.span().start)),
        (
            "destinations",
            top.destinations.as_ref().map(|s| s.span().start),
        ),
    ];
    items
        .into_iter()
        .filter_map(|(key, at)| Some((key, at?)))
        .collect()
}

/// A group's settings: its own keys, else the top's, else the defaults.
fn group_of(
    table: &Table,
    top: &Table,
    (every, default_device): (Option<Duration>, Device),
    at: usize,
) -> Found<Group> {
    misplaced(table, at)?;
    if table.group.is_some() {
        return mistake(at, "group", "a [[group]] cannot hold groups");
    }
    let Some(name) = &table.name else {
        return mistake(at, "name", "every [[group]] needs a name");
    };
    let name_text = text(name, "name")?;
    if name_text.is_empty() || name_text.len() > 64 || name_text.chars().any(char::is_control) {
        return mistake(
            name.span().start,
            "name",
            "use 1 to 64 printable characters",
        );
    }
    let either = |own: &Item, default: &Item| own.clone().or_else(|| default.clone());
    let device = optional(&either(&table.device, &top.device), "device", Device::parse)?;
    let every = optional(&table.every, "every", validate::interval)?.or(every);
    let Some(every) = every else {
        return mistake(
            at,
            "every",
            "no time between rounds: set every at the top or in the group",
        );
    };
    let ping = optional(&either(&table.ping, &top.ping), "ping", count)?;
    let hop_pings = optional(
        &either(&table.hop_pings, &top.hop_pings),
        "hop_pings",
        count,
    )?;
    if let (Some(_), Some(item)) = (ping, either(&table.hop_pings, &top.hop_pings)) {
        return mistake(
            item.span().start,
            "hop_pings",
            "goes with ping only one at a time: hop_pings pings the destination too",
        );
    }
    let checks = checks_of(table, top)?;
    let source = source_of(table, top)?;
    let device = device.unwrap_or(default_device);
    let options = super::super::source::start_options(device, &source).map_err(|e| Mistake {
        at: first_source_key(table).unwrap_or(at),
        key: None,
        message: as_keys(&e.to_string()),
    })?;
    Ok(Group::new(
        name_text,
        device,
        every,
        checks,
        (ping, hop_pings),
        options,
    ))
}

mod lists;
mod values;
use lists::{destinations_of, serials_of};
use values::{
    as_keys, budget, checks_of, concurrency, count, first_source_key, optional, source_of, text,
};

#[cfg(test)]
mod tests;

//! The values of a watch file's keys: each read from its TOML text with the check its
//! command-line flag has, and the start options of a group in the file's words.

use toml::{Spanned, Value};

use super::{mistake, Found, Item, Table};
use crate::checks::{Checks, Via};
use crate::cli::SourceArgs;
use crate::validate;

/// The start options of a table (the group's own, else the top's), as the command line's.
pub(super) fn source_of(table: &Table, top: &Table) -> Found<SourceArgs> {
    let pick = |own: &Item, default: &Item| own.clone().or_else(|| default.clone());
    let address = |v: &str| {
        v.trim()
            .parse()
            .map_err(|_| format!("'{v}' is not an IP address"))
    };
    let number = |low: u16, high: u16| {
        move |v: &str| match v.trim().parse::<u16>() {
            Ok(n) if (low..=high).contains(&n) => Ok(n),
            _ => Err(format!("'{v}' is not a number from {low} to {high}")),
        }
    };
    Ok(SourceArgs {
        vlan_ip: optional(&pick(&table.vlan_ip, &top.vlan_ip), "vlan_ip", address)?,
        source_interface: optional(
            &pick(&table.source_interface, &top.source_interface),
            "source_interface",
            validate::interface,
        )?,
        vrf: optional(&pick(&table.vrf, &top.vrf), "vrf", validate::interface)?,
        ipv6: optional(&pick(&table.ipv6, &top.ipv6), "ipv6", flag)?.unwrap_or(false),
        management_interface: optional(
            &pick(&table.management_interface, &top.management_interface),
            "management_interface",
            flag,
        )?
        .unwrap_or(false),
        loopback_port: optional(
            &pick(&table.loopback_port, &top.loopback_port),
            "loopback_port",
            number(0, 7),
        )?,
        source_vlan: optional(
            &pick(&table.source_vlan, &top.source_vlan),
            "source_vlan",
            number(1, 4094),
        )?,
        source_ip: optional(
            &pick(&table.source_ip, &top.source_ip),
            "source_ip",
            address,
        )?,
    })
}

/// Where the group's first start option is, for a refusal of the family's.
pub(super) fn first_source_key(table: &Table) -> Option<usize> {
    [
        &table.vlan_ip,
        &table.source_interface,
        &table.vrf,
        &table.ipv6,
        &table.management_interface,
        &table.loopback_port,
        &table.source_vlan,
        &table.source_ip,
    ]
    .into_iter()
    .filter_map(|item| item.as_ref().map(|s| s.span().start))
    .min()
}

/// A start option's refusal in the file's words: keys, not flags.
pub(super) fn as_keys(message: &str) -> String {
    let mut said = message.replace("--device ", "device = ");
    for flag in [
        "--vlan-ip",
        "--source-interface",
        "--vrf",
        "--ipv6",
        "--management-interface",
        "--loopback-port",
        "--source-vlan",
        "--source-ip",
    ] {
        said = said.replace(flag, &flag[2..].replace('-', "_"));
    }
    said
}

/// A value read with `check`, from a string or (numbers, booleans) its TOML text.
pub(super) fn optional<T>(
    item: &Item,
    key: &'static str,
    check: impl Fn(&str) -> std::result::Result<T, String>,
) -> Found<Option<T>> {
    let Some(item) = item else { return Ok(None) };
    let value = text(item, key)?;
    check(&value)
        .map(Some)
        .or_else(|e| mistake(item.span().start, key, e))
}

/// A scalar as text; a table, array or date is the wrong kind of value.
pub(super) fn text(item: &Spanned<Value>, key: &'static str) -> Found<String> {
    match item.get_ref() {
        Value::String(s) => Ok(s.clone()),
        Value::Integer(n) => Ok(n.to_string()),
        Value::Float(n) => Ok(n.to_string()),
        Value::Boolean(b) => Ok(b.to_string()),
        other => mistake(
            item.span().start,
            key,
            format!("expected a string or a number, found {}", other.type_str()),
        ),
    }
}

pub(super) fn flag(value: &str) -> std::result::Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("'{value}' is not true or false")),
    }
}

pub(super) fn count(value: &str) -> std::result::Result<u8, String> {
    let max = crate::api::ping::MAX_COUNT;
    match value.trim().parse::<u8>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{value}' is not a number of echoes from 1 to {max}"
        )),
    }
}

pub(super) fn budget(value: &str) -> std::result::Result<u64, String> {
    match value.trim().parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "'{value}' is not a number of requests a day, 1 or more"
        )),
    }
}

pub(super) fn concurrency(value: &str) -> std::result::Result<u16, String> {
    match value.trim().parse::<u16>() {
        Ok(n) if (1..=256).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{value}' is not a number of devices at once from 1 to 256"
        )),
    }
}

/// The checks of a table (the group's own, else the top's).
pub(super) fn checks_of(table: &Table, top: &Table) -> Found<Checks> {
    let either = |own: &Item, default: &Item| own.clone().or_else(|| default.clone());
    let via = match table.expect_via.as_ref().or(top.expect_via.as_ref()) {
        Some(list) => list
            .get_ref()
            .iter()
            .map(|v| {
                text(v, "expect_via").and_then(|t| {
                    Via::parse(&t).or_else(|e| mistake(v.span().start, "expect_via", e))
                })
            })
            .collect::<Found<Vec<Via>>>()?,
        None => Vec::new(),
    };
    let checks = Checks {
        reach: optional(
            &either(&table.expect_reach, &top.expect_reach),
            "expect_reach",
            flag,
        )?
        .unwrap_or(false),
        via,
        max_rtt_ms: optional(
            &either(&table.max_rtt, &top.max_rtt),
            "max_rtt",
            validate::rtt,
        )?,
        max_loss: optional(
            &either(&table.max_loss, &top.max_loss),
            "max_loss",
            validate::percent,
        )?,
        max_jitter_ms: None,
        path: None,
    };
    Ok(checks)
}

//! One rule for "the same responder" and "the same path", shared by the history's
//! fingerprint, the map's merging of paths and `diff`: a responder is its address in one
//! spelling (`2001:DB8::1` = `2001:db8::1`), else its name in lower case; a path's identity is
//! one 64-bit FNV-1a hash of those keys hop by hop.

use super::{Path, PathHop, Responder};
use crate::task::address;

/// A responder's identity across traces: `ip:<canonical address>`, else `name:<lower-case
/// name, trailing dot dropped>`; `None` for one that names neither.
pub fn responder_key(address_text: Option<&str>, hostname: Option<&str>) -> Option<String> {
    match (address_text, hostname) {
        (Some(text), _) => Some(canonical_address(text)),
        (None, Some(name)) => Some(format!("name:{}", name_key(name))),
        (None, None) => None,
    }
}

/// The key of a responder of a hop.
pub fn key_of(responder: &Responder<'_>) -> Option<String> {
    responder_key(responder.address, responder.hostname)
}

/// An address (or a destination) in one spelling: `ip:` and the parsed address, a zone kept
/// apart; text that is no address is lower-cased with any trailing dot dropped.
pub fn canonical_address(text: &str) -> String {
    match address(text) {
        Some(ip) => format!("ip:{ip}"),
        None => format!("name:{}", name_key(text)),
    }
}

fn name_key(name: &str) -> String {
    name.trim().trim_end_matches('.').to_lowercase()
}

/// Whether two responders are one by the rule above (two that name nothing never are).
pub fn same_responder(a: &Responder<'_>, b: &Responder<'_>) -> bool {
    matches!((key_of(a), key_of(b)), (Some(x), Some(y)) if x == y)
}

/// A hop's responders as sorted, distinct keys (`?` for one that names nothing).
pub fn hop_keys(hop: &PathHop) -> Vec<String> {
    let mut keys: Vec<String> = hop
        .responders()
        .iter()
        .map(|r| key_of(r).unwrap_or_else(|| "?".to_owned()))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The path's fingerprint: a hash of who answered at each hop up to the destination (`*` for
/// a silent one), whatever order ECMP responders answered in; 16 hex digits. Two traces of
/// one path have one fingerprint. Changing this changes every stored value: the history's
/// schema migration recomputes them.
pub fn fingerprint(path: &Path) -> String {
    format!("{:016x}", path_hash(path))
}

/// The fingerprint as a number, as the history stores it.
pub fn path_hash(path: &Path) -> u64 {
    let mut text = String::new();
    for number in 1..=path.length() {
        let mut keys: Vec<String> = path
            .hops
            .iter()
            .filter(|h| h.number == Some(number))
            .flat_map(hop_keys)
            .collect();
        keys.sort();
        keys.dedup();
        if keys.is_empty() {
            keys.push("*".to_owned());
        }
        text.push_str(&format!("{number}:{};", keys.join(",")));
    }
    hash(text.as_bytes())
}

/// The path's shape for drawing: every hop listed (numbered or not, silent ones included)
/// with its responders, and the destination's address. Paths with one signature are drawn
/// once; it is stricter than the fingerprint, which stops at the destination.
pub fn signature(path: &Path) -> String {
    let mut text = String::new();
    for hop in &path.hops {
        text.push_str(&format!("{:?}{:?};", hop.number, hop_keys(hop)));
    }
    text.push_str(&format!(
        "->{:?}",
        path.target.as_deref().map(canonical_address)
    ));
    format!("{:016x}", hash(text.as_bytes()))
}

/// 64-bit FNV-1a: small, stable across versions and platforms, enough to tell paths apart.
pub fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

//! Whether two traces took the same path, hop by hop.
//!
//! The rule: the same number of hops up to the destination (the last hop that answered), the
//! same reached verdict, and at every hop where both sides had an answer at least one
//! responder address in common — so ECMP alternation and silent hops are not change. Round-trip
//! times that moved by more than a threshold are reported but never make two paths differ.

use serde::Serialize;

use super::identity::same_responder;
use super::reach::same_address;
use super::{Path, PathHop};

/// What happened at one hop number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Both answered with a responder in common, or one side (or both) was silent.
    Same,
    /// Both answered, with no responder in common.
    Changed,
    /// Only the new path reaches this far.
    New,
    /// Only the old path reached this far.
    Gone,
}

/// One hop of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HopChange {
    pub hop: u32,
    /// Responders (address, else name); empty when silent or absent.
    pub old: Vec<String>,
    pub new: Vec<String>,
    pub change: Change,
    pub old_avg_ms: Option<f64>,
    pub new_avg_ms: Option<f64>,
    /// The hop's average round-trip time moved by more than the threshold.
    pub rtt_moved: bool,
}

/// Two paths compared by the rule above.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// No reason to call the paths different.
    pub same: bool,
    /// Why they differ, one phrase each: `hop 4 changed`, `5 hops before, 6 now`.
    pub differences: Vec<String>,
    pub hops: Vec<HopChange>,
}

/// Compares `old` with `new`; `threshold_ms` is how far an average may move unremarked.
pub fn compare(old: &Path, new: &Path, threshold_ms: f64) -> Comparison {
    let (old_len, new_len) = (old.length(), new.length());
    let mut hops = Vec::new();
    for number in 1..=old_len.max(new_len) {
        let before = hop(old, number);
        let after = hop(new, number);
        if before.is_none() && after.is_none() {
            continue;
        }
        // Within both paths' lengths a hop one side does not list (its document had no
        // rawOutput to recover it from) is unknown there, not new or gone.
        let change = match (before, after) {
            (Some(a), Some(b)) if a.answered() && b.answered() && !in_common(a, b) => {
                Change::Changed
            }
            _ if number > old_len => Change::New,
            _ if number > new_len => Change::Gone,
            _ => Change::Same,
        };
        let (old_avg, new_avg) = (before.and_then(average), after.and_then(average));
        let rtt_moved =
            matches!((old_avg, new_avg), (Some(a), Some(b)) if (b - a).abs() > threshold_ms);
        hops.push(HopChange {
            hop: number,
            old: before.map(responders).unwrap_or_default(),
            new: after.map(responders).unwrap_or_default(),
            change,
            old_avg_ms: old_avg,
            new_avg_ms: new_avg,
            rtt_moved,
        });
    }
    let mut differences = Vec::new();
    if !same_destination(old, new) {
        let shown = |path: &Path| {
            let name = path.destination.as_deref().unwrap_or("?");
            match path.target.as_deref() {
                Some(ip) if ip != name => format!("{name} ({ip})"),
                _ => name.to_owned(),
            }
        };
        differences.push(format!(
            "traced to {} before, to {} now",
            shown(old),
            shown(new)
        ));
    }
    if old_len != new_len {
        differences.push(format!("{old_len} hops before, {new_len} now"));
    }
    // `reached unknown` on one side (no address for the destination) is no change by itself.
    let verdict = |reached: bool| if reached { "reached" } else { "not reached" };
    if let (Some(a), Some(b)) = (old.reach().reached(), new.reach().reached()) {
        if a != b {
            differences.push(format!("{} before, {} now", verdict(a), verdict(b)));
        }
    }
    for hop in hops.iter().filter(|h| h.change == Change::Changed) {
        differences.push(format!(
            "hop {} was {}, now {}",
            hop.hop,
            hop.old.join(" or "),
            hop.new.join(" or ")
        ));
    }
    Comparison {
        same: differences.is_empty(),
        differences,
        hops,
    }
}

fn hop(path: &Path, number: u32) -> Option<&PathHop> {
    path.hops.iter().find(|h| h.number == Some(number))
}

/// Whether two traces went to the same place: the same name (any case, a trailing dot
/// aside) or the same address. Unknown on either side is no difference.
fn same_destination(old: &Path, new: &Path) -> bool {
    let name = |p: &Path| {
        p.destination
            .as_deref()
            .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
    };
    let (Some(a), Some(b)) = (name(old), name(new)) else {
        return true;
    };
    a == b
        || matches!((&old.target, &new.target), (Some(x), Some(y)) if same_address(Some(x), y))
        || same_address(old.target.as_deref(), &b)
        || same_address(new.target.as_deref(), &a)
}

fn in_common(a: &PathHop, b: &PathHop) -> bool {
    let theirs = b.responders();
    a.responders()
        .iter()
        .any(|mine| theirs.iter().any(|other| same_responder(mine, other)))
}

fn responders(hop: &PathHop) -> Vec<String> {
    hop.responders()
        .iter()
        .map(|r| r.shown().to_owned())
        .collect()
}

/// The mean of every time measured at the hop, whoever answered.
fn average(hop: &PathHop) -> Option<f64> {
    let times: Vec<f64> = hop
        .probes
        .iter()
        .chain(&hop.added)
        .filter_map(|p| p.rtt_ms)
        .collect();
    (!times.is_empty()).then(|| times.iter().sum::<f64>() / times.len() as f64)
}

#[cfg(test)]
mod tests;

//! A path's fingerprint: a stable hash of who answered at each hop, the same whatever order
//! ECMP responders answered in, so that two traces of one path have one fingerprint.

use crate::path::Path;

/// 16 hex digits (FNV-1a, 64 bits) of the hops up to the destination: per hop its number and
/// its responders' addresses (names where there is no address) sorted, `*` for a silent hop.
pub fn fingerprint(path: &Path) -> String {
    let length = path.length();
    let mut text = String::new();
    for number in 1..=length {
        let mut who: Vec<String> = path
            .hops
            .iter()
            .filter(|h| h.number == Some(number))
            .flat_map(|h| h.responders())
            .map(|r| match (r.address, r.hostname) {
                (Some(address), _) => address.to_owned(),
                (None, Some(name)) => name.to_ascii_lowercase(),
                (None, None) => "?".to_owned(),
            })
            .collect();
        who.sort();
        who.dedup();
        if who.is_empty() {
            who.push("*".to_owned());
        }
        text.push_str(&format!("{number}:{};", who.join(",")));
    }
    format!("{:016x}", fnv1a(text.as_bytes()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

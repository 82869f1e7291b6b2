//! Reads hops out of a device's own traceroute text (`rawOutput`), which is authoritative
//! and sometimes holds hops that `output.hops` leaves out.
//!
//! Hop lines look like ` 1 10.97.118.2   1 ms  1 ms  1 ms`, ` 3  *  *  *`,
//! `  1   10.1.1.10  0.529ms  0.320ms`, `2  gw.example (10.0.0.1)  0.5 ms`, or the ECMP form the
//! seed shows with two responders run together: ` 4 10.186.128.6  1 ms10.186.128.4  1 ms  1 ms`.
//! A line that does not read cleanly as a hop line is skipped, never guessed at.

use super::{responder, Hop, Probe};

/// Every hop line of `raw`, in order.
pub fn hops(raw: &str) -> Vec<Hop> {
    raw.lines().filter_map(hop_line).collect()
}

fn hop_line(line: &str) -> Option<Hop> {
    let line = line.trim_start();
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || !line[digits..].starts_with([' ', '\t']) {
        return None;
    }
    let number: u32 = line[..digits].parse().ok()?;
    let probes = probes(&line[digits..])?;
    (!probes.is_empty()).then_some(Hop {
        number: Some(number),
        probes,
    })
}

/// The probes of the text after a hop number, or `None` when it is not a hop line.
fn probes(mut rest: &str) -> Option<Vec<Probe>> {
    let mut probes = Vec::new();
    let mut current: (Option<String>, Option<String>) = (None, None);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Some(probes);
        }
        if let Some(after) = rest.strip_prefix('*') {
            probes.push(Probe::default());
            rest = after;
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..end];
        if let Some((ms, used)) = time(rest) {
            probes.push(Probe {
                address: current.0.clone(),
                hostname: current.1.clone(),
                rtt_ms: Some(ms),
            });
            rest = &rest[used..];
        } else if let Some(inner) = token.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            // `name (address)`: the address belongs to the name just read.
            let (address, _) = responder(&[Some(inner.to_owned())]);
            current.0 = Some(address?);
            rest = &rest[end..];
        } else if is_host(token) {
            current = responder(&[Some(token.to_owned())]);
            rest = &rest[end..];
        } else {
            return None;
        }
    }
}

/// A time at the start of `text`: digits, optional fraction, optional spaces, then `ms`.
/// Returns the milliseconds and the bytes used; what follows `ms` may be glued on.
fn time(text: &str) -> Option<(f64, usize)> {
    let number_len = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    if number_len == 0 {
        return None;
    }
    let ms: f64 = text[..number_len].parse().ok()?;
    let after = &text[number_len..];
    let unit_at = after.len() - after.trim_start_matches([' ', '\t']).len();
    let unit = &after[unit_at..];
    let glued_unit =
        unit.len() >= 2 && unit.is_char_boundary(2) && unit[..2].eq_ignore_ascii_case("ms");
    glued_unit.then_some((ms, number_len + unit_at + 2))
}

fn is_host(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(number: u32, probes: &[(Option<&str>, Option<f64>)]) -> Hop {
        Hop {
            number: Some(number),
            probes: probes
                .iter()
                .map(|(address, rtt_ms)| Probe {
                    address: address.map(str::to_owned),
                    hostname: None,
                    rtt_ms: *rtt_ms,
                })
                .collect(),
        }
    }

    #[test]
    fn reads_the_seed_text_including_the_ecmp_hop() {
        let raw = "\ntraceroute blrubshared-pdash.arubacorp.net\ntraceroute to 10.186.172.153 ,\n              1 hop min, 30 hops max, 5 sec. timeout, 3 probes\n 1 10.97.118.2           1 ms      1 ms      1 ms\n 2 10.97.112.1           1 ms      0 ms      1 ms\n 3  *  *  * \n 4 10.186.128.6          1 ms10.186.128.4          1 ms      1 ms\n 5 10.186.172.153        1 ms      1 ms      0 ms\n\n";
        let hops = hops(raw);
        let numbers: Vec<Option<u32>> = hops.iter().map(|h| h.number).collect();
        assert_eq!(numbers, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
        assert_eq!(
            hops[3],
            hop(
                4,
                &[
                    (Some("10.186.128.6"), Some(1.0)),
                    (Some("10.186.128.4"), Some(1.0)),
                    (Some("10.186.128.4"), Some(1.0)),
                ]
            )
        );
        assert_eq!(hops[2], hop(3, &[(None, None), (None, None), (None, None)]));
    }

    #[test]
    fn reads_linux_style_lines_with_glued_units() {
        let raw = "traceroute to 10.1.1.10 (10.1.1.10), 1 hops min, 30 hops max, 3 sec. timeout, 3 probes\n  1   10.1.1.10  0.529ms  0.320ms  0.166ms \n";
        assert_eq!(
            hops(raw),
            [hop(
                1,
                &[
                    (Some("10.1.1.10"), Some(0.529)),
                    (Some("10.1.1.10"), Some(0.32)),
                    (Some("10.1.1.10"), Some(0.166)),
                ]
            )]
        );
    }

    #[test]
    fn reads_a_name_with_its_address_in_parentheses() {
        let parsed = hops(" 2  gw.example.net (192.0.2.1)  1.5 ms  *  2 ms\n");
        let probe = &parsed[0].probes[0];
        assert_eq!(probe.address.as_deref(), Some("192.0.2.1"));
        assert_eq!(probe.hostname.as_deref(), Some("gw.example.net"));
        assert_eq!(parsed[0].probes[1], Probe::default());
        assert_eq!(parsed[0].probes[2].rtt_ms, Some(2.0));
    }

    #[test]
    fn skips_lines_that_are_not_hop_lines() {
        assert!(hops("1 hop min, 30 hops max\n12abc\n\n 7\n 9 <b>bold</b>\n").is_empty());
    }
}

//! Reads a traceroute's text — a device's `rawOutput`, or what Linux (traceroute, tracepath),
//! FreeBSD, macOS, Windows and Cisco print — into its header and hops, dropping nothing it can
//! read and guessing nothing.
//!
//! Hop lines look like ` 1  gw.example (192.0.2.1)  0.529 ms  *  0.4 ms !H`, ` 3  * * *`,
//! ` 4 10.186.128.6  1 ms10.186.128.4  1 ms` (the gateway's run-together ECMP form),
//! ` 5  [AS15169] 72.14.215.85  10 ms`, `  1   <1 ms  <1 ms  <1 ms  router [192.168.0.1]`;
//! a line with no hop number that starts with whitespace and a responder (BSD and macOS put
//! further responders of a hop there) belongs to the hop above it. Header lines give the
//! destination, its address, the hop limit and the probes per hop. A line that does not read
//! cleanly — a warning, an MPLS label stack, a note — is skipped, never an error.

use crate::task::{responder, Hop, Probe};

/// What a traceroute text says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// The destination as given (`traceroute www.example.com`), when the text names it.
    pub destination: Option<String>,
    /// The destination's address, from `traceroute to NAME (ADDRESS)` or an address target.
    pub address: Option<String>,
    pub max_hops: Option<u32>,
    pub probes_per_hop: Option<u32>,
    /// Hops in the order of the text; a repeated hop number adds to the hop before.
    pub hops: Vec<Hop>,
}

/// The highest hop number a traceroute can have: the TTL is 8 bits.
const MAX_HOP: u32 = 255;
/// Probes kept per hop (Linux allows 10 per hop; tracepath repeats a hop per probe).
const MAX_PROBES: usize = 64;
/// Hop entries kept (several traces pasted together repeat their hop numbers).
const MAX_HOPS: usize = 4 * MAX_HOP as usize;

/// Reads every line of `text` it can. What no traceroute can print — hop numbers over 255,
/// more than 64 probes at one hop, more than 1020 hops — is left out, so that an 8 MiB text
/// costs no more memory than a real one.
pub fn read(text: &str) -> Trace {
    let mut trace = Trace::default();
    for line in text.lines() {
        if header(line, &mut trace) {
            continue;
        }
        let Some((number, probes)) = hop_line(line) else {
            continue;
        };
        if number.is_some_and(|n| n > MAX_HOP) {
            continue;
        }
        let full = trace.hops.len() >= MAX_HOPS;
        match trace.hops.last_mut() {
            Some(last) if number.is_none() || last.number == number => {
                let room = MAX_PROBES.saturating_sub(last.probes.len());
                last.probes.extend(probes.into_iter().take(room));
            }
            _ if number.is_none() => {} // a continuation with no hop above it
            _ if full => {}
            _ => trace.hops.push(Hop {
                number,
                probes: probes.into_iter().take(MAX_PROBES).collect(),
            }),
        }
    }
    trace
}

/// Takes what a header line says into `trace`; `false` when `line` is not a header line.
fn header(line: &str, trace: &mut Trace) -> bool {
    let text = line.trim();
    if let Some(max) = number_before(text, " hops max").or_else(|| number_before(text, " hop max"))
    {
        trace.max_hops = Some(max);
        trace.probes_per_hop = number_before(text, " probes").or(trace.probes_per_hop);
        // The details share a line with `traceroute to …` on Linux and the CX.
        if !text.starts_with("traceroute") {
            return true;
        }
    }
    let lower = text.to_ascii_lowercase();
    if let Some(max) = text
        .starts_with("over a maximum of")
        .then(|| number_before(text, " hops"))
        .flatten()
    {
        trace.max_hops = Some(max); // Windows: `over a maximum of 30 hops:`
        return true;
    }
    let starts = [
        "traceroute to ",
        "traceroute6 to ",
        "tracing route to ",     // Windows
        "tracing the route to ", // Cisco IOS
    ];
    let rest = starts
        .iter()
        .find_map(|start| lower.starts_with(start).then(|| &text[start.len()..]));
    if let Some(rest) = rest {
        target(rest, trace);
        return true;
    }
    // The gateway echoes its command first: `traceroute blrubshared-pdash.arubacorp.net`.
    if let Some(name) = text.strip_prefix("traceroute ") {
        let name = name.trim();
        if !name.is_empty() && !name.contains(char::is_whitespace) && !name.starts_with('-') {
            trace.destination.get_or_insert_with(|| name.to_owned());
        }
        return true;
    }
    text.starts_with("traceroute:") || text.starts_with("traceroute6:")
}

/// `NAME (ADDRESS), 30 hops max…`, `ADDRESS ,`, or `NAME [ADDRESS]` (Windows).
fn target(rest: &str, trace: &mut Trace) {
    let mut words = rest.split_whitespace();
    let Some(first) = words.next() else { return };
    let name = first.trim_end_matches(',');
    let address = words
        .next()
        .and_then(|w| {
            let w = w.trim_end_matches(',');
            w.strip_prefix('(')
                .and_then(|w| w.strip_suffix(')'))
                .or_else(|| w.strip_prefix('[').and_then(|w| w.strip_suffix(']')))
        })
        .filter(|inner| is_address(inner))
        .or_else(|| is_address(name).then_some(name));
    if let Some(address) = address {
        trace.address = Some(address.to_owned());
    }
    if !name.is_empty() && (trace.destination.is_none() || !is_address(name)) {
        trace.destination = Some(name.to_owned());
    }
}

/// The number just before `label` in `text`: `30` in `1 hop min, 30 hops max`.
fn number_before(text: &str, label: &str) -> Option<u32> {
    let before = &text[..text.find(label)?];
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    before[before.len() - digits..].parse().ok()
}

/// An address, possibly with an IPv6 zone: `10.0.0.1`, `2001:db8::1`, `fe80::1%en0`.
pub fn is_address(text: &str) -> bool {
    crate::task::address(text).is_some()
}

/// The hop number (none on a continuation line) and probes of a hop line.
fn hop_line(line: &str) -> Option<(Option<u32>, Vec<Probe>)> {
    let trimmed = line.trim_start();
    let digits = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let after = &trimmed[digits..];
    // tracepath numbers its lines `1:` and `1?:`.
    let after = after
        .strip_prefix("?:")
        .or_else(|| after.strip_prefix(':'))
        .unwrap_or(after);
    let numbered = digits > 0 && after.starts_with([' ', '\t']);
    let (number, rest) = if numbered {
        (Some(trimmed[..digits].parse().ok()?), after)
    } else if trimmed.len() < line.len() {
        // A continuation must name a responder before anything else.
        let first = trimmed.chars().next()?;
        if matches!(first, '*' | '!' | '<' | '(') {
            return None;
        }
        (None, trimmed)
    } else {
        return None;
    };
    // Windows writes a silent hop as `*  *  *  Request timed out.`
    let rest = rest.trim_end();
    let rest = rest.strip_suffix("Request timed out.").unwrap_or(rest);
    let probes = Reader::default().probes(rest)?;
    // A hop line has at least one probe; a continuation at least one answer.
    let enough = if numbered {
        !probes.is_empty()
    } else {
        probes.iter().any(Probe::answered)
    };
    enough.then_some((number, probes))
}

/// Reads the probes of one line, remembering who answered last.
#[derive(Default)]
struct Reader {
    probes: Vec<Probe>,
    address: Option<String>,
    hostname: Option<String>,
    /// A responder has been named and no probe has followed it yet.
    pending: bool,
}

impl Reader {
    fn probes(mut self, mut rest: &str) -> Option<Vec<Probe>> {
        loop {
            rest = rest.trim_start();
            let Some(first) = rest.chars().next() else {
                return self.finish();
            };
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            rest = match first {
                '*' => {
                    self.push(None);
                    &rest[1..]
                }
                '!' => {
                    self.note(&rest[..end])?;
                    &rest[end..]
                }
                '[' => {
                    let close = rest.find(']')?;
                    self.bracket(&rest[1..close]);
                    &rest[close + 1..]
                }
                '(' => {
                    let close = rest.find(')')?;
                    self.alias(&rest[1..close])?;
                    &rest[close + 1..]
                }
                '<' if rest[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                    // Windows' `<1 ms`: under a millisecond, read as its bound.
                    let (ms, used) = time(&rest[1..])?;
                    self.push(Some(ms));
                    &rest[1 + used..]
                }
                '<' => &rest[rest.find('>')? + 1..], // `<MPLS:L=24001,E=0,S=1,T=1>`
                '\'' => &rest[end..],                // Linux `--back`: `'-2'`
                _ => match time(rest) {
                    Some((ms, used)) => {
                        self.push(Some(ms));
                        &rest[used..]
                    }
                    None => match (words(rest), rest.strip_prefix("no reply")) {
                        (Some(used), _) => &rest[used..],
                        (None, Some(after)) => {
                            self.push(None); // tracepath's silent probe
                            after
                        }
                        (None, None) => {
                            self.name(&rest[..end])?;
                            &rest[end..]
                        }
                    },
                },
            };
        }
    }

    fn push(&mut self, rtt_ms: Option<f64>) {
        let answered = rtt_ms.is_some();
        self.probes.push(Probe {
            address: self.address.clone().filter(|_| answered),
            hostname: self.hostname.clone().filter(|_| answered),
            rtt_ms,
            note: None,
            rtt_unreadable: false,
        });
        self.pending = false;
    }

    /// A responder's name or address; two in a row mean this is not a hop line.
    fn name(&mut self, token: &str) -> Option<()> {
        if self.pending || token.contains(['(', ')', ',', '=', ';', '[', ']']) {
            return None;
        }
        (self.address, self.hostname) = responder(&[Some(token.to_owned())]);
        self.pending = true;
        Some(())
    }

    /// `(ADDRESS)` after a name, or a second name (`Internal (Internal)`).
    fn alias(&mut self, inner: &str) -> Option<()> {
        if !self.pending {
            // `(192.0.2.1)` alone, as some systems print an address without a name.
            self.name(inner).filter(|()| is_address(inner))?;
            return Some(());
        }
        if is_address(inner) {
            self.address = Some(inner.to_owned());
        }
        Some(())
    }

    /// `!H`, `!F-1500`, `!<10>`, `!` after a time: a note on that probe. Right after a
    /// responder (Cisco's `10.1.1.1 !H  *  !H`) it is an answer without a time.
    fn note(&mut self, note: &str) -> Option<()> {
        if self.pending
            || (self.address.is_some()
                && self
                    .probes
                    .last()
                    .is_some_and(|p| p.note.is_some() || p.rtt_ms.is_none()))
        {
            self.push(None);
            let probe = self.probes.last_mut()?;
            probe.address.clone_from(&self.address);
            probe.hostname.clone_from(&self.hostname);
            probe.note = Some(note.to_owned());
            // An answer came (host unreachable), only its time is not known.
            probe.rtt_unreadable = true;
            return Some(());
        }
        self.probes.last_mut()?.note = Some(note.to_owned());
        Some(())
    }

    /// `[ADDRESS]` after a name (Windows); anything else in brackets is a tag (`[AS15169]`,
    /// `[*]`, `[MPLS: Label 24001 Exp 0]`) and is passed over.
    fn bracket(&mut self, inner: &str) {
        if self.pending && is_address(inner) {
            self.address = Some(inner.to_owned());
        }
    }

    fn finish(mut self) -> Option<Vec<Probe>> {
        if self.pending {
            // Windows names the responder after its times: give it the ones without a name.
            let nameless = |p: &Probe| p.rtt_ms.is_some() && p.address.is_none();
            if !self.probes.iter().any(nameless) {
                return None;
            }
            for probe in self.probes.iter_mut().filter(|p| nameless(p)) {
                probe.address.clone_from(&self.address);
                probe.hostname.clone_from(&self.hostname);
            }
        }
        Some(self.probes)
    }
}

/// Bytes of the words after a time that say something about the probe but are not a
/// responder: Linux `--mtu`'s `F=1500`, tracepath's `asymm 3`, `pmtu 1500` and `reached`.
fn words(text: &str) -> Option<usize> {
    let word_end = |t: &str| t.find(char::is_whitespace).unwrap_or(t.len());
    if text.starts_with("F=") || &text[..word_end(text)] == "reached" {
        return Some(word_end(text));
    }
    let label = ["asymm", "pmtu"]
        .into_iter()
        .find(|w| text.starts_with(w) && text[w.len()..].starts_with(' '))?;
    let value = text[label.len()..].trim_start();
    let digits = value.len() - value.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0).then(|| text.len() - value.len() + digits)
}

/// A time at the start of `text`: digits, optional fraction, optional spaces, then `ms` or
/// `msec`. Returns the milliseconds and the bytes used; what follows the unit may be glued on.
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
    let unit = &after.as_bytes()[unit_at..];
    let starts =
        |word: &[u8]| unit.len() >= word.len() && unit[..word.len()].eq_ignore_ascii_case(word);
    let unit_len = if starts(b"msec") {
        4
    } else if starts(b"ms") {
        2
    } else {
        return None;
    };
    // What may follow a unit: a space, the end, a note, or the gateway's glued next address
    // (`1 ms10.186.128.4`) — not a letter, so a name like `10msk-gw` stays a name.
    let next = unit.get(unit_len).copied();
    let ends = next.is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_digit() || c == b'!');
    (ends && ms.is_finite()).then_some((ms, number_len + unit_at + unit_len))
}

#[cfg(test)]
mod tests;

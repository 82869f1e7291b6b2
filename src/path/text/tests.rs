//! The reader against traceroute text from several platforms (`tests/fixtures/traceroute`),
//! and against lines it must not take for hops.

use std::fmt::Write as _;

use super::*;

/// What a fixture's `.expect` file states: the header, then per hop the probes sent and how
/// many answers each responder (its address, else its name) gave.
fn summary(trace: &Trace) -> String {
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
    let mut out = format!(
        "destination {}\naddress {}\nmax_hops {}\nprobes {}\n",
        or_dash(trace.destination.clone()),
        or_dash(trace.address.clone()),
        or_dash(trace.max_hops.map(|n| n.to_string())),
        or_dash(trace.probes_per_hop.map(|n| n.to_string())),
    );
    for hop in &trace.hops {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for probe in hop.probes.iter().filter(|p| p.answered()) {
            let who = probe
                .address
                .clone()
                .or(probe.hostname.clone())
                .unwrap_or_default();
            match counts.iter_mut().find(|(w, _)| *w == who) {
                Some((_, n)) => *n += 1,
                None => counts.push((who, 1)),
            }
        }
        let number = hop.number.map_or("?".to_owned(), |n| n.to_string());
        let _ = write!(out, "hop {number} sent {}:", hop.probes.len());
        if counts.is_empty() {
            out.push_str(" -");
        }
        for (who, n) in counts {
            let _ = write!(out, " {who}={n}");
        }
        out.push('\n');
    }
    out
}

#[test]
fn every_hop_of_every_platform_fixture_is_read() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/traceroute");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            let expected = std::fs::read_to_string(path.with_extension("expect")).unwrap();
            assert_eq!(summary(&read(&text)), expected, "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} fixtures");
}

#[test]
fn notes_stay_with_their_probes_and_names_with_their_addresses() {
    let trace = read(include_str!(
        "../../../tests/fixtures/traceroute/linux-numeric-q5-notes.txt"
    ));
    let notes: Vec<Option<&str>> = trace.hops[3]
        .probes
        .iter()
        .map(|p| p.note.as_deref())
        .collect();
    assert_eq!(
        notes,
        [Some("!X"), Some("!F-1500"), Some("!<10>"), Some("!"), None]
    );
    let trace = read(include_str!(
        "../../../tests/fixtures/traceroute/linux-names.txt"
    ));
    let probe = &trace.hops[3].probes[2];
    assert_eq!(probe.address.as_deref(), Some("203.0.113.13"));
    assert_eq!(probe.hostname.as_deref(), Some("ae2.cr1.lon1.example.net"));
    assert_eq!(probe.rtt_ms, Some(12.871));
    let internal = &read(include_str!(
        "../../../tests/fixtures/traceroute/freebsd-as-continuation.txt"
    ))
    .hops[4];
    assert_eq!(internal.probes[0].address, None);
    assert_eq!(internal.probes[0].hostname.as_deref(), Some("Internal"));
}

#[test]
fn the_gateway_form_runs_ecmp_responders_together() {
    let trace = read(" 4 10.186.128.6          1 ms10.186.128.4          1 ms      1 ms\n");
    let who: Vec<_> = trace.hops[0]
        .probes
        .iter()
        .map(|p| p.address.as_deref())
        .collect();
    assert_eq!(
        who,
        [
            Some("10.186.128.6"),
            Some("10.186.128.4"),
            Some("10.186.128.4")
        ]
    );
}

#[test]
fn lines_that_are_not_hops_are_skipped_never_guessed() {
    let text = "1 hop min, 30 hops max\n12abc\n\n 7\n 9 <b>bold</b>\n 3 10.0.0.1 10.0.0.2 1 ms\n\
                \u{20}    MPLS Label=299808 CoS=0 TTL=1 S=1\n 4 10msk-gw\n 5 !H 1 ms\n 6 a (b\n";
    let trace = read(text);
    assert!(trace.hops.is_empty(), "{:?}", trace.hops);
    assert_eq!(trace.max_hops, Some(30));
}

#[test]
fn a_continuation_line_needs_a_hop_above_it_and_an_answer() {
    assert!(read("    10.0.0.2 (10.0.0.2)  1 ms\n").hops.is_empty());
    let trace = read(" 2  10.0.0.1  1 ms\n    10.0.0.2  *\n    10.0.0.3  2 ms\n");
    assert_eq!(trace.hops.len(), 1);
    assert_eq!(trace.hops[0].probes.len(), 2, "{:?}", trace.hops[0]);
}

#[test]
fn a_name_that_starts_with_a_time_or_a_word_stays_a_name() {
    let trace = read(" 1  reached-gw (192.0.2.9)  2 ms\n");
    assert_eq!(
        trace.hops[0].probes[0].hostname.as_deref(),
        Some("reached-gw")
    );
    let trace = read(" 1  10msk-gw.example (192.0.2.1)  1.5 ms\n");
    assert_eq!(
        trace.hops[0].probes[0].hostname.as_deref(),
        Some("10msk-gw.example")
    );
}

#[test]
fn what_no_traceroute_prints_is_left_out() {
    assert!(read(" 256  10.0.0.1  1 ms\n").hops.is_empty());
    let many = " 7  10.0.0.1  1 ms\n".repeat(100);
    let trace = read(&many);
    assert_eq!(trace.hops.len(), 1);
    assert_eq!(trace.hops[0].probes.len(), 64);
}

#[test]
fn cisco_unreachable_marks_and_bare_parenthesised_addresses_are_answers() {
    let trace = read("  5 192.0.2.60 !H  *  !H\n 6  (192.0.2.61)  2.5 ms\n");
    let hop = &trace.hops[0];
    assert_eq!(hop.probes.len(), 3);
    let notes: Vec<_> = hop
        .probes
        .iter()
        .map(|p| (p.answered(), p.note.as_deref()))
        .collect();
    assert_eq!(
        notes,
        [(true, Some("!H")), (false, None), (true, Some("!H"))]
    );
    assert_eq!(
        trace.hops[1].probes[0].address.as_deref(),
        Some("192.0.2.61")
    );
    // A note after a time stays on that probe.
    let linux = read(" 3  10.0.0.9  2.5 ms !N  *\n");
    assert_eq!(linux.hops[0].probes.len(), 2);
    assert_eq!(linux.hops[0].probes[0].note.as_deref(), Some("!N"));
}

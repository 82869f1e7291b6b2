//! The merged view on the reference task and on hand-made documents: recovery, added
//! responders, loss, statistics and the reached rule.

use serde_json::{json, Value};

use super::*;

fn path_of(document: Value) -> Path {
    Path::of(&Task::from_document(&document).unwrap())
}

/// Whether any hop or responder came only from the device's text (what the table marks).
fn recovered_anything(path: &Path) -> bool {
    path.hops.iter().any(|h| h.recovered || !h.added.is_empty())
}

fn seed() -> Path {
    path_of(serde_json::from_str(include_str!("../../tests/fixtures/seed-completed.json")).unwrap())
}

#[test]
fn the_reference_task_recovers_hop_4_with_both_responders() {
    let path = seed();
    let numbers: Vec<Option<u32>> = path.hops.iter().map(|h| h.number).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    let recovered: Vec<bool> = path.hops.iter().map(|h| h.recovered).collect();
    assert_eq!(recovered, [false, false, false, true, false]);
    let hop4 = path.hops[3].responders();
    let who: Vec<&str> = hop4.iter().map(Responder::shown).collect();
    assert_eq!(who, ["10.186.128.6", "10.186.128.4"]);
    assert_eq!(hop4[1].rtts, [1.0, 1.0]);
    assert_eq!((path.hops[3].sent, path.hops[3].loss()), (3, 0.0));
    assert!(recovered_anything(&path));
}

#[test]
fn the_reference_task_has_a_silent_hop_3_and_reaches_at_hop_5() {
    let path = seed();
    let hop3 = &path.hops[2];
    assert_eq!((hop3.sent, hop3.loss(), hop3.answered()), (3, 100.0, false));
    assert_eq!(path.target.as_deref(), Some("10.186.172.153"));
    let reach = path.reach();
    assert_eq!(reach.reached(), Some(true));
    assert_eq!(
        reach.to_string(),
        "reached 10.186.172.153 in 5 hops, avg 0.7 ms"
    );
}

#[test]
fn statistics_follow_mtr() {
    let path = path_of(
        json!({"status": "COMPLETED", "output": {"hops": [{"hop": "1", "probes": [
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "2 ms"},
            {"ipAddress": "null", "responseTimeMilliseconds": "*"},
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "4 ms"},
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "6 ms"}
        ]}]}}),
    );
    let hop = &path.hops[0];
    assert_eq!((hop.sent, hop.received(), hop.loss()), (4, 3, 25.0));
    let r = &hop.responders()[0];
    assert_eq!(
        (r.best(), r.avg(), r.worst(), r.last()),
        (Some(2.0), Some(4.0), Some(6.0), Some(6.0))
    );
    assert!(
        (r.stdev().unwrap() - 2.0).abs() < 1e-9,
        "sample deviation, as mtr"
    );
}

#[test]
fn a_listed_hop_wins_and_text_only_responders_are_added() {
    let path = path_of(json!({"status": "COMPLETED", "rawOutput":
    " 1  a.example (192.0.2.1)  9 ms b.example (192.0.2.2)  3 ms  4 ms\n",
    "output": {"hops": [{"hop": "1", "probes": [
        {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "1 ms"},
        {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "2 ms"}
    ]}]}}));
    let hop = &path.hops[0];
    assert!(!hop.recovered);
    assert_eq!(hop.sent, 2, "the listed probes count for loss");
    let responders = hop.responders();
    assert_eq!(responders.len(), 2);
    assert_eq!(
        (responders[0].rtts.clone(), responders[0].added),
        (vec![1.0, 2.0], false)
    );
    assert_eq!(
        (responders[1].shown(), responders[1].added),
        ("192.0.2.2", true)
    );
    assert_eq!(responders[1].rtts, [3.0, 4.0]);
    assert!(recovered_anything(&path));
}

#[test]
fn nothing_is_marked_when_text_and_list_agree() {
    let path = path_of(
        json!({"status": "COMPLETED", "rawOutput": " 1  192.0.2.1  1 ms\n",
        "output": {"hops": [{"hop": "1", "probes": [
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "1 ms"}]}]}}),
    );
    assert!(!recovered_anything(&path));
}

#[test]
fn not_reached_names_the_last_answer_and_unknown_never_guesses() {
    let doc = |destination: &str, resolved: Value| {
        json!({"status": "COMPLETED", "output": {
        "destination": destination, "resolvedIp": resolved, "hops": [
            {"hop": "6", "probes": [{"ipAddress": "10.9.9.9", "responseTimeMilliseconds": "3 ms"}]},
            {"hop": "7", "probes": [{"ipAddress": "10.9.9.9", "responseTimeMilliseconds": "4 ms"}]},
            {"hop": "8", "probes": []}]}})
    };
    let path = path_of(doc("10.20.0.1", Value::Null));
    assert_eq!(
        path.reach().to_string(),
        "not reached 10.20.0.1: last answer from 10.9.9.9 at hop 7"
    );
    let path = path_of(doc("db.example", json!("10.20.0.1")));
    assert_eq!(path.reach().reached(), Some(false));
    let path = path_of(doc("db.example", Value::Null));
    assert_eq!(path.reach().reached(), None);
    assert_eq!(
        path.reach().to_string(),
        "reached: unknown (the task does not say which address db.example has)"
    );
    // A silent hop with no probes listed is sent as many as the other hops.
    assert_eq!(path.hops[2].sent, 1);
}

#[test]
fn ipv6_spellings_and_zones_compare_as_addresses() {
    let path = path_of(
        json!({"status": "COMPLETED", "output": {"destination": "2001:DB8:0::1",
        "hops": [{"hop": "1", "probes": [{"ipAddress": "2001:db8::1", "responseTimeMilliseconds": "1 ms"}]}]}}),
    );
    assert_eq!(path.reach().reached(), Some(true));
}

#[test]
fn a_hop_whose_number_cannot_be_read_never_decides_the_verdict() {
    let doc = serde_json::json!({"status": "COMPLETED", "output": {"destination": "10.0.0.9",
    "hops": [
        {"hop": "1.0", "probes": [{"ipAddress": "10.0.0.1", "responseTimeMilliseconds": "1 ms"}]},
        {"hop": "02", "probes": [{"ipAddress": "10.0.0.9", "responseTimeMilliseconds": "2 ms"}]},
        {"hop": "two", "probes": [{"ipAddress": "10.6.6.6", "responseTimeMilliseconds": "9 ms"}]}
    ]}});
    let path = Path::of(&Task::from_document(&doc).unwrap());
    assert_eq!(path.reach().reached(), Some(true), "{}", path.reach());
    assert_eq!(
        path.reach().to_string(),
        "reached 10.0.0.9 in 2 hops, avg 2.0 ms"
    );
    let checks = crate::checks::Checks {
        via: vec![crate::checks::Via::parse("10.6.6.6").unwrap()],
        ..Default::default()
    };
    assert_eq!(
        checks.failures(&path, None),
        ["no hop answered from 10.6.6.6 (--expect-via)"]
    );
}

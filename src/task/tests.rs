//! Unit tests for decoding task documents and their quirks.

use serde_json::{json, Value};

use super::*;

fn seed() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/seed-completed.json")).unwrap()
}

#[test]
fn seed_decodes_output_hops_as_listed() {
    let task = Task::from_document(&seed()).unwrap();
    assert_eq!(task.status, Status::Completed);
    assert_eq!(task.progress, Some(100));
    assert_eq!(
        task.destination.as_deref(),
        Some("blrubshared-pdash.arubacorp.net")
    );
    let numbers: Vec<Option<u32>> = task.hops.iter().map(|h| h.number).collect();
    // Hop 4 is only in rawOutput: `path::Path` recovers it.
    assert_eq!(numbers, [Some(1), Some(2), Some(3), Some(5)]);
    assert!(!task.hops[2].answered(), "hop 3 has no probes");
    assert!(task
        .raw_output
        .as_deref()
        .unwrap()
        .contains(" 4 10.186.128.6"));
}

#[test]
fn address_comes_from_reverse_dns_when_ip_address_is_the_string_null() {
    let task = Task::from_document(&seed()).unwrap();
    let first = &task.hops[0].probes[0];
    assert_eq!(first.address.as_deref(), Some("10.97.118.2"));
    assert_eq!(first.hostname, None);
    assert_eq!(first.rtt_ms, Some(1.0));
}

#[test]
fn numbers_may_arrive_as_numbers_and_names_as_names() {
    let doc = json!({
        "status": "COMPLETED",
        "progressPercent": "100",
        "output": {"hops": [
            {"hop": 1, "probes": [
                {"reverseDnsResolution": "gw.example.net", "ipAddress": "192.0.2.1",
                 "responseTimeMilliseconds": 0.5},
                {"reverseDnsResolution": "null", "responseTimeMilliseconds": "*"},
                {"reverseDnsResolution": "gw.example.net", "responseTimeMilliseconds": "33.799 ms"}
            ]}
        ]}
    });
    let task = Task::from_document(&doc).unwrap();
    let hop = &task.hops[0];
    assert_eq!(hop.number, Some(1));
    assert_eq!(hop.probes[0].address.as_deref(), Some("192.0.2.1"));
    assert_eq!(hop.probes[0].hostname.as_deref(), Some("gw.example.net"));
    assert_eq!(hop.probes[0].rtt_ms, Some(0.5));
    assert!(!hop.probes[1].answered());
    assert_eq!(hop.probes[2].rtt_ms, Some(33.799));
}

#[test]
fn a_silent_hop_of_star_probes_is_not_answered() {
    let doc = json!({"status": "COMPLETED", "output": {"hops": [
        {"hop": "7", "probes": [
            {"responseTimeMilliseconds": "*", "reverseDnsResolution": "null"},
            {"responseTimeMilliseconds": "*", "reverseDnsResolution": "null"}
        ]}
    ]}});
    let task = Task::from_document(&doc).unwrap();
    assert!(!task.hops[0].answered());
}

#[test]
fn running_documents_may_lack_output_raw_output_and_end_time() {
    let task = Task::from_document(&json!({"status": "RUNNING", "progressPercent": 42})).unwrap();
    assert_eq!(task.status, Status::InProgress("RUNNING".into()));
    assert_eq!(task.progress, Some(42));
    assert!(task.hops.is_empty());
    let nulls = json!({"status": "INITIATED", "output": null, "rawOutput": null, "endTime": null});
    assert!(Task::from_document(&nulls).unwrap().hops.is_empty());
}

#[test]
fn unknown_fields_are_ignored() {
    let doc =
        json!({"status": "COMPLETED", "shiny": {"new": true}, "output": {"hops": [], "x": 1}});
    assert!(Task::from_document(&doc).is_ok());
}

#[test]
fn statuses_are_classified_and_unknown_ones_are_terminal() {
    for s in ["INITIATED", "RUNNING", "QUEUED", "PENDING"] {
        assert!(!Status::parse(s).is_terminal(), "{s}");
    }
    assert_eq!(Status::parse("COMPLETED"), Status::Completed);
    assert_eq!(Status::parse("FAILED"), Status::Failed);
    let odd = Status::parse("CANCELLED");
    assert!(odd.is_terminal());
    assert_eq!(odd.label(), "CANCELLED");
}

#[test]
fn documents_of_the_wrong_shape_are_errors() {
    assert!(Task::from_document(&json!([])).is_err());
    assert!(Task::from_document(&json!({"progressPercent": 3})).is_err());
    assert!(Task::from_document(&json!({"status": "COMPLETED", "output": {"hops": "x"}})).is_err());
}

#[test]
fn rtt_accepts_every_form_seen_and_refuses_nonsense() {
    let cases = [
        (json!("1 ms"), Some(1.0)),
        (json!("0.529ms"), Some(0.529)),
        (json!("33.799 ms"), Some(33.799)),
        (json!("2 MS"), Some(2.0)),
        (json!(1.5), Some(1.5)),
        (json!(3), Some(3.0)),
        (json!("*"), None),
        (json!("inf ms"), None),
        (json!("-1 ms"), None),
        (json!(null), None),
        (json!("ms"), None),
    ];
    for (value, expected) in cases {
        assert_eq!(rtt(&value), expected, "{value}");
    }
}

#[test]
fn addresses_may_carry_an_ipv6_zone() {
    assert!(address("fe80::1%en0").is_some());
    assert!(address("2001:db8::1").is_some());
    assert!(address("10.0.0.1%eth0").is_none());
    assert!(address("fe80::1%").is_none());
    assert!(address("gw.example").is_none());
}

#[test]
fn hops_are_sorted_and_a_number_listed_twice_is_one_hop() {
    let doc = json!({"status": "COMPLETED", "output": {"hops": [
        {"hop": "3", "probes": [{"ipAddress": "192.0.2.3", "responseTimeMilliseconds": "3 ms"}]},
        {"hop": "1", "probes": [{"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "1 ms"}]},
        {"hop": "x", "probes": []},
        {"hop": "3", "probes": [{"ipAddress": "192.0.2.4", "responseTimeMilliseconds": "4 ms"}]}
    ]}});
    let task = Task::from_document(&doc).unwrap();
    let numbers: Vec<Option<u32>> = task.hops.iter().map(|h| h.number).collect();
    assert_eq!(numbers, [Some(1), Some(3), None]);
    assert_eq!(task.hops[1].probes.len(), 2);
}

#[test]
fn absurd_and_unreadable_times_are_answers_without_a_time() {
    for value in [
        json!(-3),
        json!(1e308),
        json!("fast"),
        json!("-1 ms"),
        json!(3_600_001),
    ] {
        let doc = json!({"status": "COMPLETED", "output": {"hops": [{"hop": "1", "probes": [
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": value}]}]}});
        let probe = Task::from_document(&doc).unwrap().hops[0].probes[0].clone();
        assert_eq!(
            (probe.rtt_ms, probe.rtt_unreadable),
            (None, true),
            "{value}"
        );
    }
    let star = json!({"status": "COMPLETED", "output": {"hops": [{"hop": "1", "probes": [
        {"ipAddress": "null", "responseTimeMilliseconds": "*"}]}]}});
    let probe = Task::from_document(&star).unwrap().hops[0].probes[0].clone();
    assert!(!probe.rtt_unreadable && !probe.answered());
}

#[test]
fn a_fail_reason_of_any_type_is_kept_as_compact_text() {
    for (value, expected) in [
        (json!("timed out"), Some("timed out")),
        (
            json!({"code": 7, "why": ["a", "b"]}),
            Some(r#"{"code":7,"why":["a","b"]}"#),
        ),
        (json!(42), Some("42")),
        (json!(null), None),
    ] {
        let doc = json!({"status": "FAILED", "failReason": value});
        let task = Task::from_document(&doc).unwrap();
        assert_eq!(task.fail_reason.as_deref(), expected);
    }
}

#[test]
fn hop_numbers_are_read_however_they_are_spelled_or_not_at_all() {
    let hops: Vec<_> = [
        json!("1.0"),
        json!("02"),
        json!(3.0),
        json!(" 4 "),
        json!("1.5"),
        json!(-1),
        json!("1e3"),
        json!(999),
    ]
    .into_iter()
    .map(|hop| json!({"hop": hop, "probes": []}))
    .collect();
    let doc = json!({"status": "COMPLETED", "output": {"hops": hops}});
    let task = Task::from_document(&doc).unwrap();
    let numbers: Vec<Option<u32>> = task.hops.iter().map(|h| h.number).collect();
    assert_eq!(
        numbers,
        [Some(1), Some(2), Some(3), Some(4), None, None, None, None]
    );
    assert_eq!(task.hops[4].label(), "?");
}

#[test]
fn a_document_with_a_key_added_keeps_its_own_keys_and_raw_text_first() {
    let sent = json!({"status": "COMPLETED", "rawOutput": "text", "output": null});
    let fetched = Fetched::from_document(sent.clone()).unwrap();
    let extra = json!({"count": 3});
    let text = serde_json::to_string(&fetched.document().with("hopPings", &extra)).unwrap();
    assert_eq!(
        text,
        r#"{"status":"COMPLETED","rawOutput":"text","output":null,"hopPings":{"count":3}}"#
    );
    assert_eq!(fetched.document().to_value(), sent);
}

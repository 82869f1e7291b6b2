//! Each check passing and failing on the reference task, with the line it prints.

use super::*;
use crate::task::Task;

fn path(name: &str) -> Path {
    let file = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let document = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    Path::of(&Task::from_document(&document).unwrap())
}

fn via(text: &str) -> Via {
    Via::parse(text).unwrap()
}

#[test]
fn the_issue_example_passes_on_the_reference_task() {
    let checks = Checks {
        reach: true,
        via: vec![via("10.186.128.0/24")],
        max_rtt_ms: Some(5.0),
        max_loss: Some(0.0),
        max_jitter_ms: None,
        path: Some(Baseline {
            name: "week.json".into(),
            traces: vec![Saved {
                serial: None,
                path: path("seed-completed"),
            }],
            per_device: false,
            unusable: Vec::new(),
            others: Vec::new(),
        }),
    };
    assert_eq!(
        checks.failures(&path("seed-completed"), None),
        Vec::<String>::new()
    );
    assert!(!checks.is_empty() && Checks::default().is_empty());
}

#[test]
fn every_failing_check_says_what_was_expected_and_seen_without_short_circuit() {
    let checks = Checks {
        reach: true,
        via: vec![via("10.9.0.0/16"), via("HUB.example"), via("10.97.118.2")],
        max_rtt_ms: Some(0.5),
        max_loss: Some(10.0),
        max_jitter_ms: None,
        path: Some(Baseline {
            name: "week.json".into(),
            traces: vec![Saved {
                serial: None,
                path: path("seed-changed"),
            }],
            per_device: false,
            unusable: Vec::new(),
            others: Vec::new(),
        }),
    };
    assert_eq!(
        checks.failures(&path("seed-completed"), None),
        [
            "no hop answered from 10.9.0.0/16 (--expect-via)",
            "no hop answered from HUB.example (--expect-via)",
            "average round-trip time to 10.186.172.153 is 0.7 ms, over --max-rtt 0.5 ms",
            "the path differs from week.json: hop 4 was 10.186.130.9, now 10.186.128.6 or 10.186.128.4",
        ]
    );
}

#[test]
fn an_unreached_destination_fails_reach_rtt_and_loss() {
    let checks = Checks {
        reach: true,
        max_rtt_ms: Some(40.0),
        max_loss: Some(5.0),
        ..Checks::default()
    };
    let unreached = "not reached 10.186.172.153; last answer from 10.97.112.1 at hop 2";
    assert_eq!(
        checks.failures(&path("seed-unreached"), None),
        [
            unreached.to_owned(),
            format!("--max-rtt 40.0 ms: {unreached}"),
            format!("--max-loss 5%: {unreached}"),
        ]
    );
}

#[test]
fn loss_at_the_destination_hop_is_measured() {
    let document = serde_json::json!({"status": "COMPLETED", "output": {"destination": "192.0.2.9",
        "hops": [{"hop": "1", "probes": [
            {"ipAddress": "192.0.2.9", "responseTimeMilliseconds": "1 ms"},
            {"ipAddress": "null", "responseTimeMilliseconds": "*"}]}]}});
    let path = Path::of(&Task::from_document(&document).unwrap());
    let checks = |limit| Checks {
        max_loss: Some(limit),
        ..Checks::default()
    };
    assert!(checks(50.0).failures(&path, None).is_empty());
    assert_eq!(
        checks(10.0).failures(&path, None),
        ["loss at 192.0.2.9 (hop 1) is 50.0%, over --max-loss 10%"]
    );
}

#[test]
fn via_takes_addresses_networks_and_names() {
    assert_eq!(
        via("10.1.2.3/8"),
        Via::Network("10.0.0.0/8".parse().unwrap())
    );
    assert_eq!(
        via("2001:db8::1"),
        Via::Address("2001:db8::1".parse().unwrap())
    );
    assert_eq!(via("hub-1.example"), Via::Name("hub-1.example".into()));
    for bad in ["", "10.0.0.0/33", "a b", "x/y", "hub\u{1b}"] {
        assert!(Via::parse(bad).is_err(), "{bad:?}");
    }
    let named = serde_json::json!({"status": "COMPLETED", "rawOutput":
        " 1  Hub1.Example (10.0.0.1)  1 ms\n"});
    let path = Path::of(&Task::from_document(&named).unwrap());
    let checks = Checks {
        via: vec![via("hub1.example"), via("10.0.0.1")],
        ..Checks::default()
    };
    assert!(checks.failures(&path, None).is_empty());
}

#[test]
fn a_mistyped_address_is_refused_and_a_trailing_dot_still_matches() {
    for typo in ["10.186.172", "10.186.172.1.5", "300.1.1.1", "10.0.0/8"] {
        let err = Via::parse(typo).unwrap_err();
        assert!(
            err.contains("looks like an address but is not one"),
            "{typo}: {err}"
        );
    }
    let name = via("Hub1.Example.");
    assert!(name.matches(None, Some("hub1.example")));
    assert!(via("hub1.example").matches(None, Some("HUB1.example.")));
    assert!(!name.matches(None, Some("hub2.example")));
}

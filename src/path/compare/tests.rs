//! The "same path" rule on the reference task and its variants in `tests/fixtures`.

use super::*;
use crate::task::Task;

fn path(name: &str) -> Path {
    let file = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let document = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    Path::of(&Task::from_document(&document).unwrap())
}

fn changes(comparison: &Comparison) -> Vec<Change> {
    comparison.hops.iter().map(|h| h.change).collect()
}

#[test]
fn a_path_is_the_same_as_itself() {
    let seed = path("seed-completed");
    let comparison = compare(&seed, &seed, 20.0);
    assert!(comparison.same);
    assert_eq!(changes(&comparison), [Change::Same; 5]);
    assert!(comparison.hops.iter().all(|h| !h.rtt_moved));
}

#[test]
fn ecmp_alternation_is_not_change_but_a_slower_hop_is_shown() {
    let comparison = compare(&path("seed-completed"), &path("seed-ecmp-alternate"), 20.0);
    assert!(comparison.same, "{:?}", comparison.differences);
    assert_eq!(comparison.hops[3].new, ["10.186.128.4"]);
    assert!(comparison.hops[1].rtt_moved);
    assert!(
        !compare(&path("seed-completed"), &path("seed-ecmp-alternate"), 40.0).hops[1].rtt_moved
    );
}

#[test]
fn a_hop_with_no_responder_in_common_changes_the_path() {
    let comparison = compare(&path("seed-completed"), &path("seed-changed"), 20.0);
    assert!(!comparison.same);
    assert_eq!(comparison.hops[3].change, Change::Changed);
    assert_eq!(
        comparison.differences,
        ["hop 4 was 10.186.128.6 or 10.186.128.4, now 10.186.130.9"]
    );
}

#[test]
fn a_shorter_unreached_path_differs_in_length_and_verdict() {
    let comparison = compare(&path("seed-completed"), &path("seed-unreached"), 20.0);
    assert_eq!(
        comparison.differences,
        ["5 hops before, 2 now", "reached before, not reached now"]
    );
    assert_eq!(
        changes(&comparison),
        [
            Change::Same,
            Change::Same,
            Change::Gone,
            Change::Gone,
            Change::Gone
        ]
    );
    let back = compare(&path("seed-unreached"), &path("seed-completed"), 20.0);
    assert_eq!(back.hops[4].change, Change::New);
}

fn seed_document() -> serde_json::Value {
    let file = format!(
        "{}/tests/fixtures/seed-completed.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn of(document: &serde_json::Value) -> Path {
    Path::of(&Task::from_document(document).unwrap())
}

#[test]
fn a_hop_only_one_side_recovered_from_raw_output_is_neither_new_nor_gone() {
    let mut bare = seed_document();
    bare["rawOutput"] = serde_json::Value::Null;
    let comparison = compare(&path("seed-completed"), &of(&bare), 20.0);
    assert!(comparison.same, "{:?}", comparison.differences);
    assert_eq!(changes(&comparison), [Change::Same; 5]);
    assert!(compare(&of(&bare), &path("seed-completed"), 20.0).same);
}

#[test]
fn reached_unknown_on_one_side_is_no_change_by_itself() {
    let mut unknown = seed_document();
    unknown["output"]["destination"] = "db.example".into();
    unknown["rawOutput"] = serde_json::Value::Null;
    assert_eq!(of(&unknown).reach().reached(), None);
    let mut known = unknown.clone();
    known["output"]["resolvedIp"] = "10.186.172.153".into();
    let comparison = compare(&of(&known), &of(&unknown), 20.0);
    assert!(comparison.same, "{:?}", comparison.differences);
}

#[test]
fn another_destination_is_a_different_path_naming_both() {
    let mut elsewhere = seed_document();
    elsewhere["output"]["destination"] = "8.8.8.8".into();
    elsewhere["rawOutput"] = serde_json::Value::Null;
    let comparison = compare(&path("seed-completed"), &of(&elsewhere), 20.0);
    assert!(!comparison.same);
    assert_eq!(
        comparison.differences[0],
        "traced to blrubshared-pdash.arubacorp.net (10.186.172.153) before, to 8.8.8.8 now"
    );
    // The same place by another spelling is the same destination.
    let mut spelled = seed_document();
    spelled["output"]["destination"] = "BLRUBSHARED-PDASH.arubacorp.net.".into();
    assert!(compare(&path("seed-completed"), &of(&spelled), 20.0).same);
    let mut by_address = seed_document();
    by_address["output"]["destination"] = "10.186.172.153".into();
    assert!(compare(&path("seed-completed"), &of(&by_address), 20.0).same);
}

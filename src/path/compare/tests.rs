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

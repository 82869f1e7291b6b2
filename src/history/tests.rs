//! The history file on the reference trace and its variants: recorded once per task id,
//! listed newest first, read back, pruned; fingerprints that ignore ECMP order.

use super::*;
use crate::task::Fetched;

fn fetched(name: &str) -> Fetched {
    let file = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let document = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    Fetched::from_document(document).unwrap()
}

fn source<'a>(serial: &'a str, task_id: &'a str) -> Source<'a> {
    Source {
        profile: "default",
        device: "gateway",
        serial,
        task_id,
    }
}

#[test]
fn a_trace_is_recorded_once_per_task_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::open(&dir.path().join("h/history.sqlite")).unwrap();
    let seed = fetched("seed-completed");
    let path = Path::of(&seed.task);
    assert!(history
        .record(&source("CN1", "T1"), &seed, Some(&path))
        .unwrap());
    assert!(!history
        .record(&source("CN1", "T1"), &seed, Some(&path))
        .unwrap());
    let entries = history.list(&Query::default()).unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.status, "COMPLETED");
    assert_eq!(entry.hops, Some(5));
    assert_eq!(entry.reached, Some(true));
    assert_eq!(
        entry.destination.as_deref(),
        Some("blrubshared-pdash.arubacorp.net")
    );
    let (_, document) = history.get(entry.id).unwrap().unwrap();
    let back: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(back, seed.document().to_value());
    assert!(history.get(999).unwrap().is_none());
}

#[test]
fn listing_filters_orders_and_prunes() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::open(&dir.path().join("history.sqlite")).unwrap();
    let seed = fetched("seed-completed");
    let failed = fetched("failed");
    history
        .record(&source("CN1", "T1"), &seed, Some(&Path::of(&seed.task)))
        .unwrap();
    history.record(&source("CN2", "T2"), &failed, None).unwrap();
    history
        .record(&source("CN1", "T3"), &seed, Some(&Path::of(&seed.task)))
        .unwrap();
    let all = history.list(&Query::default()).unwrap();
    let ids: Vec<&str> = all.iter().map(|e| e.task_id.as_str()).collect();
    assert_eq!(ids, ["T3", "T2", "T1"]);
    let cn1 = Query {
        serial: Some("cn1".into()),
        limit: Some(1),
        ..Query::default()
    };
    assert_eq!(history.list(&cn1).unwrap()[0].task_id, "T3");
    let completed = Query {
        completed_only: true,
        ..Query::default()
    };
    assert_eq!(history.list(&completed).unwrap().len(), 2);
    assert_eq!(history.prune(unix(SystemTime::now()) + 10).unwrap(), 3);
    assert!(history.list(&Query::default()).unwrap().is_empty());
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite");
    std::fs::write(
        &file,
        "this is not a database, just text that is long enough ".repeat(40),
    )
    .unwrap();
    let err = History::open(&file).err().unwrap();
    assert!(err.contains("not a database"), "{err}");
}

#[test]
fn fingerprints_ignore_ecmp_order_and_see_a_changed_hop() {
    let of = |name: &str| fingerprint(&Path::of(&fetched(name).task));
    let seed = of("seed-completed");
    assert_eq!(seed.len(), 16);
    assert_eq!(seed, of("seed-completed"));
    assert_ne!(seed, of("seed-changed"));
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/fixtures/seed-completed.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    // The ECMP hop answered by its two routers in the other order.
    let raw = doc["rawOutput"].as_str().unwrap().replace(
        "10.186.128.6          1 ms10.186.128.4",
        "10.186.128.4          1 ms10.186.128.6",
    );
    doc["rawOutput"] = raw.into();
    let swapped = Fetched::from_document(doc).unwrap();
    assert_eq!(fingerprint(&Path::of(&swapped.task)), seed);
}

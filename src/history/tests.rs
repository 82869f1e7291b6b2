//! The history file on the reference trace and its variants: recorded once per task id,
//! listed newest first, scoped by profile and Central, read back, pruned, migrated; every
//! query served by an index; the errors a caller tells apart.

use std::time::Duration;

use super::*;
use crate::ids::Test;
use crate::path::identity::fingerprint;
use crate::path::Path;
use crate::task::Fetched;

pub(super) const WAIT: Duration = Duration::from_millis(200);

pub(super) fn fetched(name: &str) -> Fetched {
    let file = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let document = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    Fetched::from_document(document).unwrap()
}

pub(super) fn scope(profile: &str, base_url: &str) -> Scope {
    Scope {
        profile: profile.into(),
        base_url: base_url.into(),
    }
}

pub(super) fn prod() -> Scope {
    scope("default", "https://us4.api.central.arubanetworks.com/")
}

/// Records `name` for `serial` as task `task_id` at `at`, to `destination`.
pub(super) fn record(
    history: &mut History,
    scope: &Scope,
    serial: &str,
    task_id: &str,
    at: i64,
) -> bool {
    record_doc(history, scope, serial, task_id, at, "seed-completed")
}

pub(super) fn record_doc(
    history: &mut History,
    scope: &Scope,
    serial: &str,
    task_id: &str,
    at: i64,
    name: &str,
) -> bool {
    let fetched = fetched(name);
    let source = Source {
        scope,
        device: "gateway",
        serial,
        task_id,
        destination: Some("10.20.0.1"),
        recorded_at: at,
        test: Test::Traceroute,
    };
    let row = Row::of(&source, &fetched, None).unwrap();
    history.insert(&[row]).unwrap() == 1
}

pub(super) fn open(dir: &tempfile::TempDir) -> History {
    History::open(&dir.path().join("h/history.sqlite"), WAIT).unwrap()
}

#[test]
fn a_trace_is_recorded_once_per_task_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    assert!(record(&mut history, &prod(), "cn1", "T1", 100));
    assert!(!record(&mut history, &prod(), "CN1", "T1", 101));
    let entries = history.list(&Query::default()).unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.serial, "CN1", "serials are kept in one case");
    assert_eq!(entry.status, "COMPLETED");
    assert_eq!(entry.hops, Some(5));
    assert_eq!(entry.reached, Some(true));
    assert_eq!(entry.destination.as_deref(), Some("10.20.0.1"));
    assert_eq!(entry.base_url.as_deref(), Some(prod().base_url.as_str()));
    let (_, document) = history.get(entry.id).unwrap().unwrap();
    let back: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(back, fetched("seed-completed").document().to_value());
    assert!(history.get(999).unwrap().is_none());
}

#[test]
fn a_seed_document_is_stored_in_under_a_third_of_its_size() {
    let seed = fetched("seed-completed");
    let compact = serde_json::to_vec(&seed.document()).unwrap().len();
    let stored = store::encode(&seed).unwrap().len();
    assert!(stored * 3 < compact, "{stored} bytes stored of {compact}");
}

#[test]
fn listing_filters_orders_and_prunes() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    record(&mut history, &prod(), "CN1", "T1", 100);
    record_doc(&mut history, &prod(), "CN2", "T2", 200, "failed");
    record(&mut history, &prod(), "CN1", "T3", 300);
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
    let since = Query {
        since: Some(200),
        ..Query::default()
    };
    assert_eq!(history.list(&since).unwrap().len(), 2);
    let previous = history.previous(&all[0]).unwrap().unwrap();
    assert_eq!(previous.task_id, "T1");
    assert_eq!(history.prune(250).unwrap(), 2);
    let left: Vec<String> = history
        .list(&Query::default())
        .unwrap()
        .into_iter()
        .map(|e| e.task_id)
        .collect();
    assert_eq!(left, ["T3"]);
}

#[test]
fn baselines_come_only_from_the_same_profile_and_central() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    let sim = scope("default", "http://127.0.0.1:8080/");
    record(&mut history, &prod(), "CN1", "P1", 100);
    record(&mut history, &sim, "CN1", "S1", 200);
    record(
        &mut history,
        &scope("lab", &prod().base_url),
        "CN1",
        "L1",
        300,
    );
    let serials = ["CN1".to_owned()];
    let latest = history.latest(&prod(), &serials, None, 2).unwrap();
    let ids: Vec<&str> = latest["CN1"].iter().map(|e| e.task_id.as_str()).collect();
    assert_eq!(ids, ["P1"]);
    let latest = history
        .latest(&sim, &serials, Some("10.20.0.1"), 1)
        .unwrap();
    assert_eq!(latest["CN1"][0].task_id, "S1");
    let elsewhere = history.latest(&sim, &serials, Some("10.9.9.9"), 1).unwrap();
    assert!(elsewhere.is_empty());
    // The change mark compares within one scope too.
    let lab = history.list(&Query::default()).unwrap();
    assert_eq!(lab[0].task_id, "L1");
    assert!(history.previous(&lab[0]).unwrap().is_none());
}

#[test]
fn the_newest_traces_of_many_devices_are_one_query() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    for device in 0..30 {
        for round in 0..3 {
            let serial = format!("CN{device}");
            let at = 1000 + round;
            record(
                &mut history,
                &prod(),
                &serial,
                &format!("{serial}-{round}"),
                at,
            );
        }
    }
    history.plans.borrow_mut().clear();
    let serials: Vec<String> = (0..30).map(|d| format!("cn{d}")).collect();
    let latest = history.latest(&prod(), &serials, None, 2).unwrap();
    assert_eq!(history.plans.borrow().len(), 1, "one query for all devices");
    assert_eq!(latest.len(), 30);
    let prev: Vec<&str> = latest["CN7"].iter().map(|e| e.task_id.as_str()).collect();
    assert_eq!(prev, ["CN7-2", "CN7-1"]);
}

#[test]
fn every_query_is_served_by_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    for n in 0..50 {
        record(
            &mut history,
            &prod(),
            &format!("CN{}", n % 5),
            &format!("T{n}"),
            n,
        );
    }
    // Statistics as a year of traces would give them: the planner must still pick indexes.
    history.connection.execute_batch("ANALYZE").unwrap();
    let one = history.list(&Query::default()).unwrap()[0].clone();
    for query in [
        Query::default(),
        Query {
            since: Some(10),
            completed_only: true,
            limit: Some(20),
            ..Query::default()
        },
        Query {
            serial: Some("cn1".into()),
            limit: Some(20),
            ..Query::default()
        },
        Query {
            destination: Some("10.20.0.1".into()),
            since: Some(5),
            ..Query::default()
        },
        Query {
            scope: Some(prod()),
            serial: Some("CN2".into()),
            destination: Some("10.20.0.1".into()),
            completed_only: true,
            limit: Some(2),
            ..Query::default()
        },
    ] {
        history.list(&query).unwrap();
        history.for_each(&query, |_, _| Ok(true)).unwrap();
    }
    history.previous(&one).unwrap();
    history.get(one.id).unwrap();
    history
        .latest(&prod(), &["CN1".into(), "CN2".into()], Some("10.20.0.1"), 1)
        .unwrap();
    history.prune(10).unwrap();
    history.retain(3600, 100_000).unwrap();
    record(&mut history, &prod(), "CN9", "T-last", 99);
    let plans = history.plans.borrow();
    assert!(plans.len() > 15, "{plans:#?}");
    for plan in plans.iter() {
        let (_, how) = plan.split_once("\n  -> ").unwrap();
        for step in how.split("; ") {
            let of_traces =
                step == "SCAN t" || step.starts_with("SCAN t ") || step.starts_with("SCAN traces");
            let full_scan = of_traces && !step.contains("USING");
            assert!(!full_scan, "a scan of traces:\n{plan}");
            assert!(!step.contains("TEMP B-TREE"), "a sort:\n{plan}");
        }
    }
}

#[test]
fn retention_deletes_old_traces_at_most_hourly() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    record(&mut history, &prod(), "CN1", "OLD", 1_000);
    record(&mut history, &prod(), "CN1", "NEW", 90_000);
    assert_eq!(history.retain(86_400, 100_000).unwrap(), 1);
    record(&mut history, &prod(), "CN1", "OLD2", 1_000);
    assert_eq!(
        history.retain(86_400, 100_100).unwrap(),
        0,
        "within the hour"
    );
    assert_eq!(history.retain(86_400, 103_700).unwrap(), 1, "an hour later");
}

#[test]
fn a_long_backlog_is_retained_a_small_batch_a_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    let seed = fetched("seed-completed");
    let rows: Vec<Row> = (0..250)
        .map(|n| {
            let task_id = format!("OLD{n}");
            let source = Source {
                scope: &prod(),
                device: "gateway",
                serial: "CN1",
                task_id: &task_id,
                destination: None,
                recorded_at: 1_000 + n / 10,
                test: Test::Traceroute,
            };
            Row::of(&source, &seed, None).unwrap()
        })
        .collect();
    history.insert(&rows).unwrap();
    record(&mut history, &prod(), "CN1", "NEW", 99_000);
    let calls: Vec<usize> = (0..4)
        .map(|_| history.retain(3_600, 100_000).unwrap())
        .collect();
    assert_eq!(calls, [101, 101, 48, 0], "then done for the hour");
    let left = history.list(&Query::default()).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].task_id, "NEW");
}

#[test]
fn pruning_gives_the_space_back_to_the_file_system() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    let seed = fetched("seed-completed");
    let rows: Vec<Row> = (0..4000)
        .map(|n| {
            let serial = format!("CN{}", n % 40);
            let task_id = format!("T{n}");
            let source = Source {
                scope: &prod(),
                device: "gateway",
                serial: &serial,
                task_id: &task_id,
                destination: None,
                recorded_at: n,
                test: Test::Traceroute,
            };
            Row::of(&source, &seed, None).unwrap()
        })
        .collect();
    history.insert(&rows).unwrap();
    history
        .connection
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let file = dir.path().join("h/history.sqlite");
    let size = || std::fs::metadata(&file).unwrap().len();
    let before = size();
    let vacuum: i64 = history
        .connection
        .query_row("PRAGMA auto_vacuum", [], |r| r.get(0))
        .unwrap();
    assert_eq!(vacuum, 2, "incremental vacuum is on");
    assert!(before / 4000 < 1024, "{} bytes a trace", before / 4000);
    assert_eq!(history.prune(2000).unwrap(), 2000);
    let after = size();
    assert!(after * 10 < before * 6, "{before} → {after} bytes");
}

#[test]
fn an_export_line_imports_as_the_same_trace() {
    let dir = tempfile::tempdir().unwrap();
    let mut history = open(&dir);
    record(&mut history, &prod(), "CN1", "T1", 1_700_000_000);
    let entry = history.list(&Query::default()).unwrap().remove(0);
    let (_, document) = history.get(entry.id).unwrap().unwrap();
    let line = transfer::export_line(&entry, &document).unwrap();
    let defaults = transfer::Defaults {
        profile: "default",
        base_url: None,
        device: "ap",
        serial: None,
        now: 0,
    };
    let value = serde_json::from_str(&line).unwrap();
    let transfer::Line::Trace(row, id) = transfer::import_line(value, &defaults).unwrap() else {
        panic!("no trace");
    };
    assert_eq!(id, Some(entry.id));
    assert_eq!(row.recorded_at, 1_700_000_000);
    assert_eq!(row.base_url, prod().base_url);
    assert_eq!(row.device, "gateway");
    assert_eq!(row.task_id, "T1");
    // Something that is no task document says so first.
    let odd = serde_json::json!({"nope": 1});
    let err = transfer::import_line(odd, &defaults).err().unwrap();
    assert!(err.starts_with("it is not a task document"), "{err}");
    // A task document alone needs a serial, and takes its time from the document.
    let alone = serde_json::from_str(&document).unwrap();
    let err = transfer::import_line(alone, &defaults).err().unwrap();
    assert!(err.contains("--serial"), "{err}");
    let with_serial = transfer::Defaults {
        serial: Some("CN2"),
        base_url: Some("https://x.example/"),
        ..defaults
    };
    let alone = serde_json::from_str(&document).unwrap();
    let transfer::Line::Trace(row, _) = transfer::import_line(alone, &with_serial).unwrap() else {
        panic!("no trace");
    };
    assert_eq!(row.serial, "CN2");
    assert!(row.task_id.starts_with("import-"));
    assert_eq!(row.recorded_at, 1_747_827_571, "the document's endTime");
}

#[test]
fn the_seed_fingerprint_is_pinned() {
    // Changing how paths are identified changes every stored fingerprint: a migration.
    let seed = fingerprint(&Path::of(&fetched("seed-completed").task));
    assert_eq!(seed, "0f068304bc66778e");
}

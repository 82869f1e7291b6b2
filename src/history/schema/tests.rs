//! The schema's edges: a file that is no database, one from a newer gwtrace, a migration
//! that meets another writer, and a version 1 file migrated with every trace.

use rusqlite::Connection;

use super::super::tests::{fetched, prod, record, WAIT};
use super::super::*;
use crate::path::identity::fingerprint;
use crate::path::Path;
use crate::task::Fetched;

#[test]
fn a_file_that_is_not_a_database_is_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite");
    std::fs::write(&file, "this is not a database, just text ".repeat(40)).unwrap();
    let err = History::open(&file, WAIT).err().unwrap();
    assert!(matches!(err, HistoryError::Corrupt(_)), "{err:?}");
    assert!(err.to_string().contains("move it aside"), "{err}");
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite");
    Connection::open(&file)
        .unwrap()
        .execute_batch("CREATE TABLE future (x); PRAGMA user_version = 7;")
        .unwrap();
    let err = History::open(&file, WAIT).err().unwrap();
    assert!(
        matches!(err, HistoryError::Newer { found: 7, known: 3 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("upgrade gwtrace"), "{err}");
    let version: i64 = Connection::open(&file)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 7);
}

#[test]
fn a_migration_waits_for_a_writer_then_says_busy() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite");
    // Another process holds a write transaction on a file not yet migrated.
    let other = Connection::open(&file).unwrap();
    other
        .execute_batch("PRAGMA journal_mode = WAL; BEGIN IMMEDIATE; CREATE TABLE x (y);")
        .unwrap();
    let err = History::open(&file, WAIT).err().unwrap();
    assert!(matches!(err, HistoryError::Busy), "{err:?}");
    other.execute_batch("ROLLBACK").unwrap();
    let mut history = History::open(&file, WAIT).unwrap();
    assert!(record(&mut history, &prod(), "CN1", "T1", 1));
    // A second open of the migrated file writes nothing, so a writer does not stop it.
    other
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE z (y);")
        .unwrap();
    let reader = History::open(&file, WAIT).unwrap();
    assert_eq!(reader.list(&Query::default()).unwrap().len(), 1);
}

#[test]
fn a_version_1_file_is_migrated_with_every_trace() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite");
    let seed = std::fs::read_to_string(format!(
        "{}/tests/fixtures/seed-completed.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let old = Connection::open(&file).unwrap();
    old.execute_batch(
        "CREATE TABLE traces (id INTEGER PRIMARY KEY, task_id TEXT NOT NULL UNIQUE,
            profile TEXT NOT NULL, device TEXT NOT NULL, serial TEXT NOT NULL,
            destination TEXT, start_time TEXT, end_time TEXT, recorded_at INTEGER NOT NULL,
            status TEXT NOT NULL, hops INTEGER, reached INTEGER, avg_ms REAL,
            fingerprint TEXT, document TEXT NOT NULL);
         CREATE INDEX traces_by_device ON traces (serial, destination, recorded_at);
         PRAGMA user_version = 1;",
    )
    .unwrap();
    for (id, serial) in [(3, "cn1"), (8, "CN1")] {
        old.execute(
            "INSERT INTO traces (id, task_id, profile, device, serial, destination,
                recorded_at, status, fingerprint, document)
             VALUES (?1, ?2, 'default', 'gateway', ?3, 'x.example', ?1, 'COMPLETED', 'old', ?4)",
            rusqlite::params![id, format!("T{id}"), serial, seed.as_bytes()],
        )
        .unwrap();
    }
    drop(old);
    let history = History::open(&file, WAIT).unwrap();
    let entries = history.list(&Query::default()).unwrap();
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, [8, 3]);
    let seed_print = fingerprint(&Path::of(&fetched("seed-completed").task));
    for entry in &entries {
        assert_eq!(entry.serial, "CN1");
        assert_eq!(entry.base_url, None);
        assert_eq!(entry.fingerprint.as_deref(), Some(seed_print.as_str()));
        assert_eq!(entry.hops, Some(5));
    }
    assert_eq!(history.previous(&entries[0]).unwrap().unwrap().id, 3);
    let (_, document) = history.get(3).unwrap().unwrap();
    let back: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(&seed).unwrap()
    );
    let vacuum: i64 = history
        .connection
        .query_row("PRAGMA auto_vacuum", [], |r| r.get(0))
        .unwrap();
    assert_eq!(vacuum, 2, "incremental vacuum turned on");
    // Legacy traces are nobody's baseline.
    let latest = history.latest(&prod(), &["CN1".into()], None, 1).unwrap();
    assert!(latest.is_empty());
}

#[test]
fn a_version_2_file_keeps_its_traces_and_targets_and_then_takes_pings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite");
    // The version 2 schema, as gwtrace 0.1 made it before pings were recorded.
    let old = Connection::open(&file).unwrap();
    old.execute_batch(
        "CREATE TABLE targets (id INTEGER PRIMARY KEY, profile TEXT NOT NULL,
            base_url TEXT NOT NULL, serial TEXT NOT NULL, dest_key TEXT NOT NULL,
            device TEXT NOT NULL, destination TEXT,
            UNIQUE (profile, base_url, serial, dest_key, device));
         CREATE INDEX targets_by_serial ON targets (serial, dest_key);
         CREATE TABLE traces (id INTEGER PRIMARY KEY, target INTEGER NOT NULL REFERENCES targets (id),
            recorded_at INTEGER NOT NULL, task_id TEXT NOT NULL, status TEXT NOT NULL,
            hops INTEGER, reached INTEGER, avg_ms REAL, fingerprint INTEGER,
            document BLOB NOT NULL);
         CREATE UNIQUE INDEX traces_by_task ON traces (task_id);
         CREATE INDEX traces_by_target ON traces (target, recorded_at);
         CREATE INDEX traces_by_time ON traces (recorded_at);
         CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID;
         PRAGMA user_version = 2;",
    )
    .unwrap();
    let seed = fetched("seed-completed");
    let document = super::super::store::encode(&seed).unwrap();
    old.execute(
        "INSERT INTO targets (id, profile, base_url, serial, dest_key, device, destination)
         VALUES (5, ?1, ?2, 'CN1', 'ip:10.20.0.1', 'gateway', '10.20.0.1')",
        rusqlite::params![prod().profile, prod().base_url],
    )
    .unwrap();
    old.execute(
        "INSERT INTO traces (id, target, recorded_at, task_id, status, hops, fingerprint,
            document) VALUES (9, 5, 100, 'T9', 'COMPLETED', 5, 1, ?1)",
        [document],
    )
    .unwrap();
    drop(old);
    let mut history = History::open(&file, WAIT).unwrap();
    let entries = history.list(&Query::default()).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].id, entries[0].target), (9, 5));
    assert_eq!(entries[0].test, "traceroute");
    let traces: String = history
        .connection
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'traces'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(traces.contains("REFERENCES targets (id)"), "{traces}");
    let broken: i64 = history
        .connection
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    // A ping to the same destination is a target of its own, and never a baseline.
    let ping = Fetched::from_document(serde_json::json!({"status": "COMPLETED",
        "output": {"destination": "10.20.0.1", "transmittedPacketsCount": "2",
                   "replies": [{"sentPacketIcmpSequenceNumber": "1",
                                "sentPacketTimeMilliseconds": "1.5"}]}}))
    .unwrap();
    let source = Source {
        scope: &prod(),
        device: "cx",
        serial: "CN1",
        task_id: "P1",
        destination: Some("10.20.0.1"),
        recorded_at: 200,
        test: crate::ids::Test::Ping,
    };
    let row = Row::of(&source, &ping, None).unwrap();
    assert_eq!(
        (row.reached, row.avg_ms, row.hops),
        (Some(true), Some(1.5), None)
    );
    assert_eq!(history.insert(&[row]).unwrap(), 1);
    let pings = Query {
        test: Some(crate::ids::Test::Ping),
        ..Query::default()
    };
    let listed = history.list(&pings).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].task_id.as_str(), listed[0].test.as_str()),
        ("P1", "ping")
    );
    let latest = history.latest(&prod(), &["CN1".into()], None, 1).unwrap();
    assert_eq!(latest["CN1"][0].task_id, "T9");
}

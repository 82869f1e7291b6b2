//! The schema's edges: a file that is no database, one from a newer gwtrace, a migration
//! that meets another writer, and a version 1 file migrated with every trace.

use rusqlite::Connection;

use super::super::tests::{fetched, prod, record, WAIT};
use super::super::*;
use crate::path::identity::fingerprint;
use crate::path::Path;

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
        matches!(err, HistoryError::Newer { found: 7, known: 2 }),
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

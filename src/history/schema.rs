//! The history's schema and its migrations (`PRAGMA user_version`): a new file is made at the
//! current version; a version 1 file (one wide row per trace, the document as text) is
//! rewritten row by row into targets and compressed traces, its fingerprints recomputed by
//! today's rule.

use rusqlite::{params, Connection, TransactionBehavior};

use super::error::{HistoryError, Result};
use super::store::Row;
use super::Scope;
use crate::task::Fetched;

/// The schema this gwtrace writes.
pub const VERSION: usize = 3;

const TABLES: &str = "
    CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        base_url TEXT NOT NULL,      -- '' for traces recorded before it was kept
        serial TEXT NOT NULL,        -- upper case
        dest_key TEXT NOT NULL,      -- history::destination_key
        device TEXT NOT NULL,
        destination TEXT,            -- as first asked
        test TEXT NOT NULL DEFAULT 'traceroute',  -- ids::Test::segment
        UNIQUE (profile, base_url, serial, dest_key, device, test)
    );
    CREATE INDEX targets_by_serial ON targets (serial, dest_key);
    CREATE TABLE traces (
        id INTEGER PRIMARY KEY,
        target INTEGER NOT NULL REFERENCES targets (id),
        recorded_at INTEGER NOT NULL,
        task_id TEXT NOT NULL,
        status TEXT NOT NULL,
        hops INTEGER,
        reached INTEGER,
        avg_ms REAL,
        fingerprint INTEGER,         -- path::identity::path_hash, as a signed 64-bit number
        document BLOB NOT NULL       -- store::encode
    );
    CREATE UNIQUE INDEX traces_by_task ON traces (task_id);
    CREATE INDEX traces_by_target ON traces (target, recorded_at);
    CREATE INDEX traces_by_time ON traces (recorded_at);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID;
";

/// Brings the schema up to date. The version is read again inside a write transaction, so
/// that two runs opening a new file at once do not both create it; the second waits for the
/// first (at most the busy timeout, then `Busy`).
pub fn migrate(connection: &mut Connection) -> Result<()> {
    let version = user_version(connection)?;
    if version == VERSION as i64 {
        return Ok(()); // the usual case: nothing to write
    }
    check_known(version)?;
    // Remaking `targets` (version 2 → 3) must not check or rewrite the references of
    // `traces` to it; the setting cannot change inside a transaction.
    connection.pragma_update(None, "foreign_keys", false)?;
    let migrated = migrate_now(connection);
    connection.pragma_update(None, "foreign_keys", true)?;
    migrated
}

fn migrate_now(connection: &mut Connection) -> Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = user_version(&transaction)?;
    check_known(version)?;
    match version {
        0 => transaction.execute_batch(TABLES)?,
        1 => from_version_1(&transaction)?,
        2 => from_version_2(&transaction)?,
        _ => {}
    }
    transaction.pragma_update(None, "user_version", VERSION as i64)?;
    transaction.commit()?;
    if version == 1 {
        // A version 1 file had no incremental vacuum; VACUUM turns it on and compacts the
        // rewritten file. It needs the file to itself: if another run reads it now, it is
        // tried again at the next migration-free prune.
        let _ = connection.execute_batch("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;");
    }
    Ok(())
}

fn user_version(connection: &Connection) -> Result<i64> {
    Ok(connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

fn check_known(version: i64) -> Result<()> {
    if version > VERSION as i64 || version < 0 {
        return Err(HistoryError::Newer {
            found: version,
            known: VERSION,
        });
    }
    Ok(())
}

/// Version 2 → 3: targets gain the test (`traceroute`, `ping`) their traces ran. Targets are
/// few (one per device and destination), so their table is made anew with the test in its
/// key; the traces, and the ids they point at, stay as they are.
fn from_version_2(connection: &Connection) -> Result<()> {
    // Renamed the legacy way (and with foreign keys off), `traces` keeps pointing at
    // `targets`, the table made next, not at the one about to be dropped.
    connection.execute_batch(
        "PRAGMA legacy_alter_table = ON;
         ALTER TABLE targets RENAME TO targets_v2;
         PRAGMA legacy_alter_table = OFF;
         DROP INDEX IF EXISTS targets_by_serial;",
    )?;
    let tables = TABLES
        .split("CREATE TABLE traces")
        .next()
        .unwrap_or_default();
    connection.execute_batch(tables)?;
    connection.execute_batch(
        "INSERT INTO targets (id, profile, base_url, serial, dest_key, device, destination)
             SELECT id, profile, base_url, serial, dest_key, device, destination FROM targets_v2;
         DROP TABLE targets_v2;",
    )?;
    Ok(())
}

/// Version 1 → 3: every row rewritten through [`Row::of`], as a new recording would make it,
/// keeping its id and time. Its base URL was not kept: such traces are listed, shown and
/// exported, but never paired as a baseline with a new one.
fn from_version_1(connection: &Connection) -> Result<()> {
    connection.execute_batch(
        "ALTER TABLE traces RENAME TO traces_v1;
         DROP INDEX IF EXISTS traces_by_device;",
    )?;
    connection.execute_batch(TABLES)?;
    let mut old = connection.prepare(
        "SELECT id, task_id, profile, device, serial, destination, recorded_at, document
         FROM traces_v1 ORDER BY id",
    )?;
    let mut rows = old.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let scope = Scope {
            profile: row.get(2)?,
            base_url: String::new(),
        };
        let (task_id, device, serial): (String, String, String) =
            (row.get(1)?, row.get(3)?, row.get(4)?);
        let destination: Option<String> = row.get(5)?;
        let text: Vec<u8> = row.get(7)?;
        let fetched = serde_json::from_slice(&text)
            .map_err(|e| e.to_string())
            .and_then(Fetched::from_document)
            .map_err(|why| HistoryError::Document { id, why })?;
        let source = super::Source {
            scope: &scope,
            device: &device,
            serial: &serial,
            task_id: &task_id,
            destination: destination.as_deref(),
            recorded_at: row.get(6)?,
            test: crate::ids::Test::Traceroute,
        };
        let new = Row::of(&source, &fetched, None)?;
        let target = new.target_id(connection)?;
        new.insert_with_id(connection, target, Some(id))?;
    }
    drop(rows);
    drop(old);
    connection.execute_batch("DROP TABLE traces_v1;")?;
    connection.execute(
        "INSERT INTO meta (key, value) VALUES ('migrated_from', ?1)",
        params![1],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;

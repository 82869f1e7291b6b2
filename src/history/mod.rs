//! The history of traces: every COMPLETED or FAILED task gwtrace reads, recorded once per
//! task id in a SQLite file (WAL, a busy timeout, so that parallel runs never lose a row),
//! and read back for `gwtrace history`, `history show` and the `@last`/`@prev`/`@ID`
//! baselines.

mod fingerprint;

use std::path::{Path as FsPath, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior, MAIN_DB};

pub use fingerprint::fingerprint;

use crate::path::{Path, Reach};
use crate::task::Fetched;

/// How long a writer waits for another to finish before giving up.
const BUSY: Duration = Duration::from_secs(10);

/// Each step takes the schema from the version before it to its own (`PRAGMA user_version`).
const MIGRATIONS: [&str; 1] = ["CREATE TABLE traces (
        id INTEGER PRIMARY KEY,
        task_id TEXT NOT NULL UNIQUE,
        profile TEXT NOT NULL,
        device TEXT NOT NULL,
        serial TEXT NOT NULL,
        destination TEXT,
        start_time TEXT,
        end_time TEXT,
        recorded_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        hops INTEGER,
        reached INTEGER,
        avg_ms REAL,
        fingerprint TEXT,
        document TEXT NOT NULL
    );
    CREATE INDEX traces_by_device ON traces (serial, destination, recorded_at);"];

/// `<data dir>/gwtrace/history.sqlite`, where the platform has a data dir.
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.data_dir().join("gwtrace").join("history.sqlite"))
}

/// An open history file.
pub struct History {
    connection: Connection,
}

/// What a trace is recorded with besides its document.
pub struct Source<'a> {
    pub profile: &'a str,
    pub device: &'a str,
    pub serial: &'a str,
    pub task_id: &'a str,
}

/// One recorded trace, as `gwtrace history` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub recorded_at: i64,
    pub profile: String,
    pub device: String,
    pub serial: String,
    pub task_id: String,
    pub destination: Option<String>,
    pub status: String,
    pub hops: Option<u32>,
    pub reached: Option<bool>,
    pub avg_ms: Option<f64>,
    pub fingerprint: Option<String>,
}

/// Which recorded traces to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub serial: Option<String>,
    pub destination: Option<String>,
    /// Only traces recorded at or after this Unix time.
    pub since: Option<i64>,
    pub completed_only: bool,
    pub limit: Option<u32>,
}

const ENTRY_COLUMNS: &str = "id, recorded_at, profile, device, serial, task_id, destination, \
                             status, hops, reached, avg_ms, fingerprint";

impl History {
    /// Opens (creating it and its folder when needed) and migrates the file at `path`.
    pub fn open(path: &FsPath) -> Result<History, String> {
        if let Some(dir) = path.parent() {
            crate::config::create_private_dir(dir).map_err(|e| e.to_string())?;
        }
        let connection = Connection::open(path).map_err(|e| e.to_string())?;
        connection.busy_timeout(BUSY).map_err(|e| e.to_string())?;
        let mode: String = connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(format!(
                "cannot use write-ahead logging (journal mode {mode})"
            ));
        }
        // In WAL mode a commit then needs no fsync of its own (a checkpoint makes it durable):
        // a power cut may lose the last traces, never the file.
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| e.to_string())?;
        // Every run is the file's last connection when it closes, and would checkpoint the
        // log into the file (three fsyncs) and delete it there, only for the next run to make
        // it again. SQLite checkpoints by itself once the log reaches 1,000 pages instead.
        connection
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(|e| e.to_string())?;
        // The history is written far more than read: a small page cache (512 KiB, SQLite's
        // default is 2 MiB) keeps a long watch's memory flat as the file grows.
        connection
            .pragma_update(None, "cache_size", -512)
            .map_err(|e| e.to_string())?;
        let mut history = History { connection };
        history.migrate()?;
        Ok(history)
    }

    /// Brings the schema up to date. The version is read inside a write transaction, so that
    /// two runs opening a new file at once do not both create it.
    fn migrate(&mut self) -> Result<(), String> {
        let error = |e: rusqlite::Error| e.to_string();
        let version: i64 = self
            .connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(error)?;
        if usize::try_from(version).ok() == Some(MIGRATIONS.len()) {
            return Ok(()); // the usual case: nothing to write
        }
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(error)?;
        let version: i64 = transaction
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(error)?;
        let version = usize::try_from(version).unwrap_or(usize::MAX);
        if version > MIGRATIONS.len() {
            return Err(format!(
                "it was written by a newer gwtrace (schema {version}, this one knows {})",
                MIGRATIONS.len()
            ));
        }
        for sql in &MIGRATIONS[version..] {
            transaction.execute_batch(sql).map_err(error)?;
        }
        transaction
            .pragma_update(None, "user_version", MIGRATIONS.len() as i64)
            .and_then(|()| transaction.commit())
            .map_err(error)
    }

    /// Records a finished task once: a task id already recorded is left as it is. Returns
    /// whether a row was added. The document is streamed into its row (never held as one
    /// string beside the decoded task, which may be megabytes).
    pub fn record(
        &self,
        source: &Source<'_>,
        fetched: &Fetched,
        path: Option<&Path>,
    ) -> Result<bool, String> {
        let error = |e: rusqlite::Error| e.to_string();
        let document = fetched.document();
        let mut size = Counter(0);
        serde_json::to_writer(&mut size, &document).map_err(|e| e.to_string())?;
        let text = |key: &str| {
            fetched
                .document
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let reach = path.map(Path::reach);
        let avg = match &reach {
            Some(Reach::Reached { responder, .. }) => responder.avg(),
            _ => None,
        };
        let transaction = self.connection.unchecked_transaction().map_err(error)?;
        let added = transaction
            .execute(
                "INSERT OR IGNORE INTO traces (task_id, profile, device, serial, destination,
                    start_time, end_time, recorded_at, status, hops, reached, avg_ms,
                    fingerprint, document)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, zeroblob(?14))",
                params![
                    source.task_id,
                    source.profile,
                    source.device,
                    source.serial,
                    path.and_then(|p| p.destination.clone())
                        .or(fetched.task.destination.clone()),
                    text("startTime"),
                    text("endTime"),
                    unix(SystemTime::now()),
                    fetched.task.status.label(),
                    path.map(Path::length),
                    reach.as_ref().and_then(Reach::reached),
                    avg,
                    path.map(fingerprint),
                    i64::try_from(size.0).unwrap_or(i64::MAX),
                ],
            )
            .map_err(error)?;
        if added == 1 {
            let row = transaction.last_insert_rowid();
            let mut blob = transaction
                .blob_open(MAIN_DB, c"traces", c"document", row, false)
                .map_err(error)?;
            let mut writer = std::io::BufWriter::with_capacity(64 * 1024, &mut blob);
            serde_json::to_writer(&mut writer, &document).map_err(|e| e.to_string())?;
            std::io::Write::flush(&mut writer).map_err(|e| e.to_string())?;
        }
        transaction.commit().map_err(error)?;
        Ok(added == 1)
    }

    /// Recorded traces, newest first.
    pub fn list(&self, query: &Query) -> Result<Vec<Entry>, String> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM traces
             WHERE (?1 IS NULL OR serial = ?1 COLLATE NOCASE)
               AND (?2 IS NULL OR destination = ?2 COLLATE NOCASE)
               AND (?3 IS NULL OR recorded_at >= ?3)
               AND (?4 = 0 OR status = 'COMPLETED')
             ORDER BY recorded_at DESC, id DESC
             LIMIT ?5"
        );
        let limit = query.limit.map_or(-1, i64::from);
        let mut statement = self.connection.prepare(&sql).map_err(|e| e.to_string())?;
        let rows = statement
            .query_map(
                params![
                    query.serial,
                    query.destination,
                    query.since,
                    query.completed_only,
                    limit
                ],
                entry_of,
            )
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())
    }

    /// The completed trace of the same serial and destination recorded just before `entry`.
    pub fn previous(&self, entry: &Entry) -> Result<Option<Entry>, String> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM traces
             WHERE serial = ?1 AND destination IS ?2 AND status = 'COMPLETED'
               AND (recorded_at < ?3 OR (recorded_at = ?3 AND id < ?4))
             ORDER BY recorded_at DESC, id DESC LIMIT 1"
        );
        self.connection
            .query_row(
                &sql,
                params![entry.serial, entry.destination, entry.recorded_at, entry.id],
                entry_of,
            )
            .optional()
            .map_err(|e| e.to_string())
    }

    /// One recorded trace and its document, by id.
    pub fn get(&self, id: i64) -> Result<Option<(Entry, String)>, String> {
        let sql = format!("SELECT {ENTRY_COLUMNS}, document FROM traces WHERE id = ?1");
        self.connection
            .query_row(&sql, [id], |row| {
                Ok((entry_of(row)?, row.get::<_, Vec<u8>>(12)?))
            })
            .optional()
            .map_err(|e| e.to_string())?
            .map(|(entry, bytes)| {
                String::from_utf8(bytes)
                    .map(|text| (entry, text))
                    .map_err(|_| format!("trace {id}'s document is not text"))
            })
            .transpose()
    }

    /// Deletes the traces recorded before `before` (a Unix time); returns how many.
    pub fn prune(&self, before: i64) -> Result<usize, String> {
        self.connection
            .execute("DELETE FROM traces WHERE recorded_at < ?1", [before])
            .map_err(|e| e.to_string())
    }
}

/// Counts the bytes written to it.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn entry_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        recorded_at: row.get(1)?,
        profile: row.get(2)?,
        device: row.get(3)?,
        serial: row.get(4)?,
        task_id: row.get(5)?,
        destination: row.get(6)?,
        status: row.get(7)?,
        hops: row.get(8)?,
        reached: row.get(9)?,
        avg_ms: row.get(10)?,
        fingerprint: row.get(11)?,
    })
}

/// Seconds since the Unix epoch.
pub fn unix(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests;

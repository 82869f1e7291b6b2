//! The history of traces (and pings): every COMPLETED or FAILED task gwtrace reads, recorded once per
//! task id in a SQLite file, and read back for `gwtrace history`, `history show`, `export`,
//! the `@last`/`@prev`/`@ID` baselines and maps.
//!
//! The design (docs/performance.md has the figures): each (profile, base URL, serial,
//! destination, device family, test) is one row of `targets`; a trace is a small row that points
//! at its target, with its verdict, its path's fingerprint as a number and its document as
//! deflated JSON (a 2.3 KB seed document takes about 450 bytes). Every query is served by an
//! index (`tests.rs` checks each plan); deleted space goes back to the file system
//! (incremental vacuum); a retention period is applied by recording, at most hourly.

mod error;
mod query;
mod schema;
mod store;
pub mod transfer;

use std::path::{Path as FsPath, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::config::DbConfig;
use rusqlite::Connection;

pub use error::HistoryError;
pub use store::Row;

use error::Result;

/// How long a read waits for a writer that holds the file in a way readers must wait for
/// (a migration, a vacuum): short, then a clear error.
pub const READ_WAIT: Duration = Duration::from_secs(2);
/// How long a command that writes on purpose (prune, import) waits for another writer.
pub const WRITE_WAIT: Duration = Duration::from_secs(10);

/// `<data dir>/gwtrace/history.sqlite`, where the platform has a data dir.
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.data_dir().join("gwtrace").join("history.sqlite"))
}

/// An open history file.
pub struct History {
    connection: Connection,
    /// When retention last ran, once read from the file (see [`History::retain`]).
    retained_at: Option<i64>,
    /// Under test: the plan of every query run, to check that an index serves each.
    #[cfg(test)]
    plans: std::cell::RefCell<Vec<String>>,
}

/// Which Central a trace was taken against: the profile and the base URL it used. Baselines
/// only ever pair traces of one scope, so that a simulator's trace never stands for a real
/// device's, nor one tenant's for another's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub profile: String,
    pub base_url: String,
}

/// What a trace is recorded with besides its document.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub scope: &'a Scope,
    pub device: &'a str,
    pub serial: &'a str,
    pub task_id: &'a str,
    /// The destination that was asked for, when the command knows it (a FAILED task's
    /// document may not say).
    pub destination: Option<&'a str>,
    /// Unix time of the recording: now, or the document's own time for an import.
    pub recorded_at: i64,
    /// Which test the task ran.
    pub test: crate::ids::Test,
}

/// One recorded trace, as `gwtrace history` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub recorded_at: i64,
    pub profile: String,
    /// `None` for traces recorded before gwtrace kept it (never used as baselines).
    pub base_url: Option<String>,
    pub device: String,
    pub serial: String,
    pub task_id: String,
    pub destination: Option<String>,
    pub status: String,
    pub hops: Option<u32>,
    pub reached: Option<bool>,
    pub avg_ms: Option<f64>,
    pub fingerprint: Option<String>,
    /// `traceroute` or `ping`.
    pub test: String,
    /// The row of `targets` it belongs to.
    #[serde(skip)]
    pub target: i64,
}

/// Which recorded traces to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only this profile and Central; `None`: every one.
    pub scope: Option<Scope>,
    pub serial: Option<String>,
    pub destination: Option<String>,
    /// Only traces recorded at or after this Unix time.
    pub since: Option<i64>,
    pub completed_only: bool,
    pub limit: Option<u32>,
    /// Only this test's tasks; `None`: every test.
    pub test: Option<crate::ids::Test>,
}

/// A serial in the one case the history stores and looks it up in.
pub fn serial_key(serial: &str) -> String {
    serial.trim().to_ascii_uppercase()
}

/// A destination as the history matches it: an address in one spelling, a name in lower
/// case; empty when none was known.
pub fn destination_key(destination: Option<&str>) -> String {
    destination.map_or_else(String::new, crate::path::identity::canonical_address)
}

impl History {
    /// Opens (creating it and its folder when needed) and migrates the file at `path`,
    /// waiting at most `wait` for another process that holds it.
    pub fn open(path: &FsPath, wait: Duration) -> Result<History> {
        if let Some(dir) = path.parent() {
            crate::config::create_private_dir(dir)?;
        }
        let connection = Connection::open(path)?;
        connection.busy_timeout(wait)?;
        // Space freed by deleting traces can go back to the file system. This must be said
        // before anything is written, the log's header included.
        let pages: i64 = connection.query_row("PRAGMA page_count", [], |row| row.get(0))?;
        if pages == 0 {
            connection.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
        }
        let mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(HistoryError::Other(format!(
                "cannot use write-ahead logging (journal mode {mode})"
            )));
        }
        // In WAL mode a commit then needs no fsync of its own (a checkpoint makes it durable):
        // a power cut may lose the last traces, never the file.
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        // Every run is the file's last connection when it closes, and would checkpoint the
        // log into the file (three fsyncs) and delete it there, only for the next run to make
        // it again. SQLite checkpoints by itself once the log reaches 1,000 pages instead.
        connection.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        // A small page cache (512 KiB, SQLite's default is 2 MiB) keeps a long watch's
        // memory flat as the file grows; every query reads a few index pages.
        connection.pragma_update(None, "cache_size", -512)?;
        let mut history = History {
            connection,
            retained_at: None,
            #[cfg(test)]
            plans: Default::default(),
        };
        schema::migrate(&mut history.connection)?;
        Ok(history)
    }

    /// A larger page cache (`mib` MiB) for a run that writes many traces (an import): the
    /// indexes' pages stay in memory instead of going back and forth through the log.
    pub fn set_cache(&self, mib: u32) -> Result<()> {
        Ok(self
            .connection
            .pragma_update(None, "cache_size", -1024 * i64::from(mib))?)
    }

    /// How long to wait for another process from now on.
    pub fn set_wait(&self, wait: Duration) -> Result<()> {
        Ok(self.connection.busy_timeout(wait)?)
    }
}

impl History {
    /// Under test, keeps how SQLite runs `sql` (`EXPLAIN QUERY PLAN`); nothing otherwise.
    #[cfg(test)]
    fn note_plan(&self, sql: &str, values: &[rusqlite::types::Value]) {
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut statement = self.connection.prepare(&explain).expect("a valid query");
        let details: Vec<String> = statement
            .query_map(rusqlite::params_from_iter(values), |row| row.get(3))
            .expect("a plan")
            .map(|detail| detail.expect("a plan's line"))
            .collect();
        self.plans
            .borrow_mut()
            .push(format!("{sql}\n  -> {}", details.join("; ")));
    }

    #[cfg(not(test))]
    fn note_plan(&self, _sql: &str, _values: &[rusqlite::types::Value]) {}
}

/// Seconds since the Unix epoch.
pub fn unix(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests;

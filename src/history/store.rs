//! Writing traces and reading one back: a row made ready off the database (its verdict, its
//! fingerprint, its document deflated), inserted once per task id, many in one transaction;
//! and a stored document inflated again, byte for byte what the API sent (in compact form).

use std::io::Read;

use flate2::read::DeflateDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::error::{HistoryError, Result};
use super::{destination_key, serial_key, Entry, History, Source};
use crate::ids::Test;
use crate::path::identity::path_hash;
use crate::path::{Path, Reach};
use crate::ping::Ping;
use crate::task::Fetched;

/// The first byte of a stored document: how the rest is encoded.
const DEFLATED_JSON: u8 = 1;

/// A trace ready to insert: everything computed, nothing borrowed.
#[derive(Debug, Clone)]
pub struct Row {
    pub profile: String,
    pub base_url: String,
    pub device: String,
    pub serial: String,
    pub destination: Option<String>,
    pub task_id: String,
    pub recorded_at: i64,
    pub status: String,
    pub hops: Option<u32>,
    pub reached: Option<bool>,
    pub avg_ms: Option<f64>,
    pub fingerprint: Option<u64>,
    pub document: Vec<u8>,
    /// `traceroute` or `ping`.
    pub test: &'static str,
}

impl Row {
    /// The row of `fetched`; `path` is its merged view when the caller has one already (it
    /// is made here for a COMPLETED task otherwise).
    pub fn of(source: &Source<'_>, fetched: &Fetched, path: Option<&Path>) -> Result<Row> {
        if source.test == Test::Ping {
            return Row::of_ping(source, fetched);
        }
        let made;
        let path = match (path, &fetched.task.status) {
            (Some(path), _) => Some(path),
            (None, crate::task::Status::Completed) => {
                made = Path::of(&fetched.task);
                Some(&made)
            }
            _ => None,
        };
        let reach = path.map(Path::reach);
        let avg_ms = match &reach {
            Some(Reach::Reached { responder, .. }) => responder.avg(),
            _ => None,
        };
        let destination = source
            .destination
            .map(str::to_owned)
            .or_else(|| path.and_then(|p| p.destination.clone()))
            .or_else(|| fetched.task.destination.clone());
        Ok(Row {
            profile: source.scope.profile.clone(),
            base_url: source.scope.base_url.clone(),
            device: source.device.to_owned(),
            serial: serial_key(source.serial),
            destination,
            task_id: source.task_id.to_owned(),
            recorded_at: source.recorded_at,
            status: fetched.task.status.label().to_owned(),
            hops: path.map(Path::length),
            reached: reach.as_ref().and_then(Reach::reached),
            avg_ms,
            fingerprint: path.map(path_hash),
            document: encode(fetched)?,
            test: source.test.segment(),
        })
    }

    /// A ping's row: no path, so no hops or fingerprint; reached when an echo came back,
    /// and its average round-trip time.
    fn of_ping(source: &Source<'_>, fetched: &Fetched) -> Result<Row> {
        let family = crate::ids::Device::ALL
            .into_iter()
            .find(|d| d.name() == source.device)
            .unwrap_or_default();
        let ping = (fetched.task.status == crate::task::Status::Completed)
            .then(|| Ping::of_fetched(fetched, family).ok())
            .flatten();
        Ok(Row {
            profile: source.scope.profile.clone(),
            base_url: source.scope.base_url.clone(),
            device: source.device.to_owned(),
            serial: serial_key(source.serial),
            destination: source
                .destination
                .map(str::to_owned)
                .or_else(|| ping.as_ref().and_then(|p| p.destination.clone())),
            task_id: source.task_id.to_owned(),
            recorded_at: source.recorded_at,
            status: fetched.task.status.label().to_owned(),
            hops: None,
            reached: ping.as_ref().map(|p| p.received > 0),
            avg_ms: ping.as_ref().and_then(|p| p.avg_ms),
            fingerprint: None,
            document: encode(fetched)?,
            test: source.test.segment(),
        })
    }

    /// The id of this row's target, made when it is new.
    pub(super) fn target_id(&self, connection: &Connection) -> Result<i64> {
        let key = destination_key(self.destination.as_deref());
        let find = "SELECT id FROM targets WHERE profile = ?1 AND base_url = ?2 AND serial = ?3
                    AND dest_key = ?4 AND device = ?5 AND test = ?6";
        let wanted = params![
            self.profile,
            self.base_url,
            self.serial,
            key,
            self.device,
            self.test
        ];
        let found = connection
            .prepare_cached(find)?
            .query_row(wanted, |row| row.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
        connection
            .prepare_cached(
                "INSERT INTO targets (profile, base_url, serial, dest_key, device, destination,
                     test)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                self.profile,
                self.base_url,
                self.serial,
                key,
                self.device,
                self.destination,
                self.test
            ])?;
        Ok(connection.last_insert_rowid())
    }

    /// Inserts the row unless its task id is recorded already; whether it was added.
    pub(super) fn insert_with_id(
        &self,
        connection: &Connection,
        target: i64,
        id: Option<i64>,
    ) -> Result<bool> {
        let added = connection
            .prepare_cached(
                "INSERT OR IGNORE INTO traces (id, target, recorded_at, task_id, status, hops,
                    reached, avg_ms, fingerprint, document)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                id,
                target,
                self.recorded_at,
                self.task_id,
                self.status,
                self.hops,
                self.reached,
                self.avg_ms,
                self.fingerprint.map(|f| f as i64),
                self.document
            ])?;
        Ok(added == 1)
    }
}

impl History {
    /// Records `rows` in one transaction, each once per task id (one already recorded is
    /// left as it is); returns how many were added.
    pub fn insert(&mut self, rows: &[Row]) -> Result<usize> {
        let rows: Vec<(&Row, Option<i64>)> = rows.iter().map(|row| (row, None)).collect();
        self.insert_all(&rows)
    }

    /// Like [`History::insert`]; a row's id is kept where it is given and free (an import
    /// of an export then lists the same ids).
    pub fn insert_all(&mut self, rows: &[(&Row, Option<i64>)]) -> Result<usize> {
        self.note_plan(
            "SELECT 1 FROM traces WHERE task_id = ?",
            &[String::from("T").into()],
        );
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut added = 0;
        for &(row, id) in rows {
            let exists = |sql: &str, value: &dyn rusqlite::ToSql| -> Result<bool> {
                Ok(transaction.prepare_cached(sql)?.exists([value])?)
            };
            if exists("SELECT 1 FROM traces WHERE task_id = ?", &row.task_id)? {
                continue;
            }
            let id = match id {
                Some(id) if !exists("SELECT 1 FROM traces WHERE id = ?", &id)? => Some(id),
                _ => None,
            };
            let target = row.target_id(&transaction)?;
            added += usize::from(row.insert_with_id(&transaction, target, id)?);
        }
        transaction.commit()?;
        Ok(added)
    }

    /// One recorded trace and its document (JSON text), by id.
    pub fn get(&self, id: i64) -> Result<Option<(Entry, String)>> {
        let sql = format!(
            "SELECT {}, t.document FROM traces t JOIN targets g ON g.id = t.target
             WHERE t.id = ?1",
            super::query::COLUMNS
        );
        self.note_plan(&sql, &[id.into()]);
        let found = self
            .connection
            .prepare_cached(&sql)?
            .query_row([id], |row| {
                Ok((
                    super::query::entry_of(row)?,
                    row.get::<_, Vec<u8>>(super::query::NEXT)?,
                ))
            })
            .optional()?;
        found
            .map(|(entry, bytes)| {
                let text = decode(&bytes).map_err(|why| HistoryError::Document { id, why })?;
                Ok((entry, text))
            })
            .transpose()
    }
}

/// The document as stored: a format byte, then its compact JSON deflated at level 3
/// (measured on an import of 300,000 traces: level 1 is 7% faster and 13% larger).
pub fn encode(fetched: &Fetched) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(&fetched.document())?;
    // The compressor's tables are large (zeroing them cost more than compressing a seed
    // document): one per thread, reset between documents.
    thread_local! {
        static COMPRESS: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(3), false));
    }
    COMPRESS.with(|compress| {
        let mut compress = compress.borrow_mut();
        compress.reset();
        let mut out = Vec::with_capacity(json.len() / 3 + 64);
        out.push(DEFLATED_JSON);
        loop {
            let before = compress.total_in();
            let input = &json[usize::try_from(before)
                .unwrap_or(usize::MAX)
                .min(json.len())..];
            if out.capacity() - out.len() < 64 {
                out.reserve(json.len() / 4 + 64);
            }
            let status = compress
                .compress_vec(input, &mut out, FlushCompress::Finish)
                .map_err(|e| HistoryError::Other(e.to_string()))?;
            if status == Status::StreamEnd {
                return Ok(out);
            }
        }
    })
}

/// The JSON text of a stored document.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    match bytes.split_first() {
        Some((&DEFLATED_JSON, rest)) => {
            let mut text = String::new();
            DeflateDecoder::new(rest)
                .read_to_string(&mut text)
                .map_err(|e| format!("it does not inflate ({e})"))?;
            Ok(text)
        }
        _ => Err("its encoding is unknown".to_owned()),
    }
}

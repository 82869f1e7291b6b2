//! Reading and pruning the history, every query served by an index: WHERE clauses are put
//! together from fixed, parameterised fragments; a device's traces are read per target
//! (newest first through `traces_by_target`) and merged; the newest traces of many devices
//! are one query; old traces go by `traces_by_time`, and their space back to the file system.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, TransactionBehavior};

use super::error::{HistoryError, Result};
use super::{destination_key, serial_key, Entry, History, Query, Scope};

/// The columns [`entry_of`] reads, `t` being `traces` and `g` its target.
pub(super) const COLUMNS: &str = "t.id, t.recorded_at, g.profile, g.base_url, g.device, \
     g.serial, t.task_id, g.destination, t.status, t.hops, t.reached, t.avg_ms, t.fingerprint, \
     t.target, g.test";
/// The column after [`COLUMNS`] that a query adds (the document).
pub(super) const NEXT: usize = 15;

/// Rows deleted per transaction by `prune`, so that a recording run never waits long.
const PRUNE_BATCH: i64 = 5_000;
/// Rows deleted per transaction by retention. Each old trace sits in a page of its own in two
/// indexes (by task id, by target), so deleting one dirties two pages of the log: a batch of
/// 500 made every commit pass SQLite's 1,000-page checkpoint and cost a recording run 26 ms
/// (perf.py --history); 100 cost about 2 ms, and a checkpoint every fifth run.
const RETAIN_BATCH: i64 = 100;
/// Retention runs at most this often (seconds), whoever records.
const RETAIN_EVERY: i64 = 3_600;

pub(super) fn entry_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let base_url: String = row.get(3)?;
    let fingerprint: Option<i64> = row.get(12)?;
    Ok(Entry {
        id: row.get(0)?,
        recorded_at: row.get(1)?,
        profile: row.get(2)?,
        base_url: (!base_url.is_empty()).then_some(base_url),
        device: row.get(4)?,
        serial: row.get(5)?,
        task_id: row.get(6)?,
        destination: row.get(7)?,
        status: row.get(8)?,
        hops: row.get(9)?,
        reached: row.get(10)?,
        avg_ms: row.get(11)?,
        fingerprint: fingerprint.map(|f| format!("{:016x}", f as u64)),
        target: row.get(13)?,
        test: row.get(14)?,
    })
}

/// A statement's text and its parameters, built from fixed fragments.
struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(text: &str) -> Sql {
        Sql {
            text: text.to_owned(),
            values: Vec::new(),
        }
    }

    /// Adds ` AND <fragment>` whose `?` takes `value`.
    fn and(&mut self, fragment: &str, value: impl Into<Value>) {
        self.text.push_str(" AND ");
        self.text.push_str(fragment);
        self.values.push(value.into());
    }
}

impl History {
    /// Recorded traces, newest first.
    pub fn list(&self, query: &Query) -> Result<Vec<Entry>> {
        let limit = query.limit.map_or(-1, i64::from);
        if query.scope.is_none() && query.serial.is_none() && query.destination.is_none() {
            let mut sql = Sql::new(&format!(
                "SELECT {COLUMNS} FROM traces t JOIN targets g ON g.id = t.target WHERE 1"
            ));
            self.filters(&mut sql, query);
            sql.text
                .push_str(" ORDER BY t.recorded_at DESC, t.id DESC LIMIT ?");
            sql.values.push(limit.into());
            return self.entries(&sql);
        }
        let mut found = Vec::new();
        for target in self.targets(query)? {
            let mut sql = Sql::new(&format!(
                "SELECT {COLUMNS} FROM traces t JOIN targets g ON g.id = t.target \
                 WHERE t.target = ?"
            ));
            sql.values.push(target.into());
            self.filters(&mut sql, query);
            sql.text
                .push_str(" ORDER BY t.recorded_at DESC, t.id DESC LIMIT ?");
            sql.values.push(limit.into());
            found.extend(self.entries(&sql)?);
        }
        newest_first(&mut found);
        if let Ok(limit) = usize::try_from(limit) {
            found.truncate(limit);
        }
        Ok(found)
    }

    /// The `since` and `completed_only` fragments of `query`.
    fn filters(&self, sql: &mut Sql, query: &Query) {
        if let Some(since) = query.since {
            sql.and("t.recorded_at >= ?", since);
        }
        if query.completed_only {
            sql.and("t.status = ?", "COMPLETED".to_owned());
        }
        if let Some(test) = query.test {
            sql.and("g.test = ?", test.segment().to_owned());
        }
    }

    /// The targets `query` names (by scope, serial and destination).
    fn targets(&self, query: &Query) -> Result<Vec<i64>> {
        let sql = target_filter(query);
        self.note_plan(&sql.text, &sql.values);
        let mut statement = self.connection.prepare_cached(&sql.text)?;
        let ids = statement.query_map(params_from_iter(&sql.values), |row| row.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// Every trace `query` selects (its limit aside), oldest first, with its document's
    /// text, handed to `each` one at a time (never all held) until it returns `false`.
    /// Returns how many were handed over.
    pub fn for_each(
        &self,
        query: &Query,
        mut each: impl FnMut(&Entry, String) -> Result<bool>,
    ) -> Result<usize> {
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS}, t.document FROM traces t JOIN targets g ON g.id = t.target \
             WHERE 1"
        ));
        if query.scope.is_some() || query.serial.is_some() || query.destination.is_some() {
            let targets = target_filter(query);
            sql.text
                .push_str(&format!(" AND t.target IN ({})", targets.text));
            sql.values.extend(targets.values);
        }
        self.filters(&mut sql, query);
        sql.text.push_str(" ORDER BY t.recorded_at, t.id");
        self.note_plan(&sql.text, &sql.values);
        let mut statement = self.connection.prepare(&sql.text)?;
        let mut rows = statement.query(params_from_iter(&sql.values))?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let entry = entry_of(row)?;
            let bytes: Vec<u8> = row.get(NEXT)?;
            let text = super::store::decode(&bytes)
                .map_err(|why| HistoryError::Document { id: entry.id, why })?;
            count += 1;
            if !each(&entry, text)? {
                break;
            }
        }
        Ok(count)
    }

    fn entries(&self, sql: &Sql) -> Result<Vec<Entry>> {
        self.note_plan(&sql.text, &sql.values);
        let mut statement = self.connection.prepare_cached(&sql.text)?;
        let rows = statement.query_map(params_from_iter(&sql.values), entry_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The completed trace of the same target recorded just before `entry`.
    pub fn previous(&self, entry: &Entry) -> Result<Option<Entry>> {
        let sql = Sql {
            text: format!(
                "SELECT {COLUMNS} FROM traces t JOIN targets g ON g.id = t.target
                 WHERE t.target = ? AND t.status = 'COMPLETED'
                   AND (t.recorded_at, t.id) < (?, ?)
                 ORDER BY t.recorded_at DESC, t.id DESC LIMIT 1"
            ),
            values: vec![
                entry.target.into(),
                entry.recorded_at.into(),
                entry.id.into(),
            ],
        };
        Ok(self.entries(&sql)?.into_iter().next())
    }

    /// For each of `serials` (in the history's case), its newest `count` completed traces in
    /// `scope` (to `destination` when given), newest first: one query for all of them.
    pub fn latest(
        &self,
        scope: &Scope,
        serials: &[String],
        destination: Option<&str>,
        count: u32,
    ) -> Result<HashMap<String, Vec<Entry>>> {
        let mut by_serial: HashMap<String, Vec<Entry>> = HashMap::new();
        // SQLite's limit on parameters is far above this; a chunk keeps each statement small.
        for chunk in serials.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            // The k-th newest of each target by its rowid: one index probe per offset (an IN
            // over a LIMIT subquery would walk the target's every trace).
            let nth = (0..count.max(1))
                .map(|k| {
                    format!(
                        "(SELECT id FROM traces WHERE target = g.id AND status = 'COMPLETED'
                          ORDER BY recorded_at DESC, id DESC LIMIT 1 OFFSET {k})"
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            // `IN ((one))` would read as `IN (one)`, a list subquery: one is `=`.
            let which = if count > 1 { "IN" } else { "=" };
            let mut sql = Sql::new(&format!(
                "SELECT {COLUMNS} FROM targets g CROSS JOIN traces t
                 WHERE t.id {which} ({nth}) AND g.serial IN ({marks})"
            ));
            sql.values
                .extend(chunk.iter().map(|s| Value::from(serial_key(s))));
            sql.and("g.profile = ?", scope.profile.clone());
            sql.and("g.base_url = ?", scope.base_url.clone());
            // Baselines are paths: a ping has none.
            sql.and(
                "g.test = ?",
                crate::ids::Test::Traceroute.segment().to_owned(),
            );
            if let Some(destination) = destination {
                sql.and("g.dest_key = ?", destination_key(Some(destination)));
            }
            for entry in self.entries(&sql)? {
                by_serial
                    .entry(entry.serial.clone())
                    .or_default()
                    .push(entry);
            }
        }
        for entries in by_serial.values_mut() {
            newest_first(entries);
            entries.truncate(count as usize);
        }
        Ok(by_serial)
    }

    /// Deletes the traces recorded before `before` (a Unix time), and gives the space back to
    /// the file system; returns how many.
    pub fn prune(&mut self, before: i64) -> Result<usize> {
        let mut gone = 0;
        loop {
            let (batch, done) = self.delete_batch(before, PRUNE_BATCH)?;
            gone += batch;
            if done {
                break;
            }
        }
        self.vacuum(None)?;
        // The pages freed are only cut from the file once the log is written back into it.
        self.connection
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(gone)
    }

    /// Gives free pages back to the file system: all of them, or at most `pages`.
    fn vacuum(&self, pages: Option<u32>) -> Result<()> {
        let sql = match pages {
            Some(pages) => format!("PRAGMA incremental_vacuum({pages})"),
            None => "PRAGMA incremental_vacuum".to_owned(),
        };
        // Each step of the statement frees one page: it is run to its end.
        let mut statement = self.connection.prepare(&sql)?;
        let mut rows = statement.query([])?;
        while rows.next()?.is_some() {}
        Ok(())
    }

    /// One batch of old traces (`batch` and one, oldest first) deleted in its own
    /// transaction, and the targets left without any; whether it was the last.
    fn delete_batch(&mut self, before: i64, batch: i64) -> Result<(usize, bool)> {
        let last = "SELECT recorded_at, id FROM traces WHERE recorded_at < ?
                    ORDER BY recorded_at, id LIMIT 1 OFFSET ?";
        let upto = "DELETE FROM traces WHERE (recorded_at, id) <= (?, ?)";
        let all = "DELETE FROM traces WHERE recorded_at < ?";
        let orphans = "DELETE FROM targets WHERE NOT EXISTS
                           (SELECT 1 FROM traces WHERE target = targets.id)";
        self.note_plan(last, &[before.into(), batch.into()]);
        self.note_plan(upto, &[before.into(), 1.into()]);
        self.note_plan(all, &[before.into()]);
        self.note_plan(orphans, &[]);
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: Option<(i64, i64)> = transaction
            .query_row(last, params![before, batch], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let gone = match found {
            Some((at, id)) => transaction.execute(upto, params![at, id])?,
            None => transaction.execute(all, [before])?,
        };
        if gone > 0 {
            transaction.execute(orphans, [])?;
        }
        transaction.commit()?;
        Ok((gone, found.is_none()))
    }

    /// Retention: deletes traces older than `keep` seconds, at most once an hour (the time
    /// of the last run is kept in the file, so that many short runs do it once), one small
    /// batch a call, so that it never holds up what records; a long backlog (a year cut to
    /// 90 days) goes over the following calls, hourly once it is gone. The space is left
    /// for new traces to reuse (`prune` gives it back to the file system). Returns how many
    /// went.
    pub fn retain(&mut self, keep: i64, now: i64) -> Result<usize> {
        // Read from the file once a run; a long run (a watch) keeps it in memory after.
        let last = match self.retained_at {
            Some(at) => Some(at),
            None => self
                .connection
                .query_row(
                    "SELECT value FROM meta WHERE key = 'retained_at'",
                    [],
                    |r| r.get(0),
                )
                .optional()?,
        };
        self.retained_at = last;
        if last.is_some_and(|at| now - at < RETAIN_EVERY && at <= now) {
            return Ok(0);
        }
        let (gone, done) = self.delete_batch(now.saturating_sub(keep), RETAIN_BATCH)?;
        if done {
            self.connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('retained_at', ?1)",
                [now],
            )?;
            self.retained_at = Some(now);
        }
        Ok(gone)
    }
}

/// `SELECT id FROM targets` of the scope, serial and destination `query` names.
fn target_filter(query: &Query) -> Sql {
    let mut sql = Sql::new("SELECT id FROM targets WHERE 1");
    if let Some(scope) = &query.scope {
        sql.and("profile = ?", scope.profile.clone());
        sql.and("base_url = ?", scope.base_url.clone());
    }
    if let Some(serial) = &query.serial {
        sql.and("serial = ?", serial_key(serial));
    }
    if let Some(destination) = &query.destination {
        sql.and("dest_key = ?", destination_key(Some(destination)));
    }
    sql
}

/// Newest first: by time, then by id (two traces recorded in one second).
fn newest_first(entries: &mut [Entry]) {
    entries.sort_by_key(|e| std::cmp::Reverse((e.recorded_at, e.id)));
}

//! `gwtrace history import FILE…`: traces saved with `--json` (a task document, a fleet's
//! NDJSON) or by `history export`, recorded under the profile in use. Lines are read one at a
//! time and recorded a few thousand per transaction; a trace already recorded (by task id) is
//! skipped, a bad line is reported by its number and skipped (exit 1 at the end).

use std::io::{BufRead, BufReader, Read};
use std::path::{Path as FsPath, PathBuf};
use std::time::SystemTime;

use serde_json::Value;

use crate::cli::{GlobalArgs, ImportArgs};
use crate::error::{Error, Result};
use crate::history::transfer::{import_line, Defaults, Line};
use crate::history::{self, History, Row};
use crate::settings;
use crate::ui::{Counter, Ui};

use super::history::{failed, off_runtime};

/// Rows recorded per transaction.
const BATCH: usize = 2_000;
/// The most a file that is one pretty-printed document may hold: the API's limit.
const MAX_DOCUMENT: u64 = 8 * 1024 * 1024;

/// What the import knows before it reads a line.
struct Plan {
    files: Vec<PathBuf>,
    profile: String,
    base_url: Option<String>,
    device: &'static str,
    serial: Option<String>,
}

/// How the import went.
#[derive(Default)]
struct Tally {
    added: usize,
    known: usize,
    bad: usize,
}

pub async fn run(global: &GlobalArgs, args: &ImportArgs, ui: &Ui) -> Result<()> {
    if args
        .files
        .iter()
        .filter(|f| super::saved::is_stdin(f))
        .count()
        > 1
    {
        return Err(Error::Usage("only one FILE can be - (stdin)".to_owned()));
    }
    let overrides = super::connect::overrides(global, None);
    // The profile's Central, when it has one: lines that do not say theirs are filed there.
    let base_url = settings::scope(&overrides).ok().map(|s| s.base_url);
    let plan = Plan {
        files: args.files.clone(),
        profile: settings::profile_name(&overrides)?,
        base_url,
        device: global.device.unwrap_or_default().name(),
        serial: args.serial.as_ref().map(ToString::to_string),
    };
    let ui = ui.clone();
    let tally = off_runtime(move || import(&plan, &ui)).await?;
    let Tally { added, known, bad } = tally;
    let traces = |n: usize| if n == 1 { "trace" } else { "traces" };
    let message = format!(
        "imported {added} {}; {known} already recorded, {bad} bad {} skipped",
        traces(added),
        if bad == 1 { "line" } else { "lines" }
    );
    if bad > 0 {
        return Err(Error::other(message));
    }
    super::print(format!("{message}\n").as_bytes()).map(|_| ())
}

fn import(plan: &Plan, ui: &Ui) -> Result<Tally> {
    let mut history =
        History::open(&super::history::file()?, history::WRITE_WAIT).map_err(|e| failed(&e))?;
    let defaults = Defaults {
        profile: &plan.profile,
        base_url: plan.base_url.as_deref(),
        device: plan.device,
        serial: plan.serial.as_deref(),
        now: history::unix(SystemTime::now()),
    };
    let counter = ui.counter("imported");
    let mut tally = Tally::default();
    for file in &plan.files {
        let mut batch = Batch {
            history: &mut history,
            rows: Vec::with_capacity(BATCH),
            tally: &mut tally,
            counter: &counter,
        };
        let name = super::saved::shown_name(file);
        let bad_lines = std::cell::Cell::new(0);
        let bad = |line: usize, why: &str| {
            bad_lines.set(bad_lines.get() + 1);
            counter.suspend(|| ui.warn(&format!("{name} line {line}: {why}; skipped")));
        };
        for_each_value(file, &bad, |line, value| {
            match import_line(value, &defaults) {
                Ok(Line::Trace(row, id)) => batch.push(*row, id)?,
                Ok(Line::NoTask) => {}
                Err(why) => bad(line, &why),
            }
            Ok(())
        })?;
        batch.flush()?;
        tally.bad += bad_lines.get();
    }
    Ok(tally)
}

/// Rows waiting for their transaction.
struct Batch<'a> {
    history: &'a mut History,
    rows: Vec<(Row, Option<i64>)>,
    tally: &'a mut Tally,
    counter: &'a Counter,
}

impl Batch<'_> {
    fn push(&mut self, row: Row, id: Option<i64>) -> Result<()> {
        self.rows.push((row, id));
        if self.rows.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let rows: Vec<(&Row, Option<i64>)> = self.rows.iter().map(|(r, id)| (r, *id)).collect();
        let added = self.history.insert_all(&rows).map_err(|why| failed(&why))?;
        self.tally.added += added;
        self.tally.known += rows.len() - added;
        self.counter.add(rows.len() as u64);
        self.rows.clear();
        Ok(())
    }
}

/// Hands every JSON value of `file` (`-`: stdin) to `each` with its line number: NDJSON line
/// by line (a file of any size), or a file that is one pretty-printed document whole. A
/// line that is not JSON goes to `bad`.
fn for_each_value(
    file: &FsPath,
    bad: &dyn Fn(usize, &str),
    mut each: impl FnMut(usize, Value) -> Result<()>,
) -> Result<()> {
    let name = super::saved::shown_name(file);
    let cannot = |e: std::io::Error| Error::other(format!("cannot read {name}: {e}"));
    let reader: Box<dyn Read> = if super::saved::is_stdin(file) {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(file).map_err(cannot)?)
    };
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut line = String::new();
    let mut number = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(cannot)? == 0 {
            return Ok(());
        }
        number += 1;
        let text = line.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(value) => each(number, value)?,
            // The first line of a pretty-printed document is `{` alone: read it whole.
            Err(e) if e.is_eof() && may_start_a_document(number, text) => {
                let mut rest = line.clone().into_bytes();
                (&mut reader)
                    .take(MAX_DOCUMENT)
                    .read_to_end(&mut rest)
                    .map_err(cannot)?;
                return match serde_json::from_slice::<Value>(&rest) {
                    Ok(value) => each(number, value),
                    Err(e) => {
                        bad(number + e.line() - 1, &format!("it is not JSON ({e})"));
                        Ok(())
                    }
                };
            }
            Err(e) => bad(number, &format!("it is not JSON ({e})")),
        }
    }
}

/// Whether an unfinished first value may be a pretty-printed document: only at the start of
/// the file.
fn may_start_a_document(number: usize, text: &str) -> bool {
    text.starts_with('{') && number <= 1
}

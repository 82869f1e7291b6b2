//! `gwtrace history import FILE…`: traces saved with `--json` (a task document, a fleet's
//! NDJSON) or by `history export`, recorded under the profile in use. Lines are read one at a
//! time and recorded a few thousand per transaction; a trace already recorded (by task id) is
//! skipped, a bad line is reported by its number and skipped (exit 1 at the end).

use std::io::{BufReader, Read};
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
    let context = settings::history_context(&overrides)?;
    let plan = Plan {
        files: args.files.clone(),
        profile: context.profile,
        base_url: context.base_url,
        device: context.device.name(),
        serial: args.serial.as_ref().map(ToString::to_string),
    };
    let worker_ui = ui.clone();
    let tally = off_runtime(move || import(&plan, &worker_ui)).await?;
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
    ui.say(&message);
    Ok(())
}

/// Rows made from one batch of lines, on their way to the writer.
type Rows = Vec<(Row, Option<i64>)>;

/// Reads and converts on this thread (and a helper), while a writer thread records the
/// batch before: the two overlap.
fn import(plan: &Plan, ui: &Ui) -> Result<Tally> {
    let history =
        History::open(&super::history::file()?, history::WRITE_WAIT).map_err(|e| failed(&e))?;
    history.set_cache(64).map_err(|e| failed(&e))?;
    let defaults = Defaults {
        profile: &plan.profile,
        base_url: plan.base_url.as_deref(),
        device: plan.device,
        serial: plan.serial.as_deref(),
        now: history::unix(SystemTime::now()),
    };
    let counter = ui.counter("imported");
    let (rows, received) = std::sync::mpsc::sync_channel::<Rows>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write(history, received));
        let mut bad = 0;
        let read = plan.files.iter().try_for_each(|file| {
            let name = super::saved::shown_name(file);
            let mut batch = Batch {
                lines: Vec::with_capacity(BATCH),
                rows: &rows,
                bad: &mut bad,
                defaults: &defaults,
                say_bad: &|line: usize, why: &str| {
                    counter.suspend(|| ui.warn(&format!("{name} line {line}: {why}; skipped")));
                },
                counter: &counter,
            };
            for_each_line(file, |number, text| batch.push(number, text))?;
            batch.flush()
        });
        drop(rows);
        // The writer's error first: it is why a batch could not be handed over.
        let (added, known) = writer
            .join()
            .unwrap_or_else(|_| Err(Error::other("the history's writer thread stopped")))?;
        read?;
        Ok(Tally { added, known, bad })
    })
}

/// Records every batch it is handed, one transaction each; (added, already known).
fn write(mut history: History, batches: std::sync::mpsc::Receiver<Rows>) -> Result<(usize, usize)> {
    let (mut added, mut known) = (0, 0);
    for batch in batches {
        let rows: Vec<(&Row, Option<i64>)> = batch.iter().map(|(r, id)| (r, *id)).collect();
        let new = history.insert_all(&rows).map_err(|why| failed(&why))?;
        added += new;
        known += rows.len() - new;
    }
    Ok((added, known))
}

/// Lines waiting to be made rows and handed to the writer.
struct Batch<'a> {
    lines: Vec<(usize, String)>,
    rows: &'a std::sync::mpsc::SyncSender<Rows>,
    bad: &'a mut usize,
    defaults: &'a Defaults<'a>,
    say_bad: &'a dyn Fn(usize, &str),
    counter: &'a Counter,
}

impl Batch<'_> {
    fn push(&mut self, number: usize, text: String) -> Result<()> {
        self.lines.push((number, text));
        if self.lines.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Makes the rows on two threads (decoding and deflating are most of the work) and hands
    /// them to the writer; bad lines are said in their order.
    fn flush(&mut self) -> Result<()> {
        let (first, second) = self.lines.split_at(self.lines.len() / 2);
        let defaults = self.defaults;
        let made = std::thread::scope(|scope| {
            let other = scope.spawn(|| rows_of(first, defaults));
            let mut made = rows_of(second, defaults);
            let mut all = other.join().unwrap_or_default();
            all.append(&mut made);
            all
        });
        let mut rows = Vec::with_capacity(made.len());
        for (number, line) in made {
            match line {
                Ok(Line::Trace(row, id)) => rows.push((*row, id)),
                Ok(Line::NoTask) => {}
                Err(why) => {
                    *self.bad += 1;
                    (self.say_bad)(number, &why);
                }
            }
        }
        self.counter.add(self.lines.len() as u64);
        self.lines.clear();
        // A writer that stopped has its own error, returned when it is joined.
        self.rows
            .send(rows)
            .map_err(|_| Error::other("the history's writer stopped"))
    }
}

/// Each line's row, or why it has none.
fn rows_of(
    lines: &[(usize, String)],
    defaults: &Defaults<'_>,
) -> Vec<(usize, std::result::Result<Line, String>)> {
    lines
        .iter()
        .map(|(number, text)| {
            let line = serde_json::from_str::<Value>(text)
                .map_err(|e| format!("it is not JSON ({e})"))
                .and_then(|value| import_line(value, defaults));
            (*number, line)
        })
        .collect()
}

/// Hands every line of `file` (`-`: stdin) to `each` with its number, as
/// [`crate::jsonl::for_each_line`] reads them (a file of any size; a pretty-printed document
/// whole). An error of `each` is returned as it is.
fn for_each_line(file: &FsPath, mut each: impl FnMut(usize, String) -> Result<()>) -> Result<()> {
    let name = super::saved::shown_name(file);
    let cannot = |why: String| Error::other(format!("cannot read {name}: {why}"));
    let reader: Box<dyn Read> = if super::saved::is_stdin(file) {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(file).map_err(|e| cannot(e.to_string()))?)
    };
    let reader = BufReader::with_capacity(256 * 1024, reader);
    let mut failed = None;
    let read = crate::jsonl::for_each_line(reader, None, |number, text| {
        each(number, text).map_err(|error| {
            let said = error.to_string();
            failed = Some(error);
            said
        })
    });
    match (read, failed) {
        (_, Some(error)) => Err(error),
        (Err(why), None) => Err(cannot(why)),
        (Ok(()), None) => Ok(()),
    }
}

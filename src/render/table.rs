//! `table`: the path as mtr shows one — a row per responder with loss and round-trip
//! statistics — between a line naming the destination and a line saying whether it was reached.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Table};
use console::Style as Paint;

use super::{fit, Style};
use crate::path::{ms, Path, PathHop, Responder};
use crate::task::{Status, Task};
use crate::term::one_line;

/// The mark on a row that only the device's raw text showed.
const MARK: &str = "†";
/// Round-trip times from here on are shown in yellow, and from [`VERY_SLOW_MS`] in red.
const SLOW_MS: f64 = 100.0;
const VERY_SLOW_MS: f64 = 250.0;

const HEADER: [&str; 8] = [
    "HOP", "HOST", "ADDRESS", "LOSS%", "SENT", "BEST", "AVG", "WORST",
];
/// The column of host names, left out when no responder has one.
const HOST: usize = 1;
/// Columns from here on hold numbers and are right-aligned.
const NUMBERS: usize = 3;

/// `RUNNING 42%`: what the table format shows of a task that has not finished.
pub fn status_line(task: &Task, out: &mut impl Write) -> io::Result<()> {
    let status = one_line(task.status.label());
    match task.progress {
        Some(percent) => writeln!(out, "{status} {percent}%"),
        None => writeln!(out, "{status}"),
    }
}

pub fn render(task: &Task, path: &Path, style: Style, out: &mut impl Write) -> io::Result<()> {
    let paint = Painter(style.color);
    // Prose lines wrap between words on a terminal, so that no value is split there either.
    let prose = |text: &str| -> Vec<String> {
        let text = one_line(text);
        match style.width {
            Some(width) => textwrap::wrap(&text, usize::from(width).max(20))
                .into_iter()
                .map(|line| line.into_owned())
                .collect(),
            None => vec![text.into_owned()],
        }
    };
    if let Some(heading) = heading(path) {
        for line in prose(&heading) {
            writeln!(out, "{line}")?;
        }
    }
    if path.hops.is_empty() {
        // Say so rather than print nothing: the task is done, but holds no path.
        return writeln!(
            out,
            "no hops: the task {} without hop data or raw output",
            one_line(task.status.label()).to_lowercase()
        );
    }
    writeln!(out, "{}", table(path, style, paint).trim_fmt())?;
    for note in footnotes(path) {
        for line in prose(&note) {
            writeln!(out, "{line}")?;
        }
    }
    if task.status != Status::Completed {
        // A failed (or unknown) task's hops are what it got before it ended: no verdict.
        return Ok(());
    }
    let reach = path.reach();
    let colour = match reach.reached() {
        Some(true) => Paint::new().green(),
        Some(false) => Paint::new().red().bold(),
        None => Paint::new().yellow(),
    };
    for line in prose(&reach.to_string()) {
        writeln!(out, "{}", paint.apply(colour.clone(), line))?;
    }
    Ok(())
}

/// `traceroute to NAME (ADDRESS)`, or just one of them when that is all the task says.
pub fn heading(path: &Path) -> Option<String> {
    match (&path.destination, &path.target) {
        (Some(name), Some(ip)) if name != ip => Some(format!("traceroute to {name} ({ip})")),
        (Some(name), _) => Some(format!("traceroute to {name}")),
        (None, Some(ip)) => Some(format!("traceroute to {ip}")),
        (None, None) => None,
    }
}

/// Columns given up, first to last, when a terminal is too narrow: SENT, BEST, WORST, HOST.
const DROP_ORDER: [usize; 4] = [4, 5, 7, 1];
/// Host names are cut with `…` to fit, down to this many characters.
const LEAST_HOST: usize = 8;

fn table(path: &Path, style: Style, paint: Painter) -> Table {
    let mut header: Vec<String> = HEADER.iter().map(|h| (*h).to_owned()).collect();
    // The last hop is the one the path ends on: its silence is news, not background.
    let last = path.hops.len() - 1;
    let mut rows: Vec<Vec<String>> = path
        .hops
        .iter()
        .enumerate()
        .flat_map(|(index, hop)| rows(hop, paint, index < last))
        .collect();
    // The usual gateway trace names no host: its HOST column would only be empty space.
    let named = rows
        .iter()
        .any(|row| row.get(HOST).is_some_and(|c| !c.is_empty()));
    let columns: Vec<usize> = (0..HEADER.len()).filter(|&c| named || c != HOST).collect();
    if !named {
        header.remove(HOST);
        for row in rows.iter_mut().filter(|row| row.len() > HOST) {
            row.remove(HOST);
        }
    }
    let position = |original: usize| columns.iter().position(|&c| c == original);
    let drop_order: Vec<usize> = DROP_ORDER.iter().filter_map(|&c| position(c)).collect();
    let kept: Vec<usize> = match style.width {
        // Fit only to a width we measured; nothing ever wraps inside a cell.
        Some(width) => fit::fit(
            &mut header,
            &mut rows,
            usize::from(width),
            &fit::Shape {
                shrinkable: position(HOST).map(|at| (at, LEAST_HOST)),
                drop_order: &drop_order,
            },
        ),
        None => (0..columns.len()).collect(),
    };
    let kept: Vec<usize> = kept.into_iter().map(|at| columns[at]).collect();
    let numeric = |at: usize| kept[at] >= NUMBERS;
    let mut table = super::plain_table(
        header
            .iter()
            .enumerate()
            .map(|(at, name)| {
                let cell = Cell::new(name);
                if numeric(at) {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            })
            .collect::<Vec<_>>(),
    );
    for (at, column) in table.column_iter_mut().enumerate() {
        if numeric(at) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    for row in rows {
        table.add_row(row);
    }
    table
}

/// A hop's rows: one per responder, loss and sent on the first; one `*` row when silent.
fn rows(hop: &PathHop, paint: Painter, intermediate: bool) -> Vec<Vec<String>> {
    let mark = if hop.recovered { MARK } else { "" };
    let number = format!("{}{mark}", hop.label());
    let loss = format!("{:.1}%", hop.loss());
    let sent = hop.sent.to_string();
    let responders = hop.responders();
    if responders.is_empty() {
        let row = vec![number, String::new(), "*".to_owned(), loss, sent];
        // A silent hop on the way is common (routers that do not answer); at the end it is not.
        let colour = if intermediate {
            Paint::new().dim()
        } else {
            Paint::new().red()
        };
        return vec![row
            .into_iter()
            .map(|cell| paint.apply(colour.clone(), cell))
            .collect()];
    }
    let loss_colour = match hop.loss() {
        l if l <= 0.0 => Paint::new(),
        l if l < 100.0 => Paint::new().yellow(),
        _ => Paint::new().red(),
    };
    let mut first = Some((number, paint.apply(loss_colour, loss), sent));
    responders
        .iter()
        .map(|responder| {
            let (number, loss, sent) = first.take().unwrap_or_default();
            let (host, address) = names(responder, paint);
            let [best, avg, worst] =
                [responder.best(), responder.avg(), responder.worst()].map(|v| match v {
                    None if responder.unreadable => "?".to_owned(),
                    v => time(v, paint),
                });
            vec![number, host, address, loss, sent, best, avg, worst]
        })
        .collect()
}

/// HOST and ADDRESS of a responder; notes (`!H`) and the raw-text mark follow the address.
fn names(responder: &Responder, paint: Painter) -> (String, String) {
    let host = match (responder.hostname, responder.address) {
        (Some(name), address) if Some(name) != address => one_line(name).into_owned(),
        _ => String::new(),
    };
    let mut address = match (responder.address, responder.hostname) {
        (Some(ip), _) => one_line(ip).into_owned(),
        (None, Some(_)) => String::new(),
        (None, None) => "?".to_owned(),
    };
    for note in &responder.notes {
        let note = one_line(note).into_owned();
        address = format!("{address} {}", paint.apply(Paint::new().red(), note));
    }
    if responder.added {
        address = format!("{address} {MARK}");
    }
    (host, address.trim_start().to_owned())
}

/// A time cell: one decimal (three under a tenth of a millisecond), coloured when slow.
fn time(value: Option<f64>, paint: Painter) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let colour = if value >= VERY_SLOW_MS {
        Paint::new().red()
    } else if value >= SLOW_MS {
        Paint::new().yellow()
    } else {
        Paint::new()
    };
    paint.apply(colour, ms(value))
}

/// `† hop 4 appears only in the device's raw output`, one line per hop or responder.
fn footnotes(path: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    for hop in &path.hops {
        if hop.recovered {
            notes.push(format!(
                "{MARK} hop {} appears only in the device's raw output",
                hop.label()
            ));
        }
        for responder in hop.responders().iter().filter(|r| r.added) {
            notes.push(format!(
                "{MARK} {} at hop {} appears only in the device's raw output",
                responder.shown(),
                hop.label()
            ));
        }
    }
    notes
}

/// Colours cells when stdout is a terminal that allows it; plain text otherwise.
#[derive(Clone, Copy)]
struct Painter(bool);

impl Painter {
    fn apply(self, colour: Paint, text: String) -> String {
        if self.0 && !text.is_empty() {
            colour.force_styling(true).apply_to(text).to_string()
        } else {
            text
        }
    }
}

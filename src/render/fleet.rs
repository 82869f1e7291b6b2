//! A fleet run's result, one device at a time as each is ready: a table row (fixed column
//! widths, so rows can be written before the last device is done), one JSON object per line
//! (NDJSON), CSV rows with a `serial` column, one mtr report per line, or each device's text
//! under a `== SERIAL ==` line.

use std::io::{self, Write};

use super::Format;
use super::Style;
use crate::outcome::Outcome;
use crate::path::{ms, Reach};
use crate::term::{one_line, visible_json};

/// Writes a fleet's result in one format, a device at a time.
pub struct FleetWriter {
    format: Format,
    style: Style,
    /// The SERIAL column's width: the longest serial of the file.
    serial_width: usize,
    /// Pings (`ping --serials-file`) rather than traceroutes.
    pings: bool,
    /// Traceroutes with every responder pinged (`--hop-pings`).
    hop_pings: bool,
}

/// Widths of the table's columns after SERIAL; ERROR takes what is left.
const WIDTHS: [usize; 5] = [9, 4, 7, 8, 8];
const HEADER: [&str; 7] = [
    "SERIAL", "STATUS", "HOPS", "REACHED", "AVG", "CHECKS", "ERROR",
];
/// A ping fleet's widths after SERIAL, and its header: RECEIVED is `18/20`.
const PING_WIDTHS: [usize; 5] = [9, 8, 5, 8, 8];
const PING_HEADER: [&str; 7] = [
    "SERIAL", "STATUS", "RECEIVED", "LOSS", "AVG", "CHECKS", "ERROR",
];

impl FleetWriter {
    pub fn new(format: Format, style: Style, serials: &[&str]) -> FleetWriter {
        let longest = serials.iter().map(|s| one_line(s).chars().count()).max();
        FleetWriter {
            format,
            style,
            serial_width: longest.unwrap_or(0).max(HEADER[0].len()),
            pings: false,
            hop_pings: false,
        }
    }

    /// The same writer for traces whose responders were pinged (`--hop-pings`): its CSV and
    /// mtr reports give the pings' figures.
    pub fn with_hop_pings(self, hop_pings: bool) -> FleetWriter {
        FleetWriter { hop_pings, ..self }
    }

    /// The same writer for a ping fleet: its table counts echoes, its CSV lists them.
    pub fn for_pings(self) -> FleetWriter {
        FleetWriter {
            pings: true,
            ..self
        }
    }

    /// What comes before the first device: the table's or the CSV's header.
    pub fn header(&self, out: &mut impl Write) -> io::Result<()> {
        match self.format {
            Format::Table if self.pings => self.table_line(&PING_HEADER.map(str::to_owned), out),
            Format::Table => self.table_line(&HEADER.map(str::to_owned), out),
            Format::Csv if self.pings => super::ping::csv_header(true, out),
            Format::Csv if self.hop_pings => super::pathping::csv_header(true, out),
            Format::Csv => super::csv::header(true, out),
            _ => Ok(()),
        }
    }

    /// One device's result.
    pub fn device(&self, outcome: &Outcome, out: &mut impl Write) -> io::Result<()> {
        match self.format {
            Format::Table if self.pings => self.table_line(&ping_row(outcome), out),
            Format::Table => self.table_line(&row(outcome), out),
            Format::Json => {
                let line = serde_json::to_string(outcome).map_err(io::Error::other)?;
                writeln!(out, "{}", self.clean_json(line))
            }
            Format::Csv if self.pings => match &outcome.ping {
                Some(ping) => super::ping::csv_rows(ping, Some(&outcome.serial), self.style, out),
                None => Ok(()),
            },
            Format::Csv if self.hop_pings => match &outcome.hop_pings {
                Some(pinged) => {
                    super::pathping::csv_rows(pinged, Some(&outcome.serial), self.style, out)
                }
                None => Ok(()),
            },
            Format::Csv => match &outcome.path {
                Some(path) => super::csv::rows(path, Some(&outcome.serial), self.style, out),
                None => Ok(()),
            },
            Format::MtrJson => match (&outcome.fetched, &outcome.path, &outcome.hop_pings) {
                (Some(fetched), Some(_), Some(pinged)) => {
                    let report = super::pathping::mtr(fetched, pinged);
                    writeln!(out, "{}", self.clean_json(report.to_string()))
                }
                (Some(fetched), Some(path), None) => {
                    let report = super::mtr::report(fetched, path);
                    writeln!(out, "{}", self.clean_json(report.to_string()))
                }
                _ => Ok(()),
            },
            // A map is drawn from every device at once: see `commands::fleet`.
            Format::Dot | Format::Svg | Format::Html => Ok(()),
            Format::Raw => {
                let raw = outcome
                    .fetched
                    .as_ref()
                    .and_then(|f| f.task.raw_output.as_deref());
                let Some(raw) = raw else { return Ok(()) };
                writeln!(out, "== {} ==", one_line(&outcome.serial))?;
                if let (Some(fetched), Some(pinged)) = (&outcome.fetched, &outcome.hop_pings) {
                    super::pathping::raw(fetched, pinged, self.style, out)?;
                    return writeln!(out);
                }
                let text = self.style.text(raw);
                out.write_all(text.as_bytes())?;
                if !text.ends_with('\n') {
                    out.write_all(b"\n")?;
                }
                Ok(())
            }
        }
    }

    /// What comes after the last device: the table's count line.
    pub fn summary(&self, total: usize, failed: usize, out: &mut impl Write) -> io::Result<()> {
        if self.format != Format::Table {
            return Ok(());
        }
        let devices = if total == 1 { "device" } else { "devices" };
        writeln!(
            out,
            "{total} {devices}: {} passed, {failed} did not",
            total - failed
        )
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether the format shows each device's error and failed checks itself; the others
    /// leave them to stderr.
    pub fn shows_errors(&self) -> bool {
        matches!(self.format, Format::Table | Format::Json)
    }

    fn clean_json(&self, line: String) -> String {
        if self.style.sanitize {
            visible_json(&line).into_owned()
        } else {
            line
        }
    }

    fn table_line(&self, cells: &[String; 7], out: &mut impl Write) -> io::Result<()> {
        let rest = if self.pings { PING_WIDTHS } else { WIDTHS };
        let widths = std::iter::once(self.serial_width).chain(rest);
        let mut line = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            let pad = width.saturating_sub(cell.chars().count());
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', pad + super::fit::GAP));
        }
        line.push_str(&cells[6]);
        writeln!(out, "{}", line.trim_end())
    }
}

/// SERIAL, STATUS, RECEIVED (`18/20`), LOSS, AVG, CHECKS, ERROR.
fn ping_row(outcome: &Outcome) -> [String; 7] {
    let dash = || "-".to_owned();
    let (received, loss, avg) = match &outcome.ping {
        Some(ping) => (
            format!("{}/{}", ping.received, ping.sent),
            super::ping::percent((ping.loss_percent() * 10.0).round() / 10.0),
            ping.avg_ms.map_or_else(dash, |a| format!("{} ms", ms(a))),
        ),
        None => (dash(), dash(), dash()),
    };
    let [serial, status, _, _, _, checks, error] = row(outcome);
    [serial, status, received, loss, avg, checks, error]
}

fn row(outcome: &Outcome) -> [String; 7] {
    let dash = || "-".to_owned();
    let status = outcome
        .status()
        .map_or_else(dash, |s| one_line(s).into_owned());
    let (hops, reached, avg) = match (&outcome.path, &outcome.hop_pings) {
        // Reach and time from the destination's pings.
        (Some(path), Some(pinged)) => {
            let ping = pinged.destination().and_then(|m| m.ping.as_ref().ok());
            let word = match ping.map(|p| p.received > 0) {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            };
            let avg = ping
                .and_then(|p| p.avg_ms)
                .map_or_else(dash, |a| format!("{} ms", ms(a)));
            (path.length().to_string(), word.to_owned(), avg)
        }
        (Some(path), None) => {
            let reach = path.reach();
            let avg = match &reach {
                Reach::Reached { responder, .. } => responder
                    .avg()
                    .map_or_else(dash, |a| format!("{} ms", ms(a))),
                _ => dash(),
            };
            let word = match reach.reached() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            };
            (path.length().to_string(), word.to_owned(), avg)
        }
        (None, _) => (dash(), dash(), dash()),
    };
    let checks = match outcome.checks.len() {
        0 => String::new(),
        n => format!("{n} failed"),
    };
    let error = outcome
        .error
        .as_deref()
        .or(outcome.checks.first().map(String::as_str))
        .map(|e| one_line(e).into_owned())
        .unwrap_or_default();
    [
        one_line(&outcome.serial).into_owned(),
        status,
        hops,
        reached,
        avg,
        checks,
        error,
    ]
}

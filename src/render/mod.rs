//! Turns a fetched task (or a command's report) into the bytes of one output format; no I/O
//! beyond the writer.

pub mod auth;
mod csv;
mod diff;
mod fit;
pub mod fleet;
pub mod history;
mod json;
mod mtr;
pub mod pathping;
pub mod ping;
mod raw;
mod table;

use std::io::{self, Write};

use crate::map::{Graph, MapFormat, Trace};
use crate::path::Path;
use crate::task::Fetched;
use crate::term::Term;

/// The output formats of a task (`-o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// mtr-style: a row per responder with loss and best/avg/worst, and whether it was reached
    Table,
    /// The device's own traceroute text, byte for byte
    Raw,
    /// The task document as the API returned it, pretty-printed
    Json,
    /// hop,address,hostname,rtt_ms: one row per probe
    Csv,
    /// The report `mtr --json` writes (report.mtr, report.hubs)
    MtrJson,
    /// A map of the path(s) as Graphviz DOT
    Dot,
    /// A map of the path(s) drawn as SVG
    Svg,
    /// A map as one self-contained HTML page: the SVG, a legend, a table of devices
    Html,
}

impl Format {
    /// The map format this is, for `dot`, `svg` and `html`.
    pub fn map(self) -> Option<MapFormat> {
        match self {
            Format::Dot => Some(MapFormat::Dot),
            Format::Svg => Some(MapFormat::Svg),
            Format::Html => Some(MapFormat::Html),
            _ => None,
        }
    }
}

/// How to render for where stdout goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// stdout is a terminal: show control characters in device text visibly.
    pub sanitize: bool,
    /// Fit the table to this many columns.
    pub width: Option<u16>,
    /// Colour the table (stdout is a terminal, `--color`, `NO_COLOR`).
    pub color: bool,
}

impl Style {
    /// Device text as written to stdout: control characters made visible on a terminal,
    /// byte for byte elsewhere.
    pub fn text<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.sanitize {
            crate::term::visible(text)
        } else {
            text.into()
        }
    }

    /// A CSV cell of device text (empty when there is none), as [`Style::text`].
    pub fn cell(&self, text: Option<&str>) -> String {
        self.text(text.unwrap_or("")).into_owned()
    }

    /// The style for wherever stdout goes.
    pub fn for_stdout(term: &Term) -> Style {
        Style {
            sanitize: term.stdout_tty,
            width: term.width,
            color: term.stdout_color,
        }
    }
}

/// Renders `fetched` in `format`. A task still in progress has no hops yet: `table` shows its
/// status and progress on one line, `json` the document, `raw`, `csv`, `mtr-json` and the
/// maps (`dot`, `svg`, `html`: the one path drawn as in `gwtrace map`) nothing.
pub fn render(
    fetched: &Fetched,
    format: Format,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    render_with(fetched, None, format, style, out)
}

/// [`render`] with the merged view already made, when the caller made it (to check the path)
/// and it should not be made twice; made here when needed and not given.
pub fn render_with(
    fetched: &Fetched,
    path: Option<&Path>,
    format: Format,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let task = &fetched.task;
    match format {
        Format::Json => json::render(&fetched.document(), style, out),
        _ if !task.status.is_terminal() => match format {
            Format::Table => table::status_line(task, out),
            _ => Ok(()),
        },
        Format::Raw => raw::render(task, style, out),
        Format::Table
        | Format::Csv
        | Format::MtrJson
        | Format::Dot
        | Format::Svg
        | Format::Html => {
            let made;
            let path = match path {
                Some(path) => path,
                None => {
                    made = Path::of(task);
                    &made
                }
            };
            if let Some(map) = format.map() {
                let source = fetched.serial.as_deref().unwrap_or("device");
                let graph = Graph::build(&[Trace { source, path }], &[]);
                return crate::map::write(&graph, map, out);
            }
            match format {
                Format::Table => table::render(task, path, style, out),
                Format::Csv => csv::render(path, style, out),
                _ => mtr::render(fetched, path, style, out),
            }
        }
    }
}

/// A traced path whose responders were pinged (`--hop-pings`), in `format` (table, csv,
/// mtr-json, json or raw; the maps draw the trace's path).
pub fn pathping(
    fetched: &Fetched,
    pinged: &crate::pathping::PathPing,
    heading: Option<&str>,
    format: Format,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Table => pathping::table(pinged, heading, style, out),
        Format::Csv => pathping::csv(pinged, style, out),
        Format::MtrJson => json::render(&pathping::mtr(fetched, pinged), style, out),
        Format::Json => pathping::json(fetched, pinged, style, out),
        Format::Raw => pathping::raw(fetched, pinged, style, out),
        Format::Dot | Format::Svg | Format::Html => render(fetched, format, style, out),
    }
}

/// The first line of a trace's table (`traceroute to NAME (ADDRESS)`), for other views of it.
pub fn heading(path: &Path) -> Option<String> {
    table::heading(path)
}

/// Any JSON document (the start call's answer) pretty-printed like the task document.
pub fn json_document(
    document: &serde_json::Value,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    json::render(document, style, out)
}

/// Two paths compared (`gwtrace diff`): a side-by-side table, or JSON.
pub fn diff(
    comparison: &crate::path::compare::Comparison,
    json: bool,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    diff::render(comparison, json, style, out)
}

/// A round-trip time as a plain decimal: `1`, `0.512`, `33.799`.
fn plain_ms(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests;

/// `gwtrace tasks`: test name, task id and the command that reads a traceroute.
pub fn task_list(rows: &[[String; 3]], out: &mut impl Write) -> io::Result<()> {
    let mut table = plain_table(["TEST", "TASK ID", "READ IT WITH"]);
    for row in rows {
        table.add_row(
            row.iter()
                .map(|cell| crate::term::one_line(cell).into_owned()),
        );
    }
    writeln!(out, "{}", table.trim_fmt())
}

/// A table as every table here is drawn: no borders, `fit::GAP` spaces between columns,
/// nothing wrapped (the hop table is fitted to the terminal by [`fit`], or not at all).
pub fn plain_table(header: impl Into<comfy_table::Row>) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    table.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    table.set_header(header);
    for column in table.column_iter_mut() {
        column.set_padding((0, fit::GAP as u16));
    }
    table
}

//! `gwtrace history`: recorded traces as a table, newest first, with a short fingerprint of
//! each path and a mark where it changed from the trace before it; or as NDJSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::history::Entry;
use crate::path::ms;
use crate::term::one_line;

/// The mark on a path that changed from the previous trace of its serial and destination.
const CHANGED: &str = "*";

/// A recorded trace and whether its path changed from the one before it.
#[derive(Debug, Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub entry: Entry,
    /// `None` when there is nothing to compare with.
    pub changed: Option<bool>,
}

pub fn render(listed: &[Listed], json: bool, out: &mut impl Write) -> io::Result<()> {
    if json {
        for row in listed {
            let line = serde_json::to_string(row).map_err(io::Error::other)?;
            writeln!(out, "{}", crate::term::visible_json(&line))?;
        }
        return Ok(());
    }
    let mut table = super::plain_table([
        "ID", "TIME", "SERIAL", "DEST", "STATUS", "HOPS", "REACHED", "AVG", "PATH",
    ]);
    for row in listed {
        table.add_row(cells(row));
    }
    writeln!(out, "{}", table.trim_fmt())?;
    if listed.iter().any(|row| row.changed == Some(true)) {
        writeln!(
            out,
            "{CHANGED} the path changed from the trace before it of that serial and destination \
             (by the rule of diff)"
        )?;
    }
    Ok(())
}

fn cells(row: &Listed) -> Vec<String> {
    let entry = &row.entry;
    let dash = || "-".to_owned();
    let reached = match entry.reached {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    };
    let path = entry.fingerprint.as_deref().map_or_else(dash, |f| {
        let short: String = f.chars().take(8).collect();
        match row.changed {
            Some(true) => format!("{short} {CHANGED}"),
            _ => short,
        }
    });
    vec![
        entry.id.to_string(),
        crate::history::transfer::rfc3339(entry.recorded_at),
        one_line(&entry.serial).into_owned(),
        entry
            .destination
            .as_deref()
            .map_or_else(dash, |d| one_line(d).into_owned()),
        one_line(&entry.status).into_owned(),
        entry.hops.map_or_else(dash, |h| h.to_string()),
        reached.to_owned(),
        entry.avg_ms.map_or_else(dash, |a| format!("{} ms", ms(a))),
        path,
    ]
}

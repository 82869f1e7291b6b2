//! Files of JSON values as gwtrace saves them, read one line at a time: a fleet's `--json`
//! NDJSON, a `history export`, or one pretty-printed task document (`--json` of one task),
//! which is handed over whole. Shared by every reader of saved traces (baselines, maps,
//! `history import`), so that all take the same forms and say the same line numbers.

use std::io::{BufRead, Read};

/// The most a single pretty-printed document may hold: the API's own limit on a task.
pub const MAX_DOCUMENT: u64 = 8 * 1024 * 1024;

/// Hands every non-blank line of `reader` to `each` with its number (a byte-order mark and
/// the line's spaces dropped), until `each` fails. A first line that starts a JSON value
/// going on past it makes the rest of the file one value, handed over as one "line" (at most
/// [`MAX_DOCUMENT`]). More than `max` bytes in all (when given) is an error saying so.
pub fn for_each_line(
    reader: impl BufRead,
    max: Option<u64>,
    mut each: impl FnMut(usize, String) -> Result<(), String>,
) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("it cannot be read ({e})");
    let mut reader = reader.take(max.map_or(u64::MAX, |max| max.saturating_add(1)));
    let mut line = String::new();
    let mut number = 0;
    let mut first = true;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(cannot)? == 0 {
            return Ok(());
        }
        if let (Some(max), 0) = (max, reader.limit()) {
            return Err(format!("it is larger than {} MiB", max / (1024 * 1024)));
        }
        number += 1;
        let text = line.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        if std::mem::take(&mut first) && text.starts_with('{') && unfinished(text) {
            let mut whole = text.as_bytes().to_vec();
            (&mut reader)
                .take(MAX_DOCUMENT)
                .read_to_end(&mut whole)
                .map_err(cannot)?;
            let whole = String::from_utf8(whole).map_err(|_| "it is not text".to_owned())?;
            return each(number, whole);
        }
        each(number, text.to_owned())?;
    }
}

/// Parses what [`for_each_line`] handed over as line `number`; an error names the line where
/// it went wrong (inside a whole document too) and whether the value was cut short.
pub fn parse(number: usize, text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| {
        let what = if e.is_eof() {
            "ends in the middle of"
        } else {
            "is not"
        };
        format!(
            "line {} {what} a JSON value",
            number + e.line().saturating_sub(1)
        )
    })
}

/// Whether `text` is the start of a JSON value that goes on past its line.
fn unfinished(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_err_and(|e| e.is_eof())
}

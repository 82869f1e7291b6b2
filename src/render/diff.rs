//! `gwtrace diff`: two paths side by side — hop, old responders, new responders, what changed —
//! and a closing line; or the comparison as one JSON document.

use std::io::{self, Write};

use super::{json, Style};
use crate::path::compare::{Change, Comparison, HopChange};
use crate::path::ms;
use crate::term::one_line;

pub fn render(
    comparison: &Comparison,
    json: bool,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    if json {
        let value = serde_json::to_value(comparison).map_err(io::Error::other)?;
        return json::render(&value, style, out);
    }
    let mut table = super::plain_table(["HOP", "OLD", "NEW", "CHANGE"]);
    for hop in &comparison.hops {
        // A hop past one side's end is absent there (`-`), not silent (`*`).
        let cell = |responders: &[String], absent: bool| match responders {
            [] if absent => "-".to_owned(),
            [] => "*".to_owned(),
            many => many
                .iter()
                .map(|r| one_line(r).into_owned())
                .collect::<Vec<_>>()
                .join("\n"),
        };
        table.add_row([
            hop.hop.to_string(),
            cell(&hop.old, hop.change == Change::New),
            cell(&hop.new, hop.change == Change::Gone),
            change(hop),
        ]);
    }
    writeln!(out, "{}", table.trim_fmt())?;
    if comparison.same {
        writeln!(out, "same path")
    } else {
        let why = one_line(&comparison.differences.join("; ")).into_owned();
        writeln!(out, "the path changed: {why}")
    }
}

/// `same`, `changed`, `new`, `gone`, with `rtt 1.0 → 26.0 ms` when the average moved.
fn change(hop: &HopChange) -> String {
    let word = match hop.change {
        Change::Same => "same",
        Change::Changed => "changed",
        Change::New => "new",
        Change::Gone => "gone",
    };
    match (hop.rtt_moved, hop.old_avg_ms, hop.new_avg_ms) {
        (true, Some(old), Some(new)) => format!("{word}, rtt {} → {} ms", ms(old), ms(new)),
        _ => word.to_owned(),
    }
}

//! `gwtrace diff OLD NEW`: whether two saved traces took the same path; exit 11 when not.

use crate::cli::{DiffArgs, GlobalArgs};
use crate::error::{Error, Result};
use crate::path::compare::compare;
use crate::render::{self, Style};
use crate::ui::Ui;

use super::saved::{load, Subject};
use crate::checks::{Baseline, Saved};
use crate::ids::Serial;

pub async fn run(global: &GlobalArgs, args: &DiffArgs, ui: &Ui) -> Result<()> {
    if super::saved::is_stdin(&args.old) && super::saved::is_stdin(&args.new) {
        return Err(Error::Usage(
            "only one of OLD and NEW can be - (stdin)".to_owned(),
        ));
    }
    let serials: Vec<Serial> = args.serial.iter().cloned().collect();
    let subject = Subject {
        serials: &serials,
        destination: args.dest.as_deref(),
        global,
    };
    let (old, new) = (
        load(&args.old, subject).await?,
        load(&args.new, subject).await?,
    );
    let (old, new) = pair(&old, &new, args.serial.as_ref()).map_err(Error::other)?;
    let comparison = compare(&old.path, &new.path, args.rtt_threshold);
    let mut out = Vec::new();
    render::diff(
        &comparison,
        args.json,
        Style::for_stdout(&ui.term),
        &mut out,
    )?;
    super::print(&out)?;
    if comparison.same {
        Ok(())
    } else {
        Err(Error::PathsDiffer)
    }
}

/// The two traces to compare: `--serial`'s line from each side that has several devices;
/// without it, with a fleet's NDJSON on one side, the line of the device the other side
/// names.
fn pair<'a>(
    old: &'a Baseline,
    new: &'a Baseline,
    serial: Option<&Serial>,
) -> std::result::Result<(&'a Saved, &'a Saved), String> {
    if let Some(serial) = serial {
        let serial = Some(serial.as_str());
        return Ok((old.for_serial(serial)?, new.for_serial(serial)?));
    }
    let serial_of = |b: &'a Baseline| match b.traces.as_slice() {
        [only] => only.serial.as_deref(),
        _ => None,
    };
    let old_one = old.for_serial(serial_of(new))?;
    let new_one = new.for_serial(old_one.serial.as_deref())?;
    Ok((old_one, new_one))
}

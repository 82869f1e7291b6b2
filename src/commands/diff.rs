//! `gwtrace diff OLD NEW`: whether two saved traces took the same path; exit 11 when not.

use crate::cli::DiffArgs;
use crate::error::{Error, Result};
use crate::path::compare::compare;
use crate::render::{self, Style};
use crate::ui::Ui;

use super::saved::load;

pub fn run(args: &DiffArgs, ui: &Ui) -> Result<()> {
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        return Err(Error::Usage(
            "only one of OLD and NEW can be - (stdin)".to_owned(),
        ));
    }
    let (_, old) = load(&args.old)?;
    let (_, new) = load(&args.new)?;
    let comparison = compare(&old, &new, args.rtt_threshold);
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

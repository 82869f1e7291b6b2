//! `json`: the task document exactly as the API returned it, pretty-printed, key order kept.

use std::io::{self, Write};

use serde::Serialize;

use super::Style;
use crate::term::visible_json;

/// Streams the document into `out` (no copy of an 8 MiB document is built), or on a terminal
/// builds the text once to make control characters visible.
pub fn render(document: &impl Serialize, style: Style, out: &mut impl Write) -> io::Result<()> {
    if style.sanitize {
        let text = serde_json::to_string_pretty(document).map_err(io::Error::other)?;
        out.write_all(visible_json(&text).as_bytes())?;
    } else {
        serde_json::to_writer_pretty(&mut *out, document).map_err(io::Error::from)?;
    }
    out.write_all(b"\n")
}

//! `json`: the task document exactly as the API returned it, pretty-printed, key order kept.

use std::io::{self, Write};

use serde_json::Value;

use super::Style;
use crate::term::visible_json;

pub fn render(document: &Value, style: Style, out: &mut impl Write) -> io::Result<()> {
    let mut text = serde_json::to_string_pretty(document).map_err(io::Error::other)?;
    if style.sanitize {
        text = visible_json(&text).into_owned();
    }
    text.push('\n');
    out.write_all(text.as_bytes())
}

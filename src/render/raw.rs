//! `raw`: the device's own traceroute text, byte for byte (made visible on a terminal).

use std::io::{self, Write};

use super::Style;
use crate::task::Task;
use crate::term::visible;

pub fn render(task: &Task, style: Style, out: &mut impl Write) -> io::Result<()> {
    let Some(raw) = &task.raw_output else {
        return Ok(());
    };
    if style.sanitize {
        out.write_all(visible(raw).as_bytes())
    } else {
        out.write_all(raw.as_bytes())
    }
}

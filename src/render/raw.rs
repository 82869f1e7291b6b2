//! `raw`: the device's own traceroute text, byte for byte (made visible on a terminal).

use std::io::{self, Write};

use super::Style;
use crate::task::Task;

pub fn render(task: &Task, style: Style, out: &mut impl Write) -> io::Result<()> {
    let Some(raw) = &task.raw_output else {
        return Ok(());
    };
    out.write_all(style.text(raw).as_bytes())
}

//! `csv`: `hop,address,hostname,rtt_ms`, one row per probe; a silent hop is one empty row.

use std::io::{self, Write};

use super::{ms, Style};
use crate::task::Task;
use crate::term::visible;

pub fn render(task: &Task, style: Style, out: &mut impl Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let clean = |text: &str| {
        if style.sanitize {
            visible(text).into_owned()
        } else {
            text.to_owned()
        }
    };
    writer.write_record(["hop", "address", "hostname", "rtt_ms"])?;
    for hop in &task.hops {
        let number = hop.label();
        if !hop.answered() {
            writer.write_record([number.as_str(), "", "", ""])?;
            continue;
        }
        for probe in &hop.probes {
            writer.write_record([
                number.clone(),
                clean(probe.address.as_deref().unwrap_or("")),
                clean(probe.hostname.as_deref().unwrap_or("")),
                probe.rtt_ms.map(ms).unwrap_or_default(),
            ])?;
        }
    }
    writer.flush()
}

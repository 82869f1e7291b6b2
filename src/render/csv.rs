//! `csv`: `hop,address,hostname,rtt_ms`, one row per probe of the merged view (hops recovered
//! from the device's text and responders only it shows included); a silent hop is one empty row.

use std::io::{self, Write};

use super::{plain_ms, Style};
use crate::path::Path;
use crate::term::visible;

pub fn render(path: &Path, style: Style, out: &mut impl Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let clean = |text: Option<&str>| {
        let text = text.unwrap_or("");
        if style.sanitize {
            visible(text).into_owned()
        } else {
            text.to_owned()
        }
    };
    writer.write_record(["hop", "address", "hostname", "rtt_ms"])?;
    for hop in &path.hops {
        let number = hop.label();
        if !hop.answered() {
            writer.write_record([number.as_str(), "", "", ""])?;
            continue;
        }
        for probe in hop.probes.iter().chain(&hop.added) {
            writer.write_record([
                number.clone(),
                clean(probe.address.as_deref()),
                clean(probe.hostname.as_deref()),
                match probe.rtt_ms {
                    Some(ms) => plain_ms(ms),
                    None if probe.rtt_unreadable => "?".to_owned(),
                    None => String::new(),
                },
            ])?;
        }
    }
    writer.flush()
}

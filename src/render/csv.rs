//! `csv`: `hop,address,hostname,rtt_ms`, one row per probe of the merged view (hops recovered
//! from the device's text and responders only it shows included); a silent hop is one empty
//! row. A fleet's CSV puts a `serial` column first.

use std::io::{self, Write};

use super::{plain_ms, Style};
use crate::path::Path;

const COLUMNS: [&str; 4] = ["hop", "address", "hostname", "rtt_ms"];

pub fn render(path: &Path, style: Style, out: &mut impl Write) -> io::Result<()> {
    header(false, out)?;
    rows(path, None, style, out)
}

/// The header line; with a `serial` column first for a fleet.
pub fn header(serial: bool, out: &mut impl Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let first = serial.then_some("serial");
    writer.write_record(first.into_iter().chain(COLUMNS))?;
    writer.flush()
}

/// The rows of `path`, each starting with `serial` when given.
pub fn rows(
    path: &Path,
    serial: Option<&str>,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let first = serial.map(|s| style.cell(Some(s)));
    for hop in &path.hops {
        let number = hop.label();
        if !hop.answered() {
            let row = [number.clone(), String::new(), String::new(), String::new()];
            writer.write_record(first.iter().cloned().chain(row))?;
            continue;
        }
        for probe in hop.probes.iter().chain(&hop.added) {
            let row = [
                number.clone(),
                style.cell(probe.address.as_deref()),
                style.cell(probe.hostname.as_deref()),
                match probe.rtt_ms {
                    Some(ms) => plain_ms(ms),
                    None if probe.rtt_unreadable => "?".to_owned(),
                    None => String::new(),
                },
            ];
            writer.write_record(first.iter().cloned().chain(row))?;
        }
    }
    writer.flush()
}

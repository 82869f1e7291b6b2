//! A ping task as a ping user reads one: `table` lists every echo (its sequence number and
//! round-trip time, or `lost`) and ends with the summary line; `csv` is one row per echo;
//! `json` and `raw` are the document and the device's text, as for a traceroute.

use std::io::{self, Write};

use super::{plain_ms, Style};
use crate::path::ms;
use crate::ping::{Ping, Source};
use crate::term::one_line;

/// The CSV columns of a ping (a fleet's put `serial` first).
const COLUMNS: [&str; 3] = ["seq", "answered", "rtt_ms"];

/// The echo table, then the statistics.
pub fn table(ping: &Ping, asked: &str, out: &mut impl Write) -> io::Result<()> {
    let target = one_line(ping.destination.as_deref().unwrap_or(asked)).into_owned();
    writeln!(out, "ping to {target}: {} echoes", ping.sent)?;
    match ping.source {
        Source::Summary => writeln!(
            out,
            "(the device reports a summary only: no echo one by one)"
        )?,
        Source::Text => writeln!(
            out,
            "(echoes read from the device's text: the task's output does not list them)"
        )?,
        Source::Replies => {}
    }
    if !ping.echoes.is_empty() {
        let mut table = super::plain_table(["SEQ", "RTT"]);
        for echo in &ping.echoes {
            let rtt = match (echo.answered, echo.rtt_ms) {
                (false, _) => "lost".to_owned(),
                (true, Some(time)) => format!("{} ms", plain_ms(round(time))),
                // A gateway's `!`: answered, no time given.
                (true, None) => "answered".to_owned(),
            };
            table.add_row([echo.seq.to_string(), rtt]);
        }
        if let Some(column) = table.column_mut(0) {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
        writeln!(out, "{}", table.trim_fmt())?;
    }
    writeln!(out, "{}", summary(ping))
}

/// `10 sent, 9 received, 10% loss, min/avg/max/stdev = 0.401/0.447/0.512/0.031 ms, jitter
/// 0.040 ms`: what the device measured, as far as it said.
pub fn summary(ping: &Ping) -> String {
    let mut line = format!(
        "{} sent, {} received, {} loss",
        ping.sent,
        ping.received,
        percent(ping.loss_percent())
    );
    let times = [ping.min_ms, ping.avg_ms, ping.max_ms];
    if times.iter().all(Option::is_some) {
        let mut names = "min/avg/max".to_owned();
        let mut values: Vec<String> = times.iter().flatten().map(|t| fixed(*t)).collect();
        if let Some(stdev) = ping.stdev_ms {
            names.push_str("/stdev");
            values.push(fixed(stdev));
        }
        line.push_str(&format!(", {names} = {} ms", values.join("/")));
    }
    if let Some(jitter) = ping.jitter_ms() {
        line.push_str(&format!(", jitter {} ms", fixed(jitter)));
    }
    line
}

/// The header of a ping's CSV; with a `serial` column first for a fleet.
pub fn csv_header(serial: bool, out: &mut impl Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(serial.then_some("serial").into_iter().chain(COLUMNS))?;
    writer.flush()
}

/// One row per echo: `seq,answered,rtt_ms` (`rtt_ms` empty where none was given).
pub fn csv_rows(
    ping: &Ping,
    serial: Option<&str>,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let serial = serial.map(|s| style.cell(Some(s)));
    for echo in &ping.echoes {
        let row = [
            echo.seq.to_string(),
            echo.answered.to_string(),
            echo.rtt_ms.map(|t| plain_ms(round(t))).unwrap_or_default(),
        ];
        writer.write_record(serial.iter().cloned().chain(row))?;
    }
    writer.flush()
}

/// A time to the microsecond, as pings measure.
fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// Three decimals, as ping writes its statistics.
fn fixed(value: f64) -> String {
    format!("{value:.3}")
}

pub use crate::ping::percent;

/// A round-trip time for prose (`0.447 ms`).
pub fn rtt(value: f64) -> String {
    format!("{} ms", ms(value))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ids::Device;

    fn cx() -> Ping {
        let document = json!({"status": "COMPLETED", "output": {
        "destination": "10.0.0.1", "transmittedPacketsCount": "4",
        "receivedPacketsCount": "3",
        "replies": [
            {"sentPacketIcmpSequenceNumber": "1", "sentPacketTimeMilliseconds": "0.447"},
            {"sentPacketIcmpSequenceNumber": "2", "sentPacketTimeMilliseconds": "0.512"},
            {"sentPacketIcmpSequenceNumber": "4", "sentPacketTimeMilliseconds": "0.401"}
        ]}});
        Ping::of(&document, Device::Cx).unwrap()
    }

    #[test]
    fn the_table_lists_every_echo_a_gap_as_lost_then_the_statistics() {
        let mut out = Vec::new();
        table(&cx(), "x", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "ping to 10.0.0.1: 4 echoes\n\
             SEQ  RTT\n  1  0.447 ms\n  2  0.512 ms\n  3  lost\n  4  0.401 ms\n\
             4 sent, 3 received, 25% loss, min/avg/max/stdev = 0.401/0.453/0.512/0.056 ms, \
             jitter 0.088 ms\n"
        );
    }

    #[test]
    fn csv_is_one_row_per_echo() {
        let mut out = Vec::new();
        csv_header(false, &mut out).unwrap();
        csv_rows(&cx(), None, Style::default(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "seq,answered,rtt_ms\n1,true,0.447\n2,true,0.512\n3,false,\n4,true,0.401\n"
        );
    }

    #[test]
    fn a_gateway_summary_says_it_has_no_echoes() {
        let document = json!({"status": "COMPLETED", "output": {
            "destination": "8.8.8.8", "sentPacketsCount": "5", "receivedPacketsCount": "5",
            "minimumLatencyMilliseconds": "1", "averageLatencyMilliseconds": "2",
            "maximumLatencyMilliseconds": "3"}});
        let ping = Ping::of(&document, Device::Gateway).unwrap();
        let mut out = Vec::new();
        table(&ping, "x", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("summary only"), "{text}");
        assert!(text.ends_with("5 sent, 5 received, 0% loss, min/avg/max = 1.000/2.000/3.000 ms\n"));
    }
}

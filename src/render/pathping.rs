//! A traced path whose responders were pinged (`--hop-pings N`), in every format: the table
//! is mtr's with the figures from the pings (LOSS% of the pings to a responder, FWD% the
//! loss of the traffic it forwards, SENT = N) and pathping's reading under it; `csv` one row
//! per responder; `mtr-json` mtr's report with `Snt = N`; `json` the trace document with a
//! `hopPings` key added after its own; `raw` the trace's text, then each ping's.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::{json as json_out, plain_ms, Style};
use crate::pathping::{round, Measured, PathPing, PingedHop, Spot};
use crate::task::Fetched;
use crate::term::one_line;

/// The hop label: its number, or `dest` for the destination pinged past the path.
fn label(hop: &PingedHop) -> String {
    hop.number
        .map_or_else(|| "dest".to_owned(), |n| n.to_string())
}

/// Every row: (hop, spot, its measurement, (loss, forwarded loss)); a silent hop is a row
/// without a spot.
type Row<'a> = (
    &'a PingedHop,
    Option<&'a Spot>,
    Option<&'a Measured>,
    Option<(f64, f64)>,
);

fn rows(pinged: &PathPing) -> Vec<Row<'_>> {
    let analysis = pinged.analysis();
    let mut rows = Vec::new();
    for (hop, losses) in pinged.hops.iter().zip(&analysis.loss) {
        if hop.spots.is_empty() {
            rows.push((hop, None, None, None));
        }
        for (spot, loss) in hop.spots.iter().zip(losses) {
            rows.push((hop, Some(spot), pinged.measured.get(spot.measured), *loss));
        }
    }
    rows
}

fn ms(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v:.1}"))
}

/// The table, pathping's notes under it, and the verdict on forwarded loss.
pub fn table(
    pinged: &PathPing,
    heading: Option<&str>,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    // On a terminal control characters are shown; elsewhere device text keeps to one line.
    let clean = |text: &str| -> String {
        if style.sanitize {
            style.text(text).into_owned()
        } else {
            one_line(text).into_owned()
        }
    };
    let n = pinged.count;
    match heading {
        Some(heading) => writeln!(
            out,
            "{}: loss and times from {n} pings to each responder (--hop-pings)",
            clean(heading)
        )?,
        None => writeln!(out, "loss and times from {n} pings to each responder")?,
    }
    let rows = rows(pinged);
    let named = rows
        .iter()
        .any(|(_, spot, _, _)| spot.is_some_and(|s| s.hostname.is_some()));
    let mut header = vec!["HOP", "HOST", "ADDRESS", "LOSS%", "FWD%", "SENT"];
    header.extend(["BEST", "AVG", "WORST", "STDEV"]);
    if !named {
        header.remove(1);
    }
    let mut table = super::plain_table(header.clone());
    let mut problems = Vec::new();
    for (hop, spot, measured, loss) in &rows {
        let mut cells = vec![label(hop)];
        let Some(spot) = spot else {
            cells.push("*".to_owned());
            table.add_row(cells);
            continue;
        };
        if named {
            cells.push(clean(spot.hostname.as_deref().unwrap_or("")));
        }
        cells.push(clean(spot.address.as_deref().unwrap_or("")));
        let ping = measured.and_then(|m| m.ping.as_ref().ok());
        if let Some(Measured {
            ping: Err(why),
            target,
            ..
        }) = measured
        {
            problems.push(format!(
                "hop {} ({target}): no ping result: {why}",
                label(hop)
            ));
        }
        match (ping, loss) {
            (Some(ping), Some((own, forwarded))) => {
                cells.push(format!("{:.1}", round(*own)));
                cells.push(format!("{:.1}", round(*forwarded)));
                cells.push(ping.sent.to_string());
                cells.extend([ping.min_ms, ping.avg_ms, ping.max_ms, ping.stdev_ms].map(ms));
            }
            _ => cells.extend(["?", "?"].map(str::to_owned)),
        }
        table.add_row(cells);
    }
    for column in table.column_iter_mut().skip(header.len() - 7) {
        column.set_cell_alignment(comfy_table::CellAlignment::Right);
    }
    writeln!(out, "{}", table.trim_fmt())?;
    for note in pinged.notes().into_iter().chain(problems) {
        writeln!(out, "{}", clean(&note))?;
    }
    writeln!(out, "{}", verdict(pinged))
}

/// `reached 192.0.2.9: 0% forwarded loss, avg 39.5 ms over 20 pings`, or why not.
pub fn verdict(pinged: &PathPing) -> String {
    let Some(measured) = pinged.destination() else {
        return "reached: unknown; the destination was not pinged".to_owned();
    };
    let target = one_line(&measured.target).into_owned();
    match &measured.ping {
        Err(why) => format!("reached: unknown; the ping to {target} gave no result: {why}"),
        Ok(ping) if ping.received == 0 => {
            format!("not reached {target}: no reply to {} pings", ping.sent)
        }
        Ok(ping) => {
            let avg = ping
                .avg_ms
                .map_or_else(String::new, |a| format!(", avg {} ms", crate::path::ms(a)));
            format!(
                "reached {target}: {} forwarded loss{avg} over {} pings",
                super::ping::percent(round(ping.loss_percent())),
                ping.sent
            )
        }
    }
}

const CSV: [&str; 11] = [
    "hop",
    "address",
    "hostname",
    "sent",
    "received",
    "loss_pct",
    "forwarded_loss_pct",
    "best_ms",
    "avg_ms",
    "worst_ms",
    "stdev_ms",
];

/// One row per responder pinged (a silent hop: one row with its number alone).
pub fn csv(pinged: &PathPing, style: Style, out: &mut impl Write) -> io::Result<()> {
    csv_header(false, out)?;
    csv_rows(pinged, None, style, out)
}

/// The CSV header; with a `serial` column first for a fleet.
pub fn csv_header(serial: bool, out: &mut impl Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(serial.then_some("serial").into_iter().chain(CSV))?;
    writer.flush()
}

/// The CSV rows, each starting with `serial` when given.
pub fn csv_rows(
    pinged: &PathPing,
    serial: Option<&str>,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let number = |v: Option<f64>| v.map(plain_ms).unwrap_or_default();
    for (hop, spot, measured, loss) in rows(pinged) {
        let mut row: Vec<String> = serial.map(|s| style.cell(Some(s))).into_iter().collect();
        row.push(label(hop));
        let ping = measured.and_then(|m| m.ping.as_ref().ok());
        row.push(style.cell(spot.and_then(|s| s.address.as_deref())));
        row.push(style.cell(spot.and_then(|s| s.hostname.as_deref())));
        row.push(ping.map(|p| p.sent.to_string()).unwrap_or_default());
        row.push(ping.map(|p| p.received.to_string()).unwrap_or_default());
        row.push(number(loss.map(|(own, _)| round(own))));
        row.push(number(loss.map(|(_, forwarded)| round(forwarded))));
        for value in ping.map_or([None; 4], |p| [p.min_ms, p.avg_ms, p.max_ms, p.stdev_ms]) {
            row.push(number(value.map(|v| (v * 1000.0).round() / 1000.0)));
        }
        writer.write_record(row)?;
    }
    writer.flush()
}

/// mtr's report with the figures of the pings: `Snt` = N, `Loss%` of the pings to the
/// hop's first responder, and `Fwd%` (gwtrace's: the loss of what it forwards).
pub fn mtr(fetched: &Fetched, pinged: &PathPing) -> Value {
    let analysis = pinged.analysis();
    let mut last = 0;
    let hubs: Vec<Value> = pinged
        .hops
        .iter()
        .zip(&analysis.loss)
        .map(|(hop, losses)| {
            let count = hop.number.unwrap_or(last + 1);
            last = count;
            let spot = hop.spots.first();
            let ping = spot
                .and_then(|s| pinged.measured.get(s.measured))
                .and_then(|m| m.ping.as_ref().ok());
            let loss = losses.first().copied().flatten();
            let host = spot
                .and_then(|s| s.hostname.as_deref().or(s.address.as_deref()))
                .unwrap_or("???");
            let mut hub = Map::new();
            hub.insert("count".into(), count.into());
            hub.insert("host".into(), host.into());
            hub.insert("Loss%".into(), real(loss.map_or(100.0, |(own, _)| own)));
            hub.insert("Snt".into(), pinged.count.into());
            let last_time = ping.and_then(|p| p.echoes.iter().rev().find_map(|e| e.rtt_ms));
            let times = ping.map_or([None; 4], |p| [p.avg_ms, p.min_ms, p.max_ms, p.stdev_ms]);
            hub.insert("Last".into(), real(last_time.or(times[0]).unwrap_or(0.0)));
            for (key, value) in ["Avg", "Best", "Wrst", "StDev"].into_iter().zip(times) {
                hub.insert(key.into(), real(value.unwrap_or(0.0)));
            }
            hub.insert("Fwd%".into(), real(loss.map_or(100.0, |(_, f)| f)));
            Value::Object(hub)
        })
        .collect();
    let dst = fetched.task.destination.clone().unwrap_or_default();
    json!({"report": {
        "mtr": {
            "src": fetched.serial.clone().unwrap_or_default(),
            "dst": dst,
            "tos": 0,
            "tests": pinged.count,
        },
        "hubs": hubs,
    }})
}

fn real(value: f64) -> Value {
    let rounded = (value * 1000.0).round() / 1000.0;
    serde_json::Number::from_f64(rounded).map_or(Value::Null, Value::Number)
}

/// `json`: the trace document as sent, with `hopPings` added after its own keys.
pub fn json(
    fetched: &Fetched,
    pinged: &PathPing,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let pings = pinged.to_json();
    json_out::render(&fetched.document().with("hopPings", &pings), style, out)
}

/// `raw`: the trace's own text, then each ping's under `== ping TARGET ==`.
pub fn raw(
    fetched: &Fetched,
    pinged: &PathPing,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    super::raw::render(&fetched.task, style, out)?;
    for measured in &pinged.measured {
        let text = measured
            .fetched
            .as_ref()
            .and_then(|f| f.task.raw_output.as_deref());
        writeln!(out, "\n== ping {} ==", one_line(&measured.target))?;
        if let Some(text) = text {
            out.write_all(style.text(text).as_bytes())?;
        }
    }
    Ok(())
}

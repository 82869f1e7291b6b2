//! `table`: one row per hop with its responder(s), host names and probe times.

use std::io::{self, Write};

use comfy_table::{presets, ContentArrangement, Table};

use super::{ms, Style};
use crate::task::{Hop, Task};
use crate::term::one_line;

/// `RUNNING 42%`: what the table format shows of a task that has not finished.
pub fn status_line(task: &Task, out: &mut impl Write) -> io::Result<()> {
    let status = one_line(task.status.label());
    match task.progress {
        Some(percent) => writeln!(out, "{status} {percent}%"),
        None => writeln!(out, "{status}"),
    }
}

pub fn render(task: &Task, style: Style, out: &mut impl Write) -> io::Result<()> {
    if let Some(destination) = &task.destination {
        let destination = one_line(destination);
        match &task.resolved_ip {
            Some(ip) if ip != destination.as_ref() => {
                writeln!(out, "traceroute to {destination} ({})", one_line(ip))?
            }
            _ => writeln!(out, "traceroute to {destination}")?,
        }
    }
    if task.hops.is_empty() {
        return Ok(());
    }
    let rows: Vec<Row> = task.hops.iter().map(row).collect();
    let with_hosts = rows.iter().any(|r| r.hosts.iter().any(|h| !h.is_empty()));

    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = style.width {
        table.set_width(width);
    }
    let mut header = vec!["HOP", "ADDRESS"];
    if with_hosts {
        header.push("HOST");
    }
    header.push("RTT");
    table.set_header(header);
    for row in rows {
        let mut cells = vec![row.hop, row.addresses.join("\n")];
        if with_hosts {
            cells.push(row.hosts.join("\n"));
        }
        cells.push(row.times.join("\n"));
        table.add_row(cells);
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    writeln!(out, "{}", table.trim_fmt())
}

/// A hop as cells: one line per distinct responder (ECMP hops have several).
struct Row {
    hop: String,
    addresses: Vec<String>,
    hosts: Vec<String>,
    times: Vec<String>,
}

/// (address, host name) of whoever answered a probe.
type Responder<'a> = (Option<&'a str>, Option<&'a str>);

fn row(hop: &Hop) -> Row {
    let number = hop.label();
    if !hop.answered() {
        return Row {
            hop: number,
            addresses: vec!["*".to_owned()],
            hosts: vec![String::new()],
            times: vec![String::new()],
        };
    }
    // Responders in order of first answer; a probe that timed out stays with the responder
    // before it (or the first one, when the hop starts with a timeout).
    let mut groups: Vec<(Responder, Vec<String>)> = Vec::new();
    let mut leading_timeouts = Vec::new();
    for probe in &hop.probes {
        let time = probe
            .rtt_ms
            .map_or_else(|| "*".to_owned(), |v| format!("{} ms", ms(v)));
        let key = (probe.address.as_deref(), probe.hostname.as_deref());
        if key == (None, None) {
            match groups.last_mut() {
                Some((_, times)) => times.push(time),
                None => leading_timeouts.push(time),
            }
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, times)) => times.push(time),
            None => {
                let mut times = std::mem::take(&mut leading_timeouts);
                times.push(time);
                groups.push((key, times));
            }
        }
    }
    let mut row = Row {
        hop: number,
        addresses: Vec::new(),
        hosts: Vec::new(),
        times: Vec::new(),
    };
    for ((address, host), times) in groups {
        let shown = address.or(host).unwrap_or("?");
        row.addresses.push(one_line(shown).into_owned());
        let host = host.filter(|h| Some(*h) != address && address.is_some());
        row.hosts
            .push(host.map(|h| one_line(h).into_owned()).unwrap_or_default());
        row.times.push(times.join("  "));
    }
    row
}

//! `gwtrace map`: the paths of many traces drawn as one picture — merged into a graph
//! ([`graph`]), laid out left to right ([`layout`]), and written as Graphviz DOT, as SVG
//! drawn by gwtrace itself, or as one self-contained HTML page.

mod build;
pub mod dot;
pub mod graph;
pub mod html;
pub mod layout;
pub mod svg;

use std::io::{self, Write};

pub use graph::{Device, Graph, Kind, Loss, Node, Trace};

use crate::path::ms;
use crate::term::one_line;

/// The formats of a map (`gwtrace map -o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MapFormat {
    /// Graphviz DOT (`dot -Tsvg`, `dot -Tpng`)
    Dot,
    /// SVG drawn by gwtrace itself
    Svg,
    /// One self-contained HTML page: the SVG, a legend, a table of devices
    Html,
}

/// Writes `graph` as `format`.
pub fn write(graph: &Graph, format: MapFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        MapFormat::Dot => dot::write(graph, out),
        MapFormat::Svg => svg::write(graph, out),
        MapFormat::Html => html::write(graph, out),
    }
}

/// The longest name or address a box shows in full; the tooltip has the rest.
const LONGEST_LABEL: usize = 40;

/// The two lines of text in a node's box: who it is, and its numbers.
pub fn lines(node: &Node) -> Vec<String> {
    let first = match node.kind {
        Kind::Source => {
            let first = node.devices.first().map_or("", String::as_str);
            match node.devices.len() {
                0 | 1 => shorten(first),
                n => format!("{} +{}", shorten(first), n - 1),
            }
        }
        Kind::Silent => "*".to_owned(),
        Kind::Responder | Kind::Destination => shorten(who(node)),
    };
    let second = match node.kind {
        Kind::Source => match node.devices.len() {
            1 => "1 device".to_owned(),
            n => format!("{n} devices"),
        },
        Kind::Silent => format!("{}: no answer", node.hop_phrase()),
        Kind::Destination => "not reached".to_owned(),
        Kind::Responder => {
            let time = node
                .times
                .avg()
                .map_or_else(|| "no time".to_owned(), |avg| format!("{} ms", ms(avg)));
            match node.loss_percent() {
                Some(loss) if node.lost > 0 => format!("{time} · {loss:.0}% loss"),
                _ => time,
            }
        }
    };
    vec![first, second]
}

/// A node as hovering shows it: address, name, hops, loss, best/avg/worst and how many paths
/// pass through it, one fact per line.
pub fn tooltip(node: &Node, graph: &Graph) -> String {
    let total = graph.traced;
    let mut lines: Vec<String> = Vec::new();
    if node.kind == Kind::Source {
        const SHOWN: usize = 30;
        lines.push(format!("devices ({}):", node.devices.len()));
        lines.extend(
            node.devices
                .iter()
                .take(SHOWN)
                .map(|d| one_line(d).into_owned()),
        );
        if node.devices.len() > SHOWN {
            lines.push(format!("… and {} more", node.devices.len() - SHOWN));
        }
        return lines.join("\n");
    }
    if let Some(address) = &node.address {
        lines.push(format!("address {}", one_line(address)));
    }
    if let Some(name) = &node.name {
        lines.push(format!("name {}", one_line(name)));
    }
    if node.kind == Kind::Destination {
        lines.push("destination, not reached".to_owned());
        return lines.join("\n");
    }
    lines.push(node.hop_phrase());
    if let Some(loss) = node.loss_percent() {
        lines.push(format!(
            "loss {loss:.0}% ({} of {} probes)",
            node.lost, node.sent
        ));
    }
    if let Some(avg) = node.times.avg() {
        lines.push(format!(
            "best {} / avg {} / worst {} ms",
            ms(node.times.best),
            ms(avg),
            ms(node.times.worst)
        ));
    }
    let devices = if node.devices_through == 1 {
        "device"
    } else {
        "devices"
    };
    lines.push(format!(
        "on the path of {} of {total} {devices}",
        node.devices_through
    ));
    if node.shared {
        lines.push("shared by every path".to_owned());
    }
    if node.destination {
        lines.push("the destination".to_owned());
    }
    if node.last_answer_of > 0 {
        lines.push(format!(
            "last answer of {} path(s) that did not reach the destination",
            node.last_answer_of
        ));
    }
    lines.join("\n")
}

/// A responder's name, else its address, as one visible line.
fn who(node: &Node) -> &str {
    node.name
        .as_deref()
        .or(node.address.as_deref())
        .unwrap_or("?")
}

/// `text` on one visible line, cut to [`LONGEST_LABEL`] columns with an ellipsis (as the
/// table cuts host names).
fn shorten(text: &str) -> String {
    console::truncate_str(&one_line(text), LONGEST_LABEL, "…").into_owned()
}

/// The text shown on an edge: the round-trip time it adds.
pub fn edge_label(graph: &Graph, edge: &graph::Edge) -> Option<String> {
    graph
        .added_ms(edge)
        .map(|added| format!("+{} ms", ms(added)))
}

/// What an edge's tooltip says: its ends, how many devices take it, the time it adds.
pub fn edge_tooltip(graph: &Graph, edge: &graph::Edge) -> String {
    let end = |id: usize| {
        let node = &graph.nodes[id];
        match node.kind {
            Kind::Source | Kind::Silent => lines(node).join(" "),
            _ => shorten(who(node)),
        }
    };
    let devices = if edge.devices == 1 {
        "device"
    } else {
        "devices"
    };
    let mut text = format!(
        "{} → {}\n{} {devices}",
        end(edge.from),
        end(edge.to),
        edge.devices
    );
    if let Some(label) = edge_label(graph, edge) {
        text.push_str(&format!("\n{label} (average round-trip time added)"));
    }
    text
}

/// The colours of a node: fill and border, by loss; a source has its own.
pub fn colours(node: &Node) -> (&'static str, &'static str) {
    match (node.kind, node.loss()) {
        (Kind::Source, _) => ("#e3eaf6", "#3f5f9f"),
        (_, Loss::None) => ("#dcf1dc", "#2e7d32"),
        (_, Loss::Partial) => ("#fde7b0", "#b26a00"),
        (_, Loss::Total) => ("#f7d4d4", "#c62828"),
        (_, Loss::NotApplicable) => ("#ffffff", "#555555"),
    }
}

/// The CSS class of a node's loss, for the HTML page and tests.
pub fn loss_class(node: &Node) -> &'static str {
    match (node.kind, node.loss()) {
        (Kind::Source, _) => "source",
        (_, Loss::None) => "loss-none",
        (_, Loss::Partial) => "loss-partial",
        (_, Loss::Total) => "loss-total",
        (_, Loss::NotApplicable) => "loss-unknown",
    }
}

/// A title for the whole map: `3 devices to 8.8.8.8`.
pub fn title(graph: &Graph) -> String {
    let count = graph.devices.len();
    let devices = if count == 1 { "device" } else { "devices" };
    let destinations = graph.destinations();
    match destinations.as_slice() {
        [] => format!("{count} {devices}"),
        [one] => format!("{count} {devices} to {}", shorten(one)),
        many => format!("{count} {devices} to {} destinations", many.len()),
    }
}

#[cfg(test)]
mod tests;

//! A map drawn as SVG by gwtrace itself (no Graphviz needed): boxes coloured by loss,
//! curved edges with the time they add, a `<title>` on everything for hovering. Every text
//! from a device is escaped; colours are attributes, so any SVG viewer draws it the same.

use std::io::{self, Write};

use super::graph::{Graph, Kind};
use super::layout::{self, Layout, Rect, LABEL_CHAR_WIDTH};

/// A whole SVG file.
pub fn write(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    element(graph, out)
}

/// The `<svg>` element alone (the HTML page embeds it).
pub fn element(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    let lines: Vec<Vec<String>> = graph.nodes.iter().map(super::lines).collect();
    let layout = layout::layout(graph, &lines);
    writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="gwtrace-map" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12" role="img">"##,
        w = layout.width,
        h = layout.height
    )?;
    writeln!(
        out,
        "<title>gwtrace map: {}</title>",
        escape(&super::title(graph))
    )?;
    writeln!(
        out,
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777777"/></marker></defs>"##
    )?;
    writeln!(
        out,
        r##"<rect class="background" width="100%" height="100%" fill="#ffffff"/>"##
    )?;
    edges(graph, &layout, out)?;
    writeln!(out, r#"<g class="nodes">"#)?;
    for (id, (lines, at)) in lines.iter().zip(&layout.boxes).enumerate() {
        node(graph, id, lines, *at, out)?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, "</svg>")
}

fn edges(graph: &Graph, layout: &Layout, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, r#"<g class="edges" fill="none">"#)?;
    let mut labels: Vec<(Rect, String)> = Vec::new();
    for route in &layout.routes {
        let edge = &graph.edges[route.edge];
        let width = 1.2 + (edge.devices as f64).log2().min(4.0) * 0.8;
        writeln!(
            out,
            r##"<path class="edge" d="{}" stroke="#777777" stroke-width="{width:.1}" marker-end="url(#arrow)"><title>{}</title></path>"##,
            path_data(&route.points),
            escape(&super::edge_tooltip(graph, edge))
        )?;
        if let Some(text) = super::edge_label(graph, edge) {
            if let Some(spot) = label_spot(&route.points, &text, &labels) {
                labels.push((spot, text));
            }
        }
    }
    writeln!(out, "</g>")?;
    writeln!(
        out,
        r##"<g class="edge-labels" font-size="11" fill="#444444" text-anchor="middle" stroke="#ffffff" stroke-width="3" paint-order="stroke">"##
    )?;
    for (spot, text) in &labels {
        writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            spot.x + spot.width / 2.0,
            spot.y + spot.height - 2.0,
            escape(text)
        )?;
    }
    writeln!(out, "</g>")
}

/// Straight through a column, a smooth curve between columns.
fn path_data(points: &[(f64, f64)]) -> String {
    let mut d = format!("M{:.1},{:.1}", points[0].0, points[0].1);
    for pair in points.windows(2) {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        if (y1 - y2).abs() < 0.05 {
            d.push_str(&format!(" L{x2:.1},{y2:.1}"));
        } else {
            let mid = (x1 + x2) / 2.0;
            d.push_str(&format!(
                " C{mid:.1},{y1:.1} {mid:.1},{y2:.1} {x2:.1},{y2:.1}"
            ));
        }
    }
    d
}

/// Where an edge's label goes: just above the middle of its last stretch, moved down or
/// further when another label is there; nowhere when it would overlap one (the edge's tooltip still says).
fn label_spot(points: &[(f64, f64)], text: &str, taken: &[(Rect, String)]) -> Option<Rect> {
    let [.., (x1, y1), (x2, y2)] = points else {
        return None;
    };
    let width = text.chars().count() as f64 * LABEL_CHAR_WIDTH + 4.0;
    let height = 13.0;
    let (cx, cy) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
    // Above the line first, so that the line does not strike the text through.
    [-9.0, 9.0, -22.0, 22.0, -35.0, 35.0]
        .iter()
        .find_map(|shift| {
            let spot = Rect {
                x: cx - width / 2.0,
                y: cy - height / 2.0 + shift,
                width,
                height,
            };
            (!taken.iter().any(|(other, _)| other.overlaps(&spot))).then_some(spot)
        })
}

fn node(
    graph: &Graph,
    id: usize,
    lines: &[String],
    at: Rect,
    out: &mut impl Write,
) -> io::Result<()> {
    let node = &graph.nodes[id];
    let (fill, mut stroke) = super::colours(node);
    let mut classes = vec![kind_class(node.kind), super::loss_class(node)];
    let mut width = 1.2;
    let mut dash = "";
    if node.shared {
        classes.push("shared");
        width = 3.0;
        stroke = "#1f1f1f";
    }
    if node.last_answer_of > 0 {
        classes.push("last-answer");
        width = 3.0;
        stroke = "#c62828";
        dash = r#" stroke-dasharray="6 3""#;
    }
    if node.destination {
        classes.push("destination");
    }
    writeln!(
        out,
        r#"<g class="node {}" id="node-{id}"><title>{}</title>"#,
        classes.join(" "),
        escape(&super::tooltip(node, graph))
    )?;
    if node.destination {
        writeln!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="none" stroke="#555555" stroke-width="1.2"/>"##,
            at.x - 4.0,
            at.y - 4.0,
            at.width + 8.0,
            at.height + 8.0
        )?;
    }
    let rx = if node.kind == Kind::Source { 2 } else { 6 };
    writeln!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{rx}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>"#,
        at.x, at.y, at.width, at.height
    )?;
    let sizes = [("12", "#1a1a1a", 16.0), ("11", "#4a4a4a", 32.0)];
    for (line, (size, colour, dy)) in lines.iter().zip(sizes) {
        writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{size}" fill="{colour}">{}</text>"#,
            at.x + 10.0,
            at.y + dy,
            escape(line)
        )?;
    }
    writeln!(out, "</g>")
}

fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Source => "kind-source",
        Kind::Responder => "kind-responder",
        Kind::Silent => "kind-silent",
        Kind::Destination => "kind-destination",
    }
}

/// Text made safe for XML (and HTML): markup characters as entities, line breaks as `&#10;`
/// (tooltips keep them), and characters XML forbids as U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

//! A map as Graphviz DOT (`dot -Tsvg`, `dot -Tpng`): the same nodes, colours and marks as the
//! SVG, left to right, sources first and destinations last. Every text is escaped.

use std::io::{self, Write};

use super::graph::{Graph, Kind};

pub fn write(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "digraph gwtrace {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, ranksep=0.9, nodesep=0.3, fontname=\"monospace\", label=\"{}\", labelloc=t];",
        quote(&format!("gwtrace map: {}", super::title(graph)))
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=10];"
    )?;
    writeln!(
        out,
        "  edge [color=\"#777777\", fontname=\"monospace\", fontsize=9, fontcolor=\"#444444\"];"
    )?;
    for (id, node) in graph.nodes.iter().enumerate() {
        writeln!(out, "  n{id} [{}];", attributes(graph, node))?;
    }
    for edge in &graph.edges {
        let width = 1.0 + (edge.devices as f64).log2().min(4.0) * 0.7;
        let label = super::edge_label(graph, edge)
            .map(|l| format!(", label=\"{}\"", quote(&l)))
            .unwrap_or_default();
        writeln!(
            out,
            "  n{} -> n{} [penwidth={width:.1}, tooltip=\"{}\"{label}];",
            edge.from,
            edge.to,
            quote(&super::edge_tooltip(graph, edge))
        )?;
    }
    let rank = |kind: &str, ids: Vec<usize>, out: &mut dyn Write| -> io::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = ids.iter().map(|id| format!("n{id}")).collect();
        writeln!(out, "  {{ rank={kind}; {}; }}", names.join("; "))
    };
    let mut leads_on = vec![false; graph.nodes.len()];
    for edge in &graph.edges {
        leads_on[edge.from] = true;
    }
    let (mut sources, mut ends) = (Vec::new(), Vec::new());
    for (id, node) in graph.nodes.iter().enumerate() {
        if node.kind == Kind::Source {
            sources.push(id);
        } else if node.destination && !leads_on[id] {
            ends.push(id);
        }
    }
    rank("source", sources, out)?;
    rank("sink", ends, out)?;
    writeln!(out, "}}")
}

/// A node's label, tooltip, colours and marks.
fn attributes(graph: &Graph, node: &super::Node) -> String {
    let (fill, mut colour) = super::colours(node);
    let mut style = if node.kind == Kind::Source {
        "filled"
    } else {
        "rounded,filled"
    }
    .to_owned();
    let mut width = 1.0;
    if node.shared {
        colour = "#1f1f1f";
        width = 3.0;
    }
    if node.last_answer_of > 0 {
        colour = "#c62828";
        width = 3.0;
        style.push_str(",dashed");
    }
    let peripheries = if node.destination { 2 } else { 1 };
    let label: Vec<String> = super::lines(node).iter().map(|l| quote(l)).collect();
    format!(
        "label=\"{}\", tooltip=\"{}\", fillcolor=\"{fill}\", color=\"{colour}\", \
         style=\"{style}\", penwidth={width}, peripheries={peripheries}",
        label.join("\\n"),
        quote(&super::tooltip(node, graph)),
    )
}

/// Text for a double-quoted DOT string: backslash and quote escaped, a line break as `\n`
/// (Graphviz's own), nothing else Graphviz would read as an escape.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

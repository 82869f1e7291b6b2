//! A map as one self-contained HTML page: the SVG, a legend and a table of devices. No
//! script at all, nothing fetched (a Content-Security-Policy forbids both); hovering a node
//! shows its tooltip, which the SVG carries.

use std::io::{self, Write};

use super::graph::Graph;
use super::svg::escape;
use crate::path::ms;

const STYLE: &str = "\
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1a1a1a;background:#fff}
h1{font-size:1.3em;margin:0 0 .3em}
p.hint{color:#555;margin:0 0 1em}
.map{overflow:auto;border:1px solid #ddd;max-height:80vh}
.map svg{display:block}
.node:hover rect{stroke-width:4}
.edge:hover{stroke:#222}
.legend{display:flex;flex-wrap:wrap;gap:.4em 1.6em;margin:1em 0;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:.5em}
table{border-collapse:collapse;margin-top:1em}
th,td{text-align:left;padding:.2em .8em;border-bottom:1px solid #e5e5e5;font-variant-numeric:tabular-nums}
td.no{color:#c62828}td.yes{color:#2e7d32}
";

pub fn write(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    let title = escape(&format!("gwtrace map: {}", super::title(graph)));
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en"><head><meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    )?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        out,
        "<title>{title}</title>\n<style>{STYLE}</style></head><body>"
    )?;
    writeln!(out, "<h1>{title}</h1>")?;
    writeln!(
        out,
        r#"<p class="hint">{} distinct path(s). Hover a node for its address, name, hop numbers, loss and best/avg/worst round-trip times.</p>"#,
        graph.paths
    )?;
    writeln!(out, r#"<div class="map">"#)?;
    super::svg::element(graph, out)?;
    writeln!(out, "</div>")?;
    legend(out)?;
    devices(graph, out)?;
    writeln!(out, "</body></html>")
}

fn legend(out: &mut impl Write) -> io::Result<()> {
    let swatch = |fill: &str, stroke: &str, width: f64, extra: &str| {
        format!(
            r#"<svg width="34" height="18" aria-hidden="true"><rect x="2" y="2" width="30" height="14" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{extra}/></svg>"#
        )
    };
    let items = [
        (swatch("#e3eaf6", "#3f5f9f", 1.2, ""), "device(s) that traced"),
        (swatch("#dcf1dc", "#2e7d32", 1.2, ""), "no loss"),
        (swatch("#fde7b0", "#b26a00", 1.2, ""), "partial loss"),
        (swatch("#f7d4d4", "#c62828", 1.2, ""), "total loss (* : no answer)"),
        (swatch("#ffffff", "#1f1f1f", 3.0, ""), "on every device's path"),
        (
            swatch("#ffffff", "#c62828", 3.0, r#" stroke-dasharray="6 3""#),
            "last answer of a path that did not reach its destination",
        ),
        (
            r##"<svg width="34" height="22" aria-hidden="true"><rect x="1" y="1" width="32" height="20" rx="6" fill="none" stroke="#555555"/><rect x="4" y="4" width="26" height="14" rx="4" fill="#ffffff" stroke="#555555"/></svg>"##.to_owned(),
            "the destination",
        ),
        (
            r##"<svg width="34" height="18" aria-hidden="true"><text x="2" y="13" font-size="10" font-family="monospace" fill="#444">+1 ms</text></svg>"##.to_owned(),
            "edge: average round-trip time added; thicker for more devices",
        ),
    ];
    writeln!(out, r#"<ul class="legend">"#)?;
    for (swatch, meaning) in items {
        writeln!(out, "<li>{swatch}<span>{}</span></li>", escape(meaning))?;
    }
    writeln!(out, "</ul>")
}

fn devices(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        r#"<table class="devices"><thead><tr><th>device</th><th>destination</th><th>reached</th><th>hops</th><th>avg</th><th>last answer or error</th></tr></thead><tbody>"#
    )?;
    for device in &graph.devices {
        let (class, reached) = match (device.reached, &device.error) {
            (_, Some(_)) => ("no", "error"),
            (Some(true), _) => ("yes", "yes"),
            (Some(false), _) => ("no", "no"),
            (None, _) => ("", "unknown"),
        };
        let note = device
            .error
            .as_deref()
            .or(device.last_answer.as_deref())
            .unwrap_or("");
        let hops = if device.error.is_some() {
            String::new()
        } else {
            device.hops.to_string()
        };
        writeln!(
            out,
            r#"<tr><td>{}</td><td>{}</td><td class="{class}">{reached}</td><td>{hops}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&crate::term::one_line(&device.name)),
            escape(&crate::term::one_line(
                device.destination.as_deref().unwrap_or("")
            )),
            device
                .avg_ms
                .map(|a| format!("{} ms", ms(a)))
                .unwrap_or_default(),
            escape(&crate::term::one_line(note)),
        )?;
    }
    writeln!(out, "</tbody></table>")
}

//! The map on hand-made paths: merging and collapsing, silent hops, marks, the layout's
//! promises (no overlap, no edge through a node) on random fleets, and escaping.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::graph::{Graph, Kind, Trace};
use super::layout::{layout, Rect};
use super::{lines, write, MapFormat};
use crate::path::Path;
use crate::task::Task;

/// A responder and its times; `None` as the address is a silent probe.
type Probe<'a> = (Option<&'a str>, Option<f64>);

/// A completed task to `8.8.8.8`: hops numbered from 1, each a list of probes.
fn document(hops: &[&[Probe<'_>]]) -> Value {
    let hops: Vec<Value> = hops
        .iter()
        .enumerate()
        .map(|(at, probes)| {
            let probes: Vec<Value> = probes
                .iter()
                .map(|(who, rtt)| {
                    json!({"ipAddress": who.unwrap_or("null"), "reverseDnsResolution": "null",
                           "responseTimeMilliseconds": rtt.map_or("*".to_owned(), |r| format!("{r} ms"))})
                })
                .collect();
            json!({"hop": (at + 1).to_string(), "probes": probes})
        })
        .collect();
    json!({"status": "COMPLETED", "output": {"destination": "8.8.8.8", "resolvedIp": "8.8.8.8", "hops": hops}})
}

fn path(hops: &[&[Probe<'_>]]) -> Path {
    Path::of(&Task::from_document(&document(hops)).unwrap())
}

fn build(paths: &[(&str, &Path)]) -> Graph {
    let traces: Vec<Trace> = paths
        .iter()
        .map(|(source, path)| Trace { source, path })
        .collect();
    Graph::build(&traces, &[])
}

fn three(who: &str, rtt: f64) -> [Probe<'_>; 3] {
    [(Some(who), Some(rtt)); 3]
}

const SILENT: [Probe<'static>; 3] = [(None, None); 3];

fn node<'g>(graph: &'g Graph, address: &str) -> &'g super::Node {
    graph
        .nodes
        .iter()
        .find(|n| n.address.as_deref() == Some(address))
        .unwrap_or_else(|| panic!("no node {address}"))
}

#[test]
fn converging_paths_meet_at_one_node_per_address() {
    let a = path(&[
        &three("10.0.0.1", 1.0),
        &three("10.9.9.1", 5.0),
        &three("8.8.8.8", 12.0),
    ]);
    let b = path(&[
        &three("10.0.1.1", 2.0),
        &three("10.9.9.1", 6.0),
        &three("8.8.8.8", 13.0),
    ]);
    let graph = build(&[("CN1", &a), ("CN2", &b)]);
    let kinds: Vec<Kind> = graph.nodes.iter().map(|n| n.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == Kind::Source).count(), 2);
    assert_eq!(graph.nodes.len(), 6, "{kinds:?}");
    // Two first hops into the core, and one edge on from there for both devices.
    assert_eq!(graph.edges.len(), 5);
    let core = node(&graph, "10.9.9.1");
    assert!(core.shared && node(&graph, "8.8.8.8").shared);
    assert!(!node(&graph, "10.0.0.1").shared);
    assert_eq!(core.devices_through, 2);
    assert_eq!(
        (core.times.best, core.times.avg(), core.times.worst),
        (5.0, Some(5.5), 6.0)
    );
    assert!(node(&graph, "8.8.8.8").destination);
    assert_eq!(lines(core), ["10.9.9.1", "5.5 ms"]);
    // The edge into the destination adds 12.5 - 5.5 ms.
    let into = graph
        .edges
        .iter()
        .find(|e| graph.nodes[e.to].address.as_deref() == Some("8.8.8.8"))
        .unwrap();
    assert_eq!(into.devices, 2);
    assert_eq!(super::edge_label(&graph, into).as_deref(), Some("+7.0 ms"));
}

#[test]
fn identical_paths_collapse_into_one_source_with_a_count() {
    let p = path(&[&three("10.0.0.1", 1.0), &three("8.8.8.8", 9.0)]);
    let graph = build(&[("CN1", &p), ("CN2", &p), ("CN3", &p)]);
    let sources: Vec<&super::Node> = graph
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Source)
        .collect();
    assert_eq!(sources.len(), 1);
    assert_eq!(lines(sources[0]), ["CN1 +2", "3 devices"]);
    assert_eq!(graph.paths, 1);
    assert!(graph.edges.iter().all(|e| e.devices == 3));
    assert_eq!(graph.devices.len(), 3);
    assert_eq!(node(&graph, "10.0.0.1").sent, 9);
}

#[test]
fn silent_hops_are_one_node_per_stretch_and_never_merge_across_paths() {
    let a = path(&[
        &three("10.0.0.1", 1.0),
        &SILENT,
        &SILENT,
        &three("8.8.8.8", 9.0),
    ]);
    let b = path(&[&three("10.0.1.1", 1.0), &SILENT, &three("8.8.8.8", 9.0)]);
    let graph = build(&[("CN1", &a), ("CN2", &b)]);
    let silent: Vec<Vec<String>> = graph
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Silent)
        .map(lines)
        .collect();
    assert_eq!(
        silent,
        [
            ["*", "hops 2–3: no answer"].map(String::from),
            ["*", "hop 2: no answer"].map(String::from)
        ]
    );
    assert!(graph
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Silent)
        .all(|n| super::loss_class(n) == "loss-total"));
}

#[test]
fn ecmp_is_parallel_branches_and_partial_loss_is_its_own_colour() {
    let hop2: [Probe; 3] = [
        (Some("10.1.0.1"), Some(3.0)),
        (Some("10.1.0.2"), Some(4.0)),
        (None, None),
    ];
    let p = path(&[&three("10.0.0.1", 1.0), &hop2, &three("8.8.8.8", 9.0)]);
    let graph = build(&[("CN1", &p)]);
    let from_first: Vec<&str> = graph
        .edges
        .iter()
        .filter(|e| graph.nodes[e.from].address.as_deref() == Some("10.0.0.1"))
        .map(|e| graph.nodes[e.to].address.as_deref().unwrap())
        .collect();
    assert_eq!(from_first, ["10.1.0.1", "10.1.0.2"]);
    assert_eq!(super::loss_class(node(&graph, "10.1.0.1")), "loss-partial");
    assert_eq!(lines(node(&graph, "10.1.0.1"))[1], "3.0 ms · 33% loss");
    // One device: nothing is "shared by every path".
    assert!(graph.nodes.iter().all(|n| !n.shared));
}

#[test]
fn a_path_that_stops_marks_its_last_answer_and_the_destination_still_shows() {
    let stops = path(&[&three("10.0.0.1", 1.0), &three("10.7.7.7", 4.0), &SILENT]);
    let graph = build(&[("CN1", &stops)]);
    assert_eq!(node(&graph, "10.7.7.7").last_answer_of, 1);
    let destination = node(&graph, "8.8.8.8");
    assert_eq!(destination.kind, Kind::Destination);
    assert_eq!(lines(destination), ["8.8.8.8", "not reached"]);
    assert_eq!(graph.devices[0].reached, Some(false));
    let lines: Vec<Vec<String>> = graph.nodes.iter().map(lines).collect();
    let drawn = layout(&graph, &lines);
    let rightmost = drawn.boxes.iter().map(|b| b.x).fold(0.0, f64::max);
    let at = graph
        .nodes
        .iter()
        .position(|n| n.kind == Kind::Destination)
        .unwrap();
    assert_eq!(
        drawn.boxes[at].x, rightmost,
        "the destination is in the last column"
    );
}

#[test]
fn a_routing_loop_is_drawn_with_its_closing_edge_going_back() {
    let looped = path(&[
        &three("10.0.0.1", 1.0),
        &three("10.0.0.2", 2.0),
        &three("10.0.0.1", 3.0),
        &three("10.0.0.2", 4.0),
    ]);
    let graph = build(&[("CN1", &looped)]);
    // Two nodes, each seen at two hops, and the edge back between them drawn once.
    let (one, two) = (node(&graph, "10.0.0.1"), node(&graph, "10.0.0.2"));
    assert_eq!(
        (one.hop_phrase(), two.hop_phrase()),
        ("hops 1, 3".into(), "hops 2, 4".into())
    );
    assert_eq!(graph.edges.len(), 3, "source → .1, .1 → .2 and .2 → .1");
    let lines: Vec<Vec<String>> = graph.nodes.iter().map(lines).collect();
    let drawn = layout(&graph, &lines);
    let at = |address: &str| {
        graph
            .nodes
            .iter()
            .position(|n| n.address.as_deref() == Some(address))
            .unwrap()
    };
    assert!(drawn.boxes[at("10.0.0.1")].x < drawn.boxes[at("10.0.0.2")].x);
    // The edge that closes the loop is the one route drawn right to left.
    let backwards: Vec<usize> = drawn
        .routes
        .iter()
        .filter(|r| r.points.last().unwrap().0 < r.points[0].0)
        .map(|r| r.edge)
        .collect();
    assert_eq!(backwards.len(), 1);
    assert_eq!(
        graph.nodes[graph.edges[backwards[0]].to].address.as_deref(),
        Some("10.0.0.1")
    );
    let mut out = Vec::new();
    write(&graph, MapFormat::Svg, &mut out).unwrap();
    roxmltree::Document::parse(std::str::from_utf8(&out).unwrap()).unwrap();
}

#[test]
fn hostile_names_are_text_in_every_format() {
    let evil = "\"><script>alert(1)</script>&\\l\u{1b}[31m";
    let doc = json!({"status": "COMPLETED", "output": {"destination": evil, "hops": [
        {"hop": "1", "probes": [{"ipAddress": "10.0.0.1", "reverseDnsResolution": evil,
                                  "responseTimeMilliseconds": "1 ms"}]}]}});
    let p = Path::of(&Task::from_document(&doc).unwrap());
    let graph = build(&[(evil, &p)]);
    for format in [MapFormat::Svg, MapFormat::Html, MapFormat::Dot] {
        let mut out = Vec::new();
        write(&graph, format, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1b}'), "{format:?}");
        match format {
            // A quoted DOT string: markup means nothing there, and Graphviz escapes it when it
            // draws (tests/cli/map.rs renders it with the real `dot`).
            MapFormat::Dot => {
                assert!(
                    text.contains(r#""\"><script>alert(1)</script>&\\l\\x1b[31m\n1 device""#),
                    "{text}"
                )
            }
            _ => {
                assert!(!text.contains("<script"), "{format:?}: {text}");
                assert!(text.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"));
            }
        }
        if format == MapFormat::Svg {
            let doc = roxmltree::Document::parse(&text).unwrap();
            let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
            assert!(texts.contains("\"><script>"), "the name reads as text");
        }
    }
}

/// A random fleet: each device's path is a few hops from small pools of addresses, so that
/// paths meet, part, loop and fall silent.
fn fleet() -> impl Strategy<Value = Vec<Vec<Vec<Option<u8>>>>> {
    let hop = prop::collection::vec(prop::option::weighted(0.85, 0u8..12), 1..3);
    let path = prop::collection::vec(hop, 1..9);
    prop::collection::vec(path, 1..8)
}

fn fleet_paths(fleet: &[Vec<Vec<Option<u8>>>]) -> Vec<Path> {
    fleet
        .iter()
        .map(|hops| {
            let addresses: Vec<Vec<Probe>> = hops
                .iter()
                .map(|probes| {
                    probes
                        .iter()
                        .map(|p| match p {
                            Some(n) => (Some(POOL[*n as usize]), Some(f64::from(*n))),
                            None => (None, None),
                        })
                        .collect()
                })
                .collect();
            let refs: Vec<&[Probe]> = addresses.iter().map(Vec::as_slice).collect();
            path(&refs)
        })
        .collect()
}

const POOL: [&str; 12] = [
    "10.0.0.1",
    "10.0.0.2",
    "10.0.0.3",
    "10.0.0.4",
    "10.0.0.5",
    "10.0.0.6",
    "10.0.0.7",
    "10.0.0.8",
    "10.0.0.9",
    "10.0.0.10",
    "8.8.8.8",
    "192.0.2.1",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_box_overlaps_another_and_no_edge_crosses_a_box(fleet in fleet()) {
        let paths = fleet_paths(&fleet);
        let names: Vec<String> = (0..paths.len()).map(|i| format!("CN{i}")).collect();
        let pairs: Vec<(&str, &Path)> = names.iter().map(String::as_str).zip(&paths).collect();
        let graph = build(&pairs);
        let lines: Vec<Vec<String>> = graph.nodes.iter().map(lines).collect();
        let drawn = layout(&graph, &lines);
        for (i, a) in drawn.boxes.iter().enumerate() {
            for b in &drawn.boxes[i + 1..] {
                prop_assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
            prop_assert!(a.x >= 0.0 && a.y >= 0.0);
            prop_assert!(a.x + a.width <= drawn.width && a.y + a.height <= drawn.height);
        }
        for route in &drawn.routes {
            for pair in route.points.windows(2) {
                let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
                let (left, right) = (x1.min(x2), x1.max(x2));
                for b in &drawn.boxes {
                    let inside_x = left < b.x + b.width - 0.01 && b.x + 0.01 < right;
                    if !inside_x {
                        continue;
                    }
                    // Only a straight stretch through a column may share its x range with a
                    // box, and never at the box's height.
                    prop_assert!((y1 - y2).abs() < 0.05, "a curve spans a column: {route:?}");
                    prop_assert!(y1 < b.y || y1 > b.y + b.height, "{route:?} crosses {b:?}");
                }
            }
        }
        let sources: Vec<Rect> = graph.nodes.iter().zip(&drawn.boxes)
            .filter(|(n, _)| n.kind == Kind::Source).map(|(_, b)| *b).collect();
        prop_assert!(sources.iter().all(|b| b.x == super::layout::MARGIN));
    }
}

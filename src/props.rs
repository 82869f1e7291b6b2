//! Property tests: arbitrary JSON and text through the decoder and every renderer must never
//! panic, and what is shown on a terminal never carries a control character.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use crate::render::Format;
use crate::render::{render, Style};
use crate::task::Fetched;
use crate::task::Task;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just("*".to_owned()),
        Just("1 ms".to_owned()),
        Just("0.529ms".to_owned()),
        Just("10.0.0.1".to_owned()),
        "[0-9 .ms*]{0,12}",
        any::<String>(),
        "\\PC{0,20}[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]{1,4}",
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            Just("status".to_owned()),
            Just("output".to_owned()),
            Just("hops".to_owned()),
            Just("probes".to_owned()),
            Just("hop".to_owned()),
            Just("rawOutput".to_owned()),
            "[a-zA-Z]{1,10}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn probe() -> impl Strategy<Value = Value> {
    (scalar(), scalar(), scalar()).prop_map(|(r, i, t)| {
        json!({"reverseDnsResolution": r, "ipAddress": i, "responseTimeMilliseconds": t})
    })
}

/// Documents shaped like tasks, so that the renderers see hops, probes and raw text.
fn task_like() -> impl Strategy<Value = Value> {
    let status = prop_oneof![
        Just("COMPLETED".to_owned()),
        Just("FAILED".to_owned()),
        Just("RUNNING".to_owned()),
        text(),
    ];
    let hop = (scalar(), prop::collection::vec(probe(), 0..4))
        .prop_map(|(hop, probes)| json!({"hop": hop, "probes": probes}));
    (
        status,
        scalar(),
        prop::collection::vec(hop, 0..6),
        text(),
        scalar(),
    )
        .prop_map(|(status, progress, hops, raw, destination)| {
            json!({"status": status, "progressPercent": progress,
                   "output": {"destination": destination, "hops": hops}, "rawOutput": raw})
        })
}

fn render_all(document: Value) {
    let Ok(task) = Task::from_document(&document) else {
        return;
    };
    let fetched = Fetched {
        document,
        task,
        serial: None,
    };
    for format in [
        Format::Table,
        Format::Raw,
        Format::Json,
        Format::Csv,
        Format::MtrJson,
    ] {
        for sanitize in [false, true] {
            let style = Style {
                sanitize,
                width: Some(40),
                color: sanitize,
            };
            let mut out = Vec::new();
            render(&fetched, format, style, &mut out).unwrap();
            if sanitize {
                let shown = String::from_utf8(out).unwrap();
                // The table's own colours are the only escapes allowed.
                let shown = console::strip_ansi_codes(&shown);
                let bad = shown
                    .chars()
                    .find(|c| c.is_control() && *c != '\n' && *c != '\t');
                assert_eq!(
                    bad, None,
                    "{format:?} showed a control character: {shown:?}"
                );
            }
        }
    }
    // A map is a file for a viewer: never a control character, and its SVG is well-formed
    // XML whatever the device sent.
    for format in [Format::Dot, Format::Svg, Format::Html] {
        let mut out = Vec::new();
        render(&fetched, format, Style::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let bad = text.chars().find(|c| c.is_control() && *c != '\n');
        assert_eq!(bad, None, "{format:?}: {text:?}");
        if format == Format::Svg && !text.is_empty() {
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("not XML ({e}): {text}");
            }
        }
    }
}

/// Text made of the pieces traceroute lines are made of, glued and spaced at random.
fn traceroute_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("    ".to_owned()),
        Just("*".to_owned()),
        Just("ms".to_owned()),
        Just(" ms".to_owned()),
        Just("msec".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("[AS15169]".to_owned()),
        Just("<MPLS:L=1>".to_owned()),
        Just("!H".to_owned()),
        Just("!".to_owned()),
        Just("<1".to_owned()),
        Just("traceroute to ".to_owned()),
        Just("30 hops max, 3 probes".to_owned()),
        Just("Request timed out.".to_owned()),
        "[0-9]{1,3}",
        "[0-9]{1,3}\\.[0-9]{1,3}",
        "10\\.[0-9]\\.[0-9]\\.[0-9]",
        "(fe80::1%en0|2001:db8::[0-9a-f]{1,4})",
        "[a-z_][a-z0-9.-]{0,12}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Hops of `output.hops`, numbered from 1 with gaps.
fn listed_hops() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec((1u32..4, prop::collection::vec(probe(), 0..3)), 0..6).prop_map(|steps| {
        let mut number = 0;
        steps
            .into_iter()
            .map(|(gap, probes)| {
                number += gap;
                json!({"hop": number.to_string(), "probes": probes})
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn traceroute_like_text_never_panics_and_never_loses_a_listed_hop(
        raw in traceroute_text(),
        hops in listed_hops(),
    ) {
        let document = json!({"status": "COMPLETED", "rawOutput": raw, "output": {"hops": hops}});
        let task = Task::from_document(&document).unwrap();
        let path = crate::path::Path::of(&task);
        let listed: Vec<Option<u32>> = task.hops.iter().map(|h| h.number).collect();
        let kept: Vec<Option<u32>> =
            path.hops.iter().filter(|h| !h.recovered).map(|h| h.number).collect();
        prop_assert_eq!(kept, listed);
        for hop in &path.hops {
            let original = task.hops.iter().find(|h| !hop.recovered && h.number == hop.number);
            if let Some(original) = original.filter(|h| !h.probes.is_empty()) {
                prop_assert_eq!(&hop.probes, &original.probes, "output.hops wins");
            }
            prop_assert!(hop.loss() >= 0.0 && hop.loss() <= 100.0);
        }
        for hop in crate::path::text::read(&raw).hops {
            prop_assert!(!hop.probes.is_empty());
        }
        render_all(document);
    }

    #[test]
    fn arbitrary_json_never_panics(document in any_json()) {
        render_all(document);
    }

    #[test]
    fn task_shaped_documents_render_safely(document in task_like()) {
        render_all(document);
    }

    #[test]
    fn arbitrary_raw_text_never_panics(raw in any::<String>()) {
        render_all(json!({"status": "COMPLETED", "rawOutput": raw}));
    }
}

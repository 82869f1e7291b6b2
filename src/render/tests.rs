//! Unit tests for the renderers, on the seed document and on hostile device text.

use serde_json::{json, Value};

use super::*;
use crate::task::Task;

fn fetched(document: Value) -> Fetched {
    let task = Task::from_document(&document).unwrap();
    Fetched {
        document,
        task,
        serial: Some("CN12345678".to_owned()),
    }
}

fn seed() -> Fetched {
    fetched(serde_json::from_str(include_str!("../../tests/fixtures/seed-completed.json")).unwrap())
}

fn shown(fetched: &Fetched, format: Format, style: Style) -> String {
    let mut out = Vec::new();
    render(fetched, format, style, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn table_reads_the_reference_task_like_mtr() {
    let expected = format!(
        "{}\n",
        include_str!("../../tests/fixtures/seed-table.txt").trim_end()
    );
    assert_eq!(shown(&seed(), Format::Table, Style::default()), expected);
}

#[test]
fn table_names_hosts_notes_and_responders_only_the_text_shows() {
    let doc = json!({"status": "COMPLETED", "output": {"destination": "db.example", "hops": [
        {"hop": "1", "probes": [
            {"ipAddress": "192.0.2.1", "reverseDnsResolution": "gw.example.net", "responseTimeMilliseconds": "0.529ms"},
            {"ipAddress": "192.0.2.1", "reverseDnsResolution": "gw.example.net", "responseTimeMilliseconds": "*"}
        ]},
        {"hop": "2", "probes": [
            {"responseTimeMilliseconds": "*", "reverseDnsResolution": "null"},
            {"reverseDnsResolution": "198.51.100.7", "responseTimeMilliseconds": "0.05 ms"}
        ]}
    ]}, "rawOutput": " 2  * 198.51.100.7  0.05 ms\n    198.51.100.9  312 ms !H\n"});
    let expected = "\
traceroute to db.example
HOP  HOST            ADDRESS            LOSS%  SENT   BEST    AVG  WORST
1    gw.example.net  192.0.2.1          50.0%     2    0.5    0.5    0.5
2                    198.51.100.7       50.0%     2  0.050  0.050  0.050
                     198.51.100.9 !H †               312.0  312.0  312.0
† 198.51.100.9 at hop 2 appears only in the device's raw output
reached: unknown (the task does not say which address db.example has)
";
    assert_eq!(
        shown(&fetched(doc), Format::Table, Style::default()),
        expected
    );
}

#[test]
fn table_colours_only_when_asked_and_dims_silent_hops() {
    let colour = Style {
        color: true,
        ..Style::default()
    };
    let text = shown(&seed(), Format::Table, colour);
    let line = |start: &str| text.lines().find(|l| l.contains(start)).unwrap().to_owned();
    assert!(
        line("100.0%").contains("\x1b[2m"),
        "silent hop 3 dimmed: {text}"
    );
    assert!(
        line("reached").starts_with("\x1b[32m"),
        "reached in green: {text}"
    );
    assert!(!shown(&seed(), Format::Table, Style::default()).contains('\x1b'));
    let doc = json!({"status": "COMPLETED", "output": {"destination": "192.0.2.9", "hops": [
        {"hop": "1", "probes": [
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "120 ms"},
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "*"}]},
        {"hop": "2", "probes": []}]}});
    let text = shown(&fetched(doc), Format::Table, colour);
    assert!(
        text.contains("\x1b[33m50.0%"),
        "partial loss in yellow: {text}"
    );
    assert!(
        text.contains("\x1b[33m120.0"),
        "a slow time in yellow: {text}"
    );
    assert!(
        text.contains("\x1b[31m100.0%"),
        "a silent last hop in red: {text}"
    );
    let last = text.lines().last().unwrap();
    assert!(
        last.contains("\x1b[31m") && last.contains("not reached 192.0.2.9"),
        "{last}"
    );
}

/// Long PTR names, an ECMP hop and a time in the hundreds: what a real WAN path has.
fn wide_path() -> Fetched {
    fetched(serde_json::from_str(include_str!("../../tests/fixtures/wide-path.json")).unwrap())
}

#[test]
fn the_table_fits_40_60_and_80_columns_without_splitting_a_value() {
    for width in [40u16, 60, 80] {
        let style = Style {
            sanitize: true,
            width: Some(width),
            color: false,
        };
        let text = shown(&wide_path(), Format::Table, style);
        let table: Vec<&str> = text
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("reached"))
            .collect();
        for line in &table {
            assert!(
                line.chars().count() <= usize::from(width),
                "{width}: {line:?}\n{text}"
            );
        }
        for address in ["10.1.1.1", "203.0.113.9", "203.0.113.13", "203.0.113.250"] {
            assert!(
                table.iter().any(|l| l.contains(address)),
                "{width}: {address} split\n{text}"
            );
        }
        assert!(
            table.iter().any(|l| l.contains("312.5")),
            "{width}: a number split\n{text}"
        );
        // One row per responder: the ECMP hop's two addresses are on two lines.
        let ecmp = table
            .iter()
            .filter(|l| l.contains("203.0.113.9") || l.contains("203.0.113.13"));
        assert_eq!(ecmp.count(), 2, "{width}\n{text}");
        if width == 80 {
            assert!(
                table[0].contains("HOST") && text.contains("…"),
                "names cut, not dropped\n{text}"
            );
        }
    }
    // Without a width (a pipe), names stay whole.
    let whole = shown(&wide_path(), Format::Table, Style::default());
    assert!(whole.contains("ae2-0.edge4.London1.Level3.net.very-long-ptr.example"));
}

#[test]
fn csv_has_one_row_per_probe_and_one_empty_row_per_silent_hop() {
    let expected = "\
hop,address,hostname,rtt_ms
1,10.97.118.2,,1
1,10.97.118.2,,1
1,10.97.118.2,,1
2,10.97.112.1,,1
2,10.97.112.1,,0
2,10.97.112.1,,1
3,,,
4,10.186.128.6,,1
4,10.186.128.4,,1
4,10.186.128.4,,1
5,10.186.172.153,,1
5,10.186.172.153,,1
5,10.186.172.153,,0
";
    assert_eq!(shown(&seed(), Format::Csv, Style::default()), expected);
}

#[test]
fn csv_quotes_odd_names_and_leaves_timeouts_empty() {
    let doc = json!({"status": "COMPLETED", "output": {"hops": [{"hop": 1, "probes": [
        {"ipAddress": "192.0.2.1", "reverseDnsResolution": "a,\"b\"", "responseTimeMilliseconds": "*"},
        {"ipAddress": "192.0.2.1", "reverseDnsResolution": "a,\"b\"", "responseTimeMilliseconds": 0.512}
    ]}]}});
    let text = shown(&fetched(doc), Format::Csv, Style::default());
    assert_eq!(
        text,
        "hop,address,hostname,rtt_ms\n1,192.0.2.1,\"a,\"\"b\"\"\",\n1,192.0.2.1,\"a,\"\"b\"\"\",0.512\n"
    );
}

#[test]
fn raw_is_byte_for_byte_in_a_pipe_and_visible_on_a_terminal() {
    let doc = json!({"status": "COMPLETED", "rawOutput": "a\u{1b}]0;pwned\u{7}\r\n"});
    let task = fetched(doc);
    assert_eq!(
        shown(&task, Format::Raw, Style::default()),
        "a\u{1b}]0;pwned\u{7}\r\n"
    );
    let tty = Style {
        sanitize: true,
        ..Style::default()
    };
    assert_eq!(shown(&task, Format::Raw, tty), "a\\x1b]0;pwned\\x07\\x0d\n");
}

#[test]
fn json_keeps_the_api_key_order_and_values() {
    let text = shown(&seed(), Format::Json, Style::default());
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \""))
        .map(|l| l.trim().split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "endTime",
            "status",
            "output",
            "progressPercent",
            "startTime",
            "failReason",
            "rawOutput"
        ]
    );
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, seed().document().to_value());
}

#[test]
fn in_progress_tasks_show_a_status_line_in_table_and_nothing_in_raw_or_csv() {
    let running = fetched(json!({"status": "RUNNING", "progressPercent": 42, "output": null}));
    assert_eq!(
        shown(&running, Format::Table, Style::default()),
        "RUNNING 42%\n"
    );
    assert_eq!(shown(&running, Format::Raw, Style::default()), "");
    assert_eq!(shown(&running, Format::Csv, Style::default()), "");
    assert!(shown(&running, Format::Json, Style::default()).contains("\"RUNNING\""));
}

#[test]
fn device_names_cannot_break_the_table_or_drive_the_terminal() {
    let doc = json!({"status": "COMPLETED", "output": {"destination": "x\u{1b}[2J", "hops": [
        {"hop": "1", "probes": [{"ipAddress": "192.0.2.1", "reverseDnsResolution": "evil\nname\u{1b}[31m",
                                 "responseTimeMilliseconds": "1 ms"}]}
    ]}});
    let text = shown(&fetched(doc), Format::Table, Style::default());
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("evil\\nname\\x1b[31m"), "{text}");
    assert!(text.starts_with("traceroute to x\\x1b[2J\n"));
}

#[test]
fn an_unreadable_time_shows_as_a_question_mark_not_a_loss() {
    let doc = json!({"status": "COMPLETED", "output": {"destination": "192.0.2.1", "hops": [
        {"hop": "1", "probes": [
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": "fast"},
            {"ipAddress": "192.0.2.1", "responseTimeMilliseconds": 1e308}]}]}});
    let table = shown(&fetched(doc.clone()), Format::Table, Style::default());
    let row = table.lines().nth(2).unwrap();
    assert!(
        row.contains("0.0%") && row.ends_with("?    ?      ?"),
        "{table}"
    );
    let csv = shown(&fetched(doc), Format::Csv, Style::default());
    assert_eq!(
        csv,
        "hop,address,hostname,rtt_ms\n1,192.0.2.1,,?\n1,192.0.2.1,,?\n"
    );
}

#[test]
fn a_completed_task_without_hops_says_so() {
    let empty = fetched(json!({"status": "COMPLETED", "output": {"hops": []}}));
    assert_eq!(
        shown(&empty, Format::Table, Style::default()),
        "no hops: the task completed without hop data or raw output\n"
    );
}

#[test]
fn a_failed_task_shows_its_hops_but_no_reached_line() {
    let mut doc: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/seed-completed.json")).unwrap();
    doc["status"] = "FAILED".into();
    doc["failReason"] = "device rebooted".into();
    let text = shown(&fetched(doc), Format::Table, Style::default());
    assert!(text.contains("10.186.172.153    0.0%"), "{text}");
    assert!(!text.contains("reached"), "{text}");
}

#[test]
fn diff_shows_a_hop_past_one_sides_end_as_absent_not_silent() {
    use crate::path::compare::{Change, Comparison, HopChange};
    let hop = |n: u32, old: &[&str], new: &[&str], change| HopChange {
        hop: n,
        old: old.iter().map(|s| s.to_string()).collect(),
        new: new.iter().map(|s| s.to_string()).collect(),
        change,
        old_avg_ms: None,
        new_avg_ms: None,
        rtt_moved: false,
    };
    let comparison = Comparison {
        same: false,
        differences: vec!["5 hops before, 7 now".into()],
        hops: vec![
            hop(5, &[], &["10.0.0.5"], Change::Same),
            hop(6, &[], &["10.0.0.6"], Change::New),
            hop(7, &["10.0.0.7"], &[], Change::Gone),
        ],
    };
    let mut out = Vec::new();
    super::diff(&comparison, false, Style::default(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let cells: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .take(3)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(cells[0], ["5", "*", "10.0.0.5", "same"], "{text}");
    assert_eq!(cells[1], ["6", "-", "10.0.0.6", "new"], "{text}");
    assert_eq!(cells[2], ["7", "10.0.0.7", "-", "gone"], "{text}");
}

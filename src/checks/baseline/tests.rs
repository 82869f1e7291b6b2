//! Saved traces as `--expect-path` and `diff` read them: a document, fleet lines, the
//! devices asked about, and everything else refused in words.

use super::*;

const SEED: &str = include_str!("../../../tests/fixtures/seed-completed.json");

fn line(serial: &str, task: &str) -> String {
    let task: Value = serde_json::from_str(task).unwrap();
    serde_json::json!({"serial": serial, "task_id": "t", "status": "COMPLETED",
                       "exit_code": 0, "checks": [], "task": task})
    .to_string()
}

#[test]
fn a_task_document_or_fleet_lines_are_baselines() {
    let one = read(SEED.as_bytes()).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].serial, None);
    let failed = r#"{"serial":"CN3","task_id":null,"status":null,"exit_code":10,"checks":[],"error":"offline"}"#;
    let fleet = format!("{}\n{}\n{failed}\n", line("CN1", SEED), line("CN2", SEED));
    let traces = read(fleet.as_bytes()).unwrap();
    let serials: Vec<_> = traces.iter().map(|t| t.serial.as_deref()).collect();
    assert_eq!(serials, [Some("CN1"), Some("CN2")]);
    let baseline = Baseline {
        name: "fleet.ndjson".into(),
        traces,
        per_device: false,
        unusable: Vec::new(),
        others: Vec::new(),
    };
    assert_eq!(
        baseline.for_serial(Some("CN2")).unwrap().serial.as_deref(),
        Some("CN2")
    );
    assert_eq!(
        baseline.for_serial(Some("CN9")).unwrap_err(),
        "fleet.ndjson holds no trace of CN9 (it has CN1, CN2)"
    );
    assert!(baseline.for_serial(None).unwrap_err().contains(
        "holds the traces of 2 devices (CN1, CN2); name the one to compare with --serial SN"
    ));
    // A device whose trace FAILED fails its own comparison, never the others'.
    let failed_task = SEED.replace("\"COMPLETED\"", "\"FAILED\"").replacen(
        "\"output\": {",
        "\"output\": null, \"unused\": {",
        1,
    );
    let with_failed = format!("{}\n{}\n", line("CN1", SEED), line("FAIL3", &failed_task));
    let (traces, unusable) = read_lines(with_failed.as_bytes()).unwrap();
    let baseline = Baseline {
        name: "base.ndjson".into(),
        traces,
        per_device: false,
        unusable,
        others: Vec::new(),
    };
    assert!(baseline.for_serial(Some("CN1")).is_ok());
    assert_eq!(
        baseline.for_serial(Some("FAIL3")).unwrap_err(),
        "base.ndjson's line for FAIL3 has no completed trace: line 2: the task is FAILED, \
         not COMPLETED"
    );
    // One fleet line is a baseline for any device asked about.
    let single = read(line("CN1", SEED).as_bytes()).unwrap();
    assert_eq!(single[0].serial.as_deref(), Some("CN1"));
}

#[test]
fn only_the_devices_asked_about_are_kept_from_a_large_fleet_file() {
    let lines: Vec<String> = (0..3000)
        .map(|n| line(&format!("CN{n:04}"), SEED))
        .collect();
    let text = lines.join("\n");
    let wanted: HashSet<String> = ["CN2999".to_owned(), "CN0007".to_owned()].into();
    let kept = read_from(text.as_bytes(), Some(&wanted), MAX_FILE).unwrap();
    let serials: Vec<_> = kept.traces.iter().map(|t| t.serial.as_deref()).collect();
    assert_eq!(serials, [Some("CN0007"), Some("CN2999")]);
    assert_eq!(
        kept.others.len(),
        OTHERS_NAMED + 1,
        "the first few named, then …"
    );
    let err = read_from(text.as_bytes(), None, 1024 * 1024).unwrap_err();
    assert_eq!(err, "it is larger than 1 MiB");
}

#[test]
fn anything_else_is_refused_in_words() {
    for bad in [
        "{}",
        "[]",
        r#"{"status":"COMPLETED"}"#,
        r#"{"output":{"hops":[]}}"#,
        "42",
    ] {
        let why = read(bad.as_bytes()).unwrap_err();
        assert!(why.starts_with("it is not a task document"), "{bad}: {why}");
    }
    let why = read(b"{\"status\": ").unwrap_err();
    assert!(
        why.starts_with("line 1 ends in the middle of a JSON value"),
        "{why}"
    );
    assert!(!why.contains("EOF while parsing"), "{why}");
    let why = read(b"{} x").unwrap_err();
    assert!(why.starts_with("line 1 is not a JSON value"), "{why}");
    // A fleet file cut short in its third line says line 3, not the line after it.
    let cut = format!(
        "{}\n{}\n{{\"serial\": \"CN3\", \"ta",
        line("CN1", SEED),
        line("CN2", SEED)
    );
    let why = read(cut.as_bytes()).unwrap_err();
    assert!(why.starts_with("line 3 ends in the middle"), "{why}");
    assert!(read(b"  \n").unwrap_err().starts_with("it is empty"));
    let running = SEED.replace("\"COMPLETED\"", "\"RUNNING\"");
    assert_eq!(
        read(running.as_bytes()).unwrap_err(),
        "the task is RUNNING, not COMPLETED"
    );
    let mixed = format!("{}\n{{}}\n", line("CN1", SEED));
    assert!(read(mixed.as_bytes())
        .unwrap_err()
        .starts_with("line 2 is not a fleet result"));
}

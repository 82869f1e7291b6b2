//! Path checks, `diff` and `-o mtr-json` through the real binary: exit 0 / 11 and one stderr
//! line per failed check; a task that did not complete keeps its own code.

use predicates::prelude::*;

use crate::support::*;

/// `gwtrace status` of `document` with `extra` arguments; stdin from `input` when given.
async fn status(
    document: &str,
    extra: &[&str],
    input: Option<String>,
) -> assert_cmd::assert::Assert {
    let server = api_answering(200, document).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]).args(extra);
    if let Some(input) = input {
        cmd.write_stdin(input);
    }
    run(cmd).await
}

fn path_of(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_issue_example_passes_and_stdout_is_the_usual_table() {
    let checks = [
        "--expect-reach",
        "--expect-via",
        "10.186.128.0/24",
        "--max-rtt",
        "5ms",
        "--max-loss",
        "0",
    ];
    status(&seed(), &checks, None)
        .await
        .code(0)
        .stdout(fixture("seed-table.txt"))
        .stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_failing_check_is_one_line_and_exit_11() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--expect-via", "10.9.0.0/16"],
            "no hop answered from 10.9.0.0/16 (--expect-via)",
        ),
        (
            &["--expect-via", "hub.example"],
            "no hop answered from hub.example (--expect-via)",
        ),
        (
            &["--max-rtt", "0.5ms"],
            "average round-trip time to 10.186.172.153 is 0.7 ms, over --max-rtt 0.5 ms",
        ),
        (
            &["--expect-reach", "--max-loss", "1"],
            "not reached 10.186.172.153; last answer from 10.97.112.1 at hop 2",
        ),
    ];
    for (index, (args, line)) in cases.into_iter().enumerate() {
        let document = if index == 3 {
            fixture("seed-unreached.json")
        } else {
            seed()
        };
        let out = status(&document, args, None).await.code(11);
        let stderr = stderr_of(&out);
        assert!(
            stderr.starts_with(&format!("gwtrace: check failed: {line}\n")),
            "{args:?}: {stderr}"
        );
        // No summary line besides the failures.
        assert!(
            stderr
                .lines()
                .all(|l| l.starts_with("gwtrace: check failed: ")),
            "{stderr}"
        );
        assert!(
            stdout_of(&out).starts_with("traceroute to "),
            "stdout unchanged"
        );
    }
    let out = status(
        &fixture("seed-unreached.json"),
        &[
            "--expect-reach",
            "--max-rtt",
            "40ms",
            "--max-loss",
            "1",
            "--json",
        ],
        None,
    )
    .await
    .code(11);
    assert_eq!(stderr_of(&out).lines().count(), 3, "every check evaluated");
    let document: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(document["status"], "COMPLETED", "--json stays the document");
}

#[tokio::test(flavor = "multi_thread")]
async fn checks_leave_a_task_that_did_not_complete_its_own_code() {
    status(&fixture("failed.json"), &["--expect-reach"], None)
        .await
        .code(6)
        .stderr(predicate::str::contains("check failed").not());
    status(
        &fixture("running.json"),
        &["--expect-reach", "--no-wait"],
        None,
    )
    .await
    .code(8)
    .stderr(predicate::str::contains("check failed").not());
    status(
        &fixture("running.json"),
        &["--expect-reach", "--timeout", "1s", "--interval", "1s"],
        None,
    )
    .await
    .code(7)
    .stderr(predicate::str::contains("check failed").not());
}

#[tokio::test(flavor = "multi_thread")]
async fn expect_path_compares_with_a_saved_trace_from_a_file_or_stdin() {
    let same = path_of("seed-completed.json");
    status(&seed(), &["--expect-path", &same], None)
        .await
        .code(0)
        .stderr("");
    let alternate = path_of("seed-ecmp-alternate.json");
    status(&seed(), &["--expect-path", &alternate], None)
        .await
        .code(0);
    let changed = path_of("seed-changed.json");
    let out = status(&seed(), &["--expect-path", &changed], None)
        .await
        .code(11);
    assert_eq!(
        stderr_of(&out),
        format!(
            "gwtrace: check failed: the path differs from {changed}: hop 4 was 10.186.130.9, now \
             10.186.128.6 or 10.186.128.4\n"
        )
    );
    status(
        &seed(),
        &["--expect-path", "-"],
        Some(fixture("seed-changed.json")),
    )
    .await
    .code(11)
    .stderr(predicate::str::contains("the path differs from stdin"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_check_values_are_exit_2_and_bad_saved_traces_exit_1_before_any_request() {
    for (arg, value) in [
        ("--max-rtt", "fast"),
        ("--max-rtt", "-3ms"),
        ("--max-loss", "150"),
        ("--expect-via", "10.0.0.0/40"),
    ] {
        status(&seed(), &[&format!("{arg}={value}")], None)
            .await
            .code(2)
            .stderr(predicate::str::contains(format!("'{value}'")));
    }
    let env = Env::new();
    let not_a_task = env.home.path().join("list.json");
    std::fs::write(&not_a_task, "[1, 2]").unwrap();
    let running = path_of("running.json");
    let missing = env.home.path().join("missing.json");
    for file in [&not_a_task, &std::path::PathBuf::from(&running), &missing] {
        let server = wiremock::MockServer::start().await; // answers nothing: nothing may be sent
        let mut cmd = env.cmd_for(&server);
        cmd.args(["status", SERIAL, TASK, "--expect-path"])
            .arg(file);
        run(cmd)
            .await
            .code(1)
            .stderr(predicate::str::contains(format!(
                "gwtrace: error: cannot use {} as a saved trace",
                file.display()
            )));
        assert!(server.received_requests().await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_tells_a_changed_path_from_ecmp_alternation() {
    let env = Env::new();
    let diff = |old: &str, new: &str, extra: &[&str]| {
        let mut cmd = env.cmd();
        cmd.args(["diff", &path_of(old), &path_of(new)]).args(extra);
        cmd
    };
    let out = run(diff("seed-completed.json", "seed-completed.json", &[]))
        .await
        .code(0)
        .stderr("");
    assert!(stdout_of(&out).ends_with("same path\n"));
    let out = run(diff("seed-completed.json", "seed-ecmp-alternate.json", &[]))
        .await
        .code(0);
    let text = stdout_of(&out);
    assert!(text.contains("same, rtt 0.7 → 31.0 ms"), "{text}");
    assert!(text.ends_with("same path\n"), "{text}");
    let out = run(diff("seed-completed.json", "seed-changed.json", &[]))
        .await
        .code(11)
        .stderr("");
    let text = stdout_of(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("4 ") && l.ends_with("changed")),
        "{text}"
    );
    assert!(text
        .ends_with("the path changed: hop 4 was 10.186.128.6 or 10.186.128.4, now 10.186.130.9\n"));
    let out = run(diff(
        "seed-completed.json",
        "seed-unreached.json",
        &["--json"],
    ))
    .await
    .code(11);
    let comparison: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(comparison["same"], false);
    assert_eq!(
        comparison["differences"],
        serde_json::json!(["5 hops before, 2 now", "reached before, not reached now"])
    );
    assert_eq!(comparison["hops"][4]["change"], "gone");
    let out = run(diff(
        "seed-completed.json",
        "seed-ecmp-alternate.json",
        &["--rtt-threshold", "40ms"],
    ))
    .await
    .code(0);
    assert!(!stdout_of(&out).contains("rtt"), "{}", stdout_of(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_reads_stdin_and_refuses_unreadable_input() {
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.args(["diff", "-", &path_of("seed-completed.json")])
        .write_stdin(fixture("seed-changed.json"));
    run(cmd).await.code(11);
    let mut cmd = env.cmd();
    cmd.args(["diff", "-", "-"]);
    run(cmd).await.code(2);
    let mut cmd = env.cmd();
    cmd.args([
        "diff",
        "/nonexistent/old.json",
        &path_of("seed-completed.json"),
    ]);
    run(cmd).await.code(1).stderr(predicate::str::contains(
        "cannot use /nonexistent/old.json as a saved trace",
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn mtr_json_of_the_reference_task_is_pinned() {
    let out = status(&seed(), &["-o", "mtr-json"], None)
        .await
        .code(0)
        .stderr("");
    assert_eq!(stdout_of(&out), fixture("seed-mtr.json"));
}

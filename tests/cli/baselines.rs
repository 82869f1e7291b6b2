//! What `--expect-path` and `diff` accept as a saved trace: a task document or a fleet's
//! NDJSON line (the device's own line chosen by serial); anything else is exit 1 in words.

use predicates::prelude::*;
use serde_json::{json, Value};

use crate::support::*;

fn fleet_line(serial: &str, task: &Value) -> String {
    json!({"serial": serial, "task_id": TASK, "status": "COMPLETED", "exit_code": 0,
           "checks": [], "task": task})
    .to_string()
}

fn seed_value() -> Value {
    serde_json::from_str(&seed()).unwrap()
}

async fn status_against(file: &std::path::Path, env: &Env) -> assert_cmd::assert::Assert {
    let server = api_answering(200, &seed()).await;
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--expect-path"])
        .arg(file);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fleet_ndjson_line_is_a_baseline_for_its_own_device() {
    let env = Env::new();
    let mut changed: Value = json_fixture("seed-changed.json");
    changed["output"]["destination"] = seed_value()["output"]["destination"].clone();
    let file = env.home.path().join("fleet.ndjson");
    // Another device's line comes first: the device's own line is the one compared.
    let text = format!(
        "{}\n{}\n",
        fleet_line("CNOTHER001", &changed),
        fleet_line(SERIAL, &seed_value())
    );
    std::fs::write(&file, text).unwrap();
    status_against(&file, &env).await.code(0).stderr("");

    let only_other = env.home.path().join("other.ndjson");
    std::fs::write(
        &only_other,
        format!(
            "{}\n{}\n",
            fleet_line("CNOTHER001", &changed),
            fleet_line("CNOTHER002", &changed)
        ),
    )
    .unwrap();
    status_against(&only_other, &env)
        .await
        .code(1)
        .stderr(predicate::str::contains(format!(
            "holds no trace of {SERIAL} (it has CNOTHER001, CNOTHER002)"
        )));
}

#[tokio::test(flavor = "multi_thread")]
async fn objects_that_are_not_task_documents_are_exit_1_in_words() {
    let env = Env::new();
    for (name, text) in [
        ("object.json", r#"{"hello": "world"}"#),
        ("list.json", "[]"),
        ("bare.json", r#"{"status":"COMPLETED"}"#),
    ] {
        let file = env.home.path().join(name);
        std::fs::write(&file, text).unwrap();
        let out = status_against(&file, &env).await.code(1);
        let stderr = stderr_of(&out);
        assert!(
            stderr
                .contains("it is not a task document (a JSON object with status and output.hops)"),
            "{name}: {stderr}"
        );
        assert!(
            !stderr.contains("missing field") && !stderr.contains("invalid type"),
            "{stderr}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_baseline_traced_to_another_destination_fails_naming_both() {
    let env = Env::new();
    let mut elsewhere = seed_value();
    elsewhere["output"]["destination"] = "8.8.8.8".into();
    elsewhere["rawOutput"] = Value::Null;
    let file = env.home.path().join("elsewhere.json");
    std::fs::write(&file, elsewhere.to_string()).unwrap();
    status_against(&file, &env)
        .await
        .code(11)
        .stderr(predicate::str::contains(
            "traced to 8.8.8.8 before, to blrubshared-pdash.arubacorp.net (10.186.172.153) now",
        ));
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_takes_the_matching_line_of_a_fleet_and_a_trace_without_raw_output() {
    let env = Env::new();
    let mut bare = seed_value();
    bare["rawOutput"] = Value::Null;
    let fleet = env.home.path().join("fleet.ndjson");
    std::fs::write(
        &fleet,
        format!(
            "{}\n{}\n",
            fleet_line("CNOTHER001", &json_fixture("seed-changed.json")),
            fleet_line(SERIAL, &bare)
        ),
    )
    .unwrap();
    let one = env.home.path().join("one.ndjson");
    std::fs::write(&one, fleet_line(SERIAL, &seed_value())).unwrap();
    let out = env.cmd().arg("diff").arg(&one).arg(&fleet).assert().code(0);
    let text = stdout_of(&out);
    assert!(text.ends_with("same path\n"), "{text}");
    assert!(!text.contains("gone") && !text.contains("new"), "{text}");
    env.cmd()
        .arg("diff")
        .arg(&fleet)
        .arg(&fleet)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "holds the traces of 2 devices (CNOTHER001, CNF7JSS9L1); name the one to compare \
             with --serial SN",
        ));
    // --serial picks that device's line from every NDJSON input.
    env.cmd()
        .arg("diff")
        .arg(&fleet)
        .arg(&fleet)
        .args(["--serial", "CNOTHER001"])
        .assert()
        .code(0);
    env.cmd()
        .arg("diff")
        .arg(&fleet)
        .arg(&fleet)
        .args(["--serial", "CN0NE"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "fleet.ndjson holds no trace of CN0NE (it has CNOTHER001, CNF7JSS9L1)",
        ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fleet_baseline_with_a_failed_device_still_serves_the_others() {
    let env = Env::new();
    let base = env.home.path().join("base.ndjson");
    let failed: Value = json_fixture("failed.json");
    let lines = [
        fleet_line(SERIAL, &seed_value()),
        json!({"serial": "FAIL3", "task_id": "t-3", "status": "FAILED", "exit_code": 6,
               "checks": [], "task": failed})
        .to_string(),
        json!({"serial": "OFF4", "task_id": null, "status": null, "exit_code": 10,
               "checks": [], "error": "device offline"})
        .to_string(),
    ];
    std::fs::write(&base, lines.join("\n") + "\n").unwrap();
    // The device is compared with its own line; the failed one is no reason to refuse it.
    status_against(&base, &env).await.code(0).stderr("");
    let one = env.home.path().join("t1.json");
    std::fs::write(&one, seed()).unwrap();
    env.cmd()
        .args(["diff", "--serial", SERIAL])
        .arg(&one)
        .arg(&base)
        .assert()
        .code(0);
    // Only the device whose line failed fails, and says why.
    env.cmd()
        .args(["diff", "--serial", "FAIL3"])
        .arg(&one)
        .arg(&base)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "base.ndjson's line for FAIL3 has no completed trace: line 2: the task is FAILED, \
             not COMPLETED",
        ));
    env.cmd()
        .args(["diff", "--serial", "OFF4"])
        .arg(&base)
        .arg(&one)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line for OFF4 has no completed trace: device offline",
        ));
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_ends_a_run_that_waits_for_stdin_within_a_second() {
    let env = Env::new();
    let server = api_answering(200, &seed()).await;
    let saved = format!(
        "{}/tests/fixtures/seed-completed.json",
        env!("CARGO_MANIFEST_DIR")
    );
    for args in [
        vec!["diff", "-", saved.as_str()],
        vec!["status", SERIAL, TASK, "--expect-path", "-"],
        vec!["start", "--serials-file", "-", "8.8.8.8"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
            .env_clear()
            .env("HOME", env.home.path())
            .env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN)
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Stdin stays open and silent: gwtrace is waiting for it when the signal comes.
        let _stdin = child.stdin.take();
        let pid = child.id();
        tokio::task::spawn_blocking(move || wait_until_reading_stdin(pid))
            .await
            .unwrap();
        let sent = std::time::Instant::now();
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        let code = tokio::task::spawn_blocking(move || child.wait().unwrap().code())
            .await
            .unwrap();
        assert_eq!(code, Some(130), "{args:?}");
        assert!(
            sent.elapsed() < std::time::Duration::from_secs(2),
            "{args:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fleet_baseline_of_thousands_of_devices_is_read_for_the_one_asked() {
    let env = Env::new();
    let file = env.home.path().join("big.ndjson");
    // About 10 MiB: over the 8 MiB that used to be refused for a baseline.
    let mut changed: Value = json_fixture("seed-changed.json");
    changed["output"]["destination"] = seed_value()["output"]["destination"].clone();
    let other = fleet_line("CNOTHER001", &changed);
    let mut text = String::new();
    for n in 0..6000 {
        text.push_str(&other.replace("CNOTHER001", &format!("CNOTHER{n:04}")));
        text.push('\n');
    }
    text.push_str(&fleet_line(SERIAL, &seed_value()));
    assert!(text.len() > 8 * 1024 * 1024, "{} bytes", text.len());
    std::fs::write(&file, text).unwrap();
    status_against(&file, &env).await.code(0).stderr("");
}

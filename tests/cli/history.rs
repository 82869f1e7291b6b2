//! The trace history through the real binary: every finished trace recorded once in a real
//! SQLite file (read back with the `sqlite3` shell where it is installed), turned off three
//! ways, listed with its changes, shown, pruned, and used as a baseline (`@last`, `@prev`).

use predicates::prelude::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

pub const OTHER_TASK: &str = "d1e2f3a4-0000-4b7c-8d1e-0f9a3b2c1d0e";

fn history_file(env: &Env) -> std::path::PathBuf {
    env.home.path().join(".local/share/gwtrace/history.sqlite")
}

/// A mock where task TASK is the seed and OTHER_TASK the seed with a changed hop 4.
pub async fn two_tasks() -> MockServer {
    let server = MockServer::start().await;
    for (task, body) in [(TASK, seed()), (OTHER_TASK, fixture("seed-changed.json"))] {
        Mock::given(method("GET"))
            .and(path(status_path_for("v1", SERIAL, task)))
            .respond_with(json(200, &body))
            .mount(&server)
            .await;
    }
    server
}

async fn status(
    env: &Env,
    server: &MockServer,
    task: &str,
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    let mut cmd = env.cmd_for(server);
    cmd.args(["status", SERIAL, task]).args(extra);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finished_trace_is_recorded_once_in_a_real_sqlite_file() {
    let server = two_tasks().await;
    let env = Env::new();
    status(&env, &server, TASK, &["--json"])
        .await
        .code(0)
        .stderr("");
    status(&env, &server, TASK, &[]).await.code(0);
    let file = history_file(&env);
    assert!(file.exists());
    if !installed("sqlite3") {
        return;
    }
    let Ok(out) = std::process::Command::new("sqlite3")
        .arg(&file)
        .arg(
            "SELECT g.profile, g.base_url, g.serial, t.task_id, t.status, t.hops, t.reached, \
             typeof(t.fingerprint) FROM traces t JOIN targets g ON g.id = t.target",
        )
        .output()
    else {
        eprintln!("note: no sqlite3 shell here; the file was not read back with it");
        return;
    };
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "default|{}/|{SERIAL}|{TASK}|COMPLETED|5|1|integer\n",
            server.uri()
        )
    );
    let journal = std::process::Command::new("sqlite3")
        .arg(&file)
        .arg("PRAGMA journal_mode")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&journal.stdout), "wal\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_is_off_with_the_flag_the_variable_or_the_profile() {
    let server = two_tasks().await;
    let env = Env::new();
    status(&env, &server, TASK, &["--no-record"]).await.code(0);
    let mut cmd = env.cmd_for(&server);
    cmd.env("GWTRACE_RECORD", "0")
        .args(["status", SERIAL, TASK]);
    run(cmd).await.code(0);
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\ntoken = \"{TOKEN}\"\nrecord = false\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK]);
    run(cmd).await.code(0);
    assert!(!history_file(&env).exists());
    // A value it does not know is said, and ignored (the profile's `false` holds).
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_RECORD", "maybe")
        .args(["status", SERIAL, TASK]);
    let out = run(cmd).await.code(0);
    assert!(
        stderr_of(&out).contains(
            "warning: GWTRACE_RECORD=maybe is not one of 1, true, yes, on (record) or 0, false, \
             no, off (do not); it is ignored"
        ),
        "{}",
        stderr_of(&out)
    );
    assert!(!history_file(&env).exists());
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_RECORD", "on")
        .args(["status", SERIAL, TASK]);
    run(cmd).await.code(0).stderr("");
    assert!(
        history_file(&env).exists(),
        "the variable wins over the profile"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn history_lists_newest_first_and_marks_a_changed_path() {
    let server = two_tasks().await;
    let env = Env::new();
    status(&env, &server, TASK, &[]).await.code(0);
    status(&env, &server, OTHER_TASK, &[]).await.code(0);
    let out = run({
        let mut cmd = env.cmd();
        cmd.args(["history"]);
        cmd
    })
    .await
    .code(0);
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ID  TIME"), "{text}");
    assert!(
        lines[1].starts_with("2 ") && lines[1].ends_with(" *"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("1 ") && !lines[2].ends_with('*'),
        "{text}"
    );
    assert!(
        text.contains("* the path changed from the trace before it of that serial"),
        "{text}"
    );
    let json = run({
        let mut cmd = env.cmd();
        cmd.args(["history", SERIAL, "--json", "--limit", "1"]);
        cmd
    })
    .await
    .code(0);
    let line: serde_json::Value = serde_json::from_str(stdout_of(&json).trim()).unwrap();
    assert_eq!(
        (line["id"].as_i64(), line["changed"].as_bool()),
        (Some(2), Some(true))
    );
    // Shown again exactly as received.
    let shown = run({
        let mut cmd = env.cmd();
        cmd.args(["history", "show", "1", "--json"]);
        cmd
    })
    .await
    .code(0);
    let back: serde_json::Value = serde_json::from_str(&stdout_of(&shown)).unwrap();
    assert_eq!(back, json_fixture("seed-completed.json"));
    run({
        let mut cmd = env.cmd();
        cmd.args(["history", "show", "99"]);
        cmd
    })
    .await
    .code(5);
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_prev_last_explains_the_change_and_expect_path_reads_the_history() {
    let server = two_tasks().await;
    let env = Env::new();
    status(&env, &server, TASK, &[]).await.code(0);
    // One trace recorded: no @prev yet, said before anything is sent.
    status(&env, &server, TASK, &["--expect-path", "@prev"])
        .await
        .code(1)
        .stderr(predicate::str::contains("holds 1 completed trace of"));
    status(&env, &server, TASK, &["--expect-path", "@last"])
        .await
        .code(0);
    status(&env, &server, OTHER_TASK, &["--expect-path", "@last"])
        .await
        .code(11)
        .stderr(predicate::str::contains(
            "the path differs from @last: hop 4 was 10.186.128.6 or 10.186.128.4, now 10.186.130.9",
        ));
    let out = run({
        let mut cmd = env.cmd_for(&server);
        cmd.args(["diff", "@prev", "@last", "--serial", SERIAL]);
        cmd
    })
    .await
    .code(11);
    assert!(stdout_of(&out).contains("hop 4 was 10.186.128.6 or 10.186.128.4, now 10.186.130.9"));
    run({
        let mut cmd = env.cmd();
        cmd.args(["diff", "@1", "@1"]);
        cmd
    })
    .await
    .code(0);
    // A recorded trace against a file, the device named once.
    let saved = env.home.path().join("t1.json");
    std::fs::write(&saved, seed()).unwrap();
    run({
        let mut cmd = env.cmd_for(&server);
        cmd.args(["diff", "@prev", "--serial", SERIAL]).arg(&saved);
        cmd
    })
    .await
    .code(0);
    run({
        let mut cmd = env.cmd();
        cmd.args(["diff", "@prev", "@last"]);
        cmd
    })
    .await
    .code(2)
    .stderr(predicate::str::contains("give --serial SN"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_history_is_a_notice_and_the_result_still_prints() {
    let server = two_tasks().await;
    let env = Env::new();
    let file = history_file(&env);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "not a database at all, ".repeat(100)).unwrap();
    let out = status(&env, &server, TASK, &[]).await.code(0);
    assert_eq!(stdout_of(&out), fixture("seed-table.txt"));
    assert!(
        stderr_of(&out).contains("warning: cannot open the trace history"),
        "{}",
        stderr_of(&out)
    );
    status(
        &env,
        &server,
        TASK,
        &["--expect-reach", "--max-rtt", "0.1ms"],
    )
    .await
    .code(11);
}

#[tokio::test(flavor = "multi_thread")]
async fn parallel_runs_lose_no_row() {
    let server = MockServer::start().await;
    let tasks: Vec<String> = (0..8).map(|n| format!("task-{n:02}")).collect();
    for task in &tasks {
        Mock::given(method("GET"))
            .and(path(status_path_for("v1", SERIAL, task)))
            .respond_with(json(200, &seed()))
            .mount(&server)
            .await;
    }
    let env = Env::new();
    let runs: Vec<_> = tasks
        .iter()
        .map(|task| {
            let mut cmd = env.cmd_for(&server);
            cmd.args(["status", SERIAL, task]);
            tokio::task::spawn_blocking(move || cmd.assert().code(0))
        })
        .collect();
    for handle in runs {
        handle.await.unwrap();
    }
    let out = run({
        let mut cmd = env.cmd();
        cmd.args(["history", "--json", "--limit", "100"]);
        cmd
    })
    .await
    .code(0);
    assert_eq!(stdout_of(&out).lines().count(), 8);
}

#[tokio::test(flavor = "multi_thread")]
async fn prune_deletes_what_is_older_than_asked() {
    let server = two_tasks().await;
    let env = Env::new();
    status(&env, &server, TASK, &[]).await.code(0);
    let keep = run({
        let mut cmd = env.cmd();
        cmd.args(["history", "prune", "--older-than", "1h"]);
        cmd
    })
    .await
    .code(0);
    assert!(stderr_of(&keep).contains("pruned 0 traces"));
    // Everything recorded before an hour from now: no waiting for the clock.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    let later = humantime::format_rfc3339_seconds(later).to_string();
    let gone = run({
        let mut cmd = env.cmd();
        cmd.args(["history", "prune", "--before", &later]);
        cmd
    })
    .await
    .code(0);
    assert!(
        stderr_of(&gone).contains("pruned 1 trace "),
        "{}",
        stderr_of(&gone)
    );
    for args in [
        &["history", "prune"][..],
        &["history", "prune", "--before", "soon"],
    ] {
        env.cmd().args(args).assert().code(2);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ecmp_alternation_is_no_change_in_the_history() {
    let server = MockServer::start().await;
    for (task, body) in [
        (TASK, seed()),
        (OTHER_TASK, fixture("seed-ecmp-alternate.json")),
    ] {
        Mock::given(method("GET"))
            .and(path(status_path_for("v1", SERIAL, task)))
            .respond_with(json(200, &body))
            .mount(&server)
            .await;
    }
    let env = Env::new();
    status(&env, &server, TASK, &[]).await.code(0);
    status(&env, &server, OTHER_TASK, &[]).await.code(0);
    let out = env.cmd().args(["history", "--json"]).assert().code(0);
    let newest: serde_json::Value =
        serde_json::from_str(stdout_of(&out).lines().next().unwrap()).unwrap();
    assert_eq!(newest["changed"], false, "{newest}");
}

#[tokio::test(flavor = "multi_thread")]
async fn in_a_fleet_at_last_is_each_devices_own_trace_and_a_device_without_one_fails_alone() {
    use crate::fleet::{central, Plain};
    let server = central(Plain).await;
    let env = Env::new();
    // The mock answers every task with the seed, so trace to the seed's destination.
    let fleet = |serials: &str, extra: &[&str]| {
        let file = env.home.path().join("serials.txt");
        std::fs::write(&file, serials).unwrap();
        let mut cmd = env.cmd_for(&server);
        cmd.args(["start", "--serials-file"])
            .arg(&file)
            .arg("blrubshared-pdash.arubacorp.net")
            .args(extra);
        cmd
    };
    run(fleet("CN0001\n", &[])).await.code(0);
    let out = run(fleet(
        "CN0001\nCN0002\n",
        &["--expect-path", "@last", "--json"],
    ))
    .await
    .code(11);
    let lines: Vec<serde_json::Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["exit_code"], 0, "{}", lines[0]["checks"]);
    assert_eq!(lines[1]["exit_code"], 11);
    assert_eq!(
        lines[1]["checks"][0],
        "--expect-path: @last holds no trace of CN0002 (it has CN0001)"
    );
}

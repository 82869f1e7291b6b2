//! The history as a team leaves it running for a year: moved with `export` and `import`
//! (every listing reproduced), baselines only from the same profile and Central, a history
//! that another process holds (one wait and one warning per run; a bounded wait for a
//! baseline), retention from the config file.

use std::time::{Duration, Instant};

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

use crate::history::OTHER_TASK;

fn history_file(env: &Env) -> std::path::PathBuf {
    env.home.path().join(".local/share/gwtrace/history.sqlite")
}

/// `history`'s two tasks (TASK the seed, OTHER_TASK with hop 4 changed) and a FAILED one.
async fn central() -> MockServer {
    let server = crate::history::two_tasks().await;
    Mock::given(method("GET"))
        .and(path(status_path_for("v1", SERIAL, "failed-task")))
        .respond_with(json(200, &fixture("failed.json")))
        .mount(&server)
        .await;
    server
}

async fn ok(cmd: assert_cmd::Command) -> String {
    stdout_of(&run(cmd).await.code(0))
}

fn cmd(env: &Env, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.args(args);
    cmd
}

fn status(env: &Env, server: &MockServer, task: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd_for(server);
    cmd.args(["status", SERIAL, task]);
    cmd
}

/// What `history`, `history --json` and `history show` print for every recorded trace.
async fn every_listing(env: &Env) -> Vec<String> {
    let mut shown = vec![
        ok(cmd(env, &["history"])).await,
        ok(cmd(env, &["history", "--json"])).await,
    ];
    for id in ["1", "2", "3"] {
        for format in ["table", "json", "csv", "mtr-json"] {
            let out = run(cmd(env, &["history", "show", id, "-o", format])).await;
            shown.push(format!("{}|{}", stdout_of(&out), stderr_of(&out)));
        }
    }
    shown
}

#[tokio::test(flavor = "multi_thread")]
async fn export_then_import_into_an_empty_history_reproduces_every_listing() {
    let server = central().await;
    let old = Env::new();
    run(status(&old, &server, TASK)).await.code(0);
    run(status(&old, &server, "failed-task")).await;
    run(status(&old, &server, OTHER_TASK)).await.code(0);
    let before = every_listing(&old).await;
    assert!(
        before[0].contains(" *\n"),
        "the change is marked: {}",
        before[0]
    );
    let exported = ok(cmd(&old, &["history", "export"])).await;
    assert_eq!(exported.lines().count(), 3, "{exported}");
    let first: serde_json::Value = serde_json::from_str(exported.lines().next().unwrap()).unwrap();
    assert_eq!(first["serial"], SERIAL);
    assert_eq!(first["profile"], "default");
    assert_eq!(first["base_url"], format!("{}/", server.uri()));
    assert_eq!(first["task"], json_fixture("seed-completed.json"));

    let new = Env::new();
    let file = new.home.path().join("traces.ndjson");
    std::fs::write(&file, &exported).unwrap();
    let mut import = new.cmd();
    import.args(["history", "import"]).arg(&file);
    let out = run(import).await.code(0).stdout("");
    assert_eq!(
        stderr_of(&out),
        "gwtrace: imported 3 traces; 0 already recorded, 0 bad lines skipped\n"
    );
    assert_eq!(every_listing(&new).await, before);

    // Again: every trace is known by its task id. A bad line is named and skipped (exit 1).
    let mut again = exported.clone();
    again.insert_str(
        exported.find('\n').unwrap() + 1,
        "{\"serial\": \"CN1\", \"task\": {\"status\": 5}}\nnot json\n",
    );
    std::fs::write(&file, again).unwrap();
    let mut import = new.cmd();
    import.args(["history", "import"]).arg(&file);
    let out = run(import).await.code(1);
    let err = stderr_of(&out);
    assert!(
        err.contains("traces.ndjson line 2: it is not a task document"),
        "{err}"
    );
    assert!(
        err.contains("traces.ndjson line 3: it is not JSON"),
        "{err}"
    );
    assert!(
        err.contains("imported 0 traces; 3 already recorded, 2 bad lines skipped"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fleet_file_and_a_lone_document_import_under_the_profile_in_use() {
    let env = Env::new();
    let fleet = env.home.path().join("fleet.ndjson");
    let seed: serde_json::Value = json_fixture("seed-completed.json");
    let lines = [
        serde_json::json!({"serial": "CN1", "task_id": "t-1", "status": "COMPLETED",
                           "exit_code": 0, "checks": [], "task": seed}),
        serde_json::json!({"serial": "CN2", "task_id": null, "status": null, "exit_code": 10,
                           "checks": [], "error": "offline"}),
    ];
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&fleet, text.join("\n")).unwrap();
    let doc = env.home.path().join("doc.json");
    std::fs::write(&doc, fixture("seed-completed.json")).unwrap();
    // Which Central these came from is not in the files: the profile's is used.
    let mut import = env.cmd();
    import
        .env(
            "GWTRACE_BASE_URL",
            "https://us4.api.central.arubanetworks.com",
        )
        .args(["history", "import", "--serial", "CN9"])
        .arg(&fleet)
        .arg(&doc);
    let out = run(import).await.code(0).stdout("");
    assert_eq!(
        stderr_of(&out),
        "gwtrace: imported 2 traces; 0 already recorded, 0 bad lines skipped\n"
    );
    let listed = ok(cmd(&env, &["history", "--json"])).await;
    let rows: Vec<serde_json::Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(
            row["base_url"],
            "https://us4.api.central.arubanetworks.com/"
        );
        // Times from the documents: the seed ended on 2025-05-21.
        assert_eq!(row["recorded_at"], 1_747_827_571);
    }
    // Without any Central named anywhere, a lone document cannot be filed.
    let mut import = env.cmd();
    import
        .args(["history", "import", "--serial", "CN9"])
        .arg(&doc);
    let out = run(import).await.code(1);
    assert!(
        stderr_of(&out).contains("give --base-url"),
        "{}",
        stderr_of(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_baseline_is_never_a_trace_of_another_central() {
    let server = central().await;
    let other = central().await;
    let env = Env::new();
    run(status(&env, &server, TASK)).await.code(0);
    let mut check = status(&env, &other, OTHER_TASK);
    check.args(["--expect-path", "@last"]);
    let out = run(check).await.code(1);
    let err = stderr_of(&out);
    assert!(
        err.contains("holds 0 completed traces of")
            && err.contains(&other.uri())
            && err.contains("are never compared"),
        "{err}"
    );
    // A run that names no Central at all is told why one is needed, in one line.
    let mut nowhere = env.cmd();
    nowhere.args(["diff", "@last", "@last", "--serial", SERIAL]);
    let out = run(nowhere).await.code(3);
    assert_eq!(
        stderr_of(&out),
        "gwtrace: error: @last: the history compares traces only with those taken with the \
         same profile against the same Central, and profile 'default' names no Central: give \
         --base-url or --profile, or set GWTRACE_BASE_URL\n"
    );
    // The same Central under another profile is another scope too.
    env.write_config(&format!(
        "[profiles.lab]\nbase_url = \"{}\"\ntoken = \"{TOKEN}\"\n",
        server.uri()
    ));
    let mut lab = env.cmd();
    lab.args([
        "--profile",
        "lab",
        "status",
        SERIAL,
        TASK,
        "--expect-path",
        "@last",
    ]);
    run(lab).await.code(1);
    let listed = ok(cmd(&env, &["history", "--json"])).await;
    let row: serde_json::Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    assert_eq!(row["profile"], "default");
    assert_eq!(row["base_url"], format!("{}/", server.uri()));
}

/// Holds a write transaction on the history, as another process would.
fn hold_write_lock(env: &Env) -> rusqlite::Connection {
    let other = rusqlite::Connection::open(history_file(env)).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE held (x);")
        .unwrap();
    other
}

#[tokio::test(flavor = "multi_thread")]
async fn a_busy_history_is_one_wait_and_one_warning_per_run() {
    let server = crate::fleet::central(crate::fleet::Plain).await;
    let env = Env::new();
    let serials = env.home.path().join("serials.txt");
    std::fs::write(&serials, "CN1\nCN2\nCN3\nCN4\n").unwrap();
    let fleet = || {
        let mut cmd = env.cmd_for(&server);
        cmd.args(["start", "--serials-file"]).arg(&serials).args([
            "10.0.0.1",
            "--interval",
            "1s",
            "--json",
        ]);
        cmd
    };
    run(fleet()).await.code(0);
    let held = hold_write_lock(&env);
    let began = Instant::now();
    let out = run(fleet()).await.code(0);
    let took = began.elapsed();
    assert_eq!(stdout_of(&out).lines().count(), 4);
    let err = stderr_of(&out);
    assert_eq!(err.matches("is busy").count(), 1, "{err}");
    assert!(
        err.contains("4 traces of this run were not recorded"),
        "{err}"
    );
    // One wait of a second, not one of ten per device as before.
    assert!(took < Duration::from_secs(8), "took {took:?}");
    drop(held);
    let listed = ok(cmd(&env, &["history", "--limit", "100", "--json"])).await;
    assert_eq!(listed.lines().count(), 4, "only the first run's");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_baseline_from_a_locked_history_fails_soon_and_says_why() {
    let server = central().await;
    let env = Env::new();
    run(status(&env, &server, TASK)).await.code(0);
    // A writer in exclusive locking mode keeps even readers out.
    let other = rusqlite::Connection::open(history_file(&env)).unwrap();
    other
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held (x);")
        .unwrap();
    let mut check = status(&env, &server, TASK);
    check.args(["--expect-path", "@last"]);
    let began = Instant::now();
    let out = run(check).await.code(1);
    // A short wait (2 s), not the ten a writer's busy timeout was.
    assert!(
        began.elapsed() < Duration::from_secs(8),
        "{:?}",
        began.elapsed()
    );
    let err = stderr_of(&out);
    assert!(
        err.contains("cannot use the trace history") && err.contains("is busy"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_from_the_config_file_drops_old_traces_when_recording() {
    let server = central().await;
    let env = Env::new();
    let doc = env.home.path().join("doc.json");
    std::fs::write(&doc, fixture("seed-changed.json")).unwrap();
    let mut import = env.cmd_for(&server);
    import
        .args(["history", "import", "--serial", SERIAL])
        .arg(&doc);
    run(import).await.code(0);
    env.write_config("history_keep = \"30d\"\n");
    run(status(&env, &server, TASK)).await.code(0);
    let listed = ok(cmd(&env, &["history", "--json"])).await;
    assert_eq!(
        listed.lines().count(),
        1,
        "the 2025 trace is gone: {listed}"
    );
    assert!(listed.contains(TASK));
    // Under an hour is refused with its line.
    env.write_config("\nhistory_keep = \"10m\"\n");
    let out = run(status(&env, &server, TASK)).await.code(3);
    let err = stderr_of(&out);
    assert!(
        err.contains("line 2") && err.contains("under an hour"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lone_document_is_filed_under_the_profiles_device_family() {
    let env = Env::new();
    env.write_config(
        "[profiles.core]\nbase_url = \"https://us4.api.central.arubanetworks.com\"\n\
         device = \"cx\"\n",
    );
    let doc = env.home.path().join("doc.json");
    std::fs::write(&doc, fixture("seed-completed.json")).unwrap();
    let mut import = env.cmd();
    import
        .args(["--profile", "core", "history", "import", "--serial", "CN7"])
        .arg(&doc);
    run(import).await.code(0);
    let listed = ok(cmd(&env, &["history", "--json"])).await;
    let row: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
    assert_eq!(row["device"], "cx");
    assert_eq!(row["profile"], "core");
}

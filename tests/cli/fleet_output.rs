//! A fleet's output: every format honoured (CSV with a serial column, one mtr report per
//! line, each device's text under its serial), results streamed, duplicates traced once, and
//! Ctrl-C printing every finished device before the unfinished task ids.

use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::Value;
use wiremock::{Request, Respond, ResponseTemplate};

use crate::fleet::{answer, central, fleet, Plain};
use crate::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn csv_has_a_serial_column_and_errors_go_to_stderr() {
    let server = central(Plain).await;
    let env = Env::new();
    let out = run(fleet(
        &env,
        &server,
        "CN0001\nOFF0002\nCN0003\n",
        &["-o", "csv"],
    ))
    .await
    .code(10);
    let csv = stdout_of(&out);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("serial,hop,address,hostname,rtt_ms"));
    assert!(csv.contains("CN0001,1,10.97.118.2,,1\n"), "{csv}");
    assert!(csv.contains("CN0003,3,,,\n"), "a silent hop: {csv}");
    assert!(!csv.contains("OFF0002"), "{csv}");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let first_of_3 = rows.iter().position(|r| r.starts_with("CN0003")).unwrap();
    assert!(
        rows[..first_of_3].iter().all(|r| r.starts_with("CN0001")),
        "file order: {csv}"
    );
    assert!(
        stderr_of(&out).contains("gwtrace: OFF0002: error: device offline"),
        "{}",
        stderr_of(&out)
    );
    // Errors and failed checks are never silenced, not even by -q.
    let extra = ["-q", "-o", "csv", "--expect-via", "192.0.2.99"];
    let out = run(fleet(
        &env,
        &server,
        "CN0001
OFF0002
",
        &extra,
    ))
    .await
    .code(11);
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("gwtrace: OFF0002: error: device offline"),
        "{stderr}"
    );
    assert!(
        stderr.contains("gwtrace: CN0001: check failed: no hop answered from 192.0.2.99"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mtr_json_is_one_report_per_line_and_raw_text_sits_under_each_serial() {
    let server = central(Plain).await;
    let env = Env::new();
    let out = run(fleet(
        &env,
        &server,
        "CN0001\nCN0002\n",
        &["-o", "mtr-json"],
    ))
    .await
    .code(0);
    let reports: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sources: Vec<&str> = reports
        .iter()
        .map(|r| r["report"]["mtr"]["src"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["CN0001", "CN0002"]);
    assert_eq!(reports[0]["report"]["hubs"].as_array().unwrap().len(), 5);

    let out = run(fleet(&env, &server, "CN0001\nCN0002\n", &["--raw"]))
        .await
        .code(0);
    let text = stdout_of(&out);
    assert!(
        text.starts_with("== CN0001 ==\n\ntraceroute blrubshared"),
        "{text}"
    );
    assert!(text.contains("\n== CN0002 ==\n"), "{text}");
    assert_eq!(text.matches(" 4 10.186.128.6").count(), 2, "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_serial_listed_twice_is_traced_once_and_one_device_is_one_device() {
    let server = central(Plain).await;
    let env = Env::new();
    let out = run(fleet(
        &env,
        &server,
        "\u{feff}CN0001\nCN0002 # not a dup\nCN0001\n",
        &[],
    ))
    .await
    .code(0);
    assert!(
        stderr_of(&out).contains("line 3: CN0001 is listed again; it is traced once"),
        "{}",
        stderr_of(&out)
    );
    assert!(stdout_of(&out).ends_with("2 devices: 2 passed, 0 did not\n"));
    let starts = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(starts, 2);
    let out = run(fleet(&env, &server, "CN0001\n", &[])).await.code(0);
    assert!(
        stdout_of(&out).ends_with("\n1 device: 1 passed, 0 did not\n"),
        "{}",
        stdout_of(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_options_reading_stdin_are_a_usage_error() {
    let server = central(Plain).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args([
        "start",
        "--serials-file",
        "-",
        "8.8.8.8",
        "--expect-path",
        "-",
    ])
    .write_stdin("CN0001\n");
    run(cmd)
        .await
        .code(2)
        .stderr(predicate::str::contains("cannot both read stdin"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Like `Plain`, but the first device's task never finishes.
#[derive(Clone)]
struct FirstNeverEnds;

impl Respond for FirstNeverEnds {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if request.method.as_str() == "GET" && request.url.path().ends_with("task-CN0001") {
            return json(200, &fixture("running.json"));
        }
        answer(request)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_mid_fleet_prints_every_finished_device_then_the_unfinished_task() {
    let (code, stdout, stderr) = interrupted_fleet(&[]).await;
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stdout.starts_with("SERIAL"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.starts_with("CN0002  COMPLETED")),
        "the finished device is printed: {stdout}"
    );
    assert!(!stdout.contains("CN0001"), "{stdout}");
    assert!(
        stderr.contains("task task-CN0001 keeps running on the device; read it later with: gwtrace status CN0001 task-CN0001"),
        "{stderr}"
    );
}

/// A fleet of CN0001 (whose task never ends) and CN0002, run with `extra` arguments and
/// interrupted with Ctrl-C once CN0002 is done: its exit code, stdout and stderr.
pub async fn interrupted_fleet(extra: &[&str]) -> (Option<i32>, String, String) {
    let server = central(FirstNeverEnds).await;
    let env = Env::new();
    let file = env.home.path().join("serials.txt");
    std::fs::write(&file, "CN0001\nCN0002\n").unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
        .env_clear()
        .env("HOME", env.home.path())
        .env("XDG_CACHE_HOME", env.home.path().join(".cache"))
        .env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["start", "--serials-file"])
        .arg(&file)
        .args(["8.8.8.8", "--interval", "1s"])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // CN0002 completes at its first poll; CN0001 runs on. Results print in file order, so
    // CN0002's waits for CN0001 — until the interruption, which must not lose it. CN0002 is
    // done once its trace is in the history (recorded as its result is handed on).
    let history = env.home.path().join(".local/share/gwtrace/history.sqlite");
    let recorded = || {
        rusqlite::Connection::open(&history)
            .and_then(|db| {
                db.query_row(
                    "SELECT count(*) FROM traces t JOIN targets g ON g.id = t.target \
                     WHERE g.serial = 'CN0002'",
                    [],
                    |row| row.get::<_, i64>(0),
                )
            })
            .is_ok_and(|n| n > 0)
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while !(history.exists() && recorded()) {
        assert!(Instant::now() < deadline, "CN0002 never finished");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::task::spawn_blocking(move || {
        let status = child.wait().unwrap();
        let mut stdout = String::new();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        (status.code(), stdout, stderr)
    })
    .await
    .unwrap()
}

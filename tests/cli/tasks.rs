//! `gwtrace tasks` and `status --latest`: a device's task list, against a mock and the
//! simulator.

use predicates::prelude::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

fn list_path() -> String {
    format!("/network-troubleshooting/v1/gateways/{SERIAL}/list-tasks")
}

fn location(task: &str) -> String {
    format!("/network-troubleshooting/v1/gateways/{SERIAL}/traceroute/async-operations/{task}")
}

async fn listing(groups: serde_json::Value) -> MockServer {
    let server = api_answering(200, &seed()).await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(json(200, &groups.to_string()))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn tasks_lists_test_names_ids_and_the_command_that_reads_a_traceroute() {
    let groups = json!([
        {"testName": "traceroute", "locations": [location(TASK), location("older-task-1")]},
        {"testName": "ping", "locations": [".../ping/async-operations/ping-task-9"]}
    ]);
    let server = listing(groups.clone()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["tasks", SERIAL]);
    let out = run(cmd).await.code(0).stderr("");
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("TEST") && lines[0].contains("TASK ID"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("traceroute") && lines[1].contains(TASK),
        "{text}"
    );
    assert!(
        lines[1].ends_with(&format!("gwtrace status {SERIAL} {TASK}")),
        "{text}"
    );
    assert!(
        lines[3].starts_with("ping") && lines[3].trim_end().ends_with("ping-task-9"),
        "{text}"
    );
    let mut cmd = env.cmd_for(&server);
    cmd.args(["tasks", SERIAL, "--json"]);
    let out = run(cmd).await.code(0);
    let back: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(back, groups);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_latest_reads_the_newest_traceroute() {
    let groups = json!([
        {"testName": "ping", "locations": ["x/async-operations/not-this-one"]},
        {"testName": "traceroute", "locations": [location(TASK), location("older-task-1")]}
    ]);
    let server = listing(groups).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, "--latest", "-o", "csv"]);
    run(cmd)
        .await
        .code(0)
        .stdout(predicate::str::starts_with("hop,address"));
    let server = listing(json!([{"testName": "ping", "locations": ["x/y/z"]}])).await;
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, "--latest"]);
    run(cmd)
        .await
        .code(5)
        .stderr(predicate::str::contains("lists no traceroute task"));
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL]);
    run(cmd).await.code(2);
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--latest"]);
    run(cmd).await.code(2);
}

#[test]
fn the_simulator_lists_tasks_newest_first() {
    let env = Env::new();
    /// Stops the simulator however the test ends.
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut sim = Stop(
        std::process::Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
            .args(["sim", "--task-seconds", "1"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut url = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(sim.0.stdout.take().unwrap()),
        &mut url,
    )
    .unwrap();
    let cmd = |args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.env("GWTRACE_BASE_URL", url.trim())
            .env("GWTRACE_TOKEN", "t")
            .args(args);
        cmd
    };
    let first = cmd(&["start", "CN42", "8.8.8.8", "--no-wait"])
        .assert()
        .code(0);
    let second = cmd(&["start", "CN42", "8.8.8.8", "--no-wait"])
        .assert()
        .code(0);
    let (first, second) = (stdout_of(&first), stdout_of(&second));
    let listed = cmd(&["tasks", "CN42"]).assert().code(0);
    let listed = stdout_of(&listed);
    let at = |task: &str| listed.find(task.trim()).unwrap();
    assert!(at(&second) < at(&first), "newest first:\n{listed}");
    let latest = cmd(&["status", "CN42", "--latest", "--json", "--timeout", "30s"])
        .assert()
        .code(0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout_of(&latest)).unwrap()["status"],
        "COMPLETED"
    );
}

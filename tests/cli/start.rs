//! `gwtrace start`: the POST, its answers and errors, then waiting like `status`.

use predicates::prelude::*;
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn start_path() -> String {
    format!("/network-troubleshooting/v1/gateways/{SERIAL}/traceroute")
}

fn accepted() -> ResponseTemplate {
    let location = format!("{}/async-operations/{TASK}", start_path());
    json(
        202,
        &json!({"location": location, "status": "INITIATED", "startTime": "2025-05-21T11:39:13Z"})
            .to_string(),
    )
}

async fn mount_status(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(200, &seed()))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn start_posts_the_destination_then_waits_and_prints_the_table() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(start_path()))
        .and(body_json(
            json!({"destination": "8.8.8.8", "includeRawOutput": true, "vlanIp": "10.1.1.1"}),
        ))
        .respond_with(accepted())
        .expect(1)
        .mount(&server)
        .await;
    mount_status(&server).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "8.8.8.8", "--vlan-ip", "10.1.1.1"]);
    run(cmd)
        .await
        .code(0)
        .stdout(predicate::str::starts_with(
            "traceroute to blrubshared-pdash.arubacorp.net (10.186.172.153)\nHOP",
        ))
        .stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn start_no_wait_prints_only_the_task_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(accepted())
        .expect(2)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "8.8.8.8", "--no-wait"]);
    run(cmd)
        .await
        .code(0)
        .stdout(format!("{TASK}\n"))
        .stderr("");
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "8.8.8.8", "--no-wait", "--json"]);
    let out = run(cmd).await.code(0);
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["status"], "INITIATED");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_location_header_is_accepted_too() {
    let server = MockServer::start().await;
    let location = format!("{}/async-operations/{TASK}", start_path());
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).insert_header("location", location.as_str()))
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "example.net", "--no-wait"]);
    run(cmd).await.code(0).stdout(format!("{TASK}\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn post_errors_map_to_their_exit_codes() {
    let cases = [
        (
            409,
            r#"{"errorCode":"HPE_GRAVITY_DEVICE_OFFLINE","message":"Device is offline"}"#,
            10,
            "Device is offline",
        ),
        (
            404,
            r#"{"errorCode":"HPE_GRAVITY_DEVICE_NOT_FOUND","message":"Device not found"}"#,
            5,
            "serial number of a gateway",
        ),
        (
            400,
            r#"{"errorCode":"HPE_GRAVITY_BAD_REQUEST","message":"destination is invalid"}"#,
            1,
            "destination is invalid",
        ),
        (
            401,
            r#"{"errorCode":"HPE_GRAVITY_UNAUTHORIZED","message":"Authentication required."}"#,
            4,
            "GWTRACE_TOKEN",
        ),
    ];
    let env = Env::new();
    for (status, body, code, says) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(json(status, body))
            .expect(1)
            .mount(&server)
            .await;
        let mut cmd = env.cmd_for(&server);
        cmd.args(["start", SERIAL, "8.8.8.8"]);
        run(cmd)
            .await
            .code(code)
            .stdout("")
            .stderr(predicate::str::contains(says));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_error_to_the_post_is_exit_9_at_once_and_never_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(500, &fixture("error-internal-server-error.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "8.8.8.8"]);
    run(cmd).await.code(9).stderr(predicate::str::contains(
        "HPE_GRAVITY_INTERNAL_SERVER_ERROR",
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_post_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            json(429, &fixture("error-too-many-requests.json")).insert_header("retry-after", "1"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(accepted())
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "8.8.8.8", "--no-wait"]);
    run(cmd).await.code(0).stdout(format!("{TASK}\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_with_no_answer_is_not_repeated() {
    let url = raw_server(4, |stream| {
        let _held = stream.try_clone();
        std::thread::sleep(std::time::Duration::from_secs(10));
    });
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", url).env("GWTRACE_TOKEN", TOKEN);
    cmd.args(["start", SERIAL, "8.8.8.8", "--request-timeout", "1s"]);
    run(cmd)
        .await
        .code(9)
        .stderr(predicate::str::contains("no answer"))
        .stderr(predicate::str::contains("tries").not());
}

#[test]
fn a_bad_destination_is_a_usage_error_and_nothing_is_sent() {
    let env = Env::new();
    for bad in ["8.8.8.8; reboot", "a b", "x\u{1b}[2J", ""] {
        env.cmd()
            .env("GWTRACE_BASE_URL", refused_url())
            .env("GWTRACE_TOKEN", TOKEN)
            .args(["start", SERIAL, bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("host name or IP"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_trace_keeps_the_destination_that_was_asked() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(start_path()))
        .respond_with(accepted())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(200, &fixture("failed.json")))
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "8.8.8.8", "-o", "mtr-json"]);
    let out = run(cmd).await.code(6);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["report"]["mtr"]["dst"], "8.8.8.8");
    let listed = run({
        let mut cmd = env.cmd();
        cmd.args(["history", "--json"]);
        cmd
    })
    .await
    .code(0);
    let row: serde_json::Value = serde_json::from_str(stdout_of(&listed).trim()).unwrap();
    assert_eq!(row["status"], "FAILED");
    assert_eq!(row["destination"], "8.8.8.8");
}

//! `api_version = "auto"`: `v1` first, `v1alpha1` when `v1`'s route does not exist, the answer
//! remembered per profile; a 404 about a device or task is an answer, never a reason to switch.

use predicates::prelude::*;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer};

use crate::sim::SimProcess;
use crate::support::*;

fn requests_to(server_requests: &[wiremock::Request], version: &str) -> usize {
    let prefix = format!("/network-troubleshooting/{version}/");
    server_requests
        .iter()
        .filter(|r| r.url.path().starts_with(&prefix))
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_uses_v1_when_it_answers_and_remembers_it() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd).await.code(0).stdout(fixture("seed-table.txt"));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&requests, "v1alpha1"), 0);
    let memory = std::fs::read_to_string(env.cache_dir().join("api-version/default.json")).unwrap();
    assert!(memory.contains("\"version\":\"v1\""), "{memory}");
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_falls_back_to_v1alpha1_on_a_route_404_and_asks_once_next_time() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path_for("v1alpha1", SERIAL, TASK)))
        .respond_with(json(200, &seed()))
        .expect(2)
        .mount(&server)
        .await;
    // v1 is unknown to this server: wiremock answers 404 with an empty body, as a gateway
    // answers a route it does not have.
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["-v", "status", SERIAL, TASK]);
    let out = run(cmd).await.code(0).stdout(fixture("seed-table.txt"));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(
            "gwtrace: API version v1alpha1 (auto: v1 has no such route at this base URL; \
             remembered for this profile)"
        ),
        "{stderr}"
    );
    let mut again = env.cmd_for(&server);
    again.args(["-v", "status", SERIAL, TASK]);
    let out = run(again).await.code(0);
    assert!(
        stderr_of(&out)
            .starts_with("gwtrace: API version v1alpha1 (auto: remembered for this profile)"),
        "{}",
        stderr_of(&out)
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests_to(&requests, "v1"),
        1,
        "v1 is asked once, in the first run"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_or_device_404_on_v1_is_an_answer_not_a_missing_route() {
    let server = api_answering(404, &fixture("error-task-not-found.json")).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(5)
        .stderr(predicate::str::contains("HPE_GRAVITY_TASK_NOT_FOUND"))
        .stderr(predicate::str::contains("is there a task"));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&requests, "v1alpha1"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_offline_on_v1_keeps_exit_10_without_trying_v1alpha1() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex(
            "^/network-troubleshooting/v1/gateways/.+/traceroute$",
        ))
        .respond_with(json(
            409,
            r#"{"errorCode":"HPE_GRAVITY_DEVICE_OFFLINE","message":"Device is offline"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", SERIAL, "8.8.8.8"]);
    run(cmd)
        .await
        .code(10)
        .stderr(predicate::str::contains("device offline"));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests_to(&requests, "v1alpha1"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_with_neither_version_says_the_base_url_is_not_central() {
    let server = MockServer::start().await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd).await.code(5).stderr(predicate::str::contains(
        "not with Central's troubleshooting API (check base_url or cluster",
    ));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        (
            requests_to(&requests, "v1"),
            requests_to(&requests, "v1alpha1")
        ),
        (1, 1)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_is_not_fooled_by_a_web_server_that_answers_404() {
    let server = MockServer::start().await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["auth", "status"]);
    let out = run(cmd).await.code(5);
    let text = stdout_of(&out);
    assert!(text.contains("check         unexpected"), "{text}");
    assert!(!text.contains("accepted"), "{text}");
}

#[test]
fn against_a_simulator_that_serves_only_v1alpha1_start_falls_back() {
    let env = Env::new();
    let sim = SimProcess::start_with(&env, &["--api-version", "v1alpha1"]);
    sim.cmd(&env, "anything")
        .args(["start", "CN1", "example.net", "--interval", "1s"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("reached"));
    let (_, log) = sim.stop();
    let v1 = "POST /network-troubleshooting/v1/gateways/CN1/traceroute -> 404";
    let legacy = "POST /network-troubleshooting/v1alpha1/gateways/CN1/traceroute -> 202";
    assert!(log.contains(v1) && log.contains(legacy), "{log}");
    assert!(!log.contains("GET /network-troubleshooting/v1/"), "{log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_settled_version_survives_a_missing_task_in_a_routes_words() {
    const GONE: &str = "d1e2f3a4-0000-4b7c-8d1e-0f9a3b2c1d0e";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path_for("v1", SERIAL, TASK)))
        .respond_with(json(200, &seed()))
        .mount(&server)
        .await;
    // The missing task: v1 says it in the generic words a missing route also gets, and
    // v1alpha1 (which the tenant still serves) says the task is not found.
    Mock::given(method("GET"))
        .and(path(status_path_for("v1", SERIAL, GONE)))
        .respond_with(json(
            404,
            r#"{"errorCode": "HPE_GRAVITY_NOT_FOUND", "message": "Not found"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(status_path_for("v1alpha1", SERIAL, GONE)))
        .respond_with(json(404, &fixture("error-task-not-found.json")))
        .mount(&server)
        .await;
    let env = Env::new();
    let status = |task: &str| {
        let mut cmd = env.cmd_for(&server);
        cmd.args(["status", SERIAL, task]);
        cmd
    };
    run(status(TASK)).await.code(0);
    let out = run(status(GONE)).await.code(5);
    let err = stderr_of(&out);
    assert!(
        err.contains("HPE_GRAVITY_NOT_FOUND"),
        "v1's own words: {err}"
    );
    assert!(err.contains(&format!("is there a task {GONE}")), "{err}");
    // v1 is still the version in use: the real task is found again.
    run(status(TASK)).await.code(0);
    let memory = std::fs::read_to_string(env.cache_dir().join("api-version/default.json")).unwrap();
    assert!(memory.contains("\"version\":\"v1\""), "{memory}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pinned_version_without_a_route_says_so_not_that_the_serial_is_wrong() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path_for("v1alpha1", SERIAL, TASK)))
        .respond_with(json(200, &seed()))
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\ntoken = \"{TOKEN}\"\napi_version = \"v1\"\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK]);
    let out = run(cmd).await.code(5);
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "API version v1 (pinned by api_version) has no such route at this base URL: if this \
             tenant has not moved to v1, set api_version = \"auto\" (or \"v1alpha1\")"
        ),
        "{err}"
    );
    assert!(!err.contains("serial number"), "{err}");
}

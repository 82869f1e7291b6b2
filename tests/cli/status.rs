//! `gwtrace status`: formats, waiting and exit codes against a mock Central.

use predicates::prelude::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

const SEED_CSV: &str = "\
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

#[tokio::test(flavor = "multi_thread")]
async fn seed_task_prints_as_a_table_and_exits_0_with_nothing_on_stderr() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(0)
        .stdout(fixture("seed-table.txt"))
        .stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_task_as_csv_has_one_row_per_probe() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "-o", "csv"]);
    run(cmd).await.code(0).stdout(SEED_CSV).stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_output_is_the_raw_output_byte_for_byte() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let expected = json_fixture("seed-completed.json")["rawOutput"]
        .as_str()
        .unwrap()
        .to_owned();
    for flags in [&["--raw"][..], &["-o", "raw"][..]] {
        let mut cmd = env.cmd_for(&server);
        cmd.args(["status", SERIAL, TASK]).args(flags);
        run(cmd).await.code(0).stdout(expected.clone()).stderr("");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_is_the_document_with_its_key_order() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--json"]);
    let out = run(cmd).await.code(0).stderr("");
    let text = stdout_of(&out);
    // The fixture is already pretty-printed by the API's docs with two-space indent.
    assert_eq!(text, format!("{}\n", seed().trim_end()));
    let top: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \""))
        .map(|l| l.trim().split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        top,
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
}

#[tokio::test(flavor = "multi_thread")]
async fn the_request_carries_accept_and_bearer_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .and(header("accept", "application/json"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json(200, &seed()))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--no-wait"]);
    run(cmd).await.code(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn waits_across_several_polls_until_completed() {
    let server = first_then_seed(json(200, &fixture("running.json")), 2).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--interval", "1s", "-o", "csv"]);
    run(cmd).await.code(0).stdout(SEED_CSV).stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_wait_makes_one_request_and_exits_8_while_running() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(200, &fixture("running.json")))
        .expect(3)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--no-wait"]);
    run(cmd).await.code(8).stdout("RUNNING 42%\n").stderr("");
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--no-wait", "--raw"]);
    run(cmd).await.code(8).stdout("").stderr("");
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--no-wait", "--json"]);
    let out = run(cmd).await.code(8);
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc, json_fixture("running.json"));
}

#[tokio::test(flavor = "multi_thread")]
async fn timeout_exits_7_and_still_prints_the_running_document() {
    let server = api_answering(200, &fixture("running.json")).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args([
        "status",
        SERIAL,
        TASK,
        "--timeout",
        "2s",
        "--interval",
        "1s",
        "--json",
    ]);
    let out = run(cmd)
        .await
        .code(7)
        .stderr(predicate::str::contains("gave up waiting after 2s"))
        .stderr(predicate::str::contains(format!(
            "gwtrace status {SERIAL} {TASK}"
        )));
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["status"], "RUNNING");
}

#[tokio::test(flavor = "multi_thread")]
async fn failed_task_exits_6_and_prints_the_reason() {
    let server = api_answering(200, &fixture("failed.json")).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--json"]);
    let out = run(cmd).await.code(6).stderr(
        "gwtrace: error: the traceroute failed: Device did not respond to the traceroute command\n",
    );
    assert!(stdout_of(&out).contains("\"FAILED\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_terminal_status_exits_1_naming_it() {
    let server = api_answering(200, r#"{"status": "CANCELLED", "progressPercent": 10}"#).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(1)
        .stderr(predicate::str::contains("'CANCELLED'"));
}

#[tokio::test(flavor = "multi_thread")]
async fn api_errors_map_to_their_exit_codes_with_code_and_message() {
    let cases = [
        (
            400,
            "error-bad-request.json",
            1,
            "HPE_GRAVITY_BAD_REQUEST: Validation errors",
        ),
        (
            401,
            "error-unauthorized.json",
            4,
            "HPE_GRAVITY_UNAUTHORIZED: Authentication required.",
        ),
        (403, "error-unauthorized.json", 4, "403 Forbidden"),
        (
            404,
            "error-task-not-found.json",
            5,
            "HPE_GRAVITY_TASK_NOT_FOUND: Async operation task",
        ),
        (409, "error-bad-request.json", 10, "device offline"),
    ];
    let env = Env::new();
    for (status, body, code, says) in cases {
        let server = api_answering(status, &fixture(body)).await;
        let mut cmd = env.cmd_for(&server);
        cmd.args(["status", SERIAL, TASK]);
        let out = run(cmd).await.code(code).stdout("");
        let stderr = stderr_of(&out);
        assert!(stderr.starts_with("gwtrace: error: "), "{stderr}");
        assert!(stderr.contains(says), "{status}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains(TOKEN));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_error_exits_9_after_retrying() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(
            json(500, &fixture("error-internal-server-error.json"))
                .insert_header("retry-after", "0"),
        )
        .expect(4)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(9)
        .stderr(predicate::str::contains(
            "HPE_GRAVITY_INTERNAL_SERVER_ERROR",
        ))
        .stderr(predicate::str::contains("gave up after 4 tries"));
}

#[tokio::test(flavor = "multi_thread")]
async fn api_version_v1alpha1_pins_the_legacy_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path_for("v1alpha1", SERIAL, TASK)))
        .respond_with(json(200, &seed()))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\napi_version = \"v1alpha1\"\ntoken = \"{TOKEN}\"\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args(["-v", "status", SERIAL, TASK]);
    let out = run(cmd).await.code(0).stdout(fixture("seed-table.txt"));
    assert!(
        stderr_of(&out).starts_with("gwtrace: API version v1alpha1 (pinned by api_version)\n"),
        "{}",
        stderr_of(&out)
    );
    // Pinned: nothing is found out, so nothing is remembered.
    assert!(!env.cache_dir().join("api-version").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_each_exchange_without_the_token() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["-v", "status", SERIAL, TASK, "--raw"]);
    let out = run(cmd).await.code(0);
    let stderr = stderr_of(&out);
    assert!(
        stderr.starts_with(&format!(
            "gwtrace: API version v1 (auto: trying it first)\ngwtrace: GET {} -> 200 OK (",
            status_path()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN) && !stdout_of(&out).contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_serials_and_task_ids_are_usage_errors_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let env = Env::new();
    for (serial, task) in [
        ("../etc", TASK),
        (SERIAL, "a/b"),
        ("", TASK),
        (SERIAL, ".."),
    ] {
        let mut cmd = env.cmd_for(&server);
        cmd.args(["status", serial, task]);
        run(cmd).await.code(2).stderr(
            predicate::str::contains("letters, digits").or(predicate::str::contains("empty")),
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

//! `start --serials-file`: a fleet under one shared request budget against a mock that
//! refuses any request over its per-second limit; NDJSON; the fleet's exit code.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::{json, Value};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::*;

const START: &str = r"^/network-troubleshooting/v1/gateways/([A-Z0-9]+)/traceroute$";
const STATUS: &str =
    r"^/network-troubleshooting/v1/gateways/[A-Z0-9]+/traceroute/async-operations/.+$";

/// Answers like Central, but 429 to any request beyond `limit` in the last second; counts them.
#[derive(Clone)]
struct Strict {
    limit: usize,
    arrivals: Arc<Mutex<VecDeque<Instant>>>,
    refused: Arc<Mutex<usize>>,
}

impl Strict {
    fn over_limit(&self) -> bool {
        let now = Instant::now();
        let mut arrivals = self.arrivals.lock().unwrap();
        while arrivals
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            arrivals.pop_front();
        }
        arrivals.push_back(now);
        arrivals.len() > self.limit
    }
}

impl Respond for Strict {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if self.over_limit() {
            *self.refused.lock().unwrap() += 1;
            return json(
                429,
                r#"{"errorCode": "HPE_GRAVITY_RATE_LIMITED", "message": "Too many requests"}"#,
            )
            .insert_header("Retry-After", "1");
        }
        answer(request)
    }
}

/// Start: a task per serial, `BAD…` answers 404 and `OFF…` 409; status: the seed.
pub fn answer(request: &Request) -> ResponseTemplate {
    let path = request.url.path();
    if request.method.as_str() == "GET" {
        return json(200, &seed());
    }
    let serial = path.split('/').nth(4).unwrap_or_default();
    if serial.starts_with("BAD") {
        return json(
            404,
            r#"{"errorCode": "HPE_GRAVITY_DEVICE_NOT_FOUND", "message": "Device not found"}"#,
        );
    }
    if serial.starts_with("OFF") {
        return json(
            409,
            &format!(
                r#"{{"errorCode": "HPE_GRAVITY_DEVICE_OFFLINE", "message": "Device {serial} is offline"}}"#
            ),
        );
    }
    let location = format!("{path}/async-operations/task-{serial}");
    json(202, &json!({"location": location}).to_string())
}

pub struct Plain;

impl Respond for Plain {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        answer(request)
    }
}

pub async fn central(responder: impl Respond + Clone + 'static) -> MockServer {
    let server = MockServer::start().await;
    for (verb, pattern) in [("POST", START), ("GET", STATUS)] {
        Mock::given(method(verb))
            .and(path_regex(pattern))
            .respond_with(responder.clone())
            .mount(&server)
            .await;
    }
    server
}

impl Clone for Plain {
    fn clone(&self) -> Plain {
        Plain
    }
}

pub fn fleet(env: &Env, server: &MockServer, serials: &str, extra: &[&str]) -> assert_cmd::Command {
    let file = env.home.path().join("serials.txt");
    std::fs::write(&file, serials).unwrap();
    let mut cmd = env.cmd_for(server);
    cmd.args(["start", "--serials-file"])
        .arg(&file)
        .args(["8.8.8.8"])
        .args(extra);
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_devices_share_one_budget_and_none_is_refused() {
    let strict = Strict {
        limit: 20,
        arrivals: Arc::default(),
        refused: Arc::default(),
    };
    let server = central(strict.clone()).await;
    let env = Env::new();
    let serials: String = (1..=50).map(|n| format!("CN{n:04}\n")).collect();
    let out = run(fleet(
        &env,
        &server,
        &serials,
        &["--max-rate", "20", "--concurrency", "16", "--json"],
    ))
    .await
    .code(0)
    .stderr("");
    assert_eq!(*strict.refused.lock().unwrap(), 0, "the fleet caused a 429");
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 50);
    let order: Vec<&str> = lines
        .iter()
        .map(|l| l["serial"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=50).map(|n| format!("CN{n:04}")).collect();
    assert_eq!(order, expected, "file order");
    assert!(lines
        .iter()
        .all(|l| l["exit_code"] == 0 && l["status"] == "COMPLETED"));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        100,
        "a start and a poll each"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ndjson_has_the_documented_keys_and_null_ids_when_the_start_failed() {
    let server = central(Plain).await;
    let env = Env::new();
    let out = run(fleet(
        &env,
        &server,
        "CN0001\nOFF0002\n",
        &["--json", "--expect-via", "10.186.128.0/24"],
    ))
    .await
    .code(10);
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let keys =
        |line: &Value| -> Vec<String> { line.as_object().unwrap().keys().cloned().collect() };
    let common = ["serial", "task_id", "status", "exit_code", "checks"];
    // The document when one was received, else the message: `task` or `error`.
    assert_eq!(keys(&lines[0]), [&common[..], &["task"]].concat());
    assert_eq!(keys(&lines[1]), [&common[..], &["error"]].concat());
    assert_eq!(lines[0]["task_id"], "task-CN0001");
    assert_eq!(lines[0]["checks"], json!([]));
    assert_eq!(lines[0]["task"]["status"], "COMPLETED");
    assert_eq!(lines[1]["task_id"], Value::Null);
    assert_eq!(lines[1]["status"], Value::Null);
    assert_eq!(lines[1]["exit_code"], 10);
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("device offline"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fleet_exits_with_the_first_device_in_file_order_that_did_not_succeed() {
    let server = central(Plain).await;
    let env = Env::new();
    let out = run(fleet(&env, &server, "CN0001\nBAD0002\nOFF0003\n", &[]))
        .await
        .code(5);
    let table = stdout_of(&out);
    assert!(table.starts_with("SERIAL"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("BAD0002") && l.contains("not found")),
        "{table}"
    );
    assert!(
        table.ends_with("3 devices: 1 passed, 2 did not\n"),
        "{table}"
    );
    run(fleet(&env, &server, "OFF0001\nBAD0002\n", &[]))
        .await
        .code(10);
    let out = run(fleet(
        &env,
        &server,
        "CN0001\nCN0002\n",
        &["--expect-via", "192.0.2.99"],
    ))
    .await
    .code(11);
    assert!(stdout_of(&out).contains("1 failed"), "{}", stdout_of(&out));
    run(fleet(&env, &server, "CN0001\n", &["--expect-reach"]))
        .await
        .code(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn serials_come_from_stdin_and_a_serial_with_a_file_is_a_usage_error() {
    let server = central(Plain).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", "--serials-file", "-", "8.8.8.8", "--json"])
        .write_stdin("# branch routers\nCN0001\n\n  CN0002  # second\n");
    let out = run(cmd).await.code(0);
    assert_eq!(stdout_of(&out).lines().count(), 2);
    let server = central(Plain).await;
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", "CN0001", "8.8.8.8", "--serials-file", "-"]);
    run(cmd).await.code(2).stderr(predicate::str::contains(
        "either a SERIAL or --serials-file",
    ));
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", "--serials-file", "-", "8.8.8.8"])
        .write_stdin("CN0001\nnot a serial!\n");
    run(cmd)
        .await
        .code(2)
        .stderr(predicate::str::contains("stdin line 2"));
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", "--serials-file", "-", "8.8.8.8", "--no-wait"])
        .write_stdin("CN0001\n");
    run(cmd)
        .await
        .code(2)
        .stderr(predicate::str::contains("--no-wait does not go with"));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing sent on a usage error"
    );
}

/// The first request gets a 429 with `Retry-After: 2`; every request's arrival is recorded.
#[derive(Clone, Default)]
struct SlowDown {
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for SlowDown {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.push(Instant::now());
        if arrivals.len() == 1 {
            return json(429, r#"{"message": "slow down"}"#).insert_header("Retry-After", "2");
        }
        answer(request)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_to_one_device_pauses_the_whole_fleet() {
    let slow = SlowDown::default();
    let server = central(slow.clone()).await;
    let env = Env::new();
    let serials = "CN0001\nCN0002\nCN0003\nCN0004\n";
    run(fleet(
        &env,
        &server,
        serials,
        &["--max-rate", "2", "--concurrency", "4"],
    ))
    .await
    .code(0);
    let arrivals = slow.arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 9, "8 answered requests and the refused one");
    // The refused start was the first; the other three starts queue behind it for the
    // budget (one every half second) and must wait out Retry-After too, not only the device
    // that was told.
    let first = arrivals[0];
    for later in &arrivals[1..] {
        assert!(
            later.duration_since(first) >= Duration::from_millis(1900),
            "a request went out {:?} after the 429",
            later.duration_since(first)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_devices_of_a_fleet_mint_one_token_between_them() {
    let server = central(Plain).await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/as/token.oauth2"))
        .respond_with(json(
            200,
            r#"{"access_token":"minted-1","token_type":"Bearer","expires_in":7199}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{0}\"\ntoken_url = \"{0}/as/token.oauth2\"\n\
         client_id = \"client-abc\"\nclient_secret = \"s3cret-CLIENT-value\"\n",
        server.uri()
    ));
    let file = env.home.path().join("serials.txt");
    let serials: String = (1..=8).map(|n| format!("CN{n:04}\n")).collect();
    std::fs::write(&file, serials).unwrap();
    let mut cmd = env.cmd();
    cmd.args(["start", "--serials-file"]).arg(&file).args([
        "8.8.8.8",
        "--concurrency",
        "8",
        "--max-rate",
        "50",
    ]);
    run(cmd).await.code(0);
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_serials_file_missing_is_exit_1_and_empty_or_bad_is_exit_2_before_any_request() {
    let server = central(Plain).await;
    let env = Env::new();
    let file = env.home.path().join("serials.txt");
    let fleet = || {
        let mut cmd = env.cmd_for(&server);
        cmd.args(["start", "--serials-file"])
            .arg(&file)
            .arg("10.0.0.1");
        cmd
    };
    run(fleet())
        .await
        .code(1)
        .stderr(predicate::str::contains("cannot read the serials file"));
    std::fs::write(&file, "# none yet\n\n").unwrap();
    run(fleet())
        .await
        .code(2)
        .stderr(predicate::str::contains("lists no serial numbers"));
    std::fs::write(&file, "CN1\nnot a serial!\n").unwrap();
    run(fleet())
        .await
        .code(2)
        .stderr(predicate::str::contains("line 2"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

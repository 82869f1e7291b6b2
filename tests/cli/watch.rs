//! `gwtrace watch` against the simulator: rounds recorded, a path change caught as one event
//! (exit 11 with `--until-change`), errors as events, metrics that `promtool` accepts, served
//! and written, and Ctrl-C mid-round keeping what finished.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::sim::SimProcess;
use crate::support::*;

fn watch(sim: &SimProcess, env: &Env, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = sim.cmd(env, "tok");
    cmd.args(["watch"])
        .args(args)
        .args(["--every", "1s", "--interval", "1s"]);
    cmd
}

fn history_rows(env: &Env) -> usize {
    let out = env
        .cmd()
        .args(["history", "--json", "--limit", "1000"])
        .assert()
        .code(0);
    stdout_of(&out).lines().count()
}

/// `promtool check metrics` of `text`; `None` where promtool is not installed.
fn promtool(text: &str) -> Option<(bool, String)> {
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Some((out.status.success(), said))
}

#[test]
fn a_path_change_is_one_event_and_until_change_exits_11() {
    let env = Env::new();
    let sim = SimProcess::start_with(&env, &["--path-change-every", "2"]);
    let out = watch(&sim, &env, &["CN1", "8.8.8.8", "--until-change"])
        .assert()
        .code(11);
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "three results and one change: {text}");
    assert!(
        lines[0].contains("round 1  CN1  COMPLETED  7 hops  reached"),
        "{text}"
    );
    assert!(
        lines[3].contains("round 3  CN1  path changed (") && lines[3].contains("): hop 2 was 10."),
        "{text}"
    );
    assert_eq!(history_rows(&env), 3, "every round recorded");
    // `history` shows the change, and `diff @prev @last` explains it.
    let listed = env.cmd().args(["history", "CN1"]).assert().code(0);
    assert!(stdout_of(&listed).lines().nth(1).unwrap().ends_with(" *"));
    let diff = sim
        .cmd(&env, "tok")
        .args(["diff", "@prev", "@last", "--serial", "CN1"])
        .assert()
        .code(11);
    assert!(
        stdout_of(&diff).contains("hop 2 was 10."),
        "{}",
        stdout_of(&diff)
    );
}

#[test]
fn changes_and_json_print_only_events_as_ndjson_and_errors_do_not_stop_it() {
    let env = Env::new();
    let sim = SimProcess::start_with(&env, &["--path-change-every", "1"]);
    let file = env.home.path().join("serials.txt");
    std::fs::write(&file, "CN1\nOFFLINE1\nRATE1\n").unwrap();
    let out = sim
        .cmd(&env, "tok")
        .args(["watch", "--serials-file"])
        .arg(&file)
        .args([
            "8.8.8.8",
            "--every",
            "1s",
            "--interval",
            "1s",
            "--rounds",
            "2",
        ])
        .args(["--changes", "--json"])
        .assert()
        .code(0);
    let events: Vec<serde_json::Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<(&str, &str, u64)> = events
        .iter()
        .map(|e| {
            (
                e["serial"].as_str().unwrap(),
                e["event"].as_str().unwrap(),
                e["round"].as_u64().unwrap(),
            )
        })
        .collect();
    // The offline device is an error in each round; the rate-limited one is retried and
    // changes its path like the first; nothing ends the watch. Each device's lines come as
    // its trace ends, so within a round the order is the devices' finishing order.
    let mut kinds = kinds;
    kinds.sort_by_key(|(serial, event, round)| (*round, *serial, *event));
    assert_eq!(
        kinds,
        [
            ("OFFLINE1", "error", 1),
            ("CN1", "path_changed", 2),
            ("OFFLINE1", "error", 2),
            ("RATE1", "path_changed", 2),
        ],
        "{events:?}"
    );
    let error = events.iter().find(|e| e["event"] == "error").unwrap();
    assert_eq!(error["exit_code"], 10);
}

#[test]
fn metrics_are_written_and_served_and_promtool_accepts_them() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let file = env.home.path().join("gwtrace.prom");
    let listen = format!("127.0.0.1:{port}");
    let mut child = sim
        .process(&env)
        .args([
            "watch",
            "CN1",
            "8.8.8.8",
            "--every",
            "30s",
            "--interval",
            "1s",
        ])
        .args(["--metrics-listen", &listen, "--metrics-file"])
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut scraped = String::new();
    while Instant::now() < deadline && !scraped.contains("gwtrace_rounds_total 1") {
        std::thread::sleep(Duration::from_millis(200));
        scraped = scrape(&listen, "/metrics");
    }
    let missing = scrape(&listen, "/other");
    let posted = request(&listen, "POST", "/metrics").to_ascii_lowercase();
    let head = request(&listen, "HEAD", "/metrics");
    let _ = child.kill();
    assert!(posted.starts_with("http/1.1 405"), "{posted}");
    assert!(posted.contains("\r\nallow: get, head\r\n"), "{posted}");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "a head only: {head}");
    let _ = child.wait();
    assert!(scraped.starts_with("HTTP/1.1 200 OK"), "{scraped}");
    assert!(scraped.contains("text/plain; version=0.0.4"), "{scraped}");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    let body = scraped.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    let labels = r#"serial="CN1",device="gateway",destination="8.8.8.8""#;
    assert!(
        body.contains(&format!("gwtrace_path_reached{{{labels}}} 1\n")),
        "{body}"
    );
    assert!(
        body.contains("gwtrace_api_requests_total{code=\"202\"} 1\n"),
        "{body}"
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains(&format!("gwtrace_path_hops{{{labels}}} 7\n")),
        "{written}"
    );
    for text in [&body, &written] {
        if !installed("promtool") {
            break;
        }
        match promtool(text) {
            Some((ok, said)) => assert!(ok, "promtool: {said}\n{text}"),
            None => eprintln!("note: no promtool here; the metrics were not checked with it"),
        }
    }
}

/// The answer to `GET path` from `address`, head and body; empty when nothing answers.
fn scrape(address: &str, path: &str) -> String {
    request(address, "GET", path)
}

/// The answer to `METHOD path` from `address`, head and body.
pub fn request(address: &str, method: &str, path: &str) -> String {
    let Ok(mut stream) = std::net::TcpStream::connect(address) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    );
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn ctrl_c_mid_round_exits_130_with_every_finished_trace_recorded() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let file = env.home.path().join("serials.txt");
    std::fs::write(&file, "CN1\nSLOW1\n").unwrap();
    let mut child = sim
        .process(&env)
        .args(["watch", "--serials-file"])
        .arg(&file)
        .args(["8.8.8.8", "--every", "1m", "--interval", "1s"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline && history_rows(&env) < 1 {
        std::thread::sleep(Duration::from_millis(300));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_eq!(history_rows(&env), 1, "CN1's finished trace is recorded");
    assert!(
        stderr.contains("keeps running on the device; read it later with: gwtrace status SLOW1"),
        "{stderr}"
    );
}

/// Central whose first token expires after one answer; the token endpoint mints `tok-N`.
#[derive(Clone, Default)]
struct Expiring {
    minted: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    first_token_uses: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl wiremock::Respond for Expiring {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        use std::sync::atomic::Ordering::SeqCst;
        let path = request.url.path();
        if path == "/as/token.oauth2" {
            let n = self.minted.fetch_add(1, SeqCst) + 1;
            let body = format!(r#"{{"access_token":"tok-{n}","expires_in":7199}}"#);
            return json(200, &body);
        }
        if request.method.as_str() == "POST" {
            let location = format!("{path}/async-operations/{TASK}");
            return json(
                202,
                &serde_json::json!({ "location": location }).to_string(),
            );
        }
        let bearer = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if bearer == "Bearer tok-1" && self.first_token_uses.fetch_add(1, SeqCst) >= 1 {
            return json(401, &fixture("error-unauthorized.json"));
        }
        json(200, &seed())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_that_expires_mid_watch_is_renewed_and_the_watch_goes_on() {
    let server = wiremock::MockServer::start().await;
    let central = Expiring::default();
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(central.clone())
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{0}\"\ntoken_url = \"{0}/as/token.oauth2\"\n\
         client_id = \"me\"\nclient_secret = \"pw\"\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args([
        "watch",
        SERIAL,
        "8.8.8.8",
        "--every",
        "1s",
        "--interval",
        "1s",
    ])
    .args(["--rounds", "3", "--json"]);
    let out = run(cmd).await.code(0);
    let events: Vec<serde_json::Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 3, "{}", stdout_of(&out));
    assert!(events.iter().all(|e| e["event"] == "result"), "{events:?}");
    assert_eq!(
        central.minted.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "one token, then one renewal"
    );
}

#[test]
fn serials_and_a_baseline_cannot_both_come_from_stdin() {
    // As in a fleet: refused before stdin is read or a request is sent.
    let env = Env::new();
    env.cmd()
        .env("GWTRACE_BASE_URL", refused_url())
        .env("GWTRACE_TOKEN", "tok")
        .args(["watch", "--serials-file", "-", "8.8.8.8", "--every", "1m"])
        .args(["--expect-path", "-"])
        .write_stdin("CN0001\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--serials-file - and --expect-path - cannot both read stdin",
        ));
}

/// One round of a cx watch from `serial` to 192.0.2.9 with `pinging` 10 (`--ping` or
/// `--hop-pings`) and `--max-loss 1`: its stdout and its metrics file.
fn one_round(env: &Env, serial: &str, pinging: &str) -> (String, String) {
    let sim = SimProcess::start(env);
    let file = env.home.path().join("gwtrace.prom");
    let out = watch(&sim, env, &["--device", "cx", serial, "192.0.2.9"])
        .args([
            "--rounds",
            "1",
            pinging,
            "10",
            "--max-loss",
            "1",
            "--metrics-file",
        ])
        .arg(&file)
        .assert()
        .code(0);
    (stdout_of(&out), std::fs::read_to_string(&file).unwrap())
}

#[test]
fn watch_ping_exports_ping_metrics_and_judges_max_loss_on_the_ping() {
    let env = Env::new();
    let (text, metrics) = one_round(&env, "LOSSY1", "--ping");
    assert!(text.contains("ping 10% loss, avg "), "{text}");
    assert!(
        text.contains(
            "checks failing: loss to 192.0.2.9 is 10.0% (1 of 10 lost), over --max-loss 1%"
        ),
        "{text}"
    );
    let labels = r#"serial="LOSSY1",device="cx",destination="192.0.2.9""#;
    assert!(
        metrics.contains(&format!("gwtrace_ping_loss_ratio{{{labels}}} 0.1\n")),
        "{metrics}"
    );
    assert!(metrics.contains(&format!(
        "gwtrace_ping_rtt_seconds{{{labels},stat=\"avg\"}} 0.0"
    )));
    if installed("promtool") {
        let (ok, said) = promtool(&metrics).unwrap();
        assert!(ok, "{said}");
    }
    // The ping is recorded with the trace.
    let pings = env
        .cmd()
        .args(["history", "--test", "ping", "--json"])
        .assert()
        .code(0);
    assert_eq!(stdout_of(&pings).lines().count(), 1);
}

#[test]
fn watch_hop_pings_exports_loss_at_and_through_each_hop() {
    let env = Env::new();
    let (text, metrics) = one_round(&env, "LIMIT1", "--hop-pings");
    assert!(text.contains("ping 0% loss"), "{text}");
    assert!(
        !text.contains("checks failing"),
        "a limiting hop is no loss: {text}"
    );
    let at = |name: &str, value: &str| {
        metrics
            .lines()
            .any(|l| l.starts_with(name) && l.contains("hop=\"2\"") && l.ends_with(value))
    };
    assert!(at("gwtrace_hop_loss_ratio{", " 0.4"), "{metrics}");
    assert!(at("gwtrace_hop_forwarded_loss_ratio{", " 0"), "{metrics}");
    assert!(
        metrics.contains("gwtrace_ping_loss_ratio{serial=\"LIMIT1\""),
        "{metrics}"
    );
    if installed("promtool") {
        let (ok, said) = promtool(&metrics).unwrap();
        assert!(ok, "{said}");
    }
}

//! `gwtrace ping`: every family's document in the shapes of the API notes (a mock API), the
//! simulator's four families and scenarios, checks (exit 11), `--no-wait` then `status --test
//! ping`, `tasks`, and the options refused before anything is sent (exit 2).

use serde_json::Value;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::sim::SimProcess;
use crate::support::*;

/// A mock API whose `family` device starts a ping (checking the body has `expected`) and
/// whose task is the fixture `ping/{family}.json`.
async fn ping_api(family: &str, expected: Value) -> MockServer {
    let server = MockServer::start().await;
    let base = format!("/network-troubleshooting/v1/{family}/{SERIAL}/ping");
    Mock::given(method("POST"))
        .and(path(base.clone()))
        .and(body_partial_json(expected))
        .respond_with(ResponseTemplate::new(202).set_body_json(serde_json::json!({
            "location": format!("{base}/async-operations/{TASK}"),
            "status": "INITIATED"
        })))
        .expect(1..)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/async-operations/{TASK}")))
        .respond_with(json(200, &fixture(&format!("ping/{family}.json"))))
        .mount(&server)
        .await;
    server
}

fn device_of(family: &str) -> &'static str {
    match family {
        "gateways" => "gateway",
        "aps" => "ap",
        "cx" => "cx",
        _ => "aos-s",
    }
}

#[tokio::test]
async fn every_family_document_of_the_notes_reads_as_echoes_and_statistics() {
    let cases = [
        (
            "gateways",
            "(echoes read from the device's text",
            "  3  lost",
            "5 sent, 4 received, 20% loss, min/avg/max = 200.873/207.567/211.744 ms\n",
        ),
        (
            "aps",
            "SEQ  RTT",
            "  2  lost",
            "5 sent, 4 received, 20% loss, min/avg/max/stdev = 200.200/203.850/210.100/4.312 ms, \
             jitter 5.833 ms\n",
        ),
        (
            "cx",
            "SEQ  RTT",
            "  5  0.442 ms",
            "5 sent, 5 received, 0% loss, min/avg/max/stdev = 0.401/0.447/0.512/0.041 ms, \
             jitter 0.054 ms\n",
        ),
        (
            "aos-s",
            "SEQ  RTT",
            "  4  lost",
            "5 sent, 3 received, 40% loss, min/avg/max/stdev = 8.000/9.000/10.000/1.000 ms, \
             jitter 1.500 ms\n",
        ),
    ];
    for (family, source, echo, summary) in cases {
        let env = Env::new();
        let server = ping_api(family, serde_json::json!({"count": 5})).await;
        let out = env
            .cmd_for(&server)
            .args([
                "ping",
                "--device",
                device_of(family),
                SERIAL,
                "8.8.8.8",
                "-c",
                "5",
            ])
            .assert()
            .code(0);
        let text = stdout_of(&out);
        assert!(text.contains(source), "{family}: {text}");
        assert!(text.contains(echo), "{family}: {text}");
        assert!(text.ends_with(summary), "{family}: {text}");
        assert!(!stderr_of(&out).contains(TOKEN));
    }
}

#[tokio::test]
async fn json_is_the_document_in_its_key_order_raw_the_text_csv_one_row_per_echo() {
    let env = Env::new();
    let server = ping_api("aps", serde_json::json!({"count": 10})).await;
    let run = |format: &str| {
        let out = env
            .cmd_for(&server)
            .args([
                "ping",
                "--device",
                "ap",
                SERIAL,
                "www.example.com",
                "-o",
                format,
            ])
            .assert()
            .code(0);
        stdout_of(&out)
    };
    let json = run("json");
    let keys: Vec<String> = serde_json::from_str::<Value>(&json)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys[..3], ["endTime", "status", "output"]);
    let raw = run("raw");
    assert!(
        raw.starts_with("PING www.example.com (93.184.216.34)"),
        "{raw}"
    );
    let csv = run("csv");
    assert_eq!(
        csv,
        "seq,answered,rtt_ms\n0,true,200.2\n1,true,210.1\n2,false,\n3,true,202.6\n4,true,202.5\n"
    );
}

#[test]
fn the_simulator_pings_from_every_family() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    for device in ["gateway", "ap", "cx", "aos-s"] {
        let out = sim
            .cmd(&env, "t")
            .args([
                "ping",
                "--device",
                device,
                "CN0001",
                "192.0.2.9",
                "-c",
                "20",
            ])
            .args(["--interval", "1s", "--expect-reach", "--max-loss", "0"])
            .assert()
            .code(0);
        let text = stdout_of(&out);
        assert!(
            text.contains("20 sent, 20 received, 0% loss"),
            "{device}: {text}"
        );
    }
}

#[test]
fn a_lossy_link_fails_max_loss_and_an_unreachable_destination_expect_reach() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let out = sim
        .cmd(&env, "t")
        .args(["ping", "--device", "cx", "LOSSY1", "192.0.2.9", "-c", "20"])
        .args(["--interval", "1s", "--max-loss", "1", "--max-rtt", "1s"])
        .assert()
        .code(11);
    assert!(stdout_of(&out).contains("20 sent, 18 received, 10% loss"));
    assert!(
        stderr_of(&out).contains("loss to 192.0.2.9 is 10.0% (2 of 20 lost), over --max-loss 1%"),
        "{}",
        stderr_of(&out)
    );
    let out = sim
        .cmd(&env, "t")
        .args([
            "ping",
            "--device",
            "ap",
            "UNREACH1",
            "192.0.2.9",
            "--interval",
            "1s",
        ])
        .arg("--expect-reach")
        .assert()
        .code(11);
    assert!(stderr_of(&out).contains("no reply from 192.0.2.9: 10 sent, 0 received"));
    let out = sim
        .cmd(&env, "t")
        .args(["ping", "FAIL1", "192.0.2.9", "--interval", "1s"])
        .assert()
        .code(6);
    assert!(
        stderr_of(&out).contains("the ping failed: Ping to 192.0.2.9 timed out"),
        "{}",
        stderr_of(&out)
    );
    let out = sim
        .cmd(&env, "t")
        .args(["ping", "OFFLINE1", "192.0.2.9"])
        .assert()
        .code(10);
    assert!(stderr_of(&out).contains("offline"));
}

#[test]
fn no_wait_prints_the_id_and_status_test_ping_reads_it_and_tasks_lists_it() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let out = sim
        .cmd(&env, "t")
        .args(["ping", "--device", "cx", "CN0001", "192.0.2.9", "--no-wait"])
        .assert()
        .code(0);
    let id = stdout_of(&out).trim().to_owned();
    assert!(!id.is_empty() && !id.contains(' '), "{id}");
    let out = sim
        .cmd(&env, "t")
        .args(["status", "--test", "ping", "--device", "cx", "CN0001", &id])
        .args(["--interval", "1s", "-o", "csv"])
        .assert()
        .code(0);
    assert!(stdout_of(&out).starts_with("seq,answered,rtt_ms\n1,true,"));
    let out = sim
        .cmd(&env, "t")
        .args([
            "status", "--test", "ping", "--device", "cx", "CN0001", "--latest",
        ])
        .assert()
        .code(0);
    assert!(stdout_of(&out).contains("10 sent, 10 received"));
    let out = sim
        .cmd(&env, "t")
        .args(["tasks", "--device", "cx", "CN0001"])
        .assert()
        .code(0);
    let expected = format!("gwtrace status --test ping --device cx CN0001 {id}");
    assert!(stdout_of(&out).contains(&expected), "{}", stdout_of(&out));
    // A ping's id read as a traceroute is no task of that test.
    sim.cmd(&env, "t")
        .args(["status", "--device", "cx", "CN0001", &id])
        .assert()
        .code(5);
}

#[test]
fn options_and_checks_a_ping_cannot_take_are_refused_before_anything_is_sent() {
    let env = Env::new();
    let cases: [(&[&str], &str); 7] = [
        (
            &["--device", "cx", "--ttl", "3"],
            "--ttl is not a ping option of a CX switch",
        ),
        (&["-c", "101"], "101 is not in 1..=100"),
        (&["--size", "5000"], "--size 5000 is out of range"),
        (&["--dscp", "64"], "--dscp 64 is out of range: 0 to 63"),
        (&["-o", "mtr-json"], "-o mtr-json is not a format of a ping"),
        (&["--max-jitter", "5ms"], "a gateway reports only a summary"),
        (&["--device", "cx", "--ipv6"], "IPv4 address"),
    ];
    for (extra, message) in cases {
        let out = env
            .cmd()
            .env("GWTRACE_BASE_URL", refused_url())
            .env("GWTRACE_TOKEN", "t")
            .args(["ping", "CN0001", "10.0.0.1"])
            .args(extra)
            .assert()
            .code(2);
        assert!(
            stderr_of(&out).contains(message),
            "{extra:?}: {}",
            stderr_of(&out)
        );
    }
    let out = env
        .cmd()
        .env("GWTRACE_BASE_URL", refused_url())
        .env("GWTRACE_TOKEN", "t")
        .args([
            "status",
            "--test",
            "ping",
            "CN0001",
            TASK,
            "--expect-via",
            "10.0.0.1",
        ])
        .assert()
        .code(2);
    assert!(stderr_of(&out).contains("a ping takes --expect-reach"));
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_after_a_ping_starts_says_how_to_read_the_ping_later() {
    let server = MockServer::start().await;
    let base = format!("/network-troubleshooting/v1/gateways/{SERIAL}/ping");
    Mock::given(method("POST"))
        .and(path(base.clone()))
        .respond_with(ResponseTemplate::new(202).set_body_json(
            serde_json::json!({"location": format!("{base}/async-operations/{TASK}")}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/async-operations/{TASK}")))
        .respond_with(json(200, &fixture("running.json")))
        .mount(&server)
        .await;
    let args = ["ping", SERIAL, "8.8.8.8", "--interval", "5s"];
    let (code, stderr, _) = crate::faults::signalled(&server, &args, 2, "-INT").await;
    let line = format!(
        "gwtrace: task {TASK} keeps running on the device; read it later with: \
         gwtrace status --test ping {SERIAL} {TASK}\n"
    );
    assert_eq!((code, stderr), (Some(130), line));
}

#[test]
fn a_ping_past_its_deadline_is_exit_7_naming_the_command_that_reads_it() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let out = sim
        .cmd(&env, "t")
        .args(["ping", "--device", "ap", "SLOW1", "192.0.2.9"])
        .args(["--timeout", "2s", "--interval", "1s"])
        .assert()
        .code(7);
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("gwtrace status --test ping --device ap SLOW1 "),
        "{stderr}"
    );
}

#[test]
fn a_fleet_pings_from_every_device_in_file_order_and_exits_with_the_first_failure() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let serials = env.home.path().join("serials.txt");
    std::fs::write(&serials, "CN0001\nLOSSY1\nOFFLINE1\n").unwrap();
    let fleet = |extra: &[&str], code: i32| {
        let out = sim
            .cmd(&env, "t")
            .args(["ping", "--device", "cx", "--serials-file"])
            .arg(&serials)
            .args([
                "192.0.2.9",
                "-c",
                "20",
                "--interval",
                "1s",
                "--max-loss",
                "1",
            ])
            .args(extra)
            .assert()
            .code(code);
        (stdout_of(&out), stderr_of(&out))
    };
    let (table, _) = fleet(&[], 11);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("SERIAL    STATUS     RECEIVED  LOSS"),
        "{table}"
    );
    assert!(
        lines[1].starts_with("CN0001    COMPLETED  20/20     0%"),
        "{table}"
    );
    assert!(
        lines[2].contains("18/20     10%") && lines[2].contains("1 failed"),
        "{table}"
    );
    assert!(lines[3].contains("device offline"), "{table}");
    assert_eq!(lines[4], "3 devices: 1 passed, 2 did not");
    let (json, _) = fleet(&["--json"], 11);
    let lines: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["exit_code"], 11);
    assert_eq!(lines[1]["task"]["output"]["receivedPacketsCount"], "18");
    assert_eq!(lines[2]["exit_code"], 10);
    let (csv, stderr) = fleet(&["-o", "csv"], 11);
    assert!(
        csv.starts_with("serial,seq,answered,rtt_ms\nCN0001,1,true,"),
        "{csv}"
    );
    assert_eq!(csv.lines().filter(|l| l.starts_with("LOSSY1,")).count(), 20);
    assert!(
        stderr.contains("LOSSY1") && stderr.contains("over --max-loss 1%"),
        "{stderr}"
    );
    sim.cmd(&env, "t")
        .args(["ping", "--serials-file"])
        .arg(&serials)
        .args(["192.0.2.9", "-o", "mtr-json"])
        .assert()
        .code(2);
}

#[test]
fn pings_are_recorded_apart_from_traces_and_shown_as_pings() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    sim.cmd(&env, "t")
        .args(["ping", "--device", "cx", "CN0001", "192.0.2.9", "-c", "3"])
        .args(["--interval", "1s"])
        .assert()
        .code(0);
    sim.cmd(&env, "t")
        .args(["start", "CN0001", "192.0.2.9", "--interval", "1s"])
        .assert()
        .code(0);
    let listed = |extra: &[&str]| {
        let out = sim
            .cmd(&env, "t")
            .args(["history", "--json"])
            .args(extra)
            .assert()
            .code(0);
        let lines: Vec<Value> = stdout_of(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        lines
    };
    let traces = listed(&[]);
    assert_eq!(traces.len(), 1);
    assert_eq!(traces[0]["test"], "traceroute");
    let pings = listed(&["--test", "ping"]);
    assert_eq!(pings.len(), 1);
    assert_eq!(
        (&pings[0]["test"], &pings[0]["reached"]),
        (&"ping".into(), &true.into())
    );
    assert_eq!(pings[0]["device"], "cx");
    let id = pings[0]["id"].to_string();
    let out = sim
        .cmd(&env, "t")
        .args(["history", "show", &id])
        .assert()
        .code(0);
    assert!(
        stdout_of(&out).contains("3 sent, 3 received, 0% loss"),
        "{}",
        stdout_of(&out)
    );
    let out = sim
        .cmd(&env, "t")
        .args(["history", "show", &id, "-o", "csv"])
        .assert()
        .code(0);
    assert!(stdout_of(&out).starts_with("seq,answered,rtt_ms\n1,true,"));
    let out = sim
        .cmd(&env, "t")
        .args([
            "status",
            "CN0001",
            "--latest",
            "--expect-path",
            &format!("@{id}"),
        ])
        .assert()
        .code(1);
    assert!(stderr_of(&out).contains("it is a recorded ping, which has no path to compare"));
    // --hop-pings records each responder's ping.
    sim.cmd(&env, "t")
        .args([
            "start",
            "CN0002",
            "192.0.2.9",
            "--hop-pings",
            "2",
            "--interval",
            "1s",
        ])
        .assert()
        .code(0);
    let pings = listed(&["--test", "ping", "CN0002"]);
    assert!(pings.len() >= 5, "{pings:?}");
}

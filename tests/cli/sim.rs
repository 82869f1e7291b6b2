//! `gwtrace demo` end to end, and every scenario of `gwtrace sim` through the binary.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use predicates::prelude::*;

use crate::support::*;

/// A running `gwtrace sim`; stopped with Ctrl-C (SIGINT) when dropped.
pub struct SimProcess {
    child: Child,
    pub url: String,
}

impl SimProcess {
    pub fn start(env: &Env) -> SimProcess {
        SimProcess::start_with(env, &[])
    }

    /// `gwtrace sim --task-seconds 1 EXTRA…`
    pub fn start_with(env: &Env, extra: &[&str]) -> SimProcess {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
            .env_clear()
            .env("HOME", env.home.path())
            .args(["sim", "--task-seconds", "1"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first.trim_end().to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "first line: {first:?}"
        );
        SimProcess { child, url }
    }

    /// The simulator's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// gwtrace as a child process against the simulator (token `tok`), in `env`'s home: for
    /// a test that reads its output as it comes or signals it.
    pub fn process(&self, env: &Env) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"));
        cmd.env_clear()
            .env("HOME", env.home.path())
            .env("GWTRACE_BASE_URL", &self.url)
            .env("GWTRACE_TOKEN", "tok");
        cmd
    }

    pub fn cmd(&self, env: &Env, token: &str) -> assert_cmd::Command {
        let mut cmd = env.cmd();
        cmd.env("GWTRACE_BASE_URL", &self.url)
            .env("GWTRACE_TOKEN", token);
        cmd
    }

    /// Stops the simulator with SIGINT; returns its exit code and its stderr log.
    pub fn stop(mut self) -> (Option<i32>, String) {
        interrupt(&self.child);
        let status = self.child.wait().unwrap();
        let mut log = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        (status.code(), log)
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn interrupt(child: &Child) {
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
}

#[test]
fn demo_runs_a_whole_traceroute_with_no_config_and_no_token() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["demo", "--task-seconds", "1", "-o", "csv"])
        .assert()
        .code(0)
        .stderr("");
    let csv = stdout_of(&out);
    assert!(csv.starts_with("hop,address,hostname,rtt_ms\n"), "{csv}");
    assert!(
        csv.lines().any(|l| l.ends_with(",,,")),
        "a silent hop: {csv}"
    );
    assert!(csv.lines().count() > 10, "{csv}");
    let table = env
        .cmd()
        .args(["demo", "--task-seconds", "1"])
        .assert()
        .code(0);
    let table = stdout_of(&table);
    assert!(
        table.starts_with("traceroute to www.arubanetworks.com (203.0.113."),
        "{table}"
    );
    assert!(
        table.lines().nth(1).unwrap().starts_with("HOP  ADDRESS"),
        "the simulated gateway names no host, so there is no HOST column: {table}"
    );
    // The ECMP hop: a second responder on a row of its own, recovered from the raw text.
    assert!(table.lines().any(|l| l.starts_with("     ")), "{table}");
    assert!(
        table.contains("appears only in the device's raw output"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .last()
            .unwrap()
            .starts_with("reached 203.0.113."),
        "{table}"
    );
}

#[test]
fn demo_takes_a_scenario_gateway() {
    let env = Env::new();
    env.cmd()
        .args([
            "demo",
            "--gateway",
            "FAIL-DEMO",
            "--task-seconds",
            "1",
            "--json",
        ])
        .assert()
        .code(6)
        .stdout(predicate::str::contains("\"FAILED\""))
        .stderr(predicate::str::contains(
            "the traceroute failed: Traceroute to",
        ));
}

#[test]
fn sim_prints_its_url_first_logs_each_request_and_stops_cleanly_on_ctrl_c() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    sim.cmd(&env, "t")
        .args(["start", "CN1", "8.8.8.8", "--no-wait"])
        .assert()
        .code(0);
    let (code, log) = sim.stop();
    assert_eq!(code, Some(0));
    assert!(
        log.contains(
            "sim: POST /network-troubleshooting/v1/gateways/CN1/traceroute -> 202 Accepted"
        ),
        "{log}"
    );
}

#[test]
fn every_scenario_gives_its_exit_code() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let start = |serial: &str, extra: &[&str]| {
        let mut cmd = sim.cmd(&env, "any-token");
        cmd.args(["start", serial, "8.8.8.8", "--interval", "1s"])
            .args(extra);
        cmd.assert()
    };
    start("CN1", &["--raw"])
        .code(0)
        .stdout(predicate::str::contains("traceroute to 8.8.8.8"));
    start("OFFLINE1", &[])
        .code(10)
        .stderr(predicate::str::contains("HPE_GRAVITY_DEVICE_OFFLINE"));
    start("MISSING1", &[])
        .code(5)
        .stderr(predicate::str::contains("HPE_GRAVITY_DEVICE_NOT_FOUND"));
    start("FAIL1", &[]).code(6);
    start("SLOW1", &["--timeout", "2s"]).code(7);
    start("RATE1", &["-o", "csv"]).code(0);
    start("DOWN1", &[]).code(9);
    start("ODD1", &[])
        .code(1)
        .stderr(predicate::str::contains("'CANCELLED'"));
    sim.cmd(&env, "invalid-token")
        .args(["start", "CN1", "8.8.8.8"])
        .assert()
        .code(4);

    let task = stdout_of(&start("SLOW2", &["--no-wait"]).code(0))
        .trim()
        .to_owned();
    sim.cmd(&env, "t")
        .args(["status", "SLOW2", &task, "--no-wait"])
        .assert()
        .code(8);
    sim.cmd(&env, "t")
        .args(["status", "SLOW2", "no-such-task"])
        .assert()
        .code(5);
    sim.cmd(&env, "t")
        .args(["status", "CN9", &task])
        .assert()
        .code(5);

    let (_, log) = sim.stop();
    assert!(
        log.contains("-> 429 Too Many Requests"),
        "RATE1 was rate limited: {log}"
    );
}

#[test]
fn sim_serves_api_version_v1_and_client_credentials() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{0}\"\napi_version = \"v1\"\ntoken_url = \"{0}/as/token.oauth2\"\nclient_id = \"me\"\nclient_secret = \"pw\"\n",
        sim.url
    ));
    env.cmd()
        .args(["start", "CN1", "example.net", "--interval", "1s"])
        .assert()
        .code(0);
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{0}\"\ntoken_url = \"{0}/as/token.oauth2\"\nclient_id = \"me\"\nclient_secret = \"invalid\"\n",
        sim.url
    ));
    std::fs::remove_dir_all(env.cache_dir()).unwrap();
    env.cmd()
        .args(["start", "CN1", "example.net"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("invalid_client"));
    let (_, log) = sim.stop();
    assert!(
        log.contains("POST /network-troubleshooting/v1/gateways/CN1/traceroute -> 202"),
        "{log}"
    );
}

#[test]
fn a_request_without_a_bearer_token_is_401() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let address = sim.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let path = status_path_for("v1", "CN1", "x");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("HPE_GRAVITY_UNAUTHORIZED"));
}

#[test]
fn every_family_starts_and_reads_back_against_the_simulator() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    for (device, extra) in [
        ("gateway", vec!["--vlan-ip", "10.0.0.1"]),
        ("ap", vec!["--source-interface", "bond0"]),
        ("cx", vec!["--vrf", "mgmt"]),
        ("aos-s", vec!["--source-vlan", "20"]),
    ] {
        let out = sim
            .cmd(&env, "tok")
            .args([
                "--device",
                device,
                "start",
                "CN77",
                "192.0.2.77",
                "--no-wait",
            ])
            .args(&extra)
            .assert()
            .code(0);
        let task = stdout_of(&out).trim().to_owned();
        let out = sim
            .cmd(&env, "tok")
            .env("GWTRACE_DEVICE", device)
            .args(["status", "CN77", &task, "--interval", "1s", "-o", "csv"])
            .assert()
            .code(0)
            .stderr("");
        let csv = stdout_of(&out);
        let last = csv.lines().last().unwrap();
        assert!(last.contains(",192.0.2.77,"), "{device}: {csv}");
        // The same task id under another family is not found.
        sim.cmd(&env, "tok")
            .args(["--device", if device == "ap" { "cx" } else { "ap" }])
            .args(["status", "CN77", &task, "--no-wait"])
            .assert()
            .code(5);
    }
    let (code, log) = sim.stop();
    assert_eq!(code, Some(0), "{log}");
    for segment in ["gateways", "aps", "cx", "aos-s"] {
        let posted = format!("POST /network-troubleshooting/v1/{segment}/CN77/traceroute -> 202");
        assert!(log.contains(&posted), "{segment}: {log}");
    }
}

#[test]
fn demo_shows_each_family() {
    for (device, segment) in [
        ("gateway", "gateways"),
        ("ap", "aps"),
        ("cx", "cx"),
        ("aos-s", "aos-s"),
    ] {
        let env = Env::new();
        let out = env
            .cmd()
            .args(["demo", "--device", device, "--task-seconds", "1"])
            .args(["--destination", "192.0.2.9", "-v"])
            .assert()
            .code(0);
        let table = stdout_of(&out);
        assert!(
            table.starts_with("traceroute to 192.0.2.9"),
            "{device}: {table}"
        );
        assert!(
            table.lines().last().unwrap().contains("192.0.2.9"),
            "{device}: {table}"
        );
        // The demo really asked the family's path, not the gateway's.
        let posted =
            format!("POST /network-troubleshooting/v1/{segment}/CNDEMO0001/traceroute -> 202");
        let log = stderr_of(&out);
        assert!(log.contains(&posted), "{device}: {log}");
    }
}

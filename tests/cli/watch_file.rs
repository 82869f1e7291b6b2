//! `gwtrace watch --file`: a watch file checked and priced (`--check`, the daily budget),
//! refused with its line and key, run with every target's labels, reloaded on SIGHUP, and
//! `/healthz` saying whether the watch is well.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::sim::SimProcess;
use crate::support::*;

const FILE: &str = r#"
every = "1m"
interval = "1s"
max_rate = 20

[[group]]
name = "branches"
serials_file = "branches.txt"
destinations = ["10.20.0.10", "10.20.0.11"]
expect_reach = true

[[group]]
name = "core"
device = "cx"
serials = ["SW1"]
destinations = ["8.8.8.8"]
max_rtt = "500ms"
"#;

/// A watch file and its serials file in `env`'s home.
fn watch_file(env: &Env, text: &str) -> PathBuf {
    std::fs::write(
        env.home.path().join("branches.txt"),
        "CN1\nCN2  # the second\n",
    )
    .unwrap();
    let path = env.home.path().join("watches.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `gwtrace watch --check [EXTRA…] --file FILE`, no Central anywhere.
fn check(env: &Env, extra: &[&str], file: &Path) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", refused_url())
        .args(["watch", "--check"])
        .args(extra)
        .arg("--file")
        .arg(file);
    cmd
}

#[test]
fn check_prints_the_targets_and_their_cost_without_a_config_or_a_request() {
    let env = Env::new();
    let file = watch_file(&env, FILE);
    let out = check(&env, &[], &file).assert().code(0);
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("GROUP"), "{text}");
    let row = |words: &[&str]| {
        lines
            .iter()
            .any(|l| l.split_whitespace().eq(words.iter().copied()))
    };
    assert!(
        row(&["branches", "CN1", "gateway", "10.20.0.10", "1m"]),
        "{text}"
    );
    assert!(
        row(&["branches", "CN2", "gateway", "10.20.0.11", "1m"]),
        "{text}"
    );
    assert!(row(&["core", "SW1", "cx", "8.8.8.8", "1m"]), "{text}");
    // 18 s polled each second: a start and 18 polls a trace.
    assert!(
        row(&["branches", "gateway", "4", "1m", "76", "109,440"]),
        "{text}"
    );
    assert!(
        text.contains("5 targets: about 95 requests a round, 136,800 a day, no daily_budget"),
        "{text}"
    );
}

#[test]
fn check_refuses_a_plan_over_its_daily_budget_naming_the_largest_groups() {
    let env = Env::new();
    let file = watch_file(&env, &FILE.replace("max_rate = 20", "daily_budget = 5000"));
    let out = check(&env, &[], &file).assert().code(2);
    let said = stderr_of(&out);
    assert!(
        said.contains(
            "needs about 136,800 requests a day, over daily_budget 5,000; the largest \
                       groups: branches (109,440), core (27,360)"
        ),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    // --daily-budget on the command line counts instead of the file's.
    check(&env, &["--daily-budget", "200000"], &file)
        .assert()
        .code(0);
}

#[test]
fn a_mistake_in_the_file_is_refused_with_its_line_and_key() {
    let env = Env::new();
    let cases = [
        (
            "max_rtt = \"500ms\"",
            "max_rtt = \"fast\"",
            "watches.toml:17: max_rtt: 'fast'",
        ),
        (
            "expect_reach = true",
            "expect_rech = true",
            "watches.toml:10: unknown key 'expect_rech'",
        ),
        (
            "serials = [\"SW1\"]",
            "serials = [\"CN1\"]\ndevice = \"gateway\"",
            "duplicate key",
        ),
        (
            "[\"8.8.8.8\"]",
            "[\"not a host\"]",
            "watches.toml:16: destinations: 'not a host' is not a host name",
        ),
    ];
    for (from, to, said) in cases {
        let file = watch_file(&env, &FILE.replace(from, to));
        let out = check(&env, &[], &file).assert().code(2);
        let err = stderr_of(&out);
        assert!(err.contains(said), "{to}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(stdout_of(&out).is_empty());
    }
    // The same device and destination in two groups: the second is named.
    let twice = FILE
        .replace("serials = [\"SW1\"]", "serials = [\"CN2\"]")
        .replace("device = \"cx\"", "")
        .replace("[\"8.8.8.8\"]", "[\"10.20.0.11\"]");
    let file = watch_file(&env, &twice);
    let out = env
        .cmd()
        .args(["watch", "--file"])
        .arg(&file)
        .assert()
        .code(2);
    assert!(
        stderr_of(&out).contains(
            "watches.toml:15: serials: CN2 to 10.20.0.11 is already a target, of group 'branches'"
        ),
        "{}",
        stderr_of(&out)
    );
    // Flags of a single watch do not go with --file.
    let out = env
        .cmd()
        .args(["watch", "--expect-reach", "--file"])
        .arg(&file)
        .assert()
        .code(2);
    let said = stderr_of(&out);
    assert!(
        said.contains("'--expect-reach' cannot be used with '--file <FILE>'"),
        "{said}"
    );
    assert!(
        said.contains("gwtrace watch [OPTIONS] --file <WATCH FILE> [--check]"),
        "{said}"
    );
}

#[test]
fn every_target_of_a_file_is_traced_with_its_group_serial_device_and_destination() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let file = watch_file(&env, FILE);
    let metrics = env.home.path().join("gwtrace.prom");
    let out = sim
        .cmd(&env, "tok")
        .args(["watch", "--rounds", "1", "--json", "--file"])
        .arg(&file)
        .arg("--metrics-file")
        .arg(&metrics)
        .assert()
        .code(0);
    let text = stdout_of(&out);
    let mut seen: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|v| v["event"] == "result")
        .map(|v| {
            format!(
                "{} {} {} {}",
                v["group"], v["serial"], v["device"], v["destination"]
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            r#""branches" "CN1" "gateway" "10.20.0.10""#,
            r#""branches" "CN1" "gateway" "10.20.0.11""#,
            r#""branches" "CN2" "gateway" "10.20.0.10""#,
            r#""branches" "CN2" "gateway" "10.20.0.11""#,
            r#""core" "SW1" "cx" "8.8.8.8""#,
        ],
        "{text}"
    );
    let written = std::fs::read_to_string(&metrics).unwrap();
    assert!(written.contains(
        "gwtrace_trace_success{group=\"core\",serial=\"SW1\",device=\"cx\",destination=\"8.8.8.8\"} 1\n"
    ), "{written}");
    assert!(written.contains("gwtrace_rounds_total 1\n"), "{written}");
    // The core switch was traced on its own family's route.
    let (_, log) = sim.stop();
    assert!(
        log.contains("POST /network-troubleshooting/v1/cx/SW1/traceroute"),
        "{log}"
    );
}

/// A watch running as a child, its stderr read line by line as it comes.
struct Watching {
    child: Child,
    said: Arc<Mutex<Vec<String>>>,
}

impl Watching {
    fn start(sim: &SimProcess, env: &Env, file: &Path, listen: &str) -> Watching {
        let mut child = sim
            .process(env)
            .args(["watch", "--file"])
            .arg(file)
            .args(["--metrics-listen", listen])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let said = Arc::new(Mutex::new(Vec::new()));
        let lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let sink = said.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Watching { child, said }
    }

    /// Waits (30 s at most) until stderr has a line containing `text`.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.said.lock().unwrap().iter().any(|l| l.contains(text)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("no '{text}' on stderr: {:?}", self.said.lock().unwrap());
    }

    fn hangup(&self) {
        let pid = self.child.id().to_string();
        assert!(std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success());
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of `GET path` once `ready` holds of it (30 s at most).
fn scrape_until(listen: &str, path: &str, ready: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let answer = crate::watch::request(listen, "GET", path);
        if ready(&answer) || Instant::now() > deadline {
            return answer;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

pub fn free_address() -> String {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("127.0.0.1:{}", probe.local_addr().unwrap().port())
}

#[test]
fn sighup_adds_and_removes_targets_keeps_the_rest_and_survives_a_broken_file() {
    let env = Env::new();
    let sim = SimProcess::start_with(&env, &["--path-change-every", "2"]);
    let every = FILE.replace("every = \"1m\"", "every = \"3s\"");
    let file = watch_file(&env, &every);
    let listen = free_address();
    let watching = Watching::start(&sim, &env, &file, &listen);
    watching.wait_for("watching 5 targets of 2 groups");
    let branch = r#"group="branches",serial="CN1",device="gateway",destination="10.20.0.10""#;
    let changed_once = format!("gwtrace_path_changes_total{{{branch}}} 1\n");
    let first = scrape_until(&listen, "/metrics", |m| m.contains(&changed_once));
    assert!(first.contains(&changed_once), "{first}");
    let core = r#"group="core",serial="SW1",device="cx",destination="8.8.8.8""#;
    assert!(
        first.contains(&format!("gwtrace_path_hops{{{core}}} ")),
        "{first}"
    );
    let healthy = crate::watch::request(&listen, "GET", "/healthz");
    assert!(healthy.starts_with("HTTP/1.1 200"), "{healthy}");
    assert!(
        healthy.contains("\r\n\r\nok: the last round finished"),
        "{healthy}"
    );

    // Drop core, add a group; branches stays as it was.
    let changed = every
        .replace("name = \"core\"", "name = \"dc\"")
        .replace("SW1", "SW9");
    std::fs::write(&file, &changed).unwrap();
    watching.hangup();
    watching.wait_for("SIGHUP: read");
    watching.wait_for("5 targets (1 added, 1 removed, 0 with new settings, 4 unchanged)");
    let dc = r#"group="dc",serial="SW9",device="cx",destination="8.8.8.8""#;
    let after = scrape_until(&listen, "/metrics", |m| {
        m.contains(&format!("gwtrace_path_hops{{{dc}}}"))
    });
    assert!(
        after.contains(&format!("gwtrace_path_hops{{{dc}}} ")),
        "the new target runs: {after}"
    );
    assert!(
        !after.contains(r#"group="core""#),
        "the removed target's series are gone: {after}"
    );
    // Unchanged targets kept their state: the path changes counted before are still there.
    let kept = format!("gwtrace_path_changes_total{{{branch}}} ");
    let count = after
        .split(&kept)
        .nth(1)
        .and_then(|r| r.lines().next())
        .unwrap_or("0");
    assert!(count.parse::<u64>().unwrap() >= 1, "{after}");

    // A file that no longer reads changes nothing.
    std::fs::write(&file, changed.replace("every = \"3s\"", "every = \"soon\"")).unwrap();
    watching.hangup();
    watching
        .wait_for("SIGHUP: the watch file does not read, so the 5 targets of before keep running");
    watching.wait_for("watches.toml:2: every: ");
    let still = crate::watch::request(&listen, "GET", "/metrics");
    assert!(
        still.contains(&format!("gwtrace_path_hops{{{dc}}} ")),
        "{still}"
    );
    assert!(
        still.contains(&format!("gwtrace_path_hops{{{branch}}} ")),
        "{still}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_is_503_with_the_reason_when_central_refuses_the_token() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(json(401, &fixture("error-unauthorized.json")))
        .mount(&server)
        .await;
    let env = Env::new();
    let file = watch_file(&env, FILE);
    let listen = free_address();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
        .env_clear()
        .env("HOME", env.home.path())
        .env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", "tok-secret-123")
        .args(["watch", "--file"])
        .arg(&file)
        .args(["--metrics-listen", &listen])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let listen2 = listen.clone();
    let answer = tokio::task::spawn_blocking(move || {
        scrape_until(&listen2, "/healthz", |a| a.starts_with("HTTP/1.1 503"))
    })
    .await
    .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert!(
        body.starts_with("the token cannot be renewed: authentication failed"),
        "{body}"
    );
    assert_eq!(body.lines().count(), 1, "{body}");
    assert!(!body.contains("tok-secret"), "{body}");
}

/// Central answering every start and status call, each answer with `headers`.
struct Counting(Vec<(&'static str, &'static str)>);

impl wiremock::Respond for Counting {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let mut answer = if request.method.as_str() == "POST" {
            let location = format!("{}/async-operations/{TASK}", request.url.path());
            json(
                202,
                &serde_json::json!({ "location": location }).to_string(),
            )
        } else {
            json(200, &seed())
        };
        for (name, value) in &self.0 {
            answer = answer.insert_header(*name, *value);
        }
        answer
    }
}

/// One round of a watch of `server` with `args`: its stderr and its metrics file.
async fn budgeted_round(server: &wiremock::MockServer, args: &[&str]) -> (String, String) {
    let env = Env::new();
    let metrics = env.home.path().join("gwtrace.prom");
    let mut cmd = env.cmd_for(server);
    cmd.args([
        "watch",
        SERIAL,
        "8.8.8.8",
        "--every",
        "1m",
        "--interval",
        "1s",
    ])
    .args(["--rounds", "1"])
    .args(args)
    .arg("--metrics-file")
    .arg(&metrics);
    let out = run(cmd).await.code(0);
    (stderr_of(&out), std::fs::read_to_string(&metrics).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_watch_over_its_daily_budget_stretches_its_rounds_and_says_so_once() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(Counting(Vec::new()))
        .mount(&server)
        .await;
    // A trace every minute plans 19 × 1,440 requests a day; 1,000 is far less.
    let (said, metrics) = budgeted_round(&server, &["--daily-budget", "1000"]).await;
    let line = "the watch plans about 27,360 requests a day and ";
    assert_eq!(said.matches(line).count(), 1, "{said}");
    assert!(
        said.contains("are left of daily_budget: rounds are "),
        "{said}"
    );
    // What is left: the budget less the answers of the round (a start and its polls).
    let left: u64 = metrics
        .split("\ngwtrace_api_budget_remaining ")
        .nth(1)
        .and_then(|r| r.lines().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{metrics}"));
    assert!((990..1000).contains(&left), "{metrics}");
    let period: f64 = metrics
        .split("\ngwtrace_round_interval_seconds ")
        .nth(1)
        .and_then(|r| r.lines().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(period > 60.0, "stretched beyond --every 1m: {metrics}");
    // Within its budget it says nothing and keeps --every.
    let (said, metrics) = budgeted_round(&server, &["--daily-budget", "1000000"]).await;
    assert!(!said.contains("the watch plans"), "{said}");
    assert!(
        metrics.contains("gwtrace_round_interval_seconds 60\n"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn central_s_day_headers_count_before_the_estimate() {
    let server = wiremock::MockServer::start().await;
    let headers = vec![
        ("X-RateLimit-Limit-day", "5000"),
        ("X-RateLimit-Remaining-day", "42"),
    ];
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(Counting(headers))
        .mount(&server)
        .await;
    let (said, metrics) = budgeted_round(&server, &["--daily-budget", "1000000"]).await;
    assert!(
        metrics.contains("gwtrace_api_budget_remaining 42\n"),
        "{metrics}"
    );
    assert!(
        said.contains("and 42 are left today, as Central says: rounds are "),
        "{said}"
    );
    // Without a daily_budget, Central's headers alone are the budget.
    let (_, metrics) = budgeted_round(&server, &[]).await;
    assert!(
        metrics.contains("gwtrace_api_budget_remaining 42\n"),
        "{metrics}"
    );
}

//! The watch as a service, with the real tools: the systemd unit verified by
//! `systemd-analyze`, the alert rules checked and unit-tested by `promtool`, the Grafana
//! dashboard's queries against the metrics gwtrace really exports, and a real Prometheus
//! scraping a watch of the simulator until its path-change alert fires.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;
use crate::watch::request;
use crate::watch_file::free_address;

fn docs(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(docs(path)).unwrap()
}

#[test]
fn the_systemd_unit_verifies_and_runs_the_watch_as_the_readme_says() {
    let unit = read("systemd/gwtrace-watch.service");
    for wanted in [
        "DynamicUser=yes",
        "StateDirectory=gwtrace-watch",
        "LoadCredential=token:/etc/gwtrace/token",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "Restart=on-failure",
        "ExecReload=/bin/kill -HUP $MAINPID",
        "Environment=NO_COLOR=1",
    ] {
        assert!(unit.lines().any(|l| l == wanted), "no {wanted}");
    }
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart=/usr/local/bin/gwtrace "))
        .unwrap();
    assert!(!exec.to_ascii_lowercase().contains("token"), "{exec}");
    // The unit's own arguments parse: with the example watch file and --check, nothing runs.
    let args: Vec<String> = exec
        .split_whitespace()
        .map(|a| {
            a.replace(
                "/etc/gwtrace/watches.toml",
                docs("systemd/watches.toml").to_str().unwrap(),
            )
        })
        .collect();
    let env = Env::new();
    env.cmd().args(&args).arg("--check").assert().code(0);

    if !installed("systemd-analyze") {
        eprintln!("note: no systemd-analyze here; the unit was not verified");
        return;
    }
    // verify wants ExecStart's program to exist: the one just built stands in for
    // /usr/local/bin/gwtrace; nothing else of the unit changes.
    let binary = assert_cmd::cargo::cargo_bin!("gwtrace");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("gwtrace-watch.service");
    std::fs::write(
        &copy,
        unit.replace("/usr/local/bin/gwtrace", binary.to_str().unwrap()),
    )
    .unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&copy)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.trim().is_empty(), "systemd-analyze warns: {said}");
}

#[test]
fn promtool_checks_the_alert_rules_and_their_unit_tests_pass() {
    if !installed("promtool") {
        eprintln!("note: no promtool here; the alert rules were not checked");
        return;
    }
    let dir = docs("prometheus");
    for args in [
        ["check", "rules", "gwtrace-rules.yml"],
        ["test", "rules", "gwtrace-rules.test.yml"],
    ] {
        let out = Command::new("promtool")
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "promtool {args:?}: {said}");
        assert!(said.contains("SUCCESS"), "{said}");
    }
    // Every alert about a target names its group, serial and destination.
    let rules = read("prometheus/gwtrace-rules.yml");
    for alert in rules.split("- alert: ").skip(1).take(6) {
        for label in ["group", "serial", "destination"] {
            assert!(alert.contains(&format!("$labels.{label}")), "{alert}");
        }
    }
}

/// The metric names of a watch's real metrics: a watch file whose groups trace, ping and
/// ping each hop, with a daily budget, one round against the simulator.
fn exported_metrics() -> Vec<String> {
    let env = Env::new();
    let sim = crate::sim::SimProcess::start(&env);
    let file = env.home.path().join("watches.toml");
    std::fs::write(
        &file,
        r#"
every = "1m"
interval = "1s"
daily_budget = 100000
[[group]]
name = "hops"
serials = ["CN1"]
destinations = ["8.8.8.8"]
hop_pings = 2
[[group]]
name = "pings"
serials = ["CN2"]
destinations = ["8.8.8.8"]
ping = 2
"#,
    )
    .unwrap();
    let metrics = env.home.path().join("gwtrace.prom");
    sim.cmd(&env, "tok")
        .args(["watch", "--rounds", "1", "--file"])
        .arg(&file)
        .arg("--metrics-file")
        .arg(&metrics)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&metrics).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// Every `gwtrace_…` name in a PromQL expression.
fn metric_names(expr: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = expr;
    while let Some(at) = rest.find("gwtrace_") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        names.push(tail[..end].to_owned());
        rest = &tail[end..];
    }
    names
}

#[test]
fn the_dashboard_is_grafana_json_and_queries_only_metrics_gwtrace_exports() {
    let dashboard: serde_json::Value = serde_json::from_str(&read("grafana/gwtrace.json")).unwrap();
    assert_eq!(dashboard["uid"], "gwtrace-watch");
    assert!(dashboard["schemaVersion"].as_u64().unwrap() >= 36);
    let panels = dashboard["panels"].as_array().unwrap();
    let mut exprs = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for panel in panels {
        assert!(
            ids.insert(panel["id"].as_u64().unwrap()),
            "panel ids are unique"
        );
        assert!(
            panel["title"].is_string() && panel["type"].is_string(),
            "{panel}"
        );
        for key in ["x", "y", "w", "h"] {
            assert!(panel["gridPos"][key].is_u64(), "{panel}");
        }
        let targets = panel["targets"].as_array().unwrap();
        assert!(!targets.is_empty(), "{panel}");
        exprs.extend(
            targets
                .iter()
                .map(|t| t["expr"].as_str().unwrap().to_owned()),
        );
    }
    let annotations = dashboard["annotations"]["list"].as_array().unwrap();
    let changes = annotations
        .iter()
        .find(|a| a["name"] == "Path changes")
        .unwrap();
    exprs.push(changes["expr"].as_str().unwrap().to_owned());
    for variable in dashboard["templating"]["list"].as_array().unwrap() {
        if let Some(query) = variable["query"]["query"].as_str() {
            exprs.push(query.to_owned());
        }
    }
    let titles: Vec<&str> = panels.iter().filter_map(|p| p["title"].as_str()).collect();
    for wanted in [
        "Round-trip time",
        "Forwarded loss",
        "Destination reached",
        "Rounds",
        "API budget",
    ] {
        assert!(
            titles.iter().any(|t| t.starts_with(wanted)),
            "no {wanted} panel: {titles:?}"
        );
    }
    let exported = exported_metrics();
    let used: std::collections::BTreeSet<String> =
        exprs.iter().flat_map(|e| metric_names(e)).collect();
    assert!(used.len() >= 10, "{used:?}");
    for name in &used {
        assert!(
            exported.contains(name),
            "the dashboard queries {name}, which gwtrace does not export: {exported:?}"
        );
    }
}

/// A child process killed (by its id) and waited for when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

/// `query`'s answer from Prometheus at `address` (its HTTP API), empty until it answers.
fn query(address: &str, query: &str) -> String {
    let encoded: String = query
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    request(address, "GET", &format!("/api/v1/query?query={encoded}"))
}

#[test]
fn a_real_prometheus_scrapes_the_watch_and_fires_the_path_change_alert() {
    if !installed("prometheus") {
        eprintln!("note: no prometheus server here; the end-to-end alert test did not run");
        return;
    }
    let env = Env::new();
    // The simulator's log is not read here: to /dev/null, so that it never fills a pipe.
    let mut sim = Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
        .env_clear()
        .env("HOME", env.home.path())
        .args(["sim", "--task-seconds", "1", "--path-change-every", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(sim.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    let _sim = Running(sim);
    let url = first.trim().to_owned();
    let file = env.home.path().join("watches.toml");
    std::fs::write(
        &file,
        "every = \"2s\"\ninterval = \"1s\"\n[[group]]\nname = \"branches\"\nserials = [\"CN1\"]\ndestinations = [\"8.8.8.8\"]\n",
    )
    .unwrap();
    let metrics = free_address();
    let _watch = Running(
        Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
            .env_clear()
            .env("HOME", env.home.path())
            .env("GWTRACE_BASE_URL", &url)
            .env("GWTRACE_TOKEN", "tok")
            .args(["watch", "--changes", "--file"])
            .arg(&file)
            .args(["--metrics-listen", &metrics])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let config = env.home.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}\n\
             scrape_configs:\n  - job_name: gwtrace\n    static_configs:\n      - targets: ['{metrics}']\n",
            docs("prometheus/gwtrace-rules.yml").display()
        ),
    )
    .unwrap();
    let prometheus = free_address();
    let _prometheus = Running(
        Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                env.home.path().join("tsdb").display()
            ))
            .arg(format!("--web.listen-address={prometheus}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    let (mut up, mut alert) = (String::new(), String::new());
    while Instant::now() < deadline {
        up = query(&prometheus, "up{job=\"gwtrace\"} == 1");
        alert = query(
            &prometheus,
            "ALERTS{alertname=\"GwtracePathChanged\",alertstate=\"firing\"}",
        );
        if up.contains("\"job\":\"gwtrace\"") && alert.contains("\"alertstate\":\"firing\"") {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(up.contains("\"job\":\"gwtrace\""), "up == 1: {up}");
    assert!(
        alert.contains("\"alertstate\":\"firing\""),
        "the alert fires: {alert}"
    );
    for label in [
        "\"group\":\"branches\"",
        "\"serial\":\"CN1\"",
        "\"destination\":\"8.8.8.8\"",
    ] {
        assert!(alert.contains(label), "for the right target: {alert}");
    }
}

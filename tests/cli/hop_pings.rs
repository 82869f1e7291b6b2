//! `start --hop-pings N` against the simulator: a router limiting its own replies is told
//! from a lossy link (the "done when"), every format carries the pings, an
//! unreachable destination fails `--expect-reach`, and `demo --hop-pings` shows both kinds.

use serde_json::Value;

use crate::sim::SimProcess;
use crate::support::*;

fn hop_pings(
    sim: &SimProcess,
    env: &Env,
    serial: &str,
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    sim.cmd(env, "t")
        .args([
            "start",
            "--device",
            "cx",
            serial,
            "192.0.2.9",
            "--hop-pings",
            "20",
        ])
        .args(["--interval", "1s"])
        .args(extra)
        .assert()
}

#[test]
fn a_router_limiting_its_own_replies_passes_max_loss_and_a_lossy_link_fails_it() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let out = hop_pings(&sim, &env, "LIMIT1", &["--max-loss", "1"]).code(0);
    let text = stdout_of(&out);
    assert!(
        text.contains("loss and times from 20 pings to each responder"),
        "{text}"
    );
    assert!(text.contains("LOSS%  FWD%  SENT"), "{text}");
    let hop2 = text.lines().find(|l| l.starts_with("2 ")).unwrap();
    let cells: Vec<&str> = hop2.split_whitespace().collect();
    assert_eq!(cells[2..5], ["40.0", "0.0", "20"], "{hop2}");
    assert!(
        text.contains("left 40% of pings to itself unanswered, but the hops after it lost 0%"),
        "{text}"
    );
    assert!(
        text.contains("that is not loss of forwarded traffic"),
        "{text}"
    );
    assert!(
        text.contains("reached 192.0.2.9: 0% forwarded loss"),
        "{text}"
    );

    let out = hop_pings(&sim, &env, "LOSSY1", &["--max-loss", "1"]).code(11);
    let text = stdout_of(&out);
    assert!(text.contains("forwarded loss begins at hop"), "{text}");
    assert!(
        text.contains("reached 192.0.2.9: 10% forwarded loss"),
        "{text}"
    );
    assert!(
        stderr_of(&out).contains("loss to 192.0.2.9 is 10.0% (2 of 20 lost), over --max-loss 1%"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn json_keeps_the_trace_keys_and_adds_the_pings_mtr_json_counts_them_csv_lists_them() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let out = hop_pings(&sim, &env, "LIMIT2", &["--json"]).code(0);
    let document: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let keys: Vec<&str> = document
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.first(), Some(&"endTime"));
    assert_eq!(keys.last(), Some(&"hopPings"));
    assert!(document["output"]["hops"].is_array());
    let responders = document["hopPings"]["responders"].as_array().unwrap();
    assert!(responders.len() >= 6, "{responders:?}");
    let limited = responders
        .iter()
        .find(|r| r["loss_percent"] == 40.0)
        .expect("the limiting hop");
    assert_eq!(limited["forwarded_loss_percent"], 0.0);
    assert_eq!(limited["task"]["status"], "COMPLETED");
    assert_eq!(limited["task"]["output"]["transmittedPacketsCount"], "20");

    let out = hop_pings(&sim, &env, "LIMIT2", &["-o", "mtr-json"]).code(0);
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["report"]["mtr"]["tests"], 20);
    for hub in report["report"]["hubs"].as_array().unwrap() {
        assert_eq!(hub["Snt"], 20, "{hub}");
    }
    assert!(report["report"]["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|hub| hub["Loss%"] == 40.0 && hub["Fwd%"] == 0.0));

    let out = hop_pings(&sim, &env, "LIMIT2", &["-o", "csv"]).code(0);
    let csv = stdout_of(&out);
    assert!(csv.starts_with(
        "hop,address,hostname,sent,received,loss_pct,forwarded_loss_pct,best_ms,avg_ms,worst_ms,stdev_ms\n"
    ));
    assert!(csv.lines().any(|l| l.contains(",20,12,40,0,")), "{csv}");
}

#[test]
fn an_unreachable_destination_is_pinged_past_the_path_and_fails_expect_reach() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let out = sim
        .cmd(&env, "t")
        .args([
            "start",
            "--device",
            "ap",
            "UNREACH1",
            "192.0.2.9",
            "--hop-pings",
            "5",
        ])
        .args(["--interval", "1s", "--expect-reach"])
        .assert()
        .code(11);
    let text = stdout_of(&out);
    assert!(text.contains("\ndest "), "{text}");
    assert!(
        text.contains("not reached 192.0.2.9: no reply to 5 pings"),
        "{text}"
    );
    assert!(stderr_of(&out).contains("no reply from 192.0.2.9"));
}

#[test]
fn hop_pings_under_a_rate_limit_get_no_429() {
    let env = Env::new();
    let sim = SimProcess::start_with(&env, &["--rate-limit", "5"]);
    hop_pings(
        &sim,
        &env,
        "LIMIT3",
        &["--max-rate", "4", "--max-loss", "1"],
    )
    .code(0);
    let (_, log) = sim.stop();
    assert!(log.contains("/ping/async-operations/"), "{log}");
    assert!(!log.contains("-> 429"), "{log}");
}

#[test]
fn demo_hop_pings_shows_both_kinds_of_loss() {
    let env = Env::new();
    let out = env
        .cmd()
        .args([
            "demo",
            "--hop-pings",
            "10",
            "--task-seconds",
            "1",
            "--interval",
            "1s",
        ])
        .assert()
        .code(0);
    let text = stdout_of(&out);
    assert!(
        text.contains("limits the replies it sends itself"),
        "{text}"
    );
    assert!(text.contains("forwarded loss begins at hop"), "{text}");
}

#[test]
fn hop_pings_without_waiting_are_refused_in_words_not_ignored() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("GWTRACE_BASE_URL", refused_url())
        .env("GWTRACE_TOKEN", "t")
        .args([
            "start",
            "CN0001",
            "192.0.2.9",
            "--hop-pings",
            "5",
            "--no-wait",
        ])
        .assert()
        .code(2);
    assert!(stderr_of(&out).contains("needs the wait that --no-wait leaves out"));
}

#[test]
fn a_fleet_with_hop_pings_judges_each_device_on_forwarded_loss_in_every_format() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let serials = env.home.path().join("serials.txt");
    std::fs::write(&serials, "LIMIT1\nLOSSY1\n").unwrap();
    let fleet = |format: &str| {
        let out = sim
            .cmd(&env, "t")
            .args(["start", "--device", "cx", "--serials-file"])
            .arg(&serials)
            .args(["192.0.2.9", "--hop-pings", "10", "--max-loss", "1"])
            .args(["--interval", "1s", "-o", format])
            .assert()
            .code(11);
        stdout_of(&out)
    };
    let table = fleet("table");
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[1].starts_with("LIMIT1") && !lines[1].contains("failed"),
        "{table}"
    );
    assert!(
        lines[2].contains("1 failed  loss to 192.0.2.9 is 10.0%"),
        "{table}"
    );
    let json = fleet("json");
    let lines: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        (&lines[0]["exit_code"], &lines[1]["exit_code"]),
        (&0.into(), &11.into())
    );
    for line in &lines {
        assert_eq!(line["task"]["hopPings"]["count"], 10, "{line}");
        assert!(line["task"]["output"]["hops"].is_array());
    }
    let csv = fleet("csv");
    assert!(
        csv.starts_with("serial,hop,address,hostname,sent,received,loss_pct,"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("LIMIT1,2,") && l.contains(",10,6,40,0,")),
        "{csv}"
    );
    let mtr = fleet("mtr-json");
    for line in mtr.lines() {
        let report: Value = serde_json::from_str(line).unwrap();
        assert_eq!(report["report"]["mtr"]["tests"], 10);
    }
}

#[test]
fn the_destination_is_pinged_while_the_trace_runs_and_only_once() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    hop_pings(&sim, &env, "CN0007", &[]).code(0);
    let (_, log) = sim.stop();
    let lines: Vec<&str> = log.lines().collect();
    let last_trace_poll = lines
        .iter()
        .rposition(|l| l.contains(": GET ") && l.contains("/traceroute/async-operations/"))
        .unwrap();
    let ping_starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(": POST ") && lines[i].ends_with("/ping -> 202 Accepted"))
        .collect();
    assert!(ping_starts[0] < last_trace_poll, "{log}");
    // Every ping is one of the table's: the destination is not pinged a second time.
    let out = env
        .cmd()
        .args(["history", "--test", "ping", "--json", "--limit", "1000"])
        .assert()
        .code(0);
    let recorded: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recorded.len(), ping_starts.len(), "{log}");
    let to_destination = recorded
        .iter()
        .filter(|r| r["destination"] == "192.0.2.9")
        .count();
    assert_eq!(to_destination, 1, "{recorded:?}");
}

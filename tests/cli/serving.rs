//! gwtrace's own servers (the simulator, watch's metrics endpoint) against clients that
//! connect and say nothing: each gets a few seconds to send its request, and only so many
//! are served at once, so that idle clients cannot hold the process's sockets.

use std::io::Read;
use std::time::{Duration, Instant};

use crate::sim::SimProcess;
use crate::support::*;

/// Open sockets of process `pid` (Linux: `/proc/PID/fd`).
fn sockets(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|dir| {
            dir.flatten()
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn a_client_that_says_nothing_is_let_go_and_idle_ones_are_capped() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let address = sim.url.trim_start_matches("http://").to_owned();
    let pid = sim.pid();
    let before = sockets(pid);
    let idle: Vec<std::net::TcpStream> = (0..100)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    // The server takes connections up to its cap, and no more, while they stay idle.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut most = 0;
    while Instant::now() < deadline {
        most = most.max(sockets(pid).saturating_sub(before));
        if most >= 64 {
            break;
        }
        std::thread::yield_now();
    }
    assert!(most >= 64, "the server took {most} connections");
    for _ in 0..200 {
        most = most.max(sockets(pid).saturating_sub(before));
    }
    assert!(most <= 66, "{most} connections held at once: the cap is 64");
    // Each idle client is closed after the header timeout (5 s): its read ends.
    let mut first = idle.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let began = Instant::now();
    let mut byte = [0u8; 1];
    let read = first.read(&mut byte);
    assert!(matches!(read, Ok(0)) || read.is_err(), "{read:?}");
    assert!(began.elapsed() < Duration::from_secs(25));
}

#[test]
fn a_metrics_file_is_checked_at_start_and_its_failures_said_once() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    // Where it cannot be written at all: exit 1 before any round, as a port in use is.
    sim.cmd(&env, "tok")
        .args(["watch", "CN1", "8.8.8.8", "--every", "1s", "--metrics-file"])
        .arg(env.home.path().join("no/such/dir/gwtrace.prom"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains("cannot write the metrics file"));
    // It fails from some round on, then can be written again: one warning, one notice.
    let file = env.home.path().join("gwtrace.prom");
    let mut child = sim
        .process(&env)
        .args([
            "watch",
            "CN1",
            "8.8.8.8",
            "--every",
            "1s",
            "--interval",
            "1s",
        ])
        .args(["--rounds", "5", "--json", "--metrics-file"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let mut round = |n: u32| loop {
        let line = lines.next().expect("a line per round").unwrap();
        if line.contains(&format!("\"round\":{n},")) {
            return;
        }
    };
    round(1);
    // A non-empty directory where the file goes: the rename onto it fails. (The round's own
    // write may land between the two steps: then again.)
    loop {
        let _ = std::fs::remove_file(&file);
        if std::fs::create_dir_all(file.join("in-the-way")).is_ok() {
            break;
        }
    }
    round(3);
    std::fs::remove_dir_all(&file).unwrap();
    for _ in lines.by_ref() {}
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("cannot write the metrics file").count(),
        1,
        "{stderr}"
    );
    assert_eq!(stderr.matches("is written again").count(), 1, "{stderr}");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("gwtrace_rounds_total 5"));
}

//! `gwtrace watch` in a pipeline: each device's line printed as soon as its trace ends (a
//! slow device holds no other back; Ctrl-C keeps what was printed), and a watch whose reader
//! went away (`| head -1`) ends instead of spending the API budget for ever.

use std::time::{Duration, Instant};

use crate::sim::SimProcess;
use crate::support::*;

/// A `gwtrace watch` child with stdout piped, against `url`; killed if a test gives up on it.
struct Watching {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Watching {
    fn spawn(env: &Env, url: &str, args: &[&str], read: bool) -> Watching {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"));
        cmd.env_clear()
            .env("HOME", env.home.path())
            .env("XDG_CONFIG_HOME", env.home.path().join(".config"))
            .env("XDG_DATA_HOME", env.home.path().join(".local/share"))
            .env("GWTRACE_BASE_URL", url)
            .env("GWTRACE_TOKEN", "tok")
            .arg("watch")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().unwrap();
        let (send, lines) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        if read {
            std::thread::spawn(move || {
                for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
                    let Ok(line) = line else { break };
                    if send.send(line).is_err() {
                        break;
                    }
                }
            });
        } else {
            // Like `| head -1`: one line read, then the pipe closed.
            std::thread::spawn(move || {
                let mut reader = std::io::BufReader::new(stdout);
                let mut line = String::new();
                let _ = std::io::BufRead::read_line(&mut reader, &mut line);
                let _ = send.send(line);
            });
        }
        Watching { child, lines }
    }

    /// The next line, waiting at most `within`.
    fn line(&self, within: Duration) -> Option<String> {
        self.lines.recv_timeout(within).ok()
    }

    /// The exit code, waiting at most `within` (`None` when it is still running).
    fn exit(&mut self, within: Duration) -> Option<Option<i32>> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.code());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_watch_ends_when_its_reader_goes_away() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let args = [
        "CN1",
        "8.8.8.8",
        "--every",
        "2s",
        "--interval",
        "1s",
        "--json",
    ];
    let mut watching = Watching::spawn(&env, &sim.url, &args, false);
    let first = watching.line(Duration::from_secs(30)).unwrap();
    assert!(first.contains("\"event\":\"result\""), "{first}");
    // `head -1` has exited: the watch ends (it used to run for ever, spending API budget).
    assert_eq!(watching.exit(Duration::from_secs(30)), Some(Some(0)));
}

#[tokio::test(flavor = "multi_thread")]
async fn each_device_is_printed_when_its_trace_ends_and_ctrl_c_keeps_it() {
    use wiremock::matchers::{method, path_regex};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    // FAST's task completes at once; SLOW's runs for ever.
    let server = MockServer::start().await;
    let start = r"^/network-troubleshooting/v1/gateways/([A-Z0-9]+)/traceroute$";
    for serial in ["FAST1", "SLOW1"] {
        let location = format!(
            "/network-troubleshooting/v1/gateways/{serial}/traceroute/async-operations/t-{serial}"
        );
        Mock::given(method("POST"))
            .and(path_regex(start.replace("([A-Z0-9]+)", serial)))
            .respond_with(json(
                202,
                &serde_json::json!({ "location": location }).to_string(),
            ))
            .mount(&server)
            .await;
        let body = if serial == "FAST1" {
            seed()
        } else {
            fixture("running.json")
        };
        Mock::given(method("GET"))
            .and(path_regex(format!("{location}$")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
    }
    let env = Env::new();
    let serials = env.home.path().join("serials.txt");
    std::fs::write(&serials, "SLOW1\nFAST1\n").unwrap();
    let file = serials.to_str().unwrap().to_owned();
    let args = [
        "--serials-file",
        &file,
        "10.0.0.1",
        "--every",
        "1m",
        "--interval",
        "1s",
        "--json",
    ];
    let mut watching = Watching::spawn(&env, &server.uri(), &args, true);
    let line = watching
        .line(Duration::from_secs(30))
        .expect("FAST1's line, before SLOW1 ends");
    assert!(
        line.contains("\"serial\":\"FAST1\"") && line.contains("\"result\""),
        "{line}"
    );
    std::process::Command::new("kill")
        .args(["-INT", &watching.child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(watching.exit(Duration::from_secs(30)), Some(Some(130)));
    assert!(
        watching.line(Duration::from_secs(5)).is_none(),
        "nothing of SLOW1"
    );
}

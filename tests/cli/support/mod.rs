//! Test support: an isolated HOME/XDG environment per test, the binary, the mock API.

#![allow(dead_code)]

pub mod net;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const SERIAL: &str = "CNF7JSS9L1";
pub const TASK: &str = "c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e";
pub const TOKEN: &str = "tok-SECRET-0123456789";

/// A fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn seed() -> String {
    fixture("seed-completed.json")
}

pub fn json_fixture(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// `/network-troubleshooting/v1/gateways/{SERIAL}/traceroute/async-operations/{TASK}`
pub fn status_path() -> String {
    status_path_for("v1", SERIAL, TASK)
}

pub fn status_path_for(version: &str, serial: &str, task: &str) -> String {
    format!(
        "/network-troubleshooting/{version}/gateways/{serial}/traceroute/async-operations/{task}"
    )
}

/// A JSON response with the given status and body text.
pub fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// A mock API answering the status call with `body` (any number of times).
pub async fn api_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(status, body))
        .mount(&server)
        .await;
    server
}

/// A mock API whose status call answers `first` for `times` requests, then the seed once.
pub async fn first_then_seed(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(first)
        .up_to_n_times(times)
        .expect(times)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(200, &seed()))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// A private HOME with XDG dirs inside it; every command runs with a clean environment.
pub struct Env {
    pub home: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join(".config/gwtrace")
    }

    pub fn config_path(&self) -> PathBuf {
        self.config_dir().join("config.toml")
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.home.path().join(".cache/gwtrace")
    }

    /// Writes the default config file with mode 0600.
    pub fn write_config(&self, text: &str) -> PathBuf {
        let path = self.config_path();
        write_private(&path, text);
        path
    }

    /// The binary, with nothing from the outer environment but PATH.
    pub fn cmd(&self) -> Command {
        self.isolated(Command::new(assert_cmd::cargo::cargo_bin!("gwtrace")))
    }

    /// `script -qec SHELL_COMMAND /dev/null`: the command runs on a pseudo-terminal and what
    /// the terminal showed comes out on stdout.
    pub fn script(&self, shell_command: &str) -> Command {
        let mut cmd = self.isolated(Command::new("script"));
        cmd.env("TERM", "xterm-256color")
            .args(["-qec", shell_command, "/dev/null"]);
        cmd
    }

    fn isolated(&self, mut cmd: Command) -> Command {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("XDG_CACHE_HOME", self.home.path().join(".cache"))
            .env("XDG_DATA_HOME", self.home.path().join(".local/share"))
            .current_dir(self.home.path())
            .timeout(std::time::Duration::from_secs(60));
        cmd
    }

    /// The binary pointed at `server` through the environment, the usual CI setup.
    pub fn cmd_for(&self, server: &MockServer) -> Command {
        let mut cmd = self.cmd();
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        cmd
    }
}

/// Whether `tool` is on PATH. Where it is not, the part of a test that needs it is skipped
/// with a note; under `GWTRACE_REQUIRE_TOOLS` (set by `.ci/run`, which installs them) the test
/// fails instead, so that CI never passes by skipping.
pub fn installed(tool: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("GWTRACE_REQUIRE_TOOLS").is_none(),
            "{tool} is required here (GWTRACE_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("note: no {tool} here; that part of the test is skipped");
    }
    found
}

/// Waits (at most 20 s) until process `pid` catches SIGINT and one of its threads is blocked
/// reading stdin: then a Ctrl-C lands while it waits for input, not before it is ready.
/// Linux: `/proc/PID/status` and `/proc/PID/task/*/syscall` (`0 0x0 …` is `read(0, …)`).
pub fn wait_until_reading_stdin(pid: u32) {
    let catches_sigint = || {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
                u64::from_str_radix(mask.trim(), 16).ok()
            })
            .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
    };
    let reading_stdin = || {
        std::fs::read_dir(format!("/proc/{pid}/task"))
            .map(|tasks| {
                tasks.flatten().any(|task| {
                    std::fs::read_to_string(task.path().join("syscall"))
                        .is_ok_and(|call| call.starts_with("0 0x0 "))
                })
            })
            .unwrap_or(false)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(catches_sigint() && reading_stdin()) {
        assert!(
            std::time::Instant::now() < deadline,
            "process {pid} never waited for stdin"
        );
        std::thread::yield_now();
    }
}

pub fn write_private(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    set_mode(path, 0o600);
}

pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Runs a blocking assert_cmd assertion off the async runtime that serves the mocks.
pub async fn run(mut cmd: Command) -> assert_cmd::assert::Assert {
    tokio::task::spawn_blocking(move || cmd.assert())
        .await
        .unwrap()
}

pub fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

pub fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// A bare TCP server on loopback for faults wiremock cannot make. `serve` gets each
/// connection after its request head was read. The thread stops after `connections`.
pub fn raw_server(
    connections: usize,
    serve: impl Fn(&mut std::net::TcpStream) + Send + 'static,
) -> String {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            serve(&mut stream);
        }
    });
    url
}

/// A loopback URL where nothing listens: connections are refused.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

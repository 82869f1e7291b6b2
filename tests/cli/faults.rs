//! Fault injection: rate limits, server errors, dead and silent servers, oversized and
//! unexpected bodies, redirects, signals and closed pipes.

use std::io::Write;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

async fn status_raw(env: &Env, server: &MockServer, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = env.cmd_for(server);
    cmd.args(["status", SERIAL, TASK, "--raw"]).args(extra);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limited_requests_are_retried_after_retry_after_seconds() {
    let limited =
        json(429, &fixture("error-too-many-requests.json")).insert_header("retry-after", "1");
    let server = first_then_seed(limited, 2).await;
    let started = Instant::now();
    status_raw(&Env::new(), &server, &[])
        .await
        .code(0)
        .stderr("");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "Retry-After was not honoured"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_as_an_http_date_is_honoured() {
    // HTTP dates have whole seconds: three seconds ahead is at least two from now, far
    // beyond the half-second backoff gwtrace would use without the header.
    let at = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3));
    let server =
        first_then_seed(json(503, "{}").insert_header("retry-after", at.as_str()), 1).await;
    let started = Instant::now();
    status_raw(&Env::new(), &server, &[]).await.code(0);
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "the date was not honoured"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_502_503_504_are_retried() {
    for status in [500, 502, 503, 504] {
        let server = first_then_seed(ResponseTemplate::new(status), 1).await;
        status_raw(&Env::new(), &server, &[]).await.code(0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_beyond_the_timeout_gives_up_at_once_with_exit_9() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json(429, &fixture("error-too-many-requests.json")).insert_header("retry-after", "50"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    status_raw(&Env::new(), &server, &["--timeout", "5s"])
        .await
        .code(9)
        .stderr(predicate::str::contains(
            "429 Too Many Requests: HPE_GRAVITY_TOO_MANY_REQUESTS",
        ));
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exhausted_rate_limit_waits_for_the_reset_before_the_next_poll() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json(200, &fixture("running.json"))
                .insert_header("x-ratelimit-limit", "100")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "3"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(200, &seed()))
        .mount(&server)
        .await;
    let started = Instant::now();
    status_raw(&Env::new(), &server, &["--interval", "1s"])
        .await
        .code(0);
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "the reset was not awaited"
    );
}

#[test]
fn a_refused_connection_exits_9_after_a_few_tries() {
    let env = Env::new();
    env.cmd()
        .env("GWTRACE_BASE_URL", refused_url())
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["status", SERIAL, TASK])
        .assert()
        .code(9)
        .stderr(predicate::str::contains("cannot connect to 127.0.0.1:"))
        .stderr(predicate::str::contains("gave up after 4 tries"));
}

#[test]
fn a_server_that_never_answers_exits_9_within_the_request_timeouts() {
    let url = raw_server(8, |stream| {
        let _held = stream.try_clone();
        std::thread::sleep(Duration::from_secs(20));
    });
    let env = Env::new();
    let started = Instant::now();
    env.cmd()
        .env("GWTRACE_BASE_URL", url)
        .env("GWTRACE_TOKEN", TOKEN)
        .args([
            "status",
            SERIAL,
            TASK,
            "--request-timeout",
            "1s",
            "--timeout",
            "3s",
        ])
        .assert()
        .code(9)
        .stderr(predicate::str::contains("no answer from 127.0.0.1:"));
    // --timeout (3s) plus one request timeout (1s), with room for a slow machine.
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_body_over_8_mib_is_refused_while_streaming() {
    let url = raw_server(1, |stream| {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..(16 * 16) {
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            if stream.write_all(&framed).is_err() {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    let env = Env::new();
    env.cmd()
        .env("GWTRACE_BASE_URL", url)
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["status", SERIAL, TASK])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("larger than 8 MiB"));
}

#[test]
fn a_declared_length_over_8_mib_is_refused_before_reading() {
    // The head promises 9 MiB and no body follows: reading it would wait for the request
    // timeout (exit 9); refusing on the declared length answers at once (exit 1).
    let url = raw_server(1, |stream| {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9437184\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        std::thread::sleep(Duration::from_secs(15));
    });
    let env = Env::new();
    env.cmd()
        .env("GWTRACE_BASE_URL", url)
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["status", SERIAL, TASK, "--request-timeout", "10s"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("larger than 8 MiB"));
}

#[tokio::test(flavor = "multi_thread")]
async fn unexpected_answers_say_what_came_back_in_one_line() {
    let page = format!(
        "<html><body><h1>Proxy Error</h1>{}</body></html>",
        "lorem ipsum ".repeat(200)
    );
    let cases: [(u16, &str, &str, i32, &str); 5] = [
        (
            502,
            "text/html",
            &page,
            9,
            "502 Bad Gateway (text/html): <html><body><h1>Proxy Error",
        ),
        (
            200,
            "text/html",
            &page,
            1,
            "expected a task document but got 200 OK (text/html): <html>",
        ),
        (200, "application/json", "", 1, "empty body"),
        (
            200,
            "application/json",
            "{\"status\": ",
            1,
            "expected a task document but got 200 OK",
        ),
        (200, "application/json", "[1, 2]", 1, "unexpected shape"),
    ];
    let env = Env::new();
    for (status, kind, body, code, says) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_raw(body.as_bytes().to_vec(), kind)
                    .insert_header("retry-after", "0"),
            )
            .mount(&server)
            .await;
        let out = status_raw(&env, &server, &[]).await.code(code).stdout("");
        let stderr = stderr_of(&out);
        assert!(stderr.contains(says), "{status} {kind}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.len() < 400, "the whole page was printed: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn server_text_in_errors_cannot_drive_the_terminal() {
    let body = r#"{"errorCode": "HPE_GRAVITY_BAD_REQUEST", "message": "bad\u001b[2J\u001b]0;x\u0007\nline"}"#;
    let server = api_answering(400, body).await;
    let out = status_raw(&Env::new(), &server, &[]).await.code(1);
    let stderr = stderr_of(&out);
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\x07'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("bad\\x1b[2J\\x1b]0;x\\x07\\nline"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn authorization_is_not_forwarded_on_a_redirect_to_another_host() {
    let other = api_answering(200, &seed()).await;
    let first = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}{}", other.uri(), status_path())),
        )
        .mount(&first)
        .await;
    status_raw(&Env::new(), &first, &[]).await;
    let redirected = other.received_requests().await.unwrap();
    assert_eq!(redirected.len(), 1, "the redirect was not followed");
    assert!(
        redirected[0].headers.get("authorization").is_none(),
        "token leaked to another host"
    );
    let original = first.received_requests().await.unwrap();
    assert!(original[0].headers.get("authorization").is_some());
}

/// Runs gwtrace with `args` against `server`, sends `signal` once `polls` requests arrived
/// (so that it lands while waiting), and returns the exit code, stderr and how long the
/// process took to end after the signal.
pub async fn signalled(
    server: &MockServer,
    args: &[&str],
    polls: usize,
    signal: &str,
) -> (Option<i32>, String, Duration) {
    let env = Env::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"))
        .env_clear()
        .env("HOME", env.home.path())
        .env("XDG_CONFIG_HOME", env.home.path())
        .env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", TOKEN)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.received_requests().await.unwrap().len() < polls && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = Instant::now();
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::task::spawn_blocking(move || {
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        (status.code(), stderr, sent.elapsed())
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_while_waiting_exits_130_within_a_second() {
    let server = api_answering(200, &fixture("running.json")).await;
    let args = ["status", SERIAL, TASK, "--interval", "5s"];
    let (code, stderr, took) = signalled(&server, &args, 1, "-INT").await;
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!((code, stderr.as_str()), (Some(130), ""));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_stdout_ends_quietly() {
    let big_raw = "x".repeat(2 * 1024 * 1024);
    let doc = serde_json::json!({"status": "COMPLETED", "rawOutput": big_raw}).to_string();
    let server = api_answering(200, &doc).await;
    let env = Env::new();
    let bin = assert_cmd::cargo::cargo_bin!("gwtrace")
        .display()
        .to_string();
    let mut sh = assert_cmd::Command::new("bash");
    sh.args([
        "-c",
        &format!("'{bin}' status {SERIAL} {TASK} --raw | head -c 10 >/dev/null; echo \"code=${{PIPESTATUS[0]}}\""),
    ]);
    // Without its own handling, the write fails with EPIPE: "Broken pipe" and exit 1.
    sh.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", TOKEN);
    run(sh).await.code(0).stdout("code=0\n").stderr("");
}

#[test]
fn a_body_that_trickles_in_cannot_stretch_the_timeout() {
    let url = raw_server(4, |stream| {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n{";
        let _ = stream.write_all(head.as_bytes());
        for _ in 0..4000 {
            std::thread::sleep(Duration::from_millis(200));
            if stream.write_all(b" ").is_err() {
                return;
            }
        }
    });
    let env = Env::new();
    let started = Instant::now();
    env.cmd()
        .env("GWTRACE_BASE_URL", url)
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["status", SERIAL, TASK, "--timeout", "3s"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains("within the time allowed"));
    // --timeout (3s) and the last poll's second; the request timeout (30s) does not apply.
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "{took:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_past_the_deadline_gives_up_at_once_naming_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(429, "{}").insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let env = Env::new();
    for extra in [&["--timeout", "1m"][..], &["--no-wait"]] {
        let mut cmd = env.cmd_for(&server);
        cmd.args(["status", SERIAL, TASK]).args(extra);
        let started = Instant::now();
        run(cmd).await.code(9).stderr(predicate::str::contains(
            "Central asked to wait 1h (Retry-After)",
        ));
        assert!(started.elapsed() < Duration::from_secs(5), "{extra:?}");
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "one request each"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_wait_pauses_a_few_seconds_at_most_and_long_pauses_are_said_in_ci_logs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(503, "{}").insert_header("Retry-After", "3"))
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--no-wait"]);
    let started = Instant::now();
    run(cmd).await.code(9).stderr(predicate::str::contains(
        "longer than a look without waiting may pause",
    ));
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    // One pause of 6 s: announced on stderr although it is a pipe.
    let server = first_then_seed(json(503, "{}").insert_header("Retry-After", "6"), 1).await;
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "-o", "csv"]);
    run(cmd)
        .await
        .code(0)
        .stderr(predicate::str::contains("trying again in 6.0s"));
}

/// `gwtrace start` against a task that never ends, `signal` sent once it is being waited for.
async fn start_then_signal(signal: &str) -> (Option<i32>, String) {
    let server = api_answering(200, &fixture("running.json")).await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/network-troubleshooting/v1/gateways/{SERIAL}/traceroute"
        )))
        .respond_with(json(
            202,
            &serde_json::json!({ "location": status_path() }).to_string(),
        ))
        .mount(&server)
        .await;
    let args = ["start", SERIAL, "8.8.8.8", "--interval", "5s"];
    let (code, stderr, _) = signalled(&server, &args, 2, signal).await;
    (code, stderr)
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_or_sigterm_after_start_says_how_to_read_the_task_later() {
    let line = format!(
        "gwtrace: task {TASK} keeps running on the device; read it later with: \
         gwtrace status {SERIAL} {TASK}\n"
    );
    assert_eq!(start_then_signal("-INT").await, (Some(130), line.clone()));
    assert_eq!(start_then_signal("-TERM").await, (Some(143), line));
}

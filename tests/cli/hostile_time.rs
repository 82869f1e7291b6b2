//! Times from hostile input: a server's absurd `Retry-After` or `X-RateLimit-Reset`, a reset
//! past the deadline in any spelling, `Retry-After: 0`, and absurd durations on the command
//! line. Each is a clear error with the right exit code, at once, never a crash or a wait
//! out of the whole timeout.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use predicates::prelude::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// `status` against `server` with `--timeout`; at most 30 s of the test's time.
async fn status(server: &MockServer, timeout: &str) -> assert_cmd::assert::Assert {
    let env = Env::new();
    let mut cmd = env.cmd_for(server);
    cmd.args([
        "status",
        SERIAL,
        TASK,
        "--interval",
        "1s",
        "--timeout",
        timeout,
    ])
    .timeout(Duration::from_secs(30));
    run(cmd).await
}

/// A task still running, with the rate-limit headers of an exhausted budget.
fn exhausted(reset: &str) -> ResponseTemplate {
    json(200, &fixture("running.json"))
        .insert_header("x-ratelimit-limit", "100")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", reset)
}

async fn answering(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(first)
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn absurd_waits_from_a_server_are_exit_9_in_words_never_a_crash() {
    let huge = "9223372036854775807";
    let server = answering(
        json(429, &fixture("error-too-many-requests.json")).insert_header("retry-after", huge),
    )
    .await;
    let out = status(&server, "10m").await.code(9);
    let err = stderr_of(&out);
    assert!(
        err.contains("Central asked to wait 292 billion years (Retry-After), more than the"),
        "{err}"
    );
    assert!(!err.contains("internal error"), "{err}");
    for reset in ["18446744073709551615", "9999999999999999999"] {
        let server = answering(exhausted(reset)).await;
        let out = status(&server, "10m").await.code(9);
        let err = stderr_of(&out);
        assert!(
            err.contains("years (X-RateLimit-Reset), more than the"),
            "{err}"
        );
        assert!(!err.contains("internal error"), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_past_the_deadline_fails_at_once_in_any_spelling() {
    let in_50_minutes = SystemTime::now() + Duration::from_secs(3000);
    let epoch = in_50_minutes.duration_since(UNIX_EPOCH).unwrap();
    let rfc3339 = humantime::format_rfc3339_seconds(in_50_minutes)
        .to_string()
        .to_lowercase();
    for reset in [
        "3000".to_owned(),
        epoch.as_secs().to_string(),
        epoch.as_millis().to_string(),
        rfc3339,
        httpdate::fmt_http_date(in_50_minutes),
    ] {
        let server = answering(exhausted(&reset)).await;
        let began = Instant::now();
        let out = status(&server, "10s").await.code(9);
        let err = stderr_of(&out);
        assert!(
            err.contains("Central asked to wait 49m") || err.contains("Central asked to wait 50m"),
            "{reset}: {err}"
        );
        assert!(err.contains("(X-RateLimit-Reset), more than the"), "{err}");
        assert!(!err.contains("waiting"), "it did not wait: {err}");
        // The first answer, then nothing: no second request waited for the reset.
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        assert!(
            began.elapsed() < Duration::from_secs(9),
            "{reset}: it waited"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_zero_still_backs_off() {
    let server = answering(
        json(429, &fixture("error-too-many-requests.json")).insert_header("retry-after", "0"),
    )
    .await;
    let began = Instant::now();
    status(&server, "1m").await.code(9);
    // Four tries: three pauses of at least a quarter, half and one second (with jitter).
    assert!(
        began.elapsed() >= Duration::from_secs(1),
        "{:?}",
        began.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[test]
fn absurd_durations_on_the_command_line_are_exit_2_naming_the_flag_and_the_limit() {
    let env = Env::new();
    for (args, flag, limit) in [
        (
            &["watch", "CN1", "8.8.8.8", "--every", "8000y"][..],
            "--every",
            "365d",
        ),
        (
            &["start", "CN1", "8.8.8.8", "--timeout", "584542046090y"],
            "--timeout",
            "365d",
        ),
        (
            &["status", "CN1", "t", "--interval", "99999999999999999999s"],
            "--interval",
            "365d",
        ),
        (
            &["history", "prune", "--older-than", "200y"],
            "--older-than",
            "100y",
        ),
    ] {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(flag).and(predicate::str::contains(limit)));
    }
}

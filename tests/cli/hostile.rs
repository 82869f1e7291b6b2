//! Hostile files, names and URLs: each gets a clear error and the right exit code, and no
//! secret is sent where it should not go or shown.

use predicates::prelude::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_base_url_with_a_password_is_exit_3_never_sent_never_shown() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let with_password = server.uri().replace("http://", "http://admin:hunter2pw@");
    for args in [&["status", SERIAL, TASK][..], &["auth", "status"]] {
        let mut cmd = env.cmd();
        cmd.env("GWTRACE_BASE_URL", &with_password)
            .env("GWTRACE_TOKEN", TOKEN)
            .args(args);
        let out = run(cmd)
            .await
            .code(3)
            .stderr(predicate::str::contains("user name or password"));
        let shown = format!("{}{}", stdout_of(&out), stderr_of(&out));
        assert!(
            !shown.contains("hunter2pw") && !shown.contains("admin"),
            "{shown}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", "us4.example.com")
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["status", SERIAL, TASK]);
    run(cmd).await.code(3).stderr(predicate::str::contains(
        "'us4.example.com' needs https:// in front, e.g. https://us4.example.com",
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn token_files_are_bounded_and_forgiving() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .and(header("authorization", "Bearer tok-from-file"))
        .respond_with(json(200, &seed()))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    let config = |token_file: &str| {
        format!(
            "[profiles.default]\nbase_url = \"{}\"\ntoken_file = \"{token_file}\"\n",
            server.uri()
        )
    };
    // A byte-order mark and a pasted `Bearer ` prefix are dropped, the prefix with a notice.
    write_private(
        &env.config_dir().join("pasted.token"),
        "\u{feff}Bearer tok-from-file\n",
    );
    env.write_config(&config("pasted.token"));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "-o", "csv"]);
    run(cmd)
        .await
        .code(0)
        .stderr(predicate::str::contains("dropped the 'Bearer ' prefix"));
    // /dev/zero and a large file are refused at once, naming the file.
    for (file, why) in [
        ("/dev/zero", "larger than 64 KiB"),
        ("big.token", "larger than 64 KiB"),
    ] {
        write_private(&env.config_dir().join("big.token"), &"x".repeat(100_000));
        env.write_config(&config(file));
        let mut cmd = env.cmd();
        cmd.args(["status", SERIAL, TASK]);
        run(cmd)
            .await
            .code(3)
            .stderr(predicate::str::contains(why).and(predicate::str::contains(file)));
    }
    std::fs::write(
        env.config_dir().join("binary.token"),
        [0xff, 0xfe, 0x00, 0x41],
    )
    .unwrap();
    env.write_config(&config("binary.token"));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(3)
        .stderr(predicate::str::contains("binary.token is not text"));
}

#[test]
fn profile_names_are_plain_and_config_init_refuses_others() {
    let env = Env::new();
    env.cmd()
        .args(["config", "init", "--profile", "x\n[evil]"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("is not a profile name"));
    assert!(!env.config_path().exists(), "nothing written");
    env.write_config("[profiles.\"a b\"]\ntoken = \"t\"\nbase_url = \"https://example.com\"\n");
    env.cmd()
        .args(["--profile", "a b", "status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("'a b' is not a profile name"));
    env.cmd()
        .args(["--profile", "..", "auth", "status", "--offline"])
        .assert()
        .code(3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fail_reason_of_any_shape_is_shown_and_cut_only_on_a_terminal() {
    let odd =
        serde_json::json!({"status": "FAILED", "failReason": {"code": 7, "steps": ["a", "b"]}});
    let server = api_answering(200, &odd.to_string()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd).await.code(6).stderr(predicate::str::contains(
        r#"the traceroute failed: {"code":7,"steps":["a","b"]}"#,
    ));
    let long = serde_json::json!({"status": "FAILED", "failReason": "x".repeat(3000)});
    let server = api_answering(200, &long.to_string()).await;
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    let out = run(cmd).await.code(6);
    assert!(
        stderr_of(&out).contains(&"x".repeat(3000)),
        "whole in a log"
    );
    let gwtrace = assert_cmd::cargo::cargo_bin!("gwtrace")
        .display()
        .to_string();
    let mut cmd = env.script(&format!("'{gwtrace}' status {SERIAL} {TASK}"));
    cmd.env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", TOKEN);
    let screen = stdout_of(&run(cmd).await.code(6));
    assert!(
        screen.contains('…') && !screen.contains(&"x".repeat(500)),
        "{screen}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn right_to_left_overrides_in_names_cannot_spoof_the_table() {
    let spoof = serde_json::json!({"status": "COMPLETED", "output": {"hops": [{"hop": "1", "probes": [
        {"ipAddress": "192.0.2.1", "reverseDnsResolution": "evil\u{202e}moc.knab\u{200b}",
         "responseTimeMilliseconds": "1 ms"}]}]}});
    let server = api_answering(200, &spoof.to_string()).await;
    let env = Env::new();
    let gwtrace = assert_cmd::cargo::cargo_bin!("gwtrace")
        .display()
        .to_string();
    for format in ["table", "csv", "json"] {
        let mut cmd = env.script(&format!(
            "NO_COLOR=1 '{gwtrace}' status {SERIAL} {TASK} -o {format}"
        ));
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        let screen = stdout_of(&run(cmd).await.code(0));
        assert!(
            !screen.contains('\u{202e}') && !screen.contains('\u{200b}'),
            "{format}: {screen}"
        );
        assert!(screen.contains("202e"), "{format}: {screen}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_of_a_task_without_raw_output_says_so_on_stderr() {
    let server = api_answering(200, r#"{"status": "COMPLETED", "output": {"hops": []}}"#).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd)
        .await
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("holds no raw output"));
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(0)
        .stdout("no hops: the task completed without hop data or raw output\n");
}

//! Profiles, the precedence flag > environment > profile > default, and config errors.

use predicates::prelude::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

/// A mock API that answers only requests carrying `token`.
async fn api_for_token(token: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(json(200, &seed()))
        .mount(&server)
        .await;
    server
}

fn profile(name: &str, url: &str, token: &str) -> String {
    format!("[profiles.{name}]\nbase_url = \"{url}\"\ntoken = \"{token}\"\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_in_the_default_config_file_is_enough() {
    let server = api_for_token("file-token").await;
    let env = Env::new();
    env.write_config(&profile("default", &server.uri(), "file-token"));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0).stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn profile_flag_beats_env_beats_default_profile_beats_default() {
    let servers = [
        api_for_token("t-flag").await,
        api_for_token("t-env").await,
        api_for_token("t-file-default").await,
        api_for_token("t-default").await,
    ];
    let env = Env::new();
    let config = [
        "default_profile = \"fromfile\"\n".to_owned(),
        profile("flagged", &servers[0].uri(), "t-flag"),
        profile("envved", &servers[1].uri(), "t-env"),
        profile("fromfile", &servers[2].uri(), "t-file-default"),
        profile("default", &servers[3].uri(), "t-default"),
    ]
    .join("\n");
    env.write_config(&config);
    let ask = |flag: Option<&str>, env_profile: Option<&str>| {
        let mut cmd = env.cmd();
        if let Some(p) = env_profile {
            cmd.env("GWTRACE_PROFILE", p);
        }
        if let Some(p) = flag {
            cmd.args(["--profile", p]);
        }
        cmd.args(["status", SERIAL, TASK, "--raw"]);
        cmd
    };
    run(ask(Some("flagged"), Some("envved"))).await.code(0);
    run(ask(None, Some("envved"))).await.code(0);
    run(ask(None, None)).await.code(0);
    for (i, server) in servers.iter().enumerate().take(3) {
        let n = server.received_requests().await.unwrap().len();
        assert_eq!(n, 1, "server {i} got {n} requests");
    }
    assert!(servers[3].received_requests().await.unwrap().is_empty());

    let plain = Env::new();
    plain.write_config(&profile("default", &servers[3].uri(), "t-default"));
    let mut cmd = plain.cmd();
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0);
    assert_eq!(servers[3].received_requests().await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn base_url_flag_beats_env_beats_profile() {
    let flag = api_for_token("t").await;
    let from_env = api_for_token("t").await;
    let from_file = api_for_token("t").await;
    let env = Env::new();
    env.write_config(&profile("default", &from_file.uri(), "t"));
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", from_env.uri());
    cmd.args(["--base-url", &flag.uri(), "status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0);
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", from_env.uri());
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0);
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0);
    for server in [&flag, &from_env, &from_file] {
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn token_env_beats_the_profile_token_and_silences_the_permission_warning() {
    let server = api_for_token("env-token").await;
    let env = Env::new();
    let path = env.write_config(&profile("default", &server.uri(), "file-token"));
    set_mode(&path, 0o644);
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_TOKEN", "env-token");
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0).stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn config_flag_beats_the_config_env_variable() {
    let server = api_for_token("t").await;
    let env = Env::new();
    let good = env.home.path().join("good.toml");
    write_private(&good, &profile("default", &server.uri(), "t"));
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_CONFIG", env.home.path().join("missing.toml"));
    cmd.args([
        "--config",
        good.to_str().unwrap(),
        "status",
        SERIAL,
        TASK,
        "--raw",
    ]);
    run(cmd).await.code(0);
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_CONFIG", &good);
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0);
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_CONFIG", env.home.path().join("missing.toml"));
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(3)
        .stderr(predicate::str::contains("missing.toml does not exist"));
}

#[tokio::test(flavor = "multi_thread")]
async fn timeout_flag_beats_the_profile_timeout() {
    let server = api_answering(200, &fixture("running.json")).await;
    let env = Env::new();
    env.write_config(&format!(
        "{}timeout = \"1h\"\ninterval = \"1s\"\n",
        profile("default", &server.uri(), "t")
    ));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "--timeout", "1s"]);
    run(cmd)
        .await
        .code(7)
        .stderr(predicate::str::contains("after 1s"));

    env.write_config(&format!(
        "{}timeout = \"2s\"\ninterval = \"1s\"\n",
        profile("default", &server.uri(), "t")
    ));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK]);
    run(cmd)
        .await
        .code(7)
        .stderr(predicate::str::contains("after 2s"));
}

#[test]
fn no_config_file_says_where_it_looked_and_how_to_fix_it() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stdout("");
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(&env.config_path().display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("GWTRACE_BASE_URL") && stderr.contains("gwtrace config init"));
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn an_unknown_profile_lists_the_ones_that_exist() {
    let env = Env::new();
    env.write_config(
        &[
            profile("prod", "https://a.example", "t"),
            profile("lab", "https://b.example", "t"),
        ]
        .join("\n"),
    );
    env.cmd()
        .args(["--profile", "staging", "status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no profile 'staging'"))
        .stderr(predicate::str::contains("profiles there: lab, prod"));
}

#[test]
fn a_profile_without_a_token_is_a_config_error() {
    let env = Env::new();
    env.write_config(
        "[profiles.default]\nbase_url = \"https://us4.api.central.arubanetworks.com\"\n",
    );
    env.cmd()
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no token for profile 'default'"))
        .stderr(predicate::str::contains("GWTRACE_TOKEN"));
}

#[test]
fn a_bad_base_url_is_a_config_error() {
    let env = Env::new();
    for url in ["http://central.example.com", "ftp://x", "not a url"] {
        env.cmd()
            .env("GWTRACE_TOKEN", TOKEN)
            .env("GWTRACE_BASE_URL", url)
            .args(["status", SERIAL, TASK])
            .assert()
            .code(3)
            .stderr(predicate::str::contains("bad base URL"));
    }
}

#[test]
fn malformed_toml_and_unknown_keys_are_config_errors_with_the_line() {
    let env = Env::new();
    env.write_config(
        "[profiles.default]\nbase_url = \"https://x.example\"\ntoken = \"t\"\ncolour = \"red\"\n",
    );
    env.cmd()
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("line 4"))
        .stderr(predicate::str::contains("unknown field `colour`"));
    env.write_config("[profiles.default\n");
    env.cmd()
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("config.toml, line 1"));
}

#[test]
fn an_interval_below_one_second_is_exit_2_as_a_flag_and_3_in_the_file() {
    let env = Env::new();
    env.cmd()
        .args(["status", SERIAL, TASK, "--interval", "500ms"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("minimum interval of 1s"));
    env.write_config("[profiles.default]\nbase_url = \"https://x.example\"\ntoken = \"t\"\ninterval = \"0.5s\"\n");
    env.cmd()
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("line 4"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_readable_config_file_holding_a_token_gets_one_warning_unless_quiet() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let path = env.write_config(&profile("default", &server.uri(), "t"));
    set_mode(&path, 0o644);
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    let out = run(cmd).await.code(0);
    let stderr = stderr_of(&out);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains(&format!("chmod 600 {}", path.display()))
    );
    let mut cmd = env.cmd();
    cmd.args(["-q", "status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0).stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn token_file_is_read_relative_to_the_config_file() {
    let server = api_for_token("from-file").await;
    let env = Env::new();
    write_private(
        &env.config_dir().join("lab.token"),
        "from-file\nignored second line\n",
    );
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\ntoken_file = \"lab.token\"\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await.code(0).stderr("");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_readable_token_file_gets_a_warning_naming_it() {
    let server = api_for_token("from-file").await;
    let env = Env::new();
    let token_file = env.config_dir().join("lab.token");
    write_private(&token_file, "from-file\n");
    set_mode(&token_file, 0o640);
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\ntoken_file = \"lab.token\"\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    let out = run(cmd).await.code(0);
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(&format!("chmod 600 {}", token_file.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("from-file"));
}

//! Client credentials (minting, caching, renewal), `auth status`, clusters and `config`.

use std::time::SystemTime;

use predicates::prelude::*;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const CLIENT_ID: &str = "client-abc";
const CLIENT_SECRET: &str = "s3cret-CLIENT-value";
const TOKEN_PATH: &str = "/as/token.oauth2";

fn minted(token: &str) -> ResponseTemplate {
    json(
        200,
        &format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":7199}}"#),
    )
}

/// A mock that is both the token endpoint (minting `minted-1`) and the API (accepting it).
async fn central_with_sso(mints: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains(format!("client_id={CLIENT_ID}")))
        .and(body_string_contains(format!(
            "client_secret={CLIENT_SECRET}"
        )))
        .respond_with(minted("minted-1"))
        .expect(mints)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .and(header("authorization", "Bearer minted-1"))
        .respond_with(json(200, &seed()))
        .mount(&server)
        .await;
    server
}

fn client_profile(server: &MockServer) -> String {
    format!(
        "[profiles.default]\nbase_url = \"{0}\"\ntoken_url = \"{0}{TOKEN_PATH}\"\nclient_id = \"{CLIENT_ID}\"\nclient_secret = \"{CLIENT_SECRET}\"\n",
        server.uri()
    )
}

fn cache_file(env: &Env) -> std::path::PathBuf {
    env.cache_dir().join("tokens/default.json")
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn write_cache(env: &Env, server: &MockServer, token: &str, expires_in: u64) {
    let expires_at = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + expires_in;
    let entry = serde_json::json!({
        "client_id": CLIENT_ID,
        "token_url": format!("{}{TOKEN_PATH}", server.uri()),
        "access_token": token,
        "expires_at": expires_at,
    });
    write_private(&cache_file(env), &entry.to_string());
}

async fn status_raw(env: &Env) -> assert_cmd::assert::Assert {
    let mut cmd = env.cmd();
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn client_credentials_mint_one_token_for_two_runs_and_cache_it_privately() {
    let server = central_with_sso(1).await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    for _ in 0..2 {
        let out = status_raw(&env).await.code(0).stderr("");
        assert!(!stdout_of(&out).contains(CLIENT_SECRET));
    }
    let cache = cache_file(&env);
    assert_eq!(mode(&cache), 0o600);
    assert_eq!(mode(cache.parent().unwrap()), 0o700);
    assert!(!std::fs::read_to_string(&cache)
        .unwrap()
        .contains(CLIENT_SECRET));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cached_token_near_expiry_is_replaced() {
    let server = central_with_sso(1).await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    write_cache(&env, &server, "old-token", 60);
    status_raw(&env).await.code(0);
    assert!(std::fs::read_to_string(cache_file(&env))
        .unwrap()
        .contains("minted-1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_401_renews_the_token_once_and_retries() {
    let server = central_with_sso(1).await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(json(401, &fixture("error-unauthorized.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    write_cache(&env, &server, "revoked", 3600);
    status_raw(&env).await.code(0).stderr("");
    // The renewed token replaced the cached one: the next run mints nothing.
    status_raw(&env).await.code(0);
    assert!(std::fs::read_to_string(cache_file(&env))
        .unwrap()
        .contains("minted-1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn rejected_credentials_exit_4_with_the_endpoint_error_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(json(
            401,
            r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    let out = status_raw(&env)
        .await
        .code(4)
        .stderr(predicate::str::contains(
            "invalid_client: Client authentication failed",
        ));
    assert!(!stderr_of(&out).contains(CLIENT_SECRET));
    assert!(!cache_file(&env).exists());
}

#[test]
fn an_unreachable_token_endpoint_is_exit_9() {
    let env = Env::new();
    let dead = refused_url();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{dead}\"\ntoken_url = \"{dead}/token\"\nclient_id = \"{CLIENT_ID}\"\nclient_secret = \"{CLIENT_SECRET}\"\n"
    ));
    env.cmd()
        .args(["status", SERIAL, TASK])
        .assert()
        .code(9)
        .stderr(predicate::str::contains("cannot get a token"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_secret_file_is_read_and_warned_about_when_readable() {
    let server = central_with_sso(1).await;
    let env = Env::new();
    let secret = env.config_dir().join("prod.secret");
    write_private(&secret, &format!("{CLIENT_SECRET}\n"));
    set_mode(&secret, 0o644);
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{0}\"\ntoken_url = \"{0}{TOKEN_PATH}\"\nclient_id = \"{CLIENT_ID}\"\nclient_secret_file = \"prod.secret\"\n",
        server.uri()
    ));
    let out = status_raw(&env).await.code(0);
    assert!(stderr_of(&out).contains(&format!("chmod 600 {}", secret.display())));
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_checks_an_environment_token_without_showing_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json(404, &fixture("error-task-not-found.json")))
        .expect(1)
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["auth", "status"]);
    let out = run(cmd).await.code(0).stderr("");
    let text = stdout_of(&out);
    assert!(text.contains("token source  GWTRACE_TOKEN"), "{text}");
    assert!(text.contains("token         tok-…"), "{text}");
    assert!(
        text.contains(
            "check         accepted (Central answered 404 Not Found HPE_GRAVITY_TASK_NOT_FOUND)"
        ),
        "{text}"
    );
    assert!(text.contains("API version   v1 (auto)"), "{text}");
    assert!(
        text.contains("config file   none (environment only)"),
        "{text}"
    );
    assert!(!text.contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_exits_4_when_the_token_is_rejected_and_9_when_unreachable() {
    let server = api_answering(401, &fixture("error-unauthorized.json")).await;
    Mock::given(method("GET"))
        .respond_with(json(401, &fixture("error-unauthorized.json")))
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["auth", "status"]);
    run(cmd)
        .await
        .code(4)
        .stdout(predicate::str::contains("rejected"));
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", refused_url())
        .env("GWTRACE_TOKEN", TOKEN);
    cmd.args(["auth", "status"]);
    run(cmd)
        .await
        .code(9)
        .stdout(predicate::str::contains(
            "check         unreachable (cannot connect to 127.0.0.1:",
        ))
        .stderr(predicate::str::contains("cannot connect"));
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_offline_sends_nothing_and_reads_jwt_expiry() {
    use base64::Engine as _;
    let server = MockServer::start().await;
    let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"exp":1900000000}"#);
    let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{claims}.c2ln");
    let env = Env::new();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\ntoken = \"{jwt}\"\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args(["auth", "status", "--offline", "--json"]);
    let out = run(cmd).await.code(0);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["token_source"], "profile");
    assert_eq!(report["token"], "eyJh…");
    assert_eq!(report["expires_at"], "2030-03-17T17:46:40Z");
    assert_eq!(report["check"], "skipped");
    assert_eq!(
        report["config_file"],
        env.config_path().display().to_string()
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_status_reports_token_file_and_client_credential_sources() {
    let server = central_with_sso(1).await;
    Mock::given(method("GET"))
        .respond_with(json(404, &fixture("error-task-not-found.json")))
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    // Offline with nothing cached: shows the source, mints nothing.
    let mut cmd = env.cmd();
    cmd.args(["auth", "status", "--offline"]);
    let out = run(cmd).await.code(0);
    assert!(stdout_of(&out).contains(&format!("client credentials (client_id {CLIENT_ID})")));
    assert!(stdout_of(&out).contains("none cached yet"));
    // Online: mints once; then the cached token is reused.
    let mut cmd = env.cmd();
    cmd.args(["auth", "status"]);
    assert!(stdout_of(&run(cmd).await.code(0)).contains("token cache   minted now"));
    let mut cmd = env.cmd();
    cmd.args(["auth", "status"]);
    assert!(stdout_of(&run(cmd).await.code(0)).contains("token cache   cached"));

    let files = Env::new();
    write_private(&files.config_dir().join("t.token"), "file-token-value\n");
    files.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\ntoken_file = \"t.token\"\n",
        server.uri()
    ));
    let mut cmd = files.cmd();
    cmd.args(["auth", "status", "--offline"]);
    let out = run(cmd).await.code(0);
    assert!(
        stdout_of(&out).contains("token source  token_file "),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn auth_status_offline_without_a_token_source_is_exit_3() {
    let env = Env::new();
    env.write_config("[profiles.default]\ncluster = \"us4\"\n");
    env.cmd()
        .args(["auth", "status", "--offline"])
        .assert()
        .code(3);
}

#[test]
fn clusters_map_to_api_gateways_and_conflict_with_base_url() {
    let env = Env::new();
    for (cluster, url) in [
        ("us4", "https://us4.api.central.arubanetworks.com/"),
        ("cn1", "https://cn1.api.central.arubanetworks.com.cn/"),
    ] {
        env.write_config(&format!(
            "[profiles.default]\ncluster = \"{cluster}\"\ntoken = \"abcdefgh\"\n"
        ));
        env.cmd()
            .args(["auth", "status", "--offline"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(format!("base URL      {url}")));
    }
    env.write_config(
        "[profiles.default]\ncluster = \"us4\"\nbase_url = \"https://x.example\"\ntoken = \"t\"\n",
    );
    env.cmd()
        .args(["auth", "status", "--offline"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("both base_url and cluster"));
    env.write_config("[profiles.default]\ncluster = \"mars1\"\ntoken = \"t\"\n");
    env.cmd()
        .args(["auth", "status", "--offline"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("unknown cluster 'mars1'"));
}

#[test]
fn config_path_prints_the_file_in_use() {
    let env = Env::new();
    env.cmd()
        .args(["config", "path"])
        .assert()
        .code(0)
        .stdout(format!("{}\n", env.config_path().display()));
    env.cmd()
        .args(["--config", "/tmp/other.toml", "config", "path"])
        .assert()
        .code(0)
        .stdout("/tmp/other.toml\n");
}

#[test]
fn config_init_writes_a_private_template_and_never_overwrites() {
    let env = Env::new();
    env.cmd()
        .args(["config", "init", "--profile", "lab"])
        .assert()
        .code(0);
    let path = env.config_path();
    assert_eq!(mode(&path), 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("default_profile = \"lab\"") && text.contains("[profiles.lab]"));
    std::fs::write(&path, "# mine\n").unwrap();
    env.cmd()
        .args(["config", "init"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_client_id_and_secret_start_two_traceroutes_with_one_token() {
    let server = central_with_sso(1).await;
    let location =
        format!("/network-troubleshooting/v1/gateways/{SERIAL}/traceroute/async-operations/{TASK}");
    Mock::given(method("POST"))
        .and(path(format!(
            "/network-troubleshooting/v1/gateways/{SERIAL}/traceroute"
        )))
        .and(header("authorization", "Bearer minted-1"))
        .respond_with(json(
            202,
            &serde_json::json!({"location": location}).to_string(),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    for _ in 0..2 {
        let mut cmd = env.cmd();
        cmd.args(["start", SERIAL, "8.8.8.8"]);
        run(cmd)
            .await
            .code(0)
            .stdout(predicate::str::contains("10.186.172.153"))
            .stderr("");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn similar_profile_names_keep_separate_token_caches() {
    let server = central_with_sso(2).await;
    let env = Env::new();
    let profile = |name: &str| {
        format!(
            "[profiles.\"{name}\"]\nbase_url = \"{0}\"\ntoken_url = \"{0}{TOKEN_PATH}\"\n\
             client_id = \"{CLIENT_ID}\"\nclient_secret = \"{CLIENT_SECRET}\"\n",
            server.uri()
        )
    };
    env.write_config(&format!("{}{}", profile("eu.prod"), profile("eu_prod")));
    for name in ["eu.prod", "eu_prod", "eu.prod", "eu_prod"] {
        let mut cmd = env.cmd();
        cmd.args(["--profile", name, "status", SERIAL, TASK, "--raw"]);
        run(cmd).await.code(0);
    }
    assert!(env.cache_dir().join("tokens/eu.prod.json").exists());
    assert!(env.cache_dir().join("tokens/eu_prod.json").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unusable_cached_token_is_replaced_not_fatal() {
    let server = central_with_sso(1).await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    write_cache(&env, &server, "broken\ntoken", 7200);
    status_raw(&env).await.code(0);
    let cached = std::fs::read_to_string(cache_file(&env)).unwrap();
    assert!(cached.contains("minted-1"), "{cached}");
}

#[tokio::test(flavor = "multi_thread")]
async fn twenty_parallel_cold_runs_mint_one_token() {
    let server = central_with_sso(1).await;
    let env = Env::new();
    env.write_config(&client_profile(&server));
    let runs: Vec<_> = (0..20)
        .map(|_| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("gwtrace"));
            cmd.env_clear()
                .env("HOME", env.home.path())
                .env("XDG_CONFIG_HOME", env.home.path().join(".config"))
                .env("XDG_CACHE_HOME", env.home.path().join(".cache"))
                .args(["status", SERIAL, TASK, "--raw"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            cmd.spawn().unwrap()
        })
        .collect();
    let codes = tokio::task::spawn_blocking(move || {
        runs.into_iter()
            .map(|mut child| child.wait().unwrap().code())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    assert!(codes.iter().all(|c| *c == Some(0)), "{codes:?}");
    server.verify().await;
}

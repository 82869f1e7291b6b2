//! Corporate networks: a real CONNECT proxy and a real TLS server whose certificate a private
//! CA signed (made at test time), `ca_file`, and certificate failures that are exit 3 after
//! exactly one attempt.

use std::sync::atomic::Ordering;

use predicates::prelude::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::support::net::{proxy, self_signed, tls_server, TestCa};
use crate::support::*;

/// `gwtrace status` against `https://localhost:PORT`, with nothing but the token set.
fn status_over_tls(env: &Env, port: u16) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", format!("https://localhost:{port}"))
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["status", SERIAL, TASK, "--request-timeout", "5s"]);
    cmd
}

fn write_ca(env: &Env, ca: &TestCa) -> std::path::PathBuf {
    let file = env.home.path().join("inspection-ca.pem");
    std::fs::write(&file, &ca.pem).unwrap();
    file
}

#[test]
fn through_a_connect_proxy_a_private_ca_is_trusted_with_ca_file() {
    let ca = TestCa::new();
    let (port, _) = tls_server(ca.server(&["localhost"], false), seed());
    let (proxy_url, seen) = proxy();
    let env = Env::new();
    let file = write_ca(&env, &ca);
    let proxy_host = proxy_url.trim_start_matches("http://").to_owned();

    let out = status_over_tls(&env, port)
        .env("HTTPS_PROXY", &proxy_url)
        .env("GWTRACE_CA_FILE", &file)
        .arg("-v")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("traceroute to blrubshared"));
    let log = stderr_of(&out);
    assert!(log.contains(&format!("via proxy {proxy_host}")), "{log}");
    let lines: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.line.clone())
        .collect();
    assert_eq!(lines, [format!("CONNECT localhost:{port} HTTP/1.1")]);

    // The same through the profile key, relative to the config file, and lowercase variable.
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.config_dir().join("ca.pem"), &ca.pem).unwrap();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"https://localhost:{port}\"\ntoken = \"{TOKEN}\"\nca_file = \"ca.pem\"\n"
    ));
    env.cmd()
        .env("https_proxy", &proxy_url)
        .args(["status", SERIAL, TASK])
        .assert()
        .code(0);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn without_ca_file_an_untrusted_certificate_is_exit_3_after_one_attempt() {
    let ca = TestCa::new();
    let (port, accepted) = tls_server(ca.server(&["localhost"], false), seed());
    let (proxy_url, seen) = proxy();
    let env = Env::new();
    let out = status_over_tls(&env, port)
        .env("HTTPS_PROXY", &proxy_url)
        .assert()
        .code(3)
        .stdout("");
    let stderr = stderr_of(&out);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot trust the certificate of localhost:{port}: it is not signed by a trusted authority"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("ca_file") && stderr.contains("GWTRACE_CA_FILE"),
        "{stderr}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "one attempt, no retry");
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn each_certificate_failure_says_why_in_words() {
    let ca = TestCa::new();
    // Each with the fix that fits it: ca_file only for an unknown signer.
    let cases = [
        (
            self_signed(&["localhost"]),
            false,
            "it is self-signed",
            "ca_file",
        ),
        (
            ca.server(&["localhost"], true),
            true,
            "it has expired",
            "check this machine's clock",
        ),
        (
            ca.server(&["other.example"], false),
            true,
            "it was issued for another host name (it covers other.example)",
            "check that base_url (or cluster) names the host",
        ),
    ];
    for (identity, with_ca, words, fix) in cases {
        let (port, accepted) = tls_server(identity, seed());
        let env = Env::new();
        let mut cmd = status_over_tls(&env, port);
        if with_ca {
            cmd.env("GWTRACE_CA_FILE", write_ca(&env, &ca));
        }
        cmd.assert()
            .code(3)
            .stderr(predicate::str::contains(words).and(predicate::str::contains(fix)));
        assert_eq!(accepted.load(Ordering::SeqCst), 1, "{words}: one attempt");
    }
}

#[test]
fn a_ca_file_that_cannot_be_used_is_exit_3_naming_it() {
    let env = Env::new();
    let status_with = |ca_file: &std::path::Path| {
        let mut cmd = status_over_tls(&env, 9);
        cmd.env("GWTRACE_CA_FILE", ca_file);
        cmd
    };
    let missing = env.home.path().join("missing-ca.pem");
    status_with(&missing)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(missing.display().to_string()));

    let text = env.home.path().join("notes.txt");
    std::fs::write(&text, "this is not a certificate\n").unwrap();
    status_with(&text)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(format!(
            "ca_file {}: holds no PEM certificate",
            text.display()
        )));
}

async fn plain_api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(200, &seed()))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn http_all_and_no_proxy_variables_are_honoured_in_either_case() {
    let server = plain_api().await;
    for variable in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        let (proxy_url, seen) = proxy();
        let env = Env::new();
        let mut cmd = env.cmd_for(&server);
        cmd.env(variable, &proxy_url).args(["status", SERIAL, TASK]);
        run(cmd).await.code(0);
        let lines: Vec<String> = seen
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.line.clone())
            .collect();
        assert_eq!(
            lines,
            [format!("GET {}{} HTTP/1.1", server.uri(), status_path())],
            "{variable}"
        );
    }
    for no_proxy in ["NO_PROXY", "no_proxy"] {
        let (proxy_url, seen) = proxy();
        let env = Env::new();
        let mut cmd = env.cmd_for(&server);
        cmd.env("HTTP_PROXY", &proxy_url)
            .env(no_proxy, "127.0.0.1")
            .args(["status", SERIAL, TASK, "-v"]);
        let out = run(cmd).await.code(0);
        assert!(
            seen.lock().unwrap().is_empty(),
            "{no_proxy}: went through the proxy"
        );
        assert!(!stderr_of(&out).contains("via proxy"), "{no_proxy}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn proxy_credentials_are_sent_to_the_proxy_and_never_shown() {
    let server = plain_api().await;
    let (proxy_url, seen) = proxy();
    let with_credentials = proxy_url.replace("http://", "http://alice:s3cret-pw@");
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.env("HTTP_PROXY", &with_credentials)
        .args(["status", SERIAL, TASK, "-v"]);
    let out = run(cmd).await.code(0);
    let stderr = stderr_of(&out);
    let host = proxy_url.trim_start_matches("http://");
    assert!(stderr.contains(&format!("via proxy {host}")), "{stderr}");
    assert!(
        !stderr.contains("s3cret") && !stderr.contains("alice"),
        "{stderr}"
    );
    assert!(!stdout_of(&out).contains("s3cret"));
    assert!(
        seen.lock().unwrap()[0].authorized,
        "Proxy-Authorization was sent"
    );
}

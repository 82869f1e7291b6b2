//! Proxy variables as curl reads them: `NO_PROXY=*` bypasses every host, a malformed proxy
//! variable is exit 3 naming it, and a proxy that refuses is named as the proxy.

use predicates::prelude::*;

use crate::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn no_proxy_star_bypasses_every_proxy() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let dead = refused_url();
    let mut cmd = env.cmd_for(&server);
    cmd.env("HTTP_PROXY", &dead)
        .env("https_proxy", &dead)
        .env("NO_PROXY", "*")
        .args(["-v", "status", SERIAL, TASK, "--raw"]);
    let out = run(cmd).await.code(0);
    assert!(
        !stderr_of(&out).contains("via proxy"),
        "{}",
        stderr_of(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_that_refuses_is_named_as_the_proxy() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let dead = refused_url();
    let proxy = dead.trim_start_matches("http://").to_owned();
    let mut cmd = env.cmd_for(&server);
    cmd.env("HTTP_PROXY", &dead)
        .args(["status", SERIAL, TASK, "--timeout", "5s"]);
    run(cmd)
        .await
        .code(9)
        .stderr(predicate::str::contains(format!(
            "cannot connect to proxy {proxy}: "
        )));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_proxy_variable_is_exit_3_naming_it_before_any_request() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    // Each of these the HTTP client would drop, and connect directly around the proxy.
    for (name, value) in [
        ("HTTPS_PROXY", "http://[bad"),
        ("all_proxy", "socks5://p:1080"),
        ("HTTP_PROXY", "http://127.0.0.1:1 "),
        ("HTTP_PROXY", "http://us er:s3cret-pw@127.0.0.1:1"),
        ("https_proxy", "http://127.0.0.1:1/ path"),
    ] {
        let mut cmd = env.cmd_for(&server);
        cmd.env(name, value).args(["status", SERIAL, TASK]);
        let out = run(cmd)
            .await
            .code(3)
            .stderr(predicate::str::contains(format!(
                "gwtrace: error: {name} is not a proxy URL"
            )));
        assert!(!stderr_of(&out).contains("s3cret"), "{}", stderr_of(&out));
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_that_cannot_reach_central_is_named_with_what_it_could_not_reach() {
    let (proxy, _seen) = crate::support::net::proxy();
    let port = refused_url().rsplit(':').next().unwrap().to_owned();
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_BASE_URL", format!("https://localhost:{port}"))
        .env("GWTRACE_TOKEN", TOKEN)
        .env("HTTPS_PROXY", &proxy)
        .args(["status", SERIAL, TASK, "--timeout", "5s"]);
    let shown = proxy.trim_start_matches("http://").to_owned();
    run(cmd)
        .await
        .code(9)
        .stderr(predicate::str::contains(format!(
            "the proxy {shown} could not open a connection to localhost:{port}"
        )));
}

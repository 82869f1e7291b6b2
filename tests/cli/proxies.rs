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

/// A fake proxy on loopback: it reads the request head, then `answer`s (or, with `None`,
/// keeps the connection open and says nothing). Returns its `host:port` and a count of
/// the connections it accepted.
fn fake_proxy(
    answer: Option<&'static str>,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming().take(20) {
            let Ok(mut stream) = stream else { return };
            seen.fetch_add(1, Ordering::SeqCst);
            if let Some(answer) = answer {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let _ = stream.write_all(answer.as_bytes());
            }
            open.push(stream);
        }
    });
    (address, count)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_that_wants_credentials_is_exit_4_at_once() {
    let answer = "HTTP/1.1 407 Proxy Authentication Required\r\n\
                  Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n";
    for base in ["https://127.0.0.1:9", "http://127.0.0.1:9"] {
        let (proxy, connections) = fake_proxy(Some(answer));
        let env = Env::new();
        let mut cmd = env.cmd();
        cmd.env("GWTRACE_BASE_URL", base)
            .env("GWTRACE_TOKEN", TOKEN)
            .env("HTTPS_PROXY", format!("http://{proxy}"))
            .env("HTTP_PROXY", format!("http://{proxy}"))
            .env("NO_PROXY", "")
            .args(["status", SERIAL, TASK, "--timeout", "20s"]);
        let out = run(cmd).await.code(4);
        let err = stderr_of(&out);
        assert!(
            err.contains(&format!(
                "the proxy {proxy} wants credentials (407 Proxy Authentication Required): put \
                 them in the proxy URL"
            )),
            "{base}: {err}"
        );
        assert_eq!(
            connections.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "no retry"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_proxy_and_a_plain_proxy_behind_https_are_named() {
    let (silent, _) = fake_proxy(None);
    let plain = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    let (speaks_http, _) = fake_proxy(Some(plain));
    for (proxy_url, proxy) in [
        (format!("http://{silent}"), silent.clone()),
        (format!("https://{speaks_http}"), speaks_http.clone()),
    ] {
        let env = Env::new();
        let mut cmd = env.cmd();
        cmd.env("GWTRACE_BASE_URL", "https://127.0.0.1:9")
            .env("GWTRACE_TOKEN", TOKEN)
            .env("HTTPS_PROXY", &proxy_url)
            .env("NO_PROXY", "")
            .args([
                "status",
                SERIAL,
                TASK,
                "--timeout",
                "6s",
                "--request-timeout",
                "1s",
            ]);
        let out = run(cmd).await.code(9);
        let err = stderr_of(&out);
        assert!(
            err.contains(&format!("proxy {proxy}")),
            "{proxy_url}: {err}"
        );
        if proxy_url.starts_with("https://") {
            assert!(
                err.contains("if it is a plain HTTP proxy, write http://"),
                "{err}"
            );
        }
    }
}

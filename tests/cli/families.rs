//! Every device family: its path segment, its start options as the API names them, options
//! of another family refused before anything is sent, and the simulator's four families.

use predicates::prelude::*;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

fn family_path(segment: &str) -> String {
    format!("/network-troubleshooting/v1/{segment}/{SERIAL}/traceroute")
}

/// A mock that accepts exactly `body` at the family's start path and answers the seed.
async fn family_api(segment: &str, body: Value) -> MockServer {
    let server = MockServer::start().await;
    let start = family_path(segment);
    let location = format!("{start}/async-operations/{TASK}");
    Mock::given(method("POST"))
        .and(path(start.as_str()))
        .and(body_json(body))
        .respond_with(json(202, &json!({"location": location}).to_string()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{start}/async-operations/{TASK}")))
        .respond_with(json(200, &seed()))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn each_family_posts_to_its_own_path_with_its_own_fields() {
    let cases: [(&str, &[&str], Value); 6] = [
        (
            "gateways",
            &["--device", "gateway", "--vlan-ip", "10.1.1.1"],
            json!({"destination": "8.8.8.8", "includeRawOutput": true, "vlanIp": "10.1.1.1"}),
        ),
        (
            "aps",
            &["--device", "ap", "--source-interface", "bond0"],
            json!({"destination": "8.8.8.8", "includeRawOutput": true, "sourceInterface": "bond0"}),
        ),
        (
            "cx",
            &["--device", "cx", "--vrf", "mgmt", "--management-interface"],
            json!({"destination": "8.8.8.8", "includeRawOutput": true, "vrfName": "mgmt",
                   "useManagementInterface": true}),
        ),
        (
            "aos-s",
            &["--device", "aos-s", "--loopback-port", "2"],
            json!({"destination": "8.8.8.8", "includeRawOutput": true,
                   "sourceInterface": "loopback", "loopbackPort": 2}),
        ),
        (
            "aos-s",
            &["--device", "aos-s", "--source-vlan", "20"],
            json!({"destination": "8.8.8.8", "includeRawOutput": true,
                   "sourceInterface": "vlan-interface", "vlan": 20}),
        ),
        (
            "aos-s",
            &[
                "--device",
                "aos-s",
                "--source-ip",
                "10.9.9.9",
                "--source-interface",
                "ip-address",
            ],
            json!({"destination": "8.8.8.8", "includeRawOutput": true,
                   "sourceInterface": "ip-address", "ipAddress": "10.9.9.9"}),
        ),
    ];
    for (segment, args, body) in cases {
        let server = family_api(segment, body).await;
        let env = Env::new();
        let mut cmd = env.cmd_for(&server);
        cmd.args(["start", SERIAL, "8.8.8.8"]).args(args);
        run(cmd).await.code(0).stderr("");
        server.verify().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_family_comes_from_the_environment_or_the_profile() {
    let body = json!({"destination": "8.8.8.8", "includeRawOutput": true});
    let server = family_api("cx", body.clone()).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.env("GWTRACE_DEVICE", "cx")
        .args(["start", SERIAL, "8.8.8.8"]);
    run(cmd).await.code(0);

    let server = family_api("aps", body).await;
    let env = Env::new();
    env.write_config(&format!(
        "[profiles.default]\nbase_url = \"{}\"\ntoken = \"{TOKEN}\"\ndevice = \"ap\"\n",
        server.uri()
    ));
    let mut cmd = env.cmd();
    cmd.args(["start", SERIAL, "8.8.8.8"]);
    run(cmd).await.code(0);

    // The path segment is accepted as a name too, and auth status reports the family.
    let mut cmd = env.cmd();
    cmd.env("GWTRACE_DEVICE", "aps")
        .args(["auth", "status", "--offline", "--json"]);
    let out = run(cmd).await.code(0);
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["device"], "ap");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_option_of_another_family_is_exit_2_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json(500, "{}"))
        .expect(0)
        .mount(&server)
        .await;
    let cases: [(&[&str], &str); 4] = [
        (&["--vrf", "mgmt"], "--vrf is not a start option of a gateway (--device gateway); it is for --device cx"),
        (&["--device", "ap", "--vlan-ip", "10.0.0.1"], "--vlan-ip is not a start option of an access point (--device ap); it is for --device gateway"),
        (&["--device", "cx", "--source-interface", "1/1/1"], "it is for --device ap or aos-s"),
        (&["--device", "aos-s", "--source-interface", "loopback", "--source-vlan", "3"], "--source-interface loopback needs --loopback-port"),
    ];
    for (args, message) in cases {
        let env = Env::new();
        let mut cmd = env.cmd_for(&server);
        cmd.args(["start", SERIAL, "8.8.8.8"]).args(args);
        run(cmd)
            .await
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", "--device", "router", SERIAL, "8.8.8.8"]);
    run(cmd).await.code(2);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_reads_the_family_path_and_a_404_names_the_family() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "{}/async-operations/{TASK}",
            family_path("aos-s")
        )))
        .respond_with(json(200, &seed()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(family_path("aps")))
        .respond_with(json(404, &fixture("error-task-not-found.json")))
        .mount(&server)
        .await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", "--device", "aos-s", SERIAL, TASK, "-o", "csv"]);
    run(cmd).await.code(0);
    let mut cmd = env.cmd_for(&server);
    cmd.args(["start", "--device", "ap", SERIAL, "8.8.8.8"]);
    run(cmd).await.code(5).stderr(predicate::str::contains(format!(
        "is {SERIAL} the serial number of an access point in this account? (--device picks the family)"
    )));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cx_switch_traces_an_ipv6_destination_with_use_ipv6() {
    for extra in [&[][..], &["--ipv6"]] {
        let body = json!({"destination": "2001:db8::8", "includeRawOutput": true, "useIpv6": true});
        let server = family_api("cx", body).await;
        let env = Env::new();
        let mut cmd = env.cmd_for(&server);
        cmd.args(["start", "--device", "cx", SERIAL, "2001:db8::8"])
            .args(extra);
        run(cmd).await.code(0);
        server.verify().await;
    }
}

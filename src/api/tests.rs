//! Unit tests of `api`.
use super::*;

fn url(base: &str, device: Device, serial: &Serial, rest: &[&str]) -> Url {
    test_url(
        &Url::parse(base).unwrap(),
        ApiVersion::V1,
        device,
        serial,
        Test::Traceroute,
        rest,
    )
}

#[test]
fn task_ids_come_from_the_last_segment_of_the_location() {
    let location =
        "/network-troubleshooting/v1alpha1/gateways/SN/traceroute/async-operations/c7a3-f2d1";
    assert_eq!(
        task_id_of(location).map(|t| t.to_string()).as_deref(),
        Some("c7a3-f2d1")
    );
    assert_eq!(
        task_id_of("https://h/x/TASK/?a=b").map(|t| t.to_string()),
        Some("TASK".into())
    );
    assert_eq!(task_id_of("/x/.."), None);
    assert_eq!(task_id_of(""), None);
}

#[test]
fn urls_keep_a_base_path_and_encode_every_segment() {
    let serial = Serial::parse("SN1").unwrap();
    let url = url(
        "https://proxy.example/central/",
        Device::Gateway,
        &serial,
        &["async-operations", "t?x#y"],
    );
    assert_eq!(
        url.as_str(),
        "https://proxy.example/central/network-troubleshooting/v1/gateways/SN1/traceroute/async-operations/t%3Fx%23y"
    );
}

#[test]
fn every_family_has_its_own_path_segment() {
    let serial = Serial::parse("SN1").unwrap();
    for (device, path) in [
        (
            Device::Gateway,
            "/network-troubleshooting/v1/gateways/SN1/traceroute",
        ),
        (Device::Ap, "/network-troubleshooting/v1/aps/SN1/traceroute"),
        (Device::Cx, "/network-troubleshooting/v1/cx/SN1/traceroute"),
        (
            Device::AosS,
            "/network-troubleshooting/v1/aos-s/SN1/traceroute",
        ),
    ] {
        let url = url("https://h", device, &serial, &[]);
        assert_eq!(url.path(), path);
    }
}

#[test]
fn a_ping_goes_to_its_own_route() {
    let serial = Serial::parse("CN1").unwrap();
    let url = test_url(
        &Url::parse("https://c.example/").unwrap(),
        ApiVersion::V1,
        Device::Cx,
        &serial,
        Test::Ping,
        &["async-operations", "t1"],
    );
    assert_eq!(
        url.as_str(),
        "https://c.example/network-troubleshooting/v1/cx/CN1/ping/async-operations/t1"
    );
}

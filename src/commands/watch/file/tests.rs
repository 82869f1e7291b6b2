//! The watch file: what it reads into, and every mistake with its line and key.

use super::*;
use std::path::PathBuf;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn refused(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "branches.txt",
        "CN0001\n# a comment\nCN0002  # the second\n",
    );
    let path = write(&dir, "watches.toml", text);
    match load(&path, Device::Gateway) {
        Ok(plan) => panic!("read {} targets", plan.targets.len()),
        Err(Error::Usage(message)) => message.replace(&format!("{}/", dir.path().display()), ""),
        Err(other) => panic!("{other}"),
    }
}

const EXAMPLE: &str = r#"
every = "5m"
max_rate = 5
daily_budget = 100000

[[group]]
name = "branches"
serials_file = "branches.txt"
destinations = ["10.20.0.10", "10.20.0.11"]
expect_reach = true
max_rtt = "40ms"

[[group]]
name = "core"
device = "cx"
serials = ["SG0001"]
destinations = ["2001:db8::1"]
every = "1m"
vrf = "mgmt"
ping = 5
"#;

#[test]
fn every_device_and_destination_of_a_group_is_a_target() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "branches.txt",
        "CN0001\n# a comment\nCN0002  # the second\n",
    );
    let plan = load(&write(&dir, "watches.toml", EXAMPLE), Device::Gateway).unwrap();
    assert_eq!(plan.max_rate, Some(5.0));
    assert_eq!(plan.daily_budget, Some(100_000));
    let names: Vec<String> = plan
        .targets
        .iter()
        .map(|t| format!("{} {} {}", t.key.group, t.key.serial, t.key.destination))
        .collect();
    assert_eq!(
        names,
        [
            "branches CN0001 10.20.0.10",
            "branches CN0001 10.20.0.11",
            "branches CN0002 10.20.0.10",
            "branches CN0002 10.20.0.11",
            "core SG0001 2001:db8::1",
        ]
    );
    let branches = &plan.groups[0];
    assert_eq!(branches.device, Device::Gateway);
    assert_eq!(branches.every, Duration::from_secs(300));
    assert!(branches.checks.reach);
    assert_eq!(branches.checks.max_rtt_ms, Some(40.0));
    let core = &plan.groups[1];
    assert_eq!(
        (core.device, core.every, core.ping),
        (Device::Cx, Duration::from_secs(60), Some(5))
    );
    // A CX switch traces an IPv6 destination over IPv6.
    assert_eq!(
        plan.targets[4].options,
        crate::api::StartOptions::Cx {
            vrf: Some("mgmt".into()),
            ipv6: true,
            management_interface: false
        }
    );
}

#[test]
fn an_unknown_key_is_named_with_its_line() {
    let text = "every = \"5m\"\n[[group]]\nname = \"a\"\nserials = [\"CN1\"]\ndestination = [\"10.0.0.1\"]\n";
    assert_eq!(
        refused(text),
        "watches.toml:5: unknown key 'destination' (the keys of a watch file are listed in \
         docs/configuration.md)"
    );
}

#[test]
fn a_bad_value_is_named_with_its_line_and_key() {
    let text = EXAMPLE.replace("max_rtt = \"40ms\"", "max_rtt = \"40 parsecs\"");
    let said = refused(&text);
    assert!(said.starts_with("watches.toml:11: max_rtt: "), "{said}");
    let text = EXAMPLE.replace("every = \"1m\"", "every = \"10ms\"");
    assert!(refused(&text).starts_with("watches.toml:18: every: '10ms' is below the minimum"));
    let text = EXAMPLE.replace("ping = 5", "ping = 500");
    assert_eq!(
        refused(&text),
        "watches.toml:20: ping: '500' is not a number of echoes from 1 to 100"
    );
    let text = EXAMPLE.replace("max_rate = 5", "max_rate = \"fast\"");
    assert!(refused(&text).starts_with("watches.toml:3: max_rate: 'fast' is not a request rate"));
    let text = EXAMPLE.replace("expect_reach = true", "expect_reach = 1");
    assert_eq!(
        refused(&text),
        "watches.toml:10: expect_reach: '1' is not true or false"
    );
    let text = EXAMPLE.replace("every = \"5m\"", "every = [1]");
    assert_eq!(
        refused(&text),
        "watches.toml:2: every: expected a string or a number, found array"
    );
}

#[test]
fn a_target_listed_twice_is_refused_where_it_comes_again() {
    let text = format!("{EXAMPLE}\n[[group]]\nname = \"again\"\nserials = [\"CN0009\", \"CN0002\"]\ndestinations = [\"10.20.0.11\"]\n");
    assert_eq!(
        refused(&text),
        "watches.toml:24: serials: CN0002 to 10.20.0.11 is already a target, of group 'branches'"
    );
    // In a serials file: its own line.
    let text = EXAMPLE
        .replace("serials = [\"SG0001\"]", "serials_file = \"branches.txt\"")
        .replace(
            "destinations = [\"2001:db8::1\"]",
            "destinations = [\"10.20.0.11\"]",
        )
        .replace("device = \"cx\"", "")
        .replace("vrf = \"mgmt\"", "");
    assert_eq!(
        refused(&text),
        "branches.txt:1: serial: CN0001 to 10.20.0.11 is already a target, of group 'branches'"
    );
}

#[test]
fn keys_in_the_wrong_place_are_refused() {
    let text = format!("name = \"x\"\n{EXAMPLE}");
    assert_eq!(
        refused(&text),
        "watches.toml:1: name: belongs in a [[group]], not at the top of the file"
    );
    let text = EXAMPLE.replace("expect_reach = true", "max_rate = 3");
    assert_eq!(
        refused(&text),
        "watches.toml:10: max_rate: is one value for the whole watch: set it at the top of the file"
    );
    let text = EXAMPLE.replace("vrf = \"mgmt\"", "vlan_ip = \"10.0.0.1\"");
    let said = refused(&text);
    assert!(
        said.starts_with("watches.toml:19: vlan_ip is not a start option of a CX switch"),
        "{said}"
    );
    let text = EXAMPLE.replace("name = \"core\"", "name = \"branches\"");
    assert_eq!(
        refused(&text),
        "watches.toml:14: name: a group named 'branches' comes earlier"
    );
}

#[test]
fn a_group_needs_devices_destinations_and_an_every() {
    let text = "[[group]]\nname = \"a\"\nserials = [\"CN1\"]\ndestinations = [\"10.0.0.1\"]\n";
    assert_eq!(
        refused(text),
        "watches.toml:1: every: no time between rounds: set every at the top or in the group"
    );
    let text = "every = \"1m\"\n[[group]]\nname = \"a\"\ndestinations = [\"10.0.0.1\"]\n";
    assert_eq!(
        refused(text),
        "watches.toml:2: serials: the group names no devices: add serials or serials_file"
    );
    let text = "every = \"1m\"\n[[group]]\nname = \"a\"\nserials = [\"CN1\"]\ndestinations = []\n";
    assert_eq!(
        refused(text),
        "watches.toml:5: destinations: the list is empty"
    );
    assert_eq!(
        refused("every = \"1m\"\n"),
        "watches.toml:1: the file has no [[group]]: add one with a name, serials and destinations"
    );
    let text = "every = \"1m\"\n[[group]]\nname = \"a\"\nserials_file = \"nope.txt\"\ndestinations = [\"10.0.0.1\"]\n";
    assert!(refused(text).starts_with("watches.toml:4: serials_file: cannot read nope.txt"));
}

#[test]
fn toml_that_does_not_parse_is_refused_with_its_line() {
    let said = refused("every = \"1m\"\n[[group]\n");
    assert!(said.starts_with("watches.toml:2: "), "{said}");
}

#[test]
fn an_endless_or_odd_file_is_refused_not_read_for_ever() {
    let said = |path: &str| match load(std::path::Path::new(path), Device::Gateway) {
        Err(Error::Usage(message)) => message,
        other => panic!("{:?}", other.map(|p| p.targets.len())),
    };
    assert_eq!(
        said("/dev/zero"),
        "cannot read /dev/zero: it is larger than 4 MiB"
    );
    assert!(said("/").starts_with("cannot read /: "), "{}", said("/"));
    assert!(
        said("/nonexistent/watches.toml").starts_with("cannot read /nonexistent/watches.toml: ")
    );
}

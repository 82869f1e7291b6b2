//! Words a newcomer understands, and help that shows everything: no library jargon in
//! messages, every variable and exit code in `--help` and the man pages.

use predicates::prelude::*;

use crate::support::*;

#[test]
fn messages_say_what_was_expected_without_library_jargon() {
    let env = Env::new();
    env.cmd()
        .args(["status", SERIAL, TASK, "--timeout", "fast"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'fast' is not a duration such as 30s, 5m or 1h30m",
        ))
        .stderr(predicate::str::contains("expected number").not());
    env.cmd()
        .args(["sim", "--task-seconds", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "give one above 0 and at most 86400",
        ));
    env.cmd()
        .env("GWTRACE_TOKEN", TOKEN)
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("run `gwtrace config init`"));
    env.write_config("[profiles.default]\nbase_url = 3\n");
    env.cmd()
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "line 2: found integer `3` where text in quotes belongs",
        ));
}

#[test]
fn an_empty_gwtrace_config_is_the_same_as_unset() {
    let env = Env::new();
    env.cmd()
        .env("GWTRACE_CONFIG", "")
        .env("GWTRACE_PROFILE", "")
        .args(["status", SERIAL, TASK])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no config file at"));
}

#[test]
fn a_command_group_alone_prints_its_help() {
    let env = Env::new();
    for group in ["auth", "config"] {
        env.cmd()
            .arg(group)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("Usage: gwtrace"))
            .stderr(predicate::str::is_match("(?m)^  help ").unwrap().not());
    }
}

#[test]
fn every_help_has_global_options_under_their_heading_and_every_variable() {
    let env = Env::new();
    for command in ["status", "start", "tasks", "auth", "demo", "diff"] {
        let out = env.cmd().args([command, "--help"]).assert().code(0);
        let help = stdout_of(&out);
        assert!(help.contains("Global options:"), "{command}: {help}");
        for variable in [
            "GWTRACE_TOKEN",
            "GWTRACE_CA_FILE",
            "GWTRACE_CONFIG",
            "NO_COLOR",
        ] {
            assert!(help.contains(variable), "{command}: {variable}\n{help}");
        }
        assert!(
            help.contains("Exit codes:") && help.contains("143"),
            "{command}"
        );
    }
    let out = env.cmd().args(["config", "--help"]).assert().code(0);
    let help = stdout_of(&out);
    for key in [
        "base_url",
        "cluster",
        "token_file",
        "client_secret_file",
        "request_timeout",
    ] {
        assert!(help.contains(key), "config --help lacks {key}");
    }
}

#[test]
fn man_pages_refer_to_no_missing_page_and_have_their_tables() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for entry in std::fs::read_dir(&docs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "1") {
            let page = std::fs::read_to_string(&path).unwrap();
            for referenced in page.split(|c: char| c.is_whitespace() || c == ',') {
                if let Some(name) = referenced.strip_suffix("(1)") {
                    let file = docs.join(format!("{}.1", name.replace("\\-", "-")));
                    assert!(file.exists(), "{} refers to {name}(1)", path.display());
                }
            }
        }
    }
    let status = std::fs::read_to_string(docs.join("gwtrace-status.1")).unwrap();
    assert!(status.contains(".SH \"EXIT STATUS\"") && status.contains("GWTRACE_TOKEN"));
    let config = std::fs::read_to_string(docs.join("gwtrace-config.1")).unwrap();
    assert!(config.contains(".SH \"CONFIGURATION\"") && config.contains("token_file"));
}

#[test]
fn status_without_a_task_id_suggests_latest() {
    Env::new()
        .cmd()
        .args(["status", "CN1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("gwtrace status CN1 --latest"));
}

#[test]
fn family_options_out_of_range_and_ipv6_to_an_ipv4_address_are_usage_errors() {
    let env = Env::new();
    for args in [
        &[
            "start",
            "--device",
            "aos-s",
            "SN1",
            "10.0.0.1",
            "--source-vlan",
            "4095",
        ][..],
        &[
            "start",
            "--device",
            "aos-s",
            "SN1",
            "10.0.0.1",
            "--source-vlan",
            "0",
        ],
        &[
            "start",
            "--device",
            "aos-s",
            "SN1",
            "10.0.0.1",
            "--loopback-port",
            "8",
        ],
        &["start", "--device", "cx", "SN1", "10.0.0.1", "--ipv6"],
        &["status", "SN1", "T1", "--expect-via", "10.186.172"],
    ] {
        env.cmd()
            .env("GWTRACE_BASE_URL", "http://127.0.0.1:9")
            .env("GWTRACE_TOKEN", "t")
            .args(args)
            .assert()
            .code(2);
    }
}

#[test]
fn color_help_says_it_covers_stdout_and_stderr_and_always_wins() {
    let out = Env::new().cmd().arg("--help").assert().code(0);
    let help = String::from_utf8_lossy(&out.get_output().stdout);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("colour on stdout and stderr"), "{help}");
    assert!(help.contains("not with NO_COLOR or TERM=dumb"), "{help}");
    assert!(help.contains("always (wins over both)"), "{help}");
}

#[test]
fn usage_lines_never_show_an_environment_setting_as_required() {
    let env = Env::new();
    for args in [
        &["status"][..],
        &["status", "CN1", "T1", "--bogus"],
        &["start", "CN1"],
        &["tasks"],
        &["diff"],
        &["auth", "status", "--bogus"],
        &["demo", "--bogus"],
    ] {
        let out = env
            .cmd()
            .env("GWTRACE_BASE_URL", "http://127.0.0.1:9")
            .env("GWTRACE_DEVICE", "cx")
            .env("GWTRACE_PROFILE", "lab")
            .args(args)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        let usage = stderr
            .lines()
            .find(|l| l.starts_with("Usage:"))
            .unwrap_or("");
        assert!(usage.starts_with("Usage: gwtrace"), "{args:?}: {stderr}");
        for flag in ["--base-url", "--device", "--profile"] {
            assert!(!usage.contains(flag), "{args:?}: {usage}");
        }
    }
}

//! Behaviour that only exists on a terminal, tested on a real pseudo-terminal through
//! util-linux `script`: the progress bar, and device text made visible.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::support::*;

/// What a terminal shows once it has drawn `bytes`: the screen's final text, as a person
/// would see it after gwtrace exits (erased lines are gone, overwritten text replaced).
fn final_screen(bytes: &str) -> String {
    let size = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(24), size(80), 0);
    parser.process(bytes.as_bytes());
    parser.screen().contents()
}

fn gwtrace() -> String {
    format!("'{}'", assert_cmd::cargo::cargo_bin!("gwtrace").display())
}

/// A task that is RUNNING for two polls, then the seed.
async fn slow_api() -> MockServer {
    first_then_seed(json(200, &fixture("running.json")), 2).await
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_bar_is_drawn_on_a_terminal_and_cleared_before_the_result() {
    let server = slow_api().await;
    let env = Env::new();
    let out_file = env.home.path().join("out.csv");
    let mut cmd = env.script(&format!(
        "{} status {SERIAL} {TASK} --interval 1s -o csv > '{}'",
        gwtrace(),
        out_file.display()
    ));
    cmd.env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", TOKEN);
    let screen = stdout_of(&run(cmd).await.code(0));
    assert!(screen.contains("RUNNING"), "no progress shown: {screen:?}");
    assert!(screen.contains("42%"), "no percentage shown: {screen:?}");
    // indicatif writes "erase line" on every redraw, so its presence proves nothing: what
    // counts is that nothing of the bar is left on the screen at the end.
    let last = final_screen(&screen);
    assert!(
        !last.contains("RUNNING") && !last.contains('%'),
        "bar not cleared: {last:?}"
    );
    let csv = std::fs::read_to_string(&out_file).unwrap();
    assert!(csv.starts_with("hop,address,hostname,rtt_ms\n"), "{csv}");
    assert!(!csv.contains('\x1b'));
}

#[tokio::test(flavor = "multi_thread")]
async fn no_progress_and_quiet_draw_nothing_on_a_terminal() {
    let server = slow_api().await;
    for flag in ["--no-progress", "--quiet"] {
        let env = Env::new();
        let mut cmd = env.script(&format!(
            "{} status {SERIAL} {TASK} {flag} --interval 1s -o csv > /dev/null",
            gwtrace()
        ));
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        let screen = stdout_of(&run(cmd).await.code(0));
        assert!(!screen.contains("RUNNING"), "{flag}: {screen:?}");
        assert_eq!(screen, "", "{flag}");
        server.reset().await;
        Mock::given(method("GET"))
            .and(path(status_path()))
            .respond_with(json(200, &seed()))
            .mount(&server)
            .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn device_text_is_made_visible_on_a_terminal_but_not_in_a_pipe() {
    let hostile = serde_json::json!({
        "status": "COMPLETED",
        "rawOutput": "1 evil\u{1b}]0;owned\u{7} 1 ms\u{1b}[2J\n",
        "output": {"hops": [{"hop": "1", "probes": [
            {"reverseDnsResolution": "x\u{1b}[31mred", "ipAddress": "192.0.2.1",
             "responseTimeMilliseconds": "1 ms"}]}]}
    })
    .to_string();
    let server = api_answering(200, &hostile).await;
    let env = Env::new();
    for format in ["raw", "table", "csv", "json"] {
        // NO_COLOR: the table's own colours are not what this test looks for.
        let mut cmd = env.script(&format!(
            "NO_COLOR=1 {} status {SERIAL} {TASK} -o {format}",
            gwtrace()
        ));
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        let screen = stdout_of(&run(cmd).await.code(0));
        assert!(
            !screen.contains('\x1b') && !screen.contains('\x07'),
            "{format}: {screen:?}"
        );
        // (No escape byte at all also means no progress bar: a finished task needs none.)
        assert!(
            screen.contains("\\x1b") || screen.contains("\\u001b"),
            "{format}: {screen:?}"
        );
    }
    // Into a pipe, raw stays byte for byte.
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK, "--raw"]);
    run(cmd)
        .await
        .code(0)
        .stdout("1 evil\u{1b}]0;owned\u{7} 1 ms\u{1b}[2J\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn error_colour_follows_the_terminal_the_color_flag_and_no_color() {
    let server = api_answering(404, &fixture("error-task-not-found.json")).await;
    let env = Env::new();
    let status = format!("{} status {SERIAL} {TASK}", gwtrace());
    let on_terminal = |prefix: &str| {
        let mut cmd = env.script(&format!("{prefix}{status}"));
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        cmd
    };
    // `script -e` passes on the exit code (5) of the command it ran.
    let coloured = stdout_of(&run(on_terminal("")).await.code(5));
    assert!(
        coloured.contains("\x1b["),
        "no colour on a terminal: {coloured:?}"
    );
    for prefix in ["NO_COLOR=1 ", "TERM=dumb "] {
        let plain = stdout_of(&run(on_terminal(prefix)).await.code(5));
        assert!(
            !plain.contains('\x1b') && plain.contains("error:"),
            "{prefix}: {plain:?}"
        );
    }
    let mut forced = env.script(&format!(
        "TERM=dumb {} --color always status {SERIAL} {TASK}",
        gwtrace()
    ));
    forced
        .env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", TOKEN);
    let forced = stdout_of(&run(forced).await.code(5));
    assert!(forced.contains("\x1b["), "--color always wins: {forced:?}");

    let mut piped = env.cmd_for(&server);
    piped.args(["status", SERIAL, TASK]);
    let out = run(piped).await.code(5);
    assert!(!stderr_of(&out).contains('\x1b'));
    let mut forced = env.cmd_for(&server);
    forced.args(["--color", "always", "status", SERIAL, TASK]);
    let out = run(forced).await.code(5);
    assert!(
        stderr_of(&out).contains("\x1b["),
        "--color always: {}",
        stderr_of(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fleet_shows_one_progress_display_and_clears_it_before_the_result() {
    // Both devices poll one task; its two RUNNING answers go to whoever asks first.
    let server = MockServer::start().await;
    let location = status_path();
    Mock::given(method("POST"))
        .and(wiremock::matchers::path_regex(
            "^/network-troubleshooting/v1/gateways/[A-Z0-9]+/traceroute$",
        ))
        .respond_with(json(
            202,
            &serde_json::json!({ "location": location }).to_string(),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(format!(
            "/async-operations/{TASK}$"
        )))
        .respond_with(json(200, &fixture("running.json")))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(format!(
            "/async-operations/{TASK}$"
        )))
        .respond_with(json(200, &seed()))
        .mount(&server)
        .await;
    let env = Env::new();
    let serials = env.home.path().join("serials.txt");
    std::fs::write(&serials, format!("{SERIAL}\nCNSECOND01\n")).unwrap();
    let out_file = env.home.path().join("out.txt");
    let mut cmd = env.script(&format!(
        "{} start --serials-file '{}' 8.8.8.8 --interval 1s > '{}'",
        gwtrace(),
        serials.display(),
        out_file.display()
    ));
    cmd.env("GWTRACE_BASE_URL", server.uri())
        .env("GWTRACE_TOKEN", TOKEN);
    let screen = stdout_of(&run(cmd).await.code(0));
    assert!(
        screen.contains("running"),
        "no fleet counts shown: {screen:?}"
    );
    assert!(screen.contains(SERIAL), "no line per device: {screen:?}");
    let last = final_screen(&screen);
    assert!(
        !last.contains(SERIAL) && !last.contains("running"),
        "display not cleared: {last:?}"
    );
    let result = std::fs::read_to_string(&out_file).unwrap();
    assert!(result.starts_with("SERIAL"), "{result}");
    assert!(!result.contains('\x1b'), "{result:?}");
}

/// Two RUNNING answers, then a path with long PTR names and an ECMP hop.
async fn running_then_wide(server: &MockServer) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(200, &fixture("running.json")))
        .up_to_n_times(2)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(status_path()))
        .respond_with(json(200, &fixture("wide-path.json")))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_and_the_bar_fit_40_60_and_80_columns() {
    let server = MockServer::start().await;
    let env = Env::new();
    for width in [40, 60, 80] {
        running_then_wide(&server).await;
        let mut cmd = env.script(&format!(
            "stty cols {width} rows 24; NO_COLOR=1 {} status {SERIAL} {TASK} --interval 1s",
            gwtrace()
        ));
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        let screen = stdout_of(&run(cmd).await.code(0));
        // What the terminal shows: the last frame of each line, escapes stripped.
        let shown = console::strip_ansi_codes(&screen).replace('\r', "\n");
        for line in shown.lines() {
            assert!(line.chars().count() <= width, "{width}: {line:?}\n{shown}");
        }
        for value in ["10.1.1.1", "203.0.113.13", "203.0.113.250", "312.5"] {
            assert!(shown.contains(value), "{width}: {value} split\n{shown}");
        }
    }
}

#[test]
fn watch_draws_a_live_view_with_a_sparkline_and_clears_it() {
    let env = Env::new();
    let sim = crate::sim::SimProcess::start(&env);
    let out_file = env.home.path().join("watch.txt");
    let mut cmd = env.script(&format!(
        "{} watch CN1 8.8.8.8 --every 1s --interval 1s --rounds 3 > '{}'",
        gwtrace(),
        out_file.display()
    ));
    cmd.env("GWTRACE_BASE_URL", &sim.url)
        .env("GWTRACE_TOKEN", TOKEN);
    let screen = stdout_of(&cmd.assert().code(0));
    assert!(screen.contains("round 1 running"), "{screen:?}");
    assert!(screen.contains("round 2 done; the next at"), "{screen:?}");
    // Three rounds of one path: a flat line of three blocks before the device's result.
    assert!(
        screen.contains("▁▁▁  CN1  COMPLETED  7 hops  reached"),
        "{screen:?}"
    );
    let last = final_screen(&screen);
    assert!(!last.contains("CN1"), "view not cleared: {last:?}");
    let lines = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(lines.lines().count(), 3, "{lines}");
}

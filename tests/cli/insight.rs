//! The mtr-style reading of a path through the real binary: traceroute text from several
//! platforms turned into hops, loss and a reached line; colour only on a terminal.

use serde_json::json;

use crate::support::*;

/// A completed task whose only hop data is `raw` (as when `output.hops` is empty).
fn task_with_text(raw: &str, destination: &str) -> String {
    json!({"status": "COMPLETED", "progressPercent": 100, "rawOutput": raw,
           "output": {"destination": destination, "hops": []}})
    .to_string()
}

async fn table_of(document: &str, extra: &[&str]) -> (String, String) {
    let server = api_answering(200, document).await;
    let env = Env::new();
    let mut cmd = env.cmd_for(&server);
    cmd.args(["status", SERIAL, TASK]).args(extra);
    let out = run(cmd).await.code(0);
    (stdout_of(&out), stderr_of(&out))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_platform_fixture_shows_every_hop_and_its_reach() {
    let cases = [
        (
            "linux-names",
            "www.example.com",
            6,
            "reached 93.184.215.14 in 6 hops",
        ),
        ("linux-as-q1", "8.8.8.8", 6, "reached 8.8.8.8 in 6 hops"),
        (
            "freebsd-as-continuation",
            "example.org",
            6,
            "reached 192.0.2.10 in 6 hops",
        ),
        ("macos", "apple.com", 5, "reached 17.253.144.10 in 5 hops"),
        (
            "macos-traceroute6",
            "2001:db8:100::1",
            4,
            "reached 2001:db8:100::1 in 4 hops",
        ),
        (
            "windows-tracert",
            "example.com",
            5,
            "reached 93.184.215.14 in 5 hops",
        ),
        ("cisco-ios", "192.0.2.50", 4, "reached 192.0.2.50 in 4 hops"),
        ("aos-s", "10.1.1.10", 4, "reached 10.1.1.10 in 4 hops"),
    ];
    for (name, destination, hops, reached) in cases {
        let raw = fixture(&format!("traceroute/{name}.txt"));
        let (table, stderr) = table_of(&task_with_text(&raw, destination), &[]).await;
        assert_eq!(stderr, "", "{name}");
        let marked = table
            .lines()
            .filter(|l| l.contains('†') && !l.starts_with('†'));
        let numbers: Vec<&str> = marked
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        let expected: Vec<String> = (1..=hops).map(|n| format!("{n}†")).collect();
        assert_eq!(
            numbers, expected,
            "{name}: every hop recovered and marked\n{table}"
        );
        assert!(
            table.lines().last().unwrap().starts_with(reached),
            "{name}:\n{table}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trace_that_stops_short_says_where_and_an_unknown_address_is_not_guessed() {
    let raw = "traceroute to 10.20.0.1 (10.20.0.1), 30 hops max, 60 byte packets\n\
               \u{20}1  10.0.0.1  1.0 ms  1.1 ms  1.2 ms\n 2  10.9.9.9  5.0 ms  *  5.2 ms\n 3  * * *\n";
    let (table, _) = table_of(&task_with_text(raw, "10.20.0.1"), &[]).await;
    assert!(
        table.contains("33.3%"),
        "hop 2 lost a probe in three:\n{table}"
    );
    assert!(table.contains("100.0%"), "{table}");
    assert_eq!(
        table.lines().last().unwrap(),
        "not reached 10.20.0.1: last answer from 10.9.9.9 at hop 2"
    );
    let no_address = json!({"status": "COMPLETED", "output": {"destination": "db.example",
        "hops": [{"hop": "1", "probes": [{"ipAddress": "10.0.0.1", "responseTimeMilliseconds": "1 ms"}]}]}});
    let (table, _) = table_of(&no_address.to_string(), &[]).await;
    assert!(
        table
            .lines()
            .last()
            .unwrap()
            .starts_with("reached: unknown"),
        "{table}"
    );
    assert!(
        !table.contains('†'),
        "nothing recovered, nothing marked:\n{table}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_task_csv_carries_the_recovered_hop_and_json_stays_the_document() {
    let (csv, _) = table_of(&seed(), &["-o", "csv"]).await;
    let hop4: Vec<&str> = csv.lines().filter(|l| l.starts_with("4,")).collect();
    assert_eq!(
        hop4,
        [
            "4,10.186.128.6,,1",
            "4,10.186.128.4,,1",
            "4,10.186.128.4,,1"
        ]
    );
    let (document, _) = table_of(&seed(), &["--json"]).await;
    let back: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(back, json_fixture("seed-completed.json"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_is_coloured_on_a_terminal_only() {
    let server = api_answering(200, &seed()).await;
    let env = Env::new();
    let gwtrace = assert_cmd::cargo::cargo_bin!("gwtrace")
        .display()
        .to_string();
    let on_terminal = |prefix: &str| {
        let mut cmd = env.script(&format!("{prefix}'{gwtrace}' status {SERIAL} {TASK}"));
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        cmd
    };
    let screen = stdout_of(&run(on_terminal("")).await.code(0));
    assert!(
        screen.contains("\x1b[2m"),
        "silent hop 3 dimmed: {screen:?}"
    );
    assert!(
        screen.contains("\x1b[32mreached"),
        "reached in green: {screen:?}"
    );
    for prefix in ["NO_COLOR=1 ", ""] {
        let extra = if prefix.is_empty() {
            " --color never"
        } else {
            ""
        };
        let mut cmd = env.script(&format!(
            "{prefix}'{gwtrace}' status {SERIAL} {TASK}{extra}"
        ));
        cmd.env("GWTRACE_BASE_URL", server.uri())
            .env("GWTRACE_TOKEN", TOKEN);
        let plain = stdout_of(&run(cmd).await.code(0));
        assert!(
            !plain.contains('\x1b') && plain.contains("reached"),
            "{prefix}{extra}: {plain:?}"
        );
    }
    // Into a pipe: plain, even though stderr might be a terminal elsewhere.
    let mut piped = env.cmd_for(&server);
    piped.args(["status", SERIAL, TASK]);
    assert!(!stdout_of(&run(piped).await.code(0)).contains('\x1b'));
    let mut forced = env.cmd_for(&server);
    forced.args(["--color", "always", "status", SERIAL, TASK]);
    assert!(stdout_of(&run(forced).await.code(0)).contains("\x1b[32mreached"));
}

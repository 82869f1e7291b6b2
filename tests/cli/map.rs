//! `gwtrace map` and `start --serials-file … -o dot|svg|html`: a fleet against the simulator
//! drawn in every format, the DOT through the real Graphviz `dot`, the SVG and HTML opened
//! in headless Chromium (every node drawn, hostile names as text, no console errors, no
//! request), golden SVGs, history selections, bad input, and Ctrl-C mid-fleet.
//!
//! Where `dot` or `chromium` is not installed, those checks say so and are skipped; `.ci/run`
//! installs both.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use predicates::prelude::*;

use crate::sim::SimProcess;
use crate::support::*;

/// `dot -Tsvg` of `text`: whether Graphviz accepted it, and what it drew or said.
fn graphviz(text: &str) -> (bool, String) {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), said)
}

/// What headless Chromium made of a file: the DOM after loading, its console messages, and
/// the requests that reached a proxy (every request it would make goes there).
struct Opened {
    dom: String,
    console: Vec<String>,
    requests: Vec<String>,
}

/// A proxy on loopback that keeps the first line of each request it receives. A connection
/// that sends no request line (Chromium opens speculative ones under load) is no request.
fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
            let _ = BufReader::new(&stream).read_line(&mut line);
            if is_request_line(&line) {
                keep.lock().unwrap().push(line.trim_end().to_owned());
            }
        }
    });
    (address, seen)
}

/// `METHOD TARGET HTTP/x`: what a real request starts with.
fn is_request_line(line: &str) -> bool {
    let parts: Vec<&str> = line.split_whitespace().collect();
    matches!(parts.as_slice(), [method, _, version]
        if method.chars().all(|c| c.is_ascii_uppercase()) && version.starts_with("HTTP/"))
}

#[test]
fn only_request_lines_count_as_requests() {
    assert!(is_request_line("GET http://example.com/x HTTP/1.1\r\n"));
    assert!(is_request_line("CONNECT example.com:443 HTTP/1.1\r\n"));
    for not in ["", "\r\n", "\u{16}\u{3}\u{1}", "hello"] {
        assert!(!is_request_line(not), "{not:?}");
    }
}

/// Chromium's own traffic (time, updates, accounts), which no page asked for.
fn chromium_service(request: &str) -> bool {
    let host = request.split_whitespace().nth(1).unwrap_or("");
    let host = host
        .trim_start_matches("http://")
        .trim_start_matches("https://");
    let host = host.split([':', '/']).next().unwrap_or("");
    ["google.com", "gvt1.com", "googleapis.com", "gstatic.com"]
        .iter()
        .any(|service| host == *service || host.ends_with(&format!(".{service}")))
}

fn chromium(file: &Path, extra: &[&str]) -> Opened {
    let profile = tempfile::tempdir().unwrap();
    let (proxy, requests) = recording_proxy();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--proxy-server=http://{proxy}"))
        .arg("--proxy-bypass-list=<-loopback>")
        .args(extra)
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let requests = requests.lock().unwrap().clone();
    Opened {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console: log
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_owned)
            .collect(),
        requests: requests
            .into_iter()
            .filter(|r| !chromium_service(r))
            .collect(),
    }
}

/// Opens `file` in Chromium and checks that it drew `nodes` nodes, logged nothing and fetched
/// nothing; also screenshots it (to `png` when given). Returns the DOM.
fn drawn_by_chromium(file: &Path, nodes: usize, png: Option<&Path>) -> String {
    let opened = chromium(file, &["--dump-dom"]);
    let drawn = opened.dom.matches(r#"<g class="node "#).count();
    assert_eq!(drawn, nodes, "nodes in the DOM of {}", file.display());
    assert!(opened.console.is_empty(), "console: {:?}", opened.console);
    assert!(
        opened.requests.is_empty(),
        "requests: {:?}",
        opened.requests
    );
    let dir = tempfile::tempdir().unwrap();
    let shot = png.map_or_else(|| dir.path().join("shot.png"), Path::to_path_buf);
    chromium(
        file,
        &[
            &format!("--screenshot={}", shot.display()),
            &format!("--window-size={}", window_for(file)),
            "--hide-scrollbars",
        ],
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 5_000,
        "a screenshot of {}: {size} bytes",
        file.display()
    );
    opened.dom
}

/// The window that shows an SVG whole (its own width and height); a page gets 1300×900.
fn window_for(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let number = |name: &str| -> Option<u32> {
        let after = text.split(&format!(" {name}=\"")).nth(1)?;
        after.split('"').next()?.parse().ok()
    };
    match (
        file.extension().and_then(|e| e.to_str()),
        number("width"),
        number("height"),
    ) {
        (Some("svg"), Some(width), Some(height)) => format!("{width},{height}"),
        _ => "1300,900".to_owned(),
    }
}

#[test]
fn the_page_check_would_see_a_request_and_a_console_message() {
    // The checks above can fail: a page that fetches and logs is caught by both.
    if !installed("chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><p>x</p><link rel=stylesheet href=\"http://198.51.100.7/a.css\">\
         <script>console.error('boom')</script>",
    )
    .unwrap();
    let opened = chromium(&page, &["--dump-dom"]);
    assert!(
        opened.requests.iter().any(|r| r.contains("198.51.100.7")),
        "{:?}",
        opened.requests
    );
    assert!(
        opened.console.iter().any(|l| l.contains("boom")),
        "{:?}",
        opened.console
    );
}

/// A fleet of three devices against the simulator, in `format`.
fn sim_fleet(sim: &SimProcess, env: &Env, format: &str) -> String {
    let serials = env.home.path().join("serials.txt");
    std::fs::write(&serials, "CN0001\nCN0002\nCN0003\n").unwrap();
    let out = sim
        .cmd(env, "t")
        .args(["start", "--serials-file"])
        .arg(&serials)
        .args(["8.8.8.8", "--interval", "1s", "-o", format])
        .assert()
        .code(0);
    stdout_of(&out)
}

#[test]
fn a_three_device_fleet_is_drawn_in_dot_svg_and_html() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    let dot = sim_fleet(&sim, &env, "dot");
    assert!(dot.starts_with("digraph gwtrace {"), "{dot}");
    let nodes = dot
        .lines()
        .filter(|l| l.trim_start().starts_with('n') && l.contains("[label="))
        .count();
    for serial in ["CN0001", "CN0002", "CN0003"] {
        assert!(dot.contains(serial), "{serial}: {dot}");
    }
    if installed("dot") {
        let (ok, drawn) = graphviz(&dot);
        assert!(ok, "dot: {drawn}");
        assert_eq!(drawn.matches(r#"<g id="node"#).count(), nodes, "{drawn}");
    }
    let svg = sim_fleet(&sim, &env, "svg");
    assert!(svg.starts_with("<?xml"), "{svg}");
    assert_eq!(
        svg.matches(r#"<g class="node "#).count(),
        nodes,
        "the same graph as the DOT"
    );
    assert_eq!(svg.matches("kind-source").count(), 3);
    let html = sim_fleet(&sim, &env, "html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("default-src 'none'"),
        "no fetches, no scripts"
    );
    assert_eq!(html.matches("<tr><td>CN000").count(), 3, "a row per device");
    if installed("chromium") {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [("map.svg", &svg), ("map.html", &html)] {
            let file = dir.path().join(name);
            std::fs::write(&file, text).unwrap();
            let dom = drawn_by_chromium(&file, nodes, None);
            // Hovering shows a node's tooltip: the SVG's <title>, kept in the DOM.
            assert!(dom.contains("<title>address "), "{dom}");
            assert!(dom.contains("best ") && dom.contains("/ avg ") && dom.contains("% ("));
        }
    }
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn the_reference_trace_and_two_fleets_match_their_golden_svgs() {
    let env = Env::new();
    let cases = [
        ("seed", "seed-completed.json", 7),
        ("converging", "map/converging.ndjson", 12),
        ("diverging-loss", "map/diverging-loss.ndjson", 13),
    ];
    for (name, input, nodes) in cases {
        let out = env
            .cmd()
            .arg("map")
            .arg(fixture_path(input))
            .args(["-o", "svg"])
            .assert()
            .code(0)
            .stderr("");
        let svg = stdout_of(&out);
        assert_eq!(svg.matches(r#"<g class="node "#).count(), nodes, "{name}");
        let golden = PathBuf::from(format!("tests/golden/map/{name}.svg"));
        crate::generated::check(&golden, svg.as_bytes());
        let regenerating = std::env::var_os("GWTRACE_REGENERATE").is_some();
        if regenerating && name != "seed" && installed("chromium") {
            // The README's picture is the tests' own SVG, as Chromium draws it.
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let png = root.join(format!("docs/images/map-{name}.png"));
            std::fs::create_dir_all(png.parent().unwrap()).unwrap();
            drawn_by_chromium(&root.join(&golden), nodes, Some(&png));
        }
    }
}

#[test]
fn marks_for_shared_nodes_lost_paths_and_loss_are_in_the_svg() {
    let env = Env::new();
    let out = env
        .cmd()
        .arg("map")
        .arg(fixture_path("map/diverging-loss.ndjson"))
        .args(["-o", "svg"])
        .assert()
        .code(0);
    let svg = stdout_of(&out);
    let node = |address: &str| {
        let at = svg.find(&format!("address {address}")).unwrap();
        let start = svg[..at].rfind("<g class=\"node ").unwrap();
        svg[start..at].to_owned()
    };
    assert!(
        node("10.9.0.1").contains("shared"),
        "the branch gateway is on every path"
    );
    assert!(
        node("203.0.113.9").contains("last-answer"),
        "CN2003 stopped there"
    );
    assert!(node("203.0.113.5").contains("loss-partial"));
    assert!(node("198.51.100.20").contains("destination"));
    assert!(svg.contains("kind-silent loss-total"));
}

#[test]
fn hostile_names_are_escaped_in_dot_svg_and_html_and_read_as_text() {
    let env = Env::new();
    let evil = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
    let document = serde_json::json!({"status": "COMPLETED", "output": {
        "destination": evil, "hops": [
            {"hop": "1", "probes": [{"ipAddress": "10.0.0.1", "reverseDnsResolution": evil,
                                      "responseTimeMilliseconds": "1 ms"}]},
            {"hop": "2", "probes": [{"ipAddress": "10.0.0.2", "reverseDnsResolution": "a\u{1b}[31mred&amp;",
                                      "responseTimeMilliseconds": "2 ms"}]}]}});
    let file = env.home.path().join("evil.json");
    std::fs::write(&file, document.to_string()).unwrap();
    let draw = |format: &str| {
        let out = env
            .cmd()
            .arg("map")
            .arg(&file)
            .args(["-o", format])
            .assert()
            .code(0);
        stdout_of(&out)
    };
    let (dot, svg, html) = (draw("dot"), draw("svg"), draw("html"));
    for text in [&svg, &html] {
        assert!(!text.contains("<script"), "{text}");
        assert!(!text.contains("<img"), "{text}");
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(
            text.contains("red&amp;amp;"),
            "an entity in a name stays text"
        );
    }
    if installed("dot") {
        let (ok, drawn) = graphviz(&dot);
        assert!(ok, "dot: {drawn}");
        assert!(!drawn.contains("<script"), "{drawn}");
        assert!(drawn.contains("&lt;script&gt;"), "{drawn}");
    }
    if installed("chromium") {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("evil.html");
        std::fs::write(&page, &html).unwrap();
        let dom = drawn_by_chromium(&page, 3, None);
        // Serialised back, the name is still escaped text: no element was made of it.
        assert!(!dom.contains("<script>alert"), "{dom}");
        assert!(
            dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{dom}"
        );
    }
}

#[test]
fn recorded_traces_are_drawn_from_the_history() {
    let env = Env::new();
    let sim = SimProcess::start(&env);
    sim_fleet(&sim, &env, "table");
    let serials = env.home.path().join("serials.txt");
    let out = sim
        .cmd(&env, "t")
        .args(["map", "--serials-file"])
        .arg(&serials)
        .args(["--dest", "8.8.8.8", "-o", "svg"])
        .assert()
        .code(0)
        .stderr("");
    let svg = stdout_of(&out);
    assert_eq!(svg.matches("kind-source").count(), 3, "{svg}");
    // A device the history has nothing of is said, and left out.
    std::fs::write(&serials, "CN0001\nCN0009\n").unwrap();
    let out = sim
        .cmd(&env, "t")
        .args(["map", "@last", "--serials-file"])
        .arg(&serials)
        .args(["-o", "html"])
        .assert()
        .code(0);
    assert!(
        stderr_of(&out).contains("CN0009: the history holds no @last trace of it"),
        "{}",
        stderr_of(&out)
    );
    assert!(stdout_of(&out).contains("<td>CN0009</td>"));
    // The simulator's traces are no other Central's: nothing of theirs is drawn there.
    env.cmd()
        .env(
            "GWTRACE_BASE_URL",
            "https://us4.api.central.arubanetworks.com",
        )
        .args(["map", "--serials-file"])
        .arg(&serials)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to draw"));
}

#[test]
fn nothing_to_draw_and_bad_input_are_clear_errors() {
    let env = Env::new();
    env.cmd()
        .arg("map")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to draw: give INPUT"));
    env.cmd()
        .args(["map", "@last"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("@last needs the device"));
    env.cmd()
        .args(["map", "/nonexistent/fleet.ndjson"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "gwtrace: error: cannot draw /nonexistent/fleet.ndjson:",
        ));
    env.cmd()
        .args(["map", "-", "-o", "svg"])
        .write_stdin("{\"serial\":\"CN1\",\"task_id\":null,\"status\":null,\"exit_code\":10,\"checks\":[],\"error\":\"offline\"}\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "nothing to draw: no input holds a completed trace",
        ));
    env.cmd()
        .args(["map", "-", "-", "-o", "svg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only one INPUT"));
    env.cmd()
        .args(["map", "x.json", "-o", "png"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values: dot, svg, html"));
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_mid_fleet_still_draws_every_finished_device() {
    let (code, stdout, stderr) = crate::fleet_output::interrupted_fleet(&["-o", "svg"]).await;
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stdout.starts_with("<?xml"), "{stdout}");
    assert!(stdout.trim_end().ends_with("</svg>"), "{stdout}");
    assert!(
        stdout.contains("CN0002"),
        "the finished device is drawn: {stdout}"
    );
    assert!(!stdout.contains("CN0001"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_mid_fleet_lists_the_devices_still_running_in_the_html_map() {
    let (code, stdout, stderr) = crate::fleet_output::interrupted_fleet(&["-o", "html"]).await;
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stdout.contains("<td>CN0002</td>"), "{stdout}");
    assert!(
        stdout.contains("<td>CN0001</td>"),
        "the running device is listed: {stdout}"
    );
    assert!(
        stdout.contains("still running when interrupted: task task-CN0001"),
        "{stdout}"
    );
}

#[test]
fn a_map_on_a_terminal_says_to_save_it_and_a_redirected_one_says_nothing() {
    let env = Env::new();
    let seed = fixture_path("seed-completed.json");
    let gwtrace = assert_cmd::cargo::cargo_bin!("gwtrace")
        .display()
        .to_string();
    let screen = stdout_of(
        &env.script(&format!("'{gwtrace}' map '{}' -o svg", seed.display()))
            .assert()
            .code(0),
    );
    assert!(screen.contains("save it with `> map.html`"), "{screen:?}");
    assert!(screen.contains("<svg"), "{screen:?}");
    env.cmd()
        .arg("map")
        .arg(&seed)
        .assert()
        .code(0)
        .stderr("")
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"));
}

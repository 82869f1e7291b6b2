//! The committed completion scripts and man page are what the binary generates now.
//! Regenerate them with `GWTRACE_REGENERATE=1 cargo test generated`.

use std::path::Path;

use crate::support::Env;

fn check(committed: &Path, fresh: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(committed);
    if std::env::var_os("GWTRACE_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let on_disk = std::fs::read(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "{} is stale; run: GWTRACE_REGENERATE=1 cargo test generated",
        committed.display()
    );
}

#[test]
fn committed_completions_match_the_binary() {
    let env = Env::new();
    for (shell, file) in [
        ("bash", "gwtrace.bash"),
        ("zsh", "_gwtrace"),
        ("fish", "gwtrace.fish"),
        ("powershell", "_gwtrace.ps1"),
        ("elvish", "gwtrace.elv"),
    ] {
        let out = env
            .cmd()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stderr("");
        let script = out.get_output().stdout.clone();
        assert!(!script.is_empty(), "{shell}");
        check(&Path::new("completions").join(file), &script);
    }
}

/// The roff man pages: `gwtrace.1`, then one page per command (`gwtrace-status.1`, …).
/// Generated here rather than in the binary, which then carries no man-page code.
fn man_pages() -> Vec<(String, Vec<u8>)> {
    use clap::CommandFactory;
    let render = |command: clap::Command| {
        let mut out = Vec::new();
        clap_mangen::Man::new(command).render(&mut out).unwrap();
        out
    };
    let top = gwtrace::cli::Cli::command();
    let mut pages = vec![("gwtrace.1".to_owned(), render(top.clone()))];
    for sub in top.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("gwtrace-{}", sub.get_name());
        let page = sub
            .clone()
            .name(name.clone())
            .bin_name(name.replace('-', " "));
        pages.push((format!("{name}.1"), render(page)));
    }
    pages
}

#[test]
fn committed_man_pages_match_the_binary() {
    let pages = man_pages();
    let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        names.contains(&"gwtrace.1") && names.contains(&"gwtrace-status.1"),
        "{names:?}"
    );
    for (name, page) in &pages {
        assert!(String::from_utf8_lossy(page).contains(".TH"), "{name}");
        check(&Path::new("docs").join(name), page);
    }
}

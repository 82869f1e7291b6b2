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

#[test]
fn committed_man_pages_match_the_binary() {
    let pages = gwtrace::commands::man_pages();
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

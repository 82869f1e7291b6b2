//! The committed completion scripts and man page are what the binary generates now.
//! Regenerate them with `GWTRACE_REGENERATE=1 cargo test generated`.

use std::path::Path;

use crate::support::Env;

/// Whether `committed` (from the repository's root) holds `fresh`; with `GWTRACE_REGENERATE`
/// set, writes it instead. The map's golden SVGs use it too.
pub fn check(committed: &Path, fresh: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(committed);
    if std::env::var_os("GWTRACE_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let on_disk = std::fs::read(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "{} is stale; if the change is meant, run: GWTRACE_REGENERATE=1 cargo test",
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
/// Generated here rather than in the binary, which then carries no man-page code. The
/// reference tables (exit status, environment, config keys) are written as roff definition
/// lists from `gwtrace::cli::help`, so that they read as tables in `man`.
fn man_pages() -> Vec<(String, Vec<u8>)> {
    use clap::CommandFactory;
    let top = gwtrace::cli::Cli::command();
    let mut pages = vec![("gwtrace.1".to_owned(), page(top.clone(), "gwtrace"))];
    for sub in top.get_subcommands() {
        let name = format!("gwtrace-{}", sub.get_name());
        let command = sub
            .clone()
            .name(name.clone())
            .bin_name(name.replace('-', " "));
        pages.push((format!("{name}.1"), page(command, sub.get_name())));
        // `gwtrace-config.1` names `gwtrace-config-init(1)`: those pages exist too.
        for nested in sub.get_subcommands() {
            let nested_name = format!("{name}-{}", nested.get_name());
            let command = nested
                .clone()
                .name(nested_name.clone())
                .bin_name(nested_name.replace('-', " "));
            pages.push((format!("{nested_name}.1"), page(command, sub.get_name())));
        }
    }
    pages
}

fn page(command: clap::Command, name: &str) -> Vec<u8> {
    use gwtrace::cli::help;
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out).unwrap();
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut out).unwrap();
    }
    match name {
        "config" => {
            definitions(&mut out, "CONFIGURATION", help::CONFIG_KEYS);
            definitions(&mut out, "ENVIRONMENT", help::ENVIRONMENT);
        }
        "sim" | "completions" => {}
        _ => {
            definitions(&mut out, "EXIT STATUS", &help::exit_code_rows());
            definitions(&mut out, "ENVIRONMENT", help::ENVIRONMENT);
        }
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut out).unwrap();
    }
    out
}

/// A roff section of `.TP` entries: term in bold, meaning below.
fn definitions(out: &mut Vec<u8>, section: &str, rows: &[(&str, &str)]) {
    let roff = |text: &str| text.replace('\\', "\\e").replace('-', "\\-");
    let mut text = format!(".SH \"{section}\"\n");
    for (term, meaning) in rows {
        text.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(term), roff(meaning)));
    }
    out.extend_from_slice(text.as_bytes());
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

/// The README's exit-code table is the one `Error::exit_code` and `Error::meaning` make.
#[test]
fn the_readme_exit_code_table_is_generated_from_the_errors() {
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let start = readme
        .find("## Exit codes\n")
        .expect("an exit codes section");
    let table_start = start + readme[start..].find("| code |").unwrap();
    let table_end = table_start + readme[table_start..].find("\n\n").unwrap() + 1;
    let mut fresh = String::from("| code | meaning |\n|---|---|\n");
    for (code, meaning) in gwtrace::error::exit_codes() {
        fresh.push_str(&format!("| {code} | {meaning} |\n"));
    }
    let updated = format!("{}{fresh}{}", &readme[..table_start], &readme[table_end..]);
    check(Path::new("README.md"), updated.as_bytes());
}

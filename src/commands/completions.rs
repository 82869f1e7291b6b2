//! `gwtrace completions <SHELL>` and the man page, both generated from the clap definition.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The completion script for `shell`, as committed under `completions/`.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "gwtrace", &mut out);
    out
}

/// The roff man pages, as committed under `docs/`: `gwtrace.1`, then one page per command
/// (`gwtrace-status.1`, …), each with its file name.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let top = Cli::command();
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

fn render(command: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = clap_mangen::Man::new(command).render(&mut out);
    out
}

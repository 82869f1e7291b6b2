//! `gwtrace completions <SHELL>`: shell completion, generated from the clap definition. (The man
//! pages are generated from the same definition by the test that keeps `docs/` fresh.)

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The completion script for `shell`, as committed under `completions/`.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "gwtrace", &mut out);
    out
}

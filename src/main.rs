//! The `gwtrace` binary: parse the command line, run it, exit with the contract's code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // One TLS crypto provider for the whole process (ring: small and quick to build).
    let _ = rustls::crypto::ring::default_provider().install_default();
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("gwtrace: error: internal error{place}; please report it");
    }));
    // An empty GWTRACE_CONFIG (or any GWTRACE_ variable) means unset, as in most tools; clap
    // would take it as an empty value. Nothing else runs yet, so changing the environment
    // here races with nothing.
    for (name, value) in std::env::vars_os() {
        if value.is_empty() && name.to_string_lossy().starts_with("GWTRACE_") {
            std::env::remove_var(name);
        }
    }
    let cli = gwtrace::cli::Cli::parse();
    ExitCode::from(gwtrace::run(cli))
}

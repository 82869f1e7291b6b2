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
    let cli = gwtrace::cli::Cli::parse();
    ExitCode::from(gwtrace::run(cli))
}

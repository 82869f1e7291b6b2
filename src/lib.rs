//! gwtrace: run and read traceroutes on devices managed by HPE Aruba Networking Central.
//!
//! Layers, each using only those below it (`../shared/tools/layers` draws them):
//! `commands` (the edge: clap types become plain values there) → `settings`, `ui`, `render`,
//! `follow` → `checks`, `wait`, `api` → `auth` → `http`. `follow` returns an
//! [`outcome::Trace`], the one result every command renders; `render`, `map` (many paths
//! drawn as one graph) and `checks` read `path` (the merged view), which reads `task` (the
//! domain model); `ping` reads a ping task's result the same way, and `pathping` pings
//! every responder of a traced path (`--hop-pings`). `ids`, `error`, `clock` and `validate` are leaves that everything may use. `cli` holds the clap types, and `sim` the
//! simulated Central that `demo` and the tests run against.
//!
//! `main` parses the command line and hands it to [`run`], which returns the exit code.

pub mod api;
pub mod auth;
pub mod checks;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod error;
pub mod follow;
pub mod history;
pub mod http;
pub mod ids;
pub mod jsonl;
pub mod map;
pub mod metrics;
pub mod outcome;
pub mod path;
pub mod pathping;
pub mod ping;
pub mod pinging;
pub mod render;
pub mod settings;
pub mod sim;
pub mod task;
pub mod term;
pub mod ui;
pub mod validate;
pub mod wait;
pub mod watch;

#[cfg(test)]
mod props;

use cli::{Cli, Command};
use error::Error;
use term::Term;
use ui::Ui;

/// Runs one command and returns the process exit code. Errors are reported here, once.
pub fn run(cli: Cli) -> u8 {
    let term = Term::detect(cli.global.color);
    let progress = cli
        .command
        .wait_args()
        .is_some_and(|w| !w.no_wait && !w.no_progress);
    let ui = Ui::new(term, cli.global.quiet, cli.global.verbose, progress);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            ui.error(&format!("cannot start the async runtime: {e}"));
            return Error::other("").exit_code();
        }
    };
    // `sim` stops on Ctrl-C as its normal end; every other command is interrupted by it.
    let stops_on_ctrl_c = matches!(cli.command, Command::Sim(_));
    let result = runtime.block_on(async {
        tokio::select! {
            result = commands::run(&cli, &ui) => result,
            signal = interrupted(), if !stops_on_ctrl_c => Err(signal),
        }
    });
    ui.clear();
    if matches!(result, Err(Error::Interrupted | Error::Terminated)) {
        // No task is lost: whatever was started keeps running on its device.
        ui.say_running_tasks();
    }
    match result {
        Ok(()) => 0,
        Err(err) => {
            if err.is_reported() {
                ui.error(&err.to_string());
            }
            err.exit_code()
        }
    }
}

/// Resolves on Ctrl-C (`Interrupted`) or SIGTERM (`Terminated`); never, where neither can
/// be watched.
async fn interrupted() -> Error {
    #[cfg(unix)]
    let terminated = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => term.recv().await.map_or((), |_| ()),
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminated = std::future::pending::<()>();
    let interrupted = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = interrupted => Error::Interrupted,
        () = terminated => Error::Terminated,
    }
}

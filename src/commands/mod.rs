//! One module per command; each returns `Ok(())` or an error carrying its exit code.

mod auth;
mod completions;
mod config;
mod connect;
mod demo;
mod diff;
mod fleet;
mod history;
mod hop_pings;
mod import;
mod map;
mod metrics_server;
mod ping;
mod ping_fleet;
mod record;
mod saved;
mod sim;
mod source;
mod start;
mod status;
mod tasks;
mod watch;

use std::io::Write;

use crate::cli::{AuthCommand, Cli, Command, ConfigCommand, Target};
use crate::error::{Error, Result};
use crate::ui::Ui;

pub use completions::completion_script;

pub async fn run(cli: &Cli, ui: &Ui) -> Result<()> {
    match &cli.command {
        Command::Status(args) => status::run(&cli.global, args, ui).await,
        Command::Start(args) => match args.target().map_err(Error::Usage)? {
            Target::One {
                serial,
                destination,
            } => start::run(&cli.global, args, serial, destination, ui).await,
            Target::Fleet { file, destination } => {
                fleet::run(&cli.global, args, &file, &destination, ui).await
            }
        },
        Command::Ping(args) => ping::run(&cli.global, args, ui).await,
        Command::Tasks(args) => tasks::run(&cli.global, args, ui).await,
        Command::Auth {
            command: AuthCommand::Status { offline, json },
        } => auth::status(&cli.global, *offline, *json, ui).await,
        Command::Config {
            command: ConfigCommand::Path,
        } => config::print_path(&cli.global),
        Command::Config {
            command: ConfigCommand::Init,
        } => config::init(&cli.global, ui),
        Command::Demo(args) => demo::run(&cli.global, args, ui).await,
        Command::Diff(args) => diff::run(&cli.global, args, ui).await,
        Command::History(args) => history::run(&cli.global, args, ui).await,
        Command::Map(args) => map::run(&cli.global, args, ui).await,
        Command::Watch(args) => watch::run(&cli.global, args, ui).await,
        Command::Sim(args) => sim::run(args, ui).await,
        Command::Completions { shell } => print(&completion_script(*shell)),
    }
}

/// Standard output as results are written to it.
pub type Stdout = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// Streams a result to stdout as `write` produces it (an 8 MiB document is not copied
/// first). A reader that went away (`| head`) ends the output quietly.
pub fn print_with(write: impl FnOnce(&mut Stdout) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Writes a result to stdout; `Ok(false)` when the reader went away (`| head`), so that a
/// command that would go on writing (`watch`) stops.
pub fn print_open(bytes: &[u8]) -> Result<bool> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(true),
    }
}

/// Writes a result to stdout. A reader that went away (`| head`) ends the output quietly.
pub fn print(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

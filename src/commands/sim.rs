//! `gwtrace sim`: serve the simulated Central on a local port until Ctrl-C.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::cli::SimArgs;
use crate::error::Result;
use crate::sim::Sim;
use crate::ui::Ui;

pub async fn run(args: &SimArgs, ui: &Ui) -> Result<()> {
    let listen = args.listen;
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let address = listener
        .local_addr()
        .context("cannot read the listening address")?;
    if !address.ip().is_loopback() {
        ui.warn(&format!(
            "serving on {address}, beyond this machine: anyone who can reach it can use it"
        ));
    }
    // The base URL comes first and alone, so that scripts can read it with `head -n 1`.
    super::print(format!("http://{address}\n").as_bytes())?;
    let log_ui = ui.clone();
    let log = Arc::new(move |line: &str| log_ui.log_always(&format!("sim: {line}")));
    let task_time = Duration::from_secs_f64(args.task_seconds);
    let sim = Sim::limited(task_time, Some(log), args.rate_limit, args.api_version)
        .changing_paths(args.path_change_every);
    tokio::select! {
        () = sim.serve(listener) => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

//! `gwtrace demo`: the whole flow — start, wait with a progress bar, show the hops — against
//! a simulated Central started in-process on a free loopback port. Needs no config or token.

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::api::StartOptions;
use crate::checks::Checks;
use crate::cli::{DemoArgs, GlobalArgs};
use crate::error::Result;
use crate::settings::Origin;
use crate::sim::Sim;
use crate::ui::Ui;

use super::connect::connect;
use super::start;
use super::status::Watch;

pub async fn run(global: &GlobalArgs, args: &DemoArgs, ui: &Ui) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .context("cannot open a loopback port for the simulator")?;
    let address = listener
        .local_addr()
        .context("cannot read the simulator's address")?;
    let server = tokio::spawn(Sim::new(args.task_time(), None).serve(listener));
    let base_url = format!("http://{address}")
        .parse()
        .context("cannot form the simulator's URL")?;
    let (client, timing, recorder) = connect(global, &args.wait, Origin::Demo(base_url), None, ui)?;
    let device = client.device();
    ui.notice(&format!(
        "simulated Central on http://{address}: tracing from {} {} {} to {}",
        device.article(),
        device.noun(),
        args.serial,
        args.destination
    ));
    let options = StartOptions::none(device);
    let result = start::run_with(
        &client,
        timing,
        &args.serial,
        &args.destination,
        &options,
        Watch {
            wait: &args.wait,
            checks: &Checks::default(),
            recorder: &recorder,
            destination: None,
        },
        ui,
    )
    .await;
    server.abort();
    result
}

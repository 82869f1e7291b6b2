//! `gwtrace demo`: the whole flow — start, wait with a progress bar, show the hops — against
//! a simulated Central started in-process on a free loopback port. Needs no config or token.

use std::time::Duration;

use anyhow::Context as _;
use secrecy::SecretString;
use tokio::net::TcpListener;

use crate::api::Client;
use crate::auth::TokenSource;
use crate::cli::DemoArgs;
use crate::error::Result;
use crate::settings::{Settings, DEFAULT_API_VERSION, DEFAULT_REQUEST_TIMEOUT};
use crate::sim::Sim;
use crate::ui::Ui;

use super::start;
use super::status::Timing;

const DEMO_TIMEOUT: Duration = Duration::from_secs(120);
const DEMO_INTERVAL: Duration = Duration::from_secs(1);

pub async fn run(args: &DemoArgs, ui: &Ui) -> Result<()> {
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
    let timeout = args.wait.timeout.unwrap_or(DEMO_TIMEOUT);
    let settings = Settings {
        profile: "demo".to_owned(),
        config_path: None,
        base_url,
        api_version: DEFAULT_API_VERSION.to_owned(),
        token: TokenSource::Builtin(SecretString::from("demo-token")),
        timeout,
        interval: args.wait.interval.unwrap_or(DEMO_INTERVAL),
        request_timeout: args.wait.request_timeout.unwrap_or(DEFAULT_REQUEST_TIMEOUT),
        warnings: Vec::new(),
    };
    let timing = Timing::starting_now(timeout, settings.interval);
    ui.notice(&format!(
        "simulated Central on http://{address}: tracing from gateway {} to {}",
        args.gateway, args.destination
    ));
    let client = Client::new(settings, ui)?;
    let result = start::run_with(
        &client,
        timing,
        &args.gateway,
        &args.destination,
        None,
        &args.wait,
        ui,
    )
    .await;
    server.abort();
    result
}

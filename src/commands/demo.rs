//! `gwtrace demo`: the whole flow — start, wait with a progress bar, show the hops — against
//! a simulated Central started in-process on a free loopback port. Needs no config or token.

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::api::StartOptions;
use crate::checks::Checks;
use crate::cli::{DemoArgs, GlobalArgs, DEMO_SERIAL};
use crate::error::Result;
use crate::ids::Serial;
use crate::settings::Origin;
use crate::sim::Sim;
use crate::ui::Ui;

use super::connect::{connect, Timing};
use super::hop_pings::HopPings;
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
    let watch = Watch {
        wait: &args.wait,
        checks: &Checks::default(),
        recorder: &recorder,
        destination: None,
        hop_pings: args.hop_pings.map(|count| HopPings {
            count,
            like: &options,
        }),
    };
    let serials = match args.hop_pings {
        // The two kinds of loss side by side, unless a device was named.
        Some(_) if args.serial.as_str() == DEMO_SERIAL => [LIMITING, LOSSY]
            .map(|s| Serial::parse(s).expect("a valid serial"))
            .to_vec(),
        _ => vec![args.serial.clone()],
    };
    let mut result = Ok(());
    for serial in &serials {
        if serials.len() > 1 {
            let what = if serial.as_str() == LIMITING {
                "a router on the way that limits the replies it sends itself"
            } else {
                "a link that loses 10% of everything beyond it"
            };
            ui.notice(&format!("{serial}: {what}"));
        }
        let timing = Timing::starting_now(timing.timeout, timing.interval);
        let run = start::run_with(
            &client,
            timing,
            serial,
            &args.destination,
            &options,
            watch,
            ui,
        );
        result = result.and(run.await);
    }
    server.abort();
    result
}

/// `demo --hop-pings`' devices: the simulator's `LIMIT…` and `LOSSY…` scenarios.
const LIMITING: &str = "LIMITDEMO01";
const LOSSY: &str = "LOSSYDEMO01";

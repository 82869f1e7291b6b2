//! `gwtrace demo` and `gwtrace sim`: the simulated Central and the flow run against it.

use std::time::Duration;

use clap::Args;

use super::WaitArgs;
use crate::ids::{ApiVersion, Serial};
use crate::validate;

/// The device `demo` traces from unless told otherwise.
pub const DEMO_SERIAL: &str = "CNDEMO0001";

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The simulated device; a prefix such as FAIL or OFFLINE picks a scenario (see `sim --help`)
    #[arg(
        long,
        visible_alias = "gateway",
        value_name = "SERIAL",
        default_value = DEMO_SERIAL,
        value_parser = Serial::parse
    )]
    pub serial: Serial,

    /// Where the simulated traceroute goes
    #[arg(long, default_value = "www.arubanetworks.com", value_parser = validate::destination)]
    pub destination: String,

    /// How long a simulated task runs, in seconds
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = validate::seconds)]
    pub task_seconds: f64,

    /// Ping every hop N times after the trace; without --serial, from two devices that show
    /// the two kinds of loss: a router limiting its own replies, and a lossy link
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u8).range(1..=i64::from(crate::api::ping::MAX_COUNT)))]
    pub hop_pings: Option<u8>,

    #[command(flatten)]
    pub wait: WaitArgs,
}

impl DemoArgs {
    pub fn task_time(&self) -> Duration {
        Duration::from_secs_f64(self.task_seconds)
    }
}

#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on; loopback unless you name another
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub listen: std::net::SocketAddr,

    /// How long a simulated task runs, in seconds
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = validate::seconds)]
    pub task_seconds: f64,

    /// Answer 429 to any request beyond N in one second, like an account's limit
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,

    /// Switch each device's path to another every N traces to a destination, so that
    /// `watch` sees changes
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub path_change_every: Option<u64>,

    /// Serve only this API version (v1 or v1alpha1), as a tenant that has not moved to v1
    /// [default: both]
    #[arg(long, value_name = "VERSION", value_parser = ApiVersion::parse)]
    pub api_version: Option<ApiVersion>,
}

//! `gwtrace watch`: the schedule, what it prints, and its metrics.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{ChecksArgs, FleetArgs, SourceArgs, TimingArgs};
use crate::validate;

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The device's serial number (with --serials-file: leave it out)
    #[arg(value_name = "SERIAL", required_unless_present = "file")]
    pub first: Option<String>,

    /// Where to trace to: a host name or an IP address
    #[arg(value_name = "DESTINATION", required_unless_present_any = ["serials_file", "file"])]
    pub second: Option<String>,

    /// Time from the start of one round to the start of the next: 5m, 30s, 1h
    #[arg(long, value_name = "DURATION", value_parser = validate::interval,
          required_unless_present = "file", conflicts_with = "file")]
    pub every: Option<Duration>,

    /// Watch every target of a watch file: groups of devices and destinations with their
    /// own checks and schedules (docs/configuration.md); SIGHUP reloads it
    #[arg(long, value_name = "FILE", conflicts_with_all = [
        "first", "serials_file", "ping", "hop_pings", "expect_reach", "expect_via", "max_rtt",
        "max_loss", "expect_path", "vlan_ip", "source_interface", "vrf", "ipv6",
        "management_interface", "loopback_port", "source_vlan", "source_ip"])]
    pub file: Option<PathBuf>,

    /// With --file: check the file, print its targets and the requests they cost a round and
    /// a day, and exit (2 when the file is wrong or over its daily budget); nothing is sent
    #[arg(long, requires = "file")]
    pub check: bool,

    /// Requests a day the watch may make in all; rounds are stretched to keep within it
    /// (Central's X-RateLimit-Remaining-day, where it sends one, counts first)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub daily_budget: Option<u64>,

    /// Print only events (path changed, reached or not, checks failing or passing, errors),
    /// not a line per device per round
    #[arg(long)]
    pub changes: bool,

    /// Stop at the first path change, with exit 11
    #[arg(long)]
    pub until_change: bool,

    /// Also ping the destination N times from each device every round, 1 to 100: loss and
    /// round-trip times as metrics, and --max-loss, --max-rtt and --expect-reach judged on
    /// the ping
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u8).range(1..=i64::from(crate::api::ping::MAX_COUNT)))]
    pub ping: Option<u8>,

    /// After each trace, ping every responder of the path N times, 1 to 100 (as `start
    /// --hop-pings`): loss per hop and forwarded loss as metrics, the checks judged on the
    /// destination's pings (its ping metrics too)
    #[arg(long, value_name = "N", conflicts_with = "ping",
          value_parser = clap::value_parser!(u8).range(1..=i64::from(crate::api::ping::MAX_COUNT)))]
    pub hop_pings: Option<u8>,

    /// Stop after this many rounds
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rounds: Option<u32>,

    /// One JSON object per event per line (NDJSON)
    #[arg(long)]
    pub json: bool,

    /// Serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9464)
    #[arg(long, value_name = "ADDR")]
    pub metrics_listen: Option<std::net::SocketAddr>,

    /// Write the metrics to PATH after each round (node_exporter's textfile format)
    #[arg(long, value_name = "PATH")]
    pub metrics_file: Option<PathBuf>,

    #[command(flatten)]
    pub timing: TimingArgs,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub source: SourceArgs,

    #[command(flatten)]
    pub checks: ChecksArgs,
}

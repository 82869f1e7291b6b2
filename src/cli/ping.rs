//! `gwtrace ping`: the echoes to send, each family's ping options, and the checks on a ping.

use clap::Args;

use super::{FleetArgs, Target, WaitArgs};
use crate::api::ping::{DEFAULT_COUNT, MAX_COUNT};
use crate::validate;

#[derive(Debug, Args)]
#[command(
    override_usage = "gwtrace ping [OPTIONS] <SERIAL> <DESTINATION>\n       \
                      gwtrace ping [OPTIONS] --serials-file <FILE> <DESTINATION>"
)]
pub struct PingArgs {
    /// The device's serial number (with --serials-file: leave it out)
    #[arg(value_name = "SERIAL")]
    pub first: String,

    /// What to ping: a host name or an IP address
    #[arg(value_name = "DESTINATION", required_unless_present = "serials_file")]
    pub second: Option<String>,

    /// Echoes to send, 1 to 100 (`count`)
    #[arg(short, long, value_name = "N", default_value_t = DEFAULT_COUNT,
          value_parser = clap::value_parser!(u8).range(1..=i64::from(MAX_COUNT)))]
    pub count: u8,

    /// Bytes of each echo: 10 to 2000 on gateways and access points (`packetSize`)
    #[arg(short, long, value_name = "BYTES")]
    pub size: Option<u16>,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub source: PingSourceArgs,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub checks: PingChecksArgs,
}

impl PingArgs {
    /// The device(s) and destination, as `start` reads them.
    pub fn target(&self) -> Result<Target, String> {
        super::fleet::target("ping", &self.first, self.second.as_deref(), &self.fleet)
    }
}

/// Each family's own ping options (checked against `--device` before anything is sent).
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Ping options by device family")]
pub struct PingSourceArgs {
    /// gateway: time to live of each echo, 1 to 255 (`ttl`)
    #[arg(long, value_name = "N")]
    pub ttl: Option<u8>,

    /// gateway: DSCP value of each echo, 0 to 63 (`dscp`)
    #[arg(long, value_name = "N")]
    pub dscp: Option<u8>,

    /// gateway: don't-fragment bit set (`dontFragmentFlag`)
    #[arg(long)]
    pub dont_fragment: bool,

    /// gateway: the interface to send from (`sourceInterface`); ap: the port
    /// (`interfacePort`)
    #[arg(long, value_name = "INTERFACE", value_parser = validate::interface)]
    pub source_interface: Option<String>,

    /// gateway, ap, aos-s: the VLAN to send from, 1 to 4094 (`vlan`)
    #[arg(long, value_name = "VLAN")]
    pub source_vlan: Option<u16>,

    /// ap: the user role to ping as (`role`)
    #[arg(long, value_name = "ROLE", value_parser = validate::interface)]
    pub role: Option<String>,

    /// gateway, cx, aos-s: ping over IPv6 (`useIpv6`; implied by an IPv6 destination)
    #[arg(long)]
    pub ipv6: bool,

    /// cx: the VRF to ping in (`vrfName`)
    #[arg(long, value_name = "NAME", value_parser = validate::interface)]
    pub vrf: Option<String>,

    /// cx: send from the management interface (`useManagementInterface`)
    #[arg(long)]
    pub management_interface: bool,

    /// aos-s: send from this loopback interface, 0 to 7 (`loopbackPort`)
    #[arg(long, value_name = "N")]
    pub loopback_port: Option<u16>,

    /// aos-s: send from this IP address (`ipAddress`)
    #[arg(long, value_name = "IP")]
    pub source_ip: Option<std::net::IpAddr>,
}

/// Checks on a finished ping; any that fails makes the exit code 11.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Ping checks (exit 11 when one fails)")]
pub struct PingChecksArgs {
    /// At least one echo was answered
    #[arg(long)]
    pub expect_reach: bool,

    /// At most this many percent of the echoes were lost
    #[arg(long, value_name = "PERCENT", value_parser = validate::percent)]
    pub max_loss: Option<f64>,

    /// The average round-trip time is at most this: 40ms, 0.5ms, 1.5s
    #[arg(long, value_name = "DURATION", value_parser = validate::rtt)]
    pub max_rtt: Option<f64>,

    /// Jitter (mean difference of consecutive round-trip times) is at most this; needs
    /// per-echo times, which a gateway does not report
    #[arg(long, value_name = "DURATION", value_parser = validate::rtt)]
    pub max_jitter: Option<f64>,
}

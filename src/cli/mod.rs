//! The command-line interface as clap derive types: commands, flags, value enums. No logic.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::ids::{Device, Serial, TaskId, Test};
use crate::validate;

mod checks;
mod fleet;
pub mod help;
mod history;
mod map;
mod ping;
mod sim;
mod watch;

pub use crate::render::Format;
pub use crate::term::ColorChoice;
pub use checks::{ChecksArgs, DiffArgs};
pub use fleet::{FleetArgs, Target};
pub use history::{Filters, HistoryArgs, HistoryCommand, ImportArgs, OutputArgs};
pub use map::MapArgs;
pub use ping::{PingArgs, PingChecksArgs, PingSourceArgs};
pub use sim::{DemoArgs, SimArgs, DEMO_SERIAL};
pub use watch::WatchArgs;

/// Run and read traceroutes on devices managed by HPE Aruba Networking Central.
#[derive(Debug, Parser)]
#[command(
    name = "gwtrace",
    version,
    about,
    after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Profile to use [default: `default_profile` from the file, else `default`]
    #[arg(
        short,
        long,
        global = true,
        env = "GWTRACE_PROFILE",
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    /// Config file [default: <config dir>/gwtrace/config.toml]
    #[arg(long, global = true, env = "GWTRACE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Override the profile's base URL (https://, or http:// on loopback only)
    #[arg(long, global = true, env = "GWTRACE_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,

    /// No progress bar and no notices; errors still go to stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// One stderr line per HTTP exchange (method, path, status, time); never the token
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// When to use colour on stdout and stderr: auto (terminals only, not with NO_COLOR or
    /// TERM=dumb), always (wins over both) or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Keep no history of the traces read (GWTRACE_RECORD=0, profile key `record = false`)
    #[arg(long, global = true)]
    pub no_record: bool,

    /// Device family [default: profile key `device`, else gateway]
    #[arg(
        long,
        global = true,
        env = "GWTRACE_DEVICE",
        value_enum,
        value_name = "FAMILY"
    )]
    pub device: Option<Device>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a traceroute (or, with --test ping, a ping) task; waits while it runs
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        override_usage = "gwtrace status [OPTIONS] <SERIAL> <TASK_ID>\n       \
                          gwtrace status [OPTIONS] <SERIAL> --latest"
    )]
    Status(StatusArgs),
    /// Start a traceroute on a device, then wait like `status`
    #[command(after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str())]
    Start(StartArgs),
    /// Ping from a device: every echo, loss, min/avg/max/stdev and jitter
    #[command(after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str())]
    Ping(PingArgs),
    /// List a device's active and recent troubleshooting tasks
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        override_usage = "gwtrace tasks [OPTIONS] <SERIAL>"
    )]
    Tasks(TasksArgs),
    /// Which profile, base URL and token source are in use; checks the token
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        disable_help_subcommand = true
    )]
    Auth {
        #[command(subcommand)]
        command: AuthCommand,
    },
    /// The config file: where it is, or write a commented template
    #[command(after_long_help = help::config_keys(), disable_help_subcommand = true)]
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// The whole flow against a built-in simulated Central: no account or config needed
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        override_usage = "gwtrace demo [OPTIONS]"
    )]
    Demo(DemoArgs),
    /// Compare two traces saved with --json hop by hop; exit 11 when the path changed
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        override_usage = "gwtrace diff [OPTIONS] <OLD> <NEW>"
    )]
    Diff(DiffArgs),
    /// Draw the paths of many traces as one picture: DOT, SVG or a self-contained HTML page
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        override_usage = "gwtrace map [OPTIONS] <INPUT>...\n       \
                          gwtrace map [OPTIONS] --serials-file <FILE> [--dest <DESTINATION>]"
    )]
    Map(MapArgs),
    /// Trace on a schedule: record every round, say when a path changes, export metrics
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        override_usage = "gwtrace watch [OPTIONS] --every <DURATION> <SERIAL> <DESTINATION>\n       \
                          gwtrace watch [OPTIONS] --every <DURATION> --serials-file <FILE> <DESTINATION>\n       \
                          gwtrace watch [OPTIONS] --file <WATCH FILE> [--check]"
    )]
    Watch(WatchArgs),
    /// The traces recorded so far: list them, show one in any format, export, import or prune
    #[command(
        after_long_help = help::EXIT_CODES_AND_ENVIRONMENT.as_str(),
        override_usage = "gwtrace history [OPTIONS] [SERIAL]\n       \
                          gwtrace history show [OPTIONS] <ID>\n       \
                          gwtrace history prune --older-than <DURATION>\n       \
                          gwtrace history export [SERIAL] [--dest D] [--since DURATION]\n       \
                          gwtrace history import [--serial SN] FILE...",
        args_conflicts_with_subcommands = true,
        disable_help_subcommand = true
    )]
    History(HistoryArgs),
    /// Serve the simulated Central API on a local port, for trying scripts offline
    #[command(
        after_help = crate::sim::world::SCENARIOS,
        override_usage = "gwtrace sim [OPTIONS]"
    )]
    Sim(SimArgs),
    /// Print a shell completion script
    #[command(override_usage = "gwtrace completions <SHELL>")]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

impl Command {
    /// The waiting options of the commands that wait for a task.
    pub fn wait_args(&self) -> Option<&WaitArgs> {
        match self {
            Command::Status(args) => Some(&args.wait),
            Command::Start(args) => Some(&args.wait),
            Command::Ping(args) => Some(&args.wait),
            Command::Demo(args) => Some(&args.wait),
            _ => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The device's serial number
    #[arg(value_parser = Serial::parse)]
    pub serial: Serial,

    /// The task id that Central returned when the traceroute was started
    #[arg(value_parser = TaskId::parse)]
    pub task_id: Option<TaskId>,

    /// Read the device's newest task of the test (from its task list) instead of a task id
    #[arg(long, conflicts_with = "task_id")]
    pub latest: bool,

    /// Which test the task runs: traceroute, or ping (`gwtrace ping` starts those)
    #[arg(long, value_enum, value_name = "TEST", default_value_t = Test::Traceroute)]
    pub test: Test,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub checks: ChecksArgs,
}

#[derive(Debug, Args)]
pub struct TasksArgs {
    /// The device's serial number
    #[arg(value_parser = Serial::parse)]
    pub serial: Serial,

    /// Print the task list as the API returned it
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    override_usage = "gwtrace start [OPTIONS] <SERIAL> <DESTINATION>\n       \
                            gwtrace start [OPTIONS] --serials-file <FILE> <DESTINATION>"
)]
pub struct StartArgs {
    /// The device's serial number (with --serials-file: leave it out)
    #[arg(value_name = "SERIAL")]
    pub first: String,

    /// Where to trace to: a host name or an IP address
    #[arg(value_name = "DESTINATION", required_unless_present = "serials_file")]
    pub second: Option<String>,

    /// After the trace, ping every responder (and the destination) N times from the same
    /// device, 1 to 100, and show loss and times from those pings, telling loss at a hop
    /// from loss through it (as pathping does)
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u8).range(1..=i64::from(crate::api::ping::MAX_COUNT)))]
    pub hop_pings: Option<u8>,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub source: SourceArgs,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub checks: ChecksArgs,
}

/// Where a device sends its probes from; each option belongs to one or two families.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Start options by device family")]
pub struct SourceArgs {
    /// gateway: source VLAN IP address (the API's `vlanIp`)
    #[arg(long, value_name = "IP")]
    pub vlan_ip: Option<std::net::IpAddr>,

    /// ap: the port to send from; aos-s: loopback, vlan-interface or ip-address (optional,
    /// follows from the option below) (`sourceInterface`)
    #[arg(long, value_name = "INTERFACE", value_parser = validate::interface)]
    pub source_interface: Option<String>,

    /// cx: the VRF to trace in (`vrfName`)
    #[arg(long, value_name = "NAME", value_parser = validate::interface)]
    pub vrf: Option<String>,

    /// cx: trace over IPv6 (`useIpv6`)
    #[arg(long)]
    pub ipv6: bool,

    /// cx: send from the management interface (`useManagementInterface`)
    #[arg(long)]
    pub management_interface: bool,

    /// aos-s: send from this loopback interface, 0 to 7 (`loopbackPort`)
    #[arg(long, value_name = "N", group = "aos_source",
          value_parser = clap::value_parser!(u16).range(0..=7))]
    pub loopback_port: Option<u16>,

    /// aos-s: send from this VLAN's interface, 1 to 4094 (`vlan`)
    #[arg(long, value_name = "VLAN", group = "aos_source",
          value_parser = clap::value_parser!(u16).range(1..=4094))]
    pub source_vlan: Option<u16>,

    /// aos-s: send from this IP address (`ipAddress`)
    #[arg(long, value_name = "IP", group = "aos_source")]
    pub source_ip: Option<std::net::IpAddr>,
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Show the profile, base URL, token source and expiry; check the token with Central
    #[command(override_usage = "gwtrace auth status [OPTIONS]")]
    Status {
        /// Send nothing: only show what is configured
        #[arg(long)]
        offline: bool,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file in use
    #[command(override_usage = "gwtrace config path [OPTIONS]")]
    Path,
    /// Write a commented template for the profile given by --profile (default: `default`)
    #[command(override_usage = "gwtrace config init [OPTIONS]")]
    Init,
}

/// How to wait for a task and how to show it (shared by `status` and `start`).
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Make one request, print the current state, do not poll
    #[arg(long)]
    pub no_wait: bool,

    #[command(flatten)]
    pub timing: TimingArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// No progress bar, even on a terminal
    #[arg(long)]
    pub no_progress: bool,
}

/// How long to wait for a task, how often to ask, and how long one exchange may take
/// (`status`, `start`, `watch`).
#[derive(Debug, Default, Args)]
pub struct TimingArgs {
    /// Deadline for waiting for a task, e.g. 90s, 5m, 1h [default: 10m]
    #[arg(long, value_name = "DURATION", value_parser = validate::duration)]
    pub timeout: Option<Duration>,

    /// Time between polls, at least 1s [default: 5s]
    #[arg(long, value_name = "DURATION", value_parser = validate::interval)]
    pub interval: Option<Duration>,

    /// Limit for one HTTP exchange, connect included [default: 30s]
    #[arg(long, value_name = "DURATION", value_parser = validate::duration)]
    pub request_timeout: Option<Duration>,
}

impl WaitArgs {
    /// The format chosen by `-o`, `--json` or `--raw` (clap keeps them exclusive).
    pub fn format(&self) -> Format {
        self.output.format()
    }
}

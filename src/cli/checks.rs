//! Path checks on a completed task (`--expect-*`, `--max-*`) and `gwtrace diff`.

use std::path::PathBuf;

use clap::Args;

use crate::checks::Via;
use crate::ids::Serial;
use crate::validate;

/// Checks on a completed task's path; any that fails makes the exit code 11.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Path checks (exit 11 when one fails)")]
pub struct ChecksArgs {
    /// The destination was reached
    #[arg(long)]
    pub expect_reach: bool,

    /// Some hop answered from this address, network or host name (repeatable)
    #[arg(long, value_name = "ADDR|CIDR|NAME", value_parser = Via::parse)]
    pub expect_via: Vec<Via>,

    /// The destination's average round-trip time is at most this: 40ms, 0.5ms, 1.5s
    #[arg(long, value_name = "DURATION", value_parser = validate::rtt)]
    pub max_rtt: Option<f64>,

    /// Loss at the destination's hop is at most this many percent
    #[arg(long, value_name = "PERCENT", value_parser = validate::percent)]
    pub max_loss: Option<f64>,

    /// The path is the one in FILE, a task saved earlier with --json (- reads stdin), or a
    /// recorded trace: @last, @prev, @ID
    #[arg(long, value_name = "FILE")]
    pub expect_path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier trace: a file saved with --json (- reads stdin), or @prev, @last, @ID from
    /// the history
    pub old: PathBuf,

    /// The later trace, as OLD
    pub new: PathBuf,

    /// Show a hop's average round-trip time as moved beyond this; never a change of path
    #[arg(long, value_name = "DURATION", default_value = "20ms", value_parser = validate::rtt)]
    pub rtt_threshold: f64,

    /// Print the comparison as one JSON document
    #[arg(long)]
    pub json: bool,

    /// The device whose recorded traces @last and @prev are
    #[arg(long, value_name = "SERIAL", value_parser = Serial::parse)]
    pub serial: Option<Serial>,

    /// With --serial: only its traces to this destination
    #[arg(long, value_name = "DESTINATION", requires = "serial")]
    pub dest: Option<String>,
}

//! `gwtrace history`: listing, showing and pruning recorded traces, and how a trace is printed.

use std::time::Duration;

use clap::{Args, Subcommand};

use super::Format;
use crate::ids::{Serial, Test};
use crate::validate;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: Option<HistoryCommand>,

    #[command(flatten)]
    pub filters: Filters,

    /// At most this many traces, newest first
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: u32,

    /// One JSON object per trace per line
    #[arg(long)]
    pub json: bool,
}

/// Which recorded traces: `history` and `history export` take the same.
#[derive(Debug, Args)]
pub struct Filters {
    /// Only this device's traces
    #[arg(value_parser = Serial::parse)]
    pub serial: Option<Serial>,

    /// Only traces to this destination
    #[arg(long, value_name = "DESTINATION")]
    pub dest: Option<String>,

    /// Only traces recorded within this long: 24h, 7d
    #[arg(long, value_name = "DURATION", value_parser = validate::age)]
    pub since: Option<Duration>,

    /// Which recorded tasks: traceroutes, or pings (`gwtrace ping`, `--hop-pings`)
    #[arg(long, value_enum, value_name = "TEST", default_value_t = Test::Traceroute)]
    pub test: Test,
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Print a recorded trace, as `status` would have
    #[command(override_usage = "gwtrace history show [OPTIONS] <ID>")]
    Show {
        /// The trace's ID, from `gwtrace history`
        id: i64,

        #[command(flatten)]
        output: OutputArgs,
    },
    /// Delete the traces recorded longer ago than a duration (or before a time), and give
    /// the space back
    #[command(
        override_usage = "gwtrace history prune --older-than <DURATION>\n       \
                          gwtrace history prune --before <TIME>"
    )]
    Prune {
        /// 30d, 12h…
        #[arg(long, value_name = "DURATION", value_parser = validate::age,
              required_unless_present = "before", conflicts_with = "before")]
        older_than: Option<Duration>,

        /// Every trace recorded before this time (RFC 3339: 2026-12-01T00:00:00Z)
        #[arg(long, value_name = "TIME", value_parser = validate::time)]
        before: Option<std::time::SystemTime>,
    },
    /// Print recorded traces as NDJSON, oldest first: one line per trace, its metadata and
    /// its task document (`task`), the form `history import` reads
    #[command(override_usage = "gwtrace history export [SERIAL] [--dest D] [--since DURATION]")]
    Export(Filters),
    /// Record traces saved with --json (task documents, a fleet's NDJSON, an export) under
    /// the profile in use
    #[command(override_usage = "gwtrace history import [--serial SN] FILE...")]
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files saved with --json or by `history export`; - for stdin
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,

    /// The device of task documents saved alone (a fleet line or an export names its own)
    #[arg(long, value_name = "SN", value_parser = Serial::parse)]
    pub serial: Option<Serial>,
}

/// How to print a trace: `-o`, `--json` or `--raw`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(short, long, value_enum, value_name = "FORMAT", group = "format")]
    pub output: Option<Format>,

    /// Short for `-o json`: the task document as the API returned it
    #[arg(long, group = "format")]
    pub json: bool,

    /// Short for `-o raw`: the device's own traceroute text
    #[arg(long, group = "format")]
    pub raw: bool,
}

impl OutputArgs {
    /// The format chosen by `-o`, `--json` or `--raw` (clap keeps them exclusive).
    pub fn format(&self) -> Format {
        format(self.output, self.json, self.raw)
    }
}

/// The format chosen by `-o`, `--json` or `--raw`; `table` when none.
pub(super) fn format(output: Option<Format>, json: bool, raw: bool) -> Format {
    match (output, json, raw) {
        (Some(format), _, _) => format,
        (None, true, _) => Format::Json,
        (None, _, true) => Format::Raw,
        _ => Format::Table,
    }
}

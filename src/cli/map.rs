//! The arguments of `gwtrace map`.

use std::path::PathBuf;

use clap::Args;

use crate::ids::Serial;
use crate::map::MapFormat;

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Traces to draw: files saved with --json (a task document, or a fleet's NDJSON from
    /// `start --serials-file … --json`; - reads stdin), or @last, @prev, @ID from the history
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The devices whose @last or @prev traces to draw, one serial per line (- reads stdin);
    /// without INPUT, each one's latest recorded trace
    #[arg(long, value_name = "FILE")]
    pub serials_file: Option<PathBuf>,

    /// A device whose @last or @prev trace to draw (repeatable); without INPUT, its latest
    /// recorded trace
    #[arg(long, value_name = "SERIAL", value_parser = Serial::parse)]
    pub serial: Vec<Serial>,

    /// With @last, @prev or --serials-file: only traces to this destination
    #[arg(long, value_name = "DESTINATION")]
    pub dest: Option<String>,

    /// Output format
    #[arg(short, long, value_enum, value_name = "FORMAT", default_value = "html")]
    pub output: MapFormat,
}

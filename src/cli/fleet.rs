//! `start --serials-file`: the fleet options, and which device(s) a `start` traces from.

use std::path::PathBuf;

use clap::Args;

use super::StartArgs;
use crate::ids::Serial;
use crate::validate;

/// What `start` traces from: one device, or every device of a file.
#[derive(Debug)]
pub enum Target {
    One { serial: Serial, destination: String },
    Fleet { file: PathBuf, destination: String },
}

impl StartArgs {
    /// The device(s) and destination; a serial given with `--serials-file` is a usage error.
    pub fn target(&self) -> Result<Target, String> {
        target("start", &self.first, self.second.as_deref(), &self.fleet)
    }
}

impl super::WatchArgs {
    /// The device(s) and destination, as `start` reads them.
    pub fn target(&self) -> Result<Target, String> {
        let first = self.first.as_deref().unwrap_or_default();
        target("watch", first, self.second.as_deref(), &self.fleet)
    }
}

/// `SERIAL DESTINATION`, or `--serials-file FILE DESTINATION`.
pub(super) fn target(
    command: &str,
    first: &str,
    second: Option<&str>,
    fleet: &FleetArgs,
) -> Result<Target, String> {
    {
        let invalid = |what: &str, value: &str, why: String| {
            format!("invalid value '{value}' for '<{what}>': {why}")
        };
        let destination = |value: &str| {
            validate::destination(value).map_err(|why| invalid("DESTINATION", value, why))
        };
        match (&fleet.serials_file, second) {
            (Some(_), Some(_)) => Err(format!(
                "give either a SERIAL or --serials-file, not both: \
                 gwtrace {command} --serials-file FILE DESTINATION"
            )),
            (Some(file), None) => Ok(Target::Fleet {
                file: file.clone(),
                destination: destination(first)?,
            }),
            (None, Some(second)) => Ok(Target::One {
                serial: Serial::parse(first).map_err(|why| invalid("SERIAL", first, why))?,
                destination: destination(second)?,
            }),
            (None, None) => Err("the DESTINATION is missing".to_owned()),
        }
    }
}

/// Tracing from many devices at once (`start --serials-file`).
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Fleets")]
pub struct FleetArgs {
    /// Trace from every device in FILE: one serial per line, # comments (- reads stdin)
    #[arg(long, value_name = "FILE")]
    pub serials_file: Option<PathBuf>,

    /// How many devices to trace at once
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,

    /// Requests per second for the whole run, every request counted [default with
    /// --serials-file: 5]
    #[arg(long, value_name = "N", value_parser = validate::rate)]
    pub max_rate: Option<f64>,
}

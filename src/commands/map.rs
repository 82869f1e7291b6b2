//! `gwtrace map INPUT…`: saved traces, fleet results and recorded traces drawn as one graph.

use std::path::PathBuf;

use crate::cli::{GlobalArgs, MapArgs};
use crate::error::{Error, Result};
use crate::ids::Serial;
use crate::map::{Graph, MapFormat, Trace};
use crate::path::Path;
use crate::ui::Ui;

use super::saved::{is_stdin, load_for_map, Subject};

pub async fn run(global: &GlobalArgs, args: &MapArgs, ui: &Ui) -> Result<()> {
    let readers = args.inputs.iter().filter(|p| is_stdin(p)).count()
        + usize::from(args.serials_file.as_deref().is_some_and(is_stdin));
    if readers > 1 {
        return Err(Error::Usage(
            "only one INPUT (or --serials-file) can be - (stdin)".to_owned(),
        ));
    }
    let (serials, inputs) = inputs(args, ui).await?;
    let subject = Subject {
        serials: &serials,
        destination: args.dest.as_deref(),
        global,
    };
    let mut drawn: Vec<(String, Path)> = Vec::new();
    let mut failed: Vec<(String, String)> = Vec::new();
    for input in &inputs {
        let (baseline, skipped) = load_for_map(input, subject).await?;
        if baseline.per_device {
            for serial in &serials {
                if !baseline
                    .traces
                    .iter()
                    .any(|t| t.serial.as_deref() == Some(serial.as_str()))
                {
                    let to = args
                        .dest
                        .as_deref()
                        .map(|d| format!(" to {d}"))
                        .unwrap_or_default();
                    let why = format!("the history holds no {} trace of it{to}", baseline.name);
                    ui.say(&format!("{serial}: {why}; it is left out of the map"));
                    failed.push((serial.to_string(), why));
                }
            }
        }
        for saved in baseline.traces {
            // A task document names no device: its file's name stands for it.
            let name = saved.serial.unwrap_or_else(|| {
                let file = std::path::Path::new(&baseline.name).file_name();
                file.map_or(baseline.name.clone(), |f| f.to_string_lossy().into_owned())
            });
            let name = unique(name, &baseline.name, &drawn);
            drawn.push((name, saved.path));
        }
        failed.extend(skipped);
    }
    if drawn.is_empty() {
        return Err(Error::other(
            "nothing to draw: no input holds a completed trace",
        ));
    }
    let traces: Vec<Trace> = drawn
        .iter()
        .map(|(source, path)| Trace { source, path })
        .collect();
    let graph = Graph::build(&traces, &failed);
    if ui.term.stdout_tty && args.output != MapFormat::Dot {
        ui.say("the map is a file for a browser: save it with `> map.html` (or -o svg > map.svg)");
    }
    super::print_with(|out| crate::map::write(&graph, args.output, out))
}

/// The devices named for @last and @prev, and the inputs to draw: @last of each device when
/// only devices are named.
async fn inputs(args: &MapArgs, ui: &Ui) -> Result<(Vec<Serial>, Vec<PathBuf>)> {
    let mut serials: Vec<Serial> = args.serial.clone();
    if let Some(file) = &args.serials_file {
        for serial in super::fleet::read_serials(file, ui).await? {
            if !serials.contains(&serial) {
                serials.push(serial);
            }
        }
    }
    let inputs = match (args.inputs.as_slice(), serials.is_empty()) {
        ([], true) => {
            return Err(Error::Usage(
                "nothing to draw: give INPUT… (files saved with --json, @last, @ID), or \
                 --serials-file F for each device's latest recorded trace"
                    .to_owned(),
            ))
        }
        ([], false) => vec![PathBuf::from("@last")],
        (inputs, _) => inputs.to_vec(),
    };
    Ok((serials, inputs))
}

/// A source's name, told apart from an earlier one of the same name by its input.
fn unique(name: String, input: &str, drawn: &[(String, Path)]) -> String {
    if drawn.iter().any(|(n, _)| *n == name) {
        format!("{name} ({input})")
    } else {
        name
    }
}

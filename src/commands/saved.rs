//! Traces saved earlier with `--json`: read from a file or stdin for `--expect-path` and
//! `diff`, and the path checks of a command line made ready before anything is sent.

use std::io::Read;
use std::path::Path as FsPath;

use crate::checks::baseline::{self, Baseline};
use crate::checks::Checks;
use crate::cli::ChecksArgs;
use crate::error::{Error, Result};
use crate::ids::Serial;

/// The most a saved document may hold: the API's own limit on a task document.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The checks of `args`, with `--expect-path`'s file read now: a bad file fails before a
/// traceroute is started or a request is sent. With `serial` (one device), a fleet file must
/// hold that device's line.
pub async fn checks(args: &ChecksArgs, serial: Option<&Serial>) -> Result<Checks> {
    let path = match &args.expect_path {
        Some(file) => {
            let baseline = load(file).await?;
            if let Some(serial) = serial {
                baseline
                    .for_serial(Some(serial.as_str()))
                    .map_err(|why| Error::other(format!("--expect-path: {why}")))?;
            }
            Some(baseline)
        }
        None => None,
    };
    Ok(Checks {
        reach: args.expect_reach,
        via: args.expect_via.clone(),
        max_rtt_ms: args.max_rtt,
        max_loss: args.max_loss,
        path,
    })
}

/// The bytes of `file` (`-`: stdin) and the name to show it under; more than `max` bytes is
/// an error saying so, not a silent cut. Standard input is read on a thread of its own, so
/// that Ctrl-C still ends the run while gwtrace waits for input that does not come.
pub async fn read_input(file: &FsPath, max: u64) -> (String, std::result::Result<Vec<u8>, String>) {
    let limited = move |reader: &mut dyn Read| {
        let mut bytes = Vec::new();
        reader.take(max + 1).read_to_end(&mut bytes).map(|_| bytes)
    };
    let (name, read) = if file.as_os_str() == "-" {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        // Never joined: a thread blocked on a silent stdin ends with the process.
        std::thread::spawn(move || {
            let _ = sender.send(limited(&mut std::io::stdin().lock()));
        });
        let read = receiver
            .await
            .unwrap_or_else(|_| Err(std::io::Error::other("stdin could not be read")));
        ("stdin".to_owned(), read)
    } else {
        let read = std::fs::File::open(file).and_then(|mut f| limited(&mut f));
        (file.display().to_string(), read)
    };
    let bytes = match read {
        Err(e) => Err(e.to_string()),
        Ok(bytes) if bytes.len() as u64 > max => {
            Err(format!("it is larger than {} MiB", max / (1024 * 1024)))
        }
        Ok(bytes) => Ok(bytes),
    };
    (name, bytes)
}

/// The saved traces in `file` (`-`: stdin): a task document or a fleet's NDJSON. Anything
/// else is exit 1 naming the file and saying why.
pub async fn load(file: &FsPath) -> Result<Baseline> {
    let (name, read) = read_input(file, MAX_BYTES).await;
    let fail = |why: String| Error::other(format!("cannot use {name} as a saved trace: {why}"));
    let bytes = read.map_err(fail)?;
    let traces = baseline::read(&bytes).map_err(fail)?;
    Ok(Baseline { name, traces })
}

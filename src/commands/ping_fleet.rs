//! `gwtrace ping --serials-file FILE DESTINATION`: a ping from every device of a file, a
//! bounded number at once, every request under one shared budget; each device's result
//! printed in file order as soon as it can be (as `start --serials-file` does), one exit
//! code for the fleet.

use std::path::Path as FsPath;

use serde_json::Value;
use tokio::time::Instant;

use crate::api::Client;
use crate::checks::Checks;
use crate::cli::{GlobalArgs, PingArgs};
use crate::error::{Error, Result};
use crate::follow::{self, again_test, Following};
use crate::ids::{Serial, Test};
use crate::outcome::Outcome;
use crate::ping::Ping;
use crate::render::fleet::FleetWriter;
use crate::render::Style;
use crate::task::Status;
use crate::ui::{FleetProgress, Ui};

use super::fleet::{read_serials, Connected, Printer};
use super::record::Recorder;

/// What every device of the run shares.
struct Run<'a> {
    client: &'a Client,
    body: &'a Value,
    checks: &'a Checks,
    destination: &'a str,
    interval: std::time::Duration,
    timeout: std::time::Duration,
    progress: &'a FleetProgress,
    recorder: &'a Recorder,
    ui: &'a Ui,
}

pub async fn run(
    global: &GlobalArgs,
    args: &PingArgs,
    file: &FsPath,
    destination: &str,
    ui: &Ui,
) -> Result<()> {
    if args.wait.no_wait {
        return Err(Error::Usage(
            "--no-wait does not go with --serials-file: a fleet run waits for every device \
             (use --timeout to bound it)"
                .to_owned(),
        ));
    }
    let format = args.wait.format();
    super::ping::formats(format)?;
    let serials = read_serials(file, ui).await?;
    let Connected {
        client,
        recorder,
        timeout,
        interval,
    } = super::fleet::connect(global, &args.wait, args.fleet.max_rate, ui)?;
    let checks = super::ping::checks(&args.checks, client.device())?;
    let body = super::ping::options(args)
        .body(client.device(), destination)
        .map_err(Error::Usage)?;
    let progress = ui.fleet(serials.len());
    let run = Run {
        client: &client,
        body: &body,
        checks: &checks,
        destination,
        interval,
        timeout,
        progress: &progress,
        recorder: &recorder,
        ui,
    };
    let names: Vec<&str> = serials.iter().map(Serial::as_str).collect();
    let writer = FleetWriter::new(format, Style::for_stdout(&ui.term), &names).for_pings();
    let printer = Printer::new(writer, serials.len(), ui, &progress);
    let each = |serial| one(&run, serial);
    printer.each(&serials, args.fleet.concurrency, each).await
}

/// Starts, follows and judges one device's ping; never fails the run.
async fn one(run: &Run<'_>, serial: &Serial) -> Outcome {
    let line = run.progress.begin(serial.as_str());
    let deadline = Instant::now() + run.timeout;
    let started = run
        .client
        .start_test(Test::Ping, serial, run.body.clone(), deadline)
        .await;
    let task_id = match started {
        Ok(started) => started.task_id,
        Err(err) => {
            line.end(false);
            return Outcome::not_started(serial, &err);
        }
    };
    let again = again_test(Test::Ping, run.client.device(), serial, &task_id);
    run.ui.started(task_id.as_str(), &again);
    let following = Following {
        wait: true,
        interval: run.interval,
        timeout: run.timeout,
        deadline,
    };
    let progress = |task: &crate::task::Task| line.update(task.status.label(), task.progress);
    let polled = follow::poll(
        run.client,
        Test::Ping,
        serial,
        &task_id,
        following,
        progress,
    )
    .await;
    if let Some(fetched) = &polled.fetched {
        let asked = Some(run.destination);
        run.recorder
            .record_ping(serial, &task_id, fetched, asked, run.ui);
    }
    run.ui.finished(task_id.as_str());
    let completed = polled
        .fetched
        .as_ref()
        .filter(|f| f.task.status == Status::Completed);
    let read = completed.map(|f| Ping::of_fetched(f, run.client.device()));
    let (ended, ping) = match (polled.ended, read) {
        (Ok(()), Some(Err(why))) => (
            Err(Error::other(format!("the ping task completed, but {why}"))),
            None,
        ),
        (ended, read) => (ended, read.and_then(Result::ok)),
    };
    let checks = match (&ended, &ping) {
        (Ok(()), Some(ping)) => crate::ping::checks::failures(ping, run.checks, run.destination),
        _ => Vec::new(),
    };
    let outcome = Outcome::of_ping(serial, &task_id, polled.fetched, ended, ping, checks);
    line.end(outcome.exit_code == 0);
    outcome
}

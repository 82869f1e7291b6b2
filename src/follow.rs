//! Following one task (a traceroute, or a ping: [`poll`]) to its end and judging its path: the one result that
//! `status`, `start` and fleets render (and that a record or an exporter reads), made without
//! printing anything. Progress goes to a callback.

use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use crate::api::{Client, StartOptions};
use crate::checks::Checks;
use crate::error::Error;
use crate::ids::{Device, Serial, TaskId, Test};
use crate::outcome::Trace;
use crate::path::Path;
use crate::task::{Fetched, Status, Task};
use crate::wait::{self, Plan};

/// The last poll is made at the deadline itself; this is how long its answer may take, so
/// that a deadline of 5 s ends within 6 s whatever the server does.
pub const LAST_POLL: Duration = Duration::from_secs(1);

/// How to follow a task: whether to wait, how often to ask, and until when.
#[derive(Debug, Clone, Copy)]
pub struct Following {
    pub wait: bool,
    pub interval: Duration,
    /// The whole wait, for the message when it runs out.
    pub timeout: Duration,
    pub deadline: Instant,
}

/// What polling a task to its end found, whatever the test.
#[derive(Debug)]
pub struct Polled {
    /// The last document received, whatever the outcome.
    pub fetched: Option<Fetched>,
    /// How the task ended: `Ok` when it completed.
    pub ended: Result<(), Error>,
    pub began: SystemTime,
    pub took: Duration,
}

/// Polls a `test` task until it ends (or once, or until the deadline); says nothing but
/// progress.
pub async fn poll(
    client: &Client,
    test: Test,
    serial: &Serial,
    task_id: &TaskId,
    following: Following,
    progress: impl Fn(&Task),
) -> Polled {
    let began = SystemTime::now();
    let clock = Instant::now();
    let plan = Plan {
        wait: following.wait,
        interval: following.interval,
        deadline: following.deadline,
    };
    let mut last: Option<Fetched> = None;
    let poll = || client.task_of(test, serial, task_id, following.deadline + LAST_POLL);
    let waited = wait::wait(poll, plan, progress, &mut last).await;
    let again = again_test(test, client.device(), serial, task_id);
    let ended = waited.and_then(|ending| {
        let fetched = last
            .as_ref()
            .expect("a finished wait has received a document");
        wait::verdict(fetched, test, ending, following.timeout, &again)
    });
    Polled {
        fetched: last,
        ended,
        began,
        took: clock.elapsed(),
    }
}

/// Polls `task_id` until it ends (or once, or until the deadline), then judges its path with
/// `checks`. The merged view is made when `want_path` or when there are checks.
pub async fn follow(
    client: &Client,
    serial: &Serial,
    task_id: &TaskId,
    following: Following,
    checks: &Checks,
    want_path: bool,
    progress: impl Fn(&Task),
) -> Trace {
    let polled = poll(
        client,
        Test::Traceroute,
        serial,
        task_id,
        following,
        progress,
    )
    .await;
    let last = polled.fetched;
    let completed = last.as_ref().filter(|f| f.task.status == Status::Completed);
    let path = completed
        .filter(|_| want_path || !checks.is_empty())
        .map(|f| Path::of(&f.task));
    let failures = match (&polled.ended, &path) {
        (Ok(()), Some(path)) => checks.failures(path, Some(serial.as_str())),
        _ => Vec::new(),
    };
    let outcome = match polled.ended {
        Ok(()) if !failures.is_empty() => Err(Error::ChecksFailed(failures.len())),
        other => other,
    };
    Trace {
        serial: serial.clone(),
        task_id: task_id.clone(),
        fetched: last,
        path,
        failures,
        outcome,
        began: polled.began,
        took: polled.took,
        hop_pings: None,
    }
}

/// Starts a traceroute from `serial` and follows it like [`follow`]; `started` hears of the
/// task id as soon as there is one (so that an interruption can name it). An error is the
/// start's: the device ran no task.
#[allow(clippy::too_many_arguments)]
pub async fn start_and_follow(
    client: &Client,
    serial: &Serial,
    destination: &str,
    options: &StartOptions,
    following: Following,
    checks: &Checks,
    progress: impl Fn(&Task),
    started: impl FnOnce(&TaskId),
) -> Result<Trace, Error> {
    let task_id = client
        .start(serial, destination, options, following.deadline)
        .await?
        .task_id;
    started(&task_id);
    Ok(follow(client, serial, &task_id, following, checks, true, progress).await)
}

/// The command that reads a traceroute task later.
pub fn again(device: Device, serial: &Serial, task_id: &TaskId) -> String {
    again_test(Test::Traceroute, device, serial, task_id)
}

/// The command that reads a task of `test` later.
pub fn again_test(test: Test, device: Device, serial: &Serial, task_id: &TaskId) -> String {
    let test = match test {
        Test::Traceroute => "",
        Test::Ping => " --test ping",
    };
    match device {
        Device::Gateway => format!("gwtrace status{test} {serial} {task_id}"),
        device => format!("gwtrace status{test} --device {device} {serial} {task_id}"),
    }
}

//! Polls a task until it finishes, the deadline passes, or just once (`--no-wait`), and
//! turns how it ended into the command's outcome. Progress goes to a callback.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};
use crate::ids::Test;
use crate::task::{Fetched, Status, Task};

/// How the waiting stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The task reached a terminal status.
    Finished,
    /// `--no-wait` and the task was still in progress.
    NotWaiting,
    /// The deadline passed while the task was in progress.
    GaveUp,
}

#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub wait: bool,
    pub interval: Duration,
    pub deadline: Instant,
}

/// Calls `poll` until the task is terminal or the plan says stop, telling `progress` of each
/// task still running while waiting. Every document received is left in `last`, so that it
/// can be printed even when a later poll fails.
pub async fn wait<F, Fut>(
    mut poll: F,
    plan: Plan,
    progress: impl Fn(&Task),
    last: &mut Option<Fetched>,
) -> Result<Ending>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Fetched>>,
{
    loop {
        let fetched = poll().await?;
        let terminal = fetched.task.status.is_terminal();
        if !terminal && plan.wait {
            progress(&fetched.task);
        }
        *last = Some(fetched);
        if terminal {
            return Ok(Ending::Finished);
        }
        if !plan.wait {
            return Ok(Ending::NotWaiting);
        }
        let now = Instant::now();
        if now >= plan.deadline {
            return Ok(Ending::GaveUp);
        }
        // The last poll lands on the deadline itself rather than after it.
        tokio::time::sleep(plan.interval.min(plan.deadline - now)).await;
    }
}

/// The outcome a script sees for how a task ended; `again` is the command that checks later.
pub fn verdict(
    fetched: &Fetched,
    test: Test,
    ending: Ending,
    timeout: Duration,
    again: &str,
) -> Result<()> {
    let task = &fetched.task;
    match ending {
        Ending::NotWaiting => Err(Error::StillRunning),
        Ending::GaveUp => Err(Error::TimedOut {
            waited: timeout,
            status: task.status.label().to_owned(),
            progress: task.progress,
            again: again.to_owned(),
        }),
        Ending::Finished => match &task.status {
            Status::Completed => Ok(()),
            Status::Failed => Err(Error::TaskFailed {
                test,
                reason: task.fail_reason.clone(),
            }),
            other => Err(Error::other(format!(
                "the task ended with status '{}', which gwtrace does not know",
                other.label()
            ))),
        },
    }
}

#[cfg(test)]
mod tests;

//! Unit tests for the polling loop, on tokio's paused clock (no real waiting).

use std::cell::RefCell;
use std::time::Duration;

use tokio::time::Instant;

use serde_json::json;

use crate::ids::Test;

use super::*;

/// A progress callback that shows nothing.
fn quiet(_: &Task) {}

fn doc(status: &str) -> Fetched {
    Fetched::from_document(json!({"status": status, "progressPercent": 50})).unwrap()
}

fn plan(wait: bool, timeout: Duration) -> Plan {
    Plan {
        wait,
        interval: Duration::from_secs(5),
        deadline: Instant::now() + timeout,
    }
}

#[tokio::test(start_paused = true)]
async fn polls_until_the_task_is_terminal() {
    let answers = RefCell::new(vec![doc("COMPLETED"), doc("RUNNING"), doc("INITIATED")]);
    let mut last = None;
    let poll = || {
        let next = answers.borrow_mut().pop().unwrap();
        async move { Ok(next) }
    };
    let ending = wait(poll, plan(true, Duration::from_secs(600)), quiet, &mut last)
        .await
        .unwrap();
    assert_eq!(ending, Ending::Finished);
    assert!(answers.borrow().is_empty(), "three polls were made");
    assert_eq!(last.unwrap().task.status, Status::Completed);
}

#[tokio::test(start_paused = true)]
async fn no_wait_polls_exactly_once() {
    let calls = RefCell::new(0);
    let mut last = None;
    let poll = || {
        *calls.borrow_mut() += 1;
        async { Ok(doc("RUNNING")) }
    };
    let ending = wait(
        poll,
        plan(false, Duration::from_secs(600)),
        quiet,
        &mut last,
    )
    .await
    .unwrap();
    assert_eq!(ending, Ending::NotWaiting);
    assert_eq!(*calls.borrow(), 1);
}

#[tokio::test(start_paused = true)]
async fn gives_up_at_the_deadline_after_a_last_poll_on_it() {
    let calls = RefCell::new(0);
    let mut last = None;
    let poll = || {
        *calls.borrow_mut() += 1;
        async { Ok(doc("RUNNING")) }
    };
    let ending = wait(poll, plan(true, Duration::from_secs(12)), quiet, &mut last)
        .await
        .unwrap();
    assert_eq!(ending, Ending::GaveUp);
    // Polls at 0s, 5s, 10s and the deadline (12s).
    assert_eq!(*calls.borrow(), 4);
}

#[test]
fn verdicts_follow_the_contract() {
    let t = Duration::from_secs(600);
    assert!(verdict(
        &doc("COMPLETED"),
        Test::Traceroute,
        Ending::Finished,
        t,
        "x"
    )
    .is_ok());
    let code = |d: &Fetched, e| {
        verdict(d, Test::Traceroute, e, t, "again")
            .unwrap_err()
            .exit_code()
    };
    assert_eq!(code(&doc("FAILED"), Ending::Finished), 6);
    assert_eq!(code(&doc("CANCELLED"), Ending::Finished), 1);
    assert_eq!(code(&doc("RUNNING"), Ending::GaveUp), 7);
    assert_eq!(code(&doc("RUNNING"), Ending::NotWaiting), 8);
    let gave_up = verdict(
        &doc("RUNNING"),
        Test::Traceroute,
        Ending::GaveUp,
        t,
        "gwtrace status A B",
    )
    .unwrap_err();
    let message = gave_up.to_string();
    assert!(message.contains("10m"), "{message}");
    assert!(message.contains("gwtrace status A B"));
}

#[test]
fn a_failed_task_is_named_by_its_test() {
    let t = Duration::from_secs(600);
    let failed = verdict(&doc("FAILED"), Test::Ping, Ending::Finished, t, "x").unwrap_err();
    assert!(
        failed.to_string().starts_with("the ping failed: "),
        "{failed}"
    );
}

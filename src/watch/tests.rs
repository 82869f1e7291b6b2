//! The events of a watch from rounds made of the reference trace and its variants.

use std::time::{Duration, SystemTime};

use super::*;
use crate::error::Error;
use crate::ids::{Serial, TaskId};
use crate::task::Fetched;

fn trace(name: &str, failures: &[&str]) -> Trace {
    let file = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let document = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let fetched = Fetched::from_document(document).unwrap();
    let path = Some(Path::of(&fetched.task));
    let failures: Vec<String> = failures.iter().map(|f| (*f).to_owned()).collect();
    Trace {
        serial: Serial::parse("CN1").unwrap(),
        task_id: TaskId::parse("T").unwrap(),
        fetched: Some(fetched),
        path,
        outcome: if failures.is_empty() {
            Ok(())
        } else {
            Err(Error::ChecksFailed(failures.len()))
        },
        failures,
        began: SystemTime::now(),
        took: Duration::ZERO,
        hop_pings: None,
    }
}

fn changes(events: &[Event]) -> Vec<&Event> {
    events.iter().filter(|e| e.is_change()).collect()
}

#[test]
fn a_path_change_is_one_event_with_the_hop_level_difference() {
    let mut state = DeviceState::new("gateway", "db");
    let first = state.update(Ok(&trace("seed-completed", &[])), None);
    assert!(changes(&first).is_empty(), "{first:?}");
    assert!(changes(&state.update(Ok(&trace("seed-ecmp-alternate", &[])), None)).is_empty());
    let changed = state.update(Ok(&trace("seed-changed", &[])), None);
    let news = changes(&changed);
    assert_eq!(news.len(), 1, "{changed:?}");
    let Event::PathChanged { differences, .. } = news[0] else {
        panic!("{news:?}")
    };
    assert_eq!(differences, &["hop 4 was 10.186.128.4, now 10.186.130.9"]);
    assert!(news[0].describe().starts_with("path changed ("));
    assert_eq!(state.metrics.changes, 1);
}

#[test]
fn reached_and_checks_are_events_when_they_turn() {
    let mut state = DeviceState::new("gateway", "db");
    state.update(Ok(&trace("seed-completed", &[])), None);
    let lost = state.update(Ok(&trace("seed-unreached", &["not reached"])), None);
    assert!(lost.contains(&Event::NotReached), "{lost:?}");
    assert!(lost.contains(&Event::ChecksFailing {
        checks: vec!["not reached".into()]
    }));
    assert_eq!(state.metrics.reached, Some(false));
    let still = state.update(Ok(&trace("seed-unreached", &["not reached"])), None);
    assert!(changes(&still).is_empty(), "no news twice: {still:?}");
    let back = state.update(Ok(&trace("seed-completed", &[])), None);
    assert!(back.contains(&Event::Reached) && back.contains(&Event::ChecksPassing));
}

#[test]
fn an_error_is_an_event_and_keeps_what_was_known() {
    let mut state = DeviceState::new("gateway", "db");
    state.update(Ok(&trace("seed-completed", &[])), None);
    let events = state.update(Err(("rate limited", 9)), None);
    assert_eq!(
        events,
        [Event::Error {
            message: "rate limited".into(),
            exit_code: 9
        }]
    );
    assert!(!state.metrics.success);
    // The next good round compares with the last good one.
    assert!(changes(&state.update(Ok(&trace("seed-completed", &[])), None)).is_empty());
}

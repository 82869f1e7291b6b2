//! Unit tests of `pathping`: what is pinged, and how loss at a hop is told from loss
//! through it.

use serde_json::json;

use super::*;
use crate::ids::Device;
use crate::task::Task;

/// A path of `addresses` (one responder a hop; `None` a silent hop) to `target`.
fn path(addresses: &[Option<&str>], target: &str) -> Path {
    let hops: Vec<_> = addresses
        .iter()
        .enumerate()
        .map(|(n, a)| {
            let probes = match a {
                Some(a) => vec![json!({"ipAddress": a, "responseTimeMilliseconds": "1 ms"}); 3],
                None => Vec::new(),
            };
            json!({"hop": (n + 1).to_string(), "probes": probes})
        })
        .collect();
    let task = Task::from_document(&json!({"status": "COMPLETED",
        "output": {"destination": target, "hops": hops}}))
    .unwrap();
    Path::of(&task)
}

/// A ping result with `lost` of `sent` echoes lost.
fn measured(target: &str, sent: u32, lost: u32) -> Measured {
    let replies: Vec<_> = (1..=sent - lost)
        .map(|seq| {
            json!({"sentPacketIcmpSequenceNumber": seq.to_string(),
                          "sentPacketTimeMilliseconds": "1.5"})
        })
        .collect();
    let document = json!({"status": "COMPLETED", "output": {
        "transmittedPacketsCount": sent.to_string(), "replies": replies}});
    Measured {
        target: target.into(),
        task_id: None,
        fetched: None,
        ping: Ping::of(&document, Device::Cx),
    }
}

/// Four hops, the last the destination.
fn four_hops() -> Path {
    let hops = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "192.0.2.9"].map(Some);
    path(&hops, "192.0.2.9")
}

fn pinged(path: &Path, losses: &[u32]) -> PathPing {
    let (hops, targets) = plan(path, "x");
    let measured = targets
        .iter()
        .zip(losses)
        .map(|(t, lost)| measured(t, 20, *lost))
        .collect();
    PathPing {
        count: 20,
        hops,
        measured,
    }
}

#[test]
fn every_distinct_responder_is_pinged_once_and_an_unreached_destination_too() {
    let path = path(
        &[Some("10.0.0.1"), None, Some("10.0.0.3"), Some("10.0.0.1")],
        "192.0.2.9",
    );
    let (hops, targets) = plan(&path, "192.0.2.9");
    assert_eq!(targets, ["10.0.0.1", "10.0.0.3", "192.0.2.9"]);
    assert_eq!(hops.len(), 5, "four hops and the destination past them");
    assert!(hops[1].spots.is_empty());
    assert_eq!(hops[3].spots[0].measured, 0, "pinged once, shown twice");
    assert!(hops[4].destination && hops[4].number.is_none());
    let reached = super::tests::path(&[Some("10.0.0.1"), Some("192.0.2.9")], "192.0.2.9");
    let (hops, targets) = plan(&reached, "192.0.2.9");
    assert_eq!((hops.len(), targets.len()), (2, 2));
    assert!(hops[1].destination);
}

#[test]
fn loss_at_a_hop_that_later_hops_do_not_show_is_its_own() {
    let path = four_hops();
    let limiting = pinged(&path, &[0, 8, 0, 0]);
    let analysis = limiting.analysis();
    assert_eq!(analysis.loss[1][0], Some((40.0, 0.0)));
    assert_eq!(analysis.loss[3][0], Some((0.0, 0.0)));
    let notes = limiting.notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("hop 2 (10.0.0.2) left 40% of pings to itself unanswered"));
    assert!(notes[0].contains("not loss of forwarded traffic"));
    assert_eq!(limiting.destination().unwrap().loss(), Some(0.0));
}

#[test]
fn loss_that_carries_on_to_the_destination_is_forwarded_loss() {
    let path = four_hops();
    let lossy = pinged(&path, &[0, 0, 2, 2]);
    let analysis = lossy.analysis();
    assert_eq!(analysis.loss[2][0], Some((10.0, 10.0)));
    let notes = lossy.notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("forwarded loss begins at hop 3 (10.0.0.3): 10%"));
    // Both at once: a limiting router beyond the lossy link.
    let both = pinged(&path, &[0, 2, 8, 2]);
    let analysis = both.analysis();
    assert_eq!(analysis.loss[2][0], Some((40.0, 10.0)));
    assert_eq!(analysis.loss[1][0], Some((10.0, 10.0)));
    assert_eq!(both.notes().len(), 2, "{:?}", both.notes());
}

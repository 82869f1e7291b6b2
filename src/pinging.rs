//! Running pings from a device: one target ([`ping_one`], `watch --ping`), or every responder
//! of a traced path from the device that traced it ([`ping_path`], `--hop-pings`): a few pings at
//! once per device, every request under the client's shared budget, each ping followed to
//! its end like any task. Nothing is printed; progress goes to a callback.

use futures_util::stream::{self, StreamExt};
use tokio::time::Instant;

use crate::api::{AosSource, Client, PingOptions, StartOptions};
use crate::follow::{self, Following};
use crate::ids::{Serial, Test};
use crate::path::Path;
use crate::pathping::{plan, Measured, PathPing};
use crate::ping::Ping;
use crate::task::Status;

/// Pings of one device that run at once: enough that a path of 10 hops (and ECMP) is pinged in
/// one wave, so that the request budget, not waves, sets the pace (`benches/perf.py --ping`,
/// 9 hops: 4 at once 6.2 s, 8 at once 6.0 s, 16 at once 5.0 s for 21 requests at 5 a second);
/// a bound, so that a long path does not ask a device to run dozens of tests together.
pub const PER_DEVICE: usize = 16;

/// How the pings of one path are run.
#[derive(Clone)]
pub struct Pinging<'a> {
    pub client: &'a Client,
    pub serial: &'a Serial,
    /// Echoes per responder.
    pub count: u8,
    /// The traceroute's start options: a ping goes out the same way (VRF, source).
    pub like: &'a StartOptions,
    pub interval: std::time::Duration,
    pub timeout: std::time::Duration,
}

/// Pings every responder of `path` (and its destination) and gathers the results; `done`
/// hears how many of how many have finished. `early` is the destination's ping when one was
/// made while the trace ran: it stands for the destination instead of another.
pub async fn ping_path(
    pinging: &Pinging<'_>,
    path: &Path,
    asked: &str,
    early: Option<Measured>,
    done: impl Fn(usize, usize),
) -> PathPing {
    let (hops, targets) = plan(path, asked);
    let mut made: Vec<Option<Measured>> = vec![None; targets.len()];
    let destination = hops.iter().rev().find(|h| h.destination);
    if let Some(spot) = destination.and_then(|h| h.spots.first()) {
        made[spot.measured] = early;
    }
    let total = targets.len();
    let finished = std::sync::atomic::AtomicUsize::new(0);
    done(0, total);
    let measured: Vec<Measured> = stream::iter(targets.into_iter().zip(made))
        .map(|(target, made)| {
            let (finished, done) = (&finished, &done);
            async move {
                let measured = match made {
                    Some(made) => made,
                    None => ping_one(pinging, target).await,
                };
                let count = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                done(count, total);
                measured
            }
        })
        .buffered(PER_DEVICE)
        .collect()
        .await;
    PathPing {
        count: pinging.count,
        hops,
        measured,
    }
}

/// One responder's ping, started and followed to its end; any error is kept in words.
pub async fn ping_one(pinging: &Pinging<'_>, target: String) -> Measured {
    let client = pinging.client;
    let failed = |why: String, task_id, fetched| Measured {
        target: target.clone(),
        task_id,
        fetched,
        ping: Err(why),
    };
    let body = match options(pinging).body(client.device(), &target) {
        Ok(body) => body,
        Err(why) => return failed(why, None, None),
    };
    let deadline = Instant::now() + pinging.timeout;
    let started = client
        .start_test(Test::Ping, pinging.serial, body, deadline)
        .await;
    let task_id = match started {
        Ok(started) => started.task_id,
        Err(err) => return failed(err.to_string(), None, None),
    };
    let following = Following {
        wait: true,
        interval: pinging.interval,
        timeout: pinging.timeout,
        deadline,
    };
    let polled = follow::poll(
        client,
        Test::Ping,
        pinging.serial,
        &task_id,
        following,
        |_| (),
    )
    .await;
    let ping = match (&polled.ended, &polled.fetched) {
        (Ok(()), Some(fetched)) if fetched.task.status == Status::Completed => {
            Ping::of_fetched(fetched, client.device())
        }
        (Err(err), _) => Err(err.to_string()),
        _ => Err("the ping task did not complete".to_owned()),
    };
    Measured {
        target,
        task_id: Some(task_id),
        fetched: polled.fetched,
        ping,
    }
}

/// A hop's ping goes out as the traceroute did: in its VRF, from its source.
fn options(pinging: &Pinging<'_>) -> PingOptions {
    let mut options = PingOptions::count(pinging.count);
    match pinging.like {
        StartOptions::Cx {
            vrf,
            management_interface,
            ..
        } => {
            options.vrf = vrf.clone();
            options.management_interface = *management_interface;
        }
        StartOptions::AosS {
            source: Some(source),
        } => match source {
            AosSource::Loopback(port) => options.loopback_port = Some(*port),
            AosSource::Vlan(vlan) => options.vlan = Some(*vlan),
            AosSource::Ip(ip) => options.source_ip = Some(*ip),
        },
        StartOptions::Ap {
            source_interface: Some(port),
        } => options.source_interface = Some(port.clone()),
        _ => {}
    }
    options
}

//! A simulated Central on a local port: the traceroute and ping start and status calls of every
//! device family with the JSON shapes and quirks of the real API, scenarios by serial prefix, and a
//! token endpoint.

mod answer;
mod body;
mod ping;
mod route;
pub mod world;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, RETRY_AFTER};
use hyper::{Method, Request};
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::ids::{ApiVersion, Device, Test};
use answer::{error, mint, not_found, reply, Reply};
use world::{Scenario, SimTask};

/// How long a `SLOW…` task runs: longer than the default `--timeout` of ten minutes.
const SLOW_TASK: Duration = Duration::from_secs(15 * 60);
const MAX_REQUEST_BODY: usize = 64 * 1024;

/// Where request log lines go (`gwtrace sim` prints them on stderr).
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// The simulator's state, shared by every connection.
#[derive(Clone)]
pub struct Sim {
    inner: Arc<Inner>,
}

struct Inner {
    task_time: Duration,
    tasks: Mutex<HashMap<String, SimTask>>,
    /// Requests seen per serial, for `RATE…` gateways.
    counts: Mutex<HashMap<String, u64>>,
    log: Option<Log>,
    /// `--rate-limit`: requests allowed in any one second, over all serials.
    limit: Option<u32>,
    /// Arrival times within the last second, when limited.
    arrivals: Mutex<VecDeque<std::time::Instant>>,
    /// `--path-change-every N`: every N traces of a device to a destination, its path
    /// switches to the other of two.
    change_every: Option<u64>,
    /// Traces started per device and destination, for `change_every`.
    started: Mutex<HashMap<String, u64>>,
    /// `--api-version`: the only version served, as on a tenant that has not moved to `v1`
    /// (the other's routes are 404 without a device or task code); both when `None`.
    only: Option<ApiVersion>,
}

impl Sim {
    pub fn new(task_time: Duration, log: Option<Log>) -> Sim {
        Sim::limited(task_time, log, None, None)
    }

    /// A simulator that answers 429 (`Retry-After: 1`) to any request beyond `limit` in the
    /// last second, as an account's per-second limit would, and serves `only` that API
    /// version when given.
    pub fn limited(
        task_time: Duration,
        log: Option<Log>,
        limit: Option<u32>,
        only: Option<ApiVersion>,
    ) -> Sim {
        Sim {
            inner: Arc::new(Inner {
                task_time,
                tasks: Mutex::new(HashMap::new()),
                counts: Mutex::new(HashMap::new()),
                log,
                limit,
                arrivals: Mutex::new(VecDeque::new()),
                only,
                change_every: None,
                started: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Whether a request arriving now goes over `--rate-limit`.
    fn over_limit(&self) -> bool {
        let Some(limit) = self.inner.limit else {
            return false;
        };
        let Ok(mut arrivals) = self.inner.arrivals.lock() else {
            return false;
        };
        let now = std::time::Instant::now();
        while arrivals
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            arrivals.pop_front();
        }
        arrivals.push_back(now);
        arrivals.len() > limit as usize
    }

    /// Serves connections from `listener` until the future is dropped.
    pub async fn serve(self, listener: TcpListener) {
        crate::http::serve::serve(listener, move |request| {
            let sim = self.clone();
            async move { sim.handle(request).await }
        })
        .await
    }

    async fn handle(&self, req: Request<Incoming>) -> Reply {
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let bearer = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .map(str::to_owned);
        let reply = if self.over_limit() {
            let mut refused = error(429, "HPE_GRAVITY_RATE_LIMITED", "Too many requests");
            refused
                .headers_mut()
                .insert(RETRY_AFTER, "1".parse().expect("a valid header"));
            refused
        } else {
            self.answer(req, &method, &path, bearer.as_deref()).await
        };
        if let Some(log) = &self.inner.log {
            log(&format!("{method} {path} -> {}", reply.status()));
        }
        reply
    }

    async fn answer(
        &self,
        req: Request<Incoming>,
        method: &Method,
        path: &str,
        bearer: Option<&str>,
    ) -> Reply {
        match Limited::new(req.into_body(), MAX_REQUEST_BODY)
            .collect()
            .await
        {
            Ok(body) => self.route(method, path, bearer, &body.to_bytes()),
            Err(_) => error(400, "HPE_GRAVITY_BAD_REQUEST", "Request body too large"),
        }
    }

    fn route(&self, method: &Method, path: &str, bearer: Option<&str>, body: &[u8]) -> Reply {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            (&Method::POST, ["as", "token.oauth2"]) => mint(body),
            (_, ["network-troubleshooting", version, family, serial, rest @ ..])
                if self.serves(version) =>
            {
                let Some(device) = Device::ALL.into_iter().find(|d| d.segment() == *family) else {
                    return not_found(path);
                };
                if !bearer.is_some_and(|t| !t.is_empty() && !t.starts_with("invalid")) {
                    return error(401, "HPE_GRAVITY_UNAUTHORIZED", "Authentication required.");
                }
                if let Some(refusal) = self.refusal(serial) {
                    return refusal;
                }
                let test = rest.first().and_then(|segment| test_of(segment));
                match (method, test, rest) {
                    (&Method::POST, Some(test), [_]) => {
                        self.start(version, device, test, serial, body)
                    }
                    (&Method::GET, Some(test), [_, "async-operations", task]) => {
                        self.status(device, test, serial, task)
                    }
                    (&Method::GET, None, ["list-tasks"]) => self.list(version, device, serial),
                    _ => not_found(path),
                }
            }
            _ => not_found(path),
        }
    }

    /// The same simulator, switching each device's path every `every` traces; set before it
    /// serves (a simulator already shared keeps its paths).
    pub fn changing_paths(mut self, every: Option<u64>) -> Sim {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.change_every = every;
        }
        self
    }

    /// Which path the next trace of `serial` to `destination` takes.
    fn variant(&self, device: Device, serial: &str, destination: &str) -> u64 {
        let Some(every) = self.inner.change_every else {
            return 0;
        };
        let Ok(mut started) = self.inner.started.lock() else {
            return 0;
        };
        let count = started
            .entry(format!("{}|{serial}|{destination}", device.segment()))
            .or_default();
        let variant = (*count / every.max(1)) % 2;
        *count += 1;
        variant
    }

    /// Whether `version` is an API version this simulator serves.
    fn serves(&self, version: &str) -> bool {
        match ApiVersion::parse(version) {
            Ok(version) => self.inner.only.is_none_or(|only| only == version),
            Err(_) => false,
        }
    }

    /// Answers that a scenario gives before looking at the request itself.
    fn refusal(&self, serial: &str) -> Option<Reply> {
        match Scenario::of(serial) {
            Scenario::Down => Some(error(
                503,
                "HPE_GRAVITY_SERVICE_UNAVAILABLE",
                "Service unavailable.",
            )),
            Scenario::Missing => Some(error(
                404,
                "HPE_GRAVITY_DEVICE_NOT_FOUND",
                &format!("Device not found: {serial}"),
            )),
            Scenario::Rate => {
                let mut counts = self.inner.counts.lock().ok()?;
                let count = counts.entry(serial.to_owned()).or_default();
                *count += 1;
                (*count % 2 == 1).then(|| {
                    let mut reply =
                        error(429, "HPE_GRAVITY_TOO_MANY_REQUESTS", "Rate limit exceeded.");
                    reply
                        .headers_mut()
                        .insert(RETRY_AFTER, "1".parse().expect("a valid header"));
                    reply
                })
            }
            _ => None,
        }
    }

    fn start(&self, version: &str, device: Device, test: Test, serial: &str, body: &[u8]) -> Reply {
        let asked = match body::read(device, test, body) {
            Ok(asked) => asked,
            Err(problem) => {
                let message = format!("Validation errors - {problem}");
                return error(400, "HPE_GRAVITY_BAD_REQUEST", &message);
            }
        };
        let scenario = Scenario::of(serial);
        if scenario == Scenario::Offline {
            return error(
                409,
                "HPE_GRAVITY_DEVICE_OFFLINE",
                &format!("Device {serial} is offline"),
            );
        }
        let (route_to, variant) = match test {
            Test::Traceroute => (None, self.variant(device, serial, &asked.destination)),
            Test::Ping => self.traced(device, serial, &asked.destination),
        };
        let task = SimTask {
            device,
            serial: serial.to_owned(),
            variant,
            destination: asked.destination,
            test,
            count: asked.count,
            size: asked.size,
            route_to,
            scenario,
            started: SystemTime::now(),
            runs_for: if scenario == Scenario::Slow {
                SLOW_TASK.max(self.inner.task_time)
            } else {
                self.inner.task_time
            },
        };
        let id = format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            fastrand::u32(..),
            fastrand::u16(..),
            fastrand::u16(..0x1000),
            0x8000 | fastrand::u16(..0x4000),
            fastrand::u64(..1 << 48)
        );
        let started = humantime::format_rfc3339_nanos(task.started).to_string();
        if let Ok(mut tasks) = self.inner.tasks.lock() {
            tasks.insert(id.clone(), task);
        }
        let location = location(version, device, test, serial, &id);
        reply(
            202,
            &json!({"location": location, "status": "INITIATED", "startTime": started}),
        )
    }

    /// `list-tasks`: the device's tasks, one group per test, newest first.
    fn list(&self, version: &str, device: Device, serial: &str) -> Reply {
        let mut mine: Vec<(SystemTime, Test, String)> = self
            .inner
            .tasks
            .lock()
            .map(|tasks| {
                tasks
                    .iter()
                    .filter(|(_, t)| t.serial == serial && t.device == device)
                    .map(|(id, t)| (t.started, t.test, id.clone()))
                    .collect()
            })
            .unwrap_or_default();
        mine.sort_by_key(|(started, _, _)| std::cmp::Reverse(*started));
        let groups: Vec<Value> = [Test::Traceroute, Test::Ping]
            .into_iter()
            .filter_map(|test| {
                let locations: Vec<String> = mine
                    .iter()
                    .filter(|(_, t, _)| *t == test)
                    .map(|(_, _, id)| location(version, device, test, serial, id))
                    .collect();
                (!locations.is_empty())
                    .then(|| json!({"testName": test.segment(), "locations": locations}))
            })
            .collect();
        reply(200, &Value::Array(groups))
    }

    /// The route a ping from `serial` to `address` is on: that of the newest traceroute of
    /// the device whose path holds the address (its destination and variant), else the
    /// ping's own.
    fn traced(&self, device: Device, serial: &str, address: &str) -> (Option<String>, u64) {
        let Ok(tasks) = self.inner.tasks.lock() else {
            return (None, 0);
        };
        let mut traces: Vec<&SimTask> = tasks
            .values()
            .filter(|t| t.test == Test::Traceroute && t.serial == serial && t.device == device)
            .collect();
        traces.sort_by_key(|t| std::cmp::Reverse(t.started));
        traces
            .into_iter()
            .find(|t| {
                route::Route::plan(device, serial, &t.destination, t.variant)
                    .hop_of(address)
                    .is_some()
            })
            .map_or((None, 0), |t| (Some(t.destination.clone()), t.variant))
    }

    fn status(&self, device: Device, test: Test, serial: &str, id: &str) -> Reply {
        let task = self
            .inner
            .tasks
            .lock()
            .ok()
            .and_then(|t| t.get(id).cloned());
        match task {
            Some(task) if task.serial == serial && task.device == device && task.test == test => {
                reply(200, &task.document(SystemTime::now()))
            }
            _ => error(
                404,
                "HPE_GRAVITY_TASK_NOT_FOUND",
                &format!("Async operation task not found: {id}"),
            ),
        }
    }
}

/// Where a task is read: what the start answers and `list-tasks` lists.
fn location(version: &str, device: Device, test: Test, serial: &str, id: &str) -> String {
    format!(
        "/network-troubleshooting/{version}/{}/{serial}/{test}/async-operations/{id}",
        device.segment()
    )
}

/// The test a path segment names.
fn test_of(segment: &str) -> Option<Test> {
    [Test::Traceroute, Test::Ping]
        .into_iter()
        .find(|t| t.segment() == segment)
}

//! The Central troubleshooting API: the start and status calls of a test (traceroute, ping) on
//! a device family,
//! sent with the bearer token (renewed once after a 401) on the API version that answers,
//! and what their answers mean.

pub mod ping;
mod start;
pub mod version;

use reqwest::{Method, StatusCode, Url};
use serde_json::Value;
use tokio::time::Instant;

use crate::auth::{Credentials, Token};
use crate::error::{Error, Missing, Result};
use crate::http::{Answer, Body, Http, Reply, Request, Retry};
use crate::ids::{ApiVersion, Device, Serial, TaskId, Test};
use crate::task::Fetched;
pub use ping::PingOptions;
pub use start::{AosSource, StartOptions};
use version::{Reason, Versions};

/// Where the API is, which device family the calls are for, and on which version.
#[derive(Debug)]
pub struct Endpoint {
    pub base: Url,
    pub versions: Versions,
    pub device: Device,
}

/// The API client of one device family. Clients of other families made with
/// [`Client::for_device`] share its HTTP layer (and so its request budget), its token and
/// its API version.
pub struct Client {
    shared: std::sync::Arc<Shared>,
    device: Device,
}

/// What every client of a run shares, whatever the family.
struct Shared {
    http: Http,
    credentials: Credentials,
    base: Url,
    versions: Versions,
    /// The `-v` line naming the API version has been written.
    told_version: std::sync::atomic::AtomicBool,
}

/// Where a call goes below `{base}/network-troubleshooting/{version}/{family}/{serial}/`.
#[derive(Clone, Copy)]
enum Route<'a> {
    /// `traceroute/…` or `ping/…`
    Test(Test, &'a [&'a str]),
    /// `list-tasks`
    ListTasks,
}

/// What a start call returned: the task id and the response document (for `--json`).
#[derive(Debug, Clone)]
pub struct Started {
    pub task_id: TaskId,
    pub document: Value,
}

impl Client {
    pub fn new(endpoint: Endpoint, credentials: Credentials, http: Http) -> Client {
        Client {
            shared: std::sync::Arc::new(Shared {
                http,
                credentials,
                base: endpoint.base,
                versions: endpoint.versions,
                told_version: Default::default(),
            }),
            device: endpoint.device,
        }
    }

    /// A client of the same run for another device family: the same budget, token and API
    /// version.
    pub fn for_device(&self, device: Device) -> Client {
        Client {
            shared: self.shared.clone(),
            device,
        }
    }

    /// The token source of the run and its current token.
    pub fn credentials(&self) -> &Credentials {
        &self.shared.credentials
    }

    /// The API version in use, for reports: `v1`, `v1 (auto)` once found out or remembered,
    /// `auto` before.
    pub fn api_version(&self) -> String {
        let versions = &self.shared.versions;
        match versions.reason() {
            Reason::Pinned => versions.current().to_string(),
            Reason::Remembered => format!("{} (auto)", versions.current()),
            Reason::Found => "auto".to_owned(),
        }
    }

    pub fn device(&self) -> Device {
        self.device
    }

    /// Sends an API request on the version in use. With `api_version = "auto"`, a 404 that
    /// names no device or task means the route does not exist on that version: the other
    /// version is tried once (the request did nothing, so even a POST may be repeated), and the
    /// version that answered is kept for the rest of the run and remembered for the profile.
    async fn call(
        &self,
        method: Method,
        serial: &Serial,
        route: Route<'_>,
        body: Option<Value>,
        retry: Retry,
        deadline: Instant,
    ) -> Result<Reply> {
        let versions = &self.shared.versions;
        let first = versions.current();
        self.tell_version(first, versions.reason());
        let url = self.url(first, serial, route);
        let reply = self
            .call_on(method.clone(), &url, body.clone(), retry, deadline)
            .await?;
        if !versions.is_auto() || !reply.route_missing() {
            if answers_on_route(&reply) {
                versions.settle(first);
            }
            return Ok(reply);
        }
        // A version known to answer is given up only on evidence that its route is gone:
        // the other version answering the same request with a success. A 404 alone may be a
        // missing task in words Central also uses for a missing route.
        let settled = versions.is_settled();
        let other = first.other();
        let url = self.url(other, serial, route);
        let second = self.call_on(method, &url, body, retry, deadline).await?;
        let evidence = if settled {
            second.answer() == Answer::Success
        } else {
            answers_on_route(&second)
        };
        if !evidence {
            // Neither says more than the first: its own answer is what the user sees.
            return Ok(reply);
        }
        if versions.settle(other) {
            self.shared.http.note(&format!(
                "API version {other} (auto: {first} has no such route at this base URL; \
                 remembered for this profile)"
            ));
        }
        Ok(second)
    }

    /// Says once, in `-v`, which API version the run uses and why.
    fn tell_version(&self, version: ApiVersion, reason: Reason) {
        use std::sync::atomic::Ordering;
        if self.shared.told_version.swap(true, Ordering::Relaxed) {
            return;
        }
        let why = match reason {
            Reason::Pinned => "pinned by api_version",
            Reason::Remembered => "auto: remembered for this profile",
            Reason::Found => "auto: trying it first",
        };
        self.shared
            .http
            .note(&format!("API version {version} ({why})"));
    }

    fn url(&self, version: ApiVersion, serial: &Serial, route: Route<'_>) -> Url {
        let (base, device) = (&self.shared.base, self.device);
        match route {
            Route::Test(test, rest) => test_url(base, version, device, serial, test, rest),
            Route::ListTasks => {
                let mut url = test_url(base, version, device, serial, Test::Traceroute, &[]);
                if let Ok(mut segments) = url.path_segments_mut() {
                    segments.pop().push("list-tasks");
                }
                url
            }
        }
    }

    /// Sends one API request with the bearer token; after a 401, a token that can be renewed
    /// (client credentials) is renewed once and the request sent once more. A 401 means the
    /// request did nothing, so even a POST may be repeated then.
    async fn call_on(
        &self,
        method: Method,
        url: &Url,
        body: Option<Value>,
        retry: Retry,
        deadline: Instant,
    ) -> Result<Reply> {
        let token = self
            .shared
            .credentials
            .token(&self.shared.http, deadline)
            .await?;
        let mut request = Request {
            method,
            url,
            body: body.map_or(Body::Empty, Body::Json),
            bearer: Some(&token.secret),
        };
        let reply = self.shared.http.exchange(&request, retry, deadline).await?;
        if reply.status != StatusCode::UNAUTHORIZED {
            return Ok(reply);
        }
        let Some(renewed) = self
            .shared
            .credentials
            .renew(&self.shared.http, deadline)
            .await?
        else {
            return Ok(reply);
        };
        request.bearer = Some(&renewed.secret);
        self.shared.http.exchange(&request, retry, deadline).await
    }

    /// One status call of a traceroute: `GET …/traceroute/async-operations/{task}`.
    pub async fn task(&self, serial: &Serial, task: &TaskId, deadline: Instant) -> Result<Fetched> {
        self.task_of(Test::Traceroute, serial, task, deadline).await
    }

    /// One status call: `GET …/{test}/async-operations/{task}`, retried where safe.
    pub async fn task_of(
        &self,
        test: Test,
        serial: &Serial,
        task: &TaskId,
        deadline: Instant,
    ) -> Result<Fetched> {
        let route = Route::Test(test, &["async-operations", task.as_str()]);
        let reply = self
            .call(Method::GET, serial, route, None, Retry::Safe, deadline)
            .await?;
        let missing = || Missing::Task {
            device: self.device,
            serial: serial.clone(),
            task: task.clone(),
        };
        if !reply.status.is_success() {
            return Err(self.refusal(&reply, missing()));
        }
        let excerpt = reply.excerpt();
        let document = json_document(reply, "a task document")?;
        let fetched = Fetched::from_document(document).map_err(|e| {
            Error::other(format!(
                "the task document has an unexpected shape ({e}){excerpt}"
            ))
        })?;
        Ok(Fetched {
            serial: Some(serial.to_string()),
            ..fetched
        })
    }

    /// Starts a traceroute: `POST …/{family}/{serial}/traceroute`. Never repeated once it may
    /// have reached the server.
    pub async fn start(
        &self,
        serial: &Serial,
        destination: &str,
        options: &StartOptions,
        deadline: Instant,
    ) -> Result<Started> {
        self.start_test(
            Test::Traceroute,
            serial,
            options.body(destination),
            deadline,
        )
        .await
    }

    /// Starts a test with a start body made for it: `POST …/{family}/{serial}/{test}`.
    pub async fn start_test(
        &self,
        test: Test,
        serial: &Serial,
        body: Value,
        deadline: Instant,
    ) -> Result<Started> {
        let route = Route::Test(test, &[]);
        let reply = self
            .call(
                Method::POST,
                serial,
                route,
                Some(body),
                Retry::BeforeSend,
                deadline,
            )
            .await?;
        if !reply.status.is_success() {
            return Err(self.refusal(&reply, self.device_missing(serial)));
        }
        let (status, excerpt) = (reply.status, reply.excerpt());
        let header = reply
            .headers
            .get(reqwest::header::LOCATION)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned);
        let document = if reply.body.is_blank() {
            Value::Object(Default::default())
        } else {
            json_document(reply, "the started task")?
        };
        let location = document
            .get("location")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or(header)
            .ok_or_else(|| {
                Error::other(format!(
                    "Central accepted the {test} ({status}) but sent no task location{excerpt}"
                ))
            })?;
        let task_id = task_id_of(&location).ok_or_else(|| {
            Error::other(format!(
                "cannot read a task id from the location '{location}'"
            ))
        })?;
        Ok(Started { task_id, document })
    }

    /// The token, for `auth status`: cached or minted as needed.
    pub async fn token(&self, deadline: Instant) -> Result<Token> {
        self.shared
            .credentials
            .token(&self.shared.http, deadline)
            .await
    }

    /// A harmless authenticated request (a status call for a made-up task) to learn whether
    /// Central accepts the token.
    pub async fn check(&self, deadline: Instant) -> Result<Reply> {
        let serial = Serial::parse("GWTRACE-AUTH-CHECK").expect("a valid serial");
        let route = Route::Test(
            Test::Traceroute,
            &["async-operations", "gwtrace-auth-check"],
        );
        self.call(Method::GET, &serial, route, None, Retry::Safe, deadline)
            .await
    }

    /// The error for an answer that is not a success, with what the user can do about it.
    fn refusal(&self, reply: &Reply, missing: Missing) -> Error {
        let detail = reply.describe();
        let versions = &self.shared.versions;
        let missing = match (
            reply.route_missing(),
            versions.is_auto(),
            versions.is_settled(),
        ) {
            // Pinned: the tenant may not serve that version.
            (true, false, _) => Missing::PinnedRoute {
                version: versions.current(),
            },
            // Neither version answers: not Central's troubleshooting API at this base URL.
            (true, true, false) => Missing::Route,
            _ => missing,
        };
        match reply.answer() {
            Answer::Rejected => Error::Auth {
                detail: format!("authentication failed: {detail}"),
                token_from: Some(self.shared.credentials.source.describe()),
            },
            Answer::NotFound => Error::NotFound { detail, missing },
            Answer::Offline => Error::Offline { detail },
            Answer::RateLimited | Answer::ServerError => reply.unavailable(1),
            Answer::BadRequest => Error::other(format!("request refused: {detail}")),
            Answer::Success | Answer::Unexpected => {
                Error::other(format!("unexpected answer: {detail}"))
            }
        }
    }

    /// What a 404 about `serial` means: no such device of this family.
    fn device_missing(&self, serial: &Serial) -> Missing {
        Missing::Device {
            device: self.device,
            serial: serial.clone(),
        }
    }

    /// The device's active and recent troubleshooting tasks: `GET …/{family}/{serial}/
    /// list-tasks`, as the API sent it (see [`crate::task::listing`]).
    pub async fn list_tasks(&self, serial: &Serial, deadline: Instant) -> Result<Value> {
        let reply = self
            .call(
                Method::GET,
                serial,
                Route::ListTasks,
                None,
                Retry::Safe,
                deadline,
            )
            .await?;
        if !reply.status.is_success() {
            return Err(self.refusal(&reply, self.device_missing(serial)));
        }
        json_document(reply, "the device's task list")
    }
}

/// The task id in a location such as `/network-troubleshooting/v1alpha1/gateways/SN/
/// traceroute/async-operations/TASK-ID`: its last path segment, which must be a valid id.
pub fn task_id_of(location: &str) -> Option<TaskId> {
    let path = location.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    TaskId::parse(last).ok()
}

/// `{base}/network-troubleshooting/{version}/{family}/{serial}/{test}[/…]`, every segment
/// percent-encoded (identifiers are validated too; this is defence in depth).
pub fn test_url(
    base: &Url,
    version: ApiVersion,
    device: Device,
    serial: &Serial,
    test: Test,
    rest: &[&str],
) -> Url {
    let mut url = base.clone();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments
            .pop_if_empty()
            .extend([
                "network-troubleshooting",
                version.segment(),
                device.segment(),
                serial.as_str(),
            ])
            .push(test.segment())
            .extend(rest);
    }
    url
}

/// Whether an answer shows that the route exists on the version it was sent to: a success,
/// or Central's own words about a device or task (404, 409, 400 with an `HPE_GRAVITY_` code).
fn answers_on_route(reply: &Reply) -> bool {
    match reply.answer() {
        Answer::Success => true,
        Answer::NotFound => reply.names_device_or_task(),
        Answer::Offline | Answer::BadRequest => reply
            .error_code()
            .is_some_and(|code| code.starts_with("HPE_GRAVITY_")),
        _ => false,
    }
}

/// The body of a 2xx answer as JSON, or an error naming what came instead. The body is
/// consumed chunk by chunk as it is parsed.
fn json_document(reply: Reply, what: &str) -> Result<Value> {
    if reply.body.is_blank() {
        return Err(Error::other(format!(
            "expected {what} but the answer ({}) had an empty body",
            reply.status
        )));
    }
    let failed = format!(
        "expected {what} but got {}{}",
        reply.status,
        reply.excerpt()
    );
    let reader = std::io::BufReader::new(reply.body.into_reader());
    serde_json::from_reader(reader).map_err(|_| Error::other(failed))
}

#[cfg(test)]
mod tests;

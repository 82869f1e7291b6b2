//! The Central troubleshooting API: the traceroute start and status calls of a device family,
//! sent with the bearer token (renewed once after a 401), and what their answers mean.

mod start;

use reqwest::{Method, StatusCode, Url};
use serde_json::Value;
use tokio::time::Instant;

use crate::auth::{Credentials, Token};
use crate::error::{Error, Missing, Result};
use crate::http::{Answer, Body, Http, Reply, Request, Retry};
use crate::ids::{ApiVersion, Device, Serial, TaskId};
use crate::task::Fetched;
pub use start::{AosSource, StartOptions};

/// Where the API is and which device family the calls are for.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub base: Url,
    pub version: ApiVersion,
    pub device: Device,
}

pub struct Client {
    http: Http,
    pub credentials: Credentials,
    endpoint: Endpoint,
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
            http,
            credentials,
            endpoint,
        }
    }

    pub fn device(&self) -> Device {
        self.endpoint.device
    }

    /// Sends an API request with the bearer token; after a 401, a token that can be renewed
    /// (client credentials) is renewed once and the request sent once more. A 401 means the
    /// request did nothing, so even a POST may be repeated then.
    async fn call(
        &self,
        method: Method,
        url: &Url,
        body: Option<Value>,
        retry: Retry,
        deadline: Instant,
    ) -> Result<Reply> {
        let token = self.credentials.token(&self.http, deadline).await?;
        let mut request = Request {
            method,
            url,
            body: body.map_or(Body::Empty, Body::Json),
            bearer: Some(&token.secret),
        };
        let reply = self.http.exchange(&request, retry, deadline).await?;
        if reply.status != StatusCode::UNAUTHORIZED {
            return Ok(reply);
        }
        let Some(renewed) = self.credentials.renew(&self.http, deadline).await? else {
            return Ok(reply);
        };
        request.bearer = Some(&renewed.secret);
        self.http.exchange(&request, retry, deadline).await
    }

    /// One status call: `GET …/traceroute/async-operations/{task}`, retried where safe.
    pub async fn task(&self, serial: &Serial, task: &TaskId, deadline: Instant) -> Result<Fetched> {
        let url = self.traceroute_url(serial, &["async-operations", task.as_str()]);
        let reply = self
            .call(Method::GET, &url, None, Retry::Safe, deadline)
            .await?;
        let missing = || Missing::Task {
            device: self.endpoint.device,
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
        let url = self.traceroute_url(serial, &[]);
        let body = options.body(destination);
        let reply = self
            .call(Method::POST, &url, Some(body), Retry::BeforeSend, deadline)
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
                    "Central accepted the traceroute ({status}) but sent no task location{excerpt}"
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
        self.credentials.token(&self.http, deadline).await
    }

    /// A harmless authenticated request (a status call for a made-up task) to learn whether
    /// Central accepts the token: a 404 means it did.
    pub async fn check(&self, deadline: Instant) -> Result<StatusCode> {
        let serial = Serial::parse("GWTRACE-AUTH-CHECK").expect("a valid serial");
        let url = self.traceroute_url(&serial, &["async-operations", "gwtrace-auth-check"]);
        let reply = self
            .call(Method::GET, &url, None, Retry::Safe, deadline)
            .await?;
        Ok(reply.status)
    }

    /// The error for an answer that is not a success, with what the user can do about it.
    fn refusal(&self, reply: &Reply, missing: Missing) -> Error {
        let detail = reply.describe();
        match reply.answer() {
            Answer::Rejected => Error::Auth {
                detail: format!("authentication failed: {detail}"),
                token_from: Some(self.credentials.source.describe()),
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

    fn traceroute_url(&self, serial: &Serial, rest: &[&str]) -> Url {
        traceroute_url(&self.endpoint, serial, rest)
    }

    /// What a 404 about `serial` means: no such device of this family.
    fn device_missing(&self, serial: &Serial) -> Missing {
        Missing::Device {
            device: self.endpoint.device,
            serial: serial.clone(),
        }
    }

    /// The device's active and recent troubleshooting tasks: `GET …/{family}/{serial}/
    /// list-tasks`, as the API sent it (see [`crate::task::listing`]).
    pub async fn list_tasks(&self, serial: &Serial, deadline: Instant) -> Result<Value> {
        let mut url = self.traceroute_url(serial, &[]);
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop().push("list-tasks");
        }
        let reply = self
            .call(Method::GET, &url, None, Retry::Safe, deadline)
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

/// `{base}/network-troubleshooting/{version}/{family}/{serial}/traceroute[/…]`, every
/// segment percent-encoded (identifiers are validated too; this is defence in depth).
pub fn traceroute_url(endpoint: &Endpoint, serial: &Serial, rest: &[&str]) -> Url {
    let mut url = endpoint.base.clone();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments
            .pop_if_empty()
            .extend([
                "network-troubleshooting",
                endpoint.version.segment(),
                endpoint.device.segment(),
                serial.as_str(),
            ])
            .push("traceroute")
            .extend(rest);
    }
    url
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
mod tests {
    use super::*;

    fn endpoint(base: &str, device: Device) -> Endpoint {
        Endpoint {
            base: Url::parse(base).unwrap(),
            version: ApiVersion::V1,
            device,
        }
    }

    #[test]
    fn task_ids_come_from_the_last_segment_of_the_location() {
        let location =
            "/network-troubleshooting/v1alpha1/gateways/SN/traceroute/async-operations/c7a3-f2d1";
        assert_eq!(
            task_id_of(location).map(|t| t.to_string()).as_deref(),
            Some("c7a3-f2d1")
        );
        assert_eq!(
            task_id_of("https://h/x/TASK/?a=b").map(|t| t.to_string()),
            Some("TASK".into())
        );
        assert_eq!(task_id_of("/x/.."), None);
        assert_eq!(task_id_of(""), None);
    }

    #[test]
    fn urls_keep_a_base_path_and_encode_every_segment() {
        let serial = Serial::parse("SN1").unwrap();
        let url = traceroute_url(
            &endpoint("https://proxy.example/central/", Device::Gateway),
            &serial,
            &["async-operations", "t?x#y"],
        );
        assert_eq!(
            url.as_str(),
            "https://proxy.example/central/network-troubleshooting/v1/gateways/SN1/traceroute/async-operations/t%3Fx%23y"
        );
    }

    #[test]
    fn every_family_has_its_own_path_segment() {
        let serial = Serial::parse("SN1").unwrap();
        for (device, path) in [
            (
                Device::Gateway,
                "/network-troubleshooting/v1/gateways/SN1/traceroute",
            ),
            (Device::Ap, "/network-troubleshooting/v1/aps/SN1/traceroute"),
            (Device::Cx, "/network-troubleshooting/v1/cx/SN1/traceroute"),
            (
                Device::AosS,
                "/network-troubleshooting/v1/aos-s/SN1/traceroute",
            ),
        ] {
            let url = traceroute_url(&endpoint("https://h", device), &serial, &[]);
            assert_eq!(url.path(), path);
        }
    }
}

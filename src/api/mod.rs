//! The Central troubleshooting API client: URLs, the start and status calls, the bearer
//! token with its renewal, and decoding what comes back.

pub mod http;
pub mod wire;

use std::net::IpAddr;

use reqwest::{Method, StatusCode, Url};
use serde_json::Value;
use tokio::time::Instant;

use crate::auth::{Credentials, Token};
use crate::error::{Error, Kind, Result};
use crate::settings::Settings;
use crate::task::Task;
use crate::term::one_line;
use crate::ui::Ui;
use http::{status_error, Body, Http, Reply, Request, Retry};

/// A task document as received (for `--json`) and as decoded (for everything else).
#[derive(Debug, Clone)]
pub struct Fetched {
    pub document: Value,
    pub task: Task,
}

pub struct Client {
    http: Http,
    pub credentials: Credentials,
    base: Url,
    version: String,
}

/// What a start call returned: the task id and the response document (for `--json`).
#[derive(Debug, Clone)]
pub struct Started {
    pub task_id: String,
    pub document: Value,
}

impl Client {
    pub fn new(settings: Settings, ui: &Ui) -> Result<Client> {
        Ok(Client {
            http: Http::new(settings.request_timeout, ui.clone())?,
            credentials: Credentials::new(settings.token),
            base: settings.base_url,
            version: settings.api_version,
        })
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

    /// One status call: `GET …/traceroute/async-operations/{task_id}`, retried where safe.
    pub async fn task(&self, serial: &str, task_id: &str, deadline: Instant) -> Result<Fetched> {
        let url = traceroute_url(
            &self.base,
            &self.version,
            serial,
            &["async-operations", task_id],
        );
        let reply = self
            .call(Method::GET, &url, None, Retry::Safe, deadline)
            .await?;
        if !reply.status.is_success() {
            return Err(self.explain(status_error(&reply), serial, Some(task_id)));
        }
        decode_task(&reply)
    }

    /// Starts a traceroute: `POST …/gateways/{serial}/traceroute`. Never repeated once it may
    /// have reached the server.
    pub async fn start(
        &self,
        serial: &str,
        destination: &str,
        vlan_ip: Option<IpAddr>,
        deadline: Instant,
    ) -> Result<Started> {
        let url = traceroute_url(&self.base, &self.version, serial, &[]);
        let mut body = serde_json::json!({"destination": destination, "includeRawOutput": true});
        if let Some(ip) = vlan_ip {
            body["vlanIp"] = Value::String(ip.to_string());
        }
        let reply = self
            .call(Method::POST, &url, Some(body), Retry::BeforeSend, deadline)
            .await?;
        if !reply.status.is_success() {
            return Err(self.explain(status_error(&reply), serial, None));
        }
        let document = if reply.body.iter().all(u8::is_ascii_whitespace) {
            Value::Object(Default::default())
        } else {
            json_document(&reply, "the started task")?
        };
        let location = document
            .get("location")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                let header = reply.headers.get(reqwest::header::LOCATION)?;
                header.to_str().ok().map(str::to_owned)
            })
            .ok_or_else(|| {
                Error::other(format!(
                    "Central accepted the traceroute ({}) but sent no task location{}",
                    reply.status,
                    reply.excerpt()
                ))
            })?;
        let task_id = task_id_of(&location).ok_or_else(|| {
            Error::other(format!(
                "cannot read a task id from the location '{}'",
                one_line(&location)
            ))
        })?;
        Ok(Started { task_id, document })
    }

    /// The token, for `auth status`: cached or minted as needed.
    pub async fn token(&self, deadline: Instant) -> Result<Token> {
        self.credentials.token(&self.http, deadline).await
    }

    /// A harmless authenticated request (a status call for a made-up task) to learn whether
    /// Central accepts the token: 404 means it did.
    pub async fn check(&self, deadline: Instant) -> Result<StatusCode> {
        let url = traceroute_url(
            &self.base,
            &self.version,
            "GWTRACE-AUTH-CHECK",
            &["async-operations", "gwtrace-auth-check"],
        );
        let reply = self
            .call(Method::GET, &url, None, Retry::Safe, deadline)
            .await?;
        Ok(reply.status)
    }

    /// Adds what the user can do about an error to its message.
    fn explain(&self, err: Error, serial: &str, task_id: Option<&str>) -> Error {
        let hint = match err.kind {
            Kind::Auth => format!(
                "check the token from {}",
                self.credentials.source.describe()
            ),
            Kind::NotFound => match task_id {
                Some(task) => format!("is there a task {task} on gateway {serial}?"),
                None => format!("is {serial} the serial number of a gateway in this account?"),
            },
            _ => return err,
        };
        Error::new(err.kind, format!("{}; {hint}", err.message))
    }
}

/// The task id in a location such as `/network-troubleshooting/v1alpha1/gateways/SN/
/// traceroute/async-operations/TASK-ID`: its last path segment, which must be a valid id.
pub fn task_id_of(location: &str) -> Option<String> {
    let path = location.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    crate::validate::task_id(last).ok()
}

/// `{base}/network-troubleshooting/{version}/gateways/{serial}/traceroute[/…]`, every
/// segment percent-encoded (identifiers are validated too; this is defence in depth).
pub fn traceroute_url(base: &Url, version: &str, serial: &str, rest: &[&str]) -> Url {
    let mut url = base.clone();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments
            .pop_if_empty()
            .extend(["network-troubleshooting", version, "gateways", serial])
            .push("traceroute")
            .extend(rest);
    }
    url
}

/// Decodes a 2xx answer that should hold a task document; anything else is exit 1 with what
/// came back.
pub fn decode_task(reply: &Reply) -> Result<Fetched> {
    let document = json_document(reply, "a task document")?;
    let task = Task::from_document(&document).map_err(|e| {
        Error::other(format!(
            "the task document has an unexpected shape ({e}){}",
            reply.excerpt()
        ))
    })?;
    Ok(Fetched { document, task })
}

/// The body of a 2xx answer as JSON, or an error naming what came instead.
pub fn json_document(reply: &Reply, what: &str) -> Result<Value> {
    if reply.body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::other(format!(
            "expected {what} but the answer ({}) had an empty body",
            reply.status
        )));
    }
    serde_json::from_slice(&reply.body).map_err(|_| {
        Error::other(format!(
            "expected {what} but got {}{}",
            reply.status,
            reply.excerpt()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_come_from_the_last_segment_of_the_location() {
        let location =
            "/network-troubleshooting/v1alpha1/gateways/SN/traceroute/async-operations/c7a3-f2d1";
        assert_eq!(task_id_of(location).as_deref(), Some("c7a3-f2d1"));
        assert_eq!(task_id_of("https://h/x/TASK/?a=b").as_deref(), Some("TASK"));
        assert_eq!(task_id_of("/x/.."), None);
        assert_eq!(task_id_of(""), None);
    }

    #[test]
    fn urls_keep_a_base_path_and_encode_every_segment() {
        let base = Url::parse("https://proxy.example/central/").unwrap();
        let url = traceroute_url(&base, "v1", "a b/../c", &["async-operations", "t?x#y"]);
        assert_eq!(
            url.as_str(),
            "https://proxy.example/central/network-troubleshooting/v1/gateways/a%20b%2F..%2Fc/traceroute/async-operations/t%3Fx%23y"
        );
    }
}

//! The Central troubleshooting API client: URLs, the status call, decoding of what comes back.

pub mod http;
pub mod wire;

use tokio::time::Instant;

use reqwest::{Method, Url};
use serde_json::Value;

use crate::error::{Error, Kind, Result};
use crate::settings::Settings;
use crate::task::Task;
use crate::ui::Ui;
use http::{Http, Reply, Retry};

/// A task document as received (for `--json`) and as decoded (for everything else).
#[derive(Debug, Clone)]
pub struct Fetched {
    pub document: Value,
    pub task: Task,
}

pub struct Client {
    http: Http,
    base: Url,
    version: String,
    token_hint: String,
}

impl Client {
    pub fn new(settings: &Settings, ui: &Ui) -> Result<Client> {
        Ok(Client {
            http: Http::new(
                settings.request_timeout,
                settings.token.token().clone(),
                ui.clone(),
            )?,
            base: settings.base_url.clone(),
            version: settings.api_version.clone(),
            token_hint: settings.token.describe(),
        })
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
            .http
            .exchange(Method::GET, &url, None, Retry::Safe, deadline)
            .await
            .map_err(|e| self.explain(e, serial, Some(task_id)))?;
        decode_task(&reply)
    }

    /// Adds what the user can do about an error to its message.
    fn explain(&self, err: Error, serial: &str, task_id: Option<&str>) -> Error {
        let hint = match err.kind {
            Kind::Auth => format!("check the token from {}", self.token_hint),
            Kind::NotFound => match task_id {
                Some(task) => format!("is there a task {task} on gateway {serial}?"),
                None => format!("is {serial} a gateway's serial number?"),
            },
            _ => return err,
        };
        Error::new(err.kind, format!("{}; {hint}", err.message))
    }
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
    fn urls_keep_a_base_path_and_encode_every_segment() {
        let base = Url::parse("https://proxy.example/central/").unwrap();
        let url = traceroute_url(&base, "v1", "a b/../c", &["async-operations", "t?x#y"]);
        assert_eq!(
            url.as_str(),
            "https://proxy.example/central/network-troubleshooting/v1/gateways/a%20b%2F..%2Fc/traceroute/async-operations/t%3Fx%23y"
        );
    }
}

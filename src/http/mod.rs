//! One HTTP exchange, made robust: retries with backoff and `Retry-After`, rate-limit
//! pauses, a body size limit, proxies and trust (a certificate failure is a setting to fix,
//! never retried), and what an answer's status means ([`Answer::of`]).
//!
//! The bottom layer: it knows nothing of token sources, tasks or the terminal. What happens
//! (each exchange, each pause before a retry) is reported to an [`Observer`] callback.

mod budget;
mod failure;
mod pacing;
mod payload;
mod proxy;
mod reply;
pub mod serve;
mod tls;

use failure::{proxy_credentials, transport_message, wants_credentials};
use pacing::retry_after;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};

pub use payload::Payload;
pub use reply::Reply;

/// Bodies larger than this are refused while streaming, never read whole.
pub const MAX_BODY: usize = 8 * 1024 * 1024;
/// Tries per request when retrying is safe.
pub const MAX_TRIES: u32 = 4;
/// Longest backoff pause between tries. A `Retry-After` is not cut to it: it is honoured in
/// full, or given up on at once when it reaches past the deadline.
const MAX_PAUSE: Duration = Duration::from_secs(60);
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// What the HTTP layer has to tell whoever watches it (`-v` logs, notices).
#[derive(Debug)]
pub enum Event<'a> {
    /// One exchange ended, with an answer (`outcome` is its status) or a transport failure.
    Exchanged {
        method: &'a Method,
        path: &'a str,
        outcome: &'a str,
        took: Duration,
        /// The proxy's `host:port`, when the request went through one.
        via: Option<&'a str>,
        /// The answer's `X-RateLimit-*` counts, where it had them.
        limits: Limits,
    },
    /// A try failed with `problem` and will be repeated after `pause`.
    Retrying { problem: &'a str, pause: Duration },
    /// `X-RateLimit-Remaining` reached 0: no request for `wait`.
    RateLimited { wait: Duration },
    /// A detail of the run worth a `-v` line, from a layer above (which API version is used).
    Note(&'a str),
}

/// The rate limit counts an answer carried: `X-RateLimit-Remaining` (the window's), and
/// classic Central's `X-RateLimit-Remaining-day` and `X-RateLimit-Limit-day`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    pub remaining: Option<u64>,
    pub remaining_day: Option<u64>,
    pub limit_day: Option<u64>,
}

impl Limits {
    fn of(headers: &reqwest::header::HeaderMap) -> Limits {
        let count = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
        };
        Limits {
            remaining: count("x-ratelimit-remaining"),
            remaining_day: count("x-ratelimit-remaining-day"),
            limit_day: count("x-ratelimit-limit-day"),
        }
    }
}

/// Receives the [`Event`]s of the HTTP layer.
pub type Observer = Arc<dyn Fn(&Event<'_>) + Send + Sync>;

/// What an answer's status means; decided here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 2xx.
    Success,
    /// 401/403: the credentials were refused.
    Rejected,
    /// 404.
    NotFound,
    /// 409: Central's "device offline".
    Offline,
    /// 429.
    RateLimited,
    /// 5xx.
    ServerError,
    /// 400: the request itself was refused.
    BadRequest,
    /// Anything else.
    Unexpected,
}

impl Answer {
    pub fn of(status: StatusCode) -> Answer {
        match status.as_u16() {
            200..=299 => Answer::Success,
            401 | 403 => Answer::Rejected,
            404 => Answer::NotFound,
            409 => Answer::Offline,
            429 => Answer::RateLimited,
            500..=599 => Answer::ServerError,
            400 => Answer::BadRequest,
            _ => Answer::Unexpected,
        }
    }

    /// Rate limits and server errors: the service, not the request, is the problem (exit 9).
    pub fn is_unavailable(self) -> bool {
        matches!(self, Answer::RateLimited | Answer::ServerError)
    }

    /// Whether an idempotent request may be sent again after this status.
    fn may_retry(status: StatusCode, retry: Retry) -> bool {
        match retry {
            Retry::Safe => matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504),
            Retry::BeforeSend => status == StatusCode::TOO_MANY_REQUESTS,
        }
    }
}

/// What to send.
pub struct Request<'a> {
    pub method: Method,
    pub url: &'a Url,
    pub body: Body,
    /// The bearer token, when the call needs one.
    pub bearer: Option<&'a SecretString>,
}

pub enum Body {
    Empty,
    Json(serde_json::Value),
    /// An url-encoded form; secret because it carries client credentials.
    Form(SecretString),
}

/// Whether a request may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Idempotent (GET): retry 429, 500, 502, 503, 504 and transport failures.
    Safe,
    /// Starts work (POST): retry only a 429 or a connection that was never made.
    BeforeSend,
}

/// How to connect.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Limit for one exchange, connect included.
    pub request_timeout: Duration,
    /// A PEM bundle added to the platform's trusted roots.
    pub ca_file: Option<PathBuf>,
    /// Requests per second for the whole run (`--max-rate`); unlimited when `None`.
    pub max_rate: Option<f64>,
    /// The most the run may spend pausing between tries, in all (`--no-wait`: a few
    /// seconds); `None` leaves it to the deadline.
    pub max_pausing: Option<Duration>,
}

/// The HTTP side of the API client.
pub struct Http {
    client: reqwest::Client,
    observer: Observer,
    proxies: proxy::Proxies,
    /// Set when `X-RateLimit-Remaining` hit 0 or a 429 came: no request (of any task of the
    /// run) before this instant.
    paused_until: std::sync::Mutex<Option<pacing::Paused>>,
    budget: Option<budget::Budget>,
    /// Time spent pausing so far, against `max_pausing`.
    paused: std::sync::Mutex<Duration>,
    max_pausing: Option<Duration>,
}

impl Http {
    pub fn new(config: &HttpConfig, observer: Observer) -> Result<Http> {
        let tls = tls::client_config(config.ca_file.as_deref())?;
        let proxies = proxy::Proxies::from_env()?;
        let mut builder = reqwest::Client::builder();
        if proxies.bypass_all() {
            builder = builder.no_proxy();
        }
        let client = builder
            .user_agent(concat!("gwtrace/", env!("CARGO_PKG_VERSION")))
            .use_preconfigured_tls(tls)
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| Error::other(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Http {
            client,
            observer,
            proxies,
            paused_until: std::sync::Mutex::new(None),
            budget: config.max_rate.map(budget::Budget::per_second),
            paused: std::sync::Mutex::new(Duration::ZERO),
            max_pausing: config.max_pausing,
        })
    }

    /// Sends `request` until it gets a final answer, runs out of tries or would pass
    /// `deadline`. A final answer is a 2xx or any status that is not retried; the caller
    /// decides what it means. Exhausted retries and transport failures are errors (exit 9).
    pub async fn exchange(
        &self,
        request: &Request<'_>,
        retry: Retry,
        deadline: Instant,
    ) -> Result<Reply> {
        let mut tries = 0;
        loop {
            tries += 1;
            self.take_turn(deadline, tries).await?;
            let started = Instant::now();
            // The deadline bounds the whole exchange, a body that trickles in included.
            let outcome = match tokio::time::timeout_at(deadline, self.send(request)).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    let through = self
                        .proxies
                        .for_url(request.url)
                        .map(|proxy| format!(" through the proxy {proxy}"))
                        .unwrap_or_default();
                    let message = format!(
                        "no answer from {}{through} within the time allowed",
                        host_of(request.url)
                    );
                    self.exchanged(request, &message, started.elapsed(), Limits::default());
                    return Err(Error::Unavailable {
                        detail: message,
                        tries,
                    });
                }
            };
            let took = started.elapsed();
            let (problem, pause) = match outcome {
                Ok(reply) => {
                    let limits = Limits::of(&reply.headers);
                    self.exchanged(request, &reply.status.to_string(), took, limits);
                    if reply.status.as_u16() == 407 {
                        let via = self.proxies.for_url(request.url);
                        return Err(proxy_credentials(via.as_deref().unwrap_or("in use")));
                    }
                    self.note_rate_limit(&reply);
                    if !Answer::may_retry(reply.status, retry) {
                        return Ok(reply);
                    }
                    (reply.unavailable(tries), retry_after(&reply.headers))
                }
                Err(Failure::Body(err)) => return Err(err),
                Err(Failure::Transport(err)) => {
                    let error = self.transport_failure(request, &err, took, tries)?;
                    if retry == Retry::BeforeSend && !err.is_connect() {
                        return Err(error);
                    }
                    (error, None)
                }
            };
            let (problem, pause) = self.pause(problem, pause, tries, deadline)?;
            let problem = match &problem {
                Error::Unavailable { detail, .. } => detail.clone(),
                other => other.to_string(),
            };
            (self.observer)(&Event::Retrying {
                problem: &problem,
                pause,
            });
            tokio::time::sleep(pause).await;
        }
    }

    /// A transport failure as the error to retry with, reported for `-v`; or the error to
    /// give up with at once: a proxy that wants credentials, a certificate to fix.
    fn transport_failure(
        &self,
        request: &Request<'_>,
        err: &reqwest::Error,
        took: Duration,
        tries: u32,
    ) -> Result<Error> {
        let via = self.proxies.for_url(request.url);
        let mut message = transport_message(err, request.url, via.as_deref());
        if via.is_some() && self.proxies.over_tls(request.url) {
            message.push_str(
                "; the proxy URL says https://: if it is a plain HTTP proxy, write http://",
            );
        }
        self.exchanged(request, &message, took, Limits::default());
        if let (Some(proxy), true) = (&via, wants_credentials(err)) {
            return Err(proxy_credentials(proxy));
        }
        if let Some(problem) = tls::certificate_problem(err) {
            return Err(Error::Certificate {
                host: host_of(request.url),
                problem,
            });
        }
        Ok(Error::Unavailable {
            detail: message,
            tries,
        })
    }

    /// Reports a detail for `-v` through the observer.
    pub fn note(&self, detail: &str) {
        (self.observer)(&Event::Note(detail));
    }

    fn exchanged(&self, request: &Request<'_>, outcome: &str, took: Duration, limits: Limits) {
        let via = self.proxies.for_url(request.url);
        (self.observer)(&Event::Exchanged {
            method: &request.method,
            path: request.url.path(),
            outcome,
            took,
            via: via.as_deref(),
            limits,
        });
    }

    async fn send(&self, request: &Request<'_>) -> Result<Reply, Failure> {
        let url = request.url;
        let mut builder = self
            .client
            .request(request.method.clone(), url.clone())
            .header(ACCEPT, "application/json");
        if let Some(token) = request.bearer {
            let mut auth = HeaderValue::try_from(format!("Bearer {}", token.expose_secret()))
                .map_err(|_| {
                    Failure::Body(Error::config(
                        "the token holds characters an HTTP header cannot carry",
                    ))
                })?;
            auth.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, auth);
        }
        builder = match &request.body {
            Body::Empty => builder,
            Body::Json(value) => builder
                .header(CONTENT_TYPE, "application/json")
                .body(value.to_string()),
            Body::Form(form) => builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form.expose_secret().to_owned()),
        };
        let mut response = builder.send().await.map_err(Failure::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let too_big = || {
            Failure::Body(Error::other(format!(
                "the answer to {} ({status}) is larger than {} MiB; refusing to read it",
                url.path(),
                MAX_BODY / (1024 * 1024)
            )))
        };
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY as u64)
        {
            return Err(too_big());
        }
        let mut body = Payload::default();
        while let Some(chunk) = response.chunk().await.map_err(Failure::Transport)? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(too_big());
            }
            body.push(chunk);
        }
        Ok(Reply {
            status,
            content_type,
            headers,
            body,
        })
    }
}

/// Why one try failed: a transport error may be retried, a body error never.
enum Failure {
    Transport(reqwest::Error),
    Body(Error),
}

/// `host:port` of a URL, for messages.
fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => "the server".to_owned(),
    }
}

#[cfg(test)]
mod tests;

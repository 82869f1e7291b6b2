//! One HTTP exchange, made robust: retries with backoff and `Retry-After`, rate-limit
//! pauses, a body size limit, proxies and trust (a certificate failure is a setting to fix,
//! never retried), and what an answer's status means ([`Answer::of`]).
//!
//! The bottom layer: it knows nothing of token sources, tasks or the terminal. What happens
//! (each exchange, each pause before a retry) is reported to an [`Observer`] callback.

mod budget;
mod payload;
mod proxy;
mod tls;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::error::{Error, Result};

pub use payload::Payload;

/// Bodies larger than this are refused while streaming, never read whole.
pub const MAX_BODY: usize = 8 * 1024 * 1024;
/// Tries per request when retrying is safe.
pub const MAX_TRIES: u32 = 4;
/// Longest single pause between tries, `Retry-After` included.
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
    },
    /// A try failed with `problem` and will be repeated after `pause`.
    Retrying { problem: &'a str, pause: Duration },
    /// `X-RateLimit-Remaining` reached 0: no request for `wait`.
    RateLimited { wait: Duration },
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

/// A response read in full (within [`MAX_BODY`]).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: HeaderMap,
    pub body: Payload,
}

/// The body of an error answer: `{"errorCode": "...", "message": "..."}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

impl Reply {
    pub fn answer(&self) -> Answer {
        Answer::of(self.status)
    }

    /// The error for an answer that says the service is unavailable (429, 5xx).
    pub fn unavailable(&self, tries: u32) -> Error {
        let what = match self.answer() {
            Answer::RateLimited => "rate limited",
            _ => "Central is unavailable",
        };
        Error::Unavailable {
            detail: format!("{what}: {}", self.describe()),
            tries,
        }
    }

    /// `401 Unauthorized: HPE_GRAVITY_UNAUTHORIZED: Authentication required.`, or for a body
    /// that is not an API error, the content type and a short excerpt.
    pub fn describe(&self) -> String {
        let status = self.status;
        if let Ok(err) = serde_json::from_slice::<ErrorBody>(&self.body.contiguous()) {
            let parts: Vec<&str> = [err.error_code.as_deref(), err.message.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !parts.is_empty() {
                return format!("{status}: {}", parts.join(": "));
            }
        }
        format!("{status}{}", self.excerpt())
    }

    /// ` (text/html): <html>…` — content type and at most 80 characters of the body.
    pub fn excerpt(&self) -> String {
        // A short excerpt needs only the start of a body that may be megabytes long.
        let head = self.body.head(1024);
        let text = String::from_utf8_lossy(&head);
        let words: Vec<&str> = text.split_whitespace().collect();
        let joined = words.join(" ");
        let mut short: String = joined.chars().take(80).collect();
        if short.len() < joined.len() {
            short.push('…');
        }
        let kind = if self.content_type.is_empty() {
            "no content type"
        } else {
            &self.content_type
        };
        if short.is_empty() {
            format!(" ({kind}, empty body)")
        } else {
            format!(" ({kind}): {short}")
        }
    }
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
    paused_until: std::sync::Mutex<Option<Instant>>,
    budget: Option<budget::Budget>,
    /// Time spent pausing so far, against `max_pausing`.
    paused: std::sync::Mutex<Duration>,
    max_pausing: Option<Duration>,
}

impl Http {
    pub fn new(config: &HttpConfig, observer: Observer) -> Result<Http> {
        let tls = tls::client_config(config.ca_file.as_deref())?;
        let client = reqwest::Client::builder()
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
            proxies: proxy::Proxies::from_env(),
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
                    let message = format!(
                        "no answer from {} before --timeout ran out",
                        host_of(request.url)
                    );
                    self.exchanged(request, &message, started.elapsed());
                    return Err(Error::Unavailable {
                        detail: message,
                        tries,
                    });
                }
            };
            let took = started.elapsed();
            let (problem, pause) = match outcome {
                Ok(reply) => {
                    self.exchanged(request, &reply.status.to_string(), took);
                    self.note_rate_limit(&reply);
                    if !Answer::may_retry(reply.status, retry) {
                        return Ok(reply);
                    }
                    (reply.unavailable(tries), retry_after(&reply.headers))
                }
                Err(Failure::Body(err)) => return Err(err),
                Err(Failure::Transport(err)) => {
                    let message = transport_message(&err, request.url);
                    self.exchanged(request, &message, took);
                    if let Some(problem) = tls::certificate_problem(&err) {
                        return Err(Error::Certificate {
                            host: host_of(request.url),
                            problem,
                        });
                    }
                    let error = Error::Unavailable {
                        detail: message,
                        tries,
                    };
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

    /// How long to pause before the next try, or the error to give up with: out of tries,
    /// past the deadline, or past `max_pausing`. A `Retry-After` is honoured in full, never
    /// shortened; one that reaches past the deadline gives up at once, naming it.
    fn pause(
        &self,
        problem: Error,
        asked: Option<Duration>,
        tries: u32,
        deadline: Instant,
    ) -> Result<(Error, Duration)> {
        let left = deadline.saturating_duration_since(Instant::now());
        let pause = asked.unwrap_or_else(|| backoff(tries));
        let paused = self.paused.lock().map(|p| *p).unwrap_or_default();
        let over_budget = self.max_pausing.is_some_and(|most| paused + pause > most);
        if let (Some(asked), Error::Unavailable { detail, tries }) = (asked, &problem) {
            if asked >= left || over_budget {
                let limit = if asked >= left {
                    format!("more than the {} left before --timeout", seconds(left))
                } else {
                    "longer than --no-wait waits".to_owned()
                };
                return Err(Error::Unavailable {
                    detail: format!(
                        "{detail}; Central asked to wait {} (Retry-After), {limit}",
                        seconds(asked)
                    ),
                    tries: *tries,
                });
            }
        }
        if tries >= MAX_TRIES || pause >= left || over_budget {
            return Err(problem);
        }
        if let Ok(mut total) = self.paused.lock() {
            *total += pause;
        }
        Ok((problem, pause))
    }

    fn exchanged(&self, request: &Request<'_>, outcome: &str, took: Duration) {
        let via = self.proxies.for_url(request.url);
        (self.observer)(&Event::Exchanged {
            method: &request.method,
            path: request.url.path(),
            outcome,
            took,
            via: via.as_deref(),
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

    /// Waits until this request may go: past any pause the server asked for, and in a slot
    /// of the run's budget. A pause set while waiting for the slot is waited out too (the
    /// slot is given up), so that no request follows a 429 before its `Retry-After`.
    async fn take_turn(&self, deadline: Instant, tries: u32) -> Result<()> {
        loop {
            self.wait_for_rate_limit(deadline).await;
            let Some(budget) = &self.budget else {
                return Ok(());
            };
            if !budget.take(deadline).await {
                return Err(Error::Unavailable {
                    detail: "the --max-rate budget has no request left before --timeout".to_owned(),
                    tries,
                });
            }
            let paused = self.paused_until.lock().ok().and_then(|p| *p);
            if paused.is_none_or(|until| until <= Instant::now() || until >= deadline) {
                return Ok(());
            }
        }
    }

    /// Waits out a pause the server asked for; every request of the run waits, not only the
    /// one that was told.
    async fn wait_for_rate_limit(&self, deadline: Instant) {
        let until = self.paused_until.lock().ok().and_then(|p| *p);
        if let Some(until) = until {
            let until = until.min(deadline);
            let now = Instant::now();
            if until > now {
                (self.observer)(&Event::RateLimited { wait: until - now });
                tokio::time::sleep_until(until).await;
            }
        }
    }

    /// A 429 (for its `Retry-After`, else a second) or `X-RateLimit-Remaining: 0` (until
    /// `X-RateLimit-Reset`, else a second) pauses every request of the run.
    fn note_rate_limit(&self, reply: &Reply) {
        let headers = &reply.headers;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let wait = if reply.answer() == Answer::RateLimited {
            retry_after(headers).unwrap_or(Duration::from_secs(1))
        } else if header("x-ratelimit-remaining").map(str::trim) == Some("0") {
            header("x-ratelimit-reset")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map_or(Duration::from_secs(1), |reset| {
                    reset_delay(reset, SystemTime::now())
                })
        } else {
            return;
        };
        let until = Instant::now() + wait;
        if let Ok(mut paused) = self.paused_until.lock() {
            *paused = Some(paused.map_or(until, |p| p.max(until)));
        }
    }
}

/// Why one try failed: a transport error may be retried, a body error never.
enum Failure {
    Transport(reqwest::Error),
    Body(Error),
}

/// `X-RateLimit-Reset` as seconds from now, or (when large) as a Unix time.
fn reset_delay(reset: u64, now: SystemTime) -> Duration {
    const UNIX_TIME_FLOOR: u64 = 1_000_000_000;
    if reset >= UNIX_TIME_FLOOR {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(reset);
        at.duration_since(now).unwrap_or_default()
    } else {
        Duration::from_secs(reset)
    }
}

/// `Retry-After` in seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// Exponential backoff with jitter: 0.5s, 1s, 2s… each scaled by a random 50–100%.
/// `45s`, `1h`, `1h 30m`: a wait as people write it (whole seconds).
fn seconds(wait: Duration) -> String {
    humantime::format_duration(Duration::from_secs(wait.as_secs().max(1))).to_string()
}

fn backoff(tries: u32) -> Duration {
    let base = FIRST_BACKOFF.saturating_mul(1 << tries.saturating_sub(1).min(16));
    base.min(MAX_PAUSE).mul_f64(0.5 + fastrand::f64() / 2.0)
}

/// `host:port` of a URL, for messages.
fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => "the server".to_owned(),
    }
}

fn transport_message(err: &reqwest::Error, url: &Url) -> String {
    let host = host_of(url);
    // The innermost cause reads best ("Connection refused (os error 111)").
    let mut cause: &dyn std::error::Error = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let cause = cause.to_string();
    if err.is_timeout() {
        format!("no answer from {host} within the request timeout")
    } else if err.is_connect() {
        format!("cannot connect to {host}: {cause}")
    } else {
        format!("connection to {host} failed: {cause}")
    }
}

#[cfg(test)]
mod tests;

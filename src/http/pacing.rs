//! Pacing the requests of a run: waiting out the pauses Central asks for (`Retry-After`,
//! `X-RateLimit-*`) for every request of the run, the run's request budget, and how long to
//! pause between tries without passing the deadline.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use tokio::time::Instant;

use super::{Answer, Event, Http, Reply, FIRST_BACKOFF, MAX_PAUSE, MAX_TRIES};
use crate::error::{Error, Result};

impl Http {
    /// How long to pause before the next try, or the error to give up with: out of tries,
    /// past the deadline, or past `max_pausing`. A `Retry-After` is honoured in full, never
    /// shortened; one that reaches past the deadline gives up at once, naming it.
    pub(super) fn pause(
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
                    format!("more than the {} left of the time allowed", seconds(left))
                } else {
                    "longer than a look without waiting may pause".to_owned()
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

    /// Waits until this request may go: past any pause the server asked for, and in a slot
    /// of the run's budget. A pause set while waiting for the slot is waited out too (the
    /// slot is given up), so that no request follows a 429 before its `Retry-After`.
    pub(super) async fn take_turn(&self, deadline: Instant, tries: u32) -> Result<()> {
        loop {
            self.wait_for_rate_limit(deadline).await;
            let Some(budget) = &self.budget else {
                return Ok(());
            };
            if !budget.take(deadline).await {
                return Err(Error::Unavailable {
                    detail:
                        "the run's request budget (requests per second) has no slot left in the \
                             time allowed"
                            .to_owned(),
                    tries,
                });
            }
            // (--no-wait does not wait a pause out twice: it has a few seconds in all.)
            let paused = self.paused_until.lock().ok().and_then(|p| *p);
            let clear = paused.is_none_or(|until| until <= Instant::now() || until >= deadline);
            if clear || self.max_pausing.is_some() {
                return Ok(());
            }
        }
    }

    /// Waits out a pause the server asked for; every request of the run waits, not only the
    /// one that was told.
    async fn wait_for_rate_limit(&self, deadline: Instant) {
        let until = self.paused_until.lock().ok().and_then(|p| *p);
        if let Some(until) = until {
            let now = Instant::now();
            // --no-wait pauses a few seconds at most, whatever the reset time says.
            let most = self.max_pausing.map_or(deadline, |most| now + most);
            let until = until.min(deadline).min(most);
            if until > now {
                (self.observer)(&Event::RateLimited { wait: until - now });
                tokio::time::sleep_until(until).await;
            }
        }
    }

    /// A 429 (for its `Retry-After`, else a second) or `X-RateLimit-Remaining: 0` (until
    /// `X-RateLimit-Reset`, else a second) pauses every request of the run.
    pub(super) fn note_rate_limit(&self, reply: &Reply) {
        let headers = &reply.headers;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let wait = if reply.answer() == Answer::RateLimited {
            retry_after(headers).unwrap_or(Duration::from_secs(1))
        } else if header("x-ratelimit-remaining").map(str::trim) == Some("0") {
            header("x-ratelimit-reset")
                .and_then(|v| reset_delay(v, SystemTime::now()))
                .unwrap_or(Duration::from_secs(1))
        } else {
            return;
        };
        let until = Instant::now() + wait;
        if let Ok(mut paused) = self.paused_until.lock() {
            *paused = Some(paused.map_or(until, |p| p.max(until)));
        }
    }
}

/// `X-RateLimit-Reset` as a wait from `now`: seconds (GreenLake), a Unix time when large,
/// or an RFC 3339 timestamp (new Central: `2026-12-04T14:00:05Z`). `None` when unreadable.
pub(super) fn reset_delay(value: &str, now: SystemTime) -> Option<Duration> {
    const UNIX_TIME_FLOOR: u64 = 1_000_000_000;
    let value = value.trim();
    let at = match value.parse::<u64>() {
        Ok(reset) if reset < UNIX_TIME_FLOOR => return Some(Duration::from_secs(reset)),
        Ok(reset) => SystemTime::UNIX_EPOCH + Duration::from_secs(reset),
        Err(_) => rfc3339(value)?,
    };
    Some(at.duration_since(now).unwrap_or_default())
}

/// An RFC 3339 timestamp, with `Z` or a numeric offset (`+01:00`).
fn rfc3339(value: &str) -> Option<SystemTime> {
    let split = value.len().checked_sub(6).filter(|&at| {
        value.is_char_boundary(at)
            && matches!(value.as_bytes()[at], b'+' | b'-')
            && value.as_bytes()[at + 3] == b':'
    });
    let Some(at) = split else {
        return humantime::parse_rfc3339_weak(value).ok();
    };
    let (local, offset) = value.split_at(at);
    let hours: u64 = offset[1..3].parse().ok()?;
    let minutes: u64 = offset[4..].parse().ok()?;
    let shift = Duration::from_secs(hours * 3600 + minutes * 60);
    let local = humantime::parse_rfc3339_weak(local).ok()?;
    // 09:00+01:00 is 08:00 UTC.
    if offset.starts_with('+') {
        local.checked_sub(shift)
    } else {
        local.checked_add(shift)
    }
}

/// `Retry-After` in seconds or as an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// `45s`, `1h`, `1h 30m`: a wait as people write it (whole seconds).
pub(super) fn seconds(wait: Duration) -> String {
    humantime::format_duration(Duration::from_secs(wait.as_secs().max(1))).to_string()
}

/// Exponential backoff with jitter before try `tries + 1`: 0.5s, 1s, 2s… up to
/// [`MAX_PAUSE`], each scaled by a random 50–100%.
pub(super) fn backoff(tries: u32) -> Duration {
    let base = FIRST_BACKOFF.saturating_mul(1 << tries.saturating_sub(1).min(16));
    base.min(MAX_PAUSE).mul_f64(0.5 + fastrand::f64() / 2.0)
}

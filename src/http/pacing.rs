//! Pacing the requests of a run: waiting out the pauses Central asks for (`Retry-After`,
//! `X-RateLimit-*`) for every request of the run, the run's request budget, and how long to
//! pause between tries without passing the deadline.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use tokio::time::Instant;

use super::{Answer, Event, Http, Reply, FIRST_BACKOFF, MAX_PAUSE, MAX_TRIES};
use crate::clock;
use crate::error::{Error, Result};

/// A pause Central asked for: until when, how long it said, and in which header.
#[derive(Debug, Clone, Copy)]
pub(super) struct Paused {
    until: Instant,
    asked: Duration,
    header: &'static str,
}

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
        // Never sooner than the backoff: `Retry-After: 0` is no reason to hammer.
        let pause = asked.map_or_else(|| backoff(tries), |asked| asked.max(backoff(tries)));
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
                        clock::words(asked)
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
            self.wait_for_rate_limit(deadline, tries).await?;
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
            let clear = paused.is_none_or(|p| p.until <= Instant::now() || p.until >= deadline);
            if clear || self.max_pausing.is_some() {
                return Ok(());
            }
        }
    }

    /// Waits out a pause the server asked for; every request of the run waits, not only the
    /// one that was told. A pause that reaches past the deadline fails at once, saying how
    /// long Central asked for (a `--no-wait` look pauses a few seconds at most instead).
    async fn wait_for_rate_limit(&self, deadline: Instant, tries: u32) -> Result<()> {
        let Some(paused) = self.paused_until.lock().ok().and_then(|p| *p) else {
            return Ok(());
        };
        let now = Instant::now();
        if paused.until <= now {
            return Ok(());
        }
        let until = match self.max_pausing {
            Some(most) => paused.until.min(deadline).min(clock::after(now, most)),
            None if paused.until > deadline => {
                let left = deadline.saturating_duration_since(now);
                return Err(Error::Unavailable {
                    detail: format!(
                        "Central asked to wait {} ({}), more than the {} left of the time \
                         allowed",
                        clock::words(paused.asked),
                        paused.header,
                        seconds(left)
                    ),
                    tries,
                });
            }
            None => paused.until,
        };
        (self.observer)(&Event::RateLimited { wait: until - now });
        tokio::time::sleep_until(until).await;
        Ok(())
    }

    /// A 429 (for its `Retry-After`, else a second) or `X-RateLimit-Remaining: 0` (until
    /// `X-RateLimit-Reset`, else a second) pauses every request of the run.
    pub(super) fn note_rate_limit(&self, reply: &Reply) {
        let headers = &reply.headers;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let (wait, header) = if reply.answer() == Answer::RateLimited {
            let wait = retry_after(headers).unwrap_or(Duration::from_secs(1));
            (wait, "Retry-After")
        } else if header("x-ratelimit-remaining").map(str::trim) == Some("0") {
            let wait = header("x-ratelimit-reset")
                .and_then(|v| reset_delay(v, SystemTime::now()))
                .unwrap_or(Duration::from_secs(1));
            (wait, "X-RateLimit-Reset")
        } else {
            return;
        };
        let paused = Paused {
            until: clock::after(Instant::now(), wait),
            asked: wait,
            header,
        };
        if let Ok(mut current) = self.paused_until.lock() {
            *current = Some(match *current {
                Some(before) if before.until > paused.until => before,
                _ => paused,
            });
        }
    }
}

/// `X-RateLimit-Reset` as a wait from `now`: seconds (GreenLake), a Unix time in seconds or
/// in milliseconds when large, an RFC 3339 timestamp (new Central: `2026-12-04T14:00:05Z`,
/// any case), or an HTTP date. `None` when unreadable; a time the clock cannot hold is
/// [`clock::FOREVER`] away.
pub(super) fn reset_delay(value: &str, now: SystemTime) -> Option<Duration> {
    const UNIX_TIME_FLOOR: u64 = 1_000_000_000;
    const UNIX_MILLIS_FLOOR: u64 = 100_000_000_000;
    let value = value.trim();
    let at = match value.parse::<u64>() {
        Ok(reset) if reset < UNIX_TIME_FLOOR => return Some(Duration::from_secs(reset)),
        Ok(reset) if reset < UNIX_MILLIS_FLOOR => clock::epoch(reset),
        Ok(millis) => clock::epoch(millis / 1000),
        Err(_) => Some(
            rfc3339(&value.to_ascii_uppercase())
                .or_else(|| httpdate::parse_http_date(value).ok())?,
        ),
    };
    Some(at.map_or(clock::FOREVER, |at| {
        at.duration_since(now).unwrap_or_default()
    }))
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

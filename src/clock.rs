//! Times computed from input — a server's `Retry-After` or `X-RateLimit-Reset`, a token's
//! expiry, a stored record — never overflow the clock: a wait is cut to a hundred years (for
//! ever, to any run), and a point in time that cannot be is `None`, never a panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// The longest a time is ever pushed: a hundred years is for ever already.
pub const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// `at` plus `wait`, a wait of more than [`FOREVER`] counted as [`FOREVER`].
pub fn after(at: Instant, wait: Duration) -> Instant {
    at.checked_add(wait.min(FOREVER))
        .or_else(|| at.checked_add(Duration::from_secs(365 * 24 * 3600)))
        .unwrap_or(at)
}

/// The same for wall-clock times.
pub fn system_after(at: SystemTime, wait: Duration) -> SystemTime {
    at.checked_add(wait.min(FOREVER))
        .or_else(|| at.checked_add(Duration::from_secs(365 * 24 * 3600)))
        .unwrap_or(at)
}

/// The time `secs` seconds after the Unix epoch, where the clock can hold it.
pub fn epoch(secs: u64) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Seconds since the Unix epoch now (0 on a clock set before it).
pub fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A wait as people say it: `45s`, `1h 30m`, `3 years`, `292 billion years`.
pub fn words(wait: Duration) -> String {
    const YEAR: u64 = 31_557_600;
    let secs = wait.as_secs();
    if secs < YEAR {
        return humantime::format_duration(Duration::from_secs(secs.max(1))).to_string();
    }
    let years = secs / YEAR;
    if years == 1 {
        "a year".to_owned()
    } else if years < 1_000_000 {
        format!("{years} years")
    } else if years < 1_000_000_000 {
        format!("{} million years", years / 1_000_000)
    } else {
        format!("{} billion years", years / 1_000_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_wait_overflows_the_clock() {
        let now = Instant::now();
        assert!(after(now, Duration::MAX) > now);
        assert_eq!(
            after(now, Duration::from_secs(5)),
            now + Duration::from_secs(5)
        );
        assert!(system_after(SystemTime::now(), Duration::MAX) > SystemTime::now());
        assert!(epoch(u64::MAX).is_none());
        assert!(epoch(1_700_000_000).is_some());
    }

    #[test]
    fn long_waits_are_said_in_years() {
        assert_eq!(
            words(Duration::from_secs(9_223_372_036_854_775_807)),
            "292 billion years"
        );
        assert_eq!(words(Duration::from_secs(3 * 31_557_600)), "3 years");
        assert_eq!(words(Duration::from_secs(90)), "1m 30s");
        assert_eq!(words(Duration::ZERO), "1s");
    }
}

//! One request budget for a whole run: at most N requests in any one-second window, spaced
//! evenly (no bursts), shared by every request — starts, polls and token requests alike.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;

/// Requests are spaced this much wider than the rate asks, so that a server counting arrivals
/// in a sliding one-second window never sees one too many when the network jitters.
const MARGIN: f64 = 1.05;

pub struct Budget {
    limiter: DefaultDirectRateLimiter,
    clock: DefaultClock,
}

impl Budget {
    /// `rate` requests per second (fractions allowed: 0.5 is one every two seconds).
    pub fn per_second(rate: f64) -> Budget {
        let period = Duration::from_secs_f64(MARGIN / rate.max(0.001));
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::MIN);
        Budget {
            limiter: RateLimiter::direct(quota),
            clock: DefaultClock::default(),
        }
    }

    /// Waits for the next slot; `false` when it would come after `deadline`.
    pub async fn take(&self, deadline: Instant) -> bool {
        loop {
            match self.limiter.check() {
                Ok(()) => return true,
                Err(not_until) => {
                    let wait = not_until.wait_time_from(self.clock.now());
                    if Instant::now() + wait > deadline {
                        return false;
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn slots_are_spaced_evenly_without_a_burst() {
        let budget = Budget::per_second(20.0);
        let deadline = Instant::now() + Duration::from_secs(10);
        let start = std::time::Instant::now();
        for _ in 0..21 {
            assert!(budget.take(deadline).await);
        }
        // Twenty gaps of 1.05 / 20 s: no burst at the start, so at least a second.
        assert!(
            start.elapsed() >= Duration::from_secs(1),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test]
    async fn a_slot_after_the_deadline_is_refused_at_once() {
        let budget = Budget::per_second(0.01);
        assert!(budget.take(Instant::now() + Duration::from_secs(5)).await);
        let start = std::time::Instant::now();
        assert!(!budget.take(Instant::now() + Duration::from_secs(5)).await);
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}

//! Whether a watch is healthy, for `/healthz`: rounds finish on schedule, and Central still
//! takes the token. A service manager or a load balancer asks; the answer is one line.

use std::time::Duration;

use tokio::time::Instant;

/// How many round periods may pass without a finished round before the watch is stalled.
const STALLED_AFTER: u32 = 3;

/// What `/healthz` looks at.
#[derive(Debug, Clone)]
pub struct Health {
    started: Instant,
    /// The shortest time between rounds the watch keeps.
    pub period: Duration,
    /// When a round last finished.
    pub last_round: Option<Instant>,
    /// Why Central refuses the token (and it could not be renewed), while it does.
    pub token_refused: Option<String>,
}

impl Health {
    pub fn new(period: Duration) -> Health {
        Health {
            started: Instant::now(),
            period,
            last_round: None,
            token_refused: None,
        }
    }

    /// `Ok` with a line saying so, or `Err` with the reason the watch is unhealthy, at `now`.
    pub fn check(&self, now: Instant) -> Result<String, String> {
        if let Some(why) = &self.token_refused {
            return Err(format!("the token cannot be renewed: {why}"));
        }
        let limit = self.period.saturating_mul(STALLED_AFTER);
        let since = now.saturating_duration_since(self.last_round.unwrap_or(self.started));
        if since > limit {
            let what = match self.last_round {
                Some(_) => "the last round finished",
                None => "no round has finished since the watch began",
            };
            return Err(format!(
                "{what} {} ago, more than {STALLED_AFTER} × the {} between rounds",
                humantime::format_duration(Duration::from_secs(since.as_secs())),
                humantime::format_duration(self.period)
            ));
        }
        Ok(match self.last_round {
            Some(at) => format!(
                "ok: the last round finished {} ago",
                humantime::format_duration(Duration::from_secs(
                    now.saturating_duration_since(at).as_secs()
                ))
            ),
            None => "ok: the first round runs".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_is_stalled_three_periods_after_its_last_round() {
        let mut health = Health::new(Duration::from_secs(60));
        let start = health.started;
        assert_eq!(
            health.check(start + Duration::from_secs(10)).unwrap(),
            "ok: the first round runs"
        );
        let stalled = health.check(start + Duration::from_secs(181)).unwrap_err();
        assert_eq!(
            stalled,
            "no round has finished since the watch began 3m 1s ago, more than 3 × the 1m \
             between rounds"
        );
        health.last_round = Some(start + Duration::from_secs(170));
        assert!(health.check(start + Duration::from_secs(300)).is_ok());
        let late = health.check(start + Duration::from_secs(351)).unwrap_err();
        assert!(
            late.starts_with("the last round finished 3m 1s ago"),
            "{late}"
        );
    }

    #[test]
    fn a_refused_token_is_unhealthy_at_once() {
        let mut health = Health::new(Duration::from_secs(60));
        health.token_refused = Some("authentication failed: 401 Unauthorized".into());
        let why = health.check(Instant::now()).unwrap_err();
        assert_eq!(
            why,
            "the token cannot be renewed: authentication failed: 401 Unauthorized"
        );
    }
}

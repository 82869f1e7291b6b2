//! The end of a round: the metrics published (and written), health told, `--until-change`
//! and `--rounds` looked at, and the next round put off by `every` — stretched by the daily
//! budget, said once — or started now when the round overran.

use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use super::{Engine, Watch};
use crate::commands::connect::ApiCounts;
use crate::commands::watch::budget;
use crate::error::{Error, Result};

impl Watch {
    /// Ends the round of `every`'s schedule.
    pub(super) fn end_round(&mut self, engine: &Engine<'_>, every: Duration) -> Result<()> {
        let Some(schedule) = self.schedules.get_mut(&every) else {
            return Ok(());
        };
        let began = schedule.began.take().unwrap_or_else(Instant::now);
        let (number, changed) = (schedule.number, schedule.changed);
        let took = began.elapsed();
        if !self.targets.iter().any(|l| l.target.group.every == every) {
            // A reload took its targets while the round ran.
            self.schedules.remove(&every);
        }
        let counts = engine.answers.lock().map(|a| a.clone()).unwrap_or_default();
        self.update_stretch(engine, &counts);
        self.publish(engine, &counts, Some(took));
        if let Ok(mut health) = engine.health.lock() {
            health.last_round = Some(Instant::now());
            health.period = self.period();
        }
        if engine.until_change && changed {
            return Err(Error::PathsDiffer);
        }
        if engine.rounds.is_some_and(|n| number >= n) {
            return Ok(());
        }
        let Some(schedule) = self.schedules.get_mut(&every) else {
            return Ok(());
        };
        let period = every.mul_f64(self.stretch);
        let next = (self.view).suspend(|| next_round(began, took, period, number, engine));
        schedule.next = next;
        let several = self.schedules.len() > 1;
        let at = SystemTime::now() + next.saturating_duration_since(Instant::now());
        self.view.heading(&format!(
            "round {number}{} done; the next at {}",
            super::of_schedule(several, every),
            humantime::format_rfc3339_seconds(at)
        ));
        Ok(())
    }

    /// The shortest time between rounds kept now.
    pub(super) fn period(&self) -> Duration {
        let shortest = self.schedules.keys().next().copied();
        shortest
            .unwrap_or(Duration::from_secs(60))
            .mul_f64(self.stretch)
    }

    /// The metrics of every target now, the watch's counters and budgets; `took`: a round
    /// just ended.
    pub(super) fn publish(
        &mut self,
        engine: &Engine<'_>,
        counts: &ApiCounts,
        took: Option<Duration>,
    ) {
        let today = crate::clock::unix_seconds() / 86_400;
        if let Ok(mut metrics) = engine.metrics.lock() {
            metrics.devices = (self.targets.iter())
                .filter(|l| l.seen)
                .map(|l| (l.target.key.clone(), l.state.metrics.clone()))
                .collect();
            if let Some(took) = took {
                metrics.rounds += 1;
                metrics.round_seconds = took.as_secs_f64();
                let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH);
                metrics.last_round_timestamp = now.ok().map(|d| d.as_secs_f64());
            }
            metrics.round_interval_seconds = self.period().as_secs_f64();
            metrics.requests = counts.by_code.clone();
            metrics.ratelimit_remaining = counts.remaining;
            metrics.budget_remaining = budget::remaining(engine.daily_budget, counts, today);
        }
        if let Some(file) = engine.metrics_file {
            let failing = &mut self.metrics_failing;
            super::output::write_metrics(file, engine.metrics, failing, engine.ui);
        }
    }

    /// Rounds farther apart when the plan would spend more than is left of the day's budget;
    /// said the first time.
    fn update_stretch(&mut self, engine: &Engine<'_>, counts: &ApiCounts) {
        let now = crate::clock::unix_seconds();
        let Some(left) = budget::remaining(engine.daily_budget, counts, now / 86_400) else {
            self.stretch = 1.0;
            return;
        };
        self.stretch = budget::stretch(self.per_day, left, budget::seconds_left(now));
        if self.stretch > 1.0 && !self.said_stretch {
            self.said_stretch = true;
            let from = counts
                .remaining_day
                .map_or("of daily_budget", |_| "today, as Central says");
            engine.ui.say(&format!(
                "the watch plans about {} requests a day and {} are left {from}: rounds are \
                 {:.1} times farther apart than every until the budget allows",
                crate::commands::watch::plan::thousands(self.per_day),
                crate::commands::watch::plan::thousands(left as f64),
                self.stretch
            ));
        }
    }
}

/// When the next round starts: `period` after this one began, a little later at random (so
/// that many watches do not beat in step), or now when this round took longer — said.
fn next_round(
    began: Instant,
    took: Duration,
    period: Duration,
    number: u32,
    engine: &Engine<'_>,
) -> Instant {
    if took >= period {
        engine
            .ui
            .say(&overran(number, took, period, engine.file.is_none()));
        return Instant::now();
    }
    let jitter = period
        .mul_f64(fastrand::f64() / 20.0)
        .min(Duration::from_secs(15));
    crate::clock::after(began, period + jitter)
}

/// Why the next round starts at once. The time taken is rounded up, to a tenth of a second
/// under a minute, so that it never reads as equal to `--every` (`2.1s`, not `2s`).
fn overran(number: u32, took: Duration, every: Duration, flag: bool) -> String {
    let shown = if took < Duration::from_secs(60) {
        let tenths = took.as_millis().div_ceil(100);
        format!("{}.{}s", tenths / 10, tenths % 10)
    } else {
        let secs = took.as_secs() + u64::from(took.subsec_nanos() > 0);
        humantime::format_duration(Duration::from_secs(secs)).to_string()
    };
    format!(
        "round {number} took {shown}, longer than {}{}: the next round starts now",
        if flag { "--every " } else { "every = " },
        humantime::format_duration(every)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overrun_round_reads_longer_than_the_period() {
        let said = |took: f64, every: u64| {
            overran(
                3,
                Duration::from_secs_f64(took),
                Duration::from_secs(every),
                true,
            )
        };
        assert_eq!(
            said(2.04, 2),
            "round 3 took 2.1s, longer than --every 2s: the next round starts now"
        );
        assert!(said(84.2, 60).starts_with("round 3 took 1m 25s, longer than --every 1m:"));
    }
}

//! A watch's daily request budget while it runs: what is left of today's (Central's
//! `X-RateLimit-Remaining-day` where it sends it, else `daily_budget` less today's answers),
//! and how far apart rounds must then be for the rest of the day to stay within it.

use crate::commands::connect::ApiCounts;

/// The longest a round is put off: a day's worth of a five-minute watch.
const MOST_STRETCH: f64 = 288.0;

/// Requests left of today's budget, when one is known.
pub fn remaining(daily_budget: Option<u64>, counts: &ApiCounts, today: u64) -> Option<u64> {
    let counted = if counts.day == today { counts.today } else { 0 };
    let header = (counts.day == today)
        .then_some(counts.remaining_day)
        .flatten();
    header.or_else(|| daily_budget.map(|b| b.saturating_sub(counted)))
}

/// How many times longer than planned rounds must be apart so that a plan of `per_day`
/// requests a day spends no more than `remaining` in the `seconds_left` of the day; 1 when
/// it fits.
pub fn stretch(per_day: f64, remaining: u64, seconds_left: u64) -> f64 {
    let allowed = remaining as f64 * 86_400.0 / seconds_left.clamp(60, 86_400) as f64;
    if allowed <= 0.0 {
        return MOST_STRETCH;
    }
    (per_day / allowed).clamp(1.0, MOST_STRETCH)
}

/// Seconds from `now` (Unix seconds) to the end of its UTC day.
pub fn seconds_left(now: u64) -> u64 {
    86_400 - now % 86_400
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_s_day_header_wins_over_the_estimate() {
        let today = 20_000;
        let mut counts = ApiCounts {
            day: today,
            today: 1_000,
            ..ApiCounts::default()
        };
        assert_eq!(remaining(Some(5_000), &counts, today), Some(4_000));
        counts.remaining_day = Some(120);
        assert_eq!(remaining(Some(5_000), &counts, today), Some(120));
        assert_eq!(remaining(None, &counts, today), Some(120));
        // Yesterday's counts say nothing of today.
        assert_eq!(remaining(Some(5_000), &counts, today + 1), Some(5_000));
        assert_eq!(remaining(None, &ApiCounts::default(), today), None);
    }

    #[test]
    fn rounds_stretch_to_spend_what_is_left_over_the_rest_of_the_day() {
        // A whole day left: 10,000 planned against 5,000 is twice as far apart.
        assert_eq!(stretch(10_000.0, 5_000, 86_400), 2.0);
        // Half the day left with half the budget: the same.
        assert_eq!(stretch(10_000.0, 2_500, 43_200), 2.0);
        // Within it: as planned.
        assert_eq!(stretch(1_000.0, 5_000, 86_400), 1.0);
        assert_eq!(stretch(1_000.0, 0, 86_400), MOST_STRETCH);
        assert_eq!(seconds_left(86_400 * 3 + 600), 85_800);
    }
}

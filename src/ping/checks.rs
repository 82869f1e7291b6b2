//! Checks on a finished ping (`--expect-reach`, `--max-loss`, `--max-rtt`, `--max-jitter`):
//! each failure one line saying what was expected and what was seen, as the path checks do.

use super::Ping;
use crate::checks::Checks;
use crate::path::ms;

/// The failed checks of `ping`, one message each; all are evaluated.
pub fn failures(ping: &Ping, checks: &Checks, asked: &str) -> Vec<String> {
    let target = ping.destination.as_deref().unwrap_or(asked);
    let mut failed = Vec::new();
    let silent = ping.received == 0;
    if checks.reach && silent {
        failed.push(format!(
            "no reply from {target}: {} sent, 0 received (--expect-reach)",
            ping.sent
        ));
    }
    if let Some(limit) = checks.max_loss {
        let loss = ping.loss_percent();
        if loss > limit {
            failed.push(format!(
                "loss to {target} is {loss:.1}% ({} of {} lost), over --max-loss {limit}%",
                ping.sent.saturating_sub(ping.received),
                ping.sent
            ));
        }
    }
    if let Some(limit) = checks.max_rtt_ms {
        match ping.avg_ms {
            _ if silent => failed.push(format!(
                "--max-rtt {} ms: no reply from {target}",
                ms(limit)
            )),
            Some(avg) if avg > limit => failed.push(format!(
                "average round-trip time to {target} is {} ms, over --max-rtt {} ms",
                ms(avg),
                ms(limit)
            )),
            Some(_) => {}
            None => failed.push(format!(
                "--max-rtt {} ms: the device reported no round-trip time for {target}",
                ms(limit)
            )),
        }
    }
    if let Some(limit) = checks.max_jitter_ms {
        match ping.jitter_ms() {
            Some(jitter) if jitter > limit => failed.push(format!(
                "jitter to {target} is {} ms, over --max-jitter {} ms",
                ms(jitter),
                ms(limit)
            )),
            Some(_) => {}
            None => failed.push(format!(
                "--max-jitter {} ms: fewer than two replies from {target} carry a time",
                ms(limit)
            )),
        }
    }
    failed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ping::{Echo, Source};

    fn ping(times: &[Option<f64>]) -> Ping {
        let echoes: Vec<Echo> = times
            .iter()
            .enumerate()
            .map(|(n, t)| Echo {
                seq: n as u32 + 1,
                answered: t.is_some(),
                rtt_ms: *t,
            })
            .collect();
        let received = echoes.iter().filter(|e| e.answered).count() as u32;
        let answered: Vec<f64> = times.iter().flatten().copied().collect();
        Ping {
            destination: Some("10.0.0.1".into()),
            sent: times.len() as u32,
            received,
            echoes,
            min_ms: answered.iter().copied().reduce(f64::min),
            avg_ms: (!answered.is_empty())
                .then(|| answered.iter().sum::<f64>() / answered.len() as f64),
            max_ms: answered.iter().copied().reduce(f64::max),
            stdev_ms: None,
            source: Source::Replies,
        }
    }

    #[test]
    fn every_check_says_what_it_saw() {
        let checks = Checks {
            reach: true,
            max_loss: Some(1.0),
            max_rtt_ms: Some(10.0),
            max_jitter_ms: Some(2.0),
            ..Checks::default()
        };
        let lossy = ping(&[Some(20.0), None, Some(30.0), Some(20.0)]);
        let failed = failures(&lossy, &checks, "x");
        assert_eq!(failed.len(), 3, "{failed:?}");
        assert!(failed[0].contains("loss to 10.0.0.1 is 25.0% (1 of 4 lost)"));
        assert!(failed[1].contains("23.3 ms, over --max-rtt 10.0 ms"));
        assert!(failed[2].contains("jitter to 10.0.0.1 is 10.0 ms"));
        let silent = ping(&[None, None]);
        let failed = failures(&silent, &checks, "x");
        assert!(failed[0].contains("no reply from 10.0.0.1: 2 sent, 0 received"));
        assert_eq!(failed.len(), 4, "{failed:?}");
        let good = ping(&[Some(1.0), Some(1.5), Some(1.2)]);
        assert!(failures(&good, &checks, "x").is_empty());
    }
}

//! The live view of `gwtrace watch` on a terminal: a line per device with its latest result
//! and a sparkline of the destination's round-trip time over the last rounds, under a line
//! saying which round runs or when the next one starts. Drawn on stderr, only on a terminal.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::term::one_line;

/// Rounds a sparkline shows.
const SPARK_ROUNDS: usize = 20;
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The view; every method is a no-op when nothing is shown.
#[derive(Clone, Default)]
pub struct WatchView {
    shown: Option<Arc<Shown>>,
}

struct Shown {
    multi: MultiProgress,
    heading: ProgressBar,
    /// One line and the recent round-trip times of each device, in file order.
    devices: Vec<(ProgressBar, Mutex<VecDeque<Option<f64>>>)>,
}

impl WatchView {
    /// A view of `serials`, drawn when `draw` (stderr is a terminal, not `--quiet`).
    pub fn new(serials: &[&str], draw: bool) -> WatchView {
        if !draw {
            return WatchView::default();
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let plain = ProgressStyle::with_template("{wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let heading = multi.add(ProgressBar::new_spinner());
        heading.set_style(plain.clone());
        let devices = serials
            .iter()
            .map(|serial| {
                let line = multi.add(ProgressBar::new_spinner());
                line.set_style(plain.clone());
                line.set_message(format!(
                    "  {}  waiting for the first round",
                    one_line(serial)
                ));
                (line, Mutex::new(VecDeque::new()))
            })
            .collect();
        WatchView {
            shown: Some(Arc::new(Shown {
                multi,
                heading,
                devices,
            })),
        }
    }

    /// What the heading says: `round 3 running`, `round 3 done; the next at 15:40:02`.
    pub fn heading(&self, text: &str) {
        if let Some(shown) = &self.shown {
            shown.heading.set_message(one_line(text).into_owned());
        }
    }

    /// Device `index`'s latest result, and the destination's average RTT in it.
    pub fn device(&self, index: usize, summary: &str, rtt_ms: Option<f64>) {
        let Some((line, recent)) = self.shown.as_ref().and_then(|s| s.devices.get(index)) else {
            return;
        };
        let Ok(mut recent) = recent.lock() else {
            return;
        };
        recent.push_back(rtt_ms);
        while recent.len() > SPARK_ROUNDS {
            recent.pop_front();
        }
        line.set_message(format!("  {}  {}", sparkline(&recent), one_line(summary)));
    }

    /// Runs `f` (a write to stdout or stderr) with the view hidden, then redraws it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        super::suspended(self.shown.as_ref().map(|s| &s.multi), f)
    }

    /// Removes the view from the screen.
    pub fn clear(&self) {
        let Some(shown) = &self.shown else { return };
        let lines = shown.devices.iter().map(|(line, _)| line);
        super::clear_display(&shown.multi, lines.chain([&shown.heading]));
    }
}

/// `▁▃█ ▂`: each round's time scaled between the lowest and highest shown; a round without
/// one is a space. Always as wide as the rounds shown so far.
pub fn sparkline(times: &VecDeque<Option<f64>>) -> String {
    let known = times.iter().flatten();
    let low = known.clone().copied().fold(f64::INFINITY, f64::min);
    let high = known.copied().fold(f64::NEG_INFINITY, f64::max);
    times
        .iter()
        .map(|time| match time {
            None => ' ',
            Some(t) if high > low => {
                let step = ((t - low) / (high - low) * 7.0).round() as usize;
                BLOCKS[step.min(7)]
            }
            Some(_) => BLOCKS[0],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_scales_each_round_between_the_lowest_and_highest() {
        let times: VecDeque<Option<f64>> =
            [Some(1.0), Some(8.0), None, Some(4.5), Some(1.0)].into();
        assert_eq!(sparkline(&times), "▁█ ▅▁");
        let flat: VecDeque<Option<f64>> = [Some(3.0), Some(3.0)].into();
        assert_eq!(sparkline(&flat), "▁▁");
        assert_eq!(sparkline(&VecDeque::new()), "");
    }
}

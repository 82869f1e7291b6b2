//! SIGHUP: the watch file read again. Targets it adds start at their schedule's next round,
//! targets it drops stop (their metric series gone at once), and the rest keep their state
//! and counters; a file that no longer reads is reported and changes nothing.

use std::collections::HashMap;

use tokio::time::Instant;

use super::{Engine, Live, Watch};
use crate::commands::watch::{file, plan};
use crate::metrics::TargetKey;

/// What a reload changed.
#[derive(Debug, Default, PartialEq)]
struct Changes {
    added: usize,
    removed: usize,
    changed: usize,
    unchanged: usize,
}

impl Watch {
    pub(super) fn reload(&mut self, engine: &Engine<'_>) {
        let Some((path, device)) = engine.file else {
            return;
        };
        let began = Instant::now();
        let plan = match file::load(path, device) {
            Ok(plan) => plan,
            Err(err) => {
                engine.ui.warn(&format!(
                    "SIGHUP: the watch file does not read, so the {} targets of before keep \
                     running: {err}",
                    self.targets.len()
                ));
                return;
            }
        };
        self.per_day = plan::per_day(&plan::costs(&plan, engine.interval));
        let old: HashMap<TargetKey, Live> = std::mem::take(&mut self.targets)
            .into_iter()
            .map(|live| (live.target.key.clone(), live))
            .collect();
        let (targets, changes) = merge(old, plan.targets);
        self.take(targets);
        let counts = engine.answers.lock().map(|a| a.clone()).unwrap_or_default();
        self.publish(engine, &counts, None);
        engine.ui.say(&format!(
            "SIGHUP: read {} again in {} ms: {} targets ({} added, {} removed, {} with new \
             settings, {} unchanged)",
            path.display(),
            began.elapsed().as_millis(),
            self.targets.len(),
            changes.added,
            changes.removed,
            changes.changed,
            changes.unchanged
        ));
    }
}

/// The new targets, each that was watched before with its state (unless its device family
/// changed: then it is another device).
fn merge(mut old: HashMap<TargetKey, Live>, targets: Vec<plan::Target>) -> (Vec<Live>, Changes) {
    let mut changes = Changes::default();
    let lives = targets
        .into_iter()
        .map(|target| match old.remove(&target.key) {
            Some(live) if live.target.group.device == target.group.device => {
                if live.target.same_as(&target) {
                    changes.unchanged += 1;
                } else {
                    changes.changed += 1;
                }
                Live { target, ..live }
            }
            before => {
                changes.added += 1;
                changes.removed += usize::from(before.is_some());
                Live::new(target)
            }
        })
        .collect();
    changes.removed += old.len();
    (lives, changes)
}

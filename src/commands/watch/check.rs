//! `gwtrace watch --file F --check`: the file's targets and what they cost — requests a
//! round and a day, from the task durations the API notes give — printed without a request
//! sent; exit 2 when the plan is over its daily budget.

use super::plan::{self, Plan};
use crate::cli::WatchArgs;
use crate::error::{Error, Result};
use crate::render::plain_table;
use crate::term::one_line;
use crate::ui::Ui;

/// Prints the targets, then the cost of each group and of the whole watch.
pub fn print(plan: &Plan, args: &WatchArgs, ui: &Ui) -> Result<()> {
    let interval = args
        .timing
        .interval
        .or(plan.interval)
        .unwrap_or(crate::settings::DEFAULT_INTERVAL);
    let costs = plan::costs(plan, interval);
    let mut targets = plain_table(["GROUP", "SERIAL", "DEVICE", "DESTINATION", "EVERY"]);
    for target in &plan.targets {
        targets.add_row([
            one_line(&target.key.group).into_owned(),
            target.key.serial.clone(),
            target.group.device.name().to_owned(),
            target.key.destination.clone(),
            humantime::format_duration(target.group.every).to_string(),
        ]);
    }
    let mut groups = plain_table([
        "GROUP",
        "DEVICE",
        "TARGETS",
        "EVERY",
        "REQUESTS/ROUND",
        "REQUESTS/DAY",
    ]);
    for cost in &costs {
        groups.add_row([
            one_line(&cost.group).into_owned(),
            cost.device.name().to_owned(),
            cost.targets.to_string(),
            humantime::format_duration(cost.every).to_string(),
            plan::thousands(cost.per_round),
            plan::thousands(cost.per_day),
        ]);
    }
    let per_round: f64 = costs.iter().map(|c| c.per_round).sum();
    let per_day = plan::per_day(&costs);
    let budget = args.daily_budget.or(plan.daily_budget);
    let within = match budget {
        Some(b) => format!(", daily_budget {}", plan::thousands(b as f64)),
        None => ", no daily_budget".to_owned(),
    };
    let text = format!(
        "{}\n\n{}\n\n{} targets: about {} requests a round, {} a day{within} (a trace taken as \
         18 s and polled every {}; hop pings as {} responders a path)\n",
        targets.trim_fmt(),
        groups.trim_fmt(),
        plan.targets.len(),
        plan::thousands(per_round),
        plan::thousands(per_day),
        humantime::format_duration(interval),
        plan::TYPICAL_RESPONDERS
    );
    crate::commands::print(text.as_bytes())?;
    if let Some(over) = budget.and_then(|b| plan::over_budget(&costs, b)) {
        return Err(Error::Usage(over));
    }
    ui.notice("the watch file is fine");
    Ok(())
}

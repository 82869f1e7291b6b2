//! `gwtrace tasks <SERIAL>`: the device's active and recent troubleshooting tasks, and the
//! newest traceroute or ping among them for `status --latest`.

use tokio::time::Instant;

use crate::api::{task_id_of, Client};
use crate::cli::{GlobalArgs, TasksArgs};
use crate::error::{Error, Missing, Result};
use crate::ids::{Serial, TaskId, Test};
use crate::render::{self, Style};
use crate::settings::{self, Origin};
use crate::task::listing::{self, Group};
use crate::ui::Ui;

use super::connect::{client, Pace};

pub async fn run(global: &GlobalArgs, args: &TasksArgs, ui: &Ui) -> Result<()> {
    let settings = settings::resolve(&super::connect::overrides(global, None), Origin::ConfigFile)?;
    let deadline = Instant::now() + settings.timeout;
    let client = client(settings, Pace::default(), ui)?;
    let document = client.list_tasks(&args.serial, deadline).await?;
    let style = Style::for_stdout(&ui.term);
    if args.json {
        return super::print_with(|out| render::json_document(&document, style, out));
    }
    let groups = listing::groups(&document);
    let rows = rows(&client, &args.serial, &groups);
    if rows.is_empty() {
        ui.say(&format!(
            "{} has no active or recent troubleshooting tasks",
            args.serial
        ));
        return Ok(());
    }
    super::print_with(|out| render::task_list(&rows, out))
}

/// Test name, task id, and the command that reads the task (traceroutes and pings).
fn rows(client: &Client, serial: &Serial, groups: &[Group]) -> Vec<[String; 3]> {
    let mut rows = Vec::new();
    for group in groups {
        for location in &group.locations {
            let task = task_id_of(location);
            let id = task
                .as_ref()
                .map_or_else(|| location.clone(), ToString::to_string);
            let read = match (&task, group.test()) {
                (Some(task), Some(test)) => {
                    crate::follow::again_test(test, client.device(), serial, task)
                }
                _ => String::new(),
            };
            rows.push([group.test.clone(), id, read]);
        }
    }
    rows
}

/// The newest task of `test` in the device's task list; exit 5 when there is none.
pub async fn latest(
    client: &Client,
    test: Test,
    serial: &Serial,
    deadline: Instant,
) -> Result<TaskId> {
    let document = client.list_tasks(serial, deadline).await?;
    listing::groups(&document)
        .iter()
        .filter(|group| group.test() == Some(test))
        .flat_map(|group| group.locations.iter())
        .find_map(|location| task_id_of(location))
        .ok_or_else(|| Error::NotFound {
            detail: format!(
                "{serial} lists no {test} task (gwtrace tasks {serial} shows what it has)"
            ),
            missing: Missing::Unknown,
        })
}

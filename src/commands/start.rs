//! `gwtrace start <SERIAL> <DESTINATION>`: start a traceroute, then wait like `status`.

use crate::cli::{Format, GlobalArgs, StartArgs};
use crate::error::Result;
use crate::render::{self, Style};
use crate::ui::Ui;

use super::status::{connect, follow};

pub async fn run(global: &GlobalArgs, args: &StartArgs, ui: &Ui) -> Result<()> {
    let (client, timing) = connect(global, &args.wait, ui)?;
    ui.progress("STARTING", None);
    let started = client
        .start(
            &args.serial,
            &args.destination,
            args.vlan_ip,
            timing.deadline,
        )
        .await?;
    if args.wait.no_wait {
        ui.clear();
        // `TASK=$(gwtrace start SN 8.8.8.8 --no-wait)` must get the id alone.
        if args.wait.format() == Format::Json {
            let style = Style {
                sanitize: ui.term.stdout_tty,
                width: None,
            };
            let mut out = Vec::new();
            render::json_document(&started.document, style, &mut out)?;
            return super::print(&out);
        }
        return super::print(format!("{}\n", started.task_id).as_bytes());
    }
    ui.notice(&format!("started task {}", started.task_id));
    follow(
        &client,
        &args.serial,
        &started.task_id,
        &args.wait,
        timing,
        ui,
    )
    .await
}

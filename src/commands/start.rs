//! `gwtrace start <SERIAL> <DESTINATION>`: start a traceroute, then wait like `status`.

use std::net::IpAddr;

use crate::api::Client;
use crate::cli::{Format, GlobalArgs, StartArgs, WaitArgs};
use crate::error::Result;
use crate::render::{self, Style};
use crate::ui::Ui;

use super::status::{connect, follow, Timing};

pub async fn run(global: &GlobalArgs, args: &StartArgs, ui: &Ui) -> Result<()> {
    let (client, timing) = connect(global, &args.wait, ui)?;
    let (serial, destination) = (args.serial.as_str(), args.destination.as_str());
    run_with(
        &client,
        timing,
        serial,
        destination,
        args.vlan_ip,
        &args.wait,
        ui,
    )
    .await
}

/// Starts a traceroute with `client` and follows it: shared by `start` and `demo`.
pub async fn run_with(
    client: &Client,
    timing: Timing,
    serial: &str,
    destination: &str,
    vlan_ip: Option<IpAddr>,
    wait: &WaitArgs,
    ui: &Ui,
) -> Result<()> {
    if !wait.no_wait {
        ui.progress("STARTING", None);
    }
    let started = client
        .start(serial, destination, vlan_ip, timing.deadline)
        .await?;
    if wait.no_wait {
        // `TASK=$(gwtrace start SN 8.8.8.8 --no-wait)` must get the id alone.
        if wait.format() == Format::Json {
            let style = Style::for_stdout(&ui.term);
            let mut out = Vec::new();
            render::json_document(&started.document, style, &mut out)?;
            return super::print(&out);
        }
        return super::print(format!("{}\n", started.task_id).as_bytes());
    }
    ui.notice(&format!("started task {}", started.task_id));
    follow(client, serial, &started.task_id, wait, timing, ui).await
}

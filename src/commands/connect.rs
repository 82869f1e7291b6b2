//! What every command that talks to Central does first: resolve the settings, show their
//! warnings, and make the API client whose HTTP layer reports to the terminal.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::api::{Client, Endpoint};
use crate::auth::Credentials;
use crate::cli::{GlobalArgs, WaitArgs};
use crate::error::Result;
use crate::http::{Event, Http, HttpConfig, Observer};
use crate::settings::{self, Origin, Settings};
use crate::ui::Ui;

/// The waiting numbers of one run; the deadline counts from start-up.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub timeout: Duration,
    pub interval: Duration,
    pub deadline: Instant,
}

impl Timing {
    /// Waiting that starts now.
    pub fn starting_now(timeout: Duration, interval: Duration) -> Timing {
        Timing {
            timeout,
            interval,
            deadline: Instant::now() + timeout,
        }
    }
}

/// Resolves the settings, shows their warnings and makes the API client.
pub fn connect(
    global: &GlobalArgs,
    args: &WaitArgs,
    origin: Origin,
    max_rate: Option<f64>,
    ui: &Ui,
) -> Result<(Client, Timing)> {
    let settings = settings::resolve(global, Some(args), origin)?;
    let timing = Timing::starting_now(settings.timeout, settings.interval);
    Ok((client(settings, max_rate, ui)?, timing))
}

/// The API client of resolved settings, its HTTP layer reporting to `ui` and holding every
/// request to `max_rate` per second when given; shows the settings' warnings first.
pub fn client(settings: Settings, max_rate: Option<f64>, ui: &Ui) -> Result<Client> {
    for warning in &settings.warnings {
        ui.warn(warning);
    }
    let config = HttpConfig {
        request_timeout: settings.request_timeout,
        ca_file: settings.ca_file.clone(),
        max_rate,
    };
    let http = Http::new(&config, observer(ui))?;
    let endpoint = Endpoint {
        base: settings.base_url,
        version: settings.api_version,
        device: settings.device,
    };
    Ok(Client::new(
        endpoint,
        Credentials::new(settings.token),
        http,
    ))
}

/// What the HTTP layer reports, as `-v` lines and notices.
fn observer(ui: &Ui) -> Observer {
    let ui = ui.clone();
    Arc::new(move |event: &Event<'_>| match event {
        Event::Exchanged {
            method,
            path,
            outcome,
            took,
            via,
        } => {
            let via = via.map(|p| format!(" via proxy {p}")).unwrap_or_default();
            ui.log(&format!(
                "{method} {path} -> {outcome} ({} ms){via}",
                took.as_millis()
            ))
        }
        Event::Retrying { problem, pause } => ui.notice(&format!(
            "{problem}; trying again in {:.1}s",
            pause.as_secs_f64()
        )),
        Event::RateLimited { wait } => ui.notice(&format!(
            "API rate limit reached; waiting {:.0}s for it to reset",
            wait.as_secs_f64()
        )),
    })
}

//! What every command that talks to Central does first: resolve the settings, show their
//! warnings, and make the API client whose HTTP layer reports to the terminal.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::api::version::{Memory, Versions};
use crate::api::{Client, Endpoint};
use crate::auth::Credentials;
use crate::cli::{GlobalArgs, WaitArgs};
use crate::error::Result;
use crate::http::{Event, Http, HttpConfig, Observer};
use crate::settings::{self, Origin, Overrides, Settings};
use crate::ui::Ui;

use super::record::Recorder;

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

/// Resolves the settings, shows their warnings and makes the API client, and the recorder
/// of the traces the run reads.
pub fn connect(
    global: &GlobalArgs,
    args: &WaitArgs,
    origin: Origin,
    max_rate: Option<f64>,
    ui: &Ui,
) -> Result<(Client, Timing, Recorder)> {
    let settings = settings::resolve(&overrides(global, Some(args)), origin)?;
    let timing = Timing::starting_now(settings.timeout, settings.interval);
    let pace = Pace {
        max_rate,
        max_pausing: args.no_wait.then_some(NO_WAIT_PAUSING),
    };
    let recorder = Recorder::new(&settings);
    Ok((client(settings, pace, ui)?, timing, recorder))
}

/// The command line's settings, for the layering in [`settings`]; the waiting options only
/// for the commands that wait.
pub fn overrides(global: &GlobalArgs, wait: Option<&WaitArgs>) -> Overrides {
    Overrides {
        profile: global.profile.clone(),
        config: global.config.clone(),
        base_url: global.base_url.clone(),
        device: global.device,
        timeout: wait.and_then(|w| w.timing.timeout),
        interval: wait.and_then(|w| w.timing.interval),
        request_timeout: wait.and_then(|w| w.timing.request_timeout),
        record: global.no_record.then_some(false),
    }
}

/// The most `--no-wait` pauses between tries, in all: it is a quick look, not a wait.
const NO_WAIT_PAUSING: Duration = Duration::from_secs(5);

/// How fast a run may go: its request budget and how long it may pause in all.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pace {
    pub max_rate: Option<f64>,
    pub max_pausing: Option<Duration>,
}

/// The API client of resolved settings, its HTTP layer reporting to `ui` and holding every
/// request to `max_rate` per second when given; shows the settings' warnings first.
pub fn client(settings: Settings, pace: Pace, ui: &Ui) -> Result<Client> {
    client_counting(settings, pace, ui, None)
}

/// What the answers of the run said, for metrics.
#[derive(Debug, Clone, Default)]
pub struct ApiCounts {
    /// Answers by status code (`error` for no answer).
    pub by_code: std::collections::BTreeMap<String, u64>,
    /// The latest `X-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// The latest `X-RateLimit-Remaining-day` and `X-RateLimit-Limit-day`, of today (UTC).
    pub remaining_day: Option<u64>,
    pub limit_day: Option<u64>,
    /// Answers Central gave today (UTC), and which day that is (days since the epoch).
    pub today: u64,
    pub day: u64,
}

impl ApiCounts {
    /// Counts an answer with its rate limit headers; a new UTC day starts the day's count
    /// (and forgets the day's headers) afresh.
    fn answered(&mut self, limits: crate::http::Limits) {
        let day = crate::clock::unix_seconds() / 86_400;
        if day != self.day {
            (self.day, self.today) = (day, 0);
            (self.remaining_day, self.limit_day) = (None, None);
        }
        self.today += 1;
        self.remaining = limits.remaining.or(self.remaining);
        self.remaining_day = limits.remaining_day.or(self.remaining_day);
        self.limit_day = limits.limit_day.or(self.limit_day);
    }
}

/// [`ApiCounts`], shared with the HTTP layer's observer.
pub type Answers = Arc<std::sync::Mutex<ApiCounts>>;

/// [`client`], counting each exchange's answer in `answers` when given.
pub fn client_counting(
    settings: Settings,
    pace: Pace,
    ui: &Ui,
    answers: Option<Answers>,
) -> Result<Client> {
    for warning in &settings.warnings {
        ui.warn(warning);
    }
    let config = HttpConfig {
        request_timeout: settings.request_timeout,
        ca_file: settings.ca_file.clone(),
        max_rate: pace.max_rate,
        max_pausing: pace.max_pausing,
    };
    let http = Http::new(&config, observer(ui, answers))?;
    let memory = Memory::of_profile(&settings.profile, settings.base_url.as_str());
    let endpoint = Endpoint {
        versions: Versions::new(settings.api_version, memory),
        base: settings.base_url,
        device: settings.device,
    };
    Ok(Client::new(
        endpoint,
        Credentials::new(settings.token),
        http,
    ))
}

/// A pause long enough to look like a hang is said wherever stderr goes (a CI log too);
/// a short one only on a terminal.
fn pausing(ui: &Ui, pause: Duration, line: &str) {
    if pause > LONG_PAUSE {
        ui.say(line);
    } else {
        ui.notice(line);
    }
}

/// Pauses longer than this are announced even when stderr is not a terminal.
const LONG_PAUSE: Duration = Duration::from_secs(5);

/// What the HTTP layer reports, as `-v` lines and notices.
fn observer(ui: &Ui, answers: Option<Answers>) -> Observer {
    let ui = ui.clone();
    Arc::new(move |event: &Event<'_>| match event {
        Event::Exchanged {
            method,
            path,
            outcome,
            took,
            via,
            limits,
        } => {
            if let Some(mut answers) = answers.as_ref().and_then(|a| a.lock().ok()) {
                let code = outcome
                    .split_whitespace()
                    .next()
                    .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()))
                    .unwrap_or("error");
                *answers.by_code.entry(code.to_owned()).or_default() += 1;
                if code != "error" {
                    answers.answered(*limits);
                }
            }
            let via = via.map(|p| format!(" via proxy {p}")).unwrap_or_default();
            ui.log(&format!(
                "{method} {path} -> {outcome} ({} ms){via}",
                took.as_millis()
            ))
        }
        Event::Retrying { problem, pause } => {
            let line = format!("{problem}; trying again in {:.1}s", pause.as_secs_f64());
            pausing(&ui, *pause, &line)
        }
        Event::RateLimited { wait } => {
            let line = format!(
                "API rate limit reached; waiting {:.0}s for it to reset",
                wait.as_secs_f64()
            );
            pausing(&ui, *wait, &line)
        }
        Event::Note(detail) => ui.log(detail),
    })
}

//! `gwtrace auth status`: which profile, base URL and token source are in use, and whether
//! Central accepts the token.

use std::time::SystemTime;

use tokio::time::Instant;

use crate::api::Client;
use crate::auth::{mask, Token, TokenSource};
use crate::cli::GlobalArgs;
use crate::error::{Error, Missing, Result};
use crate::http::Answer;
use crate::render::auth::{self as report, AuthReport};
use crate::settings::{self, Origin};
use crate::ui::Ui;

pub async fn status(global: &GlobalArgs, offline: bool, as_json: bool, ui: &Ui) -> Result<()> {
    let settings = settings::resolve(&super::connect::overrides(global, None), Origin::ConfigFile)?;
    let deadline = Instant::now() + settings.timeout;
    let mut report = AuthReport {
        profile: settings.profile.clone(),
        config_file: settings
            .config_path
            .as_ref()
            .map(|p| p.display().to_string()),
        base_url: settings.base_url.to_string(),
        api_version: settings.api_version.to_string(),
        device: settings.device.to_string(),
        token_source: settings.token.kind(),
        token_source_detail: settings.token.describe(),
        token_cache: None,
        token: None,
        expires_at: None,
        check: "skipped",
        check_status: None,
        check_detail: String::new(),
    };
    let client = super::connect::client(settings, super::connect::Pace::default(), ui)?;

    let (token, cache) = token(&client, offline, deadline).await?;
    report.token_cache = cache;
    report.token = token.as_ref().map(|t| mask(&t.secret));
    report.expires_at = token.as_ref().and_then(|t| t.expires_at).map(rfc3339);

    // A check that could not be made is still reported, then ends the run with its error.
    let outcome = if offline {
        Ok(())
    } else {
        check(&client, &mut report, deadline).await
    };
    report.api_version = client.api_version();
    let mut out = Vec::new();
    if as_json {
        report::json(&report, &mut out)?;
    } else {
        report::text(&report, &mut out)?;
    }
    super::print(&out)?;
    outcome
}

/// The token to show: cached or fixed; minted when the source can and `offline` is not set.
/// Also says, for client credentials, where the token came from.
async fn token(
    client: &Client,
    offline: bool,
    deadline: Instant,
) -> Result<(Option<Token>, Option<&'static str>)> {
    let cached = client.credentials().token_offline();
    let is_client = matches!(client.credentials().source, TokenSource::Client(_));
    Ok(match (cached, offline) {
        (Some(token), _) => (Some(token), is_client.then_some("cached")),
        (None, true) => (
            None,
            is_client.then_some("none cached yet; one is minted on first use"),
        ),
        (None, false) => (
            Some(client.token(deadline).await?),
            is_client.then_some("minted now"),
        ),
    })
}

/// Asks Central whether it accepts the token and writes the verdict into `report`; the
/// error is the run's outcome (exit 4 rejected, 9 unreachable, 1 unexpected).
async fn check(client: &Client, report: &mut AuthReport, deadline: Instant) -> Result<()> {
    let reply = match client.check(deadline).await {
        Ok(reply) => reply,
        Err(err) => {
            report.check = "unreachable";
            report.check_detail = err.to_string();
            return Err(err);
        }
    };
    let status = reply.status;
    report.check_status = Some(status.as_u16());
    let code = reply
        .error_code()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    report.check_detail = format!("Central answered {status}{code}");
    match Answer::of(status) {
        // Only Central's own answer about the made-up task proves that the token was taken:
        // any web server answers 404 to a path it does not know.
        Answer::Success => accepted(report),
        Answer::NotFound if reply.names_device_or_task() => accepted(report),
        Answer::NotFound => {
            report.check = "unexpected";
            Err(Error::NotFound {
                detail: reply.describe(),
                missing: Missing::Route,
            })
        }
        Answer::Rejected => {
            report.check = "rejected";
            Err(Error::Auth {
                detail: format!(
                    "Central rejected the token of profile '{}' ({status})",
                    report.profile
                ),
                token_from: Some(report.token_source_detail.clone()),
            })
        }
        _ => {
            report.check = "unexpected";
            Err(Error::other(format!(
                "unexpected answer to the token check: {}",
                reply.describe()
            )))
        }
    }
}

fn accepted(report: &mut AuthReport) -> Result<()> {
    report.check = "accepted";
    Ok(())
}

fn rfc3339(at: SystemTime) -> String {
    humantime::format_rfc3339_seconds(at).to_string()
}

//! `gwtrace auth status`: which profile, base URL and token source are in use, and whether
//! Central accepts the token.

use std::time::SystemTime;

use reqwest::StatusCode;
use serde_json::json;
use tokio::time::Instant;

use crate::api::Client;
use crate::auth::{mask, TokenSource};
use crate::cli::GlobalArgs;
use crate::error::{Error, Kind, Result};
use crate::settings;
use crate::term::visible;
use crate::ui::Ui;

pub async fn status(global: &GlobalArgs, offline: bool, as_json: bool, ui: &Ui) -> Result<()> {
    let settings = settings::resolve(global, None)?;
    for warning in &settings.warnings {
        ui.warn(warning);
    }
    let profile = settings.profile.clone();
    let config_file = settings.config_path.clone();
    let base_url = settings.base_url.to_string();
    let api_version = settings.api_version.clone();
    let deadline = Instant::now() + settings.timeout;
    let client = Client::new(settings, ui)?;
    let source = &client.credentials.source;

    let cached = client.credentials.token_offline();
    let token = match (offline, &cached) {
        (true, _) | (false, Some(_)) => cached.clone(),
        (false, None) => Some(client.token(deadline).await?),
    };
    let origin = match (source, &cached, &token) {
        (TokenSource::Client(_), Some(_), _) => Some("cached"),
        (TokenSource::Client(_), None, Some(_)) => Some("minted now"),
        (TokenSource::Client(_), None, None) => Some("none cached yet; one is minted on first use"),
        _ => None,
    };
    // A check that could not be made is still reported, then ends the run with its error.
    let (status, failure) = if offline {
        (None, None)
    } else {
        match client.check(deadline).await {
            Ok(status) => (Some(status), None),
            Err(err) => (None, Some(err)),
        }
    };
    let verdict = match (status, &failure) {
        (Some(s), _) => Some(match s.as_u16() {
            401 | 403 => "rejected",
            404 | 200..=299 => "accepted",
            _ => "unexpected",
        }),
        (None, Some(_)) => Some("unreachable"),
        (None, None) => None,
    };

    let expires = token.as_ref().and_then(|t| t.expires_at).map(rfc3339);
    let masked = token.as_ref().map(|t| mask(&t.secret));
    let out = if as_json {
        let report = json!({
            "profile": profile,
            "config_file": config_file.as_ref().map(|p| p.display().to_string()),
            "base_url": base_url,
            "api_version": api_version,
            "token_source": source.kind(),
            "token_source_detail": source.describe(),
            "token_cache": origin,
            "token": masked,
            "expires_at": expires,
            "check": verdict.unwrap_or("skipped"),
            "check_status": status.map(|s| s.as_u16()),
        });
        format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        )
    } else {
        let mut lines = vec![
            ("profile", profile.clone()),
            (
                "config file",
                config_file.map_or("none (environment only)".to_owned(), |p| {
                    p.display().to_string()
                }),
            ),
            ("base URL", base_url),
            ("API version", api_version),
            ("token source", source.describe()),
        ];
        if let Some(origin) = origin {
            lines.push(("token cache", origin.to_owned()));
        }
        lines.push(("token", masked.unwrap_or_else(|| "-".to_owned())));
        lines.push(("expires", expires.unwrap_or_else(|| "unknown".to_owned())));
        let check = match (verdict, status, &failure) {
            (Some(verdict), Some(status), _) => format!("{verdict} (Central answered {status})"),
            (Some(verdict), None, Some(err)) => format!("{verdict} ({})", err.message),
            _ => "skipped (--offline)".to_owned(),
        };
        lines.push(("check", check));
        lines
            .iter()
            .map(|(key, value)| format!("{key:<13} {}\n", visible(value)))
            .collect()
    };
    super::print(out.as_bytes())?;

    if let Some(err) = failure {
        return Err(err);
    }
    match status.map(|s| s.as_u16()) {
        None => Ok(()),
        Some(401 | 403) => Err(Error::new(
            Kind::Auth,
            format!(
                "Central rejected the token of profile '{profile}' ({}); check {}",
                status.unwrap_or(StatusCode::UNAUTHORIZED),
                client.credentials.source.describe()
            ),
        )),
        Some(404 | 200..=299) => Ok(()),
        Some(other) => Err(Error::other(format!(
            "unexpected answer {other} to the token check"
        ))),
    }
}

fn rfc3339(at: SystemTime) -> String {
    humantime::format_rfc3339_seconds(at).to_string()
}

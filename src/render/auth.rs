//! The report of `gwtrace auth status`: gathered by the command, rendered here as aligned
//! `key value` lines or as JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::term::visible;

/// What `auth status` found out. The JSON keys are a promise to scripts.
#[derive(Debug, Serialize)]
pub struct AuthReport {
    pub profile: String,
    pub config_file: Option<String>,
    pub base_url: String,
    pub api_version: String,
    pub device: String,
    pub token_source: &'static str,
    pub token_source_detail: String,
    /// For client credentials: `cached`, `minted now`, or that none is cached yet.
    pub token_cache: Option<&'static str>,
    /// The token masked (`eyJh…`), never whole.
    pub token: Option<String>,
    pub expires_at: Option<String>,
    /// `accepted`, `rejected`, `unexpected`, `unreachable` or `skipped`.
    pub check: &'static str,
    pub check_status: Option<u16>,
    /// Why the check ended as it did, for the text form.
    #[serde(skip)]
    pub check_detail: String,
}

pub fn json(report: &AuthReport, out: &mut impl Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(report).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

pub fn text(report: &AuthReport, out: &mut impl Write) -> io::Result<()> {
    let config = report
        .config_file
        .clone()
        .unwrap_or_else(|| "none (environment only)".to_owned());
    let mut lines = vec![
        ("profile", report.profile.clone()),
        ("config file", config),
        ("base URL", report.base_url.clone()),
        ("API version", report.api_version.clone()),
        ("device", report.device.clone()),
        ("token source", report.token_source_detail.clone()),
    ];
    if let Some(cache) = report.token_cache {
        lines.push(("token cache", cache.to_owned()));
    }
    let dash = || "-".to_owned();
    lines.push(("token", report.token.clone().unwrap_or_else(dash)));
    let expires = report.expires_at.clone();
    lines.push(("expires", expires.unwrap_or_else(|| "unknown".to_owned())));
    let check = match report.check {
        "skipped" => "skipped (--offline)".to_owned(),
        verdict => format!("{verdict} ({})", report.check_detail),
    };
    lines.push(("check", check));
    for (key, value) in lines {
        writeln!(out, "{key:<13} {}", visible(&value))?;
    }
    Ok(())
}

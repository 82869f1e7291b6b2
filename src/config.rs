//! The TOML config file: its strict shape (unknown keys are errors) and where it lives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};
use crate::ids::{ApiChoice, Device};
use crate::validate;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    /// How long the history keeps traces, for every profile that does not say.
    #[serde(default, deserialize_with = "keep")]
    pub history_keep: Option<Duration>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub base_url: Option<String>,
    pub cluster: Option<String>,
    #[serde(default, deserialize_with = "api_version")]
    pub api_version: Option<ApiChoice>,
    /// The device family: `gateway`, `ap`, `cx` or `aos-s`.
    #[serde(default, deserialize_with = "device")]
    pub device: Option<Device>,
    /// A PEM bundle added to the platform's trusted roots.
    pub ca_file: Option<PathBuf>,
    pub token: Option<SecretString>,
    pub token_file: Option<PathBuf>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    pub client_secret_file: Option<PathBuf>,
    pub token_url: Option<String>,
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    #[serde(default, deserialize_with = "interval")]
    pub interval: Option<Duration>,
    #[serde(default, deserialize_with = "duration")]
    pub request_timeout: Option<Duration>,
    /// Record every finished trace in the history (default true).
    pub record: Option<bool>,
    /// How long the history keeps this profile's traces (`0`: for ever).
    #[serde(default, deserialize_with = "keep")]
    pub history_keep: Option<Duration>,
}

/// `<config dir>/gwtrace/config.toml`, where the platform has a config dir.
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.config_dir().join("gwtrace").join("config.toml"))
}

/// Creates `dir` and its parents, readable by the owner only (where modes exist).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Reads and parses the file; `Ok(None)` when it does not exist.
pub fn load(path: &Path) -> Result<Option<ConfigFile>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::config(format!(
            "cannot read config file {}: {e}",
            path.display()
        ))),
    }
}

/// Parses the file's text; errors name the file, the line and the offending key.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let message = plain(&e.message().trim().replace('\n', " "));
        match line {
            Some(line) => Error::config(format!("{}, line {line}: {message}", path.display())),
            None => Error::config(format!("{}: {message}", path.display())),
        }
    })
}

/// serde's `invalid type: integer `3`, expected a string` in words a newcomer reads.
fn plain(message: &str) -> String {
    let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    else {
        return message.to_owned();
    };
    let expected = match expected {
        "a string" => "text in quotes".to_owned(),
        "a boolean" => "true or false".to_owned(),
        other => other.to_owned(),
    };
    format!("found {found} where {expected} belongs")
}

/// A string field checked by `parse` as it is read, so that a bad value is reported with
/// its line like any other TOML error.
fn checked<'de, D: Deserializer<'de>, T>(
    de: D,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, D::Error> {
    let text = String::deserialize(de)?;
    parse(&text).map(Some).map_err(serde::de::Error::custom)
}

fn api_version<'de, D: Deserializer<'de>>(de: D) -> Result<Option<ApiChoice>, D::Error> {
    checked(de, ApiChoice::parse)
}

fn device<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Device>, D::Error> {
    checked(de, Device::parse)
}

fn duration<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Duration>, D::Error> {
    checked(de, validate::duration)
}

fn keep<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Duration>, D::Error> {
    checked(de, validate::history_keep)
}

fn interval<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Duration>, D::Error> {
    checked(de, validate::interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<ConfigFile> {
        parse(text, Path::new("/cfg/config.toml"))
    }

    #[test]
    fn the_contract_example_parses() {
        let file = parse_str(
            r#"
default_profile = "prod"

[profiles.prod]
base_url = "https://us4.api.central.arubanetworks.com"
api_version = "v1alpha1"
token = "eyJhbGciOi..."
timeout = "10m"
interval = "5s"
request_timeout = "20s"
"#,
        )
        .unwrap();
        assert_eq!(file.default_profile.as_deref(), Some("prod"));
        let prod = &file.profiles["prod"];
        assert_eq!(prod.timeout, Some(Duration::from_secs(600)));
        assert_eq!(prod.interval, Some(Duration::from_secs(5)));
        assert_eq!(prod.request_timeout, Some(Duration::from_secs(20)));
        assert_eq!(
            prod.api_version,
            Some(ApiChoice::Pinned(crate::ids::ApiVersion::V1alpha1))
        );
    }

    #[test]
    fn device_and_api_version_are_checked_with_their_line() {
        let file = parse_str("[profiles.a]\ndevice = \"aos-s\"\nca_file = \"ca.pem\"\n").unwrap();
        assert_eq!(file.profiles["a"].device, Some(Device::AosS));
        let err = parse_str("[profiles.a]\ndevice = \"router\"\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("line 2") && text.contains("gateway, ap, cx or aos-s"),
            "{text}"
        );
        let err = parse_str("[profiles.a]\napi_version = \"v9\"\n").unwrap_err();
        assert!(
            err.to_string().contains("use auto, v1 or v1alpha1"),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let err = parse_str("[profiles.a]\nbase_url = \"https://x\"\ntokn = \"t\"\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{}", err.to_string());
        assert!(err.to_string().contains("tokn"), "{}", err.to_string());
        assert!(!err.to_string().contains('\n'));
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let err = parse_str("default_profile = \"a\"\n[profiles.a\n").unwrap_err();
        assert!(
            err.to_string().starts_with("/cfg/config.toml, line 2:"),
            "{}",
            err.to_string()
        );
    }

    #[test]
    fn an_interval_below_one_second_is_refused_with_its_line() {
        let err = parse_str("[profiles.a]\n\ninterval = \"200ms\"\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{}", err.to_string());
        assert!(
            err.to_string().contains("minimum interval"),
            "{}",
            err.to_string()
        );
    }
}

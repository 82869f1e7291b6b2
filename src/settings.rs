//! Layers flag > environment > profile > built-in default, once, into one plain `Settings`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use reqwest::Url;
use secrecy::SecretString;

use crate::auth::{self, TokenSource};
use crate::config::{self, ConfigFile, Profile};
use crate::error::{Error, Result};
use crate::history::Scope;
use crate::ids::{ApiChoice, ApiVersion, Device};
use crate::validate;

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What the command line (or whoever runs gwtrace) sets above the environment and the
/// profile: the plain values, so that this module knows nothing of how they were given.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub config: Option<PathBuf>,
    pub base_url: Option<String>,
    pub device: Option<Device>,
    pub timeout: Option<Duration>,
    pub interval: Option<Duration>,
    pub request_timeout: Option<Duration>,
    /// `Some(false)`: record no trace in the history.
    pub record: Option<bool>,
}

/// Everything a command that talks to Central needs, resolved.
#[derive(Debug)]
pub struct Settings {
    pub profile: String,
    /// The config file that was read, if any.
    pub config_path: Option<PathBuf>,
    pub base_url: Url,
    pub api_version: ApiChoice,
    pub device: Device,
    pub token: TokenSource,
    /// A PEM bundle to add to the trusted roots (`GWTRACE_CA_FILE`, profile `ca_file`).
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
    pub interval: Duration,
    pub request_timeout: Duration,
    /// The history file to record finished traces in; `None` when recording is off.
    pub history: Option<PathBuf>,
    /// How long recorded traces are kept; `None`: for ever.
    pub history_keep: Option<Duration>,
    /// Warnings for the user (readable secret files), shown unless `--quiet`.
    pub warnings: Vec<String>,
}

/// Where the profile of a run comes from.
pub enum Origin {
    /// The config file and the environment: every command that talks to Central.
    ConfigFile,
    /// `gwtrace demo`: a built-in profile for its simulator at this URL; no file is read
    /// and the environment's base URL and token do not apply.
    Demo(Url),
}

/// The built-in profile of `gwtrace demo`.
fn demo_profile(base_url: &Url) -> Profile {
    Profile {
        base_url: Some(base_url.to_string()),
        timeout: Some(Duration::from_secs(120)),
        interval: Some(Duration::from_secs(1)),
        // The demo's simulated traces are not the user's history.
        record: Some(false),
        // The demo's own simulator speaks v1: nothing to find out or remember.
        api_version: Some(ApiChoice::Pinned(ApiVersion::V1)),
        ..Profile::default()
    }
}

/// The config file as found: where it was looked for and what it held.
struct Found {
    path: PathBuf,
    file: Option<ConfigFile>,
}

impl Found {
    /// The folder that relative paths in the file are relative to.
    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

fn find(global: &Overrides) -> Result<Found> {
    let (path, explicit) = match &global.config {
        Some(path) => (path.clone(), true),
        None => (
            config::default_path().ok_or_else(|| {
                Error::config("cannot find a config directory (is HOME set?); use --config PATH")
            })?,
            false,
        ),
    };
    let file = config::load(&path)?;
    if explicit && file.is_none() {
        return Err(Error::config(format!(
            "config file {} does not exist",
            path.display()
        )));
    }
    Ok(Found { path, file })
}

/// Resolves the settings of a command that talks to Central.
pub fn resolve(global: &Overrides, origin: Origin) -> Result<Settings> {
    match origin {
        Origin::ConfigFile => {
            let found = find(global)?;
            let (name, profile) = select_profile(global, &found)?;
            layer(global, &name, profile, Some(&found))
        }
        Origin::Demo(url) => {
            let global = Overrides {
                base_url: None,
                ..global.clone()
            };
            layer(&global, "demo", &demo_profile(&url), None)
        }
    }
}

/// Flag > environment > `profile` > default, for every setting. `found` is the config file
/// (`None` for the demo's built-in profile, whose token is built in too).
fn layer(
    global: &Overrides,
    name: &str,
    profile: &Profile,
    found: Option<&Found>,
) -> Result<Settings> {
    let base_url = base_url(global, name, profile, found)?;
    let (token, warnings) = match found {
        Some(found) => {
            let place = auth::Place {
                profile: name,
                config_path: &found.path,
                config_dir: found.dir(),
            };
            auth::source(&place, profile)?
        }
        None => (
            TokenSource::Builtin(SecretString::from("demo-token")),
            Vec::new(),
        ),
    };
    let ca_file = std::env::var_os("GWTRACE_CA_FILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            let dir = found.map_or(Path::new("."), Found::dir);
            profile.ca_file.as_ref().map(|file| dir.join(file))
        });
    let mut warnings = warnings;
    let recording = record(global, profile, &mut warnings);
    let pick =
        |flag: Option<Duration>, file: Option<Duration>, default| flag.or(file).unwrap_or(default);
    Ok(Settings {
        profile: name.to_owned(),
        config_path: found.filter(|f| f.file.is_some()).map(|f| f.path.clone()),
        base_url,
        api_version: profile.api_version.unwrap_or_default(),
        device: global.device.or(profile.device).unwrap_or_default(),
        token,
        ca_file,
        timeout: pick(global.timeout, profile.timeout, DEFAULT_TIMEOUT),
        interval: pick(global.interval, profile.interval, DEFAULT_INTERVAL),
        request_timeout: pick(
            global.request_timeout,
            profile.request_timeout,
            DEFAULT_REQUEST_TIMEOUT,
        ),
        history: recording.then(crate::history::default_path).flatten(),
        history_keep: keep(profile, found),
        warnings,
    })
}

/// How long the history keeps traces that have been kept since: 90 days unless the profile or
/// the file says (`0`: for ever).
pub const DEFAULT_HISTORY_KEEP: Duration = Duration::from_secs(90 * 24 * 3600);

fn keep(profile: &Profile, found: Option<&Found>) -> Option<Duration> {
    let file = found
        .and_then(|f| f.file.as_ref())
        .and_then(|f| f.history_keep);
    let keep = profile
        .history_keep
        .or(file)
        .unwrap_or(DEFAULT_HISTORY_KEEP);
    (!keep.is_zero()).then_some(keep)
}

impl Settings {
    /// The profile and Central that this run's traces are recorded under and compared in.
    pub fn scope(&self) -> Scope {
        Scope {
            profile: self.profile.clone(),
            base_url: self.base_url.to_string(),
        }
    }
}

/// What a command that reads or fills the history needs of the settings, with no token: the
/// profile, its device family, and its Central (`None` when nothing names one: no
/// `--base-url`, `GWTRACE_BASE_URL`, `base_url` or `cluster`).
pub struct HistoryContext {
    pub profile: String,
    pub device: Device,
    pub base_url: Option<String>,
}

impl HistoryContext {
    /// The scope of `@last` and `@prev`, when a Central is named.
    pub fn scope(&self) -> Option<Scope> {
        self.base_url.as_ref().map(|base_url| Scope {
            profile: self.profile.clone(),
            base_url: base_url.clone(),
        })
    }
}

/// The [`HistoryContext`] of a command line, resolved as for a command that talks to Central.
pub fn history_context(global: &Overrides) -> Result<HistoryContext> {
    let found = find(global)?;
    let (name, profile) = select_profile(global, &found)?;
    let named =
        global.base_url.is_some() || profile.base_url.is_some() || profile.cluster.is_some();
    let base_url = if named {
        Some(base_url(global, &name, profile, Some(&found))?.to_string())
    } else {
        None
    };
    Ok(HistoryContext {
        device: global.device.or(profile.device).unwrap_or_default(),
        profile: name,
        base_url,
    })
}

/// Whether to record traces: `--no-record` > `GWTRACE_RECORD` > profile `record` > yes. An
/// unknown value of the variable counts as unset, with a warning naming the accepted ones.
fn record(global: &Overrides, profile: &Profile, warnings: &mut Vec<String>) -> bool {
    let env = std::env::var("GWTRACE_RECORD").ok().and_then(|v| {
        match v.trim().to_ascii_lowercase().as_str() {
            "0" | "false" | "no" | "off" => Some(false),
            "1" | "true" | "yes" | "on" => Some(true),
            _ => {
                warnings.push(format!(
                    "GWTRACE_RECORD={} is not one of 1, true, yes, on (record) or 0, false, no, \
                     off (do not); it is ignored",
                    crate::term::one_line(&v)
                ));
                None
            }
        }
    });
    global.record.or(env).or(profile.record).unwrap_or(true)
}

/// `--base-url`/`GWTRACE_BASE_URL`, else the profile's `base_url` or `cluster`.
fn base_url(
    global: &Overrides,
    name: &str,
    profile: &Profile,
    found: Option<&Found>,
) -> Result<Url> {
    let place = || found.map_or("the demo".to_owned(), |f| f.path.display().to_string());
    let url = match (&global.base_url, &profile.base_url, &profile.cluster) {
        (Some(url), _, _) => url.clone(),
        (None, Some(_), Some(_)) => {
            return Err(Error::config(format!(
                "profile '{name}' in {} sets both base_url and cluster; keep one",
                place()
            )))
        }
        (None, Some(url), None) => url.clone(),
        (None, None, Some(cluster)) => cluster_url(cluster).ok_or_else(|| {
            Error::config(format!(
                "unknown cluster '{cluster}' in profile '{name}'; use one of {}, or set base_url",
                CLUSTERS.join(" ")
            ))
        })?,
        (None, None, None) => return Err(missing_base_url(name, found)),
    };
    validate::base_url(&url).map_err(|e| Error::config(format!("bad base URL: {e}")))
}

/// The profile of a run that names none and finds none: everything from the environment.
static EMPTY: LazyLock<Profile> = LazyLock::new(Profile::default);

/// The profile in use: `--profile`/`GWTRACE_PROFILE`, else `default_profile`, else `default`.
/// A profile that was asked for by name must exist; the implicit `default` may be absent
/// when the environment supplies everything.
fn select_profile<'a>(global: &Overrides, found: &'a Found) -> Result<(String, &'a Profile)> {
    let file_default = found.file.as_ref().and_then(|f| f.default_profile.clone());
    let named = global.profile.clone().or(file_default);
    let name = named.clone().unwrap_or_else(|| "default".to_owned());
    validate::profile_name(&name).map_err(Error::config)?;
    let Some(file) = &found.file else {
        if named.is_some() {
            return Err(Error::config(format!(
                "no profile '{name}': there is no config file at {}",
                found.path.display()
            )));
        }
        return Ok((name, &EMPTY));
    };
    match file.profiles.get(&name) {
        Some(profile) => Ok((name, profile)),
        None if named.is_none() => Ok((name, &EMPTY)),
        None => {
            let names: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            let there = if names.is_empty() {
                "it has no profiles".to_owned()
            } else {
                format!("profiles there: {}", names.join(", "))
            };
            Err(Error::config(format!(
                "no profile '{name}' in {}; {there}",
                found.path.display()
            )))
        }
    }
}

fn missing_base_url(name: &str, found: Option<&Found>) -> Error {
    let Some(found) = found else {
        return Error::config("the demo has no simulator URL");
    };
    let path = found.path.display();
    if found.file.is_none() {
        Error::config(format!(
            "no config file at {path} and GWTRACE_BASE_URL is not set; run `gwtrace config init` \
             to write one (then set a cluster or base_url and a token in it), or set \
             GWTRACE_BASE_URL and GWTRACE_TOKEN"
        ))
    } else {
        Error::config(format!(
            "profile '{name}' in {path} has no base_url or cluster; add one, or set GWTRACE_BASE_URL"
        ))
    }
}

/// Central's API gateway clusters.
pub const CLUSTERS: [&str; 15] = [
    "de1", "de2", "de3", "gb1", "us1", "us2", "us4", "us5", "us6", "ca1", "in1", "jp1", "au1",
    "ae1", "cn1",
];

/// The API gateway of a cluster name such as `us4`.
pub fn cluster_url(cluster: &str) -> Option<String> {
    let cluster = cluster.trim().to_ascii_lowercase();
    match cluster.as_str() {
        "cn1" => Some("https://cn1.api.central.arubanetworks.com.cn".to_owned()),
        name if CLUSTERS.contains(&name) => {
            Some(format!("https://{name}.api.central.arubanetworks.com"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_map_to_their_api_gateways() {
        assert_eq!(
            cluster_url("us4").as_deref(),
            Some("https://us4.api.central.arubanetworks.com")
        );
        assert_eq!(
            cluster_url("CN1").as_deref(),
            Some("https://cn1.api.central.arubanetworks.com.cn")
        );
        assert_eq!(cluster_url("mars1"), None);
        for cluster in CLUSTERS {
            assert!(cluster_url(cluster).is_some());
        }
    }
}

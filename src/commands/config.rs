//! `gwtrace config path` and `gwtrace config init`.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::GlobalArgs;
use crate::config;
use crate::error::{Error, Result};
use crate::ui::Ui;

/// The config file in use: `--config`/`GWTRACE_CONFIG`, else the default location.
fn path(global: &GlobalArgs) -> Result<PathBuf> {
    match &global.config {
        Some(path) => Ok(path.clone()),
        None => config::default_path()
            .ok_or_else(|| Error::config("cannot find a config directory (is HOME set?)")),
    }
}

pub fn print_path(global: &GlobalArgs) -> Result<()> {
    let path = path(global)?;
    super::print(format!("{}\n", path.display()).as_bytes())
}

/// Writes a commented template, mode 0600, creating its folder; never overwrites.
pub fn init(global: &GlobalArgs, ui: &Ui) -> Result<()> {
    let path = path(global)?;
    let profile = global.profile.as_deref().unwrap_or("default");
    crate::validate::profile_name(profile).map_err(Error::config)?;
    if let Some(dir) = path.parent() {
        config::create_private_dir(dir)
            .map_err(|e| Error::config(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::config(format!(
            "{} already exists; not overwriting it",
            path.display()
        )),
        _ => Error::config(format!("cannot create {}: {e}", path.display())),
    })?;
    file.write_all(template(profile).as_bytes())
        .map_err(|e| Error::config(format!("cannot write {}: {e}", path.display())))?;
    ui.notice(&format!(
        "wrote {}; set a cluster or base_url and a token source in it",
        path.display()
    ));
    super::print(format!("{}\n", path.display()).as_bytes())
}

/// The template, with `profile` as a TOML key (quoted when it is not a bare key).
pub fn template(profile: &str) -> String {
    let bare = !profile.is_empty()
        && profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let key = if bare {
        profile.to_owned()
    } else {
        toml::Value::String(profile.to_owned()).to_string()
    };
    let value = toml::Value::String(profile.to_owned());
    format!(
        r#"# gwtrace configuration. Every key: `gwtrace config --help` or `man gwtrace-config`.
# Precedence: flag > environment (GWTRACE_*) > this file > built-in default.
default_profile = {value}

[profiles.{key}]
# Where Central's API is: a cluster name (de1 de2 de3 gb1 us1 us2 us4 us5 us6 ca1 in1
# jp1 au1 ae1 cn1) or a full base URL. Set one of the two.
# cluster = "us4"
# base_url = "https://us4.api.central.arubanetworks.com"
# api_version = "auto"              # v1, else v1alpha1 (remembered); or pin "v1" / "v1alpha1"

# The token: one of these. Relative paths are relative to this file's folder.
# token_file = "{profile}.token"
# token = "eyJhbGciOi..."
# client_id = "..."                  # HPE GreenLake API client; gwtrace mints tokens
# client_secret_file = "{profile}.secret"   # or client_secret = "..."
# token_url = "https://sso.common.cloud.hpe.com/as/token.oauth2"

# Defaults for --timeout, --interval and --request-timeout.
# timeout = "10m"
# interval = "5s"
# request_timeout = "30s"
# record = false                    # keep no history of traces (<data dir>/gwtrace/history.sqlite)
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_for_plain_and_odd_profile_names() {
        for name in ["default", "prod-eu", "lab 2", "a.b"] {
            let text = template(name);
            let file = config::parse(&text, std::path::Path::new("t.toml")).unwrap();
            assert_eq!(file.default_profile.as_deref(), Some(name));
            assert!(file.profiles.contains_key(name), "{name}: {text}");
        }
    }
}

//! Where the bearer token comes from: `GWTRACE_TOKEN`, the profile's `token` or `token_file`.

use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

use crate::config::Profile;
use crate::error::{Error, Result};

/// The token to send and where it came from (for `auth status` and error hints).
#[derive(Debug)]
pub enum TokenSource {
    Env(SecretString),
    Profile(SecretString),
    File { path: PathBuf, token: SecretString },
}

impl TokenSource {
    pub fn token(&self) -> &SecretString {
        match self {
            TokenSource::Env(token) | TokenSource::Profile(token) => token,
            TokenSource::File { token, .. } => token,
        }
    }

    /// Where the token came from, for messages: never the token itself.
    pub fn describe(&self) -> String {
        match self {
            TokenSource::Env(_) => "GWTRACE_TOKEN".to_owned(),
            TokenSource::Profile(_) => "the profile's token".to_owned(),
            TokenSource::File { path, .. } => format!("token_file {}", path.display()),
        }
    }
}

/// Picks the token source of profile `name`; also returns warnings about readable secrets.
pub fn source(
    name: &str,
    profile: &Profile,
    config_path: &Path,
    config_dir: &Path,
) -> Result<(TokenSource, Vec<String>)> {
    if let Some(token) = std::env::var("GWTRACE_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        return Ok((
            TokenSource::Env(SecretString::from(token.trim())),
            Vec::new(),
        ));
    }
    let mut warnings = Vec::new();
    if let Some(token) = &profile.token {
        if token.expose_secret().trim().is_empty() {
            return Err(Error::config(format!(
                "profile '{name}' in {} has an empty token",
                config_path.display()
            )));
        }
        warnings.extend(readable_by_others(config_path));
        let token = SecretString::from(token.expose_secret().trim());
        return Ok((TokenSource::Profile(token), warnings));
    }
    if let Some(file) = &profile.token_file {
        let path = config_dir.join(file);
        let token = read_first_line(&path)?;
        warnings.extend(readable_by_others(&path));
        return Ok((TokenSource::File { path, token }, warnings));
    }
    Err(Error::config(format!(
        "no token for profile '{name}': set GWTRACE_TOKEN, or add token or token_file to \
         [profiles.{name}] in {}",
        config_path.display()
    )))
}

/// The first line of a secret file, trimmed; an empty one is an error.
pub fn read_first_line(path: &Path) -> Result<SecretString> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::config(format!("cannot read {}: {e}", path.display())))?;
    let line = text.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        return Err(Error::config(format!("{} is empty", path.display())));
    }
    Ok(SecretString::from(line))
}

/// A warning when a file holding a secret can be read by group or others.
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o044 != 0).then(|| {
        format!(
            "{} holds a secret and is readable by other users; run: chmod 600 {}",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
pub fn readable_by_others(_path: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_token() {
        let sources = [
            TokenSource::Env(SecretString::from("tok-ENV-123")),
            TokenSource::Profile(SecretString::from("tok-ENV-123")),
            TokenSource::File {
                path: "/x".into(),
                token: SecretString::from("tok-ENV-123"),
            },
        ];
        for source in sources {
            let shown = format!("{source:?} {}", source.describe());
            assert!(!shown.contains("tok-ENV-123"), "{shown}");
        }
    }
}

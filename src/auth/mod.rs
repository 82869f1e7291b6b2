//! Where the bearer token comes from — `GWTRACE_TOKEN`, the profile's `token` or
//! `token_file`, or GreenLake client credentials — and handing it to the client.

mod mint;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use base64::Engine as _;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use crate::config::Profile;
use crate::error::{Error, Result};
use crate::http::Http;
pub use mint::{ClientCredentials, DEFAULT_TOKEN_URL};

/// The token to send, or how to get one, and where it came from.
#[derive(Debug)]
pub enum TokenSource {
    Env(SecretString),
    Profile(SecretString),
    File {
        path: PathBuf,
        token: SecretString,
    },
    Client(ClientCredentials),
    /// The fixed token of `gwtrace demo`'s simulator.
    Builtin(SecretString),
}

impl TokenSource {
    /// Where the token comes from, for messages: never the token itself.
    pub fn describe(&self) -> String {
        match self {
            TokenSource::Env(_) => "GWTRACE_TOKEN".to_owned(),
            TokenSource::Profile(_) => "the profile's token".to_owned(),
            TokenSource::File { path, .. } => format!("token_file {}", path.display()),
            TokenSource::Client(client) => {
                format!("client credentials (client_id {})", client.client_id)
            }
            TokenSource::Builtin(_) => "the demo's built-in token".to_owned(),
        }
    }

    /// A short machine-readable name of the source, for `auth status --json`.
    pub fn kind(&self) -> &'static str {
        match self {
            TokenSource::Env(_) => "environment",
            TokenSource::Profile(_) => "profile",
            TokenSource::File { .. } => "token_file",
            TokenSource::Client(_) => "client_credentials",
            TokenSource::Builtin(_) => "builtin",
        }
    }
}

/// A token in hand, with its expiry when known.
#[derive(Debug, Clone)]
pub struct Token {
    pub secret: SecretString,
    pub expires_at: Option<SystemTime>,
}

impl Token {
    fn fixed(secret: &SecretString) -> Token {
        Token {
            expires_at: jwt_expiry(secret.expose_secret()),
            secret: secret.clone(),
        }
    }
}

/// The token source of one run, with the token currently in use.
pub struct Credentials {
    pub source: TokenSource,
    current: Mutex<Option<Token>>,
    /// Held while a token is minted, so that the devices of a fleet mint one between them.
    minting: tokio::sync::Mutex<()>,
}

impl Credentials {
    pub fn new(source: TokenSource) -> Credentials {
        Credentials {
            source,
            current: Mutex::new(None),
            minting: tokio::sync::Mutex::new(()),
        }
    }

    /// The token to send: a fixed one, or a cached or newly minted client-credentials token.
    pub async fn token(&self, http: &Http, deadline: Instant) -> Result<Token> {
        if let Some(token) = self.token_offline() {
            return Ok(token);
        }
        // Only client credentials can be without a token here; they mint one, once: whoever
        // waited for the lock finds the token minted meanwhile.
        let _minting = self.minting.lock().await;
        if let Some(token) = self.token_offline() {
            return Ok(token);
        }
        let TokenSource::Client(client) = &self.source else {
            return Err(Error::config("no token is configured"));
        };
        // And once between processes: another run of this profile may be minting now.
        let _lock = client.lock().await;
        if let Some(token) = client.cached() {
            self.remember(&token);
            return Ok(token);
        }
        let token = client.mint(http, deadline).await?;
        self.remember(&token);
        Ok(token)
    }

    /// The token without sending anything: the one in use, a fixed one, or a cached
    /// client-credentials token (read from the cache once, then kept).
    pub fn token_offline(&self) -> Option<Token> {
        if let Some(token) = self.current.lock().ok().and_then(|t| t.clone()) {
            return Some(token);
        }
        let token = match &self.source {
            TokenSource::Env(secret)
            | TokenSource::Profile(secret)
            | TokenSource::Builtin(secret) => Token::fixed(secret),
            TokenSource::File { token, .. } => Token::fixed(token),
            TokenSource::Client(client) => client.cached()?,
        };
        self.remember(&token);
        Some(token)
    }

    /// After a 401: mints a new token when the source can, replacing the cached one.
    pub async fn renew(&self, http: &Http, deadline: Instant) -> Result<Option<Token>> {
        let TokenSource::Client(client) = &self.source else {
            return Ok(None);
        };
        let token = client.mint(http, deadline).await?;
        self.remember(&token);
        Ok(Some(token))
    }

    fn remember(&self, token: &Token) {
        if let Ok(mut current) = self.current.lock() {
            *current = Some(token.clone());
        }
    }
}

/// Where a profile lives, for messages and relative paths.
pub struct Place<'a> {
    pub profile: &'a str,
    pub config_path: &'a Path,
    pub config_dir: &'a Path,
}

/// Picks the token source: `GWTRACE_TOKEN`, else the profile's `token`, `token_file`, or
/// client credentials. Also returns warnings about secrets others can read.
pub fn source(place: &Place<'_>, profile: &Profile) -> Result<(TokenSource, Vec<String>)> {
    let name = place.profile;
    let config = place.config_path.display();
    if let Some(token) = std::env::var("GWTRACE_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        let (token, note) = clean_secret(&token);
        let notes = note.map(|n| format!("{n} in GWTRACE_TOKEN"));
        return Ok((
            TokenSource::Env(SecretString::from(token)),
            notes.into_iter().collect(),
        ));
    }
    let mut warnings = Vec::new();
    if profile.token.is_some() || profile.client_secret.is_some() {
        warnings.extend(readable_by_others(place.config_path));
    }
    if let Some(token) = &profile.token {
        let (token, note) = clean_secret(token.expose_secret());
        if token.is_empty() {
            return Err(Error::config(format!(
                "profile '{name}' in {config} has an empty token"
            )));
        }
        warnings.extend(note.map(|n| format!("{n} of profile '{name}'")));
        return Ok((TokenSource::Profile(SecretString::from(token)), warnings));
    }
    if let Some(file) = &profile.token_file {
        let path = place.config_dir.join(file);
        let (token, note) = read_first_line(&path)?;
        warnings.extend(note);
        warnings.extend(readable_by_others(&path));
        return Ok((TokenSource::File { path, token }, warnings));
    }
    if profile.client_id.is_some() || profile.client_secret.is_some() {
        let (client, more) = ClientCredentials::from_profile(place, profile)?;
        warnings.extend(more);
        return Ok((TokenSource::Client(client), warnings));
    }
    Err(Error::config(format!(
        "no token for profile '{name}': set GWTRACE_TOKEN, or add token, token_file or \
         client_id and client_secret to [profiles.{name}] in {config}"
    )))
}

/// Secret files larger than this are not token files (`/dev/zero` never ends).
const MAX_SECRET_FILE: u64 = 64 * 1024;

/// The first line of a secret file, trimmed, without a byte-order mark; an empty, huge or
/// binary one is an error naming the file. A `Bearer ` prefix (pasted from a header) is
/// dropped, and the second value says so.
pub fn read_first_line(path: &Path) -> Result<(SecretString, Option<String>)> {
    use std::io::Read;
    let name = path.display();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_SECRET_FILE + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::config(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > MAX_SECRET_FILE {
        return Err(Error::config(format!(
            "{name} is larger than 64 KiB; a token or secret file holds one line"
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::config(format!("{name} is not text; it should hold one line")))?;
    let (secret, note) = clean_secret(text.lines().next().unwrap_or(""));
    if secret.is_empty() {
        return Err(Error::config(format!("{name} is empty")));
    }
    let note = note.map(|n| format!("{n} in {name}"));
    Ok((SecretString::from(secret), note))
}

/// A token as pasted: without a byte-order mark, surrounding blanks or a `Bearer ` prefix;
/// the second value says when the prefix was dropped.
pub fn clean_secret(text: &str) -> (String, Option<String>) {
    let text = text.trim_start_matches('\u{feff}').trim();
    let bearer =
        text.len() > 7 && text.is_char_boundary(7) && text[..7].eq_ignore_ascii_case("bearer ");
    if bearer {
        let note = "dropped the 'Bearer ' prefix of the token (gwtrace adds it)".to_owned();
        (text[7..].trim().to_owned(), Some(note))
    } else {
        (text.to_owned(), None)
    }
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

/// A token shown safely: its first characters (at most 4, fewer for short tokens), then `…`.
pub fn mask(token: &SecretString) -> String {
    let token = token.expose_secret();
    let shown = (token.chars().count() / 4).min(4);
    let head: String = token.chars().take(shown).collect();
    format!("{head}…")
}

/// The `exp` claim of a JWT, decoded without verifying anything.
pub fn jwt_expiry(token: &str) -> Option<SystemTime> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?.as_u64()?;
    // A claim the clock cannot hold is no expiry at all.
    crate::clock::epoch(exp)
}

#[cfg(test)]
mod tests;

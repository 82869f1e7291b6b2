//! GreenLake client credentials: minting access tokens with the OAuth2 client-credentials
//! grant, and caching them per profile (mode 0600) until a few minutes before they expire.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use reqwest::{Method, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::time::Instant;

use super::{read_first_line, readable_by_others, Place, Token};
use crate::config::Profile;
use crate::error::{Error, Result};
use crate::http::{Body, Http, Reply, Request, Retry};
use crate::validate;

pub const DEFAULT_TOKEN_URL: &str = "https://sso.common.cloud.hpe.com/as/token.oauth2";
/// A cached token this close to its expiry is renewed rather than used.
const RENEW_MARGIN: Duration = Duration::from_secs(5 * 60);
/// Central tokens live about two hours; used when the endpoint does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

#[derive(Debug)]
pub struct ClientCredentials {
    pub client_id: String,
    client_secret: SecretString,
    pub token_url: Url,
    /// `<cache dir>/gwtrace/tokens/<profile>.json`, where the platform has a cache dir.
    pub cache_path: Option<PathBuf>,
}

/// What the cache file holds.
#[derive(Deserialize)]
struct CacheEntry {
    client_id: String,
    token_url: String,
    access_token: SecretString,
    /// Unix seconds.
    expires_at: u64,
}

/// The token endpoint's answer; `expires_in` has been seen as a number and as a string.
#[derive(Deserialize)]
struct Minted {
    access_token: Option<SecretString>,
    #[serde(default)]
    expires_in: serde_json::Value,
}

#[derive(Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
}

impl ClientCredentials {
    pub fn from_profile(place: &Place<'_>, profile: &Profile) -> Result<(Self, Vec<String>)> {
        let name = place.profile;
        let config = place.config_path.display();
        let client_id = profile
            .client_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                Error::config(format!(
                    "profile '{name}' in {config} has a client secret but no client_id"
                ))
            })?;
        let mut warnings = Vec::new();
        let client_secret = match (&profile.client_secret, &profile.client_secret_file) {
            (Some(_), Some(_)) => {
                return Err(Error::config(format!(
                    "profile '{name}' in {config} sets both client_secret and \
                     client_secret_file; keep one"
                )))
            }
            (Some(secret), None) => SecretString::from(secret.expose_secret().trim()),
            (None, Some(file)) => {
                let path = place.config_dir.join(file);
                warnings.extend(readable_by_others(&path));
                let (secret, note) = read_first_line(&path)?;
                warnings.extend(note);
                secret
            }
            (None, None) => {
                return Err(Error::config(format!(
                    "profile '{name}' in {config} has a client_id but no client_secret or \
                     client_secret_file"
                )))
            }
        };
        let token_url =
            validate::base_url(profile.token_url.as_deref().unwrap_or(DEFAULT_TOKEN_URL))
                .map_err(|e| Error::config(format!("bad token_url in profile '{name}': {e}")))?;
        let cache_path = directories::BaseDirs::new().map(|dirs| {
            dirs.cache_dir()
                .join("gwtrace")
                .join("tokens")
                // Profile names are letters, digits, '-', '_' and '.': the name is the file.
                .join(format!("{name}.json"))
        });
        let client = ClientCredentials {
            client_id: client_id.to_owned(),
            client_secret,
            token_url,
            cache_path,
        };
        Ok((client, warnings))
    }

    /// The cached token, when it was minted for this client and is not about to expire.
    pub fn cached(&self) -> Option<Token> {
        let text = std::fs::read_to_string(self.cache_path.as_ref()?).ok()?;
        let entry: CacheEntry = serde_json::from_str(&text).ok()?;
        if entry.client_id != self.client_id || entry.token_url != self.token_url.as_str() {
            return None;
        }
        // A token an HTTP header cannot carry (a newline, say) is no token: mint another.
        let usable = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic());
        if !usable(entry.access_token.expose_secret()) {
            return None;
        }
        // A cached time the clock cannot hold is a damaged entry: mint another.
        let expires_at = crate::clock::epoch(entry.expires_at)?;
        (expires_at > SystemTime::now() + RENEW_MARGIN).then_some(Token {
            secret: entry.access_token,
            expires_at: Some(expires_at),
        })
    }

    /// Holds the profile's mint lock (a file beside the cache) until the guard is dropped, so
    /// that parallel runs of one profile mint one token: the others wait, then find it
    /// cached. `None` when there is no cache folder or the lock cannot be had; minting then
    /// goes ahead unguarded.
    pub async fn lock(&self) -> Option<std::fs::File> {
        let path = self.cache_path.as_ref()?.with_extension("lock");
        tokio::task::spawn_blocking(move || {
            if let Some(dir) = path.parent() {
                crate::config::create_private_dir(dir).ok()?;
            }
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .ok()?;
            file.lock().ok()?;
            Some(file)
        })
        .await
        .ok()
        .flatten()
    }

    /// Mints a token and caches it. Refused credentials are exit 4; an endpoint that cannot
    /// be reached, or answers 429/5xx, is exit 9.
    pub async fn mint(&self, http: &Http, deadline: Instant) -> Result<Token> {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_id", &self.client_id)
            .append_pair("client_secret", self.client_secret.expose_secret())
            .finish();
        let request = Request {
            method: Method::POST,
            url: &self.token_url,
            body: Body::Form(SecretString::from(form)),
            bearer: None,
        };
        let reply = http
            .exchange(&request, Retry::BeforeSend, deadline)
            .await
            .map_err(|e| e.context("cannot get a token"))?;
        if !reply.status.is_success() {
            return Err(refused(&reply));
        }
        let refused_with = |detail: String| Error::Auth {
            detail,
            token_from: None,
        };
        let minted: Minted = serde_json::from_slice(&reply.body.contiguous()).map_err(|_| {
            refused_with(format!(
                "the token endpoint answered {}{}",
                reply.status,
                reply.excerpt()
            ))
        })?;
        let secret = minted
            .access_token
            .filter(|t| !t.expose_secret().is_empty())
            .ok_or_else(|| {
                refused_with("the token endpoint's answer has no access_token".into())
            })?;
        let lifetime = match &minted.expires_in {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .map_or(DEFAULT_LIFETIME, Duration::from_secs);
        let token = Token {
            secret,
            expires_at: Some(crate::clock::system_after(SystemTime::now(), lifetime)),
        };
        self.store(&token);
        Ok(token)
    }

    /// Writes the cache file, mode 0600 in a 0700 folder, atomically. A cache that cannot be
    /// written only costs a mint next time, so failures are ignored.
    fn store(&self, token: &Token) {
        let (Some(path), Some(expires_at)) = (&self.cache_path, token.expires_at) else {
            return;
        };
        let expires_at = expires_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let entry = serde_json::json!({
            "client_id": self.client_id,
            "token_url": self.token_url.as_str(),
            "access_token": token.secret.expose_secret(),
            "expires_at": expires_at,
        });
        let _ = write_private(path, entry.to_string().as_bytes());
    }
}

/// The error for a token endpoint that did not mint: busy (exit 9) or refusing (exit 4).
fn refused(reply: &Reply) -> Error {
    if reply.answer().is_unavailable() {
        return Error::Unavailable {
            detail: format!(
                "cannot get a token: the token endpoint is unavailable: {}",
                reply.describe()
            ),
            tries: 1,
        };
    }
    let detail = serde_json::from_slice::<OAuthError>(&reply.body.contiguous())
        .ok()
        .and_then(|e| {
            let parts: Vec<String> = [e.error, e.error_description]
                .into_iter()
                .flatten()
                .collect();
            (!parts.is_empty()).then(|| parts.join(": "))
        })
        .unwrap_or_else(|| reply.describe());
    Error::Auth {
        detail: format!(
            "the token endpoint refused the client credentials ({}): {detail}",
            reply.status
        ),
        token_from: None,
    }
}

/// Writes `bytes` to `path` readable by its owner only, through a temporary file and rename.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    crate::config::create_private_dir(dir)?;
    let temp = dir.join(format!(".{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temp, path)
}

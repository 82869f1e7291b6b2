//! How a failed exchange reads: a transport failure in words, naming the proxy where the
//! request went through one, and a proxy's demand for credentials.

use reqwest::Url;

use super::host_of;
use crate::error::Error;

/// A proxy that answered `407 Proxy Authentication Required`: exit 4 at once, trying again
/// cannot help.
pub(super) fn proxy_credentials(proxy: &str) -> Error {
    Error::Auth {
        detail: format!(
            "the proxy {proxy} wants credentials (407 Proxy Authentication Required): put them \
             in the proxy URL, http://USER:PASSWORD@HOST:PORT"
        ),
        token_from: None,
    }
}

/// Whether a tunnel through a proxy failed on its `407` (hyper-util says it in words only).
pub(super) fn wants_credentials(err: &reqwest::Error) -> bool {
    let mut cause: Option<&dyn std::error::Error> = Some(err);
    while let Some(error) = cause {
        if error.to_string().contains("proxy authorization required") {
            return true;
        }
        cause = error.source();
    }
    false
}

/// A transport failure in words; through a proxy, a failure to reach the proxy (or of the
/// proxy to reach Central) names the proxy, not Central.
pub(super) fn transport_message(err: &reqwest::Error, url: &Url, via: Option<&str>) -> String {
    let host = host_of(url);
    // The innermost cause reads best ("Connection refused (os error 111)").
    let mut cause: &dyn std::error::Error = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let cause = cause.to_string();
    let tunnel = format!("{err:#} {cause}").contains("tunnel");
    match via {
        Some(proxy) if tunnel => {
            return format!("the proxy {proxy} could not open a connection to {host}: {cause}")
        }
        Some(proxy) if err.is_connect() => {
            return format!("cannot connect to proxy {proxy}: {cause}")
        }
        _ => {}
    }
    if err.is_timeout() {
        let through = via
            .map(|p| format!(" through the proxy {p}"))
            .unwrap_or_default();
        format!("no answer from {host}{through} within the request timeout")
    } else if err.is_connect() {
        format!("cannot connect to {host}: {cause}")
    } else {
        format!("connection to {host} failed: {cause}")
    }
}

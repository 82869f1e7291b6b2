//! Which proxy a request goes through, read from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`
//! and `NO_PROXY` (either case) as curl reads them: the same matcher reqwest itself uses, plus
//! what curl does and that matcher does not — `NO_PROXY=*` bypasses every host, and a proxy
//! variable that is not a proxy URL is refused (exit 3) instead of silently ignored.

use reqwest::Url;

use crate::error::{Error, Result};

/// The proxy variables, upper case first as curl prefers them.
const VARIABLES: [&str; 6] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The proxy rules of the environment, read once.
pub struct Proxies {
    matcher: Option<hyper_util::client::proxy::matcher::Matcher>,
}

impl Proxies {
    /// The environment's rules; a proxy variable that does not hold a proxy URL is a
    /// configuration error naming it.
    pub fn from_env() -> Result<Proxies> {
        for name in VARIABLES {
            let Some(value) = std::env::var_os(name) else {
                continue;
            };
            let value = value.to_string_lossy();
            if let Err(why) = check(&value) {
                // The value is not shown: a proxy URL may carry a password.
                return Err(Error::config(format!(
                    "{name} is not a proxy URL ({why}); set it to http://HOST:PORT, or unset it"
                )));
            }
        }
        let bypass_all = ["NO_PROXY", "no_proxy"]
            .iter()
            .filter_map(std::env::var_os)
            .any(|v| v.to_string_lossy().trim() == "*");
        Ok(Proxies {
            matcher: (!bypass_all).then(hyper_util::client::proxy::matcher::Matcher::from_env),
        })
    }

    /// Whether no request may go through a proxy (`NO_PROXY=*`).
    pub fn bypass_all(&self) -> bool {
        self.matcher.is_none()
    }

    /// Whether the proxy for `url` is reached over TLS (its URL says `https://`).
    pub fn over_tls(&self, url: &Url) -> bool {
        let Ok(uri) = url.as_str().parse::<hyper::Uri>() else {
            return false;
        };
        self.matcher
            .as_ref()
            .and_then(|m| m.intercept(&uri))
            .is_some_and(|proxy| proxy.uri().scheme_str() == Some("https"))
    }

    /// The proxy's `host:port` for `url`, or `None` for a direct connection. Never the
    /// credentials a proxy URL may carry.
    pub fn for_url(&self, url: &Url) -> Option<String> {
        let uri: hyper::Uri = url.as_str().parse().ok()?;
        let proxy = self.matcher.as_ref()?.intercept(&uri)?;
        let proxy = proxy.uri();
        let port = proxy
            .port_u16()
            .unwrap_or(if proxy.scheme_str() == Some("https") {
                443
            } else {
                80
            });
        Some(format!("{}:{port}", proxy.host()?))
    }
}

/// Whether `value` is a proxy URL as curl takes one: `http://`, `https://` or no scheme
/// (`host:port`), with a host. An empty value means no proxy. It is checked as written,
/// spaces and all, and then by the very matcher the connection uses: a value that matcher
/// would drop (and so connect directly, around the proxy) is refused here instead.
fn check(value: &str) -> std::result::Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    if value.trim() != value {
        return Err("it has spaces around it".to_owned());
    }
    if let Some(bad) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it holds {bad:?}"));
    }
    let with_scheme = if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| e.to_string())?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "gwtrace supports http and https proxies, not {other}"
            ))
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".to_owned());
    }
    let matcher = hyper_util::client::proxy::matcher::Matcher::builder()
        .all(value.to_owned())
        .build();
    let probe: hyper::Uri = "https://central.invalid/".parse().expect("a valid URI");
    if matcher.intercept(&probe).is_none() {
        return Err("the HTTP client cannot use it as a proxy".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn proxy_urls_are_checked_as_curl_takes_them() {
        for good in [
            "http://proxy:3128",
            "proxy.corp:8080",
            "https://u:p@10.0.0.1:443",
            "",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        for bad in [
            "http://[bad",
            "::::",
            "socks5://p:1080",
            "http://:80",
            "http://127.0.0.1:1 ",
            " http://proxy:3128",
            "http://us er@host:3128",
            "http://h:3128/ path",
            "http://h:3128/\tx",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}

//! Which proxy a request goes through, read from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`
//! and `NO_PROXY` (either case) by the same matcher reqwest itself uses; for `-v` lines.

use reqwest::Url;

/// The proxy rules of the environment, read once.
pub struct Proxies(hyper_util::client::proxy::matcher::Matcher);

impl Proxies {
    pub fn from_env() -> Proxies {
        Proxies(hyper_util::client::proxy::matcher::Matcher::from_env())
    }

    /// The proxy's `host:port` for `url`, or `None` for a direct connection. Never the
    /// credentials a proxy URL may carry.
    pub fn for_url(&self, url: &Url) -> Option<String> {
        let uri: hyper::Uri = url.as_str().parse().ok()?;
        let proxy = self.0.intercept(&uri)?;
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

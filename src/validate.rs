//! Checks on user input made before any request: destinations, durations, base URLs.
//! (Identifiers have their own types in [`crate::ids`].)

use std::net::IpAddr;
use std::time::Duration;

use reqwest::Url;

/// The shortest poll interval: Central's daily call budget does not allow tighter loops.
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// A traceroute destination: an IP address or a host name (letters, digits, `-`, `_`, `.`).
pub fn destination(value: &str) -> Result<String, String> {
    if value.parse::<IpAddr>().is_ok() {
        return Ok(value.to_owned());
    }
    let host_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if value.is_empty()
        || value.len() > 253
        || !value.chars().all(host_char)
        || value.starts_with(['-', '.'])
    {
        return Err(
            "not a host name or IP address: use letters, digits, '-', '_' and '.' \
             (at most 253 characters), or an IP address"
                .to_owned(),
        );
    }
    Ok(value.to_owned())
}

/// An interface or VRF name for a start option: printable, without spaces, at most 64
/// characters.
pub fn interface(value: &str) -> Result<String, String> {
    let fine = |c: char| c.is_ascii_graphic();
    if value.is_empty() || value.len() > 64 || !value.chars().all(fine) {
        return Err(
            "not an interface or VRF name: use 1 to 64 printable characters without spaces"
                .to_owned(),
        );
    }
    Ok(value.to_owned())
}

/// The longest wait, poll interval, request limit or watch period: a year. Anything longer
/// is a typo, and would overflow the clock it is added to.
pub const MAX_DURATION: Duration = Duration::from_secs(365 * 24 * 3600);
/// The longest look back (`--since`, `--older-than`, `history_keep`): a hundred years.
pub const MAX_AGE: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// A duration such as `90s`, `5m`, `1h` or `1h 30m`, of a year at most.
pub fn duration(value: &str) -> Result<Duration, String> {
    bounded(value, MAX_DURATION, "365d")
}

/// How far back to look (`--since 7d`, `--older-than 1y`): a duration of a hundred years at
/// most.
pub fn age(value: &str) -> Result<Duration, String> {
    bounded(value, MAX_AGE, "100y")
}

fn bounded(value: &str, most: Duration, shown: &str) -> Result<Duration, String> {
    let parsed = humantime::parse_duration(value.trim()).map_err(|e| match e {
        humantime::DurationError::NumberOverflow => {
            format!("'{value}' is longer than the limit of {shown}")
        }
        _ => format!("'{value}' is not a duration such as 30s, 5m or 1h30m"),
    })?;
    if parsed.is_zero() {
        return Err(format!("'{value}' is zero; give a positive duration"));
    }
    if parsed > most {
        return Err(format!("'{value}' is longer than the limit of {shown}"));
    }
    Ok(parsed)
}

/// `history_keep`: a duration (`90d`, `1y`) of at least an hour, or `0` to keep every trace
/// (returned as zero).
pub fn history_keep(value: &str) -> Result<Duration, String> {
    if value.trim() == "0" {
        return Ok(Duration::ZERO);
    }
    let parsed = age(value).map_err(|why| format!("{why}; use 0 to keep every trace"))?;
    if parsed < Duration::from_secs(3600) {
        return Err(format!(
            "'{value}' is under an hour; keep traces for 1h or more, or 0 for ever"
        ));
    }
    Ok(parsed)
}

/// A point in time, RFC 3339 (`2026-12-01T00:00:00Z`; a date alone is its midnight, UTC).
pub fn time(value: &str) -> Result<std::time::SystemTime, String> {
    let text = value.trim();
    let text = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_owned()
    };
    humantime::parse_rfc3339_weak(&text.to_ascii_uppercase())
        .map_err(|_| format!("'{value}' is not a time such as 2026-12-01T00:00:00Z or 2026-12-01"))
}

/// A poll interval: a duration of at least [`MIN_INTERVAL`].
pub fn interval(value: &str) -> Result<Duration, String> {
    let parsed = duration(value)?;
    if parsed < MIN_INTERVAL {
        return Err(format!(
            "'{value}' is below the minimum interval of 1s (polling faster wastes the account's API budget)"
        ));
    }
    Ok(parsed)
}

/// A round-trip time limit in milliseconds: `40ms`, `0.5ms`, `1.5s`, `800us`; a bare number is
/// milliseconds.
pub fn rtt(value: &str) -> Result<f64, String> {
    let text = value.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit.trim() {
        "" | "ms" => 1.0,
        "s" => 1000.0,
        "us" | "µs" => 0.001,
        _ => f64::NAN,
    };
    match number.parse::<f64>() {
        Ok(n) if n > 0.0 && scale.is_finite() && n * scale <= 3_600_000.0 => Ok(n * scale),
        _ => Err(format!(
            "'{value}' is not a round-trip time: use e.g. 40ms, 0.5ms or 1.5s"
        )),
    }
}

/// A request rate per second: `5`, `0.5`, `20`; at most 1000.
pub fn rate(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(n) if (0.01..=1000.0).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{value}' is not a request rate: give requests per second from 0.01 to 1000, e.g. 5"
        )),
    }
}

/// A loss limit in percent: `5`, `5%`, `0.5`, from 0 to 100.
pub fn percent(value: &str) -> Result<f64, String> {
    let number = value.trim().trim_end_matches('%').trim();
    match number.parse::<f64>() {
        Ok(n) if (0.0..=100.0).contains(&n) && !number.contains(['e', 'E']) => Ok(n),
        _ => Err(format!(
            "'{value}' is not a percentage: use a number from 0 to 100, e.g. 5 or 2.5%"
        )),
    }
}

/// A positive number of seconds, fractions allowed (`5`, `0.5`), at most a day.
pub fn seconds(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(n) if n > 0.0 && n <= 86_400.0 => Ok(n),
        _ => Err(format!(
            "'{value}' is not a number of seconds: give one above 0 and at most 86400 (a day), \
             such as 5 or 0.5"
        )),
    }
}

/// A base URL: `https://`, or `http://` only when the host is a loopback address.
pub fn base_url(value: &str) -> Result<Url, String> {
    // A password in the URL would be sent and shown: refuse it without repeating it.
    let shown = without_userinfo(value.trim());
    let value = shown.as_str();
    if !value.contains("://") {
        return Err(format!(
            "'{value}' needs https:// in front, e.g. https://{}",
            value.trim_start_matches('/')
        ));
    }
    let url = Url::parse(value).map_err(|_| {
        format!("'{value}' is not a URL; write it as https://HOST or https://HOST/PATH")
    })?;
    if shown.contains("***@") {
        return Err(format!(
            "'{value}' carries a user name or password (user:password@); remove it — gwtrace \
             sends a token, set with token, token_file or GWTRACE_TOKEN"
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(format!(
                "'{value}' uses plain http; use https:// (http is allowed only for loopback hosts)"
            ))
        }
        other => return Err(format!("'{value}' has scheme '{other}'; use https://")),
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(format!("'{value}' has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("'{value}' must not have a query or fragment"));
    }
    Ok(url)
}

/// `value` with any `user:password@` before the host shown as `***@`.
fn without_userinfo(value: &str) -> String {
    let start = value.find("://").map_or(0, |i| i + 3);
    let authority_end = value[start..]
        .find(['/', '?', '#'])
        .map_or(value.len(), |i| start + i);
    match value[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &value[..start], &value[start + at..]),
        None => value.to_owned(),
    }
}

/// A profile name: made like a serial number (it names files: the token cache) and a TOML
/// table.
pub fn profile_name(name: &str) -> Result<(), String> {
    crate::ids::identifier("profile name", name)
        .map(|_| ())
        .map_err(|_| {
            format!(
                "'{}' is not a profile name: use letters, digits, '-', '_' and '.' \
                 (at most 128, not '.' or '..')",
                name.escape_debug()
            )
        })
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtt_limits_take_decimals_and_units() {
        assert_eq!(rtt("40ms"), Ok(40.0));
        assert_eq!(rtt("0.5ms"), Ok(0.5));
        assert_eq!(rtt("1.5s"), Ok(1500.0));
        assert_eq!(rtt("800us"), Ok(0.8));
        assert_eq!(rtt("12"), Ok(12.0));
        for bad in [
            "",
            "0",
            "-1ms",
            "5 parsecs",
            "ms",
            "1e3ms",
            "NaN",
            "inf",
            "2h",
        ] {
            assert!(rtt(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loss_limits_are_percentages() {
        assert_eq!(percent("5"), Ok(5.0));
        assert_eq!(percent("2.5%"), Ok(2.5));
        assert_eq!(percent("0"), Ok(0.0));
        for bad in ["101", "-1", "x", "", "1e1", "NaN"] {
            assert!(percent(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn destinations_are_host_names_or_ip_literals() {
        for good in [
            "8.8.8.8",
            "2001:db8::1",
            "blrubshared-pdash.arubacorp.net",
            "gw_1.lab",
        ] {
            assert!(destination(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "a b",
            "x\u{1b}[2J",
            "-rf",
            "a;b",
            "http://x",
            &"a".repeat(254),
        ] {
            assert!(destination(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn durations_parse_common_forms() {
        assert_eq!(duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(duration("soon").is_err());
        assert!(duration("0s").is_err());
    }

    #[test]
    fn durations_are_bounded_where_they_are_read() {
        let err = duration("8000y").unwrap_err();
        assert!(err.contains("longer than the limit of 365d"), "{err}");
        let err = duration("584542046090y").unwrap_err();
        assert!(err.contains("longer than the limit of 365d"), "{err}");
        assert_eq!(duration("365d"), Ok(Duration::from_secs(365 * 86_400)));
        assert!(age("5y").is_ok());
        assert!(age("200y").unwrap_err().contains("limit of 100y"));
        assert_eq!(history_keep("0"), Ok(Duration::ZERO));
        assert!(history_keep("30m").unwrap_err().contains("under an hour"));
    }

    #[test]
    fn intervals_below_one_second_are_refused() {
        assert!(interval("500ms").is_err());
        assert_eq!(interval("1s"), Ok(Duration::from_secs(1)));
    }

    #[test]
    fn base_urls_must_be_https_unless_loopback() {
        assert!(base_url("https://us4.api.central.arubanetworks.com").is_ok());
        assert!(base_url("http://127.0.0.1:8080").is_ok());
        assert!(base_url("http://127.9.9.9").is_ok());
        assert!(base_url("http://[::1]:9").is_ok());
        assert!(base_url("http://LOCALHOST:1").is_ok());
        assert!(base_url("http://example.com").is_err());
        assert!(base_url("http://10.0.0.1").is_err());
        assert!(base_url("ftp://example.com").is_err());
        assert!(base_url("not a url").is_err());
        assert!(base_url("https://h/?q=1").is_err());
    }
}

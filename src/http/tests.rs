//! Unit tests for describing answers, what statuses mean, backoff and rate-limit headers.

use std::time::SystemTime;

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::pacing::{backoff, reset_delay, retry_after};
use super::*;

fn reply(status: u16, content_type: &str, body: &str) -> Reply {
    Reply {
        status: StatusCode::from_u16(status).unwrap(),
        content_type: content_type.to_owned(),
        headers: HeaderMap::new(),
        body: body.as_bytes().into(),
    }
}

#[test]
fn api_errors_are_described_by_code_and_message() {
    let r = reply(
        401,
        "application/json",
        include_str!("../../tests/fixtures/error-unauthorized.json"),
    );
    assert_eq!(
        r.describe(),
        "401 Unauthorized: HPE_GRAVITY_UNAUTHORIZED: Authentication required."
    );
}

#[test]
fn html_pages_are_described_by_a_short_excerpt() {
    let page = format!("<html>\n<body>{}</body></html>", "Proxy error ".repeat(50));
    let described = reply(502, "text/html", &page).describe();
    assert!(described.starts_with("502 Bad Gateway (text/html): <html> <body>Proxy error"));
    assert!(described.chars().count() < 140, "{described}");
    assert!(described.ends_with('…'));
    assert_eq!(
        reply(500, "", "").describe(),
        "500 Internal Server Error (no content type, empty body)"
    );
}

#[test]
fn statuses_have_one_meaning() {
    for (status, answer) in [
        (200, Answer::Success),
        (202, Answer::Success),
        (400, Answer::BadRequest),
        (401, Answer::Rejected),
        (403, Answer::Rejected),
        (404, Answer::NotFound),
        (409, Answer::Offline),
        (429, Answer::RateLimited),
        (500, Answer::ServerError),
        (503, Answer::ServerError),
        (418, Answer::Unexpected),
    ] {
        assert_eq!(
            Answer::of(StatusCode::from_u16(status).unwrap()),
            answer,
            "{status}"
        );
    }
}

#[test]
fn unavailable_answers_are_exit_9_and_say_which_kind() {
    let limited = reply(429, "", "").unavailable(4);
    assert_eq!(limited.exit_code(), 9);
    assert_eq!(
        limited.to_string(),
        "rate limited: 429 Too Many Requests (no content type, empty body) (gave up after 4 tries)"
    );
    assert!(reply(502, "", "")
        .unavailable(1)
        .to_string()
        .starts_with("Central is unavailable: 502 Bad Gateway"));
}

#[test]
fn only_idempotent_requests_retry_server_errors() {
    let busy = StatusCode::SERVICE_UNAVAILABLE;
    assert!(Answer::may_retry(busy, Retry::Safe));
    assert!(!Answer::may_retry(busy, Retry::BeforeSend));
    assert!(Answer::may_retry(
        StatusCode::TOO_MANY_REQUESTS,
        Retry::BeforeSend
    ));
    assert!(!Answer::may_retry(StatusCode::NOT_IMPLEMENTED, Retry::Safe));
}

#[test]
fn backoff_grows_and_stays_capped() {
    assert!(backoff(1) >= Duration::from_millis(250) && backoff(1) <= FIRST_BACKOFF);
    assert!(backoff(3) >= Duration::from_secs(1) && backoff(3) <= Duration::from_secs(2));
    assert!(backoff(40) <= MAX_PAUSE);
}

#[test]
fn retry_after_takes_seconds_and_http_dates() {
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
    assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
    headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
    let wait = retry_after(&headers).unwrap();
    assert!(
        wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
    headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
    assert_eq!(retry_after(&headers), None);
}

#[test]
fn rate_limit_reset_is_seconds_a_unix_time_or_an_rfc3339_timestamp() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let secs = |s| Some(Duration::from_secs(s));
    assert_eq!(reset_delay("12", now), secs(12));
    assert_eq!(reset_delay(" 1800000030 ", now), secs(30));
    assert_eq!(reset_delay("1700000000", now), secs(0));
    // 1_800_000_000 is 2027-01-15T08:00:00Z.
    assert_eq!(reset_delay("2027-01-15T08:00:45Z", now), secs(45));
    assert_eq!(
        reset_delay("2027-01-15T08:00:45.500Z", now).map(|d| d.as_millis()),
        Some(45_500)
    );
    assert_eq!(reset_delay("2027-01-15T09:00:05+01:00", now), secs(5));
    assert_eq!(reset_delay("2020-01-01T00:00:00Z", now), secs(0));
    assert_eq!(reset_delay("soon", now), None);
    // Any case, an HTTP date, epoch milliseconds; a time past the clock is for ever.
    assert_eq!(reset_delay("2027-01-15t08:00:45z", now), secs(45));
    assert_eq!(reset_delay("Fri, 15 Jan 2027 08:00:45 GMT", now), secs(45));
    assert_eq!(reset_delay("1800000030000", now), secs(30));
    assert!(reset_delay("18446744073709551615", now).unwrap() >= crate::clock::FOREVER);
}

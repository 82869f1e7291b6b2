//! An answer read in full, and how to describe it in one line for a message.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

use super::{Answer, Payload};
use crate::error::Error;

/// A response read in full (within [`MAX_BODY`]).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: HeaderMap,
    pub body: Payload,
}

/// The body of an error answer: `{"errorCode": "...", "message": "..."}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

impl Reply {
    pub fn answer(&self) -> Answer {
        Answer::of(self.status)
    }

    /// Central's `errorCode`, when the body is an API error that has one.
    pub fn error_code(&self) -> Option<String> {
        serde_json::from_slice::<ErrorBody>(&self.body.head(4096))
            .ok()
            .and_then(|e| e.error_code)
    }

    /// A 404 in Central's own words about a device or a task (`HPE_GRAVITY_DEVICE_NOT_FOUND`,
    /// `HPE_GRAVITY_TASK_NOT_FOUND`): the route exists, what it was asked about does not.
    pub fn names_device_or_task(&self) -> bool {
        self.answer() == Answer::NotFound
            && self.error_code().is_some_and(|code| {
                code.starts_with("HPE_GRAVITY_")
                    && (code.contains("DEVICE") || code.contains("TASK"))
            })
    }

    /// A 404 that names no device or task: the route itself does not exist there (another
    /// API version, a wrong base URL, or a web server that is not Central).
    pub fn route_missing(&self) -> bool {
        self.answer() == Answer::NotFound && !self.names_device_or_task()
    }

    /// The error for an answer that says the service is unavailable (429, 5xx).
    pub fn unavailable(&self, tries: u32) -> Error {
        let what = match self.answer() {
            Answer::RateLimited => "rate limited",
            _ => "Central is unavailable",
        };
        Error::Unavailable {
            detail: format!("{what}: {}", self.describe()),
            tries,
        }
    }

    /// `401 Unauthorized: HPE_GRAVITY_UNAUTHORIZED: Authentication required.`, or for a body
    /// that is not an API error, the content type and a short excerpt.
    pub fn describe(&self) -> String {
        let status = self.status;
        if let Ok(err) = serde_json::from_slice::<ErrorBody>(&self.body.contiguous()) {
            let parts: Vec<&str> = [err.error_code.as_deref(), err.message.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !parts.is_empty() {
                return format!("{status}: {}", parts.join(": "));
            }
        }
        format!("{status}{}", self.excerpt())
    }

    /// ` (text/html): <html>…` — content type and at most 80 characters of the body.
    pub fn excerpt(&self) -> String {
        // A short excerpt needs only the start of a body that may be megabytes long.
        let head = self.body.head(1024);
        let text = String::from_utf8_lossy(&head);
        let words: Vec<&str> = text.split_whitespace().collect();
        let joined = words.join(" ");
        let mut short: String = joined.chars().take(80).collect();
        if short.len() < joined.len() {
            short.push('…');
        }
        let kind = if self.content_type.is_empty() {
            "no content type"
        } else {
            &self.content_type
        };
        if short.is_empty() {
            format!(" ({kind}, empty body)")
        } else {
            format!(" ({kind}): {short}")
        }
    }
}

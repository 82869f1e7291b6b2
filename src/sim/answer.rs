//! The simulator's answers: JSON bodies with a status, Central's error shape, and the
//! GreenLake token endpoint.

use std::collections::HashMap;

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::CONTENT_TYPE;
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

pub type Reply = Response<Full<Bytes>>;

/// The GreenLake token endpoint: any client id and secret, except a secret starting with
/// `invalid`.
pub fn mint(body: &[u8]) -> Reply {
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let valid = form.get("grant_type").map(String::as_str) == Some("client_credentials")
        && form.get("client_id").is_some_and(|id| !id.is_empty())
        && form
            .get("client_secret")
            .is_some_and(|s| !s.is_empty() && !s.starts_with("invalid"));
    if !valid {
        return reply(
            401,
            &json!({"error": "invalid_client", "error_description": "Client authentication failed"}),
        );
    }
    let token = format!("sim-{:016x}", fastrand::u64(..));
    reply(
        200,
        &json!({"access_token": token, "token_type": "Bearer", "expires_in": 7199}),
    )
}

pub fn not_found(path: &str) -> Reply {
    error(
        404,
        "HPE_GRAVITY_NOT_FOUND",
        &format!("No such resource: {path}"),
    )
}

pub fn error(status: u16, code: &str, message: &str) -> Reply {
    reply(status, &json!({"errorCode": code, "message": message}))
}

pub fn reply(status: u16, body: &Value) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        CONTENT_TYPE,
        "application/json".parse().expect("a valid header"),
    );
    response
}

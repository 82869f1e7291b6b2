//! `watch --metrics-listen ADDR`: a small HTTP server for Prometheus to scrape, answering
//! `GET` (and `HEAD`) `/metrics` with the watch's latest metrics and `/healthz` with 200 or
//! 503 and a line saying why, 405 to another method there and 404 to anything else.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Response, StatusCode};
use tokio::net::TcpListener;

use crate::error::{Error, Result};
use crate::metrics::Metrics;
use crate::ui::Ui;

use super::watch::Health;

/// Listens on `address`; one beyond loopback is served with a warning, as `sim` does.
pub async fn bind(address: SocketAddr, ui: &Ui) -> Result<TcpListener> {
    let listener = TcpListener::bind(address).await.map_err(|e| {
        Error::other(format!(
            "cannot listen on {address} for --metrics-listen: {e}"
        ))
    })?;
    if !address.ip().is_loopback() {
        ui.warn(&format!(
            "serving metrics on {address}, beyond this machine: anyone who can reach it can read them"
        ));
    }
    Ok(listener)
}

/// Serves until the watch ends.
pub async fn serve(
    listener: TcpListener,
    (metrics, health): (Arc<Mutex<Metrics>>, Arc<Mutex<Health>>),
) {
    crate::http::serve::serve(listener, move |request| {
        let readable = matches!(*request.method(), Method::GET | Method::HEAD);
        let path = request.uri().path();
        let known = matches!(path, "/metrics" | "/healthz");
        let answer = match (path, readable) {
            ("/metrics", true) => {
                // (hyper sends a HEAD answer's head only.)
                let text = metrics.lock().map(|m| m.render()).unwrap_or_default();
                reply(StatusCode::OK, text)
            }
            ("/healthz", true) => {
                let now = tokio::time::Instant::now();
                let checked = health.lock().map(|h| h.check(now));
                match checked {
                    Ok(Ok(fine)) => reply(StatusCode::OK, format!("{fine}\n")),
                    Ok(Err(why)) => reply(StatusCode::SERVICE_UNAVAILABLE, format!("{why}\n")),
                    Err(_) => reply(StatusCode::SERVICE_UNAVAILABLE, "the watch failed\n".into()),
                }
            }
            _ if known => {
                let mut refused = reply(
                    StatusCode::METHOD_NOT_ALLOWED,
                    format!("{path} answers GET and HEAD\n"),
                );
                refused.headers_mut().insert(
                    hyper::header::ALLOW,
                    hyper::header::HeaderValue::from_static("GET, HEAD"),
                );
                refused
            }
            _ => reply(
                StatusCode::NOT_FOUND,
                "gwtrace serves /metrics and /healthz only\n".to_owned(),
            ),
        };
        std::future::ready(answer)
    })
    .await
}

fn reply(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

//! Wire types that mirror the task document as Central sends it; scalars stay loosely typed.
//!
//! The API sends numbers as strings (`"hop": "1"`, `"1 ms"`), the string `"null"` for an
//! absent address and may one day send real numbers, so every scalar that has been seen in
//! more than one form is kept as a [`Value`] and interpreted once, in [`super::Task::from_document`].

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireTask {
    pub status: String,
    #[serde(default)]
    pub progress_percent: Value,
    #[serde(default)]
    pub fail_reason: Value,
    #[serde(default)]
    pub output: Option<WireOutput>,
    #[serde(default)]
    pub raw_output: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireOutput {
    #[serde(default)]
    pub destination: Value,
    #[serde(default)]
    pub resolved_ip: Value,
    #[serde(default)]
    pub hops: Option<Vec<WireHop>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireHop {
    #[serde(default)]
    pub hop: Value,
    #[serde(default)]
    pub probes: Option<Vec<WireProbe>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireProbe {
    #[serde(default)]
    pub reverse_dns_resolution: Value,
    #[serde(default)]
    pub ip_address: Value,
    #[serde(default)]
    pub response_time_milliseconds: Value,
}

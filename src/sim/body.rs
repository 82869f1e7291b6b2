//! The start body of a simulated task, validated as the API does: a field the family's test
//! does not take, or a number beyond its limits, is a 400 in the API's words.

use serde_json::Value;

use crate::api::ping::family_fields;
use crate::ids::{Device, Test};

/// What a start call asked for.
pub struct Asked {
    pub destination: String,
    /// A ping's echoes (0 for a traceroute).
    pub count: u8,
    /// A ping's bytes per echo.
    pub size: u16,
}

/// The start body of `test` on `device`, or the problem (`packetSize must be between 10 and
/// 2000`).
pub fn read(device: Device, test: Test, body: &[u8]) -> Result<Asked, String> {
    let body: Value = serde_json::from_slice(body).map_err(|_| "the body is not JSON")?;
    let fields: &[&str] = match (test, device) {
        (Test::Ping, device) => family_fields(device),
        (Test::Traceroute, Device::Gateway) => &["vlanIp"],
        (Test::Traceroute, Device::Ap) => &["sourceInterface"],
        (Test::Traceroute, Device::Cx) => &["useIpv6", "useManagementInterface", "vrfName"],
        (Test::Traceroute, Device::AosS) => {
            &["sourceInterface", "loopbackPort", "vlan", "ipAddress"]
        }
    };
    for key in body.as_object().into_iter().flat_map(|o| o.keys()) {
        let common = matches!(key.as_str(), "destination" | "includeRawOutput")
            || (test == Test::Ping && key == "count");
        if !common && !fields.contains(&key.as_str()) {
            return Err(format!("unknown field {key} for {}", device.segment()));
        }
    }
    let destination = body
        .get("destination")
        .and_then(Value::as_str)
        .filter(|d| !d.trim().is_empty())
        .map(str::to_owned)
        .ok_or_else(|| "destination is required".to_owned())?;
    if test == Test::Traceroute {
        return Ok(Asked {
            destination,
            count: 0,
            size: 0,
        });
    }
    let number = |key: &str, low: u64, high: u64, default: u64| match body.get(key) {
        None => Ok(default),
        Some(value) => value
            .as_u64()
            .filter(|n| (low..=high).contains(n))
            .ok_or_else(|| format!("{key} must be between {low} and {high}")),
    };
    let count = number("count", 1, 100, 5)?;
    let size_limit = match device {
        Device::Gateway | Device::Ap => 2000,
        Device::Cx | Device::AosS => 65_468,
    };
    let size = number("packetSize", 10, size_limit, 100)?;
    Ok(Asked {
        destination,
        count: u8::try_from(count).unwrap_or(100),
        size: u16::try_from(size).unwrap_or(100),
    })
}

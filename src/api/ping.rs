//! The start body of a ping task per device family, with the field names and limits of
//! `../shared/api-notes.md` ("Ping", from HPE's Python SDK `pycentral` 2.x
//! `Troubleshooting.initiate_ping_*`): every family takes `destination`, `count` and
//! `includeRawOutput`; the rest is the family's own, checked here before anything is sent.

use std::net::IpAddr;

use serde_json::{json, Value};

use crate::ids::Device;

/// Echoes a ping task sends when `--count` is not given.
pub const DEFAULT_COUNT: u8 = 10;
/// The most echoes one task may send (the API's limit).
pub const MAX_COUNT: u8 = 100;

/// What a ping start call may say besides the destination. Options a family does not take
/// are refused by [`PingOptions::body`] with the families that take them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PingOptions {
    /// `count`, 1 to 100.
    pub count: u8,
    /// `packetSize`.
    pub size: Option<u16>,
    /// gateway `ttl`, 1 to 255.
    pub ttl: Option<u8>,
    /// gateway `dscp`, 0 to 63.
    pub dscp: Option<u8>,
    /// gateway `sourceInterface`; an access point's `interfacePort`.
    pub source_interface: Option<String>,
    /// gateway, ap and aos-s `vlan`, 1 to 4094.
    pub vlan: Option<u16>,
    /// ap `role`.
    pub role: Option<String>,
    /// gateway, cx and aos-s `useIpv6`.
    pub ipv6: bool,
    /// gateway `dontFragmentFlag`.
    pub dont_fragment: bool,
    /// cx `vrfName`.
    pub vrf: Option<String>,
    /// cx `useManagementInterface`.
    pub management_interface: bool,
    /// aos-s `loopbackPort`.
    pub loopback_port: Option<u16>,
    /// aos-s `ipAddress`.
    pub source_ip: Option<IpAddr>,
}

impl PingOptions {
    /// `count` echoes and the device's defaults for everything else.
    pub fn count(count: u8) -> PingOptions {
        PingOptions {
            count,
            ..PingOptions::default()
        }
    }

    /// The start body for `device`, or a usage message naming the flag at fault.
    pub fn body(&self, device: Device, destination: &str) -> Result<Value, String> {
        use Device::{AosS, Ap, Cx, Gateway};
        if !(1..=MAX_COUNT).contains(&self.count) {
            return Err(format!(
                "--count {} is out of range: a ping task sends 1 to {MAX_COUNT} echoes",
                self.count
            ));
        }
        let given: [(&str, bool, &[Device]); 11] = [
            ("--ttl", self.ttl.is_some(), &[Gateway]),
            ("--dscp", self.dscp.is_some(), &[Gateway]),
            (
                "--source-interface",
                self.source_interface.is_some(),
                &[Gateway, Ap],
            ),
            ("--source-vlan", self.vlan.is_some(), &[Gateway, Ap, AosS]),
            ("--role", self.role.is_some(), &[Ap]),
            ("--ipv6", self.ipv6, &[Gateway, Cx, AosS]),
            ("--dont-fragment", self.dont_fragment, &[Gateway]),
            ("--vrf", self.vrf.is_some(), &[Cx]),
            ("--management-interface", self.management_interface, &[Cx]),
            ("--loopback-port", self.loopback_port.is_some(), &[AosS]),
            ("--source-ip", self.source_ip.is_some(), &[AosS]),
        ];
        for (flag, set, families) in given {
            if set && !families.contains(&device) {
                let names: Vec<&str> = families.iter().map(|d| d.name()).collect();
                return Err(format!(
                    "{flag} is not a ping option of {} {} (--device {device}); it is for \
                     --device {}",
                    device.article(),
                    device.noun(),
                    names.join(" or ")
                ));
            }
        }
        self.check_limits(device)?;
        let address = destination.parse::<IpAddr>().ok();
        if self.ipv6 && address.is_some_and(|a| a.is_ipv4()) {
            return Err(format!(
                "--ipv6 pings over IPv6, but {destination} is an IPv4 address; leave out \
                 --ipv6 or give an IPv6 destination"
            ));
        }
        Ok(self.fields(device, destination, address))
    }

    /// The API's limits on the numbers (`Validation errors - packetSize must be between 10
    /// and 2000`): the same words, before the call.
    fn check_limits(&self, device: Device) -> Result<(), String> {
        // The notes give 10–2000 for gateways and access points; switches name no limit,
        // so only what an ICMP echo can carry is refused there.
        let size = match device {
            Device::Gateway | Device::Ap => 10..=2000,
            Device::Cx | Device::AosS => 10..=65_468,
        };
        if let Some(bytes) = self.size.filter(|b| !size.contains(b)) {
            return Err(format!(
                "--size {bytes} is out of range: {} {} pings with {} to {} bytes",
                device.article(),
                device.noun(),
                size.start(),
                size.end()
            ));
        }
        let checks: [(&str, Option<u16>, u16, u16); 4] = [
            ("--ttl", self.ttl.map(u16::from), 1, 255),
            ("--dscp", self.dscp.map(u16::from), 0, 63),
            ("--source-vlan", self.vlan, 1, 4094),
            ("--loopback-port", self.loopback_port, 0, 7),
        ];
        for (flag, value, low, high) in checks {
            if let Some(value) = value.filter(|v| !(low..=high).contains(v)) {
                return Err(format!("{flag} {value} is out of range: {low} to {high}"));
            }
        }
        Ok(())
    }

    fn fields(&self, device: Device, destination: &str, address: Option<IpAddr>) -> Value {
        let mut body = json!({
            "destination": destination,
            "count": self.count,
            "includeRawOutput": true,
        });
        let mut set = |key: &str, value: Value| body[key] = value;
        if let Some(size) = self.size {
            set("packetSize", json!(size));
        }
        if let Some(vlan) = self.vlan {
            set("vlan", json!(vlan));
        }
        // An IPv6 destination is pinged over IPv6 where the family has the switch.
        let ipv6 = self.ipv6 || address.is_some_and(|a| a.is_ipv6()) && device != Device::Ap;
        if ipv6 {
            set("useIpv6", json!(true));
        }
        match device {
            Device::Gateway => {
                if let Some(ttl) = self.ttl {
                    set("ttl", json!(ttl));
                }
                if let Some(dscp) = self.dscp {
                    set("dscp", json!(dscp));
                }
                if let Some(interface) = &self.source_interface {
                    set("sourceInterface", json!(interface));
                }
                if self.dont_fragment {
                    set("dontFragmentFlag", json!(true));
                }
            }
            Device::Ap => {
                if let Some(port) = &self.source_interface {
                    set("interfacePort", json!(port));
                }
                if let Some(role) = &self.role {
                    set("role", json!(role));
                }
            }
            Device::Cx => {
                if let Some(vrf) = &self.vrf {
                    set("vrfName", json!(vrf));
                }
                if self.management_interface {
                    set("useManagementInterface", json!(true));
                }
            }
            Device::AosS => {
                if let Some(port) = self.loopback_port {
                    set("loopbackPort", json!(port));
                }
                if let Some(ip) = self.source_ip {
                    set("ipAddress", json!(ip.to_string()));
                }
            }
        }
        body
    }
}

/// The fields each family's ping start takes besides the common ones (for the simulator's
/// validation, as the API's).
pub fn family_fields(device: Device) -> &'static [&'static str] {
    match device {
        Device::Gateway => &[
            "packetSize",
            "ttl",
            "dscp",
            "sourceInterface",
            "vlan",
            "useIpv6",
            "dontFragmentFlag",
        ],
        Device::Ap => &["packetSize", "interfacePort", "vlan", "role"],
        Device::Cx => &["useIpv6", "packetSize", "useManagementInterface", "vrfName"],
        Device::AosS => &["useIpv6", "packetSize", "loopbackPort", "ipAddress", "vlan"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_send_destination_count_and_the_raw_text_request() {
        for device in Device::ALL {
            assert_eq!(
                PingOptions::count(10).body(device, "8.8.8.8").unwrap(),
                json!({"destination": "8.8.8.8", "count": 10, "includeRawOutput": true})
            );
        }
    }

    #[test]
    fn each_family_sends_its_own_fields_and_only_those() {
        let gateway = PingOptions {
            ttl: Some(64),
            dscp: Some(46),
            source_interface: Some("vlan20".into()),
            vlan: Some(20),
            dont_fragment: true,
            size: Some(1400),
            ..PingOptions::count(5)
        };
        let body = gateway.body(Device::Gateway, "10.0.0.1").unwrap();
        for key in body.as_object().unwrap().keys() {
            let common = ["destination", "count", "includeRawOutput"].contains(&key.as_str());
            assert!(common || family_fields(Device::Gateway).contains(&key.as_str()));
        }
        assert_eq!(body["dontFragmentFlag"], true);
        assert_eq!(body["packetSize"], 1400);
        let ap = PingOptions {
            source_interface: Some("eth0".into()),
            role: Some("guest".into()),
            ..PingOptions::count(5)
        };
        let body = ap.body(Device::Ap, "h").unwrap();
        assert_eq!(body["interfacePort"], "eth0");
        assert_eq!(body["role"], "guest");
        let cx = PingOptions {
            vrf: Some("mgmt".into()),
            ..PingOptions::count(5)
        };
        assert_eq!(cx.body(Device::Cx, "2001:db8::1").unwrap()["useIpv6"], true);
        let aos = PingOptions {
            loopback_port: Some(2),
            source_ip: Some("10.0.0.9".parse().unwrap()),
            ..PingOptions::count(5)
        };
        let body = aos.body(Device::AosS, "h").unwrap();
        assert_eq!(body["loopbackPort"], 2);
        assert_eq!(body["ipAddress"], "10.0.0.9");
    }

    #[test]
    fn options_of_another_family_and_values_beyond_the_limits_are_refused() {
        let vrf = PingOptions {
            vrf: Some("x".into()),
            ..PingOptions::count(5)
        };
        let error = vrf.body(Device::Gateway, "h").unwrap_err();
        assert!(
            error.contains("--vrf is not a ping option of a gateway"),
            "{error}"
        );
        assert!(error.contains("--device cx"), "{error}");
        let big = PingOptions {
            size: Some(2001),
            ..PingOptions::count(5)
        };
        assert!(big
            .body(Device::Ap, "h")
            .unwrap_err()
            .contains("10 to 2000"));
        assert!(big.body(Device::Cx, "h").is_ok());
        assert!(PingOptions::count(0).body(Device::Cx, "h").is_err());
        assert!(PingOptions::count(101).body(Device::Cx, "h").is_err());
        let dscp = PingOptions {
            dscp: Some(64),
            ..PingOptions::count(5)
        };
        assert!(dscp
            .body(Device::Gateway, "h")
            .unwrap_err()
            .contains("0 to 63"));
        let v6 = PingOptions {
            ipv6: true,
            ..PingOptions::count(5)
        };
        assert!(v6
            .body(Device::Cx, "10.0.0.1")
            .unwrap_err()
            .contains("IPv4"));
    }
}

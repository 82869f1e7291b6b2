//! The start options of each device family and the JSON body of a start call, with the field
//! names of the public API reference (checked against HPE's Python SDK `pycentral` 2.x,
//! `Troubleshooting.initiate_traceroute_{gateways,aps,cx,aoss}_test`).

use std::net::IpAddr;

use serde_json::{json, Value};

use crate::ids::Device;

/// What a start call may say besides the destination, per device family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartOptions {
    /// `vlanIp`: the source VLAN IP address.
    Gateway { vlan_ip: Option<IpAddr> },
    /// `sourceInterface`: the port to send from.
    Ap { source_interface: Option<String> },
    /// `vrfName`, `useIpv6`, `useManagementInterface`.
    Cx {
        vrf: Option<String>,
        ipv6: bool,
        management_interface: bool,
    },
    /// `sourceInterface` with `loopbackPort`, `vlan` or `ipAddress`.
    AosS { source: Option<AosSource> },
}

/// Where an AOS-S switch sends its probes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AosSource {
    Loopback(u16),
    Vlan(u16),
    Ip(IpAddr),
}

impl AosSource {
    /// The API's `sourceInterface` value for this source.
    pub fn interface(self) -> &'static str {
        match self {
            AosSource::Loopback(_) => "loopback",
            AosSource::Vlan(_) => "vlan-interface",
            AosSource::Ip(_) => "ip-address",
        }
    }
}

impl StartOptions {
    /// No options: the device's defaults.
    pub fn none(device: Device) -> StartOptions {
        match device {
            Device::Gateway => StartOptions::Gateway { vlan_ip: None },
            Device::Ap => StartOptions::Ap {
                source_interface: None,
            },
            Device::Cx => StartOptions::Cx {
                vrf: None,
                ipv6: false,
                management_interface: false,
            },
            Device::AosS => StartOptions::AosS { source: None },
        }
    }

    /// The start call's body. `includeRawOutput` is always asked for: `--raw` and the hops
    /// that only the device's text holds need it.
    pub fn body(&self, destination: &str) -> Value {
        let mut body = json!({"destination": destination, "includeRawOutput": true});
        let mut set = |key: &str, value: Value| body[key] = value;
        match self {
            StartOptions::Gateway { vlan_ip } => {
                if let Some(ip) = vlan_ip {
                    set("vlanIp", json!(ip.to_string()));
                }
            }
            StartOptions::Ap { source_interface } => {
                if let Some(interface) = source_interface {
                    set("sourceInterface", json!(interface));
                }
            }
            StartOptions::Cx {
                vrf,
                ipv6,
                management_interface,
            } => {
                if let Some(vrf) = vrf {
                    set("vrfName", json!(vrf));
                }
                if *ipv6 {
                    set("useIpv6", json!(true));
                }
                if *management_interface {
                    set("useManagementInterface", json!(true));
                }
            }
            StartOptions::AosS { source } => {
                if let Some(source) = source {
                    set("sourceInterface", json!(source.interface()));
                    match source {
                        AosSource::Loopback(port) => set("loopbackPort", json!(port)),
                        AosSource::Vlan(vlan) => set("vlan", json!(vlan)),
                        AosSource::Ip(ip) => set("ipAddress", json!(ip.to_string())),
                    }
                }
            }
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_send_only_the_destination_and_the_raw_output_request() {
        for device in Device::ALL {
            assert_eq!(
                StartOptions::none(device).body("8.8.8.8"),
                json!({"destination": "8.8.8.8", "includeRawOutput": true})
            );
        }
    }

    #[test]
    fn each_family_sends_its_own_fields() {
        let gateway = StartOptions::Gateway {
            vlan_ip: Some("10.1.1.1".parse().unwrap()),
        };
        assert_eq!(gateway.body("d")["vlanIp"], "10.1.1.1");
        let ap = StartOptions::Ap {
            source_interface: Some("bond0".into()),
        };
        assert_eq!(ap.body("d")["sourceInterface"], "bond0");
        let cx = StartOptions::Cx {
            vrf: Some("mgmt".into()),
            ipv6: true,
            management_interface: true,
        };
        let body = cx.body("d");
        assert_eq!(body["vrfName"], "mgmt");
        assert_eq!(body["useIpv6"], true);
        assert_eq!(body["useManagementInterface"], true);
        let aos = |source| StartOptions::AosS {
            source: Some(source),
        };
        let body = aos(AosSource::Loopback(2)).body("d");
        assert_eq!(body["sourceInterface"], "loopback");
        assert_eq!(body["loopbackPort"], 2);
        let body = aos(AosSource::Vlan(20)).body("d");
        assert_eq!(body["sourceInterface"], "vlan-interface");
        assert_eq!(body["vlan"], 20);
        let body = aos(AosSource::Ip("10.0.0.9".parse().unwrap())).body("d");
        assert_eq!(body["sourceInterface"], "ip-address");
        assert_eq!(body["ipAddress"], "10.0.0.9");
    }
}

//! The start options of a device family from the command line (`--vlan-ip`, `--vrf`,
//! `--source-vlan`…), checked against the family and the destination before anything is sent.

use crate::api::{AosSource, StartOptions};
use crate::cli::SourceArgs;
use crate::error::{Error, Result};
use crate::ids::Device;

/// The start options of `device` from the command line; an option of another family is a
/// usage error naming the families that have it.
pub fn start_options(device: Device, args: &SourceArgs) -> Result<StartOptions> {
    use Device::{AosS, Ap, Cx, Gateway};
    let given: [(&str, bool, &[Device]); 8] = [
        ("--vlan-ip", args.vlan_ip.is_some(), &[Gateway]),
        (
            "--source-interface",
            args.source_interface.is_some(),
            &[Ap, AosS],
        ),
        ("--vrf", args.vrf.is_some(), &[Cx]),
        ("--ipv6", args.ipv6, &[Cx]),
        ("--management-interface", args.management_interface, &[Cx]),
        ("--loopback-port", args.loopback_port.is_some(), &[AosS]),
        ("--source-vlan", args.source_vlan.is_some(), &[AosS]),
        ("--source-ip", args.source_ip.is_some(), &[AosS]),
    ];
    for (flag, set, families) in given {
        if set && !families.contains(&device) {
            let names: Vec<&str> = families.iter().map(|d| d.name()).collect();
            return Err(Error::Usage(format!(
                "{flag} is not a start option of {} {} (--device {device}); it is for --device {}",
                device.article(),
                device.noun(),
                names.join(" or ")
            )));
        }
    }
    Ok(match device {
        Gateway => StartOptions::Gateway {
            vlan_ip: args.vlan_ip,
        },
        Ap => StartOptions::Ap {
            source_interface: args.source_interface.clone(),
        },
        Cx => StartOptions::Cx {
            vrf: args.vrf.clone(),
            ipv6: args.ipv6,
            management_interface: args.management_interface,
        },
        AosS => StartOptions::AosS {
            source: aos_source(args)?,
        },
    })
}

/// The start options as the destination needs them: a CX switch traces an IPv6 address over
/// IPv6 (`useIpv6` follows from the address), and `--ipv6` to an IPv4 address is refused.
pub fn for_destination(options: StartOptions, destination: &str) -> Result<StartOptions> {
    let StartOptions::Cx {
        vrf,
        ipv6,
        management_interface,
    } = options
    else {
        return Ok(options);
    };
    let address = destination.parse::<std::net::IpAddr>().ok();
    if ipv6 && address.is_some_and(|a| a.is_ipv4()) {
        return Err(Error::Usage(format!(
            "--ipv6 traces over IPv6, but {destination} is an IPv4 address; leave out --ipv6 \
             or give an IPv6 destination"
        )));
    }
    Ok(StartOptions::Cx {
        vrf,
        ipv6: ipv6 || address.is_some_and(|a| a.is_ipv6()),
        management_interface,
    })
}

/// An AOS-S switch's source: `--loopback-port`, `--source-vlan` or `--source-ip` (clap keeps
/// them exclusive); `--source-interface`, when given, must name the same kind.
fn aos_source(args: &SourceArgs) -> Result<Option<AosSource>> {
    let source = match (args.loopback_port, args.source_vlan, args.source_ip) {
        (Some(port), _, _) => Some(AosSource::Loopback(port)),
        (_, Some(vlan), _) => Some(AosSource::Vlan(vlan)),
        (_, _, Some(ip)) => Some(AosSource::Ip(ip)),
        _ => None,
    };
    let Some(interface) = args.source_interface.as_deref() else {
        return Ok(source);
    };
    let needs = match interface {
        "loopback" => "--loopback-port",
        "vlan-interface" => "--source-vlan",
        "ip-address" => "--source-ip",
        other => {
            return Err(Error::Usage(format!(
                "--source-interface '{other}' is not an AOS-S source; use loopback, \
                 vlan-interface or ip-address"
            )))
        }
    };
    match source {
        Some(source) if source.interface() == interface => Ok(Some(source)),
        _ => Err(Error::Usage(format!(
            "--source-interface {interface} needs {needs} (and no other source option)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(edit: impl FnOnce(&mut SourceArgs)) -> SourceArgs {
        let mut args = SourceArgs::default();
        edit(&mut args);
        args
    }

    #[test]
    fn an_option_of_another_family_names_the_families_that_have_it() {
        let vrf = args(|a| a.vrf = Some("mgmt".into()));
        let err = start_options(Device::Gateway, &vrf).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            err.to_string(),
            "--vrf is not a start option of a gateway (--device gateway); it is for --device cx"
        );
        let interface = args(|a| a.source_interface = Some("x".into()));
        let err = start_options(Device::Cx, &interface).unwrap_err();
        assert!(
            err.to_string().ends_with("it is for --device ap or aos-s"),
            "{err}"
        );
        assert!(start_options(Device::Ap, &args(|a| a.ipv6 = true)).is_err());
    }

    #[test]
    fn a_cx_switch_traces_an_ipv6_destination_over_ipv6_and_refuses_ipv6_to_ipv4() {
        let cx = |ipv6| StartOptions::Cx {
            vrf: None,
            ipv6,
            management_interface: false,
        };
        assert_eq!(for_destination(cx(false), "2001:db8::1").unwrap(), cx(true));
        assert_eq!(for_destination(cx(false), "10.0.0.1").unwrap(), cx(false));
        assert_eq!(for_destination(cx(true), "db.example").unwrap(), cx(true));
        let err = for_destination(cx(true), "10.0.0.1").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string().contains("10.0.0.1 is an IPv4 address"),
            "{err}"
        );
        let gateway = StartOptions::Gateway { vlan_ip: None };
        assert_eq!(
            for_destination(gateway.clone(), "2001:db8::1").unwrap(),
            gateway
        );
    }

    #[test]
    fn aos_s_sources_follow_from_the_option_given() {
        let port = args(|a| a.loopback_port = Some(1));
        assert_eq!(
            start_options(Device::AosS, &port).unwrap(),
            StartOptions::AosS {
                source: Some(AosSource::Loopback(1))
            }
        );
        let both = args(|a| {
            a.source_vlan = Some(5);
            a.source_interface = Some("vlan-interface".into());
        });
        assert!(start_options(Device::AosS, &both).is_ok());
        let mismatch = args(|a| {
            a.source_vlan = Some(5);
            a.source_interface = Some("loopback".into());
        });
        let err = start_options(Device::AosS, &mismatch).unwrap_err();
        assert!(err.to_string().contains("needs --loopback-port"), "{err}");
        let odd = args(|a| a.source_interface = Some("eth0".into()));
        assert_eq!(
            start_options(Device::AosS, &odd).unwrap_err().exit_code(),
            2
        );
    }
}

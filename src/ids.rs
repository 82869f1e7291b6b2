//! The identifiers a request is made of — serial, task id, device family, API version — each
//! its own type, validated once where it enters (command line, config file, API answer).

use std::fmt;

/// Longest serial or task id accepted; real ones are 10 to 40 characters.
const MAX_ID_LEN: usize = 128;

/// Letters, digits, `-`, `_` and `.`, at most 128, not `.` or `..`: what serials, task ids
/// and profile names (which name files) are made of.
pub(crate) fn identifier(what: &str, value: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if value.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if value.len() > MAX_ID_LEN {
        return Err(format!("the {what} is longer than {MAX_ID_LEN} characters"));
    }
    if value == "." || value == ".." || !value.chars().all(allowed) {
        return Err(format!(
            "not a valid {what}: use letters, digits, '-', '_' and '.' only (and not '.' or '..')"
        ));
    }
    Ok(value.to_owned())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// Checks `value`; also the clap value parser.
            pub fn parse(value: &str) -> Result<Self, String> {
                identifier($what, value).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A device's serial number.
    Serial,
    "serial"
);
id_type!(
    /// The id of an asynchronous troubleshooting task.
    TaskId,
    "task id"
);

/// A device family: the API's path segment and the start options it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Device {
    /// A gateway (the API's `gateways`)
    #[default]
    #[value(alias = "gateways")]
    Gateway,
    /// An access point (`aps`)
    #[value(alias = "aps")]
    Ap,
    /// An AOS-CX switch (`cx`)
    Cx,
    /// An AOS-S switch (`aos-s`)
    #[value(name = "aos-s")]
    AosS,
}

/// Which troubleshooting test a task runs: the path segment after the serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, clap::ValueEnum)]
pub enum Test {
    /// A traceroute (`traceroute`)
    #[default]
    Traceroute,
    /// A ping (`ping`)
    Ping,
}

impl Test {
    /// The path segment: `/network-troubleshooting/{version}/{family}/{serial}/{segment}`.
    pub fn segment(self) -> &'static str {
        match self {
            Test::Traceroute => "traceroute",
            Test::Ping => "ping",
        }
    }
}

impl std::fmt::Display for Test {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.segment())
    }
}

impl Device {
    pub const ALL: [Device; 4] = [Device::Gateway, Device::Ap, Device::Cx, Device::AosS];

    /// The path segment: `/network-troubleshooting/{version}/{segment}/{serial}/…`.
    pub fn segment(self) -> &'static str {
        match self {
            Device::Gateway => "gateways",
            Device::Ap => "aps",
            Device::Cx => "cx",
            Device::AosS => "aos-s",
        }
    }

    /// The value of `--device` and of the profile key `device`.
    pub fn name(self) -> &'static str {
        match self {
            Device::Gateway => "gateway",
            Device::Ap => "ap",
            Device::Cx => "cx",
            Device::AosS => "aos-s",
        }
    }

    /// The family in words, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Device::Gateway => "gateway",
            Device::Ap => "access point",
            Device::Cx => "CX switch",
            Device::AosS => "AOS-S switch",
        }
    }

    pub fn article(self) -> &'static str {
        match self {
            Device::Ap | Device::AosS => "an",
            Device::Gateway | Device::Cx => "a",
        }
    }

    /// A family by its `--device` name or its path segment, as clap reads `--device`; for
    /// the profile key `device`.
    pub fn parse(value: &str) -> Result<Device, String> {
        <Device as clap::ValueEnum>::from_str(value.trim(), true)
            .map_err(|_| format!("unknown device family '{value}'; use gateway, ap, cx or aos-s"))
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The troubleshooting API's version segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// The stable surface (`initiate…TracerouteV1`).
    V1,
    /// The legacy path some tenants still require.
    V1alpha1,
}

impl ApiVersion {
    pub fn parse(value: &str) -> Result<ApiVersion, String> {
        match value.trim() {
            "v1alpha1" => Ok(ApiVersion::V1alpha1),
            "v1" => Ok(ApiVersion::V1),
            other => Err(format!("unknown api_version '{other}'; use v1 or v1alpha1")),
        }
    }

    pub fn segment(self) -> &'static str {
        match self {
            ApiVersion::V1alpha1 => "v1alpha1",
            ApiVersion::V1 => "v1",
        }
    }

    /// The version to try when this one's route does not exist.
    pub fn other(self) -> ApiVersion {
        match self {
            ApiVersion::V1 => ApiVersion::V1alpha1,
            ApiVersion::V1alpha1 => ApiVersion::V1,
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.segment())
    }
}

/// The profile key `api_version`: `auto` (the default: `v1`, else `v1alpha1` where `v1`'s
/// route does not exist, the answer remembered per profile), or one version pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiChoice {
    #[default]
    Auto,
    Pinned(ApiVersion),
}

impl ApiChoice {
    pub fn parse(value: &str) -> Result<ApiChoice, String> {
        match value.trim() {
            "auto" => Ok(ApiChoice::Auto),
            other => ApiVersion::parse(other)
                .map(ApiChoice::Pinned)
                .map_err(|_| format!("unknown api_version '{other}'; use auto, v1 or v1alpha1")),
        }
    }
}

impl fmt::Display for ApiChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiChoice::Auto => f.write_str("auto"),
            ApiChoice::Pinned(version) => version.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_accept_real_serials_and_task_ids() {
        assert!(Serial::parse("CNF7JSS9L1").is_ok());
        assert!(TaskId::parse("c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e").is_ok());
        assert!(TaskId::parse("a_b.c").is_ok());
    }

    #[test]
    fn identifiers_refuse_path_tricks_and_odd_characters() {
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "a b",
            "a%2f",
            "é",
            "a?b",
            &"x".repeat(129),
        ] {
            assert!(Serial::parse(bad).is_err(), "{bad:?} was accepted");
            assert!(TaskId::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn families_map_to_their_path_segments_and_parse_either_name() {
        let segments: Vec<&str> = Device::ALL.iter().map(|d| d.segment()).collect();
        assert_eq!(segments, ["gateways", "aps", "cx", "aos-s"]);
        for device in Device::ALL {
            assert_eq!(Device::parse(device.name()), Ok(device));
            assert_eq!(Device::parse(device.segment()), Ok(device));
        }
        assert_eq!(Device::parse(" AP "), Ok(Device::Ap));
        assert!(Device::parse("router").is_err());
    }

    #[test]
    fn api_versions_are_the_two_known_ones_or_auto() {
        assert_eq!(ApiVersion::parse("v1"), Ok(ApiVersion::V1));
        assert_eq!(ApiVersion::parse("v1alpha1"), Ok(ApiVersion::V1alpha1));
        assert!(ApiVersion::parse("v2").is_err());
        assert_eq!(ApiChoice::parse("auto"), Ok(ApiChoice::Auto));
        assert_eq!(
            ApiChoice::parse(" v1alpha1 "),
            Ok(ApiChoice::Pinned(ApiVersion::V1alpha1))
        );
        assert_eq!(
            ApiChoice::parse("v2").unwrap_err(),
            "unknown api_version 'v2'; use auto, v1 or v1alpha1"
        );
        assert_eq!(ApiChoice::default(), ApiChoice::Auto);
        assert_eq!(ApiVersion::V1.other(), ApiVersion::V1alpha1);
    }
}

//! The reference tables of `--help` and the man pages — exit codes, environment variables,
//! config keys — kept once, as data, so that the terminal help and the man pages say the same.

use std::sync::LazyLock;

/// Exit codes and what they mean: [`crate::error::exit_codes`] as text.
pub static EXIT_CODES: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    crate::error::exit_codes()
        .into_iter()
        .map(|(code, meaning)| (code.to_string(), meaning))
        .collect()
});

/// Every environment variable gwtrace reads.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "GWTRACE_TOKEN",
        "bearer token; overrides the profile's (there is no flag: flags show in ps)",
    ),
    ("GWTRACE_PROFILE", "profile to use (as --profile)"),
    (
        "GWTRACE_CONFIG",
        "config file (as --config); empty is the same as unset",
    ),
    ("GWTRACE_BASE_URL", "base URL (as --base-url)"),
    ("GWTRACE_DEVICE", "device family (as --device)"),
    (
        "GWTRACE_CA_FILE",
        "PEM bundle added to the trusted roots (TLS-inspecting proxies, private CAs)",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
        "proxies, either case, as curl reads them",
    ),
    (
        "GWTRACE_RECORD",
        "0, false or no: keep no history of traces (as --no-record)",
    ),
    ("NO_COLOR", "no colour"),
];

/// The keys of a profile (`[profiles.NAME]`) in the config file.
pub const CONFIG_KEYS: &[(&str, &str)] = &[
    (
        "base_url",
        "the API gateway, https:// (http:// only on loopback)",
    ),
    (
        "cluster",
        "instead of base_url: de1 de2 de3 gb1 us1 us2 us4 us5 us6 ca1 in1 jp1 au1 ae1 cn1",
    ),
    (
        "api_version",
        "auto (default: v1, else v1alpha1, remembered), v1 or v1alpha1",
    ),
    ("device", "gateway (default), ap, cx or aos-s"),
    (
        "ca_file",
        "PEM bundle added to the trusted roots; relative to the config file",
    ),
    ("token", "a bearer token"),
    (
        "token_file",
        "a file whose first line is the token; relative to the config file",
    ),
    (
        "client_id",
        "an HPE GreenLake API client id: gwtrace mints tokens itself",
    ),
    ("client_secret", "its secret"),
    (
        "client_secret_file",
        "instead of client_secret: a file whose first line is the secret",
    ),
    (
        "token_url",
        "the OAuth2 token endpoint (default: HPE GreenLake's)",
    ),
    ("timeout", "default for --timeout (10m)"),
    ("interval", "default for --interval (5s)"),
    ("request_timeout", "default for --request-timeout (30s)"),
    (
        "record",
        "false: keep no history of traces (as --no-record, GWTRACE_RECORD=0)",
    ),
];

/// A table as `--help` shows it: a heading, then one indented line per entry.
fn text(heading: &str, rows: &[(&str, &str)]) -> String {
    let key_width = rows
        .iter()
        .map(|(k, _)| k.len())
        .filter(|&n| n <= 18)
        .max()
        .unwrap_or(0);
    let mut out = format!("{heading}:\n");
    for (key, meaning) in rows {
        if key.len() > key_width {
            out.push_str(&format!("  {key}\n  {:key_width$}  {meaning}\n", ""));
        } else {
            out.push_str(&format!("  {key:key_width$}  {meaning}\n"));
        }
    }
    out
}

/// The long help's closing sections of a command that talks to Central, built once per run
/// however many commands show it.
pub static EXIT_CODES_AND_ENVIRONMENT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{}\n{}",
        text("Exit codes", &exit_code_rows()),
        text("Environment", ENVIRONMENT).trim_end()
    )
});

/// The exit codes as the rows of a table.
pub fn exit_code_rows() -> Vec<(&'static str, &'static str)> {
    EXIT_CODES
        .iter()
        .map(|(code, meaning)| (code.as_str(), *meaning))
        .collect()
}

/// `config --help`: the keys of a profile.
pub fn config_keys() -> String {
    format!(
        "{}\nThe file: <config dir>/gwtrace/config.toml (gwtrace config path prints it); \
         default_profile = \"NAME\" at the top picks the profile used without --profile.",
        text("Keys of [profiles.NAME]", CONFIG_KEYS)
    )
}

//! Integration tests: the real `gwtrace` binary against mock servers on loopback.
//!
//! - `status`: the four formats on the seed, waiting, `--no-wait`, `--timeout`, exit codes
//! - `config`: profiles, precedence flag > env > profile > default, config errors
//! - `generated`: committed completions and man page match what the binary generates

mod support;

mod auth;
mod baselines;
mod checks;
mod config;
mod families;
mod faults;
mod fleet;
mod fleet_output;
mod generated;
mod hostile;
mod insight;
mod proxies;
mod sim;
mod start;
mod status;
mod tasks;
mod terminal;
mod trust;
mod versions;
mod words;

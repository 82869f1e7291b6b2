//! Integration tests: the real `gwtrace` binary against mock servers on loopback. Each module
//! opens with what it covers; in short:
//!
//! - `status`, `start`, `tasks`: formats, waiting, `--no-wait`, `--timeout`, `--latest`, exit codes
//! - `versions`: `api_version = "auto"` (v1, the v1alpha1 fallback, what is remembered)
//! - `families`: each device family's path and start options
//! - `checks`, `baselines`, `insight`: path checks, `diff`, saved traces, the mtr-style reading
//! - `fleet`, `fleet_output`: fleets under one budget, every format, streaming, Ctrl-C
//! - `map`: fleets drawn as DOT/SVG/HTML, through Graphviz and headless Chromium; golden SVGs
//! - `auth`, `config`: tokens and client credentials, profiles and precedence
//! - `faults`, `hostile`, `proxies`, `trust`: broken servers, hostile input, proxies, TLS
//! - `terminal`: the progress bar and colour on a real pseudo-terminal (util-linux `script`)
//! - `history`, `history_year`: the trace history; moving it, scoping it, locks, retention
//! - `watch`, `watch_pipe`: rounds, events, metrics; a watch in a pipeline
//! - `sim`: the simulator and `demo`; `words`: messages and help; `generated`: committed
//!   completions, man pages and the README's exit-code table

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
mod history;
mod history_year;
mod hop_pings;
mod hostile;
mod hostile_time;
mod insight;
mod map;
mod ping;
mod proxies;
mod service;
mod serving;
mod sim;
mod start;
mod status;
mod tasks;
mod terminal;
mod trust;
mod versions;
mod watch;
mod watch_file;
mod watch_pipe;
mod words;

//! Everything gwtrace writes to stderr: the progress bar (the only place that knows
//! indicatif), notices, warnings, `-v` logs and the final error line.

use std::io::Write;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::term::{one_line, Term};

/// A cheap, cloneable handle on stderr output.
#[derive(Clone)]
pub struct Ui {
    pub term: Term,
    quiet: bool,
    verbose: bool,
    bar: Option<ProgressBar>,
}

impl Ui {
    /// `progress` is whether the command wants a bar at all; it is only ever drawn when stderr
    /// is a terminal and neither `--quiet` nor `--no-progress` was given.
    pub fn new(term: Term, quiet: bool, verbose: bool, progress: bool) -> Self {
        let bar = (progress && !quiet && term.stderr_tty).then(|| {
            let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
            let style =
                ProgressStyle::with_template("{spinner} {msg:<10} [{bar:30}] {pos:>3}%  {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        Ui {
            term,
            quiet,
            verbose,
            bar,
        }
    }

    /// Shows a task's state on the bar (a no-op without one).
    pub fn progress(&self, status: &str, percent: Option<u8>) {
        if let Some(bar) = &self.bar {
            if bar.is_hidden() {
                return;
            }
            bar.set_message(one_line(status).into_owned());
            bar.set_position(percent.map_or(0, u64::from));
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Removes the bar from the screen; done before any result or error is printed.
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// A line for a person watching a terminal; silent in pipes, CI logs and with `-q`.
    pub fn notice(&self, message: &str) {
        if !self.quiet && self.term.stderr_tty {
            self.line(&format!("gwtrace: {}", one_line(message)));
        }
    }

    /// A warning that needs the user, shown even when stderr is not a terminal (not with `-q`).
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            let label = console::style("warning:").yellow().bold().for_stderr();
            self.line(&format!("gwtrace: {label} {}", one_line(message)));
        }
    }

    /// One `-v` line per HTTP exchange.
    pub fn log(&self, message: &str) {
        if self.verbose {
            self.line(&format!("gwtrace: {}", one_line(message)));
        }
    }

    /// A log line that is the point of the command (`gwtrace sim`); shown even with `-q`.
    pub fn log_always(&self, message: &str) {
        self.line(&format!("gwtrace {}", one_line(message)));
    }

    /// One failed path check; always shown, like an error.
    pub fn check_failed(&self, message: &str) {
        self.clear();
        let label = console::style("check failed:").red().bold().for_stderr();
        self.line(&format!("gwtrace: {label} {}", one_line(message)));
    }

    /// The final error line; always shown.
    pub fn error(&self, message: &str) {
        self.clear();
        let label = console::style("error:").red().bold().for_stderr();
        self.line(&format!("gwtrace: {label} {}", one_line(message)));
    }

    fn line(&self, text: &str) {
        let write = || {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{text}");
        };
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }
}

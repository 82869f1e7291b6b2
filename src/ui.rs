//! Everything gwtrace writes to stderr: the progress bar (the only place that knows
//! indicatif), notices, warnings, `-v` logs and the final error line.

use std::io::Write;
use std::time::Duration;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::term::{one_line, Term};

mod view;
pub use view::WatchView;

/// Characters of an error line shown on a terminal.
const MAX_ERROR_ON_TERMINAL: usize = 400;

/// A count shown while it goes up (see [`Ui::counter`]); cleared when dropped.
pub struct Counter {
    bar: Option<ProgressBar>,
}

impl Counter {
    pub fn add(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Hides it while `f` writes to stderr.
    pub fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A cheap, cloneable handle on stderr output.
#[derive(Clone)]
pub struct Ui {
    pub term: Term,
    quiet: bool,
    verbose: bool,
    bar: Option<ProgressBar>,
    /// What is on screen beside the bar: a fleet's display, cleared with it.
    fleet: Arc<Mutex<Option<FleetProgress>>>,
    /// A watch's live view, cleared with the rest.
    view: Arc<Mutex<Option<WatchView>>>,
    /// The tasks started and not yet finished (id, command that reads it), for an
    /// interruption.
    running: Arc<Mutex<Vec<(String, String)>>>,
}

impl Ui {
    /// `progress` is whether the command wants a bar at all; it is only ever drawn when stderr
    /// is a terminal and neither `--quiet` nor `--no-progress` was given.
    pub fn new(term: Term, quiet: bool, verbose: bool, progress: bool) -> Self {
        let bar = (progress && !quiet && term.stderr_tty).then(|| {
            let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
            let style =
                // Never wider than the terminal: the bar takes what is left, the status is cut at 10.
                ProgressStyle::with_template("{spinner} {msg:10!} [{wide_bar}] {pos:>3}%  {elapsed}")
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
            fleet: Arc::default(),
            view: Arc::default(),
            running: Arc::default(),
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

    /// The progress display of a fleet run: an overall bar with counts and a line per running
    /// device, on the same terminal conditions as the single bar (a no-op without them).
    pub fn fleet(&self, total: usize) -> FleetProgress {
        let Some(bar) = &self.bar else {
            return FleetProgress::default();
        };
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let overall = multi.add(bar.clone());
        overall.set_length(total as u64);
        overall.set_position(0);
        let style = ProgressStyle::with_template("{spinner} {pos}/{len} [{bar:20}] {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        overall.set_style(style);
        overall.enable_steady_tick(Duration::from_millis(120));
        let progress = FleetProgress {
            shown: Some(Arc::new(Shown {
                multi,
                overall,
                lines: Mutex::new(Vec::new()),
                failed: AtomicUsize::new(0),
                running: AtomicUsize::new(0),
            })),
        };
        if let Ok(mut fleet) = self.fleet.lock() {
            *fleet = Some(progress.clone());
        }
        progress
    }

    /// A count that goes up on a terminal (`imported 12000 traces`): a spinner on stderr
    /// when it is a terminal and not `--quiet`, nothing otherwise.
    pub fn counter(&self, what: &str) -> Counter {
        let bar = (!self.quiet && self.term.stderr_tty).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {msg} {human_pos} ({per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_message(what.to_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Counter { bar }
    }

    /// The live view of a watch of `serials`: drawn on the same terminal conditions as the
    /// progress bar (stderr a terminal, no `--quiet`).
    pub fn watch_view(&self, serials: &[&str]) -> WatchView {
        let view = WatchView::new(serials, !self.quiet && self.term.stderr_tty);
        if let Ok(mut shown) = self.view.lock() {
            *shown = Some(view.clone());
        }
        view
    }

    /// Removes the bar (and a fleet's display) from the screen; done before any result or
    /// error is printed.
    pub fn clear(&self) {
        if let Some(fleet) = self.fleet.lock().ok().and_then(|mut f| f.take()) {
            fleet.clear();
        }
        if let Some(view) = self.view.lock().ok().and_then(|mut v| v.take()) {
            view.clear();
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Task `id` was started: `again` is the command that reads it later.
    pub fn started(&self, id: &str, again: &str) {
        if let Ok(mut running) = self.running.lock() {
            running.push((id.to_owned(), again.to_owned()));
        }
    }

    /// A started task was followed to its end (or its result printed).
    pub fn finished(&self, id: &str) {
        if let Ok(mut running) = self.running.lock() {
            running.retain(|(r, _)| r != id);
        }
    }

    /// After an interruption: one line per task started and not finished, with its id and
    /// the command that reads it later, so that no task is lost.
    pub fn say_running_tasks(&self) {
        let running = self.running.lock().map(|r| r.clone()).unwrap_or_default();
        for (id, again) in running {
            self.say(&format!(
                "task {id} keeps running on the device; read it later with: {again}"
            ));
        }
    }

    /// A line for a person watching a terminal; silent in pipes, CI logs and with `-q`.
    pub fn notice(&self, message: &str) {
        if !self.quiet && self.term.stderr_tty {
            self.line(&format!("gwtrace: {}", one_line(message)));
        }
    }

    /// A line for whoever reads stderr, terminal or CI log; silent with `-q`.
    pub fn say(&self, message: &str) {
        if !self.quiet {
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

    /// One device's error or failed check during a fleet run, for formats that have no place
    /// for it on stdout; always shown, and the fleet's display stays.
    pub fn device_problem(&self, serial: &str, message: &str, check: bool) {
        let label = if check { "check failed:" } else { "error:" };
        let label = console::style(label).red().bold().for_stderr();
        self.line(&format!(
            "gwtrace: {}: {label} {}",
            one_line(serial),
            one_line(message)
        ));
    }

    /// The final error line; always shown. On a terminal a very long one (a device's
    /// `failReason` can be anything) is cut; in a log it stays whole.
    pub fn error(&self, message: &str) {
        self.clear();
        let label = console::style("error:").red().bold().for_stderr();
        let mut message = one_line(message).into_owned();
        if self.term.stderr_tty && message.chars().count() > MAX_ERROR_ON_TERMINAL {
            message = message.chars().take(MAX_ERROR_ON_TERMINAL).collect();
            message.push('…');
        }
        self.line(&format!("gwtrace: {label} {message}"));
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

/// The fleet's progress display; every method is a no-op when nothing is shown.
#[derive(Clone, Default)]
pub struct FleetProgress {
    shown: Option<Arc<Shown>>,
}

struct Shown {
    multi: MultiProgress,
    /// Its position is the number of devices done.
    overall: ProgressBar,
    /// Every device line ever shown, to be cleared however the run ends.
    lines: Mutex<Vec<ProgressBar>>,
    failed: AtomicUsize,
    running: AtomicUsize,
}

/// One device's line of the fleet display, held by the device while it runs.
pub struct DeviceLine {
    serial: String,
    line: Option<ProgressBar>,
    fleet: FleetProgress,
}

impl FleetProgress {
    /// A device began: it gets a line of its own (two devices with one serial get two).
    pub fn begin(&self, serial: &str) -> DeviceLine {
        let line = self.shown.as_ref().map(|shown| {
            let line = shown.multi.add(ProgressBar::new_spinner());
            line.set_style(
                ProgressStyle::with_template("  {spinner} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            line.set_message(format!("{}  STARTING", one_line(serial)));
            line.enable_steady_tick(Duration::from_millis(120));
            if let Ok(mut lines) = shown.lines.lock() {
                lines.push(line.clone());
            }
            shown.running.fetch_add(1, Ordering::Relaxed);
            line
        });
        self.counts();
        DeviceLine {
            serial: one_line(serial).into_owned(),
            line,
            fleet: self.clone(),
        }
    }

    /// `done, failed, running` on the overall bar.
    fn counts(&self) {
        let Some(shown) = &self.shown else { return };
        shown.overall.set_message(format!(
            "{} done, {} failed, {} running",
            shown.overall.position(),
            shown.failed.load(Ordering::Relaxed),
            shown.running.load(Ordering::Relaxed)
        ));
    }

    /// Runs `f` (a write to stdout or stderr) with the display hidden, then redraws it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        suspended(self.shown.as_ref().map(|s| &s.multi), f)
    }

    /// Removes the whole display; done before the result is printed.
    pub fn clear(&self) {
        let Some(shown) = &self.shown else { return };
        if let Ok(lines) = shown.lines.lock() {
            clear_display(&shown.multi, lines.iter().chain([&shown.overall]));
        }
    }
}

/// Runs `f` with a display of several lines (a fleet's, a watch's) hidden, when one is shown.
fn suspended<R>(multi: Option<&MultiProgress>, f: impl FnOnce() -> R) -> R {
    match multi {
        Some(multi) => multi.suspend(f),
        None => f(),
    }
}

/// Clears every line of a display of several lines, and the display itself.
fn clear_display<'a>(multi: &MultiProgress, lines: impl IntoIterator<Item = &'a ProgressBar>) {
    for line in lines {
        line.finish_and_clear();
    }
    let _ = multi.clear();
}

impl DeviceLine {
    /// The device's task moved on.
    pub fn update(&self, status: &str, percent: Option<u8>) {
        if let Some(line) = &self.line {
            let percent = percent.map(|p| format!(" {p}%")).unwrap_or_default();
            line.set_message(format!("{}  {}{percent}", self.serial, one_line(status)));
        }
    }

    /// The device is done; `ok` when it completed and passed its checks.
    pub fn end(self, ok: bool) {
        let (Some(line), Some(shown)) = (&self.line, &self.fleet.shown) else {
            return;
        };
        line.finish_and_clear();
        shown.multi.remove(line);
        shown.running.fetch_sub(1, Ordering::Relaxed);
        if !ok {
            shown.failed.fetch_add(1, Ordering::Relaxed);
        }
        shown.overall.inc(1);
        self.fleet.counts();
    }
}

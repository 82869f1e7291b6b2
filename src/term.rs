//! Facts about the terminal (detected once) and making untrusted text safe to show on one.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::IsTerminal;

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Where output goes, detected once at start-up.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    /// Colour allowed on stderr (`--color`, `NO_COLOR`, `TERM=dumb`, terminal).
    pub color: bool,
    /// Colour allowed in the table on stdout, by the same rule.
    pub stdout_color: bool,
    /// Columns of the terminal behind stdout, when it is one.
    pub width: Option<u16>,
}

impl Term {
    pub fn detect(choice: ColorChoice) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        // A terminal that says it understands no escape sequences gets none.
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let allowed = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !dumb,
        };
        let color = allowed(stderr_tty);
        console::set_colors_enabled_stderr(color);
        let width = stdout_tty
            .then(|| console::Term::stdout().size_checked())
            .flatten()
            .map(|(_rows, cols)| cols)
            // A pseudo-terminal nobody sized (`script` in CI) says 0: that is no width.
            .filter(|&cols| cols > 0);
        Term {
            stdout_tty,
            stderr_tty,
            color,
            stdout_color: allowed(stdout_tty),
            width,
        }
    }
}

/// Shows control characters other than newline and tab visibly (`\x1b`, `\u{9b}`), so that
/// text from a device or server cannot drive the terminal it is printed on.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape_if(
        text,
        |c| hidden(c) && c != '\n' && c != '\t',
        |out, c| {
            let code = c as u32;
            if code < 0x80 {
                let _ = write!(out, "\\x{code:02x}");
            } else {
                let _ = write!(out, "\\u{{{code:x}}}");
            }
        },
    )
}

/// Whether standard output is a pipe whose reader has gone (`gwtrace watch … | head -1`
/// after `head` exited): poll(2) says so without writing. Never true for a file or a
/// terminal, nor where it cannot be asked.
pub fn stdout_gone() -> bool {
    #[cfg(unix)]
    {
        use rustix::event::{poll, PollFd, PollFlags, Timespec};
        let stdout = std::io::stdout();
        let mut fds = [PollFd::new(&stdout, PollFlags::empty())];
        let now = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        if poll(&mut fds, Some(&now)).unwrap_or(0) == 1 {
            return fds[0].revents().intersects(PollFlags::ERR | PollFlags::HUP);
        }
        false
    }
    #[cfg(not(unix))]
    false
}

/// Like [`visible`] but for a single line: newline and tab are escaped too.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape_if(text, hidden, |out, c| match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    })
}

/// For JSON text shown on a terminal: serde_json already escapes C0 controls; DEL and the C1
/// range are escaped here as `\u00XX`, which keeps the document valid JSON.
pub fn visible_json(text: &str) -> Cow<'_, str> {
    escape_if(
        text,
        |c| hidden(c) && c != '\n',
        |out, c| {
            let _ = write!(out, "\\u{:04x}", c as u32);
        },
    )
}

/// Characters that would act on the terminal or hide themselves: controls, and Unicode
/// format characters (general category Cf) — bidi overrides and isolates that reorder what
/// follows (U+202E), zero-width spaces and joiners, the BOM — which let a host name show
/// something other than what it is.
fn hidden(c: char) -> bool {
    c.is_control() || is_format(c)
}

/// Unicode general category Cf (Unicode 15).
fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

fn escape_if(
    text: &str,
    needs: impl Fn(char) -> bool,
    escape: impl Fn(&mut String, char),
) -> Cow<'_, str> {
    if !text.chars().any(&needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs(c) {
            escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_keeps_plain_text_borrowed() {
        assert!(matches!(visible("1 ms\n\t2 ms"), Cow::Borrowed(_)));
    }

    #[test]
    fn visible_escapes_escape_sequences_and_c1_controls() {
        assert_eq!(
            visible("a\x1b[2Jb\r\u{9b}c\x7f"),
            "a\\x1b[2Jb\\x0d\\u{9b}c\\x7f"
        );
        assert_eq!(visible("line\n\tnext"), "line\n\tnext");
    }

    #[test]
    fn direction_changing_and_invisible_characters_are_shown() {
        assert_eq!(
            visible("evil\u{202e}moc.elgoog\u{200b}x\u{2066}y\u{feff}"),
            "evil\\u{202e}moc.elgoog\\u{200b}x\\u{2066}y\\u{feff}"
        );
        assert_eq!(one_line("a\u{200d}b"), "a\\u{200d}b");
        assert_eq!(visible_json("\"\u{202e}\""), "\"\\u202e\"");
        assert!(matches!(visible("café ∑ 日本"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_escapes_newlines_too() {
        assert_eq!(one_line("a\nb\tc\x07"), "a\\nb\\tc\\x07");
    }

    #[test]
    fn visible_json_stays_valid_json() {
        let doc = serde_json::to_string("x\u{9b}y\x1b").unwrap();
        let shown = visible_json(&doc);
        assert_eq!(shown, "\"x\\u009by\\u001b\"");
        let back: String = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, "x\u{9b}y\x1b");
    }
}

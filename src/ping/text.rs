//! A ping's own text, in each family's form: ArubaOS on gateways (`Sending 5, 92-byte ICMP
//! Echos to …`, a line of `!`/`.`, `Success rate is …`), BusyBox/BSD on access points and
//! iputils on CX (`… bytes from …: icmp_seq=1 ttl=64 time=0.447 ms`, `… packets transmitted`,
//! `round-trip`/`rtt min/avg/max[/mdev] = …`), AOS-S (`8.8.8.8 is alive, iteration 1, time =
//! 8 ms`). Lines it does not know are passed over.

use super::{echoes, with_stats, Echo, Ping, Source, MAX_ECHOES};

/// What the text says of a ping; `None` when it says nothing a ping would.
pub fn read(text: &str, first_seq: u32) -> Option<Ping> {
    let mut seen = Seen::default();
    for line in text.lines() {
        seen.line(line.trim());
    }
    seen.ping(first_seq)
}

/// What the lines said so far.
#[derive(Default)]
struct Seen {
    destination: Option<String>,
    sent: Option<u32>,
    received: Option<u32>,
    /// A gateway's `!!.!!`: one mark per echo.
    marks: Option<Vec<bool>>,
    replies: Vec<(u32, Option<f64>)>,
    /// min, avg, max, and the deviation where the summary gives one.
    summary: Vec<f64>,
}

impl Seen {
    fn line(&mut self, line: &str) {
        if let Some(rest) = line.strip_prefix("Sending ") {
            self.sent = self.sent.or_else(|| leading_number(rest));
            self.destination = rest
                .split_once(" to ")
                .map(|(_, to)| to.split(',').next().unwrap_or(to).trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("PING ") {
            self.destination = rest.split_whitespace().next().map(str::to_owned);
        } else if !line.is_empty() && line.chars().all(|c| matches!(c, '!' | '.' | 'D' | 'U')) {
            self.marks = Some(line.chars().map(|c| c == '!').collect());
        } else if let Some(rest) = line.strip_prefix("Success rate is") {
            // `Success rate is 80 percent (4/5), round-trip min/avg/max = 1/2/3 ms`
            if let Some((got, of)) = between(rest, '(', ')').and_then(|c| c.split_once('/')) {
                self.received = got.trim().parse().ok();
                self.sent = of.trim().parse().ok().or(self.sent);
            }
            self.times(rest);
        } else if line.contains("packets transmitted") {
            self.sent = leading_number(line);
            self.received = line
                .split(',')
                .nth(1)
                .and_then(|part| leading_number(part.trim()));
        } else if line.starts_with("rtt ") || line.starts_with("round-trip ") {
            self.times(line);
        } else if let Some(reply) = reply(line) {
            self.replies.push(reply);
        }
    }

    /// `… = 200.873/207.567/211.744[/1.2] ms`.
    fn times(&mut self, text: &str) {
        if let Some((_, values)) = text.rsplit_once("= ") {
            let values = values.trim().trim_end_matches("ms").trim();
            self.summary = values
                .split('/')
                .filter_map(|v| v.trim().parse().ok())
                .collect();
        }
    }

    fn ping(self, first_seq: u32) -> Option<Ping> {
        let summary = |at: usize| self.summary.get(at).copied();
        let echoes: Vec<Echo> = match (&self.marks, self.sent) {
            (Some(marks), _) => marks
                .iter()
                .take(MAX_ECHOES as usize)
                .zip(first_seq..)
                .map(|(&answered, seq)| Echo {
                    seq,
                    answered,
                    rtt_ms: None,
                })
                .collect(),
            (None, Some(sent)) => echoes(sent, first_seq, &self.replies),
            (None, None) if !self.replies.is_empty() => echoes(0, first_seq, &self.replies),
            (None, None) => return None,
        };
        let answered = echoes.iter().filter(|e| e.answered).count();
        let ping = with_stats(Ping {
            destination: self.destination.clone(),
            sent: self
                .sent
                .unwrap_or_else(|| u32::try_from(echoes.len()).unwrap_or(0)),
            received: self
                .received
                .unwrap_or_else(|| u32::try_from(answered).unwrap_or(0)),
            echoes,
            min_ms: None,
            avg_ms: None,
            max_ms: None,
            stdev_ms: None,
            source: Source::Text,
        });
        // Times the echoes did not give (a gateway's marks) come from the summary line.
        Some(Ping {
            min_ms: ping.min_ms.or_else(|| summary(0)),
            avg_ms: ping.avg_ms.or_else(|| summary(1)),
            max_ms: ping.max_ms.or_else(|| summary(2)),
            stdev_ms: ping.stdev_ms.or_else(|| summary(3)),
            ..ping
        })
    }
}

/// One reply line: `… icmp_seq=1 ttl=64 time=0.447 ms` (or BusyBox's `seq=0`), or AOS-S's
/// `8.8.8.8 is alive, iteration 1, time = 8 ms`.
fn reply(line: &str) -> Option<(u32, Option<f64>)> {
    let time = |text: &str| {
        let at = text.find("time")?;
        let rest = text[at + 4..].trim_start().strip_prefix('=')?.trim_start();
        leading_float(rest)
    };
    if let Some((_, rest)) = line.split_once(" is alive, iteration ") {
        return Some((leading_number(rest)?, time(rest)));
    }
    let at = line.find("seq=")?;
    let seq = leading_number(&line[at + 4..])?;
    Some((seq, time(line)))
}

fn between(text: &str, open: char, close: char) -> Option<&str> {
    let start = text.find(open)? + open.len_utf8();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

fn leading_number(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn leading_float(text: &str) -> Option<f64> {
    let number: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    number.parse().ok().filter(|n: &f64| n.is_finite())
}

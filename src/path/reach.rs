//! Whether a trace reached its destination: the last hop that answered has the destination's
//! address among its responders. Unknown — never guessed — when the task holds no address for
//! the destination.

use std::fmt;

use super::identity::canonical_address;
use super::{Path, PathHop, Responder};

/// The verdict on a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Reach<'a> {
    /// The destination answered at `hop`.
    Reached {
        hop: &'a PathHop,
        responder: Responder<'a>,
    },
    /// The destination did not answer; `last` is the last hop that did, and who answered.
    NotReached {
        target: &'a str,
        last: Option<(&'a PathHop, Responder<'a>)>,
    },
    /// The task does not say which address the destination has.
    Unknown { destination: Option<&'a str> },
}

impl<'a> Reach<'a> {
    pub fn of(path: &'a Path) -> Reach<'a> {
        let Some(target) = path.target.as_deref() else {
            return Reach::Unknown {
                destination: path.destination.as_deref(),
            };
        };
        // A hop whose number cannot be read is shown, but never decides the verdict.
        let last = path
            .hops
            .iter()
            .rev()
            .find(|hop| hop.number.is_some() && hop.answered());
        let Some(hop) = last else {
            return Reach::NotReached { target, last: None };
        };
        let responders = hop.responders();
        match responders
            .iter()
            .position(|r| same_address(r.address, target))
        {
            Some(at) => Reach::Reached {
                hop,
                responder: responders[at].clone(),
            },
            None => Reach::NotReached {
                target,
                last: responders.into_iter().next().map(|r| (hop, r)),
            },
        }
    }

    /// Where a trace that did not arrive stopped: `last answer from 10.9.9.9 at hop 7`, or
    /// `no hop answered` (empty for the other verdicts).
    pub fn last_answer(&self) -> String {
        match self {
            Reach::NotReached {
                last: Some((hop, responder)),
                ..
            } => format!(
                "last answer from {} at hop {}",
                responder.shown(),
                hop.label()
            ),
            Reach::NotReached { last: None, .. } => "no hop answered".to_owned(),
            _ => String::new(),
        }
    }

    pub fn reached(&self) -> Option<bool> {
        match self {
            Reach::Reached { .. } => Some(true),
            Reach::NotReached { .. } => Some(false),
            Reach::Unknown { .. } => None,
        }
    }
}

/// Two spellings of one address (`2001:DB8::1` and `2001:db8:0::1`) are the same address.
pub(super) fn same_address(seen: Option<&str>, target: &str) -> bool {
    seen.is_some_and(|seen| canonical_address(seen) == canonical_address(target))
}

/// A time as the closing line shows it: one decimal, three under a tenth of a millisecond.
pub fn ms(value: f64) -> String {
    if value > 0.0 && value < 0.1 {
        format!("{value:.3}")
    } else {
        format!("{value:.1}")
    }
}

/// `reached 10.186.172.153 in 5 hops, avg 0.7 ms`, `not reached: last answer from 10.9.9.9 at
/// hop 7`, `reached: unknown …`.
impl fmt::Display for Reach<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reach::Reached { hop, responder } => {
                let hops = if hop.number == Some(1) { "hop" } else { "hops" };
                write!(f, "reached {} in {} {hops}", responder.shown(), hop.label())?;
                match responder.avg() {
                    Some(avg) => write!(f, ", avg {} ms", ms(avg)),
                    None => Ok(()),
                }
            }
            Reach::NotReached { target, .. } => {
                write!(f, "not reached {target}: {}", self.last_answer())
            }
            Reach::Unknown { destination } => match destination {
                Some(name) => write!(
                    f,
                    "reached: unknown (the task does not say which address {name} has)"
                ),
                None => write!(
                    f,
                    "reached: unknown (the task names no destination address)"
                ),
            },
        }
    }
}

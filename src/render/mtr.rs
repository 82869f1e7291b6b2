//! `mtr-json`: the merged view as the report `mtr --json` writes, so that tools reading mtr
//! reports read gwtrace's.
//!
//! The shape follows mtr's `json_close` (ui/report.c): `report.mtr` with `src`, `dst`, `tos`
//! and `tests`, then `report.hubs`, one object per hop with `count` (the hop number), `host`
//! (the name when the device resolved one, else the address; `???` for a silent hop) and
//! mtr's default fields `Loss%`, `Snt`, `Last`, `Avg`, `Best`, `Wrst`, `StDev` — integers for
//! `count` and `Snt`, reals for the rest, in milliseconds to three decimals. A silent hop has
//! 100% loss and zero times, as in mtr. mtr's JSON names one host per hop; its wide reports
//! list further responders of a hop (ECMP) after it with the same hop number, and so does
//! gwtrace: each extra responder is one more hub with the same `count`, the hop's `Loss%` and
//! `Snt`, and its own times. mtr's `psize` and `bitpattern` are left out: Central does not
//! say what the device sent.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::{json, Style};
use crate::path::{Path, PathHop, Responder};
use crate::task::Fetched;

pub fn render(
    fetched: &Fetched,
    path: &Path,
    style: Style,
    out: &mut impl Write,
) -> io::Result<()> {
    json::render(&report(fetched, path), style, out)
}

/// The report as a JSON value, keys in mtr's order.
pub fn report(fetched: &Fetched, path: &Path) -> Value {
    let tests = path.hops.iter().map(|h| h.sent).max().unwrap_or(0);
    let dst = path.destination.clone().or(path.target.clone());
    let hubs: Vec<Value> = path.hops.iter().flat_map(hubs).collect();
    json!({"report": {
        "mtr": {
            "src": fetched.serial.clone().unwrap_or_default(),
            "dst": dst.unwrap_or_default(),
            "tos": 0,
            "tests": tests,
        },
        "hubs": hubs,
    }})
}

fn hubs(hop: &PathHop) -> Vec<Value> {
    let count = hop.number.unwrap_or(0);
    let responders = hop.responders();
    if responders.is_empty() {
        return vec![hub(count, "???", hop, None)];
    }
    responders
        .iter()
        .map(|r| {
            hub(
                count,
                r.hostname.or(r.address).unwrap_or("???"),
                hop,
                Some(r),
            )
        })
        .collect()
}

fn hub(count: u32, host: &str, hop: &PathHop, responder: Option<&Responder>) -> Value {
    let times = responder.map_or([None; 5], |r| {
        [r.last(), r.avg(), r.best(), r.worst(), r.stdev()]
    });
    let mut object = Map::new();
    object.insert("count".into(), count.into());
    object.insert("host".into(), host.into());
    object.insert("Loss%".into(), real(hop.loss()));
    object.insert("Snt".into(), hop.sent.into());
    for (key, time) in ["Last", "Avg", "Best", "Wrst", "StDev"]
        .into_iter()
        .zip(times)
    {
        object.insert(key.into(), real(time.unwrap_or(0.0)));
    }
    Value::Object(object)
}

/// A real rounded to the microsecond, as mtr measures; always written with a decimal point.
fn real(value: f64) -> Value {
    let rounded = (value * 1000.0).round() / 1000.0;
    serde_json::Number::from_f64(rounded).map_or(Value::Null, Value::Number)
}

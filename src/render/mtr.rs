//! `mtr-json`: the merged view as the report `mtr --json` writes, so that tools reading mtr
//! reports read gwtrace's.
//!
//! The shape follows mtr's `json_close` (ui/report.c): `report.mtr` with `src`, `dst`, `tos`
//! and `tests`, then `report.hubs`, one object per hop with `count` (the hop number), `host`
//! (the name when the device resolved one, else the address; `???` for a silent hop) and
//! mtr's default fields `Loss%`, `Snt`, `Last`, `Avg`, `Best`, `Wrst`, `StDev` — integers for
//! `count` and `Snt`, reals for the rest, in milliseconds to three decimals. A silent hop has
//! 100% loss and zero times, as in mtr. mtr's JSON names one host per hop, and so
//! does gwtrace — one hub per hop, so that consumers that index hubs by position stay right:
//! the hop's first responder is the hub's `host`, and further responders (ECMP) are listed in
//! the hub's `ecmp`, each with its own `host` and times (a key mtr does not write, which
//! readers of mtr's report ignore). mtr's `psize` and `bitpattern` are left out: Central does not
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
    let hubs: Vec<Value> = path.hops.iter().map(hubs).collect();
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

fn hubs(hop: &PathHop) -> Value {
    let responders = hop.responders();
    let mut object = Map::new();
    object.insert("count".into(), hop.number.unwrap_or(0).into());
    object.insert("host".into(), host(responders.first()).into());
    object.insert("Loss%".into(), real(hop.loss()));
    object.insert("Snt".into(), hop.sent.into());
    times(&mut object, responders.first());
    if responders.len() > 1 {
        let ecmp: Vec<Value> = responders[1..]
            .iter()
            .map(|r| {
                let mut other = Map::new();
                other.insert("host".into(), host(Some(r)).into());
                times(&mut other, Some(r));
                Value::Object(other)
            })
            .collect();
        object.insert("ecmp".into(), ecmp.into());
    }
    Value::Object(object)
}

/// The name when the device resolved one, else the address; `???` for a silent hop.
fn host<'a>(responder: Option<&'a Responder>) -> &'a str {
    responder
        .and_then(|r| r.hostname.or(r.address))
        .unwrap_or("???")
}

/// `Last`, `Avg`, `Best`, `Wrst`, `StDev` of a responder (zeros for a silent hop, as mtr).
fn times(object: &mut Map<String, Value>, responder: Option<&Responder>) {
    let times = responder.map_or([None; 5], |r| {
        [r.last(), r.avg(), r.best(), r.worst(), r.stdev()]
    });
    for (key, time) in ["Last", "Avg", "Best", "Wrst", "StDev"]
        .into_iter()
        .zip(times)
    {
        object.insert(key.into(), real(time.unwrap_or(0.0)));
    }
}

/// A real rounded to the microsecond, as mtr measures; always written with a decimal point.
fn real(value: f64) -> Value {
    let rounded = (value * 1000.0).round() / 1000.0;
    serde_json::Number::from_f64(rounded).map_or(Value::Null, Value::Number)
}

//! Throughput of decoding task documents and rendering them, without a harness:
//! `cargo bench` prints microseconds per operation for the seed and a 30-hop document.

use std::hint::black_box;
use std::time::Instant;

use gwtrace::cli::Format;
use gwtrace::ids::Device;
use gwtrace::ping::Ping;
use gwtrace::render::{render, Style};
use gwtrace::task::Fetched;
use gwtrace::task::Task;
use serde_json::{json, Value};

/// A 30-hop result where most hops are silent, as slow real traceroutes are.
fn thirty_hops() -> Value {
    let hops: Vec<Value> = (1..=30)
        .map(|n| {
            let probes: Vec<Value> = if n % 3 == 0 {
                (0..3)
                    .map(|i| json!({"reverseDnsResolution": format!("198.51.100.{n}"), "ipAddress": "null",
                                    "responseTimeMilliseconds": format!("{}.{} ms", n * 2, i)}))
                    .collect()
            } else {
                (0..3).map(|_| json!({"reverseDnsResolution": "null", "responseTimeMilliseconds": "*"})).collect()
            };
            json!({"probes": probes, "hop": n.to_string()})
        })
        .collect();
    let raw: String = (1..=30).map(|n| format!("{n:>2}  *  *  * \n")).collect();
    json!({"status": "COMPLETED", "output": {"hops": hops, "destination": "x"}, "progressPercent": 100, "rawOutput": raw})
}

fn time(label: &str, iterations: u32, mut op: impl FnMut()) {
    for _ in 0..iterations / 10 {
        op();
    }
    let started = Instant::now();
    for _ in 0..iterations {
        op();
    }
    let per = started.elapsed().as_secs_f64() * 1e6 / f64::from(iterations);
    println!("{label:<34} {per:>9.2} µs/op");
}

/// A 100-echo CX ping with every tenth echo lost, numbers as strings.
fn hundred_echoes() -> Value {
    let replies: Vec<Value> = (1..=100)
        .filter(|n| n % 10 != 0)
        .map(|n| {
            json!({"sentPacketAddress": "10.20.0.10", "sentPacketIcmpSequenceNumber": n.to_string(),
                        "sentPacketTimeMilliseconds": format!("0.{}", 400 + n)})
        })
        .collect();
    json!({"status": "COMPLETED", "output": {"destination": "10.20.0.10",
           "transmittedPacketsCount": "100", "receivedPacketsCount": "90", "replies": replies}})
}

fn ping() {
    let text = hundred_echoes().to_string();
    time("parse + read + table (100-echo ping)", 5_000, || {
        let document: Value = serde_json::from_str(black_box(&text)).unwrap();
        let ping = Ping::of(&document, Device::Cx).unwrap();
        let mut out = Vec::with_capacity(4096);
        gwtrace::render::ping::table(&ping, "x", &mut out).unwrap();
        black_box(out);
    });
}

fn main() {
    ping();
    let seed_text = include_str!("../tests/fixtures/seed-completed.json");
    let big = thirty_hops();
    let big_text = big.to_string();
    for (name, text) in [("seed", seed_text), ("30 hops", big_text.as_str())] {
        time(&format!("parse + decode ({name})"), 20_000, || {
            let document: Value = serde_json::from_str(black_box(text)).unwrap();
            black_box(Task::from_document(&document).unwrap());
        });
        let document: Value = serde_json::from_str(text).unwrap();
        let fetched = Fetched {
            task: Task::from_document(&document).unwrap(),
            document,
            serial: Some("CN12345678".to_owned()),
        };
        for format in [Format::Table, Format::Csv, Format::Json, Format::Raw] {
            time(&format!("render {format:?} ({name})"), 20_000, || {
                let mut out = Vec::with_capacity(4096);
                render(
                    black_box(&fetched),
                    format,
                    Style {
                        sanitize: true,
                        width: Some(100),
                        color: true,
                    },
                    &mut out,
                )
                .unwrap();
                black_box(out);
            });
        }
    }
}

//! Ping results in the shapes the API notes give for each family: a gateway's summary and
//! `!!.!!` text, replies with gaps (from 0 on access points, from 1 on switches), numbers as
//! strings, and the text read where `output` lacks the replies.

use serde_json::json;

use super::*;

const GATEWAY_TEXT: &str = "\
! - Success  . - Failure  D - Duplicate Response
Sending 5, 92-byte ICMP Echos to 8.8.8.8, timeout is 2 seconds:
!!.!!
Success rate is 80 percent (4/5), round-trip min/avg/max = 200.873/207.567/211.744 ms
";

fn gateway() -> Value {
    json!({
        "status": "COMPLETED",
        "output": {
            "destination": "8.8.8.8", "packetSizeBytes": "92", "timeoutSeconds": "2",
            "successRatePercent": "80", "sentPacketsCount": "5", "receivedPacketsCount": "4",
            "minimumLatencyMilliseconds": "200.873", "averageLatencyMilliseconds": "207.567",
            "maximumLatencyMilliseconds": "211.744"
        },
        "rawOutput": GATEWAY_TEXT
    })
}

fn reply(seq: u32, ms: &str) -> Value {
    json!({"sentPacketAddress": "8.8.8.8", "sentPacketIcmpSequenceNumber": seq.to_string(),
           "sentPacketTimeToLive": "108", "sentPacketTimeMilliseconds": ms,
           "sentPacketSizeBytes": "64"})
}

#[test]
fn a_gateway_gives_its_marks_from_the_text_and_its_times_from_the_summary() {
    let ping = Ping::of(&gateway(), Device::Gateway).unwrap();
    assert_eq!(ping.source, Source::Text);
    assert_eq!((ping.sent, ping.received), (5, 4));
    let marks: Vec<bool> = ping.echoes.iter().map(|e| e.answered).collect();
    assert_eq!(marks, [true, true, false, true, true]);
    assert_eq!(ping.echoes[2].seq, 3);
    assert_eq!(ping.min_ms, Some(200.873));
    assert_eq!(ping.avg_ms, Some(207.567));
    assert_eq!(ping.max_ms, Some(211.744));
    assert_eq!(ping.loss_percent(), 20.0);
    assert_eq!(ping.jitter_ms(), None, "no time per echo");
    assert_eq!(ping.destination.as_deref(), Some("8.8.8.8"));
    // Without its text, the summary is all there is.
    let mut bare = gateway();
    bare["rawOutput"] = Value::Null;
    let ping = Ping::of(&bare, Device::Gateway).unwrap();
    assert_eq!(ping.source, Source::Summary);
    assert!(ping.echoes.is_empty());
    assert_eq!(
        (ping.sent, ping.received, ping.avg_ms),
        (5, 4, Some(207.567))
    );
}

#[test]
fn an_access_point_counts_from_0_and_a_missing_sequence_number_is_a_loss() {
    let document = json!({"status": "COMPLETED", "output": {
        "destination": "8.8.8.8", "resolvedIp": "8.8.8.8", "transmittedPacketsCount": "5",
        "receivedPacketsCount": "4", "packetLossPercent": "20",
        "replies": [reply(0, "200.2"), reply(1, "210.0"), reply(3, "205.4"), reply(4, "202.0")]
    }});
    let ping = Ping::of(&document, Device::Ap).unwrap();
    assert_eq!(ping.source, Source::Replies);
    let seen: Vec<(u32, bool)> = ping.echoes.iter().map(|e| (e.seq, e.answered)).collect();
    assert_eq!(
        seen,
        [(0, true), (1, true), (2, false), (3, true), (4, true)]
    );
    assert_eq!((ping.sent, ping.received), (5, 4));
    assert_eq!(ping.min_ms, Some(200.2));
    assert_eq!(ping.max_ms, Some(210.0));
    // |210.0-200.2| + |205.4-210.0| + |202.0-205.4| over 3 steps.
    let jitter = ping.jitter_ms().unwrap();
    assert!((jitter - (9.8 + 4.6 + 3.4) / 3.0).abs() < 1e-9, "{jitter}");
}

#[test]
fn a_cx_switch_counts_from_1_and_keeps_its_own_deviation_where_it_cannot_compute_one() {
    let document = json!({"status": "COMPLETED", "output": {
        "destination": "10.1.1.1", "transmittedPacketsCount": "3", "receivedPacketsCount": "1",
        "standardDeviationRoundTripTimeMilliseconds": "0.000",
        "replies": [reply(2, "0.447")]
    }});
    let ping = Ping::of(&document, Device::Cx).unwrap();
    let seen: Vec<(u32, bool)> = ping.echoes.iter().map(|e| (e.seq, e.answered)).collect();
    assert_eq!(seen, [(1, false), (2, true), (3, false)]);
    assert_eq!(ping.stdev_ms, Some(0.0));
    assert_eq!(ping.loss_percent(), 100.0 * 2.0 / 3.0);
}

#[test]
fn without_replies_each_familys_text_is_read() {
    let busybox = "PING 8.8.8.8 (8.8.8.8): 56 data bytes\n\
        64 bytes from 8.8.8.8: seq=0 ttl=108 time=200.2 ms\n\
        64 bytes from 8.8.8.8: seq=2 ttl=108 time=201.0 ms\n\
        \n--- 8.8.8.8 ping statistics ---\n\
        3 packets transmitted, 2 packets received, 33% packet loss\n\
        round-trip min/avg/max = 200.2/200.6/201.0 ms\n";
    let iputils = "PING 10.1.1.1 (10.1.1.1) 100(128) bytes of data.\n\
        108 bytes from 10.1.1.1: icmp_seq=1 ttl=64 time=0.447 ms\n\
        108 bytes from 10.1.1.1: icmp_seq=2 ttl=64 time=0.512 ms\n\
        \n--- 10.1.1.1 ping statistics ---\n\
        2 packets transmitted, 2 received, 0% packet loss, time 1001ms\n\
        rtt min/avg/max/mdev = 0.447/0.479/0.512/0.032 ms\n";
    let aos_s = "ping 8.8.8.8 repetitions 3\n\
        8.8.8.8 is alive, iteration 1, time = 8 ms\n\
        8.8.8.8 is alive, iteration 3, time = 9 ms\n\
        3 packets transmitted, 2 packets received, 33% packet loss\n";
    for (family, text, answered) in [
        (Device::Ap, busybox, vec![(0, true), (1, false), (2, true)]),
        (Device::Cx, iputils, vec![(1, true), (2, true)]),
        (Device::AosS, aos_s, vec![(1, true), (2, false), (3, true)]),
    ] {
        let document = json!({"status": "COMPLETED", "output": null, "rawOutput": text});
        let ping = Ping::of(&document, family).unwrap();
        assert_eq!(ping.source, Source::Text, "{family}");
        let seen: Vec<(u32, bool)> = ping.echoes.iter().map(|e| (e.seq, e.answered)).collect();
        assert_eq!(seen, answered, "{family}");
        assert_eq!(ping.sent as usize, answered.len(), "{family}");
        assert!(ping.avg_ms.is_some(), "{family}");
    }
}

#[test]
fn a_document_without_a_result_is_refused_in_words() {
    let err = Ping::of(&json!({"status": "FAILED", "output": null}), Device::Cx).unwrap_err();
    assert_eq!(
        err,
        "the task holds no ping result (no output, no raw text)"
    );
    // Numbers that are not numbers are no result, never a panic.
    let odd = json!({"output": {"transmittedPacketsCount": "lots", "replies": "none"}});
    assert!(Ping::of(&odd, Device::Ap).is_err());
}

#[test]
fn a_hostile_sequence_number_costs_nothing() {
    let document = json!({"output": {"transmittedPacketsCount": "2",
        "replies": [reply(0, "1.0"), reply(4_294_967_295, "2.0")]}});
    let ping = Ping::of(&document, Device::Ap).unwrap();
    assert_eq!(ping.echoes.len(), 2);
}

proptest::proptest! {
    #[test]
    fn any_text_is_read_without_a_panic(text in "(?s).{0,300}", seq in proptest::num::u32::ANY) {
        let raw = format!("{text}\nx icmp_seq={seq} time=1 ms\n{seq} packets transmitted\n");
        for family in [Device::Gateway, Device::Ap, Device::Cx, Device::AosS] {
            let document = json!({"output": null, "rawOutput": raw});
            if let Ok(ping) = Ping::of(&document, family) {
                proptest::prop_assert!(ping.echoes.len() <= 1000);
            }
        }
    }
}

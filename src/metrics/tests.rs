//! The metrics' text: HELP and TYPE, escaping, and every kind of sample.

use super::*;

#[test]
fn infinities_are_written_as_the_format_spells_them() {
    assert_eq!(number(f64::INFINITY), "+Inf");
    assert_eq!(number(f64::NEG_INFINITY), "-Inf");
    assert_eq!(number(f64::NAN), "NaN");
    assert_eq!(number(0.25), "0.25");
}

#[test]
fn metrics_are_written_with_help_type_and_escaped_labels() {
    let mut metrics = Metrics {
        rounds: 2,
        round_seconds: 1.5,
        ..Metrics::default()
    };
    metrics.requests.insert("200".into(), 7);
    metrics.ratelimit_remaining = Some(42);
    metrics.devices.insert(
        TargetKey {
            serial: "CN1".into(),
            ..TargetKey::default()
        },
        DeviceMetrics {
            device: "gateway".into(),
            destination: "db \"a\"\\b".into(),
            success: true,
            reached: Some(true),
            hops: Some(5),
            rtt_seconds: Some(0.0007),
            hop_loss: vec![(3, "*".into(), 1.0)],
            hop_forwarded_loss: Vec::new(),
            fingerprint: Some("3f2a9c1e00000000".into()),
            changes: 1,
            ping: None,
        },
    );
    let text = metrics.render();
    let labels = r#"serial="CN1",device="gateway",destination="db \"a\"\\b""#;
    assert!(
        text.contains(&format!("gwtrace_path_reached{{{labels}}} 1\n")),
        "{text}"
    );
    assert!(text.contains(&format!(
        "gwtrace_destination_rtt_seconds{{{labels}}} 0.0007\n"
    )));
    assert!(text.contains(&format!(
        "gwtrace_hop_loss_ratio{{{labels},hop=\"3\",address=\"*\"}} 1\n"
    )));
    assert!(text.contains("# TYPE gwtrace_path_changes_total counter\n"));
    assert!(text.contains("gwtrace_api_requests_total{code=\"200\"} 7\n"));
    assert!(text.contains("gwtrace_round_duration_seconds 1.5\n"));
    assert!(text.contains("gwtrace_api_ratelimit_remaining 42\n"));
    // Every metric has its HELP and TYPE.
    let helps = text.matches("# HELP ").count();
    assert_eq!(helps, text.matches("# TYPE ").count());
    assert_eq!(helps, 12);
}

#[test]
fn a_pinging_watch_exports_its_loss_and_times() {
    let mut metrics = Metrics::default();
    let ping = PingMetrics {
        loss_ratio: 0.1,
        rtt_seconds: [
            ("min", Some(0.02)),
            ("avg", Some(0.025)),
            ("max", Some(0.03)),
            ("stdev", None),
        ],
    };
    metrics.devices.insert(
        TargetKey {
            serial: "CN1".into(),
            ..TargetKey::default()
        },
        DeviceMetrics {
            device: "cx".into(),
            destination: "10.0.0.1".into(),
            ping: Some(ping),
            ..DeviceMetrics::default()
        },
    );
    let text = metrics.render();
    let labels = r#"serial="CN1",device="cx",destination="10.0.0.1""#;
    assert!(
        text.contains(&format!(
            "gwtrace_ping_loss_ratio{{{labels}}} 0.1
"
        )),
        "{text}"
    );
    assert!(text.contains(&format!(
        "gwtrace_ping_rtt_seconds{{{labels},stat=\"avg\"}} 0.025\n"
    )));
    assert!(!text.contains("stat=\"stdev\""));
    assert!(!Metrics::default().render().contains("gwtrace_ping_"));
}

#[test]
fn a_watch_file_s_targets_carry_their_group_and_the_watch_its_budgets() {
    let mut metrics = Metrics {
        budget_remaining: Some(4_200),
        last_round_timestamp: Some(1_796_000_000.5),
        round_interval_seconds: 300.0,
        ..Metrics::default()
    };
    metrics.devices.insert(
        TargetKey {
            group: "branches".into(),
            serial: "CN1".into(),
            destination: "10.0.0.1".into(),
        },
        DeviceMetrics {
            device: "gateway".into(),
            destination: "10.0.0.1".into(),
            success: true,
            ..DeviceMetrics::default()
        },
    );
    let text = metrics.render();
    assert!(text.contains(
        "gwtrace_trace_success{group=\"branches\",serial=\"CN1\",device=\"gateway\",destination=\"10.0.0.1\"} 1\n"
    ), "{text}");
    assert!(text.contains("gwtrace_api_budget_remaining 4200\n"));
    assert!(text.contains("gwtrace_last_round_timestamp_seconds 1796000000.5\n"));
    assert!(text.contains("gwtrace_round_interval_seconds 300\n"));
    // Without a budget or a round yet, no sample that would say 0.
    let quiet = Metrics::default().render();
    assert!(!quiet.contains("gwtrace_api_budget_remaining"));
    assert!(!quiet.contains("gwtrace_last_round_timestamp_seconds"));
}

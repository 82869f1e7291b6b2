//! Unit tests of `error`.
use super::*;

fn serial() -> Serial {
    Serial::parse("CN1").unwrap()
}

#[test]
fn every_variant_has_the_contract_code() {
    // The match has no `_` arm: a new variant fails to compile here until it is given
    // its code below and a place in `one_of_each`.
    let expected = |error: &Error| -> u8 {
        match error {
            Error::Other(_) => 1,
            Error::Usage(_) => 2,
            Error::Config(_) | Error::Certificate { .. } => 3,
            Error::Auth { .. } => 4,
            Error::NotFound { .. } => 5,
            Error::TaskFailed { .. } => 6,
            Error::TimedOut { .. } => 7,
            Error::StillRunning => 8,
            Error::Unavailable { .. } => 9,
            Error::Offline { .. } => 10,
            Error::ChecksFailed(_) | Error::PathsDiffer => 11,
            Error::Fleet(code) => *code,
            Error::Interrupted => 130,
            Error::Terminated => 143,
        }
    };
    let all = Error::one_of_each();
    let kinds: std::collections::HashSet<_> = all.iter().map(std::mem::discriminant).collect();
    assert_eq!(kinds.len(), 16, "one_of_each holds every variant once");
    for error in &all {
        assert_eq!(error.exit_code(), expected(error), "{error:?}");
    }
    let codes: Vec<u8> = exit_codes().iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 130, 143]);
}

#[test]
fn messages_carry_their_hints() {
    let missing = Error::NotFound {
        detail: "404 Not Found".into(),
        missing: Missing::Device {
            device: Device::Ap,
            serial: serial(),
        },
    };
    assert_eq!(
        missing.to_string(),
        "not found: 404 Not Found; is CN1 the serial number of an access point in this \
         account? (--device picks the family)"
    );
    let cert = Error::Certificate {
        host: "proxy:443".into(),
        problem: CertProblem::NotTrusted,
    };
    let text = cert.to_string();
    assert!(text.contains("not signed by a trusted authority"), "{text}");
    assert!(text.contains("ca_file") && text.contains("GWTRACE_CA_FILE"));
    let busy = Error::Unavailable {
        detail: "503".into(),
        tries: 4,
    };
    assert_eq!(busy.to_string(), "503 (gave up after 4 tries)");
}

#[test]
fn quiet_errors_are_the_ones_already_shown_or_asked_for() {
    assert!(!Error::StillRunning.is_reported());
    assert!(!Error::Interrupted.is_reported());
    assert!(Error::other("x").is_reported());
}

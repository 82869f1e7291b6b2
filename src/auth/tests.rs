//! Unit tests for token sources, masking and JWT expiry.

use std::time::Duration;

use super::*;

#[test]
fn debug_output_never_shows_the_token() {
    let sources = [
        TokenSource::Env(SecretString::from("tok-ENV-123")),
        TokenSource::Profile(SecretString::from("tok-ENV-123")),
        TokenSource::File {
            path: "/x".into(),
            token: SecretString::from("tok-ENV-123"),
        },
    ];
    for source in sources {
        let shown = format!("{source:?} {}", source.describe());
        assert!(!shown.contains("tok-ENV-123"), "{shown}");
    }
}

#[test]
fn masking_shows_at_most_four_characters_and_less_of_short_tokens() {
    assert_eq!(
        mask(&SecretString::from("eyJhbGciOiJSUzI1NiJ9.abc")),
        "eyJh…"
    );
    assert_eq!(mask(&SecretString::from("abcdefgh")), "ab…");
    assert_eq!(mask(&SecretString::from("abc")), "…");
}

#[test]
fn jwt_expiry_reads_the_exp_claim_without_verifying() {
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"exp":1900000000}"#);
    let token = format!("eyJhbGciOiJub25lIn0.{payload}.sig");
    assert_eq!(
        jwt_expiry(&token),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000))
    );
    assert_eq!(jwt_expiry("not-a-jwt"), None);
    assert_eq!(jwt_expiry("a.!!!.c"), None);
}

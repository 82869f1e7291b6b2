//! Which server certificates are trusted — the platform's roots plus an optional PEM bundle
//! (`ca_file`) — and why a certificate was refused, in words a user can act on.

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, RootCertStore, SignatureScheme};

use crate::error::{CertProblem, Error, Result};

/// A `ca_file` larger than this is not a certificate bundle.
const MAX_BUNDLE: u64 = 4 * 1024 * 1024;

/// The TLS settings of every connection: the platform's verifier, with `ca_file`'s
/// certificates added to its roots, wrapped so that a self-signed certificate is named.
pub fn client_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig> {
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let extra = match ca_file {
        Some(path) => read_bundle(path)?,
        None => Vec::new(),
    };
    let platform =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone()).map_err(
            |e| {
                Error::config(format!(
                    "cannot load the trusted root certificates ({e}); install the platform's CA \
                 certificates or name a PEM bundle with ca_file or GWTRACE_CA_FILE"
                ))
            },
        )?;
    let verifier = Arc::new(Verifier {
        inner: platform,
        provider: provider.clone(),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::other(format!("cannot set up TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(config)
}

/// The certificates of a PEM bundle; a missing, unreadable or certificate-less file is a
/// configuration error naming it.
pub fn read_bundle(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let named = |problem: String| Error::config(format!("ca_file {}: {problem}", path.display()));
    let size = std::fs::metadata(path)
        .map_err(|e| named(format!("cannot read it ({e})")))?
        .len();
    if size > MAX_BUNDLE {
        return Err(named(
            "larger than 4 MiB; is it a certificate bundle?".into(),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| named(format!("cannot read it ({e})")))?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&bytes)
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| named(format!("not a valid PEM bundle ({e})")))?;
    if certs.is_empty() {
        return Err(named(
            "holds no PEM certificate (-----BEGIN CERTIFICATE-----)".into(),
        ));
    }
    let mut check = RootCertStore::empty();
    for cert in &certs {
        check
            .add(cert.clone())
            .map_err(|e| named(format!("holds a certificate that cannot be a root ({e})")))?;
    }
    Ok(certs)
}

/// Why a connection failed, when the reason is the server's certificate; `None` otherwise.
pub fn certificate_problem(err: &(dyn std::error::Error + 'static)) -> Option<CertProblem> {
    let mut cause = Some(err);
    while let Some(current) = cause {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return problem_of(tls);
        }
        // io::Error's source() skips the error it wraps (tokio-rustls wraps rustls's error,
        // and the connector wraps that io::Error again): look inside instead.
        let inside = current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        cause = match inside {
            Some(inner) => Some(inner),
            None => current.source(),
        };
    }
    None
}

fn problem_of(err: &rustls::Error) -> Option<CertProblem> {
    let rustls::Error::InvalidCertificate(cert) = err else {
        return None;
    };
    Some(match cert {
        CertificateError::UnknownIssuer => CertProblem::NotTrusted,
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => CertProblem::Expired,
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            CertProblem::NotYetValid
        }
        CertificateError::NotValidForName => CertProblem::WrongName { covers: Vec::new() },
        CertificateError::NotValidForNameContext { presented, .. } => CertProblem::WrongName {
            // rustls writes them as `DnsName("a.example")`: the name is what is quoted.
            covers: presented
                .iter()
                .map(|name| match name.split('"').nth(1) {
                    Some(inner) => inner.to_owned(),
                    None => name.clone(),
                })
                .collect(),
        },
        CertificateError::Revoked => CertProblem::Revoked,
        CertificateError::Other(OtherError(inner)) if inner.is::<SelfSigned>() => {
            CertProblem::SelfSigned
        }
        other => CertProblem::Other(format!("{other:?}")),
    })
}

/// Marks a certificate that was refused because it signed itself.
#[derive(Debug)]
struct SelfSigned;

impl std::fmt::Display for SelfSigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("self-signed certificate")
    }
}

impl std::error::Error for SelfSigned {}

/// The platform's verifier, telling a self-signed certificate from one signed by an unknown
/// authority (both are "unknown issuer" to it).
#[derive(Debug)]
struct Verifier {
    inner: rustls_platform_verifier::Verifier,
    provider: Arc<CryptoProvider>,
}

impl Verifier {
    /// Whether `end_entity` verifies with itself as the only trusted root: it signed itself.
    fn signed_by_itself(
        &self,
        end_entity: &CertificateDer<'_>,
        name: &ServerName<'_>,
        now: UnixTime,
    ) -> bool {
        let mut roots = RootCertStore::empty();
        if roots.add(end_entity.clone().into_owned()).is_err() {
            return false;
        }
        let Ok(itself) =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), self.provider.clone())
                .build()
        else {
            return false;
        };
        match itself.verify_server_cert(end_entity, &[], name, &[], now) {
            Ok(_) => true,
            Err(rustls::Error::InvalidCertificate(e)) => matches!(
                e,
                CertificateError::Expired
                    | CertificateError::ExpiredContext { .. }
                    | CertificateError::NotValidYet
                    | CertificateError::NotValidYetContext { .. }
                    | CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. }
            ),
            Err(_) => false,
        }
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self
            .inner
            .verify_server_cert(end_entity, intermediates, name, ocsp, now);
        match verdict {
            Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer))
                if intermediates.is_empty() && self.signed_by_itself(end_entity, name, now) =>
            {
                Err(rustls::Error::InvalidCertificate(CertificateError::Other(
                    OtherError(Arc::new(SelfSigned)),
                )))
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_errors_read_as_words_through_io_wrappers() {
        let cases = [
            (CertificateError::UnknownIssuer, CertProblem::NotTrusted),
            (CertificateError::Expired, CertProblem::Expired),
            (
                CertificateError::NotValidForName,
                CertProblem::WrongName { covers: Vec::new() },
            ),
            (CertificateError::NotValidYet, CertProblem::NotYetValid),
            (
                CertificateError::Other(OtherError(Arc::new(SelfSigned))),
                CertProblem::SelfSigned,
            ),
        ];
        for (cert, problem) in cases {
            let io = std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                rustls::Error::InvalidCertificate(cert),
            );
            // As the connector hands it over: an io::Error around tokio-rustls's io::Error.
            let twice = std::io::Error::other(io);
            assert_eq!(certificate_problem(&twice), Some(problem));
        }
        let other = std::io::Error::other(rustls::Error::DecryptError);
        assert_eq!(certificate_problem(&other), None);
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(certificate_problem(&refused), None);
    }

    #[test]
    fn a_bundle_must_hold_pem_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.pem");
        let err = read_bundle(&missing).unwrap_err();
        assert_eq!(err.exit_code(), 3);
        assert!(err.to_string().contains("none.pem"), "{err}");
        let text = dir.path().join("text.pem");
        std::fs::write(&text, "not a certificate\n").unwrap();
        let err = read_bundle(&text).unwrap_err().to_string();
        assert!(err.contains("holds no PEM certificate"), "{err}");
        let broken = dir.path().join("broken.pem");
        std::fs::write(
            &broken,
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let err = read_bundle(&broken).unwrap_err().to_string();
        assert!(err.contains("broken.pem"), "{err}");
    }
}

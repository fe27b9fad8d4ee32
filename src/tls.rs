//! TLS for the tail websocket, built from the same settings as the HTTP
//! client: roots (webpki plus --ca-cert), client certificate, skip-verify.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::config::ClientConfig;
use crate::error::{Error, Result};

/// Accepts any certificate: only with --tls-skip-verify.
#[derive(Debug)]
struct NoVerify(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A rustls client configuration matching the HTTP client's TLS flags.
pub fn client_config(cfg: &ClientConfig) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::usage(format!("TLS setup: {e}")))?;
    let builder = if cfg.tls_skip_verify {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerify(provider)))
    } else {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(pem) = &cfg.ca_cert {
            for c in CertificateDer::pem_slice_iter(pem) {
                let c = c.map_err(|e| Error::usage(format!("invalid --ca-cert: {e}")))?;
                roots
                    .add(c)
                    .map_err(|e| Error::usage(format!("invalid --ca-cert: {e}")))?;
            }
        }
        builder.with_root_certificates(roots)
    };
    let config = match &cfg.identity {
        Some(pem) => {
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| Error::usage(format!("invalid --cert: {e}")))?;
            let key = PrivateKeyDer::from_pem_slice(pem).map_err(|e| Error::usage(format!("invalid --key: {e}")))?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| Error::usage(format!("invalid --cert/--key: {e}")))?
        }
        None => builder.with_no_client_auth(),
    };
    Ok(config)
}

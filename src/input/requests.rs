//! The certificate-request (PKCS#10 / CSR) view.

use serde::{Deserialize, Serialize};
use x509_parser::cri_attributes::ParsedCriAttribute;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

use super::keys;
use crate::model::{self, oids};

/// A certificate request as shown to the user. Public data only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestReport {
    /// The file it came from.
    pub file: String,
    /// Its position among the requests of that file (0-based).
    pub index_in_file: usize,
    /// Requested subject, Windows order: `CN=alice, OU=Users, O=Contoso`.
    pub subject: String,
    /// "RSA 2048 bits", "EC P-256".
    pub public_key: String,
    /// SHA-256 of the request's SubjectPublicKeyInfo (matches keys and certificates).
    pub public_key_sha256: Option<String>,
    /// Signature algorithm name.
    pub signature_algorithm: String,
    /// Names of the requested extensions, in order.
    pub requested_extensions: Vec<String>,
    /// Requested subject alternative names, `kind:value` (e.g. `upn:alice@contoso.com`).
    pub subject_alt_names: Vec<String>,
    /// Requested EKU OIDs.
    pub extended_key_usage: Vec<String>,
    /// True when the request carries a challenge password (its value is never shown).
    pub has_challenge_password: bool,
    /// Indexes into `keys` of dropped private keys that belong to this request.
    pub keys: Vec<usize>,
    /// Indexes into `certificates` of dropped certificates issued for this request's key.
    pub certificates: Vec<usize>,
}

/// A requested name as the certificates' lines say one: `upn:alice@contoso.com` (the JSON's
/// form) as `UPN: alice@contoso.com`.
pub fn san_words(san: &str) -> String {
    san.split_once(':').map_or_else(|| san.to_string(), |(kind, value)| format!("{}: {value}", kind.to_uppercase()))
}

/// Decode a DER certificate request.
pub fn request_view(file: &str, index_in_file: usize, der: &[u8]) -> Result<RequestReport, String> {
    let (_, csr) = x509_parser::certification_request::X509CertificationRequest::from_der(der)
        .map_err(|e| format!("the certificate request could not be decoded: {e}"))?;
    let info = &csr.certification_request_info;
    let key = keys::request_key(der);
    let sig_oid = csr.signature_algorithm.algorithm.to_id_string();
    let mut out = RequestReport {
        file: file.to_string(),
        index_in_file,
        subject: model::format_name(&info.subject),
        public_key: key.as_ref().map_or_else(|| info.subject_pki.algorithm.algorithm.to_id_string(), keys::PublicKeyData::summary),
        public_key_sha256: key.as_ref().map(keys::PublicKeyData::spki_sha256),
        signature_algorithm: oids::signature_algorithm_name(&sig_oid).map_or(sig_oid.clone(), str::to_string),
        requested_extensions: Vec::new(),
        subject_alt_names: Vec::new(),
        extended_key_usage: Vec::new(),
        has_challenge_password: false,
        keys: Vec::new(),
        certificates: Vec::new(),
    };
    for attr in info.iter_attributes() {
        match attr.parsed_attribute() {
            ParsedCriAttribute::ChallengePassword(_) => out.has_challenge_password = true,
            ParsedCriAttribute::ExtensionRequest(er) => {
                for ext in &er.extensions {
                    let oid = ext.oid.to_id_string();
                    out.requested_extensions.push(oids::extension_name(&oid).map_or(oid.clone(), str::to_string));
                    match ext.parsed_extension() {
                        ParsedExtension::SubjectAlternativeName(san) => {
                            for gn in &san.general_names {
                                let v = model::general_name_view(gn);
                                out.subject_alt_names.push(format!("{}:{}", v.kind, v.value));
                            }
                        }
                        ParsedExtension::ExtendedKeyUsage(eku) => {
                            out.extended_key_usage.extend(eku.other.iter().map(|o| o.to_id_string()));
                            let known = [
                                (eku.server_auth, "1.3.6.1.5.5.7.3.1"),
                                (eku.client_auth, "1.3.6.1.5.5.7.3.2"),
                                (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
                                (eku.email_protection, "1.3.6.1.5.5.7.3.4"),
                                (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
                                (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
                                (eku.any, "2.5.29.37.0"),
                            ];
                            out.extended_key_usage.extend(known.iter().filter(|(on, _)| *on).map(|(_, o)| o.to_string()));
                        }
                        _ => {}
                    }
                }
            }
            ParsedCriAttribute::UnsupportedAttribute => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_requested_name_reads_as_a_certificate_s() {
        assert_eq!(super::san_words("upn:alice@contoso.com"), "UPN: alice@contoso.com");
        assert_eq!(super::san_words("dns:www.contoso.com"), "DNS: www.contoso.com");
        // Only the kind before the first colon: an IPv6 address keeps its own.
        assert_eq!(super::san_words("ip:2001:db8::1"), "IP: 2001:db8::1");
        assert_eq!(super::san_words("no kind"), "no kind");
    }
}

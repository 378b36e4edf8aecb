//! Model layer: a certificate as the app understands it.
//!
//! [`CertificateView`] is built once from DER and is plain, serialisable data:
//! the UI, the CLI and the later layers read it, never the parser's types.

pub mod oids;

mod names;

use serde::{Deserialize, Serialize};
use sha1::Digest as _;
use time::OffsetDateTime;
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::der;
pub use names::{format_name, general_name_view};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Where the evaluation time falls relative to the validity period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValidityState {
    /// Within notBefore..=notAfter.
    Valid,
    /// After notAfter.
    Expired,
    /// Before notBefore.
    NotYetValid,
}

/// Validity against the evaluation time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityView {
    /// The state.
    pub state: ValidityState,
    /// Whole days to expiry (valid), since expiry (expired) or until start (not yet valid).
    pub days: i64,
    /// Plain words: "expires in 30 days", "expired 3 days ago", "valid from 2027-01-01 (in 39 days)".
    pub text: String,
}

/// The public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyView {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA` or the OID.
    pub algorithm: String,
    /// Size in bits where meaningful.
    pub bits: Option<u32>,
    /// Named curve for EC keys.
    pub curve: Option<String>,
    /// RSA public exponent.
    pub rsa_exponent: Option<u64>,
    /// "RSA 2048 bits", "EC P-256".
    pub summary: String,
}

/// An algorithm identifier with its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlgorithmView {
    /// Dotted OID.
    pub oid: String,
    /// Readable name (the OID when unknown).
    pub name: String,
}

/// One general name (SAN entry, CDP name, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralNameView {
    /// `dns`, `ip`, `email`, `uri`, `upn`, `sid`, `directory`, `registered-id`, `other`.
    pub kind: String,
    /// The value as text.
    pub value: String,
}

/// One extension, decoded into readable lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionView {
    /// Dotted OID.
    pub oid: String,
    /// Readable name (the OID when unknown).
    pub name: String,
    /// The critical flag.
    pub critical: bool,
    /// Decoded values, one per line.
    pub values: Vec<String>,
    /// Set when the extension could not be decoded.
    pub error: Option<String>,
}

/// A certificate, decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    /// Subject, most specific first, as Windows shows it: `CN=alice, OU=Users, O=Contoso`.
    pub subject: String,
    /// Issuer, same form.
    pub issuer: String,
    /// Serial number, lowercase hex, leading zero bytes kept.
    pub serial: String,
    /// notBefore, RFC 3339 UTC.
    pub not_before: String,
    /// notAfter, RFC 3339 UTC.
    pub not_after: String,
    /// Validity against the evaluation time.
    pub validity: ValidityView,
    /// SHA-1 of the DER, lowercase hex (Windows' thumbprint is the same bytes, uppercase).
    pub sha1: String,
    /// SHA-256 of the DER, lowercase hex.
    pub sha256: String,
    /// The public key.
    pub public_key: PublicKeyView,
    /// The signature algorithm.
    pub signature_algorithm: AlgorithmView,
    /// X.509 version (1, 2, 3).
    pub version: u32,
    /// basicConstraints CA flag.
    pub is_ca: bool,
    /// basicConstraints path length.
    pub path_len: Option<u32>,
    /// Subject and issuer are the same name.
    pub self_issued: bool,
    /// Key usage bits by name, e.g. `digitalSignature`.
    pub key_usage: Option<Vec<String>>,
    /// EKU OIDs, in certificate order; `None` when the extension is absent.
    pub extended_key_usage: Option<Vec<String>>,
    /// Subject alternative names.
    pub subject_alt_names: Vec<GeneralNameView>,
    /// CRL distribution point URLs.
    pub crl_urls: Vec<String>,
    /// AIA CA-issuers URLs.
    pub aia_ca_issuer_urls: Vec<String>,
    /// AIA OCSP URLs.
    pub ocsp_urls: Vec<String>,
    /// Subject key identifier, lowercase hex.
    pub subject_key_id: Option<String>,
    /// Authority key identifier (key id), lowercase hex.
    pub authority_key_id: Option<String>,
    /// Every extension, in certificate order.
    pub extensions: Vec<ExtensionView>,
}

/// Why a certificate could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError(pub String);

impl CertificateView {
    /// Decode a DER certificate, evaluating validity at `at` (Unix seconds).
    pub fn from_der(der_bytes: &[u8], at: i64) -> Result<Self, ModelError> {
        let (_, cert) = X509Certificate::from_der(der_bytes)
            .map_err(|e| ModelError(format!("not a valid X.509 certificate: {e}")))?;
        Ok(build(&cert, der_bytes, at))
    }

    /// Windows-style thumbprint: uppercase hex, no separators.
    pub fn thumbprint(&self) -> String {
        self.sha1.to_uppercase()
    }

    /// Readable EKU names (the OID when unknown).
    pub fn eku_names(&self) -> Vec<String> {
        self.extended_key_usage
            .iter()
            .flatten()
            .map(|oid| oids::eku_name(oid).map_or_else(|| oid.clone(), str::to_string))
            .collect()
    }
}

fn build(cert: &X509Certificate<'_>, der_bytes: &[u8], at: i64) -> CertificateView {
    let not_before = cert.validity().not_before.to_datetime();
    let not_after = cert.validity().not_after.to_datetime();
    let subject = format_name(cert.subject());
    let issuer = format_name(cert.issuer());
    let mut view = CertificateView {
        self_issued: cert.subject().as_raw() == cert.issuer().as_raw(),
        subject,
        issuer,
        serial: der::hex(cert.raw_serial()),
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        validity: validity(not_before.unix_timestamp(), not_after.unix_timestamp(), at),
        sha1: der::hex(&sha1::Sha1::digest(der_bytes)),
        sha256: der::hex(&sha2::Sha256::digest(der_bytes)),
        public_key: public_key(cert),
        signature_algorithm: algorithm(&cert.signature_algorithm.algorithm.to_id_string()),
        version: cert.version().0 + 1,
        is_ca: false,
        path_len: None,
        key_usage: None,
        extended_key_usage: None,
        subject_alt_names: Vec::new(),
        crl_urls: Vec::new(),
        aia_ca_issuer_urls: Vec::new(),
        ocsp_urls: Vec::new(),
        subject_key_id: None,
        authority_key_id: None,
        extensions: Vec::new(),
    };
    for ext in cert.extensions() {
        let oid = ext.oid.to_id_string();
        let mut ev = ExtensionView {
            name: oids::extension_name(&oid).map_or_else(|| oid.clone(), str::to_string),
            oid,
            critical: ext.critical,
            values: Vec::new(),
            error: None,
        };
        decode_extension(&mut view, &mut ev, ext.parsed_extension(), ext.value);
        view.extensions.push(ev);
    }
    view
}

fn decode_extension(view: &mut CertificateView, ev: &mut ExtensionView, parsed: &ParsedExtension<'_>, raw: &[u8]) {
    match parsed {
        ParsedExtension::BasicConstraints(bc) => {
            view.is_ca = bc.ca;
            view.path_len = bc.path_len_constraint;
            ev.values.push(if bc.ca { "certificate authority (CA)".into() } else { "end entity (not a CA)".into() });
            if let Some(n) = bc.path_len_constraint {
                ev.values.push(format!("path length limit: {n}"));
            }
        }
        ParsedExtension::KeyUsage(ku) => {
            let names = key_usage_names(ku.flags);
            ev.values = names.clone();
            view.key_usage = Some(names);
        }
        ParsedExtension::ExtendedKeyUsage(_) => {
            let oids = eku_oids(raw);
            ev.values = oids
                .iter()
                .map(|o| oids::eku_name(o).map_or_else(|| o.clone(), |n| format!("{n} ({o})")))
                .collect();
            view.extended_key_usage = Some(oids);
        }
        ParsedExtension::SubjectAlternativeName(san) => {
            for gn in &san.general_names {
                let g = general_name_view(gn);
                ev.values.push(format!("{}: {}", g.kind.to_uppercase(), g.value));
                view.subject_alt_names.push(g);
            }
        }
        ParsedExtension::CRLDistributionPoints(cdp) => {
            for point in cdp.iter() {
                if let Some(DistributionPointName::FullName(names)) = &point.distribution_point {
                    for gn in names {
                        if let GeneralName::URI(uri) = gn {
                            view.crl_urls.push((*uri).to_string());
                        }
                        ev.values.push(general_name_view(gn).value);
                    }
                }
            }
        }
        ParsedExtension::AuthorityInfoAccess(aia) => {
            for ad in aia.iter() {
                let method = ad.access_method.to_id_string();
                let value = general_name_view(&ad.access_location).value;
                match method.as_str() {
                    "1.3.6.1.5.5.7.48.1" => {
                        ev.values.push(format!("OCSP: {value}"));
                        view.ocsp_urls.push(value);
                    }
                    "1.3.6.1.5.5.7.48.2" => {
                        ev.values.push(format!("CA issuers: {value}"));
                        view.aia_ca_issuer_urls.push(value);
                    }
                    other => ev.values.push(format!("{other}: {value}")),
                }
            }
        }
        ParsedExtension::SubjectKeyIdentifier(kid) => {
            let h = der::hex(kid.0);
            ev.values.push(h.clone());
            view.subject_key_id = Some(h);
        }
        ParsedExtension::AuthorityKeyIdentifier(aki) => {
            if let Some(kid) = &aki.key_identifier {
                let h = der::hex(kid.0);
                ev.values.push(format!("key id: {h}"));
                view.authority_key_id = Some(h);
            }
            if let Some(serial) = aki.authority_cert_serial {
                ev.values.push(format!("issuer serial: {}", der::hex(serial)));
            }
        }
        ParsedExtension::ParseError { error } => {
            ev.error = Some(format!("malformed extension: {error}"));
            ev.values.push(der::hex(raw));
        }
        _ => ev.values.push(der::hex(raw)),
    }
}

/// EKU OIDs in certificate order.
fn eku_oids(raw: &[u8]) -> Vec<String> {
    let Ok((seq, _)) = der::read_tlv(raw, 0) else { return Vec::new() };
    der::children(&seq)
        .unwrap_or_default()
        .iter()
        .filter(|t| t.tag == 0x06)
        .filter_map(|t| der::oid_to_string(t.value))
        .collect()
}

/// Key usage flag names, bit 0 first.
pub fn key_usage_names(flags: u16) -> Vec<String> {
    const NAMES: [&str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];
    NAMES
        .iter()
        .enumerate()
        .filter(|(bit, _)| flags & (1 << bit) != 0)
        .map(|(_, n)| (*n).to_string())
        .collect()
}

fn public_key(cert: &X509Certificate<'_>) -> PublicKeyView {
    use x509_parser::public_key::PublicKey;
    let spki = cert.public_key();
    let alg_oid = spki.algorithm.algorithm.to_id_string();
    let mut view = PublicKeyView { algorithm: alg_oid.clone(), bits: None, curve: None, rsa_exponent: None, summary: String::new() };
    match alg_oid.as_str() {
        "1.3.101.112" => {
            view.algorithm = "Ed25519".into();
            view.bits = Some(256);
        }
        "1.3.101.113" => {
            view.algorithm = "Ed448".into();
            view.bits = Some(456);
        }
        _ => match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => {
                view.algorithm = "RSA".into();
                view.bits = u32::try_from(rsa.key_size()).ok();
                view.rsa_exponent = rsa.try_exponent().ok();
            }
            Ok(PublicKey::EC(point)) => {
                view.algorithm = "EC".into();
                view.curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| { let s = o.to_id_string(); oids::curve_name(&s).map_or(s, str::to_string) });
                view.bits = u32::try_from(point.key_size()).ok();
            }
            Ok(PublicKey::DSA(y)) => {
                view.algorithm = "DSA".into();
                view.bits = u32::try_from(y.len() * 8).ok();
            }
            _ => {}
        },
    }
    view.summary = match (&view.curve, view.bits) {
        (Some(c), _) => format!("{} {}", view.algorithm, c),
        (None, Some(b)) if view.algorithm == "RSA" || view.algorithm == "DSA" => format!("{} {} bits", view.algorithm, b),
        _ => view.algorithm.clone(),
    };
    view
}

fn algorithm(oid: &str) -> AlgorithmView {
    AlgorithmView { oid: oid.to_string(), name: oids::signature_algorithm_name(oid).map_or_else(|| oid.to_string(), str::to_string) }
}

/// RFC 3339 in UTC, seconds precision.
pub fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Unix seconds to RFC 3339 (UTC); out-of-range values are clamped to the epoch.
pub fn rfc3339_from_unix(secs: i64) -> String {
    rfc3339(OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH))
}

/// Validity of a period against `at` (all Unix seconds).
pub fn validity(not_before: i64, not_after: i64, at: i64) -> ValidityView {
    if at < not_before {
        let days = (not_before - at + DAY - 1) / DAY;
        ValidityView {
            state: ValidityState::NotYetValid,
            days,
            text: format!("not valid yet: starts {} (in {})", date_only(not_before), plural_days(days)),
        }
    } else if at > not_after {
        let days = (at - not_after) / DAY;
        let text = if days == 0 { "expired today".to_string() } else { format!("expired {} ago", plural_days(days)) };
        ValidityView { state: ValidityState::Expired, days, text }
    } else {
        let days = (not_after - at) / DAY;
        let text = if days == 0 { "expires today".to_string() } else { format!("expires in {}", plural_days(days)) };
        ValidityView { state: ValidityState::Valid, days, text }
    }
}

fn date_only(secs: i64) -> String {
    rfc3339_from_unix(secs).get(..10).unwrap_or_default().to_string()
}

fn plural_days(n: i64) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_words() {
        assert_eq!(validity(0, 10 * DAY, 0).text, "expires in 10 days");
        assert_eq!(validity(0, 10 * DAY, 11 * DAY).text, "expired 1 day ago");
        assert_eq!(validity(5 * DAY, 10 * DAY, 0).state, ValidityState::NotYetValid);
    }

    #[test]
    fn key_usage_bits() {
        assert_eq!(key_usage_names(0b101), vec!["digitalSignature", "keyEncipherment"]);
    }
}

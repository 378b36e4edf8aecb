//! Model layer: a certificate as the app understands it.
//!
//! [`CertificateView`] is built once from DER and is plain, serialisable data:
//! the UI, the CLI and the later layers read it, never the parser's types.
//! Submodules: [`names`] (distinguished and general names), [`validity`],
//! [`keys`] (public key, signature algorithm), [`extensions`] (one module per
//! extension family), [`urls`] (where CDP/AIA URLs work), [`notable`] (the
//! few facts first), [`asn1`] (raw view), [`findings`] (certificate-level
//! diagnostics).

pub mod asn1;
pub mod extensions;
pub mod findings;
pub mod keys;
pub mod names;
pub mod notable;
pub mod oids;
pub mod urls;
pub mod validity;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha1::Digest as _;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::der;
use crate::diag::Code;
pub use extensions::{key_usage_names, ExtensionDetail, ExtensionView};
pub use findings::{Finding, Severity};
pub use keys::{AlgorithmView, PublicKeyView};
pub use names::{format_name, general_name_view, NameView};
pub use notable::NotableLine;
pub use urls::{is_linkable, UrlView};
pub use validity::{date_only, rfc3339, rfc3339_from_unix, utc_minutes, validity, ValidityState, ValidityView};

/// The kind of a general name, typed (serialised in kebab-case: the JSON
/// keeps its strings). It reads as its text where a `&str` is expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameKind {
    /// dNSName.
    Dns,
    /// rfc822Name.
    Email,
    /// A URI of the form `tag:microsoft.com,2022-09-14:sid:` (strong AD mapping).
    Sid,
    /// Any other URI.
    Uri,
    /// iPAddress.
    Ip,
    /// directoryName.
    Directory,
    /// registeredID.
    RegisteredId,
    /// A UPN otherName.
    Upn,
    /// Any other otherName.
    Other,
    /// x400Address.
    X400,
    /// ediPartyName.
    EdiParty,
    /// A name that could not be read.
    Invalid,
}

impl NameKind {
    /// The JSON text of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dns => "dns",
            Self::Email => "email",
            Self::Sid => "sid",
            Self::Uri => "uri",
            Self::Ip => "ip",
            Self::Directory => "directory",
            Self::RegisteredId => "registered-id",
            Self::Upn => "upn",
            Self::Other => "other",
            Self::X400 => "x400",
            Self::EdiParty => "edi-party",
            Self::Invalid => "invalid",
        }
    }
}

impl std::ops::Deref for NameKind {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for NameKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for NameKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for NameKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One general name (SAN entry, CDP name, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralNameView {
    /// `dns`, `ip`, `email`, `uri`, `upn`, `sid`, `directory`, `registered-id`, `other`, `x400`, `edi-party`, `invalid`.
    pub kind: NameKind,
    /// The value as text.
    pub value: String,
    /// For DNS names with `xn--` labels: the Unicode form users recognise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode: Option<String>,
}

/// Where a certificate carries the account SID used by strong mapping (KB 5014754).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SidSource {
    /// The SID extension 1.3.6.1.4.1.311.25.2.
    Extension,
    /// A SAN URL `tag:microsoft.com,2022-09-14:sid:<SID>`.
    SanUrl,
}

impl SidSource {
    /// The name the JSON uses (`extension`, `san-url`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Extension => "extension",
            Self::SanUrl => "san-url",
        }
    }
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
    /// What the extensions and names say ([`Details`], read through this view: `view.findings`).
    #[serde(flatten)]
    pub details: DetailsBox,
}

/// What a certificate's extensions and names say, in words: the part of a [`CertificateView`]
/// that a thin view (the analysis' bulk leaves, rebuilt from the DER when printed) leaves out.
/// A view reads it as its own fields (`view.findings`: [`CertificateView`] derefs to it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
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
    /// The subject in Windows, RFC 4514 and OpenSSL forms, with typed attributes.
    pub subject_name: NameView,
    /// The issuer, same forms.
    pub issuer_name: NameView,
    /// SHA-256 of the SubjectPublicKeyInfo, base64 (the HPKP / pinning form).
    pub spki_sha256_base64: String,
    /// Account SID for strong AD mapping: from the NTDS security extension, else a SAN SID URL.
    pub sid: Option<String>,
    /// Where `sid` came from: `extension` (1.3.6.1.4.1.311.25.2) or `san-url`.
    pub sid_source: Option<SidSource>,
    /// Every URL (CDP, freshest CRL, AIA, SIA, policy CPS), classified.
    pub urls: Vec<UrlView>,
    /// The few facts that explain most problems, most important first.
    pub notable: Vec<NotableLine>,
    /// Problems with this certificate on its own (weak signature, malformed extension, ...).
    pub findings: Vec<Finding>,
}

/// A name of no attributes, its forms empty.
const NO_NAME: NameView = NameView { windows: String::new(), rfc4514: String::new(), openssl: String::new(), attributes: Vec::new() };

impl Details {
    /// Nothing said: what a thin view reads, and where a view's details start.
    pub const EMPTY: Details = Details {
        key_usage: None,
        extended_key_usage: None,
        subject_alt_names: Vec::new(),
        crl_urls: Vec::new(),
        aia_ca_issuer_urls: Vec::new(),
        ocsp_urls: Vec::new(),
        subject_key_id: None,
        authority_key_id: None,
        extensions: Vec::new(),
        subject_name: NO_NAME,
        issuer_name: NO_NAME,
        spki_sha256_base64: String::new(),
        sid: None,
        sid_source: None,
        urls: Vec::new(),
        notable: Vec::new(),
        findings: Vec::new(),
    };
}

impl Default for Details {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// The details every thin view reads.
static NO_DETAILS: Details = Details::EMPTY;

/// A view's [`Details`], boxed, and absent (read as empty) in a thin view: ~540 bytes of empty
/// fields less per thin certificate (27 MB at 50,000 leaves). Absent and empty are equal, and
/// both are written as the empty details.
#[derive(Clone, Debug, Default)]
pub struct DetailsBox(Option<Box<Details>>);

impl DetailsBox {
    /// Details that are there.
    pub fn new(details: Details) -> Self {
        Self(Some(Box::new(details)))
    }

    /// None: a thin view's.
    pub fn none() -> Self {
        Self(None)
    }

    /// Whether the details are held (a thin view's are not: they read as empty).
    pub fn is_there(&self) -> bool {
        self.0.is_some()
    }
}

impl std::ops::Deref for DetailsBox {
    type Target = Details;
    fn deref(&self) -> &Details {
        self.0.as_deref().unwrap_or(&NO_DETAILS)
    }
}

impl std::ops::DerefMut for DetailsBox {
    fn deref_mut(&mut self) -> &mut Details {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for DetailsBox {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for DetailsBox {}

impl Serialize for DetailsBox {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for DetailsBox {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Details::deserialize(d).map(Self::new)
    }
}

/// A view reads its details as its own fields.
impl std::ops::Deref for CertificateView {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.details
    }
}

impl std::ops::DerefMut for CertificateView {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.details
    }
}

/// What the caller of [`CertificateView::from_parsed_known`] already knows of a certificate,
/// so that its view does not compute it again.
#[derive(Clone, Copy, Debug, Default)]
pub struct Known<'a> {
    /// Its SHA-256, lowercase hex, as [`CertificateView::sha256`] holds it (the analysis
    /// computes it to spot duplicates). It must be the DER's: it is taken as it is.
    pub sha256: Option<&'a str>,
    /// The hashes the caller will throw away: left empty, everything else is the same (no
    /// finding reads them).
    pub skip: Skip,
}

/// Hashes a view leaves empty ([`Known::skip`]) because its caller throws them away.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Skip {
    /// None: the view is whole.
    #[default]
    Nothing,
    /// The public key's hash, [`CertificateView::spki_sha256_base64`] (a summary of the web
    /// app's analysis drops it: the card that shows the pin asks for the certificate in full).
    Pin,
    /// The pin and the SHA-1, [`CertificateView::sha1`] too (a thin view of the analysis
    /// drops both).
    Fingerprints,
}

/// Why a certificate could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError(pub String);

impl CertificateView {
    /// Decode a DER certificate, evaluating validity at `at` (Unix seconds).
    pub fn from_der(der_bytes: &[u8], at: i64) -> Result<Self, ModelError> {
        Self::from_der_known(der_bytes, at, Known::default())
    }

    /// [`CertificateView::from_der`] with what the caller already knows of it ([`Known`]).
    pub fn from_der_known(der_bytes: &[u8], at: i64, known: Known<'_>) -> Result<Self, ModelError> {
        let (rest, cert) = Self::parse(der_bytes)?;
        Ok(Self::from_parsed_known(&cert, der_bytes, rest.len(), at, true, known))
    }

    /// Parse DER into x509-parser's certificate (and what follows it), with
    /// the error in plain words. The analysis parses each distinct certificate
    /// once and hands the result to [`CertificateView::from_parsed`] and to
    /// the chain layer.
    pub fn parse(der_bytes: &[u8]) -> Result<(&[u8], X509Certificate<'_>), ModelError> {
        #[cfg(test)]
        crate::par::parse_count::bump();
        X509Certificate::from_der(der_bytes)
            .map_err(|e| ModelError(format!("not a valid X.509 certificate: {}", plain_parse_error(&e))))
    }

    /// The view of an already parsed certificate; `trailing` bytes followed it.
    pub fn from_parsed(cert: &X509Certificate<'_>, der_bytes: &[u8], trailing: usize, at: i64) -> Self {
        Self::from_parsed_with(cert, der_bytes, trailing, at, true)
    }

    /// [`CertificateView::from_parsed`] without the `notable` lines and the display
    /// clean-up of extension values when `display` is false: what an analysis that
    /// keeps only the certificate's findings and identity needs (they are the same).
    pub fn from_parsed_with(cert: &X509Certificate<'_>, der_bytes: &[u8], trailing: usize, at: i64, display: bool) -> Self {
        Self::from_parsed_known(cert, der_bytes, trailing, at, display, Known::default())
    }

    /// [`CertificateView::from_parsed_with`] with what the caller already knows of the
    /// certificate ([`Known`]): the same view, less work.
    pub fn from_parsed_known(cert: &X509Certificate<'_>, der_bytes: &[u8], trailing: usize, at: i64, display: bool, known: Known<'_>) -> Self {
        let mut view = build(cert, der_bytes, at, display, known);
        if trailing > 0 {
            view.findings.push(Finding::new(
                Code::TrailingData,
                Severity::Warning,
                format!("{trailing} extra bytes after the certificate were ignored"),
            ));
        }
        view
    }

    /// A label naming the certificate in a list of certificates (the trust-store audit): its
    /// whole subject, else, when that is empty, what [`Self::name`] names it by.
    pub fn label(&self) -> String {
        if self.subject.trim().is_empty() { self.name() } else { self.subject.clone() }
    }

    /// How a sentence names the certificate: [`names::certificate_name`] (its CN, else its whole
    /// subject, else its first DNS name, UPN or email address, else its serial).
    pub fn name(&self) -> String {
        let alt = self
            .subject_alt_names
            .iter()
            .filter(|n| matches!(n.kind, NameKind::Dns | NameKind::Upn | NameKind::Email))
            .map(|n| n.value.as_str());
        names::certificate_name(&self.subject, alt, &self.serial).into_owned()
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

    /// The first extension with this OID.
    pub fn extension(&self, oid: &str) -> Option<&ExtensionView> {
        self.extensions.iter().find(|e| e.oid == oid)
    }

    /// PEM text of a certificate's DER (for download and copy).
    pub fn pem(der_bytes: &[u8]) -> String {
        asn1::pem(der_bytes, "CERTIFICATE")
    }
}

/// x509-parser's error, in words a help desk can read (decided by its kind, not its text).
fn plain_parse_error(e: &x509_parser::nom::Err<x509_parser::error::X509Error>) -> String {
    use x509_parser::der_parser::error::BerError;
    use x509_parser::error::X509Error;
    use x509_parser::nom::Err;
    let incomplete = match e {
        Err::Incomplete(_) => true,
        Err::Error(x) | Err::Failure(x) => matches!(x, X509Error::Der(BerError::Incomplete(_))),
    };
    if incomplete {
        format!("the data ends too early (truncated?) [{e}]")
    } else {
        e.to_string()
    }
}

fn build(cert: &X509Certificate<'_>, der_bytes: &[u8], at: i64, display: bool, known: Known<'_>) -> CertificateView {
    let not_before = cert.validity().not_before.to_datetime();
    let not_after = cert.validity().not_after.to_datetime();
    let subject_name = names::name_view(cert.subject());
    let issuer_name = names::name_view(cert.issuer());
    let self_issued = cert.subject().as_raw() == cert.issuer().as_raw();
    let public_key = keys::public_key(cert);
    let signature_algorithm = keys::signature_algorithm(der_bytes)
        .unwrap_or_else(|| keys::algorithm(&crate::der::oid_text(&cert.signature_algorithm.algorithm)));
    let mut view = CertificateView {
        self_issued,
        subject: subject_name.windows.clone(),
        issuer: issuer_name.windows.clone(),
        serial: der::hex(cert.raw_serial()),
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        validity: validity(not_before.unix_timestamp(), not_after.unix_timestamp(), at),
        sha1: if known.skip == Skip::Fingerprints {
            String::new()
        } else {
            der::hex(&sha1::Sha1::digest(der_bytes))
        },
        sha256: known.sha256.filter(|h| !h.is_empty()).map_or_else(|| der::hex(&sha2::Sha256::digest(der_bytes)), str::to_owned),
        public_key,
        signature_algorithm,
        version: cert.version().0.saturating_add(1),
        is_ca: false,
        path_len: None,
        details: DetailsBox::new(Details {
            subject_name,
            issuer_name,
            spki_sha256_base64: if known.skip != Skip::Nothing {
                String::new()
            } else {
                base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(cert.public_key().raw))
            },
            ..Details::EMPTY
        }),
    };
    let mut findings = keys::key_and_signature_findings(&view.public_key, &view.signature_algorithm, self_issued);
    findings.extend(structure_findings(cert, der_bytes, &view));
    for (which, name) in [("subject", &view.subject_name), ("issuer", &view.issuer_name)] {
        for a in &name.attributes {
            if let Some(p) = &a.problem {
                findings.push(Finding::new(
                    Code::MalformedNameString,
                    Severity::Warning,
                    format!("{which} attribute {}={:?}: {p}", a.short_name, a.value),
                ));
            }
        }
    }
    view.findings = findings;
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for ext in cert.extensions() {
        let oid = crate::der::oid_text(&ext.oid);
        if !seen.insert(oid.clone()) {
            view.findings.push(Finding::new(
                Code::DuplicateExtension,
                Severity::Error,
                format!("extension {oid} appears more than once: RFC 5280 forbids it and Windows rejects the certificate"),
            ));
        }
        let ev = extensions::decode(&oid, ext.critical, ext.value);
        apply(&mut view, &ev);
        if let Some(e) = &ev.error {
            view.findings.push(Finding::new(
                Code::MalformedExtension,
                if ev.critical { Severity::Error } else { Severity::Warning },
                format!("extension {} ({}) is malformed and was not decoded: {e}", ev.name, ev.oid),
            ));
        } else if ev.critical && !ev.known && oids::extension_name(&ev.oid).is_none() {
            view.findings.push(Finding::new(
                Code::UnknownCriticalExtension,
                Severity::Error,
                format!(
                    "critical extension {} is not one Windows or browsers know, and they reject a certificate with a critical extension they do not understand",
                    ev.oid
                ),
            ));
        }
        view.extensions.push(ev);
    }
    let deceptive = names::deceptive_name_findings(&view.subject_name, &view.issuer_name, &view.subject_alt_names);
    view.findings.extend(deceptive);
    let server_auth = view.extended_key_usage.as_ref().is_some_and(|e| e.iter().any(|o| o == "1.3.6.1.5.5.7.3.1"));
    if server_auth && !view.is_ca {
        let lifetime = validity::tls_lifetime_findings(&view.validity);
        view.findings.extend(lifetime);
    }
    if !display {
        return view;
    }
    // Display lines never carry characters that hide or reorder text.
    for line in view.extensions.iter_mut().flat_map(|e| e.values.iter_mut()) {
        if let std::borrow::Cow::Owned(v) = crate::text::visible(line) {
            *line = v;
        }
    }
    view.notable = notable::notable(&view);
    for n in &mut view.notable {
        if let std::borrow::Cow::Owned(v) = crate::text::visible(&n.text) {
            n.text = v;
        }
    }
    view
}

/// Findings about the certificate's structure: version, serial, signature fields.
fn structure_findings(cert: &X509Certificate<'_>, der_bytes: &[u8], view: &CertificateView) -> Vec<Finding> {
    let mut out = Vec::new();
    if view.version > 3 {
        out.push(Finding::new(
            Code::InvalidVersion,
            Severity::Error,
            format!("the version field says v{}, but only v1, v2 and v3 exist", view.version),
        ));
    }
    if view.validity.not_after_unix < view.validity.not_before_unix {
        out.push(Finding::new(
            Code::ValidityInverted,
            Severity::Error,
            format!("notAfter ({}) is before notBefore ({}): the certificate is never valid", view.not_after, view.not_before),
        ));
    }
    let serial = cert.raw_serial();
    if serial.first().is_some_and(|b| b & 0x80 != 0) {
        out.push(Finding::new(
            Code::NegativeSerial,
            Severity::Warning,
            format!("serial number {} is negative; RFC 5280 requires a positive number and some software rejects it", view.serial),
        ));
    }
    if serial.len() > 21 || (serial.len() == 21 && serial.first() != Some(&0)) {
        out.push(Finding::new(
            Code::SerialTooLong,
            Severity::Warning,
            format!("serial number is {} bytes long; RFC 5280 allows at most 20", serial.len()),
        ));
    }
    if view.signature_algorithm.oid == "1.2.840.113549.1.1.10" && view.signature_algorithm.pss.is_none() {
        out.push(Finding::new(
            Code::RsaPssParametersInvalid,
            Severity::Warning,
            "the RSASSA-PSS signature algorithm has missing or unreadable parameters",
        ));
    }
    if let Some((inner, outer)) = signature_algorithm_fields(der_bytes) {
        if inner != outer {
            out.push(Finding::new(
                Code::SignatureAlgorithmMismatch,
                Severity::Error,
                {
                    let (a, b) = (alg_name(&inner), alg_name(&outer));
                    if a == b {
                        format!("the signature algorithm inside the signed part ({a}) has other parameters than the one outside; verifiers reject it")
                    } else {
                        format!("the signature algorithm inside the signed part ({a}) differs from the one outside ({b}); verifiers reject it")
                    }
                },
            ));
        }
    }
    out
}

/// The name of a raw AlgorithmIdentifier.
fn alg_name(raw: &[u8]) -> String {
    der::read_tlv(raw, 0)
        .ok()
        .and_then(|(t, _)| der::children(&t).ok())
        .and_then(|c| c.first().and_then(|o| der::oid_to_string(o.value)))
        .map_or_else(|| "unreadable".to_string(), |oid| keys::algorithm(&oid).name)
}

/// The raw AlgorithmIdentifier inside the TBS part and the outer one.
fn signature_algorithm_fields(der_bytes: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (cert, _) = der::read_tlv(der_bytes, 0).ok()?;
    let parts = der::children(&cert).ok()?;
    let tbs = der::children(parts.first()?).ok()?;
    // version [0] is optional
    let skip = usize::from(tbs.first()?.tag == 0xa0);
    let inner = tbs.get(skip + 1)?.raw.to_vec();
    let outer = parts.get(1)?.raw.to_vec();
    Some((inner, outer))
}

/// Copy the facts other layers use from a decoded extension into the view.
fn apply(view: &mut CertificateView, ev: &ExtensionView) {
    use urls::classify;
    let Some(detail) = &ev.detail else { return };
    match detail {
        ExtensionDetail::BasicConstraints { ca, path_len } => {
            view.is_ca = *ca;
            view.path_len = *path_len;
        }
        ExtensionDetail::KeyUsage { usages } => view.key_usage = Some(usages.clone()),
        ExtensionDetail::ExtendedKeyUsage { purposes } => {
            view.extended_key_usage = Some(purposes.iter().map(|p| p.oid.clone()).collect());
        }
        ExtensionDetail::SubjectAltName { names } => {
            view.subject_alt_names.extend(names.iter().cloned());
            if view.sid.is_none() {
                if let Some(s) = names.iter().find(|n| n.kind == NameKind::Sid) {
                    view.sid = Some(s.value.clone());
                    view.sid_source = Some(SidSource::SanUrl);
                }
            }
        }
        ExtensionDetail::SubjectKeyIdentifier { key_id } => view.subject_key_id = Some(key_id.clone()),
        ExtensionDetail::AuthorityKeyIdentifier { key_id, .. } => view.authority_key_id = key_id.clone(),
        ExtensionDetail::CrlDistributionPoints { points } | ExtensionDetail::FreshestCrl { points } => {
            let freshest = matches!(detail, ExtensionDetail::FreshestCrl { .. });
            for gn in points.iter().flat_map(|p| p.full_names.iter()).filter(|g| g.kind == NameKind::Uri) {
                if !freshest {
                    view.crl_urls.push(gn.value.clone());
                }
                view.urls.push(classify(&gn.value, if freshest { "freshest-crl" } else { "crl" }));
            }
        }
        ExtensionDetail::AuthorityInfoAccess { access } | ExtensionDetail::SubjectInfoAccess { access } => {
            let sia = matches!(detail, ExtensionDetail::SubjectInfoAccess { .. });
            for a in access.iter().filter(|a| a.location.kind == NameKind::Uri) {
                let source = match (sia, a.method_oid.as_str()) {
                    (false, "1.3.6.1.5.5.7.48.1") => {
                        view.ocsp_urls.push(a.location.value.clone());
                        "ocsp"
                    }
                    (false, "1.3.6.1.5.5.7.48.2") => {
                        view.aia_ca_issuer_urls.push(a.location.value.clone());
                        "ca-issuers"
                    }
                    (true, "1.3.6.1.5.5.7.48.5") => "ca-repository",
                    (true, _) => "sia",
                    (false, _) => "aia",
                };
                view.urls.push(classify(&a.location.value, source));
            }
        }
        ExtensionDetail::CertificatePolicies { policies } => {
            for cps in policies.iter().flat_map(|p| p.cps.iter()) {
                view.urls.push(classify(cps, "cps"));
            }
        }
        ExtensionDetail::NtdsSecurity { sid } => {
            view.sid = Some(sid.clone());
            view.sid_source = Some(SidSource::Extension);
        }
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod name_kind_tests {
    use super::NameKind;

    /// The typed kind keeps the JSON strings the page and share links carry.
    #[test]
    fn name_kinds_serialise_as_their_text() {
        use NameKind::*;
        for k in [Dns, Email, Sid, Uri, Ip, Directory, RegisteredId, Upn, Other, X400, EdiParty, Invalid] {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<NameKind>(&json).unwrap(), k);
            assert!(k == k.as_str());
        }
        assert_eq!(serde_json::from_str::<NameKind>("\"registered-id\"").unwrap(), RegisteredId);
    }
}

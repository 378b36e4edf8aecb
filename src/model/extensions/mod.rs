//! Extensions, one module per extension family (as x509-parser does).
//!
//! Every extension becomes an [`ExtensionView`]: its OID, name, criticality,
//! plain-language lines and, when it could be decoded, typed data
//! ([`ExtensionDetail`]). A malformed extension is recorded with its error
//! and the raw bytes; the others are still decoded.

mod access;
mod alt_names;
mod constraints;
mod crl;
mod key_ids;
mod microsoft;
mod policies;
mod sct;
mod usage;

use serde::{Deserialize, Serialize};

use super::oids;
use super::GeneralNameView;
use crate::der;

pub use access::AccessView;
pub use crl::DistributionPointView;
pub use policies::{PolicyMappingView, PolicyView, UserNoticeView};
pub use sct::SctView;
pub use usage::key_usage_names;
// What a listing's row reads of an extension, without its view (`analysis::listed`).
pub(crate) use alt_names::first_dns;
pub(crate) use constraints::is_ca;
// An EKU purpose in words ("Client Authentication (1.3.6.1.5.5.7.3.2)"), as the server's messages write them too.
pub(crate) use usage::purpose_line;
// How the view reads the EKU's purposes, which `report::subject::eku_value_allows_server_auth` follows (its test).
#[cfg(test)]
pub(crate) use usage::oid_list;

/// One extension, decoded into readable lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionView {
    /// Dotted OID.
    pub oid: String,
    /// Readable name (the OID when unknown).
    pub name: String,
    /// The critical flag.
    pub critical: bool,
    /// Decoded values, one per line, plain words. Unknown extensions: the value as hex.
    pub values: Vec<String>,
    /// Set when the extension could not be decoded.
    pub error: Option<String>,
    /// The decoded content as typed data (absent when unknown or malformed).
    #[serde(default)]
    pub detail: Option<ExtensionDetail>,
    /// True when certlens knows this extension type.
    #[serde(default)]
    pub known: bool,
}

/// An OID with its readable name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OidName {
    /// Dotted OID.
    pub oid: String,
    /// Readable name, the OID when unknown.
    pub name: String,
}

impl OidName {
    /// Name an OID with a lookup table.
    pub fn new(oid: String, lookup: fn(&str) -> Option<&'static str>) -> Self {
        let name = lookup(&oid).map_or_else(|| oid.clone(), str::to_string);
        Self { oid, name }
    }
}

/// The decoded content of an extension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ExtensionDetail {
    /// 2.5.29.19
    BasicConstraints {
        /// CA flag.
        ca: bool,
        /// Path length limit.
        path_len: Option<u32>,
    },
    /// 2.5.29.15
    KeyUsage {
        /// Usage names, e.g. `digitalSignature`.
        usages: Vec<String>,
    },
    /// 2.5.29.37
    ExtendedKeyUsage {
        /// Purposes in certificate order.
        purposes: Vec<OidName>,
    },
    /// 2.5.29.17
    SubjectAltName {
        /// The names.
        names: Vec<GeneralNameView>,
    },
    /// 2.5.29.18
    IssuerAltName {
        /// The names.
        names: Vec<GeneralNameView>,
    },
    /// 2.5.29.14
    SubjectKeyIdentifier {
        /// Lowercase hex.
        key_id: String,
    },
    /// 2.5.29.35
    AuthorityKeyIdentifier {
        /// Lowercase hex.
        key_id: Option<String>,
        /// The issuer's issuer name(s).
        issuer: Vec<GeneralNameView>,
        /// The issuer certificate's serial, lowercase hex.
        serial: Option<String>,
    },
    /// 2.5.29.31
    CrlDistributionPoints {
        /// The distribution points.
        points: Vec<DistributionPointView>,
    },
    /// 2.5.29.46
    FreshestCrl {
        /// The distribution points of the delta CRL.
        points: Vec<DistributionPointView>,
    },
    /// 1.3.6.1.5.5.7.1.1
    AuthorityInfoAccess {
        /// Access descriptions.
        access: Vec<AccessView>,
    },
    /// 1.3.6.1.5.5.7.1.11
    SubjectInfoAccess {
        /// Access descriptions.
        access: Vec<AccessView>,
    },
    /// 2.5.29.32
    CertificatePolicies {
        /// The policies.
        policies: Vec<PolicyView>,
    },
    /// 2.5.29.33
    PolicyMappings {
        /// Issuer policy → subject policy.
        mappings: Vec<PolicyMappingView>,
    },
    /// 2.5.29.36
    PolicyConstraints {
        /// requireExplicitPolicy skip count.
        require_explicit_policy: Option<u32>,
        /// inhibitPolicyMapping skip count.
        inhibit_policy_mapping: Option<u32>,
    },
    /// 2.5.29.54
    InhibitAnyPolicy {
        /// Certificates after which anyPolicy stops counting.
        skip_certs: u32,
    },
    /// 2.5.29.30
    NameConstraints {
        /// Permitted subtrees.
        permitted: Vec<GeneralNameView>,
        /// Excluded subtrees.
        excluded: Vec<GeneralNameView>,
    },
    /// 1.3.6.1.4.1.11129.2.4.2
    SignedCertificateTimestamps {
        /// The SCTs.
        scts: Vec<SctView>,
    },
    /// 1.3.6.1.5.5.7.1.24
    TlsFeature {
        /// TLS extension numbers required (5 = status_request, "must-staple").
        features: Vec<u64>,
        /// status_request is required: the server must staple an OCSP response.
        must_staple: bool,
    },
    /// 1.3.6.1.5.5.7.48.1.5
    OcspNoCheck,
    /// 2.5.29.16
    PrivateKeyUsagePeriod {
        /// RFC 3339.
        not_before: Option<String>,
        /// RFC 3339.
        not_after: Option<String>,
    },
    /// 2.16.840.1.113730.1.1
    NetscapeCertType {
        /// Type names.
        types: Vec<String>,
    },
    /// 2.16.840.1.113730.1.13
    NetscapeComment {
        /// The comment.
        comment: String,
    },
    /// 1.3.6.1.4.1.311.21.7 (version 2+ templates)
    CertificateTemplate {
        /// Template OID.
        template_oid: String,
        /// Major version.
        major_version: Option<u64>,
        /// Minor version.
        minor_version: Option<u64>,
    },
    /// 1.3.6.1.4.1.311.20.2 (version 1 templates)
    CertificateTemplateName {
        /// The template name, e.g. `SmartcardLogon`.
        name: String,
    },
    /// 1.3.6.1.4.1.311.21.1
    CaVersion {
        /// How many times the CA certificate was renewed.
        certificate_index: u64,
        /// How many times the CA key was renewed.
        key_index: u64,
    },
    /// 1.3.6.1.4.1.311.21.2
    PreviousCaHash {
        /// SHA-1 of the previous CA certificate, lowercase hex.
        hash: String,
    },
    /// 1.3.6.1.4.1.311.21.10
    ApplicationPolicies {
        /// Policies (EKU-like OIDs).
        policies: Vec<OidName>,
    },
    /// 1.3.6.1.4.1.311.25.2
    NtdsSecurity {
        /// The account SID, `S-1-5-21-...`.
        sid: String,
    },
}

/// What a decoder returns: typed data and plain-language lines.
pub(crate) type Decoded = (ExtensionDetail, Vec<String>);

/// An extension decoder: the extnValue content in, typed data and lines (or what is wrong) out.
type Decoder = fn(&[u8]) -> Result<Decoded, String>;

/// Decode one extension's value (the content of extnValue).
pub fn decode(oid: &str, critical: bool, raw: &[u8]) -> ExtensionView {
    let decoder: Option<Decoder> = match oid {
        "2.5.29.19" => Some(constraints::basic_constraints),
        "2.5.29.30" => Some(constraints::name_constraints),
        "2.5.29.36" => Some(constraints::policy_constraints),
        "2.5.29.54" => Some(constraints::inhibit_any_policy),
        "2.5.29.15" => Some(usage::key_usage),
        "2.5.29.37" => Some(usage::extended_key_usage),
        "1.3.6.1.5.5.7.1.24" => Some(usage::tls_feature),
        "1.3.6.1.5.5.7.48.1.5" => Some(usage::ocsp_no_check),
        "2.5.29.16" => Some(usage::private_key_usage_period),
        "2.16.840.1.113730.1.1" => Some(usage::netscape_cert_type),
        "2.16.840.1.113730.1.13" => Some(usage::netscape_comment),
        "2.5.29.17" => Some(alt_names::subject_alt_name),
        "2.5.29.18" => Some(alt_names::issuer_alt_name),
        "2.5.29.14" => Some(key_ids::subject_key_identifier),
        "2.5.29.35" => Some(key_ids::authority_key_identifier),
        "2.5.29.31" => Some(crl::crl_distribution_points),
        "2.5.29.46" => Some(crl::freshest_crl),
        "1.3.6.1.5.5.7.1.1" => Some(access::authority_info_access),
        "1.3.6.1.5.5.7.1.11" => Some(access::subject_info_access),
        "2.5.29.32" => Some(policies::certificate_policies),
        "2.5.29.33" => Some(policies::policy_mappings),
        "1.3.6.1.4.1.11129.2.4.2" => Some(sct::sct_list),
        "1.3.6.1.4.1.311.21.7" => Some(microsoft::certificate_template),
        "1.3.6.1.4.1.311.20.2" => Some(microsoft::certificate_template_name),
        "1.3.6.1.4.1.311.21.1" => Some(microsoft::ca_version),
        "1.3.6.1.4.1.311.21.2" => Some(microsoft::previous_ca_hash),
        "1.3.6.1.4.1.311.21.10" => Some(microsoft::application_policies),
        "1.3.6.1.4.1.311.25.2" => Some(microsoft::ntds_security),
        _ => None,
    };
    let mut view = ExtensionView {
        oid: oid.to_string(),
        name: oids::extension_name(oid).map_or_else(|| oid.to_string(), str::to_string),
        critical,
        values: Vec::new(),
        error: None,
        detail: None,
        known: decoder.is_some(),
    };
    match decoder.map(|d| d(raw)) {
        Some(Ok((detail, lines))) => {
            view.values = lines;
            view.detail = Some(detail);
        }
        Some(Err(e)) => {
            view.error = Some(e);
            view.values.push(der::hex(raw));
        }
        None => view.values.push(der::hex(raw)),
    }
    view
}

/// Read exactly one TLV from `raw`: trailing bytes are an error.
/// Names of the bits set in a named-bit-list value, bit 0 first (key usage, CRL reasons).
pub(crate) fn flag_names(flags: u16, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .filter(|(bit, _)| flags & (1 << bit) != 0)
        .map(|(_, n)| (*n).to_string())
        .collect()
}

pub(crate) fn single(raw: &[u8]) -> Result<der::Tlv<'_>, String> {
    let (t, rest) = der::read_tlv(raw, 0).map_err(|e| e.to_string())?;
    if !rest.is_empty() {
        return Err(format!("{} unexpected bytes after the value", rest.len()));
    }
    Ok(t)
}

/// The children of a SEQUENCE that must be the whole value.
pub(crate) fn sequence(raw: &[u8]) -> Result<Vec<der::Tlv<'_>>, String> {
    let t = single(raw)?;
    if t.tag != 0x30 {
        return Err(format!("expected a SEQUENCE, found tag 0x{:02x}", t.tag));
    }
    der::children(&t).map_err(|e| e.to_string())
}

/// An x509-parser `FromDer` result that must consume everything.
pub(crate) fn whole<T, E: std::fmt::Debug>(r: Result<(&[u8], T), x509_parser::nom::Err<E>>) -> Result<T, String> {
    match r {
        Ok(([], v)) => Ok(v),
        Ok((rest, _)) => Err(format!("{} unexpected bytes after the value", rest.len())),
        Err(e) => Err(format!("cannot be decoded: {e}")),
    }
}

/// An OID TLV as dotted text.
pub(crate) fn oid_of(t: &der::Tlv<'_>) -> Result<String, String> {
    oid_str_of(t).map(std::borrow::Cow::into_owned)
}

/// [`oid_of`], borrowing the text of a common OID ([`der::oid_str`]) for a caller that only
/// compares it.
pub(crate) fn oid_str_of(t: &der::Tlv<'_>) -> Result<std::borrow::Cow<'static, str>, String> {
    if t.tag != 0x06 {
        return Err(format!("expected an OBJECT IDENTIFIER, found tag 0x{:02x} at byte {}", t.tag, t.offset));
    }
    der::oid_str(t.value).ok_or_else(|| format!("invalid OBJECT IDENTIFIER at byte {}", t.offset))
}

/// General names as views and "KIND: value" lines.
pub(crate) fn name_lines(names: &[GeneralNameView]) -> Vec<String> {
    names
        .iter()
        .map(|g| match &g.unicode {
            Some(u) => format!("{}: {} ({u})", kind_label(&g.kind), g.value),
            None => format!("{}: {}", kind_label(&g.kind), g.value),
        })
        .collect()
}

/// How a general-name kind is labelled in lines.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "dns" => "DNS",
        "ip" => "IP",
        "email" => "Email",
        "uri" => "URL",
        "upn" => "UPN",
        "sid" => "SID",
        "directory" => "Directory name",
        "registered-id" => "Registered ID",
        "other" => "Other name",
        "x400" => "X.400",
        "edi-party" => "EDI party",
        _ => "Invalid name",
    }
}

//! Dropped CRLs, parsed once into owned facts.

use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::names::{distribution_point_names, ConstrainedName, NormName};
use crate::der;
use super::verify::{self, Signed};

const KNOWN_CRL_EXTENSIONS: &[&str] = &["2.5.29.20", "2.5.29.27", "2.5.29.28", "2.5.29.35", "2.5.29.18", "2.5.29.46", "1.3.6.1.5.5.7.1.1"];
const KNOWN_ENTRY_EXTENSIONS: &[&str] = &["2.5.29.21", "2.5.29.24", "2.5.29.23", "2.5.29.29"];

/// One revoked certificate entry.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Serial number content octets.
    pub serial: Vec<u8>,
    /// Revocation date, Unix seconds.
    pub date: i64,
    /// Reason code name, when given.
    pub reason: Option<String>,
    /// Critical entry extensions not understood.
    pub unknown_critical: Vec<String>,
    /// The issuer of the revoked certificate: the CRL issuer, or the last certificateIssuer
    /// entry extension seen (indirect CRLs, RFC 5280 5.3.3).
    pub issuer: NormName,
}

/// The issuing distribution point extension.
#[derive(Clone, Debug, Default)]
pub struct Idp {
    /// Full names of the distribution point.
    pub names: Vec<ConstrainedName>,
    /// Only end-entity certificates are covered.
    pub only_user: bool,
    /// Only CA certificates are covered.
    pub only_ca: bool,
    /// Only attribute certificates are covered.
    pub only_attribute: bool,
    /// Only these revocation reasons are covered (bit n = reason code n), when limited.
    pub only_some_reasons: Option<u16>,
    /// An indirect CRL (entries for other issuers).
    pub indirect: bool,
}

/// One CRL.
#[derive(Clone, Debug)]
pub struct Crl {
    /// Index in the caller's CRL list.
    pub index: usize,
    /// Where it came from (file name).
    pub source: String,
    /// TBS, algorithm and signature.
    pub signed: Signed,
    /// Issuer, normalised.
    pub issuer: NormName,
    /// Issuer as text.
    pub issuer_text: String,
    /// Authority key identifier (key id), naming the key that signed it.
    pub aki: Option<Vec<u8>>,
    /// thisUpdate, Unix seconds.
    pub this_update: i64,
    /// nextUpdate, Unix seconds.
    pub next_update: Option<i64>,
    /// Revoked entries.
    pub entries: Vec<Entry>,
    /// CRL number, hex.
    pub number: Option<String>,
    /// A delta CRL (deltaCRLIndicator present).
    pub delta: bool,
    /// The base CRL number a delta CRL names (its deltaCRLIndicator), hex as `number`.
    pub delta_base: Option<String>,
    /// The issuing distribution point as encoded (the CRL's scope: a delta applies
    /// to a complete CRL of the same scope).
    pub idp_der: Option<Vec<u8>>,
    /// Issuing distribution point, when present.
    pub idp: Option<Idp>,
    /// Critical CRL extensions not understood, and critical extensions of entries
    /// not understood (either makes the whole CRL unusable).
    pub unknown_critical: Vec<String>,
    /// Why a strict reading fails (RFC 5280 section 5): a CRL that fails is no evidence.
    pub malformed: Vec<String>,
}

fn reason_name(code: u8) -> &'static str {
    match code {
        0 => "unspecified",
        1 => "keyCompromise",
        2 => "cACompromise",
        3 => "affiliationChanged",
        4 => "superseded",
        5 => "cessationOfOperation",
        6 => "certificateHold",
        8 => "removeFromCRL",
        9 => "privilegeWithdrawn",
        10 => "aACompromise",
        _ => "unknown reason",
    }
}

impl Crl {
    /// Parse a DER CRL; `None` when unreadable.
    pub fn parse(index: usize, source: &str, der_bytes: &[u8]) -> Option<Crl> {
        let (_, x) = CertificateRevocationList::from_der(der_bytes).ok()?;
        let signed = verify::split_signed(der_bytes)?;
        let mut crl = Crl {
            index,
            source: source.to_string(),
            signed,
            issuer: NormName::from_der(x.issuer().as_raw()),
            issuer_text: crate::model::format_name(x.issuer()),
            aki: None,
            this_update: x.last_update().timestamp(),
            next_update: x.next_update().map(|t| t.timestamp()),
            entries: Vec::new(),
            number: x.crl_number().map(|n| format!("{n:x}")),
            delta: false,
            delta_base: None,
            idp_der: None,
            idp: None,
            unknown_critical: Vec::new(),
            malformed: strict_problems(der_bytes),
        };
        for ext in x.extensions() {
            let oid = crate::der::oid_text(&ext.oid);
            if ext.critical && !KNOWN_CRL_EXTENSIONS.contains(&oid.as_str()) {
                crl.unknown_critical.push(oid.clone());
            }
            if oid == "2.5.29.20" && ext.critical {
                crl.malformed.push("its CRL number is marked critical (RFC 5280 section 5.2.3: non-critical)".into());
            }
            match ext.parsed_extension() {
                _ if oid == "2.5.29.28" => {
                    crl.idp = Some(parse_idp(ext.value, &crl.issuer));
                    crl.idp_der = Some(ext.value.to_vec());
                }
                _ if oid == "2.5.29.27" => {
                    crl.delta = true;
                    crl.delta_base = der::read_tlv(ext.value, 0).ok().filter(|(t, _)| t.tag == 0x02).map(|(t, _)| number_hex(t.value));
                }
                ParsedExtension::AuthorityKeyIdentifier(a) => crl.aki = a.key_identifier.as_ref().map(|k| k.0.to_vec()),
                ParsedExtension::ParseError { .. } if ext.critical => crl.unknown_critical.push(format!("{oid} (malformed)")),
                _ => {}
            }
        }
        let mut current_issuer = crl.issuer.clone();
        for rc in x.iter_revoked_certificates() {
            for ext in rc.extensions().iter().filter(|e| crate::der::oid_text(&e.oid) == "2.5.29.29") {
                if let Some(ConstrainedName::Directory(d)) =
                    der::read_tlv(ext.value, 0).ok().and_then(|(t, _)| super::names::general_names_der(t.value).into_iter().next())
                {
                    current_issuer = d;
                }
            }
            let mut e = Entry {
                issuer: current_issuer.clone(),
                serial: rc.raw_serial().to_vec(),
                date: rc.revocation_date.timestamp(),
                reason: rc.reason_code().map(|(_, r)| reason_name(r.0).to_string()),
                unknown_critical: Vec::new(),
            };
            for ext in rc.extensions() {
                let oid = crate::der::oid_text(&ext.oid);
                if ext.critical && !KNOWN_ENTRY_EXTENSIONS.contains(&oid.as_str()) {
                    let entry_oid = format!("{oid} (entry extension)");
                    if !crl.unknown_critical.contains(&entry_oid) {
                        crl.unknown_critical.push(entry_oid);
                    }
                    e.unknown_critical.push(oid);
                }
            }
            crl.entries.push(e);
        }
        Some(crl)
    }

    /// Short label: the file name.
    pub fn label(&self) -> String {
        self.source.clone()
    }
}

/// An INTEGER's content octets as lowercase hex without leading zeros (the form
/// `{:x}` gives a CRL number).
fn number_hex(content: &[u8]) -> String {
    let hex = der::hex(content);
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() { "0".into() } else { trimmed.into() }
}

/// A CRL number in that hex form as a sentence says it: in decimal, as `openssl crl -text`
/// shows it ("CRL number 301", not "12d"), or `0x…` when it is too long for that.
pub fn number_words(hex: &str) -> String {
    u128::from_str_radix(hex, 16).map_or_else(|_| format!("0x{hex}"), |n| n.to_string())
}

/// Compare two CRL numbers in that hex form.
pub fn cmp_numbers(a: &str, b: &str) -> std::cmp::Ordering {
    (a.len(), a).cmp(&(b.len(), b))
}

impl Crl {
    /// This delta CRL applies to the complete CRL `base`: same issuer, same scope
    /// (issuing distribution point), and the base's CRL number is at least the
    /// delta's base CRL number (RFC 5280 5.2.4), and the delta is newer than it.
    pub fn delta_applies_to(&self, base: &Crl) -> bool {
        let (Some(want), Some(have)) = (self.delta_base.as_deref(), base.number.as_deref()) else { return false };
        self.delta
            && !base.delta
            && self.issuer == base.issuer
            && self.idp_der == base.idp_der
            && cmp_numbers(have, want) != std::cmp::Ordering::Less
            && self.number.as_deref().is_none_or(|n| cmp_numbers(n, have) == std::cmp::Ordering::Greater)
    }
}

/// What a strict reading of the CRL's DER finds wrong (RFC 5280 section 5.1):
/// a version other than v1 or v2, an empty revokedCertificates SEQUENCE,
/// signature algorithms that differ inside and outside the signed part,
/// anything after a revocation date other than the entry's extensions.
fn strict_problems(der_bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let Ok((top, _)) = der::read_tlv(der_bytes, 0) else { return out };
    let outer = der::children(&top).unwrap_or_default();
    let (Some(tbs), Some(outer_alg)) = (outer.first(), outer.get(1)) else { return out };
    let fields = der::children(tbs).unwrap_or_default();
    let mut i = 0;
    if let Some(v) = fields.first().filter(|f| f.tag == 0x02) {
        if !matches!(v.value, [0] | [1]) {
            out.push(format!("its version is {} (only v1 and v2 exist)", v.value.iter().fold(0u64, |a, b| a.saturating_mul(256).saturating_add(u64::from(*b))).saturating_add(1)));
        }
        i = 1;
    }
    if let Some(inner_alg) = fields.get(i) {
        if inner_alg.tag == 0x30 && (inner_alg.value != outer_alg.value || outer_alg.tag != 0x30) {
            out.push("the signature algorithm inside the signed part differs from the one outside (RFC 5280 section 5.1.1.2)".into());
        }
    }
    // issuer, thisUpdate, then optional nextUpdate, then optional revokedCertificates.
    let mut j = i + 3;
    if fields.get(j).is_some_and(|f| f.tag == 0x17 || f.tag == 0x18) {
        j += 1;
    }
    if let Some(list) = fields.get(j).filter(|f| f.tag == 0x30) {
        let entries = der::children(list).unwrap_or_default();
        if entries.is_empty() {
            out.push("its list of revoked certificates is present but empty (RFC 5280 section 5.1.2.6: leave it out)".into());
        }
        for e in &entries {
            let parts = der::children(e).unwrap_or_default();
            let extra = parts.get(2).is_some_and(|x| x.tag != 0x30) || parts.len() > 3;
            if extra {
                out.push("an entry has data after its revocation date that is not an extension list".into());
                break;
            }
        }
    }
    out
}

/// IssuingDistributionPoint (RFC 5280 5.2.5), read with the DER reader.
fn parse_idp(raw: &[u8], issuer: &NormName) -> Idp {
    let mut idp = Idp::default();
    let Ok((seq, _)) = der::read_tlv(raw, 0) else { return idp };
    for f in der::children(&seq).unwrap_or_default() {
        let flag = f.value.first().is_some_and(|b| *b != 0);
        match f.tag {
            0xa0 => idp.names = distribution_point_names(f.value, issuer),
            0x81 => idp.only_user = flag,
            0x82 => idp.only_ca = flag,
            0x83 => idp.only_some_reasons = Some(reason_bits(f.value)),
            0x84 => idp.indirect = flag,
            0x85 => idp.only_attribute = flag,
            _ => {}
        }
    }
    idp
}

/// ReasonFlags BIT STRING content → mask with bit n = reason n.
fn reason_bits(content: &[u8]) -> u16 {
    let mut mask = 0u16;
    for (i, byte) in content.iter().skip(1).take(2).enumerate() {
        for j in 0..8 {
            if byte & (0x80 >> j) != 0 {
                mask |= 1 << (i * 8 + j);
            }
        }
    }
    mask
}

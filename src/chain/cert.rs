//! The facts path validation needs from one certificate, owned and parsed once.

use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::X509Certificate;

use super::names::{constrained_name, distribution_point_names, ConstrainedName, Constraints, NormName};
use super::verify::{self, Signed};
use crate::der;

/// Extensions this tool understands well enough that a critical flag is fine.
const KNOWN_EXTENSIONS: &[&str] = &[
    "2.5.29.14", // subjectKeyIdentifier
    "2.5.29.15", // keyUsage
    "2.5.29.17", // subjectAltName
    "2.5.29.18", // issuerAltName
    "2.5.29.19", // basicConstraints
    "2.5.29.30", // nameConstraints
    "2.5.29.31", // cRLDistributionPoints
    "2.5.29.32", // certificatePolicies
    "2.5.29.33", // policyMappings
    "2.5.29.35", // authorityKeyIdentifier
    "2.5.29.36", // policyConstraints
    "2.5.29.37", // extKeyUsage
    "2.5.29.46", // freshestCRL
    "2.5.29.54", // inhibitAnyPolicy
    "2.5.29.9",  // subjectDirectoryAttributes
    "1.3.6.1.5.5.7.1.1",  // authorityInfoAccess
    "1.3.6.1.5.5.7.1.11", // subjectInfoAccess
    "1.3.6.1.5.5.7.1.24", // TLS feature (must-staple)
    "1.3.6.1.5.5.7.48.1.5", // OCSP no check
];

/// One certificate, as the chain engine sees it.
#[derive(Clone, Debug)]
pub struct Cert {
    /// Index in the caller's certificate list (= report index).
    pub index: usize,
    /// TBS, algorithm and signature bits.
    pub signed: Signed,
    /// SubjectPublicKeyInfo TLV.
    pub spki: verify::Part,
    /// Subject, normalised.
    pub subject: NormName,
    /// Issuer, normalised.
    pub issuer: NormName,
    /// Subject as text.
    pub subject_text: String,
    /// Length of the subject's DER encoding (what a TLS issuer list carries).
    pub subject_der_len: usize,
    /// Issuer as text (shared like `issuer`: [`SharedNames`]).
    pub issuer_text: std::sync::Arc<str>,
    /// Serial number content octets.
    pub serial: Vec<u8>,
    /// Validity, Unix seconds.
    pub not_before: i64,
    /// Validity, Unix seconds.
    pub not_after: i64,
    /// X.509 version (1..3).
    pub version: u32,
    /// basicConstraints: (cA, pathLenConstraint).
    pub basic_constraints: Option<(bool, Option<u32>)>,
    /// keyUsage bits (bit 0 = digitalSignature), when present.
    pub key_usage: Option<u16>,
    /// EKU OIDs, when present.
    pub eku: Option<std::sync::Arc<[String]>>,
    /// Subject key identifier.
    pub ski: Option<Vec<u8>>,
    /// Authority key identifier (key id).
    pub aki: Option<Vec<u8>>,
    /// Subject alternative names.
    pub san: Vec<ConstrainedName>,
    /// Critical extensions not understood (OIDs), plus malformed critical ones.
    pub unknown_critical: Vec<String>,
    /// CDP URLs (http, https, ldap, file...): one list, which each path's element and its
    /// revocation state share.
    pub crl_urls: std::sync::Arc<[String]>,
    /// CDP full names, for matching a CRL's issuing distribution point.
    pub cdp_names: Vec<ConstrainedName>,
    /// CDP cRLIssuer names: who issues the (indirect) CRL for this certificate.
    pub crl_issuers: Vec<NormName>,
    /// A distribution point without cRLIssuer exists (or there is no CDP): the issuer's own CRL covers it.
    pub direct_crl: bool,
    /// AIA CA-issuers URLs.
    pub aia_issuer_urls: std::sync::Arc<[String]>,
    /// Certificate policy OIDs, when the extension is present.
    pub policies: Option<std::sync::Arc<[String]>>,
    /// Subject equals issuer (normalised).
    pub self_issued: bool,
    /// RSA modulus size, for the weak-key check.
    pub rsa_bits: Option<usize>,
    /// RSA modulus size in bits, exactly (leading zero bits not counted).
    pub rsa_exact_bits: Option<usize>,
    /// Named curve OID of an EC public key.
    pub ec_curve: Option<String>,
    /// basicConstraints is present and critical.
    pub basic_constraints_critical: bool,
    /// What few certificates carry (constraints, policy mappings, odd encodings): one box,
    /// absent for most leaves (~170 bytes each inline: 8 MB at 50,000 leaves).
    pub rare: Option<Box<Rare>>,
}

/// The facts of [`Cert`] that few certificates have ([`Cert::rare`]).
#[derive(Clone, Debug)]
pub struct Rare {
    /// Name constraints.
    pub name_constraints: Option<Constraints>,
    /// Policy mappings (issuerDomainPolicy, subjectDomainPolicy).
    pub policy_mappings: Vec<(String, String)>,
    /// policyConstraints requireExplicitPolicy.
    pub require_explicit_policy: Option<u32>,
    /// policyConstraints inhibitPolicyMapping.
    pub inhibit_policy_mapping: Option<u32>,
    /// inhibitAnyPolicy skipCerts.
    pub inhibit_any_policy: Option<u32>,
    /// Extension OIDs that appear more than once.
    pub duplicate_extensions: Vec<String>,
    /// Key identifier extensions marked critical (`authorityKeyIdentifier`, `subjectKeyIdentifier`).
    pub critical_key_ids: Vec<&'static str>,
    /// policyConstraints is present and not critical.
    pub policy_constraints_noncritical: bool,
    /// nameConstraints is present with neither permitted nor excluded subtrees.
    pub name_constraints_empty: bool,
    /// The policies of a critical Microsoft application-policies extension
    /// (1.3.6.1.4.1.311.21.10), which CryptoAPI reads in place of the EKU.
    pub critical_app_policies: Option<Vec<String>>,
}

impl Rare {
    /// None of them.
    pub const EMPTY: Rare = Rare {
        name_constraints: None,
        policy_mappings: Vec::new(),
        require_explicit_policy: None,
        inhibit_policy_mapping: None,
        inhibit_any_policy: None,
        policy_constraints_noncritical: false,
        name_constraints_empty: false,
        critical_app_policies: None,
        duplicate_extensions: Vec::new(),
        critical_key_ids: Vec::new(),
    };
}

impl Default for Rare {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// A certificate without any of them.
static NO_RARE: Rare = Rare::EMPTY;

impl Cert {
    /// Its rare facts (none: all empty).
    pub fn rare(&self) -> &Rare {
        self.rare.as_deref().unwrap_or(&NO_RARE)
    }

    /// Its rare facts, to set one (the box is made at the first).
    pub fn rare_mut(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }
}

/// One copy of each issuer's name for the chain facts of many certificates: the analysis
/// hands it every certificate it reads ([`SharedNames::share`]), and a certificate whose
/// issuer (normalised, and as text) was seen before holds that name instead of its own copy
/// (10,000 leaves of 4 issuers: 4 copies instead of 10,000). Nothing else changes: the
/// names are equal. It holds one entry per distinct issuer, never more than the
/// certificates it was given; let it go once the certificates are read.
#[derive(Debug, Default)]
pub struct SharedNames {
    names: std::collections::HashSet<NormName>,
    texts: std::collections::HashSet<std::sync::Arc<str>>,
    /// Lists of URLs and OIDs (CDP, AIA, EKU, policies): the leaves of one CA carry the same.
    lists: std::collections::HashSet<std::sync::Arc<[String]>>,
}

impl SharedNames {
    /// Let `c` hold the issuer's name (normalised and text) seen before, or keep its own
    /// for the next certificates of the same issuer.
    pub fn share(&mut self, c: &mut Cert) {
        match self.names.get(&c.issuer) {
            Some(n) => c.issuer = n.clone(),
            None => {
                self.names.insert(c.issuer.clone());
            }
        }
        match self.texts.get(&*c.issuer_text) {
            Some(t) => c.issuer_text = t.clone(),
            None => {
                self.texts.insert(c.issuer_text.clone());
            }
        }
        let lists = &mut self.lists;
        let mut share = |list: &mut std::sync::Arc<[String]>| {
            if list.is_empty() {
                return;
            }
            match lists.get(&**list) {
                Some(l) => *list = l.clone(),
                None => {
                    lists.insert(list.clone());
                }
            }
        };
        share(&mut c.crl_urls);
        share(&mut c.aia_issuer_urls);
        c.eku.iter_mut().for_each(&mut share);
        c.policies.iter_mut().for_each(&mut share);
    }
}

/// The Microsoft application-policies extension (CryptoAPI's own; EKU-like OIDs).
pub const OID_MS_APP_POLICIES: &str = "1.3.6.1.4.1.311.21.10";

/// The policy OIDs of an application-policies value (SEQUENCE OF SEQUENCE { OID, ... }),
/// `None` when it does not read as one.
fn app_policy_oids(raw: &[u8]) -> Option<Vec<String>> {
    let (seq, rest) = der::read_tlv(raw, 0).ok()?;
    if seq.tag != 0x30 || !rest.is_empty() {
        return None;
    }
    der::children(&seq)
        .ok()?
        .iter()
        .map(|info| {
            let kids = der::children(info).ok()?;
            let oid = kids.first().filter(|t| info.tag == 0x30 && t.tag == 0x06)?;
            der::oid_to_string(oid.value)
        })
        .collect()
}

/// EKU OIDs of an extension value.
fn eku_oids(raw: &[u8]) -> Vec<String> {
    let Ok((seq, _)) = der::read_tlv(raw, 0) else { return Vec::new() };
    der::children(&seq).unwrap_or_default().iter().filter(|t| t.tag == 0x06).filter_map(|t| der::oid_to_string(t.value)).collect()
}

impl Cert {
    /// Self-issued with no authority key identifier or one equal to its subject key
    /// identifier: a root, unless its own signature says otherwise (a key rollover
    /// certificate names another key).
    pub fn root_like(&self) -> bool {
        self.self_issued && (self.aki.is_none() || self.aki == self.ski)
    }

    /// Parse a DER certificate; `None` when it cannot be read.
    pub fn parse(index: usize, der_bytes: &[u8]) -> Option<Cert> {
        let shared: std::sync::Arc<[u8]> = std::sync::Arc::from(der_bytes);
        let (_, x) = crate::model::CertificateView::parse(&shared).ok()?;
        let texts = (crate::model::format_name(x.subject()), crate::model::format_name(x.issuer()));
        Cert::from_x509(index, &x, &shared, texts)
    }

    /// The chain facts of an already parsed certificate (`der` is what `x` was
    /// parsed from; its signed parts and key stay in it, not copied); `texts`
    /// are its subject and issuer as the model formats them (the analysis has
    /// them already).
    pub fn from_x509(index: usize, x: &X509Certificate<'_>, der: &std::sync::Arc<[u8]>, texts: (String, String)) -> Option<Cert> {
        let signed = verify::split_signed_shared(der)?;
        let subject = NormName::from_der(x.subject().as_raw());
        let issuer = NormName::from_der(x.issuer().as_raw());
        let mut c = Cert {
            index,
            signed,
            spki: verify::Part::of(der, x.public_key().raw)?,
            self_issued: subject == issuer,
            subject,
            issuer,
            subject_text: texts.0,
            subject_der_len: x.subject().as_raw().len(),
            issuer_text: texts.1.into(),
            serial: x.raw_serial().to_vec(),
            not_before: x.validity().not_before.timestamp(),
            not_after: x.validity().not_after.timestamp(),
            version: x.version().0 + 1,
            basic_constraints: None,
            key_usage: None,
            eku: None,
            ski: None,
            aki: None,
            san: Vec::new(),
            unknown_critical: Vec::new(),
            crl_urls: std::sync::Arc::default(),
            rare: None,
            cdp_names: Vec::new(),
            crl_issuers: Vec::new(),
            direct_crl: true,
            aia_issuer_urls: std::sync::Arc::default(),
            policies: None,
            rsa_bits: None,
            rsa_exact_bits: None,
            ec_curve: None,
            basic_constraints_critical: false,
        };
        if let Ok(x509_parser::public_key::PublicKey::RSA(rsa)) = x.public_key().parsed() {
            c.rsa_bits = Some(rsa.key_size());
            let m = rsa.modulus;
            let start = m.iter().position(|b| *b != 0).unwrap_or(m.len());
            c.rsa_exact_bits = m.get(start).map(|first| (m.len() - start - 1) * 8 + (8 - first.leading_zeros() as usize));
        }
        if crate::der::oid_text(&x.public_key().algorithm.algorithm) == "1.2.840.10045.2.1" {
            c.ec_curve = x.public_key().algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()).map(|o| crate::der::oid_text(&o));
        }
        let mut seen: Vec<String> = Vec::new();
        for ext in x.extensions() {
            let oid = crate::der::oid_text(&ext.oid);
            if seen.contains(&oid) {
                if !c.rare_mut().duplicate_extensions.contains(&oid) {
                    c.rare_mut().duplicate_extensions.push(oid.clone());
                }
            } else {
                seen.push(oid.clone());
            }
            match (oid.as_str(), ext.critical) {
                ("2.5.29.35", true) => c.rare_mut().critical_key_ids.push("authorityKeyIdentifier"),
                ("2.5.29.14", true) => c.rare_mut().critical_key_ids.push("subjectKeyIdentifier"),
                ("2.5.29.19", critical) => c.basic_constraints_critical = critical,
                ("2.5.29.36", false) => c.rare_mut().policy_constraints_noncritical = true,
                ("2.5.29.30", _) => c.rare_mut().name_constraints_empty = ext.value == [0x30, 0x00],
                _ => {}
            }
            if oid == "2.5.29.31" {
                (c.cdp_names, c.crl_issuers, c.direct_crl) = cdp_names(ext.value, &c.issuer);
            }
            if ext.critical && oid == OID_MS_APP_POLICIES {
                // CryptoAPI understands its own extension; unreadable, it is unknown.
                match app_policy_oids(ext.value) {
                    Some(list) => c.rare_mut().critical_app_policies = Some(list),
                    None => c.unknown_critical.push(format!("{oid} (malformed)")),
                }
            } else if ext.critical && !KNOWN_EXTENSIONS.contains(&oid.as_str()) {
                c.unknown_critical.push(oid.clone());
            }
            match ext.parsed_extension() {
                ParsedExtension::BasicConstraints(bc) => c.basic_constraints = Some((bc.ca, bc.path_len_constraint)),
                ParsedExtension::KeyUsage(ku) => c.key_usage = Some(ku.flags),
                ParsedExtension::ExtendedKeyUsage(_) => c.eku = Some(eku_oids(ext.value).into()),
                ParsedExtension::SubjectKeyIdentifier(k) => c.ski = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => c.aki = a.key_identifier.as_ref().map(|k| k.0.to_vec()),
                ParsedExtension::SubjectAlternativeName(san) => c.san = san.general_names.iter().map(constrained_name).collect(),
                ParsedExtension::NameConstraints(nc) => {
                    let conv = |v: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
                        v.iter().flatten().map(|s| constrained_name(&s.base)).collect::<Vec<_>>()
                    };
                    c.rare_mut().name_constraints =
                        Some(Constraints { permitted: conv(&nc.permitted_subtrees), excluded: conv(&nc.excluded_subtrees) });
                }
                ParsedExtension::CRLDistributionPoints(cdp) => {
                    let mut urls = c.crl_urls.to_vec();
                    for point in cdp.iter() {
                        if let Some(DistributionPointName::FullName(names)) = &point.distribution_point {
                            for gn in names {
                                if let GeneralName::URI(u) = gn {
                                    urls.push((*u).to_string());
                                }
                            }
                        }
                    }
                    c.crl_urls = urls.into();
                }
                ParsedExtension::AuthorityInfoAccess(aia) => {
                    let mut urls = c.aia_issuer_urls.to_vec();
                    for ad in aia.iter() {
                        if crate::der::oid_text(&ad.access_method) == "1.3.6.1.5.5.7.48.2" {
                            if let GeneralName::URI(u) = &ad.access_location {
                                urls.push((*u).to_string());
                            }
                        }
                    }
                    c.aia_issuer_urls = urls.into();
                }
                ParsedExtension::PolicyMappings(m) => {
                    c.rare_mut().policy_mappings = m
                        .mappings
                        .iter()
                        .map(|x| (crate::der::oid_text(&x.issuer_domain_policy), crate::der::oid_text(&x.subject_domain_policy)))
                        .collect();
                }
                ParsedExtension::PolicyConstraints(pc) => {
                    c.rare_mut().require_explicit_policy = pc.require_explicit_policy;
                    c.rare_mut().inhibit_policy_mapping = pc.inhibit_policy_mapping;
                }
                ParsedExtension::InhibitAnyPolicy(i) => c.rare_mut().inhibit_any_policy = Some(i.skip_certs),
                ParsedExtension::CertificatePolicies(p) => {
                    c.policies = Some(p.iter().map(|pi| crate::der::oid_text(&pi.policy_id)).collect());
                }
                ParsedExtension::ParseError { .. } if ext.critical && !c.unknown_critical.contains(&oid) => {
                    c.unknown_critical.push(format!("{oid} (malformed)"));
                }
                _ => {}
            }
        }
        Some(c)
    }

    /// Short label for messages: [`crate::model::names::certificate_name`] (the CN, else the
    /// whole subject, else an alternative name or the serial).
    pub fn label(&self) -> String {
        let alt = self.san.iter().filter_map(|n| match n {
            ConstrainedName::Dns(v) | ConstrainedName::Upn(v) | ConstrainedName::Email(v) => Some(v.as_str()),
            _ => None,
        });
        crate::model::names::certificate_name(&self.subject_text, alt, &crate::der::hex(&self.serial)).into_owned()
    }

    /// True when basicConstraints says CA.
    pub fn is_ca(&self) -> bool {
        matches!(self.basic_constraints, Some((true, _)))
    }

    /// Key usage bit set (or no keyUsage extension at all).
    pub fn allows(&self, bit: u16) -> bool {
        self.key_usage.is_none_or(|k| k & (1 << bit) != 0)
    }

    /// Names subject to name constraints: the subject DN (when not empty), SANs,
    /// and emailAddress attributes of the subject when there is no rfc822 SAN.
    pub fn constrained_names(&self) -> Vec<ConstrainedName> {
        let mut out = Vec::new();
        if !self.subject.is_empty() {
            out.push(ConstrainedName::Directory(self.subject.clone()));
        }
        out.extend(self.san.iter().cloned());
        if !self.san.iter().any(|n| matches!(n, ConstrainedName::Email(_))) {
            out.extend(self.subject.emails().into_iter().map(ConstrainedName::Email));
        }
        out
    }
}

/// The CN of a formatted name (Windows form), unquoted, or the whole name when it has none.
pub fn short_name(formatted: &str) -> String {
    if formatted.is_empty() {
        return "(empty name)".to_string();
    }
    crate::model::names::display_name(formatted).into_owned()
}

/// Key usage bit numbers.
pub mod ku {
    /// keyCertSign.
    pub const KEY_CERT_SIGN: u16 = 5;
    /// cRLSign.
    pub const CRL_SIGN: u16 = 6;
}

/// Distribution point names of a CRLDistributionPoints value (full, or relative to
/// the CRL issuer: the cRLIssuer when given, else the certificate's issuer), and the
/// cRLIssuer names. A point with only a cRLIssuer is named by that issuer.
fn cdp_names(raw: &[u8], issuer: &NormName) -> (Vec<ConstrainedName>, Vec<NormName>, bool) {
    let Ok((seq, _)) = der::read_tlv(raw, 0) else { return (Vec::new(), Vec::new(), true) };
    let mut names = Vec::new();
    let mut crl_issuers = Vec::new();
    let mut direct = false;
    for dp in der::children(&seq).unwrap_or_default() {
        let fields = der::children(&dp).unwrap_or_default();
        let point_issuers: Vec<NormName> = fields
            .iter()
            .filter(|f| f.tag == 0xa2)
            .flat_map(|f| super::names::general_names_der(f.value))
            .filter_map(|n| if let ConstrainedName::Directory(d) = n { Some(d) } else { None })
            .collect();
        let base = point_issuers.first().unwrap_or(issuer);
        let mut named = false;
        for f in fields.iter().filter(|f| f.tag == 0xa0) {
            names.extend(distribution_point_names(f.value, base));
            named = true;
        }
        if !named {
            names.extend(point_issuers.iter().cloned().map(ConstrainedName::Directory));
        }
        if point_issuers.is_empty() || point_issuers.contains(issuer) {
            direct = true;
        }
        crl_issuers.extend(point_issuers);
    }
    (names, crl_issuers, direct)
}

//! Trust-store audit: the server's trusted roots (a p7b, `.cer` files, a PEM
//! bundle, a Microsoft `.sst`) checked the way Schannel and CryptoAPI use them
//! for client authentication.
//!
//! The issuer list is measured as it goes on the wire: the TLS
//! CertificateRequest `certificate_authorities` field is a vector with a
//! 2-byte length, holding one `DistinguishedName` per trusted CA, each a
//! 2-byte length followed by the DER subject name (RFC 5246 §7.4.4,
//! RFC 8446 §4.2.4). Schannel sends at most about 12 KB (Windows Server 2003,
//! IIS 6) or 16 KB (later releases, KB 2801679); a longer list is cut (event
//! 36885). Non-self-signed certificates in the Trusted Root store break
//! client authentication with 403.16 (KB 2802568).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::facts::{EKU_ANY, EKU_CLIENT_AUTH};
use crate::model::{Severity, ValidityState};
use crate::diag::Code;
use crate::found::CertificateReport;

/// The issuer-list limit of Windows Server 2003 / IIS 6.
pub const LIMIT_12K: u32 = 12 * 1024;
/// The issuer-list limit since KB 2801679 (Windows Server 2008 R2 and later).
pub const LIMIT_16K: u32 = 16 * 1024;

/// One certificate of the store as the audit sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreEntry {
    /// Index into the report's `certificates`.
    pub certificate: usize,
    /// Subject (Windows form).
    pub subject: String,
    /// Bytes this entry adds to the issuer list (2 + DER subject length).
    pub list_bytes: u32,
    /// Running size of the issuer list up to and including this entry (with the 2-byte total).
    pub list_bytes_through: u32,
    /// Left out of a 12 KB list.
    pub cut_at_12k: bool,
    /// Left out of a 16 KB list.
    pub cut_at_16k: bool,
    /// Subject equals issuer and the certificate is not issued by another CA.
    pub self_signed: bool,
    /// Codes of the audit findings about it.
    pub codes: Vec<Code>,
}

/// One finding of the audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFinding {
    /// Stable code, e.g. `trust-store-not-self-signed`.
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// The certificate it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
    /// Plain words.
    pub message: String,
    /// Public reference (KB number), when there is one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
}

/// Where the client certificate's CA stands in the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCa {
    /// The client certificate (index into `certificates`).
    pub client_certificate: usize,
    /// The root (or top CA) of its chain.
    pub ca: Option<usize>,
    /// Its subject.
    pub ca_subject: String,
    /// Whether that CA is in the store.
    pub in_store: bool,
    /// Cut from a 12 KB issuer list.
    pub cut_at_12k: bool,
    /// Cut from a 16 KB issuer list.
    pub cut_at_16k: bool,
}

/// The audit of a server's trusted roots.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustStoreAudit {
    /// Why these certificates were audited: `marked` (files marked as the
    /// server's root store) or `ca-only-drop` (only CA certificates dropped).
    pub source: String,
    /// The files that make up the store.
    pub files: Vec<String>,
    /// Distinct certificates in the store.
    pub certificate_count: usize,
    /// Of which CA certificates.
    pub ca_count: usize,
    /// Size of the trusted issuer list on the wire, in bytes (2-byte total included).
    pub issuer_list_bytes: u32,
    /// Over 12 KB (IIS 6 / Windows Server 2003).
    pub over_12k: bool,
    /// Over 16 KB (current Windows, KB 2801679).
    pub over_16k: bool,
    /// Certificates left out of a 16 KB list.
    pub cut_at_16k: usize,
    /// Certificates left out of a 12 KB list.
    pub cut_at_12k: usize,
    /// Every certificate of the store, in the order given.
    pub entries: Vec<StoreEntry>,
    /// The client certificate's CA, when a client certificate was dropped too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ca: Option<ClientCa>,
    /// Findings.
    pub findings: Vec<AuditFinding>,
    /// One paragraph in plain words.
    pub summary: String,
}

/// Raw facts from the DER that the view does not keep.
struct Raw {
    subject_len: usize,
    self_signed: bool,
}

fn raw(c: &CertificateReport) -> Raw {
    // Self-signed: the same name (the view compares the raw DER) and the key identifiers,
    // when both present, agree.
    let aki_ok = match (&c.view.authority_key_id, &c.view.subject_key_id) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    };
    Raw { subject_len: c.subject_der_length, self_signed: c.view.self_issued && aki_ok }
}

/// Size of the issuer list for these DER subject lengths: 2 + Σ(2 + len).
pub fn issuer_list_size(subject_lengths: impl IntoIterator<Item = usize>) -> u32 {
    let sum: usize = subject_lengths.into_iter().map(|l| l.saturating_add(2)).fold(2usize, usize::saturating_add);
    u32::try_from(sum).unwrap_or(u32::MAX)
}

/// Audit the certificates `store` (indexes into `certificates`, in file order,
/// repeats allowed: they are duplicates). `client` is the client certificate
/// and the root/top CA of its chain, when one was dropped.
pub fn audit(
    certificates: &[CertificateReport],
    store: &[usize],
    files: Vec<String>,
    source: &str,
    client: Option<(usize, Option<usize>)>,
) -> TrustStoreAudit {
    let mut a = TrustStoreAudit { source: source.into(), files, ..Default::default() };
    let marked = source == SOURCE_MARKED;
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut by_subject: HashMap<String, usize> = HashMap::new();
    let mut total: u32 = 2;
    // The reference is the code's own (public: a KB article or an RFC section).
    let finding = |a: &mut TrustStoreAudit, code: Code, severity: Severity, certificate: Option<usize>, message: String| {
        a.findings.push(AuditFinding { code, severity, certificate, message, reference: code.reference().unwrap_or_default().into() });
    };
    for &i in store {
        let Some(c) = certificates.get(i) else { continue };
        if let Some(n) = seen.get_mut(&i) {
            *n += 1;
            if *n == 2 {
                finding(&mut a, Code::TrustStoreDuplicate, Severity::Info, Some(i), format!("{} is in the store more than once; it is counted once.", c.view.label()));
            }
            continue;
        }
        seen.insert(i, 1);
        let r = raw(c);
        let v = &c.view;
        let list_bytes = u32::try_from(r.subject_len.saturating_add(2)).unwrap_or(u32::MAX);
        total = total.saturating_add(list_bytes);
        let mut e = StoreEntry {
            certificate: i,
            subject: v.subject.clone(),
            list_bytes,
            list_bytes_through: total,
            cut_at_12k: total > LIMIT_12K,
            cut_at_16k: total > LIMIT_16K,
            self_signed: r.self_signed,
            codes: Vec::new(),
        };
        let add = |a: &mut TrustStoreAudit, e: &mut StoreEntry, code: Code, severity: Severity, message: String| {
            e.codes.push(code);
            finding(a, code, severity, Some(i), message);
        };
        if v.is_ca {
            a.ca_count += 1;
        }
        if let Some(prev) = by_subject.insert(v.subject.clone(), i) {
            if prev != i {
                add(&mut a, &mut e, Code::TrustStoreSameSubject, Severity::Info, format!("{} has the same name as another certificate in the store (a renewed CA?); both are sent in the issuer list.", v.label()));
            }
        }
        if !r.self_signed {
            // Files marked as the store: a certificate that breaks it. A drop of CA certificates
            // that nobody said is the store (an intermediate and its root, say) is read as one
            // only by assumption: where the certificate belongs, and what it would break there.
            let (severity, message) = if marked {
                (Severity::Error, format!("{} is not self-signed (issued by {}): an intermediate or end certificate in the Trusted Root store makes IIS answer 403.16 to every client certificate; move it to Intermediate Certification Authorities.", v.label(), v.issuer))
            } else {
                (Severity::Warning, format!("{} is not self-signed (issued by {}): it belongs in Intermediate Certification Authorities. If these files are the server's Trusted Root store, it breaks it: IIS answers 403.16 to every client certificate.", v.label(), v.issuer))
            };
            add(&mut a, &mut e, Code::TrustStoreNotSelfSigned, severity, message);
        } else if !v.is_ca {
            add(&mut a, &mut e, Code::TrustStoreNotCa, Severity::Warning, format!("{} is self-signed but not marked as a CA (no basicConstraints CA=true).", v.label()));
        }
        match v.validity.state {
            ValidityState::Expired => add(&mut a, &mut e, Code::TrustStoreExpired, Severity::Error, format!("{} {}: Windows refuses chains ending in it (403.17, CERT_E_EXPIRED).", v.label(), v.validity.text)),
            ValidityState::NotYetValid => add(&mut a, &mut e, Code::TrustStoreNotYetValid, Severity::Error, format!("{} is not valid yet ({}).", v.label(), v.validity.text)),
            ValidityState::Valid => {}
        }
        if let Some(ekus) = &v.extended_key_usage {
            if !ekus.iter().any(|o| o == EKU_CLIENT_AUTH || o == EKU_ANY) {
                add(
                    &mut a,
                    &mut e,
                    Code::TrustStoreNoClientAuth,
                    Severity::Warning,
                    format!("{} limits its certificates to {} without Client Authentication: Windows refuses client certificates under it.", v.label(), v.eku_names().join(", ")),
                );
            }
        }
        let bits = v.public_key.bits.unwrap_or(0);
        if v.public_key.is_rsa() && bits > 0 && bits < 2048 {
            let (sev, tail) = if bits < 1024 { (Severity::Error, "Windows blocks RSA keys under 1024 bits (KB 2661254)") } else { (Severity::Warning, "2048 bits is the minimum for CAs today") };
            add(&mut a, &mut e, Code::TrustStoreWeakKey, sev, format!("{} has an RSA key of {bits} bits: {tail}.", v.label()));
        }
        if v.signature_algorithm.weak {
            let hash = v.signature_algorithm.hash.clone().unwrap_or_default();
            let (sev, tail) = if r.self_signed {
                (Severity::Info, "the signature of a root is not checked, but the CA still uses an old algorithm")
            } else {
                (Severity::Warning, "this signature is checked and weak")
            };
            add(&mut a, &mut e, Code::TrustStoreWeakSignature, sev, format!("{} is signed with {hash}: {tail}.", v.label()));
        }
        if e.cut_at_16k {
            a.cut_at_16k += 1;
        }
        if e.cut_at_12k {
            a.cut_at_12k += 1;
        }
        a.entries.push(e);
    }
    a.certificate_count = a.entries.len();
    a.issuer_list_bytes = total;
    a.over_12k = total > LIMIT_12K;
    a.over_16k = total > LIMIT_16K;
    if a.over_16k || a.over_12k {
        let (limit, cut) = if a.over_16k { ("16 KB", a.cut_at_16k) } else { ("12 KB (IIS 6)", a.cut_at_12k) };
        let severity = if a.over_16k { Severity::Warning } else { Severity::Info };
        finding(
            &mut a,
            Code::IssuerListOverLimit,
            severity,
            None,
            format!("The trusted issuer list would be {} bytes, over the {limit} Schannel sends: {} cut (event 36885) when SendTrustedIssuerList=1, and clients of those CAs see an empty certificate dialog. Which ones depends on the order of the server's store; certlens counts in the order of the files.", crate::text::grouped(total), crate::text::count(cut, "CA name is", "CA names are")),
        );
    }
    if let Some((client, ca)) = client {
        let ca_cert = ca.and_then(|i| certificates.get(i));
        let entry = ca_cert.and_then(|cc| {
            a.entries.iter().find(|e| certificates.get(e.certificate).is_some_and(|s| s.view.sha256 == cc.view.sha256 || s.view.subject == cc.view.subject))
        });
        let cca = ClientCa {
            client_certificate: client,
            ca,
            ca_subject: ca_cert.map(|c| c.view.subject.clone()).unwrap_or_default(),
            in_store: entry.is_some(),
            cut_at_12k: entry.is_some_and(|e| e.cut_at_12k),
            cut_at_16k: entry.is_some_and(|e| e.cut_at_16k),
        };
        if !cca.in_store {
            finding(&mut a, Code::TrustStoreClientCaMissing, Severity::Error, ca, format!("The client certificate's root {} is not in this store: the server does not trust it (403.16).", if cca.ca_subject.is_empty() { "(not dropped)" } else { cca.ca_subject.as_str() }));
        } else if cca.cut_at_16k {
            finding(&mut a, Code::TrustStoreClientCaCut, Severity::Error, ca, format!("The client certificate's root {} falls beyond 16 KB in the issuer list: when the list is sent, browsers do not offer the certificate (403.7).", cca.ca_subject));
        } else if cca.cut_at_12k {
            finding(&mut a, Code::TrustStoreClientCaCut, Severity::Warning, ca, format!("The client certificate's root {} falls beyond 12 KB in the issuer list: cut on IIS 6 / Windows Server 2003.", cca.ca_subject));
        }
        a.client_ca = Some(cca);
    }
    a.summary = summary(&a);
    a
}

/// Source of an audit of files marked as the server's root store.
pub const SOURCE_MARKED: &str = "marked";
/// Source of an audit of a drop that holds only CA certificates.
pub const SOURCE_CA_ONLY: &str = "ca-only-drop";

/// The audit for a finished report: of the files marked as the server's
/// trusted roots (`trust_store_files`), else of a drop that holds only CA
/// certificates. `None` otherwise.
pub fn for_report(
    files: &[crate::found::FileReport],
    certificates: &[CertificateReport],
    hierarchy: &crate::chain::Hierarchy,
    settings: &super::ServerSettings,
) -> Option<TrustStoreAudit> {
    if certificates.is_empty() {
        return None;
    }
    let marked: Vec<&crate::found::FileReport> = files.iter().filter(|f| settings.trust_store_files.contains(&f.name)).collect();
    let (source, store_files): (&str, Vec<&crate::found::FileReport>) = if !marked.is_empty() {
        (SOURCE_MARKED, marked)
    } else if settings.certificate.is_none() && certificates.iter().all(|c| c.view.is_ca) {
        (SOURCE_CA_ONLY, files.iter().filter(|f| !f.certificates.is_empty()).collect())
    } else {
        return None;
    };
    let store: Vec<usize> = store_files.iter().flat_map(|f| f.certificates.iter().copied()).collect();
    let names = store_files.iter().map(|f| f.name.clone()).collect();
    let in_store = |i: usize| store.contains(&i);
    // The client certificate: the one chosen in the settings, else the first non-CA outside the store.
    let client = settings
        .certificate
        .filter(|i| *i < certificates.len() && !in_store(*i))
        .or_else(|| certificates.iter().enumerate().position(|(i, c)| !c.view.is_ca && !in_store(i)));
    let client = client.map(|leaf| {
        let top = hierarchy.path_for(leaf).filter(|p| p.missing_issuer.is_none()).and_then(|p| p.elements.last()).map(|e| e.certificate);
        (leaf, top.filter(|t| *t != leaf))
    });
    Some(audit(certificates, &store, names, source, client))
}

/// The server section for a drop that is only a trust store.
pub fn trust_store_server_report(a: &TrustStoreAudit) -> super::ServerReport {
    super::ServerReport {
        mode: super::Mode::TrustStore,
        outcome: super::Outcome::TrustStore,
        http_status: None,
        outcome_if: Vec::new(),
        summary: format!(
            "{} {} Drop a client certificate too to see what IIS does with it.",
            if a.source == SOURCE_CA_ONLY {
                "Only CA certificates were dropped, so certlens reads them as a server's trusted root store and audits it instead of predicting a client-certificate verdict."
            } else {
                "There is no end certificate besides the server's Trusted Root store, so certlens audits the store instead of predicting a client-certificate verdict."
            },
            a.summary
        ),
        win32: None,
        event: None,
        trace: Vec::new(),
        traps: Vec::new(),
        timeline: Vec::new(),
        observed: None,
    }
}

fn summary(a: &TrustStoreAudit) -> String {
    let errors = a.findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = a.findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let size = if a.over_16k {
        format!("an issuer list of {} bytes, over the 16 KB limit ({} cut)", crate::text::grouped(a.issuer_list_bytes), a.cut_at_16k)
    } else if a.over_12k {
        format!("an issuer list of {} bytes: within 16 KB, over the 12 KB of IIS 6", crate::text::grouped(a.issuer_list_bytes))
    } else {
        format!("an issuer list of {} bytes, within the 12 KB and 16 KB limits", crate::text::grouped(a.issuer_list_bytes))
    };
    let warned = crate::text::count(warnings, "warning", "warnings");
    let verdict = match (errors, warnings) {
        (0, 0) => "no problems found".to_string(),
        (0, _) => warned,
        // "5 problems that break client authentication", without ", 0 warnings".
        (e, 0) => format!("{} client authentication", crate::text::count(e, "problem that breaks", "problems that break")),
        (e, _) => format!("{} client authentication, {warned}", crate::text::count(e, "problem that breaks", "problems that break")),
    };
    let store = crate::text::count(a.certificate_count, "certificate", "certificates");
    // Nobody said these files are the store: the audit is of what they would be as one.
    let lead = if a.source == SOURCE_MARKED { format!("Trust store of {store}") } else { format!("If these files are the server's Trusted Root store: {store}") };
    format!("{lead} ({} CA): {size}; {verdict}.", a.ca_count)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn list_size_counts_each_length_prefix_and_the_total() {
        assert_eq!(issuer_list_size([]), 2);
        assert_eq!(issuer_list_size([100, 50]), 2 + 102 + 52);
        // 220 roots with 170-byte subjects: 220 × 172 + 2.
        assert_eq!(issuer_list_size(std::iter::repeat_n(170, 220)), 37_842);
    }
}

//! Adapter: builds [`ClientFacts`] from what an analysis found (the report's
//! certificates, the chain layer's [`Hierarchy`], the dropped files), then
//! runs the engine.
//!
//! The chain comes from the chain layer (its best path for the leaf: built,
//! signatures verified, CRLs matched and checked). When the chain layer has
//! no path for the leaf, a simple issuer-name → subject-name walk is used.

use x509_parser::prelude::FromDer;

use super::facts::{CertFacts, ChainStatus, ClientFacts, CrlEvidence, CrlFacts, KeyPresence, SidSource};
use super::settings::ServerSettings;
use crate::diag::{Code, Severity};
use super::trace::ServerReport;
use crate::chain::{Cert, ChainPath, Hierarchy, Revocation, SignatureStatus};
use crate::input::{self, certutil::Verify, iisconfig::IisConfig, InputFile, ItemKind};
use crate::model::{oids, CertificateView};
use crate::found::CertificateReport;

/// Longest chain followed (guards against loops and hostile bundles).
const MAX_CHAIN: usize = 12;
/// Most CRLs looked at.
const MAX_CRLS: usize = 256;
/// SID extension.
const OID_SID_EXTENSION: &str = "1.3.6.1.4.1.311.25.2";
/// Chain-layer errors the engine decides in their own step (validity → 403.17,
/// revocation → 403.13) or through the trust decision; every other error of
/// the path makes the chain invalid (403.16 / untrusted).
fn decided_elsewhere(code: Code) -> bool {
    matches!(
        code,
        Code::CertificateExpired
            | Code::CertificateNotYetValid
            | Code::CaExpired
            | Code::CaNotYetValid
            | Code::CertificateRevoked
            | Code::ChainUntrustedRoot
            | Code::ChainLoop
            | Code::ChainIssuerMissing
            | Code::SignatureInvalid
            | Code::SignatureNotVerified
            | Code::SignatureAlgorithmBroken
    )
}

/// Run the prediction for a finished set of certificates. `None` when no
/// certificate was dropped.
pub fn server_report(
    files: &[InputFile],
    certificates: &[CertificateReport],
    hierarchy: &Hierarchy,
    read: FromFiles<'_>,
    settings: &ServerSettings,
    at: i64,
) -> Option<ServerReport> {
    server_report_typed(files, certificates, None, hierarchy, read, settings, at)
}

/// What dropped files say of the server itself, which the verdict reads beside the settings.
#[derive(Clone, Debug, Default)]
pub struct FromFiles<'a> {
    /// The IIS configuration (the first one): its mappings.
    pub iis: Option<&'a IisConfig>,
    /// `certutil -verify -urlfetch` outputs (one per certificate checked, say): what the
    /// server fetched.
    pub server_checks: Vec<&'a Verify>,
    /// IIS request logs: what the server answered.
    pub iis_logs: Vec<&'a crate::input::iislog::Log>,
}

/// What the dropped files say of the server ([`FromFiles`]).
pub fn from_files(files: &[crate::found::FileReport]) -> FromFiles<'_> {
    FromFiles {
        iis: files.iter().find_map(|f| f.iis.as_ref()),
        server_checks: files.iter().filter_map(|f| f.server_check.as_ref()).collect(),
        iis_logs: files.iter().filter_map(|f| f.iis_log.as_ref()).collect(),
    }
}

/// Several `certutil -verify` outputs as one: every certificate each checked.
fn merged(checks: &[&Verify]) -> Option<Verify> {
    match checks {
        [] => None,
        [one] => Some((*one).clone()),
        more => Some(Verify { chain: more.iter().flat_map(|v| v.chain.iter().cloned()).collect(), ..Verify::default() }),
    }
}

/// [`server_report`] with the analysis' parsed certificates (`typed[i]` is
/// certificate `i`): the facts are read from them, not from the report's text.
pub fn server_report_typed(
    files: &[InputFile],
    certificates: &[CertificateReport],
    typed: Option<&[Option<Cert>]>,
    hierarchy: &Hierarchy,
    read: FromFiles<'_>,
    settings: &ServerSettings,
    at: i64,
) -> Option<ServerReport> {
    // Trust is the chain layer's decision (anchors, path, signatures); the
    // engines read it from `chain_status` and never decide it again.
    let (mut facts, _) = client_facts_typed(files, certificates, typed, hierarchy, settings)?;
    facts.iis = read.iis.cloned();
    facts.server_check = merged(&read.server_checks);
    let mut refusals: Vec<crate::input::iislog::Answer> =
        read.iis_logs.iter().flat_map(|l| &l.answers).filter(|a| a.about_client_certificates()).cloned().collect();
    refusals.sort_by_key(|a| std::cmp::Reverse(a.count));
    facts.iis_log = refusals;
    Some(match &settings.host {
        Some(host) => super::browser::predict(&facts, settings, host, at),
        None => super::engine::predict(&facts, settings, at),
    })
}

/// The leaf: the one chosen in the settings, else the first certificate that
/// is not a CA and not part of the trust store.
fn leaf_index(certificates: &[CertificateReport], settings: &ServerSettings) -> Option<usize> {
    if let Some(i) = settings.certificate.filter(|i| *i < certificates.len()) {
        return Some(i);
    }
    let in_store = |c: &CertificateReport| settings.trust_store_files.contains(&c.file);
    certificates
        .iter()
        .position(|c| !c.view.is_ca && !in_store(c))
        .or_else(|| certificates.iter().position(|c| !in_store(c)))
        .or_else(|| (!certificates.is_empty()).then_some(0))
}

/// Build the facts: pick the leaf, take its chain, attach CRL evidence, the
/// trust store and private-key presence. Also returns the chain layer's path used.
pub fn client_facts<'h>(
    files: &[InputFile],
    certificates: &[CertificateReport],
    hierarchy: &'h Hierarchy,
    settings: &ServerSettings,
) -> Option<(ClientFacts, Option<&'h ChainPath>)> {
    client_facts_typed(files, certificates, None, hierarchy, settings)
}

fn client_facts_typed<'h>(
    files: &[InputFile],
    certificates: &[CertificateReport],
    typed: Option<&[Option<Cert>]>,
    hierarchy: &'h Hierarchy,
    settings: &ServerSettings,
) -> Option<(ClientFacts, Option<&'h ChainPath>)> {
    // Facts only for the certificates that matter (bundles can hold thousands).
    let typed_cert = |i: usize| typed.and_then(|t| t.get(i)).and_then(Option::as_ref);
    let fact = |i: usize| certificates.get(i).map(|c| typed_facts(i, c, typed_cert(i)));
    let leaf = leaf_index(certificates, settings)?;
    let path = hierarchy
        .chain_for(leaf)
        .map(|c| &c.best)
        .or_else(|| hierarchy.path_for(leaf))
        .filter(|p| p.elements.first().is_some_and(|e| e.certificate == leaf));
    let (chain, chain_status, crls) = match path {
        Some(p) => from_path(p, hierarchy, &fact),
        None => {
            let (chain, status) = walk_chain(leaf, certificates, &fact)?;
            let crls = crls_from_files(files, &chain);
            (chain, status, crls)
        }
    };
    let in_store = |c: &CertificateReport| settings.trust_store_files.contains(&c.file);
    let trust_store = (!settings.trust_store_files.is_empty()).then(|| {
        certificates.iter().enumerate().filter(|(_, c)| in_store(c)).filter_map(|(i, _)| fact(i)).collect::<Vec<_>>()
    });
    let private_key = certificates.get(leaf).map_or(KeyPresence::Unknown, |c| key_presence(c, files));
    Some((ClientFacts { chain, chain_status, private_key, trust_store, crls, iis: None, server_check: None, iis_log: Vec::new() }, path))
}

/// Facts from the chain layer's path.
fn from_path(path: &ChainPath, hierarchy: &Hierarchy, fact: &dyn Fn(usize) -> Option<CertFacts>) -> (Vec<CertFacts>, ChainStatus, Vec<CrlFacts>) {
    let chain: Vec<CertFacts> = path.elements.iter().filter_map(|e| fact(e.certificate)).collect();
    let position = |cert: Option<usize>| cert.and_then(|c| path.elements.iter().position(|e| e.certificate == c)).unwrap_or(0);
    let bad_signature = path.elements.iter().position(|e| {
        e.signature.as_ref().is_some_and(|s| matches!(s.status, SignatureStatus::Invalid | SignatureStatus::Malformed))
    });
    let rule = path.diagnostics.iter().find(|d| d.severity == Severity::Error && !decided_elsewhere(d.code));
    let untrusted = path.untrusted_because.and_then(|code| path.diagnostics.iter().find(|d| d.code == code));
    let status = if let Some(m) = &path.missing_issuer {
        ChainStatus::MissingIssuer { issuer: m.expected_name.clone(), aia_urls: m.aia_urls.clone() }
    } else if let Some(index) = bad_signature {
        ChainStatus::BadSignature { index }
    } else if let Some(d) = untrusted {
        ChainStatus::Untrusted { index: position(d.certificate), code: d.code, reason: d.message.to_string() }
    } else if let Some(code) = path.untrusted_because {
        ChainStatus::Untrusted { index: chain.len().saturating_sub(1), code, reason: "the chain does not end in a trusted root".into() }
    } else if let Some(d) = rule {
        ChainStatus::Invalid { index: position(d.certificate), code: d.code, reason: d.message.to_string() }
    } else {
        ChainStatus::Complete
    };
    let mut crls = Vec::new();
    for (i, e) in path.elements.iter().enumerate() {
        let (crl, evidence, next) = match &e.revocation {
            Revocation::Revoked { crl, date_unix, reason, .. } => (*crl, CrlEvidence::Revoked { date: *date_unix, reason: reason.clone() }, None),
            Revocation::CrlExpired { crl, next_update_unix, .. } => (*crl, CrlEvidence::NotRevoked, Some(*next_update_unix)),
            Revocation::Good { crl, valid_until_unix, .. } => (*crl, CrlEvidence::NotRevoked, *valid_until_unix),
            _ => continue,
        };
        let Some(report) = hierarchy.crls.get(crl) else { continue };
        let next_update = next.or(report.next_update_unix);
        crls.push(CrlFacts { covers: i, issuer: report.issuer.clone(), this_update: report.this_update_unix, next_update, evidence });
    }
    (chain, status, crls)
}

/// Fallback chain: issuer name → subject name, preferring a matching key identifier.
fn walk_chain(leaf: usize, certificates: &[CertificateReport], fact: &dyn Fn(usize) -> Option<CertFacts>) -> Option<(Vec<CertFacts>, ChainStatus)> {
    let mut chain: Vec<CertFacts> = Vec::new();
    let mut current = fact(leaf)?;
    let mut status = ChainStatus::Complete;
    loop {
        chain.push(current.clone());
        if current.self_signed {
            break;
        }
        if chain.len() >= MAX_CHAIN {
            status = ChainStatus::Malformed { reason: "the chain is longer than 12 certificates or loops".into() };
            break;
        }
        let Some(issuer) = find_issuer(&current, certificates, &chain).and_then(fact) else {
            status = ChainStatus::MissingIssuer { issuer: current.issuer.clone(), aia_urls: current.aia_urls.clone() };
            break;
        };
        current = issuer;
    }
    // The chain layer could not read this chain, so nothing on it was verified:
    // never trusted.
    if status == ChainStatus::Complete {
        status = ChainStatus::Untrusted {
            index: chain.len().saturating_sub(1),
            code: Code::SignatureNotVerified,
            reason: "certlens could not verify the signatures of this chain".into(),
        };
    }
    Some((chain, status))
}

fn find_issuer(cert: &CertFacts, reports: &[CertificateReport], chain: &[CertFacts]) -> Option<usize> {
    let aki = reports.get(cert.report_index?).and_then(|r| r.view.authority_key_id.clone());
    let candidates: Vec<usize> = reports
        .iter()
        .enumerate()
        .filter(|(_, c)| c.view.subject == cert.issuer && chain.iter().all(|k| k.sha256 != c.view.sha256))
        .map(|(i, _)| i)
        .collect();
    let by_key = candidates
        .iter()
        .find(|i| aki.is_some() && reports.get(**i).and_then(|r| r.view.subject_key_id.as_ref()) == aki.as_ref());
    by_key.or_else(|| candidates.first()).copied()
}

/// Facts of one certificate from its decoded view.
pub fn cert_facts(index: usize, c: &CertificateReport) -> CertFacts {
    typed_facts(index, c, None)
}

/// Facts of one certificate from what the analysis found and, when it has it,
/// its parsed form (the chain layer's facts).
fn typed_facts(index: usize, c: &CertificateReport, typed: Option<&Cert>) -> CertFacts {
    let v: &CertificateView = &c.view;
    let subject_der_len = typed.map_or(c.subject_der_length, |t| t.subject_der_len);
    // `self_issued` of the view compares the raw subject and issuer DER.
    let raw_self_issued = v.self_issued;
    let sid = if v.extensions.iter().any(|e| e.oid == OID_SID_EXTENSION) {
        Some(SidSource::Extension)
    } else if v.subject_alt_names.iter().any(|n| n.kind == crate::model::NameKind::Sid) {
        Some(SidSource::SanUrl)
    } else {
        None
    };
    let san = |kind: crate::model::NameKind| -> Vec<String> { v.subject_alt_names.iter().filter(|n| n.kind == kind).map(|n| n.value.clone()).collect() };
    CertFacts {
        file: Some(c.file.clone()),
        report_index: Some(index),
        subject: v.subject.clone(),
        issuer: v.issuer.clone(),
        issuer_name: Some(v.issuer_name.clone()),
        subject_name: Some(v.subject_name.clone()),
        serial: v.serial.clone(),
        sha1: v.sha1.clone(),
        sha256: v.sha256.clone(),
        not_before: v.validity.not_before_unix,
        not_after: v.validity.not_after_unix,
        is_ca: v.is_ca,
        self_signed: raw_self_issued,
        eku: v.extended_key_usage.clone(),
        key_usage: v.key_usage.clone(),
        crl_urls: v.crl_urls.clone(),
        ocsp_urls: v.ocsp_urls.clone(),
        aia_urls: v.aia_ca_issuer_urls.clone(),
        upns: san(crate::model::NameKind::Upn),
        sid,
        dns_names: san(crate::model::NameKind::Dns),
        ip_addresses: san(crate::model::NameKind::Ip),
        unknown_critical_extensions: v
            .extensions
            .iter()
            .filter(|e| e.critical && oids::extension_name(&e.oid).is_none())
            .map(|e| e.oid.clone())
            .collect(),
        critical_application_policies: v.extensions.iter().filter(|e| e.critical).find_map(|e| match &e.detail {
            Some(crate::model::ExtensionDetail::ApplicationPolicies { policies }) => Some(policies.iter().map(|p| p.oid.clone()).collect()),
            _ => None,
        }),
        signature_algorithm: v.signature_algorithm.name.clone(),
        weak_hash: v.signature_algorithm.weak_hash(),
        key_algorithm: v.public_key.algorithm.clone(),
        rsa_key: v.public_key.is_rsa(),
        key_bits: v.public_key.bits,
        subject_der_len,
    }
}

/// Private-key presence of a certificate from the input layer's matching:
/// a matching key dropped → present; an opened PKCS#12 that holds no key (or
/// another one) → absent, since exporting "with the private key" puts it
/// there; anything else (a .cer, a PEM without a key, an encrypted file)
/// says nothing about the user's store → unknown.
fn key_presence(c: &CertificateReport, files: &[InputFile]) -> KeyPresence {
    use crate::input::matching::PrivateKeyState as S;
    match c.private_key.as_ref().map(|p| p.state) {
        Some(S::PresentMatches | S::InOtherFile) => KeyPresence::Present,
        Some(S::NotInFile | S::PresentNoMatch) if from_pkcs12(c, files) => KeyPresence::Absent,
        // A store's link says where the key was, not whether the user's store holds it now.
        Some(S::NotInFile | S::PresentNoMatch | S::NotInFileType | S::Encrypted | S::LinkedInStore) | None => KeyPresence::Unknown,
    }
}

/// The certificate came from a PKCS#12 (`.pfx` / `.p12`) file.
fn from_pkcs12(c: &CertificateReport, files: &[InputFile]) -> bool {
    files.iter().filter(|f| f.name == c.file).any(|f| {
        crate::der::read_tlv(&f.bytes, 0)
            .ok()
            .and_then(|(top, _)| (top.tag == 0x30).then(|| crate::der::children(&top).ok()).flatten())
            .is_some_and(|kids| input::pkcs12::looks_like_pfx(&kids))
    })
}

/// Evidence from dropped CRLs about each certificate of the chain.
fn crls_from_files(files: &[InputFile], chain: &[CertFacts]) -> Vec<CrlFacts> {
    let mut crls = Vec::new();
    let mut seen = 0usize;
    for file in files {
        // Only CRLs are needed here: decode without deriving keys (the report did that, within its budget).
        let decoded = input::decode_file_with_budget(file, &mut input::pbe::DerivationBudget::new(0));
        for item in &decoded.items {
            if item.kind != ItemKind::Crl || seen >= MAX_CRLS {
                continue;
            }
            seen += 1;
            let Ok((_, crl)) = x509_parser::revocation_list::CertificateRevocationList::from_der(&item.der) else { continue };
            let issuer = crate::model::format_name(crl.issuer());
            let this_update = crl.last_update().timestamp();
            let next_update = crl.next_update().map(|t| t.timestamp());
            for (idx, cert) in chain.iter().enumerate() {
                if cert.issuer != issuer || cert.self_signed {
                    continue;
                }
                let revoked = crl.iter_revoked_certificates().find(|r| crate::der::hex(r.raw_serial()) == cert.serial);
                let evidence = match revoked {
                    Some(r) => CrlEvidence::Revoked {
                        date: r.revocation_date.timestamp(),
                        reason: r.reason_code().map(|(_, rc)| format!("{rc}")),
                    },
                    None => CrlEvidence::NotRevoked,
                };
                crls.push(CrlFacts { covers: idx, issuer: issuer.clone(), this_update, next_update, evidence });
            }
        }
    }
    crls
}

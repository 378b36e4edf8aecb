//! Adapter: builds [`ClientFacts`] from what an analysis found (the report's
//! certificates and the dropped files), then runs the engine.
//!
//! Chain building here is deliberately simple (issuer name → subject name,
//! preferring a matching key identifier); signatures are taken as valid
//! unless the chain layer says otherwise.

use x509_parser::prelude::FromDer;

use super::facts::{CertFacts, ChainStatus, ClientFacts, CrlEvidence, CrlFacts, KeyPresence, SidSource};
use super::settings::ServerSettings;
use super::trace::ServerReport;
use crate::input::{self, InputFile, ItemKind};
use crate::model::{oids, CertificateView};
use crate::report::CertificateReport;

/// Longest chain followed (guards against loops and hostile bundles).
const MAX_CHAIN: usize = 12;
/// Most CRLs looked at.
const MAX_CRLS: usize = 256;
/// SID extension.
const OID_SID_EXTENSION: &str = "1.3.6.1.4.1.311.25.2";

/// Run the prediction for a finished set of certificates. `None` when no
/// certificate was dropped.
pub fn server_report(files: &[InputFile], certificates: &[CertificateReport], settings: &ServerSettings, at: i64) -> Option<ServerReport> {
    let facts = client_facts(files, certificates, settings)?;
    Some(match &settings.host {
        Some(host) => super::browser::predict(&facts, settings, host, at),
        None => super::engine::predict(&facts, settings, at),
    })
}

/// Build the facts: pick the leaf, build its chain, attach CRL evidence, the
/// trust store and private-key presence.
pub fn client_facts(files: &[InputFile], certificates: &[CertificateReport], settings: &ServerSettings) -> Option<ClientFacts> {
    let in_store = |c: &CertificateReport| settings.trust_store_files.contains(&c.file);
    let all: Vec<CertFacts> = certificates.iter().enumerate().map(|(i, c)| cert_facts(i, c)).collect();
    let leaf_index = certificates
        .iter()
        .position(|c| !c.view.is_ca && !in_store(c))
        .or_else(|| certificates.iter().position(|c| !in_store(c)))
        .or_else(|| (!certificates.is_empty()).then_some(0))?;
    let mut chain: Vec<CertFacts> = Vec::new();
    let mut current = all.get(leaf_index)?.clone();
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
        let Some(issuer) = find_issuer(&current, certificates, &all, &chain) else {
            status = ChainStatus::MissingIssuer { issuer: current.issuer.clone(), aia_urls: current.aia_urls.clone() };
            break;
        };
        current = issuer;
    }
    let trust_store = (!settings.trust_store_files.is_empty()).then(|| {
        certificates.iter().zip(all.iter()).filter(|(c, _)| in_store(c)).map(|(_, f)| f.clone()).collect::<Vec<_>>()
    });
    let crls = crls_from_files(files, &chain);
    let private_key = certificates.get(leaf_index).map_or(KeyPresence::Unknown, key_presence);
    Some(ClientFacts { chain, chain_status: status, private_key, trust_store, crls })
}

fn find_issuer(cert: &CertFacts, reports: &[CertificateReport], all: &[CertFacts], chain: &[CertFacts]) -> Option<CertFacts> {
    let aki = reports.get(cert.report_index?).and_then(|r| r.view.authority_key_id.clone());
    let candidates: Vec<(usize, &CertFacts)> = all
        .iter()
        .enumerate()
        .filter(|(_, c)| c.subject == cert.issuer && chain.iter().all(|k| k.sha256 != c.sha256))
        .collect();
    let by_key = candidates.iter().find(|(i, _)| {
        aki.is_some() && reports.get(*i).and_then(|r| r.view.subject_key_id.as_ref()) == aki.as_ref()
    });
    by_key.or_else(|| candidates.first()).map(|(_, c)| (*c).clone())
}

fn unix(rfc3339: &str) -> i64 {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(rfc3339, &Rfc3339).map(|t| t.unix_timestamp()).unwrap_or(0)
}

/// Facts of one certificate from its decoded view.
pub fn cert_facts(index: usize, c: &CertificateReport) -> CertFacts {
    let v: &CertificateView = &c.view;
    let der = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(&c.der_base64).unwrap_or_default()
    };
    let (subject_der_len, raw_self_issued) = match x509_parser::certificate::X509Certificate::from_der(&der) {
        Ok((_, x)) => (x.subject().as_raw().len(), x.subject().as_raw() == x.issuer().as_raw()),
        Err(_) => (v.subject.len() + 16, v.self_issued),
    };
    let sid = if v.extensions.iter().any(|e| e.oid == OID_SID_EXTENSION) {
        Some(SidSource::Extension)
    } else if v.subject_alt_names.iter().any(|n| n.kind == "sid") {
        Some(SidSource::SanUrl)
    } else {
        None
    };
    let san = |kind: &str| -> Vec<String> { v.subject_alt_names.iter().filter(|n| n.kind == kind).map(|n| n.value.clone()).collect() };
    CertFacts {
        report_index: Some(index),
        subject: v.subject.clone(),
        issuer: v.issuer.clone(),
        serial: v.serial.clone(),
        sha1: v.sha1.clone(),
        sha256: v.sha256.clone(),
        not_before: unix(&v.not_before),
        not_after: unix(&v.not_after),
        is_ca: v.is_ca,
        self_signed: raw_self_issued,
        eku: v.extended_key_usage.clone(),
        key_usage: v.key_usage.clone(),
        crl_urls: v.crl_urls.clone(),
        ocsp_urls: v.ocsp_urls.clone(),
        aia_urls: v.aia_ca_issuer_urls.clone(),
        upns: san("upn"),
        sid,
        dns_names: san("dns"),
        ip_addresses: san("ip"),
        unknown_critical_extensions: v
            .extensions
            .iter()
            .filter(|e| e.critical && oids::extension_name(&e.oid).is_none())
            .map(|e| e.oid.clone())
            .collect(),
        signature_algorithm: v.signature_algorithm.name.clone(),
        key_algorithm: v.public_key.algorithm.clone(),
        key_bits: v.public_key.bits,
        subject_der_len,
    }
}

/// Private-key presence of a certificate from the input layer's matching:
/// a matching key dropped → present; a container that holds no (or another)
/// key → absent; a bare certificate or an encrypted file → unknown.
fn key_presence(c: &CertificateReport) -> KeyPresence {
    use crate::input::matching::PrivateKeyState as S;
    match c.private_key.as_ref().map(|p| p.state) {
        Some(S::PresentMatches | S::InOtherFile) => KeyPresence::Present,
        Some(S::NotInFile | S::PresentNoMatch) => KeyPresence::Absent,
        Some(S::NotInFileType | S::Encrypted) | None => KeyPresence::Unknown,
    }
}

/// Evidence from dropped CRLs about each certificate of the chain.
fn crls_from_files(files: &[InputFile], chain: &[CertFacts]) -> Vec<CrlFacts> {
    let mut crls = Vec::new();
    let mut seen = 0usize;
    for file in files {
        let decoded = input::decode_file(file);
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

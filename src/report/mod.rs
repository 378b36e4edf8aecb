//! Report layer: the serialisable result of an analysis, and its diagnostics.
//!
//! The report is the app's whole state after a drop: the UI renders it, the
//! CLI prints it, a share link will carry it (minus anything secret). Field
//! names of the JSON form are a stable interface (see README).

use serde::{Deserialize, Serialize};

pub mod export;
pub mod share;
pub mod subject;

use crate::input::{self, InputFile, ItemKind};
pub use crate::input::{ContainerReport, KeyReport, PrivateKeyState, PrivateKeyStatus, RequestReport};
use crate::model::{self, CertificateView};

/// Inputs to an analysis besides the files.
///
/// Serialisable (share links rebuild the view from it); never holds secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Evaluation time, Unix seconds (UTC). The core never reads the clock.
    pub at: i64,
    /// Server settings for the expected-server-behaviour prediction (`server` in the report).
    pub server: crate::server::ServerSettings,
    /// SHA-256 (hex) of dropped self-signed roots the user does not trust. By
    /// default every dropped self-signed root is "trusted for this analysis".
    pub untrusted_roots: Vec<String>,
    /// SHA-256 (hex) of dropped certificates marked as the server's trusted
    /// roots. When not empty, only these are trusted.
    pub trust_store: Vec<String>,
    /// Facts a share link carries about the original files (what they held
    /// that is not in the link, private-key statuses); `None` for dropped files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<share::SharedFacts>,
}

impl Options {
    /// Options evaluating at `at` (Unix seconds), everything else default.
    pub fn at(at: i64) -> Self {
        Self { at, ..Self::default() }
    }
}

/// How bad a diagnostic is (shared with the model's certificate findings).
pub use crate::model::Severity;

/// One finding, as data: the UI and the CLI render the same diagnostics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `eku-missing-client-auth`.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// One line, plain words.
    pub message: String,
    /// The file it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Index into `certificates` of the certificate it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
}

/// One dropped file and what was found in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file name.
    pub name: String,
    /// Size in bytes.
    pub size: usize,
    /// What the content was detected as.
    pub detected: String,
    /// Indexes into `certificates` of the certificates found in this file.
    pub certificates: Vec<usize>,
    /// Problems with this file (also listed in `diagnostics`).
    pub problems: Vec<String>,
    /// Notes on this file that are not problems (e.g. the name does not fit the content).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Indexes into `keys` of the keys found in this file.
    #[serde(default)]
    pub keys: Vec<usize>,
    /// The structure of a PKCS#12 or PKCS#7 container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerReport>,
}

/// A certificate in the report: the decoded view plus where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateReport {
    /// The file it came from.
    pub file: String,
    /// Its position within that file (0-based).
    pub index_in_file: usize,
    /// The decoded certificate.
    #[serde(flatten)]
    pub view: CertificateView,
    /// DER, base64 (for downloads and the raw view). Certificates are public.
    pub der_base64: String,
    /// Is there a private key for this certificate among the dropped files?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<PrivateKeyStatus>,
    /// PKCS#12 friendly name, when it came from a PFX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    /// PKCS#12 local key ID, lowercase hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_key_id: Option<String>,
    /// Status in the hierarchy (its best path): valid, warning, invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_status: Option<crate::chain::NodeStatus>,
    /// Revocation in words, from the dropped CRLs ("not revoked per CRL X (valid until ...)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<String>,
}

/// The result of an analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// certlens version that produced it.
    pub version: String,
    /// Evaluation time, RFC 3339.
    pub evaluated_at: String,
    /// Every file, in the order given.
    pub files: Vec<FileReport>,
    /// Every certificate found, distinct by SHA-256, in order of first appearance.
    pub certificates: Vec<CertificateReport>,
    /// Every finding.
    pub diagnostics: Vec<Diagnostic>,
    /// Every key found (public facts only: never private key material).
    #[serde(default)]
    pub keys: Vec<KeyReport>,
    /// Every certificate request (PKCS#10) found.
    #[serde(default)]
    pub requests: Vec<RequestReport>,
    /// Expected server behaviour (IIS client certificate, or browsers in server-certificate mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<crate::server::ServerReport>,
    /// The hierarchy: chains, trees (roots on top), CRLs (see [`crate::chain`]).
    #[serde(default)]
    pub hierarchy: crate::chain::Hierarchy,
    /// Active Directory mapping helper for the client certificate (see [`crate::server::mapping`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<crate::server::mapping::MappingReport>,
    /// Audit of the server's trusted roots (marked files, or a drop of only CA certificates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_store: Option<crate::server::audit::TrustStoreAudit>,
}

impl Report {
    /// A report of nothing, evaluated at `at` (Unix seconds).
    pub fn empty(at: i64) -> Report {
        Report {
            version: env!("CARGO_PKG_VERSION").to_string(),
            evaluated_at: model::rfc3339_from_unix(at),
            files: Vec::new(),
            certificates: Vec::new(),
            diagnostics: Vec::new(),
            keys: Vec::new(),
            requests: Vec::new(),
            server: None,
            hierarchy: crate::chain::Hierarchy::default(),
            mapping: None,
            trust_store: None,
        }
    }
}

/// Build the report. See [`crate::analyze`].
pub fn build(files: &[InputFile], options: &Options) -> Report {
    use base64::Engine;
    use sha2::Digest as _;
    let mut report = Report::empty(options.at);
    // Each certificate in `certificates` order, parsed once, with its SHA-256, and every CRL, for the chain layer.
    let mut chain_certs: Vec<Option<crate::chain::Cert>> = Vec::new();
    let mut chain_sha256: Vec<String> = Vec::new();
    let mut chain_crls: Vec<crate::chain::CrlSource> = Vec::new();
    // Key ↔ certificate matching facts (input::matching), aligned with `certificates` / `files` / `keys`.
    let mut cert_facts: Vec<input::matching::CertFacts> = Vec::new();
    let mut file_facts: Vec<input::matching::FileFacts> = Vec::new();
    let mut key_files: Vec<usize> = Vec::new();
    // SHA-256 → index into `certificates` (a bundle of thousands is de-duplicated in linear time).
    let mut cert_by_sha256: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Key-derivation work (PKCS#12, encrypted keys) is shared by every file of the drop.
    let mut derivation_budget = input::pbe::DerivationBudget::default();
    for (file_index, file) in files.iter().enumerate() {
        let decoded = input::decode_file_with_budget(file, &mut derivation_budget);
        let mut fr = FileReport {
            name: file.name.clone(),
            size: file.bytes.len(),
            detected: decoded.detected.clone(),
            certificates: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
            keys: Vec::new(),
            container: decoded.container.clone(),
        };
        let crls_in_file = decoded.items.iter().filter(|i| i.kind == ItemKind::Crl).count();
        let requests_before = report.requests.len();
        // Requests of earlier files with the same name (names may repeat) count towards the numbering.
        let earlier_requests = report.requests.iter().filter(|r| r.file == file.name).count();
        for (index, item) in decoded.items.iter().enumerate() {
            match item.kind {
                ItemKind::Certificate => {
                    // Identical DER seen before: no second parse.
                    let sha256 = crate::der::hex(&sha2::Sha256::digest(&item.der));
                    let idx = match cert_by_sha256.get(&sha256).copied() {
                        Some(i) => i,
                        None => match CertificateView::parse(&item.der) {
                            Ok((rest, x)) => {
                                let i = report.certificates.len();
                                let view = CertificateView::from_parsed(&x, &item.der, rest.len(), options.at);
                                let texts = (view.subject.clone(), view.issuer.clone());
                                chain_certs.push(crate::chain::Cert::from_x509(i, &x, &item.der, texts));
                                chain_sha256.push(sha256.clone());
                                cert_by_sha256.insert(sha256, i);
                                report.certificates.push(CertificateReport {
                                    file: file.name.clone(),
                                    index_in_file: index,
                                    view,
                                    der_base64: base64::engine::general_purpose::STANDARD.encode(&item.der),
                                    private_key: None,
                                    friendly_name: item.attributes.friendly_name.clone(),
                                    local_key_id: item.attributes.local_key_id.clone(),
                                    chain_status: None,
                                    revocation: None,
                                });
                                cert_facts.push(input::matching::CertFacts {
                                    public_key_sha256: input::keys::certificate_key(&item.der).map(|k| k.spki_sha256()),
                                    ..Default::default()
                                });
                                i
                            }
                            Err(e) => {
                                report.diagnostics.push(Diagnostic {
                                    code: "certificate-malformed".into(),
                                    severity: Severity::Error,
                                    message: format!("{}: certificate #{} cannot be decoded: {}", file.name, index + 1, e.0),
                                    file: Some(file.name.clone()),
                                    certificate: None,
                                });
                                fr.problems.push(e.0);
                                continue;
                            }
                        },
                    };
                    if let Some(facts) = cert_facts.get_mut(idx) {
                        facts.files.push(file_index);
                        if let Some(id) = &item.attributes.local_key_id {
                            facts.local_key_ids.push((file_index, id.clone()));
                        }
                    }
                    fr.certificates.push(idx);
                }
                ItemKind::CertificateRequest => {
                    let n = earlier_requests + report.requests.len().saturating_sub(requests_before);
                    match input::requests::request_view(&file.name, n, &item.der) {
                        Ok(r) => report.requests.push(r),
                        Err(e) => fr.problems.push(e),
                    }
                }
                ItemKind::Crl => {
                    let name = if crls_in_file > 1 { format!("{} #{}", file.name, index + 1) } else { file.name.clone() };
                    chain_crls.push(crate::chain::CrlSource { name, der: item.der.clone() });
                }
            }
        }
        for key in &decoded.keys {
            fr.keys.push(report.keys.len());
            report.keys.push(key.clone());
            key_files.push(file_index);
        }
        file_facts.push(input::matching::FileFacts {
            name: file.name.clone(),
            detected: decoded.detected.clone(),
            can_hold_private_key: decoded.can_hold_private_key,
            locked: decoded.locked,
        });
        for p in &decoded.problems {
            if p.severity == input::InputSeverity::Info {
                fr.notes.push(p.message.clone());
            } else {
                fr.problems.push(p.message.clone());
            }
        }
        for p in &decoded.problems {
            report.diagnostics.push(Diagnostic {
                code: p.code.to_string(),
                severity: match p.severity {
                    input::InputSeverity::Error => Severity::Error,
                    input::InputSeverity::Warning => Severity::Warning,
                    input::InputSeverity::Info => Severity::Info,
                },
                message: format!("{}: {}", file.name, p.message),
                file: Some(file.name.clone()),
                certificate: None,
            });
        }
        report.files.push(fr);
    }
    let statuses = input::matching::link(&cert_facts, &file_facts, &mut report.keys, &key_files);
    for (c, status) in report.certificates.iter_mut().zip(statuses) {
        c.private_key = Some(status);
    }
    input::matching::link_requests(&mut report.requests, &report.keys, &cert_facts);
    if let Some(facts) = &options.shared {
        share::apply_facts(&mut report, facts);
    }
    for (i, c) in report.certificates.iter().enumerate() {
        // Findings about the certificate on its own (weak signature, malformed extension, ...).
        for f in &c.view.findings {
            report.diagnostics.push(Diagnostic {
                code: f.code.clone(),
                severity: f.severity,
                message: format!("{}: {}", c.view.label(), f.message),
                file: Some(c.file.clone()),
                certificate: Some(i),
            });
        }
        if c.view.validity.state != model::ValidityState::Valid {
            report.diagnostics.push(Diagnostic {
                code: match c.view.validity.state {
                    model::ValidityState::Expired => "certificate-expired",
                    _ => "certificate-not-yet-valid",
                }
                .into(),
                severity: Severity::Error,
                message: format!("{}: {}", c.view.subject, c.view.validity.text),
                file: Some(c.file.clone()),
                certificate: Some(i),
            });
        }
    }
    attach_hierarchy(&mut report, chain_certs, &chain_sha256, &chain_crls, options);
    attach_server(&mut report, files, options);
    report
}

/// The server section, the trust-store audit (which feeds the issuer-list
/// size into the prediction) and the AD mapping helper for the client certificate.
fn attach_server(report: &mut Report, files: &[InputFile], options: &Options) {
    use crate::server::{audit, mapping};
    report.trust_store = audit::for_report(&report.files, &report.certificates, &report.hierarchy, &options.server);
    let mut settings = options.server.clone();
    if let Some(a) = &report.trust_store {
        if settings.issuer_list_bytes.is_none() && a.source == audit::SOURCE_MARKED {
            settings.issuer_list_bytes = Some(a.issuer_list_bytes);
        }
    }
    report.server = match &report.trust_store {
        Some(a) if a.source == audit::SOURCE_CA_ONLY => Some(audit::trust_store_server_report(a)),
        _ => crate::server::adapter::server_report(files, &report.certificates, &report.hierarchy, &settings, options.at),
    };
    if report.server.as_ref().is_some_and(|s| s.mode == "client-certificate") {
        let leaf = report.server.as_ref().and_then(|s| s.trace.iter().find_map(|t| t.certificate_index));
        report.mapping = leaf.and_then(|i| report.certificates.get(i).map(|c| mapping::for_certificate(i, c)));
    }
}

/// Run the chain layer and fold its findings into the report: path findings of
/// the best paths (once per code and certificate; codes the certificate
/// already has are not repeated), CRL findings, and each certificate's status.
fn attach_hierarchy(
    report: &mut Report,
    certs: Vec<Option<crate::chain::Cert>>,
    sha256: &[String],
    crls: &[crate::chain::CrlSource],
    options: &Options,
) {
    // Files marked as the server's Trusted Root store are the trust anchors of the hierarchy too.
    let mut options = options.clone();
    if options.server.trust == crate::server::settings::Trust::Store {
        for f in report.files.iter().filter(|f| options.server.trust_store_files.contains(&f.name)) {
            for c in f.certificates.iter().filter_map(|&i| report.certificates.get(i)) {
                options.trust_store.push(c.view.sha256.clone());
            }
        }
    }
    let h = crate::chain::assess_parsed(certs, sha256, crls, &options);
    let mut seen: std::collections::HashSet<(String, Option<usize>)> =
        report.diagnostics.iter().map(|d| (d.code.clone(), d.certificate)).collect();
    let path_diags = h.chains.iter().flat_map(|c| c.best.diagnostics.iter());
    for d in path_diags.chain(h.diagnostics.iter()) {
        if seen.insert((d.code.clone(), d.certificate)) {
            let mut d = d.clone();
            d.file = d.certificate.and_then(|i| report.certificates.get(i)).map(|c| c.file.clone());
            if let Some(f) = &d.file {
                d.message = format!("{f}: {}", d.message);
            }
            report.diagnostics.push(d);
        }
    }
    let paths = h.path_index(report.certificates.len());
    for (i, c) in report.certificates.iter_mut().enumerate() {
        let path = paths.get(i).copied().flatten().and_then(|k| h.chains.get(k)).map(|ch| &ch.best);
        if let Some(p) = path {
            if let Some(e) = p.elements.iter().find(|e| e.certificate == i) {
                c.chain_status = Some(e.status);
                c.revocation = Some(e.revocation_text.clone());
            }
        }
    }
    report.hierarchy = h;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> InputFile {
        InputFile::new(name, bytes.to_vec())
    }

    /// Each distinct certificate is parsed once by the analysis (the model's
    /// view and the chain layer share the parse; a duplicate is not parsed).
    #[test]
    fn each_distinct_certificate_is_parsed_once() {
        let chain = include_bytes!("../../tests/fixtures/chain/fullchain.pem");
        let leaf = include_bytes!("../../tests/fixtures/chain/ee_client.der");
        let files = [file("fullchain.pem", chain), file("leaf.der", leaf), file("again.der", leaf)];
        let before = model::parse_count::get();
        let report = build(&files, &Options::at(1_780_000_000));
        let parses = model::parse_count::get() - before;
        assert!(report.certificates.len() >= 3, "{}", report.certificates.len());
        assert_eq!(parses, report.certificates.len(), "one parse per distinct certificate");
    }

    /// Work grows linearly: n copies of different leaves cost n parses, not n².
    #[test]
    fn parses_grow_linearly_with_the_bundle() {
        let ders: Vec<&[u8]> = vec![
            include_bytes!("../../tests/fixtures/chain/ee_server.der"),
            include_bytes!("../../tests/fixtures/chain/ee_no_eku.der"),
            include_bytes!("../../tests/fixtures/chain/ee_sha1.der"),
            include_bytes!("../../tests/fixtures/chain/ee_expired.der"),
        ];
        let count = |n: usize| {
            let files: Vec<InputFile> = ders.iter().take(n).enumerate().map(|(i, d)| file(&format!("{i}.der"), d)).collect();
            let before = model::parse_count::get();
            let _ = build(&files, &Options::at(1_780_000_000));
            model::parse_count::get() - before
        };
        assert_eq!((count(1), count(2), count(4)), (1, 2, 4));
    }
}

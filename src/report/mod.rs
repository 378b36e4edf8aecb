//! Report layer: the serialisable result of an analysis, and its diagnostics.
//!
//! The report is the app's whole state after a drop: the UI renders it, the
//! CLI prints it, a share link will carry it (minus anything secret). Field
//! names of the JSON form are a stable interface (see README).

use serde::{Deserialize, Serialize};

use crate::input::{self, InputFile, ItemKind};
use crate::model::{self, CertificateView};

/// Inputs to an analysis besides the files.
///
/// Serialisable (share links rebuild the view from it); never holds secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Evaluation time, Unix seconds (UTC). The core never reads the clock.
    pub at: i64,
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
}

/// Build the report. See [`crate::analyze`].
pub fn build(files: &[InputFile], options: &Options) -> Report {
    use base64::Engine;
    let mut report = Report {
        version: env!("CARGO_PKG_VERSION").to_string(),
        evaluated_at: model::rfc3339_from_unix(options.at),
        files: Vec::new(),
        certificates: Vec::new(),
        diagnostics: Vec::new(),
    };
    for file in files {
        let decoded = input::decode_file(file);
        let mut fr = FileReport {
            name: file.name.clone(),
            size: file.bytes.len(),
            detected: decoded.detected.clone(),
            certificates: Vec::new(),
            problems: Vec::new(),
        };
        for (index, item) in decoded.items.iter().enumerate() {
            match item.kind {
                ItemKind::Certificate => match CertificateView::from_der(&item.der, options.at) {
                    Ok(view) => {
                        let existing = report.certificates.iter().position(|c| c.view.sha256 == view.sha256);
                        let idx = existing.unwrap_or_else(|| {
                            report.certificates.push(CertificateReport {
                                file: file.name.clone(),
                                index_in_file: index,
                                view,
                                der_base64: base64::engine::general_purpose::STANDARD.encode(&item.der),
                            });
                            report.certificates.len() - 1
                        });
                        fr.certificates.push(idx);
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
                    }
                },
                // Listed by later layers (chain: CRLs; input: requests).
                ItemKind::Crl | ItemKind::CertificateRequest => {}
            }
        }
        fr.problems.extend(decoded.problems.iter().map(|p| p.message.clone()));
        for p in &decoded.problems {
            report.diagnostics.push(Diagnostic {
                code: p.code.to_string(),
                severity: Severity::Error,
                message: format!("{}: {}", file.name, p.message),
                file: Some(file.name.clone()),
                certificate: None,
            });
        }
        report.files.push(fr);
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
    report
}

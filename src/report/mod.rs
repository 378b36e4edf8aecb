//! Report layer: the serialisable result of an analysis, and its diagnostics.
//!
//! The report is the app's whole state after a drop: the UI renders it, the
//! CLI prints it, a share link will carry it (minus anything secret). Field
//! names of the JSON form are a stable interface (see README).

use serde::{Deserialize, Serialize};

pub mod export;
pub mod share;
pub mod subject;

pub use crate::input::{ContainerReport, KeyReport, PrivateKeyState, PrivateKeyStatus, RequestReport};
use crate::model;

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
    /// A first, fast answer: roots' own signatures not checked
    /// ([`crate::chain::TrustInputs::defer_root_signatures`]; the web app's worker answers
    /// with it first, then with the full analysis) when more than `Some(n)` roots are
    /// dropped. `None`, off, for the CLI; never serialised.
    #[serde(skip)]
    pub defer_root_signatures: Option<usize>,
    /// Keep each end certificate's view as the web app's summaries read it (no extensions,
    /// issuer name in parts, URLs, notable lines, or DER in base64: rebuilt from the DER when a
    /// card, an export or the prediction needs it): the web app's worker, for a drop it lists
    /// first (thousands of certificates). Off for the CLI; never serialised.
    #[serde(skip)]
    pub thin_bulk: bool,
    /// Signatures checked ahead by the web app's workers
    /// ([`crate::chain::TrustInputs::signatures_ahead`]); never serialised.
    #[serde(skip)]
    pub signatures_ahead: Option<std::sync::Arc<crate::chain::SignaturesAhead>>,
}

impl Options {
    /// Options evaluating at `at` (Unix seconds), everything else default.
    pub fn at(at: i64) -> Self {
        Self { at, ..Self::default() }
    }
}

impl From<&Options> for crate::chain::TrustInputs {
    fn from(o: &Options) -> Self {
        Self {
            at: o.at,
            trust_store: o.trust_store.clone(),
            untrusted_roots: o.untrusted_roots.clone(),
            distrust_all: o.server.trust == crate::server::settings::Trust::NotTrusted,
            defer_root_signatures: o.defer_root_signatures,
            defer_tree: false,
            signatures_ahead: o.signatures_ahead.clone(),
        }
    }
}

/// How bad a diagnostic is (shared with the model's certificate findings).
pub use crate::diag::Severity;

pub use crate::diag::Diagnostic;

pub use crate::found::{CertificateReport, FileReport};

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

    /// The index of the certificate with this SHA-256 (lowercase hex), as the page, links and
    /// tasks name a certificate.
    pub fn position_of(&self, sha256: &str) -> Option<usize> {
        self.certificates.iter().position(|c| c.view.sha256 == sha256)
    }
}

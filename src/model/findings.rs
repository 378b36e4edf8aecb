//! Certificate-level findings: problems seen in one certificate on its own.
//!
//! The report copies them into its diagnostics with the certificate's index;
//! the model keeps them so the detail view can show them next to the field.

use serde::{Deserialize, Serialize};

/// How bad a finding is (defined with the diagnostics, at the bottom of the core).
pub use crate::diag::Severity;
/// The stable code of a finding.
pub use crate::diag::Code;

/// One finding about a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code, e.g. `weak-signature-sha1`.
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// One line, plain words, naming the offending value (not the certificate: the report adds it).
    pub message: String,
}

impl Finding {
    /// A finding.
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Self {
        Self { code, severity, message: message.into() }
    }
}

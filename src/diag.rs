//! Diagnostics: the findings every layer reports, as data. At the bottom of
//! the core (every layer may use it; it uses none of them).

use serde::{Deserialize, Serialize};

/// How bad a finding or diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is wrong and will make things fail.
    Error,
    /// Likely to cause trouble.
    Warning,
    /// Worth knowing.
    Info,
}

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


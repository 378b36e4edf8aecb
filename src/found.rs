//! What an analysis found, item by item: each dropped file and each distinct certificate with
//! where it came from. The report shows them (`crate::report` re-exports both: their JSON is the
//! report's) and the server layer reads them, so they sit below both: the layers import
//! downwards only, input → model → chain → found → server → report (tests/layers.rs).

use serde::{Deserialize, Serialize};

use crate::input::{ContainerReport, PrivateKeyStatus};
use crate::model::CertificateView;

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
    /// HTTP.sys TLS bindings read from `netsh http show sslcert` output: the first one's
    /// settings are the server's (the CLI and the page apply them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bindings: Vec<crate::input::netsh::Binding>,
    /// The client certificate settings and mappings of an IIS configuration file (the CLI and
    /// the page apply its settings; the verdict reads its mappings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iis: Option<crate::input::iisconfig::IisConfig>,
    /// What `certutil -verify -urlfetch` output says the server fetched (the verdict reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_check: Option<crate::input::certutil::Verify>,
    /// IIS's request log: the verdict sets its client certificate refusals against what it predicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iis_log: Option<crate::input::iislog::Log>,
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
    /// Length in bytes of the subject name's DER: what the certificate adds to a server's
    /// trusted issuer list (TLS `certificate_authorities`) when it is a trusted root.
    #[serde(default)]
    pub subject_der_length: usize,
    /// Is there a private key for this certificate among the dropped files?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<Box<PrivateKeyStatus>>,
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
    pub revocation: Option<std::sync::Arc<str>>,
}

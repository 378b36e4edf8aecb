//! The page's view model: what the page's components read, and nothing else.
//!
//! The analysis worker holds the [`crate::Report`]; the page holds a [`PageReport`] made
//! from it here, in the core (so that native tests cover it), and sent across the worker
//! boundary in the compact positional wire of [`super::wire`]. The page therefore carries
//! no deserialiser of the report's types (their JSON form uses `flatten`, internally tagged
//! enums and skipped fields, which need a self-describing format and a lot of code).
//!
//! Rules for these types: plain data, strings already formatted where the page only shows
//! them, and no serde attribute that needs a self-describing format (no `flatten`, `tag`,
//! `untagged`, `skip_serializing_if`, `default` on fields): `wire::tests` round-trips a
//! fully populated model, so such an attribute fails a test. The JSON of `certlens --json`
//! and of the page's "Download report" is made from the `Report`, never from these types.

use serde::{Deserialize, Serialize};

// Enums the page shows as the core has them: unit variants whose serde form is positional-safe
// (`rename_all` only), so they cross the wire as they are.
pub use crate::chain::{AnchorTrust, CrlState, NodeStatus};
pub use crate::diag::Severity;
pub use crate::input::pkcs12::MacReport;
pub use crate::input::{PasswordState, PrivateKeyState};
pub use crate::model::{SidSource, ValidityState};
pub use crate::server::trace::StepStatus;

/// In the page's wasm the report and the prediction are compared by identity: the state
/// holds each in an `Rc` and replaces it with a new answer, never edits it, so the props of a
/// component that gets the same `Rc` are unchanged and a new answer is a change. A deep
/// comparison would be 5 KB of wasm that no component needs. Natively (the tests compare
/// reports by value) they derive `PartialEq`.
macro_rules! same_object {
    ($($t:ty),*) => {$(
        #[cfg(target_arch = "wasm32")]
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                std::ptr::eq(self, other)
            }
        }
        #[cfg(target_arch = "wasm32")]
        impl Eq for $t {}
    )*};
}
same_object!(PageReport, ServerReport);

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code (kebab-case), for tooltips and `data-code`.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// One line, plain words.
    pub message: String,
    /// The file it concerns.
    pub file: Option<String>,
    /// The certificate (index) it concerns.
    pub certificate: Option<usize>,
}

/// The analysis as the page shows it. In the page's wasm it is compared by identity (see
/// [`same_object`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(PartialEq, Eq))]
pub struct PageReport {
    /// certlens version.
    pub version: String,
    /// Evaluation time, RFC 3339.
    pub evaluated_at: String,
    /// Every file, in the order given.
    pub files: Vec<FileReport>,
    /// Every certificate (summaries when the page is "thin").
    pub certificates: Vec<CertificateReport>,
    /// Every finding.
    pub diagnostics: Vec<Diagnostic>,
    /// Every key (public facts).
    pub keys: Vec<KeyReport>,
    /// Every certificate request.
    pub requests: Vec<RequestReport>,
    /// The hierarchy.
    pub hierarchy: Hierarchy,
    /// The certificate the Active Directory mapping helper starts with.
    pub mapping_certificate: Option<usize>,
    /// Audit of the server's trusted roots.
    pub trust_store: Option<TrustStoreAudit>,
}

/// One dropped file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: usize,
    /// What it was detected as.
    pub detected: String,
    /// Indexes of its certificates.
    pub certificates: Vec<usize>,
    /// Problems.
    pub problems: Vec<String>,
    /// Notes that are not problems.
    pub notes: Vec<String>,
    /// Indexes of its keys.
    pub keys: Vec<usize>,
    /// The structure of a PKCS#12 or PKCS#7 container.
    pub container: Option<ContainerReport>,
    /// HTTP.sys bindings (`netsh http show sslcert` output): the first one's settings are
    /// applied to the server settings once ([`super::state::AppState`]).
    pub bindings: Vec<crate::input::netsh::Binding>,
    /// The settings of an IIS configuration file (`sslFlags`, which mapping, where): applied
    /// to the server settings once, as a binding's are.
    pub iis: Option<crate::input::iisconfig::IisSettings>,
}

impl FileReport {
    /// Whether the file gave no certificate or key and an error says why (a container may
    /// still be there, locked). A file read for what it says (netsh output, an IIS
    /// configuration, certutil's output) may have warnings, and was read.
    pub fn gave_nothing(&self, diagnostics: &[Diagnostic]) -> bool {
        self.certificates.is_empty()
            && self.keys.is_empty()
            && diagnostics.iter().any(|d| d.severity == Severity::Error && d.file.as_deref() == Some(self.name.as_str()))
    }

    /// Whether the file still waits for a password: a container whose password was not given
    /// or was wrong, or one of its keys (`keys`: the report's) encrypted and not opened. Its
    /// password box under Files and the verdict bar's line ask for it.
    pub fn waits_for_password(&self, keys: &[KeyReport]) -> bool {
        self.container_locked() || self.keys.iter().filter_map(|&k| keys.get(k)).any(KeyReport::locked)
    }

    /// Its container (a .pfx) is still locked: its certificates and keys are not read yet.
    pub fn container_locked(&self) -> bool {
        self.container.as_ref().is_some_and(|c| c.password.locks())
    }
}

/// A container's structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerReport {
    /// `PKCS#12`, `PKCS#7`.
    pub format: String,
    /// What it holds, in words.
    pub summary: String,
    /// The password's state.
    pub password: PasswordState,
    /// The MAC.
    pub mac: Option<MacReport>,
    /// Its parts.
    pub parts: Vec<ContainerPart>,
    /// Legacy (3DES/RC2-era) encryption.
    pub legacy: bool,
    /// The private key, in words.
    pub private_key: String,
}

/// One part of a container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerPart {
    /// `data`, `encryptedData`, `envelopedData`.
    pub kind: String,
    /// Its encryption, in words.
    pub encryption: Option<String>,
    /// Opened.
    pub opened: bool,
    /// Its bags.
    pub bags: Vec<BagReport>,
}

/// One bag of a container part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BagReport {
    /// `certificate`, `shrouded-key`, ...
    pub kind: String,
    /// Its encryption, in words.
    pub encryption: Option<String>,
    /// Friendly name.
    pub friendly_name: Option<String>,
    /// Local key ID.
    pub local_key_id: Option<String>,
}

/// A key (public facts only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyReport {
    /// A private key (else a public one).
    pub private: bool,
    /// Its format.
    pub format: String,
    /// Algorithm and size.
    pub summary: Option<String>,
    /// Encrypted.
    pub encrypted: bool,
    /// Decrypted.
    pub decrypted: bool,
    /// Its status, in words.
    pub status: String,
}

impl KeyReport {
    /// Still locked ([`crate::input::keys::KeyReport::locked`]).
    pub fn locked(&self) -> bool {
        self.encrypted && !self.decrypted
    }
}

/// A certificate request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestReport {
    /// The file it came from.
    pub file: String,
    /// Subject.
    pub subject: String,
    /// Public key, in words.
    pub public_key: String,
    /// Signature algorithm.
    pub signature_algorithm: String,
    /// Alternative names.
    pub subject_alt_names: Vec<String>,
    /// Extended key usages asked for, by name (the OID when unknown).
    pub extended_key_usage: Vec<String>,
    /// Carries a challenge password.
    pub has_challenge_password: bool,
    /// Its private key is among the dropped files.
    pub has_key: bool,
    /// Certificates issued for it.
    pub certificates: Vec<usize>,
}

/// Private-key status of a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateKeyStatus {
    /// The situation.
    pub state: PrivateKeyState,
    /// One line, plain words.
    pub message: String,
}

/// A certificate: where it came from and what the card shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateReport {
    /// The file it came from.
    pub file: String,
    /// The decoded certificate.
    pub view: CertificateView,
    /// DER, base64 (downloads); empty in a summary.
    pub der_base64: String,
    /// Private key status.
    pub private_key: Option<PrivateKeyStatus>,
    /// PKCS#12 friendly name.
    pub friendly_name: Option<String>,
    /// PKCS#12 local key ID.
    pub local_key_id: Option<String>,
    /// Revocation in words.
    pub revocation: Option<String>,
    /// The Active Directory mapping helper (end certificates; not in a summary).
    pub mapping: Option<MappingReport>,
}

/// The decoded certificate, as the card shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    /// Subject (Windows form).
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Subject, or "certificate with serial …" when empty.
    pub label: String,
    /// The name of its downloads, without the extension ([`super::format::download_stem`]).
    pub download_stem: String,
    /// Serial, lowercase hex.
    pub serial: String,
    /// notBefore, RFC 3339.
    pub not_before: String,
    /// notAfter, RFC 3339.
    pub not_after: String,
    /// Validity against the evaluation time.
    pub validity: ValidityView,
    /// SHA-1, lowercase hex.
    pub sha1: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// The public key in words (with the RSA exponent).
    pub public_key: String,
    /// The signature algorithm.
    pub signature_algorithm: AlgorithmView,
    /// X.509 version.
    pub version: u32,
    /// A CA.
    pub is_ca: bool,
    /// Path length constraint.
    pub path_len: Option<u32>,
    /// Subject equals issuer.
    pub self_issued: bool,
    /// Key usage bits by name.
    pub key_usage: Option<Vec<String>>,
    /// "Can be used for", in words.
    pub eku_text: String,
    /// The EKUs: (name, OID); `None` without the extension.
    pub extended_key_usage: Option<Vec<(String, String)>>,
    /// Alternative names.
    pub subject_alt_names: Vec<GeneralNameView>,
    /// CRL distribution point URLs.
    pub crl_urls: Vec<String>,
    /// AIA CA-issuers URLs.
    pub aia_ca_issuer_urls: Vec<String>,
    /// AIA OCSP URLs.
    pub ocsp_urls: Vec<String>,
    /// Subject key identifier.
    pub subject_key_id: Option<String>,
    /// Authority key identifier.
    pub authority_key_id: Option<String>,
    /// The extensions (without their typed detail).
    pub extensions: Vec<ExtensionView>,
    /// The subject in its forms.
    pub subject_name: NameView,
    /// The issuer in its forms.
    pub issuer_name: NameView,
    /// SPKI SHA-256, base64.
    pub spki_sha256_base64: String,
    /// Account SID.
    pub sid: Option<String>,
    /// Where the SID came from.
    pub sid_source: Option<SidSource>,
    /// Every URL, classified.
    pub urls: Vec<UrlView>,
    /// The few facts first.
    pub notable: Vec<NotableLine>,
}

impl CertificateView {
    /// An end certificate that signs a user in (client authentication or smart card logon, any
    /// purpose, or no EKU at all): the ones an Active Directory account is mapped to.
    pub fn signs_users_in(&self) -> bool {
        use crate::server::facts::{EKU_ANY, EKU_CLIENT_AUTH};
        const SMART_CARD_LOGON: &str = "1.3.6.1.4.1.311.20.2.2";
        const FOR_USERS: [&str; 3] = [EKU_CLIENT_AUTH, SMART_CARD_LOGON, EKU_ANY];
        !self.is_ca && self.extended_key_usage.as_ref().is_none_or(|ekus| ekus.iter().any(|(_, oid)| FOR_USERS.contains(&oid.as_str())))
    }
}

/// Validity against the evaluation time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityView {
    /// The state.
    pub state: ValidityState,
    /// In words.
    pub text: String,
    /// notBefore, Unix seconds.
    pub not_before_unix: i64,
    /// notAfter, Unix seconds.
    pub not_after_unix: i64,
    /// The lifetime in words.
    pub lifetime_text: String,
}

impl Default for ValidityView {
    fn default() -> Self {
        Self { state: ValidityState::Valid, text: String::new(), not_before_unix: 0, not_after_unix: 0, lifetime_text: String::new() }
    }
}

/// A signature algorithm.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlgorithmView {
    /// Its name.
    pub name: String,
    /// Weak.
    pub weak: bool,
    /// RSA-PSS parameters in words.
    pub pss: Option<String>,
}

/// One general name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralNameView {
    /// Its kind (`dns`, `upn`, ...).
    pub kind: String,
    /// The value, deceptive characters made visible.
    pub value: String,
}

/// One extension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionView {
    /// OID.
    pub oid: String,
    /// Name.
    pub name: String,
    /// Critical.
    pub critical: bool,
    /// Its values in words.
    pub values: Vec<String>,
    /// Why it could not be read.
    pub error: Option<String>,
}

/// A name in its forms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameView {
    /// Windows form.
    pub windows: String,
    /// RFC 4514.
    pub rfc4514: String,
    /// OpenSSL.
    pub openssl: String,
    /// Typed attributes.
    pub attributes: Vec<AttributeView>,
}

/// One attribute of a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeView {
    /// `CN`, `O`, ...
    pub short_name: String,
    /// The ASN.1 string type.
    pub string_type: String,
    /// The value.
    pub value: String,
    /// What is wrong with it.
    pub problem: Option<String>,
}

/// A URL of the certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlView {
    /// The URL.
    pub url: String,
    /// Where it is (`crl`, `ocsp`, ...).
    pub source: String,
    /// Reachable only from inside a network.
    pub internal_only: bool,
    /// A note on reachability.
    pub note: String,
}

/// One line of "in short".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotableLine {
    /// Topic (`expiry`, ...).
    pub topic: String,
    /// Severity.
    pub severity: Severity,
    /// The text.
    pub text: String,
}

/// The hierarchy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hierarchy {
    /// One chain per end certificate.
    pub chains: Vec<Chain>,
    /// Trees, roots on top.
    pub tree: Vec<TreeNode>,
    /// The dropped CRLs.
    pub crls: Vec<CrlReport>,
    /// The chain builder stopped at its work limit.
    pub gave_up: bool,
}

/// A chain of an end certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// The end certificate.
    pub end_certificate: usize,
    /// The best path.
    pub best: ChainPath,
    /// The other paths: status and summary.
    pub alternatives: Vec<(NodeStatus, String)>,
}

/// A path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainPath {
    /// Its elements, end certificate first.
    pub elements: Vec<PathElement>,
}

/// One element of a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathElement {
    /// The certificate.
    pub certificate: usize,
    /// Its label.
    pub label: String,
    /// Its signature check: (algorithm, detail; empty when verified).
    pub signature: Option<(String, String)>,
    /// Revocation in words.
    pub revocation_text: String,
}

/// A node of the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeNode {
    /// The certificate, when dropped.
    pub certificate: Option<usize>,
    /// Label.
    pub label: String,
    /// Status.
    pub status: NodeStatus,
    /// For a root: how it is trusted.
    pub anchor_trust: Option<AnchorTrust>,
    /// A missing issuer.
    pub missing: Option<MissingIssuer>,
    /// Children.
    pub children: Vec<TreeNode>,
}

/// An issuer that was not dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingIssuer {
    /// Its expected name.
    pub expected_name: String,
    /// Its key ID.
    pub key_id: Option<String>,
    /// Where to download it.
    pub aia_urls: Vec<String>,
    /// Commands that fetch it.
    pub fetch_commands: Vec<String>,
    /// Commands not shown, and why.
    pub withheld_commands: Vec<String>,
}

/// A dropped CRL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrlReport {
    /// Its file.
    pub source: String,
    /// Its issuer.
    pub issuer: String,
    /// This update, RFC 3339.
    pub this_update: String,
    /// Next update.
    pub next_update: Option<String>,
    /// How many entries.
    pub revoked_count: usize,
    /// A delta CRL.
    pub delta: bool,
    /// Its scope in words.
    pub scope: Vec<String>,
    /// Its state.
    pub state: CrlState,
}

/// The server prediction. In the page's wasm it is compared by identity (see [`same_object`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(PartialEq, Eq))]
pub struct ServerReport {
    /// `client-certificate`, `server-certificate`, `trust-store`.
    pub mode: String,
    /// The outcome code.
    pub outcome: String,
    /// The HTTP status IIS answers.
    pub http_status: Option<String>,
    /// What the outcome is under each assumption.
    pub outcome_if: Vec<Branch>,
    /// Summary.
    pub summary: String,
    /// Windows status.
    pub win32: Option<String>,
    /// Event ID.
    pub event: Option<u32>,
    /// The steps.
    pub trace: Vec<Step>,
    /// Known traps.
    pub traps: Vec<Trap>,
    /// When this changes.
    pub timeline: Vec<TimelineEntry>,
    /// What a dropped IIS log shows the server answered, against this prediction.
    pub observed: Option<String>,
}

/// One branch of a `depends` outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    /// The condition.
    pub condition: String,
    /// The outcome.
    pub outcome: String,
    /// The settings it assumes.
    pub assumes: Vec<Assumption>,
}

/// A setting a branch assumes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumption {
    /// The setting.
    pub setting: String,
    /// Its value.
    pub value: String,
}

/// A step of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Its key among the steps, the same for the same step in the next answer ([`step_keys`]).
    pub key: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: StepStatus,
    /// The certificate it is about.
    pub certificate: Option<String>,
    /// Its index.
    pub certificate_index: Option<usize>,
    /// Evidence.
    pub evidence: String,
    /// URL checks.
    pub urls: Vec<UrlCheck>,
    /// The fix.
    pub fix: Option<Fix>,
    /// Reached.
    pub reached: bool,
}

/// A URL the server would fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlCheck {
    /// The URL.
    pub url: String,
    /// Its class.
    pub class: String,
    /// `yes`, `no`, `unknown`.
    pub reachable: String,
}

/// A fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What to do.
    pub text: String,
    /// Commands.
    pub commands: Vec<String>,
    /// Reference.
    pub reference: String,
}

/// A known trap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trap {
    /// Message.
    pub message: String,
    /// Fix.
    pub fix: Option<Fix>,
}

/// When the outcome changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When, RFC 3339.
    pub at: String,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// The outcome then.
    pub outcome: String,
    /// Why.
    pub because: String,
}

/// The audit of the server's trusted roots.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustStoreAudit {
    /// Certificates.
    pub certificate_count: usize,
    /// CA certificates.
    pub ca_count: usize,
    /// Issuer list size.
    pub issuer_list_bytes: u32,
    /// The entries cut from a 12 KB or 16 KB list.
    pub cut: Vec<StoreEntry>,
    /// The client's CA.
    pub client_ca: Option<ClientCa>,
    /// Findings.
    pub findings: Vec<AuditFinding>,
    /// Summary.
    pub summary: String,
}

/// A store entry beyond a limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreEntry {
    /// Subject.
    pub subject: String,
    /// Running size through it.
    pub list_bytes_through: u32,
    /// Cut at 16 KB.
    pub cut_at_16k: bool,
}

/// The client's CA in the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCa {
    /// Its subject (empty: not dropped).
    pub ca_subject: String,
    /// In the store.
    pub in_store: bool,
    /// Cut at 12 KB.
    pub cut_at_12k: bool,
    /// Cut at 16 KB.
    pub cut_at_16k: bool,
}

/// An audit finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFinding {
    /// Code.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// Message.
    pub message: String,
    /// Reference.
    pub reference: String,
}

/// The Active Directory mapping helper for one certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingReport {
    /// Subject.
    pub subject: String,
    /// SID.
    pub sid: Option<String>,
    /// Where the SID came from.
    pub sid_source: Option<SidSource>,
    /// UPN.
    pub upn: Option<String>,
    /// Under full enforcement.
    pub enforcement: ModeOutcome,
    /// In compatibility mode.
    pub compatibility: ModeOutcome,
    /// altSecurityIdentities values.
    pub alt_security_identities: Vec<AltSecurityIdentity>,
    /// IIS one-to-one command.
    pub iis_one_to_one: Cmd,
    /// IIS many-to-one rule.
    pub iis_many_to_one: ManyToOne,
    /// Reference.
    pub reference: String,
}

/// Whether a mode maps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeOutcome {
    /// It maps.
    pub works: bool,
    /// Why.
    pub why: String,
}

/// One altSecurityIdentities value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AltSecurityIdentity {
    /// Kind.
    pub kind: String,
    /// Value.
    pub value: String,
    /// Strong.
    pub strong: bool,
    /// Meaning.
    pub meaning: String,
    /// The PowerShell command.
    pub powershell: Cmd,
}

/// A command, or why it is not shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cmd {
    /// The command line.
    pub command: Option<String>,
    /// Why not shown.
    pub withheld: Option<String>,
}

/// The many-to-one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManyToOne {
    /// web.config snippet.
    pub web_config: String,
    /// appcmd commands.
    pub commands: Vec<Cmd>,
}

/// The ASN.1 tree of a certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asn1Tree {
    /// Top-level nodes.
    pub nodes: Vec<Asn1Node>,
    /// Nodes in all.
    pub node_count: usize,
    /// Cut short.
    pub truncated: bool,
    /// Why it stopped.
    pub error: Option<String>,
}

/// One node of the ASN.1 tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asn1Node {
    /// Offset.
    pub offset: usize,
    /// Header length.
    pub header_length: usize,
    /// Content length.
    pub length: usize,
    /// Tag name.
    pub tag_name: String,
    /// Preview of the value.
    pub preview: Option<String>,
    /// Encapsulates DER.
    pub encapsulates: bool,
    /// Children.
    pub children: Vec<Asn1Node>,
}

// ---------------------------------------------------------------------------------------
// Building the model from the core's report (in the worker; native tests run it too).

#[cfg(test)]
impl CertificateReport {
    /// A summary: the card's detail left out (see [`super::work::THIN_ABOVE`]). The tests'
    /// own account of what a summary drops, field by field, which the worker's summaries
    /// ([`certificate_view`] with `full` false) are held to.
    pub fn thin(&self) -> Self {
        let mut c = self.clone();
        c.der_base64.clear();
        c.mapping = None;
        c.file.clear();
        c.private_key = None;
        c.friendly_name = None;
        c.local_key_id = None;
        c.revocation = None;
        let v = &mut c.view;
        v.issuer.clear();
        v.download_stem.clear();
        v.serial.clear();
        v.not_before.clear();
        v.not_after.clear();
        v.validity.text.clear();
        v.validity.lifetime_text.clear();
        v.sha1.clear();
        v.public_key.clear();
        v.signature_algorithm.name.clear();
        v.signature_algorithm.pss = None;
        v.eku_text.clear();
        v.subject_key_id = None;
        v.authority_key_id = None;
        v.extensions.clear();
        v.notable.clear();
        v.urls.clear();
        v.subject_alt_names.clear();
        v.crl_urls.clear();
        v.aia_ca_issuer_urls.clear();
        v.ocsp_urls.clear();
        v.spki_sha256_base64.clear();
        v.subject_name = NameView::default();
        v.issuer_name = NameView::default();
        c
    }
}

impl From<&crate::diag::Diagnostic> for Diagnostic {
    fn from(d: &crate::diag::Diagnostic) -> Self {
        Self { code: d.code.to_string(), severity: d.severity, message: d.message.to_string(), file: d.file.clone(), certificate: d.certificate }
    }
}

fn pbe_words(e: &crate::input::pbe::PbeInfo) -> String {
    let mut s = e.algorithm.clone();
    if let Some(n) = e.iterations {
        s.push_str(&format!(", {}", crate::text::count(n, "iteration", "iterations")));
    }
    if e.legacy {
        s.push_str(" (legacy)");
    }
    if !e.supported {
        s.push_str(" (certlens cannot decrypt this scheme)");
    }
    s
}

impl From<&crate::input::ContainerReport> for ContainerReport {
    fn from(c: &crate::input::ContainerReport) -> Self {
        Self {
            format: c.format.clone(),
            summary: c.summary.clone(),
            password: c.password,
            mac: c.mac.clone(),
            parts: c
                .parts
                .iter()
                .map(|p| ContainerPart {
                    kind: p.kind.clone(),
                    encryption: p.encryption.as_ref().map(pbe_words),
                    opened: p.opened,
                    bags: p
                        .bags
                        .iter()
                        .map(|b| BagReport {
                            kind: b.kind.clone(),
                            encryption: b.encryption.as_ref().map(pbe_words),
                            friendly_name: b.friendly_name.clone(),
                            local_key_id: b.local_key_id.clone(),
                        })
                        .collect(),
                })
                .collect(),
            legacy: c.legacy,
            private_key: c.private_key.clone(),
        }
    }
}

impl From<&crate::report::FileReport> for FileReport {
    fn from(f: &crate::report::FileReport) -> Self {
        Self {
            name: f.name.clone(),
            size: f.size,
            detected: f.detected.clone(),
            certificates: f.certificates.clone(),
            problems: f.problems.clone(),
            notes: f.notes.clone(),
            keys: f.keys.clone(),
            container: f.container.as_ref().map(Into::into),
            bindings: f.bindings.clone(),
            iis: f.iis.as_ref().map(|c| c.settings),
        }
    }
}

impl From<&crate::report::KeyReport> for KeyReport {
    fn from(k: &crate::report::KeyReport) -> Self {
        Self {
            private: k.kind == crate::input::keys::KeyKind::Private,
            format: k.format.clone(),
            summary: k.summary.clone(),
            encrypted: k.encrypted,
            decrypted: k.decrypted,
            status: k.status.clone(),
        }
    }
}

impl From<&crate::report::RequestReport> for RequestReport {
    fn from(r: &crate::report::RequestReport) -> Self {
        Self {
            file: r.file.clone(),
            subject: r.subject.clone(),
            public_key: r.public_key.clone(),
            signature_algorithm: r.signature_algorithm.clone(),
            subject_alt_names: r.subject_alt_names.iter().map(|s| crate::input::requests::san_words(s)).collect(),
            extended_key_usage: r.extended_key_usage.iter().map(|o| crate::model::oids::eku_name(o).unwrap_or(o.as_str()).to_string()).collect(),
            has_challenge_password: r.has_challenge_password,
            has_key: !r.keys.is_empty(),
            certificates: r.certificates.clone(),
        }
    }
}

fn name_view(n: &crate::model::NameView) -> NameView {
    NameView {
        windows: n.windows.clone(),
        rfc4514: n.rfc4514.clone(),
        openssl: n.openssl.clone(),
        attributes: n
            .attributes
            .iter()
            .map(|a| AttributeView { short_name: a.short_name.clone(), string_type: a.string_type.clone(), value: a.value.clone(), problem: a.problem.clone() })
            .collect(),
    }
}

/// The page's view of a certificate; `full: false` leaves out what [`CertificateReport::thin`]
/// clears (built without it, not built and cleared: 10,000 summaries in one answer).
fn certificate_view(c: &crate::model::CertificateView, full: bool) -> CertificateView {
    // A summary keeps what the page reads of a certificate whose card is closed (its name,
    // SHA-256, validity state and times, CA or not, key usage and EKUs: whether it signs users
    // in); the card's words come with the certificate in full when it opens.
    let keep = |s: &String| if full { s.clone() } else { String::new() };
    let public_key = if full {
        let mut public_key = c.public_key.summary.clone();
        if let Some(e) = c.public_key.rsa_exponent {
            public_key.push_str(&format!(", exponent {e}"));
        }
        public_key
    } else {
        String::new()
    };
    let eku_text = if full {
        let names = c.eku_names();
        match &c.extended_key_usage {
            None => "Any purpose (no extended key usage extension)".to_string(),
            Some(_) if names.is_empty() => "Nothing (the extended key usage extension is empty)".to_string(),
            Some(_) => names.join(", "),
        }
    } else {
        String::new()
    };
    CertificateView {
        subject: c.subject.clone(),
        issuer: keep(&c.issuer),
        label: c.label(),
        download_stem: if full { super::format::download_stem(&super::format::list_name(&c.subject, || c.name())) } else { String::new() },
        serial: keep(&c.serial),
        not_before: keep(&c.not_before),
        not_after: keep(&c.not_after),
        validity: ValidityView {
            state: c.validity.state,
            text: keep(&c.validity.text),
            not_before_unix: c.validity.not_before_unix,
            not_after_unix: c.validity.not_after_unix,
            lifetime_text: keep(&c.validity.lifetime_text),
        },
        sha1: keep(&c.sha1),
        sha256: c.sha256.clone(),
        public_key,
        signature_algorithm: AlgorithmView {
            name: keep(&c.signature_algorithm.name),
            weak: c.signature_algorithm.weak,
            pss: c.signature_algorithm.pss.as_ref().filter(|_| full).map(|p| format!("hash {}, {}, salt {} bytes", p.hash, p.mask_generation, p.salt_length)),
        },
        version: c.version,
        is_ca: c.is_ca,
        path_len: c.path_len,
        self_issued: c.self_issued,
        key_usage: c.key_usage.clone(),
        eku_text,
        extended_key_usage: c
            .extended_key_usage
            .as_ref()
            .map(|ekus| ekus.iter().map(|o| (crate::model::oids::eku_name(o).unwrap_or("Unknown purpose").to_string(), o.clone())).collect()),
        subject_alt_names: if full {
            c.subject_alt_names
                .iter()
                .map(|n| GeneralNameView { kind: n.kind.as_str().to_string(), value: crate::text::visible(&n.value).into_owned() })
                .collect()
        } else {
            Vec::new()
        },
        crl_urls: if full { c.crl_urls.clone() } else { Vec::new() },
        aia_ca_issuer_urls: if full { c.aia_ca_issuer_urls.clone() } else { Vec::new() },
        ocsp_urls: if full { c.ocsp_urls.clone() } else { Vec::new() },
        subject_key_id: c.subject_key_id.clone().filter(|_| full),
        authority_key_id: c.authority_key_id.clone().filter(|_| full),
        extensions: if full {
            c.extensions
                .iter()
                .map(|e| ExtensionView { oid: e.oid.clone(), name: e.name.clone(), critical: e.critical, values: e.values.clone(), error: e.error.clone() })
                .collect()
        } else {
            Vec::new()
        },
        subject_name: if full { name_view(&c.subject_name) } else { NameView::default() },
        issuer_name: if full { name_view(&c.issuer_name) } else { NameView::default() },
        // The card's pin: a summary's card asks for its certificate in full.
        spki_sha256_base64: if full { c.spki_sha256_base64.clone() } else { String::new() },
        sid: c.sid.clone(),
        sid_source: c.sid_source,
        urls: if full {
            c.urls.iter().map(|u| UrlView { url: u.url.clone(), source: u.source.clone(), internal_only: u.internal_only, note: u.note.clone() }).collect()
        } else {
            Vec::new()
        },
        notable: if full {
            c.notable.iter().map(|n| NotableLine { topic: n.topic.clone(), severity: n.severity, text: n.text.clone() }).collect()
        } else {
            Vec::new()
        },
    }
}

fn cmd(c: &crate::server::shell::Cmd) -> Cmd {
    Cmd { command: c.command.clone(), withheld: c.withheld.clone() }
}

impl From<&crate::server::mapping::MappingReport> for MappingReport {
    fn from(m: &crate::server::mapping::MappingReport) -> Self {
        let mode = |o: &crate::server::mapping::ModeOutcome| ModeOutcome { works: o.works, why: o.why.clone() };
        Self {
            subject: m.subject.clone(),
            sid: m.sid.clone(),
            sid_source: m.sid_source,
            upn: m.upn.clone(),
            enforcement: mode(&m.enforcement),
            compatibility: mode(&m.compatibility),
            alt_security_identities: m
                .alt_security_identities
                .iter()
                .map(|a| AltSecurityIdentity { kind: a.kind.clone(), value: a.value.clone(), strong: a.strong, meaning: a.meaning.clone(), powershell: cmd(&a.powershell) })
                .collect(),
            iis_one_to_one: cmd(&m.iis_one_to_one),
            iis_many_to_one: ManyToOne { web_config: m.iis_many_to_one.web_config.clone(), commands: m.iis_many_to_one.commands.iter().map(cmd).collect() },
            reference: m.reference.clone(),
        }
    }
}

/// Certificate `index` of the core's report, in full (with its mapping helper when it is an
/// end certificate).
pub fn certificate(index: usize, c: &crate::report::CertificateReport) -> CertificateReport {
    build_certificate(index, c, true)
}

/// Certificate `index` as a summary: what [`CertificateReport::thin`] keeps.
pub fn summary(c: &crate::report::CertificateReport) -> CertificateReport {
    build_certificate(0, c, false)
}

/// `full`: with everything and the mapping helper; else a summary ([`CertificateReport::thin`]).
fn build_certificate(index: usize, c: &crate::report::CertificateReport, full: bool) -> CertificateReport {
    CertificateReport {
        file: if full { c.file.clone() } else { String::new() },
        view: certificate_view(&c.view, full),
        der_base64: if full { c.der_base64.clone() } else { String::new() },
        private_key: c.private_key.as_ref().filter(|_| full).map(|k| PrivateKeyStatus { state: k.state, message: k.message.clone() }),
        friendly_name: c.friendly_name.clone().filter(|_| full),
        local_key_id: c.local_key_id.clone().filter(|_| full),
        revocation: c.revocation.as_deref().filter(|_| full).map(str::to_string),
        mapping: (full && !c.view.is_ca).then(|| (&crate::server::mapping::for_certificate(index, c)).into()),
    }
}

fn missing_issuer(m: &crate::chain::MissingIssuer) -> MissingIssuer {
    MissingIssuer {
        expected_name: m.expected_name.clone(),
        key_id: m.key_id.clone(),
        aia_urls: m.aia_urls.clone(),
        fetch_commands: m.fetch_commands.iter().map(|c| c.to_string()).collect(),
        withheld_commands: m.withheld_commands.clone(),
    }
}

fn tree_node(n: &crate::chain::TreeNode) -> TreeNode {
    TreeNode {
        certificate: n.certificate,
        label: n.label.clone(),
        status: n.status,
        anchor_trust: n.anchor_trust,
        missing: n.missing.as_deref().map(missing_issuer),
        children: n.children.iter().map(tree_node).collect(),
    }
}

impl From<&crate::chain::Hierarchy> for Hierarchy {
    fn from(h: &crate::chain::Hierarchy) -> Self {
        Self {
            chains: h
                .chains
                .iter()
                .map(|c| Chain {
                    end_certificate: c.end_certificate,
                    best: ChainPath {
                        elements: c
                            .best
                            .elements
                            .iter()
                            .map(|e| PathElement {
                                certificate: e.certificate,
                                label: e.label.to_string(),
                                signature: e.signature.as_ref().map(|s| (s.algorithm.clone(), s.detail.clone())),
                                revocation_text: e.revocation_text.to_string(),
                            })
                            .collect(),
                    },
                    alternatives: c.alternatives.iter().map(|a| (a.status, a.summary.clone())).collect(),
                })
                .collect(),
            tree: h.tree.iter().map(tree_node).collect(),
            crls: h
                .crls
                .iter()
                .map(|c| CrlReport {
                    source: c.source.clone(),
                    issuer: c.issuer.clone(),
                    this_update: c.this_update.clone(),
                    next_update: c.next_update.clone(),
                    revoked_count: c.revoked_count,
                    delta: c.delta,
                    scope: c.scope.clone(),
                    state: c.state,
                })
                .collect(),
            gave_up: h.work.gave_up,
        }
    }
}

fn fix(f: &crate::server::trace::Fix) -> Fix {
    Fix { text: f.text.clone(), commands: f.commands.iter().map(|c| c.to_string()).collect(), reference: f.reference.clone() }
}

/// One key per step of a trace, the same for the same step in the next answer: its id
/// (`revocation`, `mapping`…) and certificate (a step is about one certificate at most), and
/// how many steps before it had both, so that keys are unique whatever the trace holds. The
/// page keys the trace's elements with it: a settings change that adds or removes steps
/// (revocation off: one revocation step instead of one per certificate) moves the steps after
/// them instead of rewriting each into its neighbour's content.
fn step_keys(trace: &[crate::server::trace::Step]) -> Vec<String> {
    let same = |a: &crate::server::trace::Step, b: &crate::server::trace::Step| a.step == b.step && a.certificate_index == b.certificate_index;
    // (A trace has a dozen steps: counting the earlier ones is enough.)
    trace
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let before = trace.get(..i).unwrap_or_default().iter().filter(|t| same(t, s)).count();
            format!("{}/{}/{before}", s.step, s.certificate_index.map_or(0, |i| i + 1))
        })
        .collect()
}

impl From<&crate::server::ServerReport> for ServerReport {
    fn from(r: &crate::server::ServerReport) -> Self {
        Self {
            mode: r.mode.to_string(),
            outcome: r.outcome.to_string(),
            http_status: r.http_status.map(|h| h.to_string()),
            outcome_if: r
                .outcome_if
                .iter()
                .map(|b| Branch {
                    condition: b.condition.clone(),
                    outcome: b.outcome.to_string(),
                    assumes: b.assumes.iter().map(|a| Assumption { setting: a.setting.clone(), value: a.value.clone() }).collect(),
                })
                .collect(),
            summary: r.summary.clone(),
            win32: r.win32.clone(),
            event: r.event,
            trace: r
                .trace
                .iter()
                .zip(step_keys(&r.trace))
                .map(|(s, key)| Step {
                    key,
                    title: s.title.clone(),
                    status: s.status,
                    certificate: s.certificate.clone(),
                    certificate_index: s.certificate_index,
                    evidence: s.evidence.clone(),
                    urls: s.urls.iter().map(|u| UrlCheck { url: u.url.clone(), class: u.class.clone(), reachable: u.reachable.clone() }).collect(),
                    fix: s.fix.as_ref().map(fix),
                    reached: s.reached,
                })
                .collect(),
            traps: r.traps.iter().map(|t| Trap { message: t.message.clone(), fix: t.fix.as_ref().map(fix) }).collect(),
            timeline: r
                .timeline
                .iter()
                .map(|t| TimelineEntry { at: t.at.clone(), at_unix: t.at_unix, outcome: t.outcome.to_string(), because: t.because.clone() })
                .collect(),
            observed: r.observed.clone(),
        }
    }
}

impl From<&crate::server::audit::TrustStoreAudit> for TrustStoreAudit {
    fn from(a: &crate::server::audit::TrustStoreAudit) -> Self {
        Self {
            certificate_count: a.certificate_count,
            ca_count: a.ca_count,
            issuer_list_bytes: a.issuer_list_bytes,
            cut: a
                .entries
                .iter()
                .filter(|e| e.cut_at_12k || e.cut_at_16k)
                .map(|e| StoreEntry { subject: e.subject.clone(), list_bytes_through: e.list_bytes_through, cut_at_16k: e.cut_at_16k })
                .collect(),
            client_ca: a.client_ca.as_ref().map(|c| ClientCa { ca_subject: c.ca_subject.clone(), in_store: c.in_store, cut_at_12k: c.cut_at_12k, cut_at_16k: c.cut_at_16k }),
            findings: a
                .findings
                .iter()
                .map(|f| AuditFinding { code: f.code.to_string(), severity: f.severity, message: f.message.clone(), reference: f.reference.clone() })
                .collect(),
            summary: a.summary.clone(),
        }
    }
}

impl From<&crate::model::asn1::Asn1Tree> for Asn1Tree {
    fn from(t: &crate::model::asn1::Asn1Tree) -> Self {
        fn node(n: &crate::model::asn1::Asn1Node) -> Asn1Node {
            Asn1Node {
                offset: n.offset,
                header_length: n.header_length,
                length: n.length,
                tag_name: n.tag_name.clone(),
                preview: n.preview.clone(),
                encapsulates: n.encapsulates,
                children: n.children.iter().map(node).collect(),
            }
        }
        Self { nodes: t.nodes.iter().map(node).collect(), node_count: t.node_count, truncated: t.truncated, error: t.error.clone() }
    }
}

/// The page's model of `report` (its `server` aside: see [`ServerReport`]); its certificates
/// as summaries when `thin`.
pub fn page_report(report: &crate::Report, thin: bool) -> PageReport {
    PageReport {
        version: report.version.clone(),
        evaluated_at: report.evaluated_at.clone(),
        files: report.files.iter().map(Into::into).collect(),
        certificates: report
            .certificates
            .iter()
            .enumerate()
            .map(|(i, c)| if thin { summary(c) } else { certificate(i, c) })
            .collect(),
        diagnostics: report.diagnostics.iter().map(Into::into).collect(),
        keys: report.keys.iter().map(Into::into).collect(),
        requests: report.requests.iter().map(Into::into).collect(),
        hierarchy: (&report.hierarchy).into(),
        mapping_certificate: report.mapping.as_ref().map(|m| m.certificate),
        trust_store: report.trust_store.as_ref().map(Into::into),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_with_an_empty_subject_downloads_under_its_upn() {
        let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chain/ee_empty_subject.der")).unwrap();
        let view = crate::model::CertificateView::from_der(&der, 0).unwrap();
        let page = certificate_view(&view, true);
        assert_eq!((page.label.as_str(), page.download_stem.as_str()), ("kim@contoso.com", "kim_contoso.com"));
    }

    /// The mapping helper is for certificates that sign users in: a server-only one is not,
    /// a client or smart-card one, one without EKU and a CA's are told apart.
    #[test]
    fn only_certificates_that_sign_users_in_are_mapped_to_accounts() {
        use crate::ui::work::{Job, JobOptions, Verdict, Worker};
        const NOW: i64 = 1_795_392_000;
        let files: Vec<_> = ["chain/ee_server_only.der", "chain/ee_client.cer", "chain/ee_smartcard.der", "chain/ee_no_eku.der", "chain/int_ca.der"]
            .iter()
            .map(|f| crate::test_support::fixture(f))
            .collect();
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let report = Worker::default().run_job(&job, Some(files)).report.unwrap();
        let signs: Vec<bool> = report.certificates.iter().map(|c| c.view.signs_users_in()).collect();
        assert_eq!(signs, [false, true, true, true, false]);
    }

    /// A certificate request's names read as a certificate's do on the page ("UPN: …"), its
    /// usages by name.
    #[test]
    fn a_request_s_names_read_as_a_certificate_s() {
        let r = crate::analyze(&[crate::test_support::fixture("csr/client_new.csr")], &crate::Options::at(1_795_392_000));
        let page = RequestReport::from(&r.requests[0]);
        assert_eq!(page.subject_alt_names, ["UPN: alice@contoso.com", "EMAIL: alice@contoso.com"]);
        assert_eq!(page.extended_key_usage, ["Client Authentication"]);
    }

    /// Keys name a step the same way in two answers (revocation on, then off: the revocation
    /// steps of the other certificates go, the steps after them stay under their keys), and are
    /// unique even when two steps share an id and a certificate.
    #[test]
    fn step_keys_follow_a_step_from_answer_to_answer() {
        use crate::server::settings::Revocation;
        use crate::ui::work::{Job, JobOptions, Verdict, Worker};
        const NOW: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z
        let files = vec![crate::test_support::fixture("chain/fullchain.pem")];
        let trace = |revocation| {
            let mut verdict = Verdict { at: NOW, ..Verdict::default() };
            verdict.server.revocation = revocation;
            let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict };
            Worker::default().run_job(&job, Some(files.clone())).server.unwrap().trace.clone()
        };
        let (on, off) = (trace(Revocation::On), trace(Revocation::Off));
        let keys = |t: &[Step]| t.iter().map(|s| s.key.clone()).collect::<Vec<_>>();
        let (keys_on, keys_off) = (keys(&on), keys(&off));
        let revocation = |t: &[Step]| t.iter().filter(|s| s.title == "Revocation").count();
        assert!(revocation(&on) > 1 && revocation(&off) == 1, "{on:?}");
        for k in [&keys_on, &keys_off] {
            let distinct: std::collections::HashSet<&String> = k.iter().collect();
            assert_eq!(distinct.len(), k.len(), "{k:?}");
        }
        // Every step of the shorter trace has its key in the longer one, on the same step.
        for (key, step) in keys_off.iter().zip(&off) {
            let at = keys_on.iter().position(|k| k == key).unwrap_or_else(|| panic!("{key} not in {keys_on:?}"));
            assert_eq!((&on[at].title, on[at].certificate_index), (&step.title, step.certificate_index));
        }
        // The last step moved (it is after the revocation steps) and kept its key.
        assert_eq!(keys_on.last(), keys_off.last());
        assert_ne!(keys_on.len(), keys_off.len());
        // The same id and certificate twice: two keys.
        let server = crate::analyze(&files, &crate::Options::at(NOW)).server.unwrap();
        let twice = [server.trace[0].clone(), server.trace[0].clone()];
        let k = step_keys(&twice);
        assert_ne!(k[0], k[1]);
    }
}

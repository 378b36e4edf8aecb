//! Chain building, signature verification, path validation and offline
//! revocation, over everything that was dropped.
//!
//! [`assess`] is the entry point: certificates (DER, in report order) and CRLs
//! in, a [`Hierarchy`] out. It never fetches anything: a missing issuer or CRL
//! is reported with the URL to fetch it and a command that does.
//!
//! The result is plain serialisable data (the view model the UI renders):
//! - [`Hierarchy::chains`]: one [`Chain`] per end certificate (a certificate
//!   that issued none of the others), with its best [`ChainPath`] and the
//!   alternatives;
//! - [`Hierarchy::tree`]: the same, merged into trees with the roots on top;
//! - [`Hierarchy::crls`]: every CRL, matched to its issuer, with its state;
//! - [`Hierarchy::diagnostics`]: every finding, with stable codes.
//!
//! Path checks follow RFC 5280 section 6.1 (policies with the default inputs), plus the
//! Windows rules the server layer needs (CA EKUs restrict the leaf; the root's
//! validity and constraints count).

pub mod budget;
mod cert;
mod crl;
pub mod names;
mod policy;
pub mod verify;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{rfc3339_from_unix, utc_minutes, ValidityState};
use crate::diag::{Code, Diagnostic, Message, Severity};
use cert::ku;
pub use cert::{short_name, Cert, SharedNames};
use crl::Crl;
pub use verify::{SignatureCheck, SignatureStatus};

/// Candidate issuers considered for one certificate, at most.
pub const MAX_CANDIDATES: usize = 16;
/// Signature checks per analysis, fixed part (see [`signature_budget`]).
pub const MAX_SIGNATURE_CHECKS: usize = 2_000;
/// The signature-check budget for `n` certificates: a fixed allowance plus two
/// per certificate, so large honest bundles complete while same-name floods stop.
pub fn signature_budget(n: usize) -> usize {
    MAX_SIGNATURE_CHECKS.saturating_add(n.saturating_mul(2))
}
/// Paths kept per end certificate (the best one plus alternatives).
pub const MAX_PATHS: usize = 6;
/// Certificates in one path, at most.
pub const MAX_DEPTH: usize = 16;
/// "Too many candidate issuers" findings listed one by one; the rest are counted.
const MAX_CANDIDATE_FINDINGS: usize = 10;

/// The EKU OID for client authentication.
pub const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
/// The EKU OID for server authentication.
pub const EKU_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const EKU_ANY: &str = "2.5.29.37.0";
/// Microsoft's "all application policies" OID.
const MS_ANY_APPLICATION_POLICY: &str = "1.3.6.1.4.1.311.10.12.1";
/// Reason flags keyCompromise..aACompromise (bits 1..=8).
const ALL_REASONS: u16 = 0x1fe;

/// A CRL as dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrlSource {
    /// Where it came from (file name), for messages.
    pub name: String,
    /// DER bytes.
    pub der: Vec<u8>,
}

/// Status of a node or path at a glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeStatus {
    /// Everything checked out.
    Valid,
    /// Works, but something deserves attention.
    Warning,
    /// Fails.
    Invalid,
    /// An issuer that was not dropped.
    Missing,
}

/// How the top of a path is trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorTrust {
    /// A dropped self-signed root, trusted for this analysis only (the default).
    TrustedForAnalysis,
    /// A root the user marked as part of the server's trusted roots.
    TrustStore,
    /// A self-signed root that is not trusted (untrusted by the user, or not in the marked trust store).
    Untrusted,
    /// The path does not end in a root (its issuer is missing).
    NoRoot,
}

/// Where a certificate sits in a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The end certificate (leaf).
    Leaf,
    /// An intermediate CA.
    Intermediate,
    /// The top of the path (root or trust anchor).
    Root,
}

/// Revocation status of one certificate, from the dropped CRLs only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Revocation {
    /// Not checked: roots and trust anchors are not revocation-checked.
    NotChecked,
    /// Not revoked per a current CRL.
    Good {
        /// Index into [`Hierarchy::crls`].
        crl: usize,
        /// nextUpdate of that CRL, RFC 3339 (empty when absent).
        valid_until: String,
        /// The same, Unix seconds.
        #[serde(default)]
        valid_until_unix: Option<i64>,
        /// Index into [`Hierarchy::crls`] of the delta CRL applied to it, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        delta: Option<usize>,
    },
    /// Listed on a CRL.
    Revoked {
        /// Index into [`Hierarchy::crls`].
        crl: usize,
        /// Revocation date, RFC 3339.
        date: String,
        /// The same, Unix seconds.
        #[serde(default)]
        date_unix: i64,
        /// Reason, when given.
        reason: Option<String>,
    },
    /// The only matching CRL is past its nextUpdate.
    CrlExpired {
        /// Index into [`Hierarchy::crls`].
        crl: usize,
        /// Its nextUpdate, RFC 3339.
        next_update: String,
        /// The same, Unix seconds.
        #[serde(default)]
        next_update_unix: i64,
    },
    /// No CRL for this certificate was dropped: the server must fetch one.
    NoCrl {
        /// The certificate's CRL distribution point URLs (the chain facts' list, shared).
        urls: std::sync::Arc<[String]>,
    },
    /// A CRL from this issuer was dropped but cannot be used.
    Undetermined {
        /// Why, plain words.
        reason: String,
    },
}

/// One certificate in a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathElement {
    /// Index into the report's `certificates`.
    pub certificate: usize,
    /// Short name (CN), shared with the findings about it.
    pub label: std::sync::Arc<str>,
    /// Leaf, intermediate or root.
    pub role: Role,
    /// Status at a glance.
    pub status: NodeStatus,
    /// Check of this certificate's signature by the next one up (for the top: its own self-signature, if self-signed).
    pub signature: Option<SignatureCheck>,
    /// Validity at the evaluation time.
    pub validity: ValidityState,
    /// Revocation status from dropped CRLs.
    pub revocation: Revocation,
    /// Revocation in words: "not revoked per CRL X (valid until ...)".
    pub revocation_text: std::sync::Arc<str>,
    /// The certificate's CDP URLs (the chain facts' list, shared).
    pub crl_urls: std::sync::Arc<[String]>,
    /// Codes of the diagnostics that concern this certificate in this path.
    pub codes: Vec<Code>,
}

/// An issuer that was not dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingIssuer {
    /// The issuer name the certificate expects.
    pub expected_name: String,
    /// The authority key identifier (hex), when the certificate has one.
    pub key_id: Option<String>,
    /// AIA CA-issuers URLs where the certificate says the issuer can be fetched.
    pub aia_urls: Vec<String>,
    /// Commands that fetch it (never run by the app), each quoted for its shell.
    pub fetch_commands: Vec<crate::command::Command>,
    /// Why a fetch command was not shown (a URL no shell can take safely).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld_commands: Vec<String>,
}

/// One path from an end certificate up to a root (or to a missing issuer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainPath {
    /// Overall status: invalid if any error, warning if any warning.
    pub status: NodeStatus,
    /// The one trust decision every consumer reads (client verdict, server
    /// verdict, hierarchy, JSON): the path ends in a trusted anchor (trusted
    /// for this analysis or in the marked trust store) and every signature on
    /// it, the anchor's own excepted, verifies. A signature certlens cannot
    /// verify never yields a trusted path.
    pub trusted: bool,
    /// Why the path is not trusted: the code of the deciding finding
    /// (`chain-untrusted-root`, `chain-loop`, `chain-issuer-missing`,
    /// `signature-invalid`, `signature-not-verified`, `signature-algorithm-broken`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub untrusted_because: Option<Code>,
    /// How the top is trusted.
    pub anchor_trust: AnchorTrust,
    /// Index of the root certificate, when the path ends in one.
    pub anchor: Option<usize>,
    /// The certificates, leaf first, root last.
    pub elements: Vec<PathElement>,
    /// The issuer that is missing above the last element, if any: one value for every leaf
    /// that names the same missing issuer (made once, [`Engine::missing_issuer`]).
    pub missing_issuer: Option<std::sync::Arc<MissingIssuer>>,
    /// EKUs usable by the leaf after the CAs' restrictions (Windows rule); `None` = any purpose.
    pub effective_eku: Option<std::sync::Arc<[String]>>,
    /// Client authentication is usable by the leaf through this path.
    pub client_auth_allowed: bool,
    /// Server authentication is usable by the leaf through this path.
    pub server_auth_allowed: bool,
    /// Findings for this path.
    pub diagnostics: Vec<Diagnostic>,
    /// One sentence a screen reader can read out.
    pub summary: String,
}

impl ChainPath {
    /// True when nothing in the path is an error and every certificate but the
    /// root is covered by a current CRL saying "not revoked" (strict offline revocation).
    pub fn valid_with_revocation(&self) -> bool {
        self.trusted
            && self.status != NodeStatus::Invalid
            && self.elements.iter().all(|e| e.role == Role::Root || matches!(e.revocation, Revocation::Good { .. }))
    }

    /// True when the path has a diagnostic with this code.
    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// Its summary and lists without spare room: one path per end certificate is kept until
    /// the report is printed, and `format!` leaves up to half a string's bytes unused
    /// (50,000 leaves: ~18 MB of peak RSS when the findings' words were strings too; a
    /// [`Message`] is made to its size).
    fn fit(&mut self) {
        self.diagnostics.shrink_to_fit();
        self.elements.shrink_to_fit();
        for e in &mut self.elements {
            e.codes.shrink_to_fit();
        }
        self.summary.shrink_to_fit();
    }
}

/// The chains of one end certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// Index of the end certificate.
    pub end_certificate: usize,
    /// The best path (trusted and valid first).
    pub best: ChainPath,
    /// Other paths (cross-certificates, re-issued CAs), best first.
    pub alternatives: Vec<ChainPath>,
}

/// A node of the hierarchy tree (roots on top).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeNode {
    /// The certificate, or `None` for a missing issuer.
    pub certificate: Option<usize>,
    /// Short name.
    pub label: String,
    /// Status at a glance.
    pub status: NodeStatus,
    /// For the top node: how it is trusted.
    pub anchor_trust: Option<AnchorTrust>,
    /// For a missing node: what is expected and where to fetch it.
    pub missing: Option<std::sync::Arc<MissingIssuer>>,
    /// Certificates issued by this one.
    pub children: Vec<TreeNode>,
}

/// State of a dropped CRL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrlState {
    /// Signature verified and current.
    Current,
    /// Past its nextUpdate.
    Expired,
    /// thisUpdate is after the evaluation time.
    NotYetValid,
    /// The signature does not verify with any dropped certificate of the issuer.
    BadSignature,
    /// No dropped certificate has the CRL issuer's name.
    IssuerNotFound,
    /// Carries a critical extension this tool does not understand.
    UnknownCriticalExtension,
    /// Fails a strict reading (RFC 5280 section 5): not used as evidence.
    Malformed,
    /// Could not be decoded.
    Unreadable,
}

impl CrlState {
    /// The state in words, as the page and the text report show it.
    pub fn label(self) -> &'static str {
        match self {
            CrlState::Current => "Current",
            CrlState::Expired => "Expired",
            CrlState::NotYetValid => "Not yet valid",
            CrlState::BadSignature => "Bad signature",
            CrlState::IssuerNotFound => "Issuer not dropped",
            CrlState::UnknownCriticalExtension => "Unknown critical extension",
            CrlState::Malformed => "Malformed: not used",
            CrlState::Unreadable => "Unreadable",
        }
    }
}

/// A dropped CRL and what was found about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrlReport {
    /// The file it came from.
    pub source: String,
    /// Issuer name.
    pub issuer: String,
    /// Index of the certificate whose key signed it.
    pub issuer_certificate: Option<usize>,
    /// thisUpdate, RFC 3339.
    pub this_update: String,
    /// The same, Unix seconds.
    #[serde(default)]
    pub this_update_unix: i64,
    /// nextUpdate, RFC 3339.
    pub next_update: Option<String>,
    /// The same, Unix seconds.
    #[serde(default)]
    pub next_update_unix: Option<i64>,
    /// CRL number, hex.
    pub number: Option<String>,
    /// Number of revoked entries.
    pub revoked_count: usize,
    /// A delta CRL (only changes since a base CRL).
    pub delta: bool,
    /// Scope notes from the issuing distribution point.
    pub scope: Vec<String>,
    /// The state.
    pub state: CrlState,
    /// Signature check with the issuer's key, when an issuer was found.
    pub signature: Option<SignatureCheck>,
}

/// Work done, for the budget.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    /// Signature checks done.
    pub signature_checks: usize,
    /// True when the budget ran out (the result is partial).
    pub gave_up: bool,
    /// Work units spent (≈ µs of native CPU time, see [`budget`]).
    #[serde(default)]
    pub units: u64,
    /// Work units this analysis may spend ([`budget::work_budget`]).
    #[serde(default)]
    pub budget: u64,
    /// Certificates whose chain was not built because the budget had run out.
    #[serde(default)]
    pub not_chained: usize,
    /// Name × subtree comparisons left of [`names::MAX_NAME_CONSTRAINT_CHECKS`].
    #[serde(default)]
    pub name_checks_left: usize,
    /// Roots taken as self-signed without checking their own signature
    /// ([`TrustInputs::defer_root_signatures`]; 0, and absent from the JSON, otherwise).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deferred_self_signatures: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Everything the chain layer found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hierarchy {
    /// One chain per end certificate.
    pub chains: Vec<Chain>,
    /// Best paths merged into trees, roots on top.
    pub tree: Vec<TreeNode>,
    /// Every dropped CRL.
    pub crls: Vec<CrlReport>,
    /// Findings not tied to one path (CRLs, budget).
    pub diagnostics: Vec<Diagnostic>,
    /// Work done.
    pub work: Work,
    /// A summary a screen reader can read out, one line per chain.
    pub summary: Vec<String>,
}

impl Hierarchy {
    /// The trees of `chains` (best paths merged, roots on top): what [`Hierarchy::tree`] holds
    /// unless [`TrustInputs::defer_tree`].
    pub fn tree_of(chains: &[Chain]) -> Vec<TreeNode> {
        build_tree(chains)
    }

    /// The chain whose end certificate is `certificate` (chains are in
    /// end-certificate order, so this is a binary search).
    pub fn chain_for(&self, certificate: usize) -> Option<&Chain> {
        self.chains.binary_search_by_key(&certificate, |c| c.end_certificate).ok().and_then(|i| self.chains.get(i))
    }

    /// For every certificate index below `n`, the index into [`Hierarchy::chains`]
    /// of the chain whose best path [`Hierarchy::path_for`] returns: one pass over
    /// the paths instead of one search per certificate.
    pub fn path_index(&self, n: usize) -> Vec<Option<usize>> {
        let mut out = vec![None; n];
        for (i, c) in self.chains.iter().enumerate() {
            if let Some(slot) = out.get_mut(c.end_certificate) {
                *slot = Some(i);
            }
        }
        for (i, c) in self.chains.iter().enumerate() {
            for e in &c.best.elements {
                if let Some(slot @ None) = out.get_mut(e.certificate) {
                    *slot = Some(i);
                }
            }
        }
        out
    }

    /// The best path through which `certificate` is validated: the chain where it is
    /// the end certificate, else the first best path that contains it.
    pub fn path_for(&self, certificate: usize) -> Option<&ChainPath> {
        self.chain_for(certificate).map(|c| &c.best).or_else(|| {
            self.chains.iter().map(|c| &c.best).find(|p| p.elements.iter().any(|e| e.certificate == certificate))
        })
    }
}

/// What the chain layer decides trust and time from (the report's `Options`
/// converts into it): the evaluation time and where anchors come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustInputs {
    /// Evaluation time, Unix seconds.
    pub at: i64,
    /// SHA-256 (hex) of certificates marked as the trusted roots; when not empty, only these are anchors.
    pub trust_store: Vec<String>,
    /// SHA-256 (hex) of dropped self-signed roots the user does not trust.
    pub untrusted_roots: Vec<String>,
    /// Every dropped root is distrusted (`--trust-root no`), whatever else is given.
    pub distrust_all: bool,
    /// A first, fast answer (the web app's; `None`, off, for the CLI): when the drop holds more
    /// than `Some(n)` root-like certificates (a few roots' signatures cost less to check than
    /// a second answer costs the page; `Some(0)`: whenever there is one), a self-issued certificate whose
    /// authority key identifier is absent or equals its subject key identifier is taken as
    /// self-signed without verifying its own signature (a root's self-signature is no
    /// evidence of trust), and that signature is reported as [`SignatureStatus::NotChecked`];
    /// [`Work::deferred_self_signatures`] counts them. Every other signature (key rollover:
    /// AKI ≠ SKI, cross certificates, every issuer's signature) is verified as always. The
    /// answer can differ from the full analysis only where a deferred signature turns out
    /// invalid or malformed (such a certificate is then not a root).
    pub defer_root_signatures: Option<usize>,
    /// Leave [`Hierarchy::tree`] and [`Hierarchy::summary`] empty: the caller makes them from
    /// the chains when it needs them ([`Hierarchy::tree_of`]; the CLI's `--json`, when it
    /// prints them, after the chain layer's own working data is gone).
    pub defer_tree: bool,
    /// Signatures checked before the analysis, elsewhere (the web app's second worker checks
    /// half of a big drop's while the first checks the other half: [`SignaturesAhead`]); each
    /// is read as the engine's own check would be, counted against its budget when read.
    pub signatures_ahead: Option<std::sync::Arc<SignaturesAhead>>,
}

/// Signature checks made ahead of an analysis: certificate `child` checked with the key of
/// certificate `issuer` (indices in report order, as [`assess`] numbers them). A check whose
/// certificates do not carry matching names (another drop's numbering) is never read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignaturesAhead(pub HashMap<(usize, usize), SignatureCheck>);

/// Build and validate every chain. `certificates` are DER, in report order
/// (indexes in the result refer to this list).
pub fn assess(certificates: &[Vec<u8>], crls: &[CrlSource], options: impl Into<TrustInputs>) -> Hierarchy {
    let (certs, hashes) = parse_all(certificates);
    let options = options.into();
    let mut engine = Engine::from_parsed(&certs, &hashes, crls, &options, true);
    let ends = engine.end_certificates();
    engine.run(&ends, true)
}

/// Like [`assess`], for certificates the caller already parsed once (the
/// analysis does): `certs[i]` is certificate `i` (`None` when unreadable;
/// `Cert::index` must be `i`), `sha256[i]` its SHA-256. The
/// caller gives each distinct DER once.
pub fn assess_parsed(certs: &[Option<Cert>], sha256: &[[u8; 32]], crls: &[CrlSource], options: &TrustInputs) -> Hierarchy {
    assess_parsed_with_progress(certs, sha256, crls, options, &mut |_, _, _| {})
}

/// The two passes of [`assess_parsed_with_progress`], as its progress names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Each certificate's signature checked with the keys of the certificates that carry its
    /// issuer's name, to find the end certificates (`total`: every certificate). With its
    /// issuers dropped, this is where a bundle's signatures are checked.
    Signatures,
    /// Each end certificate's chain built and validated (`total`: the end certificates).
    Chains,
}

/// [`assess_parsed`], calling `progress(pass, done, total)` after each certificate's
/// signatures are checked, then after each end certificate's chain.
pub fn assess_parsed_with_progress(
    certs: &[Option<Cert>],
    sha256: &[[u8; 32]],
    crls: &[CrlSource],
    options: &TrustInputs,
    progress: &mut dyn FnMut(Pass, usize, usize),
) -> Hierarchy {
    let mut engine = Engine::from_parsed(certs, sha256, crls, options, true);
    let ends = engine.end_certificates_with_progress(&mut |done, total| progress(Pass::Signatures, done, total));
    engine.run_with_progress(&ends, true, &mut |done, total| progress(Pass::Chains, done, total))
}

/// Like [`assess`], but only for the given end certificates (indexes into
/// `certificates`); the others serve as candidate issuers. The CRLs are used for
/// revocation but not listed in [`Hierarchy::crls`] (that would check every signature).
pub fn assess_targets(certificates: &[Vec<u8>], crls: &[CrlSource], options: impl Into<TrustInputs>, targets: &[usize]) -> Hierarchy {
    let (certs, hashes) = parse_all(certificates);
    let options = options.into();
    let mut engine = Engine::from_parsed(&certs, &hashes, crls, &options, false);
    engine.run(targets, false)
}

fn diag(code: Code, severity: Severity, certificate: Option<usize>, message: impl Into<Message>) -> Diagnostic {
    Diagnostic { code, severity, message: message.into(), file: None, certificate }
}

/// Why a path stops below its root although issuers may exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cut {
    /// [`MAX_DEPTH`] certificates: the issuers of the top were not followed.
    Depth,
    /// The work budget ran out before the top's issuers were checked.
    Budget,
}

/// A path before validation: certificates leaf first.
#[derive(Clone, Debug)]
struct RawPath {
    certs: Vec<usize>,
    /// The top is a root (self-signed, or a trust-store anchor).
    rooted: bool,
    /// The top's issuers are all already in the path (the CAs certify each other).
    looped: bool,
    /// The search stopped at the top for a limit, not for want of an issuer.
    cut: Option<Cut>,
}

/// An issuer as a certificate names it: (issuer name, authority key identifier).
type IssuerKey = (names::NormName, Option<Vec<u8>>);

/// A missing issuer as the certificate below names it: (issuer name as text, authority key
/// identifier, AIA CA-issuers URLs).
type MissingKey<'a> = (&'a str, Option<&'a [u8]>, &'a [String]);

struct Engine<'a> {
    certs: &'a [Option<Cert>],
    crls: Vec<Option<Crl>>,
    crl_sources: &'a [CrlSource],
    options: &'a TrustInputs,
    /// Certificates by subject (names borrowed from `certs`: 50,000 leaves are 50,000 names).
    by_subject: HashMap<&'a names::NormName, Vec<usize>>,
    sig_cache: HashMap<(usize, usize), SignatureCheck>,
    /// Signatures checked ahead ([`Engine::check_signatures_ahead`]), not yet counted.
    ahead: HashMap<(usize, usize), SignatureCheck>,
    crl_sig_cache: HashMap<(usize, usize), SignatureCheck>,
    anchors: HashMap<usize, AnchorTrust>,
    self_signed: HashMap<usize, bool>,
    /// Self-signatures taken on trust ([`TrustInputs::defer_root_signatures`]).
    deferred: std::collections::HashSet<usize>,
    work: Work,
    diagnostics: Vec<Diagnostic>,
    signer_memo: HashMap<(usize, usize, bool), bool>,
    depth: usize,
    /// Chains made only so that a certificate off every chosen path has a status
    /// ([`Engine::cover_the_rest`]): a CA at the bottom of one is not used as an end
    /// certificate, so the end certificate's checks (a CA as the end) do not apply.
    covering: bool,
    /// Candidate issuers by (issuer name, authority key id), sorted best first
    /// (a flood of same-name CAs is sorted once, not once per certificate).
    candidate_memo: HashMap<IssuerKey, std::rc::Rc<Vec<usize>>>,
    /// Certificates already named in a "too many candidates" finding, and how many more were not named.
    candidate_findings: std::collections::HashSet<usize>,
    candidate_findings_unlisted: usize,
    /// Roots' own signatures are deferred in this run ([`TrustInputs::defer_root_signatures`]).
    defer_roots: bool,
    /// Missing issuers by what the certificate below names (issuer name, authority key id, AIA
    /// URLs): thousands of leaves of one CA that was not dropped share one, its fetch commands
    /// built and quoted once ([`MISSING_MEMO_MAX`] at most).
    /// Each with the sentence of its finding (the leaf's name aside), one copy for them all.
    missing_memo: HashMap<MissingKey<'a>, (std::sync::Arc<MissingIssuer>, std::sync::Arc<str>)>,
    /// The words of "no CRL" by the certificate's CDP URLs: the leaves of one CA share them
    /// ([`MISSING_MEMO_MAX`] lists at most).
    no_crl_memo: HashMap<std::sync::Arc<[String]>, std::sync::Arc<str>>,
}

/// At most this many missing issuers are shared ([`Engine::missing_issuer`]), and as many lists
/// of CDP URLs' "no CRL" words ([`Engine::revocation_text`]); past it each is made again (a
/// drop of leaves under more distinct CAs than this is not one to expect).
const MISSING_MEMO_MAX: usize = 1024;

/// The commands that fetch a missing issuer from its AIA URLs, and why any was withheld:
/// every command is built and quoted by `crate::command`; a URL no shell can take is named
/// instead.
fn fetch_commands(aia_urls: &[String]) -> (Vec<crate::command::Command>, Vec<String>) {
    let (mut commands, mut withheld) = (Vec::new(), Vec::new());
    for u in aia_urls.iter().filter(|u| crate::model::urls::is_web_link(u)) {
        let (c, r) = crate::command::download(u, "issuer.cer");
        commands.extend(c);
        withheld.extend(r.iter().map(crate::command::Refusal::message));
    }
    (commands, withheld)
}

/// Parse DER certificates for the engine (identical DER given twice: only the
/// first copy takes part), with their SHA-256.
fn parse_all(certificates: &[Vec<u8>]) -> (Vec<Option<Cert>>, Vec<[u8; 32]>) {
    use sha2::Digest as _;
    let mut seen = std::collections::HashSet::new();
    let certs = certificates.iter().enumerate().map(|(i, d)| if seen.insert(d.as_slice()) { Cert::parse(i, d) } else { None }).collect();
    let hashes = certificates.iter().map(|d| sha2::Sha256::digest(d).into()).collect();
    (certs, hashes)
}

impl<'a> Engine<'a> {
    /// `every_end`: the caller chains every end certificate (so every signature between
    /// certificates of matching names will be checked: they may be checked ahead).
    fn from_parsed(certs: &'a [Option<Cert>], hashes: &[[u8; 32]], crls: &'a [CrlSource], options: &'a TrustInputs, every_end: bool) -> Self {
        let parsed_crls: Vec<Option<Crl>> = crls.iter().enumerate().map(|(i, c)| Crl::parse(i, &c.name, &c.der)).collect();
        let mut by_subject: HashMap<&'a names::NormName, Vec<usize>> = HashMap::new();
        for c in certs.iter().flatten() {
            by_subject.entry(&c.subject).or_default().push(c.index);
        }
        let mut e = Engine {
            certs,
            crls: parsed_crls,
            crl_sources: crls,
            options,
            by_subject,
            sig_cache: HashMap::new(),
            ahead: HashMap::new(),
            crl_sig_cache: HashMap::new(),
            anchors: HashMap::new(),
            self_signed: HashMap::new(),
            deferred: std::collections::HashSet::new(),
            work: Work { name_checks_left: names::MAX_NAME_CONSTRAINT_CHECKS, ..Work::default() },
            diagnostics: Vec::new(),
            signer_memo: HashMap::new(),
            depth: 0,
            covering: false,
            candidate_memo: HashMap::new(),
            candidate_findings: std::collections::HashSet::new(),
            candidate_findings_unlisted: 0,
            defer_roots: false,
            missing_memo: HashMap::new(),
            no_crl_memo: HashMap::new(),
        };
        e.defer_roots = options.defer_root_signatures.is_some_and(|above| e.certs.iter().flatten().filter(|c| c.root_like()).count() > above);
        e.work.budget = budget::work_budget(
            e.certs.iter().flatten().map(|c| budget::own_signature_cost(&c.signed.algorithm, &c.signed.signature, c.signed.tbs.len())),
        );
        if let Some(given) = options.signatures_ahead.as_deref() {
            for (&(child, issuer), s) in &given.0 {
                if let (Some(c), Some(i)) = (e.cert(child), e.cert(issuer)) {
                    if c.issuer == i.subject && child != issuer {
                        e.ahead.insert((child, issuer), s.clone());
                    }
                }
            }
        }
        if every_end && e.ahead.is_empty() {
            e.check_signatures_ahead();
        }
        e.find_anchors(hashes);
        e
    }

    /// Natively, check ahead, on every core, the signatures the engine is about to check one
    /// by one: each certificate's with the key of each certificate carrying its issuer's name
    /// (when they are at most [`MAX_CANDIDATES`]), and each self-issued certificate's own. The
    /// engine still counts each check against its budget when it reads it, in its own order,
    /// so the hierarchy is the same; only the wall time changes. Nothing is checked ahead when
    /// the checks would exceed the budget (a flood: the engine then checks what it can afford).
    fn check_signatures_ahead(&mut self) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            let mut units: u64 = 0;
            for c in self.certs.iter().flatten() {
                let Some(issuers) = self.by_subject.get(&c.issuer) else { continue };
                if issuers.len() > MAX_CANDIDATES {
                    continue;
                }
                for &j in issuers {
                    // `is_self_signed` does not check a root's own signature when it is deferred.
                    let deferred = self.defer_roots && c.root_like();
                    if j == c.index && (!c.self_issued || deferred) {
                        continue;
                    }
                    let Some(issuer) = self.cert(j) else { continue };
                    units = units.saturating_add(budget::signature_cost(&c.signed.algorithm, &issuer.spki, c.signed.tbs.len()));
                    pairs.push((c.index, j));
                }
            }
            if pairs.is_empty() || pairs.len() > signature_budget(self.certs.len()) || units > self.work.budget {
                return;
            }
            let certs = self.certs;
            let cert = |i: usize| certs.get(i).and_then(Option::as_ref);
            let checked = crate::par::map(&pairs, 16, |&(child, issuer)| match (cert(child), cert(issuer)) {
                (Some(c), Some(i)) => Some(verify::verify(&c.signed, &i.spki)),
                _ => None,
            });
            self.ahead = pairs.into_iter().zip(checked).filter_map(|(pair, s)| s.flatten().map(|s| (pair, s))).collect();
        }
    }

    fn cert(&self, i: usize) -> Option<&Cert> {
        self.certs.get(i).and_then(Option::as_ref)
    }

    /// The trust anchors, decided once for every consumer. Precedence:
    /// `server.trust = NotTrusted` (`--trust-root no`) distrusts every dropped
    /// root, whatever else is given; else a marked trust store (hashes in
    /// `trust_store`) is the set of anchors: any certificate in it, self-signed
    /// or not (browsers accept both; the Windows rule against non-self-signed
    /// roots is the server layer's, KB 2802568); else a dropped self-signed CA
    /// is trusted for the analysis unless listed in `untrusted_roots`.
    fn find_anchors(&mut self, hashes: &[[u8; 32]]) {
        // The lists hold hex (either case); one that is not a SHA-256 matches nothing.
        let set = |list: &[String]| -> std::collections::HashSet<[u8; 32]> { list.iter().filter_map(|h| crate::der::unhex(h)?.try_into().ok()).collect() };
        let (store, untrusted) = (set(&self.options.trust_store), set(&self.options.untrusted_roots));
        let in_list = |list: &std::collections::HashSet<[u8; 32]>, i: usize| hashes.get(i).is_some_and(|h| list.contains(h));
        let indexes: Vec<usize> = self.certs.iter().flatten().map(|c| c.index).collect();
        let distrust_all = self.options.distrust_all;
        for i in indexes {
            let ss = self.is_self_signed(i);
            let trust = if distrust_all {
                ss.then_some(AnchorTrust::Untrusted)
            } else if !self.options.trust_store.is_empty() {
                if in_list(&store, i) && !in_list(&untrusted, i) {
                    Some(AnchorTrust::TrustStore)
                } else if ss {
                    Some(AnchorTrust::Untrusted)
                } else {
                    None
                }
            } else if ss {
                // Only a CA (or an old v1 root) is taken as a root; a self-signed end-entity is not.
                let root_like = self.cert(i).is_some_and(|c| c.is_ca() || c.version < 3);
                Some(if in_list(&untrusted, i) || !root_like {
                    AnchorTrust::Untrusted
                } else {
                    AnchorTrust::TrustedForAnalysis
                })
            } else {
                None
            };
            if let Some(t) = trust {
                self.anchors.insert(i, t);
            }
        }
    }

    fn is_self_signed(&mut self, i: usize) -> bool {
        if let Some(&v) = self.self_signed.get(&i) {
            return v;
        }
        let self_issued = self.cert(i).is_some_and(|c| c.self_issued);
        if self.defer_roots && self.cert(i).is_some_and(Cert::root_like) {
            self.self_signed.insert(i, true);
            self.deferred.insert(i);
            return true;
        }
        let v = self_issued
            && self.sig(i, i).is_some_and(|s| matches!(s.status, SignatureStatus::Verified | SignatureStatus::Broken | SignatureStatus::Unsupported));
        self.self_signed.insert(i, v);
        v
    }

    /// Take `units` of work for one signature check; false (and the budget marked
    /// as spent) when the signature-check count or the work units would run out.
    fn spend_signature(&mut self, units: u64) -> bool {
        if self.work.gave_up
            || self.work.signature_checks >= signature_budget(self.certs.len())
            || self.work.units.saturating_add(units) > self.work.budget
        {
            self.work.gave_up = true;
            return false;
        }
        self.work.signature_checks += 1;
        self.work.units += units;
        true
    }

    /// Take `units` of other work (never refused: it is bounded by the signature checks it follows).
    fn spend(&mut self, units: u64) {
        self.work.units = self.work.units.saturating_add(units);
        if self.work.units > self.work.budget {
            self.work.gave_up = true;
        }
    }

    /// Signature of certificate `child` checked with `issuer`'s key (cached).
    fn sig(&mut self, child: usize, issuer: usize) -> Option<SignatureCheck> {
        if let Some(s) = self.sig_cache.get(&(child, issuer)) {
            return Some(s.clone());
        }
        let (c, i) = (self.cert(child)?, self.cert(issuer)?);
        let cost = budget::signature_cost(&c.signed.algorithm, &i.spki, c.signed.tbs.len());
        if !self.spend_signature(cost) {
            return None;
        }
        let s = match self.ahead.remove(&(child, issuer)) {
            Some(s) => s,
            None => {
                let (c, i) = (self.cert(child)?, self.cert(issuer)?);
                verify::verify(&c.signed, &i.spki)
            }
        };
        self.sig_cache.insert((child, issuer), s.clone());
        Some(s)
    }

    fn crl_sig(&mut self, crl: usize, issuer: usize) -> Option<SignatureCheck> {
        if let Some(s) = self.crl_sig_cache.get(&(crl, issuer)) {
            return Some(s.clone());
        }
        let c = self.crls.get(crl).and_then(Option::as_ref)?;
        let i = self.cert(issuer)?;
        let cost = budget::signature_cost(&c.signed.algorithm, &i.spki, c.signed.tbs.len());
        if !self.spend_signature(cost) {
            return None;
        }
        let c = self.crls.get(crl).and_then(Option::as_ref)?;
        let i = self.cert(issuer)?;
        let s = verify::verify(&c.signed, &i.spki);
        self.crl_sig_cache.insert((crl, issuer), s.clone());
        Some(s)
    }

    /// Candidate issuers of `i` by name, best first: key id match, anchors, newer.
    /// At most `limit` are returned, plus how many there were in all.
    fn candidates(&mut self, i: usize, limit: usize) -> (Vec<usize>, usize) {
        let Some(c) = self.cert(i) else { return (Vec::new(), 0) };
        let key = (c.issuer.clone(), c.aki.clone());
        let sorted = match self.candidate_memo.get(&key) {
            Some(l) => std::rc::Rc::clone(l),
            None => {
                let mut list: Vec<usize> = self.by_subject.get(&key.0).cloned().unwrap_or_default();
                let aki = key.1.clone();
                list.sort_by_key(|&j| {
                    let cand = self.cert(j);
                    let kid_mismatch = match (&aki, cand.and_then(|x| x.ski.as_ref())) {
                        (Some(a), Some(s)) => a != s,
                        _ => false,
                    };
                    let not_anchor = !matches!(self.anchors.get(&j), Some(AnchorTrust::TrustStore | AnchorTrust::TrustedForAnalysis));
                    (kid_mismatch, not_anchor, std::cmp::Reverse(cand.map_or(0, |x| x.not_after)), j)
                });
                self.spend(u64::try_from(list.len()).unwrap_or(u64::MAX).saturating_mul(budget::CANDIDATE_COST));
                let list = std::rc::Rc::new(list);
                self.candidate_memo.insert(key, std::rc::Rc::clone(&list));
                list
            }
        };
        // `i` is among its own candidates only when its subject is its issuer's name.
        let total = sorted.len().saturating_sub(usize::from(self.cert(i).is_some_and(|c| c.self_issued)));
        (sorted.iter().copied().filter(|&j| j != i).take(limit).collect(), total)
    }

    /// End certificates: those that issued none of the others.
    fn end_certificates(&mut self) -> Vec<usize> {
        self.end_certificates_with_progress(&mut |_, _| {})
    }

    /// [`Engine::end_certificates`], calling `progress(done, total)` as each certificate's
    /// signatures are checked (`total`: every certificate).
    fn end_certificates_with_progress(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Vec<usize> {
        let indexes: Vec<usize> = self.certs.iter().flatten().map(|c| c.index).collect();
        let mut issuer_of_something = vec![false; self.certs.len()];
        let total = indexes.len();
        for (done, &i) in indexes.iter().enumerate() {
            progress(done, total);
            if self.work.gave_up {
                break;
            }
            for j in self.candidates(i, MAX_CANDIDATES).0 {
                if self.sig(i, j).is_some_and(|s| s.ok()) {
                    if let Some(f) = issuer_of_something.get_mut(j) {
                        *f = true;
                    }
                }
            }
        }
        progress(total, total);
        indexes.into_iter().filter(|&i| !issuer_of_something.get(i).copied().unwrap_or(false)).collect()
    }

    fn build(&mut self, target: usize) -> Vec<RawPath> {
        let mut out = Vec::new();
        let mut path = vec![target];
        self.dfs(&mut path, &mut out);
        out
    }

    fn dfs(&mut self, path: &mut Vec<usize>, out: &mut Vec<RawPath>) {
        if out.len() >= MAX_PATHS {
            return;
        }
        let Some(&last) = path.last() else { return };
        let end = |path: &Vec<usize>, rooted: bool, looped: bool, cut: Option<Cut>| RawPath { certs: path.clone(), rooted, looped, cut };
        if matches!(self.anchors.get(&last), Some(AnchorTrust::TrustStore | AnchorTrust::TrustedForAnalysis)) || self.is_self_signed(last) {
            out.push(end(path, true, false, None));
            return;
        }
        let (mut cands, by_name) = self.candidates(last, MAX_CANDIDATES.saturating_add(path.len()));
        cands.retain(|c| !path.contains(c));
        if by_name > 0 && cands.is_empty() {
            out.push(end(path, false, true, None));
            return;
        }
        if path.len() >= MAX_DEPTH && !cands.is_empty() {
            out.push(end(path, false, false, Some(Cut::Depth)));
            return;
        }
        if self.work.gave_up && !cands.is_empty() {
            out.push(end(path, false, false, Some(Cut::Budget)));
            return;
        }
        if by_name > MAX_CANDIDATES {
            if self.candidate_findings.len() < MAX_CANDIDATE_FINDINGS {
                if self.candidate_findings.insert(last) {
                    self.diagnostics.push(diag(
                        Code::ChainTooManyCandidates,
                        Severity::Warning,
                        Some(last),
                        format!(
                            "{}: {by_name} certificates carry its issuer's name; only the first {MAX_CANDIDATES} were tried",
                            self.cert(last).map(Cert::label).unwrap_or_default(),
                        ),
                    ));
                }
            } else if self.candidate_findings.insert(last) {
                self.candidate_findings_unlisted += 1;
            }
        }
        cands.truncate(MAX_CANDIDATES);
        let mut good = Vec::new();
        let mut unchecked = Vec::new();
        let mut bad = Vec::new();
        for c in cands {
            match self.sig(last, c).map(|s| s.status) {
                Some(SignatureStatus::Verified) => good.push(c),
                Some(SignatureStatus::Broken | SignatureStatus::Unsupported) => unchecked.push(c),
                Some(_) => bad.push(c),
                None => {}
            }
        }
        // Prefer issuers whose key verifies; show a bad signature only when nothing else fits.
        let next = if !good.is_empty() {
            good
        } else if !unchecked.is_empty() {
            unchecked
        } else {
            bad
        };
        if next.is_empty() {
            // No signature checked: the budget ran out during this step.
            let cut = (self.work.gave_up && by_name > 0).then_some(Cut::Budget);
            out.push(end(path, false, false, cut));
            return;
        }
        for c in next {
            path.push(c);
            self.dfs(path, out);
            path.pop();
            if out.len() >= MAX_PATHS {
                break;
            }
        }
    }

    /// The chains of `targets`. `whole`: the targets are the drop's end certificates (not a
    /// caller's few): the CRLs are listed, and a certificate no chosen path takes is given a
    /// chain of its own ([`Engine::cover_the_rest`]).
    fn run(&mut self, targets: &[usize], whole: bool) -> Hierarchy {
        self.run_with_progress(targets, whole, &mut |_, _| {})
    }

    fn run_with_progress(&mut self, targets: &[usize], whole: bool, progress: &mut dyn FnMut(usize, usize)) -> Hierarchy {
        // Chains in end-certificate order: `Hierarchy::chain_for` searches by it.
        let mut targets = targets.to_vec();
        targets.sort_unstable();
        targets.dedup();
        // At most one chain per target: sized once (a chain is ~300 bytes inline; 50,000 of them).
        let mut chains = Vec::with_capacity(targets.len());
        let total = targets.len();
        for (done, t) in targets.into_iter().enumerate() {
            progress(done, total);
            if self.cert(t).is_none() {
                continue;
            }
            if self.work.gave_up {
                self.work.not_chained += 1;
                continue;
            }
            if let Some(chain) = self.chain(t) {
                chains.push(chain);
            }
        }
        progress(total, total);
        if whole {
            self.cover_the_rest(&mut chains);
        }
        let crls = if whole { self.crl_reports() } else { Vec::new() };
        if self.candidate_findings_unlisted > 0 {
            self.diagnostics.push(diag(
                Code::ChainTooManyCandidates,
                Severity::Warning,
                None,
                format!("{} more certificates have more than {MAX_CANDIDATES} candidate issuers of the same name; only the first {MAX_CANDIDATES} of each were tried", self.candidate_findings_unlisted),
            ));
        }
        if self.work.gave_up {
            let not_chained = if self.work.not_chained > 0 {
                format!("{} not chained", crate::text::count(self.work.not_chained, "certificate was", "certificates were"))
            } else {
                "some issuers were not looked for".to_string()
            };
            self.diagnostics.push(diag(
                Code::ChainBudgetExceeded,
                Severity::Warning,
                None,
                format!(
                    "budget exhausted: {not_chained}. certlens gave up after {} signature checks (about {} ms of work, the limit for one analysis): too many candidate issuers; the hierarchy shown is incomplete",
                    self.work.signature_checks,
                    self.work.units / 1000
                ),
            ));
        }
        let (tree, summary) = if self.options.defer_tree {
            (Vec::new(), Vec::new())
        } else {
            (build_tree(&chains), chains.iter().map(|c| c.best.summary.clone()).collect())
        };
        self.work.deferred_self_signatures = self.deferred.len();
        Hierarchy { chains, tree, crls, diagnostics: std::mem::take(&mut self.diagnostics), work: self.work.clone(), summary }
    }

    /// Give a chain of its own to each certificate that is the end of none and on no chosen
    /// path: a cross-certificate the leaf's best path did not take and the root above it, a
    /// root renewed with its own key (each of the pair's signatures verifies with the other's
    /// key, so each counts as the other's issuer and neither is an end). Without it they had
    /// no status at all ("Not checked") and were missing from the tree. In certificate
    /// order, so that a CA's chain also covers the CAs above it; `chains` stays in
    /// end-certificate order ([`Hierarchy::chain_for`] searches by it).
    fn cover_the_rest(&mut self, chains: &mut Vec<Chain>) {
        let mut covered = vec![false; self.certs.len()];
        let cover = |covered: &mut [bool], chain: &Chain| {
            for i in std::iter::once(chain.end_certificate).chain(chain.best.elements.iter().map(|e| e.certificate)) {
                if let Some(c) = covered.get_mut(i) {
                    *c = true;
                }
            }
        };
        chains.iter().for_each(|c| cover(&mut covered, c));
        let before = chains.len();
        self.covering = true;
        for i in 0..self.certs.len() {
            if covered.get(i).copied().unwrap_or(true) || self.cert(i).is_none() {
                continue;
            }
            if self.work.gave_up {
                self.work.not_chained += 1;
                continue;
            }
            if let Some(chain) = self.chain(i) {
                cover(&mut covered, &chain);
                chains.push(chain);
            }
        }
        self.covering = false;
        if chains.len() > before {
            chains.sort_by_key(|c| c.end_certificate);
        }
    }

    fn chain(&mut self, target: usize) -> Option<Chain> {
        let raw = self.build(target);
        let elements: usize = raw.iter().map(|p| p.certs.len()).sum();
        self.spend(u64::try_from(elements).unwrap_or(u64::MAX).saturating_mul(budget::PATH_ELEMENT_COST));
        let mut paths: Vec<ChainPath> = raw.iter().map(|p| self.validate(p)).collect();
        paths.sort_by_key(|p| {
            let errors = p.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = p.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
            (!p.trusted, errors, warnings, p.elements.len())
        });
        paths.iter_mut().for_each(ChainPath::fit);
        let mut it = paths.into_iter();
        let best = it.next()?;
        Some(Chain { end_certificate: target, best, alternatives: it.collect() })
    }

    /// Is `i` a usable CRL signer for a certificate issued under `anchor`? Its path must be
    /// trusted, end in the same anchor and have no error (a revoked signer is an error). A
    /// separate CRL issuer (`strict`, indirect CRLs) must also be shown not revoked by a
    /// current CRL; another key of the certificate's own CA (key rollover) need not: it is
    /// the same CA, whose revocation the path already checks.
    fn signer_ok(&mut self, signer: usize, anchor: Option<usize>, strict: bool) -> bool {
        let key = (signer, anchor.unwrap_or(usize::MAX), strict);
        if let Some(&v) = self.signer_memo.get(&key) {
            return v;
        }
        if self.depth >= 2 {
            return false;
        }
        // Optimistic while in progress: a CRL issuer's own certificate may be covered by
        // the very CRL it signs (PKITS 4.14.30); a revoked entry still counts.
        self.signer_memo.insert(key, true);
        self.depth += 1;
        let ok = self.chain(signer).is_some_and(|c| {
            let p = &c.best;
            let checked = if strict { p.valid_with_revocation() } else { p.trusted && p.status != NodeStatus::Invalid };
            checked && (anchor.is_none() || p.anchor == anchor)
        });
        self.depth -= 1;
        self.signer_memo.insert(key, ok);
        ok
    }

    /// Revocation of `child`, whose issuer in this path is `issuer`.
    fn revocation(&mut self, child: usize, issuer: Option<usize>, anchor: Option<usize>) -> Revocation {
        // Borrowed from the caller's certificates (not from `self`), so no copy per path element.
        let all: &'a [Option<Cert>] = self.certs;
        let Some(c) = all.get(child).and_then(Option::as_ref) else { return Revocation::NotChecked };
        let at = self.options.at;
        let matching: Vec<usize> =
            self.crls
                .iter()
                .flatten()
                .filter(|r| !r.delta)
                .filter(|r| (r.issuer == c.issuer && c.direct_crl) || (r.idp.as_ref().is_some_and(|i| i.indirect) && c.crl_issuers.contains(&r.issuer)))
                .map(|r| r.index)
                .collect();
        if matching.is_empty() {
            return Revocation::NoCrl { urls: c.crl_urls.clone() };
        }
        let mut reasons: Vec<String> = Vec::new();
        let mut usable: Vec<usize> = Vec::new();
        // The certificate whose key verified each usable CRL (a delta must verify with it too).
        let mut signers: Vec<(usize, usize)> = Vec::new();
        for r in matching {
            let Some(crl) = self.crls.get(r).and_then(Option::as_ref).cloned() else { continue };
            if !crl.malformed.is_empty() {
                reasons.push(format!("CRL {} is malformed ({}), so it is no evidence", crl.label(), crl.malformed.join("; ")));
                continue;
            }
            if !crl.unknown_critical.is_empty() {
                reasons.push(format!("CRL {} carries a critical extension certlens does not understand ({})", crl.label(), crate::text::name_a_few(&crl.unknown_critical, ", ")));
                continue;
            }
            if let Some(why) = out_of_scope(&crl, c) {
                reasons.push(format!("CRL {} {why}", crl.label()));
                continue;
            }
            if crl.this_update > at {
                reasons.push(format!("CRL {} is not valid yet (thisUpdate {})", crl.label(), utc_minutes(crl.this_update)));
                continue;
            }
            // The signer: the issuer itself, else another certificate of the same CA name and key usage cRLSign.
            let mut signed = false;
            if let Some(i) = issuer {
                if self.crl_sig(r, i).is_some_and(|s| s.ok()) {
                    if self.cert(i).is_some_and(|x| x.allows(ku::CRL_SIGN)) {
                        signed = true;
                        signers.push((r, i));
                    } else {
                        reasons.push(format!("CRL {}: its issuer's key usage does not allow CRL signing (cRLSign)", crl.label()));
                        continue;
                    }
                }
            }
            let mut other_key = false;
            if !signed {
                // Key rollover: another certificate of the CA (same name, other key), the one the
                // CRL's authority key identifier names first.
                let rollover = crl.issuer == c.issuer;
                let others = self.crl_signer_candidates(&crl);
                for o in others {
                    if Some(o) == issuer {
                        continue;
                    }
                    if self.crl_sig(r, o).is_some_and(|s| s.ok()) && self.cert(o).is_some_and(|x| x.allows(ku::CRL_SIGN)) {
                        other_key = true;
                        if self.signer_ok(o, anchor, !rollover) {
                            signed = true;
                            signers.push((r, o));
                            break;
                        }
                    }
                }
            }
            if !signed {
                let ca = cert::short_name(&crl.issuer_text);
                reasons.push(if other_key {
                    format!("CRL {} is signed by another key of \"{ca}\", whose certificate could not be fully checked (its chain or its own revocation status), so it is not used", crl.label())
                } else {
                    format!("the signature of CRL {} does not match the key of \"{ca}\" that issued this certificate, so it is not used", crl.label())
                });
                continue;
            }
            usable.push(r);
        }
        if usable.is_empty() {
            return Revocation::Undetermined { reason: reasons.join("; ") };
        }
        let deltas = self.applicable_deltas(&signers, c);
        // Revoked on any usable CRL wins; else the freshest current one. A delta CRL applied
        // to its base is read first (RFC 5280 6.3.3 (i)-(k)): an entry there decides, and
        // removeFromCRL there takes the certificate off its base.
        for &r in &usable {
            let delta = deltas.iter().find(|(b, _)| *b == r).map(|(_, d)| *d);
            for l in delta.into_iter().chain([r]) {
                let Some(crl) = self.crls.get(l).and_then(Option::as_ref) else { continue };
                if let Some(e) = crl.entries.iter().find(|e| e.serial == c.serial && e.issuer == c.issuer) {
                    if !e.unknown_critical.is_empty() {
                        return Revocation::Undetermined {
                            reason: format!("CRL {} lists the certificate with a critical entry extension certlens does not understand ({})", crl.label(), crate::text::name_a_few(&e.unknown_critical, ", ")),
                        };
                    }
                    if e.reason.as_deref() == Some("removeFromCRL") {
                        break;
                    }
                    return Revocation::Revoked { crl: l, date: rfc3339_from_unix(e.date), date_unix: e.date, reason: e.reason.clone() };
                }
            }
        }
        // CRLs limited to some reasons count only together (RFC 5280 6.3.3: all reasons covered).
        let covered = usable
            .iter()
            .filter_map(|&r| self.crls.get(r).and_then(Option::as_ref))
            .filter(|c| c.next_update.is_none_or(|n| n >= at))
            .fold(0u16, |m, c| m | c.idp.as_ref().and_then(|i| i.only_some_reasons).unwrap_or(ALL_REASONS));
        if covered & ALL_REASONS != ALL_REASONS && usable.iter().any(|&r| self.crls.get(r).and_then(Option::as_ref).is_some_and(|c| c.idp.as_ref().is_some_and(|i| i.only_some_reasons.is_some()))) {
            return Revocation::Undetermined { reason: "the CRLs provided cover only some revocation reasons".into() };
        }
        let freshest = usable
            .iter()
            .filter_map(|&r| self.crls.get(r).and_then(Option::as_ref))
            .max_by_key(|c| (c.next_update.is_none_or(|n| n >= at), c.this_update))
            .map(|c| (c.index, c.next_update));
        match freshest {
            Some((r, Some(n))) if n < at => Revocation::CrlExpired { crl: r, next_update: rfc3339_from_unix(n), next_update_unix: n },
            Some((r, n)) => Revocation::Good {
                crl: r,
                valid_until: n.map(rfc3339_from_unix).unwrap_or_default(),
                valid_until_unix: n,
                delta: deltas.iter().find(|(b, _)| *b == r).map(|(_, d)| *d),
            },
            None => Revocation::Undetermined { reason: reasons.join("; ") },
        }
    }

    /// For each usable complete CRL (with the certificate whose key verified it), the newest
    /// dropped delta CRL that applies to it: same issuer and scope, a base CRL number the
    /// complete CRL reaches, current, well formed, and verified with the same key (RFC 5280
    /// 5.2.4 and 6.3.3 (h)). Pairs (complete CRL, delta CRL).
    fn applicable_deltas(&mut self, signers: &[(usize, usize)], c: &Cert) -> Vec<(usize, usize)> {
        let at = self.options.at;
        let mut out = Vec::new();
        for &(b, signer) in signers {
            let Some(base) = self.crls.get(b).and_then(Option::as_ref) else { continue };
            let mut candidates: Vec<(i64, usize)> = self
                .crls
                .iter()
                .flatten()
                .filter(|d| d.delta_applies_to(base) && d.malformed.is_empty() && d.unknown_critical.is_empty())
                .filter(|d| d.this_update <= at && d.next_update.is_none_or(|n| n >= at) && out_of_scope(d, c).is_none())
                .map(|d| (d.this_update, d.index))
                .collect();
            candidates.sort_unstable_by(|a, b| b.cmp(a));
            for (_, d) in candidates.into_iter().take(MAX_CANDIDATES) {
                if self.crl_sig(d, signer).is_some_and(|s| s.ok()) {
                    out.push((b, d));
                    break;
                }
            }
        }
        out
    }

    /// Certificates that may have signed `crl`: those with its issuer's name, the ones whose
    /// subject key identifier matches the CRL's authority key identifier first, at most
    /// [`MAX_CANDIDATES`].
    fn crl_signer_candidates(&self, crl: &Crl) -> Vec<usize> {
        let mut list: Vec<usize> = self.by_subject.get(&crl.issuer).cloned().unwrap_or_default();
        list.sort_by_key(|&j| {
            let ski = self.cert(j).and_then(|x| x.ski.as_ref());
            let mismatch = match (&crl.aki, ski) {
                (Some(a), Some(s)) => a != s,
                _ => true,
            };
            (mismatch, j)
        });
        list.truncate(MAX_CANDIDATES);
        list
    }

    fn crl_name(&self, i: usize) -> String {
        self.crl_sources.get(i).map(|c| c.name.clone()).unwrap_or_default()
    }

    /// [`Self::revocation_words`], shared: "no CRL" words are made once per list of CDP URLs.
    fn revocation_text(&mut self, r: &Revocation) -> std::sync::Arc<str> {
        let Revocation::NoCrl { urls } = r else { return self.revocation_words(r).into() };
        if let Some(t) = self.no_crl_memo.get(urls) {
            return t.clone();
        }
        let t: std::sync::Arc<str> = self.revocation_words(r).into();
        if self.no_crl_memo.len() < MISSING_MEMO_MAX {
            self.no_crl_memo.insert(urls.clone(), t.clone());
        }
        t
    }

    /// A certificate's revocation in words.
    fn revocation_words(&self, r: &Revocation) -> String {
        match r {
            Revocation::NotChecked => "not checked (root)".into(),
            Revocation::Good { crl, valid_until_unix, delta, .. } => {
                let with_delta = delta.map(|d| format!(" and its delta CRL {}", self.crl_name(d))).unwrap_or_default();
                let until = valid_until_unix.map(|u| format!(" (valid until {})", utc_minutes(u))).unwrap_or_default();
                format!("not revoked per CRL {}{with_delta}{until}", self.crl_name(*crl))
            }
            Revocation::Revoked { crl, date_unix, reason, .. } => format!(
                "revoked on {}{} per CRL {}",
                utc_minutes(*date_unix),
                reason.as_ref().map(|r| format!(", reason {r}")).unwrap_or_default(),
                self.crl_name(*crl)
            ),
            Revocation::CrlExpired { crl, next_update_unix, .. } => format!("CRL expired: {} was due to be replaced on {}", self.crl_name(*crl), utc_minutes(*next_update_unix)),
            Revocation::NoCrl { urls } if urls.is_empty() => "no CRL provided, and the certificate names no CRL distribution point".into(),
            Revocation::NoCrl { urls } => format!("no CRL provided: the server must fetch {}", crate::text::name_a_few(urls, " or ")),
            Revocation::Undetermined { reason } => format!("revocation status unknown: {reason}"),
        }
    }

    /// The issuer missing above `top`, and the sentence that says so.
    fn missing_issuer(&mut self, top: &'a Cert) -> (std::sync::Arc<MissingIssuer>, std::sync::Arc<str>) {
        let key = (&*top.issuer_text, top.aki.as_deref(), &top.aia_issuer_urls[..]);
        if let Some(m) = self.missing_memo.get(&key) {
            return m.clone();
        }
        let (fetch_commands, withheld_commands) = fetch_commands(&top.aia_issuer_urls);
        let m = std::sync::Arc::new(MissingIssuer {
            expected_name: top.issuer_text.to_string(),
            key_id: top.aki.as_deref().map(crate::der::hex),
            aia_urls: top.aia_issuer_urls.to_vec(),
            fetch_commands,
            withheld_commands,
        });
        let wher = if m.aia_urls.is_empty() { String::from("; the certificate names no AIA URL to fetch it from") } else { format!("; it can be fetched from {}", crate::text::name_a_few(&m.aia_urls, " or ")) };
        let words: std::sync::Arc<str> = format!("the issuing certificate \"{}\" was not provided, so the chain cannot be completed{wher}", cert::short_name(&m.expected_name)).into();
        if self.missing_memo.len() < MISSING_MEMO_MAX {
            self.missing_memo.insert(key, (m.clone(), words.clone()));
        }
        (m, words)
    }

    #[allow(clippy::too_many_lines)]
    fn validate(&mut self, raw: &RawPath) -> ChainPath {
        let at = self.options.at;
        let n = raw.certs.len();
        // Borrowed from the caller's certificates (not from `self`): no copy per path.
        let all: &'a [Option<Cert>] = self.certs;
        let certs: Vec<&'a Cert> = raw.certs.iter().filter_map(|&i| all.get(i).and_then(Option::as_ref)).collect();
        // Each certificate's short name, made once: its element and the findings about it share it.
        let labels: Vec<std::sync::Arc<str>> = certs.iter().map(|c| c.label().into()).collect();
        let label = |pos: usize| labels.get(pos).cloned().unwrap_or_else(|| "".into());
        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut per: Vec<Vec<(Code, Severity)>> = vec![Vec::new(); certs.len()];
        let mut add = |diags: &mut Vec<Diagnostic>, pos: usize, cert: &Cert, code: Code, sev: Severity, msg: Message| {
            if let Some(p) = per.get_mut(pos) {
                p.push((code, sev));
            }
            diags.push(diag(code, sev, Some(cert.index), msg));
        };
        let top_pos = certs.len().saturating_sub(1);
        let Some(top) = certs.last() else {
            return empty_path();
        };
        let anchor_trust = if raw.rooted {
            self.anchors.get(&top.index).copied().unwrap_or(AnchorTrust::Untrusted)
        } else {
            AnchorTrust::NoRoot
        };
        let anchor_trusted = matches!(anchor_trust, AnchorTrust::TrustedForAnalysis | AnchorTrust::TrustStore);
        let anchor = raw.rooted.then_some(top.index);
        let leaf_label = label(0);

        // Trust.
        let mut missing = None;
        match anchor_trust {
            AnchorTrust::TrustedForAnalysis => add(&mut diags, top_pos, top, Code::ChainRootTrustedForAnalysis, Severity::Info,
                // About the root (the finding is the root's, and listed under its file).
                Message::about(label(top_pos), "trusted for this analysis only, because it was dropped as the root of the chain; check that the server trusts it too".into())),
            AnchorTrust::TrustStore => {}
            AnchorTrust::Untrusted => add(&mut diags, top_pos, top, Code::ChainUntrustedRoot, Severity::Error,
                if self.options.trust_store.is_empty() && !top.is_ca() && top.version >= 3 {
                    Message::about(label(top_pos), "self-signed and not a CA, so no server trusts it unless it is installed in the Trusted Root store".into())
                // Said of the root, as it is listed under the root's file.
                } else if self.options.distrust_all {
                    Message::about(label(top_pos), "the settings say the server trusts no dropped root, so no chain that ends in it is trusted".into())
                } else if self.options.trust_store.is_empty() {
                    Message::about(label(top_pos), "marked untrusted, so no chain that ends in it is trusted".into())
                } else {
                    Message::about(label(top_pos), "not in the server's trusted roots, so no chain that ends in it is trusted".into())
                }),
            AnchorTrust::NoRoot if raw.looped => add(&mut diags, top_pos, top, Code::ChainLoop, Severity::Error,
                // Said of the certificate it is filed under (the chain's top, as every path finding below).
                Message::about(label(top_pos), format!("its issuer \"{}\" is already in the chain: the chain goes round in a circle, and no root was found", cert::short_name(&top.issuer_text)).into())),
            AnchorTrust::NoRoot if raw.cut == Some(Cut::Depth) => add(&mut diags, top_pos, top, Code::ChainDepthLimit, Severity::Warning,
                Message::about(label(top_pos), format!("depth limit reached: the chain is longer than {MAX_DEPTH} certificates, the most certlens follows; its issuer \"{}\" is among the certificates provided but was not followed, so no root was reached", cert::short_name(&top.issuer_text)).into())),
            AnchorTrust::NoRoot if raw.cut == Some(Cut::Budget) => add(&mut diags, top_pos, top, Code::ChainBudgetExceeded, Severity::Warning,
                Message::about(label(top_pos), "budget exhausted: its issuer was not looked for, because the work limit for one analysis ran out; the chain shown is incomplete".into())),
            AnchorTrust::NoRoot => {
                let (m, words) = self.missing_issuer(top);
                add(&mut diags, top_pos, top, Code::ChainIssuerMissing, Severity::Warning, Message::about(label(top_pos), words));
                missing = Some(m);
            }
        }

        // Signatures, leaf up. The root's own signature is not relied on.
        let mut sigs: Vec<Option<SignatureCheck>> = Vec::new();
        for pos in 0..certs.len() {
            let (Some(c), next) = (certs.get(pos), certs.get(pos + 1)) else { continue };
            let s = match next {
                Some(i) => self.sig(c.index, i.index),
                None if raw.rooted && c.self_issued && self.deferred.contains(&c.index) => Some(verify::not_checked(&c.signed)),
                None if raw.rooted && c.self_issued => self.sig(c.index, c.index),
                None => None,
            };
            if let (Some(s), Some(i)) = (&s, next) {
                match s.status {
                    // Only a root's own signature is ever left unchecked (not this one: it has an issuer).
                    SignatureStatus::Verified | SignatureStatus::NotChecked => {}
                    SignatureStatus::Invalid | SignatureStatus::Malformed => add(&mut diags, pos, c, Code::SignatureInvalid, Severity::Error,
                        Message::about(label(pos), format!("its signature does not verify with the key of \"{}\" ({}): the certificate was altered or was issued by another key", i.label(), s.detail).into())),
                    SignatureStatus::Broken => add(&mut diags, pos, c, Code::SignatureAlgorithmBroken, Severity::Error,
                        Message::about(label(pos), format!("signed with {}, which is broken; Windows and browsers reject it", s.algorithm).into())),
                    SignatureStatus::Unsupported => add(&mut diags, pos, c, Code::SignatureNotVerified, Severity::Error,
                        Message::about(label(pos), format!("its signature ({}) cannot be checked: {}, so it cannot call the chain trusted", s.algorithm, s.detail).into())),
                }
                if s.status == SignatureStatus::Verified && verify::is_sha1(&c.signed.algorithm) {
                    add(&mut diags, pos, c, Code::WeakSignatureSha1, Severity::Warning,
                        Message::about(label(pos), "signed with SHA-1; browsers reject SHA-1 certificates and Windows may in future".into()));
                }
            }
            sigs.push(s);
        }
        // The trust decision: a trusted anchor, and every signature below it verified.
        let failed_sig = sigs.iter().enumerate().filter(|(pos, _)| !(raw.rooted && *pos == top_pos)).find_map(|(_, s)| match s.as_ref().map(|s| &s.status) {
            Some(SignatureStatus::Verified | SignatureStatus::NotChecked) | None => None,
            Some(SignatureStatus::Invalid | SignatureStatus::Malformed) => Some(Code::SignatureInvalid),
            Some(SignatureStatus::Broken) => Some(Code::SignatureAlgorithmBroken),
            Some(SignatureStatus::Unsupported) => Some(Code::SignatureNotVerified),
        });
        let untrusted_because: Option<Code> = if let Some(code) = failed_sig {
            Some(code)
        } else if anchor_trusted {
            None
        } else {
            Some(match anchor_trust {
                AnchorTrust::NoRoot if raw.looped => Code::ChainLoop,
                AnchorTrust::NoRoot => Code::ChainIssuerMissing,
                _ => Code::ChainUntrustedRoot,
            })
        };
        let trusted = untrusted_because.is_none();
        for (pos, c) in certs.iter().enumerate() {
            if let Some(bits) = c.rsa_bits.filter(|b| *b < 2048) {
                add(&mut diags, pos, c, Code::RsaKeyTooSmall, Severity::Warning, Message::about(label(pos), format!("RSA key of {bits} bits; 2048 bits is the minimum current software accepts").into()));
            }
        }

        // Validity of every certificate, CAs included.
        let mut validity = Vec::new();
        for (pos, c) in certs.iter().enumerate() {
            let v = crate::model::validity(c.not_before, c.not_after, at);
            if pos > 0 {
                match v.state {
                    ValidityState::Expired => add(&mut diags, pos, c, Code::CaExpired, Severity::Error,
                        Message::about(leaf_label.clone(), format!("the CA certificate \"{}\" in its chain {} (on {}), so the chain is not valid", c.label(), v.text, utc_minutes(c.not_after)).into())),
                    ValidityState::NotYetValid => add(&mut diags, pos, c, Code::CaNotYetValid, Severity::Error,
                        Message::about(leaf_label.clone(), format!("the CA certificate \"{}\" in its chain is {}", c.label(), v.text).into())),
                    ValidityState::Valid => {}
                }
            } else if v.state != ValidityState::Valid {
                let code = if v.state == ValidityState::Expired { Code::CertificateExpired } else { Code::CertificateNotYetValid };
                add(&mut diags, pos, c, code, Severity::Error, Message::about(label(pos), v.text.as_str().into()));
            }
            validity.push(v.state);
        }
        if let Some(leaf) = certs.first() {
            for (pos, c) in certs.iter().enumerate().skip(1) {
                if c.not_after < leaf.not_after && c.not_after >= at {
                    add(&mut diags, pos, c, Code::CaExpiresBeforeLeaf, Severity::Warning,
                        Message::about(label(0), format!("the CA \"{}\" expires on {}, before the certificate itself ({}); the chain stops working then", c.label(), utc_minutes(c.not_after), utc_minutes(leaf.not_after)).into()));
                }
            }
        }

        // CA checks top down: basicConstraints, path length, key usage, name constraints.
        let mut max_path: Option<u32> = None;
        let mut constraints: Vec<(String, names::Constraints)> = Vec::new();
        for pos in (1..certs.len()).rev() {
            let Some(c) = certs.get(pos) else { continue };
            let is_anchor = pos == top_pos && raw.rooted;
            let v1_root = is_anchor && c.version < 3;
            if !c.is_ca() && !v1_root {
                add(&mut diags, pos, c, Code::CaNotACa, Severity::Error,
                    Message::about(leaf_label.clone(), format!("\"{}\" issued a certificate but is not a CA (basicConstraints {}); Windows rejects the chain", c.label(),
                        if c.basic_constraints.is_some() { "says CA=false" } else { "missing" }).into()));
            }
            if !c.allows(ku::KEY_CERT_SIGN) {
                add(&mut diags, pos, c, Code::CaKeyUsageNoCertSign, Severity::Error,
                    Message::about(leaf_label.clone(), format!("the CA \"{}\" has key usage without keyCertSign, so it may not issue certificates", c.label()).into()));
            }
            if !is_anchor && !c.self_issued {
                if max_path == Some(0) {
                    add(&mut diags, pos, c, Code::PathLengthExceeded, Severity::Error,
                        Message::about(leaf_label.clone(), format!("\"{}\" is one CA too many: a CA above it allows no further intermediate CAs (pathLenConstraint)", c.label()).into()));
                }
                max_path = max_path.map(|m| m.saturating_sub(1));
            }
            if let Some((_, Some(pl))) = c.basic_constraints {
                max_path = Some(max_path.map_or(pl, |m| m.min(pl)));
            }
            if let Some(nc) = &c.rare().name_constraints {
                constraints.push((c.label(), nc.clone()));
            }
            // Name constraints of the CAs above apply to the certificate below this one.
            let _ = c;
            let below = pos - 1;
            let Some(b) = certs.get(below) else { continue };
            if below > 0 && b.self_issued {
                continue;
            }
            let names = b.constrained_names();
            for (ca, nc) in &constraints {
                match names::check_within_budget(&names, nc, &mut self.work.name_checks_left) {
                    names::CheckOutcome::Allowed => {}
                    names::CheckOutcome::Violation(name, why) => {
                        add(&mut diags, below, b, Code::NameConstraintsViolation, Severity::Error,
                            Message::about(label(below), format!("the name {name} is not allowed by the name constraints of \"{ca}\": {why}").into()));
                        break;
                    }
                    names::CheckOutcome::UnsupportedForm(name) => {
                        add(&mut diags, below, b, Code::NameConstraintsUnsupportedForm, Severity::Error,
                            Message::about(label(below), format!("it carries the name {name}, a form the name constraints of \"{ca}\" restrict but certlens cannot check; RFC 5280 section 4.2.1.10 says to reject the certificate rather than pass it unchecked").into()));
                        break;
                    }
                    names::CheckOutcome::BudgetExceeded { names, subtrees } => {
                        add(&mut diags, below, b, Code::NameConstraintsBudgetExceeded, Severity::Error,
                            Message::about(label(below), format!("too many name constraint checks ({} names × {} constraints of \"{ca}\", more than the {} allowed for one analysis): not checked, so the chain cannot be called valid", crate::text::grouped(names), crate::text::grouped(subtrees), crate::text::grouped(names::MAX_NAME_CONSTRAINT_CHECKS)).into()));
                        break;
                    }
                }
            }
        }

        // Unknown critical extensions, in every certificate of the path: Windows
        // (CryptoAPI) checks the root too (CERT_E_CRITICAL).
        for (pos, c) in certs.iter().enumerate() {
            if !c.unknown_critical.is_empty() {
                let whose = if pos == top_pos && raw.rooted { " (the root's extensions are checked too: Windows rejects the chain)" } else { "" };
                add(&mut diags, pos, c, Code::UnknownCriticalExtension, Severity::Error,
                    Message::about(label(pos), format!("carries {} {} that certificate software does not understand, so it must reject the certificate{whose}", if c.unknown_critical.len() == 1 { "a critical extension" } else { "critical extensions" }, crate::text::name_a_few(&c.unknown_critical, ", ")).into()));
            }
        }

        // Certificate rules (RFC 5280 section 4 and what Windows and browsers enforce).
        for (pos, c) in certs.iter().enumerate() {
            let is_leaf = pos == 0 && !(raw.rooted && n == 1) && !(self.covering && c.is_ca());
            let rare = c.rare();
            if !rare.duplicate_extensions.is_empty() {
                add(&mut diags, pos, c, Code::DuplicateExtension, Severity::Error,
                    Message::about(label(pos), format!("extension {} appears more than once; RFC 5280 section 4.2 allows each extension once, so the certificate is invalid", crate::text::name_a_few(&rare.duplicate_extensions, ", ")).into()));
            }
            if !rare.critical_key_ids.is_empty() {
                add(&mut diags, pos, c, Code::KeyIdentifierCritical, Severity::Warning,
                    Message::about(label(pos), format!("{} is marked critical, which RFC 5280 sections 4.2.1.1 and 4.2.1.2 forbid; Windows and browsers understand the extension and still accept the certificate, stricter software may not", rare.critical_key_ids.join(" and ")).into()));
            }
            if c.ec_curve.as_deref() == Some("1.2.840.10045.3.1.1") {
                add(&mut diags, pos, c, Code::EcCurveP192, Severity::Error,
                    Message::about(label(pos), "its key is on the P-192 curve, which Windows (CNG supports P-256, P-384 and P-521) and browsers do not accept".into()));
            }
            if let Some(bits) = c.rsa_exact_bits {
                if bits < 1024 {
                    add(&mut diags, pos, c, Code::RsaKeyBlocked, Severity::Error,
                        Message::about(label(pos), format!("RSA key of {bits} bits; Windows blocks RSA keys under 1024 bits (KB 2661254) and browsers refuse them").into()));
                }
                if bits % 8 != 0 {
                    add(&mut diags, pos, c, Code::RsaModulusSize, Severity::Warning,
                        Message::about(label(pos), format!("RSA modulus of {bits} bits, not a whole number of bytes; such keys are unusual and some software refuses them").into()));
                }
            }
            // A CA certificate with nothing below it among the dropped files is only the end of
            // what was dropped (an intermediate and its root, an unrelated CA): it is taken for an
            // end certificate only when it looks like one, with names of its own (a
            // subjectAltName) or a key that may not sign certificates.
            if is_leaf && c.is_ca() && (!c.san.is_empty() || !c.allows(ku::KEY_CERT_SIGN)) {
                add(&mut diags, pos, c, Code::LeafIsCa, Severity::Warning,
                    Message::about(label(pos), "a CA certificate (basicConstraints cA=TRUE) used as the end certificate; Windows accepts it for client authentication, Firefox refuses it as a server certificate".into()));
            }
            if is_leaf && !c.is_ca() && c.key_usage.is_some_and(|k| k & (1 << ku::KEY_CERT_SIGN) != 0) {
                add(&mut diags, pos, c, Code::KeyCertSignWithoutCa, Severity::Warning,
                    Message::about(label(pos), "key usage keyCertSign on a certificate that is not a CA (RFC 5280 section 4.2.1.3 requires cA=TRUE); it cannot issue certificates, and verifiers ignore the bit for its own use".into()));
            }
            if c.is_ca() && !c.basic_constraints_critical {
                add(&mut diags, pos, c, Code::BasicConstraintsNotCritical, Severity::Warning,
                    Message::about(label(pos), "basicConstraints is not marked critical, which RFC 5280 section 4.2.1.9 requires in CA certificates; Windows and browsers still read it, so the verdict does not change".into()));
            }
            if c.is_ca() && rare.policy_constraints_noncritical {
                add(&mut diags, pos, c, Code::PolicyConstraintsNotCritical, Severity::Warning,
                    Message::about(label(pos), "policyConstraints is not marked critical, which RFC 5280 section 4.2.1.11 requires; verifiers still apply it".into()));
            }
            if rare.name_constraints_empty {
                add(&mut diags, pos, c, Code::NameConstraintsEmpty, Severity::Error,
                    Message::about(label(pos), "its name constraints have neither permitted nor excluded subtrees, which RFC 5280 section 4.2.1.10 forbids; certlens treats the certificate as malformed".into()));
            }
            if !c.is_ca() && rare.name_constraints.is_some() {
                add(&mut diags, pos, c, Code::NameConstraintsOnNonCa, Severity::Warning,
                    Message::about(label(pos), "carries name constraints but is not a CA; RFC 5280 section 4.2.1.10 allows them in CA certificates only and verifiers ignore them here".into()));
            }
        }

        // EKU: the leaf's usages, restricted by every CA's EKU (Windows rule).
        // Shared with the leaf's list while no CA narrows it.
        let mut effective: Option<std::sync::Arc<[String]>> = certs.first().and_then(|l| l.eku.clone());
        for c in certs.iter().skip(1) {
            let Some(ca_eku) = &c.eku else { continue };
            if ca_eku.iter().any(|o| o == EKU_ANY) {
                continue;
            }
            let before = effective.clone();
            effective = Some(match effective {
                None => ca_eku.clone(),
                Some(list) if list.iter().any(|o| o == EKU_ANY) => ca_eku.clone(),
                Some(list) if list.iter().all(|o| ca_eku.contains(o)) => list,
                Some(list) => list.iter().filter(|o| ca_eku.contains(o)).cloned().collect(),
            });
            if let Some(lost) = before.map(|b| b.iter().filter(|o| *o != EKU_ANY && !effective.iter().flat_map(|e| e.iter()).any(|e| e == *o)).cloned().collect::<Vec<_>>()) {
                if !lost.is_empty() {
                    let names: Vec<String> = lost.iter().map(|o| crate::model::oids::eku_name(o).map_or_else(|| o.clone(), str::to_string)).collect();
                    let allowed: Vec<String> = ca_eku.iter().map(|o| crate::model::oids::eku_name(o).map_or_else(|| o.clone(), str::to_string)).collect();
                    // The end certificate's finding (its usages are what is cut; the CA's own
                    // EKU is no fault of the CA): under its file, on its card and status.
                    if let Some(leaf) = certs.first() {
                        add(&mut diags, 0, leaf, Code::EkuRestrictedByCa, Severity::Warning,
                            Message::about(label(0), format!("the CA \"{}\" allows only {}, so the certificate's {} cannot be used (Windows applies the CA's EKU to everything below it)", c.label(), crate::text::name_a_few(&allowed, ", "), crate::text::name_a_few(&names, ", ")).into()));
                    }
                }
            }
        }
        let allows = |oid: &str| effective.as_ref().is_none_or(|l| l.iter().any(|o| o == oid || o == EKU_ANY));
        // The Microsoft application-policies extension marked critical: CryptoAPI understands
        // it (so it is no unknown critical extension for Windows) and applies its policies
        // like an EKU, to the certificate and, in a CA, to everything below it. Browsers and
        // other verifiers do not know it: for them it is an unknown critical extension.
        let app_policy_allows = |list: &[String], oid: &str| list.iter().any(|o| o == oid || o == EKU_ANY || o == MS_ANY_APPLICATION_POLICY);
        let mut app_policies_allow_client_auth = true;
        for (pos, c) in certs.iter().enumerate() {
            let Some(list) = &c.rare().critical_app_policies else { continue };
            let client = app_policy_allows(list, EKU_CLIENT_AUTH);
            app_policies_allow_client_auth &= client;
            let names: Vec<String> = list.iter().map(|o| crate::model::oids::eku_name(o).map_or_else(|| o.clone(), str::to_string)).collect();
            let listed = if names.is_empty() { "no policy".to_string() } else { crate::text::name_a_few(&names, ", ") };
            // "it lists Client Authentication", not "…, which includes Client Authentication".
            let reach = match (client, list.iter().any(|o| o == EKU_CLIENT_AUTH)) {
                (true, true) => "",
                (true, false) => ", which covers Client Authentication",
                (false, _) => ", which leaves out Client Authentication",
            };
            add(&mut diags, pos, c, Code::MsApplicationPoliciesCritical, Severity::Warning,
                Message::about(label(pos), format!("the Microsoft application-policies extension is marked critical. Windows (CryptoAPI) understands it and applies its policies like an extended key usage: it lists {listed}{reach}. Browsers and other verifiers do not know the extension and reject the certificate as carrying an unknown critical extension").into()));
        }
        let client_auth_allowed = allows(EKU_CLIENT_AUTH) && app_policies_allow_client_auth;
        let server_auth_allowed = allows(EKU_SERVER_AUTH);

        // Certificate policies (RFC 5280 policy tree, default inputs), below the root.
        let below_root: Vec<&Cert> = certs.iter().copied().take(if raw.rooted { top_pos } else { certs.len() }).rev().collect();
        let pr = policy::process(&below_root);
        if pr.truncated {
            if let Some(leaf) = certs.first() {
                add(&mut diags, 0, leaf, Code::PolicyTreeLimit, Severity::Warning,
                    Message::about(label(0), format!("the certificate policies and policy mappings of this chain make more than {} combinations, the most certlens follows (policy tree limit); the rest were not followed, so the policy result may be incomplete", policy::MAX_NODES).into()));
            }
        }
        match pr.failure {
            Some(policy::PolicyFailure::ExplicitPolicyRequired { at }) => {
                let pos = below_root.len().saturating_sub(1).saturating_sub(at);
                if let Some(c) = certs.get(pos) {
                    add(&mut diags, pos, c, Code::PolicyExplicitRequired, Severity::Error,
                        Message::about(leaf_label.clone(), format!("a CA in the chain requires an explicit certificate policy (requireExplicitPolicy), and no policy is valid for the whole chain at \"{}\"", c.label()).into()));
                }
            }
            Some(policy::PolicyFailure::MappingWithAnyPolicy { at }) => {
                let pos = below_root.len().saturating_sub(1).saturating_sub(at);
                if let Some(c) = certs.get(pos) {
                    add(&mut diags, pos, c, Code::PolicyMappingAnyPolicy, Severity::Error,
                        Message::about(label(pos), "maps a policy to or from anyPolicy, which RFC 5280 forbids".into()));
                }
            }
            None => {
                if below_root.len() > 1 && below_root.iter().all(|c| c.policies.is_some()) && pr.valid.is_empty() {
                    if let Some(leaf) = certs.first() {
                        add(&mut diags, 0, leaf, Code::PolicyNoCommonPolicy, Severity::Warning,
                            Message::about(label(0), "the certificates of the chain share no certificate policy; applications that require a policy will reject it".into()));
                    }
                }
            }
        }

        // Revocation: every certificate but the root.
        let mut revs = Vec::new();
        for pos in 0..certs.len() {
            let Some(c) = certs.get(pos) else { continue };
            let r = if pos == top_pos && raw.rooted {
                Revocation::NotChecked
            } else {
                let issuer = certs.get(pos + 1).map(|i| i.index);
                self.revocation(c.index, issuer, anchor)
            };
            // In words once: the finding and the path's element say the same.
            let text = self.revocation_text(&r);
            match &r {
                Revocation::Revoked { .. } => add(&mut diags, pos, c, Code::CertificateRevoked, Severity::Error,
                    Message::about(label(pos), text.clone())),
                Revocation::CrlExpired { .. } => add(&mut diags, pos, c, Code::RevocationCrlExpired, Severity::Warning,
                    Message::about(label(pos), format!("{text}; the server needs a current CRL").into())),
                Revocation::Undetermined { .. } => add(&mut diags, pos, c, Code::RevocationUnknown, Severity::Warning,
                    Message::about(label(pos), text.clone())),
                Revocation::NoCrl { .. } => add(&mut diags, pos, c, Code::RevocationNoCrl, Severity::Info,
                    Message::about(label(pos), text.clone())),
                Revocation::Good { .. } | Revocation::NotChecked => {}
            }
            revs.push((r, text));
        }

        let elements: Vec<PathElement> = certs
            .iter()
            .enumerate()
            .map(|(pos, c)| {
                let codes = per.get(pos).cloned().unwrap_or_default();
                let status = status_of(codes.iter().map(|(_, s)| *s));
                let (revocation, revocation_text) = match revs.get(pos) {
                    Some((r, text)) => (r.clone(), text.clone()),
                    None => (Revocation::NotChecked, self.revocation_text(&Revocation::NotChecked)),
                };
                PathElement {
                    certificate: c.index,
                    label: label(pos),
                    role: if pos == 0 && (n > 1 || !raw.rooted) {
                        Role::Leaf
                    } else if pos == top_pos && raw.rooted {
                        Role::Root
                    } else {
                        Role::Intermediate
                    },
                    status,
                    signature: sigs.get(pos).cloned().flatten(),
                    validity: validity.get(pos).copied().unwrap_or(ValidityState::Valid),
                    revocation_text,
                    revocation,
                    crl_urls: c.crl_urls.clone(),
                    codes: codes.into_iter().map(|(c, _)| c).collect(),
                }
            })
            .collect();
        let status = status_of(diags.iter().map(|d| d.severity));
        let first_error = diags.iter().find(|d| d.severity == Severity::Error).map(|d| d.code);
        let summary = summarise(&elements, status, anchor_trust, missing.as_deref(), first_error, trusted);
        ChainPath {
            status,
            trusted,
            untrusted_because,
            anchor_trust,
            anchor,
            elements,
            missing_issuer: missing,
            effective_eku: effective,
            client_auth_allowed,
            server_auth_allowed,
            diagnostics: diags,
            summary,
        }
    }

    fn crl_reports(&mut self) -> Vec<CrlReport> {
        let at = self.options.at;
        let mut out = Vec::new();
        for i in 0..self.crls.len() {
            let source = self.crl_name(i);
            let Some(crl) = self.crls.get(i).and_then(Option::as_ref).cloned() else {
                out.push(CrlReport {
                    source: source.clone(),
                    issuer: String::new(),
                    issuer_certificate: None,
                    this_update: String::new(),
                    this_update_unix: 0,
                    next_update: None,
                    next_update_unix: None,
                    number: None,
                    revoked_count: 0,
                    delta: false,
                    scope: Vec::new(),
                    state: CrlState::Unreadable,
                    signature: None,
                });
                self.diagnostics.push(diag(Code::CrlUnreadable, Severity::Error, None, format!("{source}: not a readable CRL")));
                continue;
            };
            let candidates: Vec<usize> = self.crl_signer_candidates(&crl);
            let mut signature = None;
            let mut issuer_certificate = None;
            for c in candidates.iter().copied() {
                let s = self.crl_sig(i, c);
                if s.as_ref().is_some_and(SignatureCheck::ok) {
                    signature = s;
                    issuer_certificate = Some(c);
                    break;
                }
                if signature.is_none() {
                    signature = s;
                }
            }
            let mut scope = Vec::new();
            if crl.delta {
                let base_no = crl.delta_base.as_deref().map_or_else(|| "?".into(), crl::number_words);
                scope.push(format!("delta CRL: lists only the changes since CRL number {base_no}; used together with a complete CRL of the same issuer and scope, never on its own"));
                let bases: Vec<String> = self.crls.iter().flatten().filter(|b| crl.delta_applies_to(b)).map(Crl::label).collect();
                if bases.is_empty() {
                    self.diagnostics.push(diag(Code::CrlDelta, Severity::Info, None, format!("{}: a delta CRL (changes since CRL number {base_no})", crl.label())));
                    self.diagnostics.push(diag(Code::CrlDeltaNoBase, Severity::Warning, None, format!(
                        "{}: a delta CRL listing the changes since CRL number {base_no} of \"{}\", but no complete CRL of that issuer and scope numbered {base_no} or later was provided, so it is not applied: a delta CRL is no evidence on its own (RFC 5280 section 5.2.4)",
                        crl.label(), cert::short_name(&crl.issuer_text))));
                } else {
                    self.diagnostics.push(diag(Code::CrlDelta, Severity::Info, None, format!(
                        "{}: a delta CRL (changes since CRL number {base_no}), applied to the complete CRL {} when it is current and verifies with the same key (RFC 5280 section 5.2.4); the server needs both",
                        crl.label(), crate::text::name_a_few(&bases, ", "))));
                }
            }
            if let Some(idp) = &crl.idp {
                if idp.only_user { scope.push("covers end-entity certificates only".into()); }
                if idp.only_ca { scope.push("covers CA certificates only".into()); }
                if idp.only_attribute { scope.push("covers attribute certificates only".into()); }
                if idp.only_some_reasons.is_some() { scope.push("covers some revocation reasons only".into()); }
                if idp.indirect { scope.push("indirect CRL: may list certificates of other issuers".into()); }
                if !idp.names.is_empty() {
                    scope.push(format!("distribution point {}", crate::text::name_a_few(&idp.names.iter().map(names::ConstrainedName::text).collect::<Vec<_>>(), ", ")));
                }
                self.diagnostics.push(diag(Code::CrlScope, Severity::Info, None, format!("{}: issuing distribution point: {}", crl.label(), scope.join("; "))));
            }
            if crl.number.is_none() && !crl.delta {
                self.diagnostics.push(diag(Code::CrlNoNumber, Severity::Warning, None,
                    format!("{}: has no CRL number, which RFC 5280 section 5.2.3 requires; Windows still uses such a CRL, so the verdict does not change", crl.label())));
            }
            // A CRL's dates, read whoever signed it (a CRL dropped alone is mostly dropped for them).
            let not_yet_valid = (crl.this_update > at).then(|| {
                diag(Code::CrlNotYetValid, Severity::Warning, None, format!("{}: issued on {}, after the evaluation time", crl.label(), utc_minutes(crl.this_update)))
            });
            let expired = crl.next_update.filter(|&n| n < at).map(|n| {
                diag(Code::CrlExpired, Severity::Warning, None,
                    format!("{}: expired on {} (nextUpdate); a server using it would fail revocation checks (403.13) until it gets a newer one", crl.label(), utc_minutes(n)))
            });
            let state = if !crl.malformed.is_empty() {
                self.diagnostics.push(diag(Code::CrlMalformed, Severity::Warning, None,
                    format!("{}: malformed: {}; it is not used as evidence, so revocation stays undetermined", crl.label(), crl.malformed.join("; "))));
                CrlState::Malformed
            } else if !crl.unknown_critical.is_empty() {
                self.diagnostics.push(diag(Code::CrlUnknownCriticalExtension, Severity::Warning, None,
                    format!("{}: carries {} {} certlens does not understand; it is not used", crl.label(), if crl.unknown_critical.len() == 1 { "a critical extension" } else { "critical extensions" }, crate::text::name_a_few(&crl.unknown_critical, ", "))));
                CrlState::UnknownCriticalExtension
            } else if candidates.is_empty() {
                self.diagnostics.push(diag(Code::CrlIssuerNotFound, Severity::Info, None,
                    format!("{}: issued by \"{}\", which was not provided, so its signature cannot be checked", crl.label(), cert::short_name(&crl.issuer_text))));
                self.diagnostics.extend(not_yet_valid.or(expired));
                CrlState::IssuerNotFound
            } else if issuer_certificate.is_none() {
                self.diagnostics.push(diag(Code::CrlSignatureInvalid, Severity::Error, None,
                    format!("{}: its signature does not verify with the key of any provided \"{}\" certificate; it is not used", crl.label(), cert::short_name(&crl.issuer_text))));
                CrlState::BadSignature
            } else if let Some(d) = not_yet_valid {
                self.diagnostics.push(d);
                CrlState::NotYetValid
            } else if let Some(d) = expired {
                self.diagnostics.push(d);
                CrlState::Expired
            } else {
                CrlState::Current
            };
            out.push(CrlReport {
                source,
                issuer: crl.issuer_text.clone(),
                issuer_certificate,
                this_update: rfc3339_from_unix(crl.this_update),
                this_update_unix: crl.this_update,
                next_update: crl.next_update.map(rfc3339_from_unix),
                next_update_unix: crl.next_update,
                number: crl.number.clone(),
                revoked_count: crl.entries.len(),
                delta: crl.delta,
                scope,
                state,
                signature,
            });
        }
        out
    }
}

/// Why a CRL does not cover a certificate (issuing distribution point scope).
fn out_of_scope(crl: &Crl, c: &Cert) -> Option<String> {
    let idp = crl.idp.as_ref()?;
    if idp.only_attribute {
        return Some("covers attribute certificates only".into());
    }
    if idp.only_user && c.is_ca() {
        return Some("covers end-entity certificates only".into());
    }
    if idp.only_ca && !c.is_ca() {
        return Some("covers CA certificates only".into());
    }
    if !idp.names.is_empty() {
        if c.cdp_names.is_empty() {
            return Some("is for one distribution point only, and the certificate names none".into());
        }
        if !idp.names.iter().any(|n| c.cdp_names.contains(n)) {
            return Some("is for a different distribution point than the certificate names".into());
        }
    }
    None
}

fn status_of(sevs: impl Iterator<Item = Severity>) -> NodeStatus {
    let mut s = NodeStatus::Valid;
    for sev in sevs {
        match sev {
            Severity::Error => return NodeStatus::Invalid,
            Severity::Warning => s = NodeStatus::Warning,
            Severity::Info => {}
        }
    }
    s
}

/// One sentence for a path. Its verdict word is the one status the page gives the end
/// certificate (revoked, expired, not yet valid, not valid, root not trusted, issuer not
/// dropped, valid with warnings, valid), decided in the same order.
fn summarise(elements: &[PathElement], status: NodeStatus, trust: AnchorTrust, missing: Option<&MissingIssuer>, first_error: Option<Code>, trusted: bool) -> String {
    let names: Vec<&str> = elements.iter().map(|e| &*e.label).collect();
    let chain = names.join(" → ");
    let top = match (trust, missing) {
        (_, Some(_)) | (AnchorTrust::NoRoot, _) => String::new(),
        (AnchorTrust::TrustedForAnalysis, _) => "; root trusted for this analysis".into(),
        (AnchorTrust::TrustStore, _) => "; root in the server's trusted roots".into(),
        (AnchorTrust::Untrusted, _) if first_error == Some(Code::ChainUntrustedRoot) => String::new(),
        (AnchorTrust::Untrusted, _) => "; root not trusted".into(),
    };
    let issuer_missing = missing.map(|m| format!("issuer \"{}\" not dropped", cert::short_name(&m.expected_name)));
    let leaf = elements.first();
    let verdict = if leaf.is_some_and(|e| matches!(e.revocation, Revocation::Revoked { .. })) {
        "revoked"
    } else if leaf.is_some_and(|e| e.validity == ValidityState::Expired) {
        "expired"
    } else if leaf.is_some_and(|e| e.validity == ValidityState::NotYetValid) {
        "not yet valid"
    } else {
        match status {
            NodeStatus::Invalid | NodeStatus::Missing if first_error == Some(Code::ChainUntrustedRoot) => "root not trusted",
            NodeStatus::Invalid | NodeStatus::Missing => "not valid",
            _ if issuer_missing.is_some() => issuer_missing.as_deref().unwrap_or_default(),
            _ if !trusted => "not trusted (no root reached)",
            NodeStatus::Warning => "valid, with warnings",
            NodeStatus::Valid => "valid",
        }
    };
    format!("{chain}: {verdict}{top}")
}

fn empty_path() -> ChainPath {
    ChainPath {
        status: NodeStatus::Invalid,
        trusted: false,
        untrusted_because: None,
        anchor_trust: AnchorTrust::NoRoot,
        anchor: None,
        elements: Vec::new(),
        missing_issuer: None,
        effective_eku: None,
        client_auth_allowed: false,
        server_auth_allowed: false,
        diagnostics: Vec::new(),
        summary: String::new(),
    }
}

/// Merge best paths into trees, roots (or missing issuers) on top.
fn build_tree(chains: &[Chain]) -> Vec<TreeNode> {
    // Key: certificate index, or the missing issuer name.
    #[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
    enum Key<'p> {
        Cert(usize),
        Missing(&'p str),
    }
    struct Proto<'p> {
        node: TreeNode,
        children: BTreeMap<Key<'p>, Proto<'p>>,
        order: Vec<Key<'p>>,
    }
    /// What a step of a path puts in the tree: its missing issuer, or an element (and whether
    /// it is the path's top).
    enum Step<'p> {
        Missing(&'p std::sync::Arc<MissingIssuer>),
        Element(&'p PathElement, bool),
    }
    impl Step<'_> {
        fn node(&self, anchor_trust: AnchorTrust) -> TreeNode {
            match *self {
                Step::Missing(m) => TreeNode { certificate: None, label: cert::short_name(&m.expected_name), status: NodeStatus::Missing, anchor_trust: None, missing: Some(m.clone()), children: Vec::new() },
                Step::Element(e, is_top) => TreeNode {
                    certificate: Some(e.certificate),
                    label: e.label.to_string(),
                    status: e.status,
                    anchor_trust: is_top.then_some(anchor_trust),
                    missing: None,
                    children: Vec::new(),
                },
            }
        }
    }
    fn finish(p: Proto<'_>) -> TreeNode {
        let Proto { mut node, mut children, order } = p;
        node.children = order.into_iter().filter_map(|k| children.remove(&k)).map(finish).collect();
        node
    }
    let mut roots: BTreeMap<Key, Proto> = BTreeMap::new();
    let mut root_order: Vec<Key> = Vec::new();
    for chain in chains {
        let p = &chain.best;
        // Each step's node is made only where the tree has none for it yet: 10,000 leaves of one
        // missing issuer make one node for it, not 10,000 copies of its name and commands.
        let missing = p.missing_issuer.as_ref().map(|m| (Key::Missing(&m.expected_name), NodeStatus::Missing, Step::Missing(m)));
        let elements = p.elements.iter().enumerate().rev().map(|(pos, e)| (Key::Cert(e.certificate), e.status, Step::Element(e, pos + 1 == p.elements.len() && p.missing_issuer.is_none())));
        let mut level = &mut roots;
        let mut order = &mut root_order;
        for (key, status, step) in missing.into_iter().chain(elements) {
            if !level.contains_key(&key) {
                order.push(key.clone());
            }
            let entry = level.entry(key).or_insert_with(|| Proto { node: step.node(p.anchor_trust), children: BTreeMap::new(), order: Vec::new() });
            if status > entry.node.status {
                entry.node.status = status;
            }
            level = &mut entry.children;
            order = &mut entry.order;
        }
    }
    root_order.into_iter().filter_map(|k| roots.remove(&k)).map(finish).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A leaf's chain facts hold no box of rare facts; a CA with name constraints holds them
    /// there, and reads the same through `rare()`.
    #[test]
    fn only_a_certificate_with_rare_facts_holds_their_box() {
        let read = |name: &str| std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let (certs, _) = parse_all(&[read("chain/ee_client.der"), read("nameconstraints/nc_ca.der")]);
        let (leaf, ca) = (certs[0].as_ref().unwrap(), certs[1].as_ref().unwrap());
        assert!(leaf.rare.is_none() && leaf.rare().name_constraints.is_none() && leaf.rare().policy_mappings.is_empty());
        assert!(ca.rare.is_some() && ca.rare().name_constraints.is_some());
    }

    /// A path finding that begins with a certificate's name carries that name as its
    /// subject (`Message::about`), so the page reads which certificate it is about instead of
    /// matching names at the start of the text. Each fixture folder analysed as one drop.
    #[test]
    fn path_findings_name_their_certificate_as_data() {
        let folders = crate::test_support::fixture_folders();
        let (mut about, mut codes) = (0, std::collections::BTreeSet::new());
        for (folder, files) in &folders {
            for at in [1_700_000_000, 2_100_000_000] {
                let r = crate::analyze(files, &crate::Options::at(at));
                for p in r.hierarchy.chains.iter().flat_map(|c| std::iter::once(&c.best).chain(&c.alternatives)) {
                    for d in &p.diagnostics {
                        let line = d.message.to_string();
                        let named = p.elements.iter().any(|e| !e.label.is_empty() && line.starts_with(&format!("{}: ", e.label)));
                        assert!(!named || d.message.subject().is_some(), "{}: {:?} says {line:?} without naming its certificate as data", folder.display(), d.code);
                        if d.message.subject().is_some() {
                            about += 1;
                            codes.insert(format!("{:?}", d.code));
                        }
                    }
                }
            }
        }
        assert!(about > 500 && codes.len() >= 30, "{about} findings of {} kinds: {codes:?}", codes.len());
    }

    /// Findings and revocation words say a time as the cards do ("2026-06-01 00:00 UTC"), not
    /// as RFC 3339 ("2026-06-01T00:00:00Z", which stays in the JSON's time fields): every
    /// fixture folder dropped whole, at two times (CRLs current, then expired).
    #[test]
    fn findings_say_times_as_the_cards_do() {
        fn rfc3339_in(s: &str) -> bool {
            let b = s.as_bytes();
            b.windows(20).any(|w| w.iter().enumerate().all(|(k, &c)| match k {
                4 | 7 => c == b'-',
                10 => c == b'T',
                13 | 16 => c == b':',
                19 => c == b'Z',
                _ => c.is_ascii_digit(),
            }))
        }
        assert!(rfc3339_in("revoked on 2026-06-01T00:00:00Z, reason") && !rfc3339_in("revoked on 2026-06-01 00:00 UTC"));
        let folders = crate::test_support::fixture_folders();
        let mut timed = 0;
        for (folder, files) in &folders {
            for at in [1_790_000_000, 2_100_000_000] {
                let r = crate::analyze(files, &crate::Options::at(at));
                let h = &r.hierarchy;
                let paths = h.chains.iter().flat_map(|c| std::iter::once(&c.best).chain(&c.alternatives));
                let words = paths
                    .flat_map(|p| p.diagnostics.iter().map(|d| d.message.to_string()).chain(p.elements.iter().map(|e| e.revocation_text.to_string())))
                    .chain(h.diagnostics.iter().map(|d| d.message.to_string()));
                for w in words {
                    assert!(!rfc3339_in(&w), "{}: {w}", folder.display());
                    timed += usize::from(w.contains(" UTC"));
                }
            }
        }
        assert!(timed > 10, "{timed}");
    }

    /// Leaves of one CA that is not dropped: each path names the same missing issuer, made
    /// once with its fetch commands (one value, not a copy per leaf).
    #[test]
    fn the_fetch_commands_of_a_missing_issuer_are_made_once_per_aia_list() {
        let read = |name: &str| std::fs::read(format!("{}/tests/fixtures/chain/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let ders: Vec<Vec<u8>> = ["ee_client.der", "ee_server.der", "ee_expired.der", "ee_no_eku.der"].iter().map(|n| read(n)).collect();
        let (certs, hashes) = parse_all(&ders);
        let options = TrustInputs::default();
        let mut engine = Engine::from_parsed(&certs, &hashes, &[], &options, true);
        let ends = engine.end_certificates();
        let h = engine.run(&ends, true);
        assert_eq!(h.chains.len(), 4);
        let aia = &certs[0].as_ref().unwrap().aia_issuer_urls;
        assert!(!aia.is_empty(), "the fixtures name their issuer's AIA URL");
        let want = fetch_commands(aia);
        assert!(!want.0.is_empty());
        let mut shared = 0;
        for c in &h.chains {
            let m = c.best.missing_issuer.as_ref().unwrap();
            assert_eq!((&m.aia_urls[..], &m.fetch_commands, &m.withheld_commands), (&aia[..], &want.0, &want.1));
            assert!(std::sync::Arc::ptr_eq(m, h.chains[0].best.missing_issuer.as_ref().unwrap()), "shared, not copied");
            // What each path keeps until the report is printed holds no spare room.
            let p = &c.best;
            assert!(p.diagnostics.len() == p.diagnostics.capacity() && p.elements.len() == p.elements.capacity());
            // Leaves naming the same CRLs share the words of "no CRL", and their findings say
            // them (each its leaf's name, the element's, before them); the leaves of the missing
            // issuer share the sentence about it.
            let (first, e) = (&h.chains[0].best.elements[0], &p.elements[0]);
            let said = |p: &ChainPath, code: Code| p.diagnostics.iter().find(|d| d.code == code).unwrap().message.clone();
            let (no_crl, missing) = (said(p, Code::RevocationNoCrl), said(p, Code::ChainIssuerMissing));
            assert!(std::sync::Arc::ptr_eq(no_crl.sentence(), &e.revocation_text), "{no_crl}");
            assert!(std::sync::Arc::ptr_eq(no_crl.subject().unwrap(), &e.label) && std::sync::Arc::ptr_eq(missing.subject().unwrap(), &e.label));
            assert!(std::sync::Arc::ptr_eq(missing.sentence(), said(&h.chains[0].best, Code::ChainIssuerMissing).sentence()), "{missing}");
            assert!(missing.to_string().starts_with(&format!("{}: the issuing certificate \"", e.label)), "{missing}");
            if first.crl_urls == e.crl_urls {
                assert!(std::sync::Arc::ptr_eq(&first.revocation_text, &e.revocation_text), "{}", e.revocation_text);
                shared += 1;
            }
            // The CDP URLs are the chain facts' list, not copies.
            let (e, facts) = (&p.elements[0], certs[c.end_certificate].as_ref().unwrap());
            assert!(!e.crl_urls.is_empty() && std::sync::Arc::ptr_eq(&e.crl_urls, &facts.crl_urls));
            assert!(matches!(&e.revocation, Revocation::NoCrl { urls } if std::sync::Arc::ptr_eq(urls, &facts.crl_urls)), "{:?}", e.revocation);
        }
        assert_eq!(engine.missing_memo.len(), 1, "one missing issuer, made once");
        assert!(shared >= 2, "{shared}");
    }
}

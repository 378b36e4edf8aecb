//! Share links: the view (certificates, CRLs, requests, server settings,
//! evaluation time, the open certificate) in a URL fragment.
//!
//! Format 1 (documented in the README, "Share links"):
//!
//! ```text
//! #cl1.<base64url, no padding, of raw DEFLATE (RFC 1951) of the payload>
//! payload = part*
//! part    = tag (1 byte) · length (LEB128, at most 4 bytes) · bytes
//! tag 1   = meta: UTF-8 JSON (LinkMeta), exactly once, first
//! tag 2   = a certificate (DER); tag 3 = a CRL (DER); tag 4 = a certificate request (DER)
//! ```
//!
//! Certificates are numbered in the order they appear (deduplicated), so the
//! numbers in the meta are the certificates' numbers in the rebuilt report.
//! A link never holds private keys, passwords or the encrypted parts of a
//! PKCS#12 file: it is built from what the report shows (certificates,
//! CRLs and requests that were read), and records in words what the original
//! files held besides ("alice.pfx held a private key; it is not in this link").
//!
//! Decoding never panics and does bounded work: the fragment length, the
//! expanded size, the number of parts and the meta size are capped, and
//! every failure is one [`LinkError`] with a code and a plain message.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::Report;
use crate::input::{self, InputFile, ItemKind, PrivateKeyState, PrivateKeyStatus};
use crate::diag::Code;
use crate::text::grouped;
use crate::server::settings::VerdictMode;
use crate::server::ServerSettings;

/// What a share fragment starts with (after `#`): `cl` + format version + `.`.
pub const LINK_PREFIX: &str = "cl1.";
/// The format this version writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Longest fragment read (characters). Chromium keeps URLs up to 2 MB.
pub const MAX_LINK_CHARS: usize = 2_000_000;
/// Most bytes a link may expand to (guards against decompression bombs).
pub const MAX_EXPANDED_BYTES: usize = 8 * 1024 * 1024;
/// Most parts (certificates + CRLs + requests) in a link.
pub const MAX_PARTS: usize = 5_000;
/// Most files described in a link.
pub const MAX_FILES: usize = 1_000;
/// Largest meta part (bytes of JSON).
pub const MAX_META_BYTES: usize = 512 * 1024;
/// Links longer than this (characters of the whole URL) may be cut by chat tools and wikis:
/// a smaller link is offered.
pub const SHORT_LINK_CHARS: usize = 8_000;

const TAG_META: u8 = 1;
const TAG_CERTIFICATE: u8 = 2;
const TAG_CRL: u8 = 3;
const TAG_REQUEST: u8 = 4;

/// Why a link cannot be opened: one stable code and one plain message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    /// Stable code, e.g. `link-version`.
    pub code: Code,
    /// One line, plain words.
    pub message: String,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LinkError {}

fn err(code: Code, message: impl Into<String>) -> LinkError {
    LinkError { code, message: message.into() }
}

/// One original file, as the link describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkFile {
    /// File name as dropped.
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
    /// What it was detected as (e.g. `PKCS#12: 2 certificates, 1 private key`).
    pub detected: String,
    /// Certificates (numbers into the link's certificates), in file order.
    pub certificates: Vec<u32>,
    /// CRLs (numbers into the link's CRLs).
    pub crls: Vec<u32>,
    /// Requests (numbers into the link's requests).
    pub requests: Vec<u32>,
    /// What the file held that is not in the link, one sentence each.
    pub held: Vec<String>,
    /// An IIS configuration's client certificate settings and mappings (accounts, the mapped
    /// certificates' hashes and subjects, rules; never a password): the verdict's mapping step
    /// reads them in the opened link as it did for the sharer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iis: Option<crate::input::iisconfig::IisConfig>,
    /// What `certutil -verify -urlfetch` fetched on the server (subjects, thumbprints,
    /// addresses and results): the verdict's revocation step reads it in the opened link as it
    /// did for the sharer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_check: Option<crate::input::certutil::Verify>,
    /// IIS's request log, read (answers, counts, times, one example request each): the verdict
    /// sets it against its prediction in the opened link as it did for the sharer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iis_log: Option<crate::input::iislog::Log>,
}

/// Private-key status of a certificate in the original files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkKeyStatus {
    /// Certificate number.
    pub certificate: u32,
    /// The status (its `key` index is dropped: the keys are not in the link).
    pub status: PrivateKeyStatus,
}

/// The JSON part of a link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkMeta {
    /// Evaluation time, Unix seconds.
    pub at: i64,
    /// Whether the sharer had fixed the time (otherwise it was "now" when the link was made).
    pub fixed_time: bool,
    /// Server settings (`certificate` is a certificate number of this link).
    pub server: ServerSettings,
    /// Client, server-certificate or automatic verdict (absent in older links: automatic).
    pub mode: VerdictMode,
    /// The open certificate card.
    pub selected: Option<u32>,
    /// Roots the sharer marked as not trusted.
    pub untrusted_roots: Vec<u32>,
    /// Every original file.
    pub files: Vec<LinkFile>,
    /// Private-key status of certificates whose files held keys.
    pub keys: Vec<LinkKeyStatus>,
    /// What the sharer left out to make the link smaller, one sentence each.
    pub left_out: Vec<String>,
}

/// A decoded link.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedView {
    /// The JSON part.
    pub meta: LinkMeta,
    /// Certificates (DER).
    pub certificates: Vec<Vec<u8>>,
    /// CRLs (DER).
    pub crls: Vec<Vec<u8>>,
    /// Requests (DER).
    pub requests: Vec<Vec<u8>>,
}

/// Facts a link carries about the original files, applied to the rebuilt
/// report (`Options::shared`): original names, sizes and types, what was not
/// put in the link, private-key statuses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedFacts {
    /// Every original file (also those with nothing in the link).
    pub files: Vec<LinkFile>,
    /// Private-key statuses by certificate number.
    pub keys: Vec<LinkKeyStatus>,
    /// What the sharer left out.
    pub left_out: Vec<String>,
}

impl SharedFacts {
    /// Every sentence about what is not in the link (for a notice).
    pub fn not_in_link(&self) -> Vec<String> {
        self.files.iter().flat_map(|f| f.held.iter().cloned()).chain(self.left_out.iter().cloned()).collect()
    }
}

/// What opening a link gives: the files to analyse and the view. `F` is how a file is held
/// and `S` how the facts are: [`InputFile`] and [`SharedFacts`] here, PEM text and a blob as
/// they cross to the page (`ui::work::OpenedLink`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opened<F = InputFile, S = SharedFacts> {
    /// Rebuilt files (PEM text, original names), only those with something in the link.
    pub files: Vec<F>,
    /// Evaluation time.
    pub at: i64,
    /// Whether the sharer had fixed the time (otherwise `at` is when the link was made).
    pub fixed_time: bool,
    /// Server settings.
    pub server: ServerSettings,
    /// Client, server-certificate or automatic verdict.
    pub mode: VerdictMode,
    /// SHA-256 of the open certificate.
    pub selected: Option<String>,
    /// SHA-256 of the roots marked untrusted.
    pub untrusted_roots: Vec<String>,
    /// Facts for `Options::shared`.
    pub facts: S,
}

impl<F, S> Opened<F, S> {
    /// The same view with each file and the facts turned into another form.
    pub fn map<G, T>(self, file: impl FnMut(F) -> G, facts: impl FnOnce(S) -> T) -> Opened<G, T> {
        Opened {
            files: self.files.into_iter().map(file).collect(),
            at: self.at,
            fixed_time: self.fixed_time,
            server: self.server,
            mode: self.mode,
            selected: self.selected,
            untrusted_roots: self.untrusted_roots,
            facts: facts(self.facts),
        }
    }
}

impl<F> Opened<F> {
    /// The analysis options for this view.
    pub fn options(&self) -> super::Options {
        super::Options {
            at: self.at,
            server: self.server.clone(),
            untrusted_roots: self.untrusted_roots.clone(),
            shared: Some(self.facts.clone()),
            ..super::Options::default()
        }
    }
}

/// The view a link is made from (besides the files and the report).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewFacts {
    /// Evaluation time, Unix seconds.
    pub at: i64,
    /// Whether the time was fixed by the user.
    pub fixed_time: bool,
    /// Server settings.
    pub server: ServerSettings,
    /// Client, server-certificate or automatic verdict.
    pub mode: VerdictMode,
    /// SHA-256 of the open certificate.
    pub selected: Option<String>,
    /// SHA-256 of roots marked untrusted.
    pub untrusted_roots: Vec<String>,
    /// Facts of the link the view came from, if it did.
    pub shared: Option<SharedFacts>,
}

/// How much goes into a link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Everything the view shows.
    #[default]
    Everything,
    /// Only the chain the verdict is about (and the CRLs for it).
    VerdictChain,
}

/// A link that was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The fragment, without `#`.
    pub fragment: String,
    /// What was left out, one sentence each (empty for [`Scope::Everything`], unless all of it
    /// was too big for a link: see [`make_link_with`]).
    pub left_out: Vec<String>,
    /// What it holds: the chain the verdict is about when that was asked for, or when a link of
    /// everything was over the limits.
    pub scope: Scope,
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// Make a link fragment from the current view. `files` are the inputs as
/// analysed (with passwords: containers are read again only for their CRLs
/// and requests), `report` their report. Within certlens's limits: see [`make_link_with`].
pub fn make_link(files: &[InputFile], report: &Report, view: &ViewFacts, scope: Scope) -> Result<Link, String> {
    make_link_with(&link_extras(files, report), report, view, scope)
}

/// A CRL or certificate request of a dropped file, read again for links (the report keeps
/// no DER of them). The web app's worker reads them once per analysis, so that the page
/// makes links without the decoders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkExtra {
    /// Index of the file in the report.
    pub file: usize,
    /// A CRL (`true`) or a certificate request.
    pub crl: bool,
    /// Its DER.
    pub der: Vec<u8>,
    /// A CRL's issuer, as the model prints names.
    #[serde(default)]
    pub crl_issuer: Option<String>,
}

/// Read again the files that hold CRLs or requests (see [`LinkExtra`]).
pub fn link_extras(files: &[InputFile], report: &Report) -> Vec<LinkExtra> {
    let mut out = Vec::new();
    for (fi, fr) in report.files.iter().enumerate() {
        let has_crl = report.hierarchy.crls.iter().any(|c| c.source == fr.name || c.source.starts_with(&format!("{} #", fr.name)));
        let has_request = report.requests.iter().any(|r| r.file == fr.name);
        if !(has_crl || has_request) {
            continue;
        }
        let Some(file) = files.get(fi) else { continue };
        for item in input::decode_file(file).items {
            match item.kind {
                ItemKind::Crl => {
                    let crl_issuer = crl_issuer(&item.der);
                    out.push(LinkExtra { file: fi, crl: true, der: item.der, crl_issuer });
                }
                ItemKind::CertificateRequest => out.push(LinkExtra { file: fi, crl: false, der: item.der, crl_issuer: None }),
                ItemKind::Certificate => {}
            }
        }
    }
    out
}

/// [`make_link`] from the CRLs and requests [`link_extras`] read.
///
/// A link certlens would not open (more than [`MAX_PARTS`] parts, or longer than
/// [`MAX_LINK_CHARS`] with room for the page's address) is not made: a link of everything is
/// made of the verdict's chain instead, which says why among what it leaves out; `Err` (in
/// words) when even that is too big.
pub fn make_link_with(extras: &[LinkExtra], report: &Report, view: &ViewFacts, scope: Scope) -> Result<Link, String> {
    make_link_within(extras, report, view, scope, Limits::OPENED)
}

/// How big a link certlens makes: what it opens.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// Certificates, CRLs and requests.
    parts: usize,
    /// Characters of the fragment.
    chars: usize,
}

impl Limits {
    /// [`MAX_PARTS`], and [`MAX_LINK_CHARS`] less room for the address of the page before the fragment.
    const OPENED: Limits = Limits { parts: MAX_PARTS, chars: MAX_LINK_CHARS - 2_048 };
}

fn make_link_within(extras: &[LinkExtra], report: &Report, view: &ViewFacts, scope: Scope, limits: Limits) -> Result<Link, String> {
    let parts = build_parts(extras, report, view, scope);
    match encode_within(&parts, limits) {
        Ok(fragment) => Ok(Link { fragment, left_out: parts.0.left_out, scope }),
        Err(over) if scope == Scope::Everything => {
            let (mut meta, certificates, crls, requests) = build_parts(extras, report, view, Scope::VerdictChain);
            meta.left_out.insert(0, format!("everything but the chain the verdict is about: a link of all of it would hold {over}, more than certlens opens"));
            let parts = (meta, certificates, crls, requests);
            let fragment = encode_within(&parts, limits).map_err(|over| too_big(&over))?;
            Ok(Link { fragment, left_out: parts.0.left_out, scope: Scope::VerdictChain })
        }
        Err(over) => Err(too_big(&over)),
    }
}

/// `parts` encoded, or what in them is over `limits` ("10,000 certificates, CRLs and requests
/// (at most 5,000)", "2,619,340 characters (at most 1,997,952)").
fn encode_within((meta, certificates, crls, requests): &Parts, limits: Limits) -> Result<String, String> {
    let n = certificates.len() + crls.len() + requests.len();
    if n > limits.parts {
        return Err(format!("{} certificates, CRLs and requests (at most {})", grouped(n), grouped(limits.parts)));
    }
    let fragment = encode(meta, certificates, crls, requests);
    if fragment.len() > limits.chars {
        return Err(format!("{} characters (at most {})", grouped(fragment.len()), grouped(limits.chars)));
    }
    Ok(fragment)
}

fn too_big(over: &str) -> String {
    format!("a link of the chain the verdict is about would hold {over}, more than certlens opens")
}

/// Encode parts into a fragment (without `#`).
pub fn encode(meta: &LinkMeta, certificates: &[Vec<u8>], crls: &[Vec<u8>], requests: &[Vec<u8>]) -> String {
    let mut payload = Vec::new();
    let json = serde_json::to_vec(meta).unwrap_or_default();
    push_part(&mut payload, TAG_META, &json);
    for c in certificates {
        push_part(&mut payload, TAG_CERTIFICATE, c);
    }
    for c in crls {
        push_part(&mut payload, TAG_CRL, c);
    }
    for r in requests {
        push_part(&mut payload, TAG_REQUEST, r);
    }
    let compressed = miniz_oxide::deflate::compress_to_vec(&payload, 9);
    format!("{LINK_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed))
}

fn push_part(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    out.push(tag);
    let mut n = bytes.len();
    loop {
        // Seven bits per byte, high bit = more follows.
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
    out.extend_from_slice(bytes);
}

type Parts = (LinkMeta, Vec<Vec<u8>>, Vec<Vec<u8>>, Vec<Vec<u8>>);

fn build_parts(extras: &[LinkExtra], report: &Report, view: &ViewFacts, scope: Scope) -> Parts {
    // Which certificates go in, by report index → link number.
    let keep_cert: Vec<bool> = match scope {
        Scope::Everything => vec![true; report.certificates.len()],
        Scope::VerdictChain => {
            let chain = verdict_chain(report, &view.server);
            (0..report.certificates.len()).map(|i| chain.contains(&i)).collect()
        }
    };
    let mut number: Vec<Option<u32>> = Vec::with_capacity(keep_cert.len());
    let mut certificates = Vec::new();
    for (c, keep) in report.certificates.iter().zip(&keep_cert) {
        let der = if *keep { base64::engine::general_purpose::STANDARD.decode(&c.der_base64).ok() } else { None };
        match der {
            Some(der) => {
                number.push(u32::try_from(certificates.len()).ok());
                certificates.push(der);
            }
            None => number.push(None),
        }
    }
    let num = |i: usize| number.get(i).copied().flatten();
    let kept_subjects: Vec<&str> =
        report.certificates.iter().zip(&keep_cert).filter(|(_, k)| **k).map(|(c, _)| c.view.issuer.as_str()).collect();
    let mut crls = Vec::new();
    let mut requests = Vec::new();
    let mut left_out = Vec::new();
    let mut meta_files = Vec::new();
    let previous = view.shared.as_ref();
    for (fi, fr) in report.files.iter().enumerate() {
        let mut lf = LinkFile {
            name: fr.name.clone(),
            size: fr.size,
            detected: fr.detected.clone(),
            certificates: fr.certificates.iter().filter_map(|&i| num(i)).collect(),
            ..LinkFile::default()
        };
        if let Some(prev) = previous.and_then(|p| p.files.iter().find(|f| f.name == fr.name)) {
            // Opened from a link: keep what that link said about the original file.
            lf.size = prev.size;
            lf.detected = prev.detected.clone();
            lf.held = prev.held.clone();
        } else {
            lf.held = held_sentences(fr, report);
        }
        lf.iis = fr.iis.clone();
        lf.server_check = fr.server_check.clone();
        lf.iis_log = fr.iis_log.clone();
        let dropped = fr.certificates.iter().filter(|&&i| num(i).is_none()).count();
        if dropped > 0 {
            left_out.push(format!("{}: {} of its certificates (not on the chain the verdict is about)", fr.name, grouped(dropped)));
        }
        // CRLs and requests (their DER, read again from the files that have them).
        for item in extras.iter().filter(|e| e.file == fi) {
            if item.crl {
                let covers_kept = scope == Scope::Everything || item.crl_issuer.as_deref().is_some_and(|n| kept_subjects.contains(&n));
                if covers_kept {
                    lf.crls.push(u32::try_from(crls.len()).unwrap_or(u32::MAX));
                    crls.push(item.der.clone());
                } else {
                    left_out.push(format!("{}: a CRL not about the chain the verdict is about", fr.name));
                }
            } else if scope == Scope::Everything {
                lf.requests.push(u32::try_from(requests.len()).unwrap_or(u32::MAX));
                requests.push(item.der.clone());
            } else {
                left_out.push(format!("{}: a certificate request", fr.name));
            }
        }
        meta_files.push(lf);
    }
    // Files of the link the view came from that had nothing to rebuild (keys only).
    if let Some(prev) = previous {
        for f in &prev.files {
            if !report.files.iter().any(|r| r.name == f.name) {
                meta_files.push(LinkFile { certificates: Vec::new(), crls: Vec::new(), requests: Vec::new(), ..f.clone() });
            }
        }
        left_out.extend(prev.left_out.iter().cloned());
    }
    let keys = report
        .certificates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            // Every status, also "a .cer cannot hold a key": the rebuilt PEM text could.
            let status = c.private_key.as_ref()?;
            Some(LinkKeyStatus { certificate: num(i)?, status: link_key_status(status) })
        })
        .collect();
    let sha_num = |sha: &str| report.position_of(sha).and_then(num);
    let mut server = view.server.clone();
    server.certificate = server.certificate.and_then(num).and_then(|n| usize::try_from(n).ok());
    let meta = LinkMeta {
        at: view.at,
        fixed_time: view.fixed_time,
        server,
        mode: view.mode,
        selected: view.selected.as_deref().and_then(sha_num),
        untrusted_roots: view.untrusted_roots.iter().filter_map(|s| sha_num(s)).collect(),
        files: meta_files,
        keys,
        left_out,
    };
    (meta, certificates, crls, requests)
}

/// A key status as the link records it: the key itself is not in the link.
fn link_key_status(status: &PrivateKeyStatus) -> PrivateKeyStatus {
    let mut s = status.clone();
    if s.key.is_some() {
        s.key = None;
        let file = s.key_file.clone().unwrap_or_else(|| "the original file".into());
        s.message = match s.state {
            PrivateKeyState::PresentMatches | PrivateKeyState::InOtherFile => {
                format!("{file} held the matching private key; it is not in this link")
            }
            PrivateKeyState::PresentNoMatch => format!("{file} held a private key that does not match; it is not in this link"),
            _ => s.message,
        };
    }
    s
}

/// What a file held that a link does not carry, in words.
fn held_sentences(fr: &super::FileReport, report: &Report) -> Vec<String> {
    use crate::input::keys::KeyKind;
    let mut out = Vec::new();
    let keys: Vec<_> = fr.keys.iter().filter_map(|&k| report.keys.get(k)).collect();
    let private = keys.iter().filter(|k| k.kind == KeyKind::Private).count();
    let public = keys.len() - private;
    if private > 0 {
        let what = if private == 1 {
            match keys.iter().find(|k| k.kind == KeyKind::Private).and_then(|k| k.summary.clone()) {
                Some(s) => format!("a private key ({s})"),
                None => "a private key".into(),
            }
        } else {
            format!("{private} private keys")
        };
        out.push(format!("{} held {what}; it is not in this link", fr.name));
    }
    if public > 0 {
        let what = if public == 1 { "a public key".to_string() } else { format!("{public} public keys") };
        out.push(format!("{} held {what}; it is not in this link", fr.name));
    }
    if let Some(c) = &fr.container {
        if c.password.locks() {
            out.push(format!("{} has encrypted parts that were not opened; they are not in this link", fr.name));
        }
    }
    // As the page says it (`ui::page::FileReport::gave_nothing`): only an error makes a file
    // unread; an IIS configuration or certutil's output with a warning was read.
    let failed = report.diagnostics.iter().any(|d| d.severity == crate::diag::Severity::Error && d.file.as_deref() == Some(fr.name.as_str()));
    if fr.certificates.is_empty() && keys.is_empty() && failed {
        out.push(format!("{} could not be read; it is not in this link", fr.name));
    }
    out
}

/// Report indexes of the certificates on the chain the verdict is about.
fn verdict_chain(report: &Report, settings: &ServerSettings) -> Vec<usize> {
    let leaf = settings
        .certificate
        .filter(|i| *i < report.certificates.len())
        .or_else(|| report.server.as_ref().and_then(|s| s.trace.iter().find_map(|t| t.certificate_index)))
        .or_else(|| crate::report::subject::default_certificate(report, &settings.trust_store_files))
        .unwrap_or(0);
    let path = report.hierarchy.chain_for(leaf).map(|c| &c.best).or_else(|| report.hierarchy.path_for(leaf));
    let mut out: Vec<usize> = path.map(|p| p.elements.iter().map(|e| e.certificate).collect()).unwrap_or_default();
    if !out.contains(&leaf) {
        out.push(leaf);
    }
    out
}

/// A CRL's issuer (as the model prints names), when it parses.
fn crl_issuer(der: &[u8]) -> Option<String> {
    use x509_parser::prelude::FromDer;
    x509_parser::revocation_list::CertificateRevocationList::from_der(der).ok().map(|(_, crl)| crate::model::format_name(crl.issuer()))
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// The fragment of a URL or fragment text (what follows the first `#`, or all of it).
fn fragment_of(text: &str) -> &str {
    let t = text.trim();
    t.split_once('#').map_or(t, |(_, f)| f)
}

/// Whether `text` (a URL or a fragment) looks like a share link (`#cl<N>.`), of any version.
pub fn is_link(text: &str) -> bool {
    let f = fragment_of(text);
    let Some(rest) = f.strip_prefix("cl") else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b'.')
}

/// Decode a link: a whole URL, or its fragment with or without `#`.
pub fn decode(text: &str) -> Result<SharedView, LinkError> {
    if text.len() > MAX_LINK_CHARS {
        return Err(err(
            Code::LinkTooLong,
            format!("the link is {} characters long; the limit is {MAX_LINK_CHARS}, so it was not read", text.len()),
        ));
    }
    let fragment = fragment_of(text);
    if !is_link(fragment) {
        return Err(err(Code::LinkNotCertlens, "this is not a certlens share link (its part after # does not start with \"cl1.\")"));
    }
    let rest = fragment.get(2..).unwrap_or_default();
    let (version, data) = rest.split_once('.').unwrap_or((rest, ""));
    if version != FORMAT_VERSION.to_string() {
        let v: String = version.chars().take(12).collect();
        return Err(err(
            Code::LinkVersion,
            format!("this link uses format {v}; this version of certlens reads format {FORMAT_VERSION}: open it with the certlens that made it"),
        ));
    }
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|e| {
        err(Code::LinkDamaged, format!("the link is damaged (not valid base64url: {e}); it may have been cut or changed when it was copied"))
    })?;
    let payload = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_EXPANDED_BYTES).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            err(
                Code::LinkTooLarge,
                format!("the link expands to more than {} MB; it was not opened", MAX_EXPANDED_BYTES / (1024 * 1024)),
            )
        } else {
            err(Code::LinkDamaged, "the link is damaged (its compressed data is incomplete or invalid); it may have been cut when it was copied")
        }
    })?;
    parse_payload(&payload)
}

fn parse_payload(payload: &[u8]) -> Result<SharedView, LinkError> {
    let mut out = SharedView::default();
    let mut pos = 0usize;
    let mut parts = 0usize;
    let mut meta = None;
    while pos < payload.len() {
        let tag = *payload.get(pos).ok_or_else(|| damaged("a part is cut off"))?;
        pos += 1;
        let mut len = 0usize;
        let mut shift = 0u32;
        loop {
            let b = *payload.get(pos).ok_or_else(|| damaged("a part's length is cut off"))?;
            pos += 1;
            if shift >= 28 {
                return Err(damaged("a part's length is too large"));
            }
            len |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        let end = pos.checked_add(len).filter(|e| *e <= payload.len()).ok_or_else(|| damaged("a part is cut off"))?;
        let bytes = payload.get(pos..end).ok_or_else(|| damaged("a part is cut off"))?;
        pos = end;
        if meta.is_none() && tag != TAG_META {
            return Err(damaged("it does not start with its settings part"));
        }
        match tag {
            TAG_META if meta.is_none() => {
                if bytes.len() > MAX_META_BYTES {
                    return Err(err(Code::LinkTooLarge, format!("the link's settings part is over {MAX_META_BYTES} bytes; it was not opened")));
                }
                let m: LinkMeta = serde_json::from_slice(bytes).map_err(|e| damaged(&format!("its settings part cannot be read: {e}")))?;
                meta = Some(m);
                continue;
            }
            TAG_META => return Err(damaged("it has two settings parts")),
            TAG_CERTIFICATE => out.certificates.push(bytes.to_vec()),
            TAG_CRL => out.crls.push(bytes.to_vec()),
            TAG_REQUEST => out.requests.push(bytes.to_vec()),
            other => {
                return Err(err(
                    Code::LinkUnknownPart,
                    format!("the link holds a kind of part this version does not know (tag {other}); open it with the certlens that made it"),
                ))
            }
        }
        parts += 1;
        if parts > MAX_PARTS {
            return Err(err(Code::LinkTooManyParts, format!("the link holds more than {MAX_PARTS} certificates, CRLs and requests; it was not opened")));
        }
    }
    out.meta = meta.ok_or_else(|| damaged("it is empty"))?;
    if out.meta.files.len() > MAX_FILES {
        return Err(err(Code::LinkTooManyParts, format!("the link describes more than {MAX_FILES} files; it was not opened")));
    }
    let counts = [out.certificates.len(), out.crls.len(), out.requests.len()];
    for f in &out.meta.files {
        let refs = [&f.certificates, &f.crls, &f.requests];
        for (list, count) in refs.iter().zip(counts) {
            if list.iter().any(|&n| usize::try_from(n).map_or(true, |n| n >= count)) {
                return Err(damaged(&format!("file {:?} refers to a part that is not there", f.name)));
            }
        }
    }
    Ok(out)
}

fn damaged(why: &str) -> LinkError {
    err(Code::LinkDamaged, format!("the link is damaged ({why}); it may have been cut or changed when it was copied"))
}

impl SharedView {
    /// Rebuild the files and the view. Each original file with something in the link becomes
    /// PEM text under its original name; [`SharedFacts`] restore what the report said about it.
    pub fn open(&self) -> Opened {
        fn pick(list: &[Vec<u8>], n: u32) -> Option<&Vec<u8>> {
            usize::try_from(n).ok().and_then(|n| list.get(n))
        }
        let sha = |n: u32| -> Option<String> {
            let der = self.certificates.get(usize::try_from(n).ok()?)?;
            Some(crate::der::hex(&sha2::Sha256::digest(der)))
        };
        let mut files = Vec::new();
        for f in &self.meta.files {
            let mut text = String::new();
            for der in f.certificates.iter().filter_map(|&n| pick(&self.certificates, n)) {
                text.push_str(&crate::model::asn1::pem(der, "CERTIFICATE"));
            }
            for der in f.crls.iter().filter_map(|&n| pick(&self.crls, n)) {
                text.push_str(&crate::model::asn1::pem(der, "X509 CRL"));
            }
            for der in f.requests.iter().filter_map(|&n| pick(&self.requests, n)) {
                text.push_str(&crate::model::asn1::pem(der, "CERTIFICATE REQUEST"));
            }
            if !text.is_empty() {
                files.push(InputFile::new(f.name.clone(), text.into_bytes()));
            }
        }
        // Certificates no file refers to (a hand-made link) still count.
        let referenced: std::collections::BTreeSet<u32> = self.meta.files.iter().flat_map(|f| f.certificates.iter().copied()).collect();
        let mut loose = String::new();
        for (i, der) in self.certificates.iter().enumerate() {
            if !u32::try_from(i).is_ok_and(|n| referenced.contains(&n)) {
                loose.push_str(&crate::model::asn1::pem(der, "CERTIFICATE"));
            }
        }
        if !loose.is_empty() {
            files.push(InputFile::new("certificates from the link", loose.into_bytes()));
        }
        Opened {
            files,
            at: self.meta.at,
            fixed_time: self.meta.fixed_time,
            server: self.meta.server.clone(),
            mode: self.meta.mode,
            selected: self.meta.selected.and_then(sha),
            untrusted_roots: self.meta.untrusted_roots.iter().filter_map(|&n| sha(n)).collect(),
            facts: SharedFacts { files: self.meta.files.clone(), keys: self.meta.keys.clone(), left_out: self.meta.left_out.clone() },
        }
    }
}

/// Apply a link's facts to a report built from its rebuilt files (called by `analysis::run`).
pub fn apply_facts(report: &mut Report, facts: &SharedFacts) {
    for fr in &mut report.files {
        let Some(lf) = facts.files.iter().find(|f| f.name == fr.name) else { continue };
        fr.size = lf.size;
        fr.detected = lf.detected.clone();
        // The rebuilt file is PEM text: a note that its name does not fit would be about the
        // rebuild, not the original.
        // A file's notes are its info-level input problems, in the order of its diagnostics
        // without a certificate: walk both together and drop the extension mismatches.
        let mut info = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Info && d.certificate.is_none() && d.file.as_deref() == Some(fr.name.as_str()));
        fr.notes.retain(|_| info.next().is_none_or(|d| d.code != Code::FileExtensionMismatch));
        fr.notes.extend(lf.held.iter().cloned());
    }
    // An IIS configuration and certutil's output hold no certificate the link carries: their
    // files are not rebuilt, and what they say comes back as the file's report, where the
    // verdict reads it.
    for lf in facts.files.iter().filter(|lf| lf.iis.is_some() || lf.server_check.is_some() || lf.iis_log.is_some()) {
        match report.files.iter_mut().find(|f| f.name == lf.name) {
            Some(fr) => {
                fr.iis.clone_from(&lf.iis);
                fr.server_check.clone_from(&lf.server_check);
                fr.iis_log.clone_from(&lf.iis_log);
            }
            None => {
                let mut notes: Vec<String> = lf.iis.iter().map(|iis| format!("IIS configuration: {}", iis.words())).collect();
                notes.extend(lf.server_check.iter().map(|v| {
                    format!("certutil -verify -urlfetch output: {} of the chain, with what the server fetched for each", crate::text::count(v.chain.len(), "certificate", "certificates"))
                }));
                notes.extend(lf.iis_log.iter().flat_map(|log| log.answers.iter().map(crate::input::iislog::Answer::words)));
                report.files.push(super::FileReport {
                    name: lf.name.clone(),
                    size: lf.size,
                    detected: lf.detected.clone(),
                    certificates: Vec::new(),
                    problems: Vec::new(),
                    notes,
                    keys: Vec::new(),
                    container: None,
                    bindings: Vec::new(),
                    iis: lf.iis.clone(),
                    server_check: lf.server_check.clone(),
                    iis_log: lf.iis_log.clone(),
                });
            }
        }
    }
    report.diagnostics.retain(|d| {
        !(d.code == Code::FileExtensionMismatch && d.file.as_ref().is_some_and(|f| facts.files.iter().any(|lf| &lf.name == f)))
    });
    for k in &facts.keys {
        if let Some(c) = usize::try_from(k.certificate).ok().and_then(|i| report.certificates.get_mut(i)) {
            c.private_key = Some(Box::new(k.status.clone()));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::{analyze, Options};

    const NOW: i64 = 1_795_392_000;

    use crate::test_support::fixture;

    fn view(options: &Options) -> ViewFacts {
        ViewFacts { at: options.at, fixed_time: true, server: options.server.clone(), ..ViewFacts::default() }
    }

    fn reopen(fragment: &str) -> (Opened, crate::Report) {
        let opened = decode(fragment).unwrap().open();
        let report = analyze(&opened.files, &opened.options());
        (opened, report)
    }

    #[test]
    fn round_trip_rebuilds_the_view() {
        let files = [fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.pem")];
        let mut options = Options::at(NOW);
        options.server.ssl = crate::server::settings::SslMode::Accept;
        let report = analyze(&files, &options);
        let mut v = view(&options);
        v.selected = Some(report.certificates[1].view.sha256.clone());
        let link = make_link(&files, &report, &v, Scope::Everything).unwrap();
        assert!(link.fragment.starts_with("cl1."), "{}", link.fragment);
        assert!(link.left_out.is_empty());
        let (opened, back) = reopen(&format!("https://example.org/certlens/#{}", link.fragment));
        assert_eq!(opened.selected, v.selected);
        assert_eq!(opened.server, options.server);
        assert_eq!(back.evaluated_at, report.evaluated_at);
        let shas = |r: &crate::Report| r.certificates.iter().map(|c| c.view.sha256.clone()).collect::<Vec<_>>();
        assert_eq!(shas(&back), shas(&report));
        let names = |r: &crate::Report| r.files.iter().map(|f| (f.name.clone(), f.size, f.detected.clone())).collect::<Vec<_>>();
        assert_eq!(names(&back), names(&report));
        assert_eq!(back.server.as_ref().map(|s| &s.outcome), report.server.as_ref().map(|s| &s.outcome));
        let codes = |r: &crate::Report| r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes(&back), codes(&report));
        // A link made from the reopened view is the same link.
        let again = make_link(&opened.files, &back, &ViewFacts { shared: Some(opened.facts.clone()), ..v }, Scope::Everything).unwrap();
        assert_eq!(again.fragment, link.fragment);
    }

    #[test]
    fn an_iis_configuration_travels_as_its_settings_and_mappings_never_its_passwords() {
        use base64::Engine as _;
        // The mapping holds another certificate (the one alice's renewed): 401.1 for the sharer.
        let other = base64::engine::general_purpose::STANDARD.encode(fixture("chain/ee_server.der").bytes);
        let config = format!(
            r#"<configuration><location path="Default Web Site"><system.webServer><security><access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" /><authentication><iisClientCertificateMappingAuthentication enabled="true"><oneToOneMappings><add userName="CONTOSO\alice" password="[enc:AesProvider:c2VjcmV0:enc]" certificate="{other}" /><add userName="CONTOSO\\bob" certificate="MIIBroken" /></oneToOneMappings></iisClientCertificateMappingAuthentication></authentication></security></system.webServer></location></configuration>"#
        );
        let files = [fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.pem"), InputFile::new("applicationHost.config", config.into_bytes())];
        let mut options = Options::at(NOW);
        options.server.revocation = crate::server::settings::Revocation::Off;
        options.server.private_key = crate::server::settings::PrivateKey::Yes;
        options.server.mapping = crate::server::settings::Mapping::OneToOne;
        let report = analyze(&files, &options);
        assert_eq!(report.server.as_ref().map(|s| s.outcome), Some(crate::server::Outcome::Status401_1));
        let link = make_link(&files, &report, &view(&options), Scope::Everything).unwrap();
        let meta = serde_json::to_string(&decode(&link.fragment).unwrap().meta).unwrap();
        assert!(meta.contains("CONTOSO") && !meta.contains("c2VjcmV0") && !meta.contains("enc:"), "{meta}");
        assert!(!meta.contains("could not be read"), "the configuration was read: {meta}");
        let (_, back) = reopen(&link.fragment);
        assert_eq!(back.server.as_ref().map(|s| s.outcome), Some(crate::server::Outcome::Status401_1));
        let file = back.files.iter().find(|f| f.name == "applicationHost.config").unwrap();
        assert!(file.notes.iter().any(|n| n.contains("IIS certificate mapping on: 2 one-to-one mappings")), "{:?}", file.notes);
    }

    #[test]
    fn certutil_verify_output_travels_as_what_the_server_fetched() {
        // The server could not fetch the issuing CA's CRL: 403.13 for the sharer, whose settings
        // call the internet reachable.
        let output = "CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=0\r\n  Subject: CN=Contoso Issuing CA 01\r\n  Cert: 63d499e8efb14baf90c47613015d4e8f33746d56\r\n  ----------------  Certificate CDP  ----------------\r\n  Failed \"CDP\" Time: 0\r\n    Error retrieving URL: The operation timed out 0x80072ee2\r\n    http://pki.contoso.com/crl/root.crl\r\n";
        let files = [fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.pem"), InputFile::new("verify.txt", output.as_bytes().to_vec())];
        let mut options = Options::at(NOW);
        options.server.private_key = crate::server::settings::PrivateKey::Yes;
        options.server.reach.internet = crate::server::settings::Reach::Yes;
        let report = analyze(&files, &options);
        assert_eq!(report.server.as_ref().map(|s| s.outcome), Some(crate::server::Outcome::Status403_13), "{:?}", report.server);
        let link = make_link(&files, &report, &view(&options), Scope::Everything).unwrap();
        let (_, back) = reopen(&link.fragment);
        assert_eq!(back.server.as_ref().map(|s| s.outcome), Some(crate::server::Outcome::Status403_13));
        let file = back.files.iter().find(|f| f.name == "verify.txt").unwrap();
        assert!(file.server_check.is_some(), "{file:?}");
    }

    #[test]
    fn an_iis_log_travels_as_its_answers() {
        let log = "#Fields: date time cs-method cs-uri-stem c-ip sc-status sc-substatus sc-win32-status\r\n2026-12-01 10:02:17 GET /app/ 10.0.0.7 403 16 2148204809\r\n";
        let files = [fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.pem"), InputFile::new("u_ex261201.log", log.as_bytes().to_vec())];
        let options = Options::at(NOW);
        let report = analyze(&files, &options);
        let observed = report.server.as_ref().and_then(|s| s.observed.clone());
        assert!(observed.as_deref().is_some_and(|o| o.starts_with("The IIS log shows 403.16 for 1 request, 0x800B0109 CERT_E_UNTRUSTEDROOT")), "{observed:?}");
        let link = make_link(&files, &report, &view(&options), Scope::Everything).unwrap();
        let (_, back) = reopen(&link.fragment);
        assert_eq!(back.server.as_ref().and_then(|s| s.observed.clone()), observed);
        let file = back.files.iter().find(|f| f.name == "u_ex261201.log").unwrap();
        assert!(file.notes.iter().any(|n| n.starts_with("IIS answered 403.16 to 1 request")), "{:?}", file.notes);
    }

    #[test]
    fn a_pfx_link_holds_no_key_and_says_so() {
        let mut pfx = fixture("pkcs12/ee_client_aes256.pfx");
        pfx.password = Some("certlens".into());
        let files = [pfx, fixture("chain/root_ca.cer")];
        let options = Options::at(NOW);
        let report = analyze(&files, &options);
        assert!(!report.keys.is_empty(), "the fixture's key was read: {:?}", report.files[0]);
        let link = make_link(&files, &report, &view(&options), Scope::Everything).unwrap();
        let shared = decode(&link.fragment).unwrap();
        let meta = serde_json::to_string(&shared.meta).unwrap();
        assert!(!meta.contains("certlens\""), "{meta}");
        // Only certificates: every part parses as a certificate; no key, no PKCS#12.
        for der in &shared.certificates {
            assert!(crate::model::CertificateView::from_der(der, NOW).is_ok());
        }
        assert!(shared.crls.is_empty() && shared.requests.is_empty());
        assert!(shared.meta.files[0].held.iter().any(|h| h.contains("held a private key") && h.contains("not in this link")), "{meta}");
        let (_, back) = reopen(&link.fragment);
        assert!(back.keys.is_empty());
        assert_eq!(back.certificates[0].private_key.as_ref().map(|p| p.state), report.certificates[0].private_key.as_ref().map(|p| p.state));
        assert_eq!(back.server.as_ref().map(|s| &s.outcome), report.server.as_ref().map(|s| &s.outcome));
        assert!(back.files[0].notes.iter().any(|n| n.contains("not in this link")));
        assert!(!back.files[0].notes.iter().any(|n| n.contains("named .pfx")), "{:?}", back.files[0].notes);
        assert!(!back.diagnostics.iter().any(|d| d.code == Code::FileExtensionMismatch));
    }

    #[test]
    fn verdict_chain_without_a_trace_skips_the_servers_root_store() {
        // A self-signed end certificate in the file marked as the server's root store comes
        // first; the verdict is about the client certificate after it, as the page's is.
        let files = [fixture("chain/ee_server.der"), fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let mut report = analyze(&files, &Options::at(NOW));
        report.server = None;
        let client = report.certificates.iter().position(|c| c.file.ends_with("ee_client.cer")).unwrap();
        let settings = ServerSettings { trust_store_files: vec![report.certificates[0].file.clone()], ..ServerSettings::default() };
        assert_eq!(verdict_chain(&report, &settings).first(), Some(&client));
        assert_eq!(verdict_chain(&report, &ServerSettings::default()).first(), Some(&0));
    }

    #[test]
    fn verdict_chain_scope_leaves_out_other_certificates() {
        let files = [
            fixture("chain/ee_client.cer"),
            fixture("chain/int_ca.cer"),
            fixture("chain/root_ca.cer"),
            fixture("chain/ee_server.der"),
        ];
        let options = Options::at(NOW);
        let report = analyze(&files, &options);
        let link = make_link(&files, &report, &view(&options), Scope::VerdictChain).unwrap();
        let full = make_link(&files, &report, &view(&options), Scope::Everything).unwrap();
        assert!(link.fragment.len() < full.fragment.len());
        assert!(link.left_out.iter().any(|l| l.contains("ee_server.der")), "{:?}", link.left_out);
        let (opened, back) = reopen(&link.fragment);
        assert_eq!(back.certificates.len(), 3);
        assert_eq!(back.server.as_ref().map(|s| &s.outcome), report.server.as_ref().map(|s| &s.outcome));
        assert!(opened.facts.not_in_link().iter().any(|l| l.contains("ee_server.der")));
    }

    #[test]
    fn a_link_certlens_would_not_open_is_not_made_the_verdict_chain_is_and_says_why() {
        let files = [
            fixture("chain/ee_client.cer"),
            fixture("chain/int_ca.cer"),
            fixture("chain/root_ca.cer"),
            fixture("chain/ee_server.der"),
            fixture("chain/ee_expired.der"),
        ];
        let options = Options::at(NOW);
        let report = analyze(&files, &options);
        let extras = link_extras(&files, &report);
        let all = make_link_within(&extras, &report, &view(&options), Scope::Everything, Limits { parts: 5, chars: 100_000 }).unwrap();
        assert!(all.left_out.is_empty());
        assert_eq!(all.scope, Scope::Everything);
        // One part fewer allowed: the verdict's chain, and why, in the link itself.
        let chain = make_link_within(&extras, &report, &view(&options), Scope::Everything, Limits { parts: 4, chars: 100_000 }).unwrap();
        assert_eq!(chain.left_out.first().map(String::as_str), Some("everything but the chain the verdict is about: a link of all of it would hold 5 certificates, CRLs and requests (at most 4), more than certlens opens"));
        let (opened, back) = reopen(&chain.fragment);
        assert_eq!(back.certificates.len(), 3);
        assert_eq!(opened.facts.not_in_link(), chain.left_out);
        assert_eq!(chain.scope, Scope::VerdictChain);
        // Too long in characters, the same; even the chain too big: said in words, no link.
        let short = make_link_within(&extras, &report, &view(&options), Scope::Everything, Limits { parts: 5, chars: all.fragment.len() - 1 }).unwrap();
        assert!(short.left_out[0].contains(&format!("{} characters (at most {})", grouped(all.fragment.len()), grouped(all.fragment.len() - 1))), "{:?}", short.left_out);
        // Counts in the sentences are grouped as everywhere else on the page.
        assert!(all.fragment.len() > 1_000 && short.left_out[0].contains(','), "{:?}", short.left_out);
        let none = make_link_within(&extras, &report, &view(&options), Scope::Everything, Limits { parts: 2, chars: 100_000 });
        assert_eq!(none.unwrap_err(), "a link of the chain the verdict is about would hold 3 certificates, CRLs and requests (at most 2), more than certlens opens");
        // What certlens makes, it opens.
        const { assert!(Limits::OPENED.parts == MAX_PARTS && Limits::OPENED.chars < MAX_LINK_CHARS) };
    }

    #[test]
    fn crls_and_requests_travel() {
        let files = [
            fixture("chain/ee_client.cer"),
            fixture("chain/int_ca.cer"),
            fixture("chain/root_ca.cer"),
            fixture("crl/int01.crl"),
            fixture("crl/root.crl"),
            fixture("csr/client.csr"),
        ];
        let options = Options::at(NOW);
        let report = analyze(&files, &options);
        let link = make_link(&files, &report, &view(&options), Scope::Everything).unwrap();
        let (_, back) = reopen(&link.fragment);
        assert_eq!(back.hierarchy.crls.len(), report.hierarchy.crls.len());
        assert_eq!(back.requests.len(), report.requests.len());
        assert_eq!(report.requests.len(), 1);
        assert_eq!(report.hierarchy.crls.len(), 2);
    }

    #[test]
    fn bad_links_give_one_clear_error() {
        let cases: [(&str, Code); 6] = [
            ("https://x/#cert-3", Code::LinkNotCertlens),
            ("#cl2.AAAA", Code::LinkVersion),
            ("#cl1.!!!!", Code::LinkDamaged),
            ("#cl1.", Code::LinkDamaged),
            ("cl1.AAAAAAAA", Code::LinkDamaged),
            ("#cl99999999999999999999.x", Code::LinkVersion),
        ];
        for (text, code) in cases {
            assert_eq!(decode(text).unwrap_err().code, code, "{text}");
        }
        let huge = format!("#cl1.{}", "A".repeat(MAX_LINK_CHARS));
        assert_eq!(decode(&huge).unwrap_err().code, Code::LinkTooLong);
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let bomb = vec![0u8; MAX_EXPANDED_BYTES + 1024];
        let compressed = miniz_oxide::deflate::compress_to_vec(&bomb, 9);
        assert!(compressed.len() < 20_000);
        let text = format!("#cl1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed));
        assert_eq!(decode(&text).unwrap_err().code, Code::LinkTooLarge);
    }

    #[test]
    fn truncated_and_tampered_links_never_panic() {
        let files = [fixture("chain/ee_client.cer"), fixture("chain/root_ca.pem")];
        let options = Options::at(NOW);
        let report = analyze(&files, &options);
        let link = make_link(&files, &report, &view(&options), Scope::Everything).unwrap().fragment;
        for cut in (0..link.len()).step_by(7) {
            let _ = decode(&link[..cut]);
        }
        // Flip characters: a value or an error, never a panic.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..500 {
            let mut bytes = link.clone().into_bytes();
            for _ in 0..3 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let at = 4 + (rng as usize) % (bytes.len() - 4);
                bytes[at] = alphabet[(rng >> 32) as usize % alphabet.len()];
            }
            if let Ok(v) = decode(std::str::from_utf8(&bytes).unwrap()) {
                let o = v.open();
                let _ = analyze(&o.files, &o.options());
            }
        }
    }

    /// Property: any byte string, compressed and wrapped as a format-1 link, decodes to a
    /// value or an error (never a panic), and a decoded value opens.
    #[test]
    fn any_payload_decodes_to_a_value_or_an_error() {
        let mut next = crate::test_support::xorshift(0x9e37_79b9_7f4a_7c15);
        let meta = serde_json::to_vec(&LinkMeta::default()).unwrap();
        for round in 0..2_000 {
            let len = (next() % 200) as usize;
            let mut payload: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            if round % 2 == 0 {
                // Half start with a valid settings part, so the part parser is reached.
                let mut p = Vec::new();
                push_part(&mut p, TAG_META, &meta);
                p.extend(payload);
                payload = p;
            }
            let text = format!("cl1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&payload, 1)));
            if let Ok(v) = decode(&text) {
                let o = v.open();
                let _ = analyze(&o.files, &o.options());
            }
            // And the raw bytes as a fragment.
            let _ = decode(&format!("cl1.{}", String::from_utf8_lossy(&payload)));
        }
    }

    #[test]
    fn round_trip_of_parts() {
        let meta = LinkMeta { at: 5, selected: Some(1), ..LinkMeta::default() };
        let certs = vec![vec![1u8; 300], vec![2u8; 20_000]];
        let text = encode(&meta, &certs, &[vec![3]], &[]);
        let back = decode(&text).unwrap();
        assert_eq!(back.meta, meta);
        assert_eq!(back.certificates, certs);
        assert_eq!(back.crls, vec![vec![3]]);
    }
}

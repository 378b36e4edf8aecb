//! The analysis pipeline, one stage after the other:
//!
//! 1. **decode** every dropped file (`input`): certificates, CRLs, keys, requests;
//! 2. **arena**: each distinct certificate (by SHA-256) parsed once, into its
//!    view (`model`) and its chain facts (`chain::Cert`), kept side by side;
//! 3. **key matching** (`input::matching`): which private key belongs to which certificate;
//! 4. **chains** (`chain`): paths, signatures, revocation, and the trust decision;
//! 5. **server prediction** (`server`): the IIS or browser verdict, read from that decision.
//!
//! The result is a [`Report`], plain serialisable data (`report`). This module
//! is the only one that sees every layer; the layers themselves do not import it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::input::{self, InputFile, ItemKind};
use crate::diag::Code;
use crate::model::{self, CertificateView};
use crate::report::{CertificateReport, Diagnostic, FileReport, Options, Report, Severity};

/// Every distinct certificate of an analysis, parsed once, indexed like
/// `Report::certificates`; and every CRL.
#[derive(Default)]
pub struct Arena {
    /// DER of certificate `i` (shared, never copied again).
    pub der: Vec<Arc<[u8]>>,
    /// SHA-256 of certificate `i` (its view holds it in hex).
    pub sha256: Vec<[u8; 32]>,
    /// Chain facts of certificate `i` (`None` when the chain layer cannot read it).
    pub chain: Vec<Option<crate::chain::Cert>>,
    /// Every CRL, in file order.
    pub crls: Vec<crate::chain::CrlSource>,
    /// Certificate `i` is thin in the report (see [`Lean`]).
    pub thin: Vec<bool>,
    /// SHA-256 → index.
    by_sha256: HashMap<[u8; 32], usize>,
    /// The chain facts' issuer names, one copy per issuer.
    names: crate::chain::SharedNames,
}

impl Arena {
    fn reserve_exact(&mut self, n: usize) {
        self.der.reserve_exact(n);
        self.sha256.reserve_exact(n);
        self.chain.reserve_exact(n);
        self.thin.reserve_exact(n);
        self.by_sha256.reserve(n);
    }

    fn push(&mut self, mut chain: Option<crate::chain::Cert>, der: Arc<[u8]>, sha256: [u8; 32], thin: bool) {
        if let Some(c) = chain.as_mut() {
            self.names.share(c);
        }
        self.by_sha256.insert(sha256, self.der.len());
        self.der.push(der);
        self.sha256.push(sha256);
        self.chain.push(chain);
        self.thin.push(thin);
    }
}

/// Key ↔ certificate matching facts (`input::matching`), aligned with the
/// report's `certificates`, `files` and `keys`.
#[derive(Default)]
struct KeyFacts {
    certificates: Vec<input::matching::CertFacts>,
    files: Vec<input::matching::FileFacts>,
    key_files: Vec<usize>,
}

/// Analyse everything that was dropped. See [`crate::analyze`].
pub fn run(files: &[InputFile], options: &Options) -> Report {
    run_inner(files, options, false).report
}

/// A stage of the pipeline, as a progress bar names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Stage {
    /// Stages 1 and 2: reading the files and decoding each certificate.
    Reading,
    /// Stage 4: building chains and checking their signatures.
    Chains,
    /// The web app's final answer after a first one that took the roots' own signatures on
    /// trust: the full analysis again (its stage 4 counts), checking them. The core never
    /// reports this stage; the worker does.
    RootSignatures,
    /// Stage 4, first: each certificate's signature checked with the keys of the certificates
    /// carrying its issuer's name (to tell end certificates from issuers); counts every
    /// certificate. Where a bundle with its issuers spends most of its time (10,000 leaves and
    /// their CAs: ~14 s in the web worker), before the first chain is counted.
    Signatures,
}

/// How far an analysis is: `done` of `total` units of `stage`. Reading counts bytes of
/// the dropped files (a file's certificates share its size, so a bundle of 10,000 moves
/// the bar as its certificates are read); chains count end certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Units done.
    pub done: usize,
    /// Units known.
    pub total: usize,
}

/// [`run`], telling `progress` how far it is: after each certificate read and each
/// end certificate chained (the caller throttles; a call costs what the closure costs).
/// The report is the same as [`run`]'s.
pub fn run_with_progress(files: &[InputFile], options: &Options, progress: &mut dyn FnMut(Progress)) -> Report {
    run_stages(files, options, false, progress).report
}

/// The bytes of a file of `bytes` that `done` of its `n` items stand for, on the progress bar.
/// Wide: in wasm32 `bytes × done` overflows a `usize` from ~4 GB (a 12 MB bundle of 10,000
/// certificates by its 340th), and a saturated product held the bar at 3 % of the file.
fn share_of(bytes: usize, done: usize, n: usize) -> usize {
    let share = (bytes as u128).saturating_mul(done as u128) / (n.max(1) as u128);
    usize::try_from(share).unwrap_or(bytes)
}

/// The result of [`run_lean`]: a report whose bulk certificates are *thin*, and
/// what it takes to print them in full, one at a time.
pub struct Lean {
    /// The report. A certificate `i` with `thin[i]` keeps only the fields the
    /// analysis reads (subject, issuer, CA flag, SHA-256, the validity's and key's numbers) and
    /// an empty `der_base64`; [`Lean::full_view`] rebuilds the rest. Its `diagnostics`
    /// end before the chain layer's findings, which the report lists again with their file
    /// (`chain_diagnostics`: [`Lean::diagnostic`] makes them).
    pub report: Report,
    /// Where the chain layer's findings that the report lists come from, in the report's
    /// order (after `report.diagnostics`); empty unless the analysis is lean.
    pub chain_diagnostics: Vec<ChainDiagnostic>,
    /// `report.hierarchy.tree` and `summary` are left empty, to be made from the chains when
    /// printed ([`crate::chain::Hierarchy::tree_of`]; the summary is each chain's best path's);
    /// true when the analysis is lean.
    pub tree_deferred: bool,
    /// DER of each certificate (indexed like `report.certificates`).
    pub der: Vec<Arc<[u8]>>,
    /// Which certificates are thin.
    pub thin: Vec<bool>,
    /// Evaluation time (Unix seconds) the views are built for.
    at: i64,
}

impl Lean {
    /// The report's certificates, as printing reads them (a thin one's full view is rebuilt
    /// from its DER: the same view [`run`] holds, building it is deterministic).
    pub fn certificates(&self) -> Certificates<'_> {
        Certificates { entries: &self.report.certificates, der: &self.der, thin: &self.thin, at: self.at }
    }

    /// The report and what rebuilds its thin certificates; the chain facts are let go.
    pub fn split(self) -> (Report, Rebuild) {
        (self.report, Rebuild { der: self.der, thin: self.thin, at: self.at })
    }

    /// How many diagnostics the full report lists.
    pub fn diagnostics_len(&self) -> usize {
        self.report.diagnostics.len() + self.chain_diagnostics.len()
    }

    /// Diagnostic `i` of the full report's `diagnostics` (made when it is one of the chain
    /// layer's: the same diagnostic [`run`] holds).
    pub fn diagnostic(&self, i: usize) -> Option<std::borrow::Cow<'_, Diagnostic>> {
        use std::borrow::Cow;
        let own = self.report.diagnostics.len();
        match i.checked_sub(own) {
            None => self.report.diagnostics.get(i).map(Cow::Borrowed),
            Some(k) => {
                let d = self.chain_diagnostics.get(k)?.get(&self.report.hierarchy)?;
                Some(Cow::Owned(with_file(d, &self.report.certificates)))
            }
        }
    }
}

/// The full view of a certificate from its DER: the view an analysis without thinning makes
/// (building a view is deterministic). `sha256`: the one its thin view kept (empty: computed).
fn full_view(der: &[u8], sha256: &str, at: i64) -> Option<CertificateView> {
    let sha256 = Some(sha256).filter(|h| !h.is_empty());
    CertificateView::from_der_known(der, at, model::Known { sha256, ..Default::default() }).ok()
}

/// A thin certificate's full view and its DER in base64, rebuilt from its `der` (`sha256`: the
/// one its thin view kept); `None` when its view cannot be built.
fn rebuilt(der: &[u8], sha256: &str, at: i64) -> Option<(CertificateView, String)> {
    use base64::Engine as _;
    let view = full_view(der, sha256, at)?;
    Some((view, base64::engine::general_purpose::STANDARD.encode(der)))
}

/// Make the thin certificate `c` full from its `der` ([`rebuilt`]), and say so in `thin`; left
/// as it is when its view cannot be built.
fn make_full(c: &mut CertificateReport, thin: &mut bool, der: &[u8], at: i64) {
    if let Some((view, der_base64)) = rebuilt(der, &c.view.sha256, at) {
        c.view = view;
        c.der_base64 = der_base64;
        *thin = false;
    }
}

/// What makes a report's thin certificates full again, one or all ([`Lean::split`]): the
/// web app's worker keeps it beside a report with summary views ([`Options::thin_bulk`]).
#[derive(Clone, Debug, Default)]
pub struct Rebuild {
    der: Vec<Arc<[u8]>>,
    thin: Vec<bool>,
    at: i64,
}

impl Rebuild {
    /// The DER of certificate `i`.
    pub fn der(&self, i: usize) -> Option<&[u8]> {
        self.der.get(i).map(|d| &**d)
    }

    /// Whether certificate `i`'s view is thin.
    pub fn is_thin(&self, i: usize) -> bool {
        self.thin.get(i).copied().unwrap_or(false)
    }

    /// Certificate `i` of `report` in full: its view and its DER in base64 rebuilt when thin
    /// (the same as an analysis without thinning makes: building a view is deterministic).
    pub fn certificate<'r>(&self, report: &'r Report, i: usize) -> Option<std::borrow::Cow<'r, CertificateReport>> {
        use std::borrow::Cow;
        let c = report.certificates.get(i)?;
        if !self.is_thin(i) {
            return Some(Cow::Borrowed(c));
        }
        let (mut full, mut thin) = (c.clone(), true);
        make_full(&mut full, &mut thin, self.der.get(i)?, self.at);
        (!thin).then_some(Cow::Owned(full))
    }

    /// Make certificate `i` of `report` full, for good (the certificate a prediction is about).
    pub fn fill(&mut self, report: &mut Report, i: usize) {
        if let (Some(c), Some(t), Some(der)) = (report.certificates.get_mut(i), self.thin.get_mut(i), self.der.get(i)) {
            if *t {
                make_full(c, t, der, self.at);
            }
        }
    }

    /// `report` with every certificate in full (an export, a link: what the CLI's analysis
    /// holds); borrowed when none is thin.
    pub fn full<'r>(&self, report: &'r Report) -> std::borrow::Cow<'r, Report> {
        use std::borrow::Cow;
        if !self.thin.iter().any(|&t| t) {
            return Cow::Borrowed(report);
        }
        let mut full = report.clone();
        for (i, c) in full.certificates.iter_mut().enumerate() {
            if let Some(Cow::Owned(f)) = self.certificate(report, i) {
                *c = f;
            }
        }
        Cow::Owned(full)
    }
}

/// The certificates of an analysis as printing reads them: each one's report entry and, for a
/// thin one, the DER its full view is rebuilt from ([`Lean::certificates`]; and, while the chain
/// layer runs, [`Beside`]).
#[derive(Clone, Copy)]
pub struct Certificates<'a> {
    /// The report's entries, indexed like `Report::certificates`.
    pub entries: &'a [CertificateReport],
    der: &'a [Arc<[u8]>],
    thin: &'a [bool],
    at: i64,
}

impl<'a> Certificates<'a> {
    /// Certificate `i`'s entry, its view in full and its DER in base64: borrowed, or rebuilt
    /// when it is thin (`None` when it cannot be decoded again).
    pub fn full(&self, i: usize) -> Option<(&'a CertificateReport, std::borrow::Cow<'a, CertificateView>, std::borrow::Cow<'a, str>)> {
        use std::borrow::Cow;
        let c = self.entries.get(i)?;
        if !self.is_thin(i) {
            return Some((c, Cow::Borrowed(&c.view), Cow::Borrowed(c.der_base64.as_str())));
        }
        let (view, der_base64) = rebuilt(self.der.get(i)?, &c.view.sha256, self.at)?;
        Some((c, Cow::Owned(view), Cow::Owned(der_base64)))
    }

    /// Certificate `i`'s view in full, without its DER in base64 (what the text and the ASN.1
    /// trees read): borrowed, or rebuilt when it is thin.
    pub fn view(&self, i: usize) -> Option<std::borrow::Cow<'a, CertificateView>> {
        use std::borrow::Cow;
        let c = self.entries.get(i)?;
        if !self.is_thin(i) {
            return Some(Cow::Borrowed(&c.view));
        }
        full_view(self.der.get(i)?, &c.view.sha256, self.at).map(Cow::Owned)
    }

    fn is_thin(&self, i: usize) -> bool {
        self.thin.get(i).copied().unwrap_or(false)
    }
}

/// Work that reads the certificates while the chain layer runs: natively, a lean analysis
/// ([`run_lean_releasing`]) runs it on a helper thread beside the chain stage (one core's work
/// otherwise), and sets the flag when that stage ends; the work should stop soon after. The
/// entries it reads are final but for their chain status and revocation (set by that stage).
pub type Beside<'a> = dyn Fn(Certificates<'_>, &std::sync::atomic::AtomicBool) + Sync + 'a;

/// Where one of the chain layer's findings is in the hierarchy: the report lists it again,
/// its file named ([`with_file`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainDiagnostic {
    /// Finding `diagnostic` of the best path of chain `chain`.
    Path {
        /// Index into `hierarchy.chains`.
        chain: u32,
        /// Index into that chain's `best.diagnostics`.
        diagnostic: u32,
    },
    /// Finding `0` of `hierarchy.diagnostics`.
    Hierarchy(u32),
}

impl ChainDiagnostic {
    fn get(self, h: &crate::chain::Hierarchy) -> Option<&Diagnostic> {
        let at = |n: u32| usize::try_from(n).ok();
        match self {
            ChainDiagnostic::Path { chain, diagnostic } => h.chains.get(at(chain)?)?.best.diagnostics.get(at(diagnostic)?),
            ChainDiagnostic::Hierarchy(k) => h.diagnostics.get(at(k)?),
        }
    }
}

/// A finding of the chain layer as the report lists it: its certificate's file named.
fn with_file(d: &Diagnostic, certificates: &[CertificateReport]) -> Diagnostic {
    let file = d.certificate.and_then(|i| certificates.get(i)).map(|c| c.file.clone());
    let message = match &file {
        Some(f) => format!("{f}: {}", d.message).into(),
        None => d.message.clone(),
    };
    Diagnostic { code: d.code, severity: d.severity, message, file, certificate: d.certificate }
}

/// [`run`] for printing a large report once (the CLI's `--json`): the same
/// report, but each end-entity certificate that the later stages do not read
/// in full is kept thin (its view is rebuilt when printed), so that 50,000
/// certificates do not hold 50,000 decoded views at once.
pub fn run_lean(files: &[InputFile], options: &Options) -> Lean {
    run_inner(files, options, true)
}

/// [`run_lean`] when `lean`, else [`run`] (nothing thin).
pub fn run_inner(files: &[InputFile], options: &Options, lean: bool) -> Lean {
    run_stages(files, options, lean, &mut |_| {})
}

/// [`run_lean`], and each file's bytes are released (emptied) as soon as it is decoded when no
/// later stage reads them again: a file without CRLs that is not DER (the server stage reads a
/// file again only for its CRLs, or to see whether a DER file is a PKCS#12). For the CLI,
/// whose input files are ~1.3 KB per certificate of a PEM bundle.
/// `beside`: work run beside the chain stage ([`Beside`]).
pub fn run_lean_releasing(files: &mut [InputFile], options: &Options, beside: Option<&Beside<'_>>) -> Lean {
    let decoded = stage_decode(&mut Files::Released(files), Ahead::default(), options, true, &mut |_| {});
    let (lean, facts) = stages_after_decoding(decoded, files, options, true, beside, &mut |_| {});
    // Natively, freed on a helper thread while the report is printed (10,000 leaves: 7 ms of
    // one core otherwise, before the printing starts).
    #[cfg(not(target_arch = "wasm32"))]
    let _ = std::thread::Builder::new().spawn(move || drop(facts));
    #[cfg(target_arch = "wasm32")]
    drop(facts);
    lean
}

fn run_stages(files: &[InputFile], options: &Options, lean: bool, progress: &mut dyn FnMut(Progress)) -> Lean {
    run_stages_decoded(files, Ahead::default(), options, lean, progress)
}

/// Files a listing decoded ahead of the analysis ([`list`]): `decoded[i]` is file `i` decoded
/// (files past the end are decoded by the analysis).
#[derive(Default)]
struct Ahead {
    decoded: Vec<input::DecodedFile>,
}

/// [`run_stages`] with the files already decoded by [`list`].
fn run_stages_decoded(files: &[InputFile], decoded: Ahead, options: &Options, lean: bool, progress: &mut dyn FnMut(Progress)) -> Lean {
    let decoded = stage_decode(&mut Files::Kept(files), decoded, options, lean, progress);
    stages_after_decoding(decoded, files, options, lean, None, progress).0
}

/// The files of an analysis, as the decoding stage reads them: kept, or each one's bytes
/// released once decoded where no later stage reads them ([`run_lean_releasing`]).
enum Files<'a> {
    Kept(&'a [InputFile]),
    Released(&'a mut [InputFile]),
}

impl Files<'_> {
    fn all(&self) -> &[InputFile] {
        match self {
            Files::Kept(f) => f,
            Files::Released(f) => f,
        }
    }

    /// File `i` was decoded; `unread`: no later stage reads its bytes.
    fn decoded(&mut self, i: usize, unread: bool) {
        if let (Files::Released(files), true) = (self, unread) {
            if let Some(f) = files.get_mut(i) {
                f.bytes = Vec::new();
            }
        }
    }
}

/// What stages 1 and 2 leave for the others.
struct Decoded {
    report: Report,
    arena: Arena,
    keys: KeyFacts,
    findings: Vec<Diagnostic>,
}

fn stage_decode(files: &mut Files<'_>, decoded: Ahead, options: &Options, lean: bool, progress: &mut dyn FnMut(Progress)) -> Decoded {
    let mut d = Decoded { report: Report::empty(options.at), arena: Arena::default(), keys: KeyFacts::default(), findings: Vec::new() };
    decode(files, decoded, options, &mut d.report, &mut d.arena, &mut d.keys, &mut d.findings, lean, progress);
    d
}

/// Stages 3 to 5. `files` are the files decoded (their bytes only read again by the server stage).
/// Returns the chain layer's facts beside the result, to be let go.
fn stages_after_decoding(
    decoded: Decoded,
    files: &[InputFile],
    options: &Options,
    lean: bool,
    beside: Option<&Beside<'_>>,
    progress: &mut dyn FnMut(Progress),
) -> (Lean, Vec<Option<crate::chain::Cert>>) {
    let Decoded { mut report, mut arena, mut keys, findings } = decoded;
    key_hashes(&report, &mut keys, &arena);
    match_keys(&mut report, &keys, options);
    let sha1 = by_sha1(&report, &arena);
    binding_certificates(&mut report, sha1.as_ref());
    checked_certificates(&mut report, sha1.as_ref());
    // Neither the key facts nor the index by hash are read after this: let go before the
    // chains are made (a certificate's share is ~250 bytes).
    drop(keys);
    arena.by_sha256 = HashMap::new();
    arena.names = crate::chain::SharedNames::default();
    report.diagnostics.extend(findings);
    let hierarchy = match beside {
        #[cfg(not(target_arch = "wasm32"))]
        Some(work) if crate::par::parallel(2, 2) => {
            let done = std::sync::atomic::AtomicBool::new(false);
            let certificates = Certificates { entries: &report.certificates, der: &arena.der, thin: &arena.thin, at: options.at };
            std::thread::scope(|scope| {
                scope.spawn(|| work(certificates, &done));
                let h = assess_chains(&report, &arena, options, lean, progress);
                done.store(true, std::sync::atomic::Ordering::Relaxed);
                h
            })
        }
        _ => assess_chains(&report, &arena, options, lean, progress),
    };
    let chain_diagnostics = apply_chains(&mut report, hierarchy, lean);
    if lean || options.thin_bulk {
        rehydrate(&mut report, &mut arena, options);
    }
    server(&mut report, &arena, files, options);
    // The chain layer's facts are let go by the caller, before printing: nothing reads them
    // after the server stage (they were kept to the end until 2026-12-03 so that the CLI could
    // exit without freeing them: 50,000 leaves, peak RSS 446 -> 420-428 MB, time the same).
    let Arena { der, thin, chain, .. } = arena;
    (Lean { report, chain_diagnostics, tree_deferred: lean, der, thin, at: options.at }, chain)
}

/// Stages 1 and 2: decode each file, put each distinct certificate in the arena.
#[allow(clippy::too_many_arguments)] // the stage's inputs and outputs, each named
fn decode(
    files: &mut Files<'_>,
    decoded: Ahead,
    options: &Options,
    report: &mut Report,
    arena: &mut Arena,
    keys: &mut KeyFacts,
    findings: &mut Vec<Diagnostic>,
    lean: bool,
    progress: &mut dyn FnMut(Progress),
) {
    use sha2::Digest as _;
    // Key-derivation work (PKCS#12, encrypted keys) is shared by every file of the drop.
    let mut derivation_budget = input::pbe::DerivationBudget::default();
    let total_bytes: usize = files.all().iter().map(|f| f.bytes.len()).sum();
    let mut bytes_before = 0;
    let mut decoded_ahead = decoded.decoded.into_iter();
    for file_index in 0..files.all().len() {
        let Some(file) = files.all().get(file_index) else { break };
        let decoded = decoded_ahead.next().unwrap_or_else(|| input::decode_file_with_budget(file, &mut derivation_budget));
        let mut fr = FileReport {
            name: file.name.clone(),
            size: file.bytes.len(),
            detected: decoded.detected.clone(),
            certificates: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
            keys: Vec::new(),
            container: decoded.container.clone(),
            bindings: decoded.bindings.clone(),
            iis: decoded.iis.clone(),
            server_check: decoded.server_check.clone(),
            iis_log: decoded.iis_log.clone(),
        };
        let crls_in_file = decoded.items.iter().filter(|i| i.kind == ItemKind::Crl).count();
        // The server stage reads a file again for its CRLs, and a DER file (a SEQUENCE) to see
        // whether it is a PKCS#12: any other file, never.
        let unread = crls_in_file == 0 && file.bytes.first() != Some(&0x30);
        // Room for this file's certificates, exactly: a certificate's entry is ~2 KB inline
        // (report and chain facts), and growing by doubling left up to half of that unused.
        let certs_in_file = decoded.items.iter().filter(|i| i.kind == ItemKind::Certificate).count();
        report.certificates.reserve_exact(certs_in_file);
        keys.certificates.reserve_exact(certs_in_file);
        arena.reserve_exact(certs_in_file);
        // Lean: an end-entity certificate the server stage may not read in full (not a CA,
        // not in a trust store, not the one chosen) is kept thin, so its display lines are not
        // made now (they are when it is printed).
        let thinning = match (lean, options.thin_bulk) {
            _ if options.server.trust_store_files.contains(&file.name) => Thinning::None,
            (true, _) => Thinning::Lean,
            (false, true) => Thinning::Page,
            (false, false) => Thinning::None,
        };
        let may_thin = thinning != Thinning::None;
        // Natively on every core for a large file (`par`), as the views below.
        let mut hashes: Vec<Option<[u8; 32]>> = crate::par::map(&decoded.items, PREPARE_AHEAD_FROM, |i| {
            (i.kind == ItemKind::Certificate).then(|| sha2::Sha256::digest(&i.der).into())
        })
        .into_iter()
        .flatten()
        .collect();
        // Each new certificate's own work does not depend on the others': for a large file it
        // is done ahead, natively on every core (`par::ahead`), while the loop below files the
        // results in order (`ahead_at[item]` is the item's place in `new`); in the web worker
        // (no `take`: nothing made ahead) the loop makes each itself, telling the progress bar
        // as it goes.
        // Boxed: a result waits in a slot until the loop takes it (a `Prepared` is ~2 KB inline,
        // and the report's and the arena's vectors hold it again).
        let mut seen = std::collections::HashSet::new();
        let new: Vec<(usize, [u8; 32], &[u8])> = hashes
            .iter()
            .zip(&decoded.items)
            .enumerate()
            .filter_map(|(k, (h, item))| h.map(|h| (k, h, item.der.as_slice())))
            .filter(|(_, h, _)| !arena.by_sha256.contains_key(h) && seen.insert(*h))
            .collect();
        drop(seen);
        let mut ahead_at: Vec<Option<usize>> = vec![None; decoded.items.len()];
        for (place, (k, _, _)) in new.iter().enumerate() {
            if let Some(a) = ahead_at.get_mut(*k) {
                *a = Some(place);
            }
        }
        let requests_before = report.requests.len();
        // Requests of earlier files with the same name (names may repeat) count towards the numbering.
        let earlier_requests = report.requests.iter().filter(|r| r.file == file.name).count();
        let made_ahead = |(_, sha256, der): &(usize, [u8; 32], &[u8])| prepare(der, sha256, options.at, thinning).map(Box::new);
        crate::par::ahead(&new, PREPARE_AHEAD_FROM, made_ahead, |mut take| {
            for (index, item) in decoded.items.iter().enumerate() {
                match item.kind {
                    ItemKind::Certificate => {
                        let share = share_of(file.bytes.len(), index + 1, decoded.items.len());
                        progress(Progress { stage: Stage::Reading, done: bytes_before + share, total: total_bytes });
                        // Identical DER seen before: no second parse.
                        // Every certificate item has its hash (made above).
                        let Some(sha256) = hashes.get_mut(index).and_then(Option::take) else { continue };
                        let idx = match arena.by_sha256.get(&sha256).copied() {
                            Some(i) => i,
                            None => {
                                let i = report.certificates.len();
                                // In the web worker (no helper threads, no `take`) made here, unboxed.
                                let done = take.as_mut().and_then(|take| ahead_at.get(index).copied().flatten().and_then(&mut **take));
                                let prepared = match done {
                                    Some(p) => p.map(|b| *b),
                                    None => prepare(&item.der, &sha256, options.at, thinning),
                                };
                                // The certificate the server stage is told to read is never thin.
                                let prepared = match prepared {
                                    Ok(p) if may_thin && options.server.certificate == Some(i) => prepare(&item.der, &sha256, options.at, Thinning::None).map(|full| Prepared { findings: p.findings, ..full }),
                                    other => other,
                                };
                                match prepared {
                                    Ok(p) => {
                                        findings.extend(p.findings.into_iter().map(|mut d| {
                                            d.message = format!("{}: {}", file.name, d.message).into();
                                            d.file = Some(file.name.clone());
                                            d.certificate = Some(i);
                                            d
                                        }));
                                        let chain = p.chain.map(|mut c| {
                                            c.index = i;
                                            c
                                        });
                                        arena.push(chain, p.der, sha256, p.thin);
                                        let is_ca = p.view.is_ca;
                                        report.certificates.push(CertificateReport {
                                            file: file.name.clone(),
                                            index_in_file: index,
                                            view: p.view,
                                            der_base64: p.der_base64,
                                            subject_der_length: p.subject_der_length,
                                            private_key: None,
                                            friendly_name: item.attributes.friendly_name.clone(),
                                            local_key_id: item.attributes.local_key_id.clone(),
                                            chain_status: None,
                                            revocation: None,
                                        });
                                        keys.certificates.push(input::matching::CertFacts { public_key_sha256: p.public_key_sha256, is_ca, ..Default::default() });
                                        i
                                    }
                                    Err(e) => {
                                        report.diagnostics.push(Diagnostic {
                                            code: Code::CertificateMalformed,
                                            severity: Severity::Error,
                                            message: format!("{}: certificate #{} cannot be decoded: {}", file.name, index + 1, e.0).into(),
                                            file: Some(file.name.clone()),
                                            certificate: None,
                                        });
                                        fr.problems.push(e.0);
                                        continue;
                                    }
                                }
                            }
                        };
                        if let Some(facts) = keys.certificates.get_mut(idx) {
                            facts.files.push(file_index);
                            if let Some(id) = &item.attributes.local_key_id {
                                facts.local_key_ids.push((file_index, id.clone()));
                            }
                            if facts.key_link.is_none() {
                                facts.key_link.clone_from(&item.attributes.key_link);
                            }
                            facts.from_personal_store |= item.attributes.store.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("My"));
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
                        arena.crls.push(crate::chain::CrlSource { name, der: item.der.clone() });
                    }
                }
            }
        });
        for key in &decoded.keys {
            fr.keys.push(report.keys.len());
            report.keys.push(key.clone());
            keys.key_files.push(file_index);
        }
        keys.files.push(input::matching::FileFacts {
            name: file.name.clone(),
            detected: decoded.detected.clone(),
            can_hold_private_key: decoded.can_hold_private_key,
            locked: decoded.locked,
        });
        for p in &decoded.problems {
            // An encrypted key's line says it is encrypted and asks for the password: its
            // finding stays among the diagnostics, not as a note beside that line.
            if p.code == Code::KeyEncrypted {
                continue;
            }
            if p.severity == input::InputSeverity::Info {
                fr.notes.push(p.message.clone());
            } else {
                fr.problems.push(p.message.clone());
            }
        }
        for p in &decoded.problems {
            report.diagnostics.push(Diagnostic {
                code: p.code,
                severity: match p.severity {
                    input::InputSeverity::Error => Severity::Error,
                    input::InputSeverity::Warning => Severity::Warning,
                    input::InputSeverity::Info => Severity::Info,
                },
                message: format!("{}: {}", file.name, p.message).into(),
                file: Some(file.name.clone()),
                certificate: None,
            });
        }
        report.files.push(fr);
        bytes_before += file.bytes.len();
        progress(Progress { stage: Stage::Reading, done: bytes_before, total: total_bytes });
        files.decoded(file_index, unread);
    }
}

/// New certificates in one file from which their work is done ahead, in parallel where the
/// machine allows (tests: from 2, so that every test runs that path).
const PREPARE_AHEAD_FROM: usize = if cfg!(test) { 2 } else { 64 };

/// A new certificate read for the arena and the report: stage 2's work on one certificate,
/// which depends on no other.
struct Prepared {
    /// The DER, shared by the arena and the chain facts.
    der: Arc<[u8]>,
    /// The view (thin when `thin`).
    view: CertificateView,
    thin: bool,
    /// Its base64 DER (empty when thin).
    der_base64: String,
    /// Its subject name's DER length.
    subject_der_length: usize,
    /// The chain layer's facts (index 0: the caller sets it).
    chain: Option<crate::chain::Cert>,
    /// The findings about it on its own (certificate `None`: the caller sets it).
    findings: Vec<Diagnostic>,
    /// SHA-256 of its public key, for key matching.
    public_key_sha256: Option<String>,
}

/// Which end certificates keep a thin view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Thinning {
    /// None: every view in full.
    None,
    /// [`thin_view`], made without its display lines ([`run_lean`], the CLI).
    Lean,
    /// [`summary_view`] ([`Options::thin_bulk`], the web app's worker).
    Page,
}

/// Parse a certificate once and read it for every stage. `sha256`: its SHA-256 (computed to
/// spot duplicates; the view takes it in hex). `thinning`: whether an end-entity
/// certificate keeps a thin view, and which (see [`Lean`]).
fn prepare(der: &[u8], sha256: &[u8; 32], at: i64, thinning: Thinning) -> Result<Prepared, model::ModelError> {
    use base64::Engine;
    // The arena's copy is parsed: the chain layer's parts point into it.
    let shared: Arc<[u8]> = Arc::from(der);
    let (rest, x) = CertificateView::parse(&shared)?;
    // A view that may end thin is made without what every thin view drops: its display lines
    // (the notable lines, the clean-up of extension values), the key's hash and, for the lean
    // one, the SHA-1. Its findings are the same. A CA's view stays full:
    // made in full at once when the parse's basic constraints say CA, else made again below
    // when the view's do (it reads the last of duplicated ones, which the parse refuses).
    let sha256 = crate::der::hex(sha256);
    let known = model::Known { sha256: Some(&sha256), ..Default::default() };
    let (may_thin, lean) = (thinning != Thinning::None, thinning == Thinning::Lean);
    let parsed_ca = || x.basic_constraints().ok().flatten().is_some_and(|bc| bc.value.ca);
    let bare = may_thin && !parsed_ca();
    let skip = match (bare, lean) {
        (false, _) => model::Skip::Nothing,
        (true, false) => model::Skip::Pin,
        (true, true) => model::Skip::Fingerprints,
    };
    let mut view = CertificateView::from_parsed_known(&x, der, rest.len(), at, !bare, model::Known { skip, ..known });
    let mut findings = Vec::new();
    certificate_findings(&view, &mut findings);
    let texts = (view.subject.clone(), view.issuer.clone());
    let thin = may_thin && !view.is_ca;
    if bare && !thin {
        view = CertificateView::from_parsed_known(&x, der, rest.len(), at, true, known);
    }
    if thin {
        view = if lean { thin_view(view) } else { summary_view(view) };
    }
    let chain = crate::chain::Cert::from_x509(0, &x, &shared, texts);
    // The key's hash, for matching keys and requests: made in stage 3 from the chain facts'
    // SubjectPublicKeyInfo when the drop holds a key or a request ([`key_hashes`]); here only
    // for a certificate the chain layer cannot read.
    let public_key_sha256 = if chain.is_none() { spki_sha256(x.public_key().raw) } else { None };
    let subject_der_length = x.subject().as_raw().len();
    drop(x);
    Ok(Prepared {
        der_base64: if thin { String::new() } else { base64::engine::general_purpose::STANDARD.encode(der) },
        subject_der_length,
        der: shared,
        view,
        thin,
        chain,
        findings,
        public_key_sha256,
    })
}

/// One certificate as a listing knows it ([`list`]): what a list of certificates shows and
/// filters on, read from the certificate without building its view or any finding.
/// The texts are those of the report's [`CertificateView`] (the same functions make them).
/// No thumbprint: the listing is what a big drop waits for, and its SHA-1 and SHA-256 were
/// ~60 % of the listing's instructions, natively (callgrind, 1,000 leaves); the analysis's
/// views make them, once, right after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The file it came from (its first occurrence).
    pub file: String,
    /// Subject, as [`CertificateView::subject`].
    pub subject: String,
    /// Issuer, as [`CertificateView::issuer`].
    pub issuer: String,
    /// The basic constraints say CA.
    pub is_ca: bool,
    /// Subject and issuer are the same name.
    pub self_issued: bool,
    /// Validity at the evaluation time.
    pub validity: model::ValidityView,
    /// notAfter as a date (`2027-11-23`).
    pub expires: String,
    /// The first DNS name, else a common name that looks like a host name
    /// (`report::subject::host_of`).
    pub host: Option<String>,
    /// Server authentication is allowed: no EKU, or it lists server authentication or any
    /// purpose (`report::subject::allows_server_auth`).
    pub server_auth: bool,
    /// What names it when its subject is empty ([`CertificateView::name`]: an alternative
    /// name, else its serial); `None` when it has a subject.
    pub unnamed: Option<String>,
}

/// A listing of a drop ([`list`]): its certificates in the report's order, and the decoded
/// files, which the analysis takes over ([`run_listed`]) instead of decoding them again.
pub struct Listing {
    /// The certificates, indexed like `Report::certificates`.
    pub certificates: Vec<Listed>,
    /// Where each certificate is and whose names it carries, indexed like `certificates`.
    keys: Vec<ListedKey>,
    decoded: Vec<input::DecodedFile>,
}

/// A listed certificate's place (file, item of the decoded file) and where its subject's and
/// its issuer's DER are in its own: enough to pair it with its issuers' certificates by name
/// ([`Listing::signature_pairs`], which reads them only when a drop is checked by two workers).
#[derive(Clone)]
struct ListedKey {
    place: (usize, usize),
    subject: std::ops::Range<usize>,
    issuer: std::ops::Range<usize>,
}

impl ListedKey {
    /// `x` as parsed from `der` (the item's DER).
    fn of(x: &x509_parser::certificate::X509Certificate<'_>, der: &[u8], place: (usize, usize)) -> Self {
        // A name not inside `der` (never, for a parse of it) gets a range that reads nothing.
        let within = |part: &[u8]| crate::der::range_within(der, part).unwrap_or(usize::MAX..usize::MAX);
        Self { place, subject: within(x.subject().as_raw()), issuer: within(x.issuer().as_raw()) }
    }
}

impl Listing {
    /// Where listed certificate `i` is: its file, its item in that file.
    pub fn place(&self, i: usize) -> Option<(usize, usize)> {
        self.keys.get(i).map(|k| k.place)
    }

    /// A listed certificate's DER.
    pub fn der(&self, i: usize) -> Option<&[u8]> {
        let (file, item) = self.place(i)?;
        Some(self.decoded.get(file)?.items.get(item)?.der.as_slice())
    }

    /// The signature checks the analysis will make between certificates, as far as the
    /// listing tells them: each certificate's with the key of each other certificate whose
    /// subject is its issuer, byte for byte (the chain layer compares normalised names: a
    /// pair it finds that is not here is checked then). Not a certificate whose issuer's name
    /// is carried by more than [`crate::chain::MAX_CANDIDATES`] certificates (as the chain
    /// layer's own checks ahead); none when the checks would pass its signature budget (a
    /// flood: it checks what it can afford).
    pub fn signature_pairs(&self) -> Vec<(usize, usize)> {
        let name = |i: usize, range: &std::ops::Range<usize>| self.der(i).and_then(|d| d.get(range.clone()));
        // Room made once: growing by doubling hashed each name again (~5 ms of a 10,000-leaf
        // drop's analysis in Chromium).
        let mut by_subject: HashMap<&[u8], Vec<usize>> = HashMap::with_capacity(self.keys.len());
        for (i, k) in self.keys.iter().enumerate() {
            if let Some(subject) = name(i, &k.subject) {
                by_subject.entry(subject).or_default().push(i);
            }
        }
        let mut pairs = Vec::new();
        for (i, k) in self.keys.iter().enumerate() {
            let Some(issuers) = name(i, &k.issuer).and_then(|issuer| by_subject.get(issuer)) else { continue };
            if issuers.len() > crate::chain::MAX_CANDIDATES {
                continue;
            }
            pairs.extend(issuers.iter().filter(|&&j| j != i).map(|&j| (i, j)));
        }
        if pairs.len() > crate::chain::signature_budget(self.keys.len()) {
            return Vec::new();
        }
        pairs
    }
}

/// A map keyed by a hash made with a random key (`RandomState`'s SipHash): the key is its own
/// hash in the map. Hashing such keys again with SipHash was ~2 % of a cold 10,000-leaf
/// listing in the web worker (`bench/profile.mjs`); they are no easier to make collide than the
/// hash that made them.
type ByHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// The hasher of [`ByHash`] (and of sets of such hashes): a `u64` is its own hash.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    /// Only `u64` keys are hashed here; anything else is folded in (not used).
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

/// The certificates a listing has seen, by their DER: a hash (SipHash, keyed per listing) of
/// the DER's length and its last [`SeenDer::TAIL`] bytes (the end of its signature, which
/// tells real certificates apart), then the bytes compared. Hashing the whole DER took ~6 % of
/// a cold 10,000-leaf listing in the web worker (`bench/profile.mjs`). Certificates made to
/// end alike cost no more than [`SeenDer::SHARED`] comparisons each: past that many with one
/// tail, the others are told apart by a hash of their whole DER. The report tells
/// certificates apart by SHA-256, which names the same certificates (equal DER, equal hash),
/// at several times the cost.
#[derive(Default)]
struct SeenDer<S = std::collections::hash_map::RandomState> {
    keys: S,
    /// Hash of the DER's length and tail → where each certificate with that hash is (file,
    /// item), at most [`SeenDer::SHARED`].
    by_tail: ByHash<Vec<(usize, usize)>>,
    /// Hash of the whole DER → where each certificate is whose tail's place was full.
    by_whole: ByHash<Vec<(usize, usize)>>,
}

impl<S: std::hash::BuildHasher> SeenDer<S> {
    /// The bytes hashed at the end of a DER.
    const TAIL: usize = 32;
    /// Most certificates told apart by their tail alone.
    const SHARED: usize = 8;

    /// Whether `der` was seen; else it is noted as item `item` of file `file`. `items(f)`: the
    /// items of file `f` (decoded earlier or being listed).
    fn seen<'a>(&mut self, der: &[u8], file: usize, item: usize, items: impl Fn(usize) -> &'a [input::Item]) -> bool {
        let same = |&(f, i): &(usize, usize)| items(f).get(i).is_some_and(|x| x.der == der);
        let tail = der.get(der.len().saturating_sub(Self::TAIL)..).unwrap_or(der);
        let places = self.by_tail.entry(self.keys.hash_one((der.len(), tail))).or_default();
        if places.iter().any(same) {
            return true;
        }
        if places.len() < Self::SHARED {
            places.push((file, item));
            return false;
        }
        // An equal DER seen earlier has the same tail: it is in `places`, or here when
        // `places` was already full.
        let whole = self.by_whole.entry(self.keys.hash_one(der)).or_default();
        if whole.iter().any(same) {
            return true;
        }
        whole.push((file, item));
        false
    }
}

/// List the certificates of a drop, light: each file decoded as the analysis decodes it,
/// each distinct certificate (by its DER) parsed once and read for what [`Listed`] holds; no
/// hash, no view, no finding, no chain. The order and the indices are the report's: the
/// analysis of the same files ([`run_listed`] with this listing) reports exactly these
/// certificates. `progress` hears [`Stage::Reading`].
pub fn list(files: &[InputFile], at: i64, progress: &mut dyn FnMut(Progress)) -> Listing {
    list_ahead(files, at, progress, usize::MAX, &mut |_, _| {})
}

/// [`list`], handing `ahead` the first certificates while the rest are listed: every `every`
/// of them (index of the first, the certificates), as the first file is decoded, for as long
/// as they are surely the listing's first (each a certificate read straight from the file,
/// item after item, none a copy of an earlier one: at the first item that is not, a key, a
/// container's certificate, a repeated DER, nothing more is handed ahead). The web worker
/// sends their rows to the page meanwhile ([`crate::ui::work::RowsAhead`]); the caller checks
/// that the listing's first certificates are those ([`Listing::place`]: item `i` of file 0).
pub fn list_ahead(files: &[InputFile], at: i64, progress: &mut dyn FnMut(Progress), every: usize, ahead: &mut dyn FnMut(usize, &[&Listed])) -> Listing {
    let mut budget = input::pbe::DerivationBudget::default();
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    let mut before = 0;
    let mut seen: SeenDer = SeenDer::default();
    let mut certificates = Vec::new();
    let mut keys = Vec::new();
    let mut decoded: Vec<input::DecodedFile> = Vec::with_capacity(files.len());
    // Thousands of leaves share a few issuers: each issuer's name is written once.
    let mut issuers = IssuerNames::default();
    for (file_index, file) in files.iter().enumerate() {
        // Each certificate read straight from PEM or DER is listed from the parse that
        // validated it (`ahead[item]`); those from containers are parsed here.
        let mut parsed: Vec<Option<(Listed, ListedKey)>> = Vec::new();
        // Handed ahead (the first file only): how many, and a hash of each one's DER's length,
        // first 64 and last 16 bytes (the serial, the signature): a copy has the same; two
        // others alike only stop the handing early.
        let mut handing = file_index == 0 && every < usize::MAX;
        let mut handed = 0;
        let mut ends: std::collections::HashSet<u64, std::hash::BuildHasherDefault<Prehashed>> = Default::default();
        let hasher = std::collections::hash_map::RandomState::new();
        let mut hook = |index: usize, der: &[u8], x: &x509_parser::certificate::X509Certificate<'_>| {
            // Item after item: every item so far a certificate parsed here.
            let next = index == parsed.len();
            parsed.resize_with(index, || None);
            parsed.push(Some((listed(x, &file.name, at, &mut issuers), ListedKey::of(x, der, (file_index, index)))));
            if !handing {
                return;
            }
            let ends_of = (der.len(), der.get(..64.min(der.len())), der.get(der.len().saturating_sub(16)..));
            handing = next && ends.insert(std::hash::BuildHasher::hash_one(&hasher, ends_of));
            if handing && parsed.len() - handed >= every {
                let certificates: Vec<&Listed> = parsed.get(handed..).unwrap_or_default().iter().flatten().map(|(l, _)| l).collect();
                ahead(handed, &certificates);
                handed = parsed.len();
            }
        };
        let d = input::decode_file_with(file, &mut budget, &mut hook);
        let mut ahead = parsed.into_iter();
        let n = d.items.len().max(1);
        for (index, item) in d.items.iter().enumerate() {
            let early = ahead.next().flatten();
            if item.kind != ItemKind::Certificate {
                continue;
            }
            let items = |f: usize| if f == file_index { d.items.as_slice() } else { decoded.get(f).map_or(&[][..], |d| d.items.as_slice()) };
            if seen.seen(&item.der, file_index, index, items) {
                continue;
            }
            let (row, key) = match early {
                Some(row) => row,
                // A certificate that does not parse is not in the report either (it is a finding).
                None => match CertificateView::parse(&item.der) {
                    Ok((_, x)) => (listed(&x, &file.name, at, &mut issuers), ListedKey::of(&x, &item.der, (file_index, index))),
                    Err(_) => continue,
                },
            };
            certificates.push(row);
            keys.push(key);
            progress(Progress { stage: Stage::Reading, done: before + share_of(file.bytes.len(), index + 1, n), total });
        }
        decoded.push(d);
        before += file.bytes.len();
    }
    Listing { certificates, keys, decoded }
}

/// The analysis of a drop listed by [`list`] (the same files, in the same order): the
/// report [`run_with_progress`] makes, without decoding the files again.
pub fn run_listed(files: &[InputFile], listing: Listing, options: &Options, progress: &mut dyn FnMut(Progress)) -> Report {
    run_listed_rebuildable(files, listing, options, progress).0
}

/// [`run_listed`], and what rebuilds the report's thin certificates (with
/// [`Options::thin_bulk`]; else none is thin).
pub fn run_listed_rebuildable(files: &[InputFile], listing: Listing, options: &Options, progress: &mut dyn FnMut(Progress)) -> (Report, Rebuild) {
    run_stages_decoded(files, Ahead { decoded: listing.decoded }, options, false, progress).split()
}

/// Issuer names as the listing writes them, by their DER (a few hundred distinct at most in
/// any real drop; past [`IssuerNames::MAX`] names are written each time).
#[derive(Default)]
struct IssuerNames(HashMap<Vec<u8>, String>);

impl IssuerNames {
    const MAX: usize = 4096;

    fn get(&mut self, name: &x509_parser::x509::X509Name<'_>) -> String {
        if let Some(text) = self.0.get(name.as_raw()) {
            return text.clone();
        }
        let (text, _) = model::names::windows_name(name);
        if self.0.len() < Self::MAX {
            self.0.insert(name.as_raw().to_vec(), text.clone());
        }
        text
    }
}

/// A certificate's row.
fn listed(x: &x509_parser::certificate::X509Certificate<'_>, file: &str, at: i64, issuers: &mut IssuerNames) -> Listed {
    use model::extensions::{first_dns, is_ca as says_ca};
    const BASIC_CONSTRAINTS: [u8; 3] = [0x55, 0x1d, 0x13];
    const SUBJECT_ALT_NAME: [u8; 3] = [0x55, 0x1d, 0x11];
    const EXTENDED_KEY_USAGE: [u8; 3] = [0x55, 0x1d, 0x25];
    let (subject, subject_attributes) = model::names::windows_name(x.subject());
    let issuer = issuers.get(x.issuer());
    let (not_before, not_after) = (x.validity().not_before.to_datetime(), x.validity().not_after.to_datetime());
    let mut is_ca = false;
    let mut dns = None;
    // No EKU extension: any use.
    let mut server_auth = true;
    // As the view reads them (`model::apply`): the last basic constraints and EKU count, the
    // first DNS name of any alternative-name extension; each with the view's own decoder but
    // without the view's lines and the other names (a test holds them to `decode`).
    for ext in x.extensions() {
        match ext.oid.as_bytes() {
            o if o == BASIC_CONSTRAINTS => {
                if let Some(ca) = says_ca(ext.value) {
                    is_ca = ca;
                }
            }
            o if o == SUBJECT_ALT_NAME && dns.is_none() => {
                if let Some(first) = first_dns(ext.value) {
                    dns = first;
                }
            }
            o if o == EXTENDED_KEY_USAGE => {
                if let Some(allows) = crate::report::subject::eku_value_allows_server_auth(ext.value) {
                    server_auth = allows;
                }
            }
            _ => {}
        }
    }
    let host = crate::report::subject::host_from(dns.as_deref(), subject_attributes.iter().map(|a| (a.oid.as_str(), a.value.as_str())));
    // Rare (RFC 5280 allows it only with alternative names): the whole view, to name it as the
    // answer's row will.
    let unnamed = subject.trim().is_empty().then(|| CertificateView::from_parsed(x, x.as_raw(), 0, at).name());
    Listed {
        file: file.to_string(),
        self_issued: x.subject().as_raw() == x.issuer().as_raw(),
        subject,
        issuer,
        is_ca,
        validity: model::validity(not_before.unix_timestamp(), not_after.unix_timestamp(), at),
        expires: model::date_only(not_after.unix_timestamp()),
        host,
        server_auth,
        unnamed,
    }
}

/// SHA-256 of a SubjectPublicKeyInfo (its TLV) as key matching compares them.
fn spki_sha256(spki: &[u8]) -> Option<String> {
    let (t, _) = crate::der::read_tlv(spki, 0).ok()?;
    input::keys::from_spki(&t).ok().map(|k| k.spki_sha256())
}

/// The keys' hashes of the certificates ([`prepare`] leaves them to this), when key matching
/// will read them: the drop holds a key or a request.
fn key_hashes(report: &Report, keys: &mut KeyFacts, arena: &Arena) {
    if report.keys.is_empty() && report.requests.is_empty() {
        return;
    }
    for (facts, chain) in keys.certificates.iter_mut().zip(&arena.chain) {
        if let (None, Some(c)) = (&facts.public_key_sha256, chain) {
            facts.public_key_sha256 = spki_sha256(&c.spki);
        }
    }
}

/// The dropped certificates by SHA-1 thumbprint (lowercase hex), for the files that name
/// certificates by it (netsh's bindings, certutil's output): made once from the DER (a bulk
/// certificate's view is thin here, with no thumbprint yet), and only when such a file was dropped.
fn by_sha1(report: &Report, arena: &Arena) -> Option<HashMap<String, usize>> {
    use sha1::Digest as _;
    let wanted = report.files.iter().any(|f| f.server_check.is_some() || f.bindings.first().is_some_and(|b| b.certificate_hash.is_some()));
    wanted.then(|| arena.der.iter().enumerate().map(|(i, der)| (crate::der::hex(&sha1::Sha1::digest(der)), i)).collect())
}

/// Certificate `i` as a file's note names it: `#2 Contoso Issuing CA 01`.
fn numbered(report: &Report, i: usize) -> String {
    format!("#{} {}", i + 1, report.certificates.get(i).map(|c| c.view.name()).unwrap_or_default())
}

/// Which certificate an HTTP.sys binding (`netsh http show sslcert` output) serves, by its
/// Certificate Hash: one of those dropped, named; or, beside a dropped end certificate, one that
/// was not (a binding left on the old certificate after a renewal is a classic), said.
fn binding_certificates(report: &mut Report, sha1: Option<&HashMap<String, usize>>) {
    let Some(sha1) = sha1 else { return };
    let mut found = Vec::new();
    for (fi, f) in report.files.iter().enumerate() {
        let Some(b) = f.bindings.first() else { continue };
        let Some(hash) = &b.certificate_hash else { continue };
        let note = match sha1.get(&hash.to_ascii_lowercase()) {
            Some(&i) => format!("the binding {} serves {}, which was dropped", b.binding, numbered(report, i)),
            None if report.certificates.iter().any(|c| !c.view.is_ca) => format!(
                "the binding {} serves a certificate that was not dropped (thumbprint {}): if a dropped certificate is its renewal, the binding still serves the old one; change it in IIS Manager (the site's bindings) or with `netsh http update sslcert`",
                b.binding,
                hash.to_ascii_uppercase()
            ),
            None => continue,
        };
        found.push((fi, note));
    }
    for (fi, note) in found {
        if let Some(f) = report.files.get_mut(fi) {
            report.diagnostics.push(Diagnostic {
                code: Code::NetshBindings,
                severity: Severity::Info,
                message: format!("{}: {note}", f.name).into(),
                file: Some(f.name.clone()),
                certificate: None,
            });
            f.notes.push(note);
        }
    }
}

/// Which dropped certificates a `certutil -verify -urlfetch` output checked (by SHA-1, as the
/// verdict reads it): named in the output's file, or, when it checked none of them, a warning
/// that the verdict does not read it. Nothing when no certificate was dropped (the file's own
/// note asks for one).
fn checked_certificates(report: &mut Report, sha1: Option<&HashMap<String, usize>>) {
    let Some(sha1) = sha1.filter(|s| !s.is_empty()) else { return };
    let mut found = Vec::new();
    for (fi, f) in report.files.iter().enumerate() {
        let Some(v) = &f.server_check else { continue };
        found.push((fi, v.about_dropped(|h| sha1.get(h).map(|&i| numbered(report, i)))));
    }
    for (fi, (warning, note)) in found {
        if let Some(f) = report.files.get_mut(fi) {
            report.diagnostics.push(Diagnostic {
                code: Code::CertutilVerify,
                severity: if warning { Severity::Warning } else { Severity::Info },
                message: format!("{}: {note}", f.name).into(),
                file: Some(f.name.clone()),
                certificate: None,
            });
            if warning {
                // First: while the verdict does not read the output, what else it says is moot.
                f.problems.insert(0, note);
            } else {
                f.notes.push(note);
            }
        }
    }
}

/// Stage 3: key matching, and the facts a share link carries.
fn match_keys(report: &mut Report, keys: &KeyFacts, options: &Options) {
    let statuses = input::matching::link(&keys.certificates, &keys.files, &mut report.keys, &keys.key_files);
    for (c, status) in report.certificates.iter_mut().zip(statuses) {
        c.private_key = Some(Box::new(status));
    }
    input::matching::link_requests(&mut report.requests, &report.keys, &keys.certificates);
    if let Some(facts) = &options.shared {
        crate::report::share::apply_facts(report, facts);
    }
}

/// Findings about one certificate on its own (weak signature, malformed extension, validity),
/// as diagnostics (added to the report after the files' own; the caller sets their file and
/// certificate, and puts the file in front as [`with_file`] does for the chain layer's: every
/// finding reads "file: name: …", the name as the chain layer's findings and the cards say it).
fn certificate_findings(view: &CertificateView, found: &mut Vec<Diagnostic>) {
    let name = view.name();
    for f in &view.findings {
        found.push(Diagnostic {
            code: f.code,
            severity: f.severity,
            message: format!("{name}: {}", f.message).into(),
            file: None,
            certificate: None,
        });
    }
    if view.validity.state != model::ValidityState::Valid {
        found.push(Diagnostic {
            code: match view.validity.state {
                model::ValidityState::Expired => Code::CertificateExpired,
                _ => Code::CertificateNotYetValid,
            },
            severity: Severity::Error,
            message: format!("{name}: {}", view.validity.text).into(),
            file: None,
            certificate: None,
        });
    }
}

/// A thin view: only what the stages after decoding read of a bulk end-entity
/// certificate (the chain layer has its own facts; the server stage reads
/// subject, issuer, SHA-256 and the CA flag of every certificate when looking for a leaf or an
/// issuer; what it then reads is full: the leaf chosen in the settings and a trust store's
/// certificates are never thin, the leaf it picks and the issuers are made full by
/// [`rehydrate`]).
/// Everything else is emptied: its words and identifiers too (the validity's, the key's and
/// the signature algorithm's, the key identifiers: ~13 MB at 50,000 leaves), not its numbers.
fn thin_view(v: CertificateView) -> CertificateView {
    CertificateView {
        subject: v.subject,
        issuer: v.issuer,
        serial: String::new(),
        not_before: String::new(),
        not_after: String::new(),
        validity: model::ValidityView { text: String::new(), lifetime_text: String::new(), ..v.validity },
        sha1: String::new(),
        sha256: v.sha256,
        public_key: model::PublicKeyView { algorithm: String::new(), curve: None, summary: String::new(), ..v.public_key },
        signature_algorithm: model::AlgorithmView { oid: String::new(), name: String::new(), hash: None, pss: None, ..v.signature_algorithm },
        version: v.version,
        is_ca: v.is_ca,
        path_len: v.path_len,
        self_issued: v.self_issued,
        details: model::DetailsBox::none(),
    }
}

/// A summary view ([`Options::thin_bulk`]): everything but what only a certificate's card,
/// the exports and the prediction read (the web app's summaries, its list's rows and the
/// server stage's search for a leaf or an issuer read the rest). The key's hash (the card's
/// pin) is not even made for a certificate that will be a summary.
fn summary_view(v: CertificateView) -> CertificateView {
    let mut v = v;
    let d = &mut *v.details;
    d.spki_sha256_base64 = String::new();
    d.crl_urls = Vec::new();
    d.aia_ca_issuer_urls = Vec::new();
    d.ocsp_urls = Vec::new();
    d.extensions = Vec::new();
    d.issuer_name = model::NameView::default();
    d.urls = Vec::new();
    d.notable = Vec::new();
    v
}

/// Lean analyses: before the server stage, rebuild the full view of every thin
/// certificate that stage may read in full: the leaf it picks (the first
/// certificate that is not a CA and not in a trust store), every certificate
/// a chain uses as an issuer, and every certificate named as another's issuer.
fn rehydrate(report: &mut Report, arena: &mut Arena, options: &Options) {
    let mut wanted: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let issuers: std::collections::HashSet<&str> = report.certificates.iter().map(|c| c.view.issuer.as_str()).collect();
    for (i, c) in report.certificates.iter().enumerate() {
        if issuers.contains(c.view.subject.as_str()) {
            wanted.insert(i);
        }
    }
    for ch in &report.hierarchy.chains {
        for p in std::iter::once(&ch.best).chain(ch.alternatives.iter()) {
            wanted.extend(p.elements.iter().skip(1).map(|e| e.certificate));
        }
    }
    let in_store = |c: &CertificateReport| options.server.trust_store_files.contains(&c.file);
    if let Some(leaf) = report.certificates.iter().position(|c| !c.view.is_ca && !in_store(c)) {
        wanted.insert(leaf);
    }
    for i in wanted {
        if !arena.thin.get(i).copied().unwrap_or(false) {
            continue;
        }
        if let (Some(der), Some(c), Some(t)) = (arena.der.get(i), report.certificates.get_mut(i), arena.thin.get_mut(i)) {
            make_full(c, t, der, options.at);
        }
    }
}

/// Stage 5, server prediction: the server section, the trust-store audit (which feeds the issuer-list
/// size into the prediction) and the AD mapping helper for the client certificate.
fn server(report: &mut Report, arena: &Arena, files: &[InputFile], options: &Options) {
    use crate::server::{audit, mapping};
    report.trust_store = audit::for_report(&report.files, &report.certificates, &report.hierarchy, &options.server);
    let mut settings = options.server.clone();
    if let Some(a) = &report.trust_store {
        if settings.issuer_list_bytes.is_none() && a.source == audit::SOURCE_MARKED {
            settings.issuer_list_bytes = Some(a.issuer_list_bytes);
        }
    }
    // Nothing to give a verdict on (CA certificates only, or a marked store and no end
    // certificate outside it, none chosen): the audit of the store instead, as the page says.
    let no_subject = || settings.certificate.is_none() && crate::report::subject::default_certificate(report, &settings.trust_store_files).is_none();
    report.server = match &report.trust_store {
        Some(a) if a.source == audit::SOURCE_CA_ONLY || no_subject() => Some(audit::trust_store_server_report(a)),
        _ => crate::server::adapter::server_report_typed(files, &report.certificates, Some(&arena.chain), &report.hierarchy, crate::server::adapter::from_files(&report.files), &settings, options.at),
    };
    if report.server.as_ref().is_some_and(|s| s.mode == crate::server::Mode::ClientCertificate) {
        let leaf = report.server.as_ref().and_then(|s| s.trace.iter().find_map(|t| t.certificate_index));
        report.mapping = leaf.and_then(|i| report.certificates.get(i).map(|c| mapping::for_certificate(i, c)));
    }
}

/// Stage 4, chains: run the chain layer (it decides trust: anchors, the chosen path,
/// revocation evidence). It reads the report (the trust store's certificates) and changes
/// nothing: [`apply_chains`] folds its result in.
fn assess_chains(report: &Report, arena: &Arena, options: &Options, lean: bool, progress: &mut dyn FnMut(Progress)) -> crate::chain::Hierarchy {
    // Files marked as the server's Trusted Root store are the trust anchors of the hierarchy too.
    let mut options = options.clone();
    if options.server.trust == crate::server::settings::Trust::Store {
        for f in report.files.iter().filter(|f| options.server.trust_store_files.contains(&f.name)) {
            for c in f.certificates.iter().filter_map(|&i| report.certificates.get(i)) {
                options.trust_store.push(c.view.sha256.clone());
            }
        }
    }
    // Lean: the tree and the chains' summary are made when printed (`Lean::tree_deferred`).
    let inputs = crate::chain::TrustInputs { defer_tree: lean, ..crate::chain::TrustInputs::from(&options) };
    crate::chain::assess_parsed_with_progress(
        &arena.chain,
        &arena.sha256,
        &arena.crls,
        &inputs,
        &mut |pass, done, total| {
            let stage = match pass {
                crate::chain::Pass::Signatures => Stage::Signatures,
                crate::chain::Pass::Chains => Stage::Chains,
            };
            progress(Progress { stage, done, total });
        },
    )
}

/// Stage 4's result folded into the report: path findings of the best paths (once per code
/// and certificate; codes the certificate already has are not repeated), CRL findings, and
/// each certificate's status. `lean`: the findings the report lists again are returned as
/// places in the hierarchy instead of copied into `report.diagnostics` (see [`Lean`]).
fn apply_chains(report: &mut Report, h: crate::chain::Hierarchy, lean: bool) -> Vec<ChainDiagnostic> {
    // (code, certificate) as one number: the set holds ~3 entries per leaf when the chains
    // are all in memory (24 bytes a key, 6.5 MB at 50,000 leaves, against 8).
    let key = |d: &Diagnostic| (d.certificate.map_or(0, |c| u64::try_from(c).unwrap_or(u64::MAX >> 16).saturating_add(1)) << 16) | d.code as u64;
    let mut seen: std::collections::HashSet<u64> = report.diagnostics.iter().map(key).collect();
    let number = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let path_diags = h.chains.iter().enumerate().flat_map(|(c, ch)| {
        ch.best.diagnostics.iter().enumerate().map(move |(k, d)| (ChainDiagnostic::Path { chain: number(c), diagnostic: number(k) }, d))
    });
    let own = h.diagnostics.iter().enumerate().map(|(k, d)| (ChainDiagnostic::Hierarchy(number(k)), d));
    let mut listed = Vec::new();
    for (place, d) in path_diags.chain(own) {
        if seen.insert(key(d)) {
            if lean {
                listed.push(place);
            } else {
                report.diagnostics.push(with_file(d, &report.certificates));
            }
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
    listed
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::model;

    fn file(name: &str, bytes: &[u8]) -> InputFile {
        InputFile::new(name, bytes.to_vec())
    }

    /// A view that will be a summary is made without display lines and without the key's
    /// hash: the summary and the findings are those of the view made in full, for every
    /// certificate of the fixtures.
    #[test]
    fn a_summary_made_without_display_lines_is_the_full_views_summary() {
        let dir = format!("{}/tests/fixtures/chain", env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "der") {
                continue;
            }
            let der = std::fs::read(&path).unwrap();
            let Ok((rest, x)) = CertificateView::parse(&der) else { continue };
            let at = 1_795_392_000;
            let full = CertificateView::from_parsed_known(&x, &der, rest.len(), at, true, model::Known::default());
            let bare = CertificateView::from_parsed_known(&x, &der, rest.len(), at, false, model::Known { skip: model::Skip::Pin, ..Default::default() });
            assert!(bare.spki_sha256_base64.is_empty() && !full.spki_sha256_base64.is_empty(), "{}", path.display());
            assert_eq!(summary_view(bare.clone()), summary_view(full.clone()), "{}", path.display());
            let (mut a, mut b) = (Vec::new(), Vec::new());
            certificate_findings(&bare, &mut a);
            certificate_findings(&full, &mut b);
            assert_eq!(a, b, "{}", path.display());
            n += 1;
        }
        assert!(n > 20, "{n} certificates");
    }

    /// Each distinct certificate is parsed once by the analysis (the model's
    /// view and the chain layer share the parse; a duplicate is not parsed).
    #[test]
    fn each_distinct_certificate_is_parsed_once() {
        let chain = include_bytes!("../tests/fixtures/chain/fullchain.pem");
        let leaf = include_bytes!("../tests/fixtures/chain/ee_client.der");
        let files = [file("fullchain.pem", chain), file("leaf.der", leaf), file("again.der", leaf)];
        let before = crate::par::parse_count::get();
        let report = run(&files, &Options::at(1_780_000_000));
        let parses = crate::par::parse_count::get() - before;
        assert!(report.certificates.len() >= 3, "{}", report.certificates.len());
        assert_eq!(parses, report.certificates.len(), "one parse per distinct certificate");
    }

    /// Work grows linearly: n copies of different leaves cost n parses, not n².
    #[test]
    fn parses_grow_linearly_with_the_bundle() {
        let ders: Vec<&[u8]> = vec![
            include_bytes!("../tests/fixtures/chain/ee_server.der"),
            include_bytes!("../tests/fixtures/chain/ee_no_eku.der"),
            include_bytes!("../tests/fixtures/chain/ee_sha1.der"),
            include_bytes!("../tests/fixtures/chain/ee_expired.der"),
        ];
        let count = |n: usize| {
            let files: Vec<InputFile> = ders.iter().take(n).enumerate().map(|(i, d)| file(&format!("{i}.der"), d)).collect();
            let before = crate::par::parse_count::get();
            let _ = run(&files, &Options::at(1_780_000_000));
            crate::par::parse_count::get() - before
        };
        assert_eq!((count(1), count(2), count(4)), (1, 2, 4));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod progress_tests {
    use super::*;

    use crate::test_support::fixture;

    #[test]
    fn progress_counts_every_certificate_read_checked_and_chained_and_changes_nothing() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let options = Options::at(1_795_392_000);
        let mut seen = Vec::new();
        let report = run_with_progress(&files, &options, &mut |p| seen.push(p));
        assert_eq!(report, run(&files, &options), "the same report with or without progress");
        let last = |stage| seen.iter().rev().find(|p| p.stage == stage).copied().unwrap();
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        assert_eq!(last(Stage::Reading), Progress { stage: Stage::Reading, done: bytes, total: bytes });
        let chains = last(Stage::Chains);
        assert!(chains.total >= 1 && chains.done == chains.total, "{chains:?}");
        // Reading comes first, counts never go back within a stage, never past the total.
        // Reading, then each certificate's signatures (all 3 of them), then the chains.
        let signatures = last(Stage::Signatures);
        assert_eq!((signatures.done, signatures.total), (3, 3));
        let first_signature = seen.iter().position(|p| p.stage == Stage::Signatures).unwrap();
        let first_chain = seen.iter().position(|p| p.stage == Stage::Chains).unwrap();
        assert!(seen[..first_signature].iter().all(|p| p.stage == Stage::Reading));
        assert!(seen[first_signature..first_chain].iter().all(|p| p.stage == Stage::Signatures));
        assert!(seen[first_chain..].iter().all(|p| p.stage == Stage::Chains));
        assert!(seen.windows(2).all(|w| w[0].stage != w[1].stage || w[0].done <= w[1].done));
        assert!(seen.iter().all(|p| p.done <= p.total));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod lean_tests {
    use super::*;
    use crate::test_support::fixture;

    /// The CLI's `--json` analysis: a key dropped with its certificate still matches it (the
    /// keys' hashes are made in stage 3, only for drops with a key or a request), the PEM
    /// files are let go, the DER ones kept, and the report is the full one.
    #[test]
    fn a_ca_certificate_in_a_cer_is_not_told_to_export_its_key_for_client_authentication() {
        let r = run(&[fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer")], &Options::at(1_795_392_000));
        let message = |i: usize| r.certificates[i].private_key.as_ref().map(|p| p.message.clone()).unwrap_or_default();
        assert!(message(0).contains("as a .pfx to use it for client authentication"), "{}", message(0));
        assert!(message(1).starts_with("no private key: this file type") && !message(1).contains(".pfx"), "{}", message(1));
    }

    #[test]
    fn lean_analysis_matches_keys_and_releases_only_pem_files() {
        let files = vec![
            fixture("chain/ee_client.cer"),
            fixture("keys_pem/ee_client_pkcs8.pem"),
            fixture("chain/fullchain.pem"),
            fixture("csr/client.csr"),
        ];
        let options = Options::at(1_795_392_000);
        let full = run(&files, &options);
        let mut owned = files.clone();
        let lean = run_lean_releasing(&mut owned, &options, None);
        let state = |r: &Report| r.certificates[0].private_key.as_ref().map(|p| p.state);
        assert_eq!(state(&full), Some(input::matching::PrivateKeyState::InOtherFile));
        assert_eq!(state(&lean.report), state(&full));
        assert_eq!(lean.report.keys, full.keys);
        assert_eq!(lean.report.requests, full.requests);
        for (o, f) in owned.iter().zip(&files) {
            let der = f.bytes.first() == Some(&0x30);
            assert_eq!(o.bytes.is_empty(), !der, "{}", f.name);
        }
    }

    /// A lean analysis' bulk leaves keep no words: their validity's, key's and signature
    /// algorithm's texts and their key identifiers are made again when printed. The leaf chosen
    /// in the settings and the certificates of a file marked as the trust store, which the
    /// server stage reads, are never thin.
    #[test]
    fn thin_leaves_keep_no_words_and_what_the_server_stage_reads_is_not_thin() {
        let names = ["chain/ee_server.der", "chain/ee_expired.der", "chain/ee_client.der", "chain/ee_no_eku.der", "chain/int_ca.der", "chain/root_ca.der"];
        let files: Vec<InputFile> = names.iter().map(|n| fixture(n)).collect();
        let lean = run_lean(&files, &Options::at(1_795_392_000));
        let thin: Vec<usize> = (0..lean.thin.len()).filter(|&i| lean.thin[i]).collect();
        assert_eq!(thin, vec![1, 2, 3], "the leaves but the one the server stage picks");
        for &i in &thin {
            let v = &lean.report.certificates[i].view;
            assert!(v.validity.text.is_empty() && v.public_key.summary.is_empty() && v.signature_algorithm.name.is_empty(), "{v:?}");
            assert!(v.authority_key_id.is_none() && v.validity.not_after_unix > 0 && !v.sha256.is_empty(), "{v:?}");
            assert!(!v.details.is_there(), "a thin view holds no details, not even empty ones");
            let full = lean.certificates().view(i).unwrap();
            assert!(!full.validity.text.is_empty() && !full.public_key.summary.is_empty() && full.authority_key_id.is_some());
        }
        let mut options = Options::at(1_795_392_000);
        options.server.certificate = Some(2);
        options.server.trust_store_files = vec![files[1].name.clone()];
        let lean = run_lean(&files, &options);
        assert!(!lean.thin[2] && !lean.thin[1] && lean.thin[3], "{:?}", lean.thin);
    }

    /// The SHA-256 computed to spot duplicates is the one each view shows (the view takes it
    /// instead of hashing again), full, thin and rebuilt when printed alike; the arena holds
    /// the same, and a view given no hash makes the same one.
    #[test]
    fn the_shared_sha256_is_the_views() {
        use sha2::Digest as _;
        let files = vec![fixture("chain/fullchain.pem"), fixture("chain/ee_client.der"), fixture("chain/ee_server.der")];
        let options = Options::at(1_795_392_000);
        let lean = run_lean(&files, &options);
        assert!(lean.thin.iter().any(|t| *t) && lean.thin.iter().any(|t| !*t), "{:?}", lean.thin);
        for (i, der) in lean.der.iter().enumerate() {
            let hash = crate::der::hex(&sha2::Sha256::digest(der));
            assert_eq!(lean.report.certificates[i].view.sha256, hash, "#{i}");
            let (_, full, _) = lean.certificates().full(i).unwrap();
            assert_eq!(full.sha256, hash, "#{i}");
            assert_eq!(*full, CertificateView::from_der(der, options.at).unwrap(), "#{i}");
            assert_eq!(lean.certificates().view(i).unwrap(), full, "#{i}: the view alone is the same");
        }
        let full = run(&files, &options);
        for (c, der) in full.certificates.iter().zip(&lean.der) {
            assert_eq!(c.view.sha256, crate::der::hex(&sha2::Sha256::digest(der)));
        }
        // Nothing known: the view hashes the DER itself; an empty hash counts as none.
        let der = &lean.der[0];
        let none = CertificateView::from_der_known(der, options.at, model::Known { sha256: Some(""), ..Default::default() }).unwrap();
        assert_eq!(none.sha256, crate::der::hex(&sha2::Sha256::digest(der)));
    }

    /// The chain facts of certificates of one issuer hold one copy of its name (normalised
    /// and as text), and equal lists (CDP and AIA URLs, EKUs, policies) are one list;
    /// certificates of other issuers hold their own; the names and lists are unchanged.
    #[test]
    fn certificates_of_one_issuer_share_its_name() {
        let files = vec![fixture("chain/fullchain.pem"), fixture("chain/ee_client.der"), fixture("chain/ee_server.der"), fixture("chain/ee_sha1.der")];
        let decoded = stage_decode(&mut Files::Kept(&files), Ahead::default(), &Options::at(1_795_392_000), true, &mut |_| {});
        let facts: Vec<&crate::chain::Cert> = decoded.arena.chain.iter().flatten().collect();
        let (mut shared, mut lists) = (0, 0);
        for (i, a) in facts.iter().enumerate() {
            let alone = crate::chain::Cert::parse(a.index, &decoded.arena.der[a.index]).unwrap();
            assert_eq!((&a.issuer, &a.issuer_text), (&alone.issuer, &alone.issuer_text));
            for b in facts.iter().skip(i + 1) {
                let same = a.issuer == b.issuer;
                assert_eq!(a.issuer.same_copy(&b.issuer), same, "{} / {}", a.issuer_text, b.issuer_text);
                if a.issuer_text == b.issuer_text {
                    assert!(Arc::ptr_eq(&a.issuer_text, &b.issuer_text));
                    shared += 1;
                }
                // Equal lists of URLs and OIDs are one list.
                for (x, y) in [(Some(&a.crl_urls), Some(&b.crl_urls)), (Some(&a.aia_issuer_urls), Some(&b.aia_issuer_urls)), (a.eku.as_ref(), b.eku.as_ref()), (a.policies.as_ref(), b.policies.as_ref())] {
                    if let (Some(x), Some(y)) = (x, y) {
                        if !x.is_empty() && x == y {
                            assert!(Arc::ptr_eq(x, y), "{x:?}");
                            lists += 1;
                        }
                    }
                }
            }
            assert_eq!((&a.crl_urls, &a.aia_issuer_urls, &a.eku, &a.policies), (&alone.crl_urls, &alone.aia_issuer_urls, &alone.eku, &alone.policies));
        }
        assert!(shared >= 3, "{shared}");
        assert!(lists >= 3, "{lists}");
    }

    /// A view made without the fingerprints a thin view drops is the full one without them:
    /// the findings, the thin view and what the chain layer reads do not depend on them.
    #[test]
    fn a_view_without_fingerprints_differs_only_in_them() {
        let files = vec![fixture("chain/fullchain.pem"), fixture("chain/ee_client.der"), fixture("chain/ee_server.der")];
        let options = Options::at(1_795_392_000);
        let lean = run_lean(&files, &options);
        for (i, der) in lean.der.iter().enumerate() {
            for display in [false, true] {
                let (rest, x) = CertificateView::parse(der).unwrap();
                let full = CertificateView::from_parsed_with(&x, der, rest.len(), options.at, display);
                let skipped = CertificateView::from_parsed_known(&x, der, rest.len(), options.at, display, model::Known { skip: model::Skip::Fingerprints, ..Default::default() });
                assert!(skipped.sha1.is_empty() && skipped.spki_sha256_base64.is_empty(), "#{i}");
                assert!(!full.sha1.is_empty() && !full.spki_sha256_base64.is_empty(), "#{i}");
                let mut without = CertificateView { sha1: String::new(), ..full.clone() };
                without.spki_sha256_base64 = String::new();
                assert_eq!(without, skipped, "#{i}");
                assert_eq!(thin_view(full), thin_view(skipped), "#{i}");
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod listing_tests {
    use super::*;

    const AT: i64 = 1_795_392_000;

    use crate::test_support::fixture;

    fn text(path: &str) -> String {
        String::from_utf8(fixture(path).bytes).unwrap()
    }

    /// Drops of every kind: the listing has the report's certificates, in its order, with
    /// the report's texts; and the analysis of the listed drop is the report.
    #[test]
    fn a_listing_has_the_reports_certificates_in_its_order() {
        let chain = text("chain/fullchain.pem");
        let root = text("chain/root_ca.pem");
        // A PEM bundle with duplicates, and a bad block between two good ones.
        let dup = InputFile::new("dup.pem", format!("{chain}{root}{chain}").into_bytes());
        let bad_block = InputFile::new(
            "bad-block.pem",
            format!("{root}-----BEGIN CERTIFICATE-----\nMIIB!!not base64!!\n-----END CERTIFICATE-----\n{}", text("chain/ee_server.pem")).into_bytes(),
        );
        let mut bad_der = fixture("chain/ee_client.der");
        bad_der.bytes.truncate(200);
        let drops: Vec<Vec<InputFile>> = vec![
            vec![dup.clone()],
            vec![fixture("pkcs7/chain.p7b")],
            vec![fixture("pkcs7/chain_with_crl.p7b"), fixture("pkcs7/chain_pem.p7b")],
            vec![fixture("pkcs12/ee_client_noenc.pfx")],
            vec![fixture("pkcs12/two_pairs.pfx")],
            vec![fixture("pkcs12/ee_client_aes256.pfx").with_password("certlens")],
            vec![fixture("pkcs12/ee_client_aes256.pfx")],
            vec![fixture("chain/ee_server.der")],
            vec![bad_block.clone()],
            vec![bad_der.clone(), fixture("bad/bad_base64.pem"), fixture("bad/truncated.der")],
            vec![
                fixture("chain/ee_client.der"),
                dup,
                fixture("pkcs12/ee_client_noenc.pfx"),
                fixture("pkcs7/chain.p7b"),
                bad_block,
                bad_der,
                fixture("crl/int01.crl"),
                fixture("chain/ee_server_cn_only.der"),
                fixture("chain/ee_no_eku.der"),
                fixture("chain/ee_server_only.der"),
                fixture("chain/ee_expired.der"),
                fixture("chain/ee_not_yet_valid.der"),
                fixture("chain/ee_client_sid_url.der"),
                fixture("rules/ee-duplicate-ext.der"),
                fixture("rules/ee-invalid-dns-san.der"),
                fixture("hostile_text/name_tricks.der"),
                fixture("chain/ee_client.der"),
            ],
        ];
        for files in &drops {
            let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
            let report = run(files, &Options::at(AT));
            let listing = list(files, AT, &mut |_| {});
            assert_eq!(listing.certificates.len(), report.certificates.len(), "{names:?}");
            for (i, (l, c)) in listing.certificates.iter().zip(&report.certificates).enumerate() {
                let v = &c.view;
                assert_eq!((&l.file, &l.subject, &l.issuer), (&c.file, &v.subject, &v.issuer), "{names:?} #{i}");
                assert_eq!((l.is_ca, l.self_issued, &l.validity), (v.is_ca, v.self_issued, &v.validity), "{names:?} #{i}");
                assert_eq!(l.expires, v.not_after[..10], "{names:?} #{i}");
                assert_eq!(l.host, crate::report::subject::host_of(&report, i), "{names:?} #{i}");
                assert_eq!(l.server_auth, crate::report::subject::allows_server_auth(&report, i), "{names:?} #{i}");
            }
            // The analysis takes the decoded files over: the same report.
            assert_eq!(run_listed(files, listing, &Options::at(AT), &mut |_| {}), report, "{names:?}");
        }
        // The fixtures cover what they should: hosts from names and from a common name,
        // server authentication allowed and not, dates past and future.
        let all = list(drops.last().unwrap(), AT, &mut |_| {}).certificates;
        assert!(all.len() >= 12, "{}", all.len());
        assert!(all.iter().any(|c| c.host.is_some()) && all.iter().any(|c| c.host.is_none()));
        assert!(all.iter().any(|c| c.server_auth) && all.iter().any(|c| !c.server_auth));
        assert!(all.iter().any(|c| c.validity.state == model::ValidityState::Expired));
        assert!(all.iter().any(|c| c.validity.state == model::ValidityState::NotYetValid));
    }

    /// What a listing reads of basic constraints, a SAN and EKUs (`model::extensions::{is_ca, first_dns,
    /// oid_list}`) is what `decode` gives, for every such extension of every fixture
    /// certificate and for each one-byte change of it (three ways at every byte).
    #[test]
    fn a_listings_glance_is_the_decoded_extension() {
        let mut values: Vec<(&str, Vec<u8>)> = Vec::new();
        for path in crate::test_support::fixture_paths() {
            let file = crate::InputFile::new(path.display().to_string(), std::fs::read(&path).unwrap());
            for item in crate::input::decode_file(&file).items.iter().filter(|i| i.kind == crate::input::ItemKind::Certificate) {
                let Ok((_, x)) = x509_parser::parse_x509_certificate(&item.der) else { continue };
                for ext in x.extensions() {
                    let oid = match ext.oid.to_id_string().as_str() {
                        "2.5.29.19" => "2.5.29.19",
                        "2.5.29.17" => "2.5.29.17",
                        "2.5.29.37" => "2.5.29.37",
                        _ => continue,
                    };
                    values.push((oid, ext.value.to_vec()));
                }
            }
        }
        let originals = values.len();
        assert!(originals > 50, "{originals}");
        for (oid, value) in values.clone() {
            for at in 0..value.len() {
                for change in [0x01u8, 0x80, 0xff] {
                    let mut v = value.clone();
                    v[at] ^= change;
                    values.push((oid, v));
                }
            }
        }
        let (mut decoded, mut refused) = (0, 0);
        for (oid, value) in &values {
            let detail = model::extensions::decode(oid, false, value).detail;
            if detail.is_some() {
                decoded += 1;
            } else {
                refused += 1;
            }
            match (*oid, detail) {
                ("2.5.29.19", Some(model::extensions::ExtensionDetail::BasicConstraints { ca, .. })) => assert_eq!(model::extensions::is_ca(value), Some(ca), "{value:02x?}"),
                ("2.5.29.19", None) => assert_eq!(model::extensions::is_ca(value), None, "{value:02x?}"),
                ("2.5.29.17", Some(model::extensions::ExtensionDetail::SubjectAltName { names })) => {
                    let first = names.into_iter().find(|n| n.kind == model::NameKind::Dns).map(|n| n.value);
                    assert_eq!(model::extensions::first_dns(value), Some(first), "{value:02x?}");
                }
                ("2.5.29.17", None) => assert_eq!(model::extensions::first_dns(value), None, "{value:02x?}"),
                ("2.5.29.37", Some(model::extensions::ExtensionDetail::ExtendedKeyUsage { purposes })) => {
                    assert_eq!(model::extensions::oid_list(value).ok(), Some(purposes.into_iter().map(|p| p.oid).collect()), "{value:02x?}");
                }
                ("2.5.29.37", None) => assert!(model::extensions::oid_list(value).is_err(), "{value:02x?}"),
                (oid, d) => panic!("{oid}: {d:?}"),
            }
        }
        assert!(decoded > originals && refused > 100, "decoded {decoded}, refused {refused}");
    }

    /// The analysis of a listed drop is the analysis of its files, thumbprints included
    /// (which the listing does not make), containers' certificates too.
    #[test]
    fn the_analysis_of_a_listing_is_the_analysis_of_its_files() {
        let files = vec![fixture("chain/fullchain.pem"), fixture("pkcs7/chain.p7b"), fixture("pkcs12/ee_client_noenc.pfx")];
        let listing = list(&files, AT, &mut |_| {});
        assert_eq!(listing.decoded.len(), files.len());
        let report = run_listed(&files, listing, &Options::at(AT), &mut |_| {});
        assert_eq!(report, crate::analyze(&files, &Options::at(AT)));
        assert!(report.certificates.iter().all(|c| c.view.sha1.len() == 40 && c.view.sha256.len() == 64));
    }

    /// The listing tells certificates apart by their bytes: two that share a hash are both
    /// listed, the same bytes in another file or place are seen; past [`SeenDer::SHARED`]
    /// certificates with one hash of their tail, by the hash of the whole DER, and a copy of
    /// either kind is still seen.
    #[test]
    fn a_listing_tells_certificates_apart_by_their_bytes_not_their_hash() {
        #[derive(Default)]
        struct Same;
        impl std::hash::Hasher for Same {
            fn finish(&self) -> u64 {
                7
            }
            fn write(&mut self, _: &[u8]) {}
        }
        let item = |der: &[u8]| input::Item { kind: ItemKind::Certificate, der: der.to_vec(), encoding: input::Encoding::Der, attributes: Default::default() };
        let files = [vec![item(b"one"), item(b"two")], vec![item(b"two"), item(b"three"), item(b"one")]];
        let mut seen: SeenDer<std::hash::BuildHasherDefault<Same>> = SeenDer::default();
        let mut found = Vec::new();
        for (f, items) in files.iter().enumerate() {
            for (i, it) in items.iter().enumerate() {
                found.push(seen.seen(&it.der, f, i, |f| files[f].as_slice()));
            }
        }
        assert_eq!(found, [false, false, true, false, true]);
        assert_eq!(seen.by_tail[&7], [(0, 0), (0, 1), (1, 1)]);
        assert!(seen.by_whole.is_empty());

        // Twenty DERs of one length and one tail (a real hash): eight by their tail, the rest
        // by their whole; then each again, in a second file.
        let der = |n: u8| [vec![n; 40], vec![0xee; 40]].concat();
        let files = [(0..20).map(|n| item(&der(n))).collect::<Vec<_>>(), (0..20).rev().map(|n| item(&der(n))).collect()];
        let mut seen: SeenDer = SeenDer::default();
        let found: Vec<bool> = files.iter().enumerate().flat_map(|(f, items)| items.iter().enumerate().map(move |(i, it)| (f, i, it))).map(|(f, i, it)| seen.seen(&it.der, f, i, |f| files[f].as_slice())).collect();
        assert_eq!(found, [[false; 20], [true; 20]].concat());
        assert_eq!(seen.by_tail.len(), 1);
        assert_eq!(seen.by_tail.values().next().unwrap().len(), SeenDer::<std::collections::hash_map::RandomState>::SHARED);
        assert_eq!(seen.by_whole.values().map(Vec::len).sum::<usize>(), 12);
    }

    #[test]
    fn listing_reports_reading_progress_and_nothing_is_listed_twice() {
        let files = vec![fixture("chain/fullchain.pem"), fixture("chain/fullchain.pem")];
        let mut seen = Vec::new();
        let listing = list(&files, AT, &mut |p| seen.push(p));
        assert_eq!(listing.certificates.len(), 3);
        assert!(seen.iter().all(|p| p.stage == Stage::Reading && p.done <= p.total));
        assert!(!seen.is_empty());
    }
}

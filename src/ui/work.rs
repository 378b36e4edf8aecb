//! The analysis, as the page asks for it: one [`Job`] in, one [`Done`] out.
//!
//! In the browser the page never analyses: it posts jobs to a web worker (the
//! `certlens-worker` binary, `src/bin/certlens-worker.rs`) that keeps the files
//! and the last analysis ([`Worker`]). A job either analyses (new files, a new
//! time, other trusted roots) or only redoes the server prediction on the kept
//! analysis (server settings, the verdict's certificate, the verdict mode).
//!
//! Jobs, tasks and their answers cross the worker boundary in the compact positional
//! wire of [`super::wire`] (file bytes travel beside it, as byte arrays). The page gets
//! its view model ([`super::page`]), never the [`Report`]: the worker keeps that one, and
//! makes the JSON, links and exports from it. Everything here is plain Rust, so the
//! native tests run the same code the worker runs, wire included ([`Worker::run`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::page::{self, PageReport};
use super::state::{VerdictMode, VerdictSubject};
use super::status::CertRow;
use super::wire;
use crate::report::share::{self, LinkExtra, ViewFacts};
use crate::server::ServerSettings;
use crate::text::grouped;
use crate::analysis::Rebuild;
use crate::{InputFile, Options, Report};
pub use crate::analysis::{Progress, Stage};

/// What the verdict is about, as the page chose it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// SHA-256 of the certificate chosen by hand.
    pub verdict_for: Option<String>,
    /// Client, server or automatic.
    pub mode: VerdictMode,
    /// The server settings (`certificate`: an index a share link chose, used when
    /// `verdict_for` is not set).
    pub server: ServerSettings,
    /// Evaluation time (Unix seconds).
    pub at: i64,
}

/// What a share link said about the original files, as the page holds it: the core's
/// [`share::SharedFacts`] as JSON (the page only hands it back to the worker) and the
/// sentences the page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedBlob {
    /// [`share::SharedFacts`] as JSON.
    pub json: String,
    /// [`share::SharedFacts::not_in_link`].
    pub not_in_link: Vec<String>,
}

impl SharedBlob {
    /// The facts, as the page holds them.
    pub fn new(facts: &share::SharedFacts) -> Self {
        Self { json: serde_json::to_string(facts).unwrap_or_default(), not_in_link: facts.not_in_link() }
    }

    /// The facts again (worker side). Read from bytes, as a link's own settings part is
    /// (`share::decode`): `from_str` would make a second copy of the JSON reader for every
    /// type of the facts in the worker's wasm (~48 KB of code).
    pub fn facts(&self) -> Option<share::SharedFacts> {
        serde_json::from_slice(self.json.as_bytes()).ok()
    }
}

/// The analysis options as the page sets them ([`Options`] is made from them in the worker).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobOptions {
    /// Evaluation time (Unix seconds).
    pub at: i64,
    /// The server settings.
    pub server: ServerSettings,
    /// SHA-256 of dropped roots the user does not trust.
    pub untrusted_roots: Vec<String>,
    /// Facts of the share link the view came from.
    pub shared: Option<SharedBlob>,
}

impl JobOptions {
    /// Options evaluating at `at`, everything else default.
    pub fn at(at: i64) -> Self {
        Self { at, ..Self::default() }
    }

    /// The core's options.
    pub fn options(&self) -> Options {
        let mut options = Options::at(self.at);
        options.server = self.server.clone();
        options.untrusted_roots = self.untrusted_roots.clone();
        options.shared = self.shared.as_ref().and_then(SharedBlob::facts);
        options
    }
}

/// The view a link is made from, as the page knows it ([`ViewFacts`] in the worker).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
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
    pub shared: Option<SharedBlob>,
}

impl LinkView {
    /// The core's view facts.
    pub fn facts(&self) -> ViewFacts {
        ViewFacts {
            at: self.at,
            fixed_time: self.fixed_time,
            server: self.server.clone(),
            mode: self.mode,
            selected: self.selected.clone(),
            untrusted_roots: self.untrusted_roots.clone(),
            shared: self.shared.as_ref().and_then(SharedBlob::facts),
        }
    }
}

/// One request to the analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Sequence number: only the answer to the latest job is shown.
    pub seq: u32,
    /// Analyse the files (`true`) or only redo the prediction on the kept analysis.
    pub analyse: bool,
    /// Analysis options.
    pub options: JobOptions,
    /// What the verdict is about.
    pub verdict: Verdict,
}

/// A file as it crosses to the worker: its bytes go beside the wire message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHead {
    /// File name.
    pub name: String,
    /// Password (memory only, never shown or stored).
    pub password: Option<String>,
}

/// The answer to a [`Job`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    /// The job's sequence number.
    pub seq: u32,
    /// The new analysis, as the page shows it, when the job analysed.
    pub report: Option<PageReport>,
    /// One row per certificate with its one status (with `report`).
    pub rows: Vec<CertRow>,
    /// The prediction.
    pub server: Option<std::rc::Rc<page::ServerReport>>,
    /// What the verdict is about.
    pub subject: VerdictSubject,
    /// The worker holds no analysis to predict on (it was restarted): send the files again.
    pub stale: bool,
    /// The report's certificates are summaries (more than [`THIN_ABOVE`] of them): a card
    /// asks for its certificate in full ([`Task::Certificate`]) when it opens.
    pub thin: bool,
    /// A first answer: the roots' own signatures are not checked yet (the analysis took
    /// every root whose authority key identifier is absent or its own as self-signed, see
    /// `chain::TrustInputs::defer_root_signatures`), so the verdict may still change. The
    /// worker then checks them (the full analysis, as the CLI runs it) and posts the final
    /// answer, `pending: false`, with the report and the prediction again.
    pub pending: bool,
    /// Which analysis the answer is about: the `seq` of the job that analysed. A final
    /// answer keeps the number of its first answer, so that the page can take it even when
    /// a newer prediction-only job has overtaken it (its `seq` is then older).
    pub analysis: u32,
    /// Not an answer to a job: the predictions for the verdicts one change away from the
    /// latest job's ([`Worker::near_answers`]), which the page takes at once when the user
    /// makes one of those changes (the worker is still asked, and answers the same).
    pub near: Option<NearAnswers>,
    /// A listing: the rows of a big drop ([`LIST_FROM_BYTES`], over [`LIST_ABOVE`] certificates)
    /// before its analysis, in the report's order with its indices, each with a provisional
    /// status (expired or not yet valid from the dates, else "Checking…"); no
    /// report, no prediction. The answer to the same job follows with the analysis. (The
    /// wire's last byte: `./x bench` reads it.)
    pub listing: bool,
}

/// Predictions made ahead for a small drop ([`NEAR_UP_TO`] certificates at most), for the
/// verdicts one change away from the latest job's: each other value of each setting the
/// panel offers as a list or a box ([`ServerSettings::one_change_away`]), each other mode,
/// each other certificate to be about. A settings change the page finds here is shown in the
/// frame of the change itself, not a frame later after a round trip to the worker (a single
/// chain's change: painted in ~20-28 ms through the worker, docs/performance.md).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearAnswers {
    /// Each verdict, in the wire format (the page compares its job's verdict encoded so: it
    /// carries no decoder of settings), with the index of its answer in `answers`.
    pub verdicts: Vec<(Vec<u8>, u32)>,
    /// The distinct answers, each a [`NearAnswer`] in the wire format: the page reads only the
    /// one a change asks for (reading a batch whole took ~3 ms of the page's thread).
    pub answers: Vec<Vec<u8>>,
}

/// An answer made ahead: the prediction and what it is about.
pub type NearAnswer = (Option<std::rc::Rc<page::ServerReport>>, VerdictSubject);

impl NearAnswers {
    /// The answer made ahead for the verdict `key` (in the wire format), if one was.
    pub fn answer_for(&self, key: &[u8]) -> Option<NearAnswer> {
        let (_, i) = self.verdicts.iter().find(|(v, _)| v.as_slice() == key)?;
        wire::decode(self.answers.get(usize::try_from(*i).ok()?)?).ok()
    }
}

/// Answers are made ahead ([`NearAnswers`]) for a drop of at most this many certificates: one
/// prediction takes ~1-2 ms in the worker, and there are ~45 of them (one more for each
/// certificate the verdict can be about).
pub const NEAR_UP_TO: usize = 12;

/// [`Worker::near_answers`] makes this many at a time: a job that comes meanwhile waits for
/// them (in Chromium ~1-2 ms each for a chain, a little more with a dozen certificates).
pub const NEAR_BATCH: usize = 4;

/// The verdicts one change away from `verdict` on `report` (see [`NearAnswers`]).
fn verdicts_one_change_away(verdict: &Verdict, report: &Report) -> Vec<Verdict> {
    let mut out: Vec<Verdict> = VerdictMode::ALL.iter().filter(|&&m| m != verdict.mode).map(|&mode| Verdict { mode, ..verdict.clone() }).collect();
    out.extend(verdict.server.one_change_away().into_iter().map(|server| Verdict { server, ..verdict.clone() }));
    let chosen = std::iter::once(None).chain(report.certificates.iter().map(|c| Some(c.view.sha256.clone())));
    out.extend(chosen.filter(|c| *c != verdict.verdict_for).map(|verdict_for| Verdict { verdict_for, ..verdict.clone() }));
    out
}

/// A drop whose files hold at least this many bytes (and over [`LIST_ABOVE`] certificates)
/// is listed first ([`Done::listing`]) by the web app's worker: its list shows while the
/// chains are built. Smaller drops are one answer (the Debian CA bundle, 144 roots in
/// 220 KB, stays one: decoding it apart would only add time).
pub const LIST_FROM_BYTES: usize = 256 * 1024;

/// … and more than this many certificates (fewer are analysed sooner than listed).
pub const LIST_ABOVE: usize = 200;

/// A listed drop's rows go to the page this many at a time while the rest is listed
/// ([`RowsAhead`]): the page reads them meanwhile (it is idle), so that what it reads once
/// the listing is done is the last part, not 10,000 rows (~1.7 MB).
pub const AHEAD_EVERY: usize = 1_000;
// Rows sent ahead are of a drop that will be listed (over LIST_ABOVE certificates).
const _: () = assert!(AHEAD_EVERY > LIST_ABOVE);

/// Rows of a big drop's listing sent ahead of it ([`AHEAD_EVERY`] at a time, made by
/// [`super::status::listing_rows_from`]), rows `from..` of the listing of job `seq`; the
/// listing ([`Done::listing`]) then carries the rest and a row again for each one of these
/// whose name another row has ([`super::status::listing_rows_after`]), and the page puts
/// them together ([`super::status::merge_ahead`]). Rows from 0 start afresh: an empty part
/// from 0 says the rows sent were not the listing's first after all (not expected).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsAhead {
    /// The job whose listing they are.
    pub seq: u32,
    /// The index of the first.
    pub from: usize,
    /// The rows.
    pub rows: Vec<CertRow>,
}

impl RowsAhead {
    /// Keep this part with the rows kept so far (`kept`: their job, the rows from the first),
    /// as the page does: after those of the same job before it, or from the first afresh; a
    /// part that fits neither leaves none (the listing's rows then stand alone).
    pub fn keep(self, kept: &mut (u32, Vec<CertRow>)) {
        if kept.0 == self.seq && kept.1.len() == self.from {
            kept.1.extend(self.rows);
        } else if self.from == 0 {
            *kept = (self.seq, self.rows);
        } else {
            *kept = (self.seq, Vec::new());
        }
    }
}

/// The answer `done` with the rows kept ahead of it (`kept`, [`RowsAhead::keep`]), as the
/// page's bridge takes each answer: a listing of the same job takes them
/// ([`super::status::merge_ahead`]); rows kept for a later job stay; any others go.
pub fn take_rows_ahead(kept: &mut (u32, Vec<CertRow>), done: &mut Done) {
    let (seq, ahead) = std::mem::take(kept);
    if done.listing && seq == done.seq {
        done.rows = super::status::merge_ahead(ahead, std::mem::take(&mut done.rows));
    } else if seq > done.seq {
        *kept = (seq, ahead);
    }
}

/// The rows the page makes of what a job's analysis posted (`posted`, in order): the parts
/// sent ahead kept ([`RowsAhead::keep`]) and put together with the listing's
/// ([`take_rows_ahead`]), as the page's bridge does; and how many parts with rows
/// went ahead. `None` without a listing. (The tests and the fuzz target `worker` hold them to
/// the listing's rows made without parts.)
#[doc(hidden)]
pub fn rows_on_the_page(posted: &[Posted]) -> Option<(Vec<CertRow>, usize)> {
    let mut kept = (0, Vec::new());
    let mut parts = 0;
    for p in posted {
        match p {
            Posted::Ahead(bytes) => {
                let part: RowsAhead = wire::decode(bytes).ok()?;
                parts += usize::from(!part.rows.is_empty());
                part.keep(&mut kept);
            }
            Posted::Listing(bytes) => {
                let mut listing: Done = wire::decode(bytes).ok()?;
                take_rows_ahead(&mut kept, &mut listing);
                return Some((listing.rows, parts));
            }
        }
    }
    None
}

/// What a job's analysis hands the worker to post before its answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Posted {
    /// Rows of the listing to come ([`RowsAhead`], in the wire format).
    Ahead(Vec<u8>),
    /// The listing ([`Done::listing`], in the wire format).
    Listing(Vec<u8>),
}

/// The page's message to the worker once it has painted an analysis: after a first answer
/// ([`Done::pending`]) the worker then checks the roots' own signatures for the final answer
/// (or after [`SHOWN_WAIT_MS`] without it: a hidden tab paints nothing); after a final one it
/// makes the answers one change away ([`Worker::near_answers`]), which on two cores took the
/// CPU from that render (a single chain's first answer became one 54-67 ms task).
pub const SHOWN: &str = "shown";

/// How long the worker waits for [`SHOWN`] before it goes on with the final answer anyway (ms).
pub const SHOWN_WAIT_MS: i32 = 1000;

/// Above this many certificates, the page gets them as summaries
/// ([`page::CertificateReport::thin`]): what the list, its filter, the statuses, the
/// hierarchy and the verdict need, without the extensions, names in parts, URLs, the
/// mapping helper and DER that only an open card shows; a card asks for its certificate
/// when it opens. The same number as the cards open by default
/// ([`super::state::OPEN_BY_DEFAULT`]): a drop whose cards start open gets them in full,
/// any other its summaries (Debian's bundle: its answer 623 → 262 KB on the wire, a first drop
/// in Chromium ~60–100 ms sooner).
pub const THIN_ABOVE: usize = super::state::OPEN_BY_DEFAULT;

/// Something the page asks of the worker besides an analysis: whatever needs the decoders,
/// the hashes, the compressor or the whole report (links, exports, downloads, the ASN.1
/// tree, a card's detail), so that the page's wasm carries none of them. Made from the
/// worker's kept analysis, which is the page's report (the page asks only while it is not busy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    /// A share link of the view (`smaller`: only the verdict's chain). Answer: [`MadeLink`] (bytes).
    Link {
        /// The view the link carries.
        view: LinkView,
        /// Only the verdict's chain.
        smaller: bool,
    },
    /// The report as Markdown, with the link when one was made. Answer: the text.
    Markdown {
        /// The share link to put in it.
        link: Option<String>,
    },
    /// The verdict's chain as PEM text; `every`: every certificate instead (a drop of CAs
    /// only, none chosen: there is no verdict chain).
    ChainPem {
        /// Every certificate, in report order.
        every: bool,
    },
    /// [`Task::ChainPem`] as a `.p7b` (bytes).
    ChainP7b {
        /// Every certificate, in report order.
        every: bool,
    },
    /// The report as `certlens --json` prints it, plus the settings. Answer: the text.
    Json {
        /// The options of the view (their server settings go into the JSON).
        options: JobOptions,
    },
    /// The ASN.1 tree of a certificate (by SHA-256). Answer: [`page::Asn1Tree`] (bytes).
    Asn1 {
        /// SHA-256 (hex) of the certificate.
        sha256: String,
    },
    /// A certificate in full (by SHA-256), for a card when the page has summaries
    /// ([`Done::thin`]). Answer: [`page::CertificateReport`] (bytes).
    Certificate {
        /// SHA-256 (hex) of the certificate.
        sha256: String,
    },
    /// Open a share link (the fragment, without `#`). Answer: [`OpenedLink`] (bytes), or why not.
    OpenLink {
        /// The fragment.
        fragment: String,
    },
}

/// The answer to a [`Task`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskAnswer {
    /// Text (exports).
    Text(String),
    /// Bytes: a download, or a typed answer in the wire format.
    Bytes(Vec<u8>),
    /// It could not be done: a plain message.
    Failed(String),
}

impl TaskAnswer {
    /// A typed answer, read from the wire; `Err` says why not.
    pub fn decode<T: serde::de::DeserializeOwned>(self) -> Result<T, String> {
        match self {
            TaskAnswer::Bytes(bytes) => wire::decode(&bytes),
            TaskAnswer::Failed(why) => Err(why),
            TaskAnswer::Text(_) => Err(wire::UNREADABLE.to_string()),
        }
    }
}

/// A link the worker made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeLink {
    /// The fragment, without `#`.
    pub fragment: String,
    /// What was left out, one sentence each.
    pub left_out: Vec<String>,
    /// It holds only the verdict's chain (asked for, or a link of everything was over the
    /// limits): no smaller link to offer.
    pub chain_only: bool,
}

/// A file rebuilt from a link (PEM text).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedFile {
    /// Original name.
    pub name: String,
    /// PEM text.
    pub text: String,
}

/// [`share::Opened`] as it crosses to the page: the files as PEM text, the facts as a
/// [`SharedBlob`].
pub type OpenedLink = share::Opened<OpenedFile, SharedBlob>;

/// An opened link as it crosses to the page.
pub fn opened_link(o: share::Opened) -> OpenedLink {
    o.map(|f| OpenedFile { name: f.name, text: String::from_utf8_lossy(&f.bytes).into_owned() }, |facts| SharedBlob::new(&facts))
}

/// Do a [`Task`] on `report` (the kept analysis; `rebuild` makes its thin certificates
/// full) and the CRLs and requests read for links.
pub fn do_task(task: &Task, report: Option<&Report>, rebuild: &Rebuild, extras: &[LinkExtra]) -> TaskAnswer {
    use crate::report::export;
    if let Task::OpenLink { fragment } = task {
        return match share::decode(fragment) {
            Ok(v) => TaskAnswer::Bytes(wire::encode(&opened_link(v.open()))),
            Err(e) => TaskAnswer::Failed(e.message),
        };
    }
    let Some(report) = report else {
        return TaskAnswer::Failed("the analysis is not there any more: drop the files again".into());
    };
    let gone = || TaskAnswer::Failed("this certificate is not in the analysis any more".into());
    // An export or a link reads every certificate in full, as the CLI's report holds them.
    let report = match task {
        Task::Asn1 { .. } | Task::Certificate { .. } => std::borrow::Cow::Borrowed(report),
        _ => rebuild.full(report),
    };
    let report = &*report;
    match task {
        Task::Link { view, smaller } => {
            let scope = if *smaller { share::Scope::VerdictChain } else { share::Scope::Everything };
            match share::make_link_with(extras, report, &view.facts(), scope) {
                Ok(link) => TaskAnswer::Bytes(wire::encode(&MadeLink { fragment: link.fragment, left_out: link.left_out, chain_only: link.scope == share::Scope::VerdictChain })),
                Err(why) => TaskAnswer::Failed(why),
            }
        }
        Task::Markdown { link } => TaskAnswer::Text(export::markdown(report, link.as_deref())),
        Task::ChainPem { every } => TaskAnswer::Text(export::pem_bundle(report, &exported(report, *every))),
        Task::ChainP7b { every } => TaskAnswer::Bytes(export::p7b(report, &exported(report, *every))),
        Task::Json { options } => TaskAnswer::Text(export::json_with_settings(report, &options.options())),
        Task::Asn1 { sha256 } => {
            use base64::Engine as _;
            let der = report.position_of(sha256).and_then(|i| match rebuild.der(i) {
                Some(der) => Some(der.to_vec()),
                None => report.certificates.get(i).and_then(|c| base64::engine::general_purpose::STANDARD.decode(&c.der_base64).ok()),
            });
            match der {
                Some(der) => {
                    let tree = crate::model::asn1::asn1_tree(&der, crate::model::asn1::DEFAULT_NODE_BUDGET);
                    TaskAnswer::Bytes(wire::encode(&page::Asn1Tree::from(&tree)))
                }
                None => gone(),
            }
        }
        Task::Certificate { sha256 } => match report.position_of(sha256).and_then(|i| Some((i, rebuild.certificate(report, i)?))) {
            Some((i, c)) => TaskAnswer::Bytes(wire::encode(&page::certificate(i, &c))),
            None => gone(),
        },
        Task::OpenLink { .. } => TaskAnswer::Failed(String::new()),
    }
}

/// The web app's worker defers the roots' own signatures ([`Done::pending`]) only when a drop
/// holds more than this many roots. Checking a few costs a few milliseconds each; a second
/// answer costs the page a second render of everything (~50–100 ms of main thread for a
/// single chain). Debian's 144 roots are deferred.
pub const DEFER_ROOTS_ABOVE: usize = 8;

/// What the worker keeps between jobs: the files and their last analysis.
pub struct Worker {
    kept: Option<(Vec<InputFile>, Report, Vec<LinkExtra>, Rebuild)>,
    /// Above this many certificates the page gets summaries ([`THIN_ABOVE`]; tests lower it).
    thin_above: usize,
    /// Answer an analysis first with the roots' own signatures unchecked ([`Done::pending`]),
    /// then [`Worker::finish_pending`], when the drop holds more than this many roots (the web
    /// app's worker: [`DEFER_ROOTS_ABOVE`]; `None`, the default: the answer is the full
    /// analysis at once).
    defer_roots_above: Option<usize>,
    /// The kept analysis deferred some roots' own signatures: the options to run it in full,
    /// and the signatures checked ahead of it by two workers ([`Checking`]; read again).
    pending: Option<(JobOptions, Option<std::sync::Arc<crate::chain::SignaturesAhead>>)>,
    /// The `seq` of the job whose analysis is kept ([`Done::analysis`]).
    analysis: u32,
    /// The latest job answered (its verdict is the final answer's).
    last: Option<Job>,
    /// The verdicts whose [`Worker::near_answers`] are still to be made (last first), and the
    /// analysis and the job they are one change away from.
    near_left: Option<((u32, u32), Vec<Verdict>)>,
    /// List a drop first ([`Done::listing`]) from this many bytes and above this many
    /// certificates (the web app's worker; `None`, the default: never).
    list_first: Option<(usize, usize)>,
    /// [`Worker::begin`] hands back a listed drop with at least this many signatures between
    /// its certificates ([`HELP_FROM_PAIRS`]; tests lower it).
    help_from: usize,
    /// A listed drop's rows go ahead this many at a time ([`AHEAD_EVERY`]; tests lower it).
    ahead_every: usize,
}

impl Default for Worker {
    fn default() -> Self {
        Self { kept: None, thin_above: THIN_ABOVE, defer_roots_above: None, pending: None, analysis: 0, last: None, near_left: None, list_first: None, help_from: HELP_FROM_PAIRS, ahead_every: AHEAD_EVERY }
    }
}

impl Worker {
    /// The web app's worker: a first answer with the roots' own signatures not checked
    /// ([`Done::pending`]), the final one from [`Worker::finish_pending`].
    pub fn fast_first() -> Self {
        Self { defer_roots_above: Some(DEFER_ROOTS_ABOVE), list_first: Some((LIST_FROM_BYTES, LIST_ABOVE)), ..Self::default() }
    }

    /// [`Worker::fast_first`] listing any drop first and checking its signatures by two
    /// workers from a single pair (`help`), or never (the fuzz target `worker` holds the two
    /// answers equal on any input).
    #[doc(hidden)]
    pub fn listing_any_drop(help: bool) -> Self {
        Self { list_first: Some((0, 0)), thin_above: 0, help_from: if help { 1 } else { usize::MAX }, ..Self::fast_first() }
    }

    /// This worker, its listed drops' rows sent ahead `every` at a time ([`AHEAD_EVERY`]; the
    /// fuzz target `worker` sends each ahead).
    #[doc(hidden)]
    pub fn rows_ahead_every(self, every: usize) -> Self {
        Self { ahead_every: every, ..self }
    }

    /// [`Worker::fast_first`], deferring even a single root's own signature (tests of the two
    /// answers with a small drop).
    #[cfg(test)]
    pub fn deferring_any_root() -> Self {
        Self { defer_roots_above: Some(0), ..Self::fast_first() }
    }

    /// The kept analysis is a first answer: [`Worker::finish_pending`] has work to do.
    pub fn has_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// The latest job only predicted (a settings change): its answer renders little, so the
    /// answers one change away from it are made at once, not after the page's [`SHOWN`].
    pub fn last_predicted(&self) -> bool {
        self.last.as_ref().is_some_and(|j| !j.analyse)
    }

    /// Whether `task` (in the wire format) reads the analysis's findings, so that it must
    /// wait for the final analysis (an export, a link); a card's detail and its ASN.1 tree
    /// do not.
    pub fn task_needs_final(task: &[u8]) -> bool {
        !matches!(wire::decode::<Task>(task), Ok(Task::Asn1 { .. } | Task::Certificate { .. } | Task::OpenLink { .. }))
    }

    /// The analysis whose final answer is pending ([`Done::analysis`]), if one is.
    pub fn pending_analysis(&self) -> Option<u32> {
        self.pending.as_ref().map(|_| self.analysis)
    }

    /// [`Worker::finish_pending`] when the analysis pending is still `analysis`: a final pass
    /// scheduled for one drop never runs a later drop's before the page has painted its first
    /// answer (that drop's own "shown", or its own timer, runs it).
    pub fn finish_pending_of(&mut self, analysis: u32, progress: &mut dyn FnMut(Progress)) -> Option<Vec<u8>> {
        if self.pending_analysis() != Some(analysis) {
            return None;
        }
        self.finish_pending(progress)
    }

    /// The final answer after a first one ([`Done::pending`]): the full analysis of the kept
    /// files (every root's own signature checked, exactly as the CLI analyses), predicted for
    /// the latest job's verdict, in the wire format; `None` when nothing is pending.
    /// `progress` hears [`Stage::RootSignatures`].
    pub fn finish_pending(&mut self, progress: &mut dyn FnMut(Progress)) -> Option<Vec<u8>> {
        self.finish_pending_done(progress).map(|d| wire::encode(&d))
    }

    fn finish_pending_done(&mut self, progress: &mut dyn FnMut(Progress)) -> Option<Done> {
        let (options, ahead) = self.pending.take()?;
        let (inputs, _, _, _) = self.kept.take()?;
        let mut forward = |p: Progress| {
            if p.stage == Stage::Chains {
                progress(Progress { stage: Stage::RootSignatures, ..p });
            }
        };
        let mut report = crate::analyze_with_progress(&inputs, &Options { signatures_ahead: ahead, ..options.options() }, &mut forward);
        let extras = crate::report::share::link_extras(&inputs, &report);
        let last = self.last.clone().unwrap_or_default();
        let (subject, server) = predict(&inputs, &report, &last.verdict);
        report.server = server;
        let job = Job { analyse: true, ..last };
        let mut answer = done(&job, &report, subject, self.thin_above);
        answer.analysis = self.analysis;
        self.kept = Some((inputs, report, extras, Rebuild::default()));
        Some(answer)
    }

    /// The next [`NEAR_BATCH`] predictions for the verdicts one change away from the latest
    /// job's on the kept analysis ([`NearAnswers`]), as a [`Done`] with `near` set, in the wire
    /// format; `None` when all are made (a new job starts them again from its verdict), for a
    /// drop of more than [`NEAR_UP_TO`] certificates, or while its final answer is pending
    /// (they would be the first analysis's). Made a batch at a time so that a job that comes
    /// meanwhile waits for one batch at most.
    pub fn near_answers(&mut self) -> Option<Vec<u8>> {
        let job = self.last.as_ref().filter(|_| self.pending.is_none())?;
        let (inputs, report, _, rebuild) = self.kept.as_mut()?;
        if report.certificates.is_empty() || report.certificates.len() > NEAR_UP_TO {
            return None;
        }
        let center = (self.analysis, job.seq);
        if self.near_left.as_ref().map(|(c, _)| *c) != Some(center) {
            let mut all = verdicts_one_change_away(&job.verdict, report);
            all.reverse();
            self.near_left = Some((center, all));
        }
        let left = &mut self.near_left.as_mut()?.1;
        if left.is_empty() {
            return None;
        }
        let mut near = NearAnswers::default();
        for verdict in std::iter::from_fn(|| left.pop()).take(NEAR_BATCH) {
            if let Some(i) = verdict_certificate(report, &verdict).0 {
                rebuild.fill(report, i);
            }
            let (subject, server) = predict(inputs, report, &verdict);
            let answer: NearAnswer = (server.as_ref().map(|s| std::rc::Rc::new(s.into())), subject);
            let bytes = wire::encode(&answer);
            let i = match near.answers.iter().position(|m| *m == bytes) {
                Some(i) => i,
                None => {
                    near.answers.push(bytes);
                    near.answers.len() - 1
                }
            };
            near.verdicts.push((wire::encode(&verdict), u32::try_from(i).unwrap_or(u32::MAX)));
        }
        Some(wire::encode(&Done { seq: center.1, analysis: center.0, near: Some(near), ..Done::default() }))
    }

    /// Do a task given in the wire format (see [`Task`]).
    pub fn task(&self, task: &[u8]) -> TaskAnswer {
        match wire::decode::<Task>(task) {
            Ok(task) => match &self.kept {
                Some((_, report, extras, rebuild)) => do_task(&task, Some(report), rebuild, extras),
                None => do_task(&task, None, &Rebuild::default(), &[]),
            },
            Err(why) => TaskAnswer::Failed(why),
        }
    }

    /// Run a job given in the wire format, with the files' bytes when it analyses new files
    /// (`None`: the kept files); the answer ([`Done`]) in the wire format.
    pub fn run(&mut self, job: &[u8], files: Option<Vec<InputFile>>) -> Vec<u8> {
        self.run_with_progress(job, files, &mut |_| {})
    }

    /// [`Worker::run`], telling `progress` how far the analysis is (the worker posts it to
    /// the page, throttled, for its progress bar).
    pub fn run_with_progress(&mut self, job: &[u8], files: Option<Vec<InputFile>>, progress: &mut dyn FnMut(Progress)) -> Vec<u8> {
        self.run_listing_first(job, files, progress, &mut |_| {})
    }

    /// [`Worker::run_with_progress`], handing a big drop's listing ([`Done::listing`], in the
    /// wire format) to `listed` before the analysis starts (the worker posts it at once).
    pub fn run_listing_first(&mut self, job: &[u8], files: Option<Vec<InputFile>>, progress: &mut dyn FnMut(Progress), listed: &mut dyn FnMut(Posted)) -> Vec<u8> {
        // The page and the worker come from one build: an unreadable job is not expected.
        let job: Job = wire::decode(job).unwrap_or_default();
        wire::encode(&self.run_job_with_progress(&job, files, progress, listed))
    }

    /// Run a job (see [`Worker::run`]).
    pub fn run_job(&mut self, job: &Job, files: Option<Vec<InputFile>>) -> Done {
        self.run_job_with_progress(job, files, &mut |_| {}, &mut |_| {})
    }

    fn run_job_with_progress(&mut self, job: &Job, files: Option<Vec<InputFile>>, progress: &mut dyn FnMut(Progress), listed: &mut dyn FnMut(Posted)) -> Done {
        if job.analyse {
            self.analyse(job, files, progress, listed, false);
        }
        self.answer(job)
    }

    /// [`Worker::run_listing_first`] for the web app's worker, which has a helper to check
    /// signatures with: a big drop with at least [`HELP_FROM_PAIRS`] signatures between its
    /// certificates stops after its listing, and is handed back to be checked, half here, half
    /// by the helper ([`Checking`]), then finished by [`Worker::finish_checking`].
    pub fn begin(&mut self, job: &[u8], files: Option<Vec<InputFile>>, progress: &mut dyn FnMut(Progress), listed: &mut dyn FnMut(Posted)) -> Begun {
        let job: Job = wire::decode(job).unwrap_or_default();
        if job.analyse {
            if let Some(checking) = self.analyse(&job, files, progress, listed, true) {
                return Begun::Checking(Box::new(checking));
            }
        }
        Begun::Answer(wire::encode(&self.answer(&job)))
    }

    /// The answer to a job whose signatures were checked ([`Worker::begin`]): its analysis, with
    /// those checks, as [`Worker::run_listing_first`] answers it, in the wire format.
    pub fn finish_checking(&mut self, checking: Checking, progress: &mut dyn FnMut(Progress)) -> Vec<u8> {
        let Checking { job, inputs, listing, options, pairs, checked, .. } = checking;
        let ahead = pairs.into_iter().zip(checked).filter_map(|(pair, s)| Some((pair, s?))).collect();
        let ahead = std::sync::Arc::new(crate::chain::SignaturesAhead(ahead));
        let options = Options { signatures_ahead: Some(std::sync::Arc::clone(&ahead)), ..options };
        // The bar showed the checks: the analysis's own pass over them (read, not made) is not
        // shown again.
        let (report, rebuild) = analyse_listed(&inputs, listing, &options, &mut |p| if p.stage != Stage::Signatures { progress(p) });
        self.keep(&job, inputs, report, rebuild, Some(ahead));
        wire::encode(&self.answer(&job))
    }

    /// The answer to a job from the kept analysis (the prediction made for its verdict).
    fn answer(&mut self, job: &Job) -> Done {
        let subject = self.predict_kept(job);
        let thin_above = self.thin_above;
        self.last = Some(job.clone());
        match &self.kept {
            Some((_, report, _, _)) => Done { pending: self.pending.is_some(), analysis: self.analysis, ..done(job, report, subject, thin_above) },
            None => Done { seq: job.seq, subject, stale: true, ..Done::default() },
        }
    }

    /// Analyse a job's files (the kept ones when `files` is `None`) and keep the analysis.
    /// With `help`, a drop listed first whose certificates have at least [`HELP_FROM_PAIRS`]
    /// signatures between them is not analysed: it is returned to have them checked first.
    fn analyse(&mut self, job: &Job, files: Option<Vec<InputFile>>, progress: &mut dyn FnMut(Progress), listed: &mut dyn FnMut(Posted), help: bool) -> Option<Checking> {
        let inputs = match files {
            Some(files) => files,
            None => self.kept.take().map(|k| k.0).unwrap_or_default(),
        };
        let mut options = job.options.options();
        options.defer_root_signatures = self.defer_roots_above;
        let bytes: usize = inputs.iter().map(|f| f.bytes.len()).sum();
        let (report, rebuild) = match self.list_first.filter(|&(from, _)| bytes >= from) {
            Some((_, above)) => {
                // Listed first; the analysis then takes the decoded files over.
                // Reading is read twice (listed, then in full): the bar's first half, then its second.
                // The first rows go ahead, made from what is listed so far; their names are
                // kept for the listing's namesakes.
                let (seq, mut names) = (job.seq, Vec::new());
                let listing = crate::analysis::list_ahead(&inputs, options.at, &mut |p| progress(reading_half(p, 0)), self.ahead_every, &mut |from, certificates| {
                    let rows = super::status::listing_rows_from(from, certificates.iter().copied());
                    names.extend(rows.iter().map(|r| r.name.clone()));
                    listed(Posted::Ahead(wire::encode(&RowsAhead { seq, from, rows })));
                });
                if !(0..names.len()).all(|i| listing.place(i) == Some((0, i))) {
                    names.clear();
                    listed(Posted::Ahead(wire::encode(&RowsAhead { seq, from: 0, rows: Vec::new() })));
                }
                if listing.certificates.len() > above {
                    listed(Posted::Listing(wire::encode(&listing_done(job.seq, &listing, &names))));
                }
                // Thousands of certificates: each end certificate's view kept as its summary
                // needs it, rebuilt in full when a card, an export or the prediction needs it.
                let options = Options { thin_bulk: true, ..options };
                let pairs = if help { listing.signature_pairs() } else { Vec::new() };
                if pairs.len() >= self.help_from.max(1) {
                    // The kept analysis's final pass, if one is pending, is moot (its timer,
                    // which runs while the checks wait for the helper, finds nothing to do).
                    self.pending = None;
                    return Some(Checking::new(job.clone(), inputs, listing, options, pairs));
                }
                analyse_listed(&inputs, listing, &options, progress)
            }
            None => (crate::analyze_with_progress(&inputs, &options, progress), Rebuild::default()),
        };
        self.keep(job, inputs, report, rebuild, None);
        None
    }

    /// Keep the analysis of `job` (made with the signatures `ahead`, if any).
    fn keep(&mut self, job: &Job, inputs: Vec<InputFile>, report: Report, rebuild: Rebuild, ahead: Option<std::sync::Arc<crate::chain::SignaturesAhead>>) {
        // Nothing deferred (no root, or every root's signature was checked anyway): final.
        self.pending = (report.hierarchy.work.deferred_self_signatures > 0).then(|| (job.options.clone(), ahead));
        self.analysis = job.seq;
        let extras = crate::report::share::link_extras(&inputs, &report);
        self.kept = Some((inputs, report, extras, rebuild));
    }

    /// The prediction for a job's verdict on the kept analysis; its subject (the default one
    /// when nothing is kept).
    fn predict_kept(&mut self, job: &Job) -> VerdictSubject {
        let Some((inputs, report, _, rebuild)) = self.kept.as_mut() else { return VerdictSubject::default() };
        // The certificate the prediction is about is read in full.
        if let Some(i) = verdict_certificate(report, &job.verdict).0 {
            rebuild.fill(report, i);
        }
        let (subject, server) = predict(inputs, report, &job.verdict);
        report.server = server;
        subject
    }
}

/// The analysis of a drop listed first ([`crate::analysis::run_listed_rebuildable`]), its
/// reading on the progress bar's second half.
fn analyse_listed(inputs: &[InputFile], listing: crate::analysis::Listing, options: &Options, progress: &mut dyn FnMut(Progress)) -> (Report, Rebuild) {
    crate::analysis::run_listed_rebuildable(inputs, listing, options, &mut |p| match p.stage {
        Stage::Reading => progress(reading_half(p, p.total - p.total / 2)),
        _ => progress(p),
    })
}

/// A listed drop is read twice (listed, then in full): each reading is half of the bar, from `from`.
fn reading_half(p: Progress, from: usize) -> Progress {
    Progress { done: from + p.done / 2, ..p }
}

/// A big drop with at least this many signatures between its certificates has them checked
/// by two workers ([`Worker::begin`]): below, a second worker's start costs more than it saves
/// (a check takes 0.15–0.3 ms in Chromium, RSA-2048 or P-256; the helper is ready 150–600 ms
/// after it is started, checking meanwhile).
pub const HELP_FROM_PAIRS: usize = 1_000;

/// What [`Worker::begin`] made of a job: the answer, or a drop whose signatures are to be
/// checked first.
pub enum Begun {
    /// The answer, in the wire format.
    Answer(Vec<u8>),
    /// Check its signatures ([`Checking`]), then [`Worker::finish_checking`].
    Checking(Box<Checking>),
}

/// A big drop listed, paused before its analysis while the signatures between its
/// certificates are checked by two workers: this one takes them from the front
/// ([`Checking::check`]), a helper takes the back half of those left when it is ready
/// ([`Checking::hand_off`], [`check_batch`], [`Checking::helped`]). The analysis then reads
/// the checks as its own ([`crate::chain::TrustInputs::signatures_ahead`]): the report is the
/// same, only sooner.
pub struct Checking {
    job: Job,
    inputs: Vec<InputFile>,
    listing: crate::analysis::Listing,
    options: Options,
    pairs: Vec<(usize, usize)>,
    checked: Vec<Option<crate::chain::SignatureCheck>>,
    /// This worker checks pairs `next..end`.
    next: usize,
    end: usize,
    /// The helper checks pairs `handed.0..handed.1` (not answered yet), in its batch `handed.2`.
    handed: Option<(usize, usize, u32)>,
    /// Pairs the helper checked (its batches' answers taken, one after another).
    helped: usize,
    /// The issuers' keys read so far, by certificate.
    keys: HashMap<usize, Option<crate::chain::Cert>>,
}

/// Pairs for the helper ([`check_batch`]): `pairs[k]` is certificate `ders[c]` with the key of
/// `ders[i]`; `id` tells its answer from an older batch's (one given up on).
#[derive(Serialize, Deserialize)]
struct Batch {
    id: u32,
    ders: Vec<Vec<u8>>,
    pairs: Vec<(u32, u32)>,
}

/// The helper's answer to a batch: the check of each of its pairs, in order.
#[derive(Serialize, Deserialize)]
struct Checked {
    id: u32,
    checks: Vec<Option<crate::chain::SignatureCheck>>,
}

/// Batches handed to a helper, numbered.
static BATCHES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

impl Checking {
    fn new(job: Job, inputs: Vec<InputFile>, listing: crate::analysis::Listing, options: Options, pairs: Vec<(usize, usize)>) -> Self {
        let n = pairs.len();
        Self { job, inputs, listing, options, pairs, checked: vec![None; n], next: 0, end: n, handed: None, helped: 0, keys: HashMap::new() }
    }

    /// Check up to `n` of this worker's pairs; whether its part is done.
    pub fn check(&mut self, n: usize) -> bool {
        let stop = self.end.min(self.next.saturating_add(n));
        while self.next < stop {
            let (Some(&(c, i)), Some(slot)) = (self.pairs.get(self.next), self.checked.get_mut(self.next)) else { break };
            let listing = &self.listing;
            *slot = check_one(|i| listing.der(i), &mut self.keys, c, i);
            self.next += 1;
        }
        self.next >= self.end
    }

    /// Progress of the checks (this worker's and the helper's, as far as answered), in
    /// certificates as the analysis counts [`Stage::Signatures`]: the pairs' share of them.
    pub fn progress(&self) -> Progress {
        let handed = self.handed.map_or(0, |(a, b, _)| b - a);
        let done = self.next + (self.pairs.len() - self.end - handed);
        let total = self.listing.certificates.len();
        Progress { stage: Stage::Signatures, done: (total as u64 * done as u64 / self.pairs.len().max(1) as u64) as usize, total }
    }

    /// How many pairs are checked in all.
    pub fn pairs(&self) -> usize {
        self.pairs.len()
    }

    /// Whether every pair is checked (or given up on: [`Checking::helper_failed`]).
    pub fn is_done(&self) -> bool {
        self.next >= self.end && self.handed.is_none()
    }

    /// How many pairs the helper checked.
    pub fn helped_pairs(&self) -> usize {
        self.helped
    }

    /// The back half of the pairs this worker has not checked yet, for the helper (a batch in
    /// the wire format for [`check_batch`]); `None` when one is handed and not answered yet, or
    /// fewer than `min_left` are left. A helper that answers before this worker is done gets
    /// the back half of what is left then: the two finish close together.
    pub fn hand_off(&mut self, min_left: usize) -> Option<Vec<u8>> {
        let left = self.end - self.next;
        if self.handed.is_some() || left < min_left.max(2) {
            return None;
        }
        let from = self.next + left / 2;
        let mut index: HashMap<usize, u32> = HashMap::new();
        let mut ders: Vec<Vec<u8>> = Vec::new();
        let mut place = |i: usize, ders: &mut Vec<Vec<u8>>| -> u32 {
            *index.entry(i).or_insert_with(|| {
                ders.push(self.listing.der(i).map(<[u8]>::to_vec).unwrap_or_default());
                (ders.len() - 1) as u32
            })
        };
        let pairs = self.pairs.get(from..self.end).unwrap_or_default().iter().map(|&(c, i)| (place(c, &mut ders), place(i, &mut ders))).collect();
        let id = BATCHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.handed = Some((from, self.end, id));
        self.end = from;
        Some(wire::encode(&Batch { id, ders, pairs }))
    }

    /// The batch handed to the helper and not answered yet, if one is.
    pub fn handed(&self) -> Option<u32> {
        self.handed.map(|(_, _, id)| id)
    }

    /// The helper's answer ([`check_batch`]): to the batch handed off, its checks are taken;
    /// an older batch's answer is not; one that does not read is as if the helper failed.
    pub fn helped(&mut self, answer: &[u8]) {
        let Some((from, to, id)) = self.handed else { return };
        match wire::decode::<Checked>(answer) {
            Ok(answer) if answer.id != id => {}
            Ok(Checked { checks, .. }) if checks.len() == to - from => {
                self.helped += checks.len();
                for (slot, s) in self.checked.get_mut(from..to).unwrap_or_default().iter_mut().zip(checks) {
                    *slot = s;
                }
                self.handed = None;
            }
            _ => self.helper_failed(),
        }
    }

    /// The helper could not answer: its pairs are left to the analysis (it checks each when
    /// it needs it).
    pub fn helper_failed(&mut self) {
        self.handed = None;
    }
}

/// Certificate `c`'s signature checked with the key of certificate `i`, as the chain layer
/// checks it (`der`: a certificate's DER; the issuers' keys read once, kept in `keys`).
fn check_one<'a, K: Copy + Eq + std::hash::Hash>(der: impl Fn(K) -> Option<&'a [u8]>, keys: &mut HashMap<K, Option<crate::chain::Cert>>, c: K, i: K) -> Option<crate::chain::SignatureCheck> {
    let child = crate::chain::verify::split_signed(der(c)?)?;
    let issuer = keys.entry(i).or_insert_with(|| der(i).and_then(|d| crate::chain::Cert::parse(0, d)));
    Some(crate::chain::verify::verify(&child, &issuer.as_ref()?.spki))
}

/// The helper's work: a batch of pairs ([`Checking::hand_off`]) checked, in the wire format.
pub fn check_batch(batch: &[u8]) -> Vec<u8> {
    let Ok(Batch { id, ders, pairs }) = wire::decode::<Batch>(batch) else { return Vec::new() };
    let mut keys = HashMap::new();
    let der = |i: u32| ders.get(i as usize).map(Vec::as_slice);
    let checks = pairs.iter().map(|&(c, i)| check_one(der, &mut keys, c, i)).collect();
    wire::encode(&Checked { id, checks })
}

/// Warming the web app's worker up while the user's drag is still on its way: a fresh worker
/// runs Liftoff, V8's baseline code, until its functions have run enough to be compiled
/// again by TurboFan (in the background), and a drop answered meanwhile is several times
/// slower than the same drop in a worker that has run it once (Debian's bundle: ~450 ms
/// against ~100 ms in Chromium). So the worker, once started and idle, analyses `samples`
/// (a few certificates built in) a few times, a round each task, until the first job comes
/// (`src/bin/certlens-worker.rs`). Each round takes the paths of a drop's first answer and a
/// settings change: even rounds the web app's worker as it is (a drop with more than
/// [`DEFER_ROOTS_ABOVE`] roots: the roots' own signatures deferred), odd rounds a listing
/// first, then the analysis as summaries. Not the final answer: checking ten roots' own
/// signatures takes a cold worker 150–300 ms, a round that long would keep a drop waiting.
/// A round takes a cold worker ~150 ms, then 30–80 ms. Nothing is kept. Returns how many
/// answers the round made.
pub fn warm_up(samples: &[InputFile], round: usize, at: i64) -> usize {
    let job = Job { seq: 1, analyse: true, options: JobOptions::at(at), verdict: Verdict { at, ..Verdict::default() } };
    let mut w = if round % 2 == 0 { Worker::fast_first() } else { Worker { list_first: Some((0, 0)), thin_above: 0, ..Worker::fast_first() } };
    let mut answers = 0;
    w.run_listing_first(&wire::encode(&job), Some(samples.to_vec()), &mut |_| {}, &mut |_| answers += 1);
    answers += 1;
    let settings = Job { seq: 2, analyse: false, verdict: Verdict { mode: VerdictMode::Server, ..job.verdict.clone() }, ..job };
    w.run(&wire::encode(&settings), None);
    answers + 1
}

/// The listing answer ([`Done::listing`]) of the analysis job `seq`, the rows of its first
/// certificates sent ahead ([`RowsAhead`]; `ahead`: their names).
pub fn listing_done(seq: u32, listing: &crate::analysis::Listing, ahead: &[String]) -> Done {
    let rows = super::status::listing_rows_after(&listing.certificates, ahead);
    Done { seq, rows, thin: true, pending: true, analysis: seq, listing: true, ..Done::default() }
}

/// The answer to `job` from the analysis `report` (its `server` is the prediction): the page
/// model when the job analysed (summaries above `thin_above` certificates), the prediction.
pub fn done(job: &Job, report: &Report, subject: VerdictSubject, thin_above: usize) -> Done {
    let thin = job.analyse && report.certificates.len() > thin_above;
    Done {
        seq: job.seq,
        report: job.analyse.then(|| page::page_report(report, thin)),
        rows: if job.analyse { super::status::rows(report) } else { Vec::new() },
        server: report.server.as_ref().map(|s| std::rc::Rc::new(s.into())),
        subject,
        stale: false,
        thin,
        pending: false,
        analysis: job.seq,
        listing: false,
        near: None,
    }
}

/// The certificate the verdict is about (the chosen one, else the default leaf, else the
/// first), and whether the drop holds CA certificates only.
fn verdict_certificate(report: &Report, verdict: &Verdict) -> (Option<usize>, bool) {
    let chosen = match &verdict.verdict_for {
        Some(sha) => report.position_of(sha),
        None => verdict.server.certificate.filter(|&i| i < report.certificates.len()),
    };
    let default_leaf = crate::report::subject::default_certificate(report, &verdict.server.trust_store_files);
    let ca_only = chosen.is_none() && default_leaf.is_none() && !report.certificates.is_empty();
    (chosen.or(default_leaf).or_else(|| (!report.certificates.is_empty()).then_some(0)), ca_only)
}

/// Work out what the verdict is about (the chosen certificate, the mode) and
/// make the server prediction for it: no decoding, no chain building.
pub fn predict(inputs: &[InputFile], report: &Report, verdict: &Verdict) -> (VerdictSubject, Option<crate::server::ServerReport>) {
    let (certificate, ca_only) = verdict_certificate(report, verdict);
    let mut settings = verdict.server.clone();
    settings.certificate = certificate;
    let mut subject = VerdictSubject { certificate, ca_only, ..VerdictSubject::default() };
    if let Some(i) = certificate {
        if settings.host.is_none() {
            settings.host = crate::report::subject::host_for(report, i, verdict.mode);
            subject.auto_server = verdict.mode == VerdictMode::Auto && settings.host.is_some();
        }
        subject.host = settings.host.clone();
    }
    let server = if report.certificates.is_empty() {
        None
    } else {
        crate::server::adapter::server_report(inputs, &report.certificates, &report.hierarchy, crate::server::adapter::from_files(&report.files), &settings, verdict.at)
    };
    (subject, server)
}

/// A progress message as the page reads it: the worker posts [`Progress`] as a plain object
/// `{ stage: "Reading" | "Chains", done, total }` (serde-wasm-bindgen, the serde form of
/// `Progress`); the page reads the three fields with `Reflect` and this makes them a
/// `Progress` again (`None` for anything else).
pub fn progress_from_parts(stage: &str, done: f64, total: f64) -> Option<Progress> {
    let count = |f: f64| (f.is_finite() && f >= 0.0 && f <= u32::MAX as f64).then_some(f as usize);
    let stage = match stage {
        "Reading" => Stage::Reading,
        "Chains" => Stage::Chains,
        "RootSignatures" => Stage::RootSignatures,
        "Signatures" => Stage::Signatures,
        _ => return None,
    };
    let (done, total) = (count(done)?, count(total)?);
    (done <= total).then_some(Progress { stage, done, total })
}

/// What the page's progress bar says: "Reading certificates: 45 %", "Building chains and
/// checking signatures: 3,200 of 10,000".
pub fn progress_text(p: &Progress) -> String {
    match p.stage {
        Stage::Reading => format!("Reading certificates: {} %", p.done.saturating_mul(100) / p.total.max(1)),
        Stage::Chains => format!("Building chains and checking signatures: {} of {}", grouped(p.done), grouped(p.total)),
        Stage::RootSignatures => CHECKING_ROOTS.to_string(),
        Stage::Signatures => format!("Checking signatures: {} of {} certificates", grouped(p.done), grouped(p.total)),
    }
}

/// The certificates a chain export holds: the verdict's chain, or every certificate.
fn exported(report: &Report, every: bool) -> Vec<usize> {
    if every {
        (0..report.certificates.len()).collect()
    } else {
        crate::report::export::verdict_chain(report)
    }
}

/// What the page says while a first answer ([`Done::pending`]) waits for the final one.
pub const CHECKING_ROOTS: &str = "Checking the roots\u{2019} own signatures\u{2026} Until then the verdict may still change.";


#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::ui::status::StatusKind;

    const NOW: i64 = 1_795_392_000;

    use crate::test_support::fixture;

    fn run(w: &mut Worker, job: &Job, files: Option<Vec<InputFile>>) -> Done {
        wire::decode(&w.run(&wire::encode(job), files)).unwrap()
    }

    #[test]
    fn reports_survive_the_wire() {
        let files = vec![
            fixture("pkcs12/ee_client_noenc.pfx"),
            fixture("chain/ee_client.cer"),
            fixture("chain/int_ca.cer"),
            fixture("chain/root_ca.cer"),
            fixture("chain/ee_intranet_cdp.der"),
        ];
        // In full (not summaries, whatever THIN_ABOVE is): the whole model crosses.
        let mut w = Worker { thin_above: usize::MAX, ..Worker::default() };
        let job = Job { seq: 7, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let done = run(&mut w, &job, Some(files.clone()));
        assert_eq!(done.seq, 7);
        assert!(!done.stale && !done.thin);
        let report = done.report.unwrap();
        let mut direct = crate::analyze(&files, &Options::at(NOW));
        let (subject, server) = predict(&files, &direct, &job.verdict);
        direct.server = server;
        assert_eq!(report, page::page_report(&direct, false));
        assert_eq!(done.rows, crate::ui::status::rows(&direct));
        assert_eq!(done.server.as_deref(), direct.server.as_ref().map(Into::into).as_ref());
        assert_eq!(done.subject, subject);
        // A prediction only: the kept analysis, no report sent back.
        let job = Job { seq: 8, analyse: false, verdict: Verdict { mode: VerdictMode::Server, ..job.verdict }, ..job };
        let done = run(&mut w, &job, None);
        assert!(done.report.is_none() && done.rows.is_empty());
        assert!(done.server.is_some());
        // A fresh worker has nothing to predict on.
        assert!(run(&mut Worker::default(), &job, None).stale);
    }

    #[test]
    fn tasks_are_answered_from_the_kept_analysis() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let mut w = Worker::default();
        let ask = |w: &Worker, task: &Task| w.task(&wire::encode(task));
        // Nothing analysed yet: a plain message, except for opening a link.
        assert!(matches!(ask(&w, &Task::ChainPem { every: false }), TaskAnswer::Failed(m) if m.contains("drop the files again")));
        // An unreadable request says so.
        assert!(matches!(w.task(&[0xff, 0xff]), TaskAnswer::Failed(m) if m == wire::UNREADABLE));
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        run(&mut w, &job, Some(files.clone()));
        let report = &w.kept.as_ref().unwrap().1;
        // A link, opened again: the same certificates as files, the same time.
        let view = LinkView { at: NOW, mode: VerdictMode::Server, ..LinkView::default() };
        let link: MadeLink = ask(&w, &Task::Link { view: view.clone(), smaller: false }).decode().unwrap();
        assert!(share::is_link(&link.fragment));
        // The page offers a smaller link only for a link that holds more than the verdict's chain.
        assert!(!link.chain_only);
        let smaller: MadeLink = ask(&w, &Task::Link { view, smaller: true }).decode().unwrap();
        assert!(smaller.chain_only);
        let opened: OpenedLink = ask(&w, &Task::OpenLink { fragment: link.fragment.clone() }).decode().unwrap();
        let direct = share::decode(&link.fragment).unwrap().open();
        assert_eq!(opened, opened_link(direct.clone()));
        assert_eq!((opened.at, opened.mode), (NOW, VerdictMode::Server));
        assert_eq!(opened.facts.facts(), Some(direct.facts.clone()));
        assert_eq!(crate::analyze(&direct.files, &direct.options()).certificates.len(), 3);
        assert_eq!(opened.files.len(), 3);
        // A damaged link says why.
        assert!(matches!(ask(&w, &Task::OpenLink { fragment: "cl1.!!".into() }), TaskAnswer::Failed(m) if !m.is_empty()));
        // Exports: the same as the core's.
        let chain = crate::report::export::verdict_chain(report);
        assert_eq!(ask(&w, &Task::ChainPem { every: false }), TaskAnswer::Text(crate::report::export::pem_bundle(report, &chain)));
        assert_eq!(ask(&w, &Task::ChainP7b { every: false }), TaskAnswer::Bytes(crate::report::export::p7b(report, &chain)));
        // Every certificate, for a drop without a verdict chain.
        let all: Vec<usize> = (0..report.certificates.len()).collect();
        assert_eq!(ask(&w, &Task::ChainPem { every: true }), TaskAnswer::Text(crate::report::export::pem_bundle(report, &all)));
        assert_eq!(ask(&w, &Task::ChainP7b { every: true }), TaskAnswer::Bytes(crate::report::export::p7b(report, &all)));
        let TaskAnswer::Text(json) = ask(&w, &Task::Json { options: JobOptions::at(NOW) }) else { panic!("no JSON") };
        assert_eq!(json, crate::report::export::json_with_settings(report, &Options::at(NOW)));
        assert!(json.contains("\"server_settings\""));
        let TaskAnswer::Text(md) = ask(&w, &Task::Markdown { link: Some("https://x/#cl1.a".into()) }) else { panic!("no Markdown") };
        assert!(md.contains("https://x/#cl1.a"));
        // The ASN.1 tree of a certificate, by SHA-256.
        let sha = report.certificates[0].view.sha256.clone();
        let tree: page::Asn1Tree = ask(&w, &Task::Asn1 { sha256: sha }).decode().unwrap();
        assert!(tree.node_count > 10 && tree.error.is_none());
        assert!(matches!(ask(&w, &Task::Asn1 { sha256: "00".into() }), TaskAnswer::Failed(_)));
    }

    #[test]
    fn many_certificates_cross_as_summaries_and_a_card_gets_its_own_in_full() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        // Three certificates stand for more than THIN_ABOVE.
        let mut w = Worker { thin_above: 2, ..Worker::default() };
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let done = run(&mut w, &job, Some(files));
        let report = done.report.unwrap();
        assert!(done.thin);
        assert_eq!(report.certificates.len(), 3);
        let kept = &w.kept.as_ref().unwrap().1;
        // The worker keeps them in full; the page got what the list needs.
        for (i, (summary, full)) in report.certificates.iter().zip(&kept.certificates).enumerate() {
            let full = page::certificate(i, full);
            assert_eq!(summary, &full.thin());
            assert!(!full.der_base64.is_empty() && !full.view.extensions.is_empty());
            assert!(summary.der_base64.is_empty() && summary.view.extensions.is_empty() && summary.mapping.is_none());
            // The card's pin crosses with the card, not with every summary.
            assert!(summary.view.spki_sha256_base64.is_empty() && !full.view.spki_sha256_base64.is_empty());
            // So do the card's words (dates, key, issuer, revocation, private key): a summary
            // is what the page reads of a closed card (its name, SHA-256, validity, CA or not,
            // usages): ~330 bytes here, ~750 with the words (10,000 summaries: 2.4 MB, not 6.4).
            assert!(summary.view.issuer.is_empty() && summary.revocation.is_none() && summary.view.public_key.is_empty());
            assert!(wire::encode(summary).len() < 400, "#{i}: {} bytes", wire::encode(summary).len());
        }
        assert_eq!(done.rows, crate::ui::status::rows(kept), "the rows come from the full report");
        let sha = report.certificates[0].view.sha256.clone();
        let full: page::CertificateReport = w.task(&wire::encode(&Task::Certificate { sha256: sha })).decode().unwrap();
        assert_eq!(full, page::certificate(0, &kept.certificates[0]));
        assert!(full.mapping.is_some(), "an end certificate comes with its mapping helper");
        // A prediction only: no report, nothing thinned.
        let job = Job { seq: 2, analyse: false, ..job };
        let done = run(&mut w, &job, None);
        assert!(!done.thin && done.report.is_none());
    }

    #[test]
    fn a_final_pass_scheduled_for_one_drop_does_not_run_a_later_drops() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let job = |seq| Job { seq, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let mut w = Worker::deferring_any_root();
        assert!(w.run_job(&job(1), Some(files.clone())).pending);
        assert_eq!(w.pending_analysis(), Some(1));
        // A second drop before the first's final pass ran: the first's timer does nothing.
        assert!(w.run_job(&job(2), Some(files.clone())).pending);
        assert_eq!(w.finish_pending_of(1, &mut |_| {}), None, "the first drop's timer");
        assert_eq!(w.pending_analysis(), Some(2), "the second drop's check still waits for its own word");
        let done: Done = wire::decode(&w.finish_pending_of(2, &mut |_| {}).unwrap()).unwrap();
        assert!(!done.pending && done.analysis == 2 && done.report.is_some());
        assert_eq!((w.pending_analysis(), w.finish_pending_of(2, &mut |_| {})), (None, None), "done once");
    }

    #[test]
    fn cards_open_by_default_cross_in_full_any_more_as_summaries() {
        let chain = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        // As many as the cards open by default: in full (they show at once).
        let done = run(&mut Worker::fast_first(), &job, Some(chain.clone()));
        assert_eq!(done.report.as_ref().unwrap().certificates.len(), crate::ui::state::OPEN_BY_DEFAULT);
        assert!(!done.thin && !done.report.unwrap().certificates[0].view.extensions.is_empty());
        // One more, and every card starts closed: summaries, each card asks when it opens
        // (Debian's 144 roots: an answer of 623 KB in full, 262 KB with summaries).
        let mut more = chain;
        more.push(fixture("chain/ee_server.der"));
        let done = run(&mut Worker::fast_first(), &job, Some(more));
        assert!(done.report.as_ref().unwrap().certificates.len() > crate::ui::state::OPEN_BY_DEFAULT);
        assert!(done.thin && done.report.unwrap().certificates.iter().all(|c| c.view.extensions.is_empty()));
    }

    #[test]
    fn progress_crosses_as_a_plain_object_and_reads_in_words() {
        for p in [Progress { stage: Stage::Reading, done: 3200, total: 10_000 }, Progress { stage: Stage::Chains, done: 0, total: 1 }, Progress { stage: Stage::Signatures, done: 2, total: 3 }] {
            // The serde form the worker posts (serde-wasm-bindgen makes the same object).
            let v = serde_json::to_value(p).unwrap();
            let back = progress_from_parts(v["stage"].as_str().unwrap(), v["done"].as_f64().unwrap(), v["total"].as_f64().unwrap());
            assert_eq!(back, Some(p));
        }
        assert_eq!(progress_text(&Progress { stage: Stage::Reading, done: 3200, total: 10_000 }), "Reading certificates: 32 %");
        assert_eq!(progress_text(&Progress { stage: Stage::Chains, done: 7, total: 1_234_567 }), "Building chains and checking signatures: 7 of 1,234,567");
        assert_eq!(progress_text(&Progress { stage: Stage::Signatures, done: 5_000, total: 10_004 }), "Checking signatures: 5,000 of 10,004 certificates");
        for (stage, done, total) in [("Other", 1.0, 2.0), ("Reading", 3.0, 2.0), ("Reading", -1.0, 2.0), ("Chains", f64::NAN, 2.0)] {
            assert_eq!(progress_from_parts(stage, done, total), None, "{stage} {done} {total}");
        }
    }

    /// What the CLI would report for `files` with `verdict` (the full analysis and prediction).
    fn direct(files: &[InputFile], job: &Job) -> Done {
        let mut report = crate::analyze(files, &job.options.options());
        let (subject, server) = predict(files, &report, &job.verdict);
        report.server = server;
        done(job, &report, subject, THIN_ABOVE)
    }

    fn root_signature(d: &Done) -> Option<(String, String)> {
        let chain = &d.report.as_ref().unwrap().hierarchy.chains[0];
        chain.best.elements.last().unwrap().signature.clone()
    }

    #[test]
    fn a_first_answer_defers_the_roots_own_signatures_and_the_final_one_is_the_clis() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let job = Job { seq: 4, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let mut w = Worker::deferring_any_root();
        let first = run(&mut w, &job, Some(files.clone()));
        assert!(first.pending && w.has_pending());
        assert_eq!((first.seq, first.analysis), (4, 4));
        assert_eq!(root_signature(&first).unwrap().1, "not checked yet");
        // A prediction meanwhile: answered at once from the first analysis, still pending.
        let predict_job = Job { seq: 5, analyse: false, verdict: Verdict { mode: VerdictMode::Server, ..job.verdict.clone() }, ..job.clone() };
        let quick = run(&mut w, &predict_job, None);
        assert!(quick.pending && quick.report.is_none() && quick.server.is_some());
        // The final answer: for the latest job, with the report, equal to the CLI's analysis.
        let last: Done = wire::decode(&w.finish_pending(&mut |_| {}).unwrap()).unwrap();
        assert!(!last.pending && !w.has_pending());
        assert_eq!((last.seq, last.analysis), (5, 4));
        let want = direct(&files, &Job { analyse: true, ..predict_job.clone() });
        assert_eq!(last.report, want.report);
        assert_eq!((&last.rows, &last.server, &last.subject), (&want.rows, &want.server, &want.subject));
        assert_eq!(root_signature(&last).unwrap().1, "", "verified");
        assert!(w.finish_pending(&mut |_| {}).is_none(), "once");
        // The JSON export is the CLI's.
        let TaskAnswer::Text(json) = w.task(&wire::encode(&Task::Json { options: JobOptions::at(NOW) })) else { panic!("no JSON") };
        assert_eq!(json, crate::report::export::json_with_settings(&crate::analyze(&files, &Options::at(NOW)), &Options::at(NOW)));
        assert!(!json.contains("deferred_self_signatures") && !json.contains("not checked yet"));
        // Exports and links wait for the final analysis; a card's detail does not.
        assert!(Worker::task_needs_final(&wire::encode(&Task::ChainPem { every: false })));
        assert!(!Worker::task_needs_final(&wire::encode(&Task::Certificate { sha256: String::new() })));
        // No root to defer (a leaf alone): the first answer is final.
        let mut w = Worker::deferring_any_root();
        let only = run(&mut w, &job, Some(vec![fixture("chain/ee_client.cer")]));
        assert!(!only.pending && !w.has_pending());
        // The default worker (native tests, the CLI's way) never defers.
        assert!(!run(&mut Worker::default(), &job, Some(files)).pending);
    }

    #[test]
    fn the_web_worker_answers_a_drop_with_a_few_roots_once_and_defers_many() {
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        // A chain with its root: one answer, the root's own signature checked, the CLI's.
        let chain = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let mut w = Worker::fast_first();
        let once = run(&mut w, &job, Some(chain.clone()));
        assert!(!once.pending && !w.has_pending());
        assert_eq!(root_signature(&once).unwrap().1, "", "verified");
        assert_eq!(once.report, direct(&chain, &job).report);
        // The same chain with ten more roots (11 > DEFER_ROOTS_ABOVE): a first answer, then the final one.
        let mut many = chain;
        many.push(fixture("truststore/roots10.pem"));
        let mut w = Worker::fast_first();
        let first = run(&mut w, &job, Some(many.clone()));
        assert!(first.pending && w.has_pending());
        let unchecked = |d: &Done| d.report.as_ref().unwrap().hierarchy.chains.iter().filter(|c| c.best.elements.last().and_then(|e| e.signature.as_ref()).is_some_and(|s| s.1 == "not checked yet")).count();
        assert!(unchecked(&first) > DEFER_ROOTS_ABOVE, "{}", unchecked(&first));
        let last: Done = wire::decode(&w.finish_pending(&mut |_| {}).unwrap()).unwrap();
        assert_eq!(last.report, direct(&many, &job).report);
        assert_eq!(unchecked(&last), 0);
    }

    #[test]
    fn a_root_with_a_broken_self_signature_is_reported_broken_in_the_final_answer() {
        let mut root = fixture("chain/root_ca.cer");
        // root_ca.cer may be PEM or DER: the DER fixture, with one bit of the signature flipped.
        root.bytes = std::fs::read(format!("{}/tests/fixtures/chain/root_ca.der", env!("CARGO_MANIFEST_DIR"))).unwrap();
        *root.bytes.last_mut().unwrap() ^= 1;
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), root];
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let mut w = Worker::deferring_any_root();
        let first = run(&mut w, &job, Some(files.clone()));
        assert!(first.pending);
        let last: Done = wire::decode(&w.finish_pending(&mut |_| {}).unwrap()).unwrap();
        let want = direct(&files, &job);
        assert_eq!(last.report, want.report);
        assert_eq!((&last.rows, &last.server), (&want.rows, &want.server));
        // The first answer took the root on trust; the final one does not.
        let first_chain = &first.report.as_ref().unwrap().hierarchy.chains[0];
        let last_chain = &last.report.as_ref().unwrap().hierarchy.chains[0];
        assert_ne!(first_chain.best, last_chain.best);
        assert_ne!(first.rows, last.rows);
    }

    /// One PEM file of these fixtures' certificates (a key's block for `key`, a CRL's for
    /// `crl`), in order.
    fn one_pem(name: &str, paths: &[&str]) -> InputFile {
        use base64::Engine as _;
        let mut text = String::new();
        for p in paths {
            let (label, der) = match *p {
                "key" => ("PRIVATE KEY", fixture("keys_pem/ee_client_pkcs8.der").bytes.to_vec()),
                "crl" => ("X509 CRL", fixture("crl/root.crl").bytes.to_vec()),
                p => ("CERTIFICATE", fixture(p).bytes.to_vec()),
            };
            text.push_str(&format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", base64::engine::general_purpose::STANDARD.encode(der)));
        }
        InputFile::new(name, text.into_bytes())
    }

    /// Rows sent ahead of a listing, however many at a time, make on the page the rows the
    /// listing alone makes, namesakes named across parts ("issued by …"); a repeated
    /// certificate or a block that is no certificate stops the rows going ahead there.
    #[test]
    fn rows_sent_ahead_and_the_listing_make_the_listings_rows() {
        let drops: [(&[&str], usize); 4] = [
            // Three "Contoso Issuing CA" (cross-certified, reissued) and two roots of one name.
            (&["chain/ee_client.cer", "cross/int_ca_cross.der", "chain/int_ca.der", "chain/root_ca.der", "cross/int_ca_reissued.der", "cross/root_ca_renewed.der", "chain/ee_server.der"], 7),
            // A copy: nothing goes ahead from it on.
            (&["chain/int_ca.der", "cross/int_ca_cross.der", "chain/int_ca.der", "chain/root_ca.der", "cross/int_ca_reissued.der"], 2),
            // A CRL between certificates: the same (a key is no item: it changes nothing).
            (&["cross/int_ca_cross.der", "crl", "chain/int_ca.der", "key", "chain/root_ca.der"], 1),
            (&["cross/int_ca_cross.der", "key", "chain/int_ca.der", "chain/root_ca.der"], 3),
        ];
        for (paths, surely_first) in drops {
            let files = vec![one_pem("bundle.pem", paths), fixture("chain/ee_expired.der")];
            let job = Job { seq: 4, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
            let posted = |every: usize| {
                let mut w = Worker { list_first: Some((0, 0)), ahead_every: every, ..Worker::fast_first() };
                let mut posted = Vec::new();
                let answer = w.run_listing_first(&wire::encode(&job), Some(files.clone()), &mut |_| {}, &mut |p| posted.push(p));
                (posted, answer)
            };
            let (alone, plain) = posted(usize::MAX);
            let (want, parts) = rows_on_the_page(&alone).unwrap();
            assert_eq!(parts, 0);
            let named: Vec<(&str, Option<&str>)> = want.iter().map(|r| (r.name.as_str(), r.issued_by.as_deref())).collect();
            if surely_first == 7 {
                assert!(named.iter().filter(|(n, by)| n.contains("Issuing") && by.is_some()).count() >= 2, "{named:?}");
            }
            for every in 1..=paths.len() + 1 {
                let (posted, answer) = posted(every);
                let (rows, parts) = rows_on_the_page(&posted).unwrap();
                assert_eq!(rows, want, "every {every} of {paths:?}");
                assert_eq!(parts, surely_first / every, "every {every} of {paths:?}");
                // The analysis's answer is the same.
                assert_eq!(answer, plain);
            }
        }
    }

    /// What the page keeps of the parts: in order, from the first, of one job.
    #[test]
    fn parts_ahead_are_kept_in_order_and_a_part_out_of_place_leaves_none() {
        let base = crate::ui::status::listing_rows(&crate::analysis::list(&[fixture("chain/ee_client.cer")], NOW, &mut |_| {}).certificates).remove(0);
        let row = |index: usize| CertRow { index, name: String::new(), ..base.clone() };
        let part = |seq: u32, from: usize, n: usize| RowsAhead { seq, from, rows: (from..from + n).map(row).collect() };
        let mut kept = (0, Vec::new());
        part(3, 0, 2).keep(&mut kept);
        part(3, 2, 2).keep(&mut kept);
        assert_eq!((kept.0, kept.1.len()), (3, 4));
        // A later job's first part starts afresh; a part out of place leaves nothing.
        part(5, 0, 1).keep(&mut kept);
        assert_eq!((kept.0, kept.1.len()), (5, 1));
        part(5, 3, 1).keep(&mut kept);
        assert_eq!((kept.0, kept.1.len()), (5, 0));
        // An answer takes them only when it is the listing of their job: an earlier job's
        // answer leaves them, a later one's drops them.
        part(6, 0, 2).keep(&mut kept);
        let mut earlier = Done { seq: 5, listing: true, ..Done::default() };
        take_rows_ahead(&mut kept, &mut earlier);
        assert_eq!((kept.0, kept.1.len(), earlier.rows.len()), (6, 2, 0));
        let mut listing = Done { seq: 6, listing: true, rows: vec![row(2)], ..Done::default() };
        take_rows_ahead(&mut kept, &mut listing);
        assert_eq!((kept.0, kept.1.len(), listing.rows.iter().map(|r| r.index).collect::<Vec<_>>()), (0, 0, vec![0, 1, 2]));
        part(7, 0, 1).keep(&mut kept);
        take_rows_ahead(&mut kept, &mut Done { seq: 8, ..Done::default() });
        assert_eq!((kept.0, kept.1.len()), (0, 0));
        // The listing's rows replace the rows ahead of their index, or follow them; rows that
        // do not follow stand alone.
        let merged = crate::ui::status::merge_ahead((0..3).map(row).collect(), vec![CertRow { name: "again".into(), ..row(1) }, row(3)]);
        assert_eq!(merged.iter().map(|r| (r.index, r.name.as_str())).collect::<Vec<_>>(), [(0, ""), (1, "again"), (2, ""), (3, "")]);
        assert_eq!(crate::ui::status::merge_ahead((0..2).map(row).collect(), vec![row(3)]).len(), 1);
    }

    #[test]
    fn a_big_drop_is_listed_first_then_analysed_with_the_same_indices() {
        let files = vec![
            fixture("chain/fullchain.pem"),
            fixture("chain/ee_expired.der"),
            fixture("chain/ee_not_yet_valid.der"),
            fixture("chain/ee_server.der"),
            fixture("chain/fullchain.pem"),
        ];
        let job = Job { seq: 9, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        // Four certificates stand for more than THIN_ABOVE, any size for LIST_FROM_BYTES.
        let mut w = Worker { list_first: Some((0, 4)), thin_above: 4, ..Worker::fast_first() };
        let listings = std::cell::RefCell::new(Vec::new());
        let mut stages = Vec::new();
        let answer = w.run_listing_first(&wire::encode(&job), Some(files.clone()), &mut |p| stages.push((listings.borrow().len(), p)), &mut |b| listings.borrow_mut().push(b));
        let listings = listings.into_inner();
        assert_eq!(listings.len(), 1, "one listing, before the answer");
        let Posted::Listing(listing) = &listings[0] else { panic!("no rows go ahead of a listing under AHEAD_EVERY certificates") };
        let listing: Done = wire::decode(listing).unwrap();
        let done: Done = wire::decode(&answer).unwrap();
        assert!(listing.listing && listing.pending && listing.thin && listing.report.is_none() && listing.server.is_none());
        assert_eq!((listing.seq, listing.analysis), (9, 9));
        assert!(!done.listing && done.report.is_some());
        assert_eq!((done.seq, done.analysis), (9, 9));
        // The same certificates at the same indices; the statuses the dates give, else "Checking…".
        assert_eq!(listing.rows.len(), 6);
        assert_eq!(listing.rows.len(), done.rows.len());
        for (l, d) in listing.rows.iter().zip(&done.rows) {
            assert_eq!((l.index, &l.name), (d.index, &d.name));
            // The listing makes no thumbprint; the answer's rows carry them.
            assert!(l.sha1.is_empty() && d.sha1.len() == 40, "{} / {}", l.sha1, d.sha1);
            assert!(l.id == format!("#{}", l.index) && d.id == done.report.as_ref().unwrap().certificates[d.index].view.sha256, "{} / {}", l.id, d.id);
            assert_eq!((l.role(), l.is_ca, l.self_issued, l.server_auth, &l.host, &l.expires), (d.role(), d.is_ca, d.self_issued, d.server_auth, &d.host, &d.expires));
            // The filter text's subject, issuer and file (its status differs).
            let head = |r: &crate::ui::status::CertRow| r.search.split('\0').take(3).map(str::to_string).collect::<Vec<_>>();
            assert_eq!(head(l), head(d));
            match l.status.kind {
                StatusKind::Checking => assert!(!l.search.contains("checking") && l.matches("checking") && l.matches("CHECKING\u{2026}")),
                StatusKind::Expired | StatusKind::NotYetValid => assert_eq!(l.status, d.status),
                other => panic!("a listing says {other:?}"),
            }
        }
        let kinds: Vec<StatusKind> = listing.rows.iter().map(|r| r.status.kind).collect();
        assert!(kinds.contains(&StatusKind::Expired) && kinds.contains(&StatusKind::NotYetValid) && kinds.contains(&StatusKind::Checking));
        // The answer is the one without a listing. The bar: reading for the listing (its first
        // half, as the page shows the listing), reading in full (its second half, going on
        // from there), then the signatures and the chains; never back.
        let plain = Worker { thin_above: 4, ..Worker::fast_first() }.run(&wire::encode(&job), Some(files.clone()));
        assert_eq!(answer, plain);
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        let reading: Vec<(usize, usize)> = stages.iter().filter(|(_, p)| p.stage == Stage::Reading).map(|&(n, p)| (n, p.done)).collect();
        assert!(stages.iter().all(|(_, p)| p.stage != Stage::Reading || p.total == bytes));
        assert!(reading.iter().all(|&(n, done)| if n == 0 { done <= bytes / 2 } else { done >= bytes - bytes / 2 }), "{reading:?}");
        assert!(reading.windows(2).all(|w| w[0].1 <= w[1].1), "never back: {reading:?}");
        assert_eq!(reading.last().map(|r| r.1), Some(bytes));
        assert!(reading.iter().any(|&(n, done)| n == 1 && done < bytes), "the second half moves: {reading:?}");
        let after: Vec<Stage> = stages.iter().filter(|(n, _)| *n == 1).map(|(_, p)| p.stage).skip_while(|s| *s == Stage::Reading).collect();
        assert!(after.contains(&Stage::Signatures) && after.iter().all(|s| matches!(s, Stage::Signatures | Stage::Chains)), "{after:?}");
        // Not big enough (certificates or bytes): one answer, as before.
        for list_first in [Some((0, 6)), Some((1 << 30, 4)), None] {
            let mut w = Worker { list_first, ..Worker::fast_first() };
            let mut n = 0;
            w.run_listing_first(&wire::encode(&job), Some(files.clone()), &mut |_| {}, &mut |_| n += 1);
            assert_eq!(n, 0, "{list_first:?}");
        }
        // The web app's worker lists from LIST_FROM_BYTES; the native one never.
        assert_eq!(Worker::fast_first().list_first, Some((LIST_FROM_BYTES, LIST_ABOVE)));
        assert_eq!(Worker::default().list_first, None);
    }

    /// A big drop's signatures checked by two workers (this one from the front, the helper the
    /// back half of those left, as the web app's worker does it): the answer is the one
    /// analysis alone makes, and the analysis reads the checks as its own.
    #[test]
    fn a_big_drop_s_signatures_are_checked_by_two_workers_and_read_as_the_analysis_own() {
        let files = vec![fixture("chain/fullchain.pem"), fixture("chain/ee_client.cer"), fixture("chain/ee_server.der"), fixture("ec_chain/ee_client.der"), fixture("ec_chain/root_ca.der")];
        let job = Job { seq: 3, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let worker = || Worker { list_first: Some((0, 2)), thin_above: 2, help_from: 2, ..Worker::fast_first() };
        let plain = Worker { help_from: usize::MAX, ..worker() }.run(&wire::encode(&job), Some(files.clone()));
        let begin = |w: &mut Worker| match w.begin(&wire::encode(&job), Some(files.clone()), &mut |_| {}, &mut |_| {}) {
            Begun::Checking(c) => c,
            Begun::Answer(_) => panic!("a listed drop with pairs is handed back to be checked"),
        };
        // Leaf → intermediate, intermediate → root in the RSA chain (twice: two leaves), the EC
        // leaf → its root; never a root with itself.
        let mut w = worker();
        let mut c = begin(&mut w);
        assert!(c.pairs.len() >= 4 && c.pairs.iter().all(|(a, b)| a != b), "{:?}", c.pairs);
        assert!(!c.is_done());
        let batch = c.hand_off(1).expect("the helper takes a share");
        assert!(c.hand_off(1).is_none(), "once");
        let back = check_batch(&batch);
        assert!(!c.is_done(), "the helper's share is not answered yet");
        c.helped(&back);
        let first = c.helped_pairs();
        assert!(first >= 1 && !c.is_done());
        // Answered before this worker is done: the helper gets the back half of what is left.
        let again = c.hand_off(1).expect("a second share");
        c.helped(&check_batch(&again));
        assert!(c.helped_pairs() > first, "the helper's checks add up");
        assert!(!c.check(0) && c.check(usize::MAX) && c.is_done());
        assert_eq!(c.progress().done, c.progress().total);
        assert_eq!((c.progress().total, c.progress().stage), (6, Stage::Signatures), "in certificates");
        assert!(c.checked.iter().all(|s| s.as_ref().is_some_and(crate::chain::SignatureCheck::ok)), "{:?}", c.checked);
        assert_eq!(w.finish_checking(*c, &mut |_| {}), plain, "the same answer as one worker alone");
        // A helper that fails: its share is left to the analysis; the same answer.
        let mut w = worker();
        let mut c = begin(&mut w);
        let _ = c.hand_off(1);
        c.helper_failed();
        assert!(c.check(usize::MAX) && c.is_done());
        assert_eq!(w.finish_checking(*c, &mut |_| {}), plain);
        // The analysis reads the checks made ahead: told that every one failed, it says so.
        let mut w = worker();
        let mut c = begin(&mut w);
        let batch = c.hand_off(1).unwrap();
        let mut back: Checked = wire::decode(&check_batch(&batch)).unwrap();
        for s in back.checks.iter_mut().flatten() {
            s.status = crate::chain::SignatureStatus::Invalid;
        }
        c.helped(&wire::encode(&back));
        c.check(usize::MAX);
        let told: Done = wire::decode(&w.finish_checking(*c, &mut |_| {})).unwrap();
        let plain: Done = wire::decode(&plain).unwrap();
        let invalid = |d: &Done| d.rows.iter().filter(|r| r.status.kind == StatusKind::Invalid).count();
        assert!(invalid(&told) > invalid(&plain), "{:?}", told.rows.iter().map(|r| r.status.kind).collect::<Vec<_>>());
        // The final answer of a drop whose roots' own signatures were deferred reads them too
        // (the full analysis again: the two workers' checks are not made again on one core).
        for invalid_told in [false, true] {
            let mut w = Worker { defer_roots_above: Some(0), ..worker() };
            let mut c = begin(&mut w);
            let batch = c.hand_off(1).unwrap();
            let mut back: Checked = wire::decode(&check_batch(&batch)).unwrap();
            for s in back.checks.iter_mut().flatten().filter(|_| invalid_told) {
                s.status = crate::chain::SignatureStatus::Invalid;
            }
            c.helped(&wire::encode(&back));
            c.check(usize::MAX);
            let _ = w.finish_checking(*c, &mut |_| {});
            assert!(w.has_pending());
            let last: Done = wire::decode(&w.finish_pending(&mut |_| {}).unwrap()).unwrap();
            let mut alone = Worker { defer_roots_above: Some(0), help_from: usize::MAX, ..worker() };
            alone.run(&wire::encode(&job), Some(files.clone()));
            let alone: Done = wire::decode(&alone.finish_pending(&mut |_| {}).unwrap()).unwrap();
            assert_eq!(invalid(&last) > invalid(&alone), invalid_told, "told {invalid_told}");
            if !invalid_told {
                assert_eq!(last, alone);
            }
        }
        // A drop checked while an earlier one's final pass is pending: that pass is moot (its
        // timer runs while the checks wait for the helper, and must not answer for the old drop).
        let mut w = Worker { defer_roots_above: Some(0), ..worker() };
        let earlier = Job { seq: 2, ..job.clone() };
        let mut c = match w.begin(&wire::encode(&earlier), Some(files.clone()), &mut |_| {}, &mut |_| {}) {
            Begun::Checking(c) => c,
            Begun::Answer(_) => unreachable!(),
        };
        c.check(usize::MAX);
        let _ = w.finish_checking(*c, &mut |_| {});
        assert_eq!(w.pending_analysis(), Some(2));
        let _checking = begin(&mut w);
        assert!(!w.has_pending() && w.finish_pending_of(2, &mut |_| {}).is_none());
        // An older batch's answer (one given up on) is not taken, nor one of the wrong length.
        let mut w = worker();
        let mut c = begin(&mut w);
        let old = c.hand_off(1).unwrap();
        c.helper_failed();
        let new = c.hand_off(1).unwrap();
        c.helped(&check_batch(&old));
        assert_eq!((c.helped_pairs(), c.handed().is_some()), (0, true), "the old answer is not the new batch's");
        let Checked { id, .. } = wire::decode(&check_batch(&new)).unwrap();
        c.helped(&wire::encode(&Checked { id, checks: Vec::new() }));
        assert_eq!((c.helped_pairs(), c.handed()), (0, None), "a short answer: as if the helper failed");
        // Not listed first, or too few pairs: answered at once.
        for mut w in [Worker { help_from: 1000, ..worker() }, Worker { list_first: None, help_from: 2, ..Worker::fast_first() }] {
            assert!(matches!(w.begin(&wire::encode(&job), Some(files.clone()), &mut |_| {}, &mut |_| {}), Begun::Answer(_)));
        }
        assert_eq!(Worker::fast_first().help_from, HELP_FROM_PAIRS);
    }

    /// A listed drop (thousands of certificates in the web app) keeps its end certificates'
    /// views as summaries need them; every answer is still the one of an analysis in full:
    /// the page model, the prediction about any certificate, each card, each ASN.1 tree, the
    /// exports and the link.
    #[test]
    fn a_listed_drop_keeps_summary_views_and_answers_everything_as_in_full() {
        let files = vec![
            fixture("chain/ee_client.cer"),
            fixture("chain/ee_server.pem"),
            fixture("chain/ee_smartcard.der"),
            fixture("chain/ee_client_sid_url.der"),
            fixture("chain/int_ca.cer"),
            fixture("chain/root_ca.cer"),
        ];
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let mut listed = Worker { list_first: Some((0, 0)), ..Worker::fast_first() };
        let mut plain = Worker::fast_first();
        assert_eq!(listed.run(&wire::encode(&job), Some(files.clone())), plain.run(&wire::encode(&job), Some(files.clone())));
        let (_, thin, _, rebuild) = listed.kept.clone().unwrap();
        let full = plain.kept.as_ref().unwrap().1.clone();
        let thinned: Vec<usize> = (0..thin.certificates.len()).filter(|&i| rebuild.is_thin(i)).collect();
        assert!(thinned.len() >= 3, "the end certificates the prediction is not about are thin: {thinned:?}");
        for &i in &thinned {
            let (t, f) = (&thin.certificates[i], &full.certificates[i]);
            assert!(t.view.extensions.is_empty() && t.der_base64.is_empty() && !f.view.extensions.is_empty());
            assert_eq!(page::summary(t), page::summary(f), "#{i}: its summary");
        }
        let ask = |w: &Worker, task: &Task| w.task(&wire::encode(task));
        for task in [Task::ChainPem { every: false }, Task::ChainP7b { every: true }, Task::Json { options: JobOptions::at(NOW) }, Task::Markdown { link: None }, Task::Link { view: LinkView { at: NOW, ..LinkView::default() }, smaller: false }] {
            assert_eq!(ask(&listed, &task), ask(&plain, &task), "{task:?}");
        }
        for c in &full.certificates {
            for task in [Task::Certificate { sha256: c.view.sha256.clone() }, Task::Asn1 { sha256: c.view.sha256.clone() }] {
                assert_eq!(ask(&listed, &task), ask(&plain, &task), "{task:?}");
            }
        }
        // A verdict about each certificate in turn: the same prediction, the thin one made full.
        for (seq, &i) in (2..).zip(&thinned) {
            let sha = full.certificates[i].view.sha256.clone();
            let job = Job { seq, analyse: false, verdict: Verdict { verdict_for: Some(sha), ..job.verdict.clone() }, ..job.clone() };
            assert_eq!(listed.run(&wire::encode(&job), None), plain.run(&wire::encode(&job), None), "about #{i}");
            assert!(!listed.kept.as_ref().unwrap().3.is_thin(i));
        }
    }

    #[test]
    fn a_warm_up_round_takes_the_paths_of_a_drop_and_keeps_nothing() {
        let samples = vec![fixture("chain/fullchain.pem"), fixture("truststore/roots10.pem")];
        // Even rounds: more than DEFER_ROOTS_ABOVE roots, so a first answer, and a prediction.
        assert_eq!(warm_up(&samples, 0, NOW), 2);
        // Odd rounds: a listing, the first answer, a prediction.
        assert_eq!(warm_up(&samples, 1, NOW), 3);
        // A drop with a single chain (no listing, nothing deferred): one answer and a prediction.
        assert_eq!(warm_up(&samples[..1], 2, NOW), 2);
    }

    #[test]
    fn the_worker_reports_progress_of_an_analysis_only() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let mut w = Worker::default();
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let mut seen = Vec::new();
        let with = w.run_with_progress(&wire::encode(&job), Some(files.clone()), &mut |p| seen.push(p));
        assert_eq!(seen.last().map(|p| (p.stage, p.done == p.total)), Some((Stage::Chains, true)));
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        assert!(seen.contains(&Progress { stage: Stage::Reading, done: bytes, total: bytes }));
        assert_eq!(with, Worker::default().run(&wire::encode(&job), Some(files)), "the same answer");
        // A prediction only: nothing to report.
        seen.clear();
        w.run_with_progress(&wire::encode(&Job { seq: 2, analyse: false, ..job }), None, &mut |p| seen.push(p));
        assert!(seen.is_empty());
    }

    #[test]
    fn every_answer_made_ahead_is_the_answer_the_worker_gives_when_asked() {
        // Every fixture folder as a drop (those of at most NEAR_UP_TO certificates get answers
        // made ahead), at a time all are valid and one most are not.
        let (mut folders, mut checked) = (0, 0);
        for (folder, files) in crate::test_support::fixture_folders() {
            for at in [1_790_000_000, 2_100_000_000] {
                let mut w = Worker::fast_first();
                let job = Job { seq: 1, analyse: true, options: JobOptions::at(at), verdict: Verdict { at, ..Verdict::default() } };
                let first = run(&mut w, &job, Some(files.clone()));
                let batches: Vec<Done> = std::iter::from_fn(|| w.near_answers()).map(|b| wire::decode(&b).unwrap()).collect();
                if batches.is_empty() {
                    assert!(first.pending || first.report.as_ref().is_some_and(|r| r.certificates.len() > NEAR_UP_TO || r.certificates.is_empty()), "{}", folder.display());
                    continue;
                }
                folders += 1;
                let mut seq = 1;
                for near in batches {
                    assert_eq!((near.seq, near.analysis, near.report.is_none(), near.server.is_none()), (1, 1, true, true));
                    let near = near.near.unwrap();
                    for (verdict, answer) in &near.verdicts {
                        let decoded: Verdict = wire::decode(verdict).unwrap();
                        seq += 1;
                        let asked = run(&mut w, &Job { seq, analyse: false, options: JobOptions::at(at), verdict: decoded.clone() }, None);
                        let made: NearAnswer = wire::decode(&near.answers[*answer as usize]).unwrap();
                        assert_eq!((&asked.server, &asked.subject), (&made.0, &made.1), "{} at {at}: {decoded:?}", folder.display());
                        assert_eq!(near.answer_for(verdict), Some(made));
                        checked += 1;
                    }
                }
            }
        }
        assert!(folders > 20 && checked > 1000, "{folders} drops, {checked} answers");
    }
}

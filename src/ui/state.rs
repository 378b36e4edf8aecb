//! The app state: a reducer over actions, like Yew's `function_todomvc`.
//!
//! [`ViewState`] is what the page shows, as plain serialisable data (share
//! links will rebuild the view from it). File contents and passwords live
//! next to it in [`AppState`], in memory only: they are never serialised.
//!
//! [`AppState::update`] is pure (the time comes in as an argument) so it is
//! tested natively; the `yew::Reducible` glue in `app.rs` reads the clock.
//! It never analyses: it records the [`Job`] the analysis must do (in the
//! browser a web worker runs it, see [`super::work`]) and takes its answer
//! as [`Action::Done`]. [`AppState::apply`] (native) runs the job at once.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::page::PageReport;
use super::work::{Done, Job, JobOptions, LinkView, SharedBlob, Verdict};
use crate::server::ServerSettings;
use crate::InputFile;

/// Name given to pasted text (numbered when pasted more than once).
pub const PASTED_NAME: &str = "pasted text";

/// A file as the view knows it: no bytes, no password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Stable id within this session.
    pub id: u32,
    /// File name, or `pasted text`.
    pub name: String,
    /// Size in bytes.
    pub size: usize,
}

/// Which kind of verdict the bar shows (defined with the server settings: share links carry it).
pub use crate::server::settings::VerdictMode;

/// Everything the view shows, as plain data. Never holds bytes or passwords.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewState {
    /// The files, in the order given.
    pub files: Vec<FileMeta>,
    /// A fixed evaluation time (Unix seconds); `None` means "now".
    pub at: Option<i64>,
    /// `at` came from a share link whose sharer had not fixed the time (it is when the link
    /// was made): a link made again from this view says so too.
    pub time_from_link: bool,
    /// SHA-256 of the certificate the user opened, if any.
    pub selected: Option<String>,
    /// The server settings panel (expected server behaviour).
    pub server: ServerSettings,
    /// SHA-256 of dropped self-signed roots the user does not trust.
    pub untrusted_roots: Vec<String>,
    /// SHA-256 of the certificate the verdict is about (`None`: the first end certificate).
    pub verdict_for: Option<String>,
    /// Client or server-certificate verdict.
    pub mode: VerdictMode,
    /// Settings the user set from the verdict bar's quick toggles (they stay offered).
    pub assumed: Vec<String>,
    /// The rows opened or closed by hand (the default: open for a few certificates, closed
    /// for more), by [`super::status::CertRow::id`]: SHA-256, or a listing's `#` and index.
    pub toggled: Vec<String>,
    /// Set when the view came from a share link: what the original files held.
    pub shared: Option<SharedBlob>,
}

/// Up to this many certificates, every card is open by default.
pub const OPEN_BY_DEFAULT: usize = 3;

impl ViewState {
    /// Rows toggled in a listing are named by index ([`super::status::CertRow::id`]), which
    /// names the same certificate in the next answer only while files are added or settings
    /// change: a file removed, or all of them, and they name nothing any more.
    fn forget_listed_toggles(&mut self) {
        self.toggled.retain(|t| !super::status::is_listing_id(t));
    }

    /// Whether the card of `sha256` is open, out of `count` certificates.
    pub fn is_open(&self, sha256: &str, count: usize) -> bool {
        (count <= OPEN_BY_DEFAULT) != self.toggled.iter().any(|s| s == sha256) || self.selected.as_deref() == Some(sha256)
    }
}

/// What the verdict bar is about, worked out after each analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictSubject {
    /// Index of the certificate the verdict is about.
    pub certificate: Option<usize>,
    /// The host name checked, when the verdict is in server-certificate mode.
    pub host: Option<String>,
    /// Server-certificate mode was chosen automatically (say so, offer the switch).
    pub auto_server: bool,
    /// Only CA certificates were dropped and none was chosen: no client verdict.
    pub ca_only: bool,
}

/// A file added to the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    /// File name.
    pub name: String,
    /// What it holds.
    pub content: Content,
}

impl NewFile {
    /// A file of these bytes (pasted or dragged text, a file sent in by an embedding page).
    pub fn bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self { name: name.into(), content: Content::Bytes(Rc::new(bytes)) }
    }
}

/// What a file holds: its bytes, or a file of the browser's that the page never reads: it
/// hands the file to the worker, which reads it there (a 12 MB drop read into the page's wasm
/// and copied out again cost the page's thread 80-250 ms before the worker could start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// The bytes (shared, not copied, when the job is made).
    Bytes(Rc<Vec<u8>>),
    /// A dropped or picked file the page keeps.
    File {
        /// Its handle (`dom::kept_file`).
        handle: u32,
        /// Its length in bytes.
        size: usize,
    },
}

impl Content {
    /// Its length in bytes.
    pub fn size(&self) -> usize {
        match self {
            Self::Bytes(b) => b.len(),
            Self::File { size, .. } => *size,
        }
    }
}

impl Default for Content {
    fn default() -> Self {
        Self::Bytes(Rc::default())
    }
}

/// One change made in the settings panel, applied to the settings the page holds when the
/// change is taken. The panel's content is rendered again only after the page has painted
/// (`components::later`): whole settings copied from what it last rendered would undo a change
/// made just before (two changes within one frame kept only the second).
#[derive(Clone)]
pub struct ServerEdit(pub Rc<dyn Fn(&mut ServerSettings)>);

impl PartialEq for ServerEdit {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::addr_eq(Rc::as_ptr(&self.0), Rc::as_ptr(&other.0))
    }
}

impl Eq for ServerEdit {}

impl std::fmt::Debug for ServerEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerEdit")
    }
}

/// Something the user did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Files were dropped or picked.
    AddFiles(Vec<NewFile>),
    /// Text was pasted.
    Paste(String),
    /// A file was removed from the list.
    Remove(u32),
    /// Everything was removed.
    Clear,
    /// The user typed a password for a file (PKCS#12, encrypted key).
    SetPassword {
        /// The file.
        file: u32,
        /// The password; kept in memory only.
        password: String,
    },
    /// Evaluate at a fixed time (Unix seconds), or at "now" with `None`.
    SetTime(Option<i64>),
    /// Open (or close, with `None`) a certificate by SHA-256.
    Select(Option<String>),
    /// The server settings changed.
    SetServer(ServerSettings),
    /// A control of the settings panel changed one setting ([`ServerEdit`]).
    EditServer(ServerEdit),
    /// Mark (or unmark) a dropped file as part of the server's trusted root store. The
    /// trust setting follows the list: "only roots in the marked files" while any file is
    /// marked, back to "the root of the chain is trusted" when none is.
    MarkStoreFile {
        /// The file's name.
        name: String,
        /// Marked or not.
        marked: bool,
    },
    /// Trust or stop trusting a dropped root (SHA-256) for this analysis.
    ToggleRootTrust(String),
    /// The verdict is about this certificate (SHA-256); `None`: the default one.
    VerdictFor(Option<String>),
    /// Client, server or automatic verdict.
    SetMode(VerdictMode),
    /// A quick toggle of the verdict bar: a setting (as `ServerSettings::assume`
    /// names it) set to a value, or back to unknown with `None`.
    Assume {
        /// The setting.
        setting: String,
        /// Its value.
        value: Option<String>,
    },
    /// Open or close a certificate's card (SHA-256).
    ToggleOpen(String),
    /// A share link was opened: its files and view replace everything.
    OpenLink(Box<super::work::OpenedLink>),
    /// The analysis answered a job.
    Done(Box<Done>),
    /// The analysis could not run (the worker did not load, or crashed): a plain message.
    Failed(String),
    /// How far the running analysis is.
    Progress(super::work::Progress),
    /// The prediction-only job of this `seq` has not answered within [`QUIET_MS`]: the page
    /// shows that it is busy ([`AppState::quiet`]).
    ShowBusy(u32),
}

/// How long a prediction-only job (a settings change) may take before the page shows that it
/// is busy: until then it keeps showing the answer it has, and renders nothing in between.
pub const QUIET_MS: u32 = 100;

/// The whole state: the view plus what must stay in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// What the page shows (serialisable).
    pub view: ViewState,
    /// Files whose settings (an HTTP.sys binding, `netsh http show sslcert` output; an IIS
    /// configuration) were applied to the server settings: once each, so that a setting the
    /// user changes afterwards stays. The panel names them.
    settings_applied: Vec<String>,
    /// File contents by id (memory only).
    contents: IdMap<Content>,
    /// Passwords by file id (memory only; never serialised, never shown).
    passwords: IdMap<String>,
    /// The analysis of the current files, as the page shows it.
    pub report: Rc<PageReport>,
    /// The server prediction for the verdict, apart from the report: a settings change
    /// replaces it without copying the report (10,000 certificates).
    pub server: Option<Rc<super::page::ServerReport>>,
    /// The time the report was evaluated at (Unix seconds).
    pub evaluated_at: i64,
    /// What the verdict is about.
    pub subject: VerdictSubject,
    /// One row per certificate with its one status (recomputed with the report only).
    pub rows: Rc<Vec<super::status::CertRow>>,
    /// How many full analyses ran (the page shows it as `data-analyses`; tests count re-analyses).
    pub analyses: u32,
    next_id: u32,
    /// The latest job for the analysis (the page posts it to the worker when its `seq` changes).
    pub job: Option<Rc<Job>>,
    /// Waiting for the answer to `job`.
    pub busy: bool,
    /// Busy with a prediction only (a settings change, answered within a frame or two), not
    /// shown: the page keeps its answer on screen until the new one comes, or until
    /// [`Action::ShowBusy`] after [`QUIET_MS`]. Rendering "busy" first cost a render of the
    /// whole page and a frame before the answer could be shown.
    pub quiet: bool,
    /// How many answers to jobs the page has taken, predictions included (`data-answers`: what
    /// tests and the benchmark wait for after a settings change, which shows no busy state).
    pub answers: u32,
    /// Moves with every change of state the page must show; a quiet prediction leaves it
    /// (the app renders again only when it moves).
    pub shown: u32,
    /// The analysis failed: what to tell the user.
    pub failure: Option<String>,
    /// How far the running analysis is (the worker reports it while it works).
    pub progress: Option<super::work::Progress>,
    /// The report is a first answer: the worker is checking the roots' own signatures and
    /// will answer again ([`Done::pending`]); the verdict may still change.
    pub checking: bool,
    /// The analysis the report comes from ([`Done::analysis`]).
    analysis: u32,
    /// A big drop is listed ([`Done::listing`]): `rows` are its certificates with provisional
    /// statuses, `report` is empty until the analysis answers (`busy` meanwhile).
    pub listing: bool,
    /// The report's certificates are summaries: cards ask the worker for theirs in full.
    pub thin: bool,
    /// The files `report` is about (`view.files` runs ahead while an analysis is on its way).
    pub analysed_files: Rc<Vec<FileMeta>>,
    /// The files of the latest analysis job.
    job_files: Rc<Vec<FileMeta>>,
    /// Predictions the worker made ahead on the analysis shown, for the verdicts one change
    /// away from the job `near_center` ([`super::work::NearAnswers`], in batches).
    near: Vec<Rc<super::work::NearAnswers>>,
    near_center: u32,
    /// The latest job (a prediction) was answered from `near` when it was made: its answer
    /// is shown; the worker's own answer, which follows, only ends it.
    answered_near: bool,
}

/// The report of no files at all, evaluated at `at` (what the core answers for nothing).
pub fn empty_report(at: i64) -> PageReport {
    PageReport { version: env!("CARGO_PKG_VERSION").to_string(), evaluated_at: crate::model::rfc3339_from_unix(at), ..PageReport::default() }
}

impl AppState {
    /// An empty state, evaluated at `now`.
    pub fn new(now: i64) -> Self {
        Self {
            view: ViewState::default(),
            settings_applied: Vec::new(),
            contents: IdMap::default(),
            passwords: IdMap::default(),
            report: Rc::new(empty_report(now)),
            server: None,
            evaluated_at: now,
            subject: VerdictSubject::default(),
            rows: Rc::new(Vec::new()),
            analyses: 0,
            next_id: 1,
            job: None,
            busy: false,
            quiet: false,
            answers: 0,
            shown: 0,
            failure: None,
            progress: None,
            checking: false,
            analysis: 0,
            listing: false,
            analysed_files: Rc::new(Vec::new()),
            thin: false,
            job_files: Rc::new(Vec::new()),
            near: Vec::new(),
            near_center: 0,
            answered_near: false,
        }
    }

    /// The state after `action`, with the analysis run at once (native: the CLI's
    /// tests and this module's; the page runs it in a worker).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn apply(&self, action: Action, now: i64) -> Self {
        let mut next = self.update(action, now);
        // An answer may ask for a follow-up (a binding's settings applied): run that too.
        for _ in 0..3 {
            let Some(job) = next.job.clone().filter(|_| next.busy) else { break };
            let done = next.run_here(&job);
            next = next.update(Action::Done(Box::new(done)), now);
        }
        next
    }

    /// Run `job` in this thread: what the worker does, without the wire (a prediction
    /// analyses again: the native state keeps no core report).
    #[cfg(not(target_arch = "wasm32"))]
    fn run_here(&self, job: &Job) -> Done {
        let inputs = self.inputs();
        let mut report = crate::analyze(&inputs, &job.options.options());
        let (subject, server) = super::work::predict(&inputs, &report, &job.verdict);
        report.server = server;
        super::work::done(job, &report, subject, super::work::THIN_ABOVE)
    }

    /// The state after `action` at `now`. When the inputs, the time or the trusted roots
    /// changed, `job` asks for an analysis; when only the verdict's settings changed, for a
    /// prediction; `busy` until [`Action::Done`] answers.
    pub fn update(&self, action: Action, now: i64) -> Self {
        let mut next = self.clone();
        next.shown = self.shown.wrapping_add(1);
        match action {
            Action::AddFiles(files) => {
                for f in files {
                    next.push_file(f.name, f.content);
                }
            }
            Action::Paste(text) => {
                if text.trim().is_empty() {
                    return next;
                }
                let pastes = next.view.files.iter().filter(|f| f.name.starts_with(PASTED_NAME)).count();
                let name = if pastes == 0 { PASTED_NAME.to_string() } else { format!("{PASTED_NAME} {}", pastes + 1) };
                next.push_file(name, Content::Bytes(Rc::new(text.into_bytes())));
            }
            Action::Remove(id) => {
                next.view.files.retain(|f| f.id != id);
                // Dropped again, its binding applies again.
                let files = &next.view.files;
                next.settings_applied.retain(|n| files.iter().any(|f| &f.name == n));
                next.contents.remove(&id);
                next.passwords.remove(&id);
                next.view.forget_listed_toggles();
            }
            Action::Clear => {
                next.settings_applied.clear();
                next.view.forget_listed_toggles();
                next.view.files.clear();
                next.view.selected = None;
                next.view.shared = None;
                next.contents.clear();
                next.passwords.clear();
            }
            Action::SetPassword { file, password } => {
                if next.contents.contains_key(&file) {
                    next.passwords.insert(file, password);
                }
            }
            Action::SetTime(at) => {
                // The user chose the time: it is fixed now, whatever a link said.
                next.view.time_from_link = false;
                if at == next.view.at {
                    return next;
                }
                next.view.at = at;
            }
            Action::SetServer(settings) => {
                // Only the trust settings change the hierarchy; everything else is the
                // server prediction alone, which is cheap to redo.
                let hierarchy = settings.trust != next.view.server.trust || settings.trust_store_files != next.view.server.trust_store_files;
                next.view.server = settings;
                if !hierarchy {
                    next.repredict(self);
                    return next;
                }
            }
            Action::EditServer(edit) => {
                let mut settings = next.view.server.clone();
                (edit.0)(&mut settings);
                return self.update(Action::SetServer(settings), now);
            }
            Action::MarkStoreFile { name, marked } => {
                let mut settings = next.view.server.clone();
                mark_store_file(&mut settings, &name, marked);
                return self.update(Action::SetServer(settings), now);
            }
            Action::VerdictFor(sha256) => {
                next.view.verdict_for = sha256;
                next.repredict(self);
                return next;
            }
            Action::SetMode(mode) => {
                next.view.mode = mode;
                next.repredict(self);
                return next;
            }
            Action::Assume { setting, value } => {
                if next.view.server.assume(&setting, value.as_deref()) {
                    if !next.view.assumed.contains(&setting) {
                        next.view.assumed.push(setting);
                    }
                    next.repredict(self);
                }
                return next;
            }
            Action::ToggleOpen(sha256) => {
                let n = next.rows.len();
                let want_open = !next.view.is_open(&sha256, n);
                if next.view.selected.as_deref() == Some(sha256.as_str()) {
                    next.view.selected = None;
                }
                next.view.toggled.retain(|s| s != &sha256);
                if want_open != (n <= OPEN_BY_DEFAULT) {
                    next.view.toggled.push(sha256);
                }
                return next;
            }
            Action::ToggleRootTrust(sha256) => {
                if next.view.untrusted_roots.contains(&sha256) {
                    next.view.untrusted_roots.retain(|s| s != &sha256);
                } else {
                    next.view.untrusted_roots.push(sha256);
                }
            }
            Action::OpenLink(opened) => {
                let opened = *opened;
                next = Self::new(now);
                for f in opened.files {
                    next.push_file(f.name, Content::Bytes(Rc::new(f.text.into_bytes())));
                }
                next.view.at = Some(opened.at);
                next.view.time_from_link = !opened.fixed_time;
                next.view.mode = opened.mode;
                next.view.server = opened.server;
                next.view.untrusted_roots = opened.untrusted_roots;
                next.view.shared = Some(opened.facts);
                // Kept when the analysis finds that certificate (see `finish`); the
                // certificate the verdict was about (`server.certificate`, an index)
                // becomes `verdict_for` there too.
                next.view.selected = opened.selected;
                next.job = self.job.clone();
                next.reanalyse(now);
                return next;
            }
            Action::Done(done) => {
                if !next.finish(*done) {
                    next.shown = self.shown; // an answer that changes nothing: nothing to render
                }
                return next;
            }
            Action::Failed(message) => {
                if next.listing {
                    // No status of the listing stays: none will be checked.
                    next.rows = Rc::new(Vec::new());
                    next.listing = false;
                }
                next.busy = false;
                next.quiet = false;
                next.checking = false;
                next.progress = None;
                next.failure = Some(message);
                return next;
            }
            Action::Progress(p) => {
                if next.busy || next.checking {
                    next.progress = Some(p);
                }
                return next;
            }
            Action::Select(sha256) => {
                next.view.selected = sha256;
                return next;
            }
            Action::ShowBusy(seq) => {
                if next.quiet && next.busy && !next.answered_near && next.job.as_ref().is_some_and(|j| j.seq == seq) {
                    next.quiet = false;
                } else {
                    next.shown = self.shown; // answered already, or a later job's: nothing to show
                }
                return next;
            }
        }
        next.reanalyse(now);
        next
    }

    /// Whether a password was given for `file`.
    pub fn has_password(&self, file: u32) -> bool {
        self.passwords.contains_key(&file)
    }

    /// The inputs for the core: bytes plus passwords.
    pub fn inputs(&self) -> Vec<InputFile> {
        self.view
            .files
            .iter()
            .map(|f| InputFile {
                name: f.name.clone(),
                // (A browser file is read by the worker only: natively there is none.)
                bytes: match self.contents.get(&f.id) {
                    Some(Content::Bytes(b)) => b.as_ref().clone(),
                    _ => Vec::new(),
                },
                password: self.passwords.get(&f.id).cloned(),
            })
            .collect()
    }

    fn push_file(&mut self, name: String, content: Content) {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        self.view.files.push(FileMeta { id, name, size: content.size() });
        self.contents.insert(id, content);
    }

    /// The analysis options of the current view.
    pub fn options(&self) -> JobOptions {
        JobOptions {
            at: self.evaluated_at,
            server: self.view.server.clone(),
            untrusted_roots: self.view.untrusted_roots.clone(),
            shared: self.view.shared.clone(),
        }
    }

    /// What a share link of this view carries besides the files.
    pub fn view_facts(&self) -> LinkView {
        LinkView {
            at: self.evaluated_at,
            fixed_time: self.view.at.is_some() && !self.view.time_from_link,
            mode: self.view.mode,
            server: crate::server::ServerSettings { certificate: self.subject.certificate, ..self.view.server.clone() },
            selected: self.view.selected.clone(),
            untrusted_roots: self.view.untrusted_roots.clone(),
            shared: self.view.shared.clone(),
        }
    }

    /// The files with their contents, for the worker (the bytes are shared, not copied).
    pub fn files(&self) -> Vec<(String, Content, Option<String>)> {
        self.view
            .files
            .iter()
            .map(|f| (f.name.clone(), self.contents.get(&f.id).cloned().unwrap_or_default(), self.passwords.get(&f.id).cloned()))
            .collect()
    }

    fn next_job(&mut self, analyse: bool) {
        let seq = self.job.as_ref().map_or(1, |j| j.seq.wrapping_add(1));
        // A prediction after an analysis that has not answered yet is part of that analysis.
        let analyse = analyse || (self.busy && self.job.as_ref().is_some_and(|j| j.analyse));
        if analyse {
            self.job_files = Rc::new(self.view.files.clone());
            // The final answer of the analysis shown is moot now, and so are the answers made ahead.
            self.checking = false;
            self.near.clear();
        }
        self.answered_near = false;
        let verdict = Verdict { verdict_for: self.view.verdict_for.clone(), mode: self.view.mode, server: self.view.server.clone(), at: self.evaluated_at };
        self.job = Some(Rc::new(Job { seq, analyse, options: self.options(), verdict }));
        self.busy = true;
        self.quiet = false;
        self.progress = None;
        self.failure = None;
    }

    fn reanalyse(&mut self, now: i64) {
        self.evaluated_at = self.view.at.unwrap_or(now);
        if self.view.files.is_empty() {
            // Nothing to analyse: no worker needed (it is loaded with the first file).
            self.report = Rc::new(empty_report(self.evaluated_at));
            self.server = None;
            self.thin = false;
            self.analyses = self.analyses.wrapping_add(1);
            self.rows = Rc::new(Vec::new());
            self.analysed_files = Rc::new(Vec::new());
            self.view.selected = None;
            self.view.verdict_for = None;
            self.subject = VerdictSubject::default();
            let seq = self.job.as_ref().map_or(0, |j| j.seq.wrapping_add(1));
            // A job nobody runs: answers to earlier ones are ignored.
            self.job = Some(Rc::new(Job { seq, ..Job::default() }));
            self.busy = false;
            self.quiet = false;
            self.checking = false;
            self.listing = false;
            self.failure = None;
            return;
        }
        self.next_job(true);
    }

    /// Redo only the server prediction (the worker keeps the analysis). Quiet when the page
    /// (`before`) shows a finished answer or a quiet prediction: nothing new is shown until the
    /// answer (the settings the user changed show themselves).
    fn repredict(&mut self, before: &AppState) {
        if self.view.files.is_empty() {
            return;
        }
        self.next_job(false);
        let analysing = self.job.as_ref().is_some_and(|j| j.analyse);
        if !analysing && (!before.busy || before.quiet) {
            self.quiet = true;
            // Made ahead: shown now (the render of this change), the worker's answer confirms it.
            let key = self.job.as_ref().filter(|_| !self.near.is_empty()).map(|job| super::wire::encode(&job.verdict));
            let near = key.and_then(|key| self.near.iter().find_map(|n| n.answer_for(&key)));
            match near {
                Some((server, subject)) => {
                    self.server = server;
                    self.subject = subject;
                    self.answers = self.answers.wrapping_add(1);
                    self.answered_near = true;
                }
                None => self.shown = before.shown,
            }
        }
    }

    /// Whether the page shows that it is busy (not while a prediction is quiet).
    pub fn shows_busy(&self) -> bool {
        self.busy && !self.quiet
    }

    /// Take the answer to a job; false when it changes nothing (an older job's), so that
    /// [`AppState::shown`] stays where it was and the page need not render.
    fn finish(&mut self, done: Done) -> bool {
        let Some(job) = self.job.clone() else { return false };
        if let Some(near) = done.near {
            // Made on the analysis shown (final, nothing analysing): kept with the batches made
            // for the same job (a later job's replace them); nothing to render.
            if done.analysis == self.analysis && !self.checking && !(job.analyse && self.busy) {
                if done.seq != self.near_center {
                    self.near.clear();
                    self.near_center = done.seq;
                }
                self.near.push(Rc::new(near));
            }
            return false;
        }
        if done.listing {
            // A big drop's list ahead of its analysis (the answer to the same job follows):
            // its rows, no report (nothing of an earlier one stays), the job still running.
            if done.seq == job.seq && job.analyse && self.busy {
                self.report = Rc::new(empty_report(self.evaluated_at));
                self.rows = Rc::new(done.rows);
                self.server = None;
                self.subject = VerdictSubject::default();
                self.thin = true;
                self.checking = false;
                self.listing = true;
                self.analysed_files = self.job_files.clone();
                // Half read: the worker reads each certificate in full next (the bar's second
                // half), then checks the signatures and builds the chains, as it tells.
                self.progress = Some(super::work::Progress { stage: super::work::Stage::Reading, done: 1, total: 2 });
                return true;
            }
            return false;
        }
        if done.seq != job.seq {
            // An answer to an older job, ignored; except the final answer of the analysis
            // shown, overtaken by a newer prediction-only job: its report is taken (the newer
            // job's answer brings the prediction).
            if self.checking && !done.pending && !done.stale && !job.analyse && done.analysis == self.analysis {
                if let Some(report) = done.report {
                    self.report = Rc::new(report);
                    self.rows = Rc::new(done.rows);
                    self.thin = done.thin;
                    self.checking = false;
                    return true;
                }
            }
            return false;
        }
        if done.stale {
            // The worker was restarted and lost the files: the same job, as an analysis.
            self.next_job(true);
            return true;
        }
        if std::mem::take(&mut self.answered_near) && done.report.is_none() {
            // The worker's answer to a job answered ahead: the prediction made ahead is this
            // one (the same analysis, the same verdict: `work::tests` hold them equal), so it
            // only ends the job; nothing to render.
            self.busy = false;
            self.quiet = false;
            return false;
        }
        self.busy = false;
        self.quiet = false;
        self.answers = self.answers.wrapping_add(1);
        self.listing = false;
        self.progress = None;
        self.failure = None;
        self.server = done.server;
        // The final answer of the analysis shown refines it: not a new analysis.
        let refined = self.checking && done.analysis == self.analysis;
        self.checking = done.pending;
        if let Some(report) = done.report {
            self.report = Rc::new(report);
            self.near.clear();
            self.thin = done.thin;
            self.analysed_files = self.job_files.clone();
            if !refined {
                self.analyses = self.analyses.wrapping_add(1);
            }
            self.analysis = done.analysis;
            rename_toggled(&mut self.view.toggled, &self.rows, &done.rows);
            self.rows = Rc::new(done.rows);
            // A selection that no longer exists is dropped.
            let exists = |sha: &String| self.report.certificates.iter().any(|c| &c.view.sha256 == sha);
            if self.view.selected.as_ref().is_some_and(|s| !exists(s)) {
                self.view.selected = None;
            }
            if self.view.verdict_for.as_ref().is_some_and(|s| !exists(s)) {
                self.view.verdict_for = None;
            }
            // A share link's verdict certificate (an index) is named by SHA-256 from now on.
            if let Some(i) = self.view.server.certificate.take() {
                if self.view.verdict_for.is_none() {
                    self.view.verdict_for = self.report.certificates.get(i).map(|c| c.view.sha256.clone());
                }
            }
        }
        self.subject = done.subject;
        self.apply_file_settings();
        true
    }

    /// The files whose settings were applied to the server settings (the panel says so).
    pub fn settings_from(&self) -> &[String] {
        &self.settings_applied
    }

    /// A file of `netsh http show sslcert` output or an IIS configuration answered for the
    /// first time: its settings (a binding's: the first one's) become the server settings (the
    /// panel shows them), and the verdict is predicted again with them.
    fn apply_file_settings(&mut self) {
        let mut binding = None;
        let mut iis = None;
        for f in self.report.files.iter().filter(|f| !f.bindings.is_empty() || f.iis.is_some()) {
            if !self.settings_applied.contains(&f.name) {
                self.settings_applied.push(f.name.clone());
                binding = binding.or_else(|| f.bindings.first().cloned());
                iis = iis.or(f.iis);
            }
        }
        let by_binding = binding.is_some_and(|b| self.view.server.apply_binding(&b));
        let by_iis = iis.is_some_and(|c| self.view.server.apply_iis(&c));
        if by_binding || by_iis {
            self.next_job(false);
            // A follow-up of the answer shown: no busy state in between.
            self.quiet = true;
        }
    }
}

/// Rows toggled while a drop was only listed are named by index (`#4`, a listing's row id):
/// the answer's row of that index (`rows`) is the same certificate, named by its SHA-256 from
/// now on. Indices are stable while files are only added or settings change, so a toggle of
/// a listing overtaken by a newer job names the same certificate in the newer one.
fn rename_toggled(toggled: &mut [String], listing: &[super::status::CertRow], rows: &[super::status::CertRow]) {
    for t in toggled.iter_mut().filter(|t| super::status::is_listing_id(t)) {
        if let Some((_, row)) = listing.iter().zip(rows).find(|(l, _)| l.id == *t) {
            *t = row.id.clone();
        }
    }
}

/// The rows a paged list shows: those matching `filter`, the first `limit` of them, and the
/// certificate opened from elsewhere (`selected`, SHA-256) when it matches further down (it
/// opens where it is listed, not on a page the user has not reached). Also: how many match.
pub fn list_page<'a>(rows: &'a [super::status::CertRow], filter: &str, limit: usize, selected: Option<&str>) -> (Vec<&'a super::status::CertRow>, usize) {
    let matching: Vec<&super::status::CertRow> = if filter.trim().is_empty() {
        rows.iter().collect()
    } else {
        let filter = super::status::RowFilter::new(filter);
        rows.iter().filter(|r| r.matches_prepared(&filter)).collect()
    };
    let mut shown: Vec<&super::status::CertRow> = matching.iter().take(limit).copied().collect();
    if let Some(sel) = selected {
        if let Some(r) = matching.iter().skip(limit).find(|r| r.id == sel) {
            shown.push(r);
        }
    }
    (shown, matching.len())
}

/// A small map by id, kept sorted (a few files, a few pending tasks): a vector, so that the
/// page's wasm carries no B-tree.
#[derive(Debug)]
pub struct IdMap<V>(Vec<(u32, V)>);

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V: Clone> Clone for IdMap<V> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<V: PartialEq> PartialEq for IdMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<V> IdMap<V> {
    /// Set `id` to `value` (replacing an earlier value).
    pub fn insert(&mut self, id: u32, value: V) {
        match self.0.binary_search_by_key(&id, |e| e.0) {
            Ok(i) => {
                if let Some(e) = self.0.get_mut(i) {
                    e.1 = value;
                }
            }
            Err(i) => self.0.insert(i, (id, value)),
        }
    }

    /// Take `id` out.
    pub fn remove(&mut self, id: &u32) -> Option<V> {
        self.0.binary_search_by_key(id, |e| e.0).ok().map(|i| self.0.remove(i).1)
    }

    /// The value of `id`.
    pub fn get(&self, id: &u32) -> Option<&V> {
        self.0.binary_search_by_key(id, |e| e.0).ok().and_then(|i| self.0.get(i)).map(|e| &e.1)
    }

    /// Whether `id` is there.
    pub fn contains_key(&self, id: &u32) -> bool {
        self.get(id).is_some()
    }

    /// Everything out.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The entries, by id.
    pub fn into_values(self) -> impl Iterator<Item = V> {
        self.0.into_iter().map(|e| e.1)
    }
}

/// Mark or unmark `name` as a trust-store file; the trust setting follows the list.
pub fn mark_store_file(settings: &mut ServerSettings, name: &str, marked: bool) {
    use crate::server::settings::Trust;
    settings.trust_store_files.retain(|f| f != name);
    if marked {
        settings.trust_store_files.push(name.to_string());
    }
    if !settings.trust_store_files.is_empty() {
        settings.trust = Trust::Store;
    } else if settings.trust == Trust::Store {
        settings.trust = Trust::RootInChain;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z

    /// A share link of the state's view, made as the worker makes it.
    fn link_of(s: &AppState) -> crate::report::share::Link {
        let report = crate::analyze(&s.inputs(), &s.options().options());
        crate::report::share::make_link(&s.inputs(), &report, &s.view_facts().facts(), crate::report::share::Scope::Everything).unwrap()
    }

    fn fixture(path: &str) -> NewFile {
        let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        NewFile::bytes(path.rsplit('/').next().unwrap_or(path), std::fs::read(full).unwrap())
    }

    #[test]
    fn adding_files_analyses_them() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/root_ca.pem")]), NOW);
        assert_eq!(s.view.files.len(), 2);
        assert_eq!(s.report.files.len(), 2);
        assert_eq!(s.report.certificates.len(), 2);
        assert_eq!(s.report.evaluated_at, "2026-11-23T00:00:00Z");
    }

    #[test]
    fn garbage_gets_a_problem_and_removal_reanalyses() {
        let s = AppState::new(NOW).apply(
            Action::AddFiles(vec![NewFile::bytes("junk.cer", b"hello".to_vec()), fixture("chain/ee_client.cer")]),
            NOW,
        );
        assert!(!s.report.files[0].problems.is_empty());
        let junk = s.view.files[0].id;
        let s = s.apply(Action::Remove(junk), NOW);
        assert_eq!(s.report.files.len(), 1);
        assert_eq!(s.report.files[0].name, "ee_client.cer");
    }

    #[test]
    fn pastes_are_numbered_and_blank_pastes_ignored() {
        let Content::Bytes(pem) = fixture("chain/root_ca.pem").content else { unreachable!("a fixture is bytes") };
        let pem = String::from_utf8(pem.to_vec()).unwrap();
        let s = AppState::new(NOW).apply(Action::Paste(pem.clone()), NOW).apply(Action::Paste("  \n".into()), NOW);
        let s = s.apply(Action::Paste(pem), NOW);
        let names: Vec<_> = s.view.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["pasted text", "pasted text 2"]);
        // The same certificate twice is one certificate in the report.
        assert_eq!(s.report.certificates.len(), 1);
    }

    #[test]
    fn passwords_reach_the_core_but_never_the_view() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        let id = s.view.files[0].id;
        let s = s.apply(Action::SetPassword { file: id, password: "hunter2".into() }, NOW);
        assert!(s.has_password(id));
        assert_eq!(s.inputs()[0].password.as_deref(), Some("hunter2"));
        let json = serde_json::to_string(&s.view).unwrap();
        assert!(!json.contains("hunter2"), "{json}");
        let back: ViewState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s.view);
        // Removing the file forgets its password.
        let s = s.apply(Action::Remove(id), NOW);
        assert!(!s.has_password(id));
    }

    #[test]
    fn fixed_time_changes_the_verdict() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        assert_eq!(s.report.certificates[0].view.validity.state, crate::ui::page::ValidityState::Valid);
        let s = s.apply(Action::SetTime(Some(NOW + 3 * 365 * 86_400)), NOW);
        assert_eq!(s.report.certificates[0].view.validity.state, crate::ui::page::ValidityState::Expired);
        let s = s.apply(Action::SetTime(None), NOW);
        assert_eq!(s.evaluated_at, NOW);
    }

    #[test]
    fn server_settings_reach_the_prediction() {
        use crate::server::settings::{Revocation, SslMode};
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("pkcs12/ee_client_noenc.pfx"), fixture("chain/root_ca.cer")]), NOW);
        let before = s.server.as_ref().map(|r| r.outcome.clone());
        let settings = ServerSettings { ssl: SslMode::Ignore, revocation: Revocation::Off, ..ServerSettings::default() };
        let s = s.apply(Action::SetServer(settings.clone()), NOW);
        assert_eq!(s.view.server, settings);
        let after = s.server.as_ref().map(|r| r.outcome.clone());
        assert!(after.is_some());
        assert_ne!(before, after);
        // The settings are part of the serialisable view.
        let json = serde_json::to_string(&s.view).unwrap();
        assert!(json.contains("\"ssl\":\"ignore\""), "{json}");
    }

    /// `netsh http show sslcert` output dropped with a chain: its binding's settings become
    /// the panel's (once: a setting changed afterwards stays), and the verdict follows them.
    #[test]
    fn a_netsh_binding_sets_the_server_settings_once() {
        use crate::server::settings::Revocation;
        let netsh = "SSL Certificate bindings:\r\n\r\n    IP:port                      : 0.0.0.0:443\r\n    Verify Client Certificate Revocation : Disabled\r\n    DS Mapper Usage              : Enabled\r\n";
        let chain = vec![fixture("chain/ee_intranet_cdp.der"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let without = AppState::new(NOW).apply(Action::AddFiles(chain.clone()), NOW);
        let s = AppState::new(NOW).apply(Action::AddFiles(chain), NOW).apply(Action::Paste(netsh.into()), NOW);
        assert_eq!(s.view.server.revocation, Revocation::Off);
        assert!(s.report.files.iter().any(|f| f.notes.iter().any(|n| n.starts_with("`netsh http show sslcert` output: the binding 0.0.0.0:443 has revocation checking off"))));
        let (a, b) = (without.server.as_ref().map(|r| r.trace.clone()), s.server.as_ref().map(|r| r.trace.clone()));
        assert_ne!(a, b, "the verdict is predicted with the binding's settings");
        let expected = s.apply(Action::SetServer(ServerSettings { revocation: Revocation::Off, ..ServerSettings::default() }), NOW);
        assert_eq!(s.server, expected.server, "the same as setting it by hand");
        // Changed by hand afterwards: it stays, through the next analysis.
        let s = s.apply(Action::SetServer(ServerSettings { revocation: Revocation::On, ..s.view.server.clone() }), NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        assert_eq!(s.view.server.revocation, Revocation::On);
    }

    #[test]
    fn untrusting_a_root_changes_the_hierarchy() {
        use crate::ui::page::AnchorTrust;
        let s = AppState::new(NOW).apply(
            Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")]),
            NOW,
        );
        let trust = |s: &AppState| s.report.hierarchy.tree.first().and_then(|n| n.anchor_trust);
        assert_eq!(trust(&s), Some(AnchorTrust::TrustedForAnalysis));
        let root = s.report.certificates.iter().find(|c| c.view.self_issued).unwrap().view.sha256.clone();
        let s = s.apply(Action::ToggleRootTrust(root.clone()), NOW);
        assert_eq!(trust(&s), Some(AnchorTrust::Untrusted));
        let s = s.apply(Action::ToggleRootTrust(root), NOW);
        assert_eq!(trust(&s), Some(AnchorTrust::TrustedForAnalysis));
    }

    #[test]
    fn the_verdict_can_be_about_any_certificate() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/ee_server.pem")]), NOW);
        let alice = s.report.certificates.iter().position(|c| c.view.subject.contains("alice")).unwrap();
        assert_eq!(s.subject.certificate, Some(alice));
        assert_eq!(s.server.as_ref().unwrap().mode, crate::server::Mode::ClientCertificate.to_string());
        let server_sha = s.report.certificates.iter().find(|c| c.view.subject.contains("www.contoso.com")).unwrap().view.sha256.clone();
        let s = s.apply(Action::VerdictFor(Some(server_sha)), NOW);
        // A server-authentication-only certificate with DNS names: browsers, automatically.
        assert!(s.subject.auto_server);
        assert_eq!(s.subject.host.as_deref(), Some("www.contoso.com"));
        assert_eq!(s.server.as_ref().unwrap().mode, crate::server::Mode::ServerCertificate.to_string());
        // The user can switch to a client verdict.
        let s = s.apply(Action::SetMode(VerdictMode::Client), NOW);
        assert!(!s.subject.auto_server);
        assert_eq!(s.server.as_ref().unwrap().mode, crate::server::Mode::ClientCertificate.to_string());
    }

    #[test]
    fn a_drop_of_ca_certificates_only_gets_no_client_verdict() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/int_ca.der"), fixture("chain/root_ca.der")]), NOW);
        assert!(s.subject.ca_only);
        let root = s.report.certificates[1].view.sha256.clone();
        let s = s.apply(Action::VerdictFor(Some(root)), NOW);
        assert!(!s.subject.ca_only, "chosen by hand: a verdict after all");
        assert_eq!(s.subject.certificate, Some(1));
    }

    #[test]
    fn quick_toggles_redo_only_the_prediction_and_match_a_full_analysis() {
        let s = AppState::new(NOW).apply(
            Action::AddFiles(vec![fixture("chain/ee_intranet_cdp.der"), fixture("chain/int_ca.der"), fixture("chain/root_ca.der")]),
            NOW,
        );
        let before = s.server.clone().unwrap();
        let setting = before.outcome_if.iter().flat_map(|b| b.assumes.iter()).find(|a| a.setting.starts_with("reach.")).unwrap().setting.clone();
        let s2 = s.apply(Action::Assume { setting: setting.clone(), value: Some("no".into()) }, NOW);
        assert!(s2.view.assumed.contains(&setting));
        assert_eq!(s2.view.server.assumed(&setting).as_deref(), Some("no"));
        // The decoded certificates and the hierarchy are the very same (not re-analysed).
        assert!(Rc::ptr_eq(&s.rows, &s2.rows));
        // ... and the prediction equals that of a full analysis with those settings.
        let full = s2.clone().apply(Action::SetTime(Some(NOW)), NOW);
        assert_eq!(full.server, s2.server);
        assert_ne!(s2.server, Some(before));
        // Back to unknown.
        let s3 = s2.apply(Action::Assume { setting: setting.clone(), value: None }, NOW);
        assert_eq!(s3.view.server.assumed(&setting).as_deref(), Some("unknown"));
    }

    #[test]
    fn marking_store_files_sets_the_trust_from_the_list() {
        use crate::server::settings::Trust;
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("truststore/roots10.sst")]), NOW);
        let mark = |s: &AppState, marked| s.apply(Action::MarkStoreFile { name: "roots10.sst".into(), marked }, NOW);
        let s = mark(&s, true);
        assert_eq!(s.view.server.trust, Trust::Store);
        assert_eq!(s.view.server.trust_store_files, ["roots10.sst"]);
        assert!(s.report.trust_store.is_some());
        // Twice is once.
        let s = mark(&s, true);
        assert_eq!(s.view.server.trust_store_files.len(), 1);
        let s = mark(&s, false);
        assert_eq!(s.view.server.trust, Trust::RootInChain);
        assert!(s.view.server.trust_store_files.is_empty());
        // Unmarking leaves a trust the user chose by hand alone.
        let mut settings = ServerSettings { trust: Trust::NotTrusted, ..ServerSettings::default() };
        mark_store_file(&mut settings, "x.sst", false);
        assert_eq!(settings.trust, Trust::NotTrusted);
    }

    #[test]
    fn the_same_time_twice_does_not_reanalyse() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        let s = s.apply(Action::SetTime(Some(NOW)), NOW);
        let s2 = s.apply(Action::SetTime(Some(NOW)), NOW);
        assert!(Rc::ptr_eq(&s.report, &s2.report));
    }

    #[test]
    fn cards_open_by_default_for_a_few_certificates_only() {
        let mut v = ViewState::default();
        assert!(v.is_open("a", 3));
        assert!(!v.is_open("a", 4));
        v.toggled.push("a".into());
        assert!(!v.is_open("a", 3));
        assert!(v.is_open("a", 4));
        v.selected = Some("b".into());
        assert!(v.is_open("b", 100));
    }

    #[test]
        fn a_share_link_rebuilds_the_view() {
        use crate::report::share;
        let mut pfx = fixture("pkcs12/ee_client_aes256.pfx");
        pfx.name = "alice.pfx".into();
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![pfx, fixture("chain/root_ca.cer")]), NOW);
        let id = s.view.files[0].id;
        let s = s.apply(Action::SetPassword { file: id, password: "certlens".into() }, NOW);
        let sha = s.report.certificates[0].view.sha256.clone();
        let s = s.apply(Action::Select(Some(sha.clone())), NOW);
        let link = link_of(&s);
        let opened = share::decode(&link.fragment).unwrap().open();
        let t = AppState::new(NOW + 999).apply(Action::OpenLink(Box::new(crate::ui::work::opened_link(opened))), NOW + 999);
        assert_eq!(t.view.selected, Some(sha));
        assert_eq!(t.evaluated_at, NOW);
        assert_eq!(t.report.certificates.len(), s.report.certificates.len());
        assert_eq!(t.server.as_ref().map(|r| &r.outcome), s.server.as_ref().map(|r| &r.outcome));
        let notes = t.view.shared.as_ref().unwrap().not_in_link.clone();
        assert!(notes.iter().any(|n| n.starts_with("alice.pfx held a private key")), "{notes:?}");
        let t = t.apply(Action::Clear, NOW);
        assert!(t.view.shared.is_none());
    }

    #[test]
    fn a_link_made_again_from_an_opened_link_keeps_mode_and_time() {
        use crate::report::share;
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer")]), NOW);
        let s = s.apply(Action::SetMode(VerdictMode::Server), NOW);
        let link = link_of(&s);
        let meta = share::decode(&link.fragment).unwrap().meta;
        assert_eq!(meta.mode, VerdictMode::Server);
        assert!(!meta.fixed_time, "the sharer did not fix the time");
        let opened = share::decode(&link.fragment).unwrap().open();
        let t = AppState::new(NOW + 999).apply(Action::OpenLink(Box::new(crate::ui::work::opened_link(opened))), NOW + 999);
        assert_eq!(t.view.mode, VerdictMode::Server);
        assert_eq!(t.evaluated_at, NOW, "evaluated when the link was made");
        let again = link_of(&t);
        let meta2 = share::decode(&again.fragment).unwrap().meta;
        assert_eq!((meta2.mode, meta2.fixed_time, meta2.at), (meta.mode, meta.fixed_time, meta.at));
        assert_eq!(t.server.as_ref().map(|r| &r.outcome), s.server.as_ref().map(|r| &r.outcome));
        // Choosing a time in the opened view fixes it.
        let u = t.apply(Action::SetTime(Some(NOW)), NOW + 999);
        assert!(share::decode(&link_of(&u).fragment).unwrap().meta.fixed_time);
    }

    #[test]
    fn the_page_only_asks_and_takes_the_latest_answer() {
        // `update` never analyses: it records a job and is busy until the answer.
        let s = AppState::new(NOW).update(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        assert!(s.busy);
        assert!(s.report.certificates.is_empty());
        assert!(s.analysed_files.is_empty(), "the file list waits for the analysis");
        let first = s.job.clone().unwrap();
        assert!(first.analyse);
        // A second file before the answer: a newer job; the older answer is ignored.
        let s = s.update(Action::AddFiles(vec![fixture("chain/root_ca.cer")]), NOW);
        let second = s.job.clone().unwrap();
        assert_eq!(second.seq, first.seq + 1);
        let mut w = super::super::work::Worker::default();
        let old = w.run(&crate::ui::wire::encode(&*first), Some(s.inputs()[..1].to_vec()));
        let t = s.update(Action::Done(Box::new(crate::ui::wire::decode(&old).unwrap())), NOW);
        assert!(t.busy && t.report.certificates.is_empty());
        // While busy the worker's progress is shown; the answer ends it.
        let p = super::super::work::Progress { stage: super::super::work::Stage::Reading, done: 1, total: 2 };
        let t = t.update(Action::Progress(p), NOW);
        assert_eq!(t.progress, Some(p));
        let new = w.run(&crate::ui::wire::encode(&*second), Some(s.inputs()));
        let t = t.update(Action::Done(Box::new(crate::ui::wire::decode(&new).unwrap())), NOW);
        assert!(!t.busy);
        assert_eq!(t.progress, None);
        assert_eq!(t.update(Action::Progress(p), NOW).progress, None, "no progress when idle");
        assert_eq!(t.report.certificates.len(), 2);
        assert_eq!(t.analysed_files.len(), 2);
        assert_eq!(t.analyses, 1);
        // A settings change while idle only predicts, on the worker's kept analysis.
        let u = t.update(Action::SetMode(VerdictMode::Server), NOW);
        assert!(!u.job.as_ref().unwrap().analyse);
        // ... but during an analysis it is part of a new analysis.
        let v = t.update(Action::SetTime(Some(NOW + 1)), NOW).update(Action::SetMode(VerdictMode::Client), NOW);
        assert!(v.job.as_ref().unwrap().analyse);
    }

    #[test]
    fn a_settings_change_is_answered_quietly_and_shows_busy_only_when_it_takes_long() {
        use crate::ui::wire::{decode, encode};
        let mut w = super::super::work::Worker::default();
        let mut answer = |s: &AppState, files: bool| -> Action {
            let job = s.job.clone().unwrap();
            Action::Done(Box::new(decode(&w.run(&encode(&*job), files.then(|| s.inputs()))).unwrap()))
        };
        // An analysis shows itself busy, and the page renders it.
        let s = AppState::new(NOW).update(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer")]), NOW);
        assert!(s.busy && !s.quiet && s.shows_busy());
        assert_ne!(s.shown, AppState::new(NOW).shown);
        let done = answer(&s, true);
        let s = s.update(done, NOW);
        assert_eq!((s.busy, s.answers, s.analyses), (false, 1, 1));
        // A settings change: a prediction only, busy but quiet: nothing for the page to render.
        let mode = s.update(Action::SetMode(VerdictMode::Server), NOW);
        assert!(mode.busy && mode.quiet && !mode.shows_busy() && !mode.job.as_ref().unwrap().analyse);
        assert_eq!(mode.shown, s.shown, "the page keeps its answer until the new one");
        // A second change before the answer: still quiet; the answer to the first is ignored.
        let first = answer(&mode, false);
        let settings = ServerSettings { revocation: crate::server::settings::Revocation::Off, ..mode.view.server.clone() };
        let two = mode.update(Action::SetServer(settings), NOW);
        assert!(two.quiet && two.shown == s.shown);
        let seq = two.job.as_ref().unwrap().seq;
        let ignored = two.update(first, NOW);
        assert!(ignored.busy && ignored.quiet && ignored.answers == 1 && ignored.shown == two.shown, "nothing to render");
        // Its own answer ends it: counted (`data-answers`) and rendered; no analysis.
        let done = answer(&two, false);
        let t = two.update(done, NOW);
        assert!(!t.busy && !t.quiet);
        assert_eq!((t.answers, t.analyses), (2, 1));
        assert_ne!(t.shown, s.shown);
        assert_eq!(t.view.mode, VerdictMode::Server);
        // Late: the page shows it is busy (ShowBusy after QUIET_MS), for that job only.
        let slow = t.update(Action::SetMode(VerdictMode::Client), NOW);
        let seq2 = slow.job.as_ref().unwrap().seq;
        let stale = slow.update(Action::ShowBusy(seq), NOW);
        assert!(stale.quiet && stale.shown == slow.shown, "an earlier job's reminder changes nothing");
        let shown = slow.update(Action::ShowBusy(seq2), NOW);
        assert!(shown.busy && !shown.quiet && shown.shows_busy() && shown.shown != slow.shown);
        // A reminder after the answer changes nothing either.
        let done = answer(&slow, false);
        let answered = slow.update(done, NOW);
        let after = answered.update(Action::ShowBusy(seq2), NOW);
        assert!(!after.busy && after.shown == answered.shown);
        // A settings change while busy showing (an analysis under way) is no quiet one.
        let analysing = t.update(Action::SetTime(Some(NOW + 1)), NOW);
        let during = analysing.update(Action::SetMode(VerdictMode::Client), NOW);
        assert!(during.busy && !during.quiet && during.shows_busy() && during.job.as_ref().unwrap().analyse);
        // ... nor is a change of trust, which builds the hierarchy again.
        let trust = ServerSettings { trust: crate::server::settings::Trust::Store, ..t.view.server.clone() };
        let rebuilt = t.update(Action::SetServer(trust), NOW);
        assert!(rebuilt.busy && !rebuilt.quiet && rebuilt.job.as_ref().unwrap().analyse);
    }

    #[test]
    fn a_change_made_ahead_is_shown_at_once_and_the_worker_s_answer_only_confirms_it() {
        use crate::server::settings::Revocation;
        use crate::ui::wire::{decode, encode};
        let mut w = super::super::work::Worker::fast_first();
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let s = AppState::new(NOW).update(Action::AddFiles(files), NOW);
        let answer = |w: &mut super::super::work::Worker, s: &AppState, files: bool| -> Done { decode(&w.run(&encode(&**s.job.as_ref().unwrap()), files.then(|| s.inputs()))).unwrap() };
        let s = s.update(Action::Done(Box::new(answer(&mut w, &s, true))), NOW);
        assert!(!s.busy && s.server.is_some());
        // Nothing made ahead yet: a change waits for the worker (quiet, nothing rendered).
        let off = ServerSettings { revocation: Revocation::Off, ..s.view.server.clone() };
        let waiting = s.update(Action::SetServer(off.clone()), NOW);
        assert!(waiting.busy && waiting.quiet && waiting.shown == s.shown && waiting.answers == s.answers);
        // The worker's answers made ahead, in batches, are kept without a render, once per job.
        let mut s = s;
        let mut verdicts = 0;
        while let Some(bytes) = w.near_answers() {
            let near: Done = decode(&bytes).unwrap();
            let made = near.near.as_ref().unwrap();
            assert!(made.verdicts.len() <= super::super::work::NEAR_BATCH && made.answers.len() <= made.verdicts.len());
            verdicts += made.verdicts.len();
            let t = s.update(Action::Done(Box::new(near)), NOW);
            assert!(t.shown == s.shown && !t.busy);
            s = t;
        }
        assert!(verdicts > 40 && s.near.len() == verdicts.div_ceil(super::super::work::NEAR_BATCH), "{verdicts} verdicts");
        // The same change now: its answer shown with the change (rendered, counted), the job
        // still posted to the worker, whose answer is the same and renders nothing.
        let at_once = s.update(Action::SetServer(off), NOW);
        assert!(at_once.answered_near && at_once.busy && at_once.quiet && !at_once.shows_busy());
        assert!(at_once.shown != s.shown && at_once.answers == s.answers + 1);
        let worker_says = answer(&mut w, &at_once, false);
        assert_eq!(worker_says.server, at_once.server, "made ahead = made now");
        assert_ne!(at_once.server, s.server, "revocation off changes the trace");
        // (The reminder to show busy changes nothing: the answer is on the page.)
        let reminded = at_once.update(Action::ShowBusy(at_once.job.as_ref().unwrap().seq), NOW);
        assert!(reminded.quiet && reminded.shown == at_once.shown);
        let confirmed = at_once.update(Action::Done(Box::new(worker_says)), NOW);
        assert!(!confirmed.busy && !confirmed.answered_near && confirmed.shown == at_once.shown && confirmed.answers == at_once.answers);
        // Another mode and another certificate are one change away too.
        let mode = s.update(Action::SetMode(VerdictMode::Server), NOW);
        assert!(mode.answered_near);
        let root = s.report.certificates.iter().find(|c| c.view.subject.contains("Root")).unwrap().view.sha256.clone();
        let about = s.update(Action::VerdictFor(Some(root)), NOW);
        assert!(about.answered_near && about.subject.certificate != s.subject.certificate);
        // Two changes away, or a host name typed: the worker answers.
        let two = ServerSettings { revocation: Revocation::Off, usage_check: false, ..s.view.server.clone() };
        assert!(!s.update(Action::SetServer(two), NOW).answered_near);
        let host = ServerSettings { host: Some("www.example.com".into()), ..s.view.server.clone() };
        assert!(!s.update(Action::SetServer(host), NOW).answered_near);
        // A new analysis drops them (they were made on the old one).
        let again = s.update(Action::SetTime(Some(NOW + 1)), NOW);
        assert!(again.near.is_empty());
    }

    #[test]
    fn the_page_shows_a_first_answer_as_pending_and_takes_the_final_one() {
        use super::super::work::{Worker, Progress, Stage};
        use crate::ui::wire::{decode, encode};
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let s = AppState::new(NOW).update(Action::AddFiles(files), NOW);
        let job = s.job.clone().unwrap();
        let mut w = Worker::deferring_any_root();
        let first: Done = decode(&w.run(&encode(&*job), Some(s.inputs()))).unwrap();
        let s = s.update(Action::Done(Box::new(first)), NOW);
        // Listed at once, not busy, but checking: the verdict may change.
        assert!(!s.busy && s.checking);
        assert_eq!((s.analyses, s.report.certificates.len()), (1, 3));
        let p = Progress { stage: Stage::RootSignatures, done: 1, total: 2 };
        assert_eq!(s.update(Action::Progress(p), NOW).progress, Some(p), "its progress is shown");
        // The final answer for the same job: taken, not counted as another analysis.
        let last: Done = decode(&w.finish_pending(&mut |_| {}).unwrap()).unwrap();
        let t = s.update(Action::Done(Box::new(last)), NOW);
        assert!(!t.busy && !t.checking);
        assert_eq!(t.analyses, 1);
        assert_ne!(t.report, s.report, "the roots' own signatures are checked now");
        let sig = |st: &AppState| st.report.hierarchy.chains[0].best.elements.last().unwrap().signature.clone().unwrap().1;
        assert_eq!((sig(&s).as_str(), sig(&t).as_str()), ("not checked yet", ""));

        // Overtaken: a settings change is sent before the final answer arrives, and the worker
        // had already posted that answer under the older job's number.
        let mut w = Worker::deferring_any_root();
        let first: Done = decode(&w.run(&encode(&*job), Some(s.inputs()))).unwrap();
        let s = AppState::new(NOW).update(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")]), NOW);
        let s = s.update(Action::Done(Box::new(first)), NOW).update(Action::SetMode(VerdictMode::Server), NOW);
        assert!(s.busy && s.checking && !s.job.as_ref().unwrap().analyse);
        let last: Done = decode(&w.finish_pending(&mut |_| {}).unwrap()).unwrap();
        let t = s.update(Action::Done(Box::new(last)), NOW);
        assert!(t.busy && !t.checking, "the report is taken; the prediction is still awaited");
        assert_eq!(sig(&t), "");
        let answer: Done = decode(&w.run(&encode(&**t.job.as_ref().unwrap()), None)).unwrap();
        assert!(!answer.pending);
        let u = t.update(Action::Done(Box::new(answer)), NOW);
        assert!(!u.busy && !u.checking && u.analyses == 1);
        // A final answer of an analysis replaced by a newer one is ignored.
        let mut w = Worker::deferring_any_root();
        let s = AppState::new(NOW).update(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")]), NOW);
        let first: Done = decode(&w.run(&encode(&**s.job.as_ref().unwrap()), Some(s.inputs()))).unwrap();
        let s = s.update(Action::Done(Box::new(first)), NOW).update(Action::SetTime(Some(NOW + 1)), NOW);
        assert!(s.busy && !s.checking && s.job.as_ref().unwrap().analyse);
        let last: Done = decode(&w.finish_pending(&mut |_| {}).unwrap()).unwrap();
        let t = s.update(Action::Done(Box::new(last)), NOW);
        assert_eq!(t.report, s.report);
    }

    #[test]
    fn a_listing_shows_its_rows_until_the_report_and_never_mixes_with_other_jobs() {
        use super::super::work::{listing_done, Stage, Worker};
        use crate::ui::status::StatusKind;
        use crate::ui::wire::{decode, encode};
        let files = || vec![fixture("chain/fullchain.pem"), fixture("chain/ee_expired.der"), fixture("chain/ee_server.der")];
        let listing = |s: &AppState| {
            let job = s.job.clone().unwrap();
            listing_done(job.seq, &crate::analysis::list(&s.inputs(), job.options.at, &mut |_| {}), &[])
        };
        let answer = |s: &AppState| -> Done { decode(&Worker::default().run(&encode(&**s.job.as_ref().unwrap()), Some(s.inputs()))).unwrap() };
        // An earlier analysis is on the page.
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        assert_eq!((s.analyses, s.report.certificates.len()), (1, 1));
        // A big drop: listed, still busy; nothing of the earlier report stays.
        let s = s.update(Action::Clear, NOW).update(Action::AddFiles(files()), NOW);
        let l = s.update(Action::Done(Box::new(listing(&s))), NOW);
        assert!(l.listing && l.busy && !l.checking && l.thin);
        assert_eq!(l.rows.len(), 5);
        assert!(l.report.certificates.is_empty() && l.server.is_none() && l.subject == VerdictSubject::default());
        assert_eq!((l.analysed_files.len(), l.analyses), (3, s.analyses), "the files are shown; no analysis counted yet");
        assert!(l.rows.iter().all(|r| matches!(r.status.kind, StatusKind::Checking | StatusKind::Expired)));
        assert_eq!(l.progress.map(|p| (p.stage, p.done, p.total)), Some((Stage::Reading, 1, 2)), "the bar: half read");
        // A card can be opened meanwhile (the rows decide what is open), its row named by
        // index: a listing's rows have no SHA-256 yet.
        let key = l.rows[4].id.clone();
        assert_eq!(key, "#4");
        let l = l.update(Action::ToggleOpen(key.clone()), NOW);
        assert!(l.view.is_open(&key, l.rows.len()) && !l.view.is_open(&l.rows[3].id, l.rows.len()));
        // The report: the same certificates at the same indices, statuses checked.
        let t = l.update(Action::Done(Box::new(answer(&l))), NOW);
        assert!(!t.listing && !t.busy && t.analyses == s.analyses + 1 && t.progress.is_none());
        assert_eq!(t.report.certificates.len(), 5);
        let names = |st: &AppState| st.rows.iter().map(|r| (r.index, r.name.clone())).collect::<Vec<_>>();
        assert_eq!(names(&t), names(&l));
        assert!(t.rows.iter().all(|r| r.status.kind != StatusKind::Checking));
        assert_eq!(t.view.toggled, [t.report.certificates[4].view.sha256.clone()], "the opened card stays open, named by its SHA-256");
        assert!(t.view.is_open(&t.rows[4].id, 5));
        // "Clear all" during the listing, then another big drop: its row of the same index is
        // not taken for the one opened.
        let c = l.update(Action::Clear, NOW).update(Action::AddFiles(files()), NOW);
        let c = c.update(Action::Done(Box::new(listing(&c))), NOW);
        assert!(c.listing && c.view.toggled.is_empty() && !c.view.is_open(&c.rows[4].id, 5), "{:?}", c.view.toggled);
        // A file added during the listing: the toggled row is the same certificate in the
        // newer job's answer (indices stay while files are added).
        let o = l.update(Action::AddFiles(vec![fixture("chain/ee_no_eku.der")]), NOW);
        let o = o.update(Action::Done(Box::new(answer(&o))), NOW);
        assert_eq!(o.view.toggled, t.view.toggled);
        // Rows named by SHA-256 are never renamed by index: a toggle follows its certificate.
        let more = [fixture("chain/ee_no_eku.der"), fixture("chain/ee_client.cer"), fixture("chain/ee_revoked.der")];
        let moved = t.update(Action::AddFiles(more.to_vec()), NOW);
        let moved = moved.update(Action::Done(Box::new(answer(&moved))), NOW);
        let moved = moved.update(Action::Remove(moved.view.files[0].id), NOW);
        let moved = moved.update(Action::Done(Box::new(answer(&moved))), NOW);
        assert_eq!(moved.rows.len(), 5, "another certificate is at index 4 now");
        assert_eq!(moved.view.toggled, t.view.toggled);
        assert!(moved.view.is_open(&moved.rows[1].id, 5) && !moved.view.is_open(&moved.rows[4].id, 5));
        // A settings change during the listing is a new analysis: the older job's listing and
        // answer are ignored, the newer ones taken.
        let s = AppState::new(NOW).update(Action::AddFiles(files()), NOW);
        let (old_listing, old_answer) = (listing(&s), answer(&s));
        let l = s.update(Action::Done(Box::new(old_listing.clone())), NOW);
        let m = l.update(Action::SetMode(VerdictMode::Server), NOW);
        assert!(m.busy && m.job.as_ref().unwrap().analyse);
        assert_eq!(m.update(Action::Done(Box::new(old_answer)), NOW), m, "the older answer is ignored");
        assert_eq!(m.update(Action::Done(Box::new(old_listing)), NOW), m, "so is the older listing");
        let n = m.update(Action::Done(Box::new(listing(&m))), NOW).update(Action::Done(Box::new(answer(&m))), NOW);
        assert!(!n.busy && !n.listing && n.report.certificates.len() == 5 && n.analyses == 1);
        // A new drop during the listing: the listing of the first drop is never taken for it.
        let d = l.update(Action::AddFiles(vec![fixture("chain/ee_no_eku.der")]), NOW);
        let late = listing(&s);
        assert_eq!(d.update(Action::Done(Box::new(late)), NOW), d);
        let e = d.update(Action::Done(Box::new(answer(&d))), NOW);
        assert!(!e.listing && e.report.certificates.len() == 6 && e.rows.len() == 6);
        // A listing after its answer (never sent so, but harmless) changes nothing.
        assert_eq!(e.update(Action::Done(Box::new(listing(&d))), NOW), e);
        // A failure during the listing leaves no "Checking…" behind.
        let f = l.update(Action::Failed("stopped".into()), NOW);
        assert!(!f.listing && f.rows.is_empty());
    }

    #[test]
    fn a_failed_worker_is_reported_and_clear_all_still_works() {
        let s = AppState::new(NOW).update(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        let s = s.update(Action::Failed("The analysis stopped".into()), NOW);
        assert!(!s.busy);
        assert!(s.failure.is_some());
        // A restarted worker has nothing kept: it says so and the page sends the files again.
        let s = s.update(Action::SetMode(VerdictMode::Client), NOW);
        assert!(s.failure.is_none() && s.busy);
        let job = s.job.clone().unwrap();
        let answer = super::super::work::Worker::default().run(&crate::ui::wire::encode(&*job), None);
        let s = s.update(Action::Done(Box::new(crate::ui::wire::decode(&answer).unwrap())), NOW);
        assert!(s.busy && s.job.as_ref().unwrap().analyse && s.job.as_ref().unwrap().seq == job.seq + 1);
        // Clear all needs no worker at all.
        let s = s.update(Action::Failed("again".into()), NOW).update(Action::Clear, NOW);
        assert!(!s.busy && s.failure.is_none() && s.view.files.is_empty());
        assert_eq!(*s.report, crate::ui::page::page_report(&crate::analyze(&[], &crate::Options::at(NOW)), false));
    }

    #[test]
    fn a_paged_list_shows_its_first_rows_and_the_opened_certificate_beyond_them() {
        let row = |i: usize| crate::ui::status::CertRow {
            index: i,
            id: format!("{i:064x}"),
            sha1: format!("{i:040x}"),
            name: format!("host{i}"),
            is_ca: false,
            self_issued: false,
            server_auth: true,
            host: None,
            status: crate::ui::status::CertStatus { kind: crate::ui::status::StatusKind::Valid, reason: String::new(), restates: None },
            expires: "2027-01-01".into(),
            issued_by: None,
            search: format!("cn=host{i}\0cn=ca"),
        };
        let rows: Vec<_> = (0..1000).map(row).collect();
        let index = |(shown, n): (Vec<&crate::ui::status::CertRow>, usize)| (shown.iter().map(|r| r.index).collect::<Vec<_>>(), n);
        let (first, n) = index(list_page(&rows, "", 100, None));
        assert_eq!((first.len(), first[99], n), (100, 99, 1000));
        // Opened from the hierarchy: number 800 is listed after the first page.
        let sel = rows[800].id.clone();
        let (shown, _) = index(list_page(&rows, "", 100, Some(&sel)));
        assert_eq!((shown.len(), shown[100]), (101, 800));
        // Already on the page, or filtered out: not twice, not against the filter.
        assert_eq!(index(list_page(&rows, "", 100, Some(&rows[5].id))).0.len(), 100);
        let expected: Vec<usize> = [99].into_iter().chain(990..1000).collect();
        assert_eq!(index(list_page(&rows, "host99", 100, Some(&sel))), (expected, 11));
        // The filter finds a certificate far beyond the first page.
        assert_eq!(index(list_page(&rows, "cn=host987", 100, None)), (vec![987], 1));
    }

    #[test]
    fn selection_is_dropped_when_its_certificate_goes() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        let sha = s.report.certificates[0].view.sha256.clone();
        let s = s.apply(Action::Select(Some(sha.clone())), NOW);
        assert_eq!(s.view.selected, Some(sha));
        let s = s.apply(Action::Clear, NOW);
        assert_eq!(s.view.selected, None);
        assert!(s.report.certificates.is_empty());
    }
}

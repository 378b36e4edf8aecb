//! The analysis, as the page asks for it: one [`Job`] in, one [`Done`] out.
//!
//! In the browser the page never analyses: it posts jobs to a web worker (the
//! `certlens-worker` binary, `src/bin/certlens-worker.rs`) that keeps the files
//! and the last analysis ([`Worker`]). A job either analyses (new files, a new
//! time, other trusted roots) or only redoes the server prediction on the kept
//! analysis (server settings, the verdict's certificate, the verdict mode).
//!
//! Jobs and results cross the worker boundary as JSON (file bytes travel beside
//! it, as byte arrays); everything here is plain Rust, so the native tests run
//! the same code the worker runs, JSON included ([`Worker::run_json`]).

use serde::{Deserialize, Serialize};

use super::state::{VerdictMode, VerdictSubject};
use crate::report::share::{self, LinkExtra, ViewFacts};
use crate::server::{ServerReport, ServerSettings};
use crate::{InputFile, Options, Report};

/// What the verdict is about, as the page chose it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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

/// One request to the analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Job {
    /// Sequence number: only the answer to the latest job is shown.
    pub seq: u32,
    /// Analyse the files (`true`) or only redo the prediction on the kept analysis.
    pub analyse: bool,
    /// Analysis options.
    pub options: Options,
    /// What the verdict is about.
    pub verdict: Verdict,
}

/// A file as it crosses to the worker: its bytes go beside the JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileHead {
    /// File name.
    pub name: String,
    /// Password (memory only, never shown or stored).
    pub password: Option<String>,
}

/// The answer to a [`Job`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    /// The job's sequence number.
    pub seq: u32,
    /// The new analysis (its `server` is the prediction), when the job analysed.
    #[serde(default)]
    pub report: Option<Report>,
    /// The prediction (when the job only predicted).
    #[serde(default)]
    pub server: Option<ServerReport>,
    /// What the verdict is about.
    #[serde(default)]
    pub subject: VerdictSubject,
    /// The worker holds no analysis to predict on (it was restarted): send the files again.
    #[serde(default)]
    pub stale: bool,
    /// The report's certificates are summaries (more than [`THIN_ABOVE`] of them): a card
    /// asks for its certificate in full ([`Task::Certificate`]) when it opens.
    #[serde(default)]
    pub thin: bool,
}

/// Above this many certificates, the page gets them as summaries (see [`thin`]): what the
/// list, its filter, the statuses, the hierarchy and the verdict need, without the
/// extensions, names in parts, URLs, findings and DER that only an open card shows. For
/// 10,000 leaves that is about a fifth of the JSON the page reads.
pub const THIN_ABOVE: usize = 200;

/// A certificate as a summary: the card's detail left out (see [`THIN_ABOVE`]).
pub fn thin(c: &crate::report::CertificateReport) -> crate::report::CertificateReport {
    let mut c = c.clone();
    c.der_base64.clear();
    let v = &mut c.view;
    v.extensions.clear();
    v.notable.clear();
    v.urls.clear();
    v.findings.clear();
    v.subject_alt_names.clear();
    v.crl_urls.clear();
    v.aia_ca_issuer_urls.clear();
    v.ocsp_urls.clear();
    v.subject_name = Default::default();
    v.issuer_name = Default::default();
    c
}

/// Something the page asks of the worker besides an analysis: whatever needs the decoders,
/// the hashes, the compressor or the whole report (links, exports, downloads, the ASN.1
/// tree), so that the page's wasm carries none of them. Made from the worker's kept
/// analysis, which is the page's report (the page asks only while it is not busy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    /// A share link of the view (`smaller`: only the verdict's chain). Answer: [`MadeLink`] as JSON.
    Link {
        /// The view the link carries.
        view: ViewFacts,
        /// Only the verdict's chain.
        smaller: bool,
    },
    /// The report as Markdown, with the link when one was made. Answer: the text.
    Markdown {
        /// The share link to put in it.
        link: Option<String>,
    },
    /// The verdict's chain as PEM text.
    ChainPem,
    /// The verdict's chain as a `.p7b` (bytes).
    ChainP7b,
    /// The report as `certlens --json` prints it, plus the settings. Answer: the text.
    Json {
        /// The options of the view (their server settings go into the JSON).
        options: crate::Options,
    },
    /// The ASN.1 tree of a certificate (by SHA-256). Answer: [`crate::model::asn1::Asn1Tree`] as JSON.
    Asn1 {
        /// SHA-256 (hex) of the certificate.
        sha256: String,
    },
    /// A certificate in full (by SHA-256), for a card when the page has summaries
    /// ([`Done::thin`]). Answer: [`crate::report::CertificateReport`] as JSON.
    Certificate {
        /// SHA-256 (hex) of the certificate.
        sha256: String,
    },
    /// Open a share link (the fragment, without `#`). Answer: [`OpenedLink`] as JSON, or why not.
    OpenLink {
        /// The fragment.
        fragment: String,
    },
}

/// The answer to a [`Task`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskAnswer {
    /// Text (JSON for the typed answers).
    Text(String),
    /// Bytes (a download).
    Bytes(Vec<u8>),
    /// It could not be done: a plain message.
    Failed(String),
}

/// A link the worker made: [`share::Link`] as JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeLink {
    /// The fragment, without `#`.
    pub fragment: String,
    /// What was left out, one sentence each.
    pub left_out: Vec<String>,
}

/// A file rebuilt from a link (PEM text).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedFile {
    /// Original name.
    pub name: String,
    /// PEM text.
    pub text: String,
}

/// [`share::Opened`] as it crosses to the page: the files as PEM text.
pub type OpenedLink = share::Opened<OpenedFile>;

impl From<share::Opened> for OpenedLink {
    fn from(o: share::Opened) -> Self {
        o.map_files(|f| OpenedFile { name: f.name, text: String::from_utf8_lossy(&f.bytes).into_owned() })
    }
}

impl From<OpenedLink> for share::Opened {
    fn from(o: OpenedLink) -> Self {
        o.map_files(|f| InputFile::new(f.name, f.text.into_bytes()))
    }
}

/// Do a [`Task`] on `report` (the kept analysis) and the CRLs and requests read for links.
pub fn do_task(task: &Task, report: Option<&Report>, extras: &[LinkExtra]) -> TaskAnswer {
    use crate::report::export;
    if let Task::OpenLink { fragment } = task {
        return match share::decode(fragment) {
            Ok(v) => TaskAnswer::Text(serde_json::to_string(&OpenedLink::from(v.open())).unwrap_or_default()),
            Err(e) => TaskAnswer::Failed(e.message),
        };
    }
    let Some(report) = report else {
        return TaskAnswer::Failed("the analysis is not there any more: drop the files again".into());
    };
    match task {
        Task::Link { view, smaller } => {
            let scope = if *smaller { share::Scope::VerdictChain } else { share::Scope::Everything };
            let link = share::make_link_with(extras, report, view, scope);
            TaskAnswer::Text(serde_json::to_string(&MadeLink { fragment: link.fragment, left_out: link.left_out }).unwrap_or_default())
        }
        Task::Markdown { link } => TaskAnswer::Text(export::markdown(report, link.as_deref())),
        Task::ChainPem => TaskAnswer::Text(export::pem_bundle(report, &export::verdict_chain(report))),
        Task::ChainP7b => TaskAnswer::Bytes(export::p7b(report, &export::verdict_chain(report))),
        Task::Json { options } => TaskAnswer::Text(export::json_with_settings(report, options)),
        Task::Asn1 { sha256 } => {
            use base64::Engine as _;
            let der = report
                .certificates
                .iter()
                .find(|c| &c.view.sha256 == sha256)
                .and_then(|c| base64::engine::general_purpose::STANDARD.decode(&c.der_base64).ok());
            match der {
                Some(der) => {
                    let tree = crate::model::asn1::asn1_tree(&der, crate::model::asn1::DEFAULT_NODE_BUDGET);
                    TaskAnswer::Text(serde_json::to_string(&tree).unwrap_or_default())
                }
                None => TaskAnswer::Failed("this certificate is not in the analysis any more".into()),
            }
        }
        Task::Certificate { sha256 } => match report.certificates.iter().find(|c| &c.view.sha256 == sha256) {
            Some(c) => TaskAnswer::Text(serde_json::to_string(c).unwrap_or_default()),
            None => TaskAnswer::Failed("this certificate is not in the analysis any more".into()),
        },
        Task::OpenLink { .. } => TaskAnswer::Failed(String::new()),
    }
}

/// [`Done`] by reference, for the worker to serialise without a copy.
#[derive(Serialize)]
struct DoneRef<'a> {
    seq: u32,
    report: Option<&'a Report>,
    server: Option<&'a ServerReport>,
    subject: &'a VerdictSubject,
    stale: bool,
    thin: bool,
}

/// What the worker keeps between jobs: the files and their last analysis.
pub struct Worker {
    kept: Option<(Vec<InputFile>, Report, Vec<LinkExtra>)>,
    /// Above this many certificates the page gets summaries ([`THIN_ABOVE`]; tests lower it).
    thin_above: usize,
}

impl Default for Worker {
    fn default() -> Self {
        Self { kept: None, thin_above: THIN_ABOVE }
    }
}

impl Worker {
    /// Do a task given as JSON (see [`Task`]).
    pub fn task_json(&self, task: &str) -> TaskAnswer {
        match serde_json::from_str::<Task>(task) {
            Ok(task) => do_task(&task, self.kept.as_ref().map(|k| &k.1), self.kept.as_ref().map_or(&[][..], |k| k.2.as_slice())),
            Err(e) => TaskAnswer::Failed(format!("the request could not be read ({e})")),
        }
    }

    /// Run a job given as JSON, with the files' bytes when it analyses new files
    /// (`None`: the kept files); the answer as JSON.
    pub fn run_json(&mut self, job: &str, files: Option<Vec<InputFile>>) -> String {
        let job: Job = match serde_json::from_str(job) {
            Ok(job) => job,
            // The page and the worker come from one build: this is not expected.
            Err(_) => Job { seq: 0, ..Job::default() },
        };
        let analysed = job.analyse;
        let (subject, stale) = self.run(&job, files);
        // Many certificates: the page gets summaries (the full ones stay here, for cards).
        let thin = analysed && !stale && self.kept.as_ref().is_some_and(|k| k.1.certificates.len() > self.thin_above);
        let full = match self.kept.as_mut().filter(|_| thin) {
            Some(k) => {
                let summaries = k.1.certificates.iter().map(self::thin).collect();
                Some(std::mem::replace(&mut k.1.certificates, summaries))
            }
            None => None,
        };
        let kept = self.kept.as_ref();
        let done = DoneRef {
            seq: job.seq,
            report: kept.filter(|_| analysed && !stale).map(|k| &k.1),
            server: kept.filter(|_| !analysed && !stale).and_then(|k| k.1.server.as_ref()),
            subject: &subject,
            stale,
            thin,
        };
        let answer = serde_json::to_string(&done).unwrap_or_default();
        if let (Some(k), Some(full)) = (self.kept.as_mut(), full) {
            k.1.certificates = full;
        }
        answer
    }

    /// Run a job; the verdict's subject, and whether the worker had nothing to predict on.
    fn run(&mut self, job: &Job, files: Option<Vec<InputFile>>) -> (VerdictSubject, bool) {
        if job.analyse {
            let inputs = match files {
                Some(files) => files,
                None => self.kept.take().map(|k| k.0).unwrap_or_default(),
            };
            let report = crate::analyze(&inputs, &job.options);
            let extras = crate::report::share::link_extras(&inputs, &report);
            self.kept = Some((inputs, report, extras));
        }
        let Some((inputs, report, _)) = self.kept.as_mut() else { return (VerdictSubject::default(), true) };
        let (subject, server) = predict(inputs, report, &job.verdict);
        report.server = server;
        (subject, false)
    }
}

/// Work out what the verdict is about (the chosen certificate, the mode) and
/// make the server prediction for it: no decoding, no chain building.
pub fn predict(inputs: &[InputFile], report: &Report, verdict: &Verdict) -> (VerdictSubject, Option<ServerReport>) {
    let chosen = match &verdict.verdict_for {
        Some(sha) => report.certificates.iter().position(|c| &c.view.sha256 == sha),
        None => verdict.server.certificate.filter(|&i| i < report.certificates.len()),
    };
    let default_leaf = crate::report::subject::default_certificate(report, &verdict.server.trust_store_files);
    let ca_only = chosen.is_none() && default_leaf.is_none() && !report.certificates.is_empty();
    let certificate = chosen.or(default_leaf).or_else(|| (!report.certificates.is_empty()).then_some(0));
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
        crate::server::adapter::server_report(inputs, &report.certificates, &report.hierarchy, &settings, verdict.at)
    };
    (subject, server)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_392_000;

    fn fixture(path: &str) -> InputFile {
        let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        InputFile::new(path.rsplit('/').next().unwrap_or(path), std::fs::read(full).unwrap())
    }

    #[test]
    fn reports_survive_the_json_boundary() {
        let files = vec![
            fixture("pkcs12/ee_client_noenc.pfx"),
            fixture("chain/ee_client.cer"),
            fixture("chain/int_ca.cer"),
            fixture("chain/root_ca.cer"),
            fixture("chain/ee_intranet_cdp.der"),
        ];
        let mut w = Worker::default();
        let job = Job { seq: 7, analyse: true, options: Options::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let done: Done = serde_json::from_str(&w.run_json(&serde_json::to_string(&job).unwrap(), Some(files.clone()))).unwrap();
        assert_eq!(done.seq, 7);
        assert!(!done.stale);
        let report = done.report.unwrap();
        let (subject, server) = predict(&files, &crate::analyze(&files, &Options::at(NOW)), &job.verdict);
        let mut direct = crate::analyze(&files, &Options::at(NOW));
        direct.server = server;
        assert_eq!(report, direct);
        assert_eq!(done.subject, subject);
        // A prediction only: the kept analysis, no report sent back.
        let job = Job { seq: 8, analyse: false, verdict: Verdict { mode: VerdictMode::Server, ..job.verdict }, ..job };
        let done: Done = serde_json::from_str(&w.run_json(&serde_json::to_string(&job).unwrap(), None)).unwrap();
        assert!(done.report.is_none());
        assert!(done.server.is_some());
        // A fresh worker has nothing to predict on.
        let done: Done = serde_json::from_str(&Worker::default().run_json(&serde_json::to_string(&job).unwrap(), None)).unwrap();
        assert!(done.stale);
    }

    #[test]
    fn tasks_are_answered_from_the_kept_analysis() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        let mut w = Worker::default();
        let ask = |w: &Worker, task: &Task| w.task_json(&serde_json::to_string(task).unwrap());
        // Nothing analysed yet: a plain message, except for opening a link.
        assert!(matches!(ask(&w, &Task::ChainPem), TaskAnswer::Failed(m) if m.contains("drop the files again")));
        let job = Job { seq: 1, analyse: true, options: Options::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        w.run_json(&serde_json::to_string(&job).unwrap(), Some(files.clone()));
        let report = &w.kept.as_ref().unwrap().1;
        // A link, opened again: the same certificates as files, the same time.
        let view = ViewFacts { at: NOW, mode: VerdictMode::Server, ..ViewFacts::default() };
        let TaskAnswer::Text(json) = ask(&w, &Task::Link { view, smaller: false }) else { panic!("no link") };
        let link: MadeLink = serde_json::from_str(&json).unwrap();
        assert!(share::is_link(&link.fragment));
        let TaskAnswer::Text(json) = ask(&w, &Task::OpenLink { fragment: link.fragment.clone() }) else { panic!("not opened") };
        let opened: share::Opened = serde_json::from_str::<OpenedLink>(&json).unwrap().into();
        assert_eq!(opened, share::decode(&link.fragment).unwrap().open());
        assert_eq!((opened.at, opened.mode), (NOW, VerdictMode::Server));
        assert_eq!(crate::analyze(&opened.files, &opened.options()).certificates.len(), 3);
        // A damaged link says why.
        assert!(matches!(ask(&w, &Task::OpenLink { fragment: "cl1.!!".into() }), TaskAnswer::Failed(m) if !m.is_empty()));
        // Exports: the same as the core's.
        let chain = crate::report::export::verdict_chain(report);
        assert_eq!(ask(&w, &Task::ChainPem), TaskAnswer::Text(crate::report::export::pem_bundle(report, &chain)));
        assert_eq!(ask(&w, &Task::ChainP7b), TaskAnswer::Bytes(crate::report::export::p7b(report, &chain)));
        let TaskAnswer::Text(json) = ask(&w, &Task::Json { options: Options::at(NOW) }) else { panic!("no JSON") };
        assert!(json.contains("\"server_settings\""));
        let TaskAnswer::Text(md) = ask(&w, &Task::Markdown { link: Some("https://x/#cl1.a".into()) }) else { panic!("no Markdown") };
        assert!(md.contains("https://x/#cl1.a"));
        // The ASN.1 tree of a certificate, by SHA-256.
        let sha = report.certificates[0].view.sha256.clone();
        let TaskAnswer::Text(json) = ask(&w, &Task::Asn1 { sha256: sha }) else { panic!("no tree") };
        let tree: crate::model::asn1::Asn1Tree = serde_json::from_str(&json).unwrap();
        assert!(tree.node_count > 10 && tree.error.is_none());
        assert!(matches!(ask(&w, &Task::Asn1 { sha256: "00".into() }), TaskAnswer::Failed(_)));
    }

    #[test]
    fn many_certificates_cross_as_summaries_and_a_card_gets_its_own_in_full() {
        let files = vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
        // Three certificates stand for more than THIN_ABOVE.
        let mut w = Worker { thin_above: 2, ..Worker::default() };
        let job = Job { seq: 1, analyse: true, options: Options::at(NOW), verdict: Verdict { at: NOW, ..Verdict::default() } };
        let done: Done = serde_json::from_str(&w.run_json(&serde_json::to_string(&job).unwrap(), Some(files))).unwrap();
        let report = done.report.unwrap();
        assert!(done.thin);
        assert_eq!(report.certificates.len(), 3);
        let kept = &w.kept.as_ref().unwrap().1;
        // The worker keeps them in full; the page got what the list needs.
        for (summary, full) in report.certificates.iter().zip(&kept.certificates) {
            assert_eq!(summary, &thin(full));
            assert!(!full.der_base64.is_empty() && !full.view.extensions.is_empty());
            assert!(summary.der_base64.is_empty() && summary.view.extensions.is_empty());
        }
        assert_eq!(crate::ui::status::rows(&report), crate::ui::status::rows(kept), "the same rows from summaries");
        let sha = report.certificates[0].view.sha256.clone();
        let TaskAnswer::Text(json) = w.task_json(&serde_json::to_string(&Task::Certificate { sha256: sha }).unwrap()) else { panic!("no certificate") };
        let full: crate::report::CertificateReport = serde_json::from_str(&json).unwrap();
        assert_eq!(&full, &kept.certificates[0]);
        // A prediction only: no report, nothing thinned.
        let job = Job { seq: 2, analyse: false, ..job };
        let done: Done = serde_json::from_str(&w.run_json(&serde_json::to_string(&job).unwrap(), None)).unwrap();
        assert!(!done.thin && done.report.is_none());
    }
}

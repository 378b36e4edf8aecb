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
use crate::report::share::LinkExtra;
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
    /// CRLs and requests of the files, for share links (when the job analysed).
    #[serde(default)]
    pub extras: Option<Vec<LinkExtra>>,
    /// The worker holds no analysis to predict on (it was restarted): send the files again.
    #[serde(default)]
    pub stale: bool,
}

/// [`Done`] by reference, for the worker to serialise without a copy.
#[derive(Serialize)]
struct DoneRef<'a> {
    seq: u32,
    report: Option<&'a Report>,
    server: Option<&'a ServerReport>,
    subject: &'a VerdictSubject,
    extras: Option<&'a [LinkExtra]>,
    stale: bool,
}

/// What the worker keeps between jobs: the files and their last analysis.
#[derive(Default)]
pub struct Worker {
    kept: Option<(Vec<InputFile>, Report, Vec<LinkExtra>)>,
}

impl Worker {
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
        let kept = self.kept.as_ref();
        let done = DoneRef {
            seq: job.seq,
            report: kept.filter(|_| analysed && !stale).map(|k| &k.1),
            server: kept.filter(|_| !analysed && !stale).and_then(|k| k.1.server.as_ref()),
            subject: &subject,
            extras: kept.filter(|_| analysed && !stale).map(|k| k.2.as_slice()),
            stale,
        };
        serde_json::to_string(&done).unwrap_or_default()
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
}

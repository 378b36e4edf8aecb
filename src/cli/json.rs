//! `--json`: the report printed as it is made, certificate by certificate.
//!
//! The analysis keeps bulk end-entity certificates thin ([`crate::analysis::run_lean`]);
//! here each thin certificate's full view is rebuilt from its DER just before it is
//! printed and dropped right after, so a 50,000-certificate report never holds 50,000
//! decoded views or base64 copies. The bytes are those of `serde_json::to_writer_pretty`
//! on the whole [`Report`] (`tests` below, and the CLI tests, compare them).

use serde::ser::SerializeSeq as _;
use serde::Serialize;

use crate::analysis::Lean;
use crate::chain::{Hierarchy, NodeStatus};
use crate::model::CertificateView;
use crate::report::{CertificateReport, Diagnostic, FileReport, KeyReport, PrivateKeyStatus, Report, RequestReport};

/// A certificate of the report, with its view borrowed or rebuilt.
#[derive(Serialize)]
struct CertOut<'a> {
    file: &'a str,
    index_in_file: usize,
    #[serde(flatten)]
    view: &'a CertificateView,
    der_base64: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_key: Option<&'a PrivateKeyStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    friendly_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    local_key_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chain_status: Option<&'a NodeStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revocation: Option<&'a str>,
}

impl<'a> CertOut<'a> {
    fn new(c: &'a CertificateReport, view: &'a CertificateView, der_base64: &'a str) -> Self {
        CertOut {
            file: &c.file,
            index_in_file: c.index_in_file,
            view,
            der_base64,
            private_key: c.private_key.as_ref(),
            friendly_name: c.friendly_name.as_deref(),
            local_key_id: c.local_key_id.as_deref(),
            chain_status: c.chain_status.as_ref(),
            revocation: c.revocation.as_deref(),
        }
    }
}

/// A thin certificate rebuilt by the helper thread: its index, full view and base64 DER.
type Rebuilt = (usize, Option<(CertificateView, String)>);

/// The certificates; the thin ones arrive rebuilt, in order, from the helper thread.
struct Certificates<'a> {
    lean: &'a Lean,
    rebuilt: std::sync::mpsc::Receiver<Rebuilt>,
}

impl Serialize for Certificates<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let certs = &self.lean.report.certificates;
        let mut seq = serializer.serialize_seq(Some(certs.len()))?;
        for (i, c) in certs.iter().enumerate() {
            if self.lean.thin.get(i).copied().unwrap_or(false) {
                let (view, b64) = match self.rebuilt.recv() {
                    Ok((k, Some(built))) if k == i => built,
                    _ => return Err(serde::ser::Error::custom(format!("certificate {i} cannot be decoded again"))),
                };
                seq.serialize_element(&CertOut::new(c, &view, &b64))?;
            } else {
                seq.serialize_element(&CertOut::new(c, &c.view, &c.der_base64))?;
            }
        }
        seq.end()
    }
}

/// Rebuild the thin certificates' views in order (on a helper thread, while the
/// main thread writes); stops when the writer hangs up.
fn rebuild(lean: &Lean, to: &std::sync::mpsc::SyncSender<Rebuilt>) {
    use base64::Engine as _;
    for (i, thin) in lean.thin.iter().enumerate() {
        if !*thin {
            continue;
        }
        let built = lean.full_view(i).map(|v| {
            let der = lean.der.get(i).map(|d| &d[..]).unwrap_or_default();
            (v, base64::engine::general_purpose::STANDARD.encode(der))
        });
        if to.send((i, built)).is_err() {
            return;
        }
    }
}

/// The report, field by field in [`Report`]'s order, with the certificates of [`Certificates`].
#[derive(Serialize)]
struct ReportOut<'a> {
    version: &'a str,
    evaluated_at: &'a str,
    files: &'a [FileReport],
    certificates: Certificates<'a>,
    diagnostics: &'a [Diagnostic],
    keys: &'a [KeyReport],
    requests: &'a [RequestReport],
    #[serde(skip_serializing_if = "Option::is_none")]
    server: Option<&'a crate::server::ServerReport>,
    hierarchy: &'a Hierarchy,
    #[serde(skip_serializing_if = "Option::is_none")]
    mapping: Option<&'a crate::server::mapping::MappingReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust_store: Option<&'a crate::server::audit::TrustStoreAudit>,
}

/// Write the report of a lean analysis as pretty JSON (the bytes of
/// `serde_json::to_writer_pretty(&report)` of the same analysis by [`crate::analyze`]).
pub fn write(lean: &Lean, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    // Views are rebuilt at most this far ahead of the writer (bounded memory).
    const AHEAD: usize = 64;
    std::thread::scope(|scope| {
        let (to, rebuilt) = std::sync::mpsc::sync_channel(AHEAD);
        scope.spawn(move || rebuild(lean, &to));
        // `rebuilt` is dropped before the scope joins the helper: an early error ends it too.
        write_with(lean, rebuilt, out)
    })
}

fn write_with(lean: &Lean, rebuilt: std::sync::mpsc::Receiver<Rebuilt>, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    let r: &Report = &lean.report;
    let doc = ReportOut {
        version: &r.version,
        evaluated_at: &r.evaluated_at,
        files: &r.files,
        certificates: Certificates { lean, rebuilt },
        diagnostics: &r.diagnostics,
        keys: &r.keys,
        requests: &r.requests,
        server: r.server.as_ref(),
        hierarchy: &r.hierarchy,
        mapping: r.mapping.as_ref(),
        trust_store: r.trust_store.as_ref(),
    };
    let mut ser = serde_json::Serializer::pretty(out);
    doc.serialize(&mut ser)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::{InputFile, Options};

    /// Every fixture file (and a few drops of several files, settings that change what the
    /// server stage reads): the lean JSON is byte for byte the full report's JSON.
    #[test]
    fn lean_json_is_the_full_reports_json() {
        let mut paths = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    paths.push(p);
                }
            }
        }
        paths.sort();
        assert!(paths.len() > 50, "{}", paths.len());
        let read = |p: &std::path::Path| InputFile::new(p.display().to_string(), std::fs::read(p).unwrap());
        let mut drops: Vec<(Vec<InputFile>, Options)> = Vec::new();
        for p in &paths {
            drops.push((vec![read(p)], Options::at(1_780_000_000)));
        }
        // Whole folders at once (leaves with their issuers, CRLs, keys), with settings.
        let mut by_dir: std::collections::BTreeMap<std::path::PathBuf, Vec<InputFile>> = Default::default();
        for p in &paths {
            by_dir.entry(p.parent().unwrap().to_path_buf()).or_default().push(read(p));
        }
        for files in by_dir.into_values() {
            let first = files[0].name.clone();
            drops.push((files.clone(), Options::at(1_780_000_000)));
            let mut o = Options::at(1_780_000_000);
            o.server.certificate = Some(files.len() / 2);
            drops.push((files.clone(), o));
            let mut o = Options::at(1_780_000_000);
            o.server.trust = crate::server::settings::Trust::Store;
            o.server.trust_store_files = vec![first];
            drops.push((files.clone(), o));
            let mut o = Options::at(1_780_000_000);
            o.server.host = Some("www.example.com".into());
            drops.push((files, o));
        }
        let mut thin_seen = 0;
        for (files, options) in &drops {
            let full = serde_json::to_string_pretty(&crate::analyze(files, options)).unwrap();
            let lean = crate::analysis::run_lean(files, options);
            thin_seen += lean.thin.iter().filter(|t| **t).count();
            let mut out = Vec::new();
            write(&lean, &mut out).unwrap();
            let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
            assert!(String::from_utf8(out).unwrap() == full, "lean JSON differs for {names:?} with {options:?}");
        }
        assert!(thin_seen > 100, "thin certificates exercised: {thin_seen}");
    }
}

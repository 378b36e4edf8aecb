//! `--json`: the report printed as it is made.
//!
//! The analysis keeps bulk end-entity certificates thin ([`crate::analysis::run_lean`]);
//! here each thin certificate's full view is rebuilt from its DER just before it is
//! printed and dropped right after, so a 50,000-certificate report never holds 50,000
//! decoded views or base64 copies. The long arrays (certificates, chains, diagnostics) are
//! made in batches by helper threads (natively, one per core) and written in order; every
//! value is serialised into a buffer (serde_json over a `dyn Write` pays a dynamic call per
//! token). The bytes are those of `serde_json::to_writer_pretty` on the whole [`Report`]
//! (`tests` below, and the CLI tests, compare them).

use serde::Serialize;

use super::pretty::{append, indent, string};

use crate::analysis::Lean;
use crate::chain::NodeStatus;
use crate::model::CertificateView;
use crate::report::{CertificateReport, PrivateKeyStatus, Report};

/// A certificate of the report, with its view borrowed or rebuilt.
#[derive(Serialize)]
struct CertOut<'a> {
    file: &'a str,
    index_in_file: usize,
    #[serde(flatten)]
    view: &'a CertificateView,
    der_base64: &'a str,
    subject_der_length: usize,
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
            subject_der_length: c.subject_der_length,
            private_key: c.private_key.as_deref(),
            friendly_name: c.friendly_name.as_deref(),
            local_key_id: c.local_key_id.as_deref(),
            chain_status: c.chain_status.as_ref(),
            revocation: c.revocation.as_deref(),
        }
    }
}

/// Array elements are made in batches: one batch is the unit a helper thread makes and the
/// writer writes. Certificates (~14 KB of JSON each, their thin views rebuilt first) in
/// batches of [`CERTIFICATE_BATCH`], smaller elements (chains, diagnostics) of [`BATCH`].
const CERTIFICATE_BATCH: usize = if cfg!(test) { 3 } else { 64 };
const BATCH: usize = if cfg!(test) { 2 } else { 512 };
/// Batches made at most this far ahead of the writer, per helper (bounded memory).
const AHEAD: usize = 2;

/// Makes element `i` of an array, pretty, at the indent level it is given.
type Element<'a> = dyn Fn(usize, usize, &mut Vec<u8>) -> Result<(), String> + Sync + 'a;

/// The bytes of elements `range` of an array at indent `level` (the elements one deeper), with
/// the separators before each (the first element of the array follows `[` alone), appended
/// to `out` (a buffer used before: it has room already).
fn batch(element: &Element<'_>, level: usize, range: std::ops::Range<usize>, mut out: Vec<u8>) -> Result<Vec<u8>, String> {
    for i in range {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        indent(&mut out, level + 1);
        element(i, level + 1, &mut out)?;
    }
    Ok(out)
}

/// A batch of printed elements, or why it could not be made.
type Batch = Result<Vec<u8>, String>;

/// The element of certificate `i`, its thin view rebuilt; or its head made ahead ([`Heads`])
/// and the fields the chain stage set.
fn certificate(lean: &Lean, heads: &Made, i: usize, level: usize, out: &mut Vec<u8>) -> Result<(), String> {
    if let (Some(head), true) = (heads.get(i), level == CERTIFICATE_LEVEL) {
        let c = lean.report.certificates.get(i).ok_or_else(|| format!("no certificate {i}"))?;
        out.extend_from_slice(head);
        return close_certificate(out, level, c).map_err(|e| e.to_string());
    }
    let (c, view, b64) = lean.certificates().full(i).ok_or_else(|| format!("certificate {i} cannot be decoded again"))?;
    append(out, level, &CertOut::new(c, &view, &b64)).map_err(|e| e.to_string())
}

/// The level of a certificate's object in the document (`{` `"certificates": [` `{`).
const CERTIFICATE_LEVEL: usize = 2;

/// At most this many bytes of certificates' heads are made ahead (~10 KB each): 800 or so
/// certificates, what one core makes in ~20 ms (they are held until printed, at the memory
/// peak: 24 MB bought ~60 ms of a 50,000-leaf run's 4 s).
const HEADS_BYTES: usize = 8 << 20;

/// The certificates' elements but for the fields the chain stage sets (`chain_status`,
/// `revocation`, the last two) and the closing brace, made on one core while the chain layer
/// runs on the other ([`crate::analysis::Beside`]): the chain stage is one core's work, and the
/// elements, their thin views rebuilt, are most of the printing's. Made in order from the
/// first, until that stage ends or [`HEADS_BYTES`] are made.
#[derive(Default)]
pub struct Heads {
    /// All heads, one after the other, and where each ends.
    made: std::sync::Mutex<(Vec<u8>, Vec<usize>)>,
}

impl Heads {
    /// Make heads until `done` is set (the work [`crate::analysis::run_lean_releasing`] runs beside the chain stage).
    pub fn make(&self, certificates: crate::analysis::Certificates<'_>, done: &std::sync::atomic::AtomicBool) {
        let mut bytes: Vec<u8> = Vec::with_capacity(HEADS_BYTES + (1 << 16));
        let mut ends = Vec::new();
        for i in 0..certificates.entries.len() {
            if done.load(std::sync::atomic::Ordering::Relaxed) || bytes.len() >= HEADS_BYTES {
                break;
            }
            let Some((c, view, b64)) = certificates.full(i) else { break };
            let before = bytes.len();
            let head = CertOut { chain_status: None, revocation: None, ..CertOut::new(c, &view, &b64) };
            if append(&mut bytes, CERTIFICATE_LEVEL, &head).is_err() || !strip_close(&mut bytes, CERTIFICATE_LEVEL) {
                bytes.truncate(before);
                break;
            }
            ends.push(bytes.len());
        }
        if let Ok(mut m) = self.made.lock() {
            *m = (bytes, ends);
        }
    }

    fn into_made(self) -> (Vec<u8>, Vec<usize>) {
        self.made.into_inner().unwrap_or_default()
    }
}

/// Heads as printing reads them.
#[derive(Default)]
struct Made {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Made {
    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)?,
            None => 0,
        };
        self.bytes.get(start..end)
    }
}

/// Take the closing `\n`, indent and `}` of an object at `level` off the end of `bytes`.
fn strip_close(bytes: &mut Vec<u8>, level: usize) -> bool {
    let close = 2 * level + 2;
    let Some(start) = bytes.len().checked_sub(close) else { return false };
    let ok = bytes.get(start..).is_some_and(|t| t.first() == Some(&b'\n') && t.last() == Some(&b'}') && t.iter().skip(1).take(2 * level).all(|&b| b == b' '));
    if ok {
        bytes.truncate(start);
    }
    ok
}

/// After a head: the fields the chain stage set and the closing brace, as serde_json writes
/// them for [`CertOut`].
fn close_certificate(out: &mut Vec<u8>, level: usize, c: &CertificateReport) -> serde_json::Result<()> {
    if let Some(s) = &c.chain_status {
        field_at(out, level + 1, "chain_status", s)?;
    }
    if let Some(r) = &c.revocation {
        field_at(out, level + 1, "revocation", r)?;
    }
    out.push(b'\n');
    indent(out, level);
    out.push(b'}');
    Ok(())
}

/// `,` and a field of an object that has one already, its key at `level`.
fn field_at<T: Serialize + ?Sized>(out: &mut Vec<u8>, level: usize, name: &str, value: &T) -> serde_json::Result<()> {
    out.extend_from_slice(b",\n");
    indent(out, level);
    string(out, name);
    out.extend_from_slice(b": ");
    append(out, level, value)
}

/// The element `i` of `items`.
fn element_of<T: Serialize + Sync>(items: &[T]) -> impl Fn(usize, usize, &mut Vec<u8>) -> Result<(), String> + Sync + '_ {
    move |i, level, out| match items.get(i) {
        Some(item) => append(out, level, item).map_err(|e| e.to_string()),
        None => Err(format!("no element {i}")),
    }
}

/// A buffer in front of the output that serde_json writes to without a dynamic call per
/// token (a `&mut dyn Write` costs one for each punctuation mark and string).
struct Chunked<'w> {
    buf: Vec<u8>,
    out: &'w mut dyn std::io::Write,
}

impl Chunked<'_> {
    const SIZE: usize = 1 << 16;

    fn flush_buf(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// Written out once the buffer holds [`Self::SIZE`] bytes.
    #[inline]
    fn flush_if_full(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= Self::SIZE {
            self.flush_buf()?;
        }
        Ok(())
    }

    /// Bytes already made: written through, after what is buffered.
    fn write_through(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.flush_buf()?;
        self.out.write_all(bytes)
    }
}

impl std::io::Write for Chunked<'_> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(bytes);
        self.flush_if_full()
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_buf()?;
        self.out.flush()
    }
}

/// A pretty JSON document written object by object: the object being written is the last
/// of `open` (whether it has no field yet).
struct Doc<'w> {
    out: Chunked<'w>,
    open: Vec<bool>,
    helpers: usize,
}

impl Doc<'_> {
    fn io(r: std::io::Result<()>) -> serde_json::Result<()> {
        r.map_err(serde_json::Error::io)
    }

    fn begin(&mut self) -> serde_json::Result<()> {
        use std::io::Write as _;
        self.open.push(true);
        Self::io(self.out.write_all(b"{"))
    }

    fn end(&mut self) -> serde_json::Result<()> {
        use std::io::Write as _;
        let empty = self.open.pop().unwrap_or(true);
        if !empty {
            Self::io(self.out.write_all(b"\n"))?;
            indent(&mut self.out.buf, self.open.len());
        }
        Self::io(self.out.write_all(b"}"))
    }

    fn key(&mut self, name: &str) -> serde_json::Result<()> {
        use std::io::Write as _;
        let level = self.open.len();
        let first = self.open.last_mut().map(|f| std::mem::replace(f, false)).unwrap_or(true);
        Self::io(self.out.write_all(if first { b"\n" } else { b",\n" }))?;
        indent(&mut self.out.buf, level);
        string(&mut self.out.buf, name);
        Self::io(self.out.write_all(b": "))
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> serde_json::Result<()> {
        self.key(name)?;
        let level = self.open.len();
        append(&mut self.out.buf, level, value)?;
        Self::io(self.out.flush_if_full())
    }

    /// `"name": [...]` with `n` elements made by `element`, in batches of `size` on helper
    /// threads (in place when there are few), written in order.
    fn array(&mut self, name: &str, n: usize, size: usize, element: &Element<'_>) -> serde_json::Result<()> {
        use std::io::Write as _;
        self.key(name)?;
        let level = self.open.len();
        Self::io(self.out.write_all(b"["))?;
        let batches = n.div_ceil(size);
        if batches <= 1 || self.helpers <= 1 {
            // In place, batch by batch through one buffer: on one core, 50,000 certificates'
            // array made whole first held ~500 MB of JSON (peak RSS 1.9 GB).
            let mut bytes = Vec::new();
            for b in 0..batches {
                let start = b.saturating_mul(size);
                bytes = batch(element, level, start..start.saturating_add(size).min(n), bytes).map_err(serde::ser::Error::custom)?;
                Self::io(self.out.write_through(&bytes))?;
                bytes.clear();
            }
        } else {
            let helpers = self.helpers.min(batches);
            // Helpers take the next batch in turn (one the machine runs less often takes
            // fewer), at most `WINDOW` batches past the last one written (bounded memory);
            // the writer puts them back in order.
            let window = helpers.saturating_mul(AHEAD);
            let turns = Turns { state: std::sync::Mutex::new((0, 0, false)), changed: std::sync::Condvar::new() };
            let (to, made) = std::sync::mpsc::channel::<(usize, Batch)>();
            // Buffers written go back to the helpers: a batch is made in a buffer that has
            // room already (no growing by copying, no fresh pages from the system).
            let spare: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());
            std::thread::scope(|scope| {
                for _ in 0..helpers {
                    let (to, turns, spare) = (to.clone(), &turns, &spare);
                    scope.spawn(move || {
                        while let Some(b) = turns.take(batches, window) {
                            let start = b.saturating_mul(size);
                            let buf = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
                            if to.send((b, batch(element, level, start..start.saturating_add(size).min(n), buf))).is_err() {
                                return;
                            }
                        }
                    });
                }
                drop(to);
                let written = self.write_batches(batches, &made, &turns, &spare);
                // An early error stops the helpers: no batch is taken after it.
                turns.stop();
                written
            })?;
        }
        if n > 0 {
            Self::io(self.out.write_all(b"\n"))?;
            indent(&mut self.out.buf, level);
        }
        Self::io(self.out.write_all(b"]"))
    }
}

/// Which batch of an array helpers take next: (next to take, batches written, stopped).
struct Turns {
    state: std::sync::Mutex<(usize, usize, bool)>,
    changed: std::sync::Condvar,
}

impl Turns {
    /// The next batch to make, once it is fewer than `window` past the last one written;
    /// `None` when every batch is taken or the writer stopped.
    fn take(&self, batches: usize, window: usize) -> Option<usize> {
        let mut s = self.state.lock().ok()?;
        loop {
            let (next, written, stopped) = *s;
            if stopped || next >= batches {
                return None;
            }
            if next < written.saturating_add(window) {
                s.0 = next + 1;
                return Some(next);
            }
            s = self.changed.wait(s).ok()?;
        }
    }

    fn written(&self, count: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.1 = count;
        }
        self.changed.notify_all();
    }

    fn stop(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.2 = true;
        }
        self.changed.notify_all();
    }
}

impl Doc<'_> {
    /// Write batches `0..batches` in order as they arrive from the helpers.
    fn write_batches(&mut self, batches: usize, made: &std::sync::mpsc::Receiver<(usize, Batch)>, turns: &Turns, spare: &std::sync::Mutex<Vec<Vec<u8>>>) -> serde_json::Result<()> {
        let mut early: std::collections::BTreeMap<usize, Batch> = std::collections::BTreeMap::new();
        for b in 0..batches {
            let bytes = loop {
                if let Some(bytes) = early.remove(&b) {
                    break bytes;
                }
                match made.recv() {
                    Ok((k, bytes)) if k == b => break bytes,
                    Ok((k, bytes)) => {
                        early.insert(k, bytes);
                    }
                    Err(_) => break Err("a helper thread stopped".to_string()),
                }
            };
            let mut bytes = bytes.map_err(serde::ser::Error::custom)?;
            Self::io(self.out.write_through(&bytes))?;
            bytes.clear();
            if let Ok(mut s) = spare.lock() {
                s.push(bytes);
            }
            turns.written(b + 1);
        }
        Ok(())
    }
}

/// Write the report of a lean analysis as pretty JSON (the bytes of
/// `serde_json::to_writer_pretty(&report)` of the same analysis by [`crate::analyze`]).
/// The long arrays (certificates, nearly all of the bytes; chains; diagnostics) are made by
/// helper threads in batches and written in order; the other fields in [`Report`]'s and
/// [`crate::chain::Hierarchy`]'s order, as their `Serialize` writes them.
pub fn write(lean: &Lean, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    write_with(lean, Heads::default(), out)
}

/// [`write`], with the certificates' heads made ahead ([`Heads`]): the same bytes.
pub fn write_with(lean: &Lean, heads: Heads, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    let helpers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).clamp(1, 4);
    write_on(lean, heads, out, helpers)
}

/// [`write_with`] with `helpers` threads making the long arrays (1: in place).
fn write_on(lean: &Lean, heads: Heads, out: &mut dyn std::io::Write, helpers: usize) -> serde_json::Result<()> {
    let (bytes, ends) = heads.into_made();
    let heads = Made { bytes, ends };
    let r: &Report = &lean.report;
    let h = &r.hierarchy;
    let mut doc = Doc { out: Chunked { buf: Vec::with_capacity(Chunked::SIZE * 2), out }, open: Vec::new(), helpers };
    doc.begin()?;
    doc.field("version", &r.version)?;
    doc.field("evaluated_at", &r.evaluated_at)?;
    doc.field("files", &r.files)?;
    doc.array("certificates", r.certificates.len(), CERTIFICATE_BATCH, &|i, level, out| certificate(lean, &heads, i, level, out))?;
    doc.array("diagnostics", lean.diagnostics_len(), BATCH, &|i, level, out| match lean.diagnostic(i) {
        Some(d) => append(out, level, &*d).map_err(|e| e.to_string()),
        None => Err(format!("no diagnostic {i}")),
    })?;
    doc.field("keys", &r.keys)?;
    doc.field("requests", &r.requests)?;
    if let Some(s) = &r.server {
        doc.field("server", s)?;
    }
    doc.key("hierarchy")?;
    doc.begin()?;
    doc.array("chains", h.chains.len(), BATCH, &element_of(&h.chains))?;
    if lean.tree_deferred {
        doc.field("tree", &crate::chain::Hierarchy::tree_of(&h.chains))?;
    } else {
        doc.field("tree", &h.tree)?;
    }
    doc.field("crls", &h.crls)?;
    doc.field("diagnostics", &h.diagnostics)?;
    doc.field("work", &h.work)?;
    if lean.tree_deferred {
        let summary: Vec<&str> = h.chains.iter().map(|c| c.best.summary.as_str()).collect();
        doc.field("summary", &summary)?;
    } else {
        doc.field("summary", &h.summary)?;
    }
    doc.end()?;
    if let Some(m) = &r.mapping {
        doc.field("mapping", m)?;
    }
    if let Some(t) = &r.trust_store {
        doc.field("trust_store", t)?;
    }
    doc.end()?;
    doc.out.flush_buf().map_err(serde_json::Error::io)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::{InputFile, Options};

    /// Every fixture file (and a few drops of several files, settings that change what the
    /// server stage reads): the lean JSON is byte for byte the full report's JSON, and the lean
    /// text the full report's text.
    #[test]
    fn lean_json_and_text_are_the_full_reports() {
        let paths = crate::test_support::fixture_paths();
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
        let (mut thin_seen, mut chain_findings_made, mut released, mut heads_made) = (0, 0, 0, 0);
        for (files, options) in &drops {
            let whole = crate::analyze(files, options);
            let full = serde_json::to_string_pretty(&whole).unwrap();
            // As the CLI runs it: the files' bytes let go once decoded where nothing reads them again.
            let mut owned = files.clone();
            let lean = crate::analysis::run_lean_releasing(&mut owned, options, None);
            released += owned.iter().zip(files).filter(|(o, f)| o.bytes.is_empty() && !f.bytes.is_empty()).count();
            thin_seen += lean.thin.iter().filter(|t| **t).count();
            chain_findings_made += lean.chain_diagnostics.len();
            let mut out = Vec::new();
            write(&lean, &mut out).unwrap();
            let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
            assert!(String::from_utf8(out).unwrap() == full, "lean JSON differs for {names:?} with {options:?}");
            // With every certificate's head made ahead, beside the chain stage as the CLI makes
            // them (from the entries before the chains and the rehydrating; here not stopped
            // when that stage ends), or after the analysis on one core: the same bytes.
            let heads = Heads::default();
            let mut again = files.clone();
            let keep_going = std::sync::atomic::AtomicBool::new(false);
            let lean = crate::analysis::run_lean_releasing(&mut again, options, Some(&|c, _done| heads.make(c, &keep_going)));
            if !crate::par::parallel(2, 2) {
                heads.make(lean.certificates(), &keep_going);
            }
            heads_made += heads.made.lock().unwrap().1.len();
            let mut out = Vec::new();
            write_with(&lean, heads, &mut out).unwrap();
            assert!(String::from_utf8(out).unwrap() == full, "JSON with heads made ahead differs for {names:?} with {options:?}");
            // The text too: written from the lean analysis as the whole report's.
            let mut text = Vec::new();
            super::super::text::write_text(&lean, &mut text).unwrap();
            assert!(String::from_utf8(text).unwrap() == super::super::render_text(&whole), "lean text differs for {names:?} with {options:?}");
            // And `--asn1`'s trees, written from it: each thin certificate labelled by its
            // full view, as from an analysis where nothing is thin.
            let (mut trees, mut whole_trees) = (Vec::new(), Vec::new());
            super::super::text::write_asn1(&lean, &mut trees).unwrap();
            super::super::text::write_asn1(&crate::analysis::run_inner(files, options, false), &mut whole_trees).unwrap();
            assert!(trees == whole_trees, "lean ASN.1 trees differ for {names:?} with {options:?}");
        }
        assert!(thin_seen > 100, "thin certificates exercised: {thin_seen}");
        // The chain layer's findings made at print time, files released: exercised too.
        assert!(chain_findings_made > 100, "chain findings made when printed: {chain_findings_made}");
        assert!(released > 50, "files released: {released}");
        assert!(heads_made > 500, "heads made ahead: {heads_made}");
    }

    /// Without helper threads (one core) the long arrays are made and written batch by batch
    /// too: the same bytes, and no write holds a whole array (50,000 certificates' array was
    /// ~500 MB of JSON made at once).
    #[test]
    fn on_one_core_arrays_are_written_batch_by_batch() {
        struct Writes {
            all: Vec<u8>,
            largest: usize,
        }
        impl std::io::Write for Writes {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.largest = self.largest.max(b.len());
                self.all.extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let dir = format!("{}/tests/fixtures/chain", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<InputFile> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "der" || e == "pem" || e == "cer"))
            .map(|p| InputFile::new(p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let options = Options::at(1_780_000_000);
        let full = serde_json::to_string_pretty(&crate::analyze(&files, &options)).unwrap();
        let lean = crate::analysis::run_lean_releasing(&mut files.clone(), &options, None);
        let mut out = Writes { all: Vec::new(), largest: 0 };
        write_on(&lean, Heads::default(), &mut out, 1).unwrap();
        assert!(String::from_utf8(out.all).unwrap() == full, "JSON on one core differs");
        // The certificates' array alone is several times a batch (3 certificates in tests) and
        // the buffer in front of the output (64 KB).
        assert!(lean.report.certificates.len() > 20 && full.len() > 400_000, "{} certificates, {} bytes", lean.report.certificates.len(), full.len());
        assert!(out.largest < 150_000, "largest write {} bytes", out.largest);
    }
}

//! A large answer of the worker, read in slices: the analysis of 10,000 certificates is a
//! [`Done`] of ~19 MB on the wire, and reading it in one go held the page's thread for
//! over 100 ms. [`Receiving`] reads it element by element (the certificates, findings,
//! paths and rows one at a time) and stops whenever the caller says the slice is over
//! (the page: after ~8 ms), so that the page stays responsive between slices.
//!
//! It reads the positional wire of [`super::wire`] (postcard) field by field in the
//! declaration order of [`Done`], [`PageReport`] and [`Hierarchy`]; the tests compare it
//! with reading the whole at once on a fully populated answer, so a field added to one of
//! those types without a line here fails them.

use serde::de::DeserializeOwned;

use super::page::{Chain, Hierarchy, PageReport};
use super::wire::UNREADABLE;
use super::work::Done;

/// Answers up to this size are read at once (a prediction, up to ~80 certificates).
/// Debian's CA bundle (144 roots) is a 233 KB answer: read at once with its first render, one
/// task of 53–60 ms in Chromium (the bench's longest task); in slices none over 50 ms, painted
/// ~10 ms later (docs/performance.md, "ninth session").
pub const AT_ONCE_UP_TO: usize = 128 * 1024;
// Debian's answer (232,542 B) is read in slices, a single chain's prediction (~27 KB) at once.
const _: () = assert!(232_542 > AT_ONCE_UP_TO && 27 * 1024 <= AT_ONCE_UP_TO);

/// How many elements are read between two looks at the clock.
const CHECK_EVERY: usize = 32;

/// Where the reading is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// `seq`, whether a report follows, its head (version, time, files).
    Head,
    /// This many certificates left.
    Certificates(usize),
    /// This many findings left.
    Diagnostics(usize),
    /// Keys, requests, the start of the hierarchy.
    Middle,
    /// This many paths left.
    Chains(usize),
    /// The rest of the report.
    ReportTail,
    /// This many rows left.
    Rows(usize),
    /// The prediction and the flags.
    Tail,
    /// Finished (the answer was handed out).
    Finished,
}

/// An answer being read.
pub struct Receiving {
    bytes: Vec<u8>,
    pos: usize,
    part: Part,
    done: Done,
    report: Option<PageReport>,
}

impl Receiving {
    /// Start reading `bytes` (a [`Done`] in the wire format).
    pub fn new(bytes: Vec<u8>) -> Self {
        Self { bytes, pos: 0, part: Part::Head, done: Done::default(), report: None }
    }

    fn take<T: DeserializeOwned>(&mut self) -> Result<T, String> {
        let rest = self.bytes.get(self.pos..).ok_or(UNREADABLE)?;
        let (value, left) = postcard::take_from_bytes::<T>(rest).map_err(|_| UNREADABLE.to_string())?;
        self.pos = self.bytes.len() - left.len();
        Ok(value)
    }

    /// A sequence's length (postcard: a varint), bounded by the bytes left (each element
    /// takes at least one byte), so that a wrong length never reserves memory.
    fn take_len(&mut self) -> Result<usize, String> {
        let n: usize = self.take()?;
        if n > self.bytes.len().saturating_sub(self.pos) {
            return Err(UNREADABLE.to_string());
        }
        Ok(n)
    }

    /// Read up to `left` elements into `out`, looking at `pause` every few; `Ok(left)`:
    /// how many are left when it paused (0: all read).
    fn elements<T: DeserializeOwned>(&mut self, mut left: usize, pause: &mut dyn FnMut() -> bool, push: &mut dyn FnMut(&mut Self, T)) -> Result<usize, String> {
        let mut since = 0;
        while left > 0 {
            let value: T = self.take()?;
            push(self, value);
            left -= 1;
            since += 1;
            if since >= CHECK_EVERY {
                since = 0;
                if left > 0 && pause() {
                    break;
                }
            }
        }
        Ok(left)
    }

    fn report(&mut self) -> &mut PageReport {
        self.report.get_or_insert_with(PageReport::default)
    }

    /// Read on until the answer is complete (`Ok(Some)`) or `pause` says stop (`Ok(None)`:
    /// call again later).
    pub fn read(&mut self, pause: &mut dyn FnMut() -> bool) -> Result<Option<Done>, String> {
        loop {
            match self.part {
                Part::Head => {
                    self.done.seq = self.take()?;
                    let has_report: u8 = self.take()?;
                    match has_report {
                        0 => self.part = Part::Rows(self.take_len()?),
                        1 => {
                            let version = self.take()?;
                            let evaluated_at = self.take()?;
                            let files = self.take()?;
                            let n = self.take_len()?;
                            *self.report() = PageReport { version, evaluated_at, files, certificates: Vec::with_capacity(n), ..PageReport::default() };
                            self.part = Part::Certificates(n);
                        }
                        _ => return Err(UNREADABLE.to_string()),
                    }
                }
                Part::Certificates(n) => {
                    let left = self.elements(n, pause, &mut |s, c| s.report().certificates.push(c))?;
                    if left > 0 {
                        self.part = Part::Certificates(left);
                        return Ok(None);
                    }
                    let n = self.take_len()?;
                    self.report().diagnostics.reserve_exact(n);
                    self.part = Part::Diagnostics(n);
                }
                Part::Diagnostics(n) => {
                    let left = self.elements(n, pause, &mut |s, d| s.report().diagnostics.push(d))?;
                    if left > 0 {
                        self.part = Part::Diagnostics(left);
                        return Ok(None);
                    }
                    self.part = Part::Middle;
                }
                Part::Middle => {
                    let keys = self.take()?;
                    let requests = self.take()?;
                    let n = self.take_len()?;
                    let r = self.report();
                    r.keys = keys;
                    r.requests = requests;
                    r.hierarchy = Hierarchy { chains: Vec::with_capacity(n), ..Hierarchy::default() };
                    self.part = Part::Chains(n);
                }
                Part::Chains(n) => {
                    let left = self.elements(n, pause, &mut |s, c: Chain| s.report().hierarchy.chains.push(c))?;
                    if left > 0 {
                        self.part = Part::Chains(left);
                        return Ok(None);
                    }
                    self.part = Part::ReportTail;
                }
                Part::ReportTail => {
                    let tree = self.take()?;
                    let crls = self.take()?;
                    let gave_up = self.take()?;
                    let mapping_certificate = self.take()?;
                    let trust_store = self.take()?;
                    let r = self.report();
                    r.hierarchy.tree = tree;
                    r.hierarchy.crls = crls;
                    r.hierarchy.gave_up = gave_up;
                    r.mapping_certificate = mapping_certificate;
                    r.trust_store = trust_store;
                    self.part = Part::Rows(self.take_len()?);
                    if pause() {
                        return Ok(None);
                    }
                }
                Part::Rows(n) => {
                    // Room for the rows made once, a listing's (10,000 for a big drop) or an
                    // answer's: after a pause, the rows read and `n` left fill it exactly.
                    self.done.rows.reserve_exact(n);
                    let left = self.elements(n, pause, &mut |s, r| s.done.rows.push(r))?;
                    if left > 0 {
                        self.part = Part::Rows(left);
                        return Ok(None);
                    }
                    self.part = Part::Tail;
                }
                Part::Tail => {
                    self.done.server = self.take()?;
                    self.done.subject = self.take()?;
                    self.done.stale = self.take()?;
                    self.done.thin = self.take()?;
                    self.done.pending = self.take()?;
                    self.done.analysis = self.take()?;
                    self.done.near = self.take()?;
                    self.done.listing = self.take()?;
                    if self.pos != self.bytes.len() {
                        return Err(UNREADABLE.to_string());
                    }
                    self.part = Part::Finished;
                    let mut done = std::mem::take(&mut self.done);
                    done.report = self.report.take();
                    self.bytes = Vec::new();
                    return Ok(Some(done));
                }
                Part::Finished => return Err(UNREADABLE.to_string()),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::ui::wire::{self, tests::full_done};

    fn in_slices(bytes: &[u8], every: usize) -> (Result<Done, String>, usize) {
        let mut r = Receiving::new(bytes.to_vec());
        let mut calls = 0;
        let mut slices = 0;
        loop {
            let mut pause = || {
                calls += 1;
                calls % every == 0
            };
            match r.read(&mut pause) {
                Ok(Some(done)) => return (Ok(done), slices),
                Ok(None) => slices += 1,
                Err(e) => return (Err(e), slices),
            }
            assert!(slices < 100_000, "no progress");
        }
    }

    #[test]
    fn an_answer_read_in_slices_equals_the_answer_read_at_once() {
        let mut done = full_done();
        // Enough elements to pause inside each long list.
        let report = done.report.as_mut().unwrap();
        let (c, d, p, r) = (report.certificates[0].clone(), report.diagnostics[0].clone(), report.hierarchy.chains[0].clone(), done.rows[0].clone());
        report.certificates.resize(100, c);
        report.diagnostics.resize(100, d);
        report.hierarchy.chains.resize(100, p);
        done.rows.resize(100, r);
        let bytes = wire::encode(&done);
        for every in [1, 2, 7, 1_000_000] {
            let (back, slices) = in_slices(&bytes, every);
            assert_eq!(back.unwrap(), done, "pausing every {every}");
            if every == 1 {
                assert!(slices >= 4 * 2, "it paused inside the lists: {slices}");
            }
        }
        // A prediction (no report) and an empty answer.
        for small in [Done { report: None, ..full_done() }, Done::default()] {
            assert_eq!(in_slices(&wire::encode(&small), 1).0.unwrap(), small);
        }
    }

    #[test]
    fn a_listings_rows_are_read_into_room_made_once() {
        // A listing (no report): its rows grow no vector by doubling (a 10,000-row listing's
        // vector was copied ~14 times on the page, 2.7 ms of a cold drop's reading).
        for report in [None, Some(full_done().report.unwrap())] {
            let mut done = Done { report, ..full_done() };
            let r = done.rows[0].clone();
            done.rows.resize(300, r);
            let (back, _) = in_slices(&wire::encode(&done), 1_000_000);
            let back = back.unwrap();
            assert_eq!(back.rows.capacity(), 300);
            assert_eq!(back, done);
        }
    }

    #[test]
    fn a_cut_or_padded_answer_is_unreadable() {
        let bytes = wire::encode(&full_done());
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(in_slices(&bytes[..cut], 3).0, Err(UNREADABLE.to_string()), "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(in_slices(&padded, 3).0.is_err());
        // A huge length reserves nothing.
        let mut huge = wire::encode(&1u32);
        huge.push(1);
        huge.extend(wire::encode(&"v"));
        huge.extend(wire::encode(&"t"));
        huge.push(0);
        huge.extend(wire::encode(&(u32::MAX as usize)));
        assert!(in_slices(&huge, 3).0.is_err());
    }
}

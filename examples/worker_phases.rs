//! Where the analysis worker's time goes for one file (native; the worker runs the same code
//! in wasm, slower): `cargo run --profile native --example worker_phases -- FILE.pem [RUNS]`.
//! Prints, per phase, the fastest of RUNS: the analysis with the roots' own signatures deferred
//! (the first answer) and in full, the prediction, the page model, the rows, the wire encoding,
//! and the answer's size.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use certlens::ui::{page, status, wire, work};
use certlens::{InputFile, Options};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: worker_phases FILE [RUNS]");
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let bytes = std::fs::read(&path).expect("readable file");
    let files = vec![InputFile::new("bundle.pem", bytes)];
    let at = 1_795_392_000;
    let mut best: Vec<(&str, f64)> = Vec::new();
    let mut size = 0;
    let mut thin_size = 0;
    let mut listing_size = 0;
    for _ in 0..runs {
        let mut t = Vec::new();
        let mut lap = |name: &'static str, start: Instant| t.push((name, start.elapsed().as_secs_f64() * 1e3));
        let s = Instant::now();
        let listing = certlens::analysis::list(&files, at, &mut |_| {});
        lap("listing: decoding and reading each certificate (no report)", s);
        let s = Instant::now();
        let listing_rows = status::listing_rows(&listing.certificates);
        lap("listing rows", s);
        let s = Instant::now();
        let listing_answer = wire::encode(&work::Done { seq: 1, rows: listing_rows, listing: true, ..work::Done::default() });
        lap("listing's wire encoding", s);
        listing_size = listing_answer.len();
        let s = Instant::now();
        let fast = certlens::analysis::run_listed(&files, listing, &Options { defer_root_signatures: Some(0), ..Options::at(at) }, &mut |_| {});
        lap("analysis of the listed files, roots' own signatures deferred", s);
        drop(fast);
        let s = Instant::now();
        let fast = certlens::analyze(&files, &Options { defer_root_signatures: Some(0), ..Options::at(at) });
        lap("analysis, roots' own signatures deferred (first answer)", s);
        let s = Instant::now();
        let mut report = certlens::analyze(&files, &Options::at(at));
        lap("analysis in full (final answer, the CLI's)", s);
        drop(fast);
        let verdict = work::Verdict { at, ..work::Verdict::default() };
        let s = Instant::now();
        let (subject, server) = work::predict(&files, &report, &verdict);
        report.server = server;
        lap("server prediction", s);
        let thin = report.certificates.len() > work::THIN_ABOVE;
        let s = Instant::now();
        let model = page::page_report(&report, thin);
        lap("page model", s);
        let s = Instant::now();
        let rows = status::rows(&report);
        lap("rows", s);
        let done = work::Done { seq: 1, report: Some(model), rows, server: report.server.as_ref().map(|s| std::rc::Rc::new(s.into())), subject, thin, ..work::Done::default() };
        let s = Instant::now();
        let encoded = wire::encode(&done);
        lap("wire encoding", s);
        size = encoded.len();
        thin_size = wire::encode(&page::page_report(&report, true)).len();
        if best.is_empty() {
            best = t;
        } else {
            for (b, (_, v)) in best.iter_mut().zip(t) {
                b.1 = b.1.min(v);
            }
        }
    }
    for (name, ms) in best {
        println!("{ms:9.1} ms  {name}");
    }
    println!("{:9} KB  the listing in the wire format", listing_size / 1024);
    println!("{:9} KB  the answer in the wire format", size / 1024);
    println!("{:9} KB  its page model with every certificate as a summary (as above {} certificates)", thin_size / 1024, work::THIN_ABOVE);
}

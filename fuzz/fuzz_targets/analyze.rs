//! The whole core on one file: input, model, chain, server, report; and the lean analysis the
//! CLI prints from holds the same report (each thin certificate rebuilt, the chain layer's
//! findings made when listed). The Markdown export of it starts every line where its template
//! does: text from the file adds no line, heading, list or quote. `--json`'s own writer prints
//! the lean analysis as serde_json prints the report, byte for byte.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = [certlens::InputFile::new("fuzz.cer", data)];
    let options = certlens::Options::at(1_795_392_000);
    let report = certlens::analyze(&files, &options);
    let _ = serde_json_len(&report);
    // Its lines are checked by `markdown` itself (debug assertions, on in fuzz builds).
    let _ = certlens::report::export::markdown(&report, None);
    let lean = certlens::analysis::run_lean(&files, &options);
    assert_eq!(lean.report.certificates.len(), report.certificates.len());
    for (i, whole) in report.certificates.iter().enumerate() {
        let (_, view, der_base64) = lean.certificates().full(i).expect("a certificate the analysis read is read again");
        assert!(*view == whole.view && *der_base64 == whole.der_base64, "certificate {i} differs");
    }
    let mut printed = Vec::new();
    certlens::cli::write_json(&lean, &mut printed).expect("the lean analysis is printed");
    assert!(printed == serde_json::to_vec_pretty(&report).expect("the report is serialised"), "--json differs from serde_json's output");
    assert_eq!(lean.diagnostics_len(), report.diagnostics.len());
    for (i, whole) in report.diagnostics.iter().enumerate() {
        assert!(lean.diagnostic(i).is_some_and(|d| *d == *whole), "diagnostic {i} differs");
    }
});

fn serde_json_len(r: &certlens::Report) -> usize {
    format!("{r:?}").len()
}

//! The whole core on one file: input, model, chain, server, report.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = [certlens::InputFile::new("fuzz.cer", data)];
    let report = certlens::analyze(&files, &certlens::Options::at(1_795_392_000));
    let _ = serde_json_len(&report);
});

fn serde_json_len(r: &certlens::Report) -> usize {
    format!("{r:?}").len()
}

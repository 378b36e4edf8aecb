//! Any bytes through the input layer's file decoder (no password).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = certlens::input::decode_file(&certlens::InputFile::new("fuzz.bin", data));
});

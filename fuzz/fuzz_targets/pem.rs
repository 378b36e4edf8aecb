//! Text handling: UTF-8/UTF-16 detection, PEM block scanning, bare base64.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((text, _)) = certlens::input::pem::bytes_to_text(data) {
        for block in certlens::input::pem::pem_blocks(&text) {
            let _ = block.header("DEK-Info");
        }
        let _ = certlens::input::pem::bare_base64(&text);
    }
});

//! Share-link decoder: any text, and any payload wrapped as a format-1 link, decodes to a
//! value or an error; a decoded link opens and analyses without a panic.
#![no_main]
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = certlens::report::share::decode(&text);
    // The payload parser behind valid base64 and DEFLATE.
    let compressed = miniz_oxide::deflate::compress_to_vec(data, 1);
    let link = format!("cl1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed));
    if let Ok(view) = certlens::report::share::decode(&link) {
        let opened = view.open();
        let _ = certlens::analyze(&opened.files, &opened.options());
    }
});

//! Microsoft serialized certificate stores (`.sst`): the element walk, then
//! a write/read round trip of whatever certificates it found.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = certlens::input::sst::read(data);
    let parts: Vec<(&[u8], Option<&str>)> = r.certificates.iter().map(|e| (e.der.as_slice(), e.friendly_name.as_deref())).collect();
    let again = certlens::input::sst::read(&certlens::input::sst::write(&parts));
    assert_eq!(again.certificates.len(), r.certificates.len());
});

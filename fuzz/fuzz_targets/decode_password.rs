//! Any bytes with a password: MAC check and decryption paths of PKCS#12,
//! encrypted PKCS#8 and legacy PEM keys. The first byte picks the password
//! (the empty one, the fixtures' one, a wrong one).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let password = ["", "certlens", "wrong", "Pässwörd€"][usize::from(pick % 4)];
    let _ = certlens::input::decode_file(&certlens::InputFile::new("fuzz.pfx", rest).with_password(password));
});

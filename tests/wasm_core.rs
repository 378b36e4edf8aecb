//! The core, as WebAssembly: `certlens::analyze` on fixtures embedded with `include_bytes!`.
//!
//! `#[wasm_bindgen_test(unsupported = test)]` makes every test run three ways: natively
//! (`cargo test`), as wasm32 under node (`wasm-pack test --node`) and as wasm32 in headless
//! Chromium (`wasm-pack test --headless --chrome`); see tests/run-all.sh. Nothing here reads
//! files, the clock or the network, so the same assertions hold in every environment.
// In tests a panic is a failing test: unwrap and indexing are the clearest way to say it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use certlens::{analyze, InputFile, Options, Report, Severity};
use wasm_bindgen_test::wasm_bindgen_test;

/// 2026-11-23T00:00:00Z, the evaluation time of every fixture (tests/fixtures/manifest.json).
const AT: i64 = 1_795_392_000;

const EE_CLIENT_CER: &[u8] = include_bytes!("fixtures/chain/ee_client.cer");
const EE_CLIENT_PEM: &[u8] = include_bytes!("fixtures/chain/ee_client.pem");
const FULLCHAIN_PEM: &[u8] = include_bytes!("fixtures/chain/fullchain.pem");
const EE_EXPIRED_DER: &[u8] = include_bytes!("fixtures/chain/ee_expired.der");
const GARBAGE_BIN: &[u8] = include_bytes!("fixtures/bad/garbage.bin");
const EMPTY_CER: &[u8] = include_bytes!("fixtures/bad/empty.cer");
const DEEP_NESTING_DER: &[u8] = include_bytes!("fixtures/bad/deep_nesting.der");

const ALICE_SHA1: &str = "2973879AA2615E67CB6C001034A8D5094BA6E50D";
const ALICE_SHA256: &str = "9459aff9806e1897e0af34ff8650c49efdd2a63c77b14028b264d7b431fa1712";
const INT_SHA1: &str = "63D499E8EFB14BAF90C47613015D4E8F33746D56";
const ROOT_SHA1: &str = "C358AB50013004118B2D17B1735DFF7CB0829652";

fn run(files: &[(&str, &[u8])]) -> Report {
    let files: Vec<InputFile> = files.iter().map(|(name, bytes)| InputFile::new(*name, *bytes)).collect();
    analyze(&files, &Options::at(AT))
}

#[wasm_bindgen_test(unsupported = test)]
fn der_certificate_is_decoded() {
    let report = run(&[("alice.cer", EE_CLIENT_CER)]);
    assert_eq!(report.certificates.len(), 1, "{report:#?}");
    let c = &report.certificates[0].view;
    assert!(c.subject.contains("CN=alice"), "subject: {}", c.subject);
    assert!(c.subject.contains("O=Contoso"), "subject: {}", c.subject);
    assert!(c.issuer.contains("CN=Contoso Issuing CA 01"), "issuer: {}", c.issuer);
    assert_eq!(c.thumbprint(), ALICE_SHA1);
    assert_eq!(c.sha1, ALICE_SHA1.to_lowercase());
    assert_eq!(c.sha256, ALICE_SHA256);
    assert_eq!(c.serial.replace(':', "").to_uppercase(), "61000101A7B3C9D2E1F0");
    assert_eq!(c.not_before, "2026-01-01T00:00:00Z");
    assert_eq!(c.not_after, "2027-06-30T00:00:00Z");
    assert_eq!(
        c.extended_key_usage.as_deref(),
        Some(&["1.3.6.1.5.5.7.3.2".to_string(), "1.3.6.1.5.5.7.3.4".to_string()][..])
    );
    assert_eq!(c.eku_names(), vec!["Client Authentication", "Secure Email"]);
    assert_eq!(c.crl_urls.first().map(String::as_str), Some("http://pki.contoso.com/crl/int01.crl"));
    assert_eq!(c.aia_ca_issuer_urls, vec!["http://pki.contoso.com/aia/int01.crt"]);
    assert_eq!(c.ocsp_urls, vec!["http://ocsp.contoso.com"]);
    assert!(report.diagnostics.iter().all(|d| d.severity != Severity::Error), "{:#?}", report.diagnostics);
    assert!(report.files[0].problems.is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn pem_chain_yields_every_certificate_in_order() {
    let report = run(&[("fullchain.pem", FULLCHAIN_PEM)]);
    let thumbprints: Vec<String> = report.certificates.iter().map(|c| c.view.thumbprint()).collect();
    assert_eq!(thumbprints, vec![ALICE_SHA1, INT_SHA1, ROOT_SHA1]);
    assert_eq!(report.files[0].certificates, vec![0, 1, 2]);
    assert!(report.files[0].problems.is_empty(), "{:?}", report.files[0].problems);
}

/// The progress bar moves with the certificates read, evenly, in wasm32 too: a bundle of a
/// few megabytes and thousands of certificates (the size × the count passes 2^32; the bar once
/// stood still at 3 % there).
#[wasm_bindgen_test(unsupported = test)]
fn reading_progress_moves_evenly_through_a_big_bundle() {
    let one = String::from_utf8(EE_CLIENT_PEM.to_vec()).unwrap();
    let n = 5_000;
    let bundle = one.repeat(n);
    let files = [InputFile::new("bundle.pem", bundle.as_bytes())];
    let mut seen = Vec::new();
    let report = certlens::analyze_with_progress(&files, &Options::at(AT), &mut |p| {
        if p.stage == certlens::analysis::Stage::Reading {
            seen.push((p.done, p.total));
        }
    });
    assert_eq!(report.certificates.len(), 1);
    // One report per certificate, then one when the file is done.
    assert_eq!(seen.len(), n + 1);
    assert_eq!(seen[n], (bundle.len(), bundle.len()));
    for (i, &(done, total)) in seen[..n].iter().enumerate() {
        assert_eq!(total, bundle.len());
        assert_eq!(done, one.len() * (i + 1), "after certificate {}", i + 1);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn the_same_certificate_twice_is_listed_once() {
    let report = run(&[("alice.cer", EE_CLIENT_CER), ("alice.pem", EE_CLIENT_PEM)]);
    assert_eq!(report.certificates.len(), 1);
    assert_eq!(report.files.len(), 2);
    assert_eq!(report.files[0].certificates, vec![0]);
    assert_eq!(report.files[1].certificates, vec![0]);
}

#[wasm_bindgen_test(unsupported = test)]
fn garbage_gets_one_error_naming_the_file() {
    let report = run(&[("garbage.bin", GARBAGE_BIN), ("alice.cer", EE_CLIENT_CER)]);
    assert_eq!(report.files.len(), 2, "every file gets a result");
    assert!(report.files[0].certificates.is_empty());
    assert!(!report.files[0].problems.is_empty(), "{:#?}", report.files[0]);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].message.contains("garbage.bin"), "{}", errors[0].message);
    assert!(!errors[0].message.contains("\n"), "one line: {}", errors[0].message);
    assert!(!errors[0].code.as_str().is_empty());
    // The good file next to it is still decoded.
    assert_eq!(report.certificates.len(), 1);
}

#[wasm_bindgen_test(unsupported = test)]
fn empty_and_hostile_files_get_errors_not_panics() {
    let report = run(&[("empty.cer", EMPTY_CER), ("deep.der", DEEP_NESTING_DER)]);
    assert_eq!(report.files.len(), 2);
    for f in &report.files {
        assert!(!f.problems.is_empty(), "{f:#?}");
    }
    assert!(report.diagnostics.iter().any(|d| d.message.contains("empty.cer")));
    assert!(report.diagnostics.iter().any(|d| d.message.contains("deep.der")));
}

#[wasm_bindgen_test(unsupported = test)]
fn expiry_is_judged_at_the_evaluation_time() {
    let report = run(&[("frank.der", EE_EXPIRED_DER)]);
    assert!(report.diagnostics.iter().any(|d| d.code.as_str() == "certificate-expired"), "{:#?}", report.diagnostics);
    // Before it expired (2025-12-31), the same certificate is fine.
    let files = vec![InputFile::new("frank.der", EE_EXPIRED_DER)];
    let earlier = analyze(&files, &Options::at(1_735_689_600)); // 2025-01-01
    assert!(earlier.diagnostics.iter().all(|d| d.code.as_str() != "certificate-expired"), "{:#?}", earlier.diagnostics);
}

#[wasm_bindgen_test(unsupported = test)]
fn report_is_deterministic_and_serialisable() {
    let files = [("fullchain.pem", FULLCHAIN_PEM), ("garbage.bin", GARBAGE_BIN)];
    let a = run(&files);
    assert_eq!(a, run(&files));
    let json = serde_json::to_string(&a).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(a, back);
}

const EE_CLIENT_AES_PFX: &[u8] = include_bytes!("fixtures/pkcs12/ee_client_aes256.pfx");
const EE_CLIENT_LEGACY_PFX: &[u8] = include_bytes!("fixtures/pkcs12/ee_client_legacy.pfx");
const EE_CLIENT_KEY_ENC: &[u8] = include_bytes!("fixtures/keys_pem/ee_client_pkcs8_encrypted.pem");
const CHAIN_BER_P7B: &[u8] = include_bytes!("fixtures/pkcs7/chain_ber.p7b");

/// PKCS#12 in wasm: structure without a password, then MAC check, AES and
/// legacy RC2/3DES decryption and key pairing with the password.
#[wasm_bindgen_test(unsupported = test)]
fn pkcs12_opens_and_pairs_the_key_in_wasm() {
    use certlens::report::PrivateKeyState;
    let report = run(&[("alice.pfx", EE_CLIENT_AES_PFX)]);
    let c = report.files[0].container.as_ref().unwrap();
    assert_eq!(c.password, certlens::input::PasswordState::Needed);
    assert!(c.private_key.starts_with("contains a private key"), "{}", c.private_key);
    for pfx in [EE_CLIENT_AES_PFX, EE_CLIENT_LEGACY_PFX] {
        let files = [InputFile::new("alice.pfx", pfx).with_password("certlens")];
        let report = analyze(&files, &Options::at(AT));
        assert_eq!(report.certificates.len(), 3, "{:?}", report.files[0]);
        let alice = report.certificates.iter().find(|c| c.view.thumbprint() == ALICE_SHA1).unwrap();
        let pk = alice.private_key.as_ref().unwrap();
        assert_eq!(pk.state, PrivateKeyState::PresentMatches, "{pk:?}");
        assert_eq!(pk.matched_by, vec!["public-key", "local-key-id"]);
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains("\"certlens\""), "the password must not reach the report");
    }
    let files = [InputFile::new("alice.pfx", EE_CLIENT_AES_PFX).with_password("wrong")];
    let report = analyze(&files, &Options::at(AT));
    assert!(report.diagnostics.iter().any(|d| d.code.as_str() == "pkcs12-wrong-password"));
}

/// BER PKCS#7 and an encrypted PKCS#8 key matched to a certificate in another file.
#[wasm_bindgen_test(unsupported = test)]
fn p7b_and_encrypted_key_in_wasm() {
    use certlens::report::PrivateKeyState;
    let report = run(&[("chain.p7b", CHAIN_BER_P7B)]);
    assert_eq!(report.certificates.len(), 3);
    let files = [InputFile::new("alice.cer", EE_CLIENT_CER), InputFile::new("alice.key", EE_CLIENT_KEY_ENC).with_password("certlens")];
    let report = analyze(&files, &Options::at(AT));
    assert_eq!(report.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::InOtherFile);
    assert!(report.keys[0].decrypted);
}

const ROOTS10_SST: &[u8] = include_bytes!("fixtures/truststore/roots10.sst");

#[wasm_bindgen_test(unsupported = test)]
fn serialized_store_is_audited_and_mapping_values_are_built_in_wasm() {
    let store = run(&[("roots10.sst", ROOTS10_SST)]);
    assert_eq!(store.certificates.len(), 10, "{:?}", store.files[0]);
    let audit = store.trust_store.as_ref().expect("a drop of only CA certificates is audited");
    assert!(audit.findings.iter().any(|f| f.code.as_str() == "trust-store-not-self-signed"));
    assert_eq!(store.server.as_ref().unwrap().mode.as_str(), "trust-store");
    let alice = run(&[("alice.cer", EE_CLIENT_CER)]);
    let m = alice.mapping.as_ref().expect("mapping helper for the client certificate");
    assert_eq!(m.alt_security_identities[0].value, "X509:<I>DC=com,DC=contoso,O=Contoso,CN=Contoso Issuing CA 01<SR>f0e1d2c9b3a701010061");
}

#[wasm_bindgen_test(unsupported = test)]
fn share_links_round_trip_and_refuse_bad_input_in_wasm() {
    use certlens::report::share;
    let files: Vec<InputFile> = vec![InputFile::new("fullchain.pem", FULLCHAIN_PEM)];
    let report = analyze(&files, &Options::at(AT));
    let view = share::ViewFacts { at: AT, ..share::ViewFacts::default() };
    let link = share::make_link(&files, &report, &view, share::Scope::Everything).unwrap();
    let opened = share::decode(&format!("https://example.org/certlens/#{}", link.fragment)).unwrap().open();
    let back = analyze(&opened.files, &opened.options());
    let shas = |r: &Report| r.certificates.iter().map(|c| c.view.sha256.clone()).collect::<Vec<_>>();
    assert_eq!(shas(&back), shas(&report));
    assert_eq!(back.evaluated_at, report.evaluated_at);
    // A decompression bomb and a damaged link end in errors, not panics.
    let bomb = format!("#{}", share::encode(&share::LinkMeta::default(), &[vec![0u8; 9 * 1024 * 1024]], &[], &[]));
    assert_eq!(share::decode(&bomb).unwrap_err().code.as_str(), "link-too-large");
    assert_eq!(share::decode("#cl1.@@@").unwrap_err().code.as_str(), "link-damaged");
}

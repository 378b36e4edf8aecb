//! Everything a user drops: the fixtures of tests/fixtures (see manifest.json)
//! through `analyze`, checking detection, containers, keys and matching.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use certlens::report::{PrivateKeyState, Report, Severity};
use certlens::{analyze, InputFile, Options};
use serde_json::Value;

const AT: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn manifest() -> Value {
    let text = std::fs::read_to_string(format!("{ROOT}/manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest parses")
}

fn file(path: &str) -> InputFile {
    let bytes = std::fs::read(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
    let name = path.rsplit('/').next().unwrap_or(path);
    InputFile::new(name, bytes)
}

fn run(files: Vec<InputFile>) -> Report {
    analyze(&files, &Options::at(AT))
}

fn codes(r: &Report) -> Vec<String> {
    r.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

fn sha1s(r: &Report) -> Vec<String> {
    r.certificates.iter().map(|c| c.view.sha1.to_uppercase()).collect()
}

/// Every manifest file of the input categories: no panic, every expected
/// certificate decoded, private-key presence as the manifest says.
#[test]
fn manifest_files_decode_as_described() {
    let m = manifest();
    let mut checked = 0;
    for f in m["files"].as_array().expect("files") {
        let path = f["path"].as_str().expect("path");
        let dir = path.split('/').next().unwrap_or_default();
        if !["text", "pkcs7", "csr", "keys_pem", "keys", "pkcs12", "bad", "chain", "crl"].contains(&dir) {
            continue;
        }
        if f["unsupported_key_algorithm"].is_string() {
            continue; // a generation key certlens does not read (DSA)
        }
        let mut input = file(path);
        if let Some(p) = f["password"].as_str() {
            input = input.with_password(p);
        }
        let r = run(vec![input]);
        let fr = &r.files[0];
        for sha in f["sha1"].as_array().into_iter().flatten() {
            let sha = sha.as_str().unwrap();
            assert!(sha1s(&r).contains(&sha.to_string()), "{path}: certificate {sha} missing; detected {:?}, problems {:?}", fr.detected, fr.problems);
        }
        let has_key = r.keys.iter().any(|k| k.kind == certlens::input::KeyKind::Private);
        if f["has_private_key"].as_bool() == Some(true) {
            assert!(has_key, "{path}: private key expected; detected {:?}, problems {:?}", fr.detected, fr.problems);
        } else if dir != "bad" {
            assert!(!has_key, "{path}: no private key expected");
        }
        if f["kind"] == "csr" {
            assert_eq!(r.requests.len(), 1, "{path}");
            assert_eq!(r.requests[0].subject, "CN=alice, OU=Users, O=Contoso", "{path}");
            assert!(r.requests[0].subject_alt_names.contains(&"upn:alice@contoso.com".to_string()), "{path}: {:?}", r.requests[0]);
        }
        if f["kind"] == "invalid" {
            assert!(!fr.problems.is_empty(), "{path}: a problem expected");
            for d in r.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                assert!(d.message.starts_with(&fr.name), "{path}: message must name the file: {}", d.message);
                assert!(!d.message.contains("\n"), "{path}: one line: {}", d.message);
            }
        }
        // The matching keys named by the manifest are matched to their certificates.
        for key in r.keys.iter().filter(|k| k.public_key_sha256.is_some()) {
            if f["matches_certificates"].as_array().is_some_and(|a| a.is_empty()) {
                assert!(key.certificates.is_empty(), "{path}");
            }
        }
        if f["kind"] == "private_key" || f["kind"] == "public_key" {
            let key_id = f["private_keys"].get(0).or(f.get("public_key_of")).and_then(Value::as_str).unwrap_or_default();
            if let Some(expected) = m["keys"][key_id]["spki_sha256"].as_str() {
                assert_eq!(
                    r.keys[0].public_key_sha256.as_deref().map(str::to_uppercase).as_deref(),
                    Some(expected),
                    "{path}: public key fingerprint"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 60, "only {checked} fixture files checked");
}

#[test]
fn pem_variants_all_read_the_same_certificate() {
    let ee = "2973879AA2615E67CB6C001034A8D5094BA6E50D";
    for path in [
        "text/ee_client_bare_base64.txt",
        "text/ee_client_bare_base64_oneline.txt",
        "text/ee_client_base64.cer",
        "text/ee_client_bom.pem",
        "text/ee_client_crlf.pem",
        "text/ee_client_der.pem",
        "text/ee_client_utf16le.pem",
        "text/ee_client_with_text.pem",
        "text/ee_client_x509_label.pem",
    ] {
        let r = run(vec![file(path)]);
        assert_eq!(sha1s(&r), vec![ee], "{path}: {:?}", r.files[0]);
        assert!(r.files[0].problems.is_empty(), "{path}: {:?}", r.files[0].problems);
    }
    // base64url (RFC 4648 §5): bare, as a key vault's `cer` in JSON, and padded.
    let standard = String::from_utf8(file("text/ee_client_bare_base64_oneline.txt").bytes).unwrap();
    let url = standard.trim_end_matches('=').replace('+', "-").replace('/', "_");
    assert!(url.contains(['-', '_']), "the fixture's base64 has characters the two alphabets write differently");
    for (name, text) in [
        ("cer.txt", url.clone()),
        ("padded.txt", format!("{url}==")),
        ("vault.json", format!("{{\"id\":\"https://contoso.vault.azure.net/certificates/alice/0a1b\",\"x5t\":\"KXOHmqJhXmfLbAAQNKjVCUum5Q0\",\"cer\":\"{url}\"}}")),
    ] {
        let r = run(vec![InputFile::new(name, text.into_bytes())]);
        assert_eq!(sha1s(&r), vec![ee], "{name}: {:?}", r.files[0]);
        assert!(r.files[0].problems.is_empty(), "{name}: {:?}", r.files[0].problems);
    }
    // Both alphabets in one text: no encoder writes that, and it is not read as either.
    let mixed = format!("{}-{}", &standard[..100], &standard[101..]);
    assert!(standard[..100].contains(['+', '/']) || standard[101..].contains(['+', '/']));
    let r = run(vec![InputFile::new("mixed.txt", mixed.into_bytes())]);
    assert!(r.certificates.is_empty(), "{:?}", r.files[0]);
    let r = run(vec![file("text/ee_client_utf16le.pem")]);
    assert!(r.files[0].detected.contains("UTF-16"), "{}", r.files[0].detected);
    let r = run(vec![file("text/root_ca_trusted.pem")]);
    assert_eq!(sha1s(&r), vec!["C358AB50013004118B2D17B1735DFF7CB0829652"]);
}

#[test]
fn mislabelled_files_are_read_and_noted() {
    let r = run(vec![file("text/ee_client_der.pem")]);
    assert_eq!(r.certificates.len(), 1);
    assert!(r.files[0].notes.iter().any(|n| n.contains(".pem") && n.contains("DER")), "{:?}", r.files[0].notes);
    let r = run(vec![file("text/ee_client_base64.cer")]);
    assert!(codes(&r).contains(&"file-extension-mismatch".to_string()));
    // A PFX renamed to .crt.
    let pfx = file("pkcs12/ee_client_aes256.pfx");
    let r = run(vec![InputFile::new("alice.crt", pfx.bytes)]);
    assert!(r.files[0].notes.iter().any(|n| n.contains(".crt") && n.contains("PKCS#12")), "{:?}", r.files[0].notes);
}

#[test]
fn pkcs7_in_der_pem_and_ber() {
    for path in ["pkcs7/chain.p7b", "pkcs7/chain_pem.p7b", "pkcs7/chain_ber.p7b"] {
        let r = run(vec![file(path)]);
        assert_eq!(r.certificates.len(), 3, "{path}: {:?}", r.files[0]);
        let c = r.files[0].container.as_ref().expect("container");
        assert_eq!(c.format, "PKCS#7");
        assert_eq!(c.certificate_count, 3);
        for cert in &r.certificates {
            assert_eq!(cert.private_key.as_ref().unwrap().state, PrivateKeyState::NotInFileType, "{path}");
        }
    }
    let r = run(vec![file("pkcs7/chain_ber.p7b")]);
    assert!(r.files[0].detected.contains("BER"), "{}", r.files[0].detected);
    let r = run(vec![file("pkcs7/chain_with_crl.p7b")]);
    assert!(r.files[0].detected.contains("1 CRL"), "{}", r.files[0].detected);
}

#[test]
fn pkcs12_without_password_shows_structure() {
    let r = run(vec![file("pkcs12/ee_client_aes256.pfx")]);
    let c = r.files[0].container.as_ref().expect("container");
    assert_eq!(c.format, "PKCS#12");
    assert_eq!(c.password, certlens::input::PasswordState::Needed);
    let mac = c.mac.as_ref().expect("mac");
    assert_eq!((mac.algorithm.as_str(), mac.iterations, mac.verified), ("HMAC-SHA-256", 2048, Some(false)));
    assert!(c.parts.iter().any(|p| p.kind == "encryptedData" && !p.opened));
    assert!(c.parts.iter().flat_map(|p| p.encryption.iter()).any(|e| e.algorithm.contains("AES-256-CBC")));
    // The shrouded key bag is visible without the password.
    assert!(c.private_key.starts_with("contains a private key"), "{}", c.private_key);
    assert!(codes(&r).contains(&"pkcs12-password-needed".to_string()));
    assert_eq!(r.keys.len(), 1);
    assert!(r.keys[0].encrypted && !r.keys[0].decrypted);
    // The shrouded key is found, not read: the summary says so beside the encrypted part.
    assert_eq!(c.summary, "PKCS#12: 2 parts, 0 certificates and 0 keys readable, 1 key and 1 part still encrypted");
    let open = run(vec![file("pkcs12/ee_client_aes256.pfx").with_password("certlens")]);
    assert_eq!(open.files[0].container.as_ref().unwrap().summary, "PKCS#12: 2 parts, 3 certificates and 1 key readable");
    let key_only = run(vec![file("pkcs12/key_only.pfx")]);
    assert_eq!(key_only.files[0].container.as_ref().unwrap().summary, "PKCS#12: 1 part, 0 certificates and 0 keys readable, 1 key still encrypted");
    assert!(r.keys[0].local_key_id.is_some());
}

#[test]
fn pkcs12_with_password_pairs_key_and_certificate() {
    for path in [
        "pkcs12/ee_client_aes256.pfx",
        "pkcs12/ee_client_aes256.p12",
        "pkcs12/ee_client_3des.pfx",
        "pkcs12/ee_client_legacy.pfx",
        "pkcs12/ee_client_nomac.pfx",
        "pkcs12/ee_client_no_chain.pfx",
    ] {
        let r = run(vec![file(path).with_password("certlens")]);
        let c = r.files[0].container.as_ref().expect("container");
        assert_eq!(c.password, certlens::input::PasswordState::Accepted, "{path}: {:?}", r.files[0].problems);
        let ee = r.certificates.iter().find(|c| c.view.sha1.to_uppercase() == "2973879AA2615E67CB6C001034A8D5094BA6E50D").expect("ee_client");
        let pk = ee.private_key.as_ref().unwrap();
        assert_eq!(pk.state, PrivateKeyState::PresentMatches, "{path}: {pk:?}");
        assert!(pk.matched_by.contains(&"public-key".to_string()), "{path}");
        assert!(pk.matched_by.contains(&"local-key-id".to_string()), "{path}");
        assert_eq!(ee.friendly_name.as_deref(), Some("alice@contoso.com"), "{path}");
        for other in r.certificates.iter().filter(|c| c.view.sha1 != ee.view.sha1) {
            assert_eq!(other.private_key.as_ref().unwrap().state, PrivateKeyState::PresentNoMatch, "{path}");
        }
    }
    let r = run(vec![file("pkcs12/ee_client_legacy.pfx").with_password("certlens")]);
    assert!(r.files[0].container.as_ref().unwrap().legacy);
    assert!(codes(&r).contains(&"pkcs12-legacy-encryption".to_string()));
    let r = run(vec![file("pkcs12/ee_client_aes256.pfx").with_password("certlens")]);
    assert!(!r.files[0].container.as_ref().unwrap().legacy);
}

#[test]
fn pkcs12_password_quirks() {
    // Empty password: works typed as "" and without any password.
    for pw in [Some(""), None] {
        let mut f = file("pkcs12/ee_client_empty_password.pfx");
        f.password = pw.map(str::to_string);
        let r = run(vec![f]);
        let c = r.files[0].container.as_ref().unwrap();
        assert_eq!(c.password, certlens::input::PasswordState::Empty, "{pw:?}: {:?}", r.files[0].problems);
        assert_eq!(r.certificates.len(), 3);
    }
    let r = run(vec![file("pkcs12/ee_client_unicode_password.pfx").with_password("Pässwörd€")]);
    assert_eq!(r.files[0].container.as_ref().unwrap().password, certlens::input::PasswordState::Accepted, "{:?}", r.files[0].problems);
    let r = run(vec![file("pkcs12/ee_client_noenc_nomac.pfx")]);
    assert_eq!(r.files[0].container.as_ref().unwrap().password, certlens::input::PasswordState::NotNeeded);
    assert_eq!(r.certificates.len(), 3);
}

#[test]
fn wrong_password_is_told_apart_from_a_damaged_file() {
    let r = run(vec![file("pkcs12/ee_client_aes256.pfx").with_password("wrong")]);
    assert_eq!(r.files[0].container.as_ref().unwrap().password, certlens::input::PasswordState::Wrong);
    assert!(codes(&r).contains(&"pkcs12-wrong-password".to_string()), "{:?}", codes(&r));
    assert!(!codes(&r).iter().any(|c| c.contains("damaged") || c.contains("truncated")));
    let r = run(vec![file("bad/truncated.pfx").with_password("certlens")]);
    assert!(!codes(&r).contains(&"pkcs12-wrong-password".to_string()), "{:?}", codes(&r));
    assert!(codes(&r).iter().any(|c| c == "der-truncated"), "{:?}", codes(&r));
    assert!(r.files[0].problems[0].contains("byte"), "{:?}", r.files[0].problems);
    // No MAC: the wrong password shows when decrypting.
    let r = run(vec![file("pkcs12/ee_client_nomac.pfx").with_password("wrong")]);
    assert!(codes(&r).contains(&"pkcs12-wrong-password".to_string()), "{:?}", codes(&r));
}

#[test]
fn pkcs12_variants() {
    let r = run(vec![file("pkcs12/certs_only.pfx").with_password("certlens")]);
    assert!(r.keys.is_empty());
    assert!(r.certificates.iter().all(|c| c.private_key.as_ref().unwrap().state == PrivateKeyState::NotInFile));
    let r = run(vec![file("pkcs12/key_only.pfx").with_password("certlens")]);
    assert_eq!(r.keys.len(), 1);
    assert!(r.certificates.is_empty());
    let r = run(vec![file("pkcs12/two_pairs.pfx").with_password("certlens")]);
    assert_eq!(r.keys.len(), 2);
    assert!(r.certificates.iter().all(|c| c.private_key.as_ref().unwrap().state == PrivateKeyState::PresentMatches));
    // Key only + its certificate in another file.
    let r = run(vec![file("pkcs12/key_only.pfx").with_password("certlens"), file("chain/ee_client.cer")]);
    let pk = r.certificates[0].private_key.as_ref().unwrap();
    assert_eq!(pk.state, PrivateKeyState::InOtherFile);
    assert_eq!(pk.key_file.as_deref(), Some("key_only.pfx"));
}

#[test]
fn keys_of_every_kind_match_their_certificates() {
    let pairs = [
        ("keys_pem/ee_client_pkcs8.pem", "chain/ee_client.cer"),
        ("keys_pem/ee_client_rsa.pem", "chain/ee_client.cer"),
        ("keys_pem/ee_client_rsa.der", "chain/ee_client.cer"),
        ("keys_pem/ee_client_pkcs8.der", "chain/ee_client.cer"),
        ("keys_pem/ec_p521.pem", "keys_pem/../chain/ee_client.cer"),
    ];
    for (key, cert) in pairs.iter().take(4) {
        let r = run(vec![file(cert), file(key)]);
        let pk = r.certificates[0].private_key.as_ref().unwrap();
        assert_eq!(pk.state, PrivateKeyState::InOtherFile, "{key}: {pk:?}");
        assert_eq!(pk.matched_by, vec!["public-key"]);
    }
    // Cert and key in one PEM.
    let r = run(vec![file("text/ee_client_cert_and_key.pem")]);
    assert_eq!(r.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::PresentMatches);
    // An unrelated key.
    let r = run(vec![file("chain/ee_client.cer"), file("keys_pem/unrelated_key.pem")]);
    assert_eq!(r.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::NotInFileType);
    assert!(r.keys[0].status.contains("matches none"), "{}", r.keys[0].status);
    // A .cer alone.
    let r = run(vec![file("chain/ee_client.cer")]);
    let pk = r.certificates[0].private_key.as_ref().unwrap();
    assert_eq!(pk.state, PrivateKeyState::NotInFileType);
    assert!(pk.message.contains("cannot hold"), "{}", pk.message);
}

#[test]
fn encrypted_keys_without_and_with_password() {
    for path in [
        "keys_pem/ee_client_pkcs8_encrypted.pem",
        "keys_pem/ee_client_pkcs8_encrypted.der",
        "keys_pem/ee_client_pkcs8_encrypted_3des.pem",
        "keys_pem/ee_client_rsa_encrypted.pem",
    ] {
        let r = run(vec![file("chain/ee_client.cer"), file(path)]);
        assert!(r.keys[0].encrypted && !r.keys[0].decrypted, "{path}");
        assert_eq!(r.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::Encrypted, "{path}");
        // The key's line says it is encrypted and asks for the password; the file has no note
        // saying it again beside that line (the finding stays among the diagnostics).
        assert!(r.keys[0].status.contains("give the password"), "{path}: {}", r.keys[0].status);
        assert!(!r.files[1].notes.iter().any(|n| n.contains("encrypted")), "{path}: {:?}", r.files[1].notes);
        assert!(codes(&r).contains(&"key-encrypted".to_string()), "{path}: {:?}", codes(&r));
        let r = run(vec![file("chain/ee_client.cer"), file(path).with_password("certlens")]);
        assert!(r.keys[0].decrypted, "{path}: {:?}", r.files[1].problems);
        assert_eq!(r.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::InOtherFile, "{path}");
        let r = run(vec![file(path).with_password("nope")]);
        assert!(codes(&r).contains(&"key-wrong-password".to_string()), "{path}: {:?}", codes(&r));
    }
}

#[test]
fn bad_input_gets_specific_messages() {
    let cases = [
        ("bad/empty.cer", "empty-file"),
        ("bad/garbage.bin", "unrecognised-content"),
        ("bad/hello.txt", "unrecognised-content"),
        ("bad/missing_end.pem", "pem-missing-end"),
        ("bad/bad_base64.pem", "pem-bad-base64"),
        ("bad/wrong_label.pem", "pem-unknown-label"),
        ("bad/trailing_garbage.der", "trailing-data"),
        ("bad/truncated.der", "der-truncated"),
        ("bad/overlong_length.der", "der-length-exceeds-input"),
        ("bad/deep_nesting.der", "der-too-deep"),
    ];
    for (path, code) in cases {
        let r = run(vec![file(path)]);
        assert!(codes(&r).contains(&code.to_string()), "{path}: expected {code}, got {:?} {:?}", codes(&r), r.files[0].problems);
    }
    // A certificate cut short is said in its own sizes, with what to do.
    let mut cut = file("chain/ee_client.der");
    let whole = cut.bytes.len();
    cut.bytes.truncate(300);
    let r = run(vec![cut]);
    assert_eq!(
        r.files[0].problems,
        [format!("the data is cut off: it should be {} bytes long but ends after 300; it was not copied or downloaded whole (copy or export it again)", certlens::text::grouped(whole))]
    );
    let r = run(vec![file("bad/overlong_length.der")]);
    assert!(r.files[0].problems[0].starts_with("the data declares a length far beyond its end (2,147,483,65"), "{:?}", r.files[0].problems);
    // `openssl ecparam -genkey`'s EC PARAMETERS block is set aside, and said.
    let key = std::fs::read_to_string(format!("{}/tests/fixtures/keys_pem/ec_p256.pem", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let r = run(vec![InputFile::new("ecp.pem", format!("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{key}").into_bytes())]);
    assert_eq!(r.keys.len(), 1);
    assert!(r.diagnostics.iter().any(|d| d.code.as_str() == "pem-ec-parameters" && d.message == "ecp.pem: PEM block \"EC PARAMETERS\" on line 1: only names the key's curve, which the key itself holds too; set aside"), "{:?}", r.diagnostics);
    // A key of another world is named, with how to get a form certlens reads.
    let ssh = InputFile::new("id_ed25519.pub", b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnWxBuX alice@host\n".to_vec());
    let r = run(vec![ssh]);
    assert_eq!(
        r.files[0].problems,
        ["this is an OpenSSH Ed25519 public key (it starts with \"ssh-ed25519 AAAAC3NzaC1l\"), not a certificate or a key certlens reads: ssh-keygen has no PEM form for an Ed25519 key; an SSH key is not a certificate's key: the certificate's own key is in its .pfx, or in the key file made with its request"]
    );
    let rsa = InputFile::new("id_rsa.pub", b"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDfwboG alice@host\n".to_vec());
    assert!(run(vec![rsa]).files[0].problems[0].ends_with("`ssh-keygen -e -m PKCS8 -f FILE` writes it as a PEM public key"));
    // An OpenSSH private key: its type is read from its clear part (encrypted or not), and
    // only an RSA or ECDSA key is sent to `ssh-keygen -p -m PEM` (which leaves Ed25519 as it was).
    let openssh = |cipher: &str, key_type: &str| {
        let string = |b: &[u8]| [&u32::try_from(b.len()).unwrap().to_be_bytes()[..], b].concat();
        let public = [string(key_type.as_bytes()), string(&[7; 32])].concat();
        let body = [b"openssh-key-v1\0".to_vec(), string(cipher.as_bytes()), string(b"bcrypt"), string(b"salt-and-rounds"), 1u32.to_be_bytes().to_vec(), string(&public), string(&[0; 64])].concat();
        let b64 = certlens::input::pem::encode_base64(&body);
        InputFile::new("id_key", format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{b64}\n-----END OPENSSH PRIVATE KEY-----\n").into_bytes())
    };
    let r = run(vec![openssh("aes256-ctr", "ssh-ed25519")]);
    assert_eq!(
        r.files[0].problems,
        ["PEM block \"OPENSSH PRIVATE KEY\" on line 1: unknown PEM label (an OpenSSH Ed25519 private key: ssh-keygen has no PEM form for an Ed25519 key; an SSH key is not a certificate's key: the certificate's own key is in its .pfx, or in the key file made with its request); expected CERTIFICATE, PRIVATE KEY, X509 CRL, PKCS7 or similar"]
    );
    let r = run(vec![openssh("none", "ecdsa-sha2-nistp256")]);
    assert!(r.files[0].problems[0].contains("(an OpenSSH ECDSA private key: `ssh-keygen -p -m PEM -f FILE` rewrites it as PEM (it asks for the passphrase), which certlens reads)"), "{:?}", r.files[0].problems);
    // Keystores and key files of other worlds, and a certreq policy, are named with the command
    // that gives a form certlens reads.
    for (name, bytes, start) in [
        ("store.jks", vec![0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2], "this is a Java KeyStore (JKS), not a certificate or a key certlens reads: `keytool -importkeystore"),
        ("store.jceks", vec![0xce, 0xce, 0xce, 0xce, 0, 0, 0, 2], "this is a Java JCEKS keystore, not"),
        ("key.pvk", vec![0x1e, 0xf1, 0xb5, 0xb0, 0, 0, 0, 0], "this is a PVK private key (makecert's), not a certificate or a key certlens reads: `pvk2pfx -pvk FILE"),
        ("request.inf", b"[Version]\r\nSignature=\"$Windows NT$\"\r\n[NewRequest]\r\nSubject = \"CN=www.contoso.com\"\r\n".to_vec(), "this is a certreq request policy (.inf)"),
    ] {
        let r = run(vec![InputFile::new(name, bytes)]);
        assert!(r.files[0].problems[0].starts_with(start), "{name}: {:?}", r.files[0].problems);
    }
    let r = run(vec![file("bad/trailing_garbage.der")]);
    assert_eq!(r.certificates.len(), 1, "the certificate before the garbage is still read");
    assert!(r.files[0].problems[0].contains("from byte 1,"), "offsets grouped as every count: {:?}", r.files[0].problems);
    // One byte too many is one byte, said in the singular.
    let mut one_more = file("chain/ee_client.der");
    one_more.bytes.push(0);
    let r = run(vec![one_more]);
    // Said of the file, whose name leads every message: no "the data: " in front.
    assert_eq!(r.files[0].problems, ["1 byte of extra data after the certificate (from byte 1,677) was ignored"]);
    let r = run(vec![file("keys_pem/ee_client_pkcs8_encrypted.der")]);
    assert!(r.diagnostics[0].message.starts_with("ee_client_pkcs8_encrypted.der: the private key is encrypted ("), "{:?}", r.diagnostics);
    // Everything else in the same drop still works.
    let r = run(vec![file("bad/garbage.bin"), file("chain/ee_client.cer"), file("bad/truncated.der")]);
    assert_eq!(r.certificates.len(), 1);
}

#[test]
fn huge_files_are_refused_with_a_message() {
    let r = run(vec![InputFile::new("big.pfx", vec![0x30; certlens::input::MAX_FILE_SIZE + 1])]);
    assert_eq!(codes(&r), vec!["file-too-large"]);
    assert!(r.diagnostics[0].message.contains("larger than the 20 MB limit"), "{}", r.diagnostics[0].message);
    // No byte count: the page reads only one byte past the limit, so it would be wrong.
    assert!(!r.diagnostics[0].message.contains("20971521"), "{}", r.diagnostics[0].message);
}

#[test]
fn no_password_or_private_key_in_the_report() {
    let key_der = std::fs::read(format!("{ROOT}/keys_pem/ee_client_pkcs8.der")).unwrap();
    let r = run(vec![
        file("pkcs12/ee_client_aes256.pfx").with_password("certlens"),
        file("keys_pem/ee_client_pkcs8.pem"),
        file("pkcs12/ee_client_unicode_password.pfx").with_password("Pässwörd€"),
    ]);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("certlens\""), "password leaked");
    assert!(!json.contains("Pässwörd€"));
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&key_der);
    // No 40-character run of the private key's base64 or hex.
    for start in (0..b64.len().saturating_sub(40)).step_by(97) {
        assert!(!json.contains(&b64[start..start + 40]), "private key material in the report");
    }
    let hex: String = key_der.iter().map(|b| format!("{b:02x}")).collect();
    // Skip the public modulus region check: compare a window from the private exponent onwards (end of file).
    let tail = &hex[hex.len() - 200..hex.len() - 120];
    assert!(!json.contains(tail));
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

/// Certificates written inside other text: federation metadata (XML), a JWKS's `x5c`, PEM
/// inside a JSON string (a secrets store's answer, its private key too), hex in the forms
/// tools write; and what a pasted thumbprint is, with what to paste instead.
#[test]
fn certificates_inside_other_text_are_read() {
    let b64 = |path: &str| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, file(path).bytes);
    let text = |name: &str, s: String| InputFile::new(name, s.into_bytes());
    let (alice, int) = (b64("chain/ee_client.der"), b64("chain/int_ca.der"));
    let wrapped: String = int.as_bytes().chunks(76).map(|c| format!("\n        {}", String::from_utf8_lossy(c))).collect();
    let metadata = format!(
        "<?xml version=\"1.0\"?>\n<EntityDescriptor entityID=\"http://adfs.contoso.com/adfs/services/trust\">\n  <KeyDescriptor use=\"signing\"><X509Certificate>{alice}</X509Certificate></KeyDescriptor>\n  <KeyDescriptor use=\"encryption\"><X509Certificate>{wrapped}\n  </X509Certificate></KeyDescriptor>\n</EntityDescriptor>\n"
    );
    let r = run(vec![text("FederationMetadata.xml", metadata)]);
    assert_eq!(r.certificates.len(), 2);
    assert_eq!(r.files[0].detected, "base64 inside text: 2 certificates");
    assert!(r.files[0].problems.is_empty(), "{:?}", r.files[0].problems);
    assert_eq!(r.files[0].notes, ["2 base64 blocks inside this text (XML or JSON, such as federation metadata or a JWKS) were read; the text around them was not"]);
    let jwks = format!("{{\"keys\":[{{\"kty\":\"RSA\",\"kid\":\"k1\",\"n\":\"MIIxq3_unpadded-url\",\"e\":\"AQAB\",\"x5c\":[\"{alice}\"]}}]}}");
    let r = run(vec![text("keys.json", jwks)]);
    assert_eq!(r.certificates.len(), 1, "the modulus n is not read, nor said to be damaged: {:?}", r.diagnostics);
    assert!(r.certificates[0].view.subject.starts_with("CN=alice"), "{}", r.certificates[0].view.subject);
    // A secrets store's JSON: the certificate and its private key, PEM with \n and \/ escapes.
    let pem = |path: &str| String::from_utf8(file(path).bytes).unwrap();
    let vault = serde_json::json!({ "data": { "certificate": pem("chain/ee_client.pem"), "private_key": pem("keys_pem/ee_client_pkcs8.pem") } }).to_string().replace('/', "\\/");
    let r = run(vec![text("issue.json", vault)]);
    assert_eq!(r.certificates.len(), 1);
    assert_eq!(r.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::PresentMatches, "{:?}", r.certificates[0].private_key);
    assert!(r.files[0].notes[0].starts_with("the PEM text is written inside a JSON string"), "{:?}", r.files[0].notes);
    // Hex: plain, spaced, PowerShell's dashes, SQL's 0x (which starts with the byte of a SEQUENCE).
    let der = file("chain/ee_client.der").bytes;
    let pairs: Vec<String> = der.iter().map(|b| format!("{b:02X}")).collect();
    for (name, hex) in [("a.txt", pairs.concat().to_lowercase()), ("b.txt", pairs.join(" ")), ("c.txt", pairs.join("-")), ("d.txt", format!("0x{}", pairs.concat()))] {
        let r = run(vec![text(name, hex)]);
        assert_eq!(r.certificates.len(), 1, "{name}: {:?}", r.diagnostics);
        assert_eq!(r.files[0].detected, "hex text: 1 certificate", "{name}");
    }
    let r = run(vec![text("alice.cer", pairs.join(" "))]);
    assert!(r.files[0].notes[0].contains("holds hexadecimal text, which Windows and OpenSSL do not open"), "{:?}", r.files[0].notes);
    // A thumbprint copied from the certificate dialog (with its invisible left-to-right mark).
    let r = run(vec![text("pasted text", "\u{200e}8b 2b 5f f3 22 ae 6e f8 8f eb a5 d0 f6 32 f3 25 5e d0 24 f8".into())]);
    assert_eq!(codes(&r), ["unrecognised-content"]);
    assert!(r.files[0].problems[0].starts_with("this is a SHA-1 thumbprint, not a certificate: certlens needs the certificate itself."), "{:?}", r.files[0].problems);
    // Text with nothing of the kind says what certlens reads.
    let r = run(vec![text("notes.txt", "MIT licence, see the MIDDLE of the page".into())]);
    assert!(r.files[0].problems[0].contains("also as base64 inside XML or JSON"), "{:?}", r.files[0].problems);
}

/// `openssl x509 -trustout` writes OpenSSL's trust settings after the certificate: said in
/// words, not read as extra data nor passed over in silence; settings that do not read as
/// such are extra data.
#[test]
fn openssl_trust_settings_are_said() {
    let client_auth = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
    let server_auth = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
    let mut aux = vec![0x30, 10];
    aux.extend(client_auth);
    aux.extend([0xa0, 10]);
    aux.extend(server_auth);
    aux.extend([0x0c, 5]);
    aux.extend(b"alice");
    let aux = [vec![0x30, aux.len() as u8], aux].concat();
    let pem = |tail: &[u8]| {
        let der = [file("chain/ee_client.der").bytes, tail.to_vec()].concat();
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der);
        InputFile::new("alice.pem", format!("-----BEGIN TRUSTED CERTIFICATE-----\n{b64}\n-----END TRUSTED CERTIFICATE-----\n").into_bytes())
    };
    let r = run(vec![pem(&aux)]);
    assert_eq!(r.certificates.len(), 1);
    assert_eq!(
        r.files[0].notes,
        ["PEM block \"TRUSTED CERTIFICATE\" on line 1: OpenSSL trust settings follow the certificate (trusted for Client Authentication; rejected for Server Authentication; alias \"alice\"); only OpenSSL reads them: Windows and IIS go by the certificate stores"]
    );
    let r = run(vec![pem(&[0x04, 0x01, 0x00])]);
    assert_eq!(codes(&r)[0], "trailing-data", "{:?}", r.diagnostics);
}

/// A registry export of a certificate store (`reg export HKLM\SOFTWARE\Microsoft\
/// SystemCertificates\ROOT\Certificates roots.reg`: UTF-16, each certificate a `"Blob"=hex:`
/// value over lines ending in `\`) is read as the store it is, friendly names included; a
/// value cut short is said, naming its key; an export without certificates says what to export.
#[test]
fn registry_exports_of_certificate_stores_are_read() {
    let root = file("chain/root_ca.der").bytes;
    let int = file("chain/int_ca.der").bytes;
    let value = |der: &[u8], name: Option<&str>| {
        let store = certlens::input::sst::write(&[(der, name)]);
        store[8..store.len() - 12].to_vec()
    };
    let reg_of = |store: &str, blobs: &[(&str, Vec<u8>)]| {
        let mut text = String::from("Windows Registry Editor Version 5.00\r\n\r\n");
        for (key, blob) in blobs {
            let pairs: Vec<String> = blob.iter().map(|b| format!("{b:02x}")).collect();
            let rows: Vec<String> = pairs.chunks(25).map(|r| r.join(",")).collect();
            text.push_str(&format!("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\{store}\\Certificates\\{key}]\r\n\"Blob\"=hex:{}\r\n\r\n", rows.join(",\\\r\n  ")));
        }
        let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        InputFile::new("roots.reg", utf16)
    };
    let reg = |blobs: &[(&str, Vec<u8>)]| reg_of("ROOT", blobs);
    let r = run(vec![reg(&[("AAA1", value(&root, Some("Contoso Root CA (GPO)"))), ("BBB2", value(&int, None))])]);
    assert_eq!(r.files[0].detected, "Windows registry export (.reg): 2 certificates");
    // The file type alone, not what it holds, in the private-key line.
    assert_eq!(r.certificates[0].private_key.as_ref().unwrap().message, "no private key: this file type (Windows registry export (.reg)) cannot hold one");
    assert_eq!(r.certificates.len(), 2);
    assert_eq!(r.certificates[0].friendly_name.as_deref(), Some("Contoso Root CA (GPO)"));
    let c = r.files[0].container.as_ref().unwrap();
    assert_eq!(c.summary, "Windows registry export: 2 certificates from 2 \"Blob\" values");
    assert!(r.files[0].problems.is_empty(), "{:?}", r.files[0].problems);
    // The personal store of a web server: the certificate's key is linked (KEY_PROV_INFO), not
    // exported; said on its key line, with the container and the provider.
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect() };
    let (container, provider) = (utf16("te-WebServer-1f2e"), utf16("Microsoft Software Key Storage Provider"));
    let prov = [&28u32.to_le_bytes()[..], &(28 + container.len() as u32).to_le_bytes(), &0u32.to_le_bytes(), &0x20u32.to_le_bytes(), &[0; 8], &1u32.to_le_bytes(), &container, &provider].concat();
    let server = file("chain/ee_server.der").bytes;
    let linked = [&2u32.to_le_bytes()[..], &1u32.to_le_bytes(), &(prov.len() as u32).to_le_bytes(), &prov, &value(&server, None)].concat();
    let r = run(vec![reg(&[("CCC3", linked)])]);
    let k = r.certificates[0].private_key.as_ref().unwrap();
    assert_eq!(k.state, PrivateKeyState::LinkedInStore);
    assert_eq!(k.message, "no private key in the file, but the Windows store it was exported from links one to this certificate: the machine key \"te-WebServer-1f2e\" of Microsoft Software Key Storage Provider; the key itself stays in that computer");
    // The same certificate in a Personal store without the link: Windows cannot use it.
    let k = run(vec![reg_of("My", &[("DDD4", value(&server, None))])]).certificates[0].private_key.clone().unwrap();
    assert_eq!(k.state, PrivateKeyState::NotInFile);
    assert!(k.message.starts_with("no private key: the Personal store it was exported from links none to this certificate"), "{}", k.message);
    // A value cut short: the certificate before it is kept, the damage named by its key and line.
    let mut cut = value(&int, None);
    cut.truncate(cut.len() - 100);
    let r = run(vec![reg(&[("AAA1", value(&root, None)), ("BBB2", cut)])]);
    assert_eq!(r.certificates.len(), 1);
    assert_eq!(codes(&r)[0], "sst-damaged");
    assert_eq!(r.files[0].problems, ["key BBB2 (line 41): the certificate at byte 0 says it is 1,042 bytes long but only 942 are there: the store was cut short (export it again)"]);
    let r = run(vec![InputFile::new("empty.reg", b"Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Contoso]\r\n\"Name\"=\"x\"\r\n".to_vec())]);
    assert_eq!(codes(&r), ["no-items"]);
    assert!(r.files[0].problems[0].contains("HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates"), "{:?}", r.files[0].problems);
}

/// A CA's delivery as a ZIP archive (the certificate and its chain as files, a readme) is read
/// as the files it holds, each finding led by the file's name; what is not read is said:
/// a readme in a note, an encrypted entry, an archive in the archive, a damaged archive.
#[test]
fn zip_archives_are_read_as_their_files() {
    use certlens::input::zip::write;
    let server = file("chain/ee_server.der").bytes;
    let int = file("chain/int_ca.pem").bytes;
    let key = file("keys_pem/ee_client_pkcs8.pem").bytes;
    let alice = file("chain/ee_client.der").bytes;
    let readme = b"Thank you for your order.".to_vec();
    let zip = |entries: &[(&str, &[u8], bool)]| InputFile::new("contoso_com.zip", write(entries, 0));
    let r = run(vec![zip(&[("contoso_com/", b"", false), ("contoso_com/contoso_com.crt", &server, true), ("contoso_com/DigiCertCA.crt", &int, false), ("contoso_com/README.txt", &readme, true)])]);
    assert_eq!(r.certificates.len(), 2);
    assert_eq!(r.files[0].detected, "ZIP archive: 2 certificates");
    assert_eq!(r.files[0].container.as_ref().unwrap().summary, "ZIP archive: 3 files read, 1 folder or macOS resource copy passed over");
    assert!(r.files[0].problems.is_empty(), "{:?}", r.files[0].problems);
    assert!(r.files[0].notes.contains(&"contoso_com/README.txt in the archive holds no certificate, key or container certlens reads; not read".to_string()), "{:?}", r.files[0].notes);
    // A key beside its certificate in the archive is found, and matched.
    let r = run(vec![zip(&[("alice.cer", &alice, false), ("alice.key", &key, true)])]);
    assert_eq!(r.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::PresentMatches, "{:?}", r.certificates[0].private_key);
    // Without a key, the certificate has none "in this file" (an archive could have held one).
    let r = run(vec![zip(&[("alice.cer", &alice, false)])]);
    assert_eq!(r.certificates[0].private_key.as_ref().unwrap().state, PrivateKeyState::NotInFile);
    // An archive in the archive and an encrypted archive are named, not opened.
    let inner = write(&[("a.cer", &alice, false)], 0);
    let r = run(vec![zip(&[("more.zip", &inner, false), ("alice.cer", &alice, false)])]);
    assert_eq!(r.certificates.len(), 1);
    assert_eq!(r.files[0].problems, ["more.zip in the archive is an archive itself, which certlens does not open: extract it and drop its files"]);
    let r = run(vec![InputFile::new("locked.zip", write(&[("alice.cer", &alice, false)], 1))]);
    assert_eq!(codes(&r), ["zip-entry-not-read"]);
    assert_eq!(r.diagnostics[0].severity, Severity::Error, "nothing read: the reason is an error");
    assert!(r.files[0].problems[0].starts_with("alice.cer in the archive was not read: it is encrypted (a password-protected archive)"), "{:?}", r.files[0].problems);
    let r = run(vec![zip(&[("README.txt", &readme, false)])]);
    assert_eq!(codes(&r), ["unrecognised-content", "no-items"]);
    // Cut short: its directory is gone; said, not a panic.
    let whole = write(&[("alice.cer", &alice, true)], 0);
    let r = run(vec![InputFile::new("cut.zip", whole[..whole.len() / 2].to_vec())]);
    assert_eq!(codes(&r), ["zip-unreadable"]);
    assert!(r.files[0].problems[0].starts_with("the ZIP archive could not be read: its directory (the end of the archive) is missing"), "{:?}", r.files[0].problems);
}

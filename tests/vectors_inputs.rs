//! Every file of PyPI's `cryptography-vectors` (`x509/` and `pkcs12/`) through
//! `analyze`: none may panic, and the expected ones decode.
//!
//! The package is installed by `./x setup` into
//! `$HOME/.local/share/certlens/cryptography-vectors-48.0.0` (or `$CERTLENS_VECTORS`).
//! PKCS#12 passwords: `cryptography` for the package's own files (its test
//! suite), `password` for the NIST PKITS files (PKITS documentation).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use certlens::report::Report;
use certlens::{analyze, InputFile, Options};

const AT: i64 = 1_795_392_000;

fn vectors_root() -> PathBuf {
    let dir = std::env::var("CERTLENS_VECTORS").map(PathBuf::from).unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        PathBuf::from(home).join(".local/share/certlens/cryptography-vectors-48.0.0")
    });
    assert!(
        dir.join("x509").is_dir() && dir.join("pkcs12").is_dir(),
        "cryptography-vectors not found at {}: run ./x setup",
        dir.display()
    );
    dir
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Files the decoder is expected to reject (deliberately broken or out of
/// scope), relative to the package root, with the reason.
const EXPECTED_FAILURES: &[(&str, &str)] = &[
    ("x509/badasn1time.pem", "deliberately invalid validity time"),
    ("x509/custom/crl_invalid_time.der", "deliberately invalid CRL time"),
    ("x509/cryptography-scts-tbs-precert.der", "a bare TBSCertificate, not a certificate"),
    ("x509/requests/challenge-invalid.der", "deliberately invalid challenge password attribute"),
    ("x509/requests/long-form-attribute.pem", "x509-parser rejects this attribute encoding"),
    ("x509/requests/zero-element-attribute.pem", "x509-parser rejects an attribute with no values"),
];

fn password_for(rel: &str) -> Option<&'static str> {
    let name = rel.rsplit('/').next().unwrap_or_default();
    if rel.starts_with("x509/PKITS_data/pkcs12/") {
        // PKITS: decrypt one file in eight (debug-build key derivation is slow);
        // the rest show their structure and visible key bag without a password.
        (name.len() % 8 == 0).then_some("password")
    } else if rel.starts_with("pkcs12/") && name.ends_with("-pwd.p12") && !name.ends_with("no-pwd.p12") {
        Some("password")
    } else if rel.starts_with("pkcs12/") && (name.contains("aes256cbc") || name == "cert-none-key-none.p12" || name == "cert-rc2-key-3des.p12") {
        Some("cryptography")
    } else {
        None
    }
}

fn decoded_something(r: &Report) -> bool {
    !r.certificates.is_empty() || !r.keys.is_empty() || !r.requests.is_empty() || r.files[0].detected.contains("CRL")
}

#[test]
fn every_vector_decodes_without_panic() {
    let root = vectors_root();
    let mut files = Vec::new();
    walk(&root.join("x509"), &mut files);
    walk(&root.join("pkcs12"), &mut files);
    assert!(files.len() > 1000, "only {} vector files found", files.len());
    let mut failures = Vec::new();
    let mut decoded = 0usize;
    for path in &files {
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let ext = rel.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        let bytes = std::fs::read(path).unwrap();
        let name = rel.rsplit('/').next().unwrap_or_default().to_string();
        let mut input = InputFile::new(name, bytes);
        input.password = password_for(&rel).map(str::to_string);
        let result = std::panic::catch_unwind(|| analyze(&[input], &Options::at(AT)));
        let report = match result {
            Ok(r) => r,
            Err(_) => {
                failures.push(format!("{rel}: PANIC"));
                continue;
            }
        };
        // OCSP requests and responses are neither certificates, CRLs nor requests.
        let expected = !rel.starts_with("x509/ocsp/") && ["crt", "cer", "der", "pem", "crl", "p12", "pfx", "csr"].contains(&ext.as_str());
        if !expected {
            continue;
        }
        if decoded_something(&report) {
            decoded += 1;
            if ext == "p12" && password_for(&rel).is_some() {
                let c = report.files[0].container.as_ref();
                if c.is_none_or(|c| !matches!(c.password, certlens::input::PasswordState::Accepted | certlens::input::PasswordState::NotNeeded)) {
                    failures.push(format!("{rel}: password not accepted: {:?}", report.files[0].problems));
                }
            }
        } else if !EXPECTED_FAILURES.iter().any(|(p, _)| *p == rel) {
            failures.push(format!("{rel}: nothing decoded: {} {:?}", report.files[0].detected, report.files[0].problems));
        }
    }
    for (p, _) in EXPECTED_FAILURES {
        assert!(root.join(p).exists(), "exception list names a missing file: {p}");
    }
    assert!(failures.is_empty(), "{} of {} files failed ({decoded} decoded):\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn vector_pkcs12_files_pair_key_and_certificate() {
    let root = vectors_root();
    for (name, password) in [
        ("cert-key-aes256cbc.p12", Some("cryptography")),
        ("cert-rc2-key-3des.p12", Some("cryptography")),
        ("name-all-pwd.p12", Some("password")),
        ("name-all-no-pwd.p12", None),
        ("no-password.p12", None),
    ] {
        let mut input = InputFile::new(name, std::fs::read(root.join("pkcs12").join(name)).unwrap());
        input.password = password.map(str::to_string);
        let r = analyze(&[input], &Options::at(AT));
        assert!(!r.certificates.is_empty() && !r.keys.is_empty(), "{name}: {:?}", r.files[0]);
        let pk = r.certificates[0].private_key.as_ref().unwrap();
        assert_eq!(pk.state, certlens::report::PrivateKeyState::PresentMatches, "{name}: {pk:?}");
    }
    // RC2-40 certificates and 3DES keys: the legacy export is named as such.
    let input = InputFile::new("x.p12", std::fs::read(root.join("pkcs12/cert-rc2-key-3des.p12")).unwrap()).with_password("cryptography");
    let r = analyze(&[input], &Options::at(AT));
    let c = r.files[0].container.as_ref().unwrap();
    assert!(c.legacy);
    assert!(c.parts.iter().flat_map(|p| p.encryption.iter()).any(|e| e.algorithm.contains("RC2")), "{c:?}");
}

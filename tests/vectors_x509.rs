//! Every file of PyPI cryptography-vectors `x509/custom/` (installed by `./x setup`):
//! each one decodes or yields a clear diagnostic naming the file; none panics.
//! Absent vectors are a failure ("run ./x setup"), never a skip.
#![cfg(not(target_arch = "wasm32"))]
// In tests a panic is a failing test: unwrap and indexing are the clearest way to say it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use base64::Engine as _;
use certlens::model::{asn1, ExtensionDetail};
use certlens::{analyze, InputFile, Options, Report};

const AT: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z
const VERSION_DIR: &str = "cryptography-vectors-48.0.0";

fn vectors_dir() -> PathBuf {
    let root = std::env::var_os("CERTLENS_VECTORS").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".local/share/certlens").join(VERSION_DIR)
    });
    let dir = root.join("x509").join("custom");
    assert!(
        dir.is_dir(),
        "cryptography-vectors not found at {}: run ./x setup (it installs them; set CERTLENS_VECTORS to use another copy)",
        dir.display()
    );
    dir
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn run(path: &Path) -> Report {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    analyze(&[InputFile { name, bytes, password: None }], &Options::at(AT))
}

fn vector(name: &str) -> Report {
    let dir = vectors_dir();
    let mut all = Vec::new();
    files_under(&dir, &mut all);
    let path = all.iter().find(|p| p.file_name().is_some_and(|n| n == name)).unwrap_or_else(|| panic!("{name} missing"));
    run(path)
}

/// The input layer decoded the file as something other than certificates (CRLs, requests,
/// keys), which is not this test's subject.
fn is_other_content(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let decoded = certlens::input::decode_file(&InputFile { name, bytes: std::fs::read(path).unwrap(), password: None });
    let items_ok = !decoded.items.is_empty()
        && decoded.items.iter().all(|i| matches!(i.kind, certlens::input::ItemKind::Crl | certlens::input::ItemKind::CertificateRequest));
    items_ok || (decoded.items.is_empty() && !decoded.keys.is_empty())
}

fn codes(r: &Report) -> Vec<String> {
    r.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn every_custom_vector_decodes_or_is_diagnosed() {
    let dir = vectors_dir();
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    assert!(files.len() > 100, "expected the whole x509/custom corpus, found {} files", files.len());
    let (mut decoded, mut other, mut diagnosed) = (0, 0, 0);
    let mut unexplained = Vec::new();
    for path in &files {
        let report = run(path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The whole report is serialisable (share links, --json).
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.is_empty());
        for c in &report.certificates {
            // The raw view works on every certificate, within its budget.
            let der = base64::engine::general_purpose::STANDARD.decode(&c.der_base64).unwrap();
            let tree = asn1::asn1_tree(&der, asn1::DEFAULT_NODE_BUDGET);
            assert!(tree.node_count > 5, "{name}: ASN.1 tree has {} nodes", tree.node_count);
            assert!(!c.view.notable.is_empty(), "{name}: no notable summary");
            for e in c.view.extensions.iter().filter(|e| e.error.is_some()) {
                assert!(
                    c.view.findings.iter().any(|f| f.code.as_str() == "malformed-extension" && f.message.contains(&e.oid)),
                    "{name}: malformed extension {} without a finding",
                    e.oid
                );
            }
        }
        let interesting: Vec<String> =
            codes(&report).into_iter().filter(|c| !c.starts_with("certificate-expired") && !c.starts_with("certificate-not-yet")).collect();
        if !interesting.is_empty() {
            println!("{name}: {}", interesting.join(", "));
        }
        let named_diagnostic = report.diagnostics.iter().any(|d| d.message.contains(&name) || d.file.as_deref() == Some(name.as_str()));
        if !report.certificates.is_empty() {
            decoded += 1;
        } else if is_other_content(path) {
            other += 1;
        } else if named_diagnostic {
            diagnosed += 1;
        } else {
            unexplained.push(format!("{name}: detected {:?}, diagnostics {:?}", report.files[0].detected, codes(&report)));
        }
    }
    println!("{} files: {decoded} with certificates, {other} CRLs/requests/keys, {diagnosed} diagnosed", files.len());
    assert!(unexplained.is_empty(), "files with neither a result nor a diagnostic naming them:\n{}", unexplained.join("\n"));
    assert!(decoded > 80, "only {decoded} files gave a certificate");
}

#[test]
fn malformed_and_unknown_extensions_are_reported_and_the_rest_decoded() {
    let r = vector("malformed-san.pem");
    let c = &r.certificates[0].view;
    let san = c.extension("2.5.29.17").unwrap();
    assert!(san.error.is_some(), "{san:?}");
    assert!(codes(&r).contains(&"malformed-extension".to_string()), "{:?}", codes(&r));
    assert_eq!(c.subject_name.attributes.len(), c.subject_name.attributes.len());

    let r = vector("unsupported_extension_critical.pem");
    assert!(codes(&r).contains(&"unknown-critical-extension".to_string()), "{:?}", codes(&r));

    let r = vector("two_basic_constraints.pem");
    assert!(codes(&r).contains(&"duplicate-extension".to_string()), "{:?}", codes(&r));
}

#[test]
fn microsoft_template_and_policies_decode() {
    let r = vector("ms-certificate-template.pem");
    let ext = r.certificates[0].view.extension("1.3.6.1.4.1.311.21.7").unwrap();
    assert!(matches!(ext.detail, Some(ExtensionDetail::CertificateTemplate { .. })), "{ext:?}");

    let r = vector("cp_user_notice_with_notice_reference.pem");
    let ext = r.certificates[0].view.extension("2.5.29.32").unwrap();
    let Some(ExtensionDetail::CertificatePolicies { policies }) = &ext.detail else { panic!("{ext:?}") };
    assert!(policies.iter().any(|p| p.user_notices.iter().any(|n| n.organization.is_some())), "{policies:?}");

    let r = vector("cp_cps_uri.pem");
    assert!(r.certificates[0].view.urls.iter().any(|u| u.source == "cps"), "{:?}", r.certificates[0].view.urls);
}

#[test]
fn other_extension_families_decode() {
    for (file, oid) in [
        ("ocsp_nocheck.pem", "1.3.6.1.5.5.7.48.1.5"),
        ("sia.pem", "1.3.6.1.5.5.7.1.11"),
        ("freshestcrl.pem", "2.5.29.46"),
        ("private_key_usage_period_both_dates.pem", "2.5.29.16"),
        ("inhibit_any_policy_5.pem", "2.5.29.54"),
        ("pc_inhibit_require.pem", "2.5.29.36"),
        ("nc_permitted_excluded.pem", "2.5.29.30"),
        ("cdp_fullname_reasons_crl_issuer.pem", "2.5.29.31"),
        ("ian_uri.pem", "2.5.29.18"),
        ("san_other_name.pem", "2.5.29.17"),
        ("san_registered_id.pem", "2.5.29.17"),
        ("authority_key_identifier.pem", "2.5.29.35"),
    ] {
        let r = vector(file);
        let ext = r.certificates[0].view.extension(oid).unwrap_or_else(|| panic!("{file}: no {oid}"));
        assert!(ext.detail.is_some() && ext.error.is_none(), "{file}: {ext:?}");
    }
}

#[test]
fn weak_and_pss_signatures() {
    let r = vector("alternate-rsa-sha1-oid.der");
    let sig = &r.certificates[0].view.signature_algorithm;
    assert!(sig.weak && sig.hash.as_deref() == Some("SHA-1"), "{sig:?}");
    let r = vector("rsa_pss_cert.pem");
    let sig = &r.certificates[0].view.signature_algorithm;
    assert!(sig.pss.is_some(), "{sig:?}");
}

#[test]
fn dsa_key_size_is_the_prime_size() {
    let r = vector("dsa_selfsigned_ca.pem");
    let k = &r.certificates[0].view.public_key;
    assert_eq!((k.algorithm.as_str(), k.bits), ("DSA", Some(2048)), "{k:?}");
}

#[test]
fn malformed_name_strings_are_flagged() {
    let r = vector("invalid_utf8_common_name.pem");
    assert!(codes(&r).contains(&"malformed-name-string".to_string()), "{:?}", codes(&r));
}

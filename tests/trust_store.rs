//! The trust-store audit (`trust_store` in the report) and the `.sst` reader:
//! generated stores of 10, 150 and 400 roots, the issuer-list size against the
//! fixture generator's own computation (Python `cryptography`, in the manifest)
//! and against a straightforward computation over the DER here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use certlens::input::sst;
use certlens::server::settings::{Product, Trust};
use certlens::{analyze, InputFile, Options, Report};
use serde_json::Value;
use x509_parser::prelude::FromDer;

/// 2026-11-23T00:00:00Z, the fixtures' evaluation time.
const AT: i64 = 1_795_392_000;
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/{rel}")).unwrap()
}

fn file(rel: &str) -> InputFile {
    InputFile::new(rel.rsplit('/').next().unwrap(), bytes(rel))
}

fn manifest() -> Value {
    serde_json::from_slice(&bytes("manifest.json")).unwrap()
}

fn codes(r: &Report) -> Vec<String> {
    r.trust_store.as_ref().unwrap().findings.iter().map(|f| f.code.to_string()).collect()
}

/// Straightforward: 2-byte total, then per certificate 2 bytes + the DER subject.
fn wire_size(ders: &[Vec<u8>]) -> u32 {
    let subjects: usize = ders
        .iter()
        .map(|d| 2 + x509_parser::certificate::X509Certificate::from_der(d).unwrap().1.subject().as_raw().len())
        .sum();
    u32::try_from(2 + subjects).unwrap()
}

fn ders(r: &Report) -> Vec<Vec<u8>> {
    use base64::Engine;
    r.certificates.iter().map(|c| base64::engine::general_purpose::STANDARD.decode(&c.der_base64).unwrap()).collect()
}

fn marked(store: &str, mut files: Vec<InputFile>, extra: &[InputFile]) -> (Vec<InputFile>, Options) {
    let mut o = Options::at(AT);
    o.server.trust = Trust::Store;
    o.server.trust_store_files = vec![store.to_string()];
    files.extend(extra.iter().cloned());
    (files, o)
}

#[test]
fn ten_roots_audit_as_a_trust_store_drop() {
    let r = analyze(&[file("truststore/roots10.p7b")], &Options::at(AT));
    let a = r.trust_store.as_ref().expect("audit");
    let m = manifest();
    assert_eq!(a.source, "ca-only-drop");
    assert_eq!(a.certificate_count, 10);
    assert_eq!(u64::from(a.issuer_list_bytes), m["trust_stores"]["roots10"]["issuer_list_bytes"].as_u64().unwrap());
    assert_eq!(a.issuer_list_bytes, wire_size(&ders(&r)));
    assert!(!a.over_12k && !a.over_16k);
    let c = codes(&r);
    for code in ["trust-store-not-self-signed", "trust-store-expired", "trust-store-no-client-auth", "trust-store-weak-key"] {
        assert!(c.contains(&code.to_string()), "{code} missing from {c:?}");
    }
    // The intermediate is the one that is not self-signed (403.16, KB 2802568).
    let f = a.findings.iter().find(|f| f.code.as_str() == "trust-store-not-self-signed").unwrap();
    assert!(f.message.contains("Contoso Issuing CA 01") && f.message.contains("403.16"), "{}", f.message);
    assert_eq!(f.reference, "KB 2802568");
    // The server section says it is a trust-store drop, not a client verdict.
    let s = r.server.as_ref().unwrap();
    assert_eq!(s.mode.as_str(), "trust-store");
    assert!(s.summary.contains("trusted root store"));
}

#[test]
fn an_intermediate_and_its_root_are_audited_as_a_store_only_by_assumption() {
    // A CA's chain dropped on its own (intermediate and root, no file marked as the store): the
    // audit reads it as a store would be, so the intermediate is where it belongs elsewhere, a
    // warning, not a problem of a store nobody named.
    let files = [file("chain/int_ca.der"), file("chain/root_ca.der")];
    let r = analyze(&files, &Options::at(AT));
    let a = r.trust_store.as_ref().unwrap();
    assert_eq!(a.source, "ca-only-drop");
    let f = a.findings.iter().find(|f| f.code.as_str() == "trust-store-not-self-signed").unwrap();
    assert_eq!(f.severity, certlens::model::Severity::Warning, "{}", f.message);
    assert!(f.message.contains("belongs in Intermediate Certification Authorities") && f.message.contains("If these files are"), "{}", f.message);
    assert!(a.summary.starts_with("If these files are the server's Trusted Root store: 2 certificates (2 CA)"), "{}", a.summary);
    assert!(a.summary.ends_with("; 1 warning."), "{}", a.summary);
    // Marked as the store, the same intermediate breaks it.
    let (files, o) = marked("int_ca.der", vec![file("chain/root_ca.der")], &[file("chain/int_ca.der")]);
    let r = analyze(&files, &o);
    let a = r.trust_store.as_ref().unwrap();
    assert_eq!(a.source, "marked");
    let f = a.findings.iter().find(|f| f.code.as_str() == "trust-store-not-self-signed").unwrap();
    assert_eq!(f.severity, certlens::model::Severity::Error, "{}", f.message);
    assert!(f.message.contains("403.16") && !f.message.contains("If these files"), "{}", f.message);
    assert!(a.summary.starts_with("Trust store of 1 certificate (1 CA)") && a.summary.ends_with("; 1 problem that breaks client authentication."), "{}", a.summary);
}

/// A store marked as such and nothing else to check (no end certificate outside it, none
/// chosen): the server section is the store's audit, as the page says ("These are 150 CA
/// certificates"), not a client verdict on the store's first root ("the browser will not offer
/// this certificate", and an AD mapping for it). A certificate chosen by hand still gets one.
#[test]
fn a_marked_store_alone_is_audited_not_given_a_verdict() {
    let (files, mut o) = marked("roots150.p7b", Vec::new(), &[file("truststore/roots150.p7b")]);
    let r = analyze(&files, &o);
    assert_eq!(r.trust_store.as_ref().unwrap().source, "marked");
    let s = r.server.as_ref().unwrap();
    assert_eq!(s.mode.as_str(), "trust-store");
    assert!(s.summary.starts_with("There is no end certificate besides the server's Trusted Root store"), "{}", s.summary);
    assert!(s.trace.is_empty() && r.mapping.is_none());
    // A CA outside the store but no end certificate: the same.
    let (files, o2) = marked("roots150.p7b", vec![file("chain/int_ca.der")], &[file("truststore/roots150.p7b")]);
    assert_eq!(analyze(&files, &o2).server.unwrap().mode.as_str(), "trust-store");
    o.server.certificate = Some(0);
    assert_eq!(analyze(&files, &o).server.unwrap().mode.as_str(), "client-certificate", "chosen by hand");
}

#[test]
fn every_form_of_the_ten_root_store_reads_the_same() {
    let p7 = analyze(&[file("truststore/roots10.p7b")], &Options::at(AT));
    let want: std::collections::BTreeSet<String> = p7.certificates.iter().map(|c| c.view.sha256.clone()).collect();
    for rel in ["truststore/roots10.sst", "truststore/roots10_pkcs7.sst", "truststore/roots10.pem"] {
        let r = analyze(&[file(rel)], &Options::at(AT));
        let got: std::collections::BTreeSet<String> = r.certificates.iter().map(|c| c.view.sha256.clone()).collect();
        assert_eq!(got, want, "{rel}: {:?}", r.files[0]);
        assert!(r.files[0].problems.is_empty(), "{rel}: {:?}", r.files[0].problems);
        assert_eq!(r.trust_store.as_ref().unwrap().issuer_list_bytes, p7.trust_store.as_ref().unwrap().issuer_list_bytes);
    }
    let sst = analyze(&[file("truststore/roots10.sst")], &Options::at(AT));
    assert!(sst.files[0].detected.contains("serialized store"), "{}", sst.files[0].detected);
    assert_eq!(sst.certificates[0].friendly_name.as_deref(), Some("Root 0"));
}

#[test]
fn sst_round_trip() {
    // The generator's store (written in Python from the public description) → certlens'
    // reader → certlens' writer → reader again: the same certificates in the same order.
    let original = sst::read(&bytes("truststore/roots10.sst"));
    assert!(original.complete && original.problems.is_empty(), "{:?}", original.problems);
    assert_eq!(original.certificates.len(), 10);
    let names: Vec<Option<String>> = original.certificates.iter().map(|e| e.friendly_name.clone()).collect();
    let parts: Vec<(&[u8], Option<&str>)> = original.certificates.iter().map(|e| (e.der.as_slice(), e.friendly_name.as_deref())).collect();
    let again = sst::read(&sst::write(&parts));
    assert!(again.complete && again.problems.is_empty());
    assert_eq!(again.certificates.iter().map(|e| &e.der).collect::<Vec<_>>(), original.certificates.iter().map(|e| &e.der).collect::<Vec<_>>());
    assert_eq!(again.certificates.iter().map(|e| e.friendly_name.clone()).collect::<Vec<_>>(), names);
}

#[test]
fn damaged_sst_is_reported_not_ignored() {
    let mut b = bytes("truststore/roots10.sst");
    b.truncate(b.len() / 2);
    let r = analyze(&[InputFile::new("cut.sst", b)], &Options::at(AT));
    assert!(r.diagnostics.iter().any(|d| d.code.as_str() == "sst-damaged"), "{:?}", r.diagnostics);
    assert!(!r.certificates.is_empty(), "the certificates before the cut are kept");
}

#[test]
fn hundred_fifty_roots_are_over_12k_and_cut_the_client_root_on_iis6() {
    let m = manifest();
    let facts = &m["trust_stores"]["roots150"];
    let (files, mut o) = marked("roots150.p7b", vec![file("chain/ee_client.der"), file("chain/int_ca.der")], &[file("truststore/roots150.p7b")]);
    let r = analyze(&files, &o);
    let a = r.trust_store.as_ref().unwrap();
    assert_eq!(a.source, "marked");
    assert_eq!(a.certificate_count, 150);
    assert_eq!(u64::from(a.issuer_list_bytes), facts["issuer_list_bytes"].as_u64().unwrap());
    let store_ders: Vec<Vec<u8>> = a.entries.iter().map(|e| ders(&r)[e.certificate].clone()).collect();
    assert_eq!(a.issuer_list_bytes, wire_size(&store_ders));
    assert!(a.over_12k && !a.over_16k);
    // Byte counts read as the other counts do: grouped ("13,112 bytes").
    let size = certlens::text::grouped(a.issuer_list_bytes);
    assert!(size.contains(','), "{size}");
    assert!(a.summary.contains(&format!("an issuer list of {size} bytes: within 16 KB")), "{}", a.summary);
    assert!(a.findings.iter().any(|f| f.message.contains(&format!("would be {size} bytes"))), "{:?}", a.findings);
    assert_eq!(u64::try_from(a.cut_at_12k).unwrap(), facts["cut_at_12k"].as_u64().unwrap());
    let client = a.client_ca.as_ref().unwrap();
    assert!(client.in_store && client.cut_at_12k && !client.cut_at_16k, "{client:?}");
    assert_eq!(client.ca_subject, "CN=Contoso Root CA, O=Contoso, C=US");
    // The audit feeds the verdict: the measured size reaches the engine.
    o.server.send_issuer_list = true;
    o.server.product = Product::Iis6;
    let r = analyze(&files, &o);
    let s = r.server.as_ref().unwrap();
    assert_eq!(s.mode.as_str(), "client-certificate");
    assert!(s.traps.iter().any(|t| t.code.as_str() == "issuer-list-truncated" && t.message.contains(&format!("is {} bytes", certlens::text::grouped(a.issuer_list_bytes)))), "{:?}", s.traps);
    assert_eq!(s.event, Some(36885));
}

/// 400 roots, built here from the generated Fabrikam roots (to keep the repository
/// small): the CN digits are rewritten so each certificate is distinct, with the
/// same name length. Contoso Root CA comes last and is cut at 16 KB.
#[test]
fn four_hundred_roots_cut_the_client_root() {
    let base = analyze(&[file("truststore/roots150.p7b")], &Options::at(AT));
    let template = ders(&base).into_iter().find(|d| d.windows(24).any(|w| w == b"Fabrikam Trust Root 0001")).unwrap();
    let mut files = Vec::new();
    for i in 1..=399u32 {
        let new = format!("Fabrikam Trust Root {i:04}");
        let mut d = template.clone();
        let mut at = 0;
        while let Some(p) = d[at..].windows(24).position(|w| w == b"Fabrikam Trust Root 0001") {
            d[at + p..at + p + 24].copy_from_slice(new.as_bytes());
            at += p + 24;
        }
        files.push(InputFile::new(format!("root{i:04}.cer"), d));
    }
    files.push(file("chain/root_ca.der"));
    let store: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let mut o = Options::at(AT);
    o.server.trust = Trust::Store;
    o.server.trust_store_files = store;
    files.push(file("chain/ee_client.der"));
    files.push(file("chain/int_ca.der"));
    let r = analyze(&files, &o);
    let a = r.trust_store.as_ref().unwrap();
    assert_eq!(a.certificate_count, 400);
    let m = manifest();
    let fabrikam = m["trust_stores"]["fabrikam_root_subject_der_len"].as_u64().unwrap();
    let contoso = m["trust_stores"]["roots150"]["subject_der_lengths"].as_array().unwrap().last().unwrap();
    let expected = 2 + 399 * (2 + fabrikam) + 2 + contoso.as_u64().unwrap();
    assert_eq!(u64::from(a.issuer_list_bytes), expected);
    let store_ders: Vec<Vec<u8>> = a.entries.iter().map(|e| ders(&r)[e.certificate].clone()).collect();
    assert_eq!(a.issuer_list_bytes, wire_size(&store_ders));
    assert!(a.over_16k);
    let client = a.client_ca.as_ref().unwrap();
    assert!(client.in_store && client.cut_at_16k, "{client:?}");
    assert!(codes(&r).contains(&"trust-store-client-ca-cut".to_string()));
    assert!(codes(&r).contains(&"issuer-list-over-limit".to_string()));
}

#[test]
fn client_root_missing_from_the_store() {
    let (files, o) = marked("roots10.pem", vec![file("level4/ee_client.der")], &[file("truststore/roots10.pem")]);
    let r = analyze(&files, &o);
    let a = r.trust_store.as_ref().unwrap();
    assert!(!a.client_ca.as_ref().unwrap().in_store);
    assert!(codes(&r).contains(&"trust-store-client-ca-missing".to_string()));
}

#[test]
fn the_same_roots_in_two_files_are_duplicates_counted_once() {
    let mut o = Options::at(AT);
    o.server.trust = Trust::Store;
    o.server.trust_store_files = vec!["roots10.p7b".into(), "roots10.pem".into()];
    let r = analyze(&[file("truststore/roots10.p7b"), file("truststore/roots10.pem")], &o);
    let a = r.trust_store.as_ref().unwrap();
    assert_eq!(a.certificate_count, 10);
    assert_eq!(a.findings.iter().filter(|f| f.code.as_str() == "trust-store-duplicate").count(), 10);
    assert_eq!(u64::from(a.issuer_list_bytes), manifest()["trust_stores"]["roots10"]["issuer_list_bytes"].as_u64().unwrap());
}

#[test]
fn the_audit_reads_each_subjects_length_from_the_analysis_not_from_the_der_again() {
    // Each certificate carries its subject name's DER length (`subject_der_length`); the audit
    // and the prediction read it, so a report whose DER is left out (the page's summaries, a
    // thin end certificate) audits the same. The audit used to decode `der_base64` again and,
    // when it was empty, guess the length from the subject's text.
    let r = analyze(&[file("truststore/roots150.p7b")], &Options::at(AT));
    for (c, der) in r.certificates.iter().zip(ders(&r)) {
        let subject = x509_parser::certificate::X509Certificate::from_der(&der).unwrap().1.subject().as_raw().len();
        assert_eq!(c.subject_der_length, subject, "{}", c.view.subject);
    }
    let store: Vec<usize> = (0..r.certificates.len()).collect();
    let full = certlens::server::audit::audit(&r.certificates, &store, vec!["roots150.p7b".into()], "marked", None);
    let mut without_der = r.certificates.clone();
    for c in &mut without_der {
        c.der_base64.clear();
    }
    let same = certlens::server::audit::audit(&without_der, &store, vec!["roots150.p7b".into()], "marked", None);
    assert_eq!(same.issuer_list_bytes, full.issuer_list_bytes);
    assert_eq!(same, full);
    assert_eq!(full.issuer_list_bytes, wire_size(&ders(&r)));
}

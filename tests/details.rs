//! The certificate detail model on the committed fixtures: facts checked against the
//! generator's manifest (an independent implementation: Python `cryptography`), the
//! plain-language summary for the cases help desks meet, the raw view, and snapshots
//! of the whole view model (insta, committed under tests/snapshots/).
#![cfg(not(target_arch = "wasm32"))]
// In tests a panic is a failing test: unwrap and indexing are the clearest way to say it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;

use base64::Engine as _;
use certlens::model::{asn1, urls::UrlHost, CertificateView, ExtensionDetail, Severity};
use certlens::{analyze, InputFile, Options};
use serde_json::Value;

const AT: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z

fn fixtures() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures"].iter().collect()
}

fn manifest() -> Value {
    serde_json::from_slice(&std::fs::read(fixtures().join("manifest.json")).unwrap()).unwrap()
}

fn der_of(entry: &Value) -> Vec<u8> {
    let rel = entry["files"].as_array().unwrap().iter().filter_map(Value::as_str).find(|f| f.ends_with(".der")).unwrap();
    std::fs::read(fixtures().join(rel)).unwrap()
}

fn view(id: &str) -> CertificateView {
    let m = manifest();
    CertificateView::from_der(&der_of(&m["certificates"][id]), AT).unwrap()
}

fn codes(v: &CertificateView) -> Vec<&str> {
    v.findings.iter().map(|f| f.code.as_str()).collect()
}

fn notable<'a>(v: &'a CertificateView, topic: &str) -> &'a certlens::model::NotableLine {
    v.notable.iter().find(|n| n.topic == topic).unwrap_or_else(|| panic!("no {topic} line in {:#?}", v.notable))
}

/// "digital_signature" (manifest) → "digitalSignature" (X.509 name).
fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out.replace("cRlSign", "cRLSign").replace("crlSign", "cRLSign")
}

#[test]
fn every_fixture_certificate_matches_the_manifest() {
    let m = manifest();
    let certs = m["certificates"].as_object().unwrap();
    assert!(certs.len() > 30, "manifest lists {} certificates", certs.len());
    for (id, c) in certs {
        let v = CertificateView::from_der(&der_of(c), AT).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        let ctx = |what: &str| format!("{id}: {what}");
        for (name, mv) in [("subject", &v.subject_name), ("issuer", &v.issuer_name)] {
            assert_eq!(mv.windows, c[name]["windows"].as_str().unwrap(), "{}", ctx(name));
            assert_eq!(mv.rfc4514, c[name]["rfc4514"].as_str().unwrap(), "{}", ctx(name));
            assert_eq!(mv.openssl, c[name]["openssl"].as_str().unwrap(), "{}", ctx(name));
            let rdns: Vec<(String, String)> = mv.attributes.iter().map(|a| (a.short_name.clone(), a.value.clone())).collect();
            let want: Vec<(String, String)> = c[name]["rdns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
                .collect();
            assert_eq!(rdns.iter().map(|r| &r.1).collect::<Vec<_>>(), want.iter().map(|r| &r.1).collect::<Vec<_>>(), "{}", ctx(name));
        }
        assert_eq!(v.subject, c["subject"]["windows"].as_str().unwrap(), "{}", ctx("stable subject field"));
        assert_eq!(v.serial, c["serial_hex"].as_str().unwrap().to_lowercase(), "{}", ctx("serial"));
        assert_eq!(v.thumbprint(), c["sha1"].as_str().unwrap(), "{}", ctx("sha1"));
        assert_eq!(v.sha256, c["sha256"].as_str().unwrap().to_lowercase(), "{}", ctx("sha256"));
        let pin = base64::engine::general_purpose::STANDARD.decode(&v.spki_sha256_base64).unwrap();
        assert_eq!(certlens::der::hex(&pin), c["spki_sha256"].as_str().unwrap().to_lowercase(), "{}", ctx("spki pin"));
        assert_eq!(v.not_before, c["not_before"].as_str().unwrap(), "{}", ctx("not_before"));
        assert_eq!(v.not_after, c["not_after"].as_str().unwrap(), "{}", ctx("not_after"));
        assert_eq!(v.validity.lifetime_days, c["validity_days"].as_i64().unwrap(), "{}", ctx("lifetime"));
        assert_eq!(v.version, 3, "{}", ctx("version"));
        assert_eq!(v.self_issued, c["self_issued"].as_bool().unwrap(), "{}", ctx("self_issued"));
        assert_eq!(v.is_ca, c["is_ca"].as_bool().unwrap(), "{}", ctx("is_ca"));
        assert_eq!(v.path_len.map(u64::from), c["path_length"].as_u64(), "{}", ctx("path length"));
        assert_eq!(v.public_key.bits.map(u64::from), c["public_key"]["bits"].as_u64(), "{}", ctx("key bits"));
        assert_eq!(v.signature_algorithm.oid, c["signature_algorithm"]["oid"].as_str().unwrap(), "{}", ctx("sig alg"));
        let ku: Option<Vec<String>> = c["key_usage"].as_array().map(|a| a.iter().map(|k| camel(k.as_str().unwrap())).collect());
        assert_eq!(v.key_usage, ku, "{}", ctx("key usage"));
        let eku: Option<Vec<String>> = c["eku"].as_array().map(|a| a.iter().map(|e| e["oid"].as_str().unwrap().to_string()).collect());
        assert_eq!(v.extended_key_usage, eku, "{}", ctx("eku"));
        let of_kind = |k: &str| -> Vec<String> { v.subject_alt_names.iter().filter(|n| n.kind == k).map(|n| n.value.clone()).collect() };
        for (kind, key) in [("dns", "dns"), ("email", "email"), ("upn", "upn"), ("ip", "ip")] {
            let want: Vec<String> = c["san"][key].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
            assert_eq!(of_kind(kind), want, "{}", ctx(kind));
        }
        let cdp: Vec<String> = c["cdp"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
        assert_eq!(v.crl_urls, cdp, "{}", ctx("cdp"));
        let aia = |k: &str| -> Vec<String> { c["aia"][k].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect() };
        assert_eq!(v.aia_ca_issuer_urls, aia("ca_issuers"), "{}", ctx("aia"));
        assert_eq!(v.ocsp_urls, aia("ocsp"), "{}", ctx("ocsp"));
        assert_eq!(v.subject_key_id, c["ski"].as_str().map(str::to_lowercase), "{}", ctx("ski"));
        assert_eq!(v.authority_key_id, c["aki"].as_str().map(str::to_lowercase), "{}", ctx("aki"));
        assert_eq!(v.sid.as_deref(), c["ms_sid"].as_str(), "{}", ctx("sid"));
        assert_eq!(v.sid_source.map(|s| s.name().replace("san-url", "san_url")), c["ms_sid_source"].as_str().map(str::to_string), "{}", ctx("sid source"));
        let exts: Vec<(String, bool)> = v.extensions.iter().map(|e| (e.oid.clone(), e.critical)).collect();
        let want: Vec<(String, bool)> = c["extensions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["oid"].as_str().unwrap().to_string(), e["critical"].as_bool().unwrap()))
            .collect();
        assert_eq!(exts, want, "{}", ctx("extensions"));
        let unknown_critical = !c["unknown_critical_extensions"].as_array().unwrap().is_empty();
        assert_eq!(codes(&v).contains(&"unknown-critical-extension"), unknown_critical, "{}", ctx("unknown critical"));
        let must_staple = v.extensions.iter().any(|e| matches!(e.detail, Some(ExtensionDetail::TlsFeature { must_staple: true, .. })));
        assert_eq!(must_staple, c["tls_feature_must_staple"].as_bool().unwrap(), "{}", ctx("must-staple"));
        if let Some(name) = c["ms_template_name"].as_str() {
            assert!(v.extensions.iter().any(|e| e.detail == Some(ExtensionDetail::CertificateTemplateName { name: name.into() })), "{}", ctx("template name"));
        }
        if let Some(policies) = c["certificate_policies"].as_array() {
            let Some(ExtensionDetail::CertificatePolicies { policies: got }) = &v.extension("2.5.29.32").unwrap().detail else { panic!("{id}") };
            for (p, g) in policies.iter().zip(got) {
                assert_eq!(g.oid, p["oid"].as_str().unwrap(), "{}", ctx("policy"));
                let cps: Vec<&str> = p["cps"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
                assert_eq!(g.cps, cps, "{}", ctx("cps"));
                let notices: Vec<&str> = p["user_notice"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
                assert_eq!(g.user_notices.iter().filter_map(|n| n.text.as_deref()).collect::<Vec<_>>(), notices, "{}", ctx("notice"));
            }
        }
        if let Some(nc) = c["name_constraints"].as_object() {
            let Some(ExtensionDetail::NameConstraints { permitted, .. }) = &v.extension("2.5.29.30").unwrap().detail else { panic!("{id}") };
            let want: Vec<&str> = nc["permitted_dns"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
            assert_eq!(permitted.iter().map(|g| g.value.as_str()).collect::<Vec<_>>(), want, "{}", ctx("name constraints"));
        }
        // Client-auth facts the summary states, against the manifest's own reading.
        let client_line = v.notable.iter().find(|n| n.topic == "client-auth");
        if !v.is_ca {
            let allows = c["eku_allows_client_auth"].as_bool().unwrap();
            let server_cert = c["eku_allows_server_auth"].as_bool().unwrap() && !c["san"]["dns"].as_array().unwrap().is_empty();
            let line = client_line.unwrap();
            if !allows && server_cert {
                assert!(line.severity == Severity::Info && line.text.starts_with("Server certificate"), "{}: {line:?}", ctx("client-auth line"));
            } else {
                assert_eq!(line.severity == Severity::Info, allows, "{}: {line:?}", ctx("client-auth line"));
            }
            let ku_ok = c["ku_allows_client_auth"].as_bool().unwrap();
            let ku_warns = v.notable.iter().any(|n| n.topic == "key-usage");
            assert_eq!(ku_warns, allows && !ku_ok, "{}", ctx("key-usage line"));
        }
    }
}

#[test]
fn rich_client_certificate_in_plain_words() {
    let v = view("ee_client");
    assert_eq!(v.subject_name.attributes[0].string_type, "UTF8String");
    assert_eq!(notable(&v, "kind").text, "End-entity certificate (not a CA)");
    assert_eq!(notable(&v, "client-auth").severity, Severity::Info);
    assert!(notable(&v, "expiry").text.contains("2027-06-30"), "{:?}", notable(&v, "expiry"));
    let mapping = notable(&v, "mapping");
    assert!(mapping.text.contains("S-1-5-21-1004336348-1177238915-682003330-1105") && mapping.text.contains("alice@contoso.com"), "{mapping:?}");
    let rev = notable(&v, "revocation");
    assert_eq!(rev.severity, Severity::Info, "one public CRL is enough: {rev:?}");
    assert!(rev.text.contains("LDAP (only inside the AD forest)"), "{rev:?}");
    let template = v.extension("1.3.6.1.4.1.311.21.7").unwrap();
    let Some(ExtensionDetail::CertificateTemplate { major_version, minor_version, .. }) = template.detail else { panic!("{template:?}") };
    assert_eq!((major_version, minor_version), (Some(100), Some(4)));
    let app = v.extension("1.3.6.1.4.1.311.21.10").unwrap();
    assert_eq!(app.values, ["Client Authentication (1.3.6.1.5.5.7.3.2)", "Secure Email (1.3.6.1.5.5.7.3.4)"]);
    let ldap = v.urls.iter().find(|u| u.url.starts_with("ldap:")).unwrap();
    assert!(ldap.internal_only && ldap.linkable && ldap.note.contains("Active Directory forest"));
    assert!(v.findings.is_empty(), "{:?}", v.findings);
}

#[test]
fn client_auth_problems_are_explained() {
    let v = view("ee_server_only");
    let line = notable(&v, "client-auth");
    assert_eq!(line.severity, Severity::Warning);
    assert!(line.text.contains("Server Authentication") && line.text.contains("403.7"), "{line:?}");

    let v = view("ee_ku_keyencipherment_only");
    let line = notable(&v, "key-usage");
    assert!(line.text.contains("digitalSignature") && line.text.contains("keyEncipherment"), "{line:?}");

    let v = view("ee_no_eku");
    assert!(notable(&v, "client-auth").text.contains("any purpose"));

    let v = view("int_ca_eku_server_only");
    let line = notable(&v, "client-auth");
    assert_eq!(line.severity, Severity::Warning, "{line:?}");
}

#[test]
fn revocation_reachability_is_classified() {
    let v = view("ee_intranet_cdp");
    assert_eq!(v.urls[0].host, UrlHost::SingleLabel);
    assert_eq!(notable(&v, "revocation").severity, Severity::Warning);

    let v = view("ee_ldap_only_cdp");
    let line = notable(&v, "revocation");
    assert!(line.severity == Severity::Warning && line.text.contains("company network"), "{line:?}");

    let v = view("ee_no_cdp");
    assert!(notable(&v, "revocation").text.contains("No CRL or OCSP"));

    let v = view("l4_issuing_ca");
    assert!(v.urls.iter().any(|u| u.host == UrlHost::LocalDomain), "{:?}", v.urls);

    // A root's revocation is never checked: no line.
    let v = view("root_ca");
    assert!(!v.notable.iter().any(|n| n.topic == "revocation"));
    assert_eq!(notable(&v, "kind").text, "Root certificate authority (self-issued): a trust anchor");
}

#[test]
fn weak_algorithms_and_odd_extensions_are_flagged() {
    let v = view("ee_sha1");
    assert!(codes(&v).contains(&"weak-signature-sha1"));
    assert!(v.signature_algorithm.weak);
    let v = view("ee_rsa1024");
    assert!(codes(&v).contains(&"rsa-key-too-small"));
    let v = view("ee_unknown_critical_ext");
    let f = v.findings.iter().find(|f| f.code.as_str() == "unknown-critical-extension").unwrap();
    assert!(f.message.contains("1.3.6.1.4.1.55555.99.1"), "{f:?}");
    let ext = v.extension("1.3.6.1.4.1.55555.99.1").unwrap();
    assert!(ext.critical && !ext.known && !ext.values.is_empty());
    let v = view("ee_rsa_pss");
    let pss = v.signature_algorithm.pss.clone().unwrap();
    assert_eq!((pss.hash.as_str(), pss.mask_generation.as_str(), pss.salt_length), ("SHA-256", "MGF1 with SHA-256", 32));
    let v = view("ee_ed25519");
    assert!(notable(&v, "key").text.contains("Schannel"), "{:?}", v.notable);
    assert!(!view("ee_ec_p256").notable.iter().any(|n| n.topic == "key"));
    let v = view("ee_ec_p521");
    assert_eq!((v.public_key.curve.as_deref(), v.public_key.bits), (Some("P-521"), Some(521)));
    let v = view("ee_server");
    assert!(notable(&v, "server-auth").text.contains("www.contoso.com"), "{:?}", v.notable);
    let v = view("ee_server_cn_only");
    assert_eq!(notable(&v, "server-auth").severity, Severity::Warning);
    let v = view("int_ca_reissued");
    let ver = v.extension("1.3.6.1.4.1.311.21.1").unwrap();
    assert_eq!(ver.detail, Some(ExtensionDetail::CaVersion { certificate_index: 1, key_index: 1 }));
    let v = view("ee_smartcard");
    assert_eq!(v.eku_names(), ["Smart Card Logon", "Client Authentication"]);
}

#[test]
fn raw_view_tree_and_pem() {
    let m = manifest();
    let der = der_of(&m["certificates"]["ee_client"]);
    let tree = asn1::asn1_tree(&der, asn1::DEFAULT_NODE_BUDGET);
    assert!(tree.error.is_none() && !tree.truncated);
    let root = &tree.nodes[0];
    assert_eq!((root.offset, root.header_length + root.length), (0, der.len()));
    assert_eq!(root.children.len(), 3, "tbs, algorithm, signature");
    fn find<'a>(n: &'a asn1::Asn1Node, text: &str) -> Option<&'a asn1::Asn1Node> {
        if n.preview.as_deref().is_some_and(|p| p.contains(text)) {
            return Some(n);
        }
        n.children.iter().find_map(|c| find(c, text))
    }
    let san = find(root, "(Subject Alternative Name)").unwrap();
    assert_eq!(&der[san.offset..san.offset + 5], &[0x06, 0x03, 0x55, 0x1d, 0x11]);
    assert!(find(root, "alice@contoso.com").is_some(), "encapsulated SAN content is shown");
    let small = asn1::asn1_tree(&der, 20);
    assert!(small.truncated && small.node_count == 20);
    let pem = CertificateView::pem(&der);
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(body).unwrap(), der);
    let committed = std::fs::read_to_string(fixtures().join("chain/ee_client.pem")).unwrap();
    assert_eq!(pem.trim(), committed.trim());
}

#[test]
fn json_carries_the_stable_and_the_new_fields() {
    let bytes = std::fs::read(fixtures().join("chain/ee_client.der")).unwrap();
    let report = analyze(&[InputFile { name: "ee_client.der".into(), bytes, password: None }], &Options::at(AT));
    let json = serde_json::to_value(&report).unwrap();
    let c = &json["certificates"][0];
    for field in [
        "subject", "issuer", "serial", "not_before", "not_after", "sha1", "sha256", "extended_key_usage", "crl_urls",
        "aia_ca_issuer_urls", "ocsp_urls", "subject_name", "issuer_name", "spki_sha256_base64", "sid", "urls", "notable",
        "findings", "extensions", "validity", "public_key", "signature_algorithm",
    ] {
        assert!(c.get(field).is_some(), "missing {field}");
    }
    assert_eq!(c["subject_name"]["rfc4514"], "CN=alice,OU=Users,O=Contoso");
    assert_eq!(c["validity"]["lifetime_days"], 545);
    assert_eq!(c["validity"]["not_after_unix"], 1_814_313_600i64);
    let ntds = c["extensions"].as_array().unwrap().iter().find(|e| e["oid"] == "1.3.6.1.4.1.311.25.2").unwrap();
    assert_eq!(ntds["detail"]["type"], "ntds-security");
    // The report round-trips (share links rebuild the view from it).
    let back: certlens::Report = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn certificate_findings_reach_the_report() {
    let bytes = std::fs::read(fixtures().join("chain/ee_sha1.der")).unwrap();
    let report = analyze(&[InputFile { name: "ee_sha1.der".into(), bytes, password: None }], &Options::at(AT));
    let d = report.diagnostics.iter().find(|d| d.code.as_str() == "weak-signature-sha1").unwrap();
    assert_eq!(d.certificate, Some(0));
    // Said as the chain layer's findings are: the file, the name the card shows, the words.
    assert!(d.message.starts_with("ee_sha1.der: ivan: signed with sha1WithRSAEncryption"), "{}", d.message);
}

#[test]
fn view_model_snapshots() {
    let m = manifest();
    let mut ids: Vec<&String> = m["certificates"].as_object().unwrap().keys().collect();
    ids.sort();
    // 2,000 CDP URLs: tests/hostile_text.rs checks its messages and sizes instead.
    for id in ids.into_iter().filter(|id| id.as_str() != "hostile_cdp_many") {
        let v = CertificateView::from_der(&der_of(&m["certificates"][id.as_str()]), AT).unwrap();
        insta::assert_json_snapshot!(id.as_str(), v);
    }
}

#[test]
fn cli_prints_the_asn1_tree_on_request() {
    let file = fixtures().join("chain/ee_client.der").to_string_lossy().into_owned();
    let args: Vec<String> = ["--asn1", "--at", "2026-11-23T00:00:00Z", file.as_str()].iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(certlens::cli::run(&args, &mut out, &mut err), 0);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("ASN.1 of certificate #0 (CN=alice, OU=Users, O=Contoso)"), "{text}");
    assert!(text.contains("      0   4+1673  SEQUENCE"), "{text}");
    assert!(text.contains("2.5.29.17 (Subject Alternative Name)"), "{text}");
    assert!(text.contains("alice@contoso.com"), "{text}");
    // Without the flag, no tree.
    let args: Vec<String> = ["--at", "2026-11-23T00:00:00Z", file.as_str()].iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    certlens::cli::run(&args, &mut out, &mut err);
    assert!(!String::from_utf8(out).unwrap().contains("ASN.1 of"));
}

#[test]
fn damaged_certificates_never_panic() {
    // Every single-byte change and every truncation of the richest fixture: the model and the
    // raw view either decode or return an error, and never panic.
    let m = manifest();
    let der = der_of(&m["certificates"]["ee_client"]);
    let mut decoded = 0;
    for i in 0..der.len() {
        for mutation in [0xffu8, 0x01] {
            let mut d = der.clone();
            d[i] ^= mutation;
            if let Ok(v) = CertificateView::from_der(&d, AT) {
                decoded += 1;
                assert!(!v.notable.is_empty());
            }
            let _ = asn1::asn1_tree(&d, 500);
        }
        let t = &der[..i];
        assert!(CertificateView::from_der(t, AT).is_err() || i == der.len());
        let _ = asn1::asn1_tree(t, 500);
    }
    assert!(decoded > 100, "only {decoded} mutants decoded: the test is not reaching the extension decoders");
}

#[test]
fn validity_findings() {
    // A TLS server certificate valid 545 days, issued 2026-01-01: over the 398-day rule.
    let v = view("ee_server");
    let f = v.findings.iter().find(|f| f.code.as_str() == "tls-lifetime-too-long").unwrap();
    assert!(f.message.contains("545 days") && f.message.contains("398"), "{f:?}");
    assert!(!codes(&view("ee_client")).contains(&"tls-lifetime-too-long"), "client certificates have no such limit");
    // Swap notBefore and notAfter (two 13-byte UTCTimes) in the DER: never valid.
    let m = manifest();
    let mut der = der_of(&m["certificates"]["ee_client"]);
    let at = der.windows(2).position(|w| w == [0x17, 0x0d]).unwrap();
    let (a, b) = (der[at..at + 15].to_vec(), der[at + 15..at + 30].to_vec());
    assert_eq!(b[..2], [0x17, 0x0d]);
    der[at..at + 15].copy_from_slice(&b);
    der[at + 15..at + 30].copy_from_slice(&a);
    let v = CertificateView::from_der(&der, AT).unwrap();
    assert!(codes(&v).contains(&"validity-inverted"), "{:?}", v.findings);
    assert!(v.validity.lifetime_text.starts_with("negative"));
}

//! The `certlens` command-line tool, run as a process on the committed fixtures.
#![cfg(not(target_arch = "wasm32"))]
// In tests a panic is a failing test: unwrap and indexing are the clearest way to say it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};

use common::{certlens, certlens_env, fixture, json, stderr, stdout, AT};

#[test]
fn text_output_shows_the_facts() {
    let out = certlens(&["--at", AT, &fixture("chain/ee_client.cer")]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains("CN=alice"), "{text}");
    assert!(text.contains("Contoso Issuing CA 01"), "{text}");
    assert!(text.contains("2973879AA2615E67CB6C001034A8D5094BA6E50D"), "Windows thumbprint: {text}");
    assert!(text.contains("Client Authentication"), "{text}");
    assert!(text.contains("Secure Email"), "{text}");
    assert!(text.contains("http://pki.contoso.com/crl/int01.crl"), "{text}");
    assert!(text.contains("http://ocsp.contoso.com"), "{text}");
    assert!(text.contains("expires in 219 days"), "2027-06-30 seen from 2026-11-23: {text}");
}

/// A locked .pfx or key says how the CLI takes its password (the findings' "give the password"
/// are the page's words as well), and no more once it is given; a warning is not called an error.
#[test]
fn a_locked_file_says_how_to_give_its_password() {
    let pfx = fixture("pkcs12/ee_client_aes256.pfx");
    let locked = stdout(&certlens(&["--at", AT, &pfx]));
    assert!(locked.contains("  password: give it with --password-env VAR"), "{locked}");
    assert!(!locked.contains("type its password") && !locked.contains("type the password"), "{locked}");
    let opened = stdout(&certlens_env(&["--at", AT, "--password-env", "PFXPW", &pfx], &[("PFXPW", "certlens")]));
    assert!(opened.contains("CN=alice") && !opened.contains("--password-env"), "{opened}");
    let key = stdout(&certlens(&["--at", AT, &fixture("keys_pem/ee_client_rsa_encrypted.pem")]));
    assert!(key.contains("  password: give it with --password-env VAR"), "{key}");
    let legacy = stdout(&certlens(&["--at", AT, &fixture("pkcs12/ee_client_3des.pfx")]));
    assert!(legacy.contains("  problem: this PKCS#12 file uses legacy encryption") && !legacy.contains("  error: "), "{legacy}");
    assert!(locked.contains("integrity: HMAC-SHA-256, 2,048 iterations"), "{locked}");
}

#[test]
fn json_has_the_stable_fields() {
    let (v, out) = json(&["--json", "--at", AT, &fixture("chain/fullchain.pem")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 3);
    let c = &certs[0];
    for field in [
        "subject",
        "issuer",
        "serial",
        "not_before",
        "not_after",
        "sha1",
        "sha256",
        "extended_key_usage",
        "crl_urls",
        "aia_ca_issuer_urls",
        "ocsp_urls",
    ] {
        assert!(c.get(field).is_some(), "certificate field {field} missing: {c:#}");
    }
    assert!(c["subject"].as_str().unwrap().contains("CN=alice"));
    assert!(c["issuer"].as_str().unwrap().contains("CN=Contoso Issuing CA 01"));
    assert_eq!(c["not_before"], "2026-01-01T00:00:00Z");
    assert_eq!(c["not_after"], "2027-06-30T00:00:00Z");
    assert_eq!(c["sha1"], "2973879aa2615e67cb6c001034a8d5094ba6e50d");
    assert_eq!(c["sha256"], "9459aff9806e1897e0af34ff8650c49efdd2a63c77b14028b264d7b431fa1712");
    assert_eq!(c["extended_key_usage"], serde_json::json!(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"]));
    assert_eq!(c["crl_urls"][0], "http://pki.contoso.com/crl/int01.crl");
    assert_eq!(c["aia_ca_issuer_urls"], serde_json::json!(["http://pki.contoso.com/aia/int01.crt"]));
    assert_eq!(c["ocsp_urls"], serde_json::json!(["http://ocsp.contoso.com"]));
    let serial = c["serial"].as_str().unwrap().replace(':', "").to_uppercase();
    assert_eq!(serial, "61000101A7B3C9D2E1F0");
    assert!(v["diagnostics"].is_array());
}

#[test]
fn json_diagnostics_have_code_severity_message() {
    let (v, out) = json(&["--json", "--at", AT, &fixture("bad/garbage.bin"), &fixture("chain/ee_expired.der")]);
    assert_eq!(out.status.code(), Some(1));
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.len() >= 2, "{diags:#?}");
    for d in diags {
        assert!(!d["code"].as_str().unwrap().is_empty(), "{d}");
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()), "{d}");
        assert!(!d["message"].as_str().unwrap().is_empty(), "{d}");
    }
    assert!(diags.iter().any(|d| d["code"] == "certificate-expired"), "{diags:#?}");
    assert!(diags.iter().any(|d| d["message"].as_str().unwrap().contains("garbage.bin")), "{diags:#?}");
}

#[test]
fn at_changes_the_validity_text() {
    let cer = fixture("chain/ee_client.cer");
    let now = stdout(&certlens(&["--at", AT, &cer]));
    let later = certlens(&["--at", "2028-01-01T00:00:00Z", &cer]);
    let later_text = stdout(&later);
    assert!(now.contains("expires in 219 days"), "{now}");
    assert!(later_text.contains("expired 185 days ago"), "{later_text}");
    let earlier = stdout(&certlens(&["--at=2025-06-01", &cer]));
    assert!(!earlier.contains("expires in"), "not yet valid on 2025-06-01: {earlier}");
    let (v, _) = json(&["--json", "--at", "2028-01-01T00:00:00Z", &cer]);
    assert_eq!(v["evaluated_at"], "2028-01-01T00:00:00Z");
}

#[test]
fn garbage_exits_1_with_a_message_naming_the_file() {
    let out = certlens(&["--at", AT, &fixture("bad/garbage.bin"), &fixture("chain/ee_client.cer")]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{text}");
    let error_lines: Vec<&str> =
        text.lines().filter(|l| l.contains("garbage.bin") && l.to_lowercase().contains("error")).collect();
    assert!(!error_lines.is_empty(), "no error line naming garbage.bin:\n{text}");
    // The good file next to it is still reported.
    assert!(text.contains("2973879AA2615E67CB6C001034A8D5094BA6E50D"), "{text}");
}

/// A certificate request's text says what it asks for (its names, usages, extensions) and
/// which dropped key and certificate belong to it, as the JSON's `requests` does.
#[test]
fn a_certificate_request_is_told_in_full() {
    let out = certlens(&["--at", AT, &fixture("csr/client_new.csr"), &fixture("keys_pem/ee_client_rsa.pem"), &fixture("chain/ee_client.cer")]);
    let text = stdout(&out);
    for line in [
        "Certificate request: CN=alice, OU=Users, O=Contoso (RSA 2048 bits)",
        "Signature algorithm    sha256WithRSAEncryption",
        "Extended key usage     Client Authentication",
        "Alternative name       UPN: alice@contoso.com",
        "Extensions asked for   Subject Alternative Name, Key Usage, Extended Key Usage",
        "Private key            dropped: key #0",
        "Issued as certificate  #0",
    ] {
        assert!(text.contains(line), "{line:?} missing:\n{text}");
    }
    let alone = stdout(&certlens(&["--at", AT, &fixture("csr/client.csr")]));
    assert!(alone.contains("Private key            not among the dropped files"), "{alone}");
}

#[test]
fn reads_standard_input() {
    let pem = std::fs::read(fixture("chain/ee_server.pem")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_certlens"))
        .args(["--at", AT, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&pem).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("DBD494D414808386B7A29BA26A8417B81AE18051"), "{}", stdout(&out));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["--bogus", "x.cer"][..],
        &["--at"][..],
        &["--at", "yesterday", "x.cer"][..],
        &["/nonexistent/certlens-test/missing.cer"][..],
    ] {
        let out = certlens(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}{}", stdout(&out), stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?} says why on stderr");
    }
    assert!(stderr(&certlens(&["/nonexistent/certlens-test/missing.cer"])).contains("missing.cer"));
}

#[test]
fn help_and_version_exit_0() {
    let help = certlens(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("usage: certlens"));
    let version = certlens(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).starts_with("certlens "));
}

/// A good chain dropped as `.pem` with default settings: a PEM says nothing
/// about the user's store, so the verdict branches on the private key and the
/// summary leads with the real verdict; never a flat "not offered".
#[test]
fn pem_chain_with_default_settings_branches_on_the_private_key() {
    let (v, out) = json(&["--json", "--at", AT, "--ssl", "require", "--revocation", "on", "--reach", "internet=yes,intranet=yes,ldap=yes", &fixture("chain/fullchain.pem")]);
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    let s = &v["server"];
    assert_ne!(s["outcome"], "no-certificate-offered", "{s}");
    let branches: Vec<(String, String)> = s["outcome_if"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["if"].as_str().unwrap().to_string(), b["outcome"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(s["outcome"], "depends", "{s}");
    assert_eq!(branches.len(), 2, "{branches:?}");
    assert!(branches[0].0.contains("holds the private key") && branches[0].1 == "200", "{branches:?}");
    assert_eq!(branches[1].1, "no-certificate-offered", "{branches:?}");
    let summary = s["summary"].as_str().unwrap();
    assert!(summary.starts_with("IIS accepts the certificate of alice"), "{summary}");
    assert!(summary.contains("does not hold the private key"), "{summary}");
    // Only --private-key no says "not offered".
    let (v, _) = json(&["--json", "--at", AT, "--reach", "all=yes", "--private-key", "no", &fixture("chain/fullchain.pem")]);
    assert_eq!(v["server"]["outcome"], "no-certificate-offered");
}

#[test]
fn a_crl_is_told_in_words() {
    // Alone: its issuer was not dropped. With its issuer: current, its entries and dates.
    let out = certlens(&["--at", AT, &fixture("crl/int01.crl")]);
    let text = stdout(&out);
    assert!(text.contains("— Issuer not dropped, 1 revoked, updated 2026-11-20T00:00:00Z, next update 2026-12-04T00:00:00Z"), "{text}");
    assert!(!text.contains("IssuerNotFound"), "no enum name in the text: {text}");
    let out = certlens(&["--at", AT, &fixture("crl/int01.crl"), &fixture("chain/fullchain.pem")]);
    assert!(stdout(&out).contains("— Current, 1 revoked"), "{}", stdout(&out));
}

//! Expected server behaviour on the generated fixtures: one test per rule of
//! DOMAIN.md, each with the settings that trigger it, asserting the outcome
//! and the step that decides it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use certlens::server::settings::*;
use certlens::server::trace::{ServerReport, StepStatus};
use certlens::{analyze, InputFile, Options};

/// 2026-11-23T00:00:00Z, the fixtures' evaluation time.
const AT: i64 = 1_795_392_000;

fn file(path: &str) -> InputFile {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let mut f = InputFile::new(path, std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}")));
    if path.starts_with("pkcs12/") {
        f.password = Some("certlens".into());
    }
    f
}

fn main_chain(leaf: &str) -> Vec<InputFile> {
    vec![file(leaf), file("chain/int_ca.der"), file("chain/root_ca.der")]
}

/// Settings with everything reachable and the private key present.
fn ok_settings() -> ServerSettings {
    ServerSettings {
        reach: Reachability { internet: Reach::Yes, intranet: Reach::Yes, ldap: Reach::Yes, https: Reach::Yes, crl_cache: Reach::Unknown, issuer: Reach::Unknown },
        private_key: PrivateKey::Yes,
        ..Default::default()
    }
}

fn run(files: &[InputFile], settings: ServerSettings) -> ServerReport {
    run_at(files, settings, AT)
}

fn run_at(files: &[InputFile], settings: ServerSettings, at: i64) -> ServerReport {
    let report = analyze(files, &Options { server: settings, ..Options::at(at) });
    report.server.expect("a server prediction")
}

fn deciding_step(r: &ServerReport) -> &str {
    r.trace.iter().find(|s| s.status == StepStatus::Failed && s.reached).map_or("", |s| s.step.as_str())
}

fn all_commands(r: &ServerReport) -> Vec<String> {
    r.trace.iter().filter_map(|s| s.fix.as_ref()).flat_map(|f| f.commands.iter().map(ToString::to_string)).collect()
}

#[test]
fn good_client_certificate_gives_200() {
    let r = run(&main_chain("chain/ee_client.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "200", "{}", r.summary);
    assert_eq!(r.mode.as_str(), "client-certificate");
    assert!(r.trace.iter().all(|s| s.status != StepStatus::Failed));
}

// DOMAIN §1 / §7: the private key.
#[test]
fn pfx_with_key_is_offered_cer_alone_branches_pfx_without_key_is_not() {
    let s = ServerSettings { private_key: PrivateKey::Auto, ..ok_settings() };
    assert_eq!(run(&[file("pkcs12/ee_client_aes256.pfx")], s.clone()).outcome.as_str(), "200");
    let r = run(&main_chain("chain/ee_client.cer"), s.clone());
    assert_eq!(r.outcome.as_str(), "depends");
    assert_eq!(r.outcome_if.iter().map(|b| b.outcome.as_str()).collect::<Vec<_>>(), ["200", "no-certificate-offered"]);
    let r = run(&[file("pkcs12/certs_only.pfx")], s.clone());
    assert_eq!(r.outcome.as_str(), "no-certificate-offered");
    assert_eq!(r.http_status.map(|o| o.as_str()), Some("403.7"));
    assert_eq!(deciding_step(&r), "certificate-selection");
    let r = run(&main_chain("chain/ee_client.cer"), ServerSettings { private_key: PrivateKey::No, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "no-certificate-offered");
    // A PEM could hold a key but one without says nothing about the user's store either.
    let r = run(&[file("chain/fullchain.pem")], s.clone());
    assert_eq!(r.outcome.as_str(), "depends", "{}", r.summary);
    assert_eq!(r.outcome_if.iter().map(|b| b.outcome.as_str()).collect::<Vec<_>>(), ["200", "no-certificate-offered"]);
    assert!(r.summary.starts_with("IIS accepts the certificate of alice"), "{}", r.summary);
    let r = run(&main_chain("chain/ee_client.pem"), s);
    assert_eq!(r.outcome.as_str(), "depends", "{}", r.summary);
}

// certlens cannot see the server's Intermediate store: an issuer that was not
// dropped is an unknown to branch on, not "missing on the server".
#[test]
fn issuer_not_dropped_branches_on_the_server_store() {
    // The AIA address is out of reach and revocation is off: only the issuer is unknown.
    let no_aia = ServerSettings { revocation: Revocation::Off, reach: Reachability { internet: Reach::No, ..ok_settings().reach }, ..ok_settings() };
    let r = run(&[file("chain/ee_client.der")], no_aia);
    assert_eq!(r.outcome.as_str(), "depends", "{}", r.summary);
    assert!(r.outcome_if.iter().any(|b| b.condition.contains("Contoso Issuing CA 01") && b.outcome.as_str() == "200"), "{:?}", r.outcome_if);
    assert!(r.outcome_if.iter().any(|b| b.outcome.as_str() == "403.16"), "{:?}", r.outcome_if);
    assert!(r.summary.starts_with("IIS accepts"), "{}", r.summary);
    assert!(r.summary.contains("403.16"), "{}", r.summary);
    let trust = r.trace.iter().find(|s| s.step == "chain-trust").unwrap();
    assert_eq!(trust.status, StepStatus::Unknown);
    // The server has it: the real verdict (here revocation and the rest pass).
    let has = ServerSettings { reach: Reachability { issuer: Reach::Yes, ..ok_settings().reach }, ..ok_settings() };
    assert_eq!(run(&[file("chain/ee_client.der")], has).outcome.as_str(), "200");
    // It can download it through AIA: the same.
    assert_eq!(run(&[file("chain/ee_client.der")], ok_settings()).outcome.as_str(), "200");
    // It does not have it: 403.16 CERT_E_CHAINING.
    let hasnt = ServerSettings { reach: Reachability { issuer: Reach::No, ..ok_settings().reach }, ..ok_settings() };
    let r = run(&[file("chain/ee_client.der")], hasnt);
    assert_eq!(r.outcome.as_str(), "403.16");
    assert_eq!(r.win32.as_deref(), Some("0x800B010A"));
}

// DOMAIN §1: EKU without Client Authentication → not offered → 403.7.
#[test]
fn server_only_eku_is_not_offered() {
    let r = run(&main_chain("chain/ee_server_only.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "no-certificate-offered");
    assert_eq!(r.http_status.map(|o| o.as_str()), Some("403.7"));
    assert_eq!(deciding_step(&r), "certificate-selection");
    // No EKU at all means every usage: offered.
    assert_eq!(run(&main_chain("chain/ee_no_eku.der"), ok_settings()).outcome.as_str(), "200");
}

// DOMAIN §1: key usage without digitalSignature.
#[test]
fn key_usage_without_digital_signature_is_not_offered() {
    let r = run(&main_chain("chain/ee_ku_keyencipherment_only.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "no-certificate-offered");
    assert!(r.trace[0].evidence.contains("digitalSignature"));
}

// DOMAIN §1: issuer list sent and the client's root is not on it.
#[test]
fn issuer_list_without_the_root_hides_the_certificate() {
    let mut files = main_chain("chain/ee_client.der");
    files.push(file("cross/fabrikam_root.der"));
    let s = ServerSettings { send_issuer_list: true, trust: Trust::Store, trust_store_files: vec!["cross/fabrikam_root.der".into()], ..ok_settings() };
    let r = run(&files, s);
    assert_eq!(r.outcome.as_str(), "no-certificate-offered");
    assert_eq!(deciding_step(&r), "certificate-selection");
    assert!(r.trace[0].evidence.contains("SendTrustedIssuerList=1"));
}

// DOMAIN §1: the issuer list size limit (12 KB old, 16 KB since KB 2801679) and event 36885.
#[test]
fn issuer_list_over_the_limit_is_event_36885() {
    let files = main_chain("chain/ee_client.der");
    let r = run(&files, ServerSettings { send_issuer_list: true, issuer_list_bytes: Some(17_000), ..ok_settings() });
    assert_eq!(r.event, Some(36885));
    assert!(r.traps.iter().any(|t| t.code.as_str() == "issuer-list-truncated"));
    let r = run(&files, ServerSettings { send_issuer_list: true, issuer_list_bytes: Some(13_000), ..ok_settings() });
    assert_eq!(r.event, None);
    let r = run(&files, ServerSettings { product: Product::Iis6, send_issuer_list: true, issuer_list_bytes: Some(13_000), ..ok_settings() });
    assert_eq!(r.event, Some(36885));
    // A dropped store is measured: three small roots are far below the limit.
    let s = ServerSettings { send_issuer_list: true, trust: Trust::Store, trust_store_files: vec!["chain/root_ca.der".into()], ..ok_settings() };
    let r = run(&files, s);
    assert_eq!(r.outcome.as_str(), "200");
    assert!(r.trace[0].evidence.contains("bytes, within the 16 KB limit"));
}

// DOMAIN §1: a non-self-signed certificate in the Trusted Root store (KB 2802568).
#[test]
fn non_self_signed_certificate_in_root_store_gives_403_16() {
    let mut files = main_chain("chain/ee_client.der");
    files.push(file("anomalies/non_self_signed_root.der"));
    let s = ServerSettings {
        trust: Trust::Store,
        trust_store_files: vec!["chain/root_ca.der".into(), "anomalies/non_self_signed_root.der".into()],
        ..ok_settings()
    };
    let r = run(&files, s);
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert_eq!(deciding_step(&r), "chain-trust");
    assert!(r.summary.contains("KB 2802568"));
    assert!(r.traps.iter().any(|t| t.code.as_str() == "non-self-signed-in-root-store"));
    assert!(all_commands(&r).iter().any(|c| c.starts_with("certutil -delstore Root")));
}

// DOMAIN §1: a CTL bound to the site must list the CA (IIS 6).
#[test]
fn ctl_without_the_ca_gives_403_16() {
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { product: Product::Iis6, ctl: Ctl::MissesCa, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "403.16");
    assert_eq!(deciding_step(&r), "chain-trust");
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { product: Product::Iis6, ctl: Ctl::IncludesCa, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "200");
}

// DOMAIN §1: TLS 1.3 needs clientcertnegotiation.
#[test]
fn tls13_without_clientcertnegotiation_gives_403_7() {
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { tls: TlsVersion::Tls13, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "403.7");
    assert_eq!(deciding_step(&r), "certificate-selection");
    assert!(all_commands(&r).iter().any(|c| c.starts_with("netsh http update sslcert") && c.ends_with("clientcertnegotiation=enable")));
    assert!(r.traps.iter().any(|t| t.code.as_str() == "tls13-without-clientcertnegotiation"));
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { tls: TlsVersion::Tls13ClientCertNegotiation, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "200");
}

// DOMAIN §2: SSL settings.
#[test]
fn ssl_ignore_accept_require() {
    let files = main_chain("chain/ee_expired.der");
    let r = run(&files, ServerSettings { ssl: SslMode::Ignore, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "200");
    assert_eq!(r.trace.iter().find(|s| s.step == "validity").map(|s| s.reached), Some(false));
    let r = run(&main_chain("chain/ee_client.cer"), ServerSettings { ssl: SslMode::Accept, private_key: PrivateKey::No, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "no-certificate-offered");
    assert_eq!(r.http_status.map(|o| o.as_str()), Some("200"));
    let r = run(&main_chain("chain/ee_client.cer"), ServerSettings { ssl: SslMode::Require, private_key: PrivateKey::No, ..ok_settings() });
    assert_eq!(r.http_status.map(|o| o.as_str()), Some("403.7"));
}

// DOMAIN §3: the root is not trusted.
#[test]
fn untrusted_root_gives_403_16_cert_e_untrustedroot() {
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { trust: Trust::NotTrusted, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "403.16");
    assert_eq!(r.win32.as_deref(), Some("0x800B0109"));
    assert!(r.summary.contains("0x800B0109"));
    assert_eq!(deciding_step(&r), "chain-trust");
    // The command names the dropped root file.
    assert!(all_commands(&r).iter().any(|c| c == "certutil -addstore Root root_ca.der"), "{:?}", all_commands(&r));
    let r = run(&[file("anomalies/selfsigned_client.der")], ok_settings());
    assert_eq!(r.outcome.as_str(), "403.16");
}

// DOMAIN §3: the intermediate is not available (the server does not have it).
#[test]
fn missing_intermediate_gives_403_16_cert_e_chaining() {
    let s = ServerSettings { reach: Reachability { issuer: Reach::No, ..ok_settings().reach }, ..ok_settings() };
    let r = run(&[file("chain/ee_client.der"), file("chain/root_ca.der")], s);
    assert_eq!(r.outcome.as_str(), "403.16");
    assert_eq!(r.win32.as_deref(), Some("0x800B010A"));
    assert_eq!(deciding_step(&r), "chain-trust");
    assert!(r.trace.iter().any(|s| s.evidence.starts_with("The chain stops at alice: its issuer \"Contoso Issuing CA 01\" was not dropped, and the settings say")), "{:#?}", r.trace);
    // Above a dropped CA: the chain so far, and where it stops.
    let r = run(&[file("int_expired/ee_client.der"), file("int_expired/int_ca_expired.der")], ok_settings());
    assert!(r.trace.iter().any(|s| s.evidence.starts_with("The chain oscar → Contoso Issuing CA 02 stops at Contoso Issuing CA 02: its issuer \"Contoso Root CA\" was not dropped.")), "{:#?}", r.trace);
}

// DOMAIN §3: any certificate in the chain expired or not yet valid → 403.17.
#[test]
fn expired_or_not_yet_valid_anywhere_in_the_chain_gives_403_17() {
    let r = run(&main_chain("chain/ee_expired.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "403.17");
    assert_eq!(r.win32.as_deref(), Some("0x800B0101"));
    assert_eq!(deciding_step(&r), "validity");
    assert_eq!(run(&main_chain("chain/ee_not_yet_valid.der"), ok_settings()).outcome.as_str(), "403.17");
    let files = [file("int_expired/ee_client.der"), file("int_expired/int_ca_expired.der"), file("chain/root_ca.der")];
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "403.17");
    assert!(r.summary.starts_with("The CA certificate Contoso Issuing CA 02 expired on 2025-12-31; every certificate in the chain must be valid"), "{}", r.summary);
    let r = run(&main_chain("chain/ee_not_yet_valid.der"), ok_settings());
    assert!(r.summary.starts_with("The certificate is not valid until 2027-01-01;"), "{}", r.summary);
}

// DOMAIN §3 / §1: the CA's EKU must allow Client Authentication.
#[test]
fn ca_eku_without_client_auth_hides_the_certificate() {
    let files = [file("int_eku/ee_client.der"), file("int_eku/int_ca_eku_server_only.der"), file("chain/root_ca.der")];
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "no-certificate-offered");
    assert_eq!(deciding_step(&r), "certificate-selection");
    let usage = r.trace.iter().find(|s| s.step == "usage").unwrap();
    assert_eq!(usage.status, StepStatus::Failed);
    // The EKU is named, with its OID, not given as an OID alone.
    assert!(r.summary.contains("restricts its certificates to Server Authentication (1.3.6.1.5.5.7.3.1), which excludes Client Authentication"), "{}", r.summary);
}

// The leaf's own EKU likewise.
#[test]
fn a_server_only_leaf_names_its_eku() {
    let r = run(&main_chain("chain/ee_server_only.der"), ok_settings());
    let text: String = r.trace.iter().map(|s| s.evidence.as_str()).chain([r.summary.as_str()]).collect::<Vec<_>>().join("\n");
    assert!(text.contains("its extended key usage (Server Authentication (1.3.6.1.5.5.7.3.1)) lacks Client Authentication (1.3.6.1.5.5.7.3.2)"), "{text}");
}

// DOMAIN §3: usagecheck off.
#[test]
fn usage_check_off_skips_the_eku_step() {
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { usage_check: false, ..ok_settings() });
    assert_eq!(r.trace.iter().find(|s| s.step == "usage").unwrap().status, StepStatus::Skipped);
}

// DOMAIN §4: revoked → 403.13.
#[test]
fn revoked_certificate_gives_403_13() {
    let mut files = main_chain("chain/ee_revoked.der");
    files.push(file("crl/int01.crl"));
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "403.13");
    assert_eq!(r.win32.as_deref(), Some("0x80092010"));
    assert_eq!(deciding_step(&r), "revocation");
    // The same CRL says nothing against ee_client.
    let mut files = main_chain("chain/ee_client.der");
    files.push(file("crl/int01.crl"));
    assert_eq!(run(&files, ok_settings()).outcome.as_str(), "200");
}

// DOMAIN §4: an expired CRL → revocation unknown → 403.13.
#[test]
fn expired_crl_gives_403_13() {
    let mut files = main_chain("chain/ee_client.der");
    files.push(file("crl/int01_expired.crl"));
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "403.13");
    assert!(r.summary.contains("2026-01-31"));
}

// DOMAIN §4: a single-label intranet CDP the server cannot reach; unknown reach branches.
#[test]
fn intranet_cdp_unreachable_gives_403_13_and_unknown_branches() {
    let files = main_chain("chain/ee_intranet_cdp.der");
    let s = ServerSettings { reach: Reachability { internet: Reach::Yes, intranet: Reach::No, ..Default::default() }, ..ok_settings() };
    let r = run(&files, s);
    assert_eq!(r.outcome.as_str(), "403.13");
    assert_eq!(r.win32.as_deref(), Some("0x80092013"));
    let failed = r.trace.iter().find(|s| s.status == StepStatus::Failed).unwrap();
    assert_eq!(failed.url.as_deref(), Some("http://corppki/crl/int01.crl"));
    // The command names the dropped file (without its folder).
    assert!(all_commands(&r).contains(&"certutil -verify -urlfetch ee_intranet_cdp.der".to_string()), "{:?}", all_commands(&r));
    let s = ServerSettings { reach: Reachability { internet: Reach::Yes, ..Default::default() }, ..ok_settings() };
    let r = run(&files, s);
    assert_eq!(r.outcome.as_str(), "depends");
    assert_eq!(r.outcome_if[0].condition, "the server can reach corppki (intranet http)");
    assert_eq!(r.outcome_if[0].outcome.as_str(), "200");
    assert_eq!(r.outcome_if[1].outcome.as_str(), "403.13");
}

// DOMAIN §4: an LDAP-only CDP seen from outside the domain.
#[test]
fn ldap_only_cdp_outside_the_domain_gives_403_13() {
    let s = ServerSettings { reach: Reachability { internet: Reach::Yes, ldap: Reach::No, ..Default::default() }, ..ok_settings() };
    let r = run(&main_chain("chain/ee_ldap_only_cdp.der"), s);
    assert_eq!(r.outcome.as_str(), "403.13");
    assert!(r.traps.iter().any(|t| t.code.as_str() == "ldap-only-cdp"));
}

// DOMAIN §4: no CDP at all.
#[test]
fn no_cdp_gives_403_13_no_revocation_check() {
    let r = run(&main_chain("chain/ee_no_cdp.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "403.13");
    assert_eq!(r.win32.as_deref(), Some("0x80092012"));
}

// DOMAIN §4 / seed 001: a 4-level chain where only the middle CA's CRL is unreachable.
#[test]
fn four_level_chain_with_unreachable_middle_crl_gives_403_13() {
    let files = [file("level4/fullchain.pem")];
    let s = ServerSettings { reach: Reachability { internet: Reach::Yes, intranet: Reach::No, ldap: Reach::No, ..Default::default() }, ..ok_settings() };
    let r = run(&files, s);
    assert_eq!(r.outcome.as_str(), "403.13", "{}", r.summary);
    let failed = r.trace.iter().find(|s| s.status == StepStatus::Failed).unwrap();
    assert!(failed.certificate.as_deref().unwrap().contains("Contoso Issuing CA 11"));
    assert_eq!(failed.url.as_deref(), Some("http://pki-internal.contoso.local/crl/policy.crl"));
    assert!(r.traps.iter().any(|t| t.code.as_str() == "middle-ca-crl-unreachable"));
    // The leaf's own CRL is fine.
    let leaf_rev = r.trace.iter().find(|s| s.step == "revocation").unwrap();
    assert_eq!(leaf_rev.status, StepStatus::Passed);
    // Reachable: 200.
    let s = ServerSettings { reach: Reachability { internet: Reach::Yes, intranet: Reach::Yes, ..Default::default() }, ..ok_settings() };
    assert_eq!(run(&files, s).outcome.as_str(), "200");
}

// DOMAIN §4: IIS 6 CertCheckMode bits.
#[test]
fn iis6_cert_check_mode_bits() {
    let files = main_chain("chain/ee_no_cdp.der");
    let r = run(&files, ServerSettings { product: Product::Iis6, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "403.13");
    assert!(all_commands(&r).iter().any(|c| c.ends_with("adsutil.vbs set w3svc/SITE-ID/CertCheckMode 1")));
    let r = run(&files, ServerSettings { product: Product::Iis6, cert_check_mode: Some(1), ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "200");
    assert!(r.trace.iter().any(|s| s.evidence.contains("0x1 MD_CERT_NO_REVOC_CHECK")));
    let r = run(&files, ServerSettings { product: Product::Iis6, cert_check_mode: Some(2), reach: Reachability { crl_cache: Reach::No, ..ok_settings().reach }, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "403.13");
    assert!(r.trace.iter().any(|s| s.evidence.contains("MD_CERT_CACHE_RETRIEVAL_ONLY")));
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { product: Product::Iis6, cert_check_mode: Some(0x10000), ..ok_settings() });
    assert_eq!(r.trace.iter().find(|s| s.step == "usage").unwrap().status, StepStatus::Skipped);
}

// DOMAIN §4: netsh switches for IIS 7+.
#[test]
fn revocation_fix_names_netsh_switches() {
    let s = ServerSettings { reach: Reachability { internet: Reach::No, ldap: Reach::No, ..Default::default() }, ..ok_settings() };
    let r = run(&main_chain("chain/ee_client.der"), s);
    let cmds = all_commands(&r);
    assert!(cmds.contains(&"netsh http show sslcert".to_string()));
    assert!(cmds.iter().any(|c| c.ends_with("verifyclientcertrevocation=disable")));
    assert!(cmds.iter().any(|c| c.ends_with("verifyrevocationwithcachedclientcertonly=enable")));
}

// DOMAIN §5: strong mapping (KB5014754).
#[test]
fn strong_mapping_rules_under_enforcement_and_compatibility() {
    let ad = ServerSettings { mapping: Mapping::ActiveDirectory, ..ok_settings() };
    // SID extension, SAN SID URL: strong.
    assert_eq!(run(&main_chain("chain/ee_client.der"), ad.clone()).outcome.as_str(), "200");
    assert_eq!(run(&main_chain("chain/ee_client_sid_url.der"), ad.clone()).outcome.as_str(), "200");
    // UPN only: refused under enforcement, allowed in compatibility mode.
    let r = run(&main_chain("chain/ee_ec_p256.der"), ad.clone());
    assert_eq!(r.outcome.as_str(), "401.1");
    assert_eq!(deciding_step(&r), "mapping");
    assert!(all_commands(&r).iter().any(|c| c.contains("altSecurityIdentities='X509:<I>DC=com,DC=contoso,O=Contoso,CN=Contoso Issuing CA 01<SR>")));
    let compat = ServerSettings { strong_mapping: StrongMapping::Compatibility, ..ad.clone() };
    assert_eq!(run(&main_chain("chain/ee_ec_p256.der"), compat.clone()).outcome.as_str(), "200");
    // Explicit mappings: strong and weak forms.
    let strong = ServerSettings { alt_security_identity: Some("X509:<SKI>0a1b2c".into()), ..ad.clone() };
    assert_eq!(run(&main_chain("chain/ee_ec_p256.der"), strong).outcome.as_str(), "200");
    let weak = ServerSettings { alt_security_identity: Some("X509:<I>DC=com,DC=contoso,CN=Contoso Issuing CA 01<S>CN=ecp256".into()), ..ad };
    assert_eq!(run(&main_chain("chain/ee_ec_p256.der"), weak.clone()).outcome.as_str(), "401.1");
    let weak_compat = ServerSettings { strong_mapping: StrongMapping::Compatibility, ..weak };
    assert_eq!(run(&main_chain("chain/ee_ec_p256.der"), weak_compat).outcome.as_str(), "200");
}

// DOMAIN §5: a mapping for a certificate whose chain fails never gets that far.
#[test]
fn mapping_is_not_reached_when_the_chain_fails() {
    let s = ServerSettings { mapping: Mapping::ActiveDirectory, ..ok_settings() };
    let r = run(&main_chain("chain/ee_expired.der"), s);
    assert_eq!(r.outcome.as_str(), "403.17");
    assert_eq!(r.trace.iter().find(|s| s.step == "mapping").map(|s| s.reached), Some(false));
}

// DOMAIN §5 / seed 001: mapping on a virtual directory (IIS 6/7).
#[test]
fn mapping_on_a_virtual_directory_is_ignored() {
    let s = ServerSettings { product: Product::Iis7, mapping: Mapping::OneToOne, mapping_scope: MappingScope::VirtualDirectory, ..ok_settings() };
    let r = run(&main_chain("chain/ee_client.der"), s);
    assert_eq!(r.outcome.as_str(), "401.2");
    assert_eq!(deciding_step(&r), "mapping");
    assert!(r.traps.iter().any(|t| t.code.as_str() == "mapping-on-virtual-directory"));
}

// DOMAIN §6 / Q190009: proxies.
#[test]
fn proxy_traps() {
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { proxy: Proxy::TlsTerminating, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "403.7");
    assert_eq!(deciding_step(&r), "ssl-settings");
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { proxy: Proxy::Forward, mapping: Mapping::OneToOne, ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "200");
    assert!(r.traps.iter().any(|t| t.code.as_str() == "proxy-connection-reuse" && t.message.contains("Q190009")));
}

// A CA that expires before the leaf: fine now, 403.17 from the CA's expiry.
#[test]
fn ca_expiring_before_leaf_is_on_the_timeline() {
    let files = [file("anomalies/ee_outlives_ca.der"), file("anomalies/ca_expires_before_leaf.der"), file("chain/root_ca.der")];
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "200");
    assert!(r.traps.iter().any(|t| t.code.as_str() == "ca-expires-before-leaf"));
    let first = &r.timeline[0];
    assert_eq!(first.outcome.as_str(), "403.17");
    assert!(first.at.starts_with("2027-03-3") || first.at.starts_with("2027-04-01"), "{}", first.at);
    // "What happens on 1 May 2027?"
    let may = 1_809_129_600; // 2027-05-01
    assert_eq!(run_at(&files, ok_settings(), may).outcome.as_str(), "403.17");
}

// The timeline names a CRL expiring.
#[test]
fn crl_expiry_is_on_the_timeline() {
    let mut files = main_chain("chain/ee_client.der");
    files.push(file("crl/int01.crl"));
    let r = run(&files, ok_settings());
    let first = &r.timeline[0];
    assert_eq!(first.outcome.as_str(), "403.13");
    assert!(first.at.starts_with("2026-12-04"));
    assert!(first.because.contains("CRL"));
}

// Server-certificate mode.
#[test]
fn server_certificate_mode() {
    let files = main_chain("chain/ee_server.der");
    let host = |h: &str| ServerSettings { host: Some(h.into()), ..ok_settings() };
    assert_eq!(run(&files, host("www.contoso.com")).outcome.as_str(), "trusted");
    assert_eq!(run(&files, host("api.app.contoso.com")).outcome.as_str(), "trusted");
    assert_eq!(run(&files, host("10.0.0.5")).outcome.as_str(), "trusted");
    let r = run(&files, host("contoso.com"));
    assert_eq!(r.outcome.as_str(), "name-mismatch");
    assert_eq!(r.mode.as_str(), "server-certificate");
    let r = run(&main_chain("chain/ee_server_cn_only.der"), host("www.contoso.com"));
    assert_eq!(r.outcome.as_str(), "name-mismatch");
    // Only the leaf dropped: whether the server sends the intermediate is not known; if not,
    // Chromium fetches it through AIA and Firefox does not.
    let r = run(&[file("chain/ee_server.der")], host("www.contoso.com"));
    let firefox = |sends: &str| r.outcome_if.iter().find(|b| b.condition == format!("the browser is Firefox, and {sends}")).map(|b| b.outcome.as_str());
    assert_eq!(firefox("the server does not send the intermediate"), Some("untrusted"));
    assert_eq!(firefox("the server sends the intermediate"), Some("trusted"));
    let not_sent = ServerSettings { reach: Reachability { issuer: Reach::No, ..Reachability::default() }, ..host("www.contoso.com") };
    let r = run(&[file("chain/ee_server.der")], not_sent);
    assert_eq!(r.outcome_if.iter().find(|b| b.condition == "the browser is Firefox").map(|b| b.outcome.as_str()), Some("untrusted"));
    // A client certificate is not a web server certificate.
    assert_eq!(run(&main_chain("chain/ee_client.der"), host("www.contoso.com")).outcome.as_str(), "name-mismatch");
}

#[test]
fn report_json_has_the_stable_server_fields() {
    let report = analyze(&main_chain("chain/ee_intranet_cdp.der"), &Options { server: ServerSettings { private_key: PrivateKey::Yes, ..Default::default() }, ..Options::at(AT) });
    let v = serde_json::to_value(&report).unwrap();
    let server = &v["server"];
    assert_eq!(server["outcome"], "depends");
    assert!(server["outcome_if"][0]["if"].as_str().unwrap().contains("http"));
    assert!(server["summary"].is_string());
    let step = &server["trace"][0];
    for k in ["step", "status", "evidence", "reached"] {
        assert!(step.get(k).is_some(), "{k}");
    }
    assert!(server["traps"].is_array());
    assert!(server["timeline"].is_array());
}

// DOMAIN §3: a signature that does not verify (checked by the chain layer).
#[test]
fn bad_signature_gives_403_16() {
    let r = run(&main_chain("chain/ee_bad_signature.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x80096004"));
    assert_eq!(deciding_step(&r), "chain-trust");
}

// A root the user marks as untrusted in the hierarchy is untrusted by the server too.
#[test]
fn root_marked_untrusted_in_options_is_untrusted_by_the_server() {
    let files = main_chain("chain/ee_client.der");
    let plain = analyze(&files, &Options::at(AT));
    let root_sha = plain.certificates.iter().find(|c| c.view.subject.contains("Contoso Root CA")).unwrap().view.sha256.clone();
    let options = Options { server: ok_settings(), untrusted_roots: vec![root_sha], ..Options::at(AT) };
    let r = analyze(&files, &options).server.unwrap();
    assert_eq!(r.outcome.as_str(), "403.16");
    assert_eq!(r.win32.as_deref(), Some("0x800B0109"));
}

// DOMAIN §3: path rules Windows enforces (the chain layer finds them): a CA
// certificate that is not a CA, a path-length limit, a broken signature algorithm.
#[test]
fn path_rule_violations_give_403_16() {
    let r = run(&[file("pathcheck/ee_under_not_ca.der"), file("pathcheck/int_not_ca.der"), file("chain/root_ca.der")], ok_settings());
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x800B0103"));
    assert_eq!(deciding_step(&r), "chain-trust");
    // The root is still the root: never checked for revocation.
    let root_rev = r.trace.iter().rfind(|s| s.step == "revocation").unwrap();
    assert_eq!(root_rev.status, StepStatus::Skipped);
    let r = run(
        &[file("pathcheck/ee_under_sub_ca.der"), file("pathcheck/sub_ca_under_int.der"), file("chain/int_ca.der"), file("chain/root_ca.der")],
        ok_settings(),
    );
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x800B0104"));
    let r = run(&main_chain("pathcheck/ee_md5.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
}

// The adapter's own chain walk (used when the chain layer has no path for the leaf).
#[test]
fn adapter_fallback_chain_walk() {
    use certlens::chain::Hierarchy;
    use certlens::server::adapter::client_facts;
    use certlens::server::facts::ChainStatus;
    let empty = Hierarchy::default();
    let files = main_chain("chain/ee_client.der");
    let report = analyze(&files, &Options::at(AT));
    let (facts, path) = client_facts(&files, &report.certificates, &empty, &ServerSettings::default()).unwrap();
    assert!(path.is_none());
    assert_eq!(facts.chain.len(), 3);
    // Nothing on it was verified by the chain layer: never trusted.
    assert!(matches!(&facts.chain_status, ChainStatus::Untrusted { code, .. } if *code == certlens::diag::Code::SignatureNotVerified), "{:?}", facts.chain_status);
    assert!(facts.root().is_some());
    let files = [file("chain/ee_client.der"), file("chain/root_ca.der"), file("crl/int01.crl")];
    let report = analyze(&files, &Options::at(AT));
    let (facts, _) = client_facts(&files, &report.certificates, &empty, &ServerSettings::default()).unwrap();
    assert!(matches!(facts.chain_status, ChainStatus::MissingIssuer { .. }));
    assert_eq!(facts.crls.len(), 1, "the int01 CRL covers the leaf");
}

#[test]
fn the_certificate_setting_picks_the_leaf() {
    let mut files = main_chain("chain/ee_client.der");
    files.insert(0, file("chain/ee_server_only.der"));
    // By default the first non-CA certificate: the server-only one, not offered.
    assert_eq!(run(&files, ok_settings()).outcome.as_str(), "no-certificate-offered");
    let report = analyze(&files, &Options::at(AT));
    let alice = report.certificates.iter().position(|c| c.view.subject.starts_with("CN=alice")).unwrap();
    let r = run(&files, ServerSettings { certificate: Some(alice), ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "200");
    assert_eq!(r.trace[0].certificate_index, Some(alice));
}

// ---------------------------------------------------------------- one trust decision

fn host(settings: ServerSettings) -> ServerSettings {
    ServerSettings { host: Some("www.contoso.com".into()), ..settings }
}

fn step<'a>(r: &'a ServerReport, id: &str) -> &'a certlens::server::trace::Step {
    r.trace.iter().find(|s| s.step == id).unwrap_or_else(|| panic!("no step {id}: {:?}", r.trace))
}

#[test]
fn server_mode_root_not_in_the_trust_store_is_untrusted() {
    let mut files = main_chain("chain/ee_server.der");
    files.push(file("cross/fabrikam_root.der"));
    let store = ServerSettings { trust: Trust::Store, trust_store_files: vec!["cross/fabrikam_root.der".into()], ..ok_settings() };
    let r = run(&files, host(store));
    assert_eq!(r.outcome.as_str(), "untrusted", "{}", r.summary);
    // The same chain with its root in the store is trusted, and so is the hierarchy's path.
    let store = ServerSettings { trust: Trust::Store, trust_store_files: vec!["chain/root_ca.der".into()], ..ok_settings() };
    assert_eq!(run(&files, host(store)).outcome.as_str(), "trusted");
    // --trust-root no: nothing is trusted, in both modes and in the hierarchy.
    let no = ServerSettings { trust: Trust::NotTrusted, ..ok_settings() };
    assert_eq!(run(&main_chain("chain/ee_server.der"), host(no.clone())).outcome.as_str(), "untrusted");
    let report = analyze(&main_chain("chain/ee_client.der"), &Options { server: no, ..Options::at(AT) });
    assert!(!report.hierarchy.path_for(0).unwrap().trusted);
    assert_eq!(report.server.unwrap().outcome.as_str(), "403.16");
}

#[test]
fn a_loop_between_cas_is_never_trusted() {
    let files = [file("pathcheck/ee_under_loop.der"), file("pathcheck/loop_ca_a.der"), file("pathcheck/loop_ca_b.der")];
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x800B010A"));
    let r = run(&files, host(ok_settings()));
    assert_eq!(step(&r, "chain").status, StepStatus::Failed, "{:?}", r.trace);
    assert_ne!(r.outcome.as_str(), "trusted");
}

#[test]
fn unknown_critical_extension_in_the_leaf_is_refused_in_both_modes() {
    let r = run(&main_chain("chain/ee_unknown_critical_ext.der"), ok_settings());
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x800B0105"));
    let r = run(&main_chain("chain/ee_unknown_critical_ext.der"), host(ok_settings()));
    assert_eq!(step(&r, "chain").status, StepStatus::Failed, "{:?}", r.trace);
}

#[test]
fn revoked_leaf_with_its_crl_is_refused_in_server_mode() {
    let mut files = main_chain("chain/ee_revoked.der");
    files.push(file("crl/int01.crl"));
    let r = run(&files, host(ok_settings()));
    assert_eq!(step(&r, "revocation").status, StepStatus::Failed, "{:?}", r.trace);
    assert!(step(&r, "revocation").evidence.contains("revoked"));
}

// Browsers accept any certificate of their trust store as an anchor; Windows
// breaks client authentication when the Trusted Root store holds a
// certificate that is not self-signed (KB 2802568). Path building stops at
// the anchor wherever it was dropped.
#[test]
fn non_self_signed_anchor_browsers_accept_windows_refuses() {
    let store = ServerSettings { trust: Trust::Store, trust_store_files: vec!["chain/int_ca.der".into()], ..ok_settings() };
    // The root dropped as an ordinary file, the intermediate as the anchor.
    let files = [file("chain/ee_server.der"), file("chain/root_ca.der"), file("chain/int_ca.der")];
    let r = run(&files, host(store.clone()));
    assert_eq!(r.outcome.as_str(), "trusted", "{}", r.summary);
    let report = analyze(&files, &Options { server: host(store.clone()), ..Options::at(AT) });
    let path = report.hierarchy.path_for(0).unwrap();
    assert!(path.trusted);
    assert_eq!(path.elements.len(), 2, "stops at the anchor in the store");
    let files = [file("chain/ee_client.der"), file("chain/root_ca.der"), file("chain/int_ca.der")];
    let r = run(&files, store);
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert!(r.summary.contains("KB 2802568"), "{}", r.summary);
}

// ---------------------------------------------------------------- certificate rules (rules/)

#[test]
fn certificate_rules_give_the_windows_verdict() {
    let off = ServerSettings { revocation: Revocation::Off, ..ok_settings() };
    let with_main = |leaf: &str| vec![file(leaf), file("chain/int_ca.der"), file("chain/root_ca.der")];
    let refused: [(Vec<InputFile>, Option<&str>); 5] = [
        (with_main("rules/ee-duplicate-ext.der"), Some("0x800B0108")),
        (with_main("rules/ee-p192.der"), None),
        (with_main("rules/ee-rsa768.der"), None),
        (vec![file("rules/ee-under-dsa-root.der"), file("rules/root-dsa.der")], Some("0x80096004")),
        (vec![file("rules/ee-under-root-unknown-critical.der"), file("rules/root-unknown-critical.der")], Some("0x800B0105")),
    ];
    for (files, win32) in refused {
        let r = run(&files, off.clone());
        assert_eq!(r.outcome.as_str(), "403.16", "{}: {}", files[0].name, r.summary);
        assert_eq!(deciding_step(&r), "chain-trust", "{}", files[0].name);
        if let Some(w) = win32 {
            assert_eq!(r.win32.as_deref(), Some(w), "{}", files[0].name);
        }
    }
    // Findings that Windows accepts: reported, the verdict stays 200.
    for leaf in ["rules/ee-aki-critical.der", "rules/ee-ski-critical.der", "rules/ee-keycertsign-not-ca.der", "rules/ee-name-constraints.der", "rules/ee-rsa-odd-modulus.der", "rules/ee-ca-true.der"] {
        // The verdict is about the first file (ee-ca-true is a CA certificate: chosen explicitly).
        let r = run(&with_main(leaf), ServerSettings { certificate: Some(0), ..off.clone() });
        assert_eq!(r.outcome.as_str(), "200", "{leaf}: {}", r.summary);
    }
    let r = run(&[file("rules/ee-under-root-bc-noncritical.der"), file("rules/root-bc-noncritical.der")], off.clone());
    assert_eq!(r.outcome.as_str(), "200", "{}", r.summary);
    // SHA-1: Windows accepts it on a client certificate and the trace says so; browsers refuse it.
    let r = run(&main_chain("chain/ee_sha1.der"), off);
    assert_eq!(r.outcome.as_str(), "200", "{}", r.summary);
    assert!(step(&r, "chain-trust").evidence.contains("SHA-1"), "{:?}", step(&r, "chain-trust"));
}

// A CRL that fails a strict reading is no evidence: the revoked entry it holds is
// not used, and the verdict comes from what the server can fetch.
#[test]
fn a_malformed_crl_is_no_evidence_for_the_verdict() {
    let mut files = main_chain("chain/ee_client.der");
    files.push(file("rules/crl-entry-trailing-bytes.crl"));
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "200", "{}", r.summary);
    let mut files = main_chain("chain/ee_client.der");
    files.push(file("rules/crl-no-number.crl"));
    assert_eq!(run(&files, ok_settings()).outcome.as_str(), "403.13");
}

#[test]
fn name_constraint_rules_give_403_16() {
    let off = ServerSettings { revocation: Revocation::Off, certificate: Some(0), ..ok_settings() };
    for (leaf, ca, win32) in [
        ("rules/ee-upn-outside-constraints.der", "rules/int-nc-upn.der", "0x800B0114"),
        ("rules/ee-invalid-dns-san.der", "rules/int-nc-dns.der", "0x800B0114"),
        ("rules/ee-under-nc-empty.der", "rules/int-nc-empty.der", "0x800B0108"),
    ] {
        let r = run(&[file(leaf), file(ca), file("chain/root_ca.der")], off.clone());
        assert_eq!(r.outcome.as_str(), "403.16", "{leaf}: {}", r.summary);
        assert_eq!(r.win32.as_deref(), Some(win32), "{leaf}");
    }
    let r = run(&[file("rules/ee-upn-inside-constraints.der"), file("rules/int-nc-upn.der"), file("chain/root_ca.der")], off);
    assert_eq!(r.outcome.as_str(), "200", "{}", r.summary);
}

// ---------------------------------------------------------------- remaining rules of issue 12 (rules/)

/// The Microsoft application-policies extension marked critical: Windows understands
/// it and applies its policies like an EKU; browsers refuse it as an unknown critical
/// extension.
#[test]
fn critical_application_policies_follow_cryptoapi() {
    let off = ServerSettings { revocation: Revocation::Off, ..ok_settings() };
    let r = run(&main_chain("rules/ee-app-policies-critical-client-auth.der"), off.clone());
    assert_eq!(r.outcome.as_str(), "200", "{}", r.summary);
    assert!(step(&r, "usage").evidence.contains("application-policies extension marked critical"), "{:?}", step(&r, "usage"));
    // Without Client Authentication among the policies the browser does not offer it (403.7),
    // and the server's usage check would refuse it too.
    let r = run(&main_chain("rules/ee-app-policies-critical.der"), off.clone());
    assert_eq!(r.outcome.as_str(), "no-certificate-offered", "{}", r.summary);
    assert!(r.summary.contains("application-policies extension is marked critical"), "{}", r.summary);
    assert_eq!(step(&r, "usage").status, StepStatus::Failed);
    // Browsers: an unknown critical extension (the leaf is a client certificate, so the
    // name does not match either; the chain step says why the chain itself is refused).
    let r = run(&main_chain("rules/ee-app-policies-critical-client-auth.der"), host(off));
    let chain = step(&r, "chain");
    assert_eq!(chain.status, StepStatus::Failed, "{chain:?}");
    assert!(chain.evidence.contains("application-policies extension (1.3.6.1.4.1.311.21.10) marked critical"), "{chain:?}");
}

/// A name form certlens cannot check, restricted by the CA: 403.16, like a violation.
#[test]
fn an_unsupported_constrained_name_form_gives_403_16() {
    let off = ServerSettings { revocation: Revocation::Off, certificate: Some(0), ..ok_settings() };
    let r = run(&[file("rules/ee-othername-under-constraints.der"), file("rules/int-nc-othername.der"), file("chain/root_ca.der")], off.clone());
    assert_eq!(r.outcome.as_str(), "403.16", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x800B0114"));
    let r = run(&[file("rules/ee-upn-under-othername-constraints.der"), file("rules/int-nc-othername.der"), file("chain/root_ca.der")], off);
    assert_eq!(r.outcome.as_str(), "200", "{}", r.summary);
}

/// Key rollover: the CRL signed by the CA's old key is evidence: sybil is revoked.
#[test]
fn a_crl_signed_by_the_old_key_decides_revocation() {
    let files = [
        file("cross/ee_client_reissued_int.der"),
        file("cross/int_ca_reissued.der"),
        file("chain/int_ca.der"),
        file("chain/root_ca.der"),
        file("rules/crl-old-key.crl"),
    ];
    let r = run(&files, ServerSettings { certificate: Some(0), ..ok_settings() });
    assert_eq!(r.outcome.as_str(), "403.13", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x80092010"));
}

/// P-192 and RSA under 1024 bits: Windows refuses them, but which error code it
/// reports is not documented: no code is printed, and the trace says so.
#[test]
fn weak_keys_name_no_guessed_win32_code() {
    let off = ServerSettings { revocation: Revocation::Off, ..ok_settings() };
    for leaf in ["rules/ee-p192.der", "rules/ee-rsa768.der"] {
        let r = run(&main_chain(leaf), off.clone());
        assert_eq!(r.outcome.as_str(), "403.16", "{leaf}: {}", r.summary);
        assert_eq!(r.win32, None, "{leaf}: {}", r.summary);
        assert!(!r.summary.contains("0x"), "{leaf}: {}", r.summary);
        assert!(step(&r, "chain-trust").evidence.contains("the exact error code it reports for this rule is not documented"), "{leaf}: {:?}", step(&r, "chain-trust"));
    }
}

/// A delta CRL applied to its complete CRL: alice, revoked on the delta only, is revoked.
#[test]
fn a_delta_crl_applied_to_its_base_decides_revocation() {
    let mut files = main_chain("chain/ee_client.der");
    files.extend([file("crl/int01.crl"), file("crl/root.crl")]);
    assert_eq!(run(&files, ok_settings()).outcome.as_str(), "200");
    files.push(file("rules/crl-delta-revokes-alice.crl"));
    let r = run(&files, ok_settings());
    assert_eq!(r.outcome.as_str(), "403.13", "{}", r.summary);
    assert_eq!(r.win32.as_deref(), Some("0x80092010"));
}

// A CN with a comma ("Last, First", as Active Directory names users) is quoted in the Windows
// form, CN="Doe, John": every message names the certificate Doe, John (the first piece of the
// split name, "Doe with a stray quote, was its name until 2026-12-04).
#[test]
fn a_common_name_with_a_comma_is_named_whole_in_every_message() {
    let leaf = file("chain/ee_client_comma_cn.der");
    let report = analyze(std::slice::from_ref(&leaf), &Options::at(AT));
    assert_eq!(report.certificates[0].view.subject, "CN=\"Doe, John\", OU=Users, O=Contoso");
    let json = serde_json::to_string(&report).unwrap();
    // Alone, its issuer is missing: the chain, its diagnostics and the trace all name it.
    assert!(json.contains("\"label\":\"Doe, John\""), "the chain's label");
    assert!(json.contains("Doe, John: the issuing certificate"), "the missing issuer's diagnostic");
    // The name cut at its comma was "Doe with the opening quote of the Windows form.
    for (at, _) in json.match_indices("\\\"Doe") {
        let around = json.get(at.saturating_sub(40)..(at + 40).min(json.len())).unwrap_or_default();
        assert!(json[at..].starts_with("\\\"Doe, John\\\""), "a name cut at its comma: …{around}…");
    }
    // With its chain, IIS's answer names it in full too.
    let r = run(&[leaf, file("chain/int_ca.der"), file("chain/root_ca.der")], ok_settings());
    let words: Vec<&str> = r.trace.iter().map(|s| s.evidence.as_str()).chain([r.summary.as_str()]).collect();
    assert!(words.iter().any(|w| w.contains("Doe, John")), "{words:?}");
    assert!(words.iter().all(|w| !w.contains("\"Doe")), "{words:?}");
}

#[test]
fn each_branch_condition_names_what_it_is_about() {
    // A .cer alone: the key, the missing CA and revocation are all unknown. A branch joins its
    // conditions ("…, and …"): none of them may lean on an "it" that reads as the one before.
    let r = run(&[file("chain/ee_client.cer")], ServerSettings::default());
    let conditions: Vec<&str> = r.outcome_if.iter().map(|b| b.condition.as_str()).collect();
    assert!(conditions.contains(&"the user's store does not hold the private key"), "{conditions:?}");
    assert!(conditions.iter().any(|c| c.ends_with("and the server does not have the CA certificate \"Contoso Issuing CA 01\"")), "{conditions:?}");
    assert!(conditions.iter().all(|c| !c.contains(" it ") && !c.starts_with("it ")), "{conditions:?}");
}

/// A summary names a certificate after a word of its own ("the certificate ee-rsa2047 names no
/// place …", not "Ee-rsa2047 names …": a name is not capitalised as a sentence's first word), and
/// a rule's message is not led by the name the summary has just said ("invalid at
/// ee-dup-ext-src: ee-dup-ext-src: extension …").
#[test]
fn summaries_neither_capitalise_a_name_nor_say_it_twice() {
    let r = run(&main_chain("rules/ee-rsa-odd-modulus.der"), ok_settings());
    assert!(r.summary.starts_with("The certificate ee-rsa2047 names no place to check revocation"), "{}", r.summary);
    let r = run(&main_chain("rules/ee-duplicate-ext.der"), ok_settings());
    assert!(r.summary.starts_with("The chain of this certificate is invalid at ee-dup-ext-src: extension 2.5.29.17 appears more than once"), "{}", r.summary);
    let chain_step = r.trace.iter().find(|s| s.step == "chain-trust").unwrap();
    assert!(chain_step.evidence.contains("enforces at ee-dup-ext-src: extension"), "{}", chain_step.evidence);
}

// RFC 5280 4.1.2.6: an empty subject, the user named by the UPN in a critical SAN. Every sentence
// names the certificate by that UPN: no gap ("The chain  → Contoso Issuing CA 01"), no "()".
#[test]
fn a_certificate_with_an_empty_subject_is_named_by_its_upn_in_every_sentence() {
    let report = analyze(&main_chain("chain/ee_empty_subject.der"), &Options { server: ok_settings(), ..Options::at(AT) });
    let server = report.server.as_ref().expect("a server prediction");
    let chain = server.trace.iter().find(|s| s.step == "chain-trust").expect("the chain step");
    assert!(chain.evidence.starts_with("The chain kim@contoso.com → Contoso Issuing CA 01 → Contoso Root CA"), "{}", chain.evidence);
    assert_eq!(&*report.hierarchy.chains[0].best.elements[0].label, "kim@contoso.com");
    let mut sentences: Vec<String> = server.trace.iter().map(|s| s.evidence.to_string()).collect();
    sentences.push(server.summary.to_string());
    sentences.extend(report.diagnostics.iter().map(|d| d.message.to_string()));
    let markdown = certlens::report::export::markdown(&report, None);
    assert!(markdown.contains("#### 1. kim@contoso.com"), "{markdown}");
    sentences.extend(markdown.lines().map(str::to_string));
    for s in &sentences {
        assert!(!s.contains("  →") && !s.contains("()") && !s.contains(":  ") && !s.contains("# 1. \n"), "{s}");
    }
    assert!(report.diagnostics.iter().any(|d| d.message.contains("ee_empty_subject.der: kim@contoso.com: ")), "{:?}", report.diagnostics);
}

// A .cer cannot tell whether the user's store holds the key: the selection step says that it is
// not certain, and why (not "offers this certificate only if: the files do not show …").
#[test]
fn a_certificate_without_its_key_in_the_files_is_offered_only_perhaps() {
    let r = run(&main_chain("chain/ee_client.der"), ServerSettings { private_key: PrivateKey::Auto, ..ok_settings() });
    let s = r.trace.iter().find(|s| s.step == "certificate-selection").expect("the selection step");
    assert_eq!(s.status, StepStatus::Unknown);
    assert!(s.evidence.starts_with("Whether the browser offers this certificate is not certain: the files do not show whether the user's store holds the private key"), "{}", s.evidence);
}

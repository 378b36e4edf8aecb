//! Engine unit tests over hand-made facts (no certificates needed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::engine::predict;
use super::facts::*;
use super::settings::*;
use super::trace::{Outcome, ServerReport, StepStatus};
use crate::diag::Code;

const AT: i64 = 1_795_392_000; // 2026-11-23
const Y2020: i64 = 1_577_836_800;
const Y2040: i64 = 2_208_988_800;
const LEAF_FROM: i64 = 1_767_225_600; // 2026-01-01
const LEAF_TO: i64 = 1_782_777_600; // 2026-06-30 + ~ (2027-06-30)

fn cert(cn: &str, issuer: &str, is_ca: bool) -> CertFacts {
    CertFacts {
        subject: format!("CN={cn}, O=Contoso"),
        issuer: format!("CN={issuer}, O=Contoso"),
        serial: "61000109a7".into(),
        sha1: format!("sha1-{cn}"),
        sha256: format!("sha256-{cn}"),
        not_before: Y2020,
        not_after: Y2040,
        is_ca,
        self_signed: cn == issuer,
        subject_der_len: 40,
        ..Default::default()
    }
}

fn chain() -> ClientFacts {
    let mut leaf = cert("alice", "Contoso Issuing CA 01", false);
    leaf.not_before = LEAF_FROM;
    leaf.not_after = LEAF_TO + 365 * 86_400;
    leaf.eku = Some(vec![EKU_CLIENT_AUTH.into()]);
    leaf.key_usage = Some(vec!["digitalSignature".into(), "keyEncipherment".into()]);
    leaf.crl_urls = vec![
        "http://pki.contoso.com/crl/int01.crl".into(),
        "ldap:///CN=Contoso%20Issuing%20CA%2001,CN=CDP?certificateRevocationList".into(),
    ];
    leaf.upns = vec!["alice@contoso.com".into()];
    let mut int = cert("Contoso Issuing CA 01", "Contoso Root CA", true);
    int.crl_urls = vec!["http://pki.contoso.com/crl/root.crl".into()];
    let root = cert("Contoso Root CA", "Contoso Root CA", true);
    ClientFacts { chain: vec![leaf, int, root], private_key: KeyPresence::Present, ..Default::default() }
}

fn reachable() -> ServerSettings {
    ServerSettings {
        reach: Reachability { internet: Reach::Yes, intranet: Reach::Yes, ldap: Reach::Yes, https: Reach::Yes, crl_cache: Reach::Unknown, issuer: Reach::Unknown },
        ..Default::default()
    }
}

fn failed_step(r: &ServerReport) -> String {
    r.trace.iter().find(|s| s.status == StepStatus::Failed && s.reached).map(|s| s.step.clone()).unwrap_or_default()
}

#[test]
fn good_chain_gives_200() {
    let r = predict(&chain(), &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status200, "{r:#?}");
    assert!(r.outcome_if.is_empty());
    assert_eq!(r.summary, "IIS accepts the certificate of alice. IIS answers 200.");
    let order: Vec<&str> = r.trace.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(order, ["certificate-selection", "ssl-settings", "chain-trust", "validity", "usage", "revocation", "revocation", "revocation", "mapping"]);
    // Root not checked for revocation.
    assert_eq!(r.trace[7].status, StepStatus::Skipped);
}

#[test]
fn missing_private_key_means_no_certificate_offered_and_403_7() {
    let mut f = chain();
    f.private_key = KeyPresence::Absent;
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::NoCertificateOffered);
    assert_eq!(r.http_status, Some(Outcome::Status403_7));
    assert_eq!(failed_step(&r), "certificate-selection");
    let s = ServerSettings { ssl: SslMode::Accept, ..reachable() };
    assert_eq!(predict(&f, &s, AT).http_status, Some(Outcome::Status200));
}

#[test]
fn unknown_private_key_branches() {
    let mut f = chain();
    f.private_key = KeyPresence::Unknown;
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Depends);
    assert_eq!(r.outcome_if.len(), 2);
    assert_eq!(r.outcome_if[0].outcome, Outcome::Status200);
    assert!(r.outcome_if[0].condition.contains("private key"));
    assert_eq!(r.outcome_if[1].outcome, Outcome::NoCertificateOffered);
    // The same condition as data, which applied to the settings gives that branch's outcome.
    let a = &r.outcome_if[1].assumes;
    assert_eq!(a.len(), 1);
    assert_eq!((a[0].setting.as_str(), a[0].value.as_str()), ("private-key", "no"));
    let mut s = reachable();
    assert!(s.assume(&a[0].setting, Some(&a[0].value)));
    let mut f2 = f.clone();
    f2.private_key = KeyPresence::Absent;
    assert_eq!(predict(&f2, &s, AT).outcome, Outcome::NoCertificateOffered);
}

#[test]
fn server_eku_leaf_not_offered() {
    let mut f = chain();
    f.chain[0].eku = Some(vec![EKU_SERVER_AUTH.into()]);
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::NoCertificateOffered);
    assert_eq!(failed_step(&r), "certificate-selection");
    assert!(r.trace[0].evidence.contains("1.3.6.1.5.5.7.3.2"));
}

#[test]
fn key_usage_without_digital_signature_not_offered() {
    let mut f = chain();
    f.chain[0].key_usage = Some(vec!["keyEncipherment".into()]);
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::NoCertificateOffered);
    assert!(r.trace[0].evidence.contains("digitalSignature"));
}

#[test]
fn ca_eku_restriction_not_offered() {
    let mut f = chain();
    f.chain[1].eku = Some(vec![EKU_SERVER_AUTH.into()]);
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::NoCertificateOffered);
    assert!(r.trace[0].evidence.contains("Contoso Issuing CA 01"));
    // The server-side usage step also names it (not reached).
    let usage = r.trace.iter().find(|s| s.step == "usage").unwrap();
    assert_eq!(usage.status, StepStatus::Failed);
    assert!(!usage.reached);
}

#[test]
fn issuer_list_without_root_hides_certificate() {
    let mut f = chain();
    let other = cert("Fabrikam Root", "Fabrikam Root", true);
    f.trust_store = Some(vec![other]);
    let s = ServerSettings { send_issuer_list: true, trust: Trust::Store, ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::NoCertificateOffered);
    assert_eq!(r.http_status, Some(Outcome::Status403_7));
}

#[test]
fn issuer_list_size_over_limit_raises_event_36885() {
    let f = chain();
    let s = ServerSettings { send_issuer_list: true, issuer_list_bytes: Some(20_000), ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.event, Some(36885));
    assert!(r.traps.iter().any(|t| t.code == Code::IssuerListTruncated));
    // 14 KB is fine on IIS 10 (16 KB) but over the IIS 6 limit (12 KB).
    let s = ServerSettings { send_issuer_list: true, issuer_list_bytes: Some(14_000), ..reachable() };
    assert_eq!(predict(&f, &s, AT).event, None);
    let s = ServerSettings { product: Product::Iis6, ..s };
    assert_eq!(predict(&f, &s, AT).event, Some(36885));
}

#[test]
fn tls13_without_clientcertnegotiation_gives_403_7() {
    let s = ServerSettings { tls: TlsVersion::Tls13, ..reachable() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_7);
    assert_eq!(failed_step(&r), "certificate-selection");
    assert!(r.trace[0].fix.as_ref().unwrap().commands.iter().any(|c| c.contains("clientcertnegotiation=enable")));
    let s = ServerSettings { tls: TlsVersion::Tls13ClientCertNegotiation, ..reachable() };
    assert_eq!(predict(&chain(), &s, AT).outcome, Outcome::Status200);
}

#[test]
fn ssl_ignore_gives_200_without_checks() {
    let mut f = chain();
    f.chain[0].not_after = AT - 10;
    let s = ServerSettings { ssl: SslMode::Ignore, ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status200);
    assert!(r.trace.iter().filter(|s| s.step == "validity").all(|s| !s.reached));
}

#[test]
fn untrusted_root_gives_403_16_with_0x800b0109() {
    // Trust is the chain layer's decision; the engine reads it from the facts.
    let mut f = chain();
    f.chain_status = ChainStatus::Untrusted { index: 2, code: Code::ChainUntrustedRoot, reason: "the root is not trusted".into() };
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_16);
    assert_eq!(r.win32.as_deref(), Some("0x800B0109"));
    assert_eq!(failed_step(&r), "chain-trust");
    assert!(r.trace.iter().find(|s| s.step == "chain-trust").unwrap().fix.as_ref().unwrap().commands[0].starts_with("certutil -addstore Root"));
}

#[test]
fn missing_intermediate_gives_403_16_chaining() {
    let mut f = chain();
    f.chain.truncate(1);
    f.chain_status = ChainStatus::MissingIssuer { issuer: "CN=Contoso Issuing CA 01".into(), aia_urls: vec!["http://pki.contoso.com/aia/int01.crt".into()] };
    let mut s = reachable();
    s.reach.issuer = Reach::No;
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_16);
    assert_eq!(r.win32.as_deref(), Some("0x800B010A"));
}

/// The leaf and its intermediate dropped, the root not: the missing certificate may be the
/// root, which a server trusts only from its Trusted Root store. Reaching its AIA address
/// (which makes a missing intermediate available) does not decide it: it stays an unknown,
/// and the fix names the Trusted Root store too.
#[test]
fn a_root_that_was_not_dropped_is_not_trusted_by_downloading_it() {
    let mut f = chain();
    f.chain.truncate(2);
    f.chain_status = ChainStatus::MissingIssuer { issuer: "CN=Contoso Root CA".into(), aia_urls: vec!["http://pki.contoso.com/aia/root.crt".into()] };
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Depends, "{}", r.summary);
    assert!(r.outcome_if.iter().any(|b| b.outcome == Outcome::Status403_16), "{:?}", r.outcome_if);
    let step = r.trace.iter().find(|s| s.step == "chain-trust").unwrap();
    assert_eq!(step.status, StepStatus::Unknown);
    assert!(step.evidence.contains("in its Trusted Root store if it is the root"), "{}", step.evidence);
    let fix = step.fix.as_ref().unwrap();
    assert!(fix.commands.iter().any(|c| c.starts_with("certutil -addstore Root")), "{:?}", fix.commands);
    // Only the leaf dropped: its issuer is an intermediate, which the server downloads.
    let mut f = chain();
    f.chain.truncate(1);
    f.chain_status = ChainStatus::MissingIssuer { issuer: "CN=Contoso Issuing CA 01".into(), aia_urls: vec!["http://pki.contoso.com/aia/int01.crt".into()] };
    let r = predict(&f, &reachable(), AT);
    let step = r.trace.iter().find(|s| s.step == "chain-trust").unwrap();
    assert_eq!(step.status, StepStatus::Passed, "{}", step.evidence);
}

/// A missing CA named in a sentence by its CN: its whole name, whose values may hold commas
/// and so quotes (`CN="Contoso Issuing CA, Europe", O="Contoso, Ltd."`), would nest quotes.
#[test]
fn a_missing_ca_is_named_by_its_common_name() {
    let mut f = chain();
    f.chain.truncate(1);
    let dn = r#"CN="Contoso Issuing CA, Europe", O="Contoso, Ltd.", C=GB"#;
    f.chain_status = ChainStatus::MissingIssuer { issuer: dn.into(), aia_urls: vec!["http://pki.contoso.com/aia/eu.crt".into()] };
    let mut s = reachable();
    s.reach.issuer = Reach::No;
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_16);
    let step = r.trace.iter().find(|s| s.step == "chain-trust").unwrap();
    let fix = step.fix.as_ref().unwrap();
    for text in [&r.summary, &step.evidence, &fix.text] {
        assert!(text.contains("\"Contoso Issuing CA, Europe\""), "{text}");
        assert!(!text.contains("\"CN="), "{text}");
    }
    // Whether the server holds it not known (here it can download it): named the same way.
    s.reach.issuer = Reach::Unknown;
    let r = predict(&f, &s, AT);
    let step = r.trace.iter().find(|s| s.step == "chain-trust").unwrap();
    assert!(step.evidence.contains("\"Contoso Issuing CA, Europe\""), "{}", step.evidence);
    let said: Vec<&str> = r.outcome_if.iter().map(|b| b.condition.as_str()).chain([r.summary.as_str(), step.evidence.as_str()]).collect();
    assert!(said.iter().all(|c| !c.contains("\"CN=")), "{said:?}");
}

#[test]
fn bad_signature_gives_403_16() {
    let mut f = chain();
    f.chain_status = ChainStatus::BadSignature { index: 0 };
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_16);
    assert_eq!(r.win32.as_deref(), Some("0x80096004"));
}

#[test]
fn non_self_signed_certificate_in_root_store_gives_403_16() {
    let mut f = chain();
    let root = f.chain[2].clone();
    let bad = cert("Contoso Issuing CA 01", "Contoso Root CA", true);
    f.trust_store = Some(vec![root, bad]);
    let s = ServerSettings { trust: Trust::Store, ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_16);
    assert!(r.summary.contains("KB 2802568"));
    assert!(r.traps.iter().any(|t| t.code == Code::NonSelfSignedInRootStore));
}

#[test]
fn expired_leaf_and_expired_ca_give_403_17() {
    let mut f = chain();
    f.chain[0].not_after = AT - 86_400 * 3;
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_17);
    assert_eq!(failed_step(&r), "validity");
    let mut f = chain();
    f.chain[1].not_after = AT - 86_400;
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_17);
    assert!(r.summary.contains("CA certificate Contoso Issuing CA 01"));
    let mut f = chain();
    f.chain[0].not_before = AT + 86_400;
    assert_eq!(predict(&f, &reachable(), AT).outcome, Outcome::Status403_17);
}

#[test]
fn ca_expiring_before_leaf_is_a_trap_and_on_the_timeline() {
    let mut f = chain();
    f.chain[1].not_after = AT + 100 * 86_400;
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status200);
    assert!(r.traps.iter().any(|t| t.code == Code::CaExpiresBeforeLeaf));
    assert_eq!(r.timeline[0].outcome, Outcome::Status403_17);
    assert_eq!(r.timeline[0].at_unix, AT + 100 * 86_400 + 1);
    assert!(r.timeline[0].because.contains("Contoso Issuing CA 01 expires"));
}

#[test]
fn usage_check_off_skips_eku_step() {
    let s = ServerSettings { usage_check: false, ..reachable() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.trace.iter().find(|s| s.step == "usage").unwrap().status, StepStatus::Skipped);
}

#[test]
fn revoked_gives_403_13_crypt_e_revoked() {
    let mut f = chain();
    f.crls.push(CrlFacts { covers: 0, issuer: "CN=Contoso Issuing CA 01".into(), this_update: AT - 86_400, next_update: Some(AT + 86_400), evidence: CrlEvidence::Revoked { date: AT - 100 * 86_400, reason: Some("keyCompromise".into()) } });
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    assert_eq!(r.win32.as_deref(), Some("0x80092010"));
    assert_eq!(failed_step(&r), "revocation");
}

#[test]
fn expired_crl_gives_403_13() {
    let mut f = chain();
    f.crls.push(CrlFacts { covers: 0, issuer: "CN=Contoso Issuing CA 01".into(), this_update: AT - 300 * 86_400, next_update: Some(AT - 290 * 86_400), evidence: CrlEvidence::NotRevoked });
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    assert!(r.summary.contains("CRL"));
}

#[test]
fn current_crl_then_expires_on_timeline() {
    let mut f = chain();
    f.crls.push(CrlFacts { covers: 0, issuer: "CN=Contoso Issuing CA 01".into(), this_update: AT - 86_400, next_update: Some(AT + 11 * 86_400), evidence: CrlEvidence::NotRevoked });
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status200);
    assert_eq!(r.timeline[0].outcome, Outcome::Status403_13);
    assert!(r.timeline[0].because.contains("CRL"));
}

#[test]
fn unreachable_cdps_give_403_13_offline() {
    let s = ServerSettings { reach: Reachability { internet: Reach::No, ldap: Reach::No, ..Default::default() }, ..Default::default() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    assert_eq!(r.win32.as_deref(), Some("0x80092013"));
    let step = r.trace.iter().find(|s| s.step == "revocation" && s.status == StepStatus::Failed).unwrap();
    assert_eq!(step.url.as_deref(), Some("http://pki.contoso.com/crl/int01.crl"));
    assert_eq!(step.urls.len(), 2);
    // No file name known: one made from the certificate's name.
    assert!(step.fix.as_ref().unwrap().commands.iter().any(|c| c == "certutil -verify -urlfetch alice.cer"), "{:?}", step.fix);
}

#[test]
fn unknown_reachability_branches_by_url() {
    let mut f = chain();
    f.chain[0].crl_urls = vec!["http://corppki/crl/int01.crl".into()];
    let s = ServerSettings { reach: Reachability { internet: Reach::Yes, ..Default::default() }, ..Default::default() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Depends);
    assert_eq!(r.outcome_if.len(), 2);
    assert_eq!(r.outcome_if[0].condition, "the server can reach corppki (intranet http)");
    assert_eq!(r.outcome_if[0].outcome, Outcome::Status200);
    assert_eq!(r.outcome_if[1].outcome, Outcome::Status403_13);
    assert_eq!(r.outcome_if[1].assumes[0].setting, "reach.intranet");
    assert_eq!(r.outcome_if[1].assumes[0].value, "no");
    let mut s2 = s.clone();
    assert!(s2.assume("reach.intranet", Some("no")));
    assert_eq!(predict(&f, &s2, AT).outcome, Outcome::Status403_13);
    // The summary says each outcome once, as the page's bar does; each branch says its condition.
    assert_eq!(r.summary, "It depends on what certlens cannot see: IIS accepts it (200), or refuses it (403.13).");
    assert_eq!(r.outcome_if[0].sentence(), "IIS accepts it (200) if the server can reach corppki (intranet http)");
}

#[test]
fn reach_branches_name_hosts_and_the_directory_not_whole_addresses() {
    let mut f = chain();
    for c in &mut f.chain {
        c.crl_urls = vec![
            "ldap:///CN=Contoso%20Issuing%20CA%2001,CN=pki,CN=CDP,CN=Public%20Key%20Services?certificateRevocationList?base".into(),
            "http://pki.contoso.com/crl/int01.crl".into(),
            "http://pki.contoso.com/crl/int01-2.crl".into(),
        ];
    }
    let r = predict(&f, &ServerSettings::default(), AT);
    assert_eq!(r.outcome, Outcome::Depends);
    let conditions: Vec<&str> = r.outcome_if.iter().map(|b| b.condition.as_str()).collect();
    assert!(conditions.iter().any(|c| c.contains("the server can reach pki.contoso.com (internet http)")), "{conditions:?}");
    assert!(!r.summary.contains("/crl/"), "{}", r.summary);
    // The internet out of reach: the directory decides, named as one.
    let s = ServerSettings { reach: Reachability { internet: Reach::No, ..Default::default() }, ..Default::default() };
    let r = predict(&f, &s, AT);
    let conditions: Vec<&str> = r.outcome_if.iter().map(|b| b.condition.as_str()).collect();
    assert!(conditions.iter().any(|c| c.contains("the server cannot reach the domain's directory (LDAP, a domain controller)")), "{conditions:?}");
    assert!(!r.summary.contains("ldap:///"), "{}", r.summary);
}

#[test]
fn two_unknown_classes_collapse_when_either_is_enough() {
    let s = ServerSettings::default();
    let r = predict(&chain(), &s, AT);
    // internet unknown (leaf + int), ldap unknown (leaf): int needs internet.
    assert_eq!(r.outcome, Outcome::Depends);
    assert_eq!(r.outcome_if.iter().filter(|b| b.outcome == Outcome::Status200).count(), 1);
    assert!(r.outcome_if.iter().any(|b| b.outcome == Outcome::Status403_13));
}

#[test]
fn no_cdp_gives_403_13_no_revocation_check() {
    let mut f = chain();
    f.chain[0].crl_urls.clear();
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    assert_eq!(r.win32.as_deref(), Some("0x80092012"));
}

#[test]
fn ldap_only_cdp_outside_domain_is_a_trap() {
    let mut f = chain();
    f.chain[0].crl_urls.retain(|u| u.starts_with("ldap"));
    let s = ServerSettings { reach: Reachability { ldap: Reach::No, internet: Reach::Yes, ..Default::default() }, ..Default::default() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    assert!(r.traps.iter().any(|t| t.code == Code::LdapOnlyCdp));
}

#[test]
fn four_level_chain_middle_crl_unreachable() {
    let mut f = chain();
    let mut policy = cert("Contoso Policy CA", "Contoso Root CA", true);
    policy.crl_urls = vec!["http://pki.contoso.com/crl/root.crl".into()];
    f.chain[1].issuer = "CN=Contoso Policy CA, O=Contoso".into();
    f.chain[1].crl_urls = vec!["http://pki-internal.contoso.local/crl/policy.crl".into()];
    f.chain.insert(2, policy);
    let s = ServerSettings { reach: Reachability { internet: Reach::Yes, intranet: Reach::No, ldap: Reach::No, ..Default::default() }, ..Default::default() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    let failed = r.trace.iter().find(|s| s.status == StepStatus::Failed).unwrap();
    assert_eq!(failed.certificate.as_deref(), Some("CN=Contoso Issuing CA 01, O=Contoso"));
    assert!(r.traps.iter().any(|t| t.code == Code::MiddleCaCrlUnreachable));
}

#[test]
fn revocation_off_and_cache_only() {
    let s = ServerSettings { revocation: Revocation::Off, ..Default::default() };
    let mut f = chain();
    f.chain[0].crl_urls.clear();
    assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status200);
    let s = ServerSettings { revocation: Revocation::CacheOnly, ..Default::default() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.outcome, Outcome::Depends);
    assert!(r.outcome_if[0].condition.contains("cache"));
}

#[test]
fn iis6_cert_check_mode_bits_drive_revocation_and_usage() {
    let mut f = chain();
    f.chain[0].crl_urls.clear();
    let s = ServerSettings { product: Product::Iis6, cert_check_mode: Some(1), ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status200);
    let rev = r.trace.iter().find(|s| s.step == "revocation").unwrap();
    assert!(rev.evidence.contains("MD_CERT_NO_REVOC_CHECK"));
    let s = ServerSettings { product: Product::Iis6, cert_check_mode: None, ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    assert!(r.trace.iter().any(|s| s.evidence.contains("CertCheckMode is absent")));
    assert!(r.trace.iter().filter_map(|s| s.fix.as_ref()).flat_map(|f| f.commands.iter()).any(|c| c.contains("adsutil.vbs set w3svc/SITE-ID/CertCheckMode 2")));
    let s = ServerSettings { product: Product::Iis6, cert_check_mode: Some(0x10000), ..reachable() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.trace.iter().find(|s| s.step == "usage").unwrap().status, StepStatus::Skipped);
}

#[test]
fn ad_mapping_upn_only_fails_under_enforcement_passes_in_compatibility() {
    let s = ServerSettings { mapping: Mapping::ActiveDirectory, ..reachable() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.outcome, Outcome::Status401_1);
    assert_eq!(failed_step(&r), "mapping");
    assert!(r.summary.contains("KB5014754"));
    let s = ServerSettings { strong_mapping: StrongMapping::Compatibility, ..s };
    assert_eq!(predict(&chain(), &s, AT).outcome, Outcome::Status200);
}

#[test]
fn ad_mapping_with_sid_is_strong() {
    for src in [SidSource::Extension, SidSource::SanUrl] {
        let mut f = chain();
        f.chain[0].sid = Some(src);
        let s = ServerSettings { mapping: Mapping::ActiveDirectory, ..reachable() };
        assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status200);
    }
}

#[test]
fn alt_security_identities_strong_and_weak_forms() {
    let f = chain();
    let strong = ["X509:<I>DC=com,DC=contoso,CN=Contoso Issuing CA 01<SR>a709010061", "X509:<SKI>0011aabb", "X509:<SHA1-PUKEY>00aa"];
    for v in strong {
        let s = ServerSettings { mapping: Mapping::ActiveDirectory, alt_security_identity: Some(v.into()), ..reachable() };
        assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status200, "{v}");
    }
    let weak = ["X509:<S>CN=alice", "X509:<RFC822>alice@contoso.com", "X509:<I>CN=Contoso Issuing CA 01<S>CN=alice"];
    for v in weak {
        let s = ServerSettings { mapping: Mapping::ActiveDirectory, alt_security_identity: Some(v.into()), ..reachable() };
        assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status401_1, "{v}");
        let s = ServerSettings { strong_mapping: StrongMapping::Compatibility, ..s };
        assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status200, "{v}");
    }
}

#[test]
fn ad_mapping_without_upn_fails() {
    let mut f = chain();
    f.chain[0].upns.clear();
    let s = ServerSettings { mapping: Mapping::ActiveDirectory, strong_mapping: StrongMapping::Compatibility, ..reachable() };
    assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status401_1);
}

#[test]
fn mapping_on_virtual_directory_is_a_trap() {
    let s = ServerSettings { mapping: Mapping::OneToOne, mapping_scope: MappingScope::VirtualDirectory, product: Product::Iis7, ..reachable() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.outcome, Outcome::Status401_2);
    assert!(r.traps.iter().any(|t| t.code == Code::MappingOnVirtualDirectory));
}

#[test]
fn proxy_traps() {
    let s = ServerSettings { proxy: Proxy::TlsTerminating, ..reachable() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.outcome, Outcome::Status403_7);
    assert_eq!(failed_step(&r), "ssl-settings");
    assert!(r.traps.iter().any(|t| t.code == Code::ProxyTlsTerminating));
    let s = ServerSettings { proxy: Proxy::Forward, mapping: Mapping::OneToOne, ..reachable() };
    let r = predict(&chain(), &s, AT);
    assert_eq!(r.outcome, Outcome::Status200);
    assert!(r.traps.iter().any(|t| t.code == Code::ProxyConnectionReuse && t.message.contains("Q190009")));
}

#[test]
fn ctl_missing_ca_gives_403_16() {
    let s = ServerSettings { product: Product::Iis6, ctl: Ctl::MissesCa, ..reachable() };
    assert_eq!(predict(&chain(), &s, AT).outcome, Outcome::Status403_16);
}

#[test]
fn self_signed_leaf_is_untrusted_by_default() {
    let mut leaf = cert("alice", "alice", false);
    leaf.crl_urls.clear();
    let f = ClientFacts {
        chain: vec![leaf],
        chain_status: ChainStatus::Untrusted { index: 0, code: Code::ChainUntrustedRoot, reason: "self-signed and not a CA".into() },
        private_key: KeyPresence::Present,
        ..Default::default()
    };
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_16);
}

#[test]
fn empty_facts_do_not_panic() {
    let r = predict(&ClientFacts::default(), &ServerSettings::default(), AT);
    assert_eq!(r.outcome, Outcome::NoCertificate);
}

#[test]
fn invalid_chain_rule_gives_403_16() {
    let mut f = chain();
    f.chain_status = ChainStatus::Invalid { index: 0, code: Code::NameConstraintsViolation, reason: "www.fabrikam.com is outside the CA's permitted names".into() };
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_16);
    assert_eq!(r.win32.as_deref(), Some("0x800B0114"));
    assert!(r.summary.contains("fabrikam"));
}

#[test]
fn ad_mapper_needs_dsmapperusage_on_iis7_and_later() {
    let mut f = chain();
    f.chain[0].sid = Some(SidSource::Extension);
    let s = ServerSettings { mapping: Mapping::ActiveDirectory, ds_mapper: false, ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status401_2);
    assert!(r.trace.iter().filter_map(|s| s.fix.as_ref()).flat_map(|f| f.commands.iter()).any(|c| c.ends_with("dsmapperusage=enable")));
    let s = ServerSettings { product: Product::Iis6, ..s };
    assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status200);
}

#[test]
fn extreme_times_do_not_panic() {
    let mut f = chain();
    f.chain[0].not_before = i64::MIN;
    f.chain[0].not_after = i64::MAX;
    f.chain[1].not_after = i64::MAX;
    let r = predict(&f, &ServerSettings::default(), i64::MAX);
    assert!(!r.summary.is_empty(), "{:?}", r.outcome);
    let s = ServerSettings { host: Some("x".into()), ..Default::default() };
    let r = super::browser::predict(&f, &s, "x", i64::MIN);
    assert!(!r.summary.is_empty(), "{:?}", r.outcome);
}

/// The branches' tree skips the combinations of unknown inputs that no reached step reads:
/// over chains that fail at each step and every mix of known and unknown inputs (a sample of
/// them), the outcome and the branches are those of every combination evaluated.
#[test]
fn the_branches_tree_cut_short_is_the_tree_of_every_combination() {
    let mut chains = Vec::new();
    for key in [KeyPresence::Present, KeyPresence::Absent, KeyPresence::Unknown] {
        chains.push(ClientFacts { private_key: key, ..chain() });
    }
    let mut f = chain();
    f.chain[0].crl_urls = vec!["http://corppki/crl/int01.crl".into(), "https://pki.contoso.com/int01.crl".into()];
    f.chain[0].ocsp_urls = vec!["http://ocsp.contoso.com".into()];
    chains.push(f);
    let mut f = chain();
    f.chain[0].crl_urls = vec!["ldap:///CN=CA,CN=CDP?certificateRevocationList".into()];
    chains.push(f);
    let mut f = chain();
    f.chain.truncate(2);
    f.chain_status = ChainStatus::MissingIssuer { issuer: "CN=Contoso Root CA, O=Contoso".into(), aia_urls: vec!["http://pki.contoso.com/root.crt".into()] };
    chains.push(f);
    let mut f = chain();
    f.chain_status = ChainStatus::BadSignature { index: 0 };
    chains.push(f);
    let mut f = chain();
    f.chain[0].not_after = AT - 86_400;
    chains.push(f);
    let mut f = chain();
    f.chain[0].eku = Some(vec![EKU_SERVER_AUTH.into()]);
    chains.push(f);
    let mut f = chain();
    f.chain[0].crl_urls.clear();
    chains.push(f);
    let reach = [Reach::Yes, Reach::No, Reach::Unknown];
    let mut compared = 0;
    let mut seed: u64 = 7;
    for facts in &chains {
        for revocation in [Revocation::On, Revocation::CacheOnly, Revocation::Off] {
            for private_key in [PrivateKey::Auto, PrivateKey::No] {
                for ssl in [SslMode::Require, SslMode::Accept] {
                    for _ in 0..12 {
                        let mut pick = || {
                            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                            reach[(seed >> 33) as usize % 3]
                        };
                        let reach = Reachability { internet: pick(), intranet: pick(), ldap: pick(), https: pick(), crl_cache: pick(), issuer: pick() };
                        let s = ServerSettings { revocation, private_key, ssl, reach, ..Default::default() };
                        let [cut, full] = super::engine::branches_cut_and_in_full(facts, &s, AT);
                        assert_eq!(cut, full, "{s:?}\n{facts:?}");
                        compared += 1;
                    }
                }
            }
        }
    }
    assert_eq!(compared, chains.len() * 3 * 2 * 2 * 12);
}

/// The verdict of a chain whose key, CRL addresses and issuer are all unknown evaluates the
/// trace a few times per unknown input, not once per combination of them (2^n).
#[test]
fn unknown_inputs_cost_evaluations_in_proportion_to_their_number() {
    let mut f = ClientFacts { private_key: KeyPresence::Unknown, ..chain() };
    f.chain[0].crl_urls = vec!["http://corppki/crl/int01.crl".into(), "https://pki.contoso.com/int01.crl".into(), "ldap:///CN=CA,CN=CDP?certificateRevocationList".into()];
    f.chain[1].crl_urls = vec!["http://pki.contoso.com/crl/root.crl".into()];
    let s = ServerSettings { reach: Reachability::default(), ..Default::default() };
    let count = || super::engine::EVALUATIONS.with(std::cell::Cell::get);
    let before = count();
    let r = predict(&f, &s, AT);
    let evaluations = count() - before;
    assert_eq!(r.outcome, Outcome::Depends);
    // Five unknown inputs: the private key and four kinds of address (2^5 = 32 combinations
    // a tree; every combination of each tree the verdict makes: 160 or more).
    assert!(r.outcome_if.len() >= 3, "{:?}", r.outcome_if);
    assert!(evaluations <= 64, "{evaluations} evaluations");
}

/// A dropped IIS configuration: the mapping step reads whether this very certificate maps
/// (one-to-one by its SHA-256, many-to-one by its rules) instead of assuming it.
#[test]
fn iis_mappings_from_a_dropped_configuration_decide_the_mapping_step() {
    use crate::input::iisconfig::{IisConfig, ManyToOne, OneToOne, Rule};
    use crate::model::names::AttributeView;
    let name = |attrs: &[(&str, &str)]| crate::model::NameView {
        attributes: attrs.iter().enumerate().map(|(i, (s, v))| AttributeView { short_name: (*s).into(), oid: String::new(), string_type: String::new(), value: (*v).into(), rdn: i, problem: None }).collect(),
        ..Default::default()
    };
    let mut f = chain();
    f.chain[0].subject_name = Some(name(&[("O", "Contoso"), ("CN", "alice")]));
    f.chain[0].issuer_name = Some(name(&[("O", "Contoso"), ("CN", "Contoso Issuing CA 01")]));
    let s = ServerSettings { mapping: Mapping::OneToOne, ..reachable() };
    let mapping_evidence = |r: &ServerReport| r.trace.iter().find(|t| t.step == "mapping").map(|t| t.evidence.clone()).unwrap_or_default();
    let old = OneToOne { user: "CONTOSO\\alice".into(), enabled: true, sha256: Some("sha256-old".into()), sha1: Some("0123abcd".into()), subject: Some(f.chain[0].subject.clone()), problem: None };
    let mut config = IisConfig { location: "Default Web Site".into(), one_to_one_enabled: true, one_to_one: vec![old.clone()], ..Default::default() };

    // The mapping holds the certificate it renewed: 401.1, said so.
    f.iis = Some(config.clone());
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status401_1);
    let ev = mapping_evidence(&r);
    assert!(ev.contains("no one-to-one mapping holds this certificate (1 for another certificate)") && ev.contains("thumbprint 0123abcd") && ev.contains("renewed"), "{ev}");
    assert!(r.summary.contains("IIS maps alice to no account"), "{}", r.summary);

    // This very certificate mapped: 200, to its account.
    config.one_to_one.push(OneToOne { sha256: Some("sha256-alice".into()), ..old.clone() });
    f.iis = Some(config.clone());
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status200);
    assert!(mapping_evidence(&r).contains("maps this very certificate one-to-one to CONTOSO\\alice"));

    // Switched off: 401.1 again.
    config.one_to_one[1].enabled = false;
    f.iis = Some(config.clone());
    assert!(mapping_evidence(&predict(&f, &s, AT)).contains("its one-to-one mapping to CONTOSO\\alice is switched off"));

    // Many-to-one: the first mapping whose rules all match decides; a denial is 401.1.
    let rule = |issuer: bool, field: &str, criteria: &str| Rule { issuer, sub_field: field.into(), criteria: criteria.into(), case_sensitive: true };
    let allow = ManyToOne { name: "Contoso users".into(), user: "CONTOSO\\web".into(), enabled: true, deny: false, rules: vec![rule(true, "CN", "Contoso Issuing CA*"), rule(false, "O", "Contoso")] };
    let deny = ManyToOne { name: "No alice".into(), deny: true, rules: vec![rule(false, "CN", "alice")], ..allow.clone() };
    config.many_to_one_enabled = true;
    config.many_to_one = vec![allow.clone()];
    f.iis = Some(config.clone());
    let s = ServerSettings { mapping: Mapping::ManyToOne, ..reachable() };
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status200);
    assert!(mapping_evidence(&r).contains("many-to-one mapping \"Contoso users\" (issuer CN matches \"Contoso Issuing CA*\" and subject O is \"Contoso\") to CONTOSO\\web"), "{}", mapping_evidence(&r));
    config.many_to_one = vec![deny, allow.clone()];
    f.iis = Some(config.clone());
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status401_1);
    assert!(r.summary.contains("\"No alice\" denies"), "{}", r.summary);
    config.many_to_one = vec![ManyToOne { rules: vec![rule(false, "O", "Fabrikam")], ..allow }];
    f.iis = Some(config);
    let r = predict(&f, &s, AT);
    assert_eq!(r.outcome, Outcome::Status401_1);
    assert!(mapping_evidence(&r).contains("no many-to-one mapping matches subject"), "{}", mapping_evidence(&r));

    // A mapping whose base64 was broken: said as such, not as "another certificate".
    let broken = OneToOne { sha256: None, sha1: None, subject: None, problem: Some("its certificate does not decode".into()), ..old };
    let only_broken = IisConfig { location: String::new(), one_to_one_enabled: true, one_to_one: vec![broken], ..Default::default() };
    let mut g = f.clone();
    g.iis = Some(only_broken);
    let ev = mapping_evidence(&predict(&g, &ServerSettings { mapping: Mapping::OneToOne, ..reachable() }, AT));
    assert!(ev.contains("The dropped IIS configuration maps no account to this certificate: no one-to-one mapping holds this certificate (1 not readable: base64 broken when it was copied)"), "{ev}");

    // The user chose the Active Directory mapper: the file's IIS mappings are not read.
    let s = ServerSettings { mapping: Mapping::ActiveDirectory, ds_mapper: true, strong_mapping: StrongMapping::Compatibility, ..reachable() };
    assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status200);
}

/// `certutil -verify -urlfetch` run on the server: the revocation step reads an address it
/// fetched as it found it, whatever the reach settings say, and a certificate it found revoked
/// is refused.
#[test]
fn certutil_on_the_server_decides_the_addresses_it_fetched() {
    use crate::input::certutil::{Checked, Fetch, FetchKind, Verify};
    let fetch = |url: &str, outcome: &str| Fetch { kind: FetchKind::Crl, outcome: outcome.into(), url: url.into(), error: (outcome == "Failed").then(|| "The server name or address could not be resolved 0x80072ee7".into()) };
    let mut f = chain();
    // The issuing CA's only CRL address failed on the server: 403.13, though the settings say the internet is reachable.
    f.server_check = Some(Verify {
        chain: vec![
            Checked { sha1: Some("sha1-alice".into()), fetches: vec![fetch("http://pki.contoso.com/crl/int01.crl", "Verified")], ..Default::default() },
            Checked { sha1: Some("sha1-Contoso Issuing CA 01".into()), fetches: vec![fetch("http://pki.contoso.com/crl/root.crl", "Failed")], ..Default::default() },
        ],
        ..Default::default()
    });
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_13, "{r:#?}");
    let failed = r.trace.iter().find(|s| s.status == StepStatus::Failed).unwrap();
    assert_eq!(failed.certificate.as_deref(), Some("CN=Contoso Issuing CA 01, O=Contoso"));
    assert!(failed.evidence.contains("certutil on the server: Failed: The server name or address could not be resolved"), "{}", failed.evidence);
    let leaf = r.trace.iter().find(|s| s.step == "revocation").unwrap();
    assert!(leaf.evidence.contains("(certutil -verify -urlfetch on the server fetched it)"), "{}", leaf.evidence);
    // Where it worked, the step passes though the settings do not know the reach.
    f.server_check.as_mut().unwrap().chain[1].fetches[0].outcome = "Verified".into();
    let r = predict(&f, &ServerSettings::default(), AT);
    assert_eq!(r.outcome, Outcome::Status200, "{r:#?}");
    // A certificate it found revoked.
    f.server_check.as_mut().unwrap().chain[0].errors = vec!["CERT_TRUST_IS_REVOKED".into()];
    let r = predict(&f, &reachable(), AT);
    assert_eq!(r.outcome, Outcome::Status403_13);
    assert_eq!(r.win32.as_deref(), Some("0x80092010"), "{r:#?}");
    // Without it, the settings decide as before.
    let checked = f.server_check.take();
    assert_eq!(predict(&f, &reachable(), AT).outcome, Outcome::Status200);
    // An address it decided is no branch of the verdict: with the internet's reach unknown,
    // only the leaf's LDAP address is left to branch on.
    let mut checked = checked.unwrap();
    checked.chain[0].errors.clear();
    f.server_check = Some(checked);
    let s = ServerSettings { reach: Reachability { ldap: Reach::Unknown, ..reachable().reach }, ..Default::default() };
    assert_eq!(predict(&f, &s, AT).outcome, Outcome::Status200, "the leaf's http address worked: LDAP does not matter");
    assert!(predict(&f, &s, AT).outcome_if.is_empty());
    // A root it does not trust: 403.16, whatever the trust setting says.
    f.server_check.as_mut().unwrap().chain.push(Checked { sha1: Some("sha1-Contoso Root CA".into()), errors: vec!["CERT_TRUST_IS_UNTRUSTED_ROOT".into()], self_signed: true, ..Default::default() });
    let r = predict(&f, &reachable(), AT);
    assert_eq!((r.outcome, r.win32.as_deref()), (Outcome::Status403_16, Some("0x800B0109")), "{r:#?}");
    assert!(r.summary.contains("certutil -verify") && r.summary.contains("Contoso Root CA"), "{}", r.summary);
}

/// certutil -verify on the server for a leaf dropped alone: the chain it built above the leaf
/// says whether the server has the issuer, and whether it trusts the root.
#[test]
fn certutil_on_the_server_tells_whether_it_has_the_missing_issuer() {
    use crate::input::certutil::{Checked, Verify};
    let mut f = chain();
    f.chain.truncate(1);
    f.chain_status = ChainStatus::MissingIssuer { issuer: "CN=Contoso Issuing CA 01, O=Contoso".into(), aia_urls: vec!["http://pki.contoso.com/aia/int01.crt".into()] };
    let settings = ServerSettings { revocation: Revocation::Off, ..Default::default() };
    assert_eq!(predict(&f, &settings, AT).outcome, Outcome::Depends, "without it: the issuer is unknown");
    let leaf = Checked { sha1: Some("sha1-alice".into()), ..Default::default() };
    let ca = Checked { sha1: Some("sha1-Contoso Issuing CA 01".into()), ..Default::default() };
    let root = Checked { sha1: Some("sha1-Contoso Root CA".into()), self_signed: true, ..Default::default() };
    f.server_check = Some(Verify { chain: vec![leaf.clone(), ca, root.clone()], ..Default::default() });
    let r = predict(&f, &settings, AT);
    assert_eq!(r.outcome, Outcome::Status200, "{r:#?}");
    assert!(r.trace.iter().any(|s| s.evidence.contains("certutil -verify on the server built the chain past it")), "{r:#?}");
    // It could not build past the leaf.
    f.server_check = Some(Verify { chain: vec![Checked { errors: vec!["CERT_TRUST_IS_PARTIAL_CHAIN".into()], ..leaf.clone() }], ..Default::default() });
    let r = predict(&f, &settings, AT);
    assert_eq!((r.outcome, r.win32.as_deref()), (Outcome::Status403_16, Some("0x800B010A")), "{r:#?}");
    // It built it to a root it does not trust.
    f.server_check = Some(Verify { chain: vec![leaf, Checked { errors: vec!["CERT_TRUST_IS_UNTRUSTED_ROOT".into()], ..root }], ..Default::default() });
    let r = predict(&f, &settings, AT);
    assert_eq!((r.outcome, r.win32.as_deref()), (Outcome::Status403_16, Some("0x800B0109")), "{r:#?}");
    // An issuer setting given wins.
    let held = ServerSettings { reach: Reachability { issuer: Reach::No, ..Default::default() }, ..settings };
    assert!(predict(&f, &held, AT).trace.iter().any(|s| s.evidence.contains("the settings say the server does not have it")));
}

/// A dropped IIS log's client certificate refusal, set against the prediction: the same, one of
/// its branches, or neither.
#[test]
fn an_iis_log_is_set_against_the_prediction() {
    use crate::input::iislog::Answer;
    let answer = |substatus: u32, win32: u32| Answer { status: 403, substatus, win32, count: 3, first: "2026-12-01 10:00:00".into(), last: "2026-12-01 10:05:00".into(), example: "GET /".into() };
    let mut f = chain();
    f.iis_log = vec![answer(13, 0x8009_2013)];
    // Reach unknown: 200 or 403.13; the log names the branch.
    let r = predict(&f, &ServerSettings::default(), AT);
    assert_eq!(r.outcome, Outcome::Depends);
    let o = r.observed.unwrap();
    assert!(o.starts_with("The IIS log shows 403.13 for 3 requests, 0x80092013 CRYPT_E_REVOCATION_OFFLINE: the server could not fetch revocation information"), "{o}");
    assert!(o.ends_with(": it matches this verdict where the server cannot reach pki.contoso.com (internet http); choose that in the server settings to see the fix."), "{o}");
    // Settled the same way: what this verdict predicts.
    let unreachable = ServerSettings { reach: Reachability { internet: Reach::No, intranet: Reach::No, ldap: Reach::No, https: Reach::No, ..Default::default() }, ..Default::default() };
    assert!(predict(&f, &unreachable, AT).observed.unwrap().ends_with(": what this verdict predicts."));
    // Another answer than any the verdict can come to.
    f.iis_log = vec![answer(16, 0x800B_0109), answer(13, 0)];
    let o = predict(&f, &reachable(), AT).observed.unwrap();
    assert!(o.contains("(and 1 client certificate refusal of another kind), where this verdict predicts 200: the server's settings or certificate stores differ"), "{o}");
    f.iis_log.clear();
    assert_eq!(predict(&f, &reachable(), AT).observed, None);
}

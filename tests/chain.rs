//! The hierarchy over the committed fixtures: one test per diagnostic code
//! and per building situation (missing issuer, cross-certificate, re-issued CA,
//! trust options, budget).
// In tests a panic is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use certlens::chain::{self, AnchorTrust, CrlSource, Hierarchy, NodeStatus, Revocation, Role};
use certlens::{InputFile, Options};

const AT: i64 = 1_795_392_000;

fn fx(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assess_with(certs: &[&str], crls: &[&str], options: &Options) -> Hierarchy {
    let ders: Vec<Vec<u8>> = certs.iter().map(|p| fx(p)).collect();
    let crls: Vec<CrlSource> = crls.iter().map(|p| CrlSource { name: (*p).to_string(), der: fx(p) }).collect();
    chain::assess(&ders, &crls, options)
}

fn assess(certs: &[&str], crls: &[&str]) -> Hierarchy {
    assess_with(certs, crls, &Options::at(AT))
}

fn codes(h: &Hierarchy, end: usize) -> Vec<String> {
    h.chain_for(end).unwrap().best.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

const MAIN: [&str; 3] = ["chain/ee_client.der", "chain/int_ca.der", "chain/root_ca.der"];

#[test]
fn full_chain_is_valid_and_trusted_for_analysis() {
    let h = assess(&MAIN, &["crl/int01.crl", "crl/root.crl"]);
    assert_eq!(h.chains.len(), 1, "only the leaf is an end certificate");
    let p = &h.chain_for(0).unwrap().best;
    assert_eq!(p.status, NodeStatus::Valid, "{:#?}", p.diagnostics);
    assert!(p.trusted);
    assert_eq!(p.anchor_trust, AnchorTrust::TrustedForAnalysis);
    assert_eq!(p.elements.iter().map(|e| e.certificate).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(p.elements.iter().map(|e| e.role).collect::<Vec<_>>(), vec![Role::Leaf, Role::Intermediate, Role::Root]);
    assert!(p.elements.iter().take(2).all(|e| e.signature.as_ref().is_some_and(chain::SignatureCheck::ok)));
    assert!(matches!(p.elements[0].revocation, Revocation::Good { crl: 0, .. }), "{:?}", p.elements[0].revocation);
    assert!(p.elements[0].revocation_text.starts_with("not revoked per CRL crl/int01.crl (valid until 2026-12-04"), "{}", p.elements[0].revocation_text);
    assert!(matches!(p.elements[1].revocation, Revocation::Good { crl: 1, .. }));
    assert!(p.has(certlens::diag::Code::ChainRootTrustedForAnalysis));
    assert!(p.client_auth_allowed);
    // Tree: root on top.
    assert_eq!(h.tree.len(), 1);
    assert_eq!(h.tree[0].certificate, Some(2));
    assert_eq!(h.tree[0].children[0].children[0].certificate, Some(0));
    assert_eq!(h.crls.len(), 2);
    assert!(h.crls.iter().all(|c| c.state == chain::CrlState::Current && c.signature.as_ref().is_some_and(chain::SignatureCheck::ok)));
    assert_eq!(h.crls[0].issuer_certificate, Some(1));
}

#[test]
fn no_crl_names_the_url_to_fetch() {
    let h = assess(&MAIN, &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert_eq!(p.status, NodeStatus::Valid);
    let Revocation::NoCrl { urls } = &p.elements[0].revocation else { panic!("{:?}", p.elements[0].revocation) };
    assert!(urls.iter().any(|u| u == "http://pki.contoso.com/crl/int01.crl"), "{urls:?}");
    assert!(p.elements[0].revocation_text.contains("the server must fetch http://pki.contoso.com/crl/int01.crl"));
    assert!(p.has(certlens::diag::Code::RevocationNoCrl));
    assert_eq!(p.elements[2].revocation, Revocation::NotChecked);
}

#[test]
fn a_ca_with_nothing_below_it_is_not_taken_for_an_end_certificate() {
    // An intermediate and its root dropped on their own (a CA bundle), or the intermediate
    // alone: the intermediate ends its chain, but it is a CA that looks like one, not a CA
    // certificate used as an end certificate.
    for certs in [&["chain/int_ca.der", "chain/root_ca.der"][..], &["chain/int_ca.der"][..]] {
        let h = assess(certs, &[]);
        assert!(!codes(&h, 0).contains(&"leaf-is-ca".to_string()), "{certs:?}: {:?}", codes(&h, 0));
    }
    // One with names of its own is (the rule's fixture, under the same CAs).
    let h = assess(&["rules/ee-ca-true.der", "chain/int_ca.der", "chain/root_ca.der"], &[]);
    assert!(codes(&h, 0).contains(&"leaf-is-ca".to_string()), "{:?}", codes(&h, 0));
}

#[test]
fn a_dropped_root_trusted_for_the_analysis_is_said_of_the_root_under_its_own_file() {
    // The finding is the root's: listed under the root's file, its sentence names the root
    // (not "root_ca.der: alice: the dropped root …", a file and a certificate that differ).
    let files: Vec<InputFile> = MAIN.iter().map(|p| InputFile::new(p.rsplit('/').next().unwrap(), fx(p))).collect();
    let r = certlens::analyze(&files, &Options::at(AT));
    let d = r.diagnostics.iter().find(|d| d.code.as_str() == "chain-root-trusted-for-analysis").expect("the finding");
    assert_eq!(d.file.as_deref(), Some("root_ca.der"));
    let text = d.message.to_string();
    assert!(text.starts_with("root_ca.der: Contoso Root CA: trusted for this analysis only"), "{text}");
    // Marked untrusted: the same, said of the root.
    let mut options = Options::at(AT);
    options.untrusted_roots = vec![r.certificates[2].view.sha256.clone()];
    let r = certlens::analyze(&files, &options);
    let d = r.diagnostics.iter().find(|d| d.code.as_str() == "chain-untrusted-root").expect("the finding");
    assert_eq!(d.message.to_string(), "root_ca.der: Contoso Root CA: marked untrusted, so no chain that ends in it is trusted");
}

#[test]
fn leaf_alone_shows_the_missing_issuer_and_how_to_fetch_it() {
    let h = assess(&["chain/ee_client.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert_eq!(p.status, NodeStatus::Warning, "a lone leaf is not an error: its issuer is only missing here");
    assert!(!p.trusted);
    assert!(p.has(certlens::diag::Code::ChainIssuerMissing));
    let m = p.missing_issuer.as_ref().unwrap();
    assert!(m.expected_name.contains("Contoso Issuing CA 01"));
    assert!(m.key_id.is_some());
    assert!(!m.aia_urls.is_empty());
    assert!(m.fetch_commands.iter().any(|c| c.starts_with("certutil -urlcache -f ")));
    assert!(m.fetch_commands.iter().any(|c| c.starts_with("curl -o issuer.cer ")));
    assert_eq!(h.tree[0].status, NodeStatus::Missing);
    assert_eq!(h.tree[0].children[0].certificate, Some(0));
}

#[test]
fn revoked_leaf() {
    let h = assess(&["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der"], &["crl/int01.crl"]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.has(certlens::diag::Code::CertificateRevoked));
    let Revocation::Revoked { date, date_unix, reason, .. } = &p.elements[0].revocation else { panic!() };
    assert!(date.starts_with("2026-06-01"));
    // The same date typed (the server layer reads this, not the text).
    assert_eq!(certlens::model::rfc3339_from_unix(*date_unix), *date);
    let crl = &h.crls[0];
    assert_eq!(certlens::model::rfc3339_from_unix(crl.this_update_unix), crl.this_update);
    assert_eq!(crl.next_update_unix.map(certlens::model::rfc3339_from_unix), crl.next_update);
    assert_eq!(reason.as_deref(), Some("keyCompromise"));
    assert_eq!(p.status, NodeStatus::Invalid);
}

#[test]
fn expired_crl() {
    let h = assess(&MAIN, &["crl/int01_expired.crl"]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.has(certlens::diag::Code::RevocationCrlExpired));
    assert!(matches!(p.elements[0].revocation, Revocation::CrlExpired { .. }));
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "crl-expired"));
    assert_eq!(h.crls[0].state, chain::CrlState::Expired);
}

#[test]
fn crl_with_bad_signature_and_unknown_issuer() {
    let mut bad = fx("crl/int01.crl");
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let ders: Vec<Vec<u8>> = MAIN.iter().map(|p| fx(p)).collect();
    let crls = vec![CrlSource { name: "bad.crl".into(), der: bad }];
    let h = chain::assess(&ders, &crls, &Options::at(AT));
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "crl-signature-invalid"));
    assert!(matches!(h.chain_for(0).unwrap().best.elements[0].revocation, Revocation::Undetermined { .. }));
    let h = assess(&["chain/root_ca.der"], &["crl/int01.crl"]);
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "crl-issuer-not-found"));
}

#[test]
fn bad_signature() {
    let h = assess(&["chain/ee_bad_signature.der", "chain/int_ca.der", "chain/root_ca.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.has(certlens::diag::Code::SignatureInvalid), "{:?}", codes(&h, 0));
    assert_eq!(p.elements[0].status, NodeStatus::Invalid);
}

#[test]
fn expired_intermediate() {
    let h = assess(&["int_expired/ee_client.der", "int_expired/int_ca_expired.der", "chain/root_ca.der"], &[]);
    assert!(codes(&h, 0).contains(&"ca-expired".to_string()), "{:?}", codes(&h, 0));
}

#[test]
fn ca_expiring_before_leaf() {
    let h = assess(&["anomalies/ee_outlives_ca.der", "anomalies/ca_expires_before_leaf.der", "chain/root_ca.der"], &[]);
    assert!(codes(&h, 0).contains(&"ca-expires-before-leaf".to_string()), "{:?}", codes(&h, 0));
}

#[test]
fn ca_eku_restricts_the_leaf() {
    let h = assess(&["int_eku/ee_client.der", "int_eku/int_ca_eku_server_only.der", "chain/root_ca.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.has(certlens::diag::Code::EkuRestrictedByCa), "{:?}", codes(&h, 0));
    // The leaf's finding (its usages are cut), not the CA's: the CA itself is valid.
    let d = p.diagnostics.iter().find(|d| d.code == certlens::diag::Code::EkuRestrictedByCa).unwrap();
    assert_eq!(d.certificate, Some(0));
    assert_eq!(p.elements[1].status, NodeStatus::Valid, "{:?}", p.elements[1]);
    assert!(!p.client_auth_allowed);
    assert_eq!(p.effective_eku.as_deref(), Some(&[][..]));
}

#[test]
fn name_constraints() {
    let ok = assess(&["nameconstraints/ee_nc_ok.der", "nameconstraints/nc_ca.der", "chain/root_ca.der"], &[]);
    assert!(!codes(&ok, 0).contains(&"name-constraints-violation".to_string()), "{:?}", codes(&ok, 0));
    let bad = assess(&["nameconstraints/ee_nc_violation.der", "nameconstraints/nc_ca.der", "chain/root_ca.der"], &[]);
    assert!(codes(&bad, 0).contains(&"name-constraints-violation".to_string()), "{:?}", codes(&bad, 0));
}

#[test]
fn unknown_critical_extension_sha1_and_small_key() {
    let h = assess(&["chain/ee_unknown_critical_ext.der", "chain/ee_sha1.der", "chain/ee_rsa1024.der", "chain/int_ca.der", "chain/root_ca.der"], &[]);
    assert!(codes(&h, 0).contains(&"unknown-critical-extension".to_string()));
    assert!(codes(&h, 1).contains(&"weak-signature-sha1".to_string()));
    assert!(codes(&h, 2).contains(&"rsa-key-too-small".to_string()));
    assert_eq!(h.tree.len(), 1);
    assert_eq!(h.tree[0].children[0].children.len(), 3, "three leaves under one intermediate");
}

#[test]
fn every_algorithm_in_the_fixtures_verifies() {
    let h = assess(
        &["chain/ee_rsa_pss.der", "chain/ee_ec_p256.der", "chain/ee_ec_p384.der", "chain/ee_ec_p521.der", "chain/ee_ed25519.der", "chain/int_ca.der", "chain/root_ca.der", "ec_chain/ee_client.der", "ec_chain/root_ca.der"],
        &[],
    );
    for end in [0, 1, 2, 3, 4, 7] {
        let p = &h.chain_for(end).unwrap().best;
        assert!(p.trusted && !p.has(certlens::diag::Code::SignatureInvalid) && !p.has(certlens::diag::Code::SignatureNotVerified), "{end}: {:#?}", p.diagnostics);
    }
    assert_eq!(h.tree.len(), 2, "two roots");
}

#[test]
fn cross_certificate_gives_an_alternative_path() {
    let h = assess(&["chain/ee_client.der", "chain/int_ca.der", "cross/int_ca_cross.der", "chain/root_ca.der", "cross/fabrikam_root.der"], &[]);
    let c = h.chain_for(0).unwrap();
    assert!(c.best.trusted);
    assert!(!c.alternatives.is_empty(), "the cross-certificate path is an alternative");
    let tops: Vec<Option<usize>> = std::iter::once(&c.best).chain(&c.alternatives).map(|p| p.anchor).collect();
    assert!(tops.contains(&Some(3)) && tops.contains(&Some(4)), "{tops:?}");
}

#[test]
fn reissued_ca_with_a_new_key() {
    let h = assess(&["cross/ee_client_reissued_int.der", "chain/ee_client.der", "chain/int_ca.der", "cross/int_ca_reissued.der", "chain/root_ca.der"], &[]);
    let p0 = &h.chain_for(0).unwrap().best;
    assert_eq!(p0.elements[1].certificate, 3, "the leaf of the new key chains to the re-issued CA");
    assert_eq!(p0.status, NodeStatus::Valid, "{:#?}", p0.diagnostics);
    let p1 = &h.chain_for(1).unwrap().best;
    assert_eq!(p1.elements[1].certificate, 2);
    assert!(h.chain_for(1).unwrap().alternatives.is_empty(), "a name match with the wrong key is not an alternative");
}

#[test]
fn untrusted_root_and_trust_store() {
    let root_sha = {
        let r = certlens::analyze(&[InputFile::new("root.cer", fx("chain/root_ca.der"))], &Options::at(AT));
        r.certificates[0].view.sha256.clone()
    };
    let untrust = Options { at: AT, untrusted_roots: vec![root_sha.clone()], ..Options::default() };
    let h = assess_with(&MAIN, &[], &untrust);
    let p = &h.chain_for(0).unwrap().best;
    assert!(!p.trusted && p.has(certlens::diag::Code::ChainUntrustedRoot));
    let store = Options { at: AT, trust_store: vec![root_sha], ..Options::default() };
    let h = assess_with(&["chain/ee_client.der", "chain/int_ca.der", "chain/root_ca.der", "cross/fabrikam_root.der"], &[], &store);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.trusted && p.anchor_trust == AnchorTrust::TrustStore && !p.has(certlens::diag::Code::ChainRootTrustedForAnalysis));
    let lone = h.chain_for(3).unwrap();
    assert!(lone.best.has(certlens::diag::Code::ChainUntrustedRoot), "a dropped root outside the marked store is not trusted");
}

#[test]
fn self_signed_leaf() {
    let h = assess(&["anomalies/selfsigned_client.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert_eq!(p.elements.len(), 1);
    assert_eq!(p.elements[0].role, Role::Root);
    assert!(!p.trusted && p.has(certlens::diag::Code::ChainUntrustedRoot), "a self-signed end-entity is not a root: {:#?}", p.diagnostics);
}

#[test]
fn four_levels_with_crls() {
    let h = assess(
        &["level4/ee_client.der", "level4/issuing_ca.der", "level4/policy_ca.der", "level4/root_ca.der"],
        &["level4/issuing.crl", "level4/policy.crl", "level4/root.crl"],
    );
    let p = &h.chain_for(0).unwrap().best;
    assert_eq!(p.elements.len(), 4);
    assert!(p.valid_with_revocation(), "{:#?}", p.elements.iter().map(|e| &e.revocation_text).collect::<Vec<_>>());
}

#[test]
fn many_candidates_hit_the_budget_fast() {
    // 300 distinct copies of the root (one signature byte changed): every copy is
    // a name-matching candidate issuer of every other.
    let root = fx("chain/root_ca.der");
    let mut ders = Vec::new();
    for i in 0..300u16 {
        let mut d = root.clone();
        let n = d.len();
        d[n - 1] = (i & 0xff) as u8;
        d[n - 2] = (i >> 8) as u8;
        ders.push(d);
    }
    ders.push(fx("chain/int_ca.der"));
    let h = chain::assess(&ders, &[], &Options::at(AT));
    assert!(h.work.gave_up);
    assert!(h.work.signature_checks <= chain::signature_budget(ders.len()));
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "chain-budget-exceeded" && d.message.contains("gave up after")));
}

#[test]
fn report_carries_the_hierarchy() {
    let files: Vec<InputFile> = ["chain/fullchain.pem", "crl/int01_crl.pem"].iter().map(|p| InputFile::new(*p, fx(p))).collect();
    let r = certlens::analyze(&files, &Options::at(AT));
    assert_eq!(r.hierarchy.chains.len(), 1);
    assert_eq!(r.hierarchy.crls.len(), 1);
    assert_eq!(r.certificates[0].chain_status, Some(NodeStatus::Valid));
    assert!(r.certificates[0].revocation.as_deref().unwrap_or_default().starts_with("not revoked per CRL crl/int01_crl.pem"));
    let json = serde_json::to_string(&r).unwrap();
    let back: certlens::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back.hierarchy, r.hierarchy);
    let text = certlens::cli::render_text(&r);
    assert!(text.contains("Hierarchy"), "{text}");
    // A missing issuer's whole name, unquoted (its values may be quoted), then its key id.
    let lone = certlens::analyze(&[InputFile::new("ee_client.der", fx("chain/ee_client.der"))], &Options::at(AT));
    let text = certlens::cli::render_text(&lone);
    assert!(text.contains("not provided: issuer CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com (key id "), "{text}");
}

fn path_codes(certs: &[&str], crls: &[&str]) -> (Hierarchy, Vec<String>) {
    let h = assess(certs, crls);
    let c = codes(&h, 0);
    (h, c)
}

#[test]
fn issuer_that_is_not_a_ca() {
    let (_, c) = path_codes(&["pathcheck/ee_under_not_ca.der", "pathcheck/int_not_ca.der", "chain/root_ca.der"], &[]);
    assert!(c.contains(&"ca-not-a-ca".to_string()), "{c:?}");
}

#[test]
fn ca_without_key_cert_sign() {
    let (_, c) = path_codes(&["pathcheck/ee_under_no_cert_sign.der", "pathcheck/int_no_cert_sign.der", "chain/root_ca.der"], &[]);
    assert!(c.contains(&"ca-key-usage-no-cert-sign".to_string()), "{c:?}");
}

#[test]
fn path_length_exceeded() {
    let (h, c) = path_codes(&["pathcheck/ee_under_sub_ca.der", "pathcheck/sub_ca_under_int.der", "chain/int_ca.der", "chain/root_ca.der"], &[]);
    assert!(c.contains(&"path-length-exceeded".to_string()), "{c:?}");
    assert_eq!(h.chain_for(0).unwrap().best.elements.len(), 4);
}

#[test]
fn md5_is_broken_ed25519_is_verified() {
    let (_, c) = path_codes(&["pathcheck/ee_md5.der", "chain/int_ca.der", "chain/root_ca.der"], &[]);
    assert!(c.contains(&"signature-algorithm-broken".to_string()), "{c:?}");
    let h = assess(&["pathcheck/ee_under_ed25519.der", "pathcheck/int_ed25519.der", "chain/root_ca.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert_eq!(p.elements[0].signature.as_ref().unwrap().status, chain::SignatureStatus::Verified, "{p:#?}");
    assert_eq!(p.status, NodeStatus::Valid, "{:#?}", p.diagnostics);
}

#[test]
fn no_common_policy() {
    let (_, c) = path_codes(&["pathcheck/ee_policy_b.der", "pathcheck/int_policy_a.der", "chain/root_ca.der"], &[]);
    assert!(c.contains(&"policy-no-common-policy".to_string()), "{c:?}");
}

#[test]
fn crl_anomalies() {
    for (crl, hierarchy_code) in [
        ("pathcheck/int01_unknown_critical.crl", "crl-unknown-critical-extension"),
        ("pathcheck/int01_delta.crl", "crl-delta"),
        ("pathcheck/int01_ca_only.crl", "crl-scope"),
        ("pathcheck/int01_future.crl", "crl-not-yet-valid"),
    ] {
        let h = assess(&MAIN, &[crl]);
        assert!(h.diagnostics.iter().any(|d| d.code.as_str() == hierarchy_code), "{crl}: {:#?}", h.diagnostics);
        let leaf = &h.chain_for(0).unwrap().best.elements[0];
        assert!(!matches!(leaf.revocation, Revocation::Good { .. }), "{crl}: {:?}", leaf.revocation);
    }
    // What certlens does not understand is said as its own limit, in its name.
    let h = assess(&MAIN, &["pathcheck/int01_unknown_critical.crl"]);
    assert!(h.diagnostics.iter().any(|d| d.message.to_string().ends_with(": carries a critical extension 1.3.6.1.4.1.55555.99.2 certlens does not understand; it is not used")), "{:#?}", h.diagnostics);
    // A delta CRL alone is not used: no complete CRL was provided.
    let h = assess(&MAIN, &["pathcheck/int01_delta.crl"]);
    assert!(matches!(h.chain_for(0).unwrap().best.elements[0].revocation, Revocation::NoCrl { .. }));
    // Out-of-scope, unknown critical and future CRLs leave the status unknown.
    let h = assess(&MAIN, &["pathcheck/int01_ca_only.crl"]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.has(certlens::diag::Code::RevocationUnknown));
    assert!(p.elements[0].revocation_text.contains("covers CA certificates only"), "{}", p.elements[0].revocation_text);
}

#[test]
fn too_many_candidates_are_capped() {
    let int = fx("chain/int_ca.der");
    let mut ders = vec![fx("chain/ee_client.der")];
    for i in 0..(chain::MAX_CANDIDATES as u8 + 4) {
        let mut d = int.clone();
        let n = d.len();
        d[n - 1] = i;
        ders.push(d);
    }
    let h = chain::assess_targets(&ders, &[], &Options::at(AT), &[0]);
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "chain-too-many-candidates"), "{:#?}", h.diagnostics);
}

#[test]
fn server_trust_store_files_are_the_anchors() {
    use certlens::server::settings::{ServerSettings, Trust};
    let files: Vec<InputFile> =
        ["chain/ee_client.der", "chain/int_ca.der", "chain/root_ca.der", "cross/fabrikam_root.der"].iter().map(|p| InputFile::new(*p, fx(p))).collect();
    let server = ServerSettings { trust: Trust::Store, trust_store_files: vec!["chain/root_ca.der".into()], ..ServerSettings::default() };
    let options = Options { at: AT, server, ..Options::default() };
    let r = certlens::analyze(&files, &options);
    let p = &r.hierarchy.chain_for(0).unwrap().best;
    assert_eq!(p.anchor_trust, AnchorTrust::TrustStore);
    assert!(r.hierarchy.chain_for(3).unwrap().best.has(certlens::diag::Code::ChainUntrustedRoot), "Fabrikam is not in the marked store");
}

#[test]
fn explicit_policy_required_and_mapping_to_any_policy() {
    let (_, c) = path_codes(&["pathcheck/ee_under_require_policy.der", "pathcheck/int_require_policy.der", "chain/root_ca.der"], &[]);
    assert!(c.contains(&"policy-explicit-required".to_string()), "{c:?}");
    let (_, c) = path_codes(&["pathcheck/ee_under_map_any.der", "pathcheck/int_map_any.der", "chain/root_ca.der"], &[]);
    assert!(c.contains(&"policy-mapping-any-policy".to_string()), "{c:?}");
    // The reference client certificate's policies raise nothing.
    let (_, c) = path_codes(&MAIN, &[]);
    assert!(!c.iter().any(|x| x.starts_with("policy-")), "{c:?}");
}

#[test]
fn cas_certifying_each_other_are_a_loop_not_a_hang() {
    let h = assess(&["pathcheck/ee_under_loop.der", "pathcheck/loop_ca_a.der", "pathcheck/loop_ca_b.der"], &[]);
    assert_eq!(h.chains.len(), 1, "both loop CAs issue something: only the leaf is an end certificate");
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.has(certlens::diag::Code::ChainLoop), "{:?}", codes(&h, 0));
    assert_eq!(p.elements.len(), 3);
    // Said of the certificate it is filed under, the chain's top, where the chain stops (as a
    // missing issuer is): not "dora: …" under a CA's file.
    let top = p.elements.last().unwrap();
    let found = p.diagnostics.iter().find(|d| d.code == certlens::diag::Code::ChainLoop).unwrap();
    assert_eq!(found.certificate, Some(top.certificate));
    let text = found.message.to_string();
    assert!(text.starts_with(&format!("{}: its issuer \"", top.label)), "{text}");
    assert!(!text.contains("dora") && text.contains("is already in the chain"), "{text}");
    assert!(!p.trusted && p.missing_issuer.is_none());
}

#[test]
fn duplicates_are_counted_once() {
    let h = assess(&["chain/ee_client.der", "chain/int_ca.der", "chain/int_ca.der", "chain/root_ca.der", "chain/root_ca.der"], &[]);
    assert_eq!(h.chains.len(), 1);
    let c = h.chain_for(0).unwrap();
    assert!(c.alternatives.is_empty(), "{:#?}", c.alternatives);
    assert_eq!(h.tree.len(), 1);
}

// ---------------------------------------------------------------- certificate rules (rules/)

/// Each rule: fixture (leaf first, its own CA when it needs one), the code, its
/// severity, and whether the path is still trusted.
#[test]
fn certificate_rules_have_a_code_and_a_verdict() {
    use certlens::report::Severity::{Error, Warning};
    let cases: [(&[&str], &str, certlens::report::Severity, usize); 13] = [
        (&["rules/ee-duplicate-ext.der"], "duplicate-extension", Error, 0),
        (&["rules/ee-aki-critical.der"], "key-identifier-critical", Warning, 0),
        (&["rules/ee-ski-critical.der"], "key-identifier-critical", Warning, 0),
        (&["rules/ee-p192.der"], "ec-curve-p192", Error, 0),
        (&["rules/ee-rsa768.der"], "rsa-key-blocked", Error, 0),
        (&["rules/ee-rsa-odd-modulus.der"], "rsa-modulus-size", Warning, 0),
        (&["rules/ee-ca-true.der"], "leaf-is-ca", Warning, 0),
        (&["rules/ee-keycertsign-not-ca.der"], "key-cert-sign-without-ca", Warning, 0),
        (&["rules/ee-name-constraints.der"], "name-constraints-on-non-ca", Warning, 0),
        (&["rules/ee-under-root-bc-noncritical.der", "rules/root-bc-noncritical.der"], "basic-constraints-not-critical", Warning, 1),
        (&["rules/ee-under-policy-constraints-noncritical.der", "rules/int-policy-constraints-noncritical.der", "chain/root_ca.der"], "policy-constraints-not-critical", Warning, 1),
        (&["rules/ee-under-root-unknown-critical.der", "rules/root-unknown-critical.der"], "unknown-critical-extension", Error, 1),
        (&["rules/ee-under-dsa-root.der", "rules/root-dsa.der"], "signature-not-verified", Error, 0),
    ];
    for (files, code, severity, on) in cases {
        let mut certs: Vec<&str> = files.to_vec();
        if files.len() == 1 {
            certs.extend(["chain/int_ca.der", "chain/root_ca.der"]);
        }
        let h = assess(&certs, &[]);
        let p = &h.chain_for(0).unwrap_or_else(|| panic!("{files:?}: no chain")).best;
        let d = p.diagnostics.iter().find(|d| d.code.as_str() == code).unwrap_or_else(|| panic!("{files:?}: no {code} in {:#?}", p.diagnostics));
        assert_eq!(d.severity, severity, "{code}");
        assert_eq!(d.certificate, Some(on), "{code}: on certificate #{on}");
        assert!(!d.message.is_empty());
        match severity {
            Error => assert_eq!(p.status, NodeStatus::Invalid, "{code}"),
            _ => assert!(p.trusted && p.status != NodeStatus::Invalid, "{code}: a warning does not change the verdict: {:#?}", p.diagnostics),
        }
    }
}

/// A signature certlens cannot verify (a DSA root) never yields a trusted path.
#[test]
fn an_unverifiable_signature_is_never_trusted() {
    let h = assess(&["rules/ee-under-dsa-root.der", "rules/root-dsa.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(!p.trusted);
    assert_eq!(p.untrusted_because.map(certlens::diag::Code::as_str), Some("signature-not-verified"));
    assert!(!p.valid_with_revocation());
    // Said once, and as certlens's limit, not the signature's fault.
    let d = p.diagnostics.iter().find(|d| d.code.as_str() == "signature-not-verified").expect("finding");
    assert!(d.message.to_string().ends_with("its signature (dsa-with-SHA256) cannot be checked: certlens does not verify DSA signatures, so it cannot call the chain trusted"), "{}", d.message);
}

/// The trust store decides the anchors: an intermediate in the store is an
/// anchor even when its root is dropped as an ordinary certificate; a root
/// outside the store is not trusted; `server.trust = NotTrusted` wins.
#[test]
fn trust_store_anchors_wherever_they_were_dropped() {
    use sha2::Digest as _;
    let hash = |p: &str| certlens::der::hex(&sha2::Sha256::digest(fx(p)));
    let opts = Options { trust_store: vec![hash("chain/int_ca.der")], ..Options::at(AT) };
    let h = assess_with(&["chain/ee_client.der", "chain/root_ca.der", "chain/int_ca.der"], &[], &opts);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.trusted, "{:#?}", p.diagnostics);
    assert_eq!(p.anchor_trust, AnchorTrust::TrustStore);
    assert_eq!(p.anchor, Some(2));
    let opts = Options { trust_store: vec![hash("cross/fabrikam_root.der")], ..Options::at(AT) };
    let h = assess_with(&MAIN, &[], &opts);
    let p = &h.chain_for(0).unwrap().best;
    assert!(!p.trusted);
    assert_eq!(p.untrusted_because.map(certlens::diag::Code::as_str), Some("chain-untrusted-root"));
    let mut opts = Options { trust_store: vec![hash("chain/root_ca.der")], ..Options::at(AT) };
    opts.server.trust = certlens::server::settings::Trust::NotTrusted;
    assert!(!assess_with(&MAIN, &[], &opts).chain_for(0).unwrap().best.trusted);
    // A loop between CAs.
    let h = assess(&["pathcheck/ee_under_loop.der", "pathcheck/loop_ca_a.der", "pathcheck/loop_ca_b.der"], &[]);
    assert_eq!(h.chain_for(0).unwrap().best.untrusted_because.map(certlens::diag::Code::as_str), Some("chain-loop"));
}

// ---------------------------------------------------------------- CRLs that are no evidence (rules/)

#[test]
fn malformed_crls_are_not_evidence() {
    for (crl, why) in [
        ("rules/crl-version-3.crl", "version"),
        ("rules/crl-empty-revoked.crl", "empty"),
        ("rules/crl-alg-mismatch.crl", "signature algorithm"),
        ("rules/crl-entry-trailing-bytes.crl", "after its revocation date"),
        ("rules/crl-number-critical.crl", "CRL number is marked critical"),
    ] {
        let h = assess(&MAIN, &[crl]);
        let d = h.diagnostics.iter().find(|d| d.code.as_str() == "crl-malformed").unwrap_or_else(|| panic!("{crl}: {:#?}", h.diagnostics));
        assert!(d.message.contains(why), "{crl}: {}", d.message);
        assert_eq!(h.crls[0].state, chain::CrlState::Malformed, "{crl}");
        let leaf = &h.chain_for(0).unwrap().best.elements[0];
        assert!(matches!(leaf.revocation, Revocation::Undetermined { .. }), "{crl}: {:?}", leaf.revocation);
    }
    // An unknown critical entry extension makes the whole CRL unusable.
    let h = assess(&MAIN, &["rules/crl-entry-unknown-critical.crl"]);
    assert_eq!(h.crls[0].state, chain::CrlState::UnknownCriticalExtension);
    assert!(matches!(h.chain_for(0).unwrap().best.elements[0].revocation, Revocation::Undetermined { .. }));
    // No CRL number: a finding; the CRL is still used (it lists alice as revoked).
    let h = assess(&MAIN, &["rules/crl-no-number.crl"]);
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "crl-no-number"));
    assert!(matches!(h.chain_for(0).unwrap().best.elements[0].revocation, Revocation::Revoked { .. }));
    // A delta CRL without its complete CRL is said plainly not to be applied.
    let h = assess(&MAIN, &["pathcheck/int01_delta.crl"]);
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "crl-delta-no-base" && d.message.contains("not applied")), "{:#?}", h.diagnostics);
}

#[test]
fn name_constraint_rules() {
    let nc = |files: &[&str]| {
        let mut certs = files.to_vec();
        certs.push("chain/root_ca.der");
        let h = assess(&certs, &[]);
        h.chain_for(0).unwrap().best.clone()
    };
    // A UPN (otherName) under constraints that restrict UPNs, as Windows checks them.
    let p = nc(&["rules/ee-upn-outside-constraints.der", "rules/int-nc-upn.der"]);
    let d = p.diagnostics.iter().find(|d| d.code.as_str() == "name-constraints-violation").expect("UPN outside");
    assert!(d.message.contains("UPN:mallory@fabrikam.com"), "{}", d.message);
    assert_eq!(p.status, NodeStatus::Invalid);
    let p = nc(&["rules/ee-upn-inside-constraints.der", "rules/int-nc-upn.der"]);
    assert!(!p.has(certlens::diag::Code::NameConstraintsViolation), "{:#?}", p.diagnostics);
    // An invalid DNS name under permitted DNS subtrees.
    let p = nc(&["rules/ee-invalid-dns-san.der", "rules/int-nc-dns.der"]);
    let d = p.diagnostics.iter().find(|d| d.code.as_str() == "name-constraints-violation").expect("invalid DNS");
    assert!(d.message.contains("not a valid DNS name"), "{}", d.message);
    // Neither permitted nor excluded subtrees.
    let p = nc(&["rules/ee-under-nc-empty.der", "rules/int-nc-empty.der"]);
    let d = p.diagnostics.iter().find(|d| d.code.as_str() == "name-constraints-empty").expect("empty");
    assert_eq!(d.severity, certlens::report::Severity::Error);
    assert_eq!(d.certificate, Some(1));
}

// ---------------------------------------------------------------- remaining rules of issue 12 (rules/)

/// The Microsoft application-policies extension marked critical is not an unknown
/// critical extension (CryptoAPI understands it): a warning with its own code, and
/// Windows reads its policies like an EKU, so one without Client Authentication
/// takes client authentication away.
#[test]
fn critical_application_policies_are_understood_and_restrict_the_usage() {
    let h = assess(&["rules/ee-app-policies-critical.der", "chain/int_ca.der", "chain/root_ca.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(!p.has(certlens::diag::Code::UnknownCriticalExtension), "{:#?}", p.diagnostics);
    let d = p.diagnostics.iter().find(|d| d.code.as_str() == "ms-application-policies-critical").expect("finding");
    assert_eq!(d.severity, certlens::report::Severity::Warning);
    assert!(d.message.contains("it lists Secure Email, which leaves out Client Authentication."), "{}", d.message);
    assert!(p.trusted);
    assert!(!p.client_auth_allowed, "Windows reads the application policies in place of the EKU");
    let h = assess(&["rules/ee-app-policies-critical-client-auth.der", "chain/int_ca.der", "chain/root_ca.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(p.has(certlens::diag::Code::MsApplicationPoliciesCritical));
    assert!(p.client_auth_allowed);
    // Said once: "it lists Client Authentication.", not "…, which includes Client Authentication".
    let d = p.diagnostics.iter().find(|d| d.code.as_str() == "ms-application-policies-critical").expect("finding");
    assert!(d.message.contains("it lists Client Authentication. Browsers"), "{}", d.message);
}

/// A name form certlens cannot check (an otherName that is not a UPN), restricted by
/// a CA's name constraints and present below it: rejected (RFC 5280 4.2.1.10).
#[test]
fn a_constrained_name_form_certlens_cannot_check_is_rejected() {
    let h = assess(&["rules/ee-othername-under-constraints.der", "rules/int-nc-othername.der", "chain/root_ca.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    let d = p.diagnostics.iter().find(|d| d.code.as_str() == "name-constraints-unsupported-form").unwrap_or_else(|| panic!("{:#?}", p.diagnostics));
    assert_eq!(d.severity, certlens::report::Severity::Error);
    assert_eq!(d.certificate, Some(0));
    assert!(d.message.contains("1.3.6.1.4.1.55555.5.1"), "{}", d.message);
    assert_eq!(p.status, NodeStatus::Invalid);
    // A UPN is another otherName type: not restricted by that CA.
    let h = assess(&["rules/ee-upn-under-othername-constraints.der", "rules/int-nc-othername.der", "chain/root_ca.der"], &[]);
    let p = &h.chain_for(0).unwrap().best;
    assert!(!p.has(certlens::diag::Code::NameConstraintsUnsupportedForm) && p.status != NodeStatus::Invalid, "{:#?}", p.diagnostics);
}

/// Key rollover: the CA was re-keyed and its CRL is signed with the old key. The
/// CRL's AKI names the old certificate, which verifies it: the CRL is evidence.
#[test]
fn a_crl_signed_by_the_old_key_of_a_rekeyed_ca_is_verified() {
    let certs = ["cross/ee_client_reissued_int.der", "cross/int_ca_reissued.der", "chain/int_ca.der", "chain/root_ca.der"];
    for crls in [&["rules/crl-old-key.crl", "crl/root.crl"][..], &["rules/crl-old-key.crl"][..]] {
        let h = assess(&certs, crls);
        let p = &h.chain_for(0).unwrap().best;
        assert_eq!(p.elements[1].certificate, 1, "the leaf chains to the new key");
        assert!(matches!(p.elements[0].revocation, Revocation::Revoked { crl: 0, .. }), "{crls:?}: {}", p.elements[0].revocation_text);
        assert_eq!(h.crls[0].issuer_certificate, Some(2), "verified with the old key's certificate");
    }
}

/// Indirect CRL: an entry without certificateIssuer belongs to the CRL issuer when
/// it comes first, else to the issuer of the entry before it (RFC 5280 5.3.3).
#[test]
fn indirect_crl_entries_without_certificate_issuer() {
    let h = assess(&MAIN, &["rules/crl-indirect-no-cert-issuer.crl"]);
    let leaf = &h.chain_for(0).unwrap().best.elements[0];
    assert!(matches!(leaf.revocation, Revocation::Revoked { .. }), "first entry: the CRL issuer's: {}", leaf.revocation_text);
    let h = assess(&["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der"], &["rules/crl-indirect-no-cert-issuer.crl"]);
    let leaf = &h.chain_for(0).unwrap().best.elements[0];
    assert!(matches!(leaf.revocation, Revocation::Good { .. }), "heidi's serial follows a Fabrikam entry: {}", leaf.revocation_text);
}
/// Delta CRLs are applied to a dropped base of the same issuer and scope whose CRL
/// number is at least the delta's base CRL number (RFC 5280 5.2.4, 6.3.3).
#[test]
fn delta_crls_are_applied_to_their_base() {
    let leaf_rev = |certs: &[&str], crls: &[&str]| {
        let h = assess(certs, crls);
        let p = h.chain_for(0).unwrap().best.clone();
        (h, p.elements[0].revocation.clone(), p.elements[0].revocation_text.clone())
    };
    let (h, r, text) = leaf_rev(&MAIN, &["crl/int01.crl", "rules/crl-delta-revokes-alice.crl"]);
    assert!(matches!(r, Revocation::Revoked { crl: 1, .. }), "{text}");
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "crl-delta" && d.message.contains("applied to the complete CRL crl/int01.crl")), "{:#?}", h.diagnostics);
    assert!(!h.diagnostics.iter().any(|d| d.code.as_str() == "crl-delta-no-base"));
    let heidi = ["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der"];
    let (_, r, text) = leaf_rev(&heidi, &["crl/int01.crl"]);
    assert!(matches!(r, Revocation::Revoked { .. }), "{text}");
    let (_, r, text) = leaf_rev(&heidi, &["crl/int01.crl", "rules/crl-delta-remove-heidi.crl"]);
    assert!(matches!(r, Revocation::Good { crl: 0, delta: Some(1), .. }), "removeFromCRL on the delta: {text}");
    assert!(text.contains("and its delta CRL rules/crl-delta-remove-heidi.crl"), "{text}");
    // A delta whose base is newer than the complete CRL dropped does not apply to it.
    let (h, r, text) = leaf_rev(&MAIN, &["crl/int01.crl", "rules/crl-delta-newer-base.crl"]);
    assert!(matches!(r, Revocation::Good { crl: 0, .. }), "{text}");
    assert!(h.diagnostics.iter().any(|d| d.code.as_str() == "crl-delta-no-base"), "{:#?}", h.diagnostics);
    // Its base CRL number in decimal, as `openssl crl -text` shows it (310, not "136").
    assert!(h.diagnostics.iter().any(|d| d.message.contains("the changes since CRL number 310 of")), "{:#?}", h.diagnostics);
    // A delta alone is no evidence.
    let (_, r, text) = leaf_rev(&MAIN, &["rules/crl-delta-revokes-alice.crl"]);
    assert!(matches!(r, Revocation::NoCrl { .. } | Revocation::Undetermined { .. }), "{text}");
}

/// The path summary uses the one status per certificate the page shows, never
/// "valid" for a chain that is not.
#[test]
fn path_summaries_say_the_one_status() {
    let summary = |certs: &[&str], crls: &[&str]| assess(certs, crls).chain_for(0).unwrap().best.summary.clone();
    assert_eq!(summary(&MAIN, &["crl/int01.crl", "crl/root.crl"]), "alice → Contoso Issuing CA 01 → Contoso Root CA: valid; root trusted for this analysis");
    assert_eq!(summary(&["chain/ee_client.der"], &[]), "alice: issuer \"Contoso Issuing CA 01\" not dropped");
    assert!(summary(&["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der"], &["crl/int01.crl"]).contains(": revoked;"));
    assert!(summary(&["chain/ee_expired.der", "chain/int_ca.der", "chain/root_ca.der"], &[]).contains(": expired;"));
    assert!(summary(&["chain/ee_client_sid_url.der", "chain/int_ca.der", "chain/root_ca.der"], &[]).contains(": valid"));
    let s = summary(&["anomalies/selfsigned_client.der"], &[]);
    assert!(s.ends_with(": root not trusted"), "{s}");
}

/// The web app's first answer (`defer_root_signatures`): a root's own signature is taken on
/// trust and shown as not checked yet; the full analysis (the CLI's, the app's final answer)
/// still finds a broken one.
#[test]
fn deferred_root_signatures_are_marked_pending_and_a_broken_one_is_still_found_in_full() {
    use chain::SignatureStatus;
    let fast_options = Options { defer_root_signatures: Some(0), ..Options::at(AT) };
    let top_sig = |h: &Hierarchy| h.chain_for(0).unwrap().best.elements.last().unwrap().signature.clone().unwrap().status;
    // An intact root: the same verdict; one signature fewer checked, and it says so.
    let full = assess(&MAIN, &[]);
    let fast = assess_with(&MAIN, &[], &fast_options);
    let (pf, pq) = (&full.chain_for(0).unwrap().best, &fast.chain_for(0).unwrap().best);
    assert!(pf.trusted && pq.trusted);
    assert_eq!((pf.status, pf.anchor_trust), (pq.status, pq.anchor_trust));
    assert_eq!(top_sig(&full), SignatureStatus::Verified);
    assert_eq!(top_sig(&fast), SignatureStatus::NotChecked);
    assert_eq!(pq.elements.last().unwrap().signature.as_ref().unwrap().detail, "not checked yet");
    assert!(pq.elements.iter().take(2).all(|e| e.signature.as_ref().is_some_and(chain::SignatureCheck::ok)), "the issuers' signatures are checked at once");
    assert_eq!((full.work.deferred_self_signatures, fast.work.deferred_self_signatures), (0, 1));
    assert_eq!(fast.work.signature_checks + 1, full.work.signature_checks);
    // The CLI's JSON has no trace of the option.
    assert!(!serde_json::to_string(&full.work).unwrap().contains("deferred"));

    // The root's self-signature broken (one bit of the signature value flipped).
    let mut ders: Vec<Vec<u8>> = MAIN.iter().map(|p| fx(p)).collect();
    *ders[2].last_mut().unwrap() ^= 1;
    let full = chain::assess(&ders, &[], &Options::at(AT));
    let fast = chain::assess(&ders, &[], &fast_options);
    // Taken on trust in the first answer...
    assert!(fast.chain_for(0).unwrap().best.trusted);
    assert_eq!(top_sig(&fast), SignatureStatus::NotChecked);
    // ...but not a root in the full analysis: the chain is not trusted.
    let pf = &full.chain_for(0).unwrap().best;
    assert!(!pf.trusted, "{:#?}", pf.diagnostics);
    assert_ne!(pf.anchor_trust, AnchorTrust::TrustedForAnalysis);
    // The same through the whole analysis (the report the CLI prints).
    let files: Vec<InputFile> = ders.iter().enumerate().map(|(i, d)| InputFile::new(format!("{i}.der"), d.clone())).collect();
    let report = certlens::analyze(&files, &Options::at(AT));
    assert!(!report.hierarchy.chain_for(0).unwrap().best.trusted);
    assert_eq!(report.hierarchy.work.deferred_self_signatures, 0);
    let report = certlens::analyze(&files, &fast_options);
    assert!(report.hierarchy.chain_for(0).unwrap().best.trusted);
}

#[test]
fn every_certificate_has_a_status_even_off_the_chosen_paths() {
    // A root renewed with its own key (Debian's bundle holds such a pair): each one's signature
    // verifies with the other's key, so each counted as the other's issuer, neither was an end,
    // and both had no chain at all (the page said "Not checked").
    let h = assess(&["chain/root_ca.der", "cross/root_ca_renewed.der"], &[]);
    assert_eq!(h.chains.iter().map(|c| c.end_certificate).collect::<Vec<_>>(), vec![0, 1]);
    for end in [0, 1] {
        let p = &h.chain_for(end).unwrap().best;
        assert_eq!(p.status, NodeStatus::Valid, "#{end}: {:#?}", p.diagnostics);
        assert_eq!(p.elements.iter().map(|e| e.certificate).collect::<Vec<_>>(), vec![end], "#{end} is its own root");
    }
    // A leaf's best path takes one CA of two with the same key (the cross-certificate from
    // Fabrikam, or the renewed root): the other, and the root above it, get a chain of their own.
    let h = assess(&["chain/ee_client.der", "chain/int_ca.der", "chain/root_ca.der", "cross/int_ca_cross.der", "cross/fabrikam_root.der", "cross/root_ca_renewed.der"], &[]);
    let leaf: Vec<usize> = h.chain_for(0).unwrap().best.elements.iter().map(|e| e.certificate).collect();
    let (taken, other) = match leaf.as_slice() {
        [0, 1, 5] => (5, 2),
        [0, 1, 2] => (2, 5),
        p => panic!("the leaf's path: {p:?}"),
    };
    assert!(h.chain_for(taken).is_none(), "the root the leaf's path takes is not an end");
    let cross = &h.chain_for(3).expect("the cross-certificate has a chain").best;
    assert_eq!(cross.elements.iter().map(|e| e.certificate).collect::<Vec<_>>(), vec![3, 4], "up to Fabrikam's root");
    assert_eq!(cross.status, NodeStatus::Valid, "{:#?}", cross.diagnostics);
    let root = &h.chain_for(other).expect("the other root has a chain").best;
    assert_eq!(root.elements.iter().map(|e| e.certificate).collect::<Vec<_>>(), vec![other]);
    assert_eq!(root.status, NodeStatus::Valid);
    let paths = h.path_index(6);
    assert!(paths.iter().all(Option::is_some), "every certificate is on a chain: {paths:?}");
    // Fabrikam's root is in the tree, with the cross-certificate under it.
    let roots: Vec<Option<usize>> = h.tree.iter().map(|n| n.certificate).collect();
    assert!(roots.contains(&Some(2)) && roots.contains(&Some(4)) && roots.contains(&Some(5)), "{roots:?}");
    assert_eq!(h.chains.len(), 3, "the leaf's, the cross-certificate's, the other root's");
    // Only for a whole drop: the chains of a caller's targets stay those of the targets.
    let ders: Vec<Vec<u8>> = ["chain/ee_client.der", "chain/int_ca.der", "chain/root_ca.der", "cross/int_ca_cross.der", "cross/fabrikam_root.der"].iter().map(|p| fx(p)).collect();
    let t = chain::assess_targets(&ders, &[], &Options::at(AT), &[0]);
    assert_eq!(t.chains.len(), 1);
}

#[test]
fn a_crl_without_its_issuer_still_says_when_it_expired() {
    // Dropped alone (the issuer's certificate not with it), read after its nextUpdate
    // (2026-12-04): its signature cannot be checked, its dates are read all the same.
    let after = 1_796_342_400 + 86_400;
    let h = assess_with(&[], &["crl/int01.crl"], &Options::at(after));
    assert_eq!(h.crls[0].state, chain::CrlState::IssuerNotFound);
    let codes: Vec<String> = h.diagnostics.iter().map(|d| d.code.to_string()).collect();
    assert!(codes.contains(&"crl-issuer-not-found".to_string()) && codes.contains(&"crl-expired".to_string()), "{codes:?}");
    // Current: no word about its dates.
    let h = assess(&[], &["crl/int01.crl"]);
    assert!(!h.diagnostics.iter().any(|d| d.code.to_string() == "crl-expired"));
}

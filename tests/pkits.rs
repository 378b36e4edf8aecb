//! NIST PKITS (Public Key Interoperability Test Suite) conformance for the
//! sections the chain engine implements.
//!
//! Data: PyPI `cryptography-vectors` `x509/PKITS_data/`, installed by
//! `./x setup` (env `CERTLENS_VECTORS`). Each test gets the trust anchor
//! (as the only trusted root), every CA certificate of the suite, its own
//! end-entity certificate and every CRL; the path must be built from that pool.
//! A path is valid when it is trusted, has no error and every certificate but
//! the anchor has a current CRL saying "not revoked" (strict offline revocation).
//!
//! Expected results: `tests/pkits_expected.txt` (from the PKITS test
//! descriptions). Exceptions, each with its reason: `tests/pkits_exceptions.txt`.
//! The table is printed (`cargo test --test pkits -- --nocapture`, or
//! `scripts/pkits.sh`).
// In tests a panic is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use certlens::chain::{self, CrlSource};
use certlens::Options;

/// 2026-11-23T00:00:00Z: PKITS 2011 data is valid 2010..2030.
const AT: i64 = 1_795_392_000;

fn pkits_dir() -> PathBuf {
    let base = std::env::var("CERTLENS_VECTORS").map(PathBuf::from).unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        PathBuf::from(home).join(".local/share/certlens/cryptography-vectors-48.0.0")
    });
    let dir = base.join("x509/PKITS_data");
    assert!(dir.join("certs/TrustAnchorRootCertificate.crt").exists(), "PKITS data not found at {}: run ./x setup", dir.display());
    dir
}

fn table(name: &str) -> Vec<Vec<String>> {
    let path = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

struct Pool {
    ca_certs: Vec<(String, Vec<u8>)>,
    crls: Vec<CrlSource>,
    anchor_sha256: String,
    dir: PathBuf,
}

fn pool() -> Pool {
    use sha2::Digest as _;
    let dir = pkits_dir();
    let mut ca_certs = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir.join("certs")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    for n in names {
        if n.ends_with(".crt") && !n.ends_with("EE.crt") {
            ca_certs.push((n.clone(), std::fs::read(dir.join("certs").join(&n)).unwrap()));
        }
    }
    let mut crl_names: Vec<_> = std::fs::read_dir(dir.join("crls")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    crl_names.sort();
    let crls = crl_names.into_iter().map(|n| CrlSource { der: std::fs::read(dir.join("crls").join(&n)).unwrap(), name: n }).collect();
    let anchor = std::fs::read(dir.join("certs/TrustAnchorRootCertificate.crt")).unwrap();
    let anchor_sha256 = sha2::Sha256::digest(&anchor).iter().map(|b| format!("{b:02x}")).collect();
    Pool { ca_certs, crls, anchor_sha256, dir }
}

/// Run one test: (valid?, explanation).
fn run(pool: &Pool, test: &str) -> (bool, String) {
    run_with(pool, test, false).0
}

/// [`run`], with the roots' own signatures deferred or not (the web app's first answer);
/// also the hierarchy.
fn run_with(pool: &Pool, test: &str, defer_root_signatures: bool) -> ((bool, String), chain::Hierarchy) {
    let ee = std::fs::read(pool.dir.join(format!("certs/{test}EE.crt"))).unwrap();
    let mut certs = vec![ee];
    certs.extend(pool.ca_certs.iter().map(|(_, d)| d.clone()));
    let options = Options { at: AT, trust_store: vec![pool.anchor_sha256.clone()], defer_root_signatures: defer_root_signatures.then_some(0), ..Options::default() };
    let h = chain::assess_targets(&certs, &pool.crls, &options, &[0]);
    (explain(&h), h)
}

fn explain(h: &chain::Hierarchy) -> (bool, String) {
    let Some(c) = h.chain_for(0) else { return (false, "no chain".into()) };
    let p = &c.best;
    let why: Vec<String> = p
        .diagnostics
        .iter()
        .filter(|d| d.severity != certlens::Severity::Info)
        .map(|d| format!("{}: {}", d.code, d.message))
        .chain(p.elements.iter().filter(|e| !matches!(e.revocation, chain::Revocation::Good { .. } | chain::Revocation::NotChecked)).map(|e| format!("{}: {}", e.label, e.revocation_text)))
        .collect();
    (p.valid_with_revocation(), format!("{} | {}", p.summary, why.join(" | ")))
}

/// The web app's first answer (roots' own signatures deferred) gives every PKITS verdict the
/// full analysis gives; the self-issued certificates of a key rollover (4.5: authority key
/// identifier ≠ subject key identifier) are verified at once, not deferred.
#[test]
fn pkits_verdicts_do_not_change_when_root_signatures_are_deferred() {
    let pool = pool();
    let mut rollover_checked = 0;
    // 4.1 (signatures), 4.4 (CRLs, self-issued CRL signers) and 4.5 (self-issued certificates).
    for row in table("pkits_expected.txt").into_iter().filter(|r| ["4.1.", "4.4.", "4.5."].iter().any(|s| r[0].starts_with(s))) {
        let test = &row[1];
        let ((full, why_full), _) = run_with(&pool, test, false);
        let ((fast, why_fast), h) = run_with(&pool, test, true);
        assert_eq!((fast, &why_fast), (full, &why_full), "{test}");
        if test.contains("SelfIssued") {
            let p = &h.chain_for(0).unwrap().best;
            for e in p.elements.iter().filter(|e| e.label.contains("Self-Issued") || e.label.contains("New With Old") || e.label.contains("Old With New")) {
                assert_ne!(e.signature.as_ref().map(|s| s.status.clone()), Some(chain::SignatureStatus::NotChecked), "{test}: {}", e.label);
                rollover_checked += 1;
            }
        }
    }
    assert!(rollover_checked > 0, "no key-rollover certificate in a PKITS path");
}

#[test]
fn pkits() {
    let pool = pool();
    let expected = table("pkits_expected.txt");
    let exceptions: BTreeMap<String, String> =
        table("pkits_exceptions.txt").into_iter().filter_map(|r| Some((r.first()?.clone(), r.get(1..)?.join(" ")))).collect();
    // section -> (passed, failed, excepted)
    let mut counts: BTreeMap<(u32, u32), (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut unneeded = Vec::new();
    for row in &expected {
        let (id, test, want) = (&row[0], &row[1], &row[2]);
        if test.starts_with("Valid") || test.starts_with("Invalid") {
            assert_eq!(want == "valid", test.starts_with("Valid"), "{id} {test}: table says {want}");
        }
        let mut nums = id.split('.').map(|n| n.parse::<u32>().unwrap());
        let section = (nums.next().unwrap(), nums.next().unwrap());
        let (got, why) = run(&pool, test);
        let ok = got == (want == "valid");
        let entry = counts.entry(section).or_default();
        match (ok, exceptions.get(id)) {
            (_, Some(_)) => {
                entry.2 += 1;
                if ok {
                    unneeded.push(format!("note: {id} {test} gives the expected verdict although excepted (check whether the exception still applies)"));
                }
            }
            (true, None) => entry.0 += 1,
            (false, None) => {
                entry.1 += 1;
                failures.push(format!("{id} {test}: expected {want}, got {} ({why})", if got { "valid" } else { "invalid" }));
            }
        }
    }
    println!("\nPKITS conformance (NIST PKITS 2011 data, evaluated at 2026-11-23T00:00:00Z)");
    println!("{:<8} {:>7} {:>7} {:>9}", "section", "passed", "failed", "excepted");
    let mut total = (0, 0, 0);
    for (s, (p, f, e)) in &counts {
        println!("{:<8} {p:>7} {f:>7} {e:>9}", format!("{}.{}", s.0, s.1));
        total = (total.0 + p, total.1 + f, total.2 + e);
    }
    println!("{:<8} {:>7} {:>7} {:>9}", "total", total.0, total.1, total.2);
    for (id, why) in &exceptions {
        println!("excepted {id}: {why}");
    }
    for f in &failures {
        println!("FAILED {f}");
    }
    assert!(failures.is_empty(), "{} PKITS tests failed:\n{}", failures.len(), failures.join("\n"));
    for u in &unneeded {
        println!("{u}");
    }
    assert!(total.0 >= 100, "too few PKITS tests passed: {}", total.0);
}

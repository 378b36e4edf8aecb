//! Hostile inputs from the 2026-12-01 security review: each must end in
//! bounded work with a named limit and a plain message. The inputs are built
//! here by small DER builders (Ed25519 signatures from fixed seeds), so no
//! multi-megabyte blobs are committed.
//!
//! Every case asserts the CPU time of the thread that ran it (from
//! /proc/thread-self/stat on Linux; wall time elsewhere) against a limit loose
//! enough for a busy 2-core CI machine in a debug build; each took tens of
//! seconds to minutes before the budgets existed.
//!
//! `HOSTILE_OUT=/some/dir cargo test --test hostile -- --ignored write_hostile_files`
//! writes the inputs as files, for measuring the release CLI.
#![cfg(not(target_arch = "wasm32"))]
// In tests a panic is a failing test: unwrap and indexing are the clearest way to say it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::cast_possible_truncation)]

use std::time::{Duration, Instant};

use certlens::report::Report;
use certlens::{analyze, InputFile, Options};
use ed25519_dalek::{Signer as _, SigningKey};

/// 2026-11-23T00:00:00Z.
const AT: i64 = 1_795_392_000;
/// CPU time allowed for one hostile input (debug build, busy CI).
const LIMIT: Duration = Duration::from_secs(5);

/// CPU time of the calling thread.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // After the command name: state is field 3, utime 14, stime 15 (clock ticks, 100 per second).
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Run `f`, assert it stayed within [`LIMIT`], and return its result.
fn bounded<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let (cpu0, wall0) = (thread_cpu(), Instant::now());
    let out = f();
    let spent = match (cpu0, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall0.elapsed(),
    };
    eprintln!("{what}: {spent:?} CPU");
    assert!(spent < LIMIT, "{what}: {spent:?} of CPU time, more than {LIMIT:?}");
    out
}

fn analyse(files: Vec<InputFile>) -> Report {
    analyze(&files, &Options::at(AT))
}

fn codes(r: &Report, code: &str) -> Vec<String> {
    r.diagnostics.iter().filter(|d| d.code == code).map(|d| d.message.clone()).collect()
}

/// Minimal DER encoding.
mod der {
    pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = content.len();
        if n < 0x80 {
            out.push(n as u8);
        } else {
            let bytes = n.to_be_bytes();
            let skip = bytes.iter().take_while(|b| **b == 0).count();
            out.push(0x80 | (bytes.len() - skip) as u8);
            out.extend_from_slice(&bytes[skip..]);
        }
        out.extend_from_slice(content);
        out
    }

    pub fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    pub fn set(parts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x31, &parts.concat())
    }

    pub fn oid(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut body = Vec::new();
        let mut push = |mut v: u64| {
            let mut tmp = vec![(v & 0x7f) as u8];
            v >>= 7;
            while v > 0 {
                tmp.push(0x80 | (v & 0x7f) as u8);
                v >>= 7;
            }
            tmp.reverse();
            body.extend(tmp);
        };
        push(arcs[0] * 40 + arcs[1]);
        for a in &arcs[2..] {
            push(*a);
        }
        tlv(0x06, &body)
    }

    /// A non-negative INTEGER.
    pub fn uint(n: u64) -> Vec<u8> {
        let mut v: Vec<u8> = n.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        if v.first().is_none_or(|b| b & 0x80 != 0) {
            v.insert(0, 0);
        }
        tlv(0x02, &v)
    }

    pub fn octets(b: &[u8]) -> Vec<u8> {
        tlv(0x04, b)
    }

    /// A Name with one CN.
    pub fn name(cn: &str) -> Vec<u8> {
        seq(&[set(&[seq(&[oid("2.5.4.3"), tlv(0x0c, cn.as_bytes())])])])
    }
}

use der::{name, octets, oid, seq, tlv, uint};

fn key(seed: u64) -> SigningKey {
    let mut b = [0x5au8; 32];
    b[..8].copy_from_slice(&seed.to_be_bytes());
    SigningKey::from_bytes(&b)
}

fn key_id(k: &SigningKey) -> Vec<u8> {
    k.verifying_key().as_bytes()[..20].to_vec()
}

fn ext(id: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![oid(id)];
    if critical {
        parts.push(tlv(0x01, &[0xff]));
    }
    parts.push(octets(value));
    seq(&parts)
}

/// What a test certificate holds.
struct Spec<'a> {
    subject: &'a str,
    issuer: &'a str,
    key: &'a SigningKey,
    issuer_key: &'a SigningKey,
    serial: u64,
    ca: bool,
    dns_names: &'a [String],
    permitted_dns: &'a [String],
}

impl<'a> Spec<'a> {
    fn new(subject: &'a str, issuer: &'a str, key: &'a SigningKey, issuer_key: &'a SigningKey, serial: u64, ca: bool) -> Self {
        Spec { subject, issuer, key, issuer_key, serial, ca, dns_names: &[], permitted_dns: &[] }
    }
}

/// An Ed25519 certificate signed by `issuer_key`.
fn cert(s: &Spec<'_>) -> Vec<u8> {
    let alg = seq(&[oid("1.3.101.112")]);
    let spki = seq(&[alg.clone(), tlv(0x03, &[&[0u8][..], s.key.verifying_key().as_bytes()].concat())]);
    let mut exts = Vec::new();
    if s.ca {
        exts.push(ext("2.5.29.19", true, &seq(&[tlv(0x01, &[0xff])])));
        exts.push(ext("2.5.29.15", true, &tlv(0x03, &[1, 0x06])));
    } else {
        exts.push(ext("2.5.29.15", true, &tlv(0x03, &[7, 0x80])));
    }
    exts.push(ext("2.5.29.14", false, &octets(&key_id(s.key))));
    exts.push(ext("2.5.29.35", false, &seq(&[tlv(0x80, &key_id(s.issuer_key))])));
    if !s.dns_names.is_empty() {
        let names: Vec<Vec<u8>> = s.dns_names.iter().map(|d| tlv(0x82, d.as_bytes())).collect();
        exts.push(ext("2.5.29.17", false, &seq(&names)));
    }
    if !s.permitted_dns.is_empty() {
        let subtrees: Vec<Vec<u8>> = s.permitted_dns.iter().map(|d| seq(&[tlv(0x82, d.as_bytes())])).collect();
        exts.push(ext("2.5.29.30", true, &seq(&[tlv(0xa0, &subtrees.concat())])));
    }
    let validity = seq(&[tlv(0x17, b"250101000000Z"), tlv(0x17, b"351231000000Z")]);
    let tbs = seq(&[
        tlv(0xa0, &uint(2)),
        uint(s.serial),
        alg.clone(),
        name(s.issuer),
        validity,
        name(s.subject),
        spki,
        tlv(0xa3, &seq(&exts)),
    ]);
    let sig = s.issuer_key.sign(&tbs);
    seq(&[tbs, alg, tlv(0x03, &[&[0u8][..], &sig.to_bytes()].concat())])
}

/// A degenerate PKCS#7 signedData holding `certs` (a .p7b).
fn p7b(certs: &[Vec<u8>]) -> Vec<u8> {
    let sd = seq(&[uint(1), der::set(&[]), seq(&[oid("1.2.840.113549.1.7.1")]), tlv(0xa0, &certs.concat()), der::set(&[])]);
    seq(&[oid("1.2.840.113549.1.7.2"), tlv(0xa0, &sd)])
}

// ---- The hostile inputs -------------------------------------------------------------

/// A root with `n` permitted DNS subtrees and a leaf with `n` DNS names, each
/// inside only the last subtree: the naive check compares every name with every subtree.
fn name_constraints_pair(n: usize) -> Vec<u8> {
    let (root_key, leaf_key) = (key(1), key(2));
    let mut permitted: Vec<String> = (0..n).map(|i| format!("p{i}.example")).collect();
    permitted.push("ok.example".into());
    let names: Vec<String> = (0..n).map(|i| format!("h{i}.ok.example")).collect();
    let root = cert(&Spec { permitted_dns: &permitted, ..Spec::new("NC Root", "NC Root", &root_key, &root_key, 1, true) });
    let leaf = cert(&Spec { dns_names: &names, ..Spec::new("NC Leaf", "NC Root", &leaf_key, &root_key, 2, false) });
    p7b(&[leaf, root])
}

/// A leaf under a chain of `n` CAs ("R CA 0" just above the leaf, "R CA {n-1}" the root).
fn deep_chain(n: u64) -> Vec<u8> {
    let keys: Vec<SigningKey> = (0..n).map(|i| key(100 + i)).collect();
    let leaf_key = key(99);
    let mut certs = vec![cert(&Spec::new("Deep Leaf", "R CA 0", &leaf_key, &keys[0], 1, false))];
    for i in 0..n as usize {
        let issuer = if i + 1 == n as usize { i } else { i + 1 };
        certs.push(cert(&Spec::new(&format!("R CA {i}"), &format!("R CA {issuer}"), &keys[i], &keys[issuer], 10 + i as u64, true)));
    }
    p7b(&certs)
}

/// `levels` × `width` CAs: every CA of a level shares the level's name and key and is
/// signed by the level above, so each has `width` issuers whose signatures all verify.
fn cross_signed(levels: u64, width: u64) -> Vec<u8> {
    let keys: Vec<SigningKey> = (0..levels).map(|l| key(1000 + l)).collect();
    let mut certs = Vec::new();
    for l in 0..levels as usize {
        let up = if l + 1 == levels as usize { l } else { l + 1 };
        for w in 0..width {
            certs.push(cert(&Spec::new(&format!("X CA {l}"), &format!("X CA {up}"), &keys[l], &keys[up], (l as u64) << 20 | w, true)));
        }
    }
    p7b(&certs)
}

/// `n` CAs in a ring (each issued by the next, the last by the first), and a leaf under the first.
fn ring(n: u64) -> Vec<u8> {
    let keys: Vec<SigningKey> = (0..n).map(|i| key(50_000 + i)).collect();
    let leaf_key = key(49_999);
    let mut certs = vec![cert(&Spec::new("Ring Leaf", "Ring CA 0", &leaf_key, &keys[0], 1, false))];
    for i in 0..n as usize {
        let up = (i + 1) % n as usize;
        certs.push(cert(&Spec::new(&format!("Ring CA {i}"), &format!("Ring CA {up}"), &keys[i], &keys[up], 10 + i as u64, true)));
    }
    p7b(&certs)
}

/// An Ed25519 CA and `n` leaves under it.
fn ed25519_leaves(n: u64) -> Vec<u8> {
    let ca_key = key(7);
    let mut certs = vec![cert(&Spec::new("Ed CA", "Ed CA", &ca_key, &ca_key, 1, true))];
    for i in 0..n {
        certs.push(cert(&Spec::new(&format!("Ed Leaf {i}"), "Ed CA", &key(10_000 + i), &ca_key, 2 + i, false)));
    }
    p7b(&certs)
}

// ---- Chains ------------------------------------------------------------------------------

#[test]
fn name_constraints_flood_is_refused_not_trusted() {
    let pair = name_constraints_pair(20_000);
    let r = bounded("name constraints 20,000 × 20,001", || analyse(vec![InputFile::new("nc.p7b", pair)]));
    let found = codes(&r, "name-constraints-budget-exceeded");
    assert_eq!(found.len(), 1, "{:#?}", r.diagnostics.iter().map(|d| &d.code).collect::<Vec<_>>());
    assert!(found[0].contains("too many name constraint checks (20001 names × 20001 constraints"), "{}", found[0]);
    assert!(found[0].contains("not checked"), "{}", found[0]);
    let chain = r.hierarchy.chains.iter().find(|c| c.best.elements.first().is_some_and(|e| e.label == "NC Leaf")).unwrap();
    assert!(chain.best.trusted, "the root is there");
    assert_eq!(chain.best.status, certlens::chain::NodeStatus::Invalid, "an unchecked constraint never passes as valid");
}

#[test]
fn depth_limit_is_named_not_blamed_on_a_missing_issuer() {
    let p7 = deep_chain(20);
    let r = bounded("chain of 20 CAs", || analyse(vec![InputFile::new("deep.p7b", p7)]));
    let depth = codes(&r, "chain-depth-limit");
    assert_eq!(depth.len(), 1, "{:#?}", r.diagnostics);
    assert!(depth[0].contains("depth limit reached") && depth[0].contains("\"R CA 15\""), "{}", depth[0]);
    assert!(codes(&r, "chain-issuer-missing").is_empty(), "{:#?}", codes(&r, "chain-issuer-missing"));
    assert!(!r.diagnostics.iter().any(|d| d.message.contains("was not provided")));
}

#[test]
fn cross_signed_flood_ends_with_one_budget_message() {
    // 3,000 here (debug build); the release CLI is timed on 10,000 (README, "Limits").
    let p7 = cross_signed(20, 150);
    let r = bounded("3,000 cross-signed CAs", || analyse(vec![InputFile::new("cross.p7b", p7)]));
    assert_eq!(r.certificates.len(), 3_000);
    let general: Vec<_> = r.hierarchy.diagnostics.iter().filter(|d| d.code == "chain-budget-exceeded" && d.certificate.is_none()).collect();
    assert_eq!(general.len(), 1, "{general:#?}");
    assert!(general[0].message.starts_with("budget exhausted: ") && general[0].message.contains("certificates were not chained"), "{}", general[0].message);
    assert!(codes(&r, "chain-issuer-missing").is_empty(), "every issuer is in the file");
    assert!(r.hierarchy.work.gave_up);
    let too_many = codes(&r, "chain-too-many-candidates");
    assert!(too_many.len() <= 11, "{} findings", too_many.len());
}

#[test]
fn ring_of_cas_is_bounded() {
    // 3,000 here (debug build); the release CLI is timed on 10,000 (README, "Limits").
    let p7 = ring(3_000);
    let r = bounded("ring of 3,000 CAs", || analyse(vec![InputFile::new("ring.p7b", p7)]));
    assert_eq!(r.certificates.len(), 3_001);
    let leaf = r.hierarchy.chains.iter().find(|c| c.best.elements.first().is_some_and(|e| e.label == "Ring Leaf")).unwrap();
    assert!(leaf.best.has("chain-depth-limit") || leaf.best.has("chain-budget-exceeded"), "{:#?}", leaf.best.diagnostics);
    assert!(codes(&r, "chain-issuer-missing").is_empty());
}

#[test]
fn a_thousand_ed25519_leaves_verify_quickly() {
    let p7 = ed25519_leaves(1_000);
    let r = bounded("1,000 Ed25519 leaves", || analyse(vec![InputFile::new("ed.p7b", p7)]));
    assert_eq!(r.hierarchy.chains.len(), 1_000);
    assert!(r.hierarchy.chains.iter().all(|c| c.best.trusted && c.best.status != certlens::chain::NodeStatus::Invalid));
    assert!(!r.hierarchy.work.gave_up);
}

/// Writes the hostile inputs to `$HOSTILE_OUT` (for timing the release CLI).
#[test]
#[ignore = "writes files; run by hand"]
fn write_hostile_files() {
    let dir = std::path::PathBuf::from(std::env::var("HOSTILE_OUT").expect("set HOSTILE_OUT"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("nc_pair.p7b"), name_constraints_pair(20_000)).unwrap();
    std::fs::write(dir.join("deep.p7b"), deep_chain(20)).unwrap();
    std::fs::write(dir.join("cross.p7b"), cross_signed(20, 500)).unwrap();
    std::fs::write(dir.join("ring.p7b"), ring(10_000)).unwrap();
    std::fs::write(dir.join("ed25519_1000.p7b"), ed25519_leaves(1_000)).unwrap();
}


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
    r.diagnostics.iter().filter(|d| d.code.as_str() == code).map(|d| d.message.to_string()).collect()
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
    assert!(found[0].contains("too many name constraint checks (20,001 names × 20,001 constraints"), "{}", found[0]);
    assert!(found[0].contains("not checked"), "{}", found[0]);
    let chain = r.hierarchy.chains.iter().find(|c| c.best.elements.first().is_some_and(|e| &*e.label == "NC Leaf")).unwrap();
    assert!(chain.best.trusted, "the root is there");
    assert_eq!(chain.best.status, certlens::chain::NodeStatus::Invalid, "an unchecked constraint never passes as valid");
}

#[test]
fn depth_limit_is_named_not_blamed_on_a_missing_issuer() {
    let p7 = deep_chain(20);
    let r = bounded("chain of 20 CAs", || analyse(vec![InputFile::new("deep.p7b", p7)]));
    let depth = codes(&r, "chain-depth-limit");
    assert_eq!(depth.len(), 1, "{:#?}", r.diagnostics);
    // Said of where the chain stops, the certificate it is filed under.
    assert!(depth[0].starts_with("deep.p7b: R CA 14: depth limit reached") && depth[0].contains("its issuer \"R CA 15\""), "{}", depth[0]);
    assert!(codes(&r, "chain-issuer-missing").is_empty(), "{:#?}", codes(&r, "chain-issuer-missing"));
    assert!(!r.diagnostics.iter().any(|d| d.message.contains("was not provided")));
}

#[test]
fn cross_signed_flood_ends_with_one_budget_message() {
    // 3,000 here (debug build); the release CLI is timed on 10,000 (README, "Limits").
    let p7 = cross_signed(20, 150);
    let r = bounded("3,000 cross-signed CAs", || analyse(vec![InputFile::new("cross.p7b", p7)]));
    assert_eq!(r.certificates.len(), 3_000);
    let general: Vec<_> = r.hierarchy.diagnostics.iter().filter(|d| d.code.as_str() == "chain-budget-exceeded" && d.certificate.is_none()).collect();
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
    let leaf = r.hierarchy.chains.iter().find(|c| c.best.elements.first().is_some_and(|e| &*e.label == "Ring Leaf")).unwrap();
    assert!(leaf.best.has(certlens::diag::Code::ChainDepthLimit) || leaf.best.has(certlens::diag::Code::ChainBudgetExceeded), "{:#?}", leaf.best.diagnostics);
    assert!(codes(&r, "chain-issuer-missing").is_empty());
}

/// Event XML with a million event starts and no end: each byte is looked at a few times, not
/// once per start (a 20 MB paste would otherwise be read a million times over).
/// Ten thousand certificates that end alike (their length and the last bytes of their
/// signature the same) and differ just before: the listing's duplicate check compares each
/// with a few others that end so (at most 8, `SeenDer::SHARED`), the rest by their whole
/// bytes, not each with all (50 million comparisons of a kilobyte).
#[test]
fn certificates_that_end_alike_are_listed_once_each_in_linear_time() {
    let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chain/ee_client.der")).unwrap();
    let n = 10_000u32;
    let at = der.len() - 40;
    let certs: Vec<Vec<u8>> = (0..n)
        .map(|k| {
            let mut d = der.clone();
            d[at] = k as u8;
            d[at + 1] = (k >> 8) as u8;
            d
        })
        .collect();
    let files = [InputFile::new("alike.p7b", p7b(&certs))];
    let listing = bounded("10,000 certificates that end alike, listed", || certlens::analysis::list(&files, AT, &mut |_| {}));
    assert_eq!(listing.certificates.len(), n as usize);
}

#[test]
fn event_xml_without_ends_is_read_once() {
    let text = format!("<EventID>Schannel{}", "<Event >".repeat(1_000_000));
    let r = bounded("a million Schannel event starts", || analyse(vec![InputFile::new("events.xml", text.into_bytes())]));
    assert!(r.certificates.is_empty() && !r.files[0].problems.is_empty(), "{:?}", r.files[0]);
}

#[test]
fn a_thousand_ed25519_leaves_verify_quickly() {
    let p7 = ed25519_leaves(1_000);
    let r = bounded("1,000 Ed25519 leaves", || analyse(vec![InputFile::new("ed.p7b", p7)]));
    assert_eq!(r.hierarchy.chains.len(), 1_000);
    assert!(r.hierarchy.chains.iter().all(|c| c.best.trusted && c.best.status != certlens::chain::NodeStatus::Invalid));
    assert!(!r.hierarchy.work.gave_up);
}

// ---- PKCS#12 and encrypted keys -------------------------------------------------------------

const DATA: &str = "1.2.840.113549.1.7.1";
const BAG_KEY: &str = "1.2.840.113549.1.12.10.1.1";
const BAG_SHROUDED: &str = "1.2.840.113549.1.12.10.1.2";
const BAG_SAFE: &str = "1.2.840.113549.1.12.10.1.6";

fn bag(id: &str, value: &[u8]) -> Vec<u8> {
    seq(&[oid(id), tlv(0xa0, value)])
}

/// An unencrypted Ed25519 PKCS#8 key.
fn pkcs8_ed25519(seed: u8) -> Vec<u8> {
    seq(&[uint(0), seq(&[oid("1.3.101.112")]), octets(&octets(&[seed; 32]))])
}

/// PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC) parameters with an iteration count as raw INTEGER content.
fn pbes2(iterations: &[u8]) -> Vec<u8> {
    let kdf = seq(&[
        oid("1.2.840.113549.1.5.12"),
        seq(&[octets(b"saltsalt"), tlv(0x02, iterations), seq(&[oid("1.2.840.113549.2.9"), vec![5, 0]])]),
    ]);
    seq(&[oid("1.2.840.113549.1.5.13"), seq(&[kdf, seq(&[oid("2.16.840.1.101.3.4.1.42"), octets(&[7; 16])])])])
}

fn count(n: u64) -> Vec<u8> {
    uint(n)[2..].to_vec()
}

/// An encrypted key bag (the ciphertext is noise: it does not decrypt, but every derivation is done).
fn shrouded_bag(iterations: &[u8]) -> Vec<u8> {
    bag(BAG_SHROUDED, &seq(&[pbes2(iterations), octets(&[0x42; 48])]))
}

/// A PFX with one plain data part holding `bags`; a MAC when `mac` is given
/// (digest algorithm SHA-256, key from the empty password) with this raw iteration count.
fn pfx(bags: &[Vec<u8>], mac_iterations: Option<&[u8]>) -> Vec<u8> {
    let auth_safe = seq(&[seq(&[oid(DATA), tlv(0xa0, &octets(&seq(bags)))])]);
    let mut top = vec![uint(3), seq(&[oid(DATA), tlv(0xa0, &octets(&auth_safe))])];
    if let Some(it) = mac_iterations {
        use certlens::input::pbe::{pkcs12_kdf, HashAlg};
        let key = pkcs12_kdf(HashAlg::Sha256, &[0, 0], b"macsalt!", 3, 1, 32);
        let digest = HashAlg::Sha256.hmac(&key, &auth_safe);
        let alg = seq(&[oid("2.16.840.1.101.3.4.2.1"), vec![5, 0]]);
        top.push(seq(&[seq(&[alg, octets(&digest)]), octets(b"macsalt!"), tlv(0x02, it)]));
    }
    seq(&top)
}

fn decode_with(file: &InputFile, budget: u64) -> certlens::input::DecodedFile {
    certlens::input::decode_file_with_budget(file, &mut certlens::input::pbe::DerivationBudget::new(budget))
}

fn problems(d: &certlens::input::DecodedFile, code: &str) -> Vec<String> {
    d.problems.iter().filter(|p| p.code.as_str() == code).map(|p| p.message.clone()).collect()
}

/// The derivation budget is sized in release-build time (README, "Limits"); a
/// debug build runs PBKDF2 about 50 times slower, so these cases scale the
/// budget and the iteration counts down by the same factor: the same code
/// path, the same messages.
const SCALED_BUDGET: u64 = 50_000;

#[test]
fn fifty_key_bags_stop_at_the_derivation_budget() {
    let bags: Vec<Vec<u8>> = (0..50).map(|_| shrouded_bag(&count(20_000))).collect();
    let file = InputFile::new("fifty.pfx", pfx(&bags, None));
    // No password: the empty password is tried in both of its forms, each a derivation.
    let d = bounded("50 key bags × 20,000 iterations", || decode_with(&file, SCALED_BUDGET));
    let over = problems(&d, "kdf-budget-exceeded");
    assert_eq!(over.len(), 1, "{:#?}", d.problems);
    assert!(over[0].starts_with("49 of 50 key bags were not decrypted: the file asks for more key-derivation work than certlens allows"), "{}", over[0]);
    assert_eq!(d.keys.len(), 50, "every key bag is still listed");
    assert!(problems(&d, "pkcs12-wrong-password").is_empty());
}

#[test]
fn the_default_budget_opens_a_few_bags_at_the_maximum_and_refuses_fifty() {
    use certlens::input::pbe::{derivation_work, HashAlg, MAX_DERIVATION_WORK, MAX_ITERATIONS};
    let pbes2 = derivation_work(HashAlg::Sha256, true, MAX_ITERATIONS, 32);
    let legacy_3des = derivation_work(HashAlg::Sha1, false, MAX_ITERATIONS, 24) + derivation_work(HashAlg::Sha1, false, MAX_ITERATIONS, 8);
    let mac = derivation_work(HashAlg::Sha256, false, MAX_ITERATIONS, 32);
    // Without a password the MAC may be computed for both forms of the empty password.
    assert!(2 * mac + 5 * pbes2 <= MAX_DERIVATION_WORK, "MAC + encrypted part + 4 AES key bags");
    let legacy_mac = derivation_work(HashAlg::Sha1, false, MAX_ITERATIONS, 20);
    assert!(2 * legacy_mac + 4 * legacy_3des <= MAX_DERIVATION_WORK, "MAC + 3DES part + 3 3DES key bags");
    assert!(50 * pbes2 > MAX_DERIVATION_WORK);
}

#[test]
fn fifty_encrypted_pem_keys_stop_at_the_derivation_budget() {
    let mut pem = String::new();
    let key = seq(&[pbes2(&count(20_000)), octets(&[0x42; 48])]);
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&key);
    for _ in 0..50 {
        pem.push_str(&format!("-----BEGIN ENCRYPTED PRIVATE KEY-----\n{b64}\n-----END ENCRYPTED PRIVATE KEY-----\n"));
    }
    let file = InputFile::new("keys.pem", pem.into_bytes()).with_password("not the password");
    let d = bounded("50 encrypted PEM keys × 20,000 iterations", || decode_with(&file, SCALED_BUDGET));
    let over = problems(&d, "kdf-budget-exceeded");
    assert_eq!(over.len(), 1, "{:#?}", d.problems);
    assert!(over[0].starts_with("48 of 50 encrypted private keys were not decrypted"), "{}", over[0]);
    // The two that were tried are wrong; the others are not blamed on the password.
    assert_eq!(problems(&d, "key-wrong-password").len(), 2);
}

/// `depth` levels of safeContents bags around an unencrypted key bag.
fn nested_key(depth: usize) -> Vec<u8> {
    let mut b = bag(BAG_KEY, &pkcs8_ed25519(9));
    for _ in 0..depth {
        b = bag(BAG_SAFE, &seq(&[b]));
    }
    pfx(&[b], None)
}

#[test]
fn a_key_five_levels_deep_is_found_and_deeper_ones_are_reported() {
    let r = bounded("key 5 levels deep", || analyse(vec![InputFile::new("nested5.pfx", nested_key(5))]));
    assert_eq!(r.keys.len(), 1, "{:#?}", r.diagnostics);
    assert!(codes(&r, "pkcs12-nesting-too-deep").is_empty());
    let r = bounded("key 40 levels deep", || analyse(vec![InputFile::new("nested40.pfx", nested_key(40))]));
    assert!(r.keys.is_empty());
    let deep = codes(&r, "pkcs12-nesting-too-deep");
    assert_eq!(deep.len(), 1, "{:#?}", r.diagnostics);
    assert!(deep[0].contains("nested more than 16 levels deep") && deep[0].contains("private key"), "{}", deep[0]);
}

#[test]
fn absurd_iteration_counts_are_malformed_never_a_wrong_password() {
    let counts: [(&[u8], &str); 4] = [
        (&[1, 0, 0, 0, 0, 0, 0, 0, 0], "2^64 or more"),
        (&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "2^128 or more"),
        (&[0xff], "-1"),
        (&[0], "count 0 "),
    ];
    for (raw, shown) in counts {
        for password in [None, Some("")] {
            // The MAC's count: the key bag beside it is plain and must still be shown.
            let mut file = InputFile::new("mac.pfx", pfx(&[bag(BAG_KEY, &pkcs8_ed25519(3))], Some(raw)));
            file.password = password.map(str::to_string);
            let r = analyse(vec![file]);
            let damaged = codes(&r, "pkcs12-damaged");
            assert!(damaged.iter().any(|m| m.contains("integrity check (MAC) is damaged") && m.contains(shown)), "{shown}: {damaged:#?}");
            assert!(codes(&r, "pkcs12-wrong-password").is_empty(), "{shown}: {:#?}", r.diagnostics);
            assert_eq!(r.keys.len(), 1);
            // A key bag's count.
            let mut file = InputFile::new("bag.pfx", pfx(&[shrouded_bag(raw)], None));
            file.password = password.map(str::to_string);
            let r = analyse(vec![file]);
            let damaged = codes(&r, "pkcs12-damaged");
            assert!(damaged.iter().any(|m| m.contains("encrypted private key is damaged") && m.contains(shown)), "{shown}: {damaged:#?}");
            assert!(codes(&r, "pkcs12-wrong-password").is_empty(), "{shown}: {:#?}", r.diagnostics);
        }
    }
}

/// A count over the limit is refused by name, both numbers grouped as every count.
#[test]
fn an_iteration_count_over_the_limit_is_refused_in_words() {
    let r = analyse(vec![InputFile::new("slow.pfx", pfx(&[shrouded_bag(&count(3_000_000))], None))]);
    let said: Vec<String> = r.diagnostics.iter().map(|d| d.message.to_string()).collect();
    assert!(said.iter().any(|m| m.contains("an iteration count of 3,000,000 (more than 2,000,000, refused")), "{said:#?}");
}

#[test]
fn a_password_given_for_a_file_that_opens_without_one_is_not_called_wrong() {
    let file = InputFile::new("empty.pfx", pfx(&[bag(BAG_KEY, &pkcs8_ed25519(4))], Some(&[1]))).with_password("Pässwörd");
    let r = analyse(vec![file]);
    assert!(codes(&r, "pkcs12-wrong-password").is_empty(), "{:#?}", r.diagnostics);
    let empty = codes(&r, "pkcs12-empty-password");
    assert!(empty.iter().any(|m| m.contains("opened with an empty password, not with the password given")), "{empty:#?}");
    let c = r.files[0].container.as_ref().unwrap();
    assert_eq!(c.password, certlens::input::PasswordState::Empty);
    assert_eq!(c.mac.as_ref().unwrap().verified, Some(true));
}

// ---- The command line -----------------------------------------------------------------------

#[cfg(unix)]
mod cli {
    use std::process::{Command, Output};

    /// Run the CLI with 200 MB of address space (reading a 200 MB file or
    /// /dev/zero whole would abort) and within [`super::LIMIT`] of wall time.
    fn certlens_limited(args: &str) -> Output {
        let cmd = format!("ulimit -v 200000; exec \"{}\" {args}", env!("CARGO_BIN_EXE_certlens"));
        let start = std::time::Instant::now();
        let out = Command::new("sh").arg("-c").arg(cmd).output().unwrap();
        assert!(start.elapsed() < super::LIMIT, "certlens {args}: {:?}", start.elapsed());
        out
    }

    fn stderr(o: &Output) -> String {
        String::from_utf8_lossy(&o.stderr).into_owned()
    }

    fn stdout(o: &Output) -> String {
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn assert_refused(o: &Output) {
        assert_eq!(o.status.code(), Some(1), "{}{}", stdout(o), stderr(o));
        assert!(stdout(o).contains("larger than the 20 MB limit: certlens did not read past 20 MB"), "{}", stdout(o));
    }

    #[test]
    fn dev_zero_and_huge_files_are_read_only_to_the_limit() {
        if !std::path::Path::new("/dev/zero").exists() {
            return;
        }
        assert_refused(&certlens_limited("/dev/zero"));
        assert_refused(&certlens_limited("- < /dev/zero"));
        let dir = std::env::temp_dir().join(format!("certlens-hostile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.pfx");
        // Sparse: 200 MB of zeros without using the disk.
        std::fs::File::create(&big).unwrap().set_len(200 << 20).unwrap();
        assert_refused(&certlens_limited(&format!("\"{}\"", big.display())));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn fixture(rel: &str) -> String {
        format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn password_env_with_bytes_that_are_not_utf8_is_named() {
        use std::os::unix::ffi::OsStrExt as _;
        let o = Command::new(env!("CARGO_BIN_EXE_certlens"))
            .args(["--password-env", "CERTLENS_TEST_PW", &fixture("chain/ee_client.cer")])
            .env("CERTLENS_TEST_PW", std::ffi::OsStr::from_bytes(&[b'p', 0xff, 0xfe]))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--password-env CERTLENS_TEST_PW: the variable is set but holds bytes that are not UTF-8"), "{}", stderr(&o));
        let o = Command::new(env!("CARGO_BIN_EXE_certlens"))
            .args(["--password-env", "CERTLENS_TEST_PW", &fixture("chain/ee_client.cer")])
            .env_remove("CERTLENS_TEST_PW")
            .output()
            .unwrap();
        assert!(stderr(&o).contains("the variable is not set"), "{}", stderr(&o));
    }

    #[test]
    fn a_certificate_number_that_is_not_there_is_a_usage_error() {
        let o = Command::new(env!("CARGO_BIN_EXE_certlens")).args(["--certificate", "5", &fixture("chain/ee_client.cer")]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(stderr(&o).contains("--certificate 5: there is no certificate number 5: the input holds 1 certificate, number 0"), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
        let o = Command::new(env!("CARGO_BIN_EXE_certlens")).args(["--certificate", "0", &fixture("chain/ee_client.cer")]).output().unwrap();
        assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    }
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
    let bags: Vec<Vec<u8>> = (0..50).map(|_| shrouded_bag(&count(2_000_000))).collect();
    std::fs::write(dir.join("fifty_bags.pfx"), pfx(&bags, None)).unwrap();
    std::fs::write(dir.join("nested5.pfx"), nested_key(5)).unwrap();
}


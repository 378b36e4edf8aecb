//! The chain layer's work budget, counted in time, not only in checks.
//!
//! A hostile drop (thousands of cross-signed CAs sharing one name, a ring of
//! CAs, certificates with thousands of names) must end in a few seconds with a
//! named limit. Work is counted in units of about one microsecond of native
//! release-build CPU time: a signature check costs what its algorithm and key
//! size cost (an RSA-4096 or P-521 check is worth many Ed25519 checks), plus
//! hashing the signed bytes; building and validating paths costs a little per
//! certificate. The weights were measured on x86-64 (see README, "Limits");
//! the browser runs the same work about 1.5 to 3 times slower.

use crate::der;

/// Work units (≈ µs of native CPU time) any analysis may spend on chains.
pub const WORK_BUDGET_BASE: u64 = 2_000_000;

/// The most work units one analysis may spend on chains, however many certificates it has.
pub const WORK_BUDGET_MAX: u64 = 8_000_000;

/// Units charged for looking at one candidate issuer (sorting, comparing names).
pub const CANDIDATE_COST: u64 = 1;

/// Units charged per certificate of a path that is validated (validity,
/// constraints, policies, revocation lookups, messages).
pub const PATH_ELEMENT_COST: u64 = 20;

/// Bytes hashed per unit (SHA-2 runs at about 400 MB/s natively).
const BYTES_PER_UNIT: u64 = 400;

/// The work budget for certificates whose own signatures cost `costs`: the base
/// plus two signature checks per certificate (an honest bundle needs about one),
/// at most [`WORK_BUDGET_MAX`]. A flood of same-name issuers needs many checks
/// per certificate and stops at the limit.
pub fn work_budget(costs: impl Iterator<Item = u64>) -> u64 {
    costs.fold(WORK_BUDGET_BASE, |acc, c| acc.saturating_add(c.saturating_mul(2))).min(WORK_BUDGET_MAX)
}

/// Measured on x86-64 (release build, 2026-12): µs per verification.
const RSA_2048: u64 = 650;
const ECDSA_P256: u64 = 650;
const ECDSA_P384: u64 = 2_100;
const ECDSA_P521: u64 = 2_400;
const ED25519: u64 = 80;
const NOT_VERIFIED: u64 = 5;

fn rsa_cost(bits: u64) -> u64 {
    let bits = bits.clamp(512, 16_384);
    (bits * bits / (2048 * 2048 / RSA_2048)).max(NOT_VERIFIED)
}

fn hashing(signed_len: usize) -> u64 {
    u64::try_from(signed_len).unwrap_or(u64::MAX) / BYTES_PER_UNIT
}

/// The cost of checking a signature over `signed_len` bytes with algorithm
/// `algorithm` (AlgorithmIdentifier TLV) and the issuer key `spki` (TLV).
pub fn signature_cost(algorithm: &[u8], spki: &[u8], signed_len: usize) -> u64 {
    let oid = super::verify::algorithm_parts(algorithm).map(|(o, _)| o).unwrap_or_default();
    let check = match oid.as_str() {
        // RSA PKCS#1 v1.5 and PSS: a public-exponent operation, quadratic in the modulus size.
        o if o.starts_with("1.2.840.113549.1.1.") => rsa_cost(rsa_bits(spki).unwrap_or(2048)),
        o if o.starts_with("1.2.840.10045.4.") => match ec_curve(spki).as_deref() {
            Some("1.2.840.10045.3.1.7") => ECDSA_P256,
            Some("1.3.132.0.34") => ECDSA_P384,
            Some("1.3.132.0.35") => ECDSA_P521,
            _ => NOT_VERIFIED,
        },
        "1.3.101.112" => ED25519,
        // Named but not verified (MD5, DSA, Ed448, unknown): no arithmetic.
        _ => NOT_VERIFIED,
    };
    check.saturating_add(hashing(signed_len))
}

/// The likely cost of checking a certificate's own signature, before its issuer
/// is known: the key size shows in the signature (an RSA signature is as long
/// as the modulus; an ECDSA one grows with the curve).
pub fn own_signature_cost(algorithm: &[u8], signature: &[u8], signed_len: usize) -> u64 {
    let oid = super::verify::algorithm_parts(algorithm).map(|(o, _)| o).unwrap_or_default();
    let bits = u64::try_from(signature.len()).unwrap_or(u64::MAX).saturating_mul(8);
    let check = match oid.as_str() {
        o if o.starts_with("1.2.840.113549.1.1.") => rsa_cost(bits),
        o if o.starts_with("1.2.840.10045.4.") => match signature.len() {
            0..=72 => ECDSA_P256,
            73..=104 => ECDSA_P384,
            _ => ECDSA_P521,
        },
        "1.3.101.112" => ED25519,
        _ => NOT_VERIFIED,
    };
    check.saturating_add(hashing(signed_len))
}

/// The modulus size of an RSA SubjectPublicKeyInfo.
fn rsa_bits(spki: &[u8]) -> Option<u64> {
    let (top, _) = der::read_tlv(spki, 0).ok()?;
    let kids = der::children(&top).ok()?;
    let bits = kids.get(1).filter(|b| b.tag == 0x03)?;
    let (key, _) = der::read_tlv(bits.value.get(1..)?, 0).ok()?;
    let parts = der::children(&key).ok()?;
    let n = parts.first().filter(|t| t.tag == 0x02)?;
    let significant = n.value.iter().skip_while(|b| **b == 0).count();
    u64::try_from(significant).ok().map(|b| b * 8)
}

/// The named curve of an EC SubjectPublicKeyInfo.
fn ec_curve(spki: &[u8]) -> Option<String> {
    let (top, _) = der::read_tlv(spki, 0).ok()?;
    let kids = der::children(&top).ok()?;
    let alg = der::children(kids.first()?).ok()?;
    alg.get(1).filter(|t| t.tag == 0x06).and_then(|t| der::oid_to_string(t.value))
}

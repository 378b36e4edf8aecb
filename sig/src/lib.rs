//! Signature verification for certlens, as plain (non-generic) functions.
//!
//! The RustCrypto verifiers are generic (`ecdsa::VerifyingKey<C>`, `rsa::Pss` over a
//! digest), so their code is compiled in the crate that names the concrete types. certlens's
//! release profile is `opt-level = "z"` (the page's wasm size); naming the types here, in a
//! crate the workspace builds at `opt-level = 3`, puts the verification arithmetic under the
//! speed profile. Measured: README, "First visit, worker, speed".
//!
//! Every function takes already-decoded parts (the caller reads the DER) and answers
//! `Ok(true)` (verified), `Ok(false)` (the signature does not match) or `Err` (the key
//! cannot be used), never panicking on any input.
#![warn(missing_docs)]

/// The digest of an RSA-PSS signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PssHash {
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

/// An RSA public key from its modulus and exponent (big-endian), at most 16,384 bits.
fn rsa_key(n: &[u8], e: &[u8]) -> Result<rsa::RsaPublicKey, String> {
    rsa::RsaPublicKey::new_with_max_size(rsa::BigUint::from_bytes_be(n), rsa::BigUint::from_bytes_be(e), 16_384)
        .map_err(|e| format!("bad RSA public key: {e}"))
}

/// RSA PKCS#1 v1.5: `hashed` is the digest, `prefix` its DigestInfo prefix.
pub fn rsa_pkcs1(n: &[u8], e: &[u8], hashed: &[u8], prefix: &[u8], sig: &[u8]) -> Result<bool, String> {
    match rsa2048::pkcs1(n, e, hashed, prefix, sig) {
        Some(ok) => Ok(ok),
        None => rsa_pkcs1_reference(n, e, hashed, prefix, sig),
    }
}

/// [`rsa_pkcs1`] by the `rsa` crate alone (every key size and exponent; what the quick path
/// for 2048-bit keys is tested against).
pub fn rsa_pkcs1_reference(n: &[u8], e: &[u8], hashed: &[u8], prefix: &[u8], sig: &[u8]) -> Result<bool, String> {
    use rsa::traits::SignatureScheme as _;
    let public = rsa_key(n, e)?;
    let scheme = rsa::Pkcs1v15Sign { hash_len: Some(hashed.len()), prefix: prefix.into() };
    Ok(scheme.verify(&public, hashed, sig).is_ok())
}

/// RSA-PSS with MGF1 over the same digest and `salt` bytes of salt.
pub fn rsa_pss(n: &[u8], e: &[u8], hashed: &[u8], hash: PssHash, salt: usize, sig: &[u8]) -> Result<bool, String> {
    use rsa::traits::{PublicKeyParts as _, SignatureScheme as _};
    let public = rsa_key(n, e)?;
    // The PSS check indexes by salt length; reject impossible lengths up front.
    if salt.saturating_add(hashed.len()).saturating_add(2) > public.size() {
        return Ok(false);
    }
    let scheme = match hash {
        PssHash::Sha1 => rsa::Pss::new_with_salt::<sha1::Sha1>(salt),
        PssHash::Sha224 => rsa::Pss::new_with_salt::<sha2::Sha224>(salt),
        PssHash::Sha256 => rsa::Pss::new_with_salt::<sha2::Sha256>(salt),
        PssHash::Sha384 => rsa::Pss::new_with_salt::<sha2::Sha384>(salt),
        PssHash::Sha512 => rsa::Pss::new_with_salt::<sha2::Sha512>(salt),
    };
    Ok(scheme.verify(&public, hashed, sig).is_ok())
}

/// A NIST curve certlens verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    /// P-256 (secp256r1).
    P256,
    /// P-384 (secp384r1).
    P384,
    /// P-521 (secp521r1).
    P521,
}

/// ECDSA over `curve`: `sec1` is the public point, `prehash` the digest, `sig_der` the
/// DER `Ecdsa-Sig-Value`.
pub fn ecdsa(curve: Curve, sec1: &[u8], prehash: &[u8], sig_der: &[u8]) -> Result<bool, &'static str> {
    use ecdsa::signature::hazmat::PrehashVerifier as _;
    match curve {
        Curve::P256 => {
            let k = p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map_err(|_| "bad P-256 public key")?;
            let Ok(s) = p256::ecdsa::Signature::from_der(sig_der) else { return Ok(false) };
            Ok(k.verify_prehash(prehash, &s).is_ok())
        }
        Curve::P384 => {
            let k = p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map_err(|_| "bad P-384 public key")?;
            let Ok(s) = p384::ecdsa::Signature::from_der(sig_der) else { return Ok(false) };
            Ok(k.verify_prehash(prehash, &s).is_ok())
        }
        Curve::P521 => {
            let k = p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map_err(|_| "bad P-521 public key")?;
            let Ok(s) = p521::ecdsa::Signature::from_der(sig_der) else { return Ok(false) };
            Ok(k.verify_prehash(prehash, &s).is_ok())
        }
    }
}

/// Ed25519 (RFC 8032, no prehash): `key` is the 32-byte public key.
pub fn ed25519(key: &[u8], msg: &[u8], sig: &[u8]) -> Result<bool, &'static str> {
    use ed25519_dalek::Verifier as _;
    let bytes: [u8; 32] = key.try_into().map_err(|_| "bad Ed25519 public key length")?;
    let k = ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| "bad Ed25519 public key")?;
    let Ok(s) = ed25519_dalek::Signature::from_slice(sig) else { return Ok(false) };
    Ok(k.verify(msg, &s).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_or_a_mismatch_never_a_panic() {
        let junk: &[&[u8]] = &[&[], &[0], &[0xff; 3], &[0x04; 65], &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]];
        for k in junk {
            for s in junk {
                for c in [Curve::P256, Curve::P384, Curve::P521] {
                    assert!(!matches!(ecdsa(c, k, &[0; 32], s), Ok(true)));
                }
                assert!(!matches!(ed25519(k, b"m", s), Ok(true)));
                assert!(!matches!(rsa_pkcs1(k, &[1, 0, 1], &[0; 32], &[], s), Ok(true)));
                for h in [PssHash::Sha1, PssHash::Sha256, PssHash::Sha512] {
                    assert!(!matches!(rsa_pss(k, &[1, 0, 1], &[0; 32], h, usize::MAX, s), Ok(true)));
                }
            }
        }
    }
}

/// RSA PKCS#1 v1.5 verification with a 2048-bit key and the exponent 65537 (nearly every
/// certificate authority's), in Montgomery arithmetic (crypto-bigint) with each key's
/// constants kept for the next signature of the same issuer: the leaves of one CA share them.
/// `rsa` 0.9's own modular exponentiation (num-bigint-dig) took ~620 µs a signature; this one
/// ~80 µs once the key's constants (~340 µs) are made.
mod rsa2048 {
    use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
    use crypto_bigint::{Encoding as _, U2048};
    use std::cell::RefCell;

    const BYTES: usize = 256;
    /// Keys whose constants are kept (the most recently used first).
    const KEPT: usize = 16;

    thread_local! {
        static PARAMS: RefCell<Vec<([u8; BYTES], DynResidueParams<{ U2048::LIMBS }>)>> = const { RefCell::new(Vec::new()) };
    }

    fn strip(b: &[u8]) -> &[u8] {
        let zeros = b.iter().take_while(|&&x| x == 0).count();
        b.get(zeros..).unwrap_or_default()
    }

    /// `None` when the key is not a 2048-bit modulus with the exponent 65537 (the caller then
    /// uses the `rsa` crate); else whether the signature verifies, as RFC 8017 §8.2.2 says:
    /// the signature is an integer below the modulus, and its 65537th power is exactly the
    /// encoding `00 01 FF… 00 prefix digest`.
    pub(super) fn pkcs1(n: &[u8], e: &[u8], hashed: &[u8], prefix: &[u8], sig: &[u8]) -> Option<bool> {
        let n: [u8; BYTES] = strip(n).try_into().ok()?;
        let odd = n.last().is_some_and(|b| b & 1 == 1);
        if strip(e) != [0x01, 0x00, 0x01] || n.first().is_none_or(|&b| b < 0x80) || !odd {
            return None;
        }
        // Exactly the modulus' length (RFC 8017 §8.2.2; the `rsa` crate is as strict).
        let sig: [u8; BYTES] = match sig.try_into() {
            Ok(s) => s,
            Err(_) => return Some(false),
        };
        if sig >= n {
            return Some(false);
        }
        let t_len = prefix.len().saturating_add(hashed.len());
        if BYTES < t_len.saturating_add(11) {
            return Some(false);
        }
        let params = PARAMS.with(|kept| {
            let mut kept = kept.borrow_mut();
            if let Some(at) = kept.iter().position(|(key, _)| *key == n) {
                let entry = kept.remove(at);
                let params = entry.1;
                kept.insert(0, entry);
                return params;
            }
            let params = DynResidueParams::new(&U2048::from_be_bytes(n));
            kept.insert(0, (n, params));
            kept.truncate(KEPT);
            params
        });
        let m = DynResidue::new(&U2048::from_be_bytes(sig), params).pow_bounded_exp(&U2048::from_u64(65_537), 17).retrieve().to_be_bytes();
        let pad = BYTES - 3 - t_len;
        let mut expected = Vec::with_capacity(BYTES);
        expected.extend_from_slice(&[0x00, 0x01]);
        expected.resize(2 + pad, 0xff);
        expected.push(0x00);
        expected.extend_from_slice(prefix);
        expected.extend_from_slice(hashed);
        Some(m.as_slice() == expected.as_slice())
    }
}

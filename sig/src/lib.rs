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

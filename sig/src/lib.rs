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
    match curve {
        Curve::P256 => p256_tables::verify(sec1, prehash, sig_der),
        Curve::P384 => p384_tables::verify(sec1, prehash, sig_der),
        Curve::P521 => ecdsa_reference(curve, sec1, prehash, sig_der),
    }
}

/// [`ecdsa`] by the RustCrypto verifiers alone (what the table path is tested against).
pub fn ecdsa_reference(curve: Curve, sec1: &[u8], prehash: &[u8], sig_der: &[u8]) -> Result<bool, &'static str> {
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

    /// The table path answers as the curve crate's own verifier does, on each key's first use
    /// (no key table), its second (the table made) and later ones (kept): real signatures over
    /// digests of every length ECDSA takes, each with a bit of r, s or the digest changed,
    /// another key's, r and s swapped, compressed and uncompressed keys; more keys than are kept.
    macro_rules! tables_agree {
        ($test:ident, $krate:ident, $curve:expr) => {
            #[test]
            fn $test() {
                use ecdsa::signature::hazmat::PrehashSigner as _;
                use sha2::Digest as _;
                let size = $krate::FieldBytes::default().len();
                let mut signed = 0;
                for k in 0u8..20 {
                    let signer = $krate::ecdsa::SigningKey::from_slice(&sha2::Sha512::digest([k])[..size]).expect("a valid secret");
                    let other = $krate::ecdsa::SigningKey::from_slice(&sha2::Sha512::digest([k, 1])[..size]).expect("a valid secret");
                    for compress in [false, true] {
                        let sec1 = signer.verifying_key().to_encoded_point(compress);
                        let sec1 = sec1.as_bytes();
                        for (m, len) in [(0u8, 32usize), (1, 20), (2, 48), (3, 64), (4, 16), (5, 32), (6, 32)] {
                            let digest = sha2::Sha512::digest([k, m, u8::from(compress)]);
                            let prehash = &digest[..len];
                            let both = |sec1: &[u8], prehash: &[u8], der: &[u8]| {
                                let quick = ecdsa($curve, sec1, prehash, der);
                                assert_eq!(quick, ecdsa_reference($curve, sec1, prehash, der), "key {k}, message {m}");
                                quick
                            };
                            // A digest shorter than half the field is no ECDSA input.
                            let Ok(sig) = signer.sign_prehash(prehash) else {
                                assert!(len < size / 2, "{len} octets");
                                let sig: $krate::ecdsa::Signature = signer.sign_prehash(&digest[..size]).expect("signed");
                                assert_eq!(both(sec1, prehash, sig.to_der().as_bytes()), Ok(false));
                                continue;
                            };
                            let sig: $krate::ecdsa::Signature = sig;
                            let der = sig.to_der();
                            assert_eq!(both(sec1, prehash, der.as_bytes()), Ok(true), "key {k}, message {m}");
                            signed += 1;
                            let (r, s) = (sig.r().to_bytes(), sig.s().to_bytes());
                            for bit in [0usize, 1, 100, 255] {
                                for which in 0..3 {
                                    let (mut r, mut s, mut h) = (r, s, prehash.to_vec());
                                    let flip = |b: &mut [u8]| {
                                        if let Some(x) = b.get_mut(bit / 8 % b.len()) {
                                            *x ^= 1 << (bit % 8)
                                        }
                                    };
                                    match which {
                                        0 => flip(&mut r),
                                        1 => flip(&mut s),
                                        _ => flip(&mut h),
                                    }
                                    let Ok(bad) = $krate::ecdsa::Signature::from_scalars(r, s) else { continue };
                                    assert_eq!(both(sec1, &h, bad.to_der().as_bytes()), Ok(false), "key {k}, message {m}, bit {bit} of {which}");
                                }
                            }
                            let swapped = $krate::ecdsa::Signature::from_scalars(s, r).expect("in range");
                            assert_eq!(both(sec1, prehash, swapped.to_der().as_bytes()), Ok(false));
                            let theirs = other.verifying_key().to_encoded_point(false);
                            assert_eq!(both(theirs.as_bytes(), prehash, der.as_bytes()), Ok(false));
                            let _ = both(sec1, &prehash[..len.min(15)], der.as_bytes());
                        }
                    }
                }
                assert!(signed >= 20 * 2 * 5, "{signed} signatures");
            }
        };
    }
    tables_agree!(p256_tables_agree_with_p256, p256, Curve::P256);
    tables_agree!(p384_tables_agree_with_p384, p384, Curve::P384);

    #[test]
    fn recent_keeps_the_most_recently_used_first() {
        let mut r = Recent::new(3);
        for k in 1..=4 {
            r.put(k, k * 10);
        }
        assert_eq!(r.get(|&k| k == 1), None, "the oldest went");
        assert_eq!(r.get(|&k| k == 2), Some(20));
        r.put(5, 50);
        assert_eq!(r.entries.iter().map(|e| e.0).collect::<Vec<_>>(), [5, 2, 4], "2 was used, 3 went");
        assert!(r.take(|&k| k == 2) && !r.take(|&k| k == 2));
        assert_eq!(r.entries.len(), 2);
    }

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

/// A short list of what was used last, the most recent first, at most `most` entries: the
/// keys whose constants or tables are kept between signatures.
struct Recent<K, V> {
    entries: Vec<(K, V)>,
    most: usize,
}

impl<K, V: Clone> Recent<K, V> {
    const fn new(most: usize) -> Self {
        Recent { entries: Vec::new(), most }
    }

    /// The value of the first key that `is` matches, moved to the front.
    fn get(&mut self, is: impl Fn(&K) -> bool) -> Option<V> {
        let at = self.entries.iter().position(|(k, _)| is(k))?;
        let entry = self.entries.remove(at);
        let value = entry.1.clone();
        self.entries.insert(0, entry);
        Some(value)
    }

    /// Put `key` in front (the oldest entry beyond `most` goes).
    fn put(&mut self, key: K, value: V) {
        self.entries.insert(0, (key, value));
        self.entries.truncate(self.most);
    }

    /// Take the first key that `is` matches out of the list; whether there was one.
    fn take(&mut self, is: impl Fn(&K) -> bool) -> bool {
        match self.entries.iter().position(|(k, _)| is(k)) {
            Some(at) => {
                self.entries.remove(at);
                true
            }
            None => false,
        }
    }
}

/// RSA PKCS#1 v1.5 verification with a 2048-bit key and the exponent 65537 (nearly every
/// certificate authority's), in Montgomery arithmetic (crypto-bigint) with each key's
/// constants kept for the next signature of the same issuer: the leaves of one CA share them.
/// `rsa` 0.9's own modular exponentiation (num-bigint-dig) took ~620 µs a signature; this one
/// ~80 µs once the key's constants (~340 µs) are made, ~30 µs since it squares 16 times and
/// multiplies once instead of calling `pow_bounded_exp`.
mod rsa2048 {
    use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
    use crypto_bigint::{Encoding as _, U2048};
    use std::cell::RefCell;

    const BYTES: usize = 256;
    /// Keys whose constants are kept (the most recently used first).
    const KEPT: usize = 16;

    thread_local! {
        static PARAMS: RefCell<super::Recent<[u8; BYTES], DynResidueParams<{ U2048::LIMBS }>>> = const { RefCell::new(super::Recent::new(KEPT)) };
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
            kept.get(|key| *key == n).unwrap_or_else(|| {
                let params = DynResidueParams::new(&U2048::from_be_bytes(n));
                kept.put(n, params);
                params
            })
        });
        // s^65537 = s^(2^16) · s: 16 squarings and one multiplication. (`pow_bounded_exp` takes
        // 35 Montgomery products: a 4-bit window's 14 powers made first, then one product per
        // window, constant-time, which a public exponent does not need.)
        let s = DynResidue::new(&U2048::from_be_bytes(sig), params);
        let mut power = s;
        for _ in 0..16 {
            power = power.square();
        }
        let m = (power * s).retrieve().to_be_bytes();
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

/// ECDSA verification over P-256 and P-384 with precomputed multiples of the points, the
/// arithmetic being the curve crate's own. The crates compute `u1·G + u2·Q` as two
/// constant-time multiplications (for P-256 ~500 doublings and ~130 additions); verification
/// handles public data only, so here both products are sums from tables:
/// `T[i][j] = (j+1)·16^i·P` for each nibble of a scalar, so `u·P` is one addition per nibble
/// and no doubling. The generator's table is made once; a key's on its second use (the leaves
/// of one CA share their issuer's key), the 16 most recently used kept; a key seen once uses
/// the crate's multiplication for its half.
macro_rules! ecdsa_tables {
    ($module:ident, $krate:ident, $curve:ident, $name:literal) => {
        mod $module {
            use std::cell::RefCell;
            use std::rc::Rc;
            use $krate::elliptic_curve::ff::PrimeField as _;
            use $krate::elliptic_curve::group::Group as _;
            use $krate::elliptic_curve::ops::{Invert as _, Reduce};
            use $krate::elliptic_curve::point::AffineCoordinates as _;
            use $krate::{$curve, ProjectivePoint, Scalar};

            type Uint = <$curve as $krate::elliptic_curve::Curve>::Uint;

            /// Keys whose tables are kept (the most recently used first).
            const KEPT: usize = 16;
            /// Keys seen once, remembered so that their second use makes a table.
            const SEEN: usize = 64;

            /// `(j+1)·16^i·P` at `[i * 15 + j]`, in projective coordinates: the crates' fields
            /// have no batch inversion, and their complete addition formulas cost about the
            /// same for a projective point as for an affine one (12 against 11 multiplications).
            struct Table(Vec<ProjectivePoint>);

            impl Table {
                fn new(p: &ProjectivePoint) -> Table {
                    let windows = 2 * Scalar::ONE.to_repr().len();
                    let mut all = Vec::with_capacity(windows * 15);
                    let mut base = *p;
                    for _ in 0..windows {
                        let mut multiple = base;
                        for _ in 0..15 {
                            all.push(multiple);
                            multiple += base;
                        }
                        base = multiple; // 16·base
                    }
                    Table(all)
                }

                /// `acc + k·P`.
                fn add_product(&self, mut acc: ProjectivePoint, k: &Scalar) -> ProjectivePoint {
                    // Big-endian: the last byte holds nibbles 0 and 1.
                    for (i, byte) in k.to_repr().iter().rev().enumerate() {
                        for (half, nibble) in [(0, byte & 0x0f), (1, byte >> 4)] {
                            if nibble == 0 {
                                continue;
                            }
                            if let Some(point) =
                                self.0.get((2 * i + half) * 15 + usize::from(nibble) - 1)
                            {
                                acc += point;
                            }
                        }
                    }
                    acc
                }
            }

            struct Kept {
                generator: Option<Rc<Table>>,
                tables: crate::Recent<Vec<u8>, Rc<Table>>,
                seen: crate::Recent<Vec<u8>, ()>,
            }

            thread_local! {
                static KEPT_TABLES: RefCell<Kept> = const {
                    RefCell::new(Kept { generator: None, tables: crate::Recent::new(KEPT), seen: crate::Recent::new(SEEN) })
                };
            }

            /// The generator's table, and the key's when it is kept or made now.
            fn tables(sec1: &[u8], q: &ProjectivePoint) -> (Rc<Table>, Option<Rc<Table>>) {
                KEPT_TABLES.with(|kept| {
                    let mut kept = kept.borrow_mut();
                    let generator = kept
                        .generator
                        .get_or_insert_with(|| Rc::new(Table::new(&ProjectivePoint::generator())))
                        .clone();
                    if let Some(table) = kept.tables.get(|key| key == sec1) {
                        return (generator, Some(table));
                    }
                    if kept.seen.take(|key| key == sec1) {
                        let table = Rc::new(Table::new(q));
                        kept.tables.put(sec1.to_vec(), table.clone());
                        return (generator, Some(table));
                    }
                    kept.seen.put(sec1.to_vec(), ());
                    (generator, None)
                })
            }

            /// As `ecdsa::hazmat::verify_prehashed` (SEC 1 §4.1.4), the products from tables.
            pub(super) fn verify(
                sec1: &[u8],
                prehash: &[u8],
                sig_der: &[u8],
            ) -> Result<bool, &'static str> {
                let key = $krate::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                    .map_err(|_| concat!("bad ", $name, " public key"))?;
                // r and s in [1, n-1], else no signature.
                let Ok(sig) = $krate::ecdsa::Signature::from_der(sig_der) else {
                    return Ok(false);
                };
                let Ok(z) = ecdsa::hazmat::bits2field::<$curve>(prehash) else {
                    return Ok(false);
                };
                let z = <Scalar as Reduce<Uint>>::reduce_bytes(&z);
                let (r, s) = sig.split_scalars();
                let s_inv = *s.invert_vartime();
                let (u1, u2) = (z * s_inv, *r * s_inv);
                let q = ProjectivePoint::from(*key.as_affine());
                let (generator, table) = tables(sec1, &q);
                let start = match table {
                    Some(table) => table.add_product(ProjectivePoint::IDENTITY, &u2),
                    None => q * u2,
                };
                let point = generator.add_product(start, &u1);
                if bool::from(point.is_identity()) {
                    return Ok(false);
                }
                Ok(*r == <Scalar as Reduce<Uint>>::reduce_bytes(&point.to_affine().x()))
            }
        }
    };
}

ecdsa_tables!(p256_tables, p256, NistP256, "P-256");
ecdsa_tables!(p384_tables, p384, NistP384, "P-384");

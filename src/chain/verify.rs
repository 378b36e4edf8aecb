//! Signature verification in pure Rust (builds for wasm32-unknown-unknown).
//!
//! Verified: RSA PKCS#1 v1.5 with SHA-1/224/256/384/512, RSA-PSS (parameters
//! decoded from the AlgorithmIdentifier; MGF1 with the same hash), ECDSA
//! P-256/P-384/P-521 with SHA-1/224/256/384/512, Ed25519.
//! Named but not verified: MD2/MD5 with RSA (broken), DSA and Ed448 (unsupported).

use serde::{Deserialize, Serialize};
use sha1::Digest as _;

use crate::der;

/// The outcome of one signature check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureStatus {
    /// The signature was checked and is correct.
    Verified,
    /// The signature was checked and does not match the issuer's key.
    Invalid,
    /// The algorithm is broken (MD2, MD5): named, never verified.
    Broken,
    /// The algorithm is not supported here (DSA, Ed448, unknown OIDs).
    Unsupported,
    /// The signature or key could not be decoded.
    Malformed,
    /// Not checked yet: a root's own signature, taken as self-signed for a first answer
    /// (`TrustInputs::defer_root_signatures`); the final analysis checks it.
    NotChecked,
}

/// A signature check result with its algorithm and a reason when not verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureCheck {
    /// The outcome.
    pub status: SignatureStatus,
    /// The signature algorithm, readable (`sha256WithRSAEncryption`, `ECDSA P-256 with SHA-256`).
    pub algorithm: String,
    /// Why it was not verified, plain words; empty when verified.
    pub detail: String,
}

impl SignatureCheck {
    fn new(status: SignatureStatus, algorithm: &str, detail: impl Into<String>) -> Self {
        Self { status, algorithm: algorithm.to_string(), detail: detail.into() }
    }

    /// True when the signature was verified.
    pub fn ok(&self) -> bool {
        self.status == SignatureStatus::Verified
    }
}

/// The check of a root's own signature not done yet (see [`SignatureStatus::NotChecked`]),
/// with the algorithm named as a check would name it.
pub fn not_checked(signed: &Signed) -> SignatureCheck {
    let name = match algorithm_parts(&signed.algorithm) {
        Some((oid, params)) => match scheme(&oid, params.as_deref()) {
            Ok(s) => scheme_name(&s, &oid),
            Err(_) => oid,
        },
        None => "unreadable algorithm".to_string(),
    };
    SignatureCheck::new(SignatureStatus::NotChecked, &name, "not checked yet")
}

/// A part of a shared DER buffer (no copy of the bytes): reads as `[u8]`.
#[derive(Clone)]
pub struct Part {
    der: std::sync::Arc<[u8]>,
    range: std::ops::Range<usize>,
}

impl Part {
    /// The part of `der` that `sub` (a slice borrowed from it) is; `None` when `sub` is not inside `der`.
    pub fn of(der: &std::sync::Arc<[u8]>, sub: &[u8]) -> Option<Part> {
        der::range_within(der, sub).map(|range| Part { der: der.clone(), range })
    }
}

impl std::ops::Deref for Part {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.der.get(self.range.clone()).unwrap_or_default()
    }
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl PartialEq for Part {
    fn eq(&self, other: &Part) -> bool {
        **self == **other
    }
}

impl Eq for Part {}

/// The signed parts of a certificate or CRL: `SEQUENCE { tbs, algorithm, BIT STRING }`,
/// parts of the structure's DER (shared, not copied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The to-be-signed bytes (whole TLV).
    pub tbs: Part,
    /// The outer signature AlgorithmIdentifier (whole TLV).
    pub algorithm: Part,
    /// The signature bits.
    pub signature: Part,
}

/// Split a signed structure (certificate or CRL DER) into its three parts.
pub fn split_signed(der_bytes: &[u8]) -> Option<Signed> {
    split_signed_shared(&std::sync::Arc::from(der_bytes))
}

/// [`split_signed`] of DER already shared: the parts point into it.
pub fn split_signed_shared(shared: &std::sync::Arc<[u8]>) -> Option<Signed> {
    let der_bytes: &[u8] = shared;
    let (outer, _) = der::read_tlv(der_bytes, 0).ok()?;
    let kids = der::children(&outer).ok()?;
    let tbs = kids.first()?;
    let alg = kids.get(1)?;
    let sig = kids.get(2)?;
    if sig.tag != 0x03 {
        return None;
    }
    let (&unused, bits) = sig.value.split_first()?;
    if unused != 0 {
        return None;
    }
    Some(Signed { tbs: Part::of(shared, tbs.raw)?, algorithm: Part::of(shared, alg.raw)?, signature: Part::of(shared, bits)? })
}

/// An AlgorithmIdentifier: OID and the raw parameters TLV, if any.
pub fn algorithm_parts(alg_tlv: &[u8]) -> Option<(String, Option<Vec<u8>>)> {
    let (seq, _) = der::read_tlv(alg_tlv, 0).ok()?;
    let kids = der::children(&seq).ok()?;
    let oid = kids.first().filter(|t| t.tag == 0x06)?;
    let params = kids.get(1).map(|t| t.raw.to_vec());
    Some((der::oid_to_string(oid.value)?, params))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn from_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            "1.3.14.3.2.26" => Hash::Sha1,
            "2.16.840.1.101.3.4.2.4" => Hash::Sha224,
            "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
            _ => return None,
        })
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Hash::Sha224 => sha2::Sha224::digest(data).to_vec(),
            Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha224 => "SHA-224",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    /// DigestInfo prefix for PKCS#1 v1.5 (RFC 8017, section 9.2, note 1).
    fn pkcs1_prefix(self) -> &'static [u8] {
        match self {
            Hash::Sha1 => &[0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14],
            Hash::Sha224 => &[0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c],
            Hash::Sha256 => &[0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
            Hash::Sha384 => &[0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
            Hash::Sha512 => &[0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
        }
    }
}

/// How a signature algorithm is classified before any key is looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Scheme {
    RsaPkcs1(Hash),
    RsaPss { hash: Hash, salt_len: usize },
    Ecdsa(Hash),
    Ed25519,
    Broken(&'static str),
    Unsupported(String),
}

/// Readable name of a signature algorithm, from its AlgorithmIdentifier TLV.
pub fn algorithm_name(alg_tlv: &[u8]) -> String {
    match algorithm_parts(alg_tlv) {
        Some((oid, params)) => match scheme(&oid, params.as_deref()) {
            Ok(s) => scheme_name(&s, &oid),
            Err(e) => format!("{oid} ({e})"),
        },
        None => "unreadable algorithm".into(),
    }
}

fn scheme_name(s: &Scheme, oid: &str) -> String {
    match s {
        Scheme::RsaPkcs1(h) => format!("RSA with {}", h.name()),
        Scheme::RsaPss { hash, salt_len } => format!("RSA-PSS with {} (salt {salt_len})", hash.name()),
        Scheme::Ecdsa(h) => format!("ECDSA with {}", h.name()),
        Scheme::Ed25519 => "Ed25519".into(),
        Scheme::Broken(n) => (*n).to_string(),
        Scheme::Unsupported(n) => crate::model::oids::signature_algorithm_name(oid).map_or_else(|| n.clone(), str::to_string),
    }
}

/// True when the algorithm uses SHA-1 (weak: rejected by browsers, accepted by CryptoAPI for client certificates).
pub fn is_sha1(alg_tlv: &[u8]) -> bool {
    matches!(
        algorithm_parts(alg_tlv).and_then(|(o, p)| scheme(&o, p.as_deref()).ok()),
        Some(Scheme::RsaPkcs1(Hash::Sha1) | Scheme::Ecdsa(Hash::Sha1) | Scheme::RsaPss { hash: Hash::Sha1, .. })
    )
}

/// True when the algorithm is broken (MD2, MD5).
pub fn is_broken(alg_tlv: &[u8]) -> bool {
    matches!(algorithm_parts(alg_tlv).and_then(|(o, p)| scheme(&o, p.as_deref()).ok()), Some(Scheme::Broken(_)))
}

fn scheme(oid: &str, params: Option<&[u8]>) -> Result<Scheme, String> {
    Ok(match oid {
        "1.2.840.113549.1.1.2" => Scheme::Broken("MD2 with RSA (broken)"),
        "1.2.840.113549.1.1.3" => Scheme::Broken("MD4 with RSA (broken)"),
        "1.2.840.113549.1.1.4" => Scheme::Broken("MD5 with RSA (broken)"),
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => Scheme::RsaPkcs1(Hash::Sha1),
        "1.2.840.113549.1.1.14" => Scheme::RsaPkcs1(Hash::Sha224),
        "1.2.840.113549.1.1.11" => Scheme::RsaPkcs1(Hash::Sha256),
        "1.2.840.113549.1.1.12" => Scheme::RsaPkcs1(Hash::Sha384),
        "1.2.840.113549.1.1.13" => Scheme::RsaPkcs1(Hash::Sha512),
        "1.2.840.113549.1.1.10" => pss_params(params)?,
        "1.2.840.10045.4.1" => Scheme::Ecdsa(Hash::Sha1),
        "1.2.840.10045.4.3.1" => Scheme::Ecdsa(Hash::Sha224),
        "1.2.840.10045.4.3.2" => Scheme::Ecdsa(Hash::Sha256),
        "1.2.840.10045.4.3.3" => Scheme::Ecdsa(Hash::Sha384),
        "1.2.840.10045.4.3.4" => Scheme::Ecdsa(Hash::Sha512),
        "1.3.101.112" => Scheme::Ed25519,
        "1.3.101.113" => Scheme::Unsupported("Ed448".into()),
        "1.2.840.10040.4.3" | "2.16.840.1.101.3.4.3.1" | "2.16.840.1.101.3.4.3.2" => Scheme::Unsupported("DSA".into()),
        other => Scheme::Unsupported(other.to_string()),
    })
}

/// RSASSA-PSS-params (RFC 4055): hash [0], MGF [1], salt length [2], trailer [3].
fn pss_params(params: Option<&[u8]>) -> Result<Scheme, String> {
    let mut hash = Hash::Sha1;
    let mut mgf_hash = Hash::Sha1;
    let mut salt_len = 20usize;
    if let Some(p) = params {
        let (seq, _) = der::read_tlv(p, 0).map_err(|e| format!("bad RSA-PSS parameters: {e}"))?;
        if seq.tag == 0x30 {
            for field in der::children(&seq).map_err(|e| format!("bad RSA-PSS parameters: {e}"))? {
                let (inner, _) = der::read_tlv(field.value, 0).map_err(|e| format!("bad RSA-PSS parameters: {e}"))?;
                match field.tag {
                    0xa0 => {
                        let (oid, _) = algorithm_parts(inner.raw).ok_or("bad RSA-PSS hash algorithm")?;
                        hash = Hash::from_oid(&oid).ok_or_else(|| format!("RSA-PSS hash {oid} not supported"))?;
                    }
                    0xa1 => {
                        let (oid, mgf_params) = algorithm_parts(inner.raw).ok_or("bad RSA-PSS mask generation")?;
                        if oid != "1.2.840.113549.1.1.8" {
                            return Err(format!("RSA-PSS mask generation {oid} not supported"));
                        }
                        let (h, _) = mgf_params.as_deref().and_then(algorithm_parts).ok_or("bad MGF1 hash")?;
                        mgf_hash = Hash::from_oid(&h).ok_or_else(|| format!("MGF1 hash {h} not supported"))?;
                    }
                    0xa2 => {
                        if inner.tag != 0x02 || inner.value.len() > 4 {
                            return Err("bad RSA-PSS salt length".into());
                        }
                        salt_len = inner.value.iter().fold(0usize, |a, b| (a << 8) | usize::from(*b));
                    }
                    _ => {}
                }
            }
        }
    }
    if mgf_hash != hash {
        return Err(format!("RSA-PSS with {} but MGF1 with {} is not supported", hash.name(), mgf_hash.name()));
    }
    Ok(Scheme::RsaPss { hash, salt_len })
}

/// The issuer's key, as found in its SubjectPublicKeyInfo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// Key algorithm OID.
    pub algorithm: String,
    /// Curve OID for EC keys.
    pub curve: Option<String>,
    /// The subjectPublicKey bits.
    pub key: Vec<u8>,
}

/// Decode a SubjectPublicKeyInfo TLV.
pub fn public_key(spki: &[u8]) -> Option<PublicKey> {
    let (seq, _) = der::read_tlv(spki, 0).ok()?;
    let kids = der::children(&seq).ok()?;
    let (algorithm, params) = algorithm_parts(kids.first()?.raw)?;
    let bits = kids.get(1).filter(|t| t.tag == 0x03)?;
    let (_, key) = bits.value.split_first()?;
    let curve = params.and_then(|p| {
        let (t, _) = der::read_tlv(&p, 0).ok()?;
        (t.tag == 0x06).then(|| der::oid_to_string(t.value)).flatten()
    });
    Some(PublicKey { algorithm, curve, key: key.to_vec() })
}

/// Verify `signed` (certificate or CRL) with the issuer's SubjectPublicKeyInfo.
pub fn verify(signed: &Signed, issuer_spki: &[u8]) -> SignatureCheck {
    let Some((oid, params)) = algorithm_parts(&signed.algorithm) else {
        return SignatureCheck::new(SignatureStatus::Malformed, "unreadable algorithm", "the signature algorithm could not be read");
    };
    let s = match scheme(&oid, params.as_deref()) {
        Ok(s) => s,
        Err(e) => return SignatureCheck::new(SignatureStatus::Unsupported, &oid, e),
    };
    let name = scheme_name(&s, &oid);
    let Some(key) = public_key(issuer_spki) else {
        return SignatureCheck::new(SignatureStatus::Malformed, &name, "the issuer's public key could not be read");
    };
    let result = match &s {
        Scheme::Broken(n) => return SignatureCheck::new(SignatureStatus::Broken, &name, format!("{n}: not verified")),
        Scheme::Unsupported(n) => {
            return SignatureCheck::new(SignatureStatus::Unsupported, &name, format!("certlens does not verify {n} signatures"))
        }
        Scheme::RsaPkcs1(h) => rsa_verify(&key, &signed.tbs, &signed.signature, *h, None),
        Scheme::RsaPss { hash, salt_len } => rsa_verify(&key, &signed.tbs, &signed.signature, *hash, Some(*salt_len)),
        Scheme::Ecdsa(h) => ecdsa_verify(&key, &h.digest(&signed.tbs), &signed.signature),
        Scheme::Ed25519 => ed25519_verify(&key, &signed.tbs, &signed.signature),
    };
    match result {
        Ok(true) => SignatureCheck::new(SignatureStatus::Verified, &name, ""),
        Ok(false) => SignatureCheck::new(SignatureStatus::Invalid, &name, "the signature does not match the issuer's public key"),
        Err(e) => SignatureCheck::new(SignatureStatus::Malformed, &name, e),
    }
}

fn rsa_verify(key: &PublicKey, tbs: &[u8], sig: &[u8], hash: Hash, pss_salt: Option<usize>) -> Result<bool, String> {
    if key.algorithm != "1.2.840.113549.1.1.1" && key.algorithm != "1.2.840.113549.1.1.10" {
        return Err(format!("an RSA signature but the issuer key is {}", key.algorithm));
    }
    let (seq, _) = der::read_tlv(&key.key, 0).map_err(|e| format!("bad RSA public key: {e}"))?;
    let kids = der::children(&seq).map_err(|e| format!("bad RSA public key: {e}"))?;
    let (Some(n), Some(e)) = (kids.first(), kids.get(1)) else { return Err("bad RSA public key".into()) };
    let hashed = hash.digest(tbs);
    match pss_salt {
        None => certlens_sig::rsa_pkcs1(n.value, e.value, &hashed, hash.pkcs1_prefix(), sig),
        Some(salt) => {
            let h = match hash {
                Hash::Sha1 => certlens_sig::PssHash::Sha1,
                Hash::Sha224 => certlens_sig::PssHash::Sha224,
                Hash::Sha256 => certlens_sig::PssHash::Sha256,
                Hash::Sha384 => certlens_sig::PssHash::Sha384,
                Hash::Sha512 => certlens_sig::PssHash::Sha512,
            };
            certlens_sig::rsa_pss(n.value, e.value, &hashed, h, salt, sig)
        }
    }
}

fn ecdsa_verify(key: &PublicKey, prehash: &[u8], sig: &[u8]) -> Result<bool, String> {
    if key.algorithm != "1.2.840.10045.2.1" {
        return Err(format!("an ECDSA signature but the issuer key is {}", key.algorithm));
    }
    let curve = match key.curve.as_deref() {
        Some("1.2.840.10045.3.1.7") => certlens_sig::Curve::P256,
        Some("1.3.132.0.34") => certlens_sig::Curve::P384,
        Some("1.3.132.0.35") => certlens_sig::Curve::P521,
        other => return Err(format!("elliptic curve {} is not supported", other.unwrap_or("(none)"))),
    };
    Ok(certlens_sig::ecdsa(curve, &key.key, prehash, sig)?)
}

fn ed25519_verify(key: &PublicKey, msg: &[u8], sig: &[u8]) -> Result<bool, String> {
    if key.algorithm != "1.3.101.112" {
        return Err(format!("an Ed25519 signature but the issuer key is {}", key.algorithm));
    }
    Ok(certlens_sig::ed25519(&key.key, msg, sig)?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn fixture(p: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/fixtures/{p}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn spki(der_bytes: &[u8]) -> Vec<u8> {
        let (_, c) = x509_parser::parse_x509_certificate(der_bytes).unwrap();
        c.public_key().raw.to_vec()
    }

    fn check(child: &str, issuer: &str) -> SignatureCheck {
        verify(&split_signed(&fixture(child)).unwrap(), &spki(&fixture(issuer)))
    }

    #[test]
    fn verifies_rsa_pkcs1_pss_and_sha1() {
        assert_eq!(check("chain/int_ca.der", "chain/root_ca.der").status, SignatureStatus::Verified);
        assert_eq!(check("chain/ee_client.der", "chain/int_ca.der").status, SignatureStatus::Verified);
        assert_eq!(check("chain/ee_sha1.der", "chain/int_ca.der").status, SignatureStatus::Verified);
        let pss = check("chain/ee_rsa_pss.der", "chain/int_ca.der");
        assert_eq!(pss.status, SignatureStatus::Verified, "{pss:?}");
        assert!(pss.algorithm.contains("PSS"));
    }

    /// The quick path for 2048-bit keys with the exponent 65537 (certlens_sig) answers as the
    /// `rsa` crate does: real signatures (SHA-256 and SHA-1), each with one bit changed, the
    /// wrong digest, the wrong prefix, a short and a too-large signature.
    #[test]
    fn rsa_2048_quick_path_agrees_with_the_rsa_crate() {
        for (child, issuer, hash) in [("chain/ee_client.der", "chain/int_ca.der", Hash::Sha256), ("chain/ee_sha1.der", "chain/int_ca.der", Hash::Sha1), ("chain/int_ca.der", "chain/root_ca.der", Hash::Sha256), ("chain/ee_bad_signature.der", "chain/int_ca.der", Hash::Sha256)] {
            let signed = split_signed(&fixture(child)).unwrap();
            let key = public_key(&spki(&fixture(issuer))).unwrap();
            let (seq, _) = der::read_tlv(&key.key, 0).unwrap();
            let kids = der::children(&seq).unwrap();
            let (n, e) = (kids[0].value, kids[1].value);
            assert_eq!(n.iter().skip_while(|&&b| b == 0).count(), 256, "{issuer}: a 2048-bit key, the quick path");
            let hashed = hash.digest(&signed.tbs);
            let sig: &[u8] = &signed.signature;
            let both = |hashed: &[u8], prefix: &[u8], sig: &[u8]| {
                let quick = certlens_sig::rsa_pkcs1(n, e, hashed, prefix, sig);
                assert_eq!(quick, certlens_sig::rsa_pkcs1_reference(n, e, hashed, prefix, sig), "{child}");
                quick
            };
            assert_eq!(both(&hashed, hash.pkcs1_prefix(), sig), Ok(child != "chain/ee_bad_signature.der"), "{child}");
            for bit in [0, 7, 1000, 2047] {
                let mut bad = sig.to_vec();
                bad[bit / 8] ^= 1 << (bit % 8);
                let _ = both(&hashed, hash.pkcs1_prefix(), &bad);
            }
            let mut wrong = hashed.clone();
            wrong[0] ^= 1;
            assert_eq!(both(&wrong, hash.pkcs1_prefix(), sig), Ok(false));
            assert_eq!(both(&hashed, Hash::Sha512.pkcs1_prefix(), sig), Ok(false));
            assert_eq!(both(&hashed, hash.pkcs1_prefix(), &sig[1..]), Ok(false), "one octet short");
            let long: Vec<u8> = std::iter::once(0).chain(sig.iter().copied()).collect();
            assert_eq!(both(&hashed, hash.pkcs1_prefix(), &long), Ok(false), "a leading zero too many");
            let _ = both(&hashed, hash.pkcs1_prefix(), &[0xff; 256]);
            let _ = both(&hashed, hash.pkcs1_prefix(), &[0; 256]);
        }
    }

    #[test]
    fn rejects_bad_signature_and_wrong_issuer() {
        assert_eq!(check("chain/ee_bad_signature.der", "chain/int_ca.der").status, SignatureStatus::Invalid);
        assert_eq!(check("chain/ee_client.der", "chain/root_ca.der").status, SignatureStatus::Invalid);
    }

    #[test]
    fn verifies_ecdsa() {
        assert_eq!(check("ec_chain/ee_client.der", "ec_chain/root_ca.der").status, SignatureStatus::Verified);
        assert_eq!(check("ec_chain/root_ca.der", "ec_chain/root_ca.der").status, SignatureStatus::Verified);
        assert_eq!(check("ec_chain/ee_client.der", "chain/root_ca.der").status, SignatureStatus::Malformed);
    }

    #[test]
    fn names_broken_and_unsupported() {
        assert_eq!(scheme("1.2.840.113549.1.1.4", None), Ok(Scheme::Broken("MD5 with RSA (broken)")));
        assert!(matches!(scheme("1.2.840.10040.4.3", None), Ok(Scheme::Unsupported(_))));
    }
}

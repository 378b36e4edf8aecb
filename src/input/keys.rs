//! Keys: private keys (PKCS#8, PKCS#1 RSA, SEC1 EC, Ed25519) and public
//! keys (SubjectPublicKeyInfo, PKCS#1), reduced to their public half.
//!
//! Only the public half leaves this module; the private parts are read in
//! place and never copied into anything that lives on.

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::pbe::PbeInfo;
use super::pkcs7::encode_tlv as tlv;
use crate::der::{children, hex, oid_to_string, read_tlv, Tlv};

const RSA_OID: &str = "1.2.840.113549.1.1.1";
const RSA_PSS_OID: &str = "1.2.840.113549.1.1.10";
const EC_OID: &str = "1.2.840.10045.2.1";
const ED25519_OID: &str = "1.3.101.112";
const ED448_OID: &str = "1.3.101.113";
const P256: &str = "1.2.840.10045.3.1.7";
const P384: &str = "1.3.132.0.34";
const P521: &str = "1.3.132.0.35";

/// The public half of a key, canonical (so that equal keys compare equal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKeyData {
    /// RSA modulus and exponent, big-endian without leading zeros.
    Rsa {
        /// Modulus.
        n: Vec<u8>,
        /// Public exponent.
        e: Vec<u8>,
    },
    /// EC: named curve OID and the uncompressed point.
    Ec {
        /// Named curve OID.
        curve: String,
        /// Uncompressed point (04 || x || y), or as found when the curve is unknown.
        point: Vec<u8>,
    },
    /// Ed25519 public key (32 bytes).
    Ed25519(Vec<u8>),
    /// Ed448 public key (57 bytes).
    Ed448(Vec<u8>),
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let first = b.iter().position(|x| *x != 0).unwrap_or(b.len());
    b.get(first..).unwrap_or_default().to_vec()
}

fn der_uint(b: &[u8]) -> Vec<u8> {
    let mut v = strip_zeros(b);
    if v.is_empty() || v.first().is_some_and(|x| x & 0x80 != 0) {
        v.insert(0, 0);
    }
    tlv(0x02, &v)
}

fn der_oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut body = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![u8::try_from(v & 0x7f).unwrap_or(0)];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | u8::try_from(v & 0x7f).unwrap_or(0));
            v >>= 7;
        }
        tmp.reverse();
        body.extend_from_slice(&tmp);
    };
    if let [a, b, rest @ ..] = arcs.as_slice() {
        push(a * 40 + b);
        for r in rest {
            push(*r);
        }
    }
    tlv(0x06, &body)
}

impl PublicKeyData {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`.
    pub fn algorithm(&self) -> &'static str {
        match self {
            PublicKeyData::Rsa { .. } => "RSA",
            PublicKeyData::Ec { .. } => "EC",
            PublicKeyData::Ed25519(_) => "Ed25519",
            PublicKeyData::Ed448(_) => "Ed448",
        }
    }

    /// "RSA 2048 bits", "EC P-256", "Ed25519".
    pub fn summary(&self) -> String {
        match self {
            PublicKeyData::Rsa { n, .. } => {
                let bits = n.first().map_or(0, |b| (n.len() - 1) * 8 + (8 - b.leading_zeros() as usize));
                format!("RSA {bits} bits")
            }
            PublicKeyData::Ec { curve, .. } => format!("EC {}", curve_name(curve)),
            PublicKeyData::Ed25519(_) => "Ed25519".into(),
            PublicKeyData::Ed448(_) => "Ed448".into(),
        }
    }

    /// The canonical SubjectPublicKeyInfo, DER.
    pub fn spki_der(&self) -> Vec<u8> {
        let (alg, bits) = match self {
            PublicKeyData::Rsa { n, e } => (
                [der_oid(RSA_OID), vec![0x05, 0x00]].concat(),
                tlv(0x30, &[der_uint(n), der_uint(e)].concat()),
            ),
            PublicKeyData::Ec { curve, point } => ([der_oid(EC_OID), der_oid(curve)].concat(), point.clone()),
            PublicKeyData::Ed25519(k) => (der_oid(ED25519_OID), k.clone()),
            PublicKeyData::Ed448(k) => (der_oid(ED448_OID), k.clone()),
        };
        tlv(0x30, &[tlv(0x30, &alg), tlv(0x03, &[&[0u8][..], &bits].concat())].concat())
    }

    /// SHA-256 of the canonical SubjectPublicKeyInfo, lowercase hex: the
    /// value keys and certificates are matched on.
    pub fn spki_sha256(&self) -> String {
        hex(&sha2::Sha256::digest(self.spki_der()))
    }
}

/// Readable curve name.
pub fn curve_name(oid: &str) -> String {
    match oid {
        P256 => "P-256".into(),
        P384 => "P-384".into(),
        P521 => "P-521".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        other => other.to_string(),
    }
}

/// Bring an EC point to uncompressed form (so compressed and uncompressed
/// encodings of the same key match).
fn normalise_point(curve: &str, point: &[u8]) -> Vec<u8> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    if point.first() == Some(&0x04) {
        return point.to_vec();
    }
    let out = match curve {
        P256 => p256::PublicKey::from_sec1_bytes(point).ok().map(|k| k.to_encoded_point(false).as_bytes().to_vec()),
        P384 => p384::PublicKey::from_sec1_bytes(point).ok().map(|k| k.to_encoded_point(false).as_bytes().to_vec()),
        P521 => p521::PublicKey::from_sec1_bytes(point).ok().map(|k| k.to_encoded_point(false).as_bytes().to_vec()),
        _ => None,
    };
    out.unwrap_or_else(|| point.to_vec())
}

/// The public point for an EC private scalar.
fn ec_public_from_scalar(curve: &str, scalar: &[u8]) -> Result<Vec<u8>, String> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let bad = |_| "the EC private key value is not valid for its curve".to_string();
    Ok(match curve {
        P256 => p256::SecretKey::from_slice(scalar).map_err(bad)?.public_key().to_encoded_point(false).as_bytes().to_vec(),
        P384 => p384::SecretKey::from_slice(scalar).map_err(bad)?.public_key().to_encoded_point(false).as_bytes().to_vec(),
        P521 => p521::SecretKey::from_slice(scalar).map_err(bad)?.public_key().to_encoded_point(false).as_bytes().to_vec(),
        other => return Err(format!("EC key on curve {} without its public point", curve_name(other))),
    })
}

fn alg_id<'a>(t: &Tlv<'a>) -> Result<(String, Option<Tlv<'a>>), String> {
    let kids = children(t).map_err(|e| e.to_string())?;
    let oid = kids
        .first()
        .filter(|o| o.tag == 0x06)
        .and_then(|o| oid_to_string(o.value))
        .ok_or("the algorithm identifier has no readable OID")?;
    Ok((oid, kids.get(1).copied()))
}

fn seq(der: &[u8]) -> Result<Vec<Tlv<'_>>, String> {
    let (top, _) = read_tlv(der, 0).map_err(|e| e.to_string())?;
    if top.tag != 0x30 {
        return Err(format!("expected a SEQUENCE, found tag 0x{:02x}", top.tag));
    }
    children(&top).map_err(|e| e.to_string())
}

/// From a DER SubjectPublicKeyInfo element.
pub fn from_spki(spki: &Tlv<'_>) -> Result<PublicKeyData, String> {
    let kids = children(spki).map_err(|e| e.to_string())?;
    let alg = kids.first().ok_or("empty public key info")?;
    let bits = kids.get(1).filter(|b| b.tag == 0x03).ok_or("public key info has no BIT STRING")?;
    let key = bits.value.get(1..).unwrap_or_default();
    let (oid, params) = alg_id(alg)?;
    match oid.as_str() {
        RSA_OID | RSA_PSS_OID => {
            let k = seq(key)?;
            let n = k.first().filter(|t| t.tag == 0x02).ok_or("RSA public key has no modulus")?;
            let e = k.get(1).filter(|t| t.tag == 0x02).ok_or("RSA public key has no exponent")?;
            Ok(PublicKeyData::Rsa { n: strip_zeros(n.value), e: strip_zeros(e.value) })
        }
        EC_OID => {
            let curve = params
                .filter(|p| p.tag == 0x06)
                .and_then(|p| oid_to_string(p.value))
                .ok_or("EC public key without a named curve (explicit curve parameters are not supported)")?;
            Ok(PublicKeyData::Ec { point: normalise_point(&curve, key), curve })
        }
        ED25519_OID => Ok(PublicKeyData::Ed25519(key.to_vec())),
        ED448_OID => Ok(PublicKeyData::Ed448(key.to_vec())),
        other => Err(format!("public key algorithm {other} is not supported")),
    }
}

/// The public key of a DER certificate (or its TBS walk fails: `None`).
pub fn certificate_key(cert_der: &[u8]) -> Option<PublicKeyData> {
    let kids = seq(cert_der).ok()?;
    let tbs = kids.first()?;
    let fields = children(tbs).ok()?;
    let skip = usize::from(fields.first()?.tag == 0xa0);
    from_spki(fields.get(skip + 5)?).ok()
}

/// The public key of a DER certificate request.
pub fn request_key(csr_der: &[u8]) -> Option<PublicKeyData> {
    let kids = seq(csr_der).ok()?;
    let info = children(kids.first()?).ok()?;
    from_spki(info.get(2)?).ok()
}

/// From a PKCS#1 `RSAPrivateKey` (only n and e are read).
pub fn from_rsa_private(der: &[u8]) -> Result<PublicKeyData, String> {
    let k = seq(der)?;
    if k.len() < 9 {
        return Err(format!("an RSA private key has 9 fields, this one has {}", k.len()));
    }
    let n = k.get(1).filter(|t| t.tag == 0x02).ok_or("RSA private key has no modulus")?;
    let e = k.get(2).filter(|t| t.tag == 0x02).ok_or("RSA private key has no exponent")?;
    Ok(PublicKeyData::Rsa { n: strip_zeros(n.value), e: strip_zeros(e.value) })
}

/// From a PKCS#1 `RSAPublicKey`.
pub fn from_rsa_public(der: &[u8]) -> Result<PublicKeyData, String> {
    let k = seq(der)?;
    match k.as_slice() {
        [n, e] if n.tag == 0x02 && e.tag == 0x02 => Ok(PublicKeyData::Rsa { n: strip_zeros(n.value), e: strip_zeros(e.value) }),
        _ => Err("not an RSA public key (expected modulus and exponent)".into()),
    }
}

/// From a SEC1 `ECPrivateKey`; `curve` from the enclosing PKCS#8 when the
/// key itself does not name it.
pub fn from_ec_private(der: &[u8], curve: Option<String>) -> Result<PublicKeyData, String> {
    let k = seq(der)?;
    let scalar = k.get(1).filter(|t| t.tag == 0x04).ok_or("EC private key has no private value")?;
    let mut curve = curve;
    let mut point = None;
    for t in k.iter().skip(2) {
        let inner = children(t).ok().and_then(|c| c.first().copied());
        match (t.tag, inner) {
            (0xa0, Some(o)) if o.tag == 0x06 => curve = oid_to_string(o.value).or(curve),
            (0xa1, Some(b)) if b.tag == 0x03 => point = b.value.get(1..).map(<[u8]>::to_vec),
            _ => {}
        }
    }
    let curve = curve.ok_or("EC private key does not name its curve")?;
    let point = match point {
        Some(p) => normalise_point(&curve, &p),
        None => ec_public_from_scalar(&curve, scalar.value)?,
    };
    Ok(PublicKeyData::Ec { curve, point })
}

/// From a PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey`.
pub fn from_pkcs8(der: &[u8]) -> Result<PublicKeyData, String> {
    let k = seq(der)?;
    let alg = k.get(1).filter(|t| t.tag == 0x30).ok_or("PKCS#8 key has no algorithm")?;
    let key = k.get(2).filter(|t| t.tag == 0x04).ok_or("PKCS#8 key has no key data")?;
    let (oid, params) = alg_id(alg)?;
    // OneAsymmetricKey (v2) may carry the public key as [1].
    let public = k.iter().find(|t| t.tag == 0x81).map(|t| t.value.get(1..).unwrap_or_default().to_vec());
    match oid.as_str() {
        RSA_OID | RSA_PSS_OID => from_rsa_private(key.value),
        EC_OID => from_ec_private(key.value, params.filter(|p| p.tag == 0x06).and_then(|p| oid_to_string(p.value))),
        ED25519_OID => {
            if let Some(p) = public {
                return Ok(PublicKeyData::Ed25519(p));
            }
            let (inner, _) = read_tlv(key.value, 0).map_err(|e| e.to_string())?;
            let mut seed: [u8; 32] = inner.value.try_into().map_err(|_| "an Ed25519 private key is 32 bytes".to_string())?;
            let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes().to_vec();
            zeroize::Zeroize::zeroize(&mut seed);
            Ok(PublicKeyData::Ed25519(public))
        }
        ED448_OID => public
            .map(PublicKeyData::Ed448)
            .ok_or_else(|| "Ed448 private keys without their public key cannot be matched".into()),
        other => Err(format!("private key algorithm {other} is not supported")),
    }
}

/// Private or public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyKind {
    /// A private key (its public half is what is shown).
    Private,
    /// A public key.
    Public,
}

/// How a key was matched to a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyMatch {
    /// Index into `certificates`.
    pub certificate: usize,
    /// `public-key` (same public key) and/or `local-key-id` (same PKCS#12 localKeyId).
    pub by: Vec<String>,
}

/// A key found in a dropped file. Holds public facts only: never the private
/// key, never the password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyReport {
    /// The file it came from.
    pub file: String,
    /// Its position among the keys of that file (0-based).
    pub index_in_file: usize,
    /// Private or public.
    pub kind: KeyKind,
    /// Container format, e.g. `PKCS#8`, `PKCS#1 RSA PRIVATE KEY`, `PKCS#12 shrouded key bag`.
    pub format: String,
    /// "RSA 2048 bits", "EC P-256", "Ed25519"; `None` while encrypted.
    pub summary: Option<String>,
    /// True when the key is stored encrypted.
    pub encrypted: bool,
    /// The encryption scheme, when encrypted.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encryption: Option<PbeInfo>,
    /// True when an encrypted key was opened with the given password.
    pub decrypted: bool,
    /// SHA-256 of the key's SubjectPublicKeyInfo, lowercase hex (the match value).
    pub public_key_sha256: Option<String>,
    /// PKCS#12 friendly name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub friendly_name: Option<String>,
    /// PKCS#12 local key ID, lowercase hex.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub local_key_id: Option<String>,
    /// Certificates this key belongs to.
    pub certificates: Vec<KeyMatch>,
    /// One line, plain words.
    pub status: String,
}

impl KeyReport {
    /// Still locked: stored encrypted and not opened (no password, or a wrong one).
    pub fn locked(&self) -> bool {
        self.encrypted && !self.decrypted
    }

    /// A key report with the public half known (or not).
    pub fn new(kind: KeyKind, format: impl Into<String>, public: Option<&PublicKeyData>) -> Self {
        KeyReport {
            file: String::new(),
            index_in_file: 0,
            kind,
            format: format.into(),
            summary: public.map(PublicKeyData::summary),
            encrypted: false,
            encryption: None,
            decrypted: false,
            public_key_sha256: public.map(PublicKeyData::spki_sha256),
            friendly_name: None,
            local_key_id: None,
            certificates: Vec::new(),
            status: String::new(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn der_helpers() {
        assert_eq!(der_oid("1.2.840.113549.1.1.1"), vec![0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]);
        assert_eq!(der_uint(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(der_uint(&[0, 0, 1]), vec![0x02, 0x01, 0x01]);
        let long = tlv(0x04, &[0u8; 300]);
        assert_eq!(long.get(..4), Some(&[0x04, 0x82, 0x01, 0x2c][..]));
    }

    #[test]
    fn rsa_summary_and_spki_roundtrip() {
        let k = PublicKeyData::Rsa { n: vec![0xc0; 256], e: vec![1, 0, 1] };
        assert_eq!(k.summary(), "RSA 2048 bits");
        let spki = k.spki_der();
        let (t, _) = read_tlv(&spki, 0).unwrap();
        assert_eq!(from_spki(&t).unwrap(), k);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(from_pkcs8(&[0x30, 0x03, 0x02, 0x01, 0x00]).is_err());
        assert!(from_rsa_private(&[0x30, 0x00]).is_err());
        assert!(from_ec_private(&[0x30, 0x03, 0x02, 0x01, 0x01], None).is_err());
        assert!(certificate_key(&[0xff]).is_none());
    }
}

//! Public key and signature algorithm, with the weak ones flagged.

use serde::{Deserialize, Serialize};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::{PublicKey, RSAPublicKey};

use super::findings::{Finding, Severity};
use crate::diag::Code;
use super::oids;
use crate::der;

/// The public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyView {
    /// `RSA`, `RSA-PSS`, `EC`, `Ed25519`, `Ed448`, `DSA` or the OID.
    pub algorithm: String,
    /// Size in bits where meaningful.
    pub bits: Option<u32>,
    /// Named curve for EC keys.
    pub curve: Option<String>,
    /// RSA public exponent.
    pub rsa_exponent: Option<u64>,
    /// "RSA 2048 bits", "EC P-256".
    pub summary: String,
}

impl PublicKeyView {
    /// An RSA key (`rsaEncryption` or an RSASSA-PSS key): the family that key-size rules
    /// (2048 bits) are about.
    pub fn is_rsa(&self) -> bool {
        matches!(self.algorithm.as_str(), "RSA" | "RSA-PSS")
    }
}

/// A hash that is broken or rejected today in certificate signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WeakHash {
    /// MD2.
    Md2,
    /// MD4.
    Md4,
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
}

impl WeakHash {
    /// From a hash name as the algorithm tables give it (`SHA-1`); `None` for a strong or
    /// unknown hash.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "MD2" => Some(Self::Md2),
            "MD4" => Some(Self::Md4),
            "MD5" => Some(Self::Md5),
            "SHA-1" => Some(Self::Sha1),
            _ => None,
        }
    }
}

/// RSASSA-PSS parameters (RFC 4055), defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PssView {
    /// Hash algorithm name (`SHA-256`), the OID when unknown.
    pub hash: String,
    /// Mask generation function with its hash (`MGF1 with SHA-256`).
    pub mask_generation: String,
    /// Salt length in bytes.
    pub salt_length: u64,
    /// Trailer field (always 1 in practice).
    pub trailer_field: u64,
}

/// An algorithm identifier with its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlgorithmView {
    /// Dotted OID.
    pub oid: String,
    /// Readable name (the OID when unknown).
    pub name: String,
    /// The hash it uses (`SHA-256`), when known.
    #[serde(default)]
    pub hash: Option<String>,
    /// RSASSA-PSS parameters, decoded.
    #[serde(default)]
    pub pss: Option<Box<PssView>>,
    /// True for algorithms that are broken or rejected today (MD2, MD4, MD5, SHA-1).
    #[serde(default)]
    pub weak: bool,
}

const OID_PSS: &str = "1.2.840.113549.1.1.10";

/// Describe the certificate's public key.
pub fn public_key(cert: &X509Certificate<'_>) -> PublicKeyView {
    let spki = cert.public_key();
    let alg_oid = crate::der::oid_text(&spki.algorithm.algorithm);
    let mut view = PublicKeyView { algorithm: alg_oid.clone(), bits: None, curve: None, rsa_exponent: None, summary: String::new() };
    match alg_oid.as_str() {
        "1.3.101.112" => {
            view.algorithm = "Ed25519".into();
            view.bits = Some(256);
        }
        "1.3.101.113" => {
            view.algorithm = "Ed448".into();
            view.bits = Some(456);
        }
        "1.3.101.110" => {
            view.algorithm = "X25519".into();
            view.bits = Some(256);
        }
        "1.3.101.111" => {
            view.algorithm = "X448".into();
            view.bits = Some(448);
        }
        OID_PSS => {
            view.algorithm = "RSA-PSS".into();
            if let Ok((_, rsa)) = RSAPublicKey::from_der(&spki.subject_public_key.data) {
                view.bits = u32::try_from(modulus_bits(rsa.modulus)).ok();
                view.rsa_exponent = rsa.try_exponent().ok();
            }
        }
        _ => match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => {
                view.algorithm = "RSA".into();
                view.bits = u32::try_from(modulus_bits(rsa.modulus)).ok();
                view.rsa_exponent = rsa.try_exponent().ok();
            }
            Ok(PublicKey::EC(point)) => {
                view.algorithm = "EC".into();
                let curve_oid = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()).map(|o| crate::der::oid_text(&o));
                view.curve = Some(match &curve_oid {
                    Some(oid) => oids::curve_name(oid).map_or_else(|| oid.clone(), str::to_string),
                    None => "explicit parameters".into(),
                });
                view.bits = curve_oid
                    .as_deref()
                    .and_then(curve_bits)
                    .or_else(|| u32::try_from(point.key_size()).ok());
            }
            Ok(PublicKey::DSA(y)) => {
                view.algorithm = "DSA".into();
                // The key size is the size of the prime p in the parameters, not of y.
                view.bits = dsa_p_bits(spki.raw).or_else(|| integer_bits(y));
            }
            Ok(PublicKey::GostR3410(_) | PublicKey::GostR3410_2012(_)) => view.algorithm = "GOST R 34.10".into(),
            _ => {}
        },
    }
    view.summary = match (&view.curve, view.bits) {
        (Some(c), _) => format!("{} {}", view.algorithm, c),
        (None, Some(b)) if matches!(view.algorithm.as_str(), "RSA" | "RSA-PSS" | "DSA") => {
            format!("{} {} bits", view.algorithm, b)
        }
        _ => view.algorithm.clone(),
    };
    view
}

/// Bit length of a big-endian unsigned integer (leading zeros ignored).
pub fn integer_bits(v: &[u8]) -> Option<u32> {
    let start = v.iter().position(|b| *b != 0)?;
    let first = v.get(start)?;
    let rest = u32::try_from(v.len() - start - 1).ok()?;
    Some(rest * 8 + (8 - first.leading_zeros()))
}

/// DSA: SubjectPublicKeyInfo { AlgorithmIdentifier { OID, Dss-Parms { p, q, g } }, key }.
fn dsa_p_bits(spki_raw: &[u8]) -> Option<u32> {
    let (spki, _) = der::read_tlv(spki_raw, 0).ok()?;
    let parts = der::children(&spki).ok()?;
    let alg = der::children(parts.first()?).ok()?;
    let params = der::children(alg.get(1)?).ok()?;
    integer_bits(params.first().filter(|p| p.tag == 0x02)?.value)
}

fn curve_bits(oid: &str) -> Option<u32> {
    Some(match oid {
        "1.2.840.10045.3.1.7" | "1.3.132.0.10" => 256,
        "1.3.132.0.34" => 384,
        "1.3.132.0.35" => 521,
        "1.2.840.10045.3.1.1" => 192,
        "1.3.132.0.33" => 224,
        _ => return None,
    })
}

/// The outer signature algorithm of a DER certificate, parameters decoded.
pub fn signature_algorithm(der_bytes: &[u8]) -> Option<AlgorithmView> {
    let (cert, _) = der::read_tlv(der_bytes, 0).ok()?;
    let parts = der::children(&cert).ok()?;
    let alg = der::children(parts.get(1)?).ok()?;
    let oid = der::oid_to_string(alg.first().filter(|t| t.tag == 0x06)?.value)?;
    let mut view = algorithm(&oid);
    if oid == OID_PSS {
        let pss = alg.get(1).filter(|p| p.tag == 0x30).and_then(|p| pss_params(p).ok());
        view.hash = pss.as_ref().map(|p| p.hash.clone());
        if let Some(p) = &pss {
            view.name = format!("RSASSA-PSS ({}, {}, salt {} bytes)", p.hash, p.mask_generation, p.salt_length);
        }
        view.weak = view.weak_hash().is_some();
        view.pss = pss.map(Box::new);
    }
    Some(view)
}

/// An algorithm view from an OID (no parameters).
pub fn algorithm(oid: &str) -> AlgorithmView {
    let hash = oids::signature_hash(oid).map(str::to_string);
    AlgorithmView {
        oid: oid.to_string(),
        name: oids::signature_algorithm_name(oid).map_or_else(|| oid.to_string(), str::to_string),
        weak: hash.as_deref().and_then(WeakHash::from_name).is_some(),
        hash,
        pss: None,
    }
}

impl AlgorithmView {
    /// The weak hash this signature algorithm uses (RSASSA-PSS: the hash in its parameters).
    pub fn weak_hash(&self) -> Option<WeakHash> {
        self.hash.as_deref().and_then(WeakHash::from_name)
    }
}

fn hash_of(alg_id: &der::Tlv<'_>) -> Result<String, der::DerError> {
    let parts = der::children(alg_id)?;
    let oid = parts
        .first()
        .filter(|t| t.tag == 0x06)
        .and_then(|t| der::oid_to_string(t.value))
        .ok_or(der::DerError { offset: alg_id.offset, what: "algorithm identifier without an OID".into(), kind: der::DerErrorKind::Invalid })?;
    Ok(oids::hash_name(&oid).map_or(oid, str::to_string))
}

/// Decode RSASSA-PSS-params (RFC 4055 section 3.1).
pub fn pss_params(params: &der::Tlv<'_>) -> Result<PssView, der::DerError> {
    let mut view = PssView { hash: "SHA-1".into(), mask_generation: "MGF1 with SHA-1".into(), salt_length: 20, trailer_field: 1 };
    for field in der::children(params)? {
        let (inner, _) = der::read_tlv(field.value, field.offset)?;
        match field.tag {
            0xa0 => view.hash = hash_of(&inner)?,
            0xa1 => {
                let parts = der::children(&inner)?;
                let mgf = parts.first().and_then(|t| der::oid_to_string(t.value)).unwrap_or_default();
                let mgf_name = if mgf == "1.2.840.113549.1.1.8" { "MGF1".to_string() } else { mgf };
                view.mask_generation = match parts.get(1) {
                    Some(h) => format!("{mgf_name} with {}", hash_of(h)?),
                    None => mgf_name,
                };
            }
            0xa2 => view.salt_length = small_uint(&inner).unwrap_or(0),
            0xa3 => view.trailer_field = small_uint(&inner).unwrap_or(0),
            _ => {}
        }
    }
    Ok(view)
}

/// An INTEGER's value when it fits in u64 and is not negative.
pub fn small_uint(t: &der::Tlv<'_>) -> Option<u64> {
    if t.tag != 0x02 || t.value.is_empty() || t.value.len() > 9 || t.value.first().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    t.value.iter().try_fold(0u64, |acc, b| acc.checked_mul(256)?.checked_add(u64::from(*b)))
}

/// Findings about weak keys and signatures. `self_issued` roots get a softer word:
/// nobody checks the signature of a trust anchor.
pub fn key_and_signature_findings(key: &PublicKeyView, sig: &AlgorithmView, self_issued: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (true, Some(hash)) = (sig.weak, sig.hash.as_deref()) {
        let code = match hash {
            "MD2" => Code::WeakSignatureMd2,
            "MD4" => Code::WeakSignatureMd4,
            "MD5" => Code::WeakSignatureMd5,
            _ => Code::WeakSignatureSha1,
        };
        if self_issued {
            out.push(Finding::new(
                code,
                Severity::Info,
                format!("signed with {} ({hash}); this is a self-issued root, whose own signature is not checked, so it does not matter", sig.name),
            ));
        } else {
            let severity = if hash == "SHA-1" { Severity::Warning } else { Severity::Error };
            out.push(Finding::new(
                code,
                severity,
                format!("signed with {} ({hash}), which is broken: browsers and Windows reject such signatures for TLS; reissue it with SHA-256", sig.name),
            ));
        }
    }
    if matches!(key.algorithm.as_str(), "RSA" | "RSA-PSS") {
        if let Some(bits) = key.bits.filter(|b| *b < 2048) {
            out.push(Finding::new(
                Code::RsaKeyTooSmall,
                Severity::Warning,
                format!("RSA key of {bits} bits: browsers and current Windows policy expect at least 2048 bits; issue a new key"),
            ));
        }
    }
    out
}

/// The size of an RSA modulus in bits, exactly (a 2047-bit modulus is 2047, not 2040 or 2048).
fn modulus_bits(modulus: &[u8]) -> usize {
    let start = modulus.iter().position(|b| *b != 0).unwrap_or(modulus.len());
    modulus.get(start).map_or(0, |first| (modulus.len() - start - 1) * 8 + (8 - first.leading_zeros() as usize))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_weak_hash_of_a_pss_signature_is_its_parameters_hash() {
        // SEQUENCE { tbs SEQUENCE {}, SEQUENCE { id-RSASSA-PSS, SEQUENCE {} }, BIT STRING }:
        // PSS with all defaults signs over SHA-1.
        let cert = [
            0x30, 0x14, 0x30, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x00, 0x03,
            0x01, 0x00,
        ];
        let v = signature_algorithm(&cert).unwrap();
        assert_eq!(v.weak_hash(), Some(WeakHash::Sha1), "{v:?}");
        assert!(v.weak && !v.name.to_ascii_lowercase().contains("sha1"), "{v:?}");
        assert_eq!(algorithm("1.2.840.113549.1.1.4").weak_hash(), Some(WeakHash::Md5));
        assert_eq!(algorithm("1.2.840.113549.1.1.11").weak_hash(), None);
        let key = |a: &str| PublicKeyView { algorithm: a.into(), bits: None, curve: None, rsa_exponent: None, summary: String::new() };
        assert!(key("RSA").is_rsa() && key("RSA-PSS").is_rsa() && !key("EC").is_rsa() && !key("1.2.3.4").is_rsa());
    }

    #[test]
    fn pss_defaults_and_values() {
        // SEQUENCE {} : all defaults (SHA-1).
        let (t, _) = der::read_tlv(&[0x30, 0x00], 0).unwrap();
        let p = pss_params(&t).unwrap();
        assert_eq!((p.hash.as_str(), p.salt_length), ("SHA-1", 20));
        // SHA-256, MGF1-SHA-256, salt 32.
        let bytes = [
            0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
            0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d,
            0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
        ];
        let (t, _) = der::read_tlv(&bytes, 0).unwrap();
        let p = pss_params(&t).unwrap();
        assert_eq!(p.hash, "SHA-256");
        assert_eq!(p.mask_generation, "MGF1 with SHA-256");
        assert_eq!(p.salt_length, 32);
    }

    #[test]
    fn weak_algorithms_flagged() {
        assert!(algorithm("1.2.840.113549.1.1.5").weak);
        assert!(algorithm("1.2.840.113549.1.1.4").weak);
        assert!(algorithm("1.3.14.3.2.29").weak);
        assert!(!algorithm("1.2.840.113549.1.1.11").weak);
        let key = PublicKeyView { algorithm: "RSA".into(), bits: Some(1024), curve: None, rsa_exponent: Some(65537), summary: String::new() };
        let codes: Vec<Code> = key_and_signature_findings(&key, &algorithm("1.2.840.113549.1.1.4"), false).into_iter().map(|f| f.code).collect();
        assert_eq!(codes, [Code::WeakSignatureMd5, Code::RsaKeyTooSmall]);
        let root = key_and_signature_findings(&key, &algorithm("1.2.840.113549.1.1.5"), true);
        assert_eq!(root[0].severity, Severity::Info);
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(integer_bits(&[0x00, 0x80, 0x00]), Some(16));
        assert_eq!(integer_bits(&[0x01, 0x00]), Some(9));
        assert_eq!(integer_bits(&[0x00]), None);
    }

    #[test]
    fn integers() {
        let (t, _) = der::read_tlv(&[0x02, 0x02, 0x01, 0x00], 0).unwrap();
        assert_eq!(small_uint(&t), Some(256));
        let (t, _) = der::read_tlv(&[0x02, 0x01, 0xff], 0).unwrap();
        assert_eq!(small_uint(&t), None);
    }
}
